//! Parsing single values: numbers (plain, money, percent) in either decimal
//! convention, dates and date-times in many spellings, booleans. Which
//! convention or date order a column uses is decided per column (see `infer`);
//! this module only answers "what does this text mean under that choice".

mod date;

pub use date::*;

/// Which character separates the decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalSep {
    /// `1,234.56`
    Dot,
    /// `1.234,56`, `1 234,56`
    Comma,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumKind {
    Plain,
    Money,
    Percent,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The value; a percent is returned as a fraction (`12%` is 0.12).
    pub value: f64,
    pub kind: NumKind,
    /// The currency symbol or code, for money.
    pub currency: Option<&'static str>,
    /// No decimal part was written (`12`, `1,200`), and not a percent.
    pub integer: bool,
}

/// Currency symbols and codes, longest first so `US$` wins over `$`.
const CURRENCIES: &[&str] = &[
    "US$", "R$", "A$", "C$", "HK$", "NZ$", "NT$", "S/", "CHF", "USD", "EUR", "GBP", "JPY", "BRL",
    "CAD", "AUD", "INR", "CNY", "RMB", "MXN", "PEN", "CLP", "COP", "ARS", "SEK", "NOK", "DKK",
    "PLN", "CZK", "HUF", "ZAR", "SGD", "KRW", "TWD", "RUB", "TRY", "$", "€", "£", "¥", "₹", "₩",
    "₽", "₺", "₪", "₫", "₱", "元", "円",
];

/// The bytes a currency symbol or code can begin and end with, so that most
/// values (digits at both ends) skip the search.
const CURRENCY_EDGES: ([bool; 256], [bool; 256]) = {
    let (mut first, mut last) = ([false; 256], [false; 256]);
    let mut i = 0;
    while i < CURRENCIES.len() {
        let b = CURRENCIES[i].as_bytes();
        first[b[0] as usize] = true;
        last[b[b.len() - 1] as usize] = true;
        i += 1;
    }
    (first, last)
};

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Trims every Unicode space (including no-break spaces) from both ends.
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => s,
        _ => s.trim_matches(is_space),
    }
}

fn strip_currency(s: &str) -> (Option<&'static str>, &str) {
    let b = s.as_bytes();
    // A symbol or code sits at one end; most numbers start and end with digits.
    // Only an end that can begin (or end) a symbol or code is worth a look.
    let starts = b.first().is_some_and(|&c| CURRENCY_EDGES.0[c as usize]);
    let ends = b.last().is_some_and(|&c| CURRENCY_EDGES.1[c as usize]);
    if !starts && !ends {
        return (None, s);
    }
    for c in CURRENCIES {
        if let Some(rest) = s.strip_prefix(c) {
            return (Some(c), trim(rest));
        }
        if let Some(rest) = s.strip_suffix(c) {
            return (Some(c), trim(rest));
        }
    }
    (None, s)
}

fn strip_sign(s: &str) -> (bool, &str) {
    for m in ["-", "\u{2212}"] {
        if let Some(rest) = s.strip_prefix(m) {
            return (true, trim(rest));
        }
        if let Some(rest) = s.strip_suffix(m) {
            // Trailing minus, as some accounting exports write it ("120-").
            if !rest.is_empty() {
                return (true, trim(rest));
            }
        }
    }
    if let Some(rest) = s.strip_prefix('+') {
        return (false, trim(rest));
    }
    (false, s)
}

fn is_group_sep(c: char, dec: DecimalSep) -> bool {
    match dec {
        DecimalSep::Dot => matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\''),
        DecimalSep::Comma => matches!(c, '.' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\''),
    }
}

/// Parses the digits part (no sign, currency or percent left): digit groups with
/// thousands separators, then an optional decimal part. Returns the value and
/// whether a decimal part was written.
fn parse_digits(s: &str, dec: DecimalSep) -> Option<(f64, bool)> {
    let dec_char = match dec {
        DecimalSep::Dot => '.',
        DecimalSep::Comma => ',',
    };
    let (int_part, frac_part) = match s.find(dec_char) {
        Some(i) => (&s[..i], Some(&s[i + dec_char.len_utf8()..])),
        None => (s, None),
    };
    let mut digits = String::with_capacity(s.len());
    // Integer part: digits, optionally grouped: by threes after the first
    // group (`1,234,567`), or the Indian way, by twos before the last three
    // (`1,23,45,678`).
    let mut lens: Vec<usize> = Vec::new();
    let mut group_len = 0usize;
    for c in int_part.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            group_len += 1;
        } else if is_group_sep(c, dec) {
            if group_len == 0 {
                return None;
            }
            lens.push(group_len);
            group_len = 0;
        } else {
            return None;
        }
    }
    if let Some((&first, middle)) = lens.split_first() {
        let western = first <= 3 && middle.iter().all(|&l| l == 3);
        let indian = dec == DecimalSep::Dot && first <= 2 && middle.iter().all(|&l| l == 2);
        if group_len != 3 || !(western || indian) {
            return None;
        }
    }
    let has_frac = match frac_part {
        Some(f) => {
            if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            digits.push('.');
            digits.push_str(f);
            true
        }
        None => false,
    };
    if digits.is_empty() || digits.starts_with('.') && digits.len() == 1 {
        return None;
    }
    if int_part.is_empty() && frac_part.is_none() {
        return None;
    }
    let value: f64 = if digits.starts_with('.') {
        format!("0{digits}").parse().ok()?
    } else {
        digits.parse().ok()?
    };
    Some((value, has_frac))
}

