//! Charts: golden SVG files for every chart type (from hand-built numbers),
//! PNG exports decoded and checked pixel by pixel, every chart of the sample
//! workbook, and names from the public corpus in accents and Chinese.
//!
//! The golden files change only by an explicit command:
//! `UPDATE_GOLDEN=1 cargo test -p salescope-core --test tests chart::`.

use crate::common;

use chrono::NaiveDate;
use std::path::PathBuf;

use salescope_core::internals::chart_data::Bar;
use salescope_core::internals::chart_data::Body;
use salescope_core::internals::chart_data::Breakdown;
use salescope_core::internals::chart_data::Chart;
use salescope_core::internals::chart_data::ForecastMark;
use salescope_core::internals::chart_data::Frame;
use salescope_core::internals::chart_data::FunnelStep;
use salescope_core::internals::chart_data::KpiView;
use salescope_core::internals::chart_data::LeaderRow;
use salescope_core::internals::chart_data::LeaderboardView;
use salescope_core::internals::chart_data::OutlookView;
use salescope_core::internals::chart_data::PerspectiveView;
use salescope_core::internals::chart_data::ScorecardView;
use salescope_core::internals::chart_data::Trend;
use salescope_core::internals::chart_data::TrendNote;
use salescope_core::internals::chart_data::TrendPoint;
use salescope_core::internals::chart_data::WaterfallView;
use salescope_core::internals::draw::Rect;
use salescope_core::{
    import_file, Better, ChartKind, ImportOptions, NoProgress, PngInfo, Query, Size, Status, Store,
    Thresholds, Unit, Workspace,
};

fn frame(title: &str) -> Frame {
    Frame {
        title: title.to_string(),
        subtitle: "2024-Q1 (1 Jan 2024 – 31 Mar 2024) · region: East".to_string(),
        data_date: "Data through 31 Mar 2024".to_string(),
        definitions: vec![
            "win_rate = won / (won + lost), deals closed in the period [closed]".into(),
        ],
        currency: Some("$".into()),
    }
}

fn kv(
    id: &str,
    name: &str,
    unit: Unit,
    better: Better,
    value: Option<f64>,
    goal: Option<f64>,
) -> KpiView {
    let t = Thresholds::default();
    let (attainment, status) = match (value, goal) {
        (Some(v), Some(g)) => salescope_core::attain(better, v, g, t),
        _ => (None, Status::None),
    };
    KpiView {
        id: id.into(),
        name: name.into(),
        unit,
        better,
        value,
        goal,
        paced: false,
        rolled_up: false,
        attainment,
        status,
        previous: value.map(|v| v * 0.9),
        compare: value,
        previous_label: "vs 2023-Q4".into(),
        thresholds: t,
        reason: value
            .is_none()
            .then(|| "needs a leads sheet with a created date".to_string()),
        spark: vec![],
    }
}

fn win_rate() -> KpiView {
    kv(
        "win_rate",
        "Opportunity win rate",
        Unit::Ratio,
        Better::Higher,
        Some(0.25),
        Some(0.40),
    )
}

fn revenue() -> KpiView {
    kv(
        "total_revenue",
        "Total sales revenue",
        Unit::Currency,
        Better::Higher,
        Some(4000.0),
        Some(5000.0),
    )
}

/// The `i`th month from April 2023: its first and last day.
fn month(i: usize) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(2023, 4, 1).unwrap() + chrono::Months::new(i as u32);
    let end = start + chrono::Months::new(1) - chrono::Days::new(1);
    (start, end)
}

fn trend() -> Trend {
    let months = [
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
    ];
    let mut points: Vec<TrendPoint> = months
        .iter()
        .enumerate()
        .map(|(i, m)| TrendPoint {
            label: format!("{m} {}", if i < 9 { 2023 } else { 2024 }),
            start: month(i).0,
            end: month(i).1,
            value: Some(3000.0 + 150.0 * i as f64 + if i % 3 == 0 { 400.0 } else { 0.0 }),
            goal: (i >= 3).then_some(4000.0),
            paced_goal: None,
        })
        .collect();
    let mut forecast = Vec::new();
    for (j, m) in ["Apr 2024", "May 2024", "Jun 2024"].iter().enumerate() {
        points.push(TrendPoint {
            label: m.to_string(),
            start: month(12 + j).0,
            end: month(12 + j).1,
            value: None,
            goal: Some(4200.0),
            paced_goal: None,
        });
        let v = 4800.0 + 100.0 * j as f64;
        forecast.push(ForecastMark {
            index: 12 + j,
            label: m.to_string(),
            value: v,
            low: v - 500.0 * (j + 1) as f64,
            high: v + 500.0 * (j + 1) as f64,
        });
    }
    Trend {
        kpi: revenue(),
        points,
        forecast,
        forecast_note: None,
        notes: Vec::new(),
    }
}

