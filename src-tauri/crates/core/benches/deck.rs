//! Deck benchmark: the meeting deck (PowerPoint and PDF) of the sample
//! workbook and of the 1,000,000-deal benchmark database, from the loaded
//! records to the file's bytes.
//!
//! The peer, in the same run, is what a user did before the deck: the same
//! view's meeting charts exported one PNG at a time (`export all`). The
//! ratio is printed with the targets: the sample's deck under 3 s,
//! the big database's under 15 s.
//!
//! `cargo bench -p salescope-core --bench deck` (`BENCH_SCALE=0.1` for a tenth).

#[path = "common/big_db.rs"]
mod big_db;
mod common;

use std::time::Duration;

use common::median_time;
use salescope_core::{
    deck_file, import_file, meeting_set, png, render, DeckFormat, ImportOptions, NoProgress, Query,
    Size, Store, Workspace,
};

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn run(name: &str, store: &Store, q: &Query, target: f64, runs: usize) {
    let ws = Workspace::load(store).unwrap();
    let ctx = ws.context();
    let slides = salescope_core::internals::deck::build(&ctx, q, &mut |_, _| true)
        .unwrap()
        .slides
        .len();
    let mut times = Vec::new();
    for format in [DeckFormat::Pptx, DeckFormat::Pdf] {
        let t = median_time(runs, || {
            ctx.facts.tallies.clear();
            std::hint::black_box(deck_file(&ctx, q, format, &mut |_, _| true).unwrap());
        });
        times.push(t);
    }
    let size = Size {
        width: 1920,
        height: 1080,
        scale: 1.0,
    };
    let mut charts = 0;
    let peer = median_time(runs, || {
        ctx.facts.tallies.clear();
        let kinds = meeting_set(&ctx, q).unwrap();
        charts = kinds.len();
        for k in &kinds {
            let r = render(&ctx, q, k, size).unwrap();
            std::hint::black_box(png(&r.svg, 1.0, &r.png_info()).unwrap());
        }
    });
    println!(
        "\n{name}: {slides} slides; the peer exports the view's {charts} meeting charts as PNGs"
    );
    for (what, t) in ["deck .pptx", "deck .pdf"].iter().zip(&times) {
        println!(
            "{:<12} {:>7.2} s   export all {:>7.2} s   {:>5.2}x   target {target} s: {}",
            what,
            secs(*t),
            secs(peer),
            secs(peer) / secs(*t),
            if secs(*t) < target { "met" } else { "MISSED" }
        );
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = salescope_core::write_sample(dir.path()).unwrap();
    let mut sample = Store::open(&dir.path().join("sample.db")).unwrap();
    import_file(&mut sample, &file, &ImportOptions::default(), &NoProgress).unwrap();
    let q = Query {
        period: Some("2025-Q4".into()),
        today: Some(chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()),
        ..Query::default()
    };
    run("sample workbook, 2025-Q4", &sample, &q, 3.0, 5);

    // A copy of the benchmark database with the focus set of a sales team
    // (it has no goals, so by default nothing would be in focus).
    let db = dir.path().join("deck.db");
    std::fs::copy(big_db::big_db(big_db::scale()), &db).unwrap();
    let big = Store::open(&db).unwrap();
    salescope_core::set_setting(
        big.conn(),
        "focus",
        "total_revenue,win_rate,new_leads,deals_won,average_deal_size,sales_cycle_days,open_pipeline_value,pipeline_coverage",
    )
    .unwrap();
    let q = Query {
        period: Some("2024-Q3".into()),
        today: Some(chrono::NaiveDate::from_ymd_opt(2024, 10, 15).unwrap()),
        ..Query::default()
    };
    run("1,000,000 deals, 2024-Q3", &big, &q, 15.0, 3);
}