/// Scientific notation as some exports write it (`1.5E+03`); dot decimals only.
fn parse_scientific(s: &str) -> Option<f64> {
    if !s.contains(['e', 'E']) {
        return None;
    }
    let ok = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if !ok || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parses a number written as text under the given decimal convention:
/// `1,234.50`, `(1,234)`, `$1,234.50`, ` $2,871.00 `, `1 234,50 €`, `€ 162`,
/// `12.5%`, ` $-  ` (an accounting zero). `-1.2k` is not a number.
pub fn parse_number(text: &str, dec: DecimalSep) -> Option<Number> {
    let mut s = trim(text);
    if s.is_empty()
        || !s.bytes().any(|b| b.is_ascii_digit()) && !s.contains('$') && !s.contains('€')
    {
        return None;
    }
    // Letters beyond a currency code ("USD") mean words, not a number.
    if s.bytes().filter(u8::is_ascii_alphabetic).count() > 3 {
        return None;
    }
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') && s.len() >= 3 {
        negative = true;
        s = trim(&s[1..s.len() - 1]);
    }
    let (neg1, rest) = strip_sign(s);
    s = rest;
    let (currency, rest) = strip_currency(s);
    s = rest;
    let (neg2, rest) = strip_sign(s);
    s = rest;
    // A second currency mark after the sign ("-$5" already handled; "$ -5" too).
    let (currency, s) = match currency {
        Some(c) => (Some(c), s),
        None => strip_currency(s),
    };
    let (neg3, s) = strip_sign(s);
    let negative = negative ^ neg1 ^ neg2 ^ neg3;
    let (percent, s) = match s.strip_suffix('%') {
        Some(rest) => (true, trim(rest)),
        None => (false, s),
    };
    if currency.is_some() && !percent && (s.is_empty() || s == "-") {
        // Accounting format shows zero as "$ -".
        return Some(Number {
            value: 0.0,
            kind: NumKind::Money,
            currency,
            integer: true,
        });
    }
    if (neg1 || neg2 || neg3) && s.is_empty() {
        return None;
    }
    let (value, has_frac) = match parse_digits(s, dec) {
        Some(v) => v,
        None if currency.is_none() && !percent => (parse_scientific(s)?, true),
        None => return None,
    };
    let value = if negative { -value } else { value };
    let (value, kind) = if percent {
        (value / 100.0, NumKind::Percent)
    } else if currency.is_some() {
        (value, NumKind::Money)
    } else {
        (value, NumKind::Plain)
    };
    Some(Number {
        value,
        kind,
        currency,
        integer: !has_frac && !percent,
    })
}

/// What a number's text says about the column's decimal convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SepEvidence {
    DotDecimal,
    CommaDecimal,
    Neither,
}

pub fn separator_evidence(text: &str) -> SepEvidence {
    let s = trim(text);
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    match (last_dot, last_comma) {
        (Some(d), Some(c)) => {
            if d > c {
                SepEvidence::DotDecimal
            } else {
                SepEvidence::CommaDecimal
            }
        }
        (Some(d), None) => {
            let after = s[d + 1..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if s.matches('.').count() > 1 {
                SepEvidence::CommaDecimal
            } else if after != 3 {
                SepEvidence::DotDecimal
            } else {
                SepEvidence::Neither
            }
        }
        (None, Some(c)) => {
            let after = s[c + 1..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if s.matches(',').count() > 1 {
                SepEvidence::DotDecimal
            } else if after != 3 {
                SepEvidence::CommaDecimal
            } else {
                SepEvidence::Neither
            }
        }
        (None, None) => SepEvidence::Neither,
    }
}

/// Text that is an integer written with leading zeros (`01234`, `007`): an id or
/// a postal code, which must stay text.
pub fn has_leading_zero(text: &str) -> bool {
    let s = trim(text);
    s.len() > 1 && s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit())
}

pub fn parse_bool(text: &str) -> Option<bool> {
    let s = trim(text);
    if s.len() > 5 {
        return None;
    }
    match s.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "t" | "oui" | "ja" | "sí" | "si" => Some(true),
        "no" | "n" | "false" | "f" | "non" | "nein" => Some(false),
        _ => None,
    }
}

