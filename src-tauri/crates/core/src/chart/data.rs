//! What each chart shows, gathered from the KPI engine: plain numbers and
//! labels, so drawing needs no database and tests can build them by hand.

use chrono::{Datelike, Days, NaiveDate};

use super::ChartKind;
use crate::catalog;
use crate::error::{Error, ErrorCode, Result};
use crate::kpi::{
    self, Better, Context, KpiResult, Period, PeriodKind, Perspective, Query, Status, Thresholds,
    Unit,
};
use crate::text as format;

/// The words around every chart: what, when, which segment, how current,
/// and how each number was computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub title: String,
    /// Period and filters: `2024-Q3 (1 Jul – 30 Sep 2024) · region: East`.
    pub subtitle: String,
    /// `Data through 31 Dec 2024`.
    pub data_date: String,
    /// The definitions (with variants) of the KPIs shown.
    pub definitions: Vec<String>,
    pub currency: Option<String>,
}

/// One KPI as tiles, gauges and bullets show it.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiView {
    pub id: String,
    pub name: String,
    pub unit: Unit,
    pub better: Better,
    pub value: Option<f64>,
    /// The goal to compare with: paced to date in a period in progress.
    pub goal: Option<f64>,
    pub paced: bool,
    /// The goal is the sum of the reps' goals (the view has none of its own).
    pub rolled_up: bool,
    pub attainment: Option<f64>,
    pub status: Status,
    pub previous: Option<f64>,
    /// What is compared with `previous`: the value, or in a period in
    /// progress the projection to its end for flows (a quarter ten days in
    /// is not 89% down on the last).
    pub compare: Option<f64>,
    /// `vs 2024-Q2`, or `projected vs 2024-Q2`.
    pub previous_label: String,
    pub thresholds: Thresholds,
    pub reason: Option<String>,
    /// The last periods of the view's kind, oldest first, ending with this one.
    pub spark: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub label: String,
    /// The month's first and last day.
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub value: Option<f64>,
    pub goal: Option<f64>,
    /// The goal paced to today, in the month in progress.
    pub paced_goal: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForecastMark {
    /// The point's position among the trend's points.
    pub index: usize,
    pub label: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// A note on a trend: a numbered marker on the month it starts in.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendNote {
    /// The note's id.
    pub id: i64,
    /// The month's position among the trend's points.
    pub index: usize,
    /// Its days and text: `12 Mar 2024: price list 2024 live`.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub kpi: KpiView,
    pub points: Vec<TrendPoint>,
    pub forecast: Vec<ForecastMark>,
    /// Why no forecast is drawn.
    pub forecast_note: Option<String>,
    /// The notes on the months shown, numbered from 1 in this order.
    pub notes: Vec<TrendNote>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub goal: Option<f64>,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub kpi: KpiView,
    /// `region`, `rep` ...
    pub dimension: String,
    /// Best first.
    pub bars: Vec<Bar>,
    /// Segments the KPI has no value for.
    pub without_value: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunnelStep {
    pub name: String,
    pub value: Option<f64>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PerspectiveView {
    pub name: String,
    pub score: Option<f64>,
    pub status: Status,
    pub kpis: Vec<KpiView>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScorecardView {
    /// The global thresholds, which colour the scores (for the key).
    pub thresholds: Thresholds,
    pub score: Option<f64>,
    pub status: Status,
    pub perspectives: Vec<PerspectiveView>,
}

/// The outlook as its chart stacks it: each term's own part.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlookView {
    pub goal: Option<f64>,
    /// The goal is the sum of the reps' goals.
    pub rolled_up: bool,
    pub closed: f64,
    /// Open deals in commit (commit − closed).
    pub commit: f64,
    /// Open deals in best case (best case − commit).
    pub best_case: f64,
    /// The rest of the open pipeline (pipeline − the two above).
    pub pipeline: f64,
    pub gap: Option<f64>,
    pub coverage: Option<f64>,
    pub weighted: Option<f64>,
    /// Overdue open deals: count and amount.
    pub overdue: (u64, f64),
    /// The period is over: the bar is how it ended.
    pub period_over: bool,
}

/// One segment of a leaderboard.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderRow {
    pub label: String,
    pub value: Option<f64>,
    pub goal: Option<f64>,
    pub attainment: Option<f64>,
    pub status: Status,
    pub rank: Option<u32>,
}

/// A KPI's leaderboard: ranked rows, then those without a goal.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderboardView {
    pub name: String,
    pub unit: Unit,
    pub dimension: String,
    pub rows: Vec<LeaderRow>,
    pub at_goal_share: Option<f64>,
    pub median: Option<f64>,
}

