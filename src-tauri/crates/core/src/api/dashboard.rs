//! What the desktop window shows, as data: the home view (the scorecard and a
//! tile per KPI), a KPI's detail (gauge, trend, breakdowns, definition and
//! goals), single charts, and period stepping. The pictures are the chart
//! module's SVGs with their text as outlines, the very drawings the PNG export
//! rasterises; the window only places them.

use chrono::Datelike;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{self, KpiInfo};
use crate::chart::{self, ChartKind};
use crate::error::{Error, ErrorCode, Result};
use crate::kpi::goals::{self, FilterPair, Goal};
use crate::kpi::outlook::{Leaderboard, Outlook, WhatIf};
use crate::kpi::{self, Context, KpiResult, Period, PeriodKind, Query, Scorecard};

/// The period and segment filter every view applies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export_to = "ViewQuery.ts")]
pub struct ViewQuery {
    /// `2024-03`, `2024-Q1`, `2024`, `2024-01-15..2024-02-29`; null: the
    /// latest complete quarter of the data.
    pub period: Option<String>,
    /// Values of one dimension are alternatives; dimensions combine.
    pub filter: Vec<FilterPair>,
    /// Compute as if today were this date (`YYYY-MM-DD`); null: the clock.
    pub today: Option<String>,
}

impl ViewQuery {
    /// The KPI engine's query for this view (no breakdown).
    pub fn query(&self) -> Result<Query> {
        Ok(Query {
            period: self.period.clone().filter(|p| !p.trim().is_empty()),
            filter: goals::filter_of(&self.filter)?,
            by: None,
            today: self.today.as_deref().map(kpi::parse_date).transpose()?,
        })
    }
}

/// A chart as the window shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "DrawnChart.ts")]
pub struct DrawnChart {
    /// What `chart::ChartKind::parse` reads: `tile:win_rate`.
    pub spec: String,
    /// The SVG, text as outlines, with a viewBox to scale it to its box.
    pub svg: String,
    /// The parts of the picture the window lets you point at: a trend's
    /// months (empty for other charts).
    pub regions: Vec<ChartRegion>,
}

/// A month of a trend, where the picture shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "ChartRegion.ts")]
pub struct ChartRegion {
    /// Left edge, as a fraction of the picture's width.
    pub x: f64,
    /// Top edge, as a fraction of the picture's height.
    pub y: f64,
    /// Width, as a fraction of the picture's width.
    pub w: f64,
    /// Height, as a fraction of the picture's height.
    pub h: f64,
    /// `Mar 2024`.
    pub label: String,
    /// The month's days as a note takes them: `2024-03-01..2024-03-31`.
    pub days: String,
    /// What hovering shows: the month, its value and goal, then each note
    /// on it with its marker's number (`(1) 12 Mar 2024: price list live`).
    pub text: String,
}

/// The regions of a trend drawn with `spots` (one per month).
fn trend_regions(
    t: &chart::data::Trend,
    spots: &[chart::canvas::Spot],
    cur: Option<&str>,
) -> Vec<ChartRegion> {
    let unit = t.kpi.unit;
    spots
        .iter()
        .filter_map(|s| {
            let p = t.points.get(s.index)?;
            let mut text = p.label.clone();
            match p.value {
                Some(v) => text += &format!(": {}", crate::text::value(unit, v, cur)),
                None => text += ": no value",
            }
            if let Some(g) = p.goal {
                text += &format!(" (goal {})", crate::text::value(unit, g, cur));
            }
            for (n, note) in t.notes.iter().enumerate() {
                if note.index == s.index {
                    text += &format!("\n({}) {}", n + 1, note.text);
                }
            }
            Some(ChartRegion {
                x: s.x,
                y: s.y,
                w: s.w,
                h: s.h,
                label: p.label.clone(),
                days: format!("{}..{}", p.start, p.end),
                text,
            })
        })
        .collect()
}

/// A dimension the filters offer, with its values.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Dimension.ts")]
pub struct Dimension {
    /// The dimension (`region`, `rep`, a lookup attribute ...).
    pub name: String,
    /// Its values, sorted.
    pub values: Vec<String>,
}

/// The home view: the scorecard's numbers and a tile per KPI.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Home.ts")]
pub struct Home {
    /// Every KPI of the view, with goals and scores.
    pub scorecard: Scorecard,
    /// One per KPI of the scorecard, in its order.
    pub tiles: Vec<DrawnChart>,
    /// The currency symbol money is shown with (the setting, else the data's).
    pub currency: String,
}

