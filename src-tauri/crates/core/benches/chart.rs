//! Chart benchmark over the sample workbook (real data through the whole
//! engine): for each chart type, the median time to gather its numbers and
//! draw the SVG, to turn that into the on-screen SVG (text as outlines), and
//! to export a 1920x1080 PNG at 1x and at 2x; then the whole scorecard at 2x.
//! Each figure is printed with its share of the budget (a single
//! chart PNG under 100 ms, the scorecard at 2x under 400 ms).
//!
//! `cargo bench -p salescope-core --bench chart`

mod common;

use std::time::Duration;

use common::median_time;

use salescope_core::{
    import_file, ChartKind, ImportOptions, NoProgress, Query, Size, Store, Workspace,
};

/// The median time of `runs` calls after one warm-up call (fonts, caches).
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    median_time(runs, f)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let file = salescope_core::write_sample(dir.path()).unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    import_file(&mut store, &file, &ImportOptions::default(), &NoProgress).unwrap();
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let q = Query::default();
    let size = Size::default();
    let runs = 11;

    println!("chart type                    svg(ms)  screen(ms)  png 1x(ms)  png 2x(ms)  1x/100ms budget");
    let kinds = [
        "gauge:total_revenue",
        "bullet:total_revenue",
        "tile:total_revenue",
        "trend:total_revenue",
        "breakdown:total_revenue:rep",
        "funnel",
        "scorecard",
    ];
    let mut worst: f64 = 0.0;
    for spec in kinds {
        let kind = ChartKind::parse(spec).unwrap();
        let r = salescope_core::render(&ctx, &q, &kind, size).unwrap();
        let info = r.png_info();
        let t_svg = median(runs, || {
            salescope_core::render(&ctx, &q, &kind, size).unwrap();
        });
        let t_screen = median(runs, || {
            salescope_core::display_svg(&r.svg).unwrap();
        });
        // An export is the whole path: numbers, drawing, rasterising, encoding.
        let png = |scale: f64| {
            median(runs, || {
                let r = salescope_core::render(&ctx, &q, &kind, size).unwrap();
                salescope_core::png(&r.svg, scale, &info).unwrap();
            })
        };
        let (p1, p2) = (png(1.0), png(2.0));
        worst = worst.max(ms(p1));
        println!(
            "{spec:<28} {:>8.1} {:>11.1} {:>11.1} {:>11.1} {:>12.2}x",
            ms(t_svg),
            ms(t_screen),
            ms(p1),
            ms(p2),
            ms(p1) / 100.0
        );
    }
    let kind = ChartKind::Scorecard;
    let scale2 = Size { scale: 2.0, ..size };
    let t = median(runs, || {
        let r = salescope_core::render(&ctx, &q, &kind, scale2).unwrap();
        salescope_core::png(&r.svg, 2.0, &r.png_info()).unwrap();
    });
    println!(
        "\nslowest single chart PNG at 1x: {worst:.1} ms ({:.2}x of the 100 ms budget)",
        worst / 100.0
    );
    println!(
        "scorecard PNG 3840x2160 (2x), end to end: {:.1} ms ({:.2}x of the 400 ms budget)",
        ms(t),
        ms(t) / 400.0
    );
}
