//! The KPI engine (`../shared/kpi-catalog.md`): the catalog, periods, segments,
//! goals, pacing, perspective scores and forecasts.
//!
//! [`Facts`] holds the records in memory (loaded once per state of the
//! database); [`scorecard`] computes every KPI for a period, with `previous`
//! and `year_ago`, for one filter or as a breakdown by a dimension.

pub mod catalog;
pub mod compute;
pub mod facts;
pub mod forecast;
pub mod goals;
pub mod period;
pub mod settings;

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

pub use catalog::{Better, KpiDef, Perspective, Unit, CATALOG};
pub use facts::Facts;
pub use goals::{Filter, FilterPair, Goal, GoalBook};
pub use period::{Period, PeriodKind};
pub use settings::{Settings, Thresholds};

use compute::{Cut, Inputs, Span, TableGroups, Tally};
use facts::day_number;

use crate::error::{Error, ErrorCode, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "Status.ts")]
pub enum Status {
    Green,
    Amber,
    Red,
    None,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
            Status::None => "none",
        }
    }

    fn of(attainment: f64, t: Thresholds) -> Status {
        if attainment >= t.green {
            Status::Green
        } else if attainment >= t.amber {
            Status::Amber
        } else {
            Status::Red
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "PeriodInfo.ts")]
pub struct PeriodInfo {
    pub label: String,
    pub kind: PeriodKind,
    pub start: String,
    pub end: String,
    /// Set when the period is in progress: KPIs are computed to this day and
    /// additive goals are paced.
    pub to_date: Option<String>,
    /// The fraction of the period's days elapsed (in progress only).
    pub elapsed: Option<f64>,
}

impl PeriodInfo {
    fn new(p: &Period, to_date: Option<NaiveDate>) -> PeriodInfo {
        PeriodInfo {
            label: p.label(),
            kind: p.kind,
            start: p.start.to_string(),
            end: p.end.to_string(),
            to_date: to_date.map(|d| d.to_string()),
            elapsed: to_date.map(|d| elapsed(p, d)),
        }
    }
}

fn elapsed(p: &Period, today: NaiveDate) -> f64 {
    ((today - p.start).num_days() + 1) as f64 / p.days() as f64
}

/// One KPI's result in a view.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "KpiResult.ts")]
pub struct KpiResult {
    pub id: String,
    pub name: String,
    pub perspective: Perspective,
    pub unit: Unit,
    pub better: Better,
    /// Null when the data cannot give it; `reason` says why.
    pub value: Option<f64>,
    /// The goal for the whole period (split or summed from other periods as the catalog says).
    pub goal: Option<f64>,
    /// In a period in progress, the goal pro-rated by elapsed days (additive KPIs).
    pub expected: Option<f64>,
    /// Actual / goal (goal / actual when lower is better), against `expected`
    /// when the period is in progress; a fraction (1.0 = on goal).
    pub attainment: Option<f64>,
    pub status: Status,
    pub previous: Option<f64>,
    pub year_ago: Option<f64>,
    /// In a period in progress, additive KPIs projected to the period's end.
    pub projection: Option<f64>,
    /// The variant in use (`default` when the KPI has none).
    pub variant: String,
    /// The formula in use, with its variant and where revenue comes from.
    pub definition: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "PerspectiveResult.ts")]
pub struct PerspectiveResult {
    pub id: Perspective,
    pub name: String,
    /// Mean attainment (each capped at 150%) of its KPIs with goals.
    pub score: Option<f64>,
    pub status: Status,
    /// How many of its KPIs have a goal and a value.
    #[ts(type = "number")]
    pub scored: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Segment.ts")]
pub struct Segment {
    pub dimension: String,
    /// The dimension's value; "" for records without one.
    pub value: String,
    pub kpis: Vec<KpiResult>,
    pub perspectives: Vec<PerspectiveResult>,
    pub score: Option<f64>,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Scorecard.ts")]
pub struct Scorecard {
    pub period: PeriodInfo,
    pub filter: Vec<FilterPair>,
    pub kpis: Vec<KpiResult>,
    pub perspectives: Vec<PerspectiveResult>,
    /// Weighted mean of the perspective scores.
    pub score: Option<f64>,
    pub status: Status,
    /// With a breakdown: every KPI per value of the dimension.
    pub breakdown: Option<Vec<Segment>>,
    /// "orders" or "deals": where revenue KPIs come from.
    pub revenue_source: String,
    pub data_from: Option<String>,
    pub data_through: Option<String>,
    pub fiscal_start_month: u32,
}

/// What to compute.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// A period as the catalog writes it; None: the latest complete quarter of the data.
    pub period: Option<String>,
    pub filter: Filter,
    /// A dimension to break every KPI down by.
    pub by: Option<String>,
    /// Today (for period-to-date); None: the clock.
    pub today: Option<NaiveDate>,
}

/// The query's today, or the clock's.
pub fn today(q: &Query) -> NaiveDate {
    q.today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The latest quarter that is complete in the data: the quarter holding the
/// last day of data when that day ends it, else the quarter before.
pub fn default_period(facts: &Facts, fiscal_start: u32) -> Result<Period> {
    let last = facts.data_through.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            "there are no records yet: import a spreadsheet (or the sample) first",
        )
    })?;
    let q = Period::containing(PeriodKind::Quarter, last, fiscal_start);
    Ok(if q.end == last { q } else { q.previous() })
}