fn breakdown() -> Breakdown {
    let bar = |label: &str, value: f64, goal: Option<f64>| Bar {
        label: label.into(),
        value,
        goal,
        status: goal.map_or(Status::None, |g| {
            salescope_core::attain(Better::Higher, value, g, Thresholds::default()).1
        }),
    };
    Breakdown {
        kpi: revenue(),
        dimension: "region".into(),
        bars: vec![
            bar("Île-de-France", 9200.0, Some(8000.0)),
            bar("王小明 (台北)", 7400.0, Some(8000.0)),
            bar("Zoë Müller-Lüdenscheidt Großhandel", 5100.0, Some(6000.0)),
            bar("(blank)", 800.0, None),
        ],
        without_value: 1,
    }
}

fn funnel() -> Vec<FunnelStep> {
    let s = |n: &str, v: f64| FunnelStep {
        name: n.into(),
        value: Some(v),
        reason: None,
    };
    vec![
        s("Leads", 1000.0),
        s("Qualified", 400.0),
        s("Deals", 120.0),
        s("Won", 30.0),
    ]
}

fn scorecard() -> ScorecardView {
    let p = |name: &str, kpis: Vec<KpiView>| {
        let scored: Vec<f64> = kpis
            .iter()
            .filter_map(|k| k.attainment)
            .map(|a| a.min(1.5))
            .collect();
        let score = (!scored.is_empty()).then(|| scored.iter().sum::<f64>() / scored.len() as f64);
        let status = score.map_or(Status::None, |s| {
            salescope_core::attain(Better::Higher, s, 1.0, Thresholds::default()).1
        });
        PerspectiveView {
            name: name.into(),
            score,
            status,
            kpis,
        }
    };
    let c = |id: &str, n: &str, v: f64, g: f64| {
        kv(id, n, Unit::Count, Better::Higher, Some(v), Some(g))
    };
    ScorecardView {
        thresholds: Thresholds::default(),
        score: Some(0.93),
        status: Status::Amber,
        perspectives: vec![
            p(
                "Lead generation",
                vec![
                    c("new_leads", "New leads", 120.0, 100.0),
                    c("qualified_leads", "Qualified leads", 40.0, 50.0),
                    kv(
                        "cost_per_lead",
                        "Cost per lead (CPL)",
                        Unit::Currency,
                        Better::Lower,
                        None,
                        None,
                    ),
                ],
            ),
            p(
                "Sales activity",
                vec![
                    c("calls_made", "Calls made", 900.0, 1000.0),
                    c("emails_sent", "Emails sent", 2100.0, 2000.0),
                    kv(
                        "lead_response_time_hours",
                        "Lead response time",
                        Unit::Hours,
                        Better::Lower,
                        Some(5.5),
                        Some(4.0),
                    ),
                ],
            ),
            p(
                "Conversion",
                vec![
                    win_rate(),
                    kv(
                        "sales_cycle_days",
                        "Sales cycle length",
                        Unit::Days,
                        Better::Lower,
                        Some(40.0),
                        Some(45.0),
                    ),
                ],
            ),
            p(
                "Revenue",
                vec![
                    revenue(),
                    c("deals_won", "Deals won / orders", 2.0, 3.0),
                    kv(
                        "mrr",
                        "Monthly recurring revenue",
                        Unit::Currency,
                        Better::Higher,
                        None,
                        None,
                    ),
                ],
            ),
        ],
    }
}

fn charts() -> Vec<(&'static str, Chart)> {
    let mut tile = kv(
        "new_leads",
        "New leads",
        Unit::Count,
        Better::Higher,
        Some(120.0),
        Some(100.0),
    );
    tile.spark = [
        80.0, 95.0, 90.0, 110.0, 100.0, 105.0, 98.0, 112.0, 118.0, 101.0, 108.0, 120.0,
    ]
    .map(Some)
    .to_vec();
    let lower = kv(
        "sales_cycle_days",
        "Sales cycle length",
        Unit::Days,
        Better::Lower,
        Some(40.0),
        Some(45.0),
    );
    let missing = kv(
        "cost_per_lead",
        "Cost per lead (CPL)",
        Unit::Currency,
        Better::Lower,
        None,
        None,
    );
    vec![
        (
            "gauge",
            Chart {
                frame: frame("Opportunity win rate"),
                body: Body::Gauge(win_rate()),
            },
        ),
        (
            "gauge-lower-is-better",
            Chart {
                frame: frame("Sales cycle length"),
                body: Body::Gauge(lower),
            },
        ),
        (
            "gauge-no-value",
            Chart {
                frame: frame("Cost per lead"),
                body: Body::Gauge(missing.clone()),
            },
        ),
        (
            "bullet",
            Chart {
                frame: frame("Total sales revenue"),
                body: Body::Bullet(revenue()),
            },
        ),
        (
            "tile",
            Chart {
                frame: frame("New leads"),
                body: Body::Tile(tile),
            },
        ),
        (
            "tile-no-value",
            Chart {
                frame: frame("Cost per lead"),
                body: Body::Tile(missing),
            },
        ),
        (
            "trend",
            Chart {
                frame: frame("Total sales revenue: monthly trend"),
                body: Body::Trend(trend()),
            },
        ),
        (
            "breakdown",
            Chart {
                frame: frame("Total sales revenue by region"),
                body: Body::Breakdown(breakdown()),
            },
        ),
        (
            "funnel",
            Chart {
                frame: frame("Sales funnel"),
                body: Body::Funnel(funnel()),
            },
        ),
        (
            "scorecard",
            Chart {
                frame: frame("Sales scorecard"),
                body: Body::Scorecard(scorecard()),
            },
        ),
        (
            "outlook",
            Chart {
                frame: frame("Outlook: will we hit the goal?"),
                body: Body::Outlook(outlook()),
            },
        ),
        (
            "leaderboard",
            Chart {
                frame: frame("Total sales revenue: leaderboard by rep"),
                body: Body::Leaderboard(leaderboard()),
            },
        ),
        (
            "trend-with-notes",
            Chart {
                frame: Frame {
                    definitions: vec![
                        "total_revenue = won deal amount by close date".into(),
                        "Notes: (1) 1 Jul 2023: price list 2023 live; (2) 12 Jan 2024: two reps left"
                            .into(),
                    ],
                    ..frame("Total sales revenue: monthly trend")
                },
                body: Body::Trend(Trend {
                    notes: vec![
                        TrendNote {
                            id: 1,
                            index: 3,
                            text: "1 Jul 2023: price list 2023 live".into(),
                        },
                        TrendNote {
                            id: 2,
                            index: 9,
                            text: "12 Jan 2024: two reps left".into(),
                        },
                    ],
                    ..trend()
                }),
            },
        ),
        (
            "waterfall",
            Chart {
                frame: frame("Total sales revenue: why it moved, by region"),
                body: Body::Waterfall(waterfall()),
            },
        ),
    ]
}

