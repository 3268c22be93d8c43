//! A slide of the meeting deck on a 1920 × 1080 page: the header (title,
//! period and filters, "Salescope"), the body, and a footer with the data
//! date and the page number. The bodies are the charts' own drawings.

use super::*;
use crate::chart::deck::{KpiSlide, Slide, SlideBody};

/// Margin of the page.
const M: f64 = 72.0;
/// The title's size and baseline; the PowerPoint file puts its title text
/// box over this band ([`TITLE_BOX`]).
pub const TITLE_SIZE: f64 = 50.0;
const TITLE_BASE: f64 = 108.0;
/// The title's box on the page (x, y, w, h) in layout pixels.
pub const TITLE_BOX: (f64, f64, f64, f64) = (M, 48.0, 1500.0, 76.0);
const SUB_SIZE: f64 = 25.0;
const FOOT_SIZE: f64 = 19.0;

/// Draws slide `page` of `pages`; its title only when `titled`.
pub fn slide(
    c: &Canvas<'_>,
    s: &Slide,
    page: usize,
    pages: usize,
    titled: bool,
    cur: Option<&str>,
) -> Result<()> {
    let (w, h) = (c.w, c.h);
    // Charts on a slide keep their labels readable from across the room.
    c.min_text.set(18.0);
    c.rect(0.0, 0.0, w, h, WHITE)?;
    let brand = "Salescope";
    if titled {
        let room = w - 2.0 * M - fonts::width(brand, SUB_SIZE, true) - M;
        c.text(
            &fonts::fit(&s.title, TITLE_SIZE, true, room),
            M,
            TITLE_BASE,
            TITLE_SIZE,
            true,
            INK,
            Align::Left,
        )?;
    }
    c.text(
        brand,
        w - M,
        TITLE_BASE,
        SUB_SIZE,
        true,
        ACCENT,
        Align::Right,
    )?;
    let sub_y = TITLE_BASE + 50.0;
    if !matches!(s.body, SlideBody::Cover { .. }) {
        c.text(
            &fonts::fit(&s.subtitle, SUB_SIZE, false, w - 2.0 * M),
            M,
            sub_y,
            SUB_SIZE,
            false,
            MUTED,
            Align::Left,
        )?;
    }
    let rule = sub_y + 22.0;
    c.rect(M, rule, w - M, rule + 2.0, RULE)?;
    // Footer.
    let foot = h - 40.0;
    c.rect(M, foot - 34.0, w - M, foot - 33.0, RULE)?;
    c.text(&s.data_date, M, foot, FOOT_SIZE, false, MUTED, Align::Left)?;
    c.text(
        &format!("{page} / {pages}"),
        w - M,
        foot,
        FOOT_SIZE,
        false,
        MUTED,
        Align::Right,
    )?;
    let body = Rect::new(
        M,
        rule + 30.0,
        w - 2.0 * M,
        foot - 34.0 - 24.0 - (rule + 30.0),
    );
    match &s.body {
        SlideBody::Cover {
            period,
            dates,
            segment,
        } => cover(c, body, period, dates, segment, &s.data_date),
        SlideBody::Summary {
            score,
            status,
            perspectives,
            lines,
        } => summary(c, body, *score, *status, perspectives, lines),
        SlideBody::Kpi(k) => kpi_slide(c, body, k, cur),
        SlideBody::Chart(chart) => {
            let cur = chart.frame.currency.as_deref();
            match &chart.body {
                Body::Funnel(steps) => funnel(c, body, steps),
                Body::Outlook(o) => outlook(c, body, o, cur),
                Body::Leaderboard(l) => leaderboard(c, body, l, cur),
                Body::Breakdown(b) => breakdown(c, body, b, cur),
                Body::Trend(t) => trend(c, body, t, cur),
                Body::Waterfall(x) => waterfall(c, body, x, cur),
                Body::Scorecard(x) => scorecard(c, body, x, cur),
                Body::Gauge(k) => gauge(c, body, k, cur),
                Body::Bullet(k) => bullet_chart(c, body, k, cur),
                Body::Tile(k) => tile(c, body, k, cur),
            }
        }
    }
}

fn cover(
    c: &Canvas<'_>,
    b: Rect,
    period: &str,
    dates: &str,
    segment: &str,
    data_date: &str,
) -> Result<()> {
    let x = b.x;
    let mut y = b.y + b.h * 0.38;
    c.text(
        &fonts::fit(period, 120.0, true, b.w),
        x,
        y,
        120.0,
        true,
        ACCENT,
        Align::Left,
    )?;
    y += 80.0;
    c.text(
        &fonts::fit(dates, 40.0, false, b.w),
        x,
        y,
        40.0,
        false,
        INK,
        Align::Left,
    )?;
    y += 64.0;
    c.text(
        &fonts::fit(segment, 40.0, false, b.w),
        x,
        y,
        40.0,
        false,
        INK,
        Align::Left,
    )?;
    y += 90.0;
    c.text(data_date, x, y, 28.0, false, MUTED, Align::Left)?;
    Ok(())
}