/// Why a KPI moved, as a waterfall.
#[derive(Debug, Clone, PartialEq)]
pub struct WaterfallView {
    pub unit: Unit,
    pub better: Better,
    /// The comparison (`2024-Q1`, `the goal`) and its value.
    pub base_label: String,
    pub base: Option<f64>,
    /// The view's period and its value.
    pub period_label: String,
    pub value: Option<f64>,
    /// Each contributor (the largest five, then the others) and its part.
    pub steps: Vec<(String, f64)>,
    /// The sentence (or why there is no split).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Gauge(KpiView),
    Bullet(KpiView),
    Tile(KpiView),
    Trend(Trend),
    Breakdown(Breakdown),
    Funnel(Vec<FunnelStep>),
    Scorecard(ScorecardView),
    Outlook(OutlookView),
    Leaderboard(LeaderboardView),
    Waterfall(WaterfallView),
}

/// A chart's words and numbers, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub frame: Frame,
    pub body: Body,
}

/// How many contributors a waterfall draws before "others".
const WATERFALL_STEPS: usize = 5;

fn invalid(msg: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}

fn subtitle(period: &kpi::PeriodInfo, filter: &[kpi::FilterPair]) -> String {
    let date = |s: &str| {
        kpi::parse_date(s)
            .map(format::date)
            .unwrap_or_else(|_| s.to_string())
    };
    let mut s = format!(
        "{} ({} – {})",
        period.label,
        date(&period.start),
        date(&period.end)
    );
    if let Some(t) = &period.to_date {
        s.push_str(&format!(", to date {}", date(t)));
    }
    s.push_str(" · ");
    s.push_str(&segment_text(filter).unwrap_or_else(|| "all segments".to_string()));
    s
}

