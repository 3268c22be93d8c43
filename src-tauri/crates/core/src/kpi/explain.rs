//! Why a KPI moved (catalog section 8): the change of a KPI between the view's
//! period and a comparison, split exactly into the contributions of the
//! segments of one dimension. Sums split into differences; ratios and
//! averages into a rate effect (the segment did better or worse) and a mix
//! effect (it grew or shrank), with no residual.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::formulas::{self, Inputs, Split};
use super::goals::{self, Filter};
use super::period::Period;
use super::result::PeriodInfo;
use super::tally::{Cut, DaySpan, TableGroups, Tally};
use super::{resolve_period, span, today, Context, Query};
use crate::catalog::{Better, KpiDef, Unit};
use crate::error::{Error, ErrorCode, Result};
use crate::text;

/// What the view's period is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "Versus.ts")]
pub enum Versus {
    /// The whole previous period of the same kind.
    Previous,
    /// The previous period cut at as many days as the view's period has run
    /// (a half-finished month against the first half of the month before).
    PreviousToDate,
    /// The same period a year before.
    YearAgo,
    /// The goal (paced to date in a period in progress).
    Goal,
}

impl Versus {
    /// Reads `previous`, `previous_to_date`, `year_ago` or `goal`.
    pub fn parse(s: &str) -> Result<Versus> {
        match s.trim() {
            "previous" => Ok(Versus::Previous),
            "previous_to_date" => Ok(Versus::PreviousToDate),
            "year_ago" => Ok(Versus::YearAgo),
            "goal" => Ok(Versus::Goal),
            other => Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("--vs is previous, previous_to_date, year_ago or goal, not \"{other}\""),
            )),
        }
    }
}

/// One segment's part of the change.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Contribution.ts")]
pub struct Contribution {
    /// The segment ('' for records without a value of the dimension).
    pub segment: String,
    /// Its part of the change, in the KPI's unit.
    pub delta: f64,
    /// For a ratio: the part from the segment's own rate changing.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rate: Option<f64>,
    /// For a ratio: the part from the segment's weight changing.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mix: Option<f64>,
    /// For a ratio: whether the segment's weight grew (its share of the
    /// denominator), which the sentence's "more"/"fewer" says.
    #[serde(skip)]
    #[ts(skip)]
    pub grew: Option<bool>,
}

/// A KPI's change and its split.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Explanation.ts")]
pub struct Explanation {
    /// The KPI's id.
    pub kpi: String,
    /// Its name.
    pub name: String,
    /// Its unit.
    pub unit: Unit,
    /// The view's period.
    pub period: PeriodInfo,
    /// What it is compared with.
    pub versus: Versus,
    /// The comparison in words (`2024-Q1`, `the goal`).
    pub base_label: String,
    /// The KPI in the view's period.
    pub value: Option<f64>,
    /// The KPI in the comparison (or the goal).
    pub base: Option<f64>,
    /// value − base.
    pub change: Option<f64>,
    /// The dimension the change is split by.
    pub dimension: Option<String>,
    /// True when Salescope chose the dimension (the one that explains most).
    pub dimension_chosen: bool,
    /// `difference`, `rate_and_mix`, or `none` when the KPI cannot be split.
    pub method: String,
    /// Largest first (by absolute size).
    pub contributions: Vec<Contribution>,
    /// The sentence.
    pub text: String,
    /// Why there is no split (or no change), when there is none.
    pub reason: Option<String>,
    /// The currency amounts print with.
    pub currency: Option<String>,
}

/// The dimensions a change is split by when none is asked for.
pub const SPLIT_DIMENSIONS: [&str; 4] = ["team", "region", "product", "rep"];

/// The comparison's span and its label.
fn base_span(period: &Period, to_date: Option<NaiveDate>, versus: Versus) -> (DaySpan, String) {
    match versus {
        Versus::Previous | Versus::Goal => {
            let p = period.previous();
            (span(&p, None), p.label())
        }
        // A period that is over is compared with the whole previous one.
        Versus::PreviousToDate if to_date.is_none() => {
            let p = period.previous();
            (span(&p, None), p.label())
        }
        Versus::PreviousToDate => {
            let p = period.previous();
            let days = to_date.map_or(period.days() - 1, |d| (d - period.start).num_days());
            let cut = p
                .start
                .checked_add_days(Days::new(days as u64))
                .unwrap_or(p.end);
            (
                span(&p, Some(cut)),
                format!("{} to {}", p.label(), text::date(cut.min(p.end))),
            )
        }
        Versus::YearAgo => {
            let p = period.year_ago();
            (span(&p, None), p.label())
        }
    }
}

