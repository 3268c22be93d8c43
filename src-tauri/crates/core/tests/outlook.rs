//! The outlook, the three outlook KPIs, goal roll-up and the leaderboard
//! (catalog section 7), on small workspaces written here. Expected figures
//! are worked out by hand in the comments.

use chrono::NaiveDate;
use salescope_core::{
    leaderboard, outlook, parse_filter, scorecard, GoalSource, Outlook, Query, WhatIf, Workspace,
};

use crate::common::{env, Env};

fn day(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

fn query(period: &str, today: &str) -> Query {
    Query {
        period: Some(period.into()),
        today: day(today),
        ..Query::default()
    }
}

fn outlook_of(w: &Env, q: &Query, what_if: &WhatIf) -> Outlook {
    let wsp = Workspace::load(&w.store).unwrap();
    outlook(&wsp.context(), q, what_if).unwrap()
}

/// The worked example of catalog section 7: as of 2024-05-15, 2024-Q2, a
/// revenue goal of 1,000,000 (from a targets sheet); won so far 400,000;
/// open and closing in Q2: 300,000 commit, 200,000 best case, 700,000
/// pipeline (50,000 of it overdue since 2024-05-01), 100,000 omitted. The 12
/// months before Q2 (2023-04-01..2024-03-31): 3 won of 30,000 and 9 lost
/// (win rate 25%, average deal size 30,000); 10 leads, 2 converted (20%).
fn worked_example() -> Env {
    let mut w = env();
    let mut deals = String::from(
        "Opportunity Name,Created Date,Close Date,Stage,Amount,Forecast Category\n\
         Won A,2024-03-01,2024-04-10,Closed Won,200000,Closed\n\
         Won B,2024-03-05,2024-05-02,Closed Won,200000,Closed\n\
         Commit C,2024-02-01,2024-06-20,Negotiation,300000,Commit\n\
         Best D,2024-02-02,2024-06-25,Proposal,200000,Best Case\n\
         Pipe E,2024-02-03,2024-06-28,Qualification,650000,Pipeline\n\
         Late F,2024-01-10,2024-05-01,Negotiation,50000,Pipeline\n\
         Omit G,2024-02-04,2024-06-30,Qualification,100000,Omitted\n\
         Next H,2024-02-05,2024-07-15,Qualification,900000,Commit\n\
         Future I,2024-05-20,2024-06-10,Qualification,800000,Commit\n",
    );
    for i in 0..3 {
        deals += &format!("Old win {i},2023-05-01,2023-06-1{i},Closed Won,30000,Closed\n");
    }
    for i in 0..9 {
        deals += &format!("Old loss {i},2023-05-01,2023-07-1{i},Closed Lost,10000,Omitted\n");
    }
    let p = w.write("opportunities.csv", deals.as_bytes());
    w.import(&p);
    let mut leads = String::from("Lead ID,Created Date,Converted\n");
    for i in 0..10 {
        leads += &format!(
            "L{i},2023-08-{:02},{}\n",
            i + 1,
            if i < 2 { "yes" } else { "no" }
        );
    }
    let p = w.write("leads.csv", leads.as_bytes());
    w.import(&p);
    let p = w.write(
        "targets.csv",
        b"KPI,Period,Target\ntotal_revenue,2024-Q2,1000000\n",
    );
    w.import(&p);
    w
}

#[test]
fn the_catalogs_worked_example_exactly() {
    let w = worked_example();
    let o = outlook_of(&w, &query("2024-Q2", "2024-05-15"), &WhatIf::default());
    let f = &o.figures;
    assert_eq!(o.as_of, "2024-05-15");
    assert!(!o.period_over);
    assert_eq!(f.goal, Some(1_000_000.0));
    assert_eq!(f.goal_source, Some(GoalSource::Set));
    assert_eq!(f.closed, 400_000.0);
    assert_eq!(f.commit, 700_000.0);
    assert_eq!(f.best_case, 900_000.0);
    assert_eq!(f.pipeline, 1_200_000.0);
    assert_eq!(f.omitted, 100_000.0);
    assert_eq!(f.weighting, "win_rate");
    assert_eq!(f.weighted, Some(700_000.0));
    assert_eq!(f.weighted_pipeline, Some(300_000.0));
    assert_eq!(f.gap_to_goal, Some(600_000.0));
    assert_eq!(f.pipeline_coverage, Some(2.0));
    assert_eq!(f.overdue.count, 1);
    assert_eq!(f.overdue.amount, 50_000.0);
    assert_eq!(f.overdue.deals[0].deal.as_deref(), Some("Late F"));
    assert_eq!(f.overdue.deals[0].close_date, "2024-05-01");
    assert_eq!(f.plan.rates.win_rate, Some(0.25));
    assert_eq!(f.plan.rates.average_deal_size, Some(30_000.0));
    assert_eq!(f.plan.rates.lead_conversion_rate, Some(0.2));
    assert_eq!(f.plan.window, "2023-04-01..2024-03-31");
    assert_eq!(f.plan.deals_needed, Some(20));
    assert_eq!(f.plan.opportunities_needed, Some(80));
    assert_eq!(f.plan.leads_needed, Some(400));
    assert!(f.plan.what_if.is_empty());

    let what_if = WhatIf::parse(&["win_rate=40%"]).unwrap();
    let o = outlook_of(&w, &query("2024-Q2", "2024-05-15"), &what_if);
    let plan = &o.figures.plan;
    assert_eq!(plan.rates.win_rate, Some(0.4));
    assert_eq!(plan.deals_needed, Some(20));
    assert_eq!(plan.opportunities_needed, Some(50));
    assert_eq!(plan.leads_needed, Some(250));
    assert_eq!(plan.what_if, vec!["win_rate".to_string()]);
    // The open deals are still weighed by history, not by the what-if.
    assert_eq!(o.figures.weighted, Some(700_000.0));
}

#[test]
fn the_outlook_kpis_are_on_the_scorecard() {
    let w = worked_example();
    let wsp = Workspace::load(&w.store).unwrap();
    let card = scorecard(&wsp.context(), &query("2024-Q2", "2024-05-15")).unwrap();
    let kpi = |id: &str| card.kpis.iter().find(|k| k.id == id).unwrap().clone();
    assert_eq!(kpi("pipeline_coverage").value, Some(2.0));
    assert_eq!(kpi("weighted_pipeline").value, Some(300_000.0));
    let reps = kpi("quota_attainment");
    assert_eq!(reps.value, None);
    assert_eq!(
        reps.reason.as_deref(),
        Some("needs a total revenue goal per rep (a targets sheet by rep, or goals set per rep)")
    );
}

/// Four reps in two regions, a probability column and no forecast category
/// (open stages are pipeline). 2024-Q2: Ann (East) won 100, created
/// 2024-03-01, closed 2024-04-05 (35 days); Bob (East) won 50, 2024-03-21 to
/// 2024-04-20 (30 days); Cid (West) won 30, 2024-04-01 to 2024-05-01 (30
/// days), lost 40; Dee (West) won 15, 2024-04-23 to 2024-05-03 (10 days).
/// Open: Ann 200 at 50% closing 2024-06-10, Cid 100 at 10% closing
/// 2024-06-20. Before Q2: Ann won 60, Cid lost 20 (win rate 50%). Revenue
/// goals for Q2 by rep only: Ann 300, Bob 100, Cid 30, Dee 15; sales cycle
/// goals of 30 days for Ann and Bob.
fn team() -> Env {
    let mut w = env();
    let p = w.write(
        "deals.csv",
        b"Deal,Region,Rep,Created,Close Date,Stage,Amount,Probability (%)\n\
          D1,East,Ann,2024-03-01,2024-04-05,Won,100,100\n\
          D2,East,Bob,2024-03-21,2024-04-20,Won,50,100\n\
          D3,West,Cid,2024-04-01,2024-05-01,Won,30,100\n\
          D4,West,Cid,2024-03-01,2024-04-15,Lost,40,0\n\
          D5,West,Dee,2024-04-23,2024-05-03,Won,15,100\n\
          D6,East,Ann,2024-03-10,2024-06-10,Negotiation,200,50\n\
          D7,West,Cid,2024-03-12,2024-06-20,Qualification,100,10\n\
          D8,East,Ann,2023-08-01,2023-09-01,Won,60,100\n\
          D9,West,Cid,2023-08-01,2023-10-01,Lost,20,0\n",
    );
    let report = w.import(&p);
    assert_eq!(
        report.sheets[0].notes,
        vec!["the probabilities are percents (0 to 100): read as fractions".to_string()]
    );
    let p = w.write(
        "quota.csv",
        b"KPI,Period,Rep,Target\n\
          total_revenue,2024-Q2,Ann,300\n\
          total_revenue,2024-Q2,Bob,100\n\
          total_revenue,2024-Q2,Cid,30\n\
          total_revenue,2024-Q2,Dee,15\n\
          sales_cycle_days,2024-Q2,Ann,30\n\
          sales_cycle_days,2024-Q2,Bob,30\n",
    );
    w.import(&p);
    w
}

#[test]
fn probabilities_weigh_the_pipeline_and_segments_add_up() {
    let w = team();
    let mut q = query("2024-Q2", "2024-05-15");
    q.by = Some("region".into());
    let o = outlook_of(&w, &q, &WhatIf::default());
    let f = &o.figures;
    assert_eq!(f.closed, 195.0);
    assert_eq!(f.pipeline, 300.0);
    assert_eq!(f.commit, 195.0);
    assert_eq!(f.best_case, 195.0);
    assert_eq!(f.weighting, "probability");
    // 195 + 200 × 0.5 + 100 × 0.1
    assert_eq!(f.weighted, Some(305.0));
    let segments = o.segments.unwrap();
    let names: Vec<&str> = segments.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(names, ["East", "West"]);
    let (east, west) = (&segments[0].figures, &segments[1].figures);
    assert_eq!(
        (east.closed, east.pipeline, east.weighted),
        (150.0, 200.0, Some(250.0))
    );
    assert_eq!(
        (west.closed, west.pipeline, west.weighted),
        (45.0, 100.0, Some(55.0))
    );
    assert_eq!(east.closed + west.closed, f.closed);
    assert_eq!(east.pipeline + west.pipeline, f.pipeline);
    assert_eq!(
        east.weighted.unwrap() + west.weighted.unwrap(),
        f.weighted.unwrap()
    );

    // A filter gives the segment's figures.
    let mut q = query("2024-Q2", "2024-05-15");
    q.filter = parse_filter(&["region=West"]).unwrap();
    let west_view = outlook_of(&w, &q, &WhatIf::default()).figures;
    assert_eq!((west_view.closed, west_view.pipeline), (45.0, 100.0));
}

#[test]
fn rep_goals_roll_up_and_an_exact_goal_wins() {
    let w = team();
    let o = outlook_of(&w, &query("2024-Q2", "2024-05-15"), &WhatIf::default());
    // 300 + 100 + 30 + 15
    assert_eq!(o.figures.goal, Some(445.0));
    assert_eq!(o.figures.goal_source, Some(GoalSource::RolledUp));
    assert_eq!(o.figures.gap_to_goal, Some(250.0));
    assert_eq!(o.figures.pipeline_coverage, Some(1.2));

    // East's reps are Ann and Bob: their rep-only goals add up.
    let mut q = query("2024-Q2", "2024-05-15");
    q.filter = parse_filter(&["region=East"]).unwrap();
    let east = outlook_of(&w, &q, &WhatIf::default()).figures;
    assert_eq!(
        (east.goal, east.goal_source),
        (Some(400.0), Some(GoalSource::RolledUp))
    );

    // The scorecard marks it too.
    let wsp = Workspace::load(&w.store).unwrap();
    let card = scorecard(&wsp.context(), &query("2024-Q2", "2024-07-15")).unwrap();
    let revenue = card.kpis.iter().find(|k| k.id == "total_revenue").unwrap();
    assert_eq!(
        (revenue.goal, revenue.goal_source),
        (Some(445.0), Some(GoalSource::RolledUp))
    );

    salescope_core::set_goal(
        w.store.conn(),
        "total_revenue",
        &salescope_core::Period::parse("2024-Q2", 1).unwrap(),
        &Default::default(),
        1000.0,
    )
    .unwrap();
    let o = outlook_of(&w, &query("2024-Q2", "2024-05-15"), &WhatIf::default());
    assert_eq!(
        (o.figures.goal, o.figures.goal_source),
        (Some(1000.0), Some(GoalSource::Set))
    );
}

#[test]
fn no_goal_a_met_goal_and_a_zero_rate_say_why() {
    let w = team();
    // Q3: no rep has a goal, so nothing rolls up.
    let o = outlook_of(&w, &query("2024-Q3", "2024-07-15"), &WhatIf::default());
    assert_eq!(o.figures.goal, None);
    assert_eq!(o.figures.pipeline_coverage, None);
    assert_eq!(
        o.figures.reasons["pipeline_coverage"],
        "no total revenue goal for this view"
    );
    assert_eq!(o.figures.plan.deals_needed, None);
    assert_eq!(
        o.figures.plan.reasons["plan"],
        "no total revenue goal for this view: set one to see what it takes"
    );

    // A goal of 100 against 195 closed: met, nothing to cover, nothing needed.
    salescope_core::set_goal(
        w.store.conn(),
        "total_revenue",
        &salescope_core::Period::parse("2024-Q2", 1).unwrap(),
        &Default::default(),
        100.0,
    )
    .unwrap();
    let o = outlook_of(&w, &query("2024-Q2", "2024-05-15"), &WhatIf::default());
    assert_eq!(o.figures.gap_to_goal, Some(0.0));
    assert_eq!(o.figures.pipeline_coverage, None);
    assert_eq!(
        o.figures.reasons["pipeline_coverage"],
        "the goal is met: there is no gap to cover"
    );
    assert_eq!(
        (
            o.figures.plan.deals_needed,
            o.figures.plan.opportunities_needed
        ),
        (Some(0), Some(0))
    );

    // A goal of 1,000 and a what-if win rate of 0: no opportunities figure.
    salescope_core::set_goal(
        w.store.conn(),
        "total_revenue",
        &salescope_core::Period::parse("2024-Q2", 1).unwrap(),
        &Default::default(),
        1000.0,
    )
    .unwrap();
    let what_if = WhatIf::parse(&["win_rate=0", "average_deal_size=100"]).unwrap();
    let plan = outlook_of(&w, &query("2024-Q2", "2024-05-15"), &what_if)
        .figures
        .plan;
    // ceil((1000 − 195) / 100)
    assert_eq!(plan.deals_needed, Some(9));
    assert_eq!(plan.opportunities_needed, None);
    assert_eq!(plan.leads_needed, None);
    assert_eq!(
        plan.reasons["opportunities_needed"],
        "the win rate is not above 0"
    );
    assert_eq!(plan.reasons["leads_needed"], "the win rate is not above 0");

    // Once the quarter is over, the plan does not apply.
    let o = outlook_of(&w, &query("2024-Q2", "2024-07-15"), &WhatIf::default());
    assert!(o.period_over);
    assert_eq!(o.as_of, "2024-06-30");
    assert!(!o.figures.plan.applies);
    assert_eq!(o.figures.plan.deals_needed, None);
}

#[test]
fn the_leaderboard_ranks_by_attainment_with_ties_and_lower_is_better() {
    let w = team();
    let wsp = Workspace::load(&w.store).unwrap();
    let ctx = wsp.context();
    let q = query("2024-Q2", "2024-07-15");
    let board = leaderboard(&ctx, &q, "total_revenue").unwrap();
    let rows: Vec<(&str, Option<f64>, Option<u32>)> = board
        .rows
        .iter()
        .map(|r| (r.segment.as_str(), r.attainment, r.rank))
        .collect();
    // Cid 30/30 and Dee 15/15 tie first; Bob 50/100; Ann 100/300.
    assert_eq!(
        rows,
        [
            ("Cid", Some(1.0), Some(1)),
            ("Dee", Some(1.0), Some(1)),
            ("Bob", Some(0.5), Some(3)),
            ("Ann", Some(100.0 / 300.0), Some(4)),
        ]
    );
    assert_eq!(board.at_goal_share, Some(0.5));
    assert_eq!(board.median_attainment, Some(0.75));

    // Sales cycle: lower is better, attainment goal / actual. Bob 30/30,
    // Ann 30/35; Dee (10 days) and Cid (30 days) have no goal: after, best first.
    let board = leaderboard(&ctx, &q, "sales_cycle_days").unwrap();
    type Row<'a> = (&'a str, Option<f64>, Option<f64>, Option<u32>);
    let rows: Vec<Row> = board
        .rows
        .iter()
        .map(|r| (r.segment.as_str(), r.value, r.attainment, r.rank))
        .collect();
    assert_eq!(
        rows,
        [
            ("Bob", Some(30.0), Some(1.0), Some(1)),
            ("Ann", Some(35.0), Some(30.0 / 35.0), Some(2)),
            ("Dee", Some(10.0), None, None),
            ("Cid", Some(30.0), None, None),
        ]
    );

    // Reps at goal on the scorecard: 2 of the 4 with a revenue goal.
    let card = scorecard(&ctx, &q).unwrap();
    let reps = card
        .kpis
        .iter()
        .find(|k| k.id == "quota_attainment")
        .unwrap();
    assert_eq!(reps.value, Some(0.5));
}

