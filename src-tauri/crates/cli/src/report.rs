//! Readable tables for the KPI commands.

use salescope_core::{
    find_kpi, format_percent, format_signed as signed, format_value, Explanation, Forecast, Goal,
    GoalSource, KpiResult, Leaderboard, Note, Outlook, OutlookFigures, Perspective,
    PerspectiveResult, Scorecard, Settings, Status, Unit, CATALOG,
};

/// A value as the charts print it (`$1,234,567`, `42.5%`, `3.2 h`), or a dash.
pub fn value(unit: Unit, v: Option<f64>, currency: Option<&str>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format_value(unit, v, currency))
}

/// An attainment or score as the charts print it (`80%`), or a dash.
fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), format_percent)
}

fn status(s: Status) -> &'static str {
    match s {
        Status::None => "",
        other => other.as_str(),
    }
}

fn print_kpis(
    kpis: &[KpiResult],
    perspectives: &[PerspectiveResult],
    in_progress: bool,
    cur: Option<&str>,
) {
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
            let goal = value(k.unit, k.expected.or(k.goal), cur);
            out!(
                "  {:<28} {:>14} {:>14} {:>7} {:<6} {:>14} {:>14}",
                k.name,
                value(k.unit, k.value, cur),
                goal,
                percent(k.attainment),
                status(k.status),
                value(k.unit, k.previous, cur),
                value(k.unit, k.year_ago, cur)
            );
            if let Some(r) = &k.reason {
                out!("  {:<28} {r}", "");
            }
        }
    }
}

/// The scorecard as tables per perspective (and per segment with `--by`).
pub fn print_scorecard(c: &Scorecard, cur: Option<&str>) {
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
    print_kpis(&c.kpis, &c.perspectives, c.period.to_date.is_some(), cur);
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
            print_kpis(&s.kpis, &s.perspectives, c.period.to_date.is_some(), cur);
        }
    }
}

pub fn goal_line(g: &Goal) -> String {
    let unit = find_kpi(&g.kpi).map(|d| d.unit).unwrap_or(Unit::Count);
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
        value(unit, Some(g.target), None)
    )
}

/// A note in one line: `2024-03-12 total_revenue (region=East): text`.
pub fn note_line(n: &Note) -> String {
    let days = if n.start == n.end {
        n.start.clone()
    } else {
        format!("{}..{}", n.start, n.end)
    };
    let mut scope = Vec::new();
    if let Some(k) = &n.kpi {
        scope.push(k.clone());
    }
    let seg: Vec<String> = n
        .filter
        .iter()
        .map(|p| format!("{}={}", p.dimension, p.value))
        .collect();
    if !seg.is_empty() {
        scope.push(format!("({})", seg.join(", ")));
    }
    if scope.is_empty() {
        format!("{days}: {}", n.text)
    } else {
        format!("{days} {}: {}", scope.join(" "), n.text)
    }
}

/// `notes list`.
pub fn print_notes(notes: &[Note]) {
    if notes.is_empty() {
        out!(
            "No notes yet. Add one with `salescope-cli notes add 2024-03-12 \"price list live\"`."
        );
        return;
    }
    for n in notes {
        let source = n
            .source
            .as_deref()
            .map_or(String::new(), |s| format!("  [{s}]"));
        out!("{:>5}  {}{source}", n.id, note_line(n));
    }
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
        let unit = find_kpi(&g.kpi).map(|d| d.unit).unwrap_or(Unit::Count);
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
            value(unit, Some(g.target), None),
            if seg.is_empty() {
                "whole company".to_string()
            } else {
                seg.join(", ")
            },
            g.source.as_deref().unwrap_or("set by hand")
        );
    }
}