/// A KPI's values (and fractions) per group for a span.
struct Side {
    value: Vec<Option<f64>>,
    fraction: Vec<Option<(f64, f64)>>,
}

fn side(
    ctx: &Context<'_>,
    def: &KpiDef,
    variant: &str,
    groups: &TableGroups,
    t: &[Tally],
    s: DaySpan,
) -> Side {
    let (win_rate_variant, cycle_variant) = ctx.velocity_variants();
    let mut out = Side {
        value: Vec::new(),
        fraction: Vec::new(),
    };
    for tally in t {
        let x = Inputs {
            facts: ctx.facts,
            win_rate_variant,
            cycle_variant,
            groups,
            tally,
            months: s.months(),
        };
        out.value.push(formulas::value(def, variant, &x).ok());
        out.fraction.push(formulas::fraction(def, variant, &x));
    }
    out
}

/// A signed amount in the KPI's unit (`+$200`, `−50`, `+2.4 pts`).
pub fn signed(unit: Unit, v: f64, currency: Option<&str>) -> String {
    let body = if unit == Unit::Ratio {
        format!("{} pts", text::grouped((v * 100.0).abs(), 1))
    } else {
        text::value(unit, v.abs(), currency)
    };
    // No sign on what prints as nothing ("0", "0.0 pts").
    let zero = !body.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if zero {
        ""
    } else if v > 0.0 {
        "+"
    } else {
        "−"
    };
    format!("{sign}{body}")
}

/// The split of one KPI by one dimension: the contributions (segments in the
/// dimension's order), the method, or why there is none.
struct SplitBy {
    dimension: String,
    contributions: Vec<Contribution>,
}

