//! Dates and date-times: the formats a column may use, their shapes, month
//! names in the languages the vocabulary reads, Excel serials and ISO text.

use super::trim;
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use std::sync::OnceLock;

/// A parsed date or date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl When {
    pub fn date(self) -> NaiveDate {
        match self {
            When::Date(d) => d,
            When::DateTime(dt) => dt.date(),
        }
    }

    /// ISO text: `2024-03-01` or `2024-03-01 14:30:00`.
    pub fn to_iso(self) -> String {
        match self {
            When::Date(d) => iso_date(d),
            When::DateTime(dt) => {
                let t = dt.time();
                format!(
                    "{} {:02}:{:02}:{:02}",
                    iso_date(dt.date()),
                    t.hour(),
                    t.minute(),
                    t.second()
                )
            }
        }
    }
}

/// `YYYY-MM-DD` (written directly: chrono's strftime is slow on hot paths).
pub fn iso_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// The order of day, month and year in a numeric date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOrder {
    Ymd,
    Mdy,
    Dmy,
    /// Month names (`Wednesday, 10 April 2019`).
    Named,
}

#[derive(Debug)]
pub struct DateFormat {
    pub index: usize,
    pub pattern: String,
    pub order: DateOrder,
    pub has_time: bool,
}

const TIMES: &[&str] = &[
    " %H:%M",
    " %H:%M:%S",
    " %H:%M:%S%.f",
    "T%H:%M",
    "T%H:%M:%S",
    "T%H:%M:%S%.f",
    " %I:%M %p",
    " %I:%M:%S %p",
    " %I:%M%p",
];

const NAMED: &[&str] = &[
    "%d %b, %Y",
    "%d. %b %Y",
    "%A, %d %B %Y",
    "%A, %B %d, %Y",
    "%a, %d %b %Y",
    "%A %d %B %Y",
    "%d %B %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%b-%d-%Y",
    "%d. %B %Y",
];

/// Every date format the importer knows, each date pattern with and without the
/// time spellings.
pub fn date_formats() -> &'static [DateFormat] {
    static FORMATS: OnceLock<Vec<DateFormat>> = OnceLock::new();
    FORMATS.get_or_init(|| {
        let mut dates: Vec<(String, DateOrder)> = Vec::new();
        for sep in ['-', '/', '.'] {
            dates.push((format!("%Y{sep}%m{sep}%d"), DateOrder::Ymd));
            dates.push((format!("%m{sep}%d{sep}%Y"), DateOrder::Mdy));
            dates.push((format!("%d{sep}%m{sep}%Y"), DateOrder::Dmy));
            dates.push((format!("%m{sep}%d{sep}%y"), DateOrder::Mdy));
            dates.push((format!("%d{sep}%m{sep}%y"), DateOrder::Dmy));
        }
        for n in NAMED {
            dates.push((n.to_string(), DateOrder::Named));
        }
        let mut out = Vec::new();
        for (pattern, order) in dates {
            out.push(DateFormat {
                index: out.len(),
                pattern: pattern.clone(),
                order,
                has_time: false,
            });
            for t in TIMES {
                out.push(DateFormat {
                    index: out.len(),
                    pattern: format!("{pattern}{t}"),
                    order,
                    has_time: true,
                });
            }
        }
        out
    })
}

/// The shape of a date text: which formats could possibly read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shape {
    has_time: bool,
    form: Form,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Form {
    Named,
    Ymd(u8),
    /// Day and month first, in either order: separator, four-digit year.
    DayMonth(u8, bool),
}

fn format_shape(f: &DateFormat) -> Shape {
    let sep = f.pattern.as_bytes()[2];
    let form = match f.order {
        DateOrder::Named => Form::Named,
        DateOrder::Ymd => Form::Ymd(sep),
        DateOrder::Mdy | DateOrder::Dmy => Form::DayMonth(sep, f.pattern.contains("%Y")),
    };
    Shape {
        has_time: f.has_time,
        form,
    }
}

