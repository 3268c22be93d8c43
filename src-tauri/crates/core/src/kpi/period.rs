//! Periods (catalog section 2): month `2024-03`, quarter `2024-Q1`, year `2024`,
//! ISO week `2024-W09`, or a range `2024-01-15..2024-02-29`. Quarters and years
//! follow the fiscal-year start month; when it is not January they are written
//! `FY2024-Q1` and `FY2024`, a fiscal year being named after the calendar year it
//! ends in (with an April start, FY2024 runs from 2023-04-01 to 2024-03-31).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Result};

/// How a period was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "PeriodKind.ts")]
pub enum PeriodKind {
    /// An ISO week (`2024-W09`).
    Week,
    /// A month (`2024-03`).
    Month,
    /// A quarter, fiscal when the fiscal year does not start in January.
    Quarter,
    /// A year, fiscal likewise.
    Year,
    /// Any days (`2024-01-15..2024-02-29`).
    Range,
}

/// A period with its first and last day (both included).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    /// How it was written.
    pub kind: PeriodKind,
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// The fiscal-year start month (1 = January) the period was read with.
    pub fiscal_start: u32,
}

fn bad(text: &str) -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        format!(
            "\"{text}\" is not a period; write a month (2024-03), a quarter (2024-Q1), a year (2024), \
             an ISO week (2024-W09) or a range (2024-01-15..2024-02-29)"
        ),
    )
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn last_of_month(first: NaiveDate) -> NaiveDate {
    first + Months::new(1) - Days::new(1)
}

