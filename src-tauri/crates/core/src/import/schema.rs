//! Record tables per kind, and the writer that turns a converted row into a
//! record: role values normalised (stages, activity types, flags, periods),
//! columns without a role kept in `extra` as JSON.

use std::collections::HashMap;

use std::borrow::Cow;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Statement, Transaction};

use super::infer::Value;
use super::roles::{self, Assignment};
use super::source::format_float;
use super::table::Header;
use super::value::{iso_date, parse_flag, parse_number, DecimalSep, When};
use crate::error::Result;
use crate::model::RecordKind;
use crate::records::{fields, Fill};

/// One converted row and how its columns map to roles.
pub struct Record<'r, 'a> {
    pub row: u64,
    pub values: &'r [Value<'a>],
    pub header: &'r Header,
    pub roles: &'r Assignment,
    pub col_pos: &'r HashMap<&'r str, usize>,
    /// Each header as a JSON string (quoted and escaped), for `extra`.
    pub json_keys: &'r [String],
}

impl<'a> Record<'_, 'a> {
    fn get(&self, role: &str) -> Option<(usize, &Value<'a>)> {
        self.col_pos.get(role).map(|&k| (k, &self.values[k]))
    }

    fn at(&self, col: Option<usize>) -> Option<(usize, &Value<'a>)> {
        col.map(|k| (k, &self.values[k]))
    }

    /// Columns without a role as a JSON object, written into `buf`.
    fn extra(&self, buf: &mut String) -> bool {
        use std::fmt::Write;
        buf.clear();
        for (k, v) in self.values.iter().enumerate() {
            // Role columns live in their own table columns, except a cell that
            // did not fit its type: its raw text is kept here.
            if self.roles[k].is_some() && !matches!(v, Value::Mismatch(_)) {
                continue;
            }
            if matches!(v, Value::Null) {
                continue;
            }
            buf.push(if buf.is_empty() { '{' } else { ',' });
            buf.push_str(&self.json_keys[k]);
            buf.push(':');
            let _ = match v {
                Value::Null => Ok(()),
                Value::Int(i) => write!(buf, "{i}"),
                Value::Real(f) if f.is_finite() => write!(buf, "{f}"),
                Value::Real(_) => write!(buf, "null"),
                Value::Bool(b) => write!(buf, "{b}"),
                Value::When(w) => write!(buf, "\"{}\"", w.to_iso()),
                Value::Text(s) | Value::Mismatch(s) => {
                    buf.push_str(&serde_json::Value::from(s.as_ref()).to_string());
                    Ok(())
                }
            };
        }
        if buf.is_empty() {
            return false;
        }
        buf.push('}');
        true
    }
}

/// The JSON key of each header, computed once per sheet.
pub fn json_keys(header: &Header) -> Vec<String> {
    header
        .columns
        .iter()
        .map(|c| serde_json::Value::from(c.header.as_str()).to_string())
        .collect()
}

/// What happened to one record.
#[derive(Debug, Default)]
pub struct WriteOutcome {
    pub skipped: Option<String>,
    pub unknown_stage: Option<String>,
}

/// One table cell of an encoded record; text lives in the batch's arena.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Null,
    Int(i64),
    Real(f64),
    Text(u32, u32),
}

/// Encoded records, ready to insert: `width` slots per record.
#[derive(Debug, Default)]
pub struct Batch {
    arena: String,
    slots: Vec<Slot>,
    width: usize,
}

impl Batch {
    pub fn len(&self) -> usize {
        self.slots.len().checked_div(self.width).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    fn push_text(&mut self, s: &str) {
        let start = self.arena.len() as u32;
        self.arena.push_str(s);
        self.slots.push(Slot::Text(start, s.len() as u32));
    }

    fn push(&mut self, v: Enc<'_>) {
        match v {
            Enc::Null => self.slots.push(Slot::Null),
            Enc::Int(i) => self.slots.push(Slot::Int(i)),
            Enc::Real(f) => self.slots.push(Slot::Real(f)),
            Enc::Text(t) => self.push_text(&t),
        }
    }

    fn truncate_to_record(&mut self, records: usize) {
        self.slots.truncate(records * self.width);
    }

    fn value(&self, slot: Slot) -> ToSqlOutput<'_> {
        ToSqlOutput::Borrowed(match slot {
            Slot::Null => ValueRef::Null,
            Slot::Int(i) => ValueRef::Integer(i),
            Slot::Real(f) => ValueRef::Real(f),
            Slot::Text(start, len) => {
                ValueRef::Text(&self.arena.as_bytes()[start as usize..(start + len) as usize])
            }
        })
    }
}

