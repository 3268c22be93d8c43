//! Goals (catalog section 4): stored in SQLite, set by hand or read from a
//! targets sheet, and applied across period granularities.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::period::{Period, PeriodKind};
use super::settings::kpi_def;
use crate::catalog::{KpiDef, Unit};
use crate::error::{Error, ErrorCode, Result};

/// A segment filter: dimension -> accepted values.
pub type Filter = BTreeMap<String, BTreeSet<String>>;

/// One value of one dimension in a filter (`region` = `East`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export_to = "FilterPair.ts")]
pub struct FilterPair {
    /// The dimension.
    pub dimension: String,
    /// The value (empty: records without one).
    pub value: String,
}

/// The filter as dimension=value pairs, sorted.
pub fn pairs(filter: &Filter) -> Vec<FilterPair> {
    filter
        .iter()
        .flat_map(|(d, vs)| {
            vs.iter().map(move |v| FilterPair {
                dimension: d.clone(),
                value: v.clone(),
            })
        })
        .collect()
}

/// The filter of dimension/value pairs (as the window sends them), checked as
/// [`parse_filter`] checks typed ones.
pub fn filter_of(pairs: &[FilterPair]) -> Result<Filter> {
    let items: Vec<String> = pairs
        .iter()
        .map(|p| format!("{}={}", p.dimension, p.value))
        .collect();
    parse_filter(&items)
}

/// Reads `dim=value` pairs (the dimension case-insensitive, the value as written).
pub fn parse_filter<S: AsRef<str>>(items: &[S]) -> Result<Filter> {
    let mut f = Filter::new();
    for item in items {
        let item = item.as_ref();
        let (d, v) = item.split_once('=').ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                format!("a filter is DIMENSION=VALUE (region=West), not \"{item}\""),
            )
        })?;
        let d = super::facts::dimension_name(d);
        let d = if d == "channel" {
            "source".to_string()
        } else {
            d
        };
        if d.is_empty() || v.trim().is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("a filter is DIMENSION=VALUE (region=West), not \"{item}\""),
            ));
        }
        f.entry(d).or_default().insert(v.trim().to_string());
    }
    Ok(f)
}

/// The stored form of a filter: '' for none, else JSON of the sorted map.
pub fn filter_key(filter: &Filter) -> String {
    if filter.is_empty() {
        String::new()
    } else {
        serde_json::to_string(filter).unwrap_or_default()
    }
}

pub(super) fn filter_from_key(key: &str) -> Filter {
    if key.is_empty() {
        Filter::new()
    } else {
        serde_json::from_str(key).unwrap_or_default()
    }
}

/// A goal: a KPI's target for a period and a segment.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Goal.ts")]
pub struct Goal {
    /// The goal's id.
    #[ts(type = "number")]
    pub id: i64,
    /// The KPI.
    pub kpi: String,
    /// The period as the catalog writes it.
    pub period: String,
    /// The segment (empty: the whole company).
    pub filter: Vec<FilterPair>,
    /// The target, in the KPI's unit (a fraction for rates).
    pub target: f64,
    /// The targets sheet the goal came from (dataset name), or null when set by hand.
    pub source: Option<String>,
    /// When it was last set (RFC 3339, UTC).
    pub updated_at: String,
}

pub(super) fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn check_target(def: &KpiDef, target: f64) -> Result<()> {
    if !target.is_finite() || target < 0.0 {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "a goal for {} is a number of at least 0, not {target}",
                def.id
            ),
        ));
    }
    if def.unit == crate::catalog::Unit::Ratio && target > 1.0 {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "{} is a ratio: write its goal as a fraction (0.25) or a percent (25%), not {target}",
                def.id
            ),
        ));
    }
    Ok(())
}

/// Reads a goal value: a number, or a percent for ratio KPIs ("25%").
pub fn parse_target(def: &KpiDef, text: &str) -> Result<f64> {
    let mut t = text.trim().replace([',', '_'], "");
    if matches!(def.unit, Unit::Currency | Unit::CurrencyPerDay) {
        // "$150", "150 €": the symbol is the KPI's own unit.
        t = t
            .trim_matches(|c: char| "$€£¥".contains(c) || c.is_whitespace())
            .to_string();
    }
    if def.unit == Unit::Multiple {
        // "3x", "3×" or "300%".
        if let Some(x) = t.strip_suffix(['x', 'X', '×']) {
            t = x.trim().to_string();
        }
    }
    if t.ends_with('%') && !matches!(def.unit, Unit::Ratio | Unit::Multiple) {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "{} is counted in {}, not in percent: write its goal as a number such as 150, not {text}",
                def.id,
                match def.unit {
                    Unit::Currency => "money",
                    Unit::CurrencyPerDay => "money per day",
                    Unit::Hours => "hours",
                    Unit::Days => "days",
                    _ => "units",
                }
            ),
        ));
    }
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().ok().map(|x| x / 100.0),
        None => t.parse::<f64>().ok(),
    }
    .ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            format!("a goal is a number (5000, 0.25 or 25%), not \"{text}\""),
        )
    })?;
    check_target(def, v)?;
    Ok(v)
}