/// The monthly series and the forecast with its band.
pub fn print_forecast(f: &Forecast, cur: Option<&str>) {
    out!("{} ({}) by month", f.name, f.kpi);
    for h in &f.history {
        out!("  {:<8} {:>16}", h.period, value(f.unit, h.value, cur));
    }
    match &f.method {
        Some(m) => {
            out!("Forecast ({m}, 80% band):");
            for p in &f.points {
                out!(
                    "  {:<8} {:>16}   {} to {}",
                    p.period,
                    value(f.unit, Some(p.value), cur),
                    value(f.unit, Some(p.low), cur),
                    value(f.unit, Some(p.high), cur)
                );
            }
        }
        None => out!("No forecast: {}", f.reason.as_deref().unwrap_or("")),
    }
}

/// The outlook's figures, one a line, with the plan and its rates.
fn print_figures(f: &OutlookFigures, cur: Option<&str>, indent: &str) {
    let money = |v: Option<f64>| value(Unit::Currency, v, cur);
    let why = |k: &str| {
        f.reasons
            .get(k)
            .map_or(String::new(), |r| format!("  ({r})"))
    };
    let source = match f.goal_source {
        Some(GoalSource::RolledUp) => "  (rolled up from the reps' goals)",
        _ => "",
    };
    out!("{indent}Goal              {:>16}{source}", money(f.goal));
    out!("{indent}Closed            {:>16}", money(Some(f.closed)));
    out!("{indent}Commit            {:>16}", money(Some(f.commit)));
    out!("{indent}Best case         {:>16}", money(Some(f.best_case)));
    out!(
        "{indent}Pipeline          {:>16}  ({} open deals closing in the period)",
        money(Some(f.pipeline)),
        f.open_deals
    );
    out!(
        "{indent}Weighted          {:>16}{}",
        money(f.weighted),
        why("weighted")
    );
    out!("{indent}Gap to goal       {:>16}", money(f.gap_to_goal));
    out!(
        "{indent}Pipeline coverage {:>16}{}",
        value(Unit::Multiple, f.pipeline_coverage, cur),
        why("pipeline_coverage")
    );
    if f.overdue.count > 0 {
        out!(
            "{indent}Overdue           {:>16}  ({} deals past their expected close date)",
            money(Some(f.overdue.amount)),
            f.overdue.count
        );
    }
}

/// `outlook`: the view's figures, the plan, overdue deals and segments.
pub fn print_outlook(o: &Outlook) {
    let cur = o.currency.as_deref();
    let f = &o.figures;
    out!(
        "Outlook {} as of {}{}",
        o.period.label,
        o.as_of,
        if o.period_over {
            " (the period is over)"
        } else {
            ""
        }
    );
    print_figures(f, cur, "  ");
    let p = &f.plan;
    let count = |v: Option<u64>| v.map_or("—".to_string(), |n| n.to_string());
    if let Some(why) = p.reasons.get("plan") {
        out!("Plan: {why}");
    } else {
        out!("Plan to close the gap (rates of {}):", p.window);
        let rate = |name: &str, unit: Unit, v: Option<f64>| {
            let what_if = if p.what_if.iter().any(|w| w == name) {
                " (what-if)"
            } else {
                ""
            };
            format!("{}{what_if}", value(unit, v, cur))
        };
        out!(
            "  Deals needed         {:>8}  at an average deal size of {}",
            count(p.deals_needed),
            rate(
                "average_deal_size",
                Unit::Currency,
                p.rates.average_deal_size
            )
        );
        out!(
            "  Opportunities needed {:>8}  at a win rate of {}",
            count(p.opportunities_needed),
            rate("win_rate", Unit::Ratio, p.rates.win_rate)
        );
        out!(
            "  Leads needed         {:>8}  at a lead conversion rate of {}",
            count(p.leads_needed),
            rate(
                "lead_conversion_rate",
                Unit::Ratio,
                p.rates.lead_conversion_rate
            )
        );
        for (figure, why) in &p.reasons {
            out!("  {}: {why}", figure.replace('_', " "));
        }
    }
    if !f.overdue.deals.is_empty() {
        out!("Overdue deals:");
        for d in &f.overdue.deals {
            out!(
                "  {:<28} {:<16} {:>14}  expected {}",
                d.deal.as_deref().unwrap_or("(no name)"),
                d.rep.as_deref().unwrap_or(""),
                value(Unit::Currency, Some(d.amount), cur),
                d.close_date
            );
        }
    }
    for s in o.segments.iter().flatten() {
        out!(
            "{} {}:",
            s.dimension,
            if s.value.is_empty() {
                "(blank)"
            } else {
                &s.value
            }
        );
        print_figures(&s.figures, cur, "  ");
    }
}