/// The catalog's worked example of section 8: revenue 800 → 950.
fn waterfall() -> WaterfallView {
    WaterfallView {
        unit: Unit::Currency,
        better: Better::Higher,
        base_label: "2024-Q1".into(),
        base: Some(800.0),
        period_label: "2024-Q2".into(),
        value: Some(950.0),
        steps: vec![("East".into(), 200.0), ("West".into(), -50.0)],
        text: "Total sales revenue rose $150 (+18.8%) vs 2024-Q1: East +$200, West −$50.".into(),
    }
}

/// The catalog's worked example of section 7 (as of mid-May, 2024-Q2).
fn outlook() -> OutlookView {
    OutlookView {
        goal: Some(1_000_000.0),
        rolled_up: false,
        closed: 400_000.0,
        commit: 300_000.0,
        best_case: 200_000.0,
        pipeline: 700_000.0,
        gap: Some(600_000.0),
        coverage: Some(2.0),
        weighted: Some(700_000.0),
        overdue: (1, 50_000.0),
        period_over: false,
    }
}

/// Two reps tied at goal, one over, one under, one without a goal.
fn leaderboard() -> LeaderboardView {
    let row = |label: &str, value: f64, goal: Option<f64>, rank: Option<u32>| {
        let attainment = goal.map(|g| value / g);
        LeaderRow {
            label: label.into(),
            value: Some(value),
            goal,
            attainment,
            status: match attainment {
                Some(a) if a >= 1.0 => Status::Green,
                Some(a) if a >= 0.9 => Status::Amber,
                Some(_) => Status::Red,
                None => Status::None,
            },
            rank,
        }
    };
    LeaderboardView {
        name: "Total sales revenue".into(),
        unit: Unit::Currency,
        dimension: "rep".into(),
        rows: vec![
            row("Cid", 36_000.0, Some(30_000.0), Some(1)),
            row("Dee", 15_000.0, Some(15_000.0), Some(2)),
            row("Eve", 20_000.0, Some(20_000.0), Some(2)),
            row("Bob", 47_500.0, Some(50_000.0), Some(4)),
            row("Ann", 100_000.0, Some(300_000.0), Some(5)),
            row("Fay", 12_000.0, None, None),
        ],
        at_goal_share: Some(0.6),
        median: Some(1.0),
    }
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn every_chart_type_matches_its_golden_svg() {
    let update = std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("golden-actual");
    std::fs::create_dir_all(&out).unwrap();
    let mut stale = Vec::new();
    for (name, c) in charts() {
        let svg = salescope_core::svg(&c, 960, 540, true).unwrap();
        // A picture of each, to look at when a drawing changes.
        let png = salescope_core::png(&svg, 1.0, &PngInfo::default()).unwrap();
        std::fs::write(out.join(format!("{name}.png")), png).unwrap();
        let path = golden_dir().join(format!("{name}.svg"));
        if update {
            std::fs::write(&path, &svg).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run UPDATE_GOLDEN=1 cargo test -p salescope-core --test tests chart::",
                path.display()
            )
        });
        if want != svg {
            std::fs::write(out.join(format!("{name}.svg")), &svg).unwrap();
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "these charts differ from tests/golden: {stale:?}; the new drawings are in {}; if the change is intended, run UPDATE_GOLDEN=1 cargo test -p salescope-core --test tests chart::",
        out.display()
    );
}

fn shows(svg: &str, chart: &str, texts: &[&str]) {
    for text in texts {
        assert!(svg.contains(text), "{chart} lacks {text}");
    }
}