const ENGLISH_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date in another language's words, rewritten so the date formats read it:
/// month names in English (`01 abr 2022` -> `01 Apr 2022`, `3 janv. 2024` ->
/// `3 Jan 2024`, `10. März 2019` -> `10. Mar 2019`), and a Chinese or
/// Japanese date as ISO (`2024年1月15日` -> `2024-01-15`). None when the text
/// holds no such word.
pub fn english_date(text: &str) -> Option<String> {
    // A date written with words has two runs of digits at least (day and
    // year); most text cells (names, stages, ids such as `D000123`) have fewer.
    let digit_runs = text
        .as_bytes()
        .split(|b| !b.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .count();
    if digit_runs < 2 || text.len() > 40 {
        return None;
    }
    if text.contains('年') && text.contains('月') {
        let nums: Vec<u32> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        let rest = text.split_once('日').map_or("", |(_, r)| r.trim());
        return match nums.as_slice() {
            [y, m, d, ..] if text.contains('日') => Some(
                format!("{y:04}-{m:02}-{d:02} {rest}")
                    .trim_end()
                    .to_string(),
            ),
            [y, m] => Some(format!("{y:04}-{m:02}-01")),
            _ => None,
        };
    }
    if !text.chars().any(char::is_alphabetic) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_alphabetic() {
            out.push(c);
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if !d.is_alphabetic() {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        let word = &text[i..end];
        let letters = word.chars().count();
        let month = (2..=10)
            .contains(&letters)
            .then(|| {
                super::super::vocabulary::word(
                    "month",
                    &super::super::normalise::normalise_header(word),
                )
            })
            .flatten()
            .and_then(|m| m.parse::<usize>().ok())
            .filter(|m| (1..=12).contains(m));
        match month {
            Some(m) if word != ENGLISH_MONTHS[m - 1] => {
                out.push_str(ENGLISH_MONTHS[m - 1]);
                changed = true;
                // `janv.`: the abbreviation's dot goes too.
                if chars.peek().is_some_and(|&(_, d)| d == '.') {
                    chars.next();
                }
            }
            _ => out.push_str(word),
        }
    }
    changed.then_some(out)
}

/// The shape of a value, or None when no date format could read it.
pub fn value_shape(text: &str) -> Option<Shape> {
    if text.len() < 6 || text.len() > 60 {
        return None;
    }
    // Only a text with letters can hold a month's name.
    if text.bytes().any(|b| b.is_ascii_alphabetic() || b >= 0x80) {
        if let Some(english) = english_date(text) {
            return value_shape_plain(&english);
        }
    }
    value_shape_plain(text)
}

fn value_shape_plain(text: &str) -> Option<Shape> {
    let s = text.as_bytes();
    if s.len() < 6 || s.len() > 40 {
        return None;
    }
    let has_time = s.contains(&b':');
    let body = text
        .strip_suffix("AM")
        .or_else(|| text.strip_suffix("PM"))
        .or_else(|| text.strip_suffix("am"))
        .or_else(|| text.strip_suffix("pm"))
        .unwrap_or(text)
        .as_bytes();
    let named = body
        .iter()
        .enumerate()
        .any(|(i, b)| b.is_ascii_alphabetic() && !(*b == b'T' && i == 10));
    let form = if named {
        Form::Named
    } else if s.len() >= 8
        && s[..4].iter().all(u8::is_ascii_digit)
        && matches!(s[4], b'-' | b'/' | b'.')
    {
        Form::Ymd(s[4])
    } else {
        let i = s.iter().position(|b| !b.is_ascii_digit())?;
        if !(1..=2).contains(&i) || !matches!(s[i], b'-' | b'/' | b'.') {
            return None;
        }
        let sep = s[i];
        let date_part = text.split([' ', 'T']).next().unwrap_or(text);
        let year_len = date_part.rsplit(sep as char).next().map_or(0, str::len);
        match year_len {
            4 => Form::DayMonth(sep, true),
            2 => Form::DayMonth(sep, false),
            _ => return None,
        }
    };
    Some(Shape { has_time, form })
}

/// The formats that could read a value of this shape.
pub fn formats_for(shape: Shape) -> &'static [usize] {
    static BUCKETS: OnceLock<Vec<(Shape, Vec<usize>)>> = OnceLock::new();
    let buckets = BUCKETS.get_or_init(|| {
        let mut out: Vec<(Shape, Vec<usize>)> = Vec::new();
        for f in date_formats() {
            let sh = format_shape(f);
            match out.iter_mut().find(|(k, _)| *k == sh) {
                Some((_, v)) => v.push(f.index),
                None => out.push((sh, vec![f.index])),
            }
        }
        out
    });
    buckets
        .iter()
        .find(|(k, _)| *k == shape)
        .map(|(_, v)| v.as_slice())
        .unwrap_or(&[])
}

/// Quick shape test so each value is tried only against formats that could fit.
pub fn could_match(text: &str, f: &DateFormat) -> bool {
    value_shape(text).is_some_and(|sh| sh == format_shape(f))
}

/// Fast path for the commonest spelling, `YYYY-MM-DD`.
fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut v = 0u32;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// Parses `text` with one format.
pub fn parse_date_with(text: &str, f: &DateFormat) -> Option<When> {
    let s = trim(text);
    if f.order == DateOrder::Named || s.contains('年') {
        if let Some(english) = english_date(s) {
            return parse_date_plain(&english, f);
        }
    }
    parse_date_plain(s, f)
}

fn parse_date_plain(s: &str, f: &DateFormat) -> Option<When> {
    if f.index == 0 {
        if let Some(d) = parse_iso_date(s) {
            return Some(When::Date(d));
        }
    }
    if !could_match(s, f) {
        return None;
    }
    if f.has_time {
        NaiveDateTime::parse_from_str(s, &f.pattern)
            .ok()
            .map(When::DateTime)
    } else {
        NaiveDate::parse_from_str(s, &f.pattern)
            .ok()
            .map(When::Date)
    }
    .filter(|w| (1900..=9999).contains(&chrono::Datelike::year(&w.date())))
}

/// ISO 8601 as ODS writes dates (`2016-11-08`, `2016-11-08T00:00:00`), also with
/// an offset (`2024-03-01T10:00:00Z`), which is converted to UTC.
pub fn parse_iso(text: &str) -> Option<When> {
    let s = trim(text);
    if let Some(d) = parse_iso_date(s) {
        return Some(When::Date(d));
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(When::DateTime(dt.naive_utc()));
    }
    for p in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, p) {
            return Some(When::DateTime(dt));
        }
    }
    None
}