fn span(p: &Period, to: Option<NaiveDate>) -> Span {
    Span {
        start: day_number(p.start),
        end: day_number(to.unwrap_or(p.end).min(p.end)),
    }
}

/// Everything a view needs besides the facts.
pub struct Context<'a> {
    pub facts: &'a Facts,
    pub settings: &'a Settings,
    pub goals: &'a GoalBook,
}

impl Context<'_> {
    fn velocity_variants(&self) -> (&'static str, &'static str) {
        let v = |id: &str| catalog::find(id).map_or("", |d| self.settings.variant_of(d).id);
        (v("win_rate"), v("sales_cycle_days"))
    }

    fn definition(&self, def: &KpiDef) -> (String, String) {
        let v = self.settings.variant_of(def);
        let mut text = format!("{} = {}", def.id, v.formula);
        if def.variants.len() > 1 {
            text.push_str(&format!(" [{}]", v.id));
        }
        let revenue_kpis = [
            "total_revenue",
            "deals_won",
            "average_deal_size",
            "new_customers",
            "customer_acquisition_cost",
            "customer_lifetime_value",
        ];
        if revenue_kpis.contains(&def.id)
            && !(def.id == "customer_lifetime_value" && v.id == "subscription")
        {
            text.push_str(if compute::revenue_from_orders(self.facts) {
                "; revenue from orders"
            } else {
                "; revenue from won deals"
            });
        }
        if def.id == "pipeline_velocity" {
            let wr = self
                .settings
                .variant_of(catalog::find("win_rate").unwrap_or(def));
            let cy = self
                .settings
                .variant_of(catalog::find("sales_cycle_days").unwrap_or(def));
            text.push_str(&format!("; win rate [{}], sales cycle [{}]", wr.id, cy.id));
        }
        (v.id.to_string(), text)
    }
}

/// The results of every KPI for one group of a cut.
#[allow(clippy::too_many_arguments)]
fn results(
    ctx: &Context<'_>,
    groups: &TableGroups,
    period: &Period,
    to_date: Option<NaiveDate>,
    filter_key: &str,
    spans: &[Span],
    tallies: &[Tally],
) -> Vec<KpiResult> {
    let (win_rate_variant, cycle_variant) = ctx.velocity_variants();
    let inputs: Vec<Inputs> = tallies
        .iter()
        .zip(spans)
        .map(|(tally, s)| Inputs {
            facts: ctx.facts,
            win_rate_variant,
            cycle_variant,
            groups,
            tally,
            months: s.months(),
        })
        .collect();
    CATALOG
        .iter()
        .map(|def| {
            let (variant, definition) = ctx.definition(def);
            // The period's inputs, then the previous period's and the year
            // ago's when compared.
            let at = |i: usize| {
                inputs
                    .get(i)
                    .map(|input| compute::value(def, &variant, input))
            };
            let value = at(0).unwrap_or_else(|| Err("no period".into()));
            let previous = at(1).and_then(|v| v.ok());
            let year_ago = at(2).and_then(|v| v.ok());
            let goal = ctx.goals.goal(def, period, filter_key);
            let fraction = to_date.map(|d| elapsed(period, d));
            let expected = match (goal, fraction) {
                (Some(g), Some(f)) if def.additive => Some(g * f),
                _ => None,
            };
            let projection = match (&value, fraction) {
                (Ok(v), Some(f)) if def.additive && f > 0.0 => Some(v / f),
                _ => None,
            };
            let thresholds = ctx.settings.thresholds_for(def.id);
            let (attainment, status) = match (&value, expected.or(goal)) {
                (Ok(v), Some(g)) => attain(def.better, *v, g, thresholds),
                _ => (None, Status::None),
            };
            KpiResult {
                id: def.id.to_string(),
                name: def.name.to_string(),
                perspective: def.perspective,
                unit: def.unit,
                better: def.better,
                value: value.as_ref().ok().copied(),
                goal,
                expected,
                attainment,
                status,
                previous,
                year_ago,
                projection,
                variant,
                definition,
                reason: value.err(),
            }
        })
        .collect()
}