fn summary(
    c: &Canvas<'_>,
    b: Rect,
    score: Option<f64>,
    status: Status,
    perspectives: &[(String, Option<f64>, Status, u32)],
    lines: &[String],
) -> Result<()> {
    // Left: the overall score, then a bar per perspective.
    let left = Rect::new(b.x, b.y, 620.0, b.h);
    let pct = |s: Option<f64>| s.map(format::percent).unwrap_or_else(|| "—".into());
    c.text(
        "Overall score",
        left.x,
        left.y + 30.0,
        28.0,
        false,
        MUTED,
        Align::Left,
    )?;
    c.text(
        &pct(score),
        left.x,
        left.y + 150.0,
        120.0,
        true,
        status_color(status),
        Align::Left,
    )?;
    c.text(
        status_words(status),
        left.x + fonts::width(&pct(score), 120.0, true) + 28.0,
        left.y + 150.0,
        30.0,
        true,
        status_color(status),
        Align::Left,
    )?;
    let mut y = left.y + 240.0;
    let bar_w = left.w - 140.0;
    for (name, s, st, scored) in perspectives {
        c.text(name, left.x, y, 28.0, true, INK, Align::Left)?;
        let meta = if *scored == 0 {
            "no KPI with a goal".to_string()
        } else {
            format!(
                "{scored} KPI{} with a goal",
                if *scored == 1 { "" } else { "s" }
            )
        };
        c.text(&meta, left.x + left.w, y, 20.0, false, MUTED, Align::Right)?;
        let top = y + 16.0;
        c.round_rect(left.x, top, left.x + bar_w, top + 22.0, 11.0, TRACK)?;
        if let Some(v) = s {
            let f = (v / 1.5).clamp(0.0, 1.0);
            if f > 0.0 {
                c.round_rect(
                    left.x,
                    top,
                    left.x + (bar_w * f).max(22.0),
                    top + 22.0,
                    11.0,
                    status_color(*st),
                )?;
            }
            // The 100% mark.
            let at = left.x + bar_w / 1.5;
            c.rect(at - 1.5, top - 6.0, at + 1.5, top + 28.0, INK)?;
        }
        c.text(
            &pct(*s),
            left.x + left.w,
            top + 20.0,
            26.0,
            true,
            INK,
            Align::Right,
        )?;
        y += 118.0;
    }
    // Right: the narrative, a paragraph per point.
    let right = Rect::new(b.x + 720.0, b.y, b.w - 720.0, b.h);
    c.text(
        "What the numbers say",
        right.x,
        right.y + 30.0,
        28.0,
        false,
        MUTED,
        Align::Left,
    )?;
    let size = 29.0;
    let mut y = right.y + 100.0;
    for l in lines {
        if y > right.bottom() {
            break;
        }
        c.circle(right.x + 8.0, y - size * 0.35, 7.0, ACCENT)?;
        for line in fonts::wrap(l, size, right.w - 40.0) {
            if y > right.bottom() {
                break;
            }
            c.text(&line, right.x + 36.0, y, size, false, INK, Align::Left)?;
            y += size * 1.4;
        }
        y += size * 0.8;
    }
    Ok(())
}

fn kpi_slide(c: &Canvas<'_>, b: Rect, k: &KpiSlide, cur: Option<&str>) -> Result<()> {
    let left_w = 560.0;
    let gauge_box = Rect::new(b.x, b.y, left_w, 420.0);
    gauge(c, gauge_box, &k.gauge, cur)?;
    // Why it moved, then the trend's notes, under the gauge.
    let mut y = gauge_box.bottom() + 40.0;
    let size = 23.0;
    let paragraph = |c: &Canvas<'_>, head: &str, text: &str, y: &mut f64| -> Result<()> {
        if *y + size > b.bottom() {
            return Ok(());
        }
        c.text(head, b.x, *y, size, true, INK, Align::Left)?;
        *y += size * 1.45;
        for line in fonts::wrap(text, size, left_w) {
            if *y > b.bottom() {
                break;
            }
            c.text(&line, b.x, *y, size, false, INK, Align::Left)?;
            *y += size * 1.35;
        }
        *y += size * 0.7;
        Ok(())
    };
    if let Some(why) = &k.why {
        paragraph(c, "Why it moved", why, &mut y)?;
    }
    for (i, n) in k.trend.notes.iter().enumerate() {
        paragraph(c, &format!("Note ({})", i + 1), &n.text, &mut y)?;
    }
    let right = Rect::new(b.x + left_w + 60.0, b.y, b.w - left_w - 60.0, b.h);
    match &k.breakdown {
        Some(d) => {
            let trend_box = Rect::new(right.x, right.y, right.w, right.h * 0.56);
            trend(c, trend_box, &k.trend, cur)?;
            let by = Rect::new(
                right.x,
                trend_box.bottom() + 36.0,
                right.w,
                right.bottom() - trend_box.bottom() - 36.0,
            );
            c.text(
                &format!("By {}", d.dimension.replace('_', " ")),
                by.x,
                by.y,
                22.0,
                true,
                MUTED,
                Align::Left,
            )?;
            breakdown(c, Rect::new(by.x, by.y + 14.0, by.w, by.h - 14.0), d, cur)
        }
        None => trend(c, right, &k.trend, cur),
    }
}
