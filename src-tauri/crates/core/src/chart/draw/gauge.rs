//! A gauge: the value on a half ring against the goal, with the status bands.

use super::*;

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
