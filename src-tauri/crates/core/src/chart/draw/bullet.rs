//! A bullet chart: the value as a bar over the qualitative bands, the goal as a tick.

use super::*;

/// The bands, actual bar and goal marker of a bullet in `r`.
pub(super) fn bullet_bar(c: &Canvas<'_>, r: Rect, k: &KpiView) -> Result<f64> {
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
