//! Drawing every chart type onto a [`Canvas`]. Sizes are fractions of the
//! box a chart gets, so text grows with the image and nothing is a fixed
//! pixel size.

use plotters::style::RGBColor;

use super::canvas::{ring, Align, Canvas};
use super::data::{Body, Breakdown, Chart, Frame, KpiView, ScorecardView, Stage, Trend};
use super::fonts;
use super::format;
use crate::error::Result;
use crate::kpi::{Better, Status, Thresholds, Unit};

/// The smallest text a chart body draws, in its own pixels. Text scales with the
/// chart's area from a slide-sized reference, so a chart the size of a dashboard
/// card (430×300) would otherwise label its bars in 6 px type.
const MIN_TEXT: f64 = 11.0;

/// The body text size of a chart drawn in `b`: `at_reference` px on a body of
/// `reference` (a 1920×1080 slide's body), scaled with the area, never under
/// [`MIN_TEXT`].
fn text_size(b: Rect, at_reference: f64, reference: (f64, f64)) -> f64 {
    (at_reference * (b.w * b.h / (reference.0 * reference.1)).sqrt()).max(MIN_TEXT)
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
pub const NONE: RGBColor = RGBColor(0x9C, 0xA3, 0xAF);
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
        Status::None => NONE,
    }
}

fn status_words(s: Status) -> &'static str {
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
            if k.paced { "Goal to date" } else { "Goal" },
            format::value(k.unit, g, cur),
            format::percent(a)
        ),
        (Some(g), None) => format!(
            "Goal {} · {}",
            format::value(k.unit, g, cur),
            status_words(k.status)
        ),
        _ => "No goal set".to_string(),
    }
}

/// Where a gauge in `b` has its centre, radius and band thickness.
pub fn gauge_geometry(b: Rect) -> (f64, f64, f64, f64) {
    let r = (b.w * 0.40).min(b.h / 1.8);
    let cx = b.x + b.w / 2.0;
    let cy = b.y + (b.h - 1.75 * r) / 2.0 + 1.12 * r;
    (cx, cy, r, r * 0.22)
}