#[test]
fn svg_carries_the_frame_and_the_numbers() {
    let cs = charts();
    let svg = |name: &str| {
        salescope_core::svg(
            &cs.iter().find(|(n, _)| *n == name).unwrap().1,
            960,
            540,
            true,
        )
        .unwrap()
    };
    let g = svg("gauge");
    assert!(
        g.starts_with("<svg width=\"960\" height=\"540\" viewBox=\"0 0 3840 2160\""),
        "{}",
        &g[..80]
    );
    shows(
        &g,
        "gauge",
        &[
            "\nOpportunity win rate\n",
            "\n25.0%\n",
            "\nGoal 40%\n",
            "\nGoal 40.0% · 62% of goal\n",
            "\nbelow goal\n",
            "\nData through 31 Mar 2024\n",
            "region: East",
            "[closed]",
            "\nSalescope\n",
        ],
    );
    let b = svg("breakdown");
    shows(
        &b,
        "breakdown",
        &[
            "\nÎle-de-France\n",
            "\n王小明 (台北)\n",
            "\n$9,200\n",
            "\n$800\n",
            "1 without a value",
        ],
    );
    let f = svg("funnel");
    shows(
        &f,
        "funnel",
        &[
            "\n1,000\n",
            "\n400\n",
            "40% of leads",
            "30% of qualified",
            "25% of deals",
        ],
    );
    let s = svg("scorecard");
    shows(
        &s,
        "scorecard",
        &[
            "Overall score 93%",
            "\nLead generation\n",
            "\nRevenue\n",
            "Needs more data: Cost per lead (CPL)",
        ],
    );
    // The on-screen SVG has no text left: glyphs are outlines of the embedded fonts.
    let d = salescope_core::display_svg(&b).unwrap();
    assert!(
        !d.contains("<text") && d.contains("<path"),
        "text was not turned into outlines"
    );
    assert!(
        d.starts_with("<svg width=\"960\" height=\"540\" viewBox=\"0 0 960 540\""),
        "{}",
        &d[..80]
    );
}

struct Image {
    w: u32,
    h: u32,
    rgba: Vec<u8>,
    ppm: Option<u32>,
    texts: Vec<(String, String)>,
}

fn decode(bytes: &[u8]) -> Image {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND);
    let mut r = dec.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    r.finish().unwrap();
    let meta = r.info();
    let texts = meta
        .utf8_text
        .iter()
        .map(|t| (t.keyword.clone(), t.get_text().unwrap()))
        .chain(
            meta.uncompressed_latin1_text
                .iter()
                .map(|t| (t.keyword.clone(), t.text.clone())),
        )
        .collect();
    Image {
        w: info.width,
        h: info.height,
        rgba: buf,
        ppm: meta.pixel_dims.map(|d| d.xppu),
        texts,
    }
}

impl Image {
    fn px(&self, x: f64, y: f64) -> [u8; 3] {
        let i = ((y.round() as u32 * self.w + x.round() as u32) * 4) as usize;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]
    }
    fn inked(&self) -> f64 {
        let n = self
            .rgba
            .chunks(4)
            .filter(|p| p[0] < 245 || p[1] < 245 || p[2] < 245)
            .count();
        n as f64 / (self.w * self.h) as f64
    }
}

fn rgb(c: plotters::style::RGBColor) -> [u8; 3] {
    [c.0, c.1, c.2]
}

fn close(got: [u8; 3], want: [u8; 3], what: &str) {
    let d = got
        .iter()
        .zip(want)
        .map(|(a, b)| (*a as i32 - b as i32).abs())
        .max()
        .unwrap();
    assert!(d <= 6, "{what}: pixel {got:?}, expected {want:?}");
}

#[test]
fn png_has_its_size_resolution_metadata_and_colours_where_expected() {
    // A bare gauge, 800x500 at 2x: win rate 25% against a 40% goal.
    let c = Chart {
        frame: frame("Opportunity win rate"),
        body: Body::Gauge(win_rate()),
    };
    let svg = salescope_core::svg(&c, 800, 500, false).unwrap();
    let info = PngInfo {
        title: "Win rate — 2024-Q1".into(),
        description: "win_rate = won / (won + lost)".into(),
    };
    let img = decode(&salescope_core::png(&svg, 2.0, &info).unwrap());
    assert_eq!((img.w, img.h), (1600, 1000));
    assert_eq!(img.ppm, Some(7559), "192 dpi");
    assert!(
        img.texts
            .contains(&("Title".into(), "Win rate — 2024-Q1".into())),
        "{:?}",
        img.texts
    );
    assert!(img.texts.contains(&("Software".into(), "Salescope".into())));
    assert!(img.inked() > 0.05, "the image is nearly blank");
    // The body is the canvas inset by 4% of its short side.
    let pad = 500.0 * 0.04;
    let (cx, cy, r, thick) = salescope_core::internals::draw::gauge_geometry(Rect::new(
        pad,
        pad,
        800.0 - 2.0 * pad,
        500.0 - 2.0 * pad,
    ));
    let at = |deg: f64, radius: f64| {
        let a = f64::to_radians(deg);
        img.px((cx + radius * a.cos()) * 2.0, (cy + radius * a.sin()) * 2.0)
    };
    let band = r - thick / 2.0;
    // The scale ends at 60%: red to 36% (90% of the goal), amber to 40%,
    // green above; the needle at 25% points at 180° + 180° × 25/60 = 255°.
    let (_, max) = salescope_core::internals::draw::bands(&win_rate());
    assert_eq!(max, 0.6);
    close(
        at(249.0, band),
        rgb(salescope_core::internals::draw::RED_BAND),
        "the band beside the needle",
    );
    close(
        at(255.0, r * 0.5),
        rgb(salescope_core::internals::draw::INK),
        "the needle",
    );
    close(
        at(294.0, band),
        rgb(salescope_core::internals::draw::AMBER_BAND),
        "the amber band",
    );
    close(
        at(330.0, band),
        rgb(salescope_core::internals::draw::GREEN_BAND),
        "the green band",
    );
    close(img.px(4.0, 4.0), [255, 255, 255], "the background");
}

