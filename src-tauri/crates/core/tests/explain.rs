//! Why a KPI moved (catalog section 8): the worked example exactly, and on
//! the sample workbook, contributions that add up to the change and equal
//! the filtered KPIs' own differences.

use salescope_core::{
    explain, formulas_split, parse_filter, scorecard, Query, Versus, Workspace, CATALOG,
};

use crate::common::{env, sample_store};

fn q(period: &str) -> Query {
    Query {
        period: Some(period.into()),
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 15),
        ..Query::default()
    }
}

/// Revenue by region, 2024-Q1: West 500, East 300; 2024-Q2: West 450,
/// East 500. Closed deals (won of closed): Q1 West 30/100, East 10/100;
/// Q2 West 30/60, East 20/140.
fn worked_example() -> crate::common::Env {
    let mut w = env();
    let mut csv = String::from("Deal,Region,Created,Close Date,Stage,Amount\n");
    let mut n = 0;
    let mut deals = |region: &str, close: &str, won: usize, won_total: f64, lost: usize| {
        // The first won deal carries what the others leave of the total.
        let each = if region == "West" { 10.0 } else { 20.0 };
        for i in 0..won {
            n += 1;
            let amount = if i == 0 {
                won_total - each * (won - 1) as f64
            } else {
                each
            };
            csv += &format!("D{n},{region},2024-01-01,{close},Won,{amount}\n");
        }
        for _ in 0..lost {
            n += 1;
            csv += &format!("D{n},{region},2024-01-01,{close},Lost,5\n");
        }
    };
    deals("West", "2024-02-10", 30, 500.0, 70);
    deals("East", "2024-02-11", 10, 300.0, 90);
    deals("West", "2024-05-10", 30, 450.0, 30);
    deals("East", "2024-05-11", 20, 500.0, 120);
    let p = w.write("deals.csv", csv.as_bytes());
    w.import(&p);
    w
}

#[test]
fn the_catalogs_worked_example_exactly() {
    let w = worked_example();
    let wsp = Workspace::load(&w.store).unwrap();
    let ctx = wsp.context();
    let mut by_region = q("2024-Q2");
    by_region.by = Some("region".into());

    let e = explain(&ctx, &by_region, "total_revenue", Versus::Previous).unwrap();
    assert_eq!(
        (e.value, e.base, e.change),
        (Some(950.0), Some(800.0), Some(150.0))
    );
    assert_eq!(e.method, "difference");
    let parts: Vec<(&str, f64)> = e
        .contributions
        .iter()
        .map(|c| (c.segment.as_str(), c.delta))
        .collect();
    assert_eq!(parts, [("East", 200.0), ("West", -50.0)]);
    assert_eq!(
        e.text,
        "Total sales revenue rose 150 (+18.8%) vs 2024-Q1: East +200, West −50."
    );

    let e = explain(&ctx, &by_region, "win_rate", Versus::Previous).unwrap();
    assert_eq!(e.method, "rate_and_mix");
    assert!((e.change.unwrap() - 0.05).abs() < 1e-15);
    let west = e
        .contributions
        .iter()
        .find(|c| c.segment == "West")
        .unwrap();
    let east = e
        .contributions
        .iter()
        .find(|c| c.segment == "East")
        .unwrap();
    let close = |a: Option<f64>, b: f64| assert!((a.unwrap() - b).abs() < 1e-8, "{a:?} vs {b}");
    close(west.rate, 0.08);
    close(west.mix, -0.08);
    close(east.rate, 0.025_714_29);
    close(east.mix, 0.024_285_71);
    let sum: f64 = e.contributions.iter().map(|c| c.delta).sum();
    assert!((sum - e.change.unwrap()).abs() < 1e-15, "{sum}");
    assert_eq!(
        e.text,
        "Opportunity win rate rose 5.0 pts vs 2024-Q1: East +5.0 pts (did better), West 0.0 pts."
    );

    // Without --by, the dimension that explains most is chosen (here the only one).
    let e = explain(&ctx, &q("2024-Q2"), "total_revenue", Versus::Previous).unwrap();
    assert_eq!(
        (e.dimension.as_deref(), e.dimension_chosen),
        (Some("region"), true)
    );
}

