//! The KPI engine over small workspaces imported from CSV files the tests write:
//! the catalog's worked example, a hand-computed case for every KPI id and
//! variant, goals across periods, fiscal years, pacing and statuses.

use std::path::PathBuf;

use salescope_core::{
    import_file, ImportOptions, KpiResult, KpiSettings, NoProgress, Period, Query, Scorecard,
    Status, Store, Workspace,
};

struct Ws {
    dir: tempfile::TempDir,
    store: Store,
}

fn ws(files: &[(&str, &str)]) -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db")).unwrap();
    let mut w = Ws { dir, store };
    for (name, text) in files {
        w.import(name, text);
    }
    w
}

impl Ws {
    fn import(&mut self, name: &str, text: &str) -> salescope_core::ImportReport {
        let p: PathBuf = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        import_file(&mut self.store, &p, &ImportOptions::default(), &NoProgress)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn query(&self, q: Query) -> Scorecard {
        let w = Workspace::load(&self.store).unwrap();
        salescope_core::scorecard(&w.context(), &q).unwrap()
    }

    fn card(&self, period: &str) -> Scorecard {
        self.query(Query {
            period: Some(period.into()),
            today: Some(day("2026-01-15")),
            ..Query::default()
        })
    }

    fn filtered(&self, period: &str, filter: &[&str]) -> Scorecard {
        self.query(Query {
            period: Some(period.into()),
            filter: salescope_core::parse_filter(filter).unwrap(),
            today: Some(day("2026-01-15")),
            ..Query::default()
        })
    }

    fn goal(&self, kpi: &str, period: &str, filter: &[&str], target: f64) {
        let fiscal = KpiSettings::load(self.store.conn())
            .unwrap()
            .fiscal_start_month;
        salescope_core::set_goal(
            self.store.conn(),
            kpi,
            &Period::parse(period, fiscal).unwrap(),
            &salescope_core::parse_filter(filter).unwrap(),
            target,
        )
        .unwrap();
    }

    fn set(&self, key: &str, value: &str) {
        KpiSettings::set(self.store.conn(), key, value).unwrap();
    }
}

fn day(s: &str) -> chrono::NaiveDate {
    salescope_core::parse_date(s).unwrap()
}

fn k<'a>(c: &'a Scorecard, id: &str) -> &'a KpiResult {
    c.kpis.iter().find(|k| k.id == id).unwrap()
}

#[track_caller]
fn near(got: Option<f64>, want: f64) {
    let g = got.unwrap_or_else(|| panic!("no value, wanted {want}"));
    assert!((g - want).abs() < 1e-9, "got {g}, wanted {want}");
}

#[track_caller]
fn value(c: &Scorecard, id: &str, want: f64) {
    let r = k(c, id);
    let g = r
        .value
        .unwrap_or_else(|| panic!("{id}: no value ({:?}), wanted {want}", r.reason));
    assert!((g - want).abs() < 1e-9, "{id}: got {g}, wanted {want}");
}

#[track_caller]
fn null(c: &Scorecard, id: &str, reason: &str) {
    let r = k(c, id);
    assert_eq!(r.value, None, "{id} should have no value");
    assert_eq!(r.reason.as_deref(), Some(reason), "{id}");
}

/// The deals of the catalog's worked example (section 6).
const EXAMPLE: &str = "Deal,Created Date,Close Date,Stage,Amount,Customer,Rep,Region\n\
A,2024-01-05,2024-01-25,Closed Won,1000,Xeno,Ann,East\n\
B,2024-01-10,2024-02-09,Won,3000,Yolo,Bob,West\n\
C,2024-01-12,2024-02-01,Closed Lost,500,Zeta,Ann,East\n\
D,2024-02-03,,Negotiation,2000,Xeno,Cy,West\n";