/// A semicircular dial: bands, needle, value, goal and attainment.
pub fn gauge(c: &Canvas<'_>, b: Rect, k: &KpiView, cur: Option<&str>) -> Result<()> {
    let (cx, cy, r, thick) = gauge_geometry(b);
    let Some(v) = k.value else {
        c.poly(&ring(cx, cy, r - thick, r, 180.0, 360.0), TRACK)?;
        return no_value(c, Rect::new(b.x, cy - r * 0.35, b.w, r * 0.9), k, r * 0.075);
    };
    let (bands, max) = bands(k);
    let angle = |x: f64| 180.0 + 180.0 * fraction(x, max);
    for (from, to, color) in &bands {
        if to > from {
            c.poly(
                &ring(cx, cy, r - thick, r, angle(*from), angle(*to)),
                *color,
            )?;
        }
    }
    let small = r * 0.075;
    // Scale ends.
    c.text(
        &format::short(k.unit, 0.0, cur),
        cx - r + thick / 2.0,
        cy + small * 1.5,
        small,
        false,
        MUTED,
        Align::Center,
    )?;
    c.text(
        &format::short(k.unit, max, cur),
        cx + r - thick / 2.0,
        cy + small * 1.5,
        small,
        false,
        MUTED,
        Align::Center,
    )?;
    // Goal marker across the band, labelled outside.
    if let Some(g) = k.goal {
        let a = angle(g).to_radians();
        let (ca, sa) = (a.cos(), a.sin());
        let p = |rr: f64| (cx + rr * ca, cy + rr * sa);
        c.line(&[p(r - thick - r * 0.03), p(r + r * 0.03)], INK, r * 0.018)?;
        let (mut lx, ly) = p(r + r * 0.1);
        let align = if ca < -0.3 {
            Align::Right
        } else if ca > 0.3 {
            Align::Left
        } else {
            Align::Center
        };
        let label = format!("Goal {}", format::short(k.unit, g, cur));
        // Kept inside the body whatever the angle.
        let w = fonts::width(&label, small, true);
        let (from, to) = match align {
            Align::Right => (lx - w, lx),
            Align::Left => (lx, lx + w),
            Align::Center => (lx - w / 2.0, lx + w / 2.0),
        };
        lx += (b.x - from).max(0.0) - (to - b.right()).max(0.0);
        c.text(&label, lx, ly + small * 0.35, small, true, INK, align)?;
    }
    // Needle.
    let a = angle(v).to_radians();
    let (ca, sa) = (a.cos(), a.sin());
    let len = r - thick * 0.35;
    let base = r * 0.045;
    c.poly(
        &[
            (cx + len * ca, cy + len * sa),
            (cx - base * sa, cy + base * ca),
            (cx - r * 0.08 * ca, cy - r * 0.08 * sa),
            (cx + base * sa, cy - base * ca),
        ],
        INK,
    )?;
    c.circle(cx, cy, r * 0.06, INK)?;
    c.circle(cx, cy, r * 0.025, WHITE)?;
    // Value, goal line and status.
    let big = r * 0.24;
    c.text(
        &format::value(k.unit, v, cur),
        cx,
        cy + big * 1.25,
        big,
        true,
        INK,
        Align::Center,
    )?;
    let line = goal_line(k, cur);
    let mid = r * 0.085;
    c.text(
        &line,
        cx,
        cy + big * 1.25 + mid * 1.9,
        mid,
        false,
        MUTED,
        Align::Center,
    )?;
    if k.status != Status::None {
        pill(
            c,
            cx,
            cy + big * 1.25 + mid * 3.9,
            mid * 0.95,
            status_words(k.status),
            status_color(k.status),
        )?;
    }
    Ok(())
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

/// The bands, actual bar and goal marker of a bullet in `r`.
fn bullet_bar(c: &Canvas<'_>, r: Rect, k: &KpiView) -> Result<f64> {
    let (bands, max) = bands(k);
    let x = |v: f64| r.x + r.w * fraction(v, max);
    for (from, to, color) in &bands {
        if to > from {
            c.rect(x(*from), r.y, x(*to), r.bottom(), *color)?;
        }
    }
    if let Some(v) = k.value {
        let t = r.h / 3.0;
        c.rect(r.x, r.y + t, x(v).max(r.x + 1.0), r.bottom() - t, INK)?;
    }
    if let Some(g) = k.goal {
        let gx = x(g);
        let mw = (r.h * 0.09).max(1.5);
        c.rect(
            gx - mw / 2.0,
            r.y - r.h * 0.12,
            gx + mw / 2.0,
            r.bottom() + r.h * 0.12,
            INK,
        )?;
    }
    Ok(max)
}

/// A bullet graph on its own: value and goal line above the bullet, its
/// scale below.
pub fn bullet_chart(c: &Canvas<'_>, b: Rect, k: &KpiView, cur: Option<&str>) -> Result<()> {
    let size = (b.h * 0.065).min(b.w * 0.03);
    let block = size * 9.5;
    let top = b.y + (b.h - block).max(0.0) / 2.0;
    c.text(
        &fonts::fit(&k.name, size, true, b.w),
        b.x,
        top + size,
        size,
        true,
        MUTED,
        Align::Left,
    )?;
    let bar = Rect::new(b.x, top + size * 5.2, b.w, size * 2.4);
    let Some(v) = k.value else {
        c.rect(bar.x, bar.y, bar.right(), bar.bottom(), TRACK)?;
        let why = k.reason.clone().unwrap_or_default();
        return c.text(
            &fonts::fit(&why, size, false, b.w),
            b.x,
            top + size * 3.6,
            size,
            false,
            MUTED,
            Align::Left,
        );
    };
    let value = format::value(k.unit, v, cur);
    let big = size * 2.2;
    c.text(
        &value,
        b.x,
        top + size * 1.6 + big,
        big,
        true,
        status_color(k.status),
        Align::Left,
    )?;
    let vw = fonts::width(&value, big, true);
    c.text(
        &fonts::fit(&goal_line(k, cur), size, false, b.w - vw - size * 1.2),
        b.x + vw + size * 1.2,
        top + size * 1.6 + big,
        size,
        false,
        MUTED,
        Align::Left,
    )?;
    let max = bullet_bar(c, bar, k)?;
    let small = size * 0.8;
    let ts = ticks(0.0, max, 5);
    let step = ts[1] - ts[0];
    for t in ts.into_iter().filter(|t| *t <= max * 1.0001) {
        let x = bar.x + bar.w * fraction(t, max);
        c.rect(
            x - 0.5,
            bar.bottom(),
            x + 0.5,
            bar.bottom() + size * 0.4,
            MUTED,
        )?;
        let align = if t == 0.0 {
            Align::Left
        } else if t >= max * 0.999 {
            Align::Right
        } else {
            Align::Center
        };
        c.text(
            &format::tick(k.unit, t, step, cur),
            x,
            bar.bottom() + size * 0.4 + small * 1.3,
            small,
            false,
            MUTED,
            align,
        )?;
    }
    Ok(())
}

fn triangle(c: &Canvas<'_>, x: f64, y: f64, s: f64, up: bool, color: RGBColor) -> Result<()> {
    let pts = if up {
        [(x, y - s), (x + s * 0.6, y), (x - s * 0.6, y)]
    } else {
        [(x - s * 0.6, y - s), (x + s * 0.6, y - s), (x, y)]
    };
    c.poly(&pts, color)
}

/// A KPI tile: value, goal, status colour, change vs the previous period and
/// a sparkline of the last periods.
pub fn tile(c: &Canvas<'_>, r: Rect, k: &KpiView, cur: Option<&str>) -> Result<()> {
    let s = r.h.min(r.w * 0.8);
    let pad = s * 0.08;
    c.round_rect(r.x, r.y, r.right(), r.bottom(), s * 0.04, PANEL)?;
    let stripe = (s * 0.025).max(2.0);
    c.round_rect(
        r.x,
        r.y,
        r.x + stripe * 2.0,
        r.bottom(),
        stripe,
        status_color(k.status),
    )?;
    c.rect(r.x + stripe, r.y, r.x + stripe * 2.0, r.bottom(), PANEL)?;
    let x = r.x + pad + stripe;
    let inner = r.w - 2.0 * pad - stripe;
    let name = s * 0.075;
    c.text(
        &fonts::fit(&k.name, name, true, inner),
        x,
        r.y + pad + name * 0.8,
        name,
        true,
        MUTED,
        Align::Left,
    )?;
    let Some(v) = k.value else {
        return no_value(
            c,
            Rect::new(r.x, r.y + pad + name * 2.0, r.w, r.h * 0.6),
            k,
            s * 0.05,
        );
    };
    let big = s * 0.17;
    let value = fonts::fit(&format::value(k.unit, v, cur), big, true, inner);
    c.text(
        &value,
        x,
        r.y + pad + name * 1.6 + big,
        big,
        true,
        INK,
        Align::Left,
    )?;
    let small = s * 0.058;
    let mut y = r.y + pad + name * 1.6 + big + small * 2.0;
    c.text(
        &fonts::fit(&goal_line(k, cur), small, false, inner),
        x,
        y,
        small,
        false,
        MUTED,
        Align::Left,
    )?;
    y += small * 1.7;
    let now = k.compare.unwrap_or(v);
    if let Some(text) = k.previous.and_then(|p| format::change(k.unit, now, p)) {
        let up = text.starts_with('+');
        let down = text.starts_with('-');
        let good = match k.better {
            Better::Higher => up,
            Better::Lower => down,
        };
        let color = if !(up || down) {
            MUTED
        } else if good {
            GREEN
        } else {
            RED
        };
        let mut tx = x;
        if up || down {
            triangle(c, x + small * 0.6, y, small * 0.8, up, color)?;
            tx += small * 1.5;
        }
        c.text(&text, tx, y, small, true, color, Align::Left)?;
        let tw = fonts::width(&text, small, true);
        let room = x + inner - (tx + tw + small * 0.5);
        c.text(
            &fonts::fit(&k.previous_label, small, false, room),
            tx + tw + small * 0.5,
            y,
            small,
            false,
            MUTED,
            Align::Left,
        )?;
    }
    // Sparkline.
    let room = (r.bottom() - pad - y - small * 1.2).max(1.0);
    let sp_h = room.min(r.h * 0.3);
    let sp = Rect::new(x, r.bottom() - pad - sp_h, inner, sp_h);
    sparkline(c, sp, &k.spark)
}

fn sparkline(c: &Canvas<'_>, r: Rect, values: &[Option<f64>]) -> Result<()> {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    if known.len() < 2 || r.h < 4.0 {
        return Ok(());
    }
    let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let n = values.len().max(2) - 1;
    let pt = |i: usize, v: f64| {
        (
            r.x + r.w * i as f64 / n as f64,
            r.bottom() - r.h * (v - lo) / span,
        )
    };
    let lw = (r.h * 0.035).max(1.0);
    let pts: Vec<Option<(f64, f64)>> = values
        .iter()
        .enumerate()
        .map(|(i, v)| v.map(|v| pt(i, v)))
        .collect();
    broken_line(c, &pts, ACCENT, lw)?;
    if let Some((i, Some(v))) = values.iter().enumerate().next_back() {
        let (px, py) = pt(i, *v);
        c.circle(px, py, lw * 2.2, ACCENT)?;
    }
    Ok(())
}

