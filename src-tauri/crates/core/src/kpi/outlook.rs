//! The outlook (catalog section 7): for a view and a day (`as_of`), the
//! revenue closed so far, what the open deals closing in the period add as
//! commit, best case, pipeline and weighted, the gap to the goal and its
//! coverage, and the plan that closes the gap at the trailing 12 months'
//! rates. Also the goal roll-up from rep goals (section 7, "Leaderboard and
//! roll-up") that every view's goals use.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::facts::{day_date, day_number, DimColumns, Facts, NO_CATEGORY, NO_VALUE, OPEN};
use super::formulas::{self, Inputs};
use super::goals::{self, Filter, FilterPair};
use super::period::{Period, PeriodKind};
use super::result::PeriodInfo;
use super::tally::{Cut, DaySpan, Groups, TableGroups, Tally, SKIP};
use super::{resolve_period, span, today, Context, Query};
use crate::catalog::{self, KpiDef};
use crate::error::{Error, ErrorCode, Result};

/// The KPIs the outlook computes (catalog section 7), in the order
/// [`outlook_kpis`] gives them.
pub const OUTLOOK_KPIS: [&str; 3] = ["pipeline_coverage", "weighted_pipeline", "quota_attainment"];

/// Where a view's goal comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "GoalSource.ts")]
pub enum GoalSource {
    /// A goal set for the view itself (or split from, or summed to, its period).
    Set,
    /// The sum of the goals of the reps with records in the view's period.
    RolledUp,
}

/// The catalog's KPI; the outlook's ids are all in it.
fn def(id: &str) -> &'static KpiDef {
    catalog::find(id).expect("a KPI id of the catalog")
}

/// The goal of a KPI for a view and where it comes from: its own goal
/// ("set"); else, for an additive KPI, the sum of its reps' goals when every
/// rep with records in the period has one ("rolled up"). A rep's goal is the
/// one for the view's filter and that rep, else, for a rep whose records in
/// the period all lie in the view, the one for the rep alone.
pub fn view_goal(
    ctx: &Context<'_>,
    def: &KpiDef,
    period: &Period,
    filter: &Filter,
    groups: &TableGroups,
    group: u32,
) -> Option<(f64, GoalSource)> {
    if let Some(g) = ctx.goals.goal(def, period, &goals::filter_key(filter)) {
        return Some((g, GoalSource::Set));
    }
    if !rolls_up(ctx, def, filter) {
        return None;
    }
    let n = group as usize + 1;
    let presence = rep_presence(ctx.facts, def, groups, n, span(period, None));
    rolled_up(ctx, def, period, filter, &presence, group)
}

/// Whether a view without its own goal for `def` may have one rolled up.
pub(super) fn rolls_up(ctx: &Context<'_>, def: &KpiDef, filter: &Filter) -> bool {
    def.additive && !filter.contains_key("rep") && ctx.goals.has_rep_goals(def.id)
}

/// The rolled-up goal of one group, from the reps present in it.
pub(super) fn rolled_up(
    ctx: &Context<'_>,
    def: &KpiDef,
    period: &Period,
    filter: &Filter,
    presence: &RepPresence,
    group: u32,
) -> Option<(f64, GoalSource)> {
    let reps = presence.inside.get(group as usize)?.as_ref()?;
    if reps.is_empty() {
        return None;
    }
    let dict = ctx.facts.dicts.get("rep")?;
    let mut sum = 0.0;
    for &code in reps {
        let confined = !presence.outside.contains(&code);
        sum += member_goal(ctx, def, period, filter, "rep", dict.value(code), confined)?;
    }
    Some((sum, GoalSource::RolledUp))
}

/// The goal of one segment of a view (`dim` = `value` within `filter`): the
/// goal for exactly that; else, when the segment's records all lie in the
/// view (`confined`: a rep who sells only in the region viewed), the one for
/// the segment alone.
pub fn member_goal(
    ctx: &Context<'_>,
    def: &KpiDef,
    period: &Period,
    filter: &Filter,
    dim: &str,
    value: &str,
    confined: bool,
) -> Option<f64> {
    let one = BTreeSet::from([value.to_string()]);
    let mut with = filter.clone();
    with.insert(dim.to_string(), one.clone());
    ctx.goals
        .goal(def, period, &goals::filter_key(&with))
        .or_else(|| {
            let only = Filter::from([(dim.to_string(), one)]);
            (confined && only != with)
                .then(|| ctx.goals.goal(def, period, &goals::filter_key(&only)))
                .flatten()
        })
}

/// Which reps have records of a KPI's kind in a span: per group, the reps
/// (none when a record there has no rep, whose part would have no goal), and
/// the reps with records outside every group (outside the view).
pub(super) struct RepPresence {
    pub(super) inside: Vec<Option<BTreeSet<u32>>>,
    pub(super) outside: std::collections::HashSet<u32>,
}