#[test]
fn the_catalogs_worked_example() {
    let w = ws(&[("deals.csv", EXAMPLE)]);
    let q1 = w.card("2024-Q1");
    assert_eq!(q1.revenue_source, "deals");
    assert_eq!(
        (q1.period.start.as_str(), q1.period.end.as_str()),
        ("2024-01-01", "2024-03-31")
    );
    value(&q1, "total_revenue", 4000.0);
    value(&q1, "deals_won", 2.0);
    value(&q1, "average_deal_size", 2000.0);
    value(&q1, "win_rate", 2.0 / 3.0);
    value(&q1, "sales_cycle_days", 25.0);
    value(&q1, "open_pipeline_value", 2000.0);
    value(&q1, "pipeline_velocity", 1.0 * (2.0 / 3.0) * 2000.0 / 25.0);
    assert_eq!(
        format!("{:.2}", k(&q1, "pipeline_velocity").value.unwrap()),
        "53.33"
    );

    w.goal("total_revenue", "2024-Q1", &[], 5000.0);
    let q1 = w.card("2024-Q1");
    let r = k(&q1, "total_revenue");
    assert_eq!(r.goal, Some(5000.0));
    near(r.attainment, 0.8);
    assert_eq!(r.status, Status::Red);

    let feb = w.card("2024-02");
    value(&feb, "total_revenue", 3000.0);
    value(&feb, "win_rate", 0.5);

    // A custom range (A and B close in it) compares with the same number of days before.
    let r = w.card("2024-01-20..2024-02-10");
    value(&r, "total_revenue", 4000.0);
    assert_eq!(r.period.kind, salescope_core::PeriodKind::Range);
    let prev = k(&r, "open_pipeline_value").previous;
    // 2023-12-29..2024-01-19: A, B and C were created and open at its end.
    assert_eq!(prev, Some(4500.0));
    // ISO week 5 (Jan 29 to Feb 4): only C closes, lost.
    let w5 = w.card("2024-W05");
    value(&w5, "win_rate", 0.0);
    assert_eq!(w5.period.start, "2024-01-29");
}

const DEALS: &str = "Deal,Created Date,Close Date,Stage,Amount,Customer,Rep,Region\n\
A,2024-01-05,2024-01-25,Closed Won,1000,Xeno,Ann,East\n\
B,2024-01-10,2024-02-09,Won,3000,Yolo,Bob,West\n\
C,2024-01-12,2024-02-01,Closed Lost,500,Zeta,Ann,East\n\
D,2024-02-03,,Negotiation,2000,Xeno,Cy,West\n\
E,2023-01-05,2023-02-14,Closed Won,800,Xeno,Bob,West\n";

const LEADS: &str =
    "Lead ID,Created Date,Source,Qualified,Converted,First Response At,Rep,Region\n\
L1,2024-01-02 09:00:00,Web,Yes,Yes,2024-01-02 11:00:00,Ann,East\n\
L2,2024-01-15 10:00:00,Web,No,No,2024-01-16 10:00:00,Bob,West\n\
L3,2024-02-01 08:00:00,Event,Yes,No,,Ann,East\n\
L4,2024-03-10 12:00:00,Event,Yes,Yes,2024-03-10 12:30:00,Cy,West\n\
L5,2024-04-02 09:00:00,Web,No,No,2024-04-02 10:00:00,Ann,East\n\
L6,2023-01-20 09:00:00,Web,Yes,Yes,2023-01-20 13:00:00,Bob,West\n";

const ACTIVITIES: &str = "Date,Type,Outcome,Rep,Region\n\
2024-01-03,Call,Connected,Ann,East\n\
2024-01-04,Call,No answer,Bob,West\n\
2024-01-05,Email,Sent,Ann,East\n\
2024-01-06,Email,Opened,Ann,East\n\
2024-01-07,Email,Clicked,Bob,West\n\
2024-01-08,Email,Bounced,Cy,West\n\
2024-02-01,Meeting,Held,Ann,East\n\
2024-02-02,Meeting,No-show,Bob,West\n\
2024-02-03,Meeting,Held,Cy,West\n\
2024-02-04,Meeting,Cancelled,Cy,West\n\
2024-04-01,Call,Connected,Ann,East\n";

const SPEND: &str = "Date,Amount,Channel,Region\n\
2024-01-01,1000,Paid Search,East\n\
2024-02-01,600,Events,West\n\
2024-04-01,500,Paid Search,East\n";

fn deals_workspace() -> Ws {
    ws(&[
        ("deals.csv", DEALS),
        ("leads.csv", LEADS),
        ("activities.csv", ACTIVITIES),
        ("spend.csv", SPEND),
    ])
}