/// The segment a filter keeps: `region: East, West · team: SMB`; none for
/// every segment.
pub fn segment_text(filter: &[kpi::FilterPair]) -> Option<String> {
    let mut dims: Vec<(String, Vec<String>)> = Vec::new();
    for p in filter {
        match dims.last_mut() {
            Some((d, vs)) if *d == p.dimension => vs.push(p.value.clone()),
            _ => dims.push((p.dimension.clone(), vec![p.value.clone()])),
        }
    }
    let parts: Vec<String> = dims
        .iter()
        .map(|(d, vs)| format!("{}: {}", d.replace('_', " "), vs.join(", ")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn frame(ctx: &Context<'_>, title: String, card: &kpi::Scorecard, defs: Vec<String>) -> Frame {
    let data_date = match &card.data_through {
        Some(d) => format!(
            "Data through {}",
            kpi::parse_date(d)
                .map(format::date)
                .unwrap_or_else(|_| d.clone())
        ),
        None => "No data imported".to_string(),
    };
    Frame {
        title,
        subtitle: subtitle(&card.period, &card.filter),
        data_date,
        definitions: defs,
        currency: ctx.currency().map(str::to_string),
    }
}

fn view(ctx: &Context<'_>, r: &KpiResult, previous_label: &str) -> KpiView {
    KpiView {
        id: r.id.clone(),
        name: r.name.clone(),
        unit: r.unit,
        better: r.better,
        value: r.value,
        goal: r.expected.or(r.goal),
        paced: r.expected.is_some(),
        rolled_up: r.goal_source == Some(crate::kpi::outlook::GoalSource::RolledUp),
        attainment: r.attainment,
        status: r.status,
        previous: r.previous,
        compare: r.projection.or(r.value),
        previous_label: if r.projection.is_some() {
            format!("projected vs {previous_label}")
        } else {
            format!("vs {previous_label}")
        },
        thresholds: ctx.settings.thresholds_for(&r.id),
        reason: r.reason.clone(),
        spark: Vec::new(),
    }
}

fn find<'a>(card: &'a kpi::Scorecard, id: &str) -> Result<&'a KpiResult> {
    card.kpis
        .iter()
        .find(|k| k.id == id)
        .ok_or_else(|| invalid(format!("\"{id}\" is not a KPI")))
}

/// The KPI variants in use and where revenue comes from, for a footer.
fn variants_in_use(card: &kpi::Scorecard) -> String {
    let mut parts: Vec<String> = card
        .kpis
        .iter()
        .filter(|k| k.value.is_some())
        .filter(|k| catalog::find(&k.id).is_some_and(|d| d.variants.len() > 1))
        .map(|k| format!("{} [{}]", k.id, k.variant))
        .collect();
    parts.push(format!("revenue from {}", card.revenue_source));
    format!("KPI variants: {}", parts.join(" · "))
}

/// Gathers what `kind` shows for the query.
pub fn build(ctx: &Context<'_>, q: &Query, kind: &ChartKind) -> Result<Chart> {
    build_all(ctx, q, std::slice::from_ref(kind))?
        .pop()
        .ok_or_else(|| Error::new(ErrorCode::Render, "no chart was built"))
}

/// What the charts of one view share: computed once for all of them.
struct Shared {
    card: kpi::Scorecard,
    period: Period,
    prev_label: String,
    /// Sparklines of the tiles asked for, by KPI.
    sparks: std::collections::HashMap<String, Vec<Option<f64>>>,
}

/// Builds several charts of one view, computing the scorecard once and the
/// tiles' sparklines together (a window showing every KPI's tile).
pub fn build_all(ctx: &Context<'_>, q: &Query, kinds: &[ChartKind]) -> Result<Vec<Chart>> {
    Ok(build_for(ctx, q, |_| kinds.to_vec())?.2)
}

/// [`build_all`] for charts chosen from the view's scorecard: returns the
/// scorecard, the charts chosen and the charts, the scorecard computed once.
pub fn build_for(
    ctx: &Context<'_>,
    q: &Query,
    choose: impl FnOnce(&kpi::Scorecard) -> Vec<ChartKind>,
) -> Result<(kpi::Scorecard, Vec<ChartKind>, Vec<Chart>)> {
    let card = kpi::scorecard(ctx, q)?;
    let kinds = choose(&card);
    for kind in &kinds {
        if let Some(id) = kind.kpi() {
            kpi::settings::kpi_def(id)?;
        }
    }
    let period = kpi::resolve_period(ctx.facts, ctx.settings, q.period.as_deref())?;
    let tiles: Vec<&catalog::KpiDef> = kinds
        .iter()
        .filter_map(|k| match k {
            ChartKind::Tile(id) => catalog::find(id),
            _ => None,
        })
        .collect();
    let periods = kpi::periods_ending(&period, 12);
    let sparks = kpi::series_many(ctx, &tiles, &q.filter, &periods, Some(kpi::today(q)));
    let shared = Shared {
        prev_label: period.previous().label(),
        sparks: tiles.iter().map(|d| d.id.to_string()).zip(sparks).collect(),
        card,
        period,
    };
    let charts = kinds
        .iter()
        .map(|k| one_chart(ctx, q, k, &shared))
        .collect::<Result<Vec<_>>>()?;
    Ok((shared.card, kinds, charts))
}

fn one_chart(ctx: &Context<'_>, q: &Query, kind: &ChartKind, shared: &Shared) -> Result<Chart> {
    let card = &shared.card;
    let period = &shared.period;
    let prev_label = &shared.prev_label;
    let one = |id: &str| -> Result<(KpiView, String)> {
        let r = find(card, id)?;
        let mut definition = r.definition.clone();
        if r.goal_source == Some(kpi::outlook::GoalSource::RolledUp) {
            definition.push_str(
                "; goal rolled up: the sum of the reps' goals (this view has none of its own)",
            );
        }
        Ok((view(ctx, r, prev_label), definition))
    };
    let chart = match kind {
        ChartKind::Gauge(id) | ChartKind::Bullet(id) | ChartKind::Tile(id) => {
            let (mut v, def) = one(id)?;
            if matches!(kind, ChartKind::Tile(_)) {
                v.spark = shared.sparks.get(id.as_str()).cloned().unwrap_or_default();
                // The period itself as the scorecard computed it (to date).
                if let Some(last) = v.spark.last_mut() {
                    *last = v.value;
                }
            }
            let title = v.name.clone();
            let body = match kind {
                ChartKind::Gauge(_) => Body::Gauge(v),
                ChartKind::Bullet(_) => Body::Bullet(v),
                _ => Body::Tile(v),
            };
            Chart {
                frame: frame(ctx, title, card, vec![def]),
                body,
            }
        }
        ChartKind::Trend(id) => {
            let (v, def) = one(id)?;
            let trend = trend(ctx, q, period, v)?;
            let title = format!("{}: monthly trend", trend.kpi.name);
            let mut defs = vec![def];
            if !trend.forecast.is_empty() {
                defs.push(
                    "forecast: exponential smoothing of the complete months, 80% band".into(),
                );
            }
            // The notes in the footer (and so in a PNG's metadata), numbered
            // as their markers.
            if !trend.notes.is_empty() {
                let list: Vec<String> = trend
                    .notes
                    .iter()
                    .enumerate()
                    .map(|(i, n)| format!("({}) {}", i + 1, n.text))
                    .collect();
                defs.push(format!("Notes: {}", list.join("; ")));
            }
            Chart {
                frame: frame(ctx, title, card, defs),
                body: Body::Trend(trend),
            }
        }
        ChartKind::Breakdown(id, dim) => {
            let (v, def) = one(id)?;
            let segments = kpi::segments(ctx, q, dim)?;
            let dimension = segments
                .first()
                .map(|s| s.dimension.clone())
                .unwrap_or_else(|| dim.clone());
            let mut bars = Vec::new();
            let mut without_value = 0;
            for s in &segments {
                let Some(k) = s.kpis.iter().find(|k| k.id == v.id) else {
                    continue;
                };
                match k.value {
                    Some(value) => bars.push(Bar {
                        label: if s.value.is_empty() {
                            "(blank)".to_string()
                        } else {
                            s.value.clone()
                        },
                        value,
                        goal: k.expected.or(k.goal),
                        status: k.status,
                    }),
                    None => without_value += 1,
                }
            }
            bars.sort_by(|a, b| {
                let o = a.value.total_cmp(&b.value);
                match v.better {
                    Better::Higher => o.reverse(),
                    Better::Lower => o,
                }
                .then_with(|| a.label.cmp(&b.label))
            });
            let title = format!("{} by {}", v.name, dimension.replace('_', " "));
            Chart {
                frame: frame(ctx, title, card, vec![def]),
                body: Body::Breakdown(Breakdown {
                    kpi: v,
                    dimension,
                    bars,
                    without_value,
                }),
            }
        }
        ChartKind::Funnel => {
            let f = kpi::funnel(ctx, q)?;
            let stages = f
                .stages
                .into_iter()
                .map(|s| FunnelStep {
                    name: s.name,
                    value: s.value,
                    reason: s.reason,
                })
                .collect();
            let defs = vec![
                "funnel = leads created in the period → of them qualified; deals created in the period → of them won".to_string(),
            ];
            Chart {
                frame: frame(ctx, "Sales funnel".into(), card, defs),
                body: Body::Funnel(stages),
            }
        }
        ChartKind::Outlook => {
            let o = kpi::outlook::outlook(ctx, q, &kpi::outlook::WhatIf::default())?;
            let f = &o.figures;
            let defs = vec![
                "outlook: closed = revenue to date; commit = closed + open deals closing in the period in commit; best case = commit + those in best case; pipeline = open deals closing in the period, omitted excluded".to_string(),
                format!(
                    "coverage = pipeline / (goal − closed); weighted = closed + open deals × {}",
                    match f.weighting.as_str() {
                        "probability" => "their probability",
                        "win_rate" => "the trailing 12 months' win rate",
                        _ => "their probability (else the trailing 12 months' win rate)",
                    }
                ),
            ];
            // The outlook's own period (by default the quarter of its day).
            let mut frame = frame(ctx, "Outlook: will we hit the goal?".into(), card, defs);
            frame.subtitle = format!("{} · as of {}", subtitle(&o.period, &o.filter), {
                kpi::parse_date(&o.as_of)
                    .map(format::date)
                    .unwrap_or_else(|_| o.as_of.clone())
            });
            Chart {
                frame,
                body: Body::Outlook(OutlookView {
                    goal: f.goal,
                    rolled_up: f.goal_source == Some(kpi::outlook::GoalSource::RolledUp),
                    closed: f.closed,
                    commit: f.commit - f.closed,
                    best_case: f.best_case - f.commit,
                    pipeline: (f.pipeline - (f.best_case - f.closed)).max(0.0),
                    gap: f.gap_to_goal,
                    coverage: f.pipeline_coverage,
                    weighted: f.weighted,
                    overdue: (f.overdue.count, f.overdue.amount),
                    period_over: o.period_over,
                }),
            }
        }
        ChartKind::Leaderboard(id, dim) => {
            let by = Query {
                by: Some(dim.clone()),
                ..q.clone()
            };
            let b = kpi::outlook::leaderboard(ctx, &by, id)?;
            let (_, def) = one(id)?;
            let title = format!(
                "{}: leaderboard by {}",
                b.name,
                b.dimension.replace('_', " ")
            );
            Chart {
                frame: frame(ctx, title, card, vec![def]),
                body: Body::Leaderboard(LeaderboardView {
                    name: b.name,
                    unit: b.unit,
                    dimension: b.dimension,
                    rows: b
                        .rows
                        .into_iter()
                        .map(|r| LeaderRow {
                            label: if r.segment.is_empty() {
                                "(blank)".to_string()
                            } else {
                                r.segment
                            },
                            value: r.value,
                            goal: r.goal,
                            attainment: r.attainment,
                            status: r.status,
                            rank: r.rank,
                        })
                        .collect(),
                    at_goal_share: b.at_goal_share,
                    median: b.median_attainment,
                }),
            }
        }
        ChartKind::Explain(id, dim) => explain_chart(
            ctx,
            q,
            card,
            id,
            dim.as_deref(),
            kpi::explain::Versus::Previous,
        )?,
        ChartKind::Scorecard => {
            let perspectives = Perspective::ALL
                .iter()
                .map(|p| {
                    let pr = card.perspectives.iter().find(|x| x.id == *p);
                    PerspectiveView {
                        name: p.name().to_string(),
                        score: pr.and_then(|x| x.score),
                        status: pr.map_or(Status::None, |x| x.status),
                        kpis: card
                            .kpis
                            .iter()
                            .filter(|k| k.perspective == *p)
                            .map(|k| view(ctx, k, prev_label))
                            .collect(),
                    }
                })
                .collect();
            let defs = vec![variants_in_use(card)];
            Chart {
                frame: frame(ctx, "Sales scorecard".into(), card, defs),
                body: Body::Scorecard(ScorecardView {
                    thresholds: ctx.settings.thresholds,
                    score: card.score,
                    status: card.status,
                    perspectives,
                }),
            }
        }
    };
    Ok(chart)
}

/// The waterfall of why `id` moved against `versus`, split by `dim` (the
/// dimension that explains most when none).
pub fn explain_chart(
    ctx: &Context<'_>,
    q: &Query,
    card: &kpi::Scorecard,
    id: &str,
    dim: Option<&str>,
    versus: kpi::explain::Versus,
) -> Result<Chart> {
    let by = Query {
        by: dim.map(str::to_string),
        ..q.clone()
    };
    let e = kpi::explain::explain(ctx, &by, id, versus)?;
    waterfall_chart(ctx, q, card, e)
}

/// The waterfall of an explanation already made (the window's "Why it
/// moved" draws the one it shows, not a second one).
pub fn waterfall_chart(
    ctx: &Context<'_>,
    q: &Query,
    card: &kpi::Scorecard,
    e: kpi::explain::Explanation,
) -> Result<Chart> {
    let period = kpi::resolve_period(ctx.facts, ctx.settings, q.period.as_deref())?;
    let prev_label = period.previous().label();
    let r = find(card, &e.kpi)?;
    let (v, def) = (view(ctx, r, &prev_label), r.definition.clone());
    let mut steps: Vec<(String, f64)> = e
        .contributions
        .iter()
        .take(WATERFALL_STEPS)
        .map(|c| {
            let label = if c.segment.is_empty() {
                format!("no {}", e.dimension.as_deref().unwrap_or("value"))
            } else {
                c.segment.clone()
            };
            (label, c.delta)
        })
        .collect();
    if e.contributions.len() > WATERFALL_STEPS {
        let rest = e.contributions[WATERFALL_STEPS..]
            .iter()
            .map(|c| c.delta)
            .sum();
        steps.push(("others".to_string(), rest));
    }
    // Against the goal, the segments' own goals need not add up to the
    // view's: the difference is a step of its own, so the bars land.
    if let (Some(v), Some(b)) = (e.value, e.base) {
        let gap = v - b - steps.iter().map(|s| s.1).sum::<f64>();
        if !e.contributions.is_empty() && gap.abs() > 1e-9 * v.abs().max(1.0) {
            steps.push(("goals' difference".to_string(), gap));
        }
    }
    let title = match &e.dimension {
        Some(d) => format!("{}: why it moved, by {}", v.name, d.replace('_', " ")),
        None => format!("{}: why it moved", v.name),
    };
    let mut defs = vec![def];
    defs.push(if e.method == "rate_and_mix" {
                "each segment's part = its rate change (did better or worse) + its mix change (grew or shrank), exactly".to_string()
            } else {
                "each segment's part = its value − its value in the comparison, exactly".to_string()
            });
    Ok(Chart {
        frame: frame(ctx, title, card, defs),
        body: Body::Waterfall(WaterfallView {
            unit: v.unit,
            better: v.better,
            base_label: e.base_label.clone(),
            base: e.base,
            period_label: period.label(),
            value: e.value,
            steps,
            text: e.text,
        }),
    })
}

/// Twelve months ending with the view's period (or with the data's last
/// complete month when that is at most three months later), then the
/// forecast: drawn over the months after the last complete one, whether they
/// are months in progress on the axis or months appended to it.
fn trend(ctx: &Context<'_>, q: &Query, period: &Period, kpi: KpiView) -> Result<Trend> {
    let fiscal = ctx.settings.fiscal_start_month;
    let def = kpi::settings::kpi_def(&kpi.id)?;
    let month_of = |d: NaiveDate| Period::containing(PeriodKind::Month, d, fiscal);
    let next_month = |m: &Period| month_of(m.end + Days::new(1));
    let today = kpi::today(q);
    let fc = kpi::forecast(ctx, &kpi.id, &q.filter, 3)?;
    let complete = fc
        .history
        .last()
        .and_then(|h| Period::parse(&h.period, 1).ok());
    let mut last = month_of(period.end);
    if let Some(c) = &complete {
        let ahead = (c.start.year() - last.start.year()) * 12 + c.start.month() as i32
            - last.start.month() as i32;
        if (1..=3).contains(&ahead) {
            last = month_of(c.end);
        }
    }
    let mut months = kpi::periods_ending(&last, 12);
    let mut forecast = Vec::new();
    let mut forecast_note = fc.reason.clone();
    // The forecast belongs on the axis when it starts within or right after it.
    let starts_on_axis = complete
        .as_ref()
        .is_some_and(|c| months.iter().any(|m| m.start == c.start));
    if !fc.points.is_empty() && starts_on_axis {
        for p in &fc.points {
            let m = match months.iter().position(|m| m.label() == p.period) {
                Some(i) => months[i].clone(),
                None => {
                    let m = next_month(months.last().unwrap_or(&last));
                    months.push(m.clone());
                    m
                }
            };
            let index = months.iter().position(|x| *x == m).unwrap_or(0);
            forecast.push(ForecastMark {
                index,
                label: period_tick(&m),
                value: p.value,
                low: p.low,
                high: p.high,
            });
        }
    } else if let Some(first) = fc.points.first() {
        forecast_note = Some(format!(
            "the forecast starts at {}, after the data's last complete month; choose a period that reaches it",
            first.period
        ));
    }
    let values = kpi::series(ctx, def, &q.filter, &months, Some(today));
    let key = kpi::goals::filter_key(&q.filter);
    let points: Vec<TrendPoint> = months
        .iter()
        .zip(values)
        .map(|(m, value)| {
            // A month after the data's last day has no records yet: no value,
            // not a zero that reads as a collapse.
            let value = match ctx.facts.data_through {
                Some(d) if m.start > d => None,
                _ => value,
            };
            let goal = ctx.goals.goal(def, m, &key);
            let paced_goal = match goal {
                Some(g) if def.additive && m.contains(today) => {
                    let done = (today - m.start).num_days() + 1;
                    Some(g * done as f64 / m.days() as f64)
                }
                _ => None,
            };
            TrendPoint {
                label: period_tick(m),
                start: m.start,
                end: m.end,
                value,
                goal,
                paced_goal,
            }
        })
        .collect();
    // The notes on this KPI and segment that touch the months shown.
    let notes = match (months.first(), months.last()) {
        (Some(first), Some(last)) => ctx
            .notes
            .on(&kpi.id, &q.filter, first.start, last.end)
            .into_iter()
            .map(|n| {
                let start = kpi::parse_date(&n.start).unwrap_or(first.start);
                TrendNote {
                    id: n.id,
                    index: months.iter().position(|m| m.contains(start)).unwrap_or(0),
                    text: format!("{}: {}", kpi::notes::days_text(n), n.text),
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Trend {
        kpi,
        points,
        forecast,
        forecast_note,
        notes,
    })
}

/// A period for an axis: `Jan 2024`, `Q1 2024` (its label otherwise).
pub fn period_tick(p: &Period) -> String {
    use chrono::Datelike;
    match p.kind {
        PeriodKind::Month => format!(
            "{} {}",
            format::MONTHS[p.start.month0() as usize],
            p.start.year()
        ),
        _ => p.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_on_axes() {
        let m = Period::parse("2024-03", 1).unwrap();
        assert_eq!(period_tick(&m), "Mar 2024");
        let q = Period::parse("2024-Q2", 1).unwrap();
        assert_eq!(period_tick(&q), "2024-Q2");
    }
}
