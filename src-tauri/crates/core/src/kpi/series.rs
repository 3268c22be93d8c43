//! A KPI over time: its value per period (one tally pass for many periods),
//! the months ending with a period, and the statistical forecast of the
//! monthly series.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::*;

/// A month ahead: the forecast and its band.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "ForecastPoint.ts")]
pub struct ForecastPoint {
    /// The month (`2025-01`).
    pub period: String,
    /// The point forecast.
    pub value: f64,
    /// The band's low end.
    pub low: f64,
    /// The band's high end.
    pub high: f64,
}

/// A complete month of data.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "HistoryPoint.ts")]
pub struct HistoryPoint {
    /// The month.
    pub period: String,
    /// The KPI (none when it has no value that month).
    pub value: Option<f64>,
}

/// A KPI's monthly series and its forecast.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Forecast.ts")]
pub struct Forecast {
    /// The KPI's id.
    pub kpi: String,
    /// Its name.
    pub name: String,
    /// What its value measures.
    pub unit: Unit,
    /// The filter.
    pub filter: Vec<FilterPair>,
    /// "holt", "damped_holt", "holt_winters" or "damped_holt_winters"; null
    /// with `reason` when there is no forecast.
    pub method: Option<String>,
    /// The KPI per complete month of data.
    pub history: Vec<HistoryPoint>,
    /// The months ahead.
    pub points: Vec<ForecastPoint>,
    /// The share of outcomes the band should hold (0.8).
    pub band: f64,
    /// The KPI's definition with its variant.
    pub definition: String,
    /// Why there is no forecast.
    pub reason: Option<String>,
}