#[test]
fn every_kpi_by_hand_with_deals_leads_activities_and_spend() {
    let w = deals_workspace();
    let c = w.card("2024-Q1");
    // Lead generation: L1-L4 are new in Q1; L1, L3, L4 qualified; spend 1,600.
    value(&c, "new_leads", 4.0);
    value(&c, "qualified_leads", 3.0);
    value(&c, "cost_per_lead", 400.0);
    // Sales activity: 2 calls, 4 emails, 4 meetings by 3 reps.
    value(&c, "calls_made", 2.0);
    value(&c, "emails_sent", 4.0);
    value(&c, "meetings_scheduled", 4.0);
    value(&c, "activities_per_rep", 10.0 / 3.0);
    value(&c, "email_open_rate", 2.0 / 4.0);
    value(&c, "email_click_rate", 1.0 / 4.0);
    value(&c, "meeting_attendance_rate", 2.0 / 3.0);
    // Responses of L1, L2, L4: 2 h, 24 h, 0.5 h; L3 has none.
    value(&c, "lead_response_time_hours", 2.0);
    // Conversion: L1 and L4 of 4.
    value(&c, "lead_conversion_rate", 0.5);
    value(&c, "win_rate", 2.0 / 3.0);
    value(&c, "sales_cycle_days", 25.0);
    value(&c, "open_pipeline_value", 2000.0);
    value(&c, "pipeline_velocity", 2.0 / 3.0 * 2000.0 / 25.0);
    // Revenue from won deals: Xeno first won in 2023 (E), so only Yolo is new.
    value(&c, "total_revenue", 4000.0);
    value(&c, "deals_won", 2.0);
    value(&c, "average_deal_size", 2000.0);
    value(&c, "new_customers", 1.0);
    value(&c, "customer_acquisition_cost", 1600.0);
    // Won to 2024-03-31: 800 + 1,000 + 3,000 over Xeno and Yolo.
    value(&c, "customer_lifetime_value", 2400.0);
    // What this workspace cannot give, and why.
    null(
        &c,
        "gross_margin",
        "needs an orders sheet with a profit or cost column",
    );
    null(&c, "mrr", "needs a subscriptions sheet");
    null(&c, "arr", "needs a subscriptions sheet");
    null(
        &c,
        "churn_rate",
        "needs a subscriptions sheet with end dates",
    );
    assert!(k(&c, "total_revenue")
        .definition
        .ends_with("; revenue from won deals"));

    // previous (2023-Q4: nothing) and year ago (2023-Q1: E won, L6).
    let r = k(&c, "total_revenue");
    assert_eq!((r.previous, r.year_ago), (None, Some(800.0)));
    let r = k(&c, "new_leads");
    assert_eq!((r.previous, r.year_ago), (None, Some(1.0)));
    assert_eq!(k(&c, "sales_cycle_days").year_ago, Some(40.0));
    assert_eq!(k(&c, "lead_response_time_hours").year_ago, Some(4.0));

    // A quarter with no record of a kind gives no value, and says so.
    let q3 = w.card("2024-Q3");
    null(&q3, "new_leads", "no leads in this period");
    null(&q3, "calls_made", "no activities in this period");
    null(&q3, "cost_per_lead", "no spend in this period");
    // Deal D is still open at the end of Q3: deals are there, none closed.
    value(&q3, "open_pipeline_value", 2000.0);
    null(&q3, "win_rate", "no deals closed in this period");
}

#[test]
fn every_variant() {
    let w = deals_workspace();
    let set = |kpi: &str, v: &str| w.set(&format!("variant.{kpi}"), v);
    set("email_open_rate", "per_delivered");
    set("email_click_rate", "per_opened");
    set("lead_response_time_hours", "mean");
    set("win_rate", "all_opportunities");
    set("sales_cycle_days", "all_closed");
    let c = w.card("2024-Q1");
    // 2 opened of 3 delivered (one bounced); 1 clicked of 2 opened.
    value(&c, "email_open_rate", 2.0 / 3.0);
    value(&c, "email_click_rate", 0.5);
    value(&c, "lead_response_time_hours", 26.5 / 3.0);
    // A and B won of the 4 deals created in Q1.
    value(&c, "win_rate", 0.5);
    // A 20, B 30, C 20 days.
    value(&c, "sales_cycle_days", 70.0 / 3.0);
    let r = k(&c, "win_rate");
    assert_eq!(r.variant, "all_opportunities");
    assert_eq!(
        r.definition,
        "win_rate = deals won / all deals, created in the period [all_opportunities]"
    );
    // Pipeline velocity follows the chosen win rate and cycle: 1 open × 0.5 × 2,000 / (70 / 3).
    value(&c, "pipeline_velocity", 0.5 * 2000.0 / (70.0 / 3.0));
    let err = KpiSettings::set(w.store.conn(), "variant.win_rate", "best").unwrap_err();
    assert_eq!(
        err.message,
        "win_rate has the variants closed_in_period, all_opportunities, not \"best\""
    );
}

const ORDERS: &str = "Order ID,Order Date,Customer,Product,Region,Sales,Profit\n\
O1,2024-01-10,Acme,Widget,East,100,20\n\
O1,2024-01-10,Acme,Gadget,East,50,10\n\
O2,2024-02-05,Beta,Widget,West,200,50\n\
O3,2024-03-20,Acme,Widget,East,300,-30\n\
O4,2023-12-15,Beta,Gadget,West,80,8\n";

const SUBSCRIPTIONS: &str = "Customer,Start Date,End Date,MRR,Plan\n\
Acme,2023-10-01,,100,Pro\n\
Beta,2023-11-01,2024-02-15,200,Team\n\
Gamma,2024-02-01,,300,Pro\n\
Delta,2023-12-01,2024-01-31,50,Team\n\
Delta,2024-03-01,,60,Team\n";