/// A KPI per month with its goal line, the paced goal of a month in
/// progress and the forecast with its 80% band.
pub fn trend(c: &Canvas<'_>, b: Rect, t: &Trend, cur: Option<&str>) -> Result<()> {
    let k = &t.kpi;
    let size = text_size(b, 19.0, (1800.0, 760.0));
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for p in &t.points {
        for v in [p.value, p.goal, p.paced_goal].into_iter().flatten() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    for f in &t.forecast {
        lo = lo.min(f.low);
        hi = hi.max(f.high);
    }
    let ys = ticks(lo, if hi > lo { hi } else { lo + 1.0 }, 5);
    let ystep = ys[1] - ys[0];
    let (y0, y1) = (ys[0], ys[ys.len() - 1]);
    let label_w = ys
        .iter()
        .map(|v| fonts::width(&format::tick(k.unit, *v, ystep, cur), size, false))
        .fold(0.0, f64::max);
    // Legend on top.
    let legend_y = b.y + size;
    let mut lx = b.x + label_w + size;
    let mut legend = |c: &Canvas<'_>, text: &str, kind: u8| -> Result<()> {
        let cy = legend_y - size * 0.35;
        match kind {
            0 => c.line(&[(lx, cy), (lx + size * 1.8, cy)], ACCENT, size * 0.18)?,
            1 => c.dashed(
                &[(lx, cy), (lx + size * 1.8, cy)],
                INK,
                size * 0.12,
                size * 0.4,
            )?,
            2 => c.dashed(
                &[(lx, cy), (lx + size * 1.8, cy)],
                ACCENT,
                size * 0.14,
                size * 0.3,
            )?,
            _ => c.rect(
                lx,
                cy - size * 0.4,
                lx + size * 1.8,
                cy + size * 0.4,
                ACCENT_LIGHT,
            )?,
        }
        c.text(
            text,
            lx + size * 2.3,
            legend_y,
            size,
            false,
            INK,
            Align::Left,
        )?;
        lx += size * 3.3 + fonts::width(text, size, false);
        Ok(())
    };
    legend(c, "Actual", 0)?;
    if t.points.iter().any(|p| p.goal.is_some()) {
        legend(c, "Goal", 1)?;
    }
    if !t.forecast.is_empty() {
        legend(c, "Forecast", 2)?;
        legend(c, "80% range", 3)?;
    }
    if let Some(note) = &t.forecast_note {
        let room = b.right() - lx;
        if room > size * 8.0 {
            let n = fonts::fit(&format!("No forecast: {note}"), size * 0.85, false, room);
            c.text(
                &n,
                b.right(),
                legend_y,
                size * 0.85,
                false,
                MUTED,
                Align::Right,
            )?;
        }
    }
    let plot = Rect::new(
        b.x + label_w + size,
        b.y + size * 2.6,
        (b.w - label_w - size * 1.5).max(size * 4.0),
        (b.h - size * 2.6 - size * 3.2).max(size * 2.0),
    );
    let n = t.points.len().max(1);
    let step = plot.w / n as f64;
    let px = |i: usize| plot.x + step * (i as f64 + 0.5);
    let py = |v: f64| plot.bottom() - plot.h * ((v - y0) / (y1 - y0).max(f64::MIN_POSITIVE));
    // Grid and y labels.
    for v in &ys {
        let y = py(*v);
        c.rect(
            plot.x,
            y - 0.5,
            plot.right(),
            y + 0.5,
            if *v == 0.0 { FAINT } else { RULE },
        )?;
        c.text(
            &format::tick(k.unit, *v, ystep, cur),
            plot.x - size * 0.6,
            y + size * 0.35,
            size,
            false,
            MUTED,
            Align::Right,
        )?;
    }
    // x labels: month, with the year under January and the first month.
    let every = (n as f64 * fonts::width("Mmm 0000", size, false) / plot.w)
        .ceil()
        .max(1.0) as usize;
    for (i, p) in t.points.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let (m, y) = p.label.split_once(' ').unwrap_or((&p.label, ""));
        c.text(
            m,
            px(i),
            plot.bottom() + size * 1.4,
            size,
            false,
            MUTED,
            Align::Center,
        )?;
        if i == 0 || m == "Jan" {
            c.text(
                y,
                px(i),
                plot.bottom() + size * 2.6,
                size * 0.9,
                false,
                MUTED,
                Align::Center,
            )?;
        }
    }
    let last_actual = t.points.iter().rposition(|p| p.value.is_some());
    // Forecast band and line, from the last complete month's value.
    if let Some(first) = t.forecast.first() {
        let anchor = first.index.checked_sub(1).and_then(|i| {
            t.points
                .get(i)
                .and_then(|p| p.value.map(|v| (px(i), py(v))))
        });
        let mut top: Vec<(f64, f64)> = anchor.into_iter().collect();
        let mut bottom = top.clone();
        let mut line = top.clone();
        for f in &t.forecast {
            top.push((px(f.index), py(f.high)));
            bottom.push((px(f.index), py(f.low)));
            line.push((px(f.index), py(f.value)));
        }
        bottom.reverse();
        top.extend(bottom);
        c.poly(&top, ACCENT_LIGHT)?;
        c.dashed(&line, ACCENT, size * 0.16, size * 0.45)?;
    }
    // Goal line: a dashed step per month.
    let goals: Vec<(usize, f64)> = t
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.goal.map(|g| (i, g)))
        .collect();
    for (i, g) in &goals {
        let y = py(*g);
        c.dashed(
            &[(px(*i) - step * 0.45, y), (px(*i) + step * 0.45, y)],
            INK,
            size * 0.12,
            size * 0.4,
        )?;
    }
    // Actual line and points.
    let pts: Vec<Option<(f64, f64)>> = t
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| p.value.map(|v| (px(i), py(v))))
        .collect();
    broken_line(c, &pts, ACCENT, size * 0.2)?;
    for (i, p) in t.points.iter().enumerate() {
        if let Some(v) = p.value {
            let color = match p.goal {
                Some(g) => {
                    let met = match k.better {
                        Better::Higher => v >= p.paced_goal.unwrap_or(g),
                        Better::Lower => v <= g,
                    };
                    if met {
                        GREEN
                    } else {
                        RED
                    }
                }
                None => ACCENT,
            };
            c.circle(px(i), py(v), size * 0.34, WHITE)?;
            c.circle(px(i), py(v), size * 0.26, color)?;
        }
        if let Some(pg) = p.paced_goal {
            let (x, y) = (px(i), py(pg));
            let d = size * 0.4;
            c.poly(&[(x, y - d), (x + d, y), (x, y + d), (x - d, y)], AMBER)?;
            // Beside the diamond, clear of the value label above the point;
            // on the left when the month is the last on the axis.
            let right = i + 1 < t.points.len();
            c.text(
                "goal to date",
                if right { x + d * 1.8 } else { x - d * 1.8 },
                y + size * 0.3,
                size * 0.8,
                true,
                AMBER,
                if right { Align::Left } else { Align::Right },
            )?;
        }
    }
    if let Some(i) = last_actual {
        if let Some(v) = t.points[i].value {
            // On the side away from a paced goal's diamond.
            let below = t.points[i].paced_goal.is_some_and(|pg| pg >= v);
            c.text(
                &format::short(k.unit, v, cur),
                px(i),
                if below {
                    py(v) + size * 1.7
                } else {
                    py(v) - size * 0.9
                },
                size * 1.05,
                true,
                INK,
                Align::Center,
            )?;
        }
    }
    if t.points.iter().all(|p| p.value.is_none()) {
        let why = k
            .reason
            .clone()
            .unwrap_or_else(|| "no value in these months".into());
        message(c, plot, &why, size * 1.2)?;
    }
    Ok(())
}