/// Booleans as flag columns write them: also `1`/`0` and `x`/blank.
pub fn parse_flag(text: &str) -> Option<bool> {
    let s = trim(text);
    match s {
        "1" | "x" | "X" | "✓" | "✔" => Some(true),
        "0" | "" | "-" => Some(false),
        _ => parse_bool(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<f64> {
        parse_number(s, DecimalSep::Dot).map(|n| n.value)
    }
    fn num_eu(s: &str) -> Option<f64> {
        parse_number(s, DecimalSep::Comma).map(|n| n.value)
    }

    #[test]
    fn numbers_in_the_dot_convention() {
        assert_eq!(num("1234"), Some(1234.0));
        assert_eq!(num("1,234.50"), Some(1234.5));
        assert_eq!(num("-12.5"), Some(-12.5));
        assert_eq!(num("(1,234)"), Some(-1234.0));
        assert_eq!(num(".5"), Some(0.5));
        assert_eq!(num("1.5E+03"), Some(1500.0));
        assert_eq!(num("1,23,4"), None);
        assert_eq!(num("12,34"), None);
        assert_eq!(num("-1.2k"), None);
        assert_eq!(num("NaN"), None);
        assert_eq!(num("inf"), None);
        assert_eq!(num("-"), None);
        assert_eq!(num(""), None);
    }

    #[test]
    fn money_in_both_conventions() {
        let m = parse_number(" $2,871.00 ", DecimalSep::Dot).unwrap();
        assert_eq!(
            (m.value, m.kind, m.currency),
            (2871.0, NumKind::Money, Some("$"))
        );
        assert!(!m.integer);
        let m = parse_number("1 234,50 €", DecimalSep::Comma).unwrap();
        assert_eq!((m.value, m.currency), (1234.5, Some("€")));
        assert_eq!(num_eu("1\u{202f}234 €"), Some(1234.0));
        assert_eq!(num_eu("€ 162"), Some(162.0));
        assert_eq!(num_eu("€9 999"), Some(9999.0));
        assert_eq!(num_eu("-196 €"), Some(-196.0));
        assert_eq!(num("($1,234.00)"), Some(-1234.0));
        assert_eq!(num("-$5"), Some(-5.0));
        assert_eq!(num(" $-  "), Some(0.0));
        assert_eq!(num("R$ 10,00"), None);
        assert_eq!(num_eu("R$ 10,00"), Some(10.0));
        assert_eq!(num("USD 1,000"), Some(1000.0));
    }

    #[test]
    fn percents_are_fractions() {
        let p = parse_number("12.5%", DecimalSep::Dot).unwrap();
        assert_eq!((p.value, p.kind), (0.125, NumKind::Percent));
        assert_eq!(num_eu("50%"), Some(0.5));
        assert_eq!(num_eu("12,5 %"), Some(0.125));
    }

    #[test]
    fn separator_evidence_decides_ambiguous_columns() {
        assert_eq!(separator_evidence("1,234.5"), SepEvidence::DotDecimal);
        assert_eq!(separator_evidence("1.234,5"), SepEvidence::CommaDecimal);
        assert_eq!(separator_evidence("12,5"), SepEvidence::CommaDecimal);
        assert_eq!(separator_evidence("12.5"), SepEvidence::DotDecimal);
        assert_eq!(separator_evidence("1,234"), SepEvidence::Neither);
        assert_eq!(separator_evidence("1.234.567"), SepEvidence::CommaDecimal);
        assert_eq!(separator_evidence("1,234,567"), SepEvidence::DotDecimal);
    }

    #[test]
    fn leading_zeros_and_booleans() {
        assert!(has_leading_zero("05408"));
        assert!(!has_leading_zero("0"));
        assert!(!has_leading_zero("0.5"));
        assert_eq!(parse_bool("Yes"), Some(true));
        assert_eq!(parse_bool("n"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(parse_flag("x"), Some(true));
        assert_eq!(parse_flag(""), Some(false));
        assert_eq!(parse_flag("1"), Some(true));
    }
}