#[test]
fn on_the_sample_contributions_add_up_and_equal_the_segments_own_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let wsp = Workspace::load(&store).unwrap();
    let ctx = wsp.context();
    let view = q("2025-Q3");
    let card = scorecard(&ctx, &view).unwrap();
    let mut checked = 0;
    for def in CATALOG.iter() {
        let variant = ctx.settings.variant_of(def).id;
        let how = formulas_split(def, variant);
        for dim in ["team", "region", "product", "rep"] {
            for versus in [Versus::Previous, Versus::YearAgo] {
                let mut by = view.clone();
                by.by = Some(dim.into());
                let e = explain(&ctx, &by, def.id, versus).unwrap();
                let Some(change) = e.change else { continue };
                if e.method == "none" {
                    let why = e.reason.clone().unwrap_or_default();
                    // Not a sum or ratio, or records that do not carry the
                    // dimension (leads have no product): never revenue.
                    assert!(
                        how == salescope_core::Split::None
                            || ((why.contains("does not split exactly")
                                || why.contains("carry no"))
                                && !["total_revenue", "deals_won", "win_rate"].contains(&def.id)),
                        "{} by {dim}: {why}",
                        def.id
                    );
                    continue;
                }
                let sum: f64 = e.contributions.iter().map(|c| c.delta).sum();
                let scale = change.abs().max(e.value.unwrap().abs()).max(1.0);
                assert!(
                    (sum - change).abs() <= 1e-9 * scale,
                    "{} by {dim} vs {versus:?}: {sum} vs {change}",
                    def.id
                );
                if how == salescope_core::Split::Sum {
                    // Each segment's part is its own filtered KPI's change.
                    for c in e
                        .contributions
                        .iter()
                        .filter(|c| !c.segment.is_empty())
                        .take(3)
                    {
                        let mut one = view.clone();
                        one.filter = parse_filter(&[format!("{dim}={}", c.segment)]).unwrap();
                        let k = scorecard(&ctx, &one).unwrap();
                        let k = k.kpis.iter().find(|k| k.id == def.id).unwrap();
                        let base = match versus {
                            Versus::YearAgo => k.year_ago,
                            _ => k.previous,
                        };
                        let want = k.value.unwrap_or(0.0) - base.unwrap_or(0.0);
                        assert!(
                            (c.delta - want).abs() <= 1e-9 * scale,
                            "{} {dim}={}: {} vs {want}",
                            def.id,
                            c.segment,
                            c.delta
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(card.kpis.len() > 20 && checked >= 80, "{checked}");
}

#[test]
fn against_the_goal_and_the_previous_period_to_date() {
    let w = worked_example();
    let conn = w.store.conn();
    let q2 = salescope_core::Period::parse("2024-Q2", 1).unwrap();
    let region = |r: &str| parse_filter(&[format!("region={r}")]).unwrap();
    salescope_core::set_goal(conn, "total_revenue", &q2, &Default::default(), 930.0).unwrap();
    salescope_core::set_goal(conn, "total_revenue", &q2, &region("West"), 480.0).unwrap();
    let wsp = Workspace::load(&w.store).unwrap();
    let mut by_region = q("2024-Q2");
    by_region.by = Some("region".into());
    // Only West has a goal: no split, and the sentence says which region has none.
    let e = explain(&wsp.context(), &by_region, "total_revenue", Versus::Goal).unwrap();
    assert_eq!(
        (e.value, e.base, e.change),
        (Some(950.0), Some(930.0), Some(20.0))
    );
    assert_eq!(e.method, "none");
    assert_eq!(
        e.reason.as_deref(),
        Some("not every region has a goal for total sales revenue (East has none), so the gap is not split")
    );
    salescope_core::set_goal(conn, "total_revenue", &q2, &region("East"), 450.0).unwrap();
    let wsp = Workspace::load(&w.store).unwrap();
    let e = explain(&wsp.context(), &by_region, "total_revenue", Versus::Goal).unwrap();
    let parts: Vec<(&str, f64)> = e
        .contributions
        .iter()
        .map(|c| (c.segment.as_str(), c.delta))
        .collect();
    // East 500 − 450, West 450 − 480: the goals add up to the company's.
    assert_eq!(parts, [("East", 50.0), ("West", -30.0)]);
    assert_eq!(
        e.text,
        "Total sales revenue rose 20 (+2.2%) vs the goal: East +50, West −30."
    );

    // On 10 May, Q2 has West's 450 (closed 10 May) and not yet East's; the
    // previous quarter to the same day (40 days in: to 9 Feb) has nothing
    // closed, where the whole of Q1 had 800.
    let mut early = by_region.clone();
    early.today = chrono::NaiveDate::from_ymd_opt(2024, 5, 10);
    let ctx = wsp.context();
    let e = explain(&ctx, &early, "total_revenue", Versus::PreviousToDate).unwrap();
    assert_eq!(e.base_label, "2024-Q1 to 9 Feb 2024");
    assert_eq!((e.value, e.base), (Some(450.0), Some(0.0)));
    let e = explain(&ctx, &early, "total_revenue", Versus::Previous).unwrap();
    assert_eq!((e.value, e.base), (Some(450.0), Some(800.0)));
}

#[test]
fn on_the_sample_the_gap_to_the_teams_goals_is_each_teams_own() {
    // Every team has a revenue goal each quarter in the sample: each team's
    // part of the gap is its value less its goal, as its own scorecard says.
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let wsp = Workspace::load(&store).unwrap();
    let ctx = wsp.context();
    let mut view = q("2025-Q3");
    view.by = Some("team".into());
    let e = explain(&ctx, &view, "total_revenue", Versus::Goal).unwrap();
    assert_eq!(
        (e.method.as_str(), e.dimension.as_deref()),
        ("difference", Some("team"))
    );
    assert_eq!(e.contributions.len(), 3);
    for c in &e.contributions {
        let mut one = q("2025-Q3");
        one.filter = parse_filter(&[format!("team={}", c.segment)]).unwrap();
        let card = scorecard(&ctx, &one).unwrap();
        let k = card.kpis.iter().find(|k| k.id == "total_revenue").unwrap();
        assert_eq!(c.delta, k.value.unwrap() - k.goal.unwrap(), "{}", c.segment);
    }
}