/// Everything the KPI detail view shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Detail.ts")]
pub struct Detail {
    /// The KPI in the view.
    pub kpi: KpiResult,
    /// Its definition, variants and what it needs.
    pub info: KpiInfo,
    /// The gauge (or bullet), the monthly trend, then a breakdown per dimension.
    pub charts: Vec<DrawnChart>,
    /// The goals set for this KPI.
    pub goals: Vec<Goal>,
    /// The notes the trend shows, in the order its markers number them.
    pub notes: Vec<crate::kpi::notes::Note>,
    /// The currency symbol or code charts print (`$` when the data has none).
    pub currency: String,
}

fn currency(ctx: &Context<'_>) -> String {
    ctx.currency().unwrap_or("$").to_string()
}

/// Window sizes of the charts (layout pixels; the window scales them).
const TILE: (u32, u32) = (320, 180);
const GAUGE: (u32, u32) = (360, 250);
const TREND: (u32, u32) = (880, 340);
const BREAKDOWN: (u32, u32) = (430, 300);

/// Dimensions the detail view breaks a KPI down by, when the data has them.
pub const BREAKDOWN_DIMENSIONS: [&str; 4] = ["team", "region", "product", "rep"];

/// More values than this and a dimension is not offered as a filter list
/// (customers, say); it can still be typed in `salescope-cli --filter`.
pub const MAX_FILTER_VALUES: usize = 1000;

/// Computes the view's scorecard, then draws the charts `choose` picks from
/// it (each at its window size), the scorecard computed once.
fn draw(
    ctx: &Context<'_>,
    q: &Query,
    choose: impl FnOnce(&Scorecard) -> Vec<(ChartKind, (u32, u32))>,
) -> Result<(Scorecard, Vec<DrawnChart>)> {
    let (card, drawn, _) = draw_charts(ctx, q, choose)?;
    Ok((card, drawn))
}

/// [`draw`], also giving the notes the charts' trends show (ids, in the
/// order their markers number them).
fn draw_charts(
    ctx: &Context<'_>,
    q: &Query,
    choose: impl FnOnce(&Scorecard) -> Vec<(ChartKind, (u32, u32))>,
) -> Result<(Scorecard, Vec<DrawnChart>, Vec<i64>)> {
    let mut sizes = Vec::new();
    let (card, kinds, charts) = chart::data::build_for(ctx, q, |card| {
        let (kinds, s): (Vec<_>, Vec<_>) = choose(card).into_iter().unzip();
        sizes = s;
        kinds
    })?;
    let cur = ctx.currency().map(str::to_string);
    let drawn = charts
        .iter()
        .zip(&kinds)
        .zip(&sizes)
        .map(|((c, k), (w, h))| {
            let (raw, spots) = chart::svg_spots(c, *w, *h, false)?;
            let regions = match &c.body {
                chart::data::Body::Trend(t) => trend_regions(t, &spots, cur.as_deref()),
                _ => Vec::new(),
            };
            Ok(DrawnChart {
                spec: k.spec(),
                svg: chart::display_svg(&raw)?,
                regions,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let notes = charts
        .iter()
        .filter_map(|c| match &c.body {
            chart::data::Body::Trend(t) => Some(t.notes.iter().map(|n| n.id)),
            _ => None,
        })
        .flatten()
        .collect();
    Ok((card, drawn, notes))
}

/// The scorecard and every KPI's tile.
pub fn home(ctx: &Context<'_>, v: &ViewQuery) -> Result<Home> {
    let (scorecard, tiles) = draw(ctx, &v.query()?, |card| {
        card.kpis
            .iter()
            .map(|k| (ChartKind::Tile(k.id.clone()), TILE))
            .collect()
    })?;
    Ok(Home {
        scorecard,
        tiles,
        currency: currency(ctx),
    })
}

/// One KPI: its result, catalog entry, gauge, trend and breakdowns, goals.
pub fn detail(ctx: &Context<'_>, v: &ViewQuery, kpi_id: &str, goals: Vec<Goal>) -> Result<Detail> {
    let def = kpi::settings::kpi_def(kpi_id)?;
    let has_dimension = |d: &str| ctx.facts.dim_tables().iter().any(|t| t.get(d).is_some());
    let (card, charts, on_trend) = draw_charts(ctx, &v.query()?, |card| {
        let mut kinds = vec![
            (ChartKind::Gauge(def.id.into()), GAUGE),
            (ChartKind::Trend(def.id.into()), TREND),
        ];
        let has_value = card
            .kpis
            .iter()
            .any(|k| k.id == def.id && k.value.is_some());
        if has_value {
            for d in BREAKDOWN_DIMENSIONS.iter().filter(|d| has_dimension(d)) {
                kinds.push((ChartKind::Breakdown(def.id.into(), (*d).into()), BREAKDOWN));
            }
        }
        kinds
    })?;
    let result = card
        .kpis
        .into_iter()
        .find(|k| k.id == def.id)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                format!("{} is not on the scorecard", def.id),
            )
        })?;
    let info = catalog::info()
        .into_iter()
        .find(|i| i.id == def.id)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                format!("{} is not in the catalog", def.id),
            )
        })?;
    // The notes the trend shows, in the order its markers number them.
    let q = v.query()?;
    let period = kpi::resolve_period(ctx.facts, ctx.settings, q.period.as_deref())?;
    let from = period
        .start
        .checked_sub_months(chrono::Months::new(24))
        .unwrap_or(period.start);
    let to = period
        .end
        .checked_add_months(chrono::Months::new(6))
        .unwrap_or(period.end);
    let all = ctx.notes.on(def.id, &q.filter, from, to);
    let notes = on_trend
        .iter()
        .filter_map(|id| all.iter().find(|n| n.id == *id).map(|n| (*n).clone()))
        .collect();
    Ok(Detail {
        kpi: result,
        info,
        charts,
        notes,
        goals: goals.into_iter().filter(|g| g.kpi == def.id).collect(),
        currency: currency(ctx),
    })
}

