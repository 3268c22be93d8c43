//! The workspace's records in memory, column by column: dates as day numbers,
//! dimension values as codes into one dictionary per dimension, lookup sheets
//! already applied. Loaded once per state of the database (see [`Facts::key`]);
//! every KPI is then a scan over plain vectors, so a scorecard of millions of
//! records takes milliseconds and changing a filter never touches SQLite.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::model::RecordKind;
use crate::records::{dimension_columns, FORECAST_CATEGORIES};

/// A missing dimension value.
pub const NO_VALUE: u32 = u32::MAX;
/// A missing date.
pub const NO_DAY: i32 = i32::MIN;
/// A missing date-time.
pub const NO_TIME: i64 = i64::MIN;

pub fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

pub fn day_date(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n)
}

fn num(b: &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + (c - b'0') as u32;
    }
    Some(n)
}

/// `YYYY-MM-DD` (anything after the tenth byte ignored) as a day number.
pub fn parse_day(s: &[u8]) -> Option<i32> {
    if s.len() < 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let d = NaiveDate::from_ymd_opt(num(&s[0..4])? as i32, num(&s[5..7])?, num(&s[8..10])?)?;
    Some(day_number(d))
}

/// `YYYY-MM-DD[ HH:MM[:SS]]` as seconds since day 0 (a date alone is midnight).
pub fn parse_time(s: &[u8]) -> Option<i64> {
    let day = parse_day(s)? as i64 * 86_400;
    if s.len() < 16 {
        return Some(day);
    }
    let h = num(&s[11..13])? as i64;
    let m = num(&s[14..16])? as i64;
    let sec = if s.len() >= 19 {
        num(&s[17..19])? as i64
    } else {
        0
    };
    Some(day + h * 3600 + m * 60 + sec)
}

/// The values one dimension takes, each with a code.
#[derive(Debug, Default, Clone)]
pub struct Dictionary {
    values: Vec<String>,
    index: HashMap<String, u32>,
}

impl Dictionary {
    pub fn code(&mut self, v: &str) -> u32 {
        if let Some(&c) = self.index.get(v) {
            return c;
        }
        let c = self.values.len() as u32;
        self.values.push(v.to_string());
        self.index.insert(v.to_string(), c);
        c
    }

    pub fn find(&self, v: &str) -> Option<u32> {
        self.index.get(v).copied()
    }

