//! Numbers, sizes and dates as Salescope prints them, in charts, messages and
//! the command line alike: thousands separators, the currency of the data,
//! compact forms for axes and tiles (`1.2M`), megabytes for limits.

use crate::catalog::Unit;

/// Groups the integer part in thousands: `1234567.5` with 1 decimal is `1,234,567.5`.
pub fn grouped(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    // "-0" is not a number anyone writes.
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// `1.2M`, `34.5K`, `950`: three significant digits at most.
pub fn compact(v: f64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")];
    let a = v.abs();
    if !a.is_finite() {
        return "—".to_string();
    }
    if a < 1e4 {
        return grouped(v, if a >= 100.0 || v.fract() == 0.0 { 0 } else { 1 });
    }
    // The largest unit the value reaches once rounded (999,950 is 1M, not 1000K).
    for (i, (div, suffix)) in UNITS.iter().enumerate() {
        if a < div * 0.9995 && i + 1 < UNITS.len() {
            continue;
        }
        let x = v / div;
        let decimals = if x.abs() >= 99.95 {
            0
        } else if x.abs() >= 9.995 {
            1
        } else {
            2
        };
        let s = format!("{x:.decimals$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        return format!("{s}{suffix}");
    }
    grouped(v, 0)
}

/// The decimals an axis needs so that ticks `step` apart read differently.
fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    (0..6)
        .find(|d| {
            let x = step * 10f64.powi(*d as i32);
            (x - x.round()).abs() < 1e-6 * x.max(1.0)
        })
        .unwrap_or(6)
}

/// An axis label for a tick, precise enough for the ticks' `step`.
pub fn tick(unit: Unit, v: f64, step: f64, currency: Option<&str>) -> String {
    if unit == Unit::Ratio {
        return format!("{}%", grouped(v * 100.0, decimals_for(step * 100.0)));
    }
    if step >= 1000.0 {
        return short(unit, v, currency);
    }
    let body = grouped(v, decimals_for(step));
    match unit {
        Unit::Currency => money(currency, body),
        Unit::CurrencyPerDay => format!("{}/d", money(currency, body)),
        Unit::Hours => format!("{body} h"),
        Unit::Days => format!("{body} d"),
        Unit::Multiple => format!("{body}×"),
        Unit::Count | Unit::Ratio => body,
    }
}

fn money(currency: Option<&str>, body: String) -> String {
    match currency {
        None => body,
        Some(c) if c.chars().all(|ch| ch.is_ascii_alphabetic()) => format!("{c} {body}"),
        Some(c) => match body.strip_prefix('-') {
            Some(rest) => format!("-{c}{rest}"),
            None => format!("{c}{body}"),
        },
    }
}

/// A KPI value in full: `$1,234,567`, `42.5%`, `3.2 h`.
pub fn value(unit: Unit, v: f64, currency: Option<&str>) -> String {
    match unit {
        Unit::Count if v.fract() == 0.0 => grouped(v, 0),
        Unit::Count => grouped(v, 1),
        Unit::Currency if v.abs() >= 1000.0 || v.fract() == 0.0 => money(currency, grouped(v, 0)),
        Unit::Currency => money(currency, grouped(v, 2)),
        Unit::Ratio => format!("{}%", grouped(v * 100.0, 1)),
        Unit::Hours => format!("{} h", grouped(v, 1)),
        Unit::Days => format!("{} d", grouped(v, 1)),
        Unit::CurrencyPerDay => format!("{}/day", money(currency, grouped(v, 0))),
        Unit::Multiple => format!("{}×", grouped(v, 1)),
    }
}

/// A KPI value in compact form, for tiles, bars and axes: `$1.2M`, `42.5%`.
pub fn short(unit: Unit, v: f64, currency: Option<&str>) -> String {
    match unit {
        Unit::Count => compact(v),
        Unit::Currency => money(currency, compact(v)),
        Unit::CurrencyPerDay => format!("{}/d", money(currency, compact(v))),
        Unit::Ratio if (v * 100.0).fract().abs() < 1e-9 => format!("{:.0}%", v * 100.0),
        Unit::Ratio => format!("{:.1}%", v * 100.0),
        Unit::Hours => format!("{} h", compact(v)),
        Unit::Days => format!("{} d", compact(v)),
        Unit::Multiple => format!("{}×", grouped(v, 1)),
    }
}

/// A share as a percent: `80%`, `112%`.
pub fn percent(v: f64) -> String {
    format!("{}%", grouped(v * 100.0, 0))
}

/// A signed change: `+12.3%`, `-4.0%`; relative for amounts, in points for
/// ratios; `0.0%` when it rounds to nothing (never `-0.0`).
pub fn change(unit: Unit, now: f64, before: f64) -> Option<String> {
    let (x, suffix) = if unit == Unit::Ratio {
        ((now - before) * 100.0, " pts")
    } else if before == 0.0 {
        return None;
    } else {
        ((now - before) / before.abs() * 100.0, "%")
    };
    if !x.is_finite() {
        return None;
    }
    let text = grouped(x.abs(), 1);
    let sign = if text == "0.0" {
        ""
    } else if x > 0.0 {
        "+"
    } else {
        "-"
    };
    Some(format!("{sign}{text}{suffix}"))
}

/// Month abbreviations, January first.
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date as people read it: `30 Sep 2024`.
pub fn date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// A size in megabytes: `0.5 MB` under 10 MB, `12,345 MB` above.
pub fn megabytes(bytes: u64) -> String {
    if bytes >= 10 << 20 {
        format!("{} MB", thousands(bytes >> 20))
    } else {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    }
}

/// A count with thousands separators: `1,048,576`.
pub fn thousands(n: u64) -> String {
    grouped(n as f64, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(grouped(1234567.456, 2), "1,234,567.46");
        assert_eq!(grouped(-1234.0, 0), "-1,234");
        assert_eq!(grouped(-0.001, 0), "0");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(compact(1_234_567.0), "1.23M");
        assert_eq!(compact(12_345.0), "12.3K");
        assert_eq!(compact(250_000.0), "250K");
        assert_eq!(compact(2_000_000_000.0), "2B");
        assert_eq!(compact(9_999.0), "9,999");
        assert_eq!(compact(999_950.0), "1M");
        assert_eq!(compact(999_400.0), "999K");
        assert_eq!(compact(999_600_000.0), "1B");
        assert_eq!(compact(1e15), "1000T");
        assert_eq!(tick(Unit::Hours, 0.025, 0.025, None), "0.025 h");
        assert_eq!(tick(Unit::Days, 7.5, 2.5, None), "7.5 d");
        assert_eq!(tick(Unit::Count, 0.5, 0.5, None), "0.5");
        assert_eq!(tick(Unit::Ratio, 0.125, 0.025, None), "12.5%");
        assert_eq!(tick(Unit::Ratio, 0.2, 0.1, None), "20%");
        assert_eq!(
            tick(Unit::Currency, 2_500_000.0, 500_000.0, Some("$")),
            "$2.5M"
        );
        assert_eq!(tick(Unit::Currency, 250.0, 50.0, Some("$")), "$250");
        assert_eq!(compact(12.5), "12.5");
        assert_eq!(compact(-45_600.0), "-45.6K");
        assert_eq!(value(Unit::Currency, 1234567.0, Some("$")), "$1,234,567");
        assert_eq!(value(Unit::Currency, -50.5, Some("€")), "-€50.50");
        assert_eq!(value(Unit::Currency, 1500.0, Some("CHF")), "CHF 1,500");
        assert_eq!(value(Unit::Currency, 1500.0, None), "1,500");
        assert_eq!(value(Unit::Currency, 0.0, Some("$")), "$0");
        assert_eq!(value(Unit::Currency, 143.5, Some("$")), "$143.50");
        assert_eq!(value(Unit::Ratio, 0.4256, None), "42.6%");
        assert_eq!(value(Unit::Days, 53.333, None), "53.3 d");
        assert_eq!(short(Unit::Currency, 4_200_000.0, Some("$")), "$4.2M");
        assert_eq!(short(Unit::Ratio, 0.25, None), "25%");
        assert_eq!(short(Unit::Ratio, 0.256, None), "25.6%");
        assert_eq!(percent(0.8), "80%");
        assert_eq!(percent(12.5), "1,250%");
    }

    #[test]
    fn changes_are_signed_and_ratios_move_in_points() {
        assert_eq!(
            change(Unit::Currency, 1100.0, 1000.0).as_deref(),
            Some("+10.0%")
        );
        assert_eq!(change(Unit::Count, 90.0, 100.0).as_deref(), Some("-10.0%"));
        assert_eq!(change(Unit::Ratio, 0.30, 0.25).as_deref(), Some("+5.0 pts"));
        assert_eq!(change(Unit::Count, 5.0, 0.0), None);
        assert_eq!(
            change(Unit::Ratio, 0.3069, 0.3070).as_deref(),
            Some("0.0 pts")
        );
        assert_eq!(
            change(Unit::Currency, 1000.0, -1000.0).as_deref(),
            Some("+200.0%")
        );
    }

    #[test]
    fn dates_and_sizes() {
        assert_eq!(
            date(chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap()),
            "31 Mar 2024"
        );
        assert_eq!(megabytes(512 << 10), "0.5 MB");
        assert_eq!(megabytes(12_345 << 20), "12,345 MB");
        assert_eq!(thousands(1_048_576), "1,048,576");
    }
}