#[test]
fn every_kpi_by_hand_with_orders_and_subscriptions() {
    let mut w = ws(&[
        ("orders.csv", ORDERS),
        ("subs.csv", SUBSCRIPTIONS),
        ("spend.csv", SPEND),
        ("deals.csv", EXAMPLE),
    ]);
    let c = w.card("2024-Q1");
    // Orders win over deals for revenue.
    assert_eq!(c.revenue_source, "orders");
    value(&c, "total_revenue", 650.0);
    value(&c, "deals_won", 3.0);
    value(&c, "average_deal_size", 650.0 / 3.0);
    value(&c, "gross_margin", 50.0 / 650.0);
    // A customer's first purchase is an order or a won deal: Acme's first order
    // and Xeno's and Yolo's first won deals are in Q1; Beta's first order was in
    // December.
    value(&c, "new_customers", 3.0);
    value(&c, "customer_acquisition_cost", 1600.0 / 3.0);
    value(&c, "customer_lifetime_value", 730.0 / 2.0);
    // Active on 2024-03-31: Acme 100, Gamma 300, Delta 60.
    value(&c, "mrr", 460.0);
    value(&c, "arr", 5520.0);
    // Active on 2024-01-01: Acme, Beta, Delta; Beta's last subscription ended in Q1,
    // Delta came back, so 1 of 3.
    value(&c, "churn_rate", 1.0 / 3.0);
    assert_eq!(k(&c, "mrr").previous, Some(350.0));

    w.set("variant.customer_lifetime_value", "subscription");
    let c = w.card("2024-Q1");
    let months = 91.0 / (365.25 / 12.0);
    value(
        &c,
        "customer_lifetime_value",
        (460.0 / 3.0) / ((1.0 / 3.0) / months),
    );

    // Profit = revenue − cost when only cost is given.
    w.import(
        "costs.csv",
        "Order ID,Order Date,Customer,Sales,Cost\nP1,2024-05-02,Acme,400,300\nP2,2024-05-03,Beta,100,\n",
    );
    let c = w.card("2024-05");
    value(&c, "gross_margin", 100.0 / 400.0);
    value(&c, "total_revenue", 500.0);
}

