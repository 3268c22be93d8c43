//! What the KPI engine answers: a KPI's result in a view (value, goal,
//! attainment, status, previous and year-ago values), perspective scores,
//! breakdown segments and the scorecard that holds them.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::goals::FilterPair;
use super::period::{Period, PeriodKind};
use super::settings::Thresholds;
use crate::catalog::{Better, Perspective, Unit};

/// Where a KPI stands against its goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "Status.ts")]
pub enum Status {
    /// At or above the green threshold.
    Green,
    /// At or above the amber threshold.
    Amber,
    /// Below amber.
    Red,
    /// No goal, or no value.
    None,
}

impl Status {
    /// The status's id (`green`, ..., `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
            Status::None => "none",
        }
    }

    pub(super) fn of(attainment: f64, t: Thresholds) -> Status {
        if attainment >= t.green {
            Status::Green
        } else if attainment >= t.amber {
            Status::Amber
        } else {
            Status::Red
        }
    }
}

/// A period as results report it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "PeriodInfo.ts")]
pub struct PeriodInfo {
    /// As the catalog writes it (`2024-Q1`).
    pub label: String,
    /// How it was written.
    pub kind: PeriodKind,
    /// Its first day (`YYYY-MM-DD`).
    pub start: String,
    /// Its last day.
    pub end: String,
    /// Set when the period is in progress: KPIs are computed to this day and
    /// additive goals are paced.
    pub to_date: Option<String>,
    /// The fraction of the period's days elapsed (in progress only).
    pub elapsed: Option<f64>,
}

impl PeriodInfo {
    pub(super) fn new(p: &Period, to_date: Option<NaiveDate>) -> PeriodInfo {
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

pub(super) fn elapsed(p: &Period, today: NaiveDate) -> f64 {
    ((today - p.start).num_days() + 1) as f64 / p.days() as f64
}

/// One KPI's result in a view.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "KpiResult.ts")]
pub struct KpiResult {
    /// The KPI's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its perspective.
    pub perspective: Perspective,
    /// What its value measures.
    pub unit: Unit,
    /// Which way it is good.
    pub better: Better,
    /// Null when the data cannot give it; `reason` says why.
    pub value: Option<f64>,
    /// The goal for the whole period (split or summed from other periods as the catalog says).
    pub goal: Option<f64>,
    /// Where the goal comes from: set for the view, or rolled up from its reps' goals.
    pub goal_source: Option<super::outlook::GoalSource>,
    /// In a period in progress, the goal pro-rated by elapsed days (additive KPIs).
    pub expected: Option<f64>,
    /// Actual / goal (goal / actual when lower is better), against `expected`
    /// when the period is in progress; a fraction (1.0 = on goal).
    pub attainment: Option<f64>,
    /// Against the goal.
    pub status: Status,
    /// The value in the previous period of the same length.
    pub previous: Option<f64>,
    /// The value in the same period a year before.
    pub year_ago: Option<f64>,
    /// In a period in progress, additive KPIs projected to the period's end.
    pub projection: Option<f64>,
    /// The variant in use (`default` when the KPI has none).
    pub variant: String,
    /// The formula in use, with its variant and where revenue comes from.
    pub definition: String,
    /// Why there is no value (what to import).
    pub reason: Option<String>,
}

/// A perspective's score.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "PerspectiveResult.ts")]
pub struct PerspectiveResult {
    /// The perspective.
    pub id: Perspective,
    /// Its name.
    pub name: String,
    /// Mean attainment (each capped at 150%) of its KPIs with goals.
    pub score: Option<f64>,
    /// Its status.
    pub status: Status,
    /// How many of its KPIs have a goal and a value.
    #[ts(type = "number")]
    pub scored: u32,
}

/// The KPIs of one value of a breakdown's dimension.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Segment.ts")]
pub struct Segment {
    /// The dimension.
    pub dimension: String,
    /// The dimension's value; "" for records without one.
    pub value: String,
    /// Every KPI, for records with this value.
    pub kpis: Vec<KpiResult>,
    /// The perspective scores.
    pub perspectives: Vec<PerspectiveResult>,
    /// The overall score.
    pub score: Option<f64>,
    /// Its status.
    pub status: Status,
}

/// Every KPI for a period and filter, with perspective and overall scores.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Scorecard.ts")]
pub struct Scorecard {
    /// The period.
    pub period: PeriodInfo,
    /// The filter.
    pub filter: Vec<FilterPair>,
    /// Every KPI of the catalog.
    pub kpis: Vec<KpiResult>,
    /// The KPIs the team reviews, in their order: the `focus` setting, else
    /// every KPI with a goal in the view (every KPI with a value when none
    /// has a goal).
    pub focus: Vec<String>,
    /// True when `focus` is the setting, not the default.
    pub focus_set: bool,
    /// The four perspective scores.
    pub perspectives: Vec<PerspectiveResult>,
    /// Weighted mean of the perspective scores.
    pub score: Option<f64>,
    /// The overall status.
    pub status: Status,
    /// With a breakdown: every KPI per value of the dimension.
    pub breakdown: Option<Vec<Segment>>,
    /// "orders" or "deals": where revenue KPIs come from.
    pub revenue_source: String,
    /// The first day any record mentions.
    pub data_from: Option<String>,
    /// The last day any record mentions.
    pub data_through: Option<String>,
    /// The month the fiscal year starts (1 = January).
    pub fiscal_start_month: u32,
}

/// What to compute.
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