/// A line through the points, broken where a point is missing.
fn broken_line(
    c: &Canvas<'_>,
    pts: &[Option<(f64, f64)>],
    color: RGBColor,
    width: f64,
) -> Result<()> {
    for run in pts.split(|p| p.is_none()) {
        let run: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
        if run.len() > 1 {
            c.line(&run, color, width)?;
        }
    }
    Ok(())
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

/// A KPI by segment, best first, with each segment's goal marker.
pub fn breakdown(c: &Canvas<'_>, b: Rect, d: &Breakdown, cur: Option<&str>) -> Result<()> {
    let k = &d.kpi;
    let size = text_size(b, 20.0, (1800.0, 760.0));
    if d.bars.is_empty() {
        let why = k
            .reason
            .clone()
            .unwrap_or_else(|| format!("no {} has a value", d.dimension));
        return message(c, b, &why, size * 1.2);
    }
    let max_rows = ((b.h / (size * 2.1)).floor() as usize).clamp(1, 15);
    let shown = &d.bars[..d.bars.len().min(max_rows)];
    let hidden = d.bars.len() - shown.len();
    let note_h = if hidden + d.without_value > 0 {
        size * 2.0
    } else {
        0.0
    };
    let row = (b.h - note_h) / max_rows.min(d.bars.len()).max(1) as f64;
    let row = row.min(size * 4.0);
    let label_w = shown
        .iter()
        .map(|s| fonts::width(&s.label, size, false))
        .fold(0.0, f64::max)
        .min(b.w * 0.28)
        + size;
    let value_w = shown
        .iter()
        .map(|s| fonts::width(&format::short(k.unit, s.value, cur), size, true))
        .fold(0.0, f64::max)
        + size;
    let lo = shown.iter().map(|s| s.value).fold(0.0, f64::min);
    let hi = shown
        .iter()
        .flat_map(|s| [Some(s.value), s.goal])
        .flatten()
        .fold(0.0, f64::max);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let x0 = b.x + label_w;
    let bw = b.w - label_w - value_w;
    let x = |v: f64| x0 + bw * (v - lo) / (hi - lo);
    for (i, s) in shown.iter().enumerate() {
        let top = b.y + row * i as f64;
        let bar_h = (row * 0.62).min(size * 2.0);
        let y = top + (row - bar_h) / 2.0;
        let label = fonts::fit(&s.label, size, false, label_w - size);
        c.text(
            &label,
            x0 - size * 0.5,
            y + bar_h / 2.0 + size * 0.35,
            size,
            false,
            INK,
            Align::Right,
        )?;
        let color = if s.goal.is_some() {
            status_color(s.status)
        } else {
            ACCENT
        };
        let (a, z) = (
            x(0.0_f64.max(lo)).min(x(s.value)),
            x(0.0_f64.max(lo)).max(x(s.value)),
        );
        c.rect(a, y, z.max(a + 1.0), y + bar_h, color)?;
        if let Some(g) = s.goal {
            let gx = x(g);
            let mw = (size * 0.18).max(1.5);
            c.rect(
                gx - mw / 2.0,
                y - bar_h * 0.2,
                gx + mw / 2.0,
                y + bar_h * 1.2,
                INK,
            )?;
        }
        let end = x(s.value.max(0.0)).max(s.goal.map_or(0.0, x));
        c.text(
            &format::short(k.unit, s.value, cur),
            end + size * 0.5,
            y + bar_h / 2.0 + size * 0.35,
            size,
            true,
            INK,
            Align::Left,
        )?;
    }
    let mut parts = Vec::new();
    if hidden > 0 {
        parts.push(format!(
            "top {} of {} {}s shown",
            shown.len(),
            d.bars.len(),
            d.dimension.replace('_', " ")
        ));
    }
    if d.without_value > 0 {
        parts.push(format!("{} without a value", d.without_value));
    }
    if shown.iter().any(|s| s.goal.is_some()) {
        parts.push("black marks are goals".into());
    }
    let mut note = parts.join("; ");
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
    )?;
    Ok(())
}

