//! Tallies: one pass over each record table for a date range, per group (one
//! group for a filtered view, one per dimension value for a breakdown), kept
//! in a small cache per state of the facts. [`super::formulas`] turns them
//! into KPI values.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use super::facts::{
    act, date_range, DimColumns, Facts, LOST, NO_DAY, NO_TIME, NO_VALUE, OPEN, WON,
};

/// A row that belongs to no group.
pub const SKIP: u32 = u32::MAX;

/// Which group each row of a table falls in.
#[derive(Debug, Clone)]
pub enum Groups {
    /// Every row in group 0.
    All,
    /// A group per row (SKIP for rows the filter leaves out).
    Rows(Vec<u32>),
    /// The filter or breakdown names a dimension these records do not carry.
    Missing(String),
}

impl Groups {
    #[inline]
    pub fn of(&self, i: usize) -> u32 {
        match self {
            Groups::All => 0,
            Groups::Rows(g) => g[i],
            Groups::Missing(_) => SKIP,
        }
    }
}

/// How a view cuts the records: a filter (dimension -> accepted values; values
/// of one dimension are alternatives, dimensions all apply) and an optional
/// breakdown dimension whose values `values` become the groups, in order.
pub struct Cut<'a> {
    pub filter: &'a BTreeMap<String, BTreeSet<String>>,
    pub by: Option<(&'a str, &'a [String])>,
}

impl Cut<'_> {
    pub fn groups(&self) -> usize {
        self.by.map(|(_, v)| v.len()).unwrap_or(1)
    }

    /// The groups of a table's rows.
    pub fn assign(&self, facts: &Facts, dims: &DimColumns) -> Groups {
        let mut accepted: Vec<(&[u32], Vec<bool>)> = Vec::new();
        for (dim, values) in self.filter {
            let Some(col) = dims.get(dim) else {
                return Groups::Missing(dim.clone());
            };
            let dict = facts.dicts.get(dim);
            let n = dict.map(|d| d.len()).unwrap_or(0);
            let mut ok = vec![false; n];
            for v in values {
                if let Some(c) = dict.and_then(|d| d.find(v)) {
                    ok[c as usize] = true;
                }
            }
            accepted.push((col, ok));
        }
        let by = match self.by {
            None => None,
            Some((dim, values)) => {
                let Some(col) = dims.get(dim) else {
                    return Groups::Missing(dim.to_string());
                };
                let dict = facts.dicts.get(dim);
                let n = dict.map(|d| d.len()).unwrap_or(0);
                let mut map = vec![SKIP; n + 1];
                for (g, v) in values.iter().enumerate() {
                    match dict.and_then(|d| d.find(v)) {
                        Some(c) => map[c as usize] = g as u32,
                        None if v.is_empty() => map[n] = g as u32,
                        None => {}
                    }
                }
                Some((col, map, n))
            }
        };
        if accepted.is_empty() && by.is_none() {
            return Groups::All;
        }
        let mut out = Vec::with_capacity(dims.len);
        for i in 0..dims.len {
            let pass = accepted.iter().all(|(col, ok)| {
                let c = col[i];
                c != NO_VALUE && ok[c as usize]
            });
            out.push(if !pass {
                SKIP
            } else if let Some((col, map, n)) = &by {
                let c = col[i];
                map[if c == NO_VALUE { *n } else { c as usize }]
            } else {
                0
            });
        }
        Groups::Rows(out)
    }
}

/// Distinct (group, key) pairs counted per group.
struct Distinct {
    groups: usize,
    /// One group: a stamp per key.
    stamps: Vec<bool>,
    counts: Vec<u64>,
    /// Several groups: the pairs, sorted and counted at the end.
    pairs: Vec<u64>,
}

impl Distinct {
    fn new(groups: usize, keys: usize) -> Self {
        Distinct {
            groups,
            stamps: if groups == 1 {
                vec![false; keys]
            } else {
                Vec::new()
            },
            counts: vec![0; groups],
            pairs: Vec::new(),
        }
    }

    #[inline]
    fn add(&mut self, group: u32, key: u32) {
        if key == NO_VALUE {
            return;
        }
        if self.groups == 1 {
            let s = &mut self.stamps[key as usize];
            if !*s {
                *s = true;
                self.counts[0] += 1;
            }
        } else {
            self.pairs.push(((group as u64) << 32) | key as u64);
        }
    }