enum Enc<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(Cow<'a, str>),
}

fn as_text<'a>(v: &Value<'a>) -> Option<Cow<'a, str>> {
    match v {
        Value::Null => None,
        Value::Int(i) => Some(Cow::Owned(i.to_string())),
        Value::Real(f) => Some(Cow::Owned(format_float(*f))),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "TRUE" } else { "FALSE" })),
        Value::When(w) => Some(Cow::Owned(w.to_iso())),
        Value::Text(s) | Value::Mismatch(s) => Some(s.clone()),
    }
}

fn as_number(v: &Value<'_>) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Real(f) => Some(*f),
        Value::Text(s) | Value::Mismatch(s) => parse_number(s, DecimalSep::Dot).map(|n| n.value),
        _ => None,
    }
}

fn as_when(v: &Value<'_>) -> Option<When> {
    match v {
        Value::When(w) => Some(*w),
        _ => None,
    }
}

/// A period as the catalog writes it: `2024`, `2024-03`, `2024-Q1`, `2024-W09`,
/// `FY2024-Q1`, or a range `2024-01-15..2024-02-29`.
pub fn normalise_period(v: &Value<'_>) -> Option<String> {
    let s = match v {
        Value::Int(i) => return (1900..=2100).contains(i).then(|| i.to_string()),
        Value::Real(f) if f.fract() == 0.0 => {
            return Some(format!("{}", *f as i64)).filter(|s| s.len() == 4)
        }
        Value::When(w) => return Some(iso_date(w.date())[..7].to_string()),
        Value::Text(s) | Value::Mismatch(s) => match month_period(s) {
            Some(p) => return Some(p),
            None => s.trim().to_uppercase().replace(' ', ""),
        },
        _ => return None,
    };
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    let ok_single = |t: &str| -> bool {
        let t = t.strip_prefix("FY").unwrap_or(t);
        match t.split_once('-') {
            None => digits(t, 4),
            Some((y, rest)) => {
                digits(y, 4)
                    && (rest
                        .strip_prefix('Q')
                        .is_some_and(|q| matches!(q, "1" | "2" | "3" | "4"))
                        || rest.strip_prefix('W').is_some_and(|w| {
                            digits(w, 2) && (1..=53).contains(&w.parse::<u32>().unwrap_or(0))
                        })
                        || (digits(rest, 2)
                            && (1..=12).contains(&rest.parse::<u32>().unwrap_or(0))))
            }
        }
    };
    if let Some((a, b)) = s.split_once("..") {
        let d = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
        return match (d(a), d(b)) {
            (Some(x), Some(y)) if x <= y => Some(s.clone()),
            _ => None,
        };
    }
    ok_single(&s).then_some(s)
}

/// The KPI a quota or target sheet without a KPI column sets goals for.
pub const QUOTA_KPI: &str = "total_revenue";

/// A month as finance sheets write it: `Jan 2024`, `January 2024`, `abr 2024`,
/// `01/2024`, `1.2024` -> `2024-01`.
fn month_period(s: &str) -> Option<String> {
    let s = s.trim();
    let (a, b) = s.split_once([' ', '/', '.', '-'])?;
    let (a, b) = (a.trim(), b.trim());
    let year: i32 = b.parse().ok().filter(|y| (1900..=2100).contains(y))?;
    let month: u32 = match a.parse::<u32>() {
        Ok(m) => m,
        Err(_) => super::vocabulary::word(
            "month",
            &super::normalise::normalise_header(a.trim_end_matches('.')),
        )?
        .parse()
        .ok()?,
    };
    (1..=12)
        .contains(&month)
        .then(|| format!("{year:04}-{month:02}"))
}

/// Turns converted rows into table records: role values normalised (stages,
/// activity types, flags, periods), columns without a role kept in `extra`.
/// Runs on the reading thread; the [`Inserter`] writes what it encodes.
pub struct Encoder {
    kind: RecordKind,
    /// The KPI of a quota sheet without a KPI column.
    quota_kpi: &'static str,
    dataset_id: i64,
    extra: String,
    /// Label normalisations, cached per distinct label (stages, types, outcomes).
    stages: HashMap<String, (roles::DealStage, bool)>,
    labels: HashMap<String, String>,
    /// The source column of each table field.
    field_cols: Vec<Option<usize>>,
}

