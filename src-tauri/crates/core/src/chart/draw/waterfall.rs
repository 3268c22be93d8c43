//! A waterfall: from the comparison's value through each segment's
//! contribution (largest first, then the others) to the period's value.

use super::*;
use crate::chart::data::WaterfallView;

/// Base bar, a floating bar per contributor in the KPI's direction colours,
/// the value bar, and the sentence under them.
pub fn waterfall(c: &Canvas<'_>, b: Rect, w: &WaterfallView, cur: Option<&str>) -> Result<()> {
    let size = text_size(c, b, 20.0, (1800.0, 760.0));
    let (Some(base), Some(value)) = (w.base, w.value) else {
        return message(c, b, &w.text, size * 1.2);
    };
    // The sentence on top, wrapped to two lines.
    let lines = fonts::wrap(&w.text, size, b.w);
    for (i, l) in lines.iter().take(2).enumerate() {
        c.text(
            l,
            b.x,
            b.y + size * (1.2 + 1.4 * i as f64),
            size,
            i == 0,
            INK,
            Align::Left,
        )?;
    }
    let top = b.y + size * 4.2;
    let label_h = size * 2.6;
    let plot = Rect::new(
        b.x + size * 4.5,
        top,
        b.w - size * 4.5,
        (b.bottom() - top - label_h).max(size * 4.0),
    );
    // The running totals set the scale; a ratio is drawn in points.
    let mut levels = vec![base, value];
    let mut run = base;
    for s in &w.steps {
        run += s.1;
        levels.push(run);
    }
    let least = levels.iter().copied().fold(f64::INFINITY, f64::min);
    let most = levels.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // Small changes on a large level: the axis starts near the lowest level
    // (its labels say where), so the steps can be seen.
    let spread = (most - least).max(f64::MIN_POSITIVE);
    let lo = if least > 0.0 && spread < 0.25 * most {
        (least - spread * 0.8).max(0.0)
    } else {
        least.min(0.0)
    };
    let pad = (most - lo).abs().max(f64::MIN_POSITIVE) * 0.08;
    let (lo, hi) = (if lo < 0.0 { lo - pad } else { lo }, most + pad);
    let y = |v: f64| plot.bottom() - plot.h * (v - lo) / (hi - lo);
    let marks = ticks(lo, hi, 5);
    let step = marks
        .get(1)
        .zip(marks.first())
        .map_or(hi - lo, |(b, a)| b - a);
    for t in marks {
        let ty = y(t);
        if ty < plot.y - 1.0 || ty > plot.bottom() + 1.0 {
            continue;
        }
        c.rect(plot.x, ty, plot.right(), ty + 1.0, RULE)?;
        c.text(
            &format::tick(w.unit, t, step, cur),
            plot.x - size * 0.4,
            ty + size * 0.3,
            size * 0.8,
            false,
            MUTED,
            Align::Right,
        )?;
    }
    let n = w.steps.len() + 2;
    let slot = plot.w / n as f64;
    let bar_w = slot * 0.62;
    let good = |d: f64| match w.better {
        Better::Higher => d >= 0.0,
        Better::Lower => d <= 0.0,
    };
    let bar =
        |i: usize, from: f64, to: f64, color: RGBColor, label: &str, text: &str| -> Result<()> {
            let x0 = plot.x + slot * i as f64 + (slot - bar_w) / 2.0;
            let (a, z) = (y(from.max(to)), y(from.min(to)));
            c.rect(x0, a, x0 + bar_w, z.max(a + 1.0), color)?;
            c.text(
                text,
                x0 + bar_w / 2.0,
                a - size * 0.4,
                size * 0.9,
                true,
                INK,
                Align::Center,
            )?;
            c.text(
                &fonts::fit(label, size * 0.85, false, slot * 0.95),
                x0 + bar_w / 2.0,
                plot.bottom() + size * 1.3,
                size * 0.85,
                false,
                INK,
                Align::Center,
            )?;
            Ok(())
        };
    let whole = |v: f64| format::short(w.unit, v, cur);
    bar(0, lo.max(0.0), base, FAINT, &w.base_label, &whole(base))?;
    let mut run = base;
    for (i, (label, d)) in w.steps.iter().enumerate() {
        let color = if good(*d) { GREEN } else { RED };
        bar(
            i + 1,
            run,
            run + d,
            color,
            label,
            &crate::kpi::explain::signed(w.unit, *d, cur),
        )?;
        run += d;
    }
    bar(
        n - 1,
        lo.max(0.0),
        value,
        ACCENT,
        &w.period_label,
        &whole(value),
    )?;
    Ok(())
}