/// The contributions of the segments of `dim` to the change of `def`.
#[allow(clippy::too_many_arguments)]
fn split_by(
    ctx: &Context<'_>,
    def: &KpiDef,
    variant: &str,
    filter: &Filter,
    dim: &str,
    period: &Period,
    to_date: Option<NaiveDate>,
    versus: Versus,
) -> std::result::Result<SplitBy, String> {
    let facts = ctx.facts;
    let (dim, values) = super::segment_values(facts, dim).map_err(|e| e.message)?;
    let cut = Cut {
        filter,
        by: Some((&dim, &values)),
    };
    let key = format!("{}\u{1}{dim}", goals::filter_key(filter));
    let groups = facts.tallies.groups(facts, &cut, &key);
    let now = span(period, to_date);
    let (before, _) = base_span(period, to_date, versus);
    let spans = if versus == Versus::Goal {
        vec![now]
    } else {
        vec![now, before]
    };
    let t = facts
        .tallies
        .get(facts, &groups, &key, values.len(), &spans);
    let a = side(ctx, def, variant, &groups, &t[0], now);
    let how = formulas::split(def, variant);
    let mut out = Vec::new();
    if versus == Versus::Goal {
        if !def.additive {
            return Err(format!(
                "{} does not add up over segments: against the goal only flows such as revenue, deals and leads split",
                def.name
            ));
        }
        let fraction = to_date.map(|d| super::result::elapsed(period, d));
        let mut without = Vec::new();
        for (g, v) in values.iter().enumerate() {
            let value = a.value[g];
            if v.is_empty() {
                if value.is_some_and(|x| x != 0.0) {
                    without.push(format!("records without a {dim}"));
                }
                continue;
            }
            let goal = super::outlook::member_goal(ctx, def, period, filter, &dim, v, false);
            match goal {
                Some(goal) => {
                    let goal = fraction.map_or(goal, |f| goal * f);
                    out.push(Contribution {
                        segment: v.clone(),
                        delta: value.unwrap_or(0.0) - goal,
                        rate: None,
                        mix: None,
                        grew: None,
                    });
                }
                None if value.is_some() => without.push(v.clone()),
                None => {}
            }
        }
        if !without.is_empty() {
            return Err(format!(
                "not every {dim} has a goal for {} ({} {} none), so the gap is not split",
                def.name.to_lowercase(),
                without.join(", "),
                if without.len() == 1 { "has" } else { "have" }
            ));
        }
        return Ok(SplitBy {
            dimension: dim,
            contributions: out,
        });
    }
    let b = side(ctx, def, variant, &groups, &t[1], before);
    if a.value.iter().chain(&b.value).all(Option::is_none) {
        return Err(format!(
            "the records {} counts carry no {}",
            def.name.to_lowercase(),
            dim.replace('_', " ")
        ));
    }
    match how {
        Split::None => {
            return Err(
                "it is not a sum or a ratio of sums (it is a median or a product of rates), so its change is not split by segment".to_string(),
            )
        }
        Split::Sum => {
            for (g, v) in values.iter().enumerate() {
                let (x1, x0) = (a.value[g], b.value[g]);
                if x1.is_none() && x0.is_none() {
                    continue;
                }
                out.push(Contribution {
                    segment: v.clone(),
                    delta: x1.unwrap_or(0.0) - x0.unwrap_or(0.0),
                    rate: None,
                    mix: None,
                    grew: None,
                });
            }
        }
        Split::Ratio => {
            let total = |s: &Side| -> (f64, f64) {
                s.fraction
                    .iter()
                    .flatten()
                    .fold((0.0, 0.0), |(n, d), (a, b)| (n + a, d + b))
            };
            let (d1, d0) = (total(&a).1, total(&b).1);
            if d1 == 0.0 || d0 == 0.0 {
                return Err("no records to compare in one of the two periods".to_string());
            }
            for (g, v) in values.iter().enumerate() {
                let (f1, f0) = (a.fraction[g], b.fraction[g]);
                if f1.is_none() && f0.is_none() {
                    continue;
                }
                let (n1, dd1) = f1.unwrap_or((0.0, 0.0));
                let (n0, dd0) = f0.unwrap_or((0.0, 0.0));
                let r1 = (dd1 != 0.0).then(|| n1 / dd1);
                let r0 = (dd0 != 0.0).then(|| n0 / dd0);
                // A segment absent from one period takes its rate from the other.
                let (r1, r0) = match (r1, r0) {
                    (Some(x), Some(y)) => (x, y),
                    (Some(x), None) => (x, x),
                    (None, Some(y)) => (y, y),
                    // Spend with no leads, say: a part of the whole that
                    // no rate of the segment carries.
                    (None, None) if n1 != 0.0 || n0 != 0.0 => {
                        return Err(format!(
                            "{} has no {} in either period yet counts in {}, so its change does not split by {}",
                            if v.is_empty() { "the blank segment" } else { v.as_str() },
                            things(def, variant, formulas::revenue_from_orders(facts)),
                            def.name.to_lowercase(),
                            dim.replace('_', " ")
                        ))
                    }
                    (None, None) => continue,
                };
                let (w1, w0) = (dd1 / d1, dd0 / d0);
                let rate = (w0 + w1) / 2.0 * (r1 - r0);
                let mix = (r0 + r1) / 2.0 * (w1 - w0);
                out.push(Contribution {
                    segment: v.clone(),
                    delta: rate + mix,
                    rate: Some(rate),
                    mix: Some(mix),
                    grew: Some(w1 > w0),
                });
            }
        }
    }
    Ok(SplitBy {
        dimension: dim,
        contributions: out,
    })
}

/// The denominators' noun for a ratio's mix effect ("fewer deals").
fn things(def: &KpiDef, variant: &str, from_orders: bool) -> &'static str {
    match def.id {
        "cost_per_lead" | "lead_conversion_rate" => "leads",
        "activities_per_rep" => "reps",
        "email_open_rate" if variant == "per_delivered" => "emails delivered",
        "email_click_rate" if variant == "per_opened" => "emails opened",
        "email_open_rate" | "email_click_rate" => "emails",
        "meeting_attendance_rate" => "meetings",
        "customer_lifetime_value" | "churn_rate" => "customers",
        "average_deal_size" if from_orders => "orders",
        "sales_cycle_days" if variant == "all_closed" => "deals closed",
        "sales_cycle_days" | "average_deal_size" => "deals won",
        "gross_margin" => "revenue",
        "customer_acquisition_cost" => "new customers",
        _ => "deals",
    }
}

