//! Drawing every chart type onto a [`Canvas`]. Sizes are fractions of the
//! box a chart gets, so text grows with the image and nothing is a fixed
//! pixel size.

use plotters::style::RGBColor;

use super::canvas::{ring, Align, Canvas};
use super::data::{
    Body, Breakdown, Chart, Frame, FunnelStep, KpiView, LeaderRow, ScorecardView, Trend,
};
use super::fonts;
use crate::error::Result;
use crate::kpi::{Better, Status, Thresholds, Unit};
use crate::text as format;

mod breakdown;
mod bullet;
mod funnel;
mod gauge;
mod leaderboard;
mod outlook;
mod scorecard;
mod slide;
mod tile;
mod trend;
mod waterfall;

pub use breakdown::breakdown;
pub use bullet::bullet_chart;
pub use funnel::funnel;
pub use gauge::{gauge, gauge_geometry};
pub use leaderboard::leaderboard;
pub use outlook::outlook;
pub use scorecard::scorecard;
pub use slide::{slide, TITLE_BOX, TITLE_SIZE};
pub use tile::tile;
pub use trend::trend;
pub use waterfall::waterfall;

/// The smallest text a chart body draws, in its own pixels. Text scales with the
/// chart's area from a slide-sized reference, so a chart the size of a dashboard
/// card (430×300) would otherwise label its bars in 6 px type.
const MIN_TEXT: f64 = 11.0;

/// The body text size of a chart drawn in `b`: `at_reference` px on a body of
/// `reference` (a 1920×1080 slide's body), scaled with the area, never under
/// [`MIN_TEXT`] nor the canvas's own floor (a slide's charts are read
/// from across a room).
fn text_size(c: &Canvas<'_>, b: Rect, at_reference: f64, reference: (f64, f64)) -> f64 {
    (at_reference * (b.w * b.h / (reference.0 * reference.1)).sqrt())
        .max(MIN_TEXT)
        .max(c.min_text.get())
}

pub const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
pub const INK: RGBColor = RGBColor(0x1F, 0x29, 0x37);
pub const MUTED: RGBColor = RGBColor(0x6B, 0x72, 0x80);
pub const FAINT: RGBColor = RGBColor(0xB6, 0xBC, 0xC6);
pub const RULE: RGBColor = RGBColor(0xE5, 0xE7, 0xEB);
pub const PANEL: RGBColor = RGBColor(0xF4, 0xF6, 0xF9);
pub const ACCENT: RGBColor = RGBColor(0x1E, 0x40, 0xAF);
pub const ACCENT_LIGHT: RGBColor = RGBColor(0xC7, 0xD7, 0xFB);
pub const GREEN: RGBColor = RGBColor(0x15, 0x80, 0x3D);
pub const AMBER: RGBColor = RGBColor(0xD9, 0x77, 0x06);
pub const RED: RGBColor = RGBColor(0xDC, 0x26, 0x26);
pub const NO_STATUS: RGBColor = RGBColor(0x9C, 0xA3, 0xAF);
/// The qualitative bands of gauges and bullets.
pub const GREEN_BAND: RGBColor = RGBColor(0x86, 0xEF, 0xAC);
pub const AMBER_BAND: RGBColor = RGBColor(0xFD, 0xE6, 0x8A);
pub const RED_BAND: RGBColor = RGBColor(0xFC, 0xA5, 0xA5);
pub const TRACK: RGBColor = RGBColor(0xE5, 0xE7, 0xEB);

#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
    fn inset(&self, dx: f64, dy: f64) -> Rect {
        Rect::new(
            self.x + dx,
            self.y + dy,
            (self.w - 2.0 * dx).max(1.0),
            (self.h - 2.0 * dy).max(1.0),
        )
    }
}

pub fn status_color(s: Status) -> RGBColor {
    match s {
        Status::Green => GREEN,
        Status::Amber => AMBER,
        Status::Red => RED,
        Status::None => NO_STATUS,
    }
}

pub(crate) fn status_words(s: Status) -> &'static str {
    match s {
        Status::Green => "on goal",
        Status::Amber => "near goal",
        Status::Red => "below goal",
        Status::None => "no goal",
    }
}

/// The smallest of `steps` × 10^k that is at least `v` (steps ascending,
/// ending with 10), exact for negative k (6 × 10^-1 is 0.6, not 0.6000000000000001).
fn step_ceil(v: f64, steps: &[f64]) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let e = v.log10().floor() as i32;
    let at = |m: f64| {
        if e >= 0 {
            m * 10f64.powi(e)
        } else {
            m / 10f64.powi(-e)
        }
    };
    steps
        .iter()
        .map(|m| at(*m))
        .find(|x| *x >= v * (1.0 - 1e-12))
        .unwrap_or_else(|| at(10.0))
}

/// The smallest "nice" number (1, 2, 2.5, 5 × 10^k) at least `v`.
pub fn nice_ceil(v: f64) -> f64 {
    step_ceil(v, &[1.0, 2.0, 2.5, 5.0, 10.0])
}

