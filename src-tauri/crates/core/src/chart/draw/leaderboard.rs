//! A leaderboard: segments ranked by attainment of their own goals, the
//! 100% line across them, then the segments without a goal.

use super::*;
use crate::chart::data::LeaderboardView;

/// Ranked attainment bars with each segment's value and goal.
pub fn leaderboard(c: &Canvas<'_>, b: Rect, d: &LeaderboardView, cur: Option<&str>) -> Result<()> {
    let size = text_size(c, b, 20.0, (1800.0, 760.0));
    if d.rows.is_empty() {
        return message(
            c,
            b,
            &format!(
                "No {} has a value or a goal in this period",
                d.dimension.replace('_', " ")
            ),
            size * 1.2,
        );
    }
    let note_h = size * 2.2;
    let max_rows = (((b.h - note_h) / (size * 2.1)).floor() as usize).clamp(1, 15);
    let shown = &d.rows[..d.rows.len().min(max_rows)];
    let row = ((b.h - note_h) / shown.len().max(1) as f64).min(size * 3.6);
    let label = |r: &LeaderRow| match r.rank {
        Some(n) => format!("{n}. {}", r.label),
        None => r.label.clone(),
    };
    let label_w = shown
        .iter()
        .map(|r| fonts::width(&label(r), size, false))
        .fold(0.0, f64::max)
        .min(b.w * 0.28)
        + size;
    let words = |r: &LeaderRow| {
        let v = r
            .value
            .map_or("—".to_string(), |v| format::short(d.unit, v, cur));
        match (r.attainment, r.goal) {
            (Some(a), Some(g)) => format!(
                "{} · {v} of {}",
                format::percent(a),
                format::short(d.unit, g, cur)
            ),
            _ => format!("{v} · no goal"),
        }
    };
    let text_w = shown
        .iter()
        .map(|r| fonts::width(&words(r), size, true))
        .fold(0.0, f64::max)
        + size;
    // Without any goal the bars are the values (best first), as a breakdown.
    let by_value = shown.iter().all(|r| r.attainment.is_none());
    let hi = if by_value {
        nice_ceil(shown.iter().filter_map(|r| r.value).fold(0.0, f64::max)).max(f64::MIN_POSITIVE)
    } else {
        let top = shown
            .iter()
            .filter_map(|r| r.attainment)
            .fold(1.0_f64, f64::max)
            .min(3.0);
        scale_max(top * 1.05)
    };
    let x0 = b.x + label_w;
    let bw = (b.w - label_w - text_w).max(size * 4.0);
    let x = |a: f64| x0 + bw * (a / hi).clamp(0.0, 1.0);
    for (i, r) in shown.iter().enumerate() {
        let top = b.y + row * i as f64;
        let bar_h = (row * 0.62).min(size * 2.0);
        let y = top + (row - bar_h) / 2.0;
        let mid = y + bar_h / 2.0 + size * 0.35;
        let ink = if r.rank.is_some() || by_value {
            INK
        } else {
            MUTED
        };
        c.text(
            &fonts::fit(&label(r), size, false, label_w - size),
            x0 - size * 0.5,
            mid,
            size,
            false,
            ink,
            Align::Right,
        )?;
        let end = match (r.attainment, r.value) {
            (Some(a), _) => {
                c.rect(x0, y, x(a).max(x0 + 1.0), y + bar_h, status_color(r.status))?;
                // The words start after the 100% line, which crosses short bars.
                x(a).max(x(1.0))
            }
            (None, Some(v)) if by_value && v > 0.0 => {
                c.rect(x0, y, x(v).max(x0 + 1.0), y + bar_h, ACCENT)?;
                x(v)
            }
            _ => x0,
        };
        c.text(
            &words(r),
            end + size * 0.5,
            mid,
            size,
            r.rank.is_some(),
            ink,
            Align::Left,
        )?;
    }
    // The 100% line over the ranked rows.
    let ranked = shown.iter().filter(|r| r.attainment.is_some()).count();
    if ranked > 0 {
        let gx = x(1.0);
        let mw = (size * 0.15).max(1.5);
        c.rect(
            gx - mw / 2.0,
            b.y,
            gx + mw / 2.0,
            b.y + row * ranked as f64,
            INK,
        )?;
    }
    let mut parts = Vec::new();
    if let Some(s) = d.at_goal_share {
        let with_goal = d.rows.iter().filter(|r| r.attainment.is_some()).count();
        parts.push(format!(
            "{} of {with_goal} at or above goal ({})",
            (s * with_goal as f64).round() as usize,
            format::percent(s)
        ));
    }
    if let Some(m) = d.median {
        parts.push(format!("median attainment {}", format::percent(m)));
    }
    if d.rows.len() > shown.len() {
        parts.push(format!("top {} of {} shown", shown.len(), d.rows.len()));
    }
    if by_value {
        parts.push(format!(
            "no {} has a goal for {} in this period: ordered by value",
            d.dimension.replace('_', " "),
            d.name.to_lowercase()
        ));
    } else {
        parts.push("the black line is 100% of each one's goal".into());
    }
    footnote(c, b, &parts, " · ", size)
}