#[test]
fn filters_breakdowns_and_lookup_dimensions() {
    let mut w = deals_workspace();
    let east = w.filtered("2024-Q1", &["region=East"]);
    value(&east, "total_revenue", 1000.0);
    value(&east, "win_rate", 0.5);
    value(&east, "new_leads", 2.0);
    value(&east, "calls_made", 1.0);
    value(&east, "cost_per_lead", 500.0);
    assert_eq!(east.filter.len(), 1);
    // Two values of one dimension are alternatives.
    let both = w.filtered("2024-Q1", &["region=East", "region=West"]);
    value(&both, "total_revenue", 4000.0);
    // A dimension the spend records do not carry.
    let ann = w.filtered("2024-Q1", &["rep=Ann"]);
    value(&ann, "new_leads", 2.0);
    null(&ann, "cost_per_lead", "the spend records have no rep");

    // A lookup sheet gives every rep a team.
    w.import(
        "reps.csv",
        "Rep,Team,Manager\nAnn,Hunters,Mia\nBob,Farmers,Mia\nCy,Farmers,Noe\n",
    );
    let farmers = w.filtered("2024-Q1", &["team=Farmers"]);
    value(&farmers, "total_revenue", 3000.0);
    value(&farmers, "open_pipeline_value", 2000.0);
    value(&farmers, "calls_made", 1.0);
    let mia = w.filtered("2024-Q1", &["manager=Mia"]);
    value(&mia, "new_leads", 3.0);

    let by = w.query(Query {
        period: Some("2024-Q1".into()),
        by: Some("team".into()),
        today: Some(day("2026-01-15")),
        ..Query::default()
    });
    let segs = by.breakdown.as_ref().unwrap();
    let names: Vec<&str> = segs.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(names, ["Farmers", "Hunters"]);
    let rev: Vec<Option<f64>> = segs
        .iter()
        .map(|s| {
            s.kpis
                .iter()
                .find(|k| k.id == "total_revenue")
                .unwrap()
                .value
        })
        .collect();
    assert_eq!(rev, [Some(3000.0), Some(1000.0)]);
    // Spend has no team, so no segment has a cost per lead.
    let cpl = segs[0]
        .kpis
        .iter()
        .find(|k| k.id == "cost_per_lead")
        .unwrap();
    assert_eq!(
        cpl.reason.as_deref(),
        Some("the spend records have no team")
    );
    let err = salescope_core::scorecard(
        &Workspace::load(&w.store).unwrap().context(),
        &Query {
            period: Some("2024-Q1".into()),
            by: Some("planet".into()),
            ..Query::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        "no record carries the dimension \"planet\"; the dimensions are customer, manager, region, rep, source, team"
    );
}

#[test]
fn goals_split_carry_and_sum_across_periods() {
    let w = deals_workspace();
    // 2024 has 366 days: March gets 3,660 × 31 / 366 = 310.
    w.goal("new_leads", "2024", &[], 3660.0);
    w.goal("win_rate", "2024", &[], 0.6);
    w.goal("total_revenue", "2024-01", &[], 1000.0);
    w.goal("total_revenue", "2024-02", &[], 2000.0);
    w.goal("total_revenue", "2024-03", &[], 1500.0);
    w.goal("deals_won", "2024-01", &[], 1.0);
    let mar = w.card("2024-03");
    near(k(&mar, "new_leads").goal, 310.0);
    near(k(&mar, "win_rate").goal, 0.6);
    let q1 = w.card("2024-Q1");
    near(k(&q1, "new_leads").goal, 3660.0 * 91.0 / 366.0);
    // Non-additive KPIs carry the coarser target.
    near(k(&q1, "win_rate").goal, 0.6);
    // Monthly goals that tile the quarter sum up; a partial set does not.
    near(k(&q1, "total_revenue").goal, 4500.0);
    assert_eq!(k(&q1, "deals_won").goal, None);
    // The exact period wins over the split.
    w.goal("new_leads", "2024-Q1", &[], 5.0);
    near(k(&w.card("2024-Q1"), "new_leads").goal, 5.0);
    // A company goal does not apply to a region, and a region goal only to it.
    w.goal("total_revenue", "2024-Q1", &["region=East"], 800.0);
    let east = w.filtered("2024-Q1", &["region=East"]);
    near(k(&east, "total_revenue").goal, 800.0);
    assert_eq!(k(&east, "new_leads").goal, None);
    near(k(&east, "total_revenue").attainment, 1000.0 / 800.0);
    assert_eq!(k(&east, "total_revenue").status, Status::Green);
}

#[test]
fn attainment_and_status_in_both_directions_and_with_thresholds() {
    let w = deals_workspace();
    w.goal("sales_cycle_days", "2024-Q1", &[], 20.0); // 25 days against 20: 80%
    w.goal("cost_per_lead", "2024-Q1", &[], 380.0); // 400 against 380: 95%
    w.goal("new_leads", "2024-Q1", &[], 4.0); // on goal
    w.goal("calls_made", "2024-Q1", &[], 4.0); // 2 of 4: 50%
    w.goal("win_rate", "2024-Q1", &[], 0.5); // 66.7% against 50%: 133%
    let c = w.card("2024-Q1");
    let r = k(&c, "sales_cycle_days");
    near(r.attainment, 0.8);
    assert_eq!(r.status, Status::Red);
    let r = k(&c, "cost_per_lead");
    near(r.attainment, 380.0 / 400.0);
    assert_eq!(r.status, Status::Amber);
    assert_eq!(k(&c, "new_leads").status, Status::Green);
    assert_eq!(k(&c, "calls_made").status, Status::Red);
    near(k(&c, "win_rate").attainment, 4.0 / 3.0);
    assert_eq!(k(&c, "qualified_leads").status, Status::None);
    // Perspective scores: means of capped attainments; the overall score their mean.
    let p = |c: &Scorecard, id: &str| {
        c.perspectives
            .iter()
            .find(|p| p.id.id() == id)
            .unwrap()
            .score
    };
    near(p(&c, "lead_generation"), (1.0 + 0.95) / 2.0);
    near(p(&c, "sales_activity"), 0.5);
    near(p(&c, "conversion"), (0.8 + 4.0 / 3.0) / 2.0);
    assert_eq!(p(&c, "revenue"), None);
    let overall = (0.975 + 0.5 + (0.8 + 4.0 / 3.0) / 2.0) / 3.0;
    near(c.score, overall);
    // Weights and thresholds are settings.
    w.set("weight.sales_activity", "0");
    near(
        w.card("2024-Q1").score,
        (0.975 + (0.8 + 4.0 / 3.0) / 2.0) / 2.0,
    );
    w.set("thresholds", "90%,75%");
    assert_eq!(k(&w.card("2024-Q1"), "cost_per_lead").status, Status::Green);
    w.set("threshold.sales_cycle_days", "1.0,0.8");
    assert_eq!(
        k(&w.card("2024-Q1"), "sales_cycle_days").status,
        Status::Amber
    );
    // The cap: a 300% attainment counts as 150% in its perspective.
    w.goal("calls_made", "2024-Q1", &[], 2.0 / 3.0);
    near(p(&w.card("2024-Q1"), "sales_activity"), 1.5);
}

#[test]
fn period_to_date_pacing_and_projection() {
    let w = deals_workspace();
    w.goal("new_leads", "2024-Q1", &[], 91.0);
    w.goal("win_rate", "2024-Q1", &[], 0.5);
    let c = w.query(Query {
        period: Some("2024-Q1".into()),
        today: Some(day("2024-02-15")),
        ..Query::default()
    });
    // 46 of Q1's 91 days have passed: L1, L2, L3 so far.
    assert_eq!(c.period.to_date.as_deref(), Some("2024-02-15"));
    near(c.period.elapsed, 46.0 / 91.0);
    let r = k(&c, "new_leads");
    near(r.value, 3.0);
    near(r.expected, 46.0);
    near(r.attainment, 3.0 / 46.0);
    near(r.projection, 3.0 * 91.0 / 46.0);
    // Ratios are not paced: A won and C lost by Feb 15 (B closes Feb 9).
    let r = k(&c, "win_rate");
    near(r.value, 2.0 / 3.0);
    assert_eq!((r.expected, r.projection), (None, None));
    near(r.attainment, (2.0 / 3.0) / 0.5);
    // A period wholly in the past is never paced.
    let c = w.query(Query {
        period: Some("2024-Q1".into()),
        today: Some(day("2024-06-01")),
        ..Query::default()
    });
    assert_eq!(c.period.to_date, None);
    assert_eq!(k(&c, "new_leads").expected, None);
    near(k(&c, "new_leads").attainment, 4.0 / 91.0);
}

#[test]
fn fiscal_years_and_the_default_period() {
    let w = deals_workspace();
    // The data ends on 2024-04-02: Q2 is not complete, so Q1 is the default.
    let c = w.query(Query {
        today: Some(day("2026-01-15")),
        ..Query::default()
    });
    assert_eq!(c.period.label, "2024-Q1");
    w.set("fiscal_start_month", "4");
    let c = w.card("FY2024-Q4");
    assert_eq!(
        (c.period.start.as_str(), c.period.end.as_str()),
        ("2024-01-01", "2024-03-31")
    );
    value(&c, "total_revenue", 4000.0);
    assert_eq!(k(&c, "total_revenue").previous, None);
    // The default with an April fiscal year: FY2024-Q4 again.
    let c = w.query(Query {
        today: Some(day("2026-01-15")),
        ..Query::default()
    });
    assert_eq!(c.period.label, "FY2024-Q4");
    let y = w.card("FY2024");
    assert_eq!(
        (y.period.start.as_str(), y.period.end.as_str()),
        ("2023-04-01", "2024-03-31")
    );
    value(&y, "total_revenue", 4000.0);
}

#[test]
fn targets_sheets_set_goals_replace_them_and_leave_with_their_dataset() {
    let mut w = deals_workspace();
    let r = w.import(
        "targets.csv",
        "KPI,Period,Target,Region\ntotal_revenue,2024-Q1,5000,\nwin_rate,2024-Q1,0.6,East\n",
    );
    let targets_id = r.sheets[0].dataset_id;
    let list = salescope_core::list_goals(w.store.conn()).unwrap();
    let shown: Vec<(String, String, f64, usize)> = list
        .iter()
        .map(|g| (g.kpi.clone(), g.period.clone(), g.target, g.filter.len()))
        .collect();
    assert_eq!(
        shown,
        [
            ("win_rate".into(), "2024-Q1".into(), 0.6, 1),
            ("total_revenue".into(), "2024-Q1".into(), 5000.0, 0)
        ]
    );
    assert_eq!(list[0].source.as_deref(), Some("targets.csv"));
    near(k(&w.card("2024-Q1"), "total_revenue").attainment, 0.8);
    // A newer targets sheet replaces the goals it covers.
    w.import(
        "targets2.csv",
        "KPI,Period,Target\ntotal_revenue,2024-Q1,4000\n",
    );
    let c = w.card("2024-Q1");
    assert_eq!(k(&c, "total_revenue").goal, Some(4000.0));
    assert_eq!(k(&c, "total_revenue").status, Status::Green);
    // Removing the first sheet removes the goal only it still sets.
    w.store.remove_dataset(targets_id).unwrap();
    let left: Vec<String> = salescope_core::list_goals(w.store.conn())
        .unwrap()
        .iter()
        .map(|g| format!("{} {}", g.kpi, g.target))
        .collect();
    assert_eq!(left, ["total_revenue 4000"]);
}

#[test]
fn goals_are_validated() {
    let w = deals_workspace();
    let def = salescope_core::find_kpi("win_rate").unwrap();
    assert_eq!(salescope_core::parse_target(def, "30%").unwrap(), 0.3);
    assert_eq!(
        salescope_core::parse_target(def, "30").unwrap_err().message,
        "win_rate is a ratio: write its goal as a fraction (0.25) or a percent (25%), not 30"
    );
    let rev = salescope_core::find_kpi("total_revenue").unwrap();
    assert_eq!(
        salescope_core::parse_target(rev, "1,250,000").unwrap(),
        1_250_000.0
    );
    assert_eq!(
        salescope_core::parse_target(rev, "$ 1,250,000.50").unwrap(),
        1_250_000.5
    );
    let cpl = salescope_core::find_kpi("cost_per_lead").unwrap();
    assert_eq!(
        salescope_core::parse_target(cpl, "12%").unwrap_err().message,
        "cost_per_lead is counted in money, not in percent: write its goal as a number such as 150, not 12%"
    );
    assert_eq!(
        salescope_core::parse_target(rev, "lots")
            .unwrap_err()
            .message,
        "a goal is a number (5000, 0.25 or 25%), not \"lots\""
    );
    let p = Period::parse("2024-Q1", 1).unwrap();
    let e = salescope_core::set_goal(w.store.conn(), "revenue", &p, &Default::default(), 1.0)
        .unwrap_err();
    assert!(
        e.message.starts_with("\"revenue\" is not a KPI id"),
        "{}",
        e.message
    );
}

#[test]
fn forecast_needs_six_months_and_follows_a_trend() {
    // A lead a day more each month: month m (from 0) has 10 + 2m leads on its first days.
    let mut csv = String::from("Lead ID,Created Date,Source\n");
    let mut n = 0;
    for m in 0..12u32 {
        for d in 0..(10 + 2 * m) {
            n += 1;
            // December's first lead on the 31st, so the data covers the whole month.
            let day = if m == 11 && d == 0 { 31 } else { d % 28 + 1 };
            csv.push_str(&format!("L{n},2023-{:02}-{day:02},Web\n", m + 1));
        }
    }
    let w = ws(&[("leads.csv", &csv)]);
    let wsp = Workspace::load(&w.store).unwrap();
    let f = salescope_core::forecast(&wsp.context(), "new_leads", &Default::default(), 3).unwrap();
    assert_eq!(f.method.as_deref(), Some("holt"));
    assert_eq!(f.history.len(), 12);
    assert_eq!(f.history[11].value, Some(32.0));
    let got: Vec<(String, String)> = f
        .points
        .iter()
        .map(|p| (p.period.clone(), format!("{:.3}", p.value)))
        .collect();
    assert_eq!(
        got,
        [
            ("2024-01".to_string(), "34.000".to_string()),
            ("2024-02".into(), "36.000".into()),
            ("2024-03".into(), "38.000".into())
        ]
    );

    let short = ws(&[("deals.csv", EXAMPLE)]);
    let wsp = Workspace::load(&short.store).unwrap();
    let f =
        salescope_core::forecast(&wsp.context(), "total_revenue", &Default::default(), 3).unwrap();
    assert_eq!(f.method, None);
    assert_eq!(
        f.reason.as_deref(),
        Some("a forecast needs at least 6 complete months of total sales revenue; the data has 1")
    );
}

#[test]
fn a_falling_count_is_not_forecast_below_zero() {
    // 12, 10, 8, 6, 4, 2 leads in January to June: the line continues to 0, -2, -4.
    let mut csv = String::from("Lead ID,Created Date,Source\n");
    let mut n = 0;
    for m in 0..6u32 {
        for d in 0..(12 - 2 * m) {
            n += 1;
            // June's last lead on the 30th, so the data covers the whole month.
            let day = if m == 5 && d == 1 { 30 } else { d + 1 };
            csv.push_str(&format!("L{n},2024-{:02}-{day:02},Web\n", m + 1));
        }
    }
    let w = ws(&[("leads.csv", &csv)]);
    let wsp = Workspace::load(&w.store).unwrap();
    let f = salescope_core::forecast(&wsp.context(), "new_leads", &Default::default(), 3).unwrap();
    assert_eq!(f.history.len(), 6);
    assert_eq!(f.history[5].value, Some(2.0));
    let got: Vec<(String, String, String, String)> = f
        .points
        .iter()
        .map(|p| {
            (
                p.period.clone(),
                format!("{:.3}", p.value),
                format!("{:.3}", p.low),
                format!("{:.3}", p.high),
            )
        })
        .collect();
    let zero = || "0.000".to_string();
    assert_eq!(
        got,
        [
            ("2024-07".to_string(), zero(), zero(), zero()),
            ("2024-08".to_string(), zero(), zero(), zero()),
            ("2024-09".to_string(), zero(), zero(), zero())
        ]
    );
}

#[test]
fn a_goal_is_its_days_whatever_the_label_or_the_fiscal_year() {
    let w = deals_workspace();
    w.goal("total_revenue", "2024-Q1", &[], 5000.0);
    w.goal("total_revenue", "2024-01-01..2024-03-31", &[], 4000.0);
    let list = salescope_core::list_goals(w.store.conn()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].period.as_str(), list[0].target),
        ("2024-01-01..2024-03-31", 4000.0)
    );
    // An April fiscal year later: the goal stays on January to March.
    w.set("fiscal_start_month", "4");
    let c = w.card("FY2024-Q4");
    assert_eq!(k(&c, "total_revenue").goal, Some(4000.0));
    assert_eq!(k(&w.card("FY2024-Q1"), "total_revenue").goal, None);
    // Removing by a label of the same days finds it.
    let p = Period::parse("FY2024-Q4", 4).unwrap();
    salescope_core::remove_goal_for(w.store.conn(), "total_revenue", &p, &Default::default())
        .unwrap();
    assert!(salescope_core::list_goals(w.store.conn())
        .unwrap()
        .is_empty());
}