fn digits(t: &str, n: usize) -> Option<i32> {
    (t.len() == n && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

impl Period {
    /// Reads a period as the catalog writes it. `fiscal_start` is the month the
    /// fiscal year starts in (1 to 12); quarters and years follow it.
    pub fn parse(text: &str, fiscal_start: u32) -> Result<Period> {
        let fiscal_start = fiscal_start.clamp(1, 12);
        let s: String = text.trim().to_uppercase().replace(' ', "");
        if let Some((a, b)) = s.split_once("..") {
            // Years 1 to 9999 only, so that shifting a period never leaves chrono's range.
            let d = |t: &str| {
                NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .ok()
                    .filter(|d| (1..=9999).contains(&d.year()) && t.len() == 10)
            };
            return match (d(a), d(b)) {
                (Some(start), Some(end)) if start <= end => Ok(Period {
                    kind: PeriodKind::Range,
                    start,
                    end,
                    fiscal_start,
                }),
                (Some(_), Some(_)) => Err(Error::new(
                    ErrorCode::InvalidArgument,
                    format!("the range \"{text}\" ends before it starts"),
                )),
                _ => Err(bad(text)),
            };
        }
        let fy = s.strip_prefix("FY");
        let body = fy.unwrap_or(&s);
        let (year, rest) = match body.split_once('-') {
            Some((y, r)) => (
                digits(y, 4).filter(|y| *y >= 1).ok_or_else(|| bad(text))?,
                Some(r),
            ),
            None => (
                digits(body, 4)
                    .filter(|y| *y >= 1)
                    .ok_or_else(|| bad(text))?,
                None,
            ),
        };
        let p = match rest {
            None => Period::fiscal_year(year, fiscal_start),
            Some(r) if r.starts_with('Q') => {
                let q = digits(&r[1..], 1)
                    .filter(|q| (1..=4).contains(q))
                    .ok_or_else(|| bad(text))?;
                Period::fiscal_quarter(year, q as u32, fiscal_start)
            }
            Some(r) if r.starts_with('W') && fy.is_none() => {
                let w = digits(&r[1..], 2)
                    .or_else(|| digits(&r[1..], 1))
                    .ok_or_else(|| bad(text))?;
                let start = NaiveDate::from_isoywd_opt(year, w as u32, chrono::Weekday::Mon)
                    .ok_or_else(|| {
                        Error::new(
                            ErrorCode::InvalidArgument,
                            format!("{year} has no ISO week {w}"),
                        )
                    })?;
                Some(Period {
                    kind: PeriodKind::Week,
                    start,
                    end: start + Days::new(6),
                    fiscal_start,
                })
            }
            Some(r) if fy.is_none() => {
                let m = digits(r, 2)
                    .or_else(|| digits(r, 1))
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(|| bad(text))?;
                Period::month(year, m as u32, fiscal_start)
            }
            Some(_) => None,
        };
        p.ok_or_else(|| bad(text))
    }

    /// A calendar month.
    pub fn month(year: i32, month: u32, fiscal_start: u32) -> Option<Period> {
        let start = ymd(year, month, 1)?;
        Some(Period {
            kind: PeriodKind::Month,
            start,
            end: last_of_month(start),
            fiscal_start,
        })
    }

    fn fiscal_year_start(year: i32, fiscal_start: u32) -> Option<NaiveDate> {
        if fiscal_start == 1 {
            ymd(year, 1, 1)
        } else {
            ymd(year - 1, fiscal_start, 1)
        }
    }

    /// A fiscal year, named after the calendar year it ends in.
    pub fn fiscal_year(year: i32, fiscal_start: u32) -> Option<Period> {
        let start = Period::fiscal_year_start(year, fiscal_start)?;
        Some(Period {
            kind: PeriodKind::Year,
            start,
            end: start + Months::new(12) - Days::new(1),
            fiscal_start,
        })
    }

    /// A quarter (1 to 4) of a fiscal year.
    pub fn fiscal_quarter(year: i32, quarter: u32, fiscal_start: u32) -> Option<Period> {
        let start = Period::fiscal_year_start(year, fiscal_start)? + Months::new(3 * (quarter - 1));
        Some(Period {
            kind: PeriodKind::Quarter,
            start,
            end: start + Months::new(3) - Days::new(1),
            fiscal_start,
        })
    }

    /// The period of `kind` that holds `day` (a range becomes the day itself).
    pub fn containing(kind: PeriodKind, day: NaiveDate, fiscal_start: u32) -> Period {
        let fy = Period::fiscal_year_of(day, fiscal_start);
        let p = match kind {
            PeriodKind::Month => Period::month(day.year(), day.month(), fiscal_start),
            PeriodKind::Year => Period::fiscal_year(fy, fiscal_start),
            PeriodKind::Quarter => {
                let fy_start = Period::fiscal_year_start(fy, fiscal_start);
                fy_start.and_then(|s| {
                    let months =
                        (day.year() - s.year()) * 12 + day.month() as i32 - s.month() as i32;
                    Period::fiscal_quarter(fy, months as u32 / 3 + 1, fiscal_start)
                })
            }
            PeriodKind::Week => {
                let start = day - Days::new(day.weekday().num_days_from_monday() as u64);
                Some(Period {
                    kind: PeriodKind::Week,
                    start,
                    end: start + Days::new(6),
                    fiscal_start,
                })
            }
            PeriodKind::Range => None,
        };
        p.unwrap_or(Period {
            kind: PeriodKind::Range,
            start: day,
            end: day,
            fiscal_start,
        })
    }

    /// The fiscal year (named after the calendar year it ends in) that holds `day`.
    pub fn fiscal_year_of(day: NaiveDate, fiscal_start: u32) -> i32 {
        if fiscal_start == 1 || day.month() < fiscal_start {
            day.year()
        } else {
            day.year() + 1
        }
    }

    /// How the period is written: `2024-03`, `2024-Q1` (`FY2024-Q1` with a
    /// fiscal year not starting in January), `2024`, `2024-W09`, `a..b`.
    pub fn label(&self) -> String {
        let fy = |y: i32| {
            if self.fiscal_start == 1 {
                y.to_string()
            } else {
                format!("FY{y}")
            }
        };
        match self.kind {
            PeriodKind::Month => format!("{:04}-{:02}", self.start.year(), self.start.month()),
            PeriodKind::Year => fy(Period::fiscal_year_of(self.start, self.fiscal_start)),
            PeriodKind::Quarter => {
                let y = Period::fiscal_year_of(self.start, self.fiscal_start);
                let fy_start =
                    Period::fiscal_year_start(y, self.fiscal_start).unwrap_or(self.start);
                let months = (self.start.year() - fy_start.year()) * 12 + self.start.month() as i32
                    - fy_start.month() as i32;
                format!("{}-Q{}", fy(y), months / 3 + 1)
            }
            PeriodKind::Week => {
                let w = self.start.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            PeriodKind::Range => format!("{}..{}", self.start, self.end),
        }
    }

    /// Its number of days.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Whether the day is in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// True when every day of `self` lies in `other`.
    pub fn within(&self, other: &Period) -> bool {
        other.start <= self.start && self.end <= other.end
    }

    fn shifted_months(&self, back: u32) -> Period {
        let start = self.start - Months::new(back);
        let end = match self.kind {
            PeriodKind::Month | PeriodKind::Quarter | PeriodKind::Year => {
                let months = match self.kind {
                    PeriodKind::Month => 1,
                    PeriodKind::Quarter => 3,
                    _ => 12,
                };
                start + Months::new(months) - Days::new(1)
            }
            _ => self.end - Months::new(back),
        };
        Period {
            start,
            end,
            ..self.clone()
        }
    }

    /// The preceding period of the same kind; for a range, the same number of
    /// days just before it.
    pub fn previous(&self) -> Period {
        match self.kind {
            PeriodKind::Month => self.shifted_months(1),
            PeriodKind::Quarter => self.shifted_months(3),
            PeriodKind::Year => self.shifted_months(12),
            PeriodKind::Week | PeriodKind::Range => {
                let n = self.days() as u64;
                Period {
                    start: self.start - Days::new(n),
                    end: self.start - Days::new(1),
                    ..self.clone()
                }
            }
        }
    }

    /// The following period of the same kind; for a range, the same number of
    /// days just after it.
    pub fn next(&self) -> Period {
        let months = match self.kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
            PeriodKind::Week | PeriodKind::Range => {
                let n = self.days() as u64;
                return Period {
                    start: self.end + Days::new(1),
                    end: self.end + Days::new(n),
                    ..self.clone()
                };
            }
        };
        let start = self.start + Months::new(months);
        Period {
            start,
            end: start + Months::new(months) - Days::new(1),
            ..self.clone()
        }
    }

    /// The same period one year earlier (an ISO week: the same week number of
    /// the previous ISO year, or its last week when it has no week 53).
    pub fn year_ago(&self) -> Period {
        match self.kind {
            PeriodKind::Week => {
                let w = self.start.iso_week();
                let start =
                    NaiveDate::from_isoywd_opt(w.year() - 1, w.week(), chrono::Weekday::Mon)
                        .or_else(|| {
                            NaiveDate::from_isoywd_opt(w.year() - 1, 52, chrono::Weekday::Mon)
                        })
                        .unwrap_or(self.start - Days::new(364));
                Period {
                    start,
                    end: start + Days::new(6),
                    ..self.clone()
                }
            }
            _ => self.shifted_months(12),
        }
    }

    /// The periods of `kind` that make up this one, in order (months of a
    /// quarter, say), or none when they do not tile it exactly.
    pub fn split(&self, kind: PeriodKind) -> Vec<Period> {
        let mut out = Vec::new();
        let mut day = self.start;
        while day <= self.end {
            let p = Period::containing(kind, day, self.fiscal_start);
            if p.kind != kind || p.start != day || p.end > self.end {
                return Vec::new();
            }
            day = p.end + Days::new(1);
            out.push(p);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn span(p: &Period) -> (String, String, String) {
        (p.label(), p.start.to_string(), p.end.to_string())
    }

    fn s(a: &str, b: &str, c: &str) -> (String, String, String) {
        (a.into(), b.into(), c.into())
    }

    #[test]
    fn parses_every_kind_of_period() {
        let p = |t| span(&Period::parse(t, 1).unwrap());
        assert_eq!(p("2024-03"), s("2024-03", "2024-03-01", "2024-03-31"));
        assert_eq!(p("2024-02"), s("2024-02", "2024-02-01", "2024-02-29"));
        assert_eq!(p("2024-q1"), s("2024-Q1", "2024-01-01", "2024-03-31"));
        assert_eq!(p("2024-Q4"), s("2024-Q4", "2024-10-01", "2024-12-31"));
        assert_eq!(p("2024"), s("2024", "2024-01-01", "2024-12-31"));
        assert_eq!(p("2024-W09"), s("2024-W09", "2024-02-26", "2024-03-03"));
        assert_eq!(p("2020-W53"), s("2020-W53", "2020-12-28", "2021-01-03"));
        assert_eq!(
            p("2024-01-15..2024-02-29"),
            s("2024-01-15..2024-02-29", "2024-01-15", "2024-02-29")
        );
    }

    #[test]
    fn refuses_what_is_not_a_period() {
        for t in [
            "",
            "24",
            "2024-13",
            "2024-Q5",
            "2024-W54",
            "2021-W53",
            "March",
            "2024-02-30..2024-03-01",
            "2024-03-01..2024-02-01",
            "FY2024-03",
            "0000",
            "-262144-01-01..-262144-01-31",
            "0000-01-01..0000-01-31",
            "+262143-12-01..+262143-12-31",
        ] {
            assert!(Period::parse(t, 1).is_err(), "{t} should be refused");
        }
        let e = Period::parse("2024-03-01..2024-02-01", 1).unwrap_err();
        assert_eq!(
            e.message,
            "the range \"2024-03-01..2024-02-01\" ends before it starts"
        );
    }

    #[test]
    fn fiscal_years_are_named_after_the_year_they_end_in() {
        let p = |t| span(&Period::parse(t, 4).unwrap());
        assert_eq!(p("FY2024"), s("FY2024", "2023-04-01", "2024-03-31"));
        assert_eq!(p("2024"), s("FY2024", "2023-04-01", "2024-03-31"));
        assert_eq!(p("FY2024-Q1"), s("FY2024-Q1", "2023-04-01", "2023-06-30"));
        assert_eq!(p("FY2024-Q4"), s("FY2024-Q4", "2024-01-01", "2024-03-31"));
        // Months stay calendar months.
        assert_eq!(p("2024-03"), s("2024-03", "2024-03-01", "2024-03-31"));
        let q = Period::containing(PeriodKind::Quarter, d("2024-05-17"), 4);
        assert_eq!(span(&q), s("FY2025-Q1", "2024-04-01", "2024-06-30"));
        let y = Period::containing(PeriodKind::Year, d("2024-03-31"), 4);
        assert_eq!(span(&y), s("FY2024", "2023-04-01", "2024-03-31"));
        let q = Period::containing(PeriodKind::Quarter, d("2024-02-10"), 10);
        assert_eq!(span(&q), s("FY2024-Q2", "2024-01-01", "2024-03-31"));
    }

    #[test]
    fn next_steps_forward_by_the_same_kind_and_undoes_previous() {
        let p = |t: &str, fy: u32| Period::parse(t, fy).unwrap();
        assert_eq!(
            span(&p("2024-01", 1).next()),
            s("2024-02", "2024-02-01", "2024-02-29")
        );
        assert_eq!(
            span(&p("2024-12", 1).next()),
            s("2025-01", "2025-01-01", "2025-01-31")
        );
        assert_eq!(
            span(&p("2024-Q4", 1).next()),
            s("2025-Q1", "2025-01-01", "2025-03-31")
        );
        assert_eq!(
            span(&p("2024", 1).next()),
            s("2025", "2025-01-01", "2025-12-31")
        );
        assert_eq!(
            span(&p("FY2024-Q4", 4).next()),
            s("FY2025-Q1", "2024-04-01", "2024-06-30")
        );
        assert_eq!(
            span(&p("FY2024", 4).next()),
            s("FY2025", "2024-04-01", "2025-03-31")
        );
        assert_eq!(
            span(&p("2024-W52", 1).next()),
            s("2025-W01", "2024-12-30", "2025-01-05")
        );
        assert_eq!(
            span(&p("2024-01-15..2024-02-29", 1).next()),
            s("2024-03-01..2024-04-15", "2024-03-01", "2024-04-15")
        );
        for t in [
            "2024-03",
            "2024-Q1",
            "2024",
            "2024-W09",
            "2024-01-15..2024-02-29",
        ] {
            assert_eq!(span(&p(t, 1).next().previous()), span(&p(t, 1)), "{t}");
        }
    }

    #[test]
    fn previous_and_year_ago() {
        let p = |t: &str| Period::parse(t, 1).unwrap();
        assert_eq!(
            span(&p("2024-03").previous()),
            s("2024-02", "2024-02-01", "2024-02-29")
        );
        assert_eq!(
            span(&p("2024-01").previous()),
            s("2023-12", "2023-12-01", "2023-12-31")
        );
        assert_eq!(
            span(&p("2024-Q1").previous()),
            s("2023-Q4", "2023-10-01", "2023-12-31")
        );
        assert_eq!(
            span(&p("2024").previous()),
            s("2023", "2023-01-01", "2023-12-31")
        );
        assert_eq!(
            span(&p("2024-W01").previous()),
            s("2023-W52", "2023-12-25", "2023-12-31")
        );
        assert_eq!(
            span(&p("2024-02").year_ago()),
            s("2023-02", "2023-02-01", "2023-02-28")
        );
        assert_eq!(
            span(&p("2024-Q2").year_ago()),
            s("2023-Q2", "2023-04-01", "2023-06-30")
        );
        assert_eq!(span(&p("2021-W10").year_ago()).0, "2020-W10");
        assert_eq!(span(&p("2026-W53").year_ago()).0, "2025-W52");
        assert_eq!(span(&p("2020-W53").year_ago()).0, "2019-W52");
        let r = p("2024-01-15..2024-02-29");
        assert_eq!(span(&r.previous()).1, "2023-11-30");
        assert_eq!(span(&r.previous()).2, "2024-01-14");
        assert_eq!(r.previous().days(), r.days());
        assert_eq!(
            span(&r.year_ago()),
            s("2023-01-15..2023-02-28", "2023-01-15", "2023-02-28")
        );
        let f = Period::parse("FY2024-Q1", 4).unwrap();
        assert_eq!(f.previous().label(), "FY2023-Q4");
        assert_eq!(f.year_ago().label(), "FY2023-Q1");
    }

    #[test]
    fn split_tiles_a_period_or_gives_nothing() {
        let q = Period::parse("2024-Q1", 1).unwrap();
        let months: Vec<String> = q
            .split(PeriodKind::Month)
            .iter()
            .map(|p| p.label())
            .collect();
        assert_eq!(months, ["2024-01", "2024-02", "2024-03"]);
        // 2024-Q1 starts on a Monday and is 13 whole weeks; March is not.
        assert_eq!(q.split(PeriodKind::Week).len(), 13);
        assert!(Period::parse("2024-03", 1)
            .unwrap()
            .split(PeriodKind::Week)
            .is_empty());
        assert_eq!(
            Period::parse("2024", 1)
                .unwrap()
                .split(PeriodKind::Quarter)
                .len(),
            4
        );
        assert_eq!(
            Period::parse("FY2024", 4)
                .unwrap()
                .split(PeriodKind::Quarter)
                .len(),
            4
        );
        let r = Period::parse("2024-01-15..2024-03-31", 1).unwrap();
        assert!(r.split(PeriodKind::Month).is_empty());
    }
}