#[test]
fn tile_shows_its_status_colour() {
    for (value, status) in [
        (120.0, salescope_core::internals::draw::GREEN),
        (95.0, salescope_core::internals::draw::AMBER),
        (50.0, salescope_core::internals::draw::RED),
    ] {
        let k = kv(
            "new_leads",
            "New leads",
            Unit::Count,
            Better::Higher,
            Some(value),
            Some(100.0),
        );
        let c = Chart {
            frame: frame("New leads"),
            body: Body::Tile(k),
        };
        let img = decode(
            &salescope_core::png(
                &salescope_core::svg(&c, 600, 400, false).unwrap(),
                1.0,
                &PngInfo::default(),
            )
            .unwrap(),
        );
        // The tile fills the body (inset 16 px); its status stripe runs down the left edge.
        close(
            img.px(20.0, 200.0),
            rgb(status),
            &format!("the stripe of {value} against 100"),
        );
    }
}

#[test]
fn every_preset_and_scale_renders_at_its_pixel_size() {
    let c = Chart {
        frame: frame("Sales scorecard"),
        body: Body::Scorecard(scorecard()),
    };
    for p in salescope_core::PRESETS {
        for scale in [1.0, 2.0] {
            let svg = salescope_core::svg(&c, p.width, p.height, true).unwrap();
            let img = decode(&salescope_core::png(&svg, scale, &PngInfo::default()).unwrap());
            assert_eq!(
                (img.w, img.h),
                (
                    (p.width as f64 * scale) as u32,
                    (p.height as f64 * scale) as u32
                )
            );
            assert!(img.inked() > 0.1, "{} at {scale}x is nearly blank", p.id);
        }
    }
    // Text grows with the image: the title's size at 3840x2160 is twice that at 1920x1080.
    let size_of = |w: u32, h: u32| -> f64 {
        let svg = salescope_core::svg(&c, w, h, true).unwrap();
        let i = svg.find("\nSales scorecard\n").unwrap();
        let attr = &svg[..i][svg[..i].rfind("font-size=\"").unwrap() + 11..];
        attr[..attr.find('"').unwrap()].parse().unwrap()
    };
    let (a, b) = (size_of(1920, 1080), size_of(3840, 2160));
    assert!((b / a - 2.0).abs() < 0.01, "{a} -> {b}");
    assert!(Size {
        width: 1920,
        height: 1080,
        scale: 5.0
    }
    .validate()
    .is_err());
    assert!(Size {
        width: 100,
        height: 1080,
        scale: 1.0
    }
    .validate()
    .is_err());
    // 4096x4096 at 2x is 67 million pixels, 268 MB while encoded: refused.
    assert_eq!(
        Size {
            width: 4096,
            height: 4096,
            scale: 2.0
        }
        .validate()
        .unwrap_err()
        .message,
        "4096x4096 at 2x would be 67 million pixels; the limit is 40 million"
    );
    // The largest slide preset at 3x stays within it.
    assert!(Size {
        width: 1920,
        height: 1080,
        scale: 3.0
    }
    .validate()
    .is_ok());
}

#[test]
fn chart_names_parse_and_bad_ones_say_what_is_expected() {
    assert_eq!(
        ChartKind::parse("gauge:win_rate").unwrap(),
        ChartKind::Gauge("win_rate".into())
    );
    assert_eq!(
        ChartKind::parse("breakdown:total_revenue:Region").unwrap(),
        ChartKind::Breakdown("total_revenue".into(), "region".into())
    );
    assert_eq!(
        ChartKind::parse(" scorecard ").unwrap().file_stem(),
        "scorecard"
    );
    assert_eq!(
        ChartKind::parse("trend:new_leads").unwrap().file_stem(),
        "trend-new_leads"
    );
    // A dimension written into the spec cannot lead the file out of its folder.
    assert_eq!(
        ChartKind::parse("breakdown:total_revenue:/../region")
            .unwrap()
            .file_stem(),
        "breakdown-total_revenue-____region"
    );
    let e = ChartKind::parse("pie:win_rate").unwrap_err().to_string();
    assert!(
        e.contains("\"pie:win_rate\" is not a chart") && e.contains("breakdown:KPI:DIMENSION"),
        "{e}"
    );
    let e = ChartKind::parse("gauge:win_ratio").unwrap_err().to_string();
    assert!(e.contains("win_ratio"), "{e}");
}