fn kind_name(k: PeriodKind) -> &'static str {
    match k {
        PeriodKind::Week => "week",
        PeriodKind::Month => "month",
        PeriodKind::Quarter => "quarter",
        PeriodKind::Year => "year",
        PeriodKind::Range => "range",
    }
}

fn kind_of(s: &str) -> PeriodKind {
    match s {
        "week" => PeriodKind::Week,
        "month" => PeriodKind::Month,
        "quarter" => PeriodKind::Quarter,
        "year" => PeriodKind::Year,
        _ => PeriodKind::Range,
    }
}

/// Writes a goal; a goal on the same days and filter is replaced. Returns its id.
fn upsert(
    conn: &Connection,
    kpi: &str,
    period: &Period,
    filter: &Filter,
    target: f64,
    dataset: Option<i64>,
) -> Result<i64> {
    let key = filter_key(filter);
    let (start, end) = (period.start.to_string(), period.end.to_string());
    conn.execute(
        "INSERT INTO goals (kpi, period, kind, start_date, end_date, filter, target, dataset_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(kpi, start_date, end_date, filter) DO UPDATE SET period = excluded.period,
             kind = excluded.kind, target = excluded.target, dataset_id = excluded.dataset_id,
             updated_at = excluded.updated_at",
        params![kpi, period.label(), kind_name(period.kind), start, end, key, target, dataset, now()],
    )?;
    Ok(conn.query_row(
        "SELECT id FROM goals WHERE kpi = ?1 AND start_date = ?2 AND end_date = ?3 AND filter = ?4",
        params![kpi, start, end, key],
        |r| r.get(0),
    )?)
}

/// Sets (or replaces) the goal for (kpi, period, filter). A goal is the period's
/// days: "2024-Q1" and "2024-01-01..2024-03-31" name the same goal, and a later
/// change of the fiscal year does not move it.
pub fn set_goal(
    conn: &Connection,
    kpi: &str,
    period: &Period,
    filter: &Filter,
    target: f64,
) -> Result<Goal> {
    let def = kpi_def(kpi)?;
    check_target(def, target)?;
    let id = upsert(conn, def.id, period, filter, target, None)?;
    goal_by_id(conn, id)?.ok_or_else(|| Error::new(ErrorCode::Database, "the goal was not saved"))
}

const GOAL_SQL: &str = "SELECT g.id, g.kpi, g.period, g.filter, g.target, g.updated_at,
    CASE WHEN d.id IS NULL THEN NULL ELSE d.file_name || coalesce(' · ' || d.sheet, '') END
    FROM goals g LEFT JOIN datasets d ON d.id = g.dataset_id";

fn goal_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Goal> {
    Ok(Goal {
        id: r.get(0)?,
        kpi: r.get(1)?,
        period: r.get(2)?,
        filter: pairs(&filter_from_key(&r.get::<_, String>(3)?)),
        target: r.get(4)?,
        updated_at: r.get(5)?,
        source: r.get(6)?,
    })
}

/// The goal of this id, if there is one.
pub fn goal_by_id(conn: &Connection, id: i64) -> Result<Option<Goal>> {
    Ok(conn
        .query_row(&format!("{GOAL_SQL} WHERE g.id = ?1"), [id], goal_from_row)
        .optional()?)
}

/// Every goal, by KPI (catalog order), period and filter.
pub fn list_goals(conn: &Connection) -> Result<Vec<Goal>> {
    let mut st = conn.prepare(&format!(
        "{GOAL_SQL} ORDER BY g.start_date, g.end_date DESC, g.filter, g.id"
    ))?;
    let mut goals = st
        .query_map([], goal_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let order = |k: &str| {
        crate::catalog::CATALOG
            .iter()
            .position(|d| d.id == k)
            .unwrap_or(usize::MAX)
    };
    goals.sort_by_key(|g| order(&g.kpi));
    Ok(goals)
}

/// Removes one goal by id.
pub fn remove_goal(conn: &Connection, id: i64) -> Result<Goal> {
    let g = goal_by_id(conn, id)?.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            format!("there is no goal {id}; `salescope-cli goals list` shows them"),
        )
    })?;
    conn.execute("DELETE FROM goals WHERE id = ?1", [id])?;
    Ok(g)
}

/// Removes the goal for (kpi, period, filter); returns it, or an error naming
/// what was looked for.
pub fn remove_goal_for(
    conn: &Connection,
    kpi: &str,
    period: &Period,
    filter: &Filter,
) -> Result<Goal> {
    let def = kpi_def(kpi)?;
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM goals WHERE kpi = ?1 AND start_date = ?2 AND end_date = ?3 AND filter = ?4",
            params![
                def.id,
                period.start.to_string(),
                period.end.to_string(),
                filter_key(filter)
            ],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => remove_goal(conn, id),
        None => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "there is no goal for {} in {}{}",
                def.id,
                period.label(),
                describe(filter)
            ),
        )),
    }
}

