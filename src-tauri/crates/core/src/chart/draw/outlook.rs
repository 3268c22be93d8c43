//! The outlook: closed, commit, best case and the rest of the pipeline as
//! one stacked bar against the revenue goal, with the gap and coverage.

use super::*;
use crate::chart::data::OutlookView;

/// The stack's parts, in order: name, amount, colour.
fn parts(o: &OutlookView) -> [(&'static str, f64, RGBColor); 4] {
    [
        ("Closed", o.closed, GREEN),
        ("Commit", o.commit, ACCENT),
        ("Best case", o.best_case, ACCENT_MID),
        ("Pipeline", o.pipeline, ACCENT_LIGHT),
    ]
}

/// A mid blue between the accent and its light tint.
const ACCENT_MID: RGBColor = RGBColor(0x63, 0x8B, 0xE8);

/// The outlook bar, its legend and the sentence under it.
pub fn outlook(c: &Canvas<'_>, b: Rect, o: &OutlookView, cur: Option<&str>) -> Result<()> {
    let size = text_size(c, b, 22.0, (1800.0, 760.0));
    let money = |v: f64| format::short(Unit::Currency, v, cur);
    let parts = parts(o);
    let total: f64 = parts.iter().map(|p| p.1.max(0.0)).sum();
    if total <= 0.0 && o.goal.is_none() {
        return message(
            c,
            b,
            "Nothing closed and no open deal closing in this period",
            size * 1.2,
        );
    }
    let bar_h = (b.h * 0.34).clamp(size * 2.0, size * 9.0);
    // Headline, bar, axis, legend and sentence, centred in the box.
    let content = size * 13.0 + bar_h;
    let top = b.y + ((b.h - content) / 2.0).max(0.0);
    // The headline: where the quarter stands against its goal.
    let goal_word = if o.rolled_up { "rep goals" } else { "goal" };
    let commit = o.closed + o.commit;
    let headline = match o.goal {
        Some(g) if o.period_over => format!(
            "Closed {} of the {} {goal_word}: {}",
            money(o.closed),
            money(g),
            format::percent(o.closed / g.max(f64::MIN_POSITIVE))
        ),
        Some(g) => format!(
            "Commit {} of the {} {goal_word} · closed {}",
            money(commit),
            money(g),
            money(o.closed)
        ),
        None => format!(
            "Closed {} · commit {} · no revenue goal set",
            money(o.closed),
            money(commit)
        ),
    };
    c.text(
        &fonts::fit(&headline, size * 1.25, true, b.w),
        b.x,
        top + size * 1.4,
        size * 1.25,
        true,
        INK,
        Align::Left,
    )?;
    // The bar, with room above for the goal's label.
    let hi = scale_max(total.max(o.goal.unwrap_or(0.0)) * 1.02).max(1.0);
    let bar_top = top + size * 4.6;
    let x = |v: f64| b.x + b.w * (v / hi).clamp(0.0, 1.0);
    c.rect(b.x, bar_top, b.right(), bar_top + bar_h, TRACK)?;
    let mut at = 0.0;
    for (_, v, color) in parts.iter().filter(|p| p.1 > 0.0) {
        c.rect(
            x(at),
            bar_top,
            x(at + v).max(x(at) + 1.0),
            bar_top + bar_h,
            *color,
        )?;
        at += v;
    }
    if let Some(g) = o.goal {
        let gx = x(g);
        let mw = (size * 0.2).max(2.0);
        c.rect(
            gx - mw / 2.0,
            bar_top - size * 0.8,
            gx + mw / 2.0,
            bar_top + bar_h + size * 0.4,
            INK,
        )?;
        let label = format!(
            "{} {}",
            if o.rolled_up { "Rep goals" } else { "Goal" },
            money(g)
        );
        let w = fonts::width(&label, size, true);
        let align = if gx + w / 2.0 > b.right() {
            Align::Right
        } else if gx - w / 2.0 < b.x {
            Align::Left
        } else {
            Align::Center
        };
        c.text(&label, gx, bar_top - size * 1.2, size, true, INK, align)?;
    }
    // The axis under the bar.
    let axis_y = bar_top + bar_h + size * 1.6;
    for t in ticks(0.0, hi, 5) {
        c.text(
            &money(t),
            x(t),
            axis_y,
            size * 0.8,
            false,
            MUTED,
            Align::Center,
        )?;
    }
    // The legend: each term as the CRM names it (cumulative, as forecasts are read).
    let legend_y = axis_y + size * 2.4;
    let sums = [
        o.closed,
        commit,
        commit + o.best_case,
        o.closed + o.commit + o.best_case + o.pipeline,
    ];
    let names = ["Closed", "Commit", "Best case", "Closed + pipeline"];
    let col = b.w / 4.0;
    for (i, ((_, _, color), (name, sum))) in parts.iter().zip(names.iter().zip(sums)).enumerate() {
        let lx = b.x + col * i as f64;
        c.rect(
            lx,
            legend_y - size * 0.8,
            lx + size * 0.9,
            legend_y + size * 0.1,
            *color,
        )?;
        c.text(
            &fonts::fit(
                &format!("{name} {}", money(sum)),
                size,
                false,
                col - size * 1.6,
            ),
            lx + size * 1.3,
            legend_y,
            size,
            false,
            INK,
            Align::Left,
        )?;
    }
    // What it means: the gap, its coverage, the weighted view, overdue deals.
    let mut words = Vec::new();
    match (o.gap, o.coverage) {
        (Some(gap), _) if gap <= 0.0 && o.period_over => words.push("The goal was met".to_string()),
        (Some(gap), _) if gap <= 0.0 => words.push("The goal is met".to_string()),
        (Some(gap), _) if o.period_over => {
            words.push(format!("The period ended {} short of the goal", money(gap)))
        }
        (Some(gap), Some(cov)) => words.push(format!(
            "Gap to goal {} · pipeline coverage {}",
            money(gap),
            format::value(Unit::Multiple, cov, cur)
        )),
        _ => {}
    }
    if let (Some(w), false) = (o.weighted, o.period_over) {
        words.push(format!("weighted {}", money(w)));
    }
    if o.overdue.0 > 0 {
        words.push(format!(
            "{} overdue deal{} ({})",
            o.overdue.0,
            if o.overdue.0 == 1 { "" } else { "s" },
            money(o.overdue.1)
        ));
    }
    let sentence = words.join(" · ");
    for (i, line) in fonts::wrap(&sentence, size, b.w).iter().take(2).enumerate() {
        c.text(
            line,
            b.x,
            legend_y + size * (2.6 + 1.4 * i as f64),
            size,
            false,
            MUTED,
            Align::Left,
        )?;
    }
    Ok(())
}