#[test]
fn finer_goals_of_mixed_sizes_add_up() {
    let w = deals_workspace();
    w.goal("new_leads", "2024-Q1", &[], 30.0);
    for m in 4..=12 {
        w.goal("new_leads", &format!("2024-{m:02}"), &[], 10.0);
    }
    near(k(&w.card("2024"), "new_leads").goal, 120.0);
    // A gap (no goal for 2024-Q1's neighbour months of 2023) gives none.
    assert_eq!(k(&w.card("2023"), "new_leads").goal, None);
}

#[test]
fn a_targets_sheet_with_a_senseless_target_is_refused_with_its_row() {
    let mut w = deals_workspace();
    let p = w.dir.path().join("targets.csv");
    std::fs::write(
        &p,
        "KPI,Period,Target\ntotal_revenue,2024-Q1,5000\nwin_rate,2024-Q1,30\n",
    )
    .unwrap();
    let e = import_file(&mut w.store, &p, &ImportOptions::default(), &NoProgress).unwrap_err();
    assert_eq!(
        e.to_string(),
        "targets.csv, row 3: win_rate is a ratio: write its goal as a fraction (0.25) or a percent (25%), not 30"
    );
    // Nothing of the file was kept.
    assert!(salescope_core::list_goals(w.store.conn())
        .unwrap()
        .is_empty());
    assert_eq!(w.store.datasets().unwrap().len(), 4);
}