/// [`RepPresence`] of the first `n` groups, in one pass over the KPI's table.
pub(super) fn rep_presence(
    f: &Facts,
    def: &KpiDef,
    g: &TableGroups,
    n: usize,
    s: DaySpan,
) -> RepPresence {
    let inside_span = |d: i32| s.start <= d && d <= s.end;
    let mut out = RepPresence {
        inside: vec![Some(BTreeSet::new()); n],
        outside: Default::default(),
    };
    let mut add = |groups: &Groups, dims: &DimColumns, dated: &dyn Fn(usize) -> bool| {
        let col = dims.get("rep");
        for i in (0..dims.len).filter(|&i| dated(i)) {
            let rep = col.map(|c| c[i]).filter(|&c| c != NO_VALUE);
            let grp = groups.of(i);
            if grp == SKIP {
                if let Some(r) = rep {
                    out.outside.insert(r);
                }
                continue;
            }
            if grp as usize >= n {
                continue;
            }
            let slot = &mut out.inside[grp as usize];
            match (rep, slot.as_mut()) {
                (Some(r), Some(set)) => {
                    set.insert(r);
                }
                (None, _) => *slot = None,
                _ => {}
            }
        }
    };
    match def.id {
        "new_leads" | "qualified_leads" => add(&g.leads, &f.leads.dims, &|i| {
            inside_span(f.leads.created[i])
        }),
        "calls_made" | "emails_sent" | "meetings_scheduled" => {
            add(&g.activities, &f.activities.dims, &|i| {
                inside_span(f.activities.date[i])
            })
        }
        _ if formulas::revenue_from_orders(f) => add(&g.orders, &f.orders.dims, &|i| {
            inside_span(f.orders.date[i])
        }),
        _ => add(&g.deals, &f.deals.dims, &|i| {
            inside_span(f.deals.created[i]) || inside_span(f.deals.close[i])
        }),
    }
    out
}

/// What-if rates for the plan; each replaces the trailing 12 months' rate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, TS)]
#[serde(default)]
#[ts(export_to = "WhatIf.ts")]
pub struct WhatIf {
    /// Deals won / (won + lost).
    pub win_rate: Option<f64>,
    /// Revenue per won deal (or order).
    pub average_deal_size: Option<f64>,
    /// Leads that convert.
    pub lead_conversion_rate: Option<f64>,
}

impl WhatIf {
    /// Reads `win_rate=40%`, `average_deal_size=30000`, `lead_conversion_rate=0.2`.
    pub fn parse<S: AsRef<str>>(items: &[S]) -> Result<WhatIf> {
        let mut w = WhatIf::default();
        for item in items {
            let item = item.as_ref();
            let Some((name, value)) = item.split_once('=') else {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    format!("a what-if rate is NAME=VALUE (win_rate=40%), not \"{item}\""),
                ));
            };
            let name = name.trim();
            let slot = match name {
                "win_rate" => &mut w.win_rate,
                "average_deal_size" => &mut w.average_deal_size,
                "lead_conversion_rate" => &mut w.lead_conversion_rate,
                _ => {
                    return Err(Error::new(
                        ErrorCode::InvalidArgument,
                        format!(
                            "\"{name}\" is not a rate of the plan (win_rate, average_deal_size, lead_conversion_rate)"
                        ),
                    ))
                }
            };
            *slot = Some(goals::parse_target(def(name), value).map_err(|e| {
                Error::new(
                    ErrorCode::InvalidArgument,
                    format!(
                        "a what-if {}: {}",
                        name.replace('_', " "),
                        e.message.replace("a goal for ", "")
                    ),
                )
            })?);
        }
        Ok(w)
    }
}

/// The rates the plan rests on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export_to = "PlanRates.ts")]
pub struct PlanRates {
    /// Deals won / (won + lost) over the trailing 12 months (or the what-if).
    pub win_rate: Option<f64>,
    /// Average deal size over the trailing 12 months (or the what-if).
    pub average_deal_size: Option<f64>,
    /// Lead conversion rate over the trailing 12 months (or the what-if).
    pub lead_conversion_rate: Option<f64>,
}

/// What it takes to close the gap at today's rates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export_to = "Plan.ts")]
pub struct Plan {
    /// False for a period that is over: there is nothing left to plan.
    pub applies: bool,
    /// ceil(gap / average deal size).
    pub deals_needed: Option<u64>,
    /// ceil(deals needed / win rate).
    pub opportunities_needed: Option<u64>,
    /// ceil(opportunities needed / lead conversion rate).
    pub leads_needed: Option<u64>,
    /// The rates used.
    pub rates: PlanRates,
    /// The trailing window the rates come from (`2023-04-01..2024-03-31`).
    pub window: String,
    /// The rates that are what-ifs rather than history.
    pub what_if: Vec<String>,
    /// Why a figure is null, by figure.
    pub reasons: BTreeMap<String, String>,
}

/// How many overdue deals an outlook lists (the largest); all are counted.
pub const OVERDUE_LISTED: usize = 100;

/// Open deals whose expected close date has passed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export_to = "Overdue.ts")]
pub struct Overdue {
    /// How many.
    pub count: u64,
    /// Their amount.
    pub amount: f64,
    /// The largest of them (at most [`OVERDUE_LISTED`]), largest first.
    pub deals: Vec<OverdueDeal>,
}

/// One overdue deal.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "OverdueDeal.ts")]
pub struct OverdueDeal {
    /// Its id or name, when the sheet has one.
    pub deal: Option<String>,
    /// Its rep.
    pub rep: Option<String>,
    /// Its amount.
    pub amount: f64,
    /// Its expected close date (`YYYY-MM-DD`).
    pub close_date: String,
}