/// Columns of one record (dataset id and source row included).
pub fn record_width(kind: RecordKind) -> usize {
    if kind == RecordKind::Lookup {
        6
    } else {
        fields(kind).len() + 3
    }
}

impl Encoder {
    pub fn new(
        kind: RecordKind,
        dataset_id: i64,
        col_pos: &HashMap<&str, usize>,
        quota_kpi: &'static str,
    ) -> Self {
        Encoder {
            kind,
            quota_kpi,
            dataset_id,
            extra: String::new(),
            stages: HashMap::new(),
            labels: HashMap::new(),
            field_cols: fields(kind)
                .iter()
                .map(|(_, _, role, _)| col_pos.get(role).copied())
                .collect(),
        }
    }

    pub fn new_batch(&self) -> Batch {
        Batch {
            width: record_width(self.kind),
            ..Batch::default()
        }
    }

    fn label(&mut self, text: &str, f: fn(&str) -> String) -> String {
        if let Some(v) = self.labels.get(text) {
            return v.clone();
        }
        let v = f(text);
        if self.labels.len() < 10_000 {
            self.labels.insert(text.to_string(), v.clone());
        }
        v
    }

    /// Appends the record(s) of one row to `batch`, or says why the row is skipped.
    pub fn encode(&mut self, rec: &Record<'_, '_>, batch: &mut Batch) -> WriteOutcome {
        if self.kind == RecordKind::Lookup {
            return self.encode_lookup(rec, batch);
        }
        let records = batch.len();
        let mut out = WriteOutcome::default();
        batch.push(Enc::Int(self.dataset_id));
        batch.push(Enc::Int(rec.row as i64));
        for (i, &(_, fill, role, required)) in fields(self.kind).iter().enumerate() {
            let got = rec.at(self.field_cols[i]);
            let v = got.map(|(_, v)| v).unwrap_or(&Value::Null);
            let enc = match fill {
                Fill::Text | Fill::StageLabel | Fill::ActivityLabel | Fill::OutcomeLabel => {
                    as_text(v).map(Enc::Text)
                }
                Fill::Date => as_when(v).map(|w| Enc::Text(Cow::Owned(iso_date(w.date())))),
                Fill::OrderDate if self.field_cols[i].is_none() => {
                    let part = |role| rec.get(role).and_then(|(_, v)| as_number(v));
                    let day = part("day").unwrap_or(1.0);
                    part("year")
                        .zip(part("month"))
                        .filter(|(y, m)| y.fract() == 0.0 && m.fract() == 0.0 && day.fract() == 0.0)
                        .and_then(|(y, m)| {
                            chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, day as u32)
                        })
                        .map(|d| Enc::Text(Cow::Owned(iso_date(d))))
                }
                Fill::OrderDate => as_when(v).map(|w| Enc::Text(Cow::Owned(iso_date(w.date())))),
                Fill::DateTime => as_when(v).map(|w| Enc::Text(Cow::Owned(w.to_iso()))),
                Fill::Number => as_number(v).map(Enc::Real),
                Fill::Revenue if self.field_cols[i].is_none() => {
                    let number = |role| rec.get(role).and_then(|(_, v)| as_number(v));
                    number("quantity")
                        .zip(number("unit_price"))
                        .map(|(q, p)| Enc::Real(q * p))
                }
                Fill::Revenue => as_number(v).map(Enc::Real),
                // A blank flag cell is "no"; a converted date implies converted.
                Fill::Flag => match v {
                    Value::Bool(b) => Some(Enc::Int(i64::from(*b))),
                    Value::Int(i) => Some(Enc::Int(i64::from(*i != 0))),
                    Value::Null => {
                        let dated = role == "converted"
                            && rec
                                .get("converted_date")
                                .is_some_and(|(_, d)| !matches!(d, Value::Null));
                        if dated {
                            Some(Enc::Int(1))
                        } else if got.is_some() {
                            Some(Enc::Int(0))
                        } else {
                            None
                        }
                    }
                    other => as_text(other)
                        .and_then(|t| parse_flag(&t))
                        .map(|b| Enc::Int(i64::from(b))),
                },
                Fill::Stage => as_text(v).map(|t| {
                    let (stage, known) = match self.stages.get(t.as_ref()) {
                        Some(x) => *x,
                        None => {
                            let x = (roles::normalise_stage(&t), roles::known_stage_label(&t));
                            if self.stages.len() < 10_000 {
                                self.stages.insert(t.to_string(), x);
                            }
                            x
                        }
                    };
                    if !known {
                        out.unknown_stage = Some(t.to_string());
                    }
                    Enc::Text(Cow::Borrowed(stage.as_str()))
                }),
                Fill::ActivityType => as_text(v).map(|t| {
                    Enc::Text(Cow::Owned(
                        self.label(&t, |x| roles::activity_type(x).to_string()),
                    ))
                }),
                Fill::ForecastCategory => as_text(v).and_then(|t| {
                    let c = self.label(&t, |x| {
                        roles::forecast_category(x).unwrap_or_default().to_string()
                    });
                    (!c.is_empty()).then_some(Enc::Text(Cow::Owned(c)))
                }),
                Fill::Probability => as_number(v).map(Enc::Real),
                Fill::Outcome => as_text(v)
                    .map(|t| Enc::Text(Cow::Owned(self.label(&t, roles::activity_outcome)))),
                // A quota sheet has no KPI column: its targets are revenue goals.
                Fill::Kpi if self.field_cols[i].is_none() => {
                    Some(Enc::Text(Cow::Borrowed(self.quota_kpi)))
                }
                Fill::Kpi => match as_text(v) {
                    Some(t) if crate::catalog::is_kpi_id(&t) => {
                        Some(Enc::Text(Cow::Owned(t.trim().to_ascii_lowercase())))
                    }
                    Some(t) => {
                        out.skipped = Some(format!("\"{t}\" is not a KPI id of the catalog"));
                        batch.truncate_to_record(records);
                        return out;
                    }
                    None => None,
                },
                Fill::Period => match normalise_period(v) {
                    Some(p) => Some(Enc::Text(Cow::Owned(p))),
                    None if matches!(v, Value::Null) => None,
                    None => {
                        out.skipped = Some(format!(
                            "\"{}\" is not a period (expected 2024, 2024-03, 2024-Q1, 2024-W09 or 2024-01-15..2024-02-29)",
                            as_text(v).unwrap_or_default()
                        ));
                        batch.truncate_to_record(records);
                        return out;
                    }
                },
                Fill::Mrr => as_number(v).map(|amount| {
                    let factor = rec
                        .get("billing_period")
                        .and_then(|(_, p)| as_text(p))
                        .map(|p| billing_divisor(&p))
                        .unwrap_or(1.0);
                    Enc::Real(amount / factor)
                }),
            };
            match enc {
                Some(e) => batch.push(e),
                None if required => {
                    out.skipped = Some(match got {
                        Some((k, _)) => format!(
                            "no {} (column {} \"{}\" is empty or not valid)",
                            role.replace('_', " "),
                            rec.header.columns[k].letter,
                            rec.header.columns[k].header
                        ),
                        None => format!("no {}", role.replace('_', " ")),
                    });
                    batch.truncate_to_record(records);
                    return out;
                }
                None => batch.push(Enc::Null),
            }
        }
        if rec.extra(&mut self.extra) {
            batch.push_text(&self.extra);
        } else {
            batch.push(Enc::Null);
        }
        out
    }

    fn encode_lookup(&mut self, rec: &Record<'_, '_>, batch: &mut Batch) -> WriteOutcome {
        let mut out = WriteOutcome::default();
        let Some((key_k, key_role)) = rec.roles.iter().enumerate().find_map(|(k, r)| {
            r.as_deref()
                .and_then(|r| r.strip_prefix("key:"))
                .map(|d| (k, d))
        }) else {
            out.skipped = Some("no key column".into());
            return out;
        };
        let Some(key) = as_text(&rec.values[key_k]) else {
            out.skipped = Some(format!(
                "no key ({} is empty)",
                rec.header.columns[key_k].header
            ));
            return out;
        };
        for (k, r) in rec.roles.iter().enumerate() {
            let Some(attr) = r.as_deref().and_then(|r| r.strip_prefix("attr:")) else {
                continue;
            };
            batch.push(Enc::Int(self.dataset_id));
            batch.push(Enc::Int(rec.row as i64));
            batch.push_text(key_role);
            batch.push_text(&key);
            batch.push_text(attr);
            batch.push(as_text(&rec.values[k]).map(Enc::Text).unwrap_or(Enc::Null));
        }
        out
    }
}