/// `leaderboard`: ranked segments, then those without a goal.
pub fn print_leaderboard(b: &Leaderboard) {
    let cur = b.currency.as_deref();
    out!(
        "{} by {} for {}: ranked by attainment of their own goal",
        b.name,
        b.dimension,
        b.period.label
    );
    for r in &b.rows {
        out!(
            "  {:>4}  {:<24} {:>16}  goal {:>16}  {:>6}  {}",
            r.rank.map_or(String::new(), |n| format!("{n}.")),
            if r.segment.is_empty() {
                "(blank)"
            } else {
                &r.segment
            },
            value(b.unit, r.value, cur),
            value(b.unit, r.goal, cur),
            percent(r.attainment),
            status(r.status)
        );
    }
    out!(
        "At or above goal: {} · median attainment: {}",
        percent(b.at_goal_share),
        percent(b.median_attainment)
    );
}

/// `explain`: the sentence, then each segment's part.
pub fn print_explanation(e: &Explanation) {
    let cur = e.currency.as_deref();
    out!("{}", e.text);
    if e.contributions.is_empty() {
        return;
    }
    out!(
        "{} by {}{}:",
        e.name,
        e.dimension.as_deref().unwrap_or(""),
        if e.dimension_chosen {
            " (the dimension that explains most)"
        } else {
            ""
        }
    );
    for c in &e.contributions {
        let name = if c.segment.is_empty() {
            "(blank)"
        } else {
            &c.segment
        };
        match (c.rate, c.mix) {
            (Some(r), Some(m)) => out!(
                "  {name:<24} {:>14}   rate {:>12}   mix {:>12}",
                signed(e.unit, c.delta, cur),
                signed(e.unit, r, cur),
                signed(e.unit, m, cur)
            ),
            _ => out!("  {name:<24} {:>14}", signed(e.unit, c.delta, cur)),
        }
    }
}

/// Every setting, one a line, as `settings set` takes them.
pub fn print_settings(all: &Settings) {
    let s = &all.kpi;
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
    for d in CATALOG.iter().filter(|d| d.variants.len() > 1) {
        let v = s.variant_of(d);
        let others: Vec<&str> = d.variants.iter().map(|v| v.id).collect();
        out!("variant.{:<28} {} (of {})", d.id, v.id, others.join(", "));
    }
    for p in Perspective::ALL {
        out!("weight.{:<12} {}", p.id(), s.weight_of(p));
    }
    let l = &all.limits;
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
    fn values_are_shown_as_the_charts_show_them() {
        assert_eq!(
            value(Unit::Currency, Some(1234567.4), Some("$")),
            "$1,234,567"
        );
        assert_eq!(value(Unit::Currency, Some(-1234.0), Some("$")), "-$1,234");
        assert_eq!(value(Unit::Currency, Some(53.333), None), "53.33");
        assert_eq!(value(Unit::Ratio, Some(2.0 / 3.0), None), "66.7%");
        assert_eq!(value(Unit::Count, Some(3443.0), None), "3,443");
        assert_eq!(value(Unit::Days, Some(25.0), None), "25.0 d");
        assert_eq!(
            value(Unit::CurrencyPerDay, Some(53.3333), Some("€")),
            "€53/day"
        );
        assert_eq!(value(Unit::Hours, None, None), "—");
        assert_eq!(percent(Some(1.126)), "113%");
    }
}