/// The outlook's figures for one view or segment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export_to = "OutlookFigures.ts")]
pub struct Figures {
    /// The total revenue goal of the view (set or rolled up).
    pub goal: Option<f64>,
    /// Where the goal comes from.
    pub goal_source: Option<GoalSource>,
    /// Revenue of the period up to `as_of`.
    pub closed: f64,
    /// closed + open deals closing in the period in category commit.
    pub commit: f64,
    /// commit + those in category best case.
    pub best_case: f64,
    /// Open deals closing in the period, omitted ones excluded.
    pub pipeline: f64,
    /// How many deals that is.
    pub open_deals: u64,
    /// Open deals closing in the period in category omitted.
    pub omitted: f64,
    /// closed + Σ amount × probability over the pipeline.
    pub weighted: Option<f64>,
    /// weighted − closed.
    pub weighted_pipeline: Option<f64>,
    /// What the open deals are weighed by: `probability`, `win_rate`, or
    /// `probability_and_win_rate` (deals without a probability get the rate).
    pub weighting: String,
    /// max(goal − closed, 0).
    pub gap_to_goal: Option<f64>,
    /// pipeline / gap_to_goal.
    pub pipeline_coverage: Option<f64>,
    /// Open deals past their expected close date (counted in the terms above).
    pub overdue: Overdue,
    /// What it takes to close the gap.
    pub plan: Plan,
    /// Why a figure is null, by figure.
    pub reasons: BTreeMap<String, String>,
}

/// One segment of an outlook broken down by a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "OutlookSegment.ts")]
pub struct OutlookSegment {
    /// The dimension.
    pub dimension: String,
    /// Its value ('' for records without one).
    pub value: String,
    /// The segment's figures.
    #[serde(flatten)]
    #[ts(flatten)]
    pub figures: Figures,
}

/// Will the view hit its revenue goal?
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Outlook.ts")]
pub struct Outlook {
    /// The period.
    pub period: PeriodInfo,
    /// The day the outlook is taken on (`YYYY-MM-DD`).
    pub as_of: String,
    /// True when the period is over: the figures are how it ended.
    pub period_over: bool,
    /// The view's filter.
    pub filter: Vec<FilterPair>,
    /// The currency amounts print with.
    pub currency: Option<String>,
    /// The view's figures.
    #[serde(flatten)]
    #[ts(flatten)]
    pub figures: Figures,
    /// With a breakdown: the figures per segment.
    pub segments: Option<Vec<OutlookSegment>>,
}

/// The open deals closing in the period, per group.
#[derive(Debug, Clone, Default)]
struct Open {
    commit: f64,
    best_case: f64,
    pipeline: f64,
    omitted: f64,
    /// Σ amount × probability over pipeline deals with a probability.
    weighted: f64,
    /// Σ amount over pipeline deals without one.
    unweighted: f64,
    with_probability: u64,
    without_probability: u64,
    /// Rows of the overdue deals.
    overdue: Vec<usize>,
    /// Deals won and lost in the 12 months before the period (its win rate).
    trailing_won: u64,
    trailing_lost: u64,
}

/// One pass over the deals: what is open on `as_of` and closes in the period.
fn open_deals(ctx: &Context<'_>, g: &Groups, n: usize, period: &Period, as_of: i32) -> Vec<Open> {
    let d = &ctx.facts.deals;
    let mut out = vec![Open::default(); n];
    if matches!(g, Groups::Missing(_)) {
        return out;
    }
    let (start, end) = (day_number(period.start), day_number(period.end));
    let before = trailing(period);
    let mut by_label: Vec<Option<u8>> = vec![None; d.labels.len()];
    // The deals closing in the period.
    for &row in d.closing(start, end) {
        let i = row as usize;
        let grp = g.of(i);
        let close = d.close[i];
        if grp == SKIP {
            continue;
        }
        let stage = d.stage[i];
        let closed_by = stage != OPEN && close <= as_of;
        if d.created[i] > as_of || closed_by {
            continue;
        }
        let own = d.category[i];
        let category = if stage != OPEN {
            // Won or lost after as_of: open then, and as forecast if the
            // export says how; closed or omitted is what it became since.
            match own {
                1..=3 => own,
                _ => 3,
            }
        } else if own == 0 {
            // Open, yet "closed" in the CRM (a won stage Salescope reads as
            // open): as sure as a commit.
            1
        } else if own != NO_CATEGORY {
            own
        } else {
            let label = d.label[i];
            let slot = by_label.get_mut(label as usize);
            match slot {
                Some(Some(c)) => *c,
                Some(slot) => {
                    let c = match ctx.settings.category_of_stage(d.labels.value(label), stage) {
                        0 => 1,
                        c => c,
                    };
                    *slot = Some(c);
                    c
                }
                None => ctx.settings.category_of_stage("", stage),
            }
        };
        let o = &mut out[grp as usize];
        let amount = d.amount[i];
        if category == 4 {
            o.omitted += amount;
            continue;
        }
        match category {
            1 => o.commit += amount,
            2 => o.best_case += amount,
            _ => {}
        }
        o.pipeline += amount;
        // A deal won or lost since: its probability now (1 or 0) was not
        // what anyone knew on as_of.
        let p = if stage == OPEN {
            d.probability[i]
        } else {
            f64::NAN
        };
        if p.is_nan() {
            o.unweighted += amount;
            o.without_probability += 1;
        } else {
            o.weighted += amount * p;
            o.with_probability += 1;
        }
        if close < as_of {
            o.overdue.push(i);
        }
    }
    // Deals won and lost in the 12 months before: the win rate that weighs
    // the open deals without a probability (a pass only when there are some).
    if let Some(b) = before.filter(|_| out.iter().any(|o| o.without_probability > 0)) {
        for &row in d.closing(b.start, b.end) {
            let i = row as usize;
            let grp = g.of(i);
            let stage = d.stage[i];
            if grp == SKIP || stage == OPEN {
                continue;
            }
            let o = &mut out[grp as usize];
            if stage == super::facts::WON {
                o.trailing_won += 1;
            } else {
                o.trailing_lost += 1;
            }
        }
    }
    out
}