/// Why `def` moved between the view's period and `versus`, split by `q.by`
/// (or by the dimension among team, region, product and rep that explains
/// most).
pub fn explain(ctx: &Context<'_>, q: &Query, kpi: &str, versus: Versus) -> Result<Explanation> {
    let def = super::settings::kpi_def(kpi)?;
    let variant = ctx.settings.variant_of(def).id;
    let facts = ctx.facts;
    let period = resolve_period(facts, ctx.settings, q.period.as_deref())?;
    let today = today(q);
    let to_date = period.contains(today).then_some(today);
    let cur = ctx.currency();

    // The view's value and the base, unsplit.
    let cut = Cut {
        filter: &q.filter,
        by: None,
    };
    let key = goals::filter_key(&q.filter);
    let groups = facts.tallies.groups(facts, &cut, &key);
    let now = span(&period, to_date);
    let (before, mut base_label) = base_span(&period, to_date, versus);
    let t = facts.tallies.get(facts, &groups, &key, 1, &[now, before]);
    let value = side(ctx, def, variant, &groups, &t[0], now).value[0];
    let base = if versus == Versus::Goal {
        base_label = "the goal".to_string();
        super::outlook::view_goal(ctx, def, &period, &q.filter, &groups, 0).map(|(g, _)| {
            match to_date {
                Some(d) if def.additive => g * super::result::elapsed(&period, d),
                _ => g,
            }
        })
    } else {
        side(ctx, def, variant, &groups, &t[1], before).value[0]
    };
    let mut e = Explanation {
        kpi: def.id.to_string(),
        name: def.name.to_string(),
        unit: def.unit,
        period: PeriodInfo::new(&period, to_date),
        versus,
        base_label: base_label.clone(),
        value,
        base,
        change: value.zip(base).map(|(v, b)| v - b),
        dimension: None,
        dimension_chosen: q.by.is_none(),
        method: "none".to_string(),
        contributions: Vec::new(),
        text: String::new(),
        reason: None,
        currency: cur.map(str::to_string),
    };
    let (Some(v), Some(b)) = (value, base) else {
        let why = match (value, base) {
            (None, _) => format!("{} has no value in {}", def.name, period.label()),
            _ if versus == Versus::Goal => format!("{} has no goal for this view", def.name),
            _ => format!("{} has no value in {base_label}", def.name),
        };
        e.text = format!("{why}.");
        e.reason = Some(why);
        return Ok(e);
    };

    // The dimension: the one asked for, else the one that explains most.
    let candidates: Vec<String> = match &q.by {
        Some(d) => vec![d.clone()],
        None => SPLIT_DIMENSIONS
            .iter()
            .filter(|d| !q.filter.contains_key(**d))
            .filter(|d| facts.dim_tables().iter().any(|t| t.get(d).is_some()))
            .map(|d| d.to_string())
            .collect(),
    };
    let mut best: Option<(f64, SplitBy)> = None;
    let mut last_reason = None;
    let head = headline(def, v, b, &base_label, cur);
    if formulas::split(def, variant) == Split::None {
        let why = "it is not a sum or a ratio of sums (it is a median or a product of rates), so its change is not split by segment".to_string();
        e.text = format!("{head}; {why}.");
        e.reason = Some(why);
        return Ok(e);
    }
    for dim in &candidates {
        match split_by(ctx, def, variant, &q.filter, dim, &period, to_date, versus) {
            // A split that does not add up is no explanation: the records
            // carry no such dimension, or one record counts in several
            // segments (a rep selling in two regions, an order over products).
            Ok(s) if versus != Versus::Goal && !adds_up(&s, v - b, v) => {
                last_reason = Some(format!(
                    "its change does not split exactly by {}: the records it counts carry no {} or count in several",
                    s.dimension.replace('_', " "),
                    s.dimension.replace('_', " ")
                ));
            }
            // Chosen among several, a dimension with one segment explains nothing.
            Ok(s)
                if q.by.is_none()
                    && s.contributions.iter().filter(|c| c.delta != 0.0).count() < 2 =>
            {
                if best.is_none() {
                    last_reason =
                        Some("no dimension splits it into more than one segment".to_string());
                }
            }
            Ok(s) => {
                let total: f64 = s.contributions.iter().map(|c| c.delta.abs()).sum();
                let top = s
                    .contributions
                    .iter()
                    .map(|c| c.delta.abs())
                    .fold(0.0, f64::max);
                let share = if total > 0.0 { top / total } else { 0.0 };
                if best.as_ref().is_none_or(|(x, _)| share > *x) {
                    best = Some((share, s));
                }
            }
            Err(why) => last_reason = Some(why),
        }
    }
    let Some((_, mut s)) = best else {
        let why = last_reason.unwrap_or_else(|| "no dimension to split by".to_string());
        e.text = format!("{head}; {why}.");
        e.reason = Some(why);
        return Ok(e);
    };
    s.contributions.sort_by(|a, b| {
        b.delta
            .abs()
            .total_cmp(&a.delta.abs())
            .then(a.segment.cmp(&b.segment))
    });
    e.method = if s.contributions.iter().any(|c| c.rate.is_some()) {
        "rate_and_mix"
    } else {
        "difference"
    }
    .to_string();
    e.text = sentence(
        def,
        variant,
        &head,
        &s,
        cur,
        formulas::revenue_from_orders(facts),
    );
    if versus == Versus::Goal && !adds_up(&s, v - b, v) {
        // The segments' goals need not add up to the view's own.
        let gap: f64 = s.contributions.iter().map(|c| c.delta).sum();
        e.text = format!(
            "{} (against their own goals, which do not add up to the view's, the {}s are {} in all).",
            e.text.trim_end_matches('.'),
            s.dimension.replace('_', " "),
            signed(def.unit, gap, cur)
        );
    }
    e.dimension = Some(s.dimension);
    e.contributions = s.contributions;
    Ok(e)
}

