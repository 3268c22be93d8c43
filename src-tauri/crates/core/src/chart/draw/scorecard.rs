//! The scorecard: the four perspectives, their scores and a row per KPI.

use super::bullet::bullet_bar;
use super::*;

/// The four perspectives side by side, each with its score and its KPIs as
/// bullet rows; the overall score on top.
pub fn scorecard(c: &Canvas<'_>, b: Rect, s: &ScorecardView, cur: Option<&str>) -> Result<()> {
    let size = text_size(c, b, 17.0, (1830.0, 800.0));
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
