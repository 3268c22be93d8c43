//! The KPI engine (`../shared/kpi-catalog.md`): the catalog, periods, segments,
//! goals, pacing, perspective scores and forecasts.
//!
//! [`Facts`] holds the records in memory (loaded once per state of the
//! database); [`scorecard`] computes every KPI for a period, with `previous`
//! and `year_ago`, for one filter or as a breakdown by a dimension.

use crate::catalog;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod facts;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod forecast;
// Reached from outside the crate only through the hidden `internals`.
pub mod explain;
#[allow(missing_docs)]
pub mod formulas;
pub mod goals;
pub mod notes;
pub mod outlook;
pub mod period;
mod result;
mod series;
pub mod settings;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod tally;

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

pub use catalog::{Better, KpiDef, Perspective, Unit, CATALOG};
pub use facts::Facts;
pub use goals::{Filter, FilterPair, GoalBook};
pub use period::{Period, PeriodKind};
pub use result::{attain, KpiResult, PeriodInfo, PerspectiveResult, Scorecard, Segment, Status};
pub use series::{
    forecast, periods_ending, series, series_many, Forecast, ForecastPoint, HistoryPoint,
};
pub use settings::{Settings, Thresholds};

use facts::day_number;
use formulas::Inputs;
use result::elapsed;
use tally::{Cut, DaySpan, TableGroups, Tally};

use crate::error::{Error, ErrorCode, Result};

/// What to compute: a period, a filter, a breakdown, and "today".
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// A period as the catalog writes it; None: the latest complete quarter of the data.
    pub period: Option<String>,
    /// Records with these dimension values only (values of one dimension are alternatives).
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

/// The days of `p` up to `to` (its end when none).
fn span(p: &Period, to: Option<NaiveDate>) -> DaySpan {
    DaySpan {
        start: day_number(p.start),
        end: day_number(to.unwrap_or(p.end).min(p.end)),
    }
}

/// Everything a view needs besides the facts.
pub struct Context<'a> {
    /// The records in memory.
    pub facts: &'a Facts,
    /// The KPI settings.
    pub settings: &'a Settings,
    /// The goals.
    pub goals: &'a GoalBook,
    /// The notes.
    pub notes: &'a notes::NoteBook,
}