/// How many records one multi-row INSERT carries.
const ROWS_PER_INSERT: usize = 32;

/// Writes encoded batches with multi-row INSERT statements.
pub struct Inserter<'t> {
    width: usize,
    one: Statement<'t>,
    many: Statement<'t>,
}

impl<'t> Inserter<'t> {
    pub fn new(tx: &'t Transaction<'_>, kind: RecordKind) -> Result<Self> {
        let (table, cols): (&str, Vec<String>) = if kind == RecordKind::Lookup {
            (
                "lookup_entries",
                [
                    "dataset_id",
                    "source_row",
                    "key_role",
                    "key_value",
                    "attribute",
                    "value",
                ]
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect(),
            )
        } else {
            let mut c = vec!["\"dataset_id\"".to_string(), "\"source_row\"".to_string()];
            c.extend(fields(kind).iter().map(|(f, ..)| format!("\"{f}\"")));
            c.push("\"extra\"".to_string());
            (kind.table(), c)
        };
        let width = cols.len();
        let sql = |rows: usize| {
            let tuples: Vec<String> = (0..rows)
                .map(|r| {
                    let marks: Vec<String> = (0..width)
                        .map(|j| format!("?{}", r * width + j + 1))
                        .collect();
                    format!("({})", marks.join(", "))
                })
                .collect();
            format!(
                "INSERT INTO \"{table}\" ({}) VALUES {}",
                cols.join(", "),
                tuples.join(", ")
            )
        };
        Ok(Inserter {
            width,
            one: tx.prepare(&sql(1))?,
            many: tx.prepare(&sql(ROWS_PER_INSERT))?,
        })
    }