    fn finish(mut self) -> Vec<u64> {
        if self.groups > 1 {
            self.pairs.sort_unstable();
            self.pairs.dedup();
            for p in &self.pairs {
                self.counts[(p >> 32) as usize] += 1;
            }
        }
        self.counts
    }
}

/// A date range, both ends included, as day numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DaySpan {
    pub start: i32,
    pub end: i32,
}

impl DaySpan {
    /// Months in the span: days / (365.25 / 12).
    pub fn months(&self) -> f64 {
        (self.end - self.start + 1) as f64 / (365.25 / 12.0)
    }

    #[inline]
    fn has(&self, d: i32) -> bool {
        self.start <= d && d <= self.end
    }
}

#[derive(Debug, Default, Clone)]
pub struct DealTally {
    pub touched: u64,
    pub won: u64,
    pub won_amount: f64,
    pub lost: u64,
    /// Days from created to closed, over the deals closed no earlier than created.
    pub won_cycle_days: f64,
    pub won_cycle_n: u64,
    pub lost_cycle_days: f64,
    pub lost_cycle_n: u64,
    pub created: u64,
    pub created_won: u64,
    pub open: u64,
    pub open_amount: f64,
    /// Won amount and distinct customers with a won deal, up to the span's end.
    pub revenue_to_end: f64,
    pub customers_to_end: u64,
}

#[derive(Debug, Default, Clone)]
pub struct OrderTally {
    pub rows: u64,
    pub revenue: f64,
    pub orders: u64,
    pub margin_profit: f64,
    pub margin_revenue: f64,
    pub margin_rows: u64,
    pub revenue_to_end: f64,
    pub customers_to_end: u64,
}

#[derive(Debug, Default, Clone)]
pub struct LeadTally {
    pub new: u64,
    pub qualified: u64,
    pub converted: u64,
    pub response_hours: Vec<f64>,
}

#[derive(Debug, Default, Clone)]
pub struct ActivityTally {
    pub all: u64,
    pub with_rep: u64,
    pub calls: u64,
    pub emails: u64,
    pub meetings: u64,
    pub reps: u64,
    pub emails_opened: u64,
    pub emails_clicked: u64,
    pub emails_bounced: u64,
    pub meetings_held: u64,
    pub meetings_no_show: u64,
}

#[derive(Debug, Default, Clone)]
pub struct SpendTally {
    pub rows: u64,
    pub amount: f64,
}

#[derive(Debug, Default, Clone)]
pub struct SubscriptionTally {
    /// Subscriptions active on some day of the span.
    pub touched: u64,
    pub mrr_end: f64,
    pub customers_end: u64,
    pub customers_start: u64,
    pub churned: u64,
}

/// Every tally of one span for one group.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub deals: DealTally,
    pub orders: OrderTally,
    pub leads: LeadTally,
    pub activities: ActivityTally,
    pub spend: SpendTally,
    pub subscriptions: SubscriptionTally,
    pub new_customers: u64,
}

/// Groups of every table for one cut.
pub struct TableGroups {
    pub deals: Groups,
    pub orders: Groups,
    pub leads: Groups,
    pub activities: Groups,
    pub spend: Groups,
    pub subscriptions: Groups,
}

impl TableGroups {
    pub fn new(facts: &Facts, cut: &Cut<'_>) -> Self {
        TableGroups {
            deals: cut.assign(facts, &facts.deals.dims),
            orders: cut.assign(facts, &facts.orders.dims),
            leads: cut.assign(facts, &facts.leads.dims),
            activities: cut.assign(facts, &facts.activities.dims),
            spend: cut.assign(facts, &facts.spend.dims),
            subscriptions: cut.assign(facts, &facts.subscriptions.dims),
        }
    }
}

