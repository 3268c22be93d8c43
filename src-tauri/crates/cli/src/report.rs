//! Readable tables for the KPI commands.

use salescope_core::kpi::{
    self, Forecast, Goal, KpiResult, Perspective, Scorecard, Settings, Status, Unit,
};

/// A number with thousands separators and `decimals` decimals.
fn grouped(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    if v < 0.0 && s.bytes().any(|c| (b'1'..=b'9').contains(&c)) {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A value as its unit shows it: counts whole (one decimal when not whole),
/// money with separators, ratios as percents, hours and days with one decimal.
pub fn value(unit: Unit, v: Option<f64>) -> String {
    let Some(v) = v else {
        return "—".to_string();
    };
    match unit {
        Unit::Count if v.fract() == 0.0 => grouped(v, 0),
        Unit::Count => grouped(v, 1),
        Unit::Currency if v.abs() >= 1000.0 => grouped(v, 0),
        Unit::Currency => grouped(v, 2),
        Unit::Ratio => format!("{:.1}%", v * 100.0),
        Unit::Hours => format!("{v:.1} h"),
        Unit::Days => format!("{v:.1} d"),
        Unit::CurrencyPerDay => format!("{}/day", grouped(v, 2)),
    }
}

fn percent(v: Option<f64>) -> String {
    v.map(|a| format!("{:.0}%", a * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn status(s: Status) -> &'static str {
    match s {
        Status::None => "",
        other => other.as_str(),
    }
}

fn print_kpis(kpis: &[KpiResult], perspectives: &[kpi::PerspectiveResult], in_progress: bool) {
    for p in Perspective::ALL {
        let score = perspectives.iter().find(|x| x.id == p);
        let head = match score.and_then(|s| s.score) {
            Some(s) => format!(
                "{} — score {} ({})",
                p.name(),
                percent(Some(s)),
                score.map(|s| status(s.status)).unwrap_or("")
            ),
            None => format!("{} — no goals", p.name()),
        };
        out!("\n{head}");
        out!(
            "  {:<28} {:>14} {:>14} {:>7} {:<6} {:>14} {:>14}",
            "KPI",
            "VALUE",
            if in_progress {
                "GOAL (TO DATE)"
            } else {
                "GOAL"
            },
            "ATTAIN",
            "STATUS",
            "PREVIOUS",
            "YEAR AGO"
        );
        for k in kpis.iter().filter(|k| k.perspective == p) {
            let goal = value(k.unit, k.expected.or(k.goal));
            out!(
                "  {:<28} {:>14} {:>14} {:>7} {:<6} {:>14} {:>14}",
                k.name,
                value(k.unit, k.value),
                goal,
                percent(k.attainment),
                status(k.status),
                value(k.unit, k.previous),
                value(k.unit, k.year_ago)
            );
            if let Some(r) = &k.reason {
                out!("  {:<28} {r}", "");
            }
        }
    }
}

pub fn print_scorecard(c: &Scorecard) {
    let filter = if c.filter.is_empty() {
        String::new()
    } else {
        let f: Vec<String> = c
            .filter
            .iter()
            .map(|p| format!("{}={}", p.dimension, p.value))
            .collect();
        format!(" · {}", f.join(", "))
    };
    let to_date = c
        .period
        .to_date
        .as_deref()
        .map(|d| format!(", to date {d}"))
        .unwrap_or_default();
    out!(
        "Scorecard {} ({} to {}{to_date}){filter}",
        c.period.label,
        c.period.start,
        c.period.end
    );
    if let (Some(a), Some(b)) = (&c.data_from, &c.data_through) {
        out!("Data from {a} to {b}; revenue from {}", c.revenue_source);
    }
    match c.score {
        Some(s) => out!("Overall score {} ({})", percent(Some(s)), status(c.status)),
        None => out!("Overall score — (no goals for this period and filter)"),
    }
    print_kpis(&c.kpis, &c.perspectives, c.period.to_date.is_some());
    if let Some(segments) = &c.breakdown {
        for s in segments {
            let name = if s.value.is_empty() {
                "(none)"
            } else {
                s.value.as_str()
            };
            let score = s
                .score
                .map(|x| format!(" — score {} ({})", percent(Some(x)), status(s.status)))
                .unwrap_or_default();
            out!("\n=== {} = {name}{score}", s.dimension);
            print_kpis(&s.kpis, &s.perspectives, c.period.to_date.is_some());
        }
    }
}

pub fn goal_line(g: &Goal) -> String {
    let unit = kpi::catalog::find(&g.kpi)
        .map(|d| d.unit)
        .unwrap_or(Unit::Count);
    let filter = if g.filter.is_empty() {
        "whole company".to_string()
    } else {
        let f: Vec<String> = g
            .filter
            .iter()
            .map(|p| format!("{}={}", p.dimension, p.value))
            .collect();
        f.join(", ")
    };
    format!(
        "{} {} = {} ({filter})",
        g.kpi,
        g.period,
        value(unit, Some(g.target))
    )
}

pub fn print_goals(goals: &[Goal]) {
    if goals.is_empty() {
        out!("No goals yet. Set one with `salescope-cli goals set KPI VALUE --period P`, or import a targets sheet.");
        return;
    }
    out!(
        "{:>5}  {:<28} {:<10} {:>14}  {:<24} SOURCE",
        "ID",
        "KPI",
        "PERIOD",
        "TARGET",
        "SEGMENT"
    );
    for g in goals {
        let unit = kpi::catalog::find(&g.kpi)
            .map(|d| d.unit)
            .unwrap_or(Unit::Count);
        let seg: Vec<String> = g
            .filter
            .iter()
            .map(|p| format!("{}={}", p.dimension, p.value))
            .collect();
        out!(
            "{:>5}  {:<28} {:<10} {:>14}  {:<24} {}",
            g.id,
            g.kpi,
            g.period,
            value(unit, Some(g.target)),
            if seg.is_empty() {
                "whole company".to_string()
            } else {
                seg.join(", ")
            },
            g.source.as_deref().unwrap_or("set by hand")
        );
    }
}

pub fn print_forecast(f: &Forecast) {
    out!("{} ({}) by month", f.name, f.kpi);
    for h in &f.history {
        out!("  {:<8} {:>16}", h.period, value(f.unit, h.value));
    }
    match &f.method {
        Some(m) => {
            out!("Forecast ({m}, 80% band):");
            for p in &f.points {
                out!(
                    "  {:<8} {:>16}   {} to {}",
                    p.period,
                    value(f.unit, Some(p.value)),
                    value(f.unit, Some(p.low)),
                    value(f.unit, Some(p.high))
                );
            }
        }
        None => out!("No forecast: {}", f.reason.as_deref().unwrap_or("")),
    }
}

pub fn print_settings(s: &Settings) {
    out!("fiscal_start_month  {}", s.fiscal_start_month);
    out!(
        "thresholds          green at {}, amber at {}",
        percent(Some(s.thresholds.green)),
        percent(Some(s.thresholds.amber))
    );
    for (k, t) in &s.kpi_thresholds {
        out!(
            "threshold.{k:<9} green at {}, amber at {}",
            percent(Some(t.green)),
            percent(Some(t.amber))
        );
    }
    for d in kpi::CATALOG.iter().filter(|d| d.variants.len() > 1) {
        let v = s.variant_of(d);
        let others: Vec<&str> = d.variants.iter().map(|v| v.id).collect();
        out!("variant.{:<28} {} (of {})", d.id, v.id, others.join(", "));
    }
    for p in Perspective::ALL {
        out!("weight.{:<12} {}", p.id(), s.weight_of(p));
    }
    let l = &s.limits;
    out!(
        "limit.workbook_mb   {} (MB a workbook may unpack to)",
        l.workbook_mb
    );
    out!(
        "limit.cells         {} (cells the sheets read at once may span)",
        l.cells
    );
    out!("limit.csv_row_kb    {} (KB in one CSV row)", l.csv_row_kb);
    out!(
        "limit.csv_field_kb  {} (KB in one CSV field)",
        l.csv_field_kb
    );
    out!(
        "limit.csv_columns   {} (fields in one CSV row)",
        l.csv_columns
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shown_in_their_unit() {
        assert_eq!(value(Unit::Currency, Some(1234567.4)), "1,234,567");
        assert_eq!(value(Unit::Currency, Some(-1234.0)), "-1,234");
        assert_eq!(value(Unit::Currency, Some(53.333)), "53.33");
        assert_eq!(value(Unit::Ratio, Some(2.0 / 3.0)), "66.7%");
        assert_eq!(value(Unit::Count, Some(3443.0)), "3,443");
        assert_eq!(value(Unit::Count, Some(12.25)), "12.2");
        assert_eq!(value(Unit::Days, Some(25.0)), "25.0 d");
        assert_eq!(value(Unit::CurrencyPerDay, Some(53.3333)), "53.33/day");
        assert_eq!(value(Unit::Hours, None), "—");
        assert_eq!(
            value(Unit::Currency, Some(1e20)),
            "100,000,000,000,000,000,000"
        );
        assert_eq!(value(Unit::Currency, Some(-0.001)), "0.00");
    }
}
