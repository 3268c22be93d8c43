//! The monthly trend: actuals, goal line, pacing, the forecast and its band.

use plotters::style::RGBColor;

use super::*;

/// A KPI per month with its goal line, the paced goal of a month in
/// progress and the forecast with its 80% band.
pub fn trend(c: &Canvas<'_>, b: Rect, t: &Trend, cur: Option<&str>) -> Result<()> {
    let k = &t.kpi;
    let size = text_size(c, b, 19.0, (1800.0, 760.0));
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for p in &t.points {
        for v in [p.value, p.goal, p.paced_goal].into_iter().flatten() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    for f in &t.forecast {
        lo = lo.min(f.low);
        hi = hi.max(f.high);
    }
    let ys = ticks(lo, if hi > lo { hi } else { lo + 1.0 }, 5);
    let ystep = ys[1] - ys[0];
    let (y0, y1) = (ys[0], ys[ys.len() - 1]);
    let label_w = ys
        .iter()
        .map(|v| fonts::width(&format::tick(k.unit, *v, ystep, cur), size, false))
        .fold(0.0, f64::max);
    // Legend on top.
    let legend_y = b.y + size;
    let mut lx = b.x + label_w + size;
    let mut legend = |c: &Canvas<'_>, text: &str, kind: u8| -> Result<()> {
        let cy = legend_y - size * 0.35;
        match kind {
            0 => c.line(&[(lx, cy), (lx + size * 1.8, cy)], ACCENT, size * 0.18)?,
            1 => c.dashed(
                &[(lx, cy), (lx + size * 1.8, cy)],
                INK,
                size * 0.12,
                size * 0.4,
            )?,
            2 => c.dashed(
                &[(lx, cy), (lx + size * 1.8, cy)],
                ACCENT,
                size * 0.14,
                size * 0.3,
            )?,
            _ => c.rect(
                lx,
                cy - size * 0.4,
                lx + size * 1.8,
                cy + size * 0.4,
                ACCENT_LIGHT,
            )?,
        }
        c.text(
            text,
            lx + size * 2.3,
            legend_y,
            size,
            false,
            INK,
            Align::Left,
        )?;
        lx += size * 3.3 + fonts::width(text, size, false);
        Ok(())
    };
    legend(c, "Actual", 0)?;
    if t.points.iter().any(|p| p.goal.is_some()) {
        legend(c, "Goal", 1)?;
    }
    if !t.forecast.is_empty() {
        legend(c, "Forecast", 2)?;
        legend(c, "80% range", 3)?;
    }
    if let Some(note) = &t.forecast_note {
        let room = b.right() - lx;
        if room > size * 8.0 {
            let n = fonts::fit(&format!("No forecast: {note}"), size * 0.85, false, room);
            c.text(
                &n,
                b.right(),
                legend_y,
                size * 0.85,
                false,
                MUTED,
                Align::Right,
            )?;
        }
    }
    let plot = Rect::new(
        b.x + label_w + size,
        b.y + size * 2.6,
        (b.w - label_w - size * 1.5).max(size * 4.0),
        (b.h - size * 2.6 - size * 3.2).max(size * 2.0),
    );
    let n = t.points.len().max(1);
    let step = plot.w / n as f64;
    let px = |i: usize| plot.x + step * (i as f64 + 0.5);
    // Each month's column, for the window to point at.
    for i in 0..t.points.len() {
        c.spot(plot.x + step * i as f64, plot.y, step, plot.h, i);
    }
    let py = |v: f64| plot.bottom() - plot.h * ((v - y0) / (y1 - y0).max(f64::MIN_POSITIVE));
    // Grid and y labels.
    for v in &ys {
        let y = py(*v);
        c.rect(
            plot.x,
            y - 0.5,
            plot.right(),
            y + 0.5,
            if *v == 0.0 { FAINT } else { RULE },
        )?;
        c.text(
            &format::tick(k.unit, *v, ystep, cur),
            plot.x - size * 0.6,
            y + size * 0.35,
            size,
            false,
            MUTED,
            Align::Right,
        )?;
    }
    // x labels: month, with the year under January and the first month.
    let every = (n as f64 * fonts::width("Mmm 0000", size, false) / plot.w)
        .ceil()
        .max(1.0) as usize;
    for (i, p) in t.points.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let (m, y) = p.label.split_once(' ').unwrap_or((&p.label, ""));
        c.text(
            m,
            px(i),
            plot.bottom() + size * 1.4,
            size,
            false,
            MUTED,
            Align::Center,
        )?;
        if i == 0 || m == "Jan" {
            c.text(
                y,
                px(i),
                plot.bottom() + size * 2.6,
                size * 0.9,
                false,
                MUTED,
                Align::Center,
            )?;
        }
    }
    let last_actual = t.points.iter().rposition(|p| p.value.is_some());
    // Forecast band and line, from the last complete month's value.
    if let Some(first) = t.forecast.first() {
        let anchor = first.index.checked_sub(1).and_then(|i| {
            t.points
                .get(i)
                .and_then(|p| p.value.map(|v| (px(i), py(v))))
        });
        let mut top: Vec<(f64, f64)> = anchor.into_iter().collect();
        let mut bottom = top.clone();
        let mut line = top.clone();
        for f in &t.forecast {
            top.push((px(f.index), py(f.high)));
            bottom.push((px(f.index), py(f.low)));
            line.push((px(f.index), py(f.value)));
        }
        bottom.reverse();
        top.extend(bottom);
        c.poly(&top, ACCENT_LIGHT)?;
        c.dashed(&line, ACCENT, size * 0.16, size * 0.45)?;
    }
    // Goal line: a dashed step per month.
    let goals: Vec<(usize, f64)> = t
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.goal.map(|g| (i, g)))
        .collect();
    for (i, g) in &goals {
        let y = py(*g);
        c.dashed(
            &[(px(*i) - step * 0.45, y), (px(*i) + step * 0.45, y)],
            INK,
            size * 0.12,
            size * 0.4,
        )?;
    }
    // Actual line and points.
    let pts: Vec<Option<(f64, f64)>> = t
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| p.value.map(|v| (px(i), py(v))))
        .collect();
    broken_line(c, &pts, ACCENT, size * 0.2)?;
    for (i, p) in t.points.iter().enumerate() {
        if let Some(v) = p.value {
            let color = match p.goal {
                Some(g) => {
                    let met = match k.better {
                        Better::Higher => v >= p.paced_goal.unwrap_or(g),
                        Better::Lower => v <= g,
                    };
                    if met {
                        GREEN
                    } else {
                        RED
                    }
                }
                None => ACCENT,
            };
            c.circle(px(i), py(v), size * 0.34, WHITE)?;
            c.circle(px(i), py(v), size * 0.26, color)?;
        }
        if let Some(pg) = p.paced_goal {
            let (x, y) = (px(i), py(pg));
            let d = size * 0.4;
            c.poly(&[(x, y - d), (x + d, y), (x, y + d), (x - d, y)], AMBER)?;
            // Beside the diamond, clear of the value label above the point;
            // on the left when the month is the last on the axis.
            let right = i + 1 < t.points.len();
            c.text(
                "goal to date",
                if right { x + d * 1.8 } else { x - d * 1.8 },
                y + size * 0.3,
                size * 0.8,
                true,
                AMBER,
                if right { Align::Left } else { Align::Right },
            )?;
        }
    }
    if let Some(i) = last_actual {
        if let Some(v) = t.points[i].value {
            // On the side away from a paced goal's diamond.
            let below = t.points[i].paced_goal.is_some_and(|pg| pg >= v);
            c.text(
                &format::short(k.unit, v, cur),
                px(i),
                if below {
                    py(v) + size * 1.7
                } else {
                    py(v) - size * 0.9
                },
                size * 1.05,
                true,
                INK,
                Align::Center,
            )?;
        }
    }
    // Notes: a numbered flag over the month each starts in, a dotted line
    // down to the axis (the numbers match the footer's list).
    for (i, n) in t.notes.iter().enumerate() {
        let x = px(n.index);
        // Several notes on one month stand side by side.
        let same = t.notes[..i].iter().filter(|m| m.index == n.index).count() as f64;
        let x = x + same * size * 1.3;
        c.dashed(
            &[(x, plot.y + size * 0.9), (x, plot.bottom())],
            MUTED,
            size * 0.08,
            size * 0.3,
        )?;
        c.circle(x, plot.y + size * 0.3, size * 0.62, AMBER)?;
        c.text(
            &(i + 1).to_string(),
            x,
            plot.y + size * 0.62,
            size * 0.85,
            true,
            WHITE,
            Align::Center,
        )?;
    }
    if t.points.iter().all(|p| p.value.is_none()) {
        let why = k
            .reason
            .clone()
            .unwrap_or_else(|| "no value in these months".into());
        message(c, plot, &why, size * 1.2)?;
    }
    Ok(())
}

/// A line through the points, broken where a point is missing.
pub(super) fn broken_line(
    c: &Canvas<'_>,
    pts: &[Option<(f64, f64)>],
    color: RGBColor,
    width: f64,
) -> Result<()> {
    for run in pts.split(|p| p.is_none()) {
        let run: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
        if run.len() > 1 {
            c.line(&run, color, width)?;
        }
    }
    Ok(())
}