/// The Outlook view: will the view hit its revenue goal, and who is ahead.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "OutlookPage.ts")]
pub struct OutlookPage {
    /// The figures, the plan and the overdue deals.
    pub outlook: Outlook,
    /// The outlook chart.
    pub chart: DrawnChart,
    /// The leaderboard of the chosen KPI by rep.
    pub leaderboard: Leaderboard,
    /// Its chart.
    pub leaderboard_chart: DrawnChart,
    /// The currency symbol money is shown with.
    pub currency: String,
}

/// Window size of the Outlook view's charts.
const OUTLOOK: (u32, u32) = (880, 300);
const LEADERBOARD: (u32, u32) = (880, 420);

/// The Outlook view for the view's period and filter: the outlook (with
/// what-if rates), its chart, and `kpi`'s leaderboard by rep with its chart.
pub fn outlook_page(
    ctx: &Context<'_>,
    v: &ViewQuery,
    what_if: &WhatIf,
    kpi_id: &str,
) -> Result<OutlookPage> {
    let def = kpi::settings::kpi_def(kpi_id)?;
    let q = v.query()?;
    let outlook = kpi::outlook::outlook(ctx, &q, what_if)?;
    let by_rep = Query {
        by: Some("rep".into()),
        ..q.clone()
    };
    let leaderboard = kpi::outlook::leaderboard(ctx, &by_rep, def.id)?;
    let (_, charts) = draw(ctx, &q, |_| {
        vec![
            (ChartKind::Outlook, OUTLOOK),
            (
                ChartKind::Leaderboard(def.id.into(), "rep".into()),
                LEADERBOARD,
            ),
        ]
    })?;
    let mut charts = charts.into_iter();
    let missing = || Error::new(ErrorCode::Render, "a chart of the outlook was not drawn");
    Ok(OutlookPage {
        outlook,
        chart: charts.next().ok_or_else(missing)?,
        leaderboard,
        leaderboard_chart: charts.next().ok_or_else(missing)?,
        currency: currency(ctx),
    })
}

/// The outlook alone (the figures update as what-if rates are typed).
pub fn outlook_figures(ctx: &Context<'_>, v: &ViewQuery, what_if: &WhatIf) -> Result<Outlook> {
    kpi::outlook::outlook(ctx, &v.query()?, what_if)
}

/// Why a KPI moved: the explanation and its waterfall.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Why.ts")]
pub struct Why {
    /// The change, its split and the sentence.
    pub explanation: crate::kpi::explain::Explanation,
    /// The waterfall.
    pub chart: DrawnChart,
}

/// Window size of the waterfall.
const WATERFALL: (u32, u32) = (880, 360);

/// Why `kpi_id` moved in the view against `versus`, split by `by` (the
/// dimension that explains most when null), with its waterfall.
pub fn why(
    ctx: &Context<'_>,
    v: &ViewQuery,
    kpi_id: &str,
    versus: crate::kpi::explain::Versus,
    by: Option<&str>,
) -> Result<Why> {
    let def = kpi::settings::kpi_def(kpi_id)?;
    let q = Query {
        by: by.map(str::to_string),
        ..v.query()?
    };
    let explanation = crate::kpi::explain::explain(ctx, &q, def.id, versus)?;
    let view = v.query()?;
    let card = kpi::scorecard(ctx, &view)?;
    // The waterfall is the explanation shown, drawn once.
    let dim = explanation.dimension.clone().or(by.map(str::to_string));
    let c = chart::data::waterfall_chart(ctx, &view, &card, explanation.clone())?;
    let raw = chart::svg(&c, WATERFALL.0, WATERFALL.1, false)?;
    Ok(Why {
        explanation,
        chart: DrawnChart {
            spec: ChartKind::Explain(def.id.into(), dim).spec(),
            svg: chart::display_svg(&raw)?,
            regions: Vec::new(),
        },
    })
}