/// The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 (× 10^k) at least `v`:
/// the end of a dial or bullet scale.
pub fn scale_max(v: f64) -> f64 {
    step_ceil(v, &[1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0])
}

/// Evenly spaced nice ticks covering [lo, hi]: at least two.
pub fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return vec![0.0, 1.0];
    }
    let span = hi - lo;
    let step = nice_ceil(span / target.max(1) as f64);
    let first = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut t = first;
    while t <= hi + step * 0.5 && out.len() < 50 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        t += step;
    }
    if out.len() < 2 {
        out.push(first + step);
    }
    out
}

/// The qualitative bands of a KPI with a goal, as (from, to, colour) on a
/// scale from 0 to the returned maximum; without a goal, one neutral track.
pub fn bands(k: &KpiView) -> (Vec<(f64, f64, RGBColor)>, f64) {
    let v = k.value.unwrap_or(0.0).max(0.0);
    let Thresholds { green, amber } = k.thresholds;
    match k.goal.filter(|g| *g > 0.0) {
        Some(g) => {
            let (a, b, order) = match k.better {
                // attainment v/g: red below amber·g, amber to green·g, green above
                Better::Higher => (amber * g, green * g, [RED_BAND, AMBER_BAND, GREEN_BAND]),
                // attainment g/v: green up to g/green, amber to g/amber, red above
                Better::Lower => (
                    g / green.max(1e-9),
                    if amber > 0.0 { g / amber } else { g * 10.0 },
                    [GREEN_BAND, AMBER_BAND, RED_BAND],
                ),
            };
            let mut max = scale_max((b * 1.25).max(v * 1.08).max(g * 1.3));
            if k.unit == Unit::Ratio && max > 1.0 && v <= 1.0 && b <= 1.0 {
                max = 1.0;
            }
            let (a, b) = (a.min(max), b.min(max));
            (
                vec![(0.0, a, order[0]), (a, b, order[1]), (b, max, order[2])],
                max,
            )
        }
        None => {
            let mut max = scale_max((v * 1.25).max(k.previous.unwrap_or(0.0) * 1.1));
            if k.unit == Unit::Ratio && v <= 1.0 {
                max = max.min(1.0);
            }
            (vec![(0.0, max, TRACK)], max)
        }
    }
}

fn fraction(v: f64, max: f64) -> f64 {
    if max <= 0.0 {
        0.0
    } else {
        (v / max).clamp(0.0, 1.0)
    }
}

/// The frame around an exported chart: title, period and filters, data date,
/// and the definitions in a small footer. Returns the box left for the body.
fn frame(c: &Canvas<'_>, f: &Frame) -> Result<Rect> {
    let (w, h) = (c.w, c.h);
    let u = (w * h / (1920.0 * 1080.0)).sqrt();
    let m = 44.0 * u;
    let title = 42.0 * u;
    let sub = 22.0 * u;
    let foot = (15.0 * u).max(9.0);
    let mut y = m + title * 0.8;
    let brand = "Salescope";
    let brand_w = fonts::width(brand, sub, true);
    let t = fonts::fit(&f.title, title, true, w - 2.0 * m - brand_w - 2.0 * m);
    c.text(&t, m, y, title, true, INK, Align::Left)?;
    c.text(brand, w - m, y, sub, true, ACCENT, Align::Right)?;
    y += sub * 1.7;
    let dd_w = fonts::width(&f.data_date, sub, false);
    let s = fonts::fit(&f.subtitle, sub, false, w - 2.0 * m - dd_w - m);
    c.text(&s, m, y, sub, false, MUTED, Align::Left)?;
    c.text(&f.data_date, w - m, y, sub, false, MUTED, Align::Right)?;
    let top = y + sub * 1.1;
    c.rect(m, top, w - m, top + (1.5 * u).max(1.0), RULE)?;

    let mut lines: Vec<String> = Vec::new();
    for d in &f.definitions {
        lines.extend(fonts::wrap(d, foot, w - 2.0 * m));
    }
    if lines.len() > 3 {
        lines.truncate(3);
        let last = format!("{} …", lines[2]);
        lines[2] = fonts::fit(&last, foot, false, w - 2.0 * m);
    }
    let line_h = foot * 1.35;
    let foot_top = h - m * 0.6 - line_h * lines.len() as f64;
    c.rect(
        m,
        foot_top - foot * 0.6,
        w - m,
        foot_top - foot * 0.6 + (1.0 * u).max(1.0),
        RULE,
    )?;
    for (i, l) in lines.iter().enumerate() {
        c.text(
            l,
            m,
            foot_top + foot + line_h * i as f64,
            foot,
            false,
            MUTED,
            Align::Left,
        )?;
    }
    let body_top = top + 24.0 * u;
    let body_bottom = foot_top - foot * 0.6 - 18.0 * u;
    Ok(Rect::new(
        m,
        body_top,
        w - 2.0 * m,
        (body_bottom - body_top).max(10.0),
    ))
}