    pub fn value(&self, code: u32) -> &str {
        self.values
            .get(code as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Dimension columns of one record table: only the dimensions its records
/// carry (at least one value, from the record or a lookup sheet).
#[derive(Debug, Default, Clone)]
pub struct DimColumns {
    pub len: usize,
    pub cols: BTreeMap<String, Vec<u32>>,
}

impl DimColumns {
    pub fn get(&self, dim: &str) -> Option<&[u32]> {
        self.cols.get(dim).map(Vec::as_slice)
    }
}

#[derive(Debug, Default, Clone)]
pub struct Deals {
    pub dims: DimColumns,
    pub created: Vec<i32>,
    /// NO_DAY when the deal has no close date.
    pub close: Vec<i32>,
    /// 0 open, 1 won, 2 lost.
    pub stage: Vec<u8>,
    /// 0.0 when the deal has no amount.
    pub amount: Vec<f64>,
    pub customer: Vec<u32>,
    pub any_close_date: bool,
    /// The forecast category as imported (an index of
    /// `records::FORECAST_CATEGORIES`), NO_CATEGORY without one.
    pub category: Vec<u8>,
    /// The probability as a fraction, NaN without one.
    pub probability: Vec<f64>,
    /// Whether any deal has a probability (the outlook weighs by it then).
    pub any_probability: bool,
    /// The stage label's code in `labels` (NO_VALUE without one).
    pub label: Vec<u32>,
    pub labels: Dictionary,
    /// The deal's id or name, a code in `ids` (NO_VALUE without one).
    pub id: Vec<u32>,
    pub ids: Dictionary,
    /// The deals with a close date, in close-date order (row numbers), and
    /// their close dates in that order: a span of close dates is a range.
    pub by_close: Vec<u32>,
    pub close_sorted: Vec<i32>,
}

impl Deals {
    /// The rows of the deals closing (or expected to close) from `start` to
    /// `end`, in close-date order.
    pub fn closing(&self, start: i32, end: i32) -> &[u32] {
        let r = date_range(&self.close_sorted, start, end);
        &self.by_close[r]
    }
}

/// A deal without a forecast category of its own.
pub const NO_CATEGORY: u8 = u8::MAX;

pub const OPEN: u8 = 0;
pub const WON: u8 = 1;
pub const LOST: u8 = 2;

#[derive(Debug, Default, Clone)]
pub struct Orders {
    pub dims: DimColumns,
    pub date: Vec<i32>,
    pub revenue: Vec<f64>,
    /// Profit, or revenue − cost; NaN when the row has neither.
    pub profit: Vec<f64>,
    /// A code per distinct order id (rows without an id are orders of their own).
    pub order: Vec<u32>,
    pub orders: u32,
    pub customer: Vec<u32>,
    pub any_margin: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Leads {
    pub dims: DimColumns,
    pub created: Vec<i32>,
    /// Seconds; the created date at midnight when the source has no time.
    pub created_at: Vec<i64>,
    /// -1 unknown, 0 no, 1 yes.
    pub qualified: Vec<i8>,
    pub converted: Vec<i8>,
    /// NO_TIME without a response.
    pub first_response: Vec<i64>,
    pub any_qualified: bool,
    pub any_converted: bool,
    pub any_response: bool,
}

/// Activity types and outcomes as codes.
pub mod act {
    pub const CALL: u8 = 0;
    pub const EMAIL: u8 = 1;
    pub const MEETING: u8 = 2;
    pub const OTHER: u8 = 3;

    pub const NO_OUTCOME: u8 = 0;
    pub const SENT: u8 = 1;
    pub const DELIVERED: u8 = 2;
    pub const BOUNCED: u8 = 3;
    pub const OPENED: u8 = 4;
    pub const CLICKED: u8 = 5;
    pub const SCHEDULED: u8 = 6;
    pub const HELD: u8 = 7;
    pub const NO_SHOW: u8 = 8;
    pub const CANCELLED: u8 = 9;
    pub const OTHER_OUTCOME: u8 = 10;
}

#[derive(Debug, Default, Clone)]
pub struct Activities {
    pub dims: DimColumns,
    pub date: Vec<i32>,
    pub kind: Vec<u8>,
    pub outcome: Vec<u8>,
    /// The rep's code in the `rep` dictionary, NO_VALUE without one.
    pub rep: Vec<u32>,
    pub any_rep: bool,
    pub any_email_outcome: bool,
    pub any_delivery: bool,
    pub any_meeting_outcome: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Subscriptions {
    pub dims: DimColumns,
    pub customer: Vec<u32>,
    pub start: Vec<i32>,
    /// i32::MAX when the subscription has not ended.
    pub end: Vec<i32>,
    pub mrr: Vec<f64>,
}

#[derive(Debug, Default, Clone)]
pub struct Spend {
    pub dims: DimColumns,
    pub date: Vec<i32>,
    pub amount: Vec<f64>,
}

/// Everything the KPI engine reads.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    pub dicts: BTreeMap<String, Dictionary>,
    pub deals: Deals,
    pub orders: Orders,
    pub leads: Leads,
    pub activities: Activities,
    pub subscriptions: Subscriptions,
    pub spend: Spend,
    /// Each customer's first purchase ever, its first order or won deal:
    /// (day, from an order, row), sorted by day.
    pub first_purchase: Vec<(i32, bool, u32)>,
    /// The last day any record mentions (the data date on exports).
    pub data_through: Option<NaiveDate>,
    /// The first day any record mentions.
    pub data_from: Option<NaiveDate>,
    /// The currency symbol seen most often in the money columns imported
    /// ("$", "€"); none when the files carried plain numbers.
    pub currency: Option<String>,
    /// The state of the database these facts were loaded from.
    pub key: String,
    /// Tallies already counted from these facts.
    pub tallies: super::tally::TallyCache,
}

/// Attribute values per (key role, key value): the newest lookup sheet wins.
#[derive(Default)]
struct Lookups {
    /// key role -> key value -> [(dimension, value)]
    by_key: HashMap<String, HashMap<String, Vec<(String, String)>>>,
    /// Every attribute a key role gives.
    attributes: BTreeMap<String, Vec<String>>,
}

/// A lookup attribute's header as a dimension name ("Regional Office" ->
/// "regional_office"); the dimensions the importer knows keep their names.
pub fn dimension_name(attribute: &str) -> String {
    crate::records::snake_case(attribute)
}

fn load_lookups(conn: &Connection) -> Result<Lookups> {
    let mut l = Lookups::default();
    let mut st = conn.prepare(
        "SELECT key_role, key_value, attribute, value FROM lookup_entries
         WHERE value IS NOT NULL ORDER BY dataset_id, source_row",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let role: String = r.get(0)?;
        let key: String = r.get(1)?;
        let attr = dimension_name(&r.get::<_, String>(2)?);
        let value: String = r.get(3)?;
        if attr.is_empty() || attr == role || value.trim().is_empty() {
            continue;
        }
        let attrs = l.attributes.entry(role.clone()).or_default();
        if !attrs.contains(&attr) {
            attrs.push(attr.clone());
        }
        let entry = l.by_key.entry(role).or_default().entry(key).or_default();
        match entry.iter_mut().find(|(a, _)| *a == attr) {
            Some(slot) => slot.1 = value,
            None => entry.push((attr, value)),
        }
    }
    Ok(l)
}

/// Reads one record table: `fixed` columns first (handed to `row` with the
/// row's values), then its dimension columns and lookup keys, which become
/// dimension codes with lookup sheets applied.
fn load_table(
    conn: &Connection,
    kind: RecordKind,
    fixed: &[&str],
    dicts: &mut BTreeMap<String, Dictionary>,
    lookups: &Lookups,
    mut row: impl FnMut(&[ValueRef<'_>]),
) -> Result<DimColumns> {
    let table = kind.table();
    let dim_cols = dimension_columns(kind);
    let keys: Vec<&str> = crate::records::LOOKUP_KEYS
        .iter()
        .copied()
        .filter(|k| crate::records::has_column(kind, k) && lookups.by_key.contains_key(*k))
        .collect();
    // Every dimension this table can carry: its own columns, then lookup attributes.
    let mut dims: Vec<String> = dim_cols.iter().map(|(_, d)| d.to_string()).collect();
    for k in &keys {
        for a in &lookups.attributes[*k] {
            if !dims.contains(a) {
                dims.push(a.clone());
            }
        }
    }
    let mut cols: Vec<String> = fixed.iter().map(|c| format!("\"{c}\"")).collect();
    let own_at = cols.len();
    cols.extend(dim_cols.iter().map(|(c, _)| format!("\"{c}\"")));
    let keys_at = cols.len();
    cols.extend(keys.iter().map(|k| format!("\"{k}\"")));
    let sql = format!("SELECT {} FROM \"{table}\" ORDER BY rowid", cols.join(", "));
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query([])?;
    let mut codes: Vec<Vec<u32>> = vec![Vec::new(); dims.len()];
    let mut dict_list: Vec<Dictionary> = dims
        .iter()
        .map(|d| dicts.remove(d).unwrap_or_default())
        .collect();
    let mut len = 0usize;
    while let Some(r) = rows.next()? {
        let values = (0..cols.len())
            .map(|i| r.get_ref(i))
            .collect::<rusqlite::Result<Vec<ValueRef<'_>>>>()?;
        row(&values[..own_at]);
        for (i, code_col) in codes.iter_mut().enumerate() {
            let own = (i < dim_cols.len())
                .then(|| text(values[own_at + i]))
                .flatten();
            let v = own.or_else(|| {
                keys.iter().enumerate().find_map(|(j, k)| {
                    let key = text(values[keys_at + j])?;
                    lookups.by_key[*k]
                        .get(key)?
                        .iter()
                        .find(|(a, _)| *a == dims[i])
                        .map(|(_, v)| v.as_str())
                })
            });
            code_col.push(v.map(|v| dict_list[i].code(v)).unwrap_or(NO_VALUE));
        }
        len += 1;
    }
    let mut out = DimColumns {
        len,
        cols: BTreeMap::new(),
    };
    for ((dim, col), dict) in dims.into_iter().zip(codes).zip(dict_list) {
        if col.iter().any(|&c| c != NO_VALUE) {
            out.cols.insert(dim.clone(), col);
        }
        dicts.insert(dim, dict);
    }
    Ok(out)
}

fn text<'a>(v: ValueRef<'a>) -> Option<&'a str> {
    match v {
        ValueRef::Text(t) => std::str::from_utf8(t)
            .ok()
            .map(str::trim)
            .filter(|s| !s.is_empty()),
        _ => None,
    }
}

fn day(v: ValueRef<'_>) -> i32 {
    match v {
        ValueRef::Text(t) => parse_day(t).unwrap_or(NO_DAY),
        _ => NO_DAY,
    }
}

fn time(v: ValueRef<'_>) -> i64 {
    match v {
        ValueRef::Text(t) => parse_time(t).unwrap_or(NO_TIME),
        _ => NO_TIME,
    }
}

fn real(v: ValueRef<'_>) -> Option<f64> {
    match v {
        ValueRef::Real(f) if f.is_finite() => Some(f),
        ValueRef::Integer(i) => Some(i as f64),
        _ => None,
    }
}

fn flag(v: ValueRef<'_>) -> i8 {
    match v {
        ValueRef::Integer(i) => (i != 0) as i8,
        ValueRef::Real(f) => (f != 0.0) as i8,
        _ => -1,
    }
}

fn outcome(v: Option<&str>) -> u8 {
    use act::*;
    match v {
        None => NO_OUTCOME,
        Some("sent") => SENT,
        Some("delivered") => DELIVERED,
        Some("bounced") => BOUNCED,
        Some("opened") => OPENED,
        Some("clicked") => CLICKED,
        Some("scheduled") => SCHEDULED,
        Some("held") => HELD,
        Some("no_show") => NO_SHOW,
        Some("cancelled") => CANCELLED,
        Some(_) => OTHER_OUTCOME,
    }
}

/// A string that changes whenever the records change: the datasets and their
/// row counts (dataset ids are never reused, so a replaced file changes it too).
pub fn state_key(conn: &Connection) -> Result<String> {
    Ok(conn.query_row(
        "SELECT count(*) || ':' || coalesce(group_concat(id || '.' || rows, ','), '')
         FROM (SELECT id, rows FROM datasets ORDER BY id)",
        [],
        |r| r.get(0),
    )?)
}

/// Each customer's first purchase: the earliest won deal or order (the first
/// row of the earliest day wins a tie), sorted by day.
fn first_purchases(d: &Deals, o: &Orders) -> Vec<(i32, bool, u32)> {
    let mut first: HashMap<u32, (i32, bool, u32)> = HashMap::new();
    let mut see = |c: u32, day: i32, from_order: bool, row: usize| {
        if c == NO_VALUE || day == NO_DAY {
            return;
        }
        let e = first.entry(c).or_insert((day, from_order, row as u32));
        if day < e.0 {
            *e = (day, from_order, row as u32);
        }
    };
    for i in 0..d.created.len() {
        if d.stage[i] == WON {
            see(d.customer[i], d.close[i], false, i);
        }
    }
    for i in 0..o.date.len() {
        see(o.customer[i], o.date[i], true, i);
    }
    let mut out: Vec<(i32, bool, u32)> = first.into_values().collect();
    out.sort_unstable();
    out
}

/// Row numbers in date order (stable, so rows of one day keep their order);
/// empty when the rows already are in order.
fn date_order(dates: &[i32]) -> Vec<u32> {
    if dates.windows(2).all(|w| w[0] <= w[1]) {
        return Vec::new();
    }
    let mut order: Vec<u32> = (0..dates.len() as u32).collect();
    order.sort_by_key(|&i| dates[i as usize]);
    order
}

fn permute<T: Copy>(v: &mut Vec<T>, order: &[u32]) {
    if !order.is_empty() && v.len() == order.len() {
        *v = order.iter().map(|&i| v[i as usize]).collect();
    }
}

fn permute_dims(d: &mut DimColumns, order: &[u32]) {
    for col in d.cols.values_mut() {
        permute(col, order);
    }
}

/// The rows of a date-ordered column whose date lies in [start, end].
pub fn date_range(dates: &[i32], start: i32, end: i32) -> std::ops::Range<usize> {
    dates.partition_point(|&d| d < start)..dates.partition_point(|&d| d <= end)
}

impl Facts {
    /// Reads every record the KPIs need from the database.
    pub fn load(conn: &Connection) -> Result<Facts> {
        let key = state_key(conn)?;
        let lookups = load_lookups(conn)?;
        let mut dicts = BTreeMap::new();
        let currency = conn
            .query_row(
                "SELECT currency FROM dataset_columns WHERE currency IS NOT NULL
                 GROUP BY currency ORDER BY COUNT(*) DESC, currency LIMIT 1",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?;
        let mut f = Facts {
            key,
            currency,
            ..Facts::default()
        };

        let d = &mut f.deals;
        d.dims = load_table(
            conn,
            RecordKind::Deals,
            &[
                "created_date",
                "close_date",
                "stage",
                "amount",
                "forecast_category",
                "probability",
                "stage_label",
                "deal_id",
            ],
            &mut dicts,
            &lookups,
            |v| {
                d.category.push(
                    text(v[4])
                        .and_then(|c| FORECAST_CATEGORIES.iter().position(|x| *x == c))
                        .map_or(NO_CATEGORY, |i| i as u8),
                );
                let p = real(v[5]).map_or(f64::NAN, |p| p.clamp(0.0, 1.0));
                d.any_probability |= !p.is_nan();
                d.probability.push(p);
                d.label
                    .push(text(v[6]).map_or(NO_VALUE, |l| d.labels.code(l)));
                d.id.push(text(v[7]).map_or(NO_VALUE, |l| d.ids.code(l)));
                d.created.push(day(v[0]));
                let close = day(v[1]);
                d.any_close_date |= close != NO_DAY;
                d.close.push(close);
                d.stage.push(match text(v[2]) {
                    Some("won") => WON,
                    Some("lost") => LOST,
                    _ => OPEN,
                });
                d.amount.push(real(v[3]).unwrap_or(0.0));
            },
        )?;

        let o = &mut f.orders;
        let mut order_ids: HashMap<String, u32> = HashMap::new();
        o.dims = load_table(
            conn,
            RecordKind::Orders,
            &["order_date", "revenue", "cost", "profit", "order_id"],
            &mut dicts,
            &lookups,
            |v| {
                o.date.push(day(v[0]));
                let revenue = real(v[1]).unwrap_or(0.0);
                o.revenue.push(revenue);
                let profit = real(v[3])
                    .or_else(|| real(v[2]).map(|c| revenue - c))
                    .unwrap_or(f64::NAN);
                o.any_margin |= !profit.is_nan();
                o.profit.push(profit);
                let code = match text(v[4]) {
                    Some(id) => match order_ids.get(id) {
                        Some(&c) => c,
                        None => {
                            let c = o.orders;
                            order_ids.insert(id.to_string(), c);
                            o.orders += 1;
                            c
                        }
                    },
                    None => {
                        o.orders += 1;
                        o.orders - 1
                    }
                };
                o.order.push(code);
            },
        )?;

        let l = &mut f.leads;
        l.dims = load_table(
            conn,
            RecordKind::Leads,
            &[
                "created_date",
                "created_at",
                "qualified",
                "converted",
                "converted_date",
                "first_response_at",
            ],
            &mut dicts,
            &lookups,
            |v| {
                let created = day(v[0]);
                l.created.push(created);
                let at = time(v[1]);
                l.created_at.push(if at == NO_TIME {
                    created as i64 * 86_400
                } else {
                    at
                });
                let q = flag(v[2]);
                l.any_qualified |= q >= 0;
                l.qualified.push(q);
                let mut c = flag(v[3]);
                if day(v[4]) != NO_DAY {
                    c = 1;
                }
                l.any_converted |= c >= 0;
                l.converted.push(c);
                let r = time(v[5]);
                l.any_response |= r != NO_TIME;
                l.first_response.push(r);
            },
        )?;

        let a = &mut f.activities;
        a.dims = load_table(
            conn,
            RecordKind::Activities,
            &["date", "type", "outcome"],
            &mut dicts,
            &lookups,
            |v| {
                a.date.push(day(v[0]));
                let k = match text(v[1]) {
                    Some("call") => act::CALL,
                    Some("email") => act::EMAIL,
                    Some("meeting") => act::MEETING,
                    _ => act::OTHER,
                };
                a.kind.push(k);
                let o = outcome(text(v[2]));
                match k {
                    act::EMAIL => {
                        a.any_email_outcome |= matches!(
                            o,
                            act::SENT | act::DELIVERED | act::BOUNCED | act::OPENED | act::CLICKED
                        );
                        a.any_delivery |= matches!(o, act::DELIVERED | act::BOUNCED);
                    }
                    act::MEETING => {
                        a.any_meeting_outcome |= matches!(o, act::HELD | act::NO_SHOW);
                    }
                    _ => {}
                }
                a.outcome.push(o);
            },
        )?;
        a.rep = a
            .dims
            .get("rep")
            .map(<[u32]>::to_vec)
            .unwrap_or_else(|| vec![NO_VALUE; a.date.len()]);
        a.any_rep = a.dims.get("rep").is_some();

        let s = &mut f.subscriptions;
        s.dims = load_table(
            conn,
            RecordKind::Subscriptions,
            &["start_date", "end_date", "mrr"],
            &mut dicts,
            &lookups,
            |v| {
                s.start.push(day(v[0]));
                let end = day(v[1]);
                s.end.push(if end == NO_DAY { i32::MAX } else { end });
                s.mrr.push(real(v[2]).unwrap_or(0.0));
            },
        )?;

        let sp = &mut f.spend;
        sp.dims = load_table(
            conn,
            RecordKind::Spend,
            &["date", "amount"],
            &mut dicts,
            &lookups,
            |v| {
                sp.date.push(day(v[0]));
                sp.amount.push(real(v[1]).unwrap_or(0.0));
            },
        )?;

        // Tables scanned by one date are kept in date order, so a period is a
        // slice found by binary search (deals are scanned whole: a pipeline
        // at a period's end reaches back to every deal created before it).
        let order = date_order(&f.orders.date);
        let o = &mut f.orders;
        permute(&mut o.date, &order);
        permute(&mut o.revenue, &order);
        permute(&mut o.profit, &order);
        permute(&mut o.order, &order);
        permute_dims(&mut o.dims, &order);
        let order = date_order(&f.leads.created);
        let l = &mut f.leads;
        permute(&mut l.created, &order);
        permute(&mut l.created_at, &order);
        permute(&mut l.qualified, &order);
        permute(&mut l.converted, &order);
        permute(&mut l.first_response, &order);
        permute_dims(&mut l.dims, &order);
        let order = date_order(&f.activities.date);
        let a = &mut f.activities;
        permute(&mut a.date, &order);
        permute(&mut a.kind, &order);
        permute(&mut a.outcome, &order);
        permute(&mut a.rep, &order);
        permute_dims(&mut a.dims, &order);
        let order = date_order(&f.spend.date);
        permute(&mut f.spend.date, &order);
        permute(&mut f.spend.amount, &order);
        permute_dims(&mut f.spend.dims, &order);

        let cust = |dims: &DimColumns| {
            dims.get("customer")
                .map(<[u32]>::to_vec)
                .unwrap_or_else(|| vec![NO_VALUE; dims.len])
        };
        f.deals.customer = cust(&f.deals.dims);
        f.orders.customer = cust(&f.orders.dims);
        f.subscriptions.customer = cust(&f.subscriptions.dims);
        f.first_purchase = first_purchases(&f.deals, &f.orders);
        f.dicts = dicts;
        f.set_data_range();
        let d = &mut f.deals;
        d.by_close = (0..d.close.len() as u32)
            .filter(|&i| d.close[i as usize] != NO_DAY)
            .collect();
        d.by_close.sort_by_key(|&i| (d.close[i as usize], i));
        d.close_sorted = d.by_close.iter().map(|&i| d.close[i as usize]).collect();
        Ok(f)
    }

    fn set_data_range(&mut self) {
        let days = self
            .deals
            .created
            .iter()
            // An open deal's close date is an expectation, not data.
            .chain(
                self.deals
                    .close
                    .iter()
                    .zip(&self.deals.stage)
                    .filter(|(_, &st)| st != OPEN)
                    .map(|(c, _)| c),
            )
            .chain(self.orders.date.iter())
            .chain(self.leads.created.iter())
            .chain(self.activities.date.iter())
            .chain(self.spend.date.iter())
            .chain(self.subscriptions.start.iter())
            .copied()
            .filter(|&d| d != NO_DAY);
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for d in days {
            lo = lo.min(d);
            hi = hi.max(d);
        }
        self.data_from = (lo != i32::MAX).then(|| day_date(lo)).flatten();
        self.data_through = (hi != i32::MIN).then(|| day_date(hi)).flatten();
    }

    /// Every dimension some record carries, with its values (sorted).
    pub fn dimensions(&self) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for dims in self.dim_tables() {
            for dim in dims.cols.keys() {
                if let Some(dict) = self.dicts.get(dim) {
                    out.entry(dim.clone()).or_insert_with(|| {
                        let mut v: Vec<String> = dict.values.clone();
                        v.sort();
                        v
                    });
                }
            }
        }
        out
    }

    /// Records of a kind per value of a dimension (lookup sheets applied),
    /// sorted by value; records without a value are left out.
    pub fn dimension_counts(&self, kind: RecordKind, dim: &str) -> Vec<(String, u64)> {
        let table = match kind {
            RecordKind::Deals => &self.deals.dims,
            RecordKind::Orders => &self.orders.dims,
            RecordKind::Leads => &self.leads.dims,
            RecordKind::Activities => &self.activities.dims,
            RecordKind::Subscriptions => &self.subscriptions.dims,
            RecordKind::Spend => &self.spend.dims,
            RecordKind::Targets | RecordKind::Events | RecordKind::Lookup => return Vec::new(),
        };
        let (Some(codes), Some(dict)) = (table.get(dim), self.dicts.get(dim)) else {
            return Vec::new();
        };
        let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
        for &c in codes.iter().filter(|&&c| c != NO_VALUE) {
            *counts.entry(dict.value(c)).or_default() += 1;
        }
        counts
            .into_iter()
            .map(|(v, n)| (v.to_string(), n))
            .collect()
    }

    /// The dimension columns of every record table.
    pub fn dim_tables(&self) -> [&DimColumns; 6] {
        [
            &self.deals.dims,
            &self.orders.dims,
            &self.leads.dims,
            &self.activities.dims,
            &self.subscriptions.dims,
            &self.spend.dims,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_parse_from_the_stored_text() {
        let d = parse_day(b"2024-03-01").unwrap();
        assert_eq!(day_date(d).unwrap().to_string(), "2024-03-01");
        assert_eq!(parse_day(b"2024-03-01 10:00:00"), Some(d));
        assert_eq!(parse_day(b"2024-02-30"), None);
        assert_eq!(parse_day(b"03/01/2024"), None);
        assert_eq!(
            parse_time(b"2024-03-01 10:30:15"),
            Some(d as i64 * 86_400 + 37_815)
        );
        assert_eq!(parse_time(b"2024-03-01"), Some(d as i64 * 86_400));
        assert_eq!(dimension_name("Regional Office"), "regional_office");
        assert_eq!(dimension_name("manager"), "manager");
    }
}