/// Attainment and status of a value against a goal. Attainment is actual /
/// goal, or goal / actual when lower is better; where that divides by zero
/// there is no attainment and the status says whether the goal is met.
pub fn attain(better: Better, value: f64, goal: f64, t: Thresholds) -> (Option<f64>, Status) {
    let (num, den) = match better {
        Better::Higher => (value, goal),
        Better::Lower => (goal, value),
    };
    if den == 0.0 {
        let met = match better {
            Better::Higher => value >= goal,
            Better::Lower => value <= goal,
        };
        return (None, if met { Status::Green } else { Status::Red });
    }
    let a = num / den;
    (Some(a), Status::of(a, t))
}

/// The attainment a KPI contributes to its perspective's score (capped at 150%).
fn scored(k: &KpiResult) -> Option<f64> {
    k.value?;
    match (k.attainment, k.status) {
        (Some(a), _) => Some(a.min(1.5)),
        (None, Status::Green) => Some(1.5),
        (None, Status::Red) => Some(0.0),
        _ => None,
    }
}

fn perspectives(
    ctx: &Context<'_>,
    kpis: &[KpiResult],
) -> (Vec<PerspectiveResult>, Option<f64>, Status) {
    let t = ctx.settings.thresholds;
    let list: Vec<PerspectiveResult> = Perspective::ALL
        .iter()
        .map(|&p| {
            let a: Vec<f64> = kpis
                .iter()
                .filter(|k| k.perspective == p)
                .filter_map(scored)
                .collect();
            let score = (!a.is_empty()).then(|| a.iter().sum::<f64>() / a.len() as f64);
            PerspectiveResult {
                id: p,
                name: p.name().to_string(),
                score,
                status: score.map_or(Status::None, |s| Status::of(s, t)),
                scored: a.len() as u32,
            }
        })
        .collect();
    let (mut sum, mut weights) = (0.0, 0.0);
    for p in &list {
        if let Some(s) = p.score {
            let w = ctx.settings.weight_of(p.id);
            sum += w * s;
            weights += w;
        }
    }
    let score = (weights > 0.0).then(|| sum / weights);
    let status = score.map_or(Status::None, |s| Status::of(s, t));
    (list, score, status)
}

/// Reads the period of a query with the fiscal setting, or the default one.
pub fn resolve_period(facts: &Facts, settings: &Settings, text: Option<&str>) -> Result<Period> {
    match text {
        Some(t) => Period::parse(t, settings.fiscal_start_month),
        None => default_period(facts, settings.fiscal_start_month),
    }
}

/// Every KPI of the catalog for the query's period (with previous and year
/// ago), filter and breakdown.
pub fn scorecard(ctx: &Context<'_>, q: &Query) -> Result<Scorecard> {
    let facts = ctx.facts;
    let period = resolve_period(facts, ctx.settings, q.period.as_deref())?;
    let today = today(q);
    let to_date = period.contains(today).then_some(today);
    let (prev, ago) = (period.previous(), period.year_ago());
    let spans = [span(&period, to_date), span(&prev, None), span(&ago, None)];

    let cut = Cut {
        filter: &q.filter,
        by: None,
    };
    let key = goals::filter_key(&q.filter);
    let groups = facts.tallies.groups(facts, &cut, &key);
    let t: Vec<Tally> = facts
        .tallies
        .get(facts, &groups, &key, 1, &spans)
        .into_iter()
        .map(|mut t| t.remove(0))
        .collect();
    let kpis = results(ctx, &groups, &period, to_date, &key, &spans, &t);
    let (persp, score, status) = perspectives(ctx, &kpis);

    let breakdown = match &q.by {
        None => None,
        Some(dim) => Some(breakdown(ctx, q, dim, &period, to_date, &spans)?),
    };
    Ok(Scorecard {
        period: PeriodInfo::new(&period, to_date),
        filter: goals::pairs(&q.filter),
        kpis,
        perspectives: persp,
        score,
        status,
        breakdown,
        revenue_source: if compute::revenue_from_orders(facts) {
            "orders"
        } else {
            "deals"
        }
        .to_string(),
        data_from: facts.data_from.map(|d| d.to_string()),
        data_through: facts.data_through.map(|d| d.to_string()),
        fiscal_start_month: ctx.settings.fiscal_start_month,
    })
}