/// Draws the chart on the whole canvas, framed (title, period, footer) or
/// bare (the body alone, for a dashboard cell).
pub fn chart(c: &Canvas<'_>, chart: &Chart, framed: bool) -> Result<()> {
    c.rect(0.0, 0.0, c.w, c.h, WHITE)?;
    let body = if framed {
        frame(c, &chart.frame)?
    } else {
        let pad = c.w.min(c.h) * 0.04;
        Rect::new(0.0, 0.0, c.w, c.h).inset(pad, pad)
    };
    let cur = chart.frame.currency.as_deref();
    match &chart.body {
        Body::Gauge(k) => gauge(c, body, k, cur),
        Body::Bullet(k) => bullet_chart(c, body, k, cur),
        Body::Tile(k) => {
            // A tile keeps a card's proportions inside a large image.
            let w = body.w.min(body.h * 1.6);
            let h = body.h.min(w / 1.25);
            let r = Rect::new(
                body.x + (body.w - w) / 2.0,
                body.y + (body.h - h) / 2.0,
                w,
                h,
            );
            tile(c, r, k, cur)
        }
        Body::Trend(t) => trend(c, body, t, cur),
        Body::Breakdown(b) => breakdown(c, body, b, cur),
        Body::Funnel(s) => funnel(c, body, s),
        Body::Scorecard(s) => scorecard(c, body, s, cur),
        Body::Outlook(o) => outlook(c, body, o, cur),
        Body::Leaderboard(l) => leaderboard(c, body, l, cur),
        Body::Waterfall(w) => waterfall(c, body, w, cur),
    }
}

/// A muted box saying why a KPI has no value.
fn no_value(c: &Canvas<'_>, r: Rect, k: &KpiView, size: f64) -> Result<()> {
    c.text(
        "—",
        r.x + r.w / 2.0,
        r.y + r.h * 0.45,
        size * 2.0,
        true,
        FAINT,
        Align::Center,
    )?;
    let why = k.reason.clone().unwrap_or_else(|| "no value".into());
    for (i, l) in fonts::wrap(&why, size, r.w * 0.9)
        .iter()
        .take(3)
        .enumerate()
    {
        c.text(
            l,
            r.x + r.w / 2.0,
            r.y + r.h * 0.45 + size * (1.8 + 1.3 * i as f64),
            size,
            false,
            MUTED,
            Align::Center,
        )?;
    }
    Ok(())
}

/// The goal line of a KPI: `Goal $5,000 · 80% · below goal`.
fn goal_line(k: &KpiView, cur: Option<&str>) -> String {
    match (k.goal, k.attainment) {
        (Some(g), Some(a)) => format!(
            "{} {} · {} of goal",
            match (k.rolled_up, k.paced) {
                (false, false) => "Goal",
                (false, true) => "Goal to date",
                (true, false) => "Rep goals",
                (true, true) => "Rep goals to date",
            },
            format::value(k.unit, g, cur),
            format::percent(a)
        ),
        (Some(g), None) => format!(
            "{} {} · {}",
            if k.rolled_up { "Rep goals" } else { "Goal" },
            format::value(k.unit, g, cur),
            status_words(k.status)
        ),
        _ => "No goal set".to_string(),
    }
}

/// The muted line under a chart body: its parts joined by `sep`, the first
/// letter capitalised, fitted to the width.
fn footnote(c: &Canvas<'_>, b: Rect, parts: &[String], sep: &str, size: f64) -> Result<()> {
    let mut note = parts.join(sep);
    if let Some(first) = note.get(..1) {
        note = first.to_uppercase() + &note[1..];
    }
    c.text(
        &fonts::fit(&note, size * 0.85, false, b.w),
        b.x,
        b.bottom() - size * 0.4,
        size * 0.85,
        false,
        MUTED,
        Align::Left,
    )
}

/// A rounded label centred at (cx, baseline y).
fn pill(c: &Canvas<'_>, cx: f64, y: f64, size: f64, text: &str, color: RGBColor) -> Result<()> {
    let w = fonts::width(text, size, true) + size * 1.4;
    let h = size * 1.6;
    let top = y - size * 0.73 - (h - size * 0.73) / 2.0;
    c.round_rect(cx - w / 2.0, top, cx + w / 2.0, top + h, h / 2.0, color)?;
    let fg = if color == AMBER_BAND { INK } else { WHITE };
    c.text(text, cx, y, size, true, fg, Align::Center)
}

fn triangle(c: &Canvas<'_>, x: f64, y: f64, s: f64, up: bool, color: RGBColor) -> Result<()> {
    let pts = if up {
        [(x, y - s), (x + s * 0.6, y), (x - s * 0.6, y)]
    } else {
        [(x - s * 0.6, y - s), (x + s * 0.6, y - s), (x, y)]
    };
    c.poly(&pts, color)
}

/// A muted line of text centred in `r`, cut to fit.
fn message(c: &Canvas<'_>, r: Rect, text: &str, size: f64) -> Result<()> {
    let text = fonts::fit(text, size, false, r.w);
    c.text(
        &text,
        r.x + r.w / 2.0,
        r.y + r.h / 2.0,
        size,
        false,
        MUTED,
        Align::Center,
    )
}