/// The tallies of each span (`n` groups each), the spans shared out over the
/// machine's cores: a tally is one pass over the records, and a view needs
/// several (previous period, year ago, a sparkline's periods, a trend's months).
pub fn tally_spans(facts: &Facts, g: &TableGroups, n: usize, spans: &[DaySpan]) -> Vec<Vec<Tally>> {
    // Disjoint spans (a trend's months, a period with the one before and the
    // year ago): the deals in one pass for all of them, the other tables
    // (read by date, a slice per span) span by span, alongside.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| spans[i].start);
    let disjoint = order
        .windows(2)
        .all(|w| spans[w[0]].end < spans[w[1]].start);
    if spans.len() > 1 && disjoint {
        let sorted: Vec<DaySpan> = order.iter().map(|&i| spans[i]).collect();
        let (mut t, deals) = std::thread::scope(|scope| {
            let deals = scope.spawn(|| {
                let mut d = vec![vec![DealTally::default(); n]; sorted.len()];
                tally_deals_spans(facts, &g.deals, &sorted, &mut d);
                d
            });
            let t: Vec<Vec<Tally>> = sorted
                .iter()
                .map(|s| tally_but_deals(facts, g, n, *s))
                .collect();
            match deals.join() {
                Ok(d) => (t, d),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        for (ts, ds) in t.iter_mut().zip(deals) {
            for (x, d) in ts.iter_mut().zip(ds) {
                x.deals = d;
            }
        }
        let mut out: Vec<Vec<Tally>> = vec![Vec::new(); spans.len()];
        for (&i, ts) in order.iter().zip(t) {
            out[i] = ts;
        }
        return out;
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .min(spans.len());
    if threads <= 1 {
        return spans.iter().map(|s| tally(facts, g, n, *s)).collect();
    }
    let per = spans.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = spans
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|s| tally(facts, g, n, *s))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(t) => t,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// Tallies by cut and span, kept with the facts they were counted from:
/// stepping the period, a sparkline's earlier periods and a trend's months are
/// mostly tallies already counted. The cut's key is the filter's, plus the
/// breakdown dimension if any.
#[derive(Default)]
pub struct TallyCache {
    tallies: Mutex<HashMap<(String, DaySpan), Vec<Tally>>>,
    /// The groups of the cuts used last, latest first.
    groups: Mutex<Vec<(String, Arc<TableGroups>)>>,
}

/// Cuts whose groups are kept (a group number per record each).
const GROUPS_KEPT: usize = 8;

/// More tallies than this and the cache starts again (a tally is under 1 KB).
const TALLY_CACHE_MAX: usize = 20_000;

impl TallyCache {
    /// The tallies (`n` groups each) of `spans` for the cut whose key is
    /// `cut_key` and whose groups are `g`, counting only those not cached.
    /// The groups of `cut`, whose key is `cut_key`, assigned once.
    pub fn groups(&self, facts: &Facts, cut: &Cut<'_>, cut_key: &str) -> Arc<TableGroups> {
        let lock = || self.groups.lock().unwrap_or_else(|e| e.into_inner());
        {
            let mut kept = lock();
            if let Some(i) = kept.iter().position(|(k, _)| k == cut_key) {
                let hit = kept.remove(i);
                let g = hit.1.clone();
                kept.insert(0, hit);
                return g;
            }
        }
        let g = Arc::new(TableGroups::new(facts, cut));
        let mut kept = lock();
        kept.insert(0, (cut_key.to_string(), g.clone()));
        kept.truncate(GROUPS_KEPT);
        g
    }

    pub fn get(
        &self,
        facts: &Facts,
        g: &TableGroups,
        cut_key: &str,
        n: usize,
        spans: &[DaySpan],
    ) -> Vec<Vec<Tally>> {
        let lock = || self.tallies.lock().unwrap_or_else(|e| e.into_inner());
        let key = |s: &DaySpan| (cut_key.to_string(), *s);
        let mut out: Vec<Option<Vec<Tally>>> = {
            let cache = lock();
            spans.iter().map(|s| cache.get(&key(s)).cloned()).collect()
        };
        let mut missing: Vec<DaySpan> = Vec::new();
        for (s, t) in spans.iter().zip(&out) {
            if t.is_none() && !missing.contains(s) {
                missing.push(*s);
            }
        }
        if !missing.is_empty() {
            let counted = tally_spans(facts, g, n, &missing);
            for (slot, s) in out.iter_mut().zip(spans) {
                if slot.is_none() {
                    let i = missing.iter().position(|m| m == s).unwrap_or(0);
                    *slot = counted.get(i).cloned();
                }
            }
            // A breakdown by thousands of customers is not kept.
            let adding = n * missing.len();
            if adding <= TALLY_CACHE_MAX / 4 {
                let mut cache = lock();
                let size: usize = cache.values().map(Vec::len).sum();
                if size + adding > TALLY_CACHE_MAX {
                    cache.clear();
                }
                for (s, t) in missing.iter().zip(counted) {
                    cache.insert(key(s), t);
                }
            }
        }
        out.into_iter()
            .map(|t| t.unwrap_or_else(|| vec![Tally::default(); n]))
            .collect()
    }
}

impl TallyCache {
    /// Forgets every tally (benchmarks measure a first view with it).
    pub fn clear(&self) {
        self.tallies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.groups
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

impl Clone for TallyCache {
    /// A copy of the facts counts afresh.
    fn clone(&self) -> Self {
        TallyCache::default()
    }
}

impl std::fmt::Debug for TallyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.tallies.lock().map_or(0, |c| c.len());
        write!(f, "TallyCache({n} tallies)")
    }
}

/// The tallies of `span`, one per group.
pub fn tally(facts: &Facts, g: &TableGroups, n: usize, span: DaySpan) -> Vec<Tally> {
    let mut t = tally_but_deals(facts, g, n, span);
    tally_deals(facts, &g.deals, span, &mut t);
    t
}

/// [`tally`] of every table but the deals.
fn tally_but_deals(facts: &Facts, g: &TableGroups, n: usize, span: DaySpan) -> Vec<Tally> {
    let mut t = vec![Tally::default(); n];
    tally_orders(facts, &g.orders, span, &mut t);
    tally_leads(facts, &g.leads, span, &mut t);
    tally_activities(facts, &g.activities, span, &mut t);
    tally_spend(facts, &g.spend, span, &mut t);
    tally_subscriptions(facts, &g.subscriptions, span, &mut t);
    tally_new_customers(facts, g, span, &mut t);
    t
}

fn tally_deals(f: &Facts, g: &Groups, s: DaySpan, t: &mut [Tally]) {
    let d = &f.deals;
    if matches!(g, Groups::Missing(_)) {
        return;
    }
    let mut customers = Distinct::new(t.len(), f.dicts.get("customer").map_or(0, |d| d.len()));
    for i in 0..d.created.len() {
        let grp = g.of(i);
        if grp == SKIP {
            continue;
        }
        let x = &mut t[grp as usize].deals;
        let (created, close, stage) = (d.created[i], d.close[i], d.stage[i]);
        let created_in = s.has(created);
        let closed_in = stage != OPEN && close != NO_DAY && s.has(close);
        let closed_by_end = stage != OPEN && (close == NO_DAY || close <= s.end);
        let open_at_end = created <= s.end && !closed_by_end;
        if created_in {
            x.created += 1;
            x.created_won += (stage == WON) as u64;
        }
        if closed_in {
            add_closed(x, stage, d.amount[i], created, close);
        }
        if open_at_end {
            x.open += 1;
            x.open_amount += d.amount[i];
        }
        x.touched += (created_in || closed_in || open_at_end) as u64;
        if stage == WON && close != NO_DAY && close <= s.end {
            x.revenue_to_end += d.amount[i];
            customers.add(grp, d.customer[i]);
        }
    }
    for (x, c) in t.iter_mut().zip(customers.finish()) {
        x.deals.customers_to_end = c;
    }
}

/// A deal closed in the span: won or lost, with its cycle. A close date before
/// the created date is a data error: no cycle (nor without a created date: the
/// difference wraps below zero).
#[inline]
fn add_closed(x: &mut DealTally, stage: u8, amount: f64, created: i32, close: i32) {
    let days = close.wrapping_sub(created);
    let ok = days >= 0;
    if stage == WON {
        x.won += 1;
        x.won_amount += amount;
        x.won_cycle_days += if ok { days as f64 } else { 0.0 };
        x.won_cycle_n += ok as u64;
    } else if stage == LOST {
        x.lost += 1;
        x.lost_cycle_days += if ok { days as f64 } else { 0.0 };
        x.lost_cycle_n += ok as u64;
    }
}

/// [`tally_deals`] for sorted, disjoint spans in one pass over the deals. A
/// pass per span reads every deal each time, for the counts up to a span's
/// end (open at the end, revenue and customers to the end); here each deal
/// adds to the spans it counts in. Each span's sums are added in record order,
/// as the pass per span adds them, so every figure is the same to the last bit.
fn tally_deals_spans(f: &Facts, g: &Groups, spans: &[DaySpan], t: &mut [Vec<DealTally>]) {
    let d = &f.deals;
    if matches!(g, Groups::Missing(_)) || spans.is_empty() {
        return;
    }
    let k = spans.len();
    let groups = t[0].len();
    // The first span ending on or after `day` (k when none does).
    let from = |day: i32| spans.partition_point(|s| s.end < day);
    let within = |day: i32| {
        let i = from(day);
        (i < k && spans[i].start <= day).then_some(i)
    };
    // Each (group, customer)'s first won close: it counts from that span on.
    // One group: a day per customer; several: a map of the pairs.
    let keys = f.dicts.get("customer").map_or(0, |d| d.len());
    let mut first_day: Vec<i32> = if groups == 1 {
        vec![i32::MAX; keys]
    } else {
        Vec::new()
    };
    let mut first_won: HashMap<(u32, u32), i32> = HashMap::new();
    for i in 0..d.created.len() {
        let grp = g.of(i);
        if grp == SKIP {
            continue;
        }
        let gi = grp as usize;
        let (created, close, stage) = (d.created[i], d.close[i], d.stage[i]);
        let amount = d.amount[i];
        let closed = stage != OPEN;
        let has_close = close != NO_DAY;
        let created_in = within(created);
        if let Some(j) = created_in {
            let x = &mut t[j][gi];
            x.created += 1;
            x.created_won += (stage == WON) as u64;
        }
        let closed_in = if closed && has_close {
            within(close)
        } else {
            None
        };
        if let Some(j) = closed_in {
            add_closed(&mut t[j][gi], stage, amount, created, close);
        }
        // Open at the end of the spans ending on or after its creation and
        // before its close (all of them while it is open; none when it closed
        // on an unknown day).
        let open_from = from(created);
        let open_to = match (closed, has_close) {
            (false, _) => k,
            (true, false) => open_from,
            (true, true) => from(close).max(open_from),
        };
        for x in t[open_from..open_to].iter_mut().map(|s| &mut s[gi]) {
            x.open += 1;
            x.open_amount += amount;
            x.touched += 1;
        }
        let open = open_from..open_to;
        if let Some(j) = created_in.filter(|j| !open.contains(j)) {
            t[j][gi].touched += 1;
        }
        if let Some(j) = closed_in.filter(|j| !open.contains(j) && Some(*j) != created_in) {
            t[j][gi].touched += 1;
        }
        if stage == WON && has_close {
            for x in t[from(close)..].iter_mut().map(|s| &mut s[gi]) {
                x.revenue_to_end += amount;
            }
            let c = d.customer[i];
            if c == NO_VALUE {
                continue;
            }
            let first = match first_day.get_mut(c as usize) {
                Some(day) => day,
                None => first_won.entry((grp, c)).or_insert(close),
            };
            *first = (*first).min(close);
        }
    }
    let mut counts = vec![vec![0u64; groups]; k + 1];
    for day in first_day.into_iter().filter(|d| *d != i32::MAX) {
        counts[from(day)][0] += 1;
    }
    for ((grp, _), day) in first_won {
        counts[from(day)][grp as usize] += 1;
    }
    let mut running = vec![0u64; groups];
    for (j, span) in t.iter_mut().enumerate() {
        for (gi, x) in span.iter_mut().enumerate() {
            running[gi] += counts[j][gi];
            x.customers_to_end = running[gi];
        }
    }
}

/// Customers whose first purchase ever (first order or won deal) falls in the
/// span, counted in the group of the record of that purchase.
fn tally_new_customers(f: &Facts, g: &TableGroups, s: DaySpan, t: &mut [Tally]) {
    let lo = f.first_purchase.partition_point(|p| p.0 < s.start);
    for &(day, from_order, row) in &f.first_purchase[lo..] {
        if day > s.end {
            break;
        }
        let groups = if from_order { &g.orders } else { &g.deals };
        let grp = groups.of(row as usize);
        if grp != SKIP {
            t[grp as usize].new_customers += 1;
        }
    }
}

fn tally_orders(f: &Facts, g: &Groups, s: DaySpan, t: &mut [Tally]) {
    let o = &f.orders;
    if matches!(g, Groups::Missing(_)) || o.date.is_empty() {
        return;
    }
    let mut orders = Distinct::new(t.len(), o.orders as usize);
    let mut customers = Distinct::new(t.len(), f.dicts.get("customer").map_or(0, |d| d.len()));
    for i in date_range(&o.date, i32::MIN + 1, s.end) {
        let grp = g.of(i);
        if grp == SKIP {
            continue;
        }
        let day = o.date[i];
        let x = &mut t[grp as usize].orders;
        x.revenue_to_end += o.revenue[i];
        customers.add(grp, o.customer[i]);
        if day < s.start {
            continue;
        }
        x.rows += 1;
        x.revenue += o.revenue[i];
        orders.add(grp, o.order[i]);
        if !o.profit[i].is_nan() {
            x.margin_rows += 1;
            x.margin_profit += o.profit[i];
            x.margin_revenue += o.revenue[i];
        }
    }
    for ((x, n), c) in t.iter_mut().zip(orders.finish()).zip(customers.finish()) {
        x.orders.orders = n;
        x.orders.customers_to_end = c;
    }
}

fn tally_leads(f: &Facts, g: &Groups, s: DaySpan, t: &mut [Tally]) {
    let l = &f.leads;
    if matches!(g, Groups::Missing(_)) {
        return;
    }
    for i in date_range(&l.created, s.start, s.end) {
        let grp = g.of(i);
        if grp == SKIP {
            continue;
        }
        let x = &mut t[grp as usize].leads;
        x.new += 1;
        x.qualified += (l.qualified[i] == 1) as u64;
        x.converted += (l.converted[i] == 1) as u64;
        let r = l.first_response[i];
        if r != NO_TIME && r >= l.created_at[i] {
            x.response_hours.push((r - l.created_at[i]) as f64 / 3600.0);
        }
    }
}

fn tally_activities(f: &Facts, g: &Groups, s: DaySpan, t: &mut [Tally]) {
    let a = &f.activities;
    if matches!(g, Groups::Missing(_)) {
        return;
    }
    let mut reps = Distinct::new(t.len(), f.dicts.get("rep").map_or(0, |d| d.len()));
    for i in date_range(&a.date, s.start, s.end) {
        let grp = g.of(i);
        if grp == SKIP {
            continue;
        }
        let x = &mut t[grp as usize].activities;
        x.all += 1;
        x.with_rep += (a.rep[i] != NO_VALUE) as u64;
        reps.add(grp, a.rep[i]);
        let o = a.outcome[i];
        match a.kind[i] {
            act::CALL => x.calls += 1,
            act::EMAIL => {
                x.emails += 1;
                x.emails_opened += matches!(o, act::OPENED | act::CLICKED) as u64;
                x.emails_clicked += (o == act::CLICKED) as u64;
                x.emails_bounced += (o == act::BOUNCED) as u64;
            }
            act::MEETING => {
                x.meetings += 1;
                x.meetings_held += (o == act::HELD) as u64;
                x.meetings_no_show += (o == act::NO_SHOW) as u64;
            }
            _ => {}
        }
    }
    for (x, n) in t.iter_mut().zip(reps.finish()) {
        x.activities.reps = n;
    }
}

fn tally_spend(f: &Facts, g: &Groups, s: DaySpan, t: &mut [Tally]) {
    let p = &f.spend;
    if matches!(g, Groups::Missing(_)) {
        return;
    }
    for i in date_range(&p.date, s.start, s.end) {
        let grp = g.of(i);
        if grp == SKIP {
            continue;
        }
        let x = &mut t[grp as usize].spend;
        x.rows += 1;
        x.amount += p.amount[i];
    }
}

fn tally_subscriptions(f: &Facts, g: &Groups, s: DaySpan, t: &mut [Tally]) {
    let p = &f.subscriptions;
    if matches!(g, Groups::Missing(_)) {
        return;
    }
    // Per (group, customer): active at the start, active at the end, last end.
    let mut per: HashMap<(u32, u32), (bool, bool, i32)> = HashMap::new();
    for i in 0..p.start.len() {
        let grp = g.of(i);
        if grp == SKIP || p.start[i] == NO_DAY {
            continue;
        }
        let (start, end) = (p.start[i], p.end[i]);
        let x = &mut t[grp as usize].subscriptions;
        if start <= s.end && end >= s.start {
            x.touched += 1;
        }
        let active_end = start <= s.end && s.end <= end;
        if active_end {
            x.mrr_end += p.mrr[i];
        }
        let e = per
            .entry((grp, p.customer[i]))
            .or_insert((false, false, i32::MIN));
        e.0 |= start <= s.start && s.start <= end;
        e.1 |= active_end;
        e.2 = e.2.max(end);
    }
    for ((grp, _), (at_start, at_end, last_end)) in per {
        let x = &mut t[grp as usize].subscriptions;
        x.customers_end += at_end as u64;
        if at_start {
            x.customers_start += 1;
            x.churned += s.has(last_end) as u64;
        }
    }
}