#[test]
fn odd_records_do_not_bend_the_numbers() {
    let w = ws(&[
        (
            "deals.csv",
            "Deal,Created Date,Close Date,Stage,Amount\n\
             A,2024-01-05,2024-01-25,Won,1000\n\
             B,2024-02-10,2024-02-01,Won,500\n\
             C,2024-01-10,2024-09-30,Negotiation,700\n",
        ),
        (
            "activities.csv",
            "Date,Type,Rep\n2024-01-03,Call,Ann\n2024-01-04,Call,\n2024-01-05,Email,Ann\n2024-01-06,Call,Bob\n",
        ),
    ]);
    let c = w.card("2024-Q1");
    // B closed before it was created: counted as won, but no cycle of -9 days.
    value(&c, "deals_won", 2.0);
    value(&c, "sales_cycle_days", 20.0);
    // Three activities with a rep, by two reps; the one without a rep is not counted.
    value(&c, "activities_per_rep", 1.5);
    // C's expected close date in September is not data: the data ends in February.
    assert_eq!(c.data_through.as_deref(), Some("2024-02-10"));
}

#[test]
fn subscription_lifetime_value_uses_the_months_of_the_span() {
    let w = ws(&[("subs.csv", SUBSCRIPTIONS)]);
    w.set("variant.customer_lifetime_value", "subscription");
    // ISO week 7 of 2024 (Feb 12 to 18): Acme, Beta and Gamma are active on the
    // 12th (Delta's first subscription ended in January); Beta's last ends on the
    // 15th; Acme and Gamma remain on the 18th with 400 MRR. Churn over 7 days,
    // per month: (1/3) / (7 / 30.44).
    let c = w.card("2024-W07");
    let months = 7.0 / (365.25 / 12.0);
    value(&c, "churn_rate", 1.0 / 3.0);
    value(
        &c,
        "customer_lifetime_value",
        (400.0 / 2.0) / ((1.0 / 3.0) / months),
    );
}