/// The segments of `q`'s period broken down by `dim`, without the previous
/// period and year ago (what a breakdown chart shows, a third of the work).
pub fn segments(ctx: &Context<'_>, q: &Query, dim: &str) -> Result<Vec<Segment>> {
    let period = resolve_period(ctx.facts, ctx.settings, q.period.as_deref())?;
    let to_date = period.contains(today(q)).then_some(today(q));
    breakdown(ctx, q, dim, &period, to_date, &[span(&period, to_date)])
}

/// The segments by `dim`, each compared over `spans` after the first.
fn breakdown(
    ctx: &Context<'_>,
    q: &Query,
    dim: &str,
    period: &Period,
    to_date: Option<NaiveDate>,
    spans: &[Span],
) -> Result<Vec<Segment>> {
    let facts = ctx.facts;
    let dim = facts::dimension_name(dim);
    let dim = if dim == "channel" {
        "source".to_string()
    } else {
        dim
    };
    let Some(dict) = facts
        .dicts
        .get(&dim)
        .filter(|_| facts.dim_tables().iter().any(|t| t.get(&dim).is_some()))
    else {
        let known: Vec<String> = facts.dimensions().into_keys().collect();
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "no record carries the dimension \"{dim}\"; the dimensions are {}",
                if known.is_empty() {
                    "none yet".to_string()
                } else {
                    known.join(", ")
                }
            ),
        ));
    };
    let mut values: Vec<String> = (0..dict.len() as u32)
        .map(|c| dict.value(c).to_string())
        .collect();
    values.sort();
    values.push(String::new());
    let cut = Cut {
        filter: &q.filter,
        by: Some((&dim, &values)),
    };
    let cut_key = format!("{}\u{1}{dim}", goals::filter_key(&q.filter));
    let groups = facts.tallies.groups(facts, &cut, &cut_key);
    let n = values.len();
    let t = facts.tallies.get(facts, &groups, &cut_key, n, spans);
    let mut out = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let mut filter = q.filter.clone();
        if !value.is_empty() {
            filter.insert(dim.clone(), BTreeSet::from([value.clone()]));
        }
        let key = if value.is_empty() {
            "\u{0}".to_string()
        } else {
            goals::filter_key(&filter)
        };
        let kpis = results(
            ctx,
            &groups,
            period,
            to_date,
            &key,
            spans,
            &t.iter().map(|t| t[i].clone()).collect::<Vec<_>>(),
        );
        if kpis.iter().all(|k| k.value.is_none()) {
            continue;
        }
        let (perspectives, score, status) = perspectives(ctx, &kpis);
        out.push(Segment {
            dimension: dim.clone(),
            value: value.clone(),
            kpis,
            perspectives,
            score,
            status,
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "ForecastPoint.ts")]
pub struct ForecastPoint {
    pub period: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "HistoryPoint.ts")]
pub struct HistoryPoint {
    pub period: String,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Forecast.ts")]
pub struct Forecast {
    pub kpi: String,
    pub name: String,
    pub unit: Unit,
    pub filter: Vec<FilterPair>,
    /// "holt" or "holt_winters"; null with `reason` when there is no forecast.
    pub method: Option<String>,
    /// The KPI per complete month of data.
    pub history: Vec<HistoryPoint>,
    pub points: Vec<ForecastPoint>,
    /// The share of outcomes the band should hold (0.8).
    pub band: f64,
    pub definition: String,
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
    let cut = Cut { filter, by: None };
    let key = goals::filter_key(filter);
    let groups = ctx.facts.tallies.groups(ctx.facts, &cut, &key);
    let variants: Vec<String> = defs.iter().map(|d| ctx.definition(d).0).collect();
    let (win_rate_variant, cycle_variant) = ctx.velocity_variants();
    let mut out = vec![Vec::with_capacity(periods.len()); defs.len()];
    // Periods after today have no value; the one holding today counts to it.
    let spans: Vec<Option<Span>> = periods
        .iter()
        .map(|p| {
            today
                .is_none_or(|d| p.start <= d)
                .then(|| span(p, today.filter(|d| p.contains(*d))))
        })
        .collect();
    let counted: Vec<Span> = spans.iter().flatten().copied().collect();
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
            v.push(compute::value(def, variant, &input).ok());
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
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "FunnelStage.ts")]
pub struct FunnelStage {
    /// `leads`, `qualified`, `deals` or `won`.
    pub id: String,
    pub name: String,
    pub value: Option<f64>,
    /// Why the stage has no value.
    pub reason: Option<String>,
}