/// The 12 months before the period starts.
fn trailing(period: &Period) -> Option<DaySpan> {
    let last = period.start.checked_sub_days(Days::new(1))?;
    let first = period.start.checked_sub_months(Months::new(12))?;
    Some(DaySpan {
        start: day_number(first),
        end: day_number(last),
    })
}

/// ceil, forgiving the last bits of a division that is exact on paper
/// (80 / 0.2 is 400, not 401).
fn ceil(x: f64) -> u64 {
    ((x * 1e9).round() / 1e9).ceil().max(0.0) as u64
}

/// The value of a KPI (default variant) from a tally.
fn kpi_value(
    ctx: &Context<'_>,
    groups: &TableGroups,
    tally: &Tally,
    s: DaySpan,
    id: &str,
    variant: &str,
) -> std::result::Result<f64, String> {
    let (win_rate_variant, cycle_variant) = ctx.velocity_variants();
    let inputs = Inputs {
        facts: ctx.facts,
        win_rate_variant,
        cycle_variant,
        groups,
        tally,
        months: s.months(),
    };
    formulas::value(def(id), variant, &inputs)
}

/// The trailing rates of one group, what-ifs applied.
fn rates(
    ctx: &Context<'_>,
    groups: &TableGroups,
    tally: Option<&Tally>,
    s: Option<DaySpan>,
    what_if: &WhatIf,
) -> (PlanRates, BTreeMap<String, String>) {
    let mut why = BTreeMap::new();
    let mut rate = |id: &str, set: Option<f64>| -> Option<f64> {
        if set.is_some() {
            return set;
        }
        let variant = def(id).default_variant().id;
        match (tally, s) {
            (Some(t), Some(s)) => match kpi_value(ctx, groups, t, s, id, variant) {
                Ok(v) => Some(v),
                Err(reason) => {
                    why.insert(
                        id.to_string(),
                        format!("{reason} (the 12 months before the period)"),
                    );
                    None
                }
            },
            _ => None,
        }
    };
    let r = PlanRates {
        win_rate: rate("win_rate", what_if.win_rate),
        average_deal_size: rate("average_deal_size", what_if.average_deal_size),
        lead_conversion_rate: rate("lead_conversion_rate", what_if.lead_conversion_rate),
    };
    (r, why)
}

/// Everything the figures of one group are made of.
struct Parts<'a> {
    goal: Option<(f64, GoalSource)>,
    closed: f64,
    open: &'a Open,
    rates: PlanRates,
    rate_reasons: BTreeMap<String, String>,
    /// The trailing win rate (what-ifs aside), which weighs the open deals.
    history: Option<f64>,
    what_if: &'a WhatIf,
    period_over: bool,
}