impl Context<'_> {
    /// The currency values print with: the one set in the settings, else
    /// the one seen most in the imported money columns; none for plain numbers.
    pub fn currency(&self) -> Option<&str> {
        self.settings
            .currency
            .as_deref()
            .or(self.facts.currency.as_deref())
    }

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
            text.push_str(if formulas::revenue_from_orders(self.facts) {
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

/// Which group of a cut a set of results is for.
#[derive(Clone, Copy)]
struct View<'a> {
    /// The group's filter; none for the records without a value of a
    /// breakdown's dimension (they have no goal).
    filter: Option<&'a Filter>,
    /// The group's number in the cut.
    group: u32,
    /// The outlook KPIs of the group for each span.
    outlook: &'a [[std::result::Result<f64, String>; 3]],
    /// For a breakdown: which reps sell in each group, by KPI (goals rolled
    /// up from the reps' goals, found in one pass for every group).
    presence: Option<&'a std::collections::HashMap<&'static str, outlook::RepPresence>>,
}

/// The results of every KPI for one group of a cut.
#[allow(clippy::too_many_arguments)]
fn results(
    ctx: &Context<'_>,
    groups: &TableGroups,
    period: &Period,
    to_date: Option<NaiveDate>,
    view: View<'_>,
    spans: &[DaySpan],
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
            let outlook_kpi = outlook::OUTLOOK_KPIS.iter().position(|k| *k == def.id);
            let at = |i: usize| match outlook_kpi {
                Some(k) => view.outlook.get(i).map(|o| o[k].clone()),
                None => inputs
                    .get(i)
                    .map(|input| formulas::value(def, &variant, input)),
            };
            let value = at(0).unwrap_or_else(|| Err("no period".into()));
            let previous = at(1).and_then(|v| v.ok());
            let year_ago = at(2).and_then(|v| v.ok());
            let set = view.filter.and_then(|f| {
                if let Some(g) = ctx.goals.goal(def, period, &goals::filter_key(f)) {
                    return Some((g, outlook::GoalSource::Set));
                }
                if !outlook::rolls_up(ctx, def, f) {
                    return None;
                }
                match view.presence.and_then(|m| m.get(def.id)) {
                    Some(p) => outlook::rolled_up(ctx, def, period, f, p, view.group),
                    None => outlook::view_goal(ctx, def, period, f, groups, view.group),
                }
            });
            let (goal, goal_source) = (set.map(|g| g.0), set.map(|g| g.1));
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
                goal_source,
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
    let filters = [Some(q.filter.clone())];
    let outlook_kpis: Vec<_> = [(&period, to_date), (&prev, None), (&ago, None)]
        .into_iter()
        .map(|(p, to)| outlook::outlook_kpis(ctx, &cut, &key, &filters, p, to).remove(0))
        .collect();
    let view = View {
        filter: Some(&q.filter),
        group: 0,
        outlook: &outlook_kpis,
        presence: None,
    };
    let kpis = results(ctx, &groups, &period, to_date, view, &spans, &t);
    let (persp, score, status) = perspectives(ctx, &kpis);

    let breakdown = match &q.by {
        None => None,
        Some(dim) => Some(breakdown(ctx, q, dim, &period, to_date, &spans)?),
    };
    let focus = focus_of(ctx.settings, &kpis);
    Ok(Scorecard {
        period: PeriodInfo::new(&period, to_date),
        filter: goals::pairs(&q.filter),
        focus_set: ctx.settings.focus.is_some(),
        focus,
        kpis,
        perspectives: persp,
        score,
        status,
        breakdown,
        revenue_source: if formulas::revenue_from_orders(facts) {
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

/// The KPIs the team reviews: the `focus` setting, else every KPI with a
/// goal in the view (in the catalog's order), else, when no KPI has a goal,
/// every KPI with a value.
fn focus_of(settings: &Settings, kpis: &[KpiResult]) -> Vec<String> {
    if let Some(ids) = &settings.focus {
        return ids.clone();
    }
    let ids = |keep: &dyn Fn(&KpiResult) -> bool| -> Vec<String> {
        kpis.iter()
            .filter(|k| keep(k))
            .map(|k| k.id.clone())
            .collect()
    };
    let with_goal = ids(&|k| k.goal.is_some());
    if with_goal.is_empty() {
        ids(&|k| k.value.is_some())
    } else {
        with_goal
    }
}

/// The segments of `q`'s period broken down by `dim`, without the previous
/// period and year ago (what a breakdown chart shows, a third of the work).
pub fn segments(ctx: &Context<'_>, q: &Query, dim: &str) -> Result<Vec<Segment>> {
    let period = resolve_period(ctx.facts, ctx.settings, q.period.as_deref())?;
    let to_date = period.contains(today(q)).then_some(today(q));
    breakdown(ctx, q, dim, &period, to_date, &[span(&period, to_date)])
}

/// The segments by `dim`, each compared over `spans` after the first.
/// A breakdown's dimension (by its name or a lookup attribute's header;
/// `channel` is `source`) and its values, sorted, then '' for records
/// without one.
pub(super) fn segment_values(facts: &Facts, dim: &str) -> Result<(String, Vec<String>)> {
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
    Ok((dim, values))
}

/// Each segment's filter: the view's and `dim` = the segment's value; none
/// for the segment of records without a value (it has no goal).
pub(super) fn segment_filters(
    filter: &Filter,
    dim: &str,
    values: &[String],
) -> Vec<Option<Filter>> {
    values
        .iter()
        .map(|v| {
            (!v.is_empty()).then(|| {
                let mut f = filter.clone();
                f.insert(dim.to_string(), BTreeSet::from([v.clone()]));
                f
            })
        })
        .collect()
}

fn breakdown(
    ctx: &Context<'_>,
    q: &Query,
    dim: &str,
    period: &Period,
    to_date: Option<NaiveDate>,
    spans: &[DaySpan],
) -> Result<Vec<Segment>> {
    let facts = ctx.facts;
    let (dim, values) = segment_values(facts, dim)?;
    let cut = Cut {
        filter: &q.filter,
        by: Some((&dim, &values)),
    };
    let cut_key = format!("{}\u{1}{dim}", goals::filter_key(&q.filter));
    let groups = facts.tallies.groups(facts, &cut, &cut_key);
    let n = values.len();
    let t = facts.tallies.get(facts, &groups, &cut_key, n, spans);
    let filters = segment_filters(&q.filter, &dim, &values);
    // The outlook KPIs of each segment, for each span (the period, then the
    // previous one and the year ago when compared).
    let compared = [
        (period.clone(), to_date),
        (period.previous(), None),
        (period.year_ago(), None),
    ];
    let mut by_span = compared[..spans.len()]
        .iter()
        .map(|(p, to)| outlook::outlook_kpis(ctx, &cut, &cut_key, &filters, p, *to).into_iter())
        .collect::<Vec<_>>();
    let presence: std::collections::HashMap<&'static str, outlook::RepPresence> = CATALOG
        .iter()
        .filter(|d| outlook::rolls_up(ctx, d, &q.filter) && dim != "rep")
        .map(|d| {
            let p = outlook::rep_presence(facts, d, &groups, n, span(period, None));
            (d.id, p)
        })
        .collect();
    let mut out = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let outlook_kpis: Vec<_> = by_span.iter_mut().filter_map(Iterator::next).collect();
        let view = View {
            filter: filters[i].as_ref(),
            group: i as u32,
            outlook: &outlook_kpis,
            presence: Some(&presence),
        };
        let kpis = results(
            ctx,
            &groups,
            period,
            to_date,
            view,
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

/// One step of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "FunnelStage.ts")]
pub struct FunnelStage {
    /// `leads`, `qualified`, `deals` or `won`.
    pub id: String,
    /// Its name (`Leads`, `Qualified`, `Deals`, `Won`).
    pub name: String,
    /// How many.
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
    /// The period.
    pub period: PeriodInfo,
    /// The filter.
    pub filter: Vec<FilterPair>,
    /// Leads, qualified, deals, won.
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
    let why = |imported: bool, g: &tally::Groups, kind: &str, sheet: &str| match g {
        _ if !imported => Some(format!("needs {sheet}")),
        tally::Groups::Missing(dim) => Some(format!("the {kind} records have no {dim}")),
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
    /// The records in memory, reloaded only when the records changed.
    pub facts: Facts,
    /// The KPI settings.
    pub settings: Settings,
    /// The goals.
    pub goals: GoalBook,
    /// The notes.
    pub notes: notes::NoteBook,
}

impl Workspace {
    /// Reads everything in one read transaction: one snapshot, even while
    /// another program commits an import.
    pub fn load(store: &crate::store::Store) -> Result<Workspace> {
        let conn = store.conn();
        let snapshot = conn.unchecked_transaction()?;
        let settings = Settings::load(conn)?;
        let ws = Workspace {
            facts: Facts::load(conn)?,
            goals: GoalBook::load(conn, settings.fiscal_start_month)?,
            notes: notes::NoteBook::load(conn)?,
            settings,
        };
        snapshot.finish()?;
        Ok(ws)
    }

    /// Re-reads settings and goals, and the records when they changed.
    pub fn refresh(&mut self, store: &crate::store::Store) -> Result<()> {
        let conn = store.conn();
        let snapshot = conn.unchecked_transaction()?;
        if facts::state_key(conn)? != self.facts.key {
            self.facts = Facts::load(conn)?;
        }
        self.settings = Settings::load(conn)?;
        self.goals = GoalBook::load(conn, self.settings.fiscal_start_month)?;
        self.notes = notes::NoteBook::load(conn)?;
        snapshot.finish()?;
        Ok(())
    }

    /// What the engine reads for one computation.
    pub fn context(&self) -> Context<'_> {
        Context {
            facts: &self.facts,
            settings: &self.settings,
            goals: &self.goals,
            notes: &self.notes,
        }
    }
}
