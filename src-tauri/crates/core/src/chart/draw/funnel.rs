//! The funnel: leads to won deals, each step with its conversion from the previous.

use plotters::style::RGBColor;

use super::*;

/// Leads → qualified → deals → won, with the conversion between stages.
pub fn funnel(c: &Canvas<'_>, b: Rect, stages: &[FunnelStep]) -> Result<()> {
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