/// The KPI's value for each month from `first` to `last` (inclusive).
pub fn monthly_series(
    ctx: &Context<'_>,
    def: &KpiDef,
    filter: &Filter,
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<(Period, Option<f64>)> {
    let fiscal = ctx.settings.fiscal_start_month;
    let mut months = Vec::new();
    let mut m = Period::containing(PeriodKind::Month, first, fiscal);
    while m.start <= last {
        let next = m.end + Days::new(1);
        months.push(m);
        m = Period::containing(PeriodKind::Month, next, fiscal);
    }
    let values = series(ctx, def, filter, &months, None);
    months.into_iter().zip(values).collect()
}

/// The KPI's value (none where it cannot be computed) in each of `periods`.
/// With `today`, the period holding it is computed to that day (as the
/// scorecard does) and later periods have no value.
pub fn series(
    ctx: &Context<'_>,
    def: &KpiDef,
    filter: &Filter,
    periods: &[Period],
    today: Option<NaiveDate>,
) -> Vec<Option<f64>> {
    series_many(ctx, &[def], filter, periods, today)
        .pop()
        .unwrap_or_default()
}

/// [`series`] for several KPIs at once: each period is tallied once.
pub fn series_many(
    ctx: &Context<'_>,
    defs: &[&KpiDef],
    filter: &Filter,
    periods: &[Period],
    today: Option<NaiveDate>,
) -> Vec<Vec<Option<f64>>> {
    // Nothing asked: nothing counted (a view without tiles has no sparklines).
    if defs.is_empty() {
        return Vec::new();
    }
    let cut = Cut { filter, by: None };
    let key = goals::filter_key(filter);
    let groups = ctx.facts.tallies.groups(ctx.facts, &cut, &key);
    let variants: Vec<String> = defs.iter().map(|d| ctx.definition(d).0).collect();
    let (win_rate_variant, cycle_variant) = ctx.velocity_variants();
    let mut out = vec![Vec::with_capacity(periods.len()); defs.len()];
    // Periods after today have no value; the one holding today counts to it.
    let spans: Vec<Option<DaySpan>> = periods
        .iter()
        .map(|p| {
            today
                .is_none_or(|d| p.start <= d)
                .then(|| span(p, today.filter(|d| p.contains(*d))))
        })
        .collect();
    let counted: Vec<DaySpan> = spans.iter().flatten().copied().collect();
    let mut tallies = ctx
        .facts
        .tallies
        .get(ctx.facts, &groups, &key, 1, &counted)
        .into_iter()
        .map(|mut t| t.remove(0));
    for s in spans {
        let (Some(s), Some(t)) = (s, s.and_then(|_| tallies.next())) else {
            out.iter_mut().for_each(|v| v.push(None));
            continue;
        };
        let input = Inputs {
            facts: ctx.facts,
            win_rate_variant,
            cycle_variant,
            groups: &groups,
            tally: &t,
            months: s.months(),
        };
        for ((def, variant), v) in defs.iter().zip(&variants).zip(out.iter_mut()) {
            v.push(formulas::value(def, variant, &input).ok());
        }
    }
    // The outlook's KPIs are not tallies: each period's come from its
    // outlook, computed once for all of them.
    let wanted: Vec<(usize, usize)> = defs
        .iter()
        .enumerate()
        .filter_map(|(i, def)| {
            let k = super::outlook::OUTLOOK_KPIS
                .iter()
                .position(|x| *x == def.id)?;
            Some((i, k))
        })
        .collect();
    if !wanted.is_empty() {
        let filters = [Some(filter.clone())];
        for (j, p) in periods.iter().enumerate() {
            if today.is_some_and(|d| p.start > d) {
                continue;
            }
            let to = today.filter(|d| p.contains(*d));
            let values = super::outlook::outlook_kpis(ctx, &cut, &key, &filters, p, to).remove(0);
            for &(i, k) in &wanted {
                out[i][j] = values[k].clone().ok();
            }
        }
    }
    out
}

/// The `count` periods of `period`'s kind that end with it (oldest first).
/// A custom range steps back by its own length.
pub fn periods_ending(period: &Period, count: usize) -> Vec<Period> {
    let mut out = vec![period.clone()];
    while out.len() < count {
        let Some(first) = out.last() else { break };
        let prev = first.previous();
        if prev.start.year() <= 1 {
            break;
        }
        out.push(prev);
    }
    out.reverse();
    out
}

/// One stage of the sales funnel.
/// The forecast of a KPI's monthly series for the next `periods` months.
pub fn forecast(ctx: &Context<'_>, kpi: &str, filter: &Filter, periods: usize) -> Result<Forecast> {
    let def = settings::kpi_def(kpi)?;
    let (_, definition) = ctx.definition(def);
    let mut fc = Forecast {
        kpi: def.id.to_string(),
        name: def.name.to_string(),
        unit: def.unit,
        filter: goals::pairs(filter),
        method: None,
        history: Vec::new(),
        points: Vec::new(),
        band: 0.8,
        definition,
        reason: None,
    };
    let (Some(from), Some(through)) = (ctx.facts.data_from, ctx.facts.data_through) else {
        fc.reason = Some("there are no records yet: import a spreadsheet first".into());
        return Ok(fc);
    };
    // Complete months only: the last month counts when the data reaches its end.
    let last_month = Period::containing(PeriodKind::Month, through, 1);
    let last = if last_month.end == through {
        through
    } else {
        last_month.start - Days::new(1)
    };
    let series = monthly_series(ctx, def, filter, from, last);
    fc.history = series
        .iter()
        .map(|(p, v)| HistoryPoint {
            period: p.label(),
            value: *v,
        })
        .collect();
    // From the first month with a value; gaps are 0 for flows, else the month before.
    let start = series.iter().position(|(_, v)| v.is_some());
    let mut y: Vec<f64> = Vec::new();
    for (_, v) in series.iter().skip(start.unwrap_or(series.len())) {
        let x = match v {
            Some(x) => *x,
            None if def.additive => 0.0,
            None => y.last().copied().unwrap_or(0.0),
        };
        y.push(x);
    }
    let Some(mut fit) = forecast::forecast(&y, periods) else {
        fc.reason = Some(format!(
            "a forecast needs at least 6 complete months of {}; the data has {}",
            def.name.to_lowercase(),
            y.len()
        ));
        return Ok(fc);
    };
    let floor = y.iter().all(|v| *v >= 0.0).then_some(0.0);
    let ceiling = (def.unit == Unit::Ratio).then_some(1.0);
    fit.clamp(floor, ceiling);
    fc.method = Some(
        match fit.method {
            forecast::Method::Holt => "holt",
            forecast::Method::DampedHolt => "damped_holt",
            forecast::Method::HoltWinters => "holt_winters",
            forecast::Method::DampedHoltWinters => "damped_holt_winters",
        }
        .to_string(),
    );
    let mut m = series.last().map(|(p, _)| p.clone()).unwrap_or(last_month);
    for (v, lo, hi) in fit.points {
        m = Period::containing(PeriodKind::Month, m.end + Days::new(1), 1);
        fc.points.push(ForecastPoint {
            period: m.label(),
            value: v,
            low: lo,
            high: hi,
        });
    }
    Ok(fc)
}