/// A stage label of the deals and the forecast category its open deals
/// without a category of their own count in.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "StageCategory.ts")]
pub struct StageCategory {
    /// The stage label as the data writes it.
    pub label: String,
    /// `won`, `lost` or `open`.
    pub stage: String,
    /// `closed`, `commit`, `best_case`, `pipeline` or `omitted`.
    pub category: String,
    /// True when a `forecast_category.<label>` setting chose it (else the default).
    pub set: bool,
}

/// Every open stage label of the deals, with its forecast category: the
/// Goals view's table for deals without a forecast category column.
pub fn stage_categories(ctx: &Context<'_>) -> Vec<StageCategory> {
    let d = &ctx.facts.deals;
    let mut stage_of = vec![None; d.labels.len()];
    for (label, stage) in d.label.iter().zip(&d.stage) {
        if let Some(slot) = stage_of.get_mut(*label as usize) {
            slot.get_or_insert(*stage);
        }
    }
    let mut out: Vec<StageCategory> = stage_of
        .iter()
        .enumerate()
        .filter_map(|(code, stage)| {
            // Only open deals are forecast; won and lost ones are closed and omitted.
            let stage = (*stage).filter(|s| *s == kpi::facts::OPEN)?;
            let label = d.labels.value(code as u32).to_string();
            let category = ctx.settings.category_of_stage(&label, stage) as usize;
            Some(StageCategory {
                set: ctx
                    .settings
                    .forecast_categories
                    .contains_key(&label.trim().to_lowercase()),
                stage: match stage {
                    kpi::facts::WON => "won",
                    kpi::facts::LOST => "lost",
                    _ => "open",
                }
                .to_string(),
                category: crate::records::FORECAST_CATEGORIES[category].to_string(),
                label,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.stage, &a.label).cmp(&(&b.stage, &b.label)));
    out
}

/// The dimensions the filters offer: those with at most [`MAX_FILTER_VALUES`] values.
pub fn dimensions(ctx: &Context<'_>) -> Vec<Dimension> {
    ctx.facts
        .dimensions()
        .into_iter()
        .filter(|(_, v)| v.len() <= MAX_FILTER_VALUES)
        .map(|(name, values)| Dimension { name, values })
        .collect()
}

/// The period `steps` periods of the same kind after `period` (before when
/// negative); the default period when `period` is null.
pub fn step_period(ctx: &Context<'_>, period: Option<&str>, steps: i32) -> Result<String> {
    let mut p: Period = kpi::resolve_period(ctx.facts, ctx.settings, period)?;
    // A step from a period within years 1 to 9999 (all `Period::parse`
    // gives) moves at most 10,000 years, well inside the calendar's range;
    // a step that would leave those years is not taken.
    for _ in 0..steps.unsigned_abs().min(1200) {
        let q = if steps < 0 { p.previous() } else { p.next() };
        if q.start.year() < 1 || q.end.year() > 9999 {
            break;
        }
        p = q;
    }
    Ok(p.label())
}

/// The period of `kind` that holds the last day of `period` (the default
/// period when null), as the core writes it (`2025-09`, `FY2026-Q2`, `2025`);
/// a week or a custom range keeps the period's days (`start..end`).
pub fn period_of_kind(ctx: &Context<'_>, period: Option<&str>, kind: PeriodKind) -> Result<String> {
    let p: Period = kpi::resolve_period(ctx.facts, ctx.settings, period)?;
    Ok(match kind {
        PeriodKind::Week | PeriodKind::Range => format!("{}..{}", p.start, p.end),
        _ => Period::containing(kind, p.end, ctx.settings.fiscal_start_month).label(),
    })
}

/// A file the user dropped on the window or chose in a dialog, by the number
/// the app gave it: the window never sends a path, only this number, so the
/// app reads only files the user picked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "FileTicket.ts")]
pub struct FileTicket {
    /// The ticket number the window sends back instead of a path.
    pub id: u32,
    /// The file name (no folder), for the window to show.
    pub name: String,
}

/// How far "Export all" is: `done` of `total` charts written.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export_to = "ExportProgress.ts")]
pub struct ExportProgress {
    /// Charts written so far.
    pub done: u32,
    /// Charts to write.
    pub total: u32,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Saved.ts")]
pub struct Saved {
    /// The file, or the folder for several files.
    pub path: String,
    /// How many files were written.
    pub files: u32,
}
