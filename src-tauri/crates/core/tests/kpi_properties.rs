//! Properties of the KPI engine over random workspaces: a breakdown's additive
//! KPIs sum to the unfiltered value, and a quarter's revenue is the sum of its
//! months' (for revenue from deals and from orders).

use proptest::prelude::*;
use rusqlite::params;
use salescope_core::{Query, Scorecard, Store, Workspace};

const REGIONS: [Option<&str>; 4] = [Some("East"), Some("West"), Some("North"), None];

/// (day offset in 2024, region index, a second number, a third)
type Row = (u32, usize, u32, u32);

fn day(n: u32) -> String {
    (chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(n as u64 % 366))
        .to_string()
}

fn build(deals: &[Row], orders: &[Row], leads: &[Row], acts: &[Row]) -> Store {
    let store = Store::open_in_memory().unwrap();
    let c = store.conn();
    // Region of the first row of each table is set, so every table carries it.
    let region = |i: usize, r: usize| if i == 0 { REGIONS[0] } else { REGIONS[r % 4] };
    for (i, &(d, r, x, y)) in deals.iter().enumerate() {
        let stage = ["won", "lost", "open"][x as usize % 3];
        let close = (stage != "open").then(|| day(d + y % 90));
        c.execute(
            "INSERT INTO deals (dataset_id, source_row, created_date, close_date, stage, amount, region, customer)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![i as i64, day(d), close, stage, (x % 1000) as f64 + 0.5, region(i, r), format!("C{}", y % 7)],
        )
        .unwrap();
    }
    // An order belongs to one region (its lines share it); distinct orders add up
    // across regions only then, as they do in real exports.
    for (i, &(d, _, x, y)) in orders.iter().enumerate() {
        c.execute(
            "INSERT INTO orders (dataset_id, source_row, order_id, order_date, revenue, region, customer)
             VALUES (2, ?1, ?2, ?3, ?4, ?5, ?6)",
            params![i as i64, format!("O{}", x % 40), day(d), (y % 500) as f64 * 1.25, REGIONS[(x % 40 % 3) as usize], format!("C{}", x % 9)],
        )
        .unwrap();
    }
    for (i, &(d, r, x, _)) in leads.iter().enumerate() {
        c.execute(
            "INSERT INTO leads (dataset_id, source_row, created_date, qualified, region) VALUES (3, ?1, ?2, ?3, ?4)",
            params![i as i64, day(d), (x % 2) as i64, region(i, r)],
        )
        .unwrap();
    }
    for (i, &(d, r, x, _)) in acts.iter().enumerate() {
        c.execute(
            "INSERT INTO activities (dataset_id, source_row, date, type, region) VALUES (4, ?1, ?2, ?3, ?4)",
            params![i as i64, day(d), ["call", "email", "meeting", "other"][x as usize % 4], region(i, r)],
        )
        .unwrap();
    }
    store
}

fn card(ws: &Workspace, period: &str, by: Option<&str>) -> Scorecard {
    salescope_core::scorecard(
        &ws.context(),
        &Query {
            period: Some(period.into()),
            by: by.map(String::from),
            ..Query::default()
        },
    )
    .unwrap()
}

fn v(kpis: &[salescope_core::KpiResult], id: &str) -> f64 {
    kpis.iter()
        .find(|k| k.id == id)
        .unwrap()
        .value
        .unwrap_or(0.0)
}

fn rows(n: usize) -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec((0u32..366, 0usize..4, any::<u32>(), any::<u32>()), 1..n)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_breakdowns_additive_kpis_sum_to_the_whole(
        deals in rows(60), orders in rows(60), leads in rows(60), acts in rows(60),
        with_orders in any::<bool>(), q in 1u32..=4,
    ) {
        let store = build(&deals, if with_orders { &orders } else { &[] }, &leads, &acts);
        let ws = Workspace::load(&store).unwrap();
        let period = format!("2024-Q{q}");
        let whole = card(&ws, &period, None);
        let by = card(&ws, &period, Some("region"));
        let segments = by.breakdown.unwrap();
        for id in salescope_core::CATALOG.iter().filter(|d| d.additive).map(|d| d.id) {
            let sum: f64 = segments.iter().map(|s| v(&s.kpis, id)).sum();
            prop_assert!((sum - v(&whole.kpis, id)).abs() < 1e-6, "{id}: segments {sum}, whole {}", v(&whole.kpis, id));
        }
    }

    #[test]
    fn a_quarters_revenue_is_the_sum_of_its_months(
        deals in rows(80), orders in rows(80), with_orders in any::<bool>(), q in 1u32..=4,
    ) {
        let store = build(&deals, if with_orders { &orders } else { &[] }, &[], &[]);
        let ws = Workspace::load(&store).unwrap();
        let quarter = v(&card(&ws, &format!("2024-Q{q}"), None).kpis, "total_revenue");
        let months: f64 = (1..=3)
            .map(|m| v(&card(&ws, &format!("2024-{:02}", (q - 1) * 3 + m), None).kpis, "total_revenue"))
            .sum();
        prop_assert!((quarter - months).abs() < 1e-6, "quarter {quarter}, months {months}");
    }
}