/// Leads → qualified → deals → won, with the conversion between stages.
pub fn funnel(c: &Canvas<'_>, b: Rect, stages: &[Stage]) -> Result<()> {
    let n = stages.len().max(1);
    let row = b.h / n as f64;
    let size = (row * 0.2).min(b.w * 0.022);
    let label_w = b.w * 0.16;
    let area = Rect::new(b.x + label_w, b.y, b.w - label_w * 2.0, b.h);
    let cx = area.x + area.w / 2.0;
    let top_value = stages.iter().filter_map(|s| s.value).fold(0.0, f64::max);
    let shades = [
        RGBColor(0x1E, 0x3A, 0x8A),
        RGBColor(0x1E, 0x40, 0xAF),
        RGBColor(0x25, 0x63, 0xEB),
        RGBColor(0x3B, 0x82, 0xF6),
    ];
    let mut prev: Option<(f64, f64, f64)> = None; // (value, half width, bottom)
    for (i, s) in stages.iter().enumerate() {
        let top = b.y + row * i as f64 + row * 0.18;
        let bar_h = row * 0.55;
        c.text(
            &s.name,
            b.x,
            top + bar_h / 2.0 + size * 0.35,
            size * 1.1,
            true,
            INK,
            Align::Left,
        )?;
        match s.value {
            Some(v) => {
                let half = area.w / 2.0
                    * if top_value > 0.0 {
                        (v / top_value).max(0.04)
                    } else {
                        0.04
                    };
                if let Some((pv, ph, pb)) = prev {
                    c.poly(
                        &[
                            (cx - ph, pb),
                            (cx + ph, pb),
                            (cx + half, top),
                            (cx - half, top),
                        ],
                        PANEL,
                    )?;
                    let conv = if pv > 0.0 {
                        format::percent(v / pv)
                    } else {
                        "—".into()
                    };
                    let mid = (pb + top) / 2.0 + size * 0.32;
                    c.text(
                        &format!("{conv} of {}", stages[i - 1].name.to_lowercase()),
                        cx,
                        mid,
                        size * 0.9,
                        true,
                        MUTED,
                        Align::Center,
                    )?;
                }
                let color = shades[i.min(shades.len() - 1)];
                c.rect(cx - half, top, cx + half, top + bar_h, color)?;
                let text = format::grouped(v, 0);
                let tw = fonts::width(&text, size * 1.2, true);
                if tw + size < half * 2.0 {
                    c.text(
                        &text,
                        cx,
                        top + bar_h / 2.0 + size * 0.42,
                        size * 1.2,
                        true,
                        WHITE,
                        Align::Center,
                    )?;
                } else {
                    c.text(
                        &text,
                        cx + half + size * 0.5,
                        top + bar_h / 2.0 + size * 0.42,
                        size * 1.2,
                        true,
                        INK,
                        Align::Left,
                    )?;
                }
                prev = Some((v, half, top + bar_h));
            }
            None => {
                c.dashed(
                    &[
                        (area.x, top),
                        (area.right(), top),
                        (area.right(), top + bar_h),
                        (area.x, top + bar_h),
                        (area.x, top),
                    ],
                    FAINT,
                    (size * 0.08).max(1.0),
                    size * 0.5,
                )?;
                let why = s.reason.clone().unwrap_or_else(|| "no data".into());
                c.text(
                    &fonts::fit(&why, size * 0.9, false, area.w * 0.9),
                    cx,
                    top + bar_h / 2.0 + size * 0.3,
                    size * 0.9,
                    false,
                    MUTED,
                    Align::Center,
                )?;
                prev = None;
            }
        }
    }
    Ok(())
}