/// Leads created in a period and of them the qualified; deals created in the
/// period and of them the won (whenever they closed): qualified never exceed
/// leads, nor won deals.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Funnel.ts")]
pub struct Funnel {
    pub period: PeriodInfo,
    pub filter: Vec<FilterPair>,
    pub stages: Vec<FunnelStage>,
}

/// The funnel of a period and filter (a period in progress counts to today).
pub fn funnel(ctx: &Context<'_>, q: &Query) -> Result<Funnel> {
    let facts = ctx.facts;
    let period = resolve_period(facts, ctx.settings, q.period.as_deref())?;
    let today = today(q);
    let to_date = period.contains(today).then_some(today);
    let cut = Cut {
        filter: &q.filter,
        by: None,
    };
    let key = goals::filter_key(&q.filter);
    let groups = facts.tallies.groups(facts, &cut, &key);
    let t = facts
        .tallies
        .get(facts, &groups, &key, 1, &[span(&period, to_date)]);
    let t = &t[0][0];
    let why = |imported: bool, g: &compute::Groups, kind: &str, sheet: &str| match g {
        _ if !imported => Some(format!("needs {sheet}")),
        compute::Groups::Missing(dim) => Some(format!("the {kind} records have no {dim}")),
        _ => None,
    };
    let leads = why(
        !facts.leads.created.is_empty(),
        &groups.leads,
        "leads",
        "a leads sheet with a created date",
    );
    let qualified = leads.clone().or_else(|| {
        (!facts.leads.any_qualified).then(|| "needs a qualified column in the leads".to_string())
    });
    let deals = why(
        !facts.deals.created.is_empty(),
        &groups.deals,
        "deals",
        "a deals sheet with a created date",
    );
    let stage = |id: &str, name: &str, value: u64, missing: &Option<String>| FunnelStage {
        id: id.to_string(),
        name: name.to_string(),
        value: missing.is_none().then_some(value as f64),
        reason: missing.clone(),
    };
    Ok(Funnel {
        period: PeriodInfo::new(&period, to_date),
        filter: goals::pairs(&q.filter),
        stages: vec![
            stage("leads", "Leads", t.leads.new, &leads),
            stage("qualified", "Qualified", t.leads.qualified, &qualified),
            stage("deals", "Deals", t.deals.created, &deals),
            stage("won", "Won", t.deals.created_won, &deals),
        ],
    })
}

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
            forecast::Method::HoltWinters => "holt_winters",
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

/// Reads a date argument (`YYYY-MM-DD`).
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Error::new(
            ErrorCode::InvalidArgument,
            format!("\"{s}\" is not a date; write YYYY-MM-DD"),
        )
    })
}

/// The facts, settings and goals of a database: what every view reads. The
/// app keeps one and refreshes it after each change; the facts are reloaded
/// only when the records changed.
pub struct Workspace {
    pub facts: Facts,
    pub settings: Settings,
    pub goals: GoalBook,
}

impl Workspace {
    /// Reads everything in one read transaction: one snapshot, even while
    /// another program commits an import.
    pub fn load(store: &crate::Store) -> Result<Workspace> {
        let conn = store.conn();
        let snapshot = conn.unchecked_transaction()?;
        let settings = Settings::load(conn)?;
        let ws = Workspace {
            facts: Facts::load(conn)?,
            goals: GoalBook::load(conn, settings.fiscal_start_month)?,
            settings,
        };
        snapshot.finish()?;
        Ok(ws)
    }

    /// Re-reads settings and goals, and the records when they changed.
    pub fn refresh(&mut self, store: &crate::Store) -> Result<()> {
        let conn = store.conn();
        let snapshot = conn.unchecked_transaction()?;
        if facts::state_key(conn)? != self.facts.key {
            self.facts = Facts::load(conn)?;
        }
        self.settings = Settings::load(conn)?;
        self.goals = GoalBook::load(conn, self.settings.fiscal_start_month)?;
        snapshot.finish()?;
        Ok(())
    }

    pub fn context(&self) -> Context<'_> {
        Context {
            facts: &self.facts,
            settings: &self.settings,
            goals: &self.goals,
        }
    }
}