fn figures(ctx: &Context<'_>, p: Parts<'_>) -> Figures {
    let mut reasons = BTreeMap::new();
    let o = p.open;
    let (goal, goal_source) = (p.goal.map(|g| g.0), p.goal.map(|g| g.1));
    let weighting = match (o.with_probability > 0, o.without_probability > 0) {
        (true, false) => "probability",
        (true, true) => "probability_and_win_rate",
        _ => "win_rate",
    };
    let weighted_open = if o.without_probability == 0 {
        Some(o.weighted)
    } else {
        p.history.map(|w| o.weighted + w * o.unweighted)
    };
    if weighted_open.is_none() {
        reasons.insert(
            "weighted".to_string(),
            "no historical win rate to weigh the open deals by: no deal was won or lost in the 12 months before the period".to_string(),
        );
    }
    // A gap of the last bits of a sum of amounts is no gap.
    let gap = goal.map(|g| {
        let gap = g - p.closed;
        if gap <= 1e-9 * g.abs().max(1.0) {
            0.0
        } else {
            gap
        }
    });
    let coverage = match gap {
        None => {
            reasons.insert(
                "pipeline_coverage".to_string(),
                "no total revenue goal for this view".to_string(),
            );
            None
        }
        Some(0.0) => {
            reasons.insert(
                "pipeline_coverage".to_string(),
                "the goal is met: there is no gap to cover".to_string(),
            );
            None
        }
        Some(g) => Some(o.pipeline / g),
    };
    let mut plan = Plan {
        applies: !p.period_over,
        rates: p.rates,
        what_if: [
            ("win_rate", p.what_if.win_rate),
            ("average_deal_size", p.what_if.average_deal_size),
            ("lead_conversion_rate", p.what_if.lead_conversion_rate),
        ]
        .iter()
        .filter(|(_, v)| v.is_some())
        .map(|(n, _)| n.to_string())
        .collect(),
        ..Plan::default()
    };
    if p.period_over {
        plan.reasons.insert(
            "plan".to_string(),
            "the period is over: this is how it ended, and there is nothing left to plan"
                .to_string(),
        );
    } else if let Some(gap) = gap {
        // Each figure rests on the one before and a rate; a missing or zero
        // rate stops the chain, saying why.
        let step = |prev: Option<u64>,
                    rate: Option<f64>,
                    name: &str,
                    what: &str,
                    reasons: &mut BTreeMap<String, String>|
         -> Option<u64> {
            let prev = prev?;
            match rate {
                Some(r) if r > 0.0 => Some(ceil(prev as f64 / r)),
                _ if prev == 0 => Some(0),
                Some(_) => {
                    reasons.insert(
                        what.to_string(),
                        format!("the {} is not above 0", name.replace('_', " ")),
                    );
                    None
                }
                None => {
                    let why = p.rate_reasons.get(name).cloned().unwrap_or_else(|| {
                        "nothing to measure it by in the 12 months before the period".to_string()
                    });
                    reasons.insert(
                        what.to_string(),
                        format!("no {}: {why}", name.replace('_', " ")),
                    );
                    None
                }
            }
        };
        let avg = plan.rates.average_deal_size;
        plan.deals_needed = match avg {
            _ if gap == 0.0 => Some(0),
            Some(a) if a > 0.0 => Some(ceil(gap / a)),
            _ => step(
                Some(1),
                avg,
                "average_deal_size",
                "deals_needed",
                &mut plan.reasons,
            ),
        };
        plan.opportunities_needed = step(
            plan.deals_needed,
            plan.rates.win_rate,
            "win_rate",
            "opportunities_needed",
            &mut plan.reasons,
        );
        plan.leads_needed = step(
            plan.opportunities_needed,
            plan.rates.lead_conversion_rate,
            "lead_conversion_rate",
            "leads_needed",
            &mut plan.reasons,
        );
        for (figure, after) in [
            ("deals_needed", "opportunities_needed"),
            ("opportunities_needed", "leads_needed"),
        ] {
            if let Some(why) = plan.reasons.get(figure).cloned() {
                plan.reasons.entry(after.to_string()).or_insert(why);
            }
        }
    } else {
        plan.reasons.insert(
            "plan".to_string(),
            "no total revenue goal for this view: set one to see what it takes".to_string(),
        );
    }
    let d = &ctx.facts.deals;
    // The largest overdue deals, listed; all of them counted.
    let mut rows = o.overdue.clone();
    rows.sort_by(|&a, &b| {
        d.amount[b]
            .total_cmp(&d.amount[a])
            .then(d.close[a].cmp(&d.close[b]))
            .then(a.cmp(&b))
    });
    let listed: Vec<OverdueDeal> = rows
        .iter()
        .take(OVERDUE_LISTED)
        .map(|&i| OverdueDeal {
            deal: (d.id[i] != NO_VALUE).then(|| d.ids.value(d.id[i]).to_string()),
            rep: d
                .dims
                .get("rep")
                .map(|c| c[i])
                .filter(|&c| c != NO_VALUE)
                .and_then(|c| ctx.facts.dicts.get("rep").map(|r| r.value(c).to_string())),
            amount: d.amount[i],
            close_date: day_date(d.close[i])
                .map(|x| x.to_string())
                .unwrap_or_default(),
        })
        .collect();
    Figures {
        goal,
        goal_source,
        closed: p.closed,
        commit: p.closed + o.commit,
        best_case: p.closed + o.commit + o.best_case,
        pipeline: o.pipeline,
        open_deals: o.with_probability + o.without_probability,
        omitted: o.omitted,
        weighted: weighted_open.map(|w| p.closed + w),
        weighted_pipeline: weighted_open,
        weighting: weighting.to_string(),
        gap_to_goal: gap,
        pipeline_coverage: coverage,
        overdue: Overdue {
            count: rows.len() as u64,
            amount: rows.iter().map(|&i| d.amount[i]).sum(),
            deals: listed,
        },
        plan,
        reasons,
    }
}

/// The day the outlook of `period` is taken on: today, or the period's end
/// when it is over.
pub fn as_of(period: &Period, today: NaiveDate) -> NaiveDate {
    today.min(period.end)
}

/// The period an outlook is for, the day it is taken on, and whether the
/// period is over by then.
#[derive(Clone, Copy)]
pub(super) struct On<'a> {
    period: &'a Period,
    as_of: NaiveDate,
    over: bool,
    /// Whether the plan is wanted (its rates need the trailing tallies);
    /// the outlook's KPIs need only the trailing win rate.
    plan: bool,
}