/// The four perspectives side by side, each with its score and its KPIs as
/// bullet rows; the overall score on top.
pub fn scorecard(c: &Canvas<'_>, b: Rect, s: &ScorecardView, cur: Option<&str>) -> Result<()> {
    let size = text_size(b, 17.0, (1830.0, 800.0));
    // Overall score and the colour key.
    let head = size * 2.8;
    let score = match s.score {
        Some(x) => format!("Overall score {}", format::percent(x)),
        None => "Overall score: no goals set".to_string(),
    };
    let sw = fonts::width(&score, size * 1.3, true) + size * 1.6;
    c.round_rect(
        b.x,
        b.y,
        b.x + sw,
        b.y + size * 2.2,
        size * 1.1,
        status_color(s.status),
    )?;
    c.text(
        &score,
        b.x + sw / 2.0,
        b.y + size * 1.55,
        size * 1.3,
        true,
        WHITE,
        Align::Center,
    )?;
    let t = s.thresholds;
    let mut kx = b.right();
    for (label, color) in [
        (format!("below {}", format::percent(t.amber)), RED),
        (format!("near, from {}", format::percent(t.amber)), AMBER),
        (format!("on goal, {}+", format::percent(t.green)), GREEN),
    ] {
        let w = fonts::width(&label, size, false);
        c.text(
            &label,
            kx,
            b.y + size * 1.5,
            size,
            false,
            MUTED,
            Align::Right,
        )?;
        kx -= w + size * 0.8;
        c.circle(kx, b.y + size * 1.15, size * 0.4, color)?;
        kx -= size * 1.8;
    }
    let cols = s.perspectives.len().max(1);
    let gap = size * 1.2;
    let cw = (b.w - gap * (cols - 1) as f64) / cols as f64;
    for (i, p) in s.perspectives.iter().enumerate() {
        let r = Rect::new(b.x + (cw + gap) * i as f64, b.y + head, cw, b.h - head);
        c.round_rect(r.x, r.y, r.right(), r.bottom(), size * 0.5, PANEL)?;
        let pad = size * 0.9;
        c.text(
            &fonts::fit(&p.name, size * 1.25, true, cw * 0.6),
            r.x + pad,
            r.y + pad + size * 1.0,
            size * 1.25,
            true,
            INK,
            Align::Left,
        )?;
        let ps = match p.score {
            Some(x) => format::percent(x),
            None => "no goals".into(),
        };
        let pw = fonts::width(&ps, size, true) + size * 1.2;
        c.round_rect(
            r.right() - pad - pw,
            r.y + pad - size * 0.15,
            r.right() - pad,
            r.y + pad + size * 1.45,
            size * 0.8,
            status_color(p.status),
        )?;
        c.text(
            &ps,
            r.right() - pad - pw / 2.0,
            r.y + pad + size * 0.95,
            size,
            true,
            WHITE,
            Align::Center,
        )?;
        let with: Vec<&KpiView> = p.kpis.iter().filter(|k| k.value.is_some()).collect();
        let without: Vec<&KpiView> = p.kpis.iter().filter(|k| k.value.is_none()).collect();
        let list_top = r.y + pad * 2.0 + size * 1.6;
        let foot = if without.is_empty() { 0.0 } else { size * 3.6 };
        let avail = r.bottom() - pad - foot - list_top;
        let row = (avail / with.len().max(1) as f64).min(size * 5.0);
        for (j, k) in with.iter().enumerate() {
            let y = list_top + row * j as f64;
            kpi_row(
                c,
                Rect::new(r.x + pad, y, cw - 2.0 * pad, row),
                k,
                size,
                cur,
            )?;
        }
        if !without.is_empty() {
            let names: Vec<&str> = without.iter().map(|k| k.name.as_str()).collect();
            let text = if with.is_empty() {
                format!(
                    "Not in the data: {}",
                    without[0].reason.clone().unwrap_or_default()
                )
            } else {
                format!("Needs more data: {}", names.join(", "))
            };
            let fy = r.bottom() - pad - foot + size * 1.2;
            for (j, l) in fonts::wrap(&text, size * 0.8, cw - 2.0 * pad)
                .iter()
                .take(3)
                .enumerate()
            {
                c.text(
                    l,
                    r.x + pad,
                    fy + size * 1.05 * j as f64,
                    size * 0.8,
                    false,
                    MUTED,
                    Align::Left,
                )?;
            }
        }
    }
    Ok(())
}