fn describe(filter: &Filter) -> String {
    if filter.is_empty() {
        String::new()
    } else {
        let p: Vec<String> = pairs(filter)
            .iter()
            .map(|p| format!("{}={}", p.dimension, p.value))
            .collect();
        format!(" for {}", p.join(", "))
    }
}

/// Turns the rows of an imported targets sheet into goals, replacing the goals
/// they cover. Runs inside the import's transaction; a target that makes no
/// sense (a negative one, a rate of 30 meaning 30%) fails the import with its
/// row named. Returns how many goals were set.
pub fn apply_targets(conn: &Connection, dataset_id: i64) -> Result<u64> {
    let fiscal = super::Settings::load(conn)?.fiscal_start_month;
    let mut st = conn.prepare(
        "SELECT kpi, period, target, team, region, product, rep, source, source_row
         FROM targets WHERE dataset_id = ?1 ORDER BY source_row",
    )?;
    let mut rows = st.query([dataset_id])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let kpi: String = r.get(0)?;
        let period: String = r.get(1)?;
        let target: f64 = r.get(2)?;
        let row: i64 = r.get(8)?;
        // The import names the file and sheet around this row.
        let at = |e: Error| {
            e.with_location(crate::error::Location {
                row: Some(row as u64),
                ..Default::default()
            })
        };
        let def = kpi_def(&kpi).map_err(at)?;
        check_target(def, target).map_err(at)?;
        let period = Period::parse(&period, fiscal).map_err(at)?;
        let mut filter = Filter::new();
        for (i, dim) in ["team", "region", "product", "rep", "source"]
            .iter()
            .enumerate()
        {
            if let Some(v) = r.get::<_, Option<String>>(3 + i)? {
                if !v.trim().is_empty() {
                    filter
                        .entry(dim.to_string())
                        .or_default()
                        .insert(v.trim().to_string());
                }
            }
        }
        upsert(conn, def.id, &period, &filter, target, Some(dataset_id))?;
        n += 1;
    }
    Ok(n)
}

/// All goals, read once for a scorecard and looked up per KPI and filter.
#[derive(Debug, Default)]
pub struct GoalBook {
    by: HashMap<(String, String), Vec<(Period, f64)>>,
    /// The KPIs with a goal for some rep (a roll-up is possible for them).
    rep_goals: HashSet<String>,
}

impl GoalBook {
    /// Every goal, indexed for looking up the goal of a view.
    pub fn load(conn: &Connection, fiscal_start: u32) -> Result<GoalBook> {
        let mut st =
            conn.prepare("SELECT kpi, kind, start_date, end_date, filter, target FROM goals")?;
        let mut rows = st.query([])?;
        let mut by: HashMap<(String, String), Vec<(Period, f64)>> = HashMap::new();
        let day = |s: String| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
        while let Some(r) = rows.next()? {
            // A goal whose days this version cannot read applies nowhere.
            if let (Some(start), Some(end)) = (day(r.get(2)?), day(r.get(3)?)) {
                let p = Period {
                    kind: kind_of(&r.get::<_, String>(1)?),
                    start,
                    end,
                    fiscal_start,
                };
                by.entry((r.get(0)?, r.get(4)?))
                    .or_default()
                    .push((p, r.get(5)?));
            }
        }
        let rep_goals = by
            .keys()
            .filter(|(_, f)| filter_from_key(f).contains_key("rep"))
            .map(|(k, _)| k.clone())
            .collect();
        Ok(GoalBook { by, rep_goals })
    }

    /// True when some rep has a goal for this KPI (in any period).
    pub fn has_rep_goals(&self, kpi: &str) -> bool {
        self.rep_goals.contains(kpi)
    }

    /// The goal of a KPI for a view (period and filter), as the catalog says:
    /// a goal for the exact period wins; else the finest goal on a period that
    /// holds this one (additive KPIs split in proportion to days, others carry
    /// the same target); else, for additive KPIs, finer goals that tile the
    /// period exactly (of any sizes: a quarter and nine months, say), summed.
    pub fn goal(&self, def: &KpiDef, period: &Period, filter_key: &str) -> Option<f64> {
        let goals = self.by.get(&(def.id.to_string(), filter_key.to_string()))?;
        if let Some((_, t)) = goals
            .iter()
            .find(|(p, _)| p.start == period.start && p.end == period.end)
        {
            return Some(*t);
        }
        let coarser = goals
            .iter()
            .filter(|(p, _)| period.within(p))
            .min_by_key(|(p, _)| p.days());
        if let Some((p, t)) = coarser {
            return Some(if def.additive {
                t * period.days() as f64 / p.days() as f64
            } else {
                *t
            });
        }
        if !def.additive {
            return None;
        }
        // Tile the period from its first day, each time with the longest goal
        // that starts there and ends within it.
        let mut sum = 0.0;
        let mut day = period.start;
        while day <= period.end {
            let (p, t) = goals
                .iter()
                .filter(|(p, _)| p.start == day && p.end <= period.end)
                .max_by_key(|(p, _)| p.days())?;
            sum += t;
            day = p.end.succ_opt()?;
        }
        Some(sum)
    }
}