/// The figures of every group of a cut (one per filter in `filters`; None for
/// the segment of records without a value, which has no goal).
pub(super) fn figures_of_cut(
    ctx: &Context<'_>,
    cut: &Cut<'_>,
    cut_key: &str,
    filters: &[Option<Filter>],
    on: On<'_>,
    what_if: &WhatIf,
) -> Vec<Figures> {
    let On {
        period,
        as_of,
        over: period_over,
        plan,
    } = on;
    let facts = ctx.facts;
    let n = filters.len();
    let groups = facts.tallies.groups(facts, cut, cut_key);
    let closed_span = DaySpan {
        start: day_number(period.start),
        end: day_number(as_of),
    };
    let trailing_span = trailing(period);
    let mut spans = vec![closed_span];
    spans.extend(trailing_span.filter(|_| plan));
    let tallies = facts.tallies.get(facts, &groups, cut_key, n, &spans);
    let open = open_deals(ctx, &groups.deals, n, period, day_number(as_of));
    // Which reps sell in each group, for goals rolled up from theirs.
    let revenue = def("total_revenue");
    let presence = ctx
        .goals
        .has_rep_goals(revenue.id)
        .then(|| rep_presence(facts, revenue, &groups, n, span(period, None)));
    let revenue_variant = def("total_revenue").default_variant().id;
    (0..n)
        .map(|g| {
            let closed = if closed_span.start <= closed_span.end {
                kpi_value(
                    ctx,
                    &groups,
                    &tallies[0][g],
                    closed_span,
                    "total_revenue",
                    revenue_variant,
                )
                .unwrap_or(0.0)
            } else {
                0.0
            };
            let goal = filters[g].as_ref().and_then(|f| {
                let revenue = def("total_revenue");
                let own = ctx.goals.goal(revenue, period, &goals::filter_key(f));
                match (own, &presence) {
                    (Some(x), _) => Some((x, GoalSource::Set)),
                    (None, Some(p)) if rolls_up(ctx, revenue, f) => {
                        rolled_up(ctx, revenue, period, f, p, g as u32)
                    }
                    _ => None,
                }
            });
            // The trailing win rate, from the pass over the deals: what the
            // open deals are weighed by (never a what-if).
            let o = &open[g];
            let decided = o.trailing_won + o.trailing_lost;
            let history = (decided > 0).then(|| o.trailing_won as f64 / decided as f64);
            let (rates, rate_reasons) = if plan {
                rates(
                    ctx,
                    &groups,
                    tallies.get(1).map(|t| &t[g]),
                    trailing_span,
                    what_if,
                )
            } else {
                let rates = PlanRates {
                    win_rate: what_if.win_rate.or(history),
                    ..PlanRates::default()
                };
                (rates, BTreeMap::new())
            };
            let mut f = figures(
                ctx,
                Parts {
                    goal,
                    closed,
                    open: &open[g],
                    rates,
                    rate_reasons,
                    history,
                    what_if,
                    period_over,
                },
            );
            if let Some(s) = trailing_span {
                let d = |n| day_date(n).map(|d| d.to_string()).unwrap_or_default();
                f.plan.window = format!("{}..{}", d(s.start), d(s.end));
            }
            f
        })
        .collect()
}

/// The outlook of a view: `q`'s period and filter, on `q.today`, with a
/// breakdown by `q.by` when set. Without a day, it is taken on today or on
/// the data's last day when the data ends earlier; without a period, it is
/// for the quarter holding that day.
pub fn outlook(ctx: &Context<'_>, q: &Query, what_if: &WhatIf) -> Result<Outlook> {
    let facts = ctx.facts;
    if facts.deals.created.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "the outlook needs a deals sheet (its open deals and their expected close dates): import one first",
        ));
    }
    // Without a day given, the outlook is taken on the data's last day when
    // the data ends before today (an export is as of when it was made), and
    // is for the quarter holding that day.
    let today = match q.today {
        Some(t) => t,
        None => {
            let clock = today(q);
            facts.data_through.map_or(clock, |d| d.min(clock))
        }
    };
    let period = match q.period.as_deref() {
        Some(p) => Period::parse(p, ctx.settings.fiscal_start_month)?,
        None => Period::containing(PeriodKind::Quarter, today, ctx.settings.fiscal_start_month),
    };
    let day = as_of(&period, today);
    let over = today > period.end;
    let on = On {
        period: &period,
        as_of: day,
        over,
        plan: true,
    };
    let cut = Cut {
        filter: &q.filter,
        by: None,
    };
    let key = goals::filter_key(&q.filter);
    if let Groups::Missing(dim) = &facts.tallies.groups(facts, &cut, &key).deals {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "the deals carry no {dim}, so there is no outlook for a {dim}: filter by a dimension the deals have"
            ),
        ));
    }
    let view = figures_of_cut(ctx, &cut, &key, &[Some(q.filter.clone())], on, what_if).remove(0);
    let segments = match &q.by {
        None => None,
        Some(dim) => {
            let (dim, values) = super::segment_values(facts, dim)?;
            let cut = Cut {
                filter: &q.filter,
                by: Some((&dim, &values)),
            };
            let filters = super::segment_filters(&q.filter, &dim, &values);
            let cut_key = format!("{key}\u{1}{dim}");
            let figs = figures_of_cut(ctx, &cut, &cut_key, &filters, on, what_if);
            Some(
                values
                    .into_iter()
                    .zip(figs)
                    .filter(|(_, f)| {
                        f.closed != 0.0 || f.pipeline != 0.0 || f.omitted != 0.0 || f.goal.is_some()
                    })
                    .map(|(value, figures)| OutlookSegment {
                        dimension: dim.clone(),
                        value,
                        figures,
                    })
                    .collect(),
            )
        }
    };
    Ok(Outlook {
        period: PeriodInfo::new(&period, period.contains(today).then_some(today)),
        as_of: day.to_string(),
        period_over: over,
        filter: goals::pairs(&q.filter),
        currency: ctx.currency().map(str::to_string),
        figures: view,
        segments,
    })
}

/// Why a KPI has no value.
type Reason = String;

/// A breakdown with more segments than this does not count reps at goal
/// per segment (each is a count of its own).
const MAX_QUOTA_SEGMENTS: usize = 25;