/// One KPI of a scorecard column: name and value above its bullet.
fn kpi_row(c: &Canvas<'_>, r: Rect, k: &KpiView, size: f64, cur: Option<&str>) -> Result<()> {
    let s = size.min(r.h * 0.3);
    let Some(v) = k.value else { return Ok(()) };
    let value = format::short(k.unit, v, cur);
    let vw = fonts::width(&value, s * 1.05, true);
    let base = r.y + s * 1.2;
    c.text(
        &fonts::fit(&k.name, s, false, r.w - vw - s),
        r.x,
        base,
        s,
        false,
        INK,
        Align::Left,
    )?;
    c.text(
        &value,
        r.right(),
        base,
        s * 1.05,
        true,
        status_color(k.status),
        Align::Right,
    )?;
    let bar = Rect::new(r.x, base + s * 0.55, r.w, (r.h * 0.28).min(s * 1.0));
    bullet_bar(c, bar, k)?;
    if let Some(a) = k.attainment {
        let t = format!("{} of goal", format::percent(a));
        c.text(
            &t,
            r.right(),
            bar.bottom() + s * 1.05,
            s * 0.75,
            false,
            MUTED,
            Align::Right,
        )?;
    }
    if let (Some(p), true) = (k.previous, r.h > s * 3.6) {
        if let Some(ch) = format::change(k.unit, k.compare.unwrap_or(v), p) {
            c.text(
                &format!("{ch} {}", k.previous_label),
                r.x,
                bar.bottom() + s * 1.05,
                s * 0.75,
                false,
                MUTED,
                Align::Left,
            )?;
        }
    }
    Ok(())
}