#[test]
fn every_chart_of_the_sample_renders_from_real_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::sample_store(dir.path());
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let q = Query::default();
    let set = salescope_core::meeting_set(&ctx, &q).unwrap();
    let kinds: Vec<&str> = set
        .iter()
        .map(|k| match k {
            ChartKind::Scorecard => "scorecard",
            ChartKind::Funnel => "funnel",
            ChartKind::Gauge(_) => "gauge",
            ChartKind::Bullet(_) => "bullet",
            ChartKind::Tile(_) => "tile",
            ChartKind::Trend(_) => "trend",
            ChartKind::Breakdown(..) => "breakdown",
            ChartKind::Outlook => "outlook",
            ChartKind::Leaderboard(..) => "leaderboard",
            ChartKind::Explain(..) => "explain",
        })
        .collect();
    for k in [
        "scorecard",
        "funnel",
        "outlook",
        "leaderboard",
        "gauge",
        "bullet",
        "tile",
        "trend",
        "breakdown",
    ] {
        assert!(kinds.contains(&k), "the meeting set has no {k}: {kinds:?}");
    }
    assert!(set.contains(&ChartKind::Breakdown(
        "total_revenue".into(),
        "region".into()
    )));
    let size = Size {
        width: 960,
        height: 540,
        scale: 1.0,
    };
    for kind in &set {
        let r = salescope_core::render(&ctx, &q, kind, size).unwrap();
        let card = salescope_core::scorecard(&ctx, &q).unwrap();
        assert!(
            r.svg.contains(&format!("\n{} (", card.period.label)),
            "{}: no period",
            kind.spec()
        );
        let img = decode(&salescope_core::png(&r.svg, 1.0, &r.png_info()).unwrap());
        assert_eq!((img.w, img.h), (960, 540));
        assert!(img.inked() > 0.03, "{} is nearly blank", kind.spec());
    }
    // The numbers on the charts are the engine's.
    let card = salescope_core::scorecard(&ctx, &q).unwrap();
    let revenue = card.kpis.iter().find(|k| k.id == "total_revenue").unwrap();
    let g =
        salescope_core::render(&ctx, &q, &ChartKind::Gauge("total_revenue".into()), size).unwrap();
    let shown = salescope_core::format_value(
        salescope_core::Unit::Currency,
        revenue.value.unwrap(),
        g.chart.frame.currency.as_deref(),
    );
    assert!(
        g.svg.contains(&format!("\n{shown}\n")),
        "the gauge does not show {shown}"
    );
    let f = salescope_core::funnel(&ctx, &q).unwrap();
    let fsvg = salescope_core::render(&ctx, &q, &ChartKind::Funnel, size)
        .unwrap()
        .svg;
    for s in &f.stages {
        let v = salescope_core::format_grouped(s.value.unwrap(), 0);
        assert!(
            fsvg.contains(&format!("\n{v}\n")),
            "the funnel does not show {} = {v}",
            s.name
        );
    }
    let b = salescope_core::render(
        &ctx,
        &q,
        &ChartKind::Breakdown("total_revenue".into(), "region".into()),
        size,
    )
    .unwrap();
    let Body::Breakdown(bd) = &b.chart.body else {
        panic!()
    };
    assert!(
        bd.bars.windows(2).all(|w| w[0].value >= w[1].value),
        "not sorted best first"
    );
    let sum: f64 = bd.bars.iter().map(|b| b.value).sum();
    assert!(
        (sum - revenue.value.unwrap()).abs() < 0.01,
        "regions add to {sum}, not {}",
        revenue.value.unwrap()
    );
}

#[test]
fn names_from_the_public_corpus_render_in_accents_and_chinese() {
    let Some(dir) = common::corpus() else { return };
    use calamine::{Data, Reader};
    // The Traditional Chinese rep report (xlsx content under an .ods name).
    let path = dir.join("rep_sales_2024q1_zh_tw_xlsx_content_named_ods.ods");
    let bytes = std::fs::read(&path).unwrap();
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    // The reps, below the header cell 姓名 ("name").
    let mut names: Vec<String> = range
        .rows()
        .skip_while(|r| r.first() != Some(&Data::String("姓名".into())))
        .skip(1)
        .filter_map(|r| match r.first() {
            Some(Data::String(s)) if s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) => {
                Some(s.trim().to_string())
            }
            _ => None,
        })
        .collect();
    names.truncate(6);
    assert!(
        names.len() >= 3,
        "expected Chinese names in {}: {names:?}",
        path.display()
    );
    // French regions with accents, from the Tableau sample.
    let csv =
        std::fs::read_to_string(dir.join("tableau_exemple_hypermarche_achats_fr_semicolon.csv"))
            .unwrap();
    let accented: Vec<String> = csv
        .split(['\n', ';'])
        .map(|f| f.trim().trim_start_matches('\u{feff}'))
        .filter(|f| f.chars().any(|c| "éèêàçôÎî".contains(c)) && f.len() < 30 && !f.contains(' '))
        .take(3)
        .map(str::to_string)
        .collect();
    assert!(!accented.is_empty());
    let mut bd = breakdown();
    bd.bars = names
        .iter()
        .chain(&accented)
        .enumerate()
        .map(|(i, n)| Bar {
            label: n.clone(),
            value: 1000.0 - 50.0 * i as f64,
            goal: None,
            status: Status::None,
        })
        .collect();
    let c = Chart {
        frame: frame("Revenue by rep"),
        body: Body::Breakdown(bd),
    };
    let svg = salescope_core::svg(&c, 960, 540, true).unwrap();
    for n in names.iter().chain(&accented) {
        assert!(svg.contains(&format!("\n{n}\n")), "{n} is not on the chart");
    }
    for n in names.iter().chain(&accented) {
        assert_real_glyphs(n);
    }
}