/// A view as the window asks for it: a quarter, a region filter or none, and
/// a breakdown or none.
fn view(q: u32, region: Option<&str>, by: Option<&str>) -> Query {
    Query {
        period: Some(format!("2024-Q{q}")),
        filter: region
            .map(|r| salescope_core::parse_filter(&[&format!("region={r}")]).unwrap())
            .unwrap_or_default(),
        by: by.map(String::from),
        ..Query::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Views reuse the tallies counted for earlier views (the previous period,
    /// a sparkline's): whatever was shown before, a view's numbers are those of
    /// a workspace that counts everything afresh, and a breakdown chart's
    /// segments are the breakdown's, without the comparisons.
    #[test]
    fn numbers_do_not_depend_on_what_was_shown_before(
        deals in rows(60), orders in rows(40), leads in rows(40), acts in rows(40),
        with_orders in any::<bool>(),
        shown in prop::collection::vec((1u32..=4, 0usize..4, any::<bool>()), 1..8),
    ) {
        let store = build(&deals, if with_orders { &orders } else { &[] }, &leads, &acts);
        let used = Workspace::load(&store).unwrap();
        for (q, r, by) in shown {
            let query = view(q, REGIONS[r], by.then_some("region"));
            let seen = salescope_core::scorecard(&used.context(), &query).unwrap();
            let fresh = Workspace::load(&store).unwrap();
            prop_assert_eq!(&seen, &salescope_core::scorecard(&fresh.context(), &query).unwrap());
            let segments = salescope_core::segments(&used.context(), &view(q, REGIONS[r], None), "region").unwrap();
            let mut want = salescope_core::scorecard(&fresh.context(), &view(q, REGIONS[r], Some("region")))
                .unwrap()
                .breakdown
                .unwrap();
            for k in want.iter_mut().flat_map(|s| s.kpis.iter_mut()) {
                k.previous = None;
                k.year_ago = None;
            }
            prop_assert_eq!(segments, want);
        }
    }
}

/// A deal of the one-pass test: (created day or an unreadable one, close offset or none,
/// stage, amount in tenths, region, customer or none).
type Deal = (Option<u32>, Option<i32>, usize, u32, usize, Option<u32>);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Disjoint spans count the deals in one pass; every figure of every span
    /// and group is the same, to the last bit, as a pass per span, whatever
    /// the deals' quirks (no created date, closed without a close date, closed
    /// before created, no customer) and however the spans are given.
    #[test]
    fn one_pass_over_disjoint_spans_counts_what_a_pass_per_span_counts(
        deals in prop::collection::vec(
            (
                prop::option::weighted(0.95, 0u32..400),
                prop::option::weighted(0.8, -20i32..200),
                0usize..3,
                0u32..100_000,
                0usize..4,
                prop::option::weighted(0.9, 0u32..12),
            ),
            1..120,
        ),
        months in prop::collection::btree_set(0u32..14, 2..8),
        cut in 0usize..3,
        reverse in any::<bool>(),
    ) {
        use salescope_core::internals::tally::Cut;
use salescope_core::internals::tally::DaySpan;
use salescope_core::internals::tally::TableGroups;
        use salescope_core::internals::facts::parse_day;
        let deals: Vec<Deal> = deals;
        let store = Store::open_in_memory().unwrap();
        for (i, &(created, close, stage, amount, region, customer)) in deals.iter().enumerate() {
            let stage = ["won", "lost", "open"][stage];
            let close = close.filter(|_| stage != "open").map(|o| day((created.unwrap_or(100) as i32 + o).max(0) as u32));
            store.conn().execute(
                "INSERT INTO deals (dataset_id, source_row, created_date, close_date, stage, amount, region, customer)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![i as i64, created.map(day).unwrap_or_else(|| "someday".into()), close, stage, amount as f64 / 10.0, REGIONS[region], customer.map(|c| format!("C{c}"))],
            )
            .unwrap();
        }
        let ws = Workspace::load(&store).unwrap();
        let facts = &ws.facts;
        let month = |m: u32| {
            let first = chrono::NaiveDate::from_ymd_opt(2024 + (m / 12) as i32, m % 12 + 1, 1).unwrap();
            let next = first + chrono::Months::new(1);
            let n = |d: chrono::NaiveDate| parse_day(d.to_string().as_bytes()).unwrap();
            DaySpan { start: n(first), end: n(next) - 1 }
        };
        let mut spans: Vec<DaySpan> = months.into_iter().map(month).collect();
        if reverse {
            spans.reverse();
        }
        let filter = salescope_core::parse_filter(&["region=East"]).unwrap();
        let none = Default::default();
        let values = ["East".to_string(), "West".to_string(), "North".to_string(), String::new()];
        let cut = match cut {
            0 => Cut { filter: &none, by: None },
            1 => Cut { filter: &filter, by: None },
            _ => Cut { filter: &none, by: Some(("region", &values)) },
        };
        let groups = TableGroups::new(facts, &cut);
        let n = cut.groups();
        let once = salescope_core::internals::tally::tally_spans(facts, &groups, n, &spans);
        let each: Vec<_> = spans.iter().map(|s| salescope_core::internals::tally::tally(facts, &groups, n, *s)).collect();
        prop_assert_eq!(format!("{once:?}"), format!("{each:?}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Catalog section 8: for every KPI that splits (sums, and ratios of
    /// sums), the segments' contributions add up to the change, to the last
    /// bits floating point allows, against the previous quarter and a year
    /// ago; a ratio's every contribution is its rate part plus its mix part.
    #[test]
    fn contributions_add_up_to_the_change(
        deals in rows(60),
        orders in rows(30),
        leads in rows(40),
        acts in rows(40),
        quarter in 1u32..=4,
        from_orders in any::<bool>(),
    ) {
        let orders = if from_orders { orders } else { Vec::new() };
        let store = build(&deals, &orders, &leads, &acts);
        let ws = Workspace::load(&store).unwrap();
        let ctx = ws.context();
        let q = Query {
            period: Some(format!("2024-Q{quarter}")),
            by: Some("region".into()),
            today: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            ..Query::default()
        };
        for def in salescope_core::CATALOG.iter() {
            let variant = ctx.settings.variant_of(def).id;
            if salescope_core::formulas_split(def, variant) == salescope_core::Split::None {
                continue;
            }
            for versus in [salescope_core::Versus::Previous, salescope_core::Versus::YearAgo] {
                let e = salescope_core::explain(&ctx, &q, def.id, versus).unwrap();
                let (Some(change), Some(value)) = (e.change, e.value) else { continue };
                if e.method == "none" {
                    // Sums and rates over records that each have one region
                    // always split; only distinct counts (customers, orders,
                    // reps) or a numerator without a denominator may not.
                    let why = e.reason.unwrap_or_default();
                    prop_assert!(
                        !["total_revenue", "win_rate", "new_leads", "qualified_leads", "calls_made", "emails_sent", "open_pipeline_value", "lead_conversion_rate", "sales_cycle_days"].contains(&def.id),
                        "{} {versus:?} did not split: {why}", def.id
                    );
                    continue;
                }
                let sum: f64 = e.contributions.iter().map(|c| c.delta).sum();
                let scale = change.abs().max(value.abs()).max(1.0);
                prop_assert!((sum - change).abs() <= 1e-9 * scale, "{} {versus:?}: {sum} vs {change}", def.id);
                for c in &e.contributions {
                    if let (Some(r), Some(m)) = (c.rate, c.mix) {
                        prop_assert!((r + m - c.delta).abs() <= 1e-12 * scale, "{}: {c:?}", def.id);
                    }
                }
            }
        }
    }
}
