//! Column types, decided from all of a column's values, never cell by cell.
//!
//! The analysis pass feeds every cell to a [`ColumnStats`] (constant memory per
//! column); [`ColumnStats::decide`] then picks the type, the decimal
//! convention, the currency and the date formats; [`Decision::convert`] turns
//! each cell into a typed value in the write pass.

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::Timelike;

use super::source::{format_float, Cell};
use super::value::{
    date_formats, from_excel_serial, has_leading_zero, parse_bool, parse_date_with, parse_number,
    separator_evidence, DateOrder, DecimalSep, NumKind, SepEvidence, When,
};
use crate::model::ColumnType;

/// Texts that mean "no value" in a typed column.
pub fn is_null_marker(s: &str) -> bool {
    const MARKERS: [&str; 12] = [
        "n/a", "#n/a", "null", "none", "-", "--", "—", "nan", "#value!", "#div/0!", "#ref!",
        "(blank)",
    ];
    s.len() <= 7 && MARKERS.iter().any(|m| m.eq_ignore_ascii_case(s))
}

/// How many distinct values a column remembers (for roles, stages, keys).
pub const DISTINCT_CAP: usize = 2_000;

#[derive(Debug, Clone, Default)]
pub struct ColumnStats {
    pub filled: u64,
    pub null_markers: u64,
    pub errors: u64,
    bools: u64,
    num_cells: u64,
    int_cells: u64,
    serial_like: u64,
    text_num: [u64; 2],
    text_int: [u64; 2],
    money: u64,
    percent: u64,
    currency: Option<&'static str>,
    dot_evidence: u64,
    comma_evidence: u64,
    leading_zero: u64,
    when_cells: u64,
    non_midnight: u64,
    date_text_seen: u64,
    date_ok: Vec<u64>,
    date_fail: Vec<u64>,
    date_time_nonmidnight: u64,
    /// Distinct trimmed texts, up to [`DISTINCT_CAP`]; `distinct_overflow` once more.
    pub distinct: HashSet<String>,
    pub distinct_overflow: bool,
    /// Any text value seen (for the sample of values shown to the user).
    pub texts: u64,
}

const fn dec_index(d: DecimalSep) -> usize {
    match d {
        DecimalSep::Dot => 0,
        DecimalSep::Comma => 1,
    }
}

impl ColumnStats {
    pub fn new() -> Self {
        let n = date_formats().len();
        ColumnStats {
            date_ok: vec![0; n],
            date_fail: vec![0; n],
            ..Default::default()
        }
    }

    pub fn dot_evidence(&self) -> u64 {
        self.dot_evidence
    }

    pub fn comma_evidence(&self) -> u64 {
        self.comma_evidence
    }

    fn remember(&mut self, s: &str) {
        if self.distinct_overflow || self.distinct.contains(s) {
            return;
        }
        if self.distinct.len() >= DISTINCT_CAP {
            self.distinct_overflow = true;
        } else {
            self.distinct.insert(s.to_string());
        }
    }

    pub fn add(&mut self, cell: &Cell<'_>) {
        match *cell {
            Cell::Empty => {}
            Cell::Error(_) => {
                self.filled += 1;
                self.errors += 1;
            }
            Cell::Bool(_) => {
                self.filled += 1;
                self.bools += 1;
            }
            Cell::Int(i) => {
                self.filled += 1;
                self.num_cells += 1;
                self.int_cells += 1;
                if (18_264..=73_050).contains(&i) {
                    self.serial_like += 1;
                }
                self.remember(&i.to_string());
            }
            Cell::Float(f) => {
                self.filled += 1;
                self.num_cells += 1;
                if f.fract() == 0.0 {
                    self.int_cells += 1;
                }
                if (18_264.0..73_051.0).contains(&f) {
                    self.serial_like += 1;
                }
                self.remember(&format_float(f));
            }
            Cell::When(w) => {
                self.filled += 1;
                self.when_cells += 1;
                if let When::DateTime(dt) = w {
                    if dt.time().num_seconds_from_midnight() != 0 {
                        self.non_midnight += 1;
                    }
                }
            }
            Cell::Text(s) => {
                self.filled += 1;
                self.texts += 1;
                self.remember(s);
                if is_null_marker(s) {
                    self.null_markers += 1;
                    return;
                }
                if parse_bool(s).is_some() {
                    self.bools += 1;
                }
                if has_leading_zero(s) {
                    self.leading_zero += 1;
                }
                let has_digit = s.bytes().any(|b| b.is_ascii_digit());
                if !has_digit && !s.contains(['$', '€']) {
                    return; // no number and no date can be written without digits
                }
                // Both conventions read a text without separators alike.
                let ambiguous = s.contains([',', '.']);
                let dot = parse_number(s, DecimalSep::Dot);
                let comma = if ambiguous {
                    parse_number(s, DecimalSep::Comma)
                } else {
                    dot
                };
                for (i, n) in [dot, comma].into_iter().enumerate() {
                    if let Some(n) = n {
                        self.text_num[i] += 1;
                        if n.integer {
                            self.text_int[i] += 1;
                        }
                    }
                }
                if let Some(n) = dot.or(comma) {
                    match n.kind {
                        NumKind::Money => {
                            self.money += 1;
                            self.currency.get_or_insert(n.currency.unwrap_or("$"));
                        }
                        NumKind::Percent => self.percent += 1,
                        NumKind::Plain => {}
                    }
                }
                match separator_evidence(s) {
                    SepEvidence::DotDecimal => self.dot_evidence += 1,
                    SepEvidence::CommaDecimal => self.comma_evidence += 1,
                    SepEvidence::Neither => {}
                }
                self.add_date_text(s);
            }
        }
    }

