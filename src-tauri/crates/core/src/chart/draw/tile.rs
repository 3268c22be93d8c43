//! A scorecard tile: the value, its goal and attainment, the change and a sparkline.

use super::trend::broken_line;
use super::*;

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