/// An Excel serial date (1900 system unless `is_1904`), as a CSV or an
/// unformatted cell carries it.
pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<When> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let dt = calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, is_1904)
        .as_datetime()?;
    Some(if serial.fract() == 0.0 {
        When::Date(dt.date())
    } else {
        When::DateTime(dt)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str, pattern: &str) -> Option<String> {
        let f = date_formats()
            .iter()
            .find(|f| f.pattern == pattern)
            .unwrap();
        parse_date_with(s, f).map(|w| w.to_iso())
    }

    #[test]
    fn dates_in_each_order() {
        assert_eq!(
            date("2024-03-01", "%Y-%m-%d").as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(
            date("2/24/2003 0:00", "%m/%d/%Y %H:%M").as_deref(),
            Some("2003-02-24 00:00:00")
        );
        assert_eq!(
            date("05/07/2003 00:00", "%m/%d/%Y %H:%M").as_deref(),
            Some("2003-05-07 00:00:00")
        );
        assert_eq!(date("2/24/2003 0:00", "%d/%m/%Y %H:%M"), None);
        assert_eq!(
            date("24/02/2003", "%d/%m/%Y").as_deref(),
            Some("2003-02-24")
        );
        assert_eq!(date("11/8/2016", "%m/%d/%Y").as_deref(), Some("2016-11-08"));
        assert_eq!(date("1/4/20", "%m/%d/%y").as_deref(), Some("2020-01-04"));
        assert_eq!(
            date("24.12.2023", "%d.%m.%Y").as_deref(),
            Some("2023-12-24")
        );
        assert_eq!(
            date("Wednesday, 10 April 2019", "%A, %d %B %Y").as_deref(),
            Some("2019-04-10")
        );
        assert_eq!(
            date("Monday, 1 January 1900", "%A, %d %B %Y").as_deref(),
            Some("1900-01-01")
        );
        assert_eq!(
            date("Mar 5, 2024", "%b %d, %Y").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            date("05-Mar-2024", "%d-%b-%Y").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            date("2024-03-01T14:30:00", "%Y-%m-%dT%H:%M:%S").as_deref(),
            Some("2024-03-01 14:30:00")
        );
        assert_eq!(
            date("3/1/2024 2:30 PM", "%m/%d/%Y %I:%M %p").as_deref(),
            Some("2024-03-01 14:30:00")
        );
        assert_eq!(date("2024-02-30", "%Y-%m-%d"), None);
    }

    #[test]
    fn every_date_shape_has_a_format_that_reads_it() {
        for v in [
            "2024-03-01",
            "3/1/2024 2:30 PM",
            "24.12.2023",
            "1/4/20",
            "Mar 5, 2024",
            "2024-03-01T14:30:00",
            "05-Mar-2024",
            "Wednesday, 10 April 2019",
            "2/24/2003 0:00",
        ] {
            let sh = value_shape(v).unwrap();
            assert!(
                formats_for(sh)
                    .iter()
                    .any(|&i| parse_date_with(v, &date_formats()[i]).is_some()),
                "{v}"
            );
        }
    }

    #[test]
    fn excel_serials_in_both_systems() {
        assert_eq!(
            from_excel_serial(45352.0, false)
                .map(|w| w.to_iso())
                .as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(
            from_excel_serial(43890.0, true)
                .map(|w| w.to_iso())
                .as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(
            from_excel_serial(45352.5, false)
                .map(|w| w.to_iso())
                .as_deref(),
            Some("2024-03-01 12:00:00")
        );
        assert_eq!(from_excel_serial(-3.0, false), None);
    }

    #[test]
    fn iso_from_ods() {
        assert_eq!(
            parse_iso("2016-11-08").map(|w| w.to_iso()).as_deref(),
            Some("2016-11-08")
        );
        assert_eq!(
            parse_iso("2016-11-08T00:00:00")
                .map(|w| w.to_iso())
                .as_deref(),
            Some("2016-11-08 00:00:00")
        );
        assert_eq!(
            parse_iso("2024-03-01T10:00:00+02:00")
                .map(|w| w.to_iso())
                .as_deref(),
            Some("2024-03-01 08:00:00")
        );
    }
}