#[test]
fn a_rolled_up_goal_is_named_on_the_tile_and_in_the_footer() {
    let w = team();
    let wsp = Workspace::load(&w.store).unwrap();
    let mut q = query("2024-Q2", "2024-07-15");
    q.filter = parse_filter(&["region=East"]).unwrap();
    let size = salescope_core::Size::default();
    let kind = salescope_core::ChartKind::Tile("total_revenue".into());
    let r = salescope_core::render(&wsp.context(), &q, &kind, size).unwrap();
    assert!(
        r.chart.frame.definitions[0].ends_with(
            "; goal rolled up: the sum of the reps' goals (this view has none of its own)"
        ),
        "{:?}",
        r.chart.frame.definitions
    );
    // East: 150 of Ann's 300 and Bob's 100.
    assert!(r.svg.contains("Rep goals 400 · 38% of goal"), "{}", r.svg);
}

#[test]
fn reps_at_goal_counts_only_the_reps_in_the_view() {
    let w = team();
    let wsp = Workspace::load(&w.store).unwrap();
    let ctx = wsp.context();
    let reps_at_goal = |filter: &[&str]| {
        let mut q = query("2024-Q2", "2024-07-15");
        q.filter = parse_filter(filter).unwrap();
        let card = scorecard(&ctx, &q).unwrap();
        card.kpis
            .iter()
            .find(|k| k.id == "quota_attainment")
            .unwrap()
            .value
    };
    // East: Ann 33%, Bob 50%; West: Cid and Dee at 100%; Cid alone: 100%.
    assert_eq!(reps_at_goal(&["region=East"]), Some(0.0));
    assert_eq!(reps_at_goal(&["region=West"]), Some(1.0));
    assert_eq!(reps_at_goal(&["rep=Cid"]), Some(1.0));
    // West's leaderboard lists West's reps only.
    let mut q = query("2024-Q2", "2024-07-15");
    q.filter = parse_filter(&["region=West"]).unwrap();
    let board = leaderboard(&ctx, &q, "total_revenue").unwrap();
    let reps: Vec<&str> = board.rows.iter().map(|r| r.segment.as_str()).collect();
    assert_eq!(reps, ["Cid", "Dee"]);
}