/// pipeline_coverage, weighted_pipeline and quota_attainment of each group of
/// a cut, for a period computed to `to_date` (the whole period when none).
pub(super) fn outlook_kpis(
    ctx: &Context<'_>,
    cut: &Cut<'_>,
    cut_key: &str,
    filters: &[Option<Filter>],
    period: &Period,
    to_date: Option<NaiveDate>,
) -> Vec<[std::result::Result<f64, Reason>; 3]> {
    let no_deals = || Err("needs a deals sheet with open deals and close dates".to_string());
    let missing = match &ctx.facts.tallies.groups(ctx.facts, cut, cut_key).deals {
        Groups::Missing(dim) => Some(format!("the deals records have no {dim}")),
        _ => None,
    };
    if let Some(why) = missing {
        return (0..filters.len())
            .map(|_| [Err(why.clone()), Err(why.clone()), Err(why.clone())])
            .collect();
    }
    let figures = if ctx.facts.deals.created.is_empty() {
        None
    } else {
        let day = to_date.unwrap_or(period.end);
        let on = On {
            period,
            as_of: day,
            over: to_date.is_none(),
            plan: false,
        };
        Some(figures_of_cut(
            ctx,
            cut,
            cut_key,
            filters,
            on,
            &WhatIf::default(),
        ))
    };
    (0..filters.len())
        .map(|g| {
            let (coverage, weighted) = match &figures {
                None => (no_deals(), no_deals()),
                Some(f) => {
                    let f = &f[g];
                    let why = |k: &str| f.reasons.get(k).cloned().unwrap_or_default();
                    let nothing = "no open deal closes in this period, and none closed in it";
                    if f.open_deals == 0 && f.closed == 0.0 && f.goal.is_none() {
                        (Err(nothing.to_string()), Err(nothing.to_string()))
                    } else {
                        (
                            f.pipeline_coverage.ok_or_else(|| why("pipeline_coverage")),
                            f.weighted_pipeline.ok_or_else(|| why("weighted")),
                        )
                    }
                }
            };
            let at_goal = match &filters[g] {
                _ if filters.len() > MAX_QUOTA_SEGMENTS => Err(format!(
                    "reps at goal is counted for views of up to {MAX_QUOTA_SEGMENTS} segments at once"
                )),
                Some(f) => reps_at_goal(ctx, f, period, to_date).map(|(share, _)| share),
                None => Err("records without a value have no goals".to_string()),
            };
            [coverage, weighted, at_goal]
        })
        .collect()
}

/// The share of reps with a revenue goal at or above it (quota_attainment),
/// and how many reps have a goal.
fn reps_at_goal(
    ctx: &Context<'_>,
    filter: &Filter,
    period: &Period,
    to_date: Option<NaiveDate>,
) -> std::result::Result<(f64, usize), Reason> {
    if !ctx.goals.has_rep_goals("total_revenue") {
        return Err(
            "needs a total revenue goal per rep (a targets sheet by rep, or goals set per rep)"
                .to_string(),
        );
    }
    let (_, rows) =
        rank(ctx, def("total_revenue"), period, to_date, filter, "rep").map_err(|e| e.message)?;
    let with_goal: Vec<f64> = rows.iter().filter_map(|r| r.attainment).collect();
    if with_goal.is_empty() {
        return Err("no rep in this view has a total revenue goal for the period".to_string());
    }
    let at = with_goal.iter().filter(|&&a| a >= 1.0).count();
    Ok((at as f64 / with_goal.len() as f64, with_goal.len()))
}

/// One segment of a leaderboard.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "LeaderboardRow.ts")]
pub struct LeaderboardRow {
    /// The segment ('' for records without a value).
    pub segment: String,
    /// The KPI's value in the segment.
    pub value: Option<f64>,
    /// The segment's own goal (for the view's filter and the segment, else
    /// for the segment alone).
    pub goal: Option<f64>,
    /// Against the goal (paced in a period in progress); 1.0 is on goal.
    pub attainment: Option<f64>,
    /// Against the goal.
    pub status: super::Status,
    /// 1 for the best; segments with equal attainment share a rank;
    /// segments without a goal have none.
    pub rank: Option<u32>,
}

/// The segments of a dimension ranked by attainment of their own goals.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Leaderboard.ts")]
pub struct Leaderboard {
    /// The KPI's id.
    pub kpi: String,
    /// Its name.
    pub name: String,
    /// Its unit.
    pub unit: catalog::Unit,
    /// Which way it is good.
    pub better: catalog::Better,
    /// The period.
    pub period: PeriodInfo,
    /// The view's filter.
    pub filter: Vec<FilterPair>,
    /// The dimension ranked (`rep` by default).
    pub dimension: String,
    /// The currency amounts print with.
    pub currency: Option<String>,
    /// Ranked segments first (best first), then those without a goal by value.
    pub rows: Vec<LeaderboardRow>,
    /// The share of segments with a goal at or above it.
    pub at_goal_share: Option<f64>,
    /// The median attainment over segments with a goal.
    pub median_attainment: Option<f64>,
}

/// The leaderboard of a KPI for `q`'s period and filter, by `q.by` (rep
/// when none).
pub fn leaderboard(ctx: &Context<'_>, q: &Query, kpi: &str) -> Result<Leaderboard> {
    let def = super::settings::kpi_def(kpi)?;
    let period = resolve_period(ctx.facts, ctx.settings, q.period.as_deref())?;
    let today = today(q);
    let to_date = period.contains(today).then_some(today);
    let dim = q.by.as_deref().unwrap_or("rep");
    let (dimension, rows) = rank(ctx, def, &period, to_date, &q.filter, dim)?;
    let attained: Vec<f64> = rows.iter().filter_map(|r| r.attainment).collect();
    let n = attained.len();
    Ok(Leaderboard {
        kpi: def.id.to_string(),
        name: def.name.to_string(),
        unit: def.unit,
        better: def.better,
        period: PeriodInfo::new(&period, to_date),
        filter: goals::pairs(&q.filter),
        dimension,
        currency: ctx.currency().map(str::to_string),
        rows,
        at_goal_share: (n > 0)
            .then(|| attained.iter().filter(|&&a| a >= 1.0).count() as f64 / n as f64),
        median_attainment: (n > 0).then(|| formulas::median(&attained)),
    })
}

