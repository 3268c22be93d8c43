//! Dashboard benchmark: what the window waits for when the user changes the
//! period or a filter, on 1,000,000 deals, 1,000,000 activities and 300,000
//! leads (the KPI benchmark's database). Each case is the app command's whole
//! path: open the database, refresh the workspace (records already in memory),
//! build the view (scorecard and every chart drawn as on-screen SVG) and
//! serialise it to the JSON the window receives.
//!
//! The peer, in the same run, is the same home view built the way a first
//! version would: the scorecard, then each tile through `salescope_core::render` on its
//! own (its own scorecard and trend). Its output is checked equal to the
//! view's, and the ratio printed, with the target (a repaint under
//! 200 ms).
//!
//! `cargo bench -p salescope-core --bench dashboard` (`BENCH_SCALE=0.1` for a tenth).

#[path = "common/big_db.rs"]
mod big_db;
mod common;

use std::time::{Duration, Instant};

use common::median_time;

use salescope_core::{ChartKind, Context, FilterPair, Size, Store, ViewQuery, Workspace};

const TARGET_MS: f64 = 200.0;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A view as the window sends it.
fn view(period: &str, filter: &[(&str, &str)]) -> ViewQuery {
    ViewQuery {
        period: Some(period.into()),
        filter: filter
            .iter()
            .map(|(d, v)| FilterPair {
                dimension: (*d).into(),
                value: (*v).into(),
            })
            .collect(),
        today: None,
    }
}