#[test]
fn a_column_of_fractions_with_a_stray_percent_is_not_divided() {
    let mut w = env();
    let p = w.write(
        "deals.csv",
        b"Opportunity Name,Created Date,Close Date,Stage,Amount,Probability\n\
          A,2024-01-01,2024-06-01,Proposal,100,0.2\n\
          B,2024-01-01,2024-06-01,Proposal,100,0.5\n\
          C,2024-01-01,2024-06-01,Proposal,100,100\n",
    );
    let report = w.import(&p);
    assert!(
        report.sheets[0].notes.is_empty(),
        "{:?}",
        report.sheets[0].notes
    );
    assert_eq!(
        w.rows("SELECT probability FROM deals ORDER BY deal_id"),
        [["0.2"], ["0.5"], ["100"]]
    );
    // The stray 100 counts as certain: 100 × 0.2 + 100 × 0.5 + 100 × 1.
    let o = outlook_of(&w, &query("2024-Q2", "2024-05-15"), &WhatIf::default());
    assert_eq!(o.figures.weighted, Some(170.0));
}

#[test]
fn stage_labels_map_to_forecast_categories_by_setting() {
    let w = team();
    let conn = w.store.conn();
    let figures = || outlook_of(&w, &query("2024-Q2", "2024-05-15"), &WhatIf::default()).figures;
    // By default every open stage is pipeline.
    let f = figures();
    assert_eq!((f.commit, f.pipeline, f.omitted), (195.0, 300.0, 0.0));
    salescope_core::set_setting(conn, "forecast_category.Negotiation", "commit").unwrap();
    salescope_core::set_setting(conn, "forecast_category.qualification", "Omitted").unwrap();
    let f = figures();
    // Ann's 200 in negotiation is commit; Cid's 100 in qualification is left out.
    assert_eq!((f.commit, f.pipeline, f.omitted), (395.0, 200.0, 100.0));
    let e = salescope_core::set_setting(conn, "forecast_category.Proposal", "maybe").unwrap_err();
    assert_eq!(
        e.to_string(),
        "forecast_category.<stage label> is one of closed, commit, best_case, pipeline, omitted, for a stage label such as \"Negotiation\"; not \"maybe\" for \"proposal\""
    );
    // A reset finds the setting whatever the case it was written in.
    salescope_core::reset_setting(conn, "forecast_category.NEGOTIATION").unwrap();
    salescope_core::reset_setting(conn, "forecast_category.Qualification").unwrap();
    let f = figures();
    assert_eq!((f.commit, f.pipeline, f.omitted), (195.0, 300.0, 0.0));
}