/// The leaderboard's rows: the segments of `dim` within `filter`, ranked.
fn rank(
    ctx: &Context<'_>,
    def: &KpiDef,
    period: &Period,
    to_date: Option<NaiveDate>,
    filter: &Filter,
    dim: &str,
) -> Result<(String, Vec<LeaderboardRow>)> {
    let facts = ctx.facts;
    let (dim, values) = super::segment_values(facts, dim)?;
    let cut = Cut {
        filter,
        by: Some((&dim, &values)),
    };
    let cut_key = format!("{}\u{1}{dim}", goals::filter_key(filter));
    let filters = super::segment_filters(filter, &dim, &values);
    let found: Vec<Option<f64>> = match OUTLOOK_KPIS.iter().position(|k| *k == def.id) {
        Some(k) => outlook_kpis(ctx, &cut, &cut_key, &filters, period, to_date)
            .into_iter()
            .map(|o| o[k].clone().ok())
            .collect(),
        None => {
            let groups = facts.tallies.groups(facts, &cut, &cut_key);
            let s = span(period, to_date);
            let t = facts
                .tallies
                .get(facts, &groups, &cut_key, values.len(), &[s]);
            let variant = ctx.settings.variant_of(def).id;
            (0..values.len())
                .map(|g| kpi_value(ctx, &groups, &t[0][g], s, def.id, variant).ok())
                .collect()
        }
    };
    let thresholds = ctx.settings.thresholds_for(def.id);
    let fraction = to_date.map(|d| super::result::elapsed(period, d));
    // By rep: which reps sell in the view, and which also outside it (their
    // own goals count only for reps wholly inside a filtered view).
    let reps = (dim == "rep").then(|| {
        let whole = Cut { filter, by: None };
        let key = goals::filter_key(filter);
        let g = facts.tallies.groups(facts, &whole, &key);
        let p = rep_presence(facts, def, &g, 1, span(period, to_date));
        let dict = facts.dicts.get("rep");
        let name = |c: &u32| dict.map_or(String::new(), |d| d.value(*c).to_string());
        let inside: BTreeSet<String> = p.inside[0].iter().flatten().map(name).collect();
        let outside: BTreeSet<String> = p.outside.iter().map(name).collect();
        (inside, outside)
    });
    let mut rows: Vec<LeaderboardRow> = values
        .iter()
        .zip(found)
        .filter_map(|(segment, value)| {
            // A view filtered on the dimension ranks only the values it keeps.
            if filter.get(&dim).is_some_and(|kept| !kept.contains(segment)) {
                return None;
            }
            let (present, confined) = match &reps {
                Some((inside, outside)) => (inside.contains(segment), !outside.contains(segment)),
                None => (value.is_some(), false),
            };
            let goal = (!segment.is_empty())
                .then(|| member_goal(ctx, def, period, filter, &dim, segment, confined))
                .flatten();
            let exact = goal.is_some()
                && ctx
                    .goals
                    .goal(
                        def,
                        period,
                        &goals::filter_key(&{
                            let mut f = filter.clone();
                            f.insert(dim.clone(), BTreeSet::from([segment.clone()]));
                            f
                        }),
                    )
                    .is_some();
            // A segment in the view (or with a goal for exactly it) and no
            // record of an additive KPI has done 0; others are not listed.
            if value.is_none() && !(present || exact) {
                return None;
            }
            let value = value.or((goal.is_some() && def.additive).then_some(0.0));
            if value.is_none() && goal.is_none() {
                return None;
            }
            let expected = goal.map(|g| match fraction {
                Some(f) if def.additive => g * f,
                _ => g,
            });
            let (attainment, status) = match (value, expected) {
                (Some(v), Some(e)) => super::attain(def.better, v, e, thresholds),
                _ => (None, super::Status::None),
            };
            Some(LeaderboardRow {
                segment: segment.clone(),
                value,
                goal,
                attainment,
                status,
                rank: None,
            })
        })
        .collect();
    // Values without a value last, whichever way the KPI is good.
    let best_first = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => match def.better {
            catalog::Better::Higher => b.total_cmp(&a),
            catalog::Better::Lower => a.total_cmp(&b),
        },
        (a, b) => b.is_some().cmp(&a.is_some()),
    };
    // Attainments equal to the last bits are a tie.
    let level = |a: Option<f64>| a.map_or(0.0, |x| (x * 1e9).round() / 1e9);
    rows.sort_by(|a, b| {
        b.attainment
            .is_some()
            .cmp(&a.attainment.is_some())
            .then_with(|| level(b.attainment).total_cmp(&level(a.attainment)))
            .then_with(|| best_first(a.value, b.value))
            .then_with(|| a.segment.is_empty().cmp(&b.segment.is_empty()))
            .then_with(|| a.segment.cmp(&b.segment))
    });
    let mut previous: Option<(f64, u32)> = None;
    for (i, row) in rows.iter_mut().enumerate() {
        let Some(a) = row.attainment.map(|x| (x * 1e9).round() / 1e9) else {
            break;
        };
        let rank = match previous {
            Some((p, r)) if p == a => r,
            _ => i as u32 + 1,
        };
        row.rank = Some(rank);
        previous = Some((a, rank));
    }
    Ok((dim, rows))
}