/// Each character of `text` drawn alone differs from a missing-glyph box (a
/// private-use character no font has): its glyph is real.
fn assert_real_glyphs(text: &str) {
    let draw = |t: &str| {
        let s = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"60\" height=\"60\"><text x=\"4\" y=\"40\" font-family=\"Inter\" font-size=\"28\">{t}</text></svg>");
        decode(&salescope_core::png(&s, 1.0, &PngInfo::default()).unwrap()).rgba
    };
    let tofu = draw("\u{E000}");
    for ch in text.chars().filter(|c| !c.is_whitespace()) {
        let real = draw(&ch.to_string());
        assert_ne!(real, tofu, "{ch} of {text} renders as a missing-glyph box");
        assert!(
            real.chunks(4).any(|p| p[0] < 160),
            "{ch} of {text} drew nothing"
        );
    }
}

#[test]
fn korean_japanese_and_accented_names_render() {
    for name in ["김민준", "さくら 田中", "Zoë Ångström-Øre", "José Núñez"] {
        assert_real_glyphs(name);
    }
}

#[test]
fn charts_print_the_currency_of_the_data_or_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    let file = dir.path().join("deals.csv");
    std::fs::write(
        &file,
        "Deal ID,Created Date,Close Date,Stage,Amount\n\
         D1,2024-01-05,2024-01-25,Won,\"€1.500,00\"\n\
         D2,2024-01-10,2024-02-09,Won,\"€2.500,00\"\n",
    )
    .unwrap();
    import_file(&mut store, &file, &ImportOptions::default(), &NoProgress).unwrap();
    let q = Query {
        period: Some("2024-Q1".into()),
        ..Query::default()
    };
    let kind = ChartKind::Bullet("total_revenue".into());
    let size = Size::default();
    let ws = Workspace::load(&store).unwrap();
    let r = salescope_core::render(&ws.context(), &q, &kind, size).unwrap();
    assert_eq!(r.chart.frame.currency.as_deref(), Some("€"));
    assert!(r.svg.contains("\n€4,000\n"), "the value is not in euros");
    assert!(r.svg.contains("\n€5,000\n"), "the scale is not in euros");
    salescope_core::KpiSettings::set(store.conn(), "currency", "CHF").unwrap();
    let ws = Workspace::load(&store).unwrap();
    let r = salescope_core::render(&ws.context(), &q, &kind, size).unwrap();
    assert!(r.svg.contains("\nCHF 4,000\n"), "the setting does not win");
    let e = salescope_core::KpiSettings::set(store.conn(), "currency", "12")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("currency is a symbol or code of up to 5 characters"),
        "{e}"
    );
}

#[test]
fn a_month_in_progress_shows_its_paced_goal_and_a_past_view_no_forecast() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::sample_store(dir.path());
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let kind = ChartKind::Trend("total_revenue".into());
    // 10 November 2025 in the sample: November is paced at 10/30 of its goal.
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 10).unwrap();
    let q = Query {
        period: Some("2025-11".into()),
        today: Some(today),
        ..Query::default()
    };
    let c = salescope_core::internals::chart_data::build(&ctx, &q, &kind).unwrap();
    let Body::Trend(t) = &c.body else { panic!() };
    // The data reaches December: the axis runs to it, then the forecast.
    assert_eq!(t.points.len(), 15);
    let nov = &t.points[10];
    assert_eq!(nov.label, "Nov 2025");
    let goal = nov.goal.expect("the sample has a goal for November");
    assert_eq!(nov.paced_goal, Some(goal * 10.0 / 30.0));
    // November is computed to the 10th, as the scorecard computes it; December is to come.
    let card = salescope_core::scorecard(&ctx, &q).unwrap();
    let rev = card.kpis.iter().find(|k| k.id == "total_revenue").unwrap();
    assert_eq!(nov.value, rev.value);
    assert_eq!(t.points[11].value, None);
    assert!(t
        .points
        .iter()
        .enumerate()
        .all(|(i, p)| (i == 10) == p.paced_goal.is_some()));
    assert!(
        c.frame.subtitle.contains("to date 10 Nov 2025"),
        "{}",
        c.frame.subtitle
    );
    let svg = salescope_core::svg(&c, 960, 540, true).unwrap();
    assert!(svg.contains("\ngoal to date\n"));
    // Looking back a year: the forecast belongs to the data's end, not here.
    let q = Query {
        period: Some("2024-Q4".into()),
        ..Query::default()
    };
    let c = salescope_core::internals::chart_data::build(&ctx, &q, &kind).unwrap();
    let Body::Trend(t) = &c.body else { panic!() };
    assert!(t.forecast.is_empty());
    assert_eq!(t.points.first().map(|p| p.label.as_str()), Some("Jan 2024"));
    assert!(
        t.forecast_note
            .as_deref()
            .is_some_and(|n| n.contains("starts at 2026-01")),
        "{:?}",
        t.forecast_note
    );
    // The latest complete quarter reaches the data's end: the forecast follows.
    let c = salescope_core::internals::chart_data::build(&ctx, &Query::default(), &kind).unwrap();
    let Body::Trend(t) = &c.body else { panic!() };
    assert_eq!(
        t.forecast
            .iter()
            .map(|f| f.label.as_str())
            .collect::<Vec<_>>(),
        ["Jan 2026", "Feb 2026", "Mar 2026"]
    );
    assert_eq!(t.points.len(), 15);
    assert!(t
        .forecast
        .iter()
        .all(|f| f.low <= f.value && f.value <= f.high));
}

