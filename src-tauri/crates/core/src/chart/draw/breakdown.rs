//! A breakdown: one bar per segment (team, region, product, rep), sorted.

use super::*;

/// A KPI by segment, best first, with each segment's goal marker.
pub fn breakdown(c: &Canvas<'_>, b: Rect, d: &Breakdown, cur: Option<&str>) -> Result<()> {
    let k = &d.kpi;
    let size = text_size(c, b, 20.0, (1800.0, 760.0));
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
    footnote(c, b, &parts, "; ", size)
}