/// The home view the first-version way: each tile on its own.
fn home_one_by_one(ctx: &Context<'_>, v: &ViewQuery) -> Vec<String> {
    let q = v.query().unwrap();
    let card = salescope_core::scorecard(ctx, &q).unwrap();
    let size = Size {
        width: 320,
        height: 180,
        ..Size::default()
    };
    card.kpis
        .iter()
        .map(|k| {
            let kind = ChartKind::Tile(k.id.clone());
            let chart = salescope_core::internals::chart_data::build(ctx, &q, &kind).unwrap();
            let raw = salescope_core::svg(&chart, size.width, size.height, false).unwrap();
            salescope_core::display_svg(&raw).unwrap()
        })
        .collect()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let db = big_db::big_db(big_db::scale());
    let store = Store::open(&db).unwrap();
    let mut ws = Workspace::load(&store).unwrap();
    drop(store);
    println!(
        "{} deals, {} activities, {} leads in memory",
        ws.facts.deals.created.len(),
        ws.facts.activities.date.len(),
        ws.facts.leads.created.len()
    );

    // The command path of `home` and `kpi_detail` in the app (views.rs);
    // `first` forgets what was counted before, as for a view never shown.
    let mut command = |first: bool, f: &dyn Fn(&Store, Context<'_>) -> String| -> usize {
        if first {
            ws.facts.tallies.clear();
        }
        let store = Store::open(&db).unwrap();
        ws.refresh(&store).unwrap();
        f(&store, ws.context()).len()
    };
    let home = |v: ViewQuery| {
        move |_: &Store, ctx: Context<'_>| {
            serde_json::to_string(&salescope_core::home(&ctx, &v).unwrap()).unwrap()
        }
    };
    let detail = |v: ViewQuery, kpi: &'static str| {
        move |store: &Store, ctx: Context<'_>| {
            let goals = salescope_core::list_goals(store.conn()).unwrap();
            serde_json::to_string(&salescope_core::detail(&ctx, &v, kpi, goals).unwrap()).unwrap()
        }
    };
    let east = [("region", "East")];
    let two = [("region", "East"), ("region", "West")];
    type View = Box<dyn Fn(&Store, Context<'_>) -> String>;
    let q3 = || view("2024-Q3", &[]);
    let q3_east = || view("2024-Q3", &east);
    // (what the user does, the view shown before, the view asked for)
    let cases: Vec<(&str, View, View)> = vec![
        (
            "home: step 2024-Q2 > Q3",
            Box::new(home(view("2024-Q2", &[]))),
            Box::new(home(q3())),
        ),
        (
            "home: step 2024-06 > 07",
            Box::new(home(view("2024-06", &[]))),
            Box::new(home(view("2024-07", &[]))),
        ),
        (
            "home: step 2023 > 2024",
            Box::new(home(view("2023", &[]))),
            Box::new(home(view("2024", &[]))),
        ),
        (
            "home: filter East",
            Box::new(home(q3())),
            Box::new(home(q3_east())),
        ),
        (
            "home: filter East+West",
            Box::new(home(q3_east())),
            Box::new(home(view("2024-Q3", &two))),
        ),
        (
            "detail: step Q3 > Q4",
            Box::new(detail(q3(), "total_revenue")),
            Box::new(detail(view("2024-Q4", &[]), "total_revenue")),
        ),
        (
            "detail: filter East",
            Box::new(detail(q3(), "total_revenue")),
            Box::new(detail(q3_east(), "total_revenue")),
        ),
        (
            "detail: other KPI",
            Box::new(detail(q3_east(), "total_revenue")),
            Box::new(detail(q3_east(), "win_rate")),
        ),
        (
            "detail: open from home",
            Box::new(home(q3())),
            Box::new(detail(q3(), "total_revenue")),
        ),
    ];
    println!(
        "\n{:<26} {:>10} {:>12} {:>12} {:>8}",
        "repaint (command path)", "after", "never shown", "shown before", "JSON"
    );
    println!(
        "{:<26} {:>10} {:>12} {:>12}",
        "", "the one", "(nothing", "(all"
    );
    println!(
        "{:<26} {:>10} {:>12} {:>12}",
        "", "before", "counted)", "counted)"
    );
    let mut worst: f64 = 0.0;
    for (name, before, f) in &cases {
        let bytes = command(true, f.as_ref());
        // The switch: only what the view before it counted is known.
        let mut switch: Vec<Duration> = (0..7)
            .map(|_| {
                command(true, before.as_ref());
                let t = Instant::now();
                std::hint::black_box(command(false, f.as_ref()));
                t.elapsed()
            })
            .collect();
        switch.sort();
        let switch = switch[switch.len() / 2];
        let cold = median_time(7, || {
            std::hint::black_box(command(true, f.as_ref()));
        });
        let warm = median_time(7, || {
            std::hint::black_box(command(false, f.as_ref()));
        });
        worst = worst.max(ms(switch));
        println!(
            "{:<26} {:>7.1} ms {:>9.1} ms {:>9.1} ms {:>5} kB  {}",
            name,
            ms(switch),
            ms(cold),
            ms(warm),
            bytes / 1024,
            if ms(switch) < TARGET_MS {
                "met"
            } else {
                "MISSED"
            }
        );
    }

    // Where a home repaint's time goes, and the first-version peer.
    let v = view("2024-Q3", &[]);
    let q = v.query().unwrap();
    let ctx = ws.context();
    let t_card = median_time(7, || {
        ctx.facts.tallies.clear();
        std::hint::black_box(salescope_core::scorecard(&ctx, &q).unwrap());
    });
    let t_home = median_time(7, || {
        ctx.facts.tallies.clear();
        std::hint::black_box(salescope_core::home(&ctx, &v).unwrap());
    });
    let ours: Vec<String> = salescope_core::home(&ctx, &v)
        .unwrap()
        .tiles
        .into_iter()
        .map(|t| t.svg)
        .collect();
    let theirs = home_one_by_one(&ctx, &v);
    assert_eq!(
        ours, theirs,
        "the batched tiles differ from tiles drawn one by one"
    );
    let t_peer = median_time(3, || {
        ctx.facts.tallies.clear();
        std::hint::black_box(home_one_by_one(&ctx, &v));
    });
    println!(
        "\nhome 2024-Q3: scorecard {:.1} ms, scorecard + {} tiles {:.1} ms; tiles one by one {:.1} ms ({:.1}x slower, same {} SVGs)",
        ms(t_card),
        ours.len(),
        ms(t_home),
        ms(t_peer),
        t_peer.as_secs_f64() / t_home.as_secs_f64(),
        theirs.len()
    );
    println!(
        "slowest switch: {worst:.1} ms ({:.2}x of the {TARGET_MS:.0} ms budget)",
        worst / TARGET_MS
    );
}