    fn add_date_text(&mut self, s: &str) {
        // Only the formats that fit the value's shape are tried; a format stays
        // a candidate while it fails on few of the values it could apply to.
        let Some(shape) = super::value::value_shape(s) else {
            return;
        };
        self.date_text_seen += 1;
        let seen = self.date_text_seen;
        let formats = date_formats();
        let mut matched_time = false;
        for &i in super::value::formats_for(shape) {
            if self.date_fail[i] > 3 && self.date_fail[i] * 20 > seen {
                continue;
            }
            match parse_date_with(s, &formats[i]) {
                Some(w) => {
                    self.date_ok[i] += 1;
                    if let When::DateTime(dt) = w {
                        if dt.time().num_seconds_from_midnight() != 0 {
                            matched_time = true;
                        }
                    }
                }
                None => self.date_fail[i] += 1,
            }
        }
        if matched_time {
            self.date_time_nonmidnight += 1;
        }
    }

    /// Decides the column's type. `header` helps only to read bare numbers as
    /// Excel serial dates; `european` breaks a day/month tie toward day-first.
    pub fn decide(&self, header: &str, european: bool) -> Decision {
        let n = self.filled - self.null_markers;
        let mut d = Decision {
            column_type: ColumnType::Text,
            dec: DecimalSep::Dot,
            currency: None,
            date_formats: Vec::new(),
            serial_dates: false,
        };
        if self.filled == 0 {
            d.column_type = ColumnType::Empty;
            return d;
        }
        if n == 0 {
            return d;
        }
        d.dec = if self.comma_evidence > self.dot_evidence {
            DecimalSep::Comma
        } else {
            DecimalSep::Dot
        };
        let di = dec_index(d.dec);
        let num_fit = self.num_cells + self.text_num[di];

        // Dates: pick formats by success, one day/month order per separator.
        let formats = date_formats();
        let mut order: Vec<usize> = (0..formats.len())
            .filter(|&i| self.date_ok[i] > 0)
            .collect();
        order.sort_by(|&a, &b| {
            self.date_ok[b]
                .cmp(&self.date_ok[a])
                .then_with(|| {
                    let pref = |i: usize| match formats[i].order {
                        DateOrder::Dmy if european => 0,
                        DateOrder::Mdy if !european => 0,
                        _ => 1,
                    };
                    pref(a).cmp(&pref(b))
                })
                .then(a.cmp(&b))
        });
        let mut chosen: Vec<usize> = Vec::new();
        let mut covered = 0u64;
        for i in order {
            let f = &formats[i];
            let conflicts = chosen.iter().any(|&c| {
                let g = &formats[c];
                matches!(
                    (g.order, f.order),
                    (DateOrder::Mdy, DateOrder::Dmy) | (DateOrder::Dmy, DateOrder::Mdy)
                ) && g.pattern.as_bytes()[2] == f.pattern.as_bytes()[2]
            });
            if !conflicts && chosen.len() < 6 {
                chosen.push(i);
                covered += self.date_ok[i];
            }
        }
        let header_says_date = {
            let h = header.to_lowercase();
            h.contains("date") || h.contains("datum") || h.contains("fecha") || h.contains("data")
        };
        let serial = header_says_date && self.num_cells > 0 && self.serial_like == self.num_cells;
        let date_fit =
            self.when_cells + covered.min(self.texts) + if serial { self.num_cells } else { 0 };

        let bool_fit = self.bools;
        let threshold = |fit: u64| fit * 10 >= n * 9;

        if self.leading_zero > 0 && num_fit > 0 {
            return d; // ids and postal codes with leading zeros stay text
        }
        if bool_fit >= date_fit && bool_fit >= num_fit && threshold(bool_fit) {
            d.column_type = ColumnType::Boolean;
        } else if date_fit >= num_fit && threshold(date_fit) {
            d.date_formats = chosen;
            d.serial_dates = serial;
            d.column_type = if self.non_midnight + self.date_time_nonmidnight > 0 {
                ColumnType::Datetime
            } else {
                ColumnType::Date
            };
        } else if threshold(num_fit) {
            let text_nums = self.text_num[di];
            d.column_type = if self.percent * 2 > text_nums && self.percent > 0 {
                ColumnType::Percent
            } else if self.money > 0 {
                d.currency = self.currency;
                ColumnType::Money
            } else if self.int_cells + self.text_int[di] == num_fit {
                ColumnType::Integer
            } else {
                ColumnType::Decimal
            };
        }
        d
    }
}