/// True when the contributions add up to the change (to the last bits that
/// floating point allows).
fn adds_up(s: &SplitBy, change: f64, value: f64) -> bool {
    let sum: f64 = s.contributions.iter().map(|c| c.delta).sum();
    let scale = change.abs().max(value.abs()).max(1.0);
    !s.contributions.is_empty() && (sum - change).abs() <= 1e-9 * scale
}

/// "Total sales revenue rose $150 (+18.8%) vs 2024-Q1".
fn headline(def: &KpiDef, v: f64, b: f64, base_label: &str, cur: Option<&str>) -> String {
    let d = v - b;
    let verb = if d > 0.0 {
        "rose"
    } else if d < 0.0 {
        "fell"
    } else {
        "held"
    };
    let amount = if def.unit == Unit::Ratio {
        format!("{} pts", text::grouped((d * 100.0).abs(), 1))
    } else {
        text::value(def.unit, d.abs(), cur)
    };
    let relative = match text::change(def.unit, v, b) {
        Some(c) if def.unit != Unit::Ratio => format!(" ({})", c.replace('-', "−")),
        _ => String::new(),
    };
    // A change that prints as nothing is no change.
    if !amount.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!(
            "{} held at {} vs {base_label}",
            def.name,
            text::value(def.unit, v, cur)
        )
    } else {
        format!("{} {verb} {amount}{relative} vs {base_label}", def.name)
    }
}

/// The sentence: the headline, the top three contributors, then the others.
fn sentence(
    def: &KpiDef,
    variant: &str,
    head: &str,
    s: &SplitBy,
    cur: Option<&str>,
    from_orders: bool,
) -> String {
    let label = |c: &Contribution| {
        if c.segment.is_empty() {
            format!("no {}", s.dimension.replace('_', " "))
        } else {
            c.segment.clone()
        }
    };
    let better = |x: f64| match def.better {
        Better::Higher => x > 0.0,
        Better::Lower => x < 0.0,
    };
    let mut parts: Vec<String> = s
        .contributions
        .iter()
        .take(3)
        .map(|c| {
            let amount = signed(def.unit, c.delta, cur);
            let nothing = !amount.chars().any(|ch| ch.is_ascii_digit() && ch != '0');
            let why = match (c.rate, c.mix, c.grew) {
                _ if nothing => String::new(),
                (Some(r), Some(m), _) if r.abs() >= m.abs() => {
                    format!(" ({})", if better(r) { "did better" } else { "did worse" })
                }
                (Some(_), Some(_), Some(grew)) => format!(
                    " ({} {})",
                    if grew { "more" } else { "fewer" },
                    things(def, variant, from_orders)
                ),
                _ => String::new(),
            };
            format!("{} {amount}{why}", label(c))
        })
        .collect();
    if s.contributions.len() > 3 {
        let rest: f64 = s.contributions[3..].iter().map(|c| c.delta).sum();
        parts.push(format!("others {}", signed(def.unit, rest, cur)));
    }
    if parts.is_empty() {
        format!("{head}.")
    } else {
        format!("{head}: {}.", parts.join(", "))
    }
}