    pub fn insert(&mut self, batch: &Batch) -> Result<()> {
        debug_assert_eq!(batch.width, self.width);
        let chunk = self.width * ROWS_PER_INSERT;
        let mut slots = batch.slots.chunks_exact(chunk);
        for group in slots.by_ref() {
            for (i, slot) in group.iter().enumerate() {
                self.many.raw_bind_parameter(i + 1, batch.value(*slot))?;
            }
            self.many.raw_execute()?;
        }
        for record in slots.remainder().chunks_exact(self.width) {
            for (i, slot) in record.iter().enumerate() {
                self.one.raw_bind_parameter(i + 1, batch.value(*slot))?;
            }
            self.one.raw_execute()?;
        }
        Ok(())
    }
}

/// Months per billing period: annual / 12, quarterly / 3, monthly / 1.
fn billing_divisor(p: &str) -> f64 {
    match roles::normalise_header(p).as_str() {
        "annual" | "annually" | "yearly" | "year" | "y" | "12" | "12months" => 12.0,
        "quarterly" | "quarter" | "q" | "3" | "3months" => 3.0,
        "semiannual" | "halfyearly" | "6months" | "6" => 6.0,
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        normalise_period(&Value::Text(s.into()))
    }

    #[test]
    fn periods() {
        assert_eq!(p("2024").as_deref(), Some("2024"));
        assert_eq!(p("2024-q1").as_deref(), Some("2024-Q1"));
        assert_eq!(p("2024-03").as_deref(), Some("2024-03"));
        assert_eq!(p("2024-W09").as_deref(), Some("2024-W09"));
        assert_eq!(p("FY2024-Q1").as_deref(), Some("FY2024-Q1"));
        assert_eq!(
            p("2024-01-15..2024-02-29").as_deref(),
            Some("2024-01-15..2024-02-29")
        );
        assert_eq!(p("2024-13"), None);
        assert_eq!(p("2024-Q5"), None);
        assert_eq!(p("2024-02-29..2024-01-15"), None);
        assert_eq!(normalise_period(&Value::Int(2025)).as_deref(), Some("2025"));
        // Months as finance sheets write them.
        assert_eq!(p("Jan 2024").as_deref(), Some("2024-01"));
        assert_eq!(p("September 2024").as_deref(), Some("2024-09"));
        assert_eq!(p("abr 2022").as_deref(), Some("2022-04"));
        assert_eq!(p("01/2024").as_deref(), Some("2024-01"));
        assert_eq!(p("12.2023").as_deref(), Some("2023-12"));
        assert_eq!(p("13/2024"), None);
        assert_eq!(p("Foo 2024"), None);
    }

    #[test]
    fn billing_periods() {
        assert_eq!(billing_divisor("Annual"), 12.0);
        assert_eq!(billing_divisor("Quarterly"), 3.0);
        assert_eq!(billing_divisor("Monthly"), 1.0);
    }
}