/// Excel shows an empty date cell that a formula filled as 1900-01-01 (serial 0
/// or 1); such a date is a placeholder, not a day anything happened.
pub fn is_zero_date(w: When) -> bool {
    w.date() <= chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default()
}

fn not_a_zero_date<'a>(w: When, raw: impl FnOnce() -> Cow<'a, str>) -> Value<'a> {
    if is_zero_date(w) {
        Value::Mismatch(raw())
    } else {
        Value::When(w)
    }
}

/// The decision for one column, and how to convert its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub column_type: ColumnType,
    pub dec: DecimalSep,
    pub currency: Option<&'static str>,
    pub date_formats: Vec<usize>,
    pub serial_dates: bool,
}

/// A converted cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Bool(bool),
    When(When),
    Text(Cow<'a, str>),
    /// A cell that does not fit the column's type, kept as its text.
    Mismatch(Cow<'a, str>),
}

impl Decision {
    pub fn convert<'a>(&self, cell: &Cell<'a>) -> Value<'a> {
        use ColumnType as T;
        match (self.column_type, *cell) {
            (_, Cell::Empty) => Value::Null,
            (T::Text | T::Empty, c) => Value::Text(c.as_cow()),
            (_, Cell::Text(s)) if is_null_marker(s) => Value::Null,
            (_, Cell::Error(e)) => Value::Mismatch(Cow::Borrowed(e)),
            (T::Boolean, Cell::Bool(b)) => Value::Bool(b),
            (T::Boolean, Cell::Text(s)) => parse_bool(s)
                .map(Value::Bool)
                .unwrap_or(Value::Mismatch(Cow::Borrowed(s))),
            (T::Date | T::Datetime, Cell::When(w)) => not_a_zero_date(w, || Cow::Owned(w.to_iso())),
            (T::Date | T::Datetime, Cell::Text(s)) => {
                let formats = date_formats();
                for &i in &self.date_formats {
                    if let Some(w) = parse_date_with(s, &formats[i]) {
                        return not_a_zero_date(w, || Cow::Borrowed(s));
                    }
                }
                Value::Mismatch(Cow::Borrowed(s))
            }
            (T::Date | T::Datetime, Cell::Int(i)) if self.serial_dates => {
                from_excel_serial(i as f64, false)
                    .map(Value::When)
                    .unwrap_or_else(|| Value::Mismatch(Cow::Owned(i.to_string())))
            }
            (T::Date | T::Datetime, Cell::Float(f)) if self.serial_dates => {
                from_excel_serial(f, false)
                    .map(Value::When)
                    .unwrap_or_else(|| Value::Mismatch(Cow::Owned(format_float(f))))
            }
            (T::Integer, Cell::Int(i)) => Value::Int(i),
            (T::Integer, Cell::Float(f)) if f.fract() == 0.0 && f.abs() < 9e15 => {
                Value::Int(f as i64)
            }
            (T::Decimal | T::Money | T::Percent, Cell::Int(i)) => Value::Real(i as f64),
            (T::Integer | T::Decimal | T::Money | T::Percent, Cell::Float(f)) => Value::Real(f),
            (T::Integer | T::Decimal | T::Money | T::Percent, Cell::Text(s)) => {
                match parse_number(s, self.dec) {
                    Some(n) if self.column_type == T::Integer && n.integer => {
                        Value::Int(n.value as i64)
                    }
                    Some(n) if self.column_type != T::Integer => Value::Real(n.value),
                    _ => Value::Mismatch(Cow::Borrowed(s)),
                }
            }
            (_, c) => Value::Mismatch(c.as_cow()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(values: &[&str]) -> Decision {
        decide_h("Value", values, false)
    }

    fn decide_h(header: &str, values: &[&str], european: bool) -> Decision {
        let mut s = ColumnStats::new();
        for v in values {
            s.add(&if v.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(v)
            });
        }
        s.decide(header, european)
    }

    fn iso(d: &Decision, v: &str) -> String {
        match d.convert(&Cell::Text(v)) {
            Value::When(w) => w.to_iso(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn integers_decimals_money_percent() {
        assert_eq!(decide(&["1", "2", "30"]).column_type, ColumnType::Integer);
        assert_eq!(decide(&["1", "2.5", "30"]).column_type, ColumnType::Decimal);
        let m = decide(&["$1,200.00", "$95.70", "(12.00)"]);
        assert_eq!((m.column_type, m.currency), (ColumnType::Money, Some("$")));
        assert_eq!(m.convert(&Cell::Text("(12.00)")), Value::Real(-12.0));
        assert_eq!(
            decide(&["0%", "50%", "12.5%"]).column_type,
            ColumnType::Percent
        );
    }

    #[test]
    fn european_money_is_read_with_decimal_commas() {
        let m = decide(&["108 €", "-196 €", "1\u{202f}234,50 €", "9,99 €"]);
        assert_eq!(m.column_type, ColumnType::Money);
        assert_eq!(m.dec, DecimalSep::Comma);
        assert_eq!(
            m.convert(&Cell::Text("1\u{202f}234,50 €")),
            Value::Real(1234.5)
        );
    }

    #[test]
    fn leading_zeros_keep_the_column_text() {
        let d = decide(&["05408", "10024", "94110"]);
        assert_eq!(d.column_type, ColumnType::Text);
        assert_eq!(d.convert(&Cell::Text("05408")), Value::Text("05408".into()));
    }

    #[test]
    fn day_and_month_order_is_decided_per_column() {
        let us = decide(&["2/24/2003 0:00", "05/07/2003 00:00", "12/1/2004 0:00"]);
        assert_eq!(us.column_type, ColumnType::Date);
        assert_eq!(iso(&us, "05/07/2003 00:00"), "2003-05-07 00:00:00");
        let eu = decide(&["24/02/2003", "05/07/2003", "13/12/2004"]);
        assert_eq!(iso(&eu, "05/07/2003"), "2003-07-05");
        // All days <= 12: ambiguous; the file's convention breaks the tie.
        let amb = decide_h("Date", &["01/02/2024", "03/04/2024"], true);
        assert_eq!(iso(&amb, "01/02/2024"), "2024-02-01");
        let amb = decide_h("Date", &["01/02/2024", "03/04/2024"], false);
        assert_eq!(iso(&amb, "01/02/2024"), "2024-01-02");
    }

    #[test]
    fn datetimes_keep_their_time() {
        let d = decide(&["2024-03-01 09:15:00", "2024-03-02 17:40:00"]);
        assert_eq!(d.column_type, ColumnType::Datetime);
        assert_eq!(iso(&d, "2024-03-01 09:15:00"), "2024-03-01 09:15:00");
    }

    #[test]
    fn text_dates_with_weekday_names() {
        let d = decide(&[
            "Wednesday, 10 April 2019",
            "Monday, 1 January 1900",
            "Friday, 3 May 2019",
        ]);
        assert_eq!(d.column_type, ColumnType::Date);
        assert_eq!(iso(&d, "Friday, 3 May 2019"), "2019-05-03");
    }

    #[test]
    fn a_stray_value_is_a_mismatch_not_a_new_type() {
        let mut vals = vec!["10"; 30];
        vals.push("ten");
        let d = decide(&vals);
        assert_eq!(d.column_type, ColumnType::Integer);
        assert_eq!(d.convert(&Cell::Text("ten")), Value::Mismatch("ten".into()));
        assert_eq!(
            decide(&["10", "ten", "eleven"]).column_type,
            ColumnType::Text
        );
    }

    #[test]
    fn null_markers_do_not_count_against_a_type() {
        let d = decide(&["1.5", "N/A", "2.5", "-"]);
        assert_eq!(d.column_type, ColumnType::Decimal);
        assert_eq!(d.convert(&Cell::Text("N/A")), Value::Null);
    }

    #[test]
    fn booleans_and_serial_dates() {
        assert_eq!(
            decide(&["Yes", "No", "yes"]).column_type,
            ColumnType::Boolean
        );
        let mut s = ColumnStats::new();
        s.add(&Cell::Int(45352));
        s.add(&Cell::Float(45353.0));
        let d = s.decide("Order Date", false);
        assert_eq!(d.column_type, ColumnType::Date);
        assert_eq!(
            d.convert(&Cell::Int(45352)),
            Value::When(When::Date(
                chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()
            ))
        );
        // The same numbers under a header that is not a date stay numbers.
        assert_eq!(s.decide("Amount", false).column_type, ColumnType::Integer);
    }
}