#[test]
fn extreme_inputs_render_without_failing_or_spilling() {
    let mut charts = Vec::new();
    let odd = |label: &str, value: f64| Bar {
        label: label.into(),
        value,
        goal: Some(1.0),
        status: Status::Red,
    };
    let mut bd = breakdown();
    bd.bars = vec![
        odd("R&D <West> \"x\" 'y'\u{1}\t", 5.0),
        odd(&"Very long name ".repeat(2000), -3.0),
    ];
    charts.push(Body::Breakdown(bd.clone()));
    bd.bars = (0..300)
        .map(|i| odd(&format!("rep {i}"), 1e12 - i as f64))
        .collect();
    charts.push(Body::Breakdown(bd.clone()));
    bd.bars.clear();
    charts.push(Body::Breakdown(bd));
    let mut zero_goal = revenue();
    zero_goal.goal = Some(0.0);
    zero_goal.value = Some(-250.0);
    let mut huge = revenue();
    huge.value = Some(9.9e14);
    huge.goal = Some(1e15);
    for k in [
        zero_goal,
        huge,
        kv(
            "x",
            "Cost per lead",
            Unit::Currency,
            Better::Lower,
            Some(0.0),
            Some(10.0),
        ),
    ] {
        charts.push(Body::Gauge(k.clone()));
        charts.push(Body::Bullet(k.clone()));
        charts.push(Body::Tile(k));
    }
    let mut t = trend();
    for p in &mut t.points {
        p.value = None;
    }
    t.forecast.clear();
    charts.push(Body::Trend(t));
    let mut t = trend();
    t.points.truncate(1);
    t.forecast.clear();
    charts.push(Body::Trend(t));
    charts.push(Body::Funnel(vec![
        FunnelStep {
            name: "Leads".into(),
            value: Some(0.0),
            reason: None,
        },
        FunnelStep {
            name: "Qualified".into(),
            value: None,
            reason: Some("needs a qualified column in the leads".into()),
        },
        FunnelStep {
            name: "Deals".into(),
            value: Some(5.0),
            reason: None,
        },
        FunnelStep {
            name: "Won".into(),
            value: Some(5.0),
            reason: None,
        },
    ]));
    let mut sc = scorecard();
    for p in &mut sc.perspectives {
        for k in &mut p.kpis {
            k.value = None;
        }
    }
    charts.push(Body::Scorecard(sc));
    let mut f = frame("A title that goes on and on ".repeat(20).as_str());
    f.definitions = vec!["definition ".repeat(400)];
    for (i, body) in charts.into_iter().enumerate() {
        for (w, h) in [(1920, 1080), (1080, 1080), (600, 200), (200, 600)] {
            let c = Chart {
                frame: f.clone(),
                body: body.clone(),
            };
            let svg = salescope_core::svg(&c, w, h, true)
                .unwrap_or_else(|e| panic!("chart {i} at {w}x{h}: {e}"));
            // Control characters are gone and markup is escaped: the SVG parses.
            assert!(!svg.contains('\u{1}'));
            let png = salescope_core::png(&svg, 1.0, &PngInfo::default())
                .unwrap_or_else(|e| panic!("chart {i} at {w}x{h}: {e}"));
            assert_eq!(decode(&png).w, w);
        }
    }
    let c = Chart {
        frame: frame("t"),
        body: Body::Breakdown(breakdown()),
    };
    let mut b = breakdown();
    b.bars[0].label = "R&D <West>".into();
    let svg = salescope_core::svg(
        &Chart {
            body: Body::Breakdown(b),
            ..c
        },
        960,
        540,
        true,
    )
    .unwrap();
    assert!(svg.contains("\nR&amp;D &lt;West&gt;\n"));
}
