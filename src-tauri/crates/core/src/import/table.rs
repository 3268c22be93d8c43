//! Finding the table in a sheet: the header row (below titles and blank rows),
//! the columns, reports that are not tables (pivots, months as columns), and
//! rows that are not records (blank, totals, notes).

use super::source::{column_letter, Cell};
use super::value::{parse_iso, parse_number, DecimalSep};

/// A preview cell, owned.
#[derive(Debug, Clone, PartialEq)]
pub enum PCell {
    Empty,
    /// Text that is not a number or a date.
    Label(String),
    /// Anything typed (number, date, boolean), or text that reads as one.
    Value(String),
}

impl PCell {
    pub fn from_cell(c: &Cell<'_>) -> PCell {
        match c {
            Cell::Empty => PCell::Empty,
            Cell::Text(s) => {
                if parse_number(s, DecimalSep::Dot).is_some()
                    || parse_number(s, DecimalSep::Comma).is_some()
                    || parse_iso(s).is_some()
                {
                    PCell::Value(s.to_string())
                } else {
                    PCell::Label(s.to_string())
                }
            }
            other => PCell::Value(other.to_text()),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, PCell::Empty)
    }
}

/// Rows read from the top of a sheet to find its header.
pub const HEADER_SEARCH_ROWS: usize = 40;

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// 0-based position in the sheet.
    pub index: usize,
    pub letter: String,
    pub header: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 1-based row number of the header.
    pub row: u64,
    pub columns: Vec<Column>,
}

/// Picks the header among the first rows: the row of distinct labels that is
/// widest and followed by rows of similar width.
pub fn find_header(preview: &[(u64, Vec<PCell>)]) -> Option<Header> {
    let width = |r: &Vec<PCell>| r.iter().filter(|c| !c.is_empty()).count();
    let max_width = preview.iter().map(|(_, r)| width(r)).max().unwrap_or(0);
    if max_width == 0 {
        return None;
    }
    let mut best: Option<(f64, usize)> = None;
    for (i, (_, row)) in preview.iter().enumerate().take(30) {
        let filled = width(row);
        if filled == 0 || (filled < 2 && max_width > 1) {
            continue;
        }
        let labels: Vec<&str> = row
            .iter()
            .filter_map(|c| match c {
                PCell::Label(s) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        if labels.len() * 10 < filled * 8 {
            continue;
        }
        let mut distinct: Vec<String> = labels.iter().map(|s| s.to_lowercase()).collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() * 10 < labels.len() * 6 {
            continue;
        }
        let below = &preview[i + 1..preview.len().min(i + 11)];
        let consistent = below
            .iter()
            .filter(|(_, r)| width(r) * 2 >= filled && width(r) >= 2.min(filled))
            .count();
        let typed_below = below
            .iter()
            .any(|(_, r)| r.iter().any(|c| matches!(c, PCell::Value(_))));
        let score =
            filled as f64 * (1.0 + consistent as f64 / 10.0) + if typed_below { 2.0 } else { 0.0 };
        if best.is_none_or(|(s, _)| score > s + 1e-9) {
            best = Some((score, i));
        }
    }
    let (_, hi) = best?;
    let (row, cells) = &preview[hi];
    let total_width = preview[hi..]
        .iter()
        .map(|(_, r)| r.iter().rposition(|c| !c.is_empty()).map_or(0, |p| p + 1))
        .max()
        .unwrap_or(0);
    let mut columns = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for index in 0..total_width {
        let header = match cells.get(index) {
            Some(PCell::Label(s)) | Some(PCell::Value(s)) => super::value::trim(s).to_string(),
            _ => {
                let has_data = preview[hi + 1..]
                    .iter()
                    .any(|(_, r)| r.get(index).is_some_and(|c| !c.is_empty()));
                if !has_data {
                    continue;
                }
                format!("Column {}", column_letter(index))
            }
        };
        let mut name = header.clone();
        let mut n = 2;
        while seen.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
            name = format!("{header} ({n})");
            n += 1;
        }
        seen.push(name.clone());
        columns.push(Column {
            index,
            letter: column_letter(index),
            header: name,
        });
    }
    Some(Header { row: *row, columns })
}

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
    "fev",
    "abr",
    "mai",
    "ago",
    "set",
    "out",
    "dez",
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "febrero",
    "marzo",
    "mayo",
    "junio",
    "julio",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "一月",
    "二月",
    "三月",
    "四月",
    "五月",
    "六月",
    "七月",
    "八月",
    "九月",
    "十月",
    "十一月",
    "十二月",
];

/// Why a sheet with this header is a report rather than a table of records.
pub fn report_layout(header: &Header, rows_above: &[(u64, Vec<PCell>)]) -> Option<String> {
    let names: Vec<String> = header
        .columns
        .iter()
        .map(|c| c.header.trim().to_lowercase())
        .collect();
    let pivot_header = names.iter().any(|n| {
        n == "row labels"
            || n == "column labels"
            || n.starts_with("sum of ")
            || n.starts_with("count of ")
            || n.starts_with("average of ")
            || n.starts_with("somme de ")
            || n.starts_with("soma de ")
            || n == "dados"
    });
    let filter_cells = rows_above.iter().any(|(_, r)| {
        r.iter()
            .any(|c| matches!(c, PCell::Label(s) if s == "(All)" || s == "(Tudo)" || s == "(Tous)"))
    });
    if pivot_header || filter_cells {
        let shown: Vec<&str> = header
            .columns
            .iter()
            .take(3)
            .map(|c| c.header.as_str())
            .collect();
        return Some(format!(
            "a pivot table report (header row {}: \"{}\"), not one record per row",
            header.row,
            shown.join("\", \"")
        ));
    }
    // Month names in any language the vocabulary knows, and `1月` ... `12月`.
    let is_month = |n: &str| {
        let t = n.trim();
        MONTHS.contains(&t)
            || t.strip_suffix('月')
                .and_then(|d| d.trim().parse::<u32>().ok())
                .is_some_and(|m| (1..=12).contains(&m))
            || super::vocabulary::word("month", &super::normalise::normalise_header(t)).is_some()
    };
    let months = names.iter().filter(|n| is_month(n)).count();
    if months >= 3 {
        return Some(format!(
            "a report with months as columns (header row {}), not one record per row; export one row per order with its date instead",
            header.row
        ));
    }
    let years = names
        .iter()
        .filter(|n| n.len() == 4 && n.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y)))
        .count();
    if years >= 3 {
        return Some(format!(
            "a report with years as columns (header row {}), not one record per row",
            header.row
        ));
    }
    None
}

/// Labels that mark a totals row.
pub fn is_totals_label(s: &str) -> bool {
    let l = s.trim().to_lowercase();
    matches!(
        l.as_str(),
        "total"
            | "totals"
            | "grand total"
            | "sum"
            | "subtotal"
            | "sub-total"
            | "sub total"
            | "total general"
            | "totaal"
            | "gesamt"
            | "summe"
            | "totale"
            | "(blank) total"
            | "overall total"
            | "总计"
            | "總計"
            | "合計"
            | "合计"
    ) || l.starts_with("total ")
        || l.starts_with("grand total")
        || l.starts_with("sum of ")
        || l.starts_with("subtotal ")
        || l.ends_with(" total")
        || l.ends_with(" totals")
        || l.starts_with("total:")
}

/// Why a row is not a record, if it is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NotARecord {
    Blank,
    Totals,
    Note,
}

impl NotARecord {
    pub fn reason(self) -> &'static str {
        match self {
            NotARecord::Blank => "blank row",
            NotARecord::Totals => "totals row (a \"Total\" label with sums), not a record",
            NotARecord::Note => {
                "a single text cell below the header (a note or a title), not a record"
            }
        }
    }
}

/// Classifies rows in order; the same sequence gives the same answers in the
/// analysis pass and the write pass.
pub struct RowClassifier {
    columns: Vec<usize>,
    sums: Vec<f64>,
}

impl RowClassifier {
    pub fn new(header: &Header) -> Self {
        RowClassifier {
            columns: header.columns.iter().map(|c| c.index).collect(),
            sums: vec![0.0; header.columns.len()],
        }
    }

    pub fn classify(&mut self, cells: &[Cell<'_>]) -> Option<NotARecord> {
        let get = |i: usize| cells.get(i).copied().unwrap_or(Cell::Empty);
        let filled = self.columns.iter().filter(|&&i| !get(i).is_empty()).count();
        if filled == 0 {
            return Some(NotARecord::Blank);
        }
        let label = self
            .columns
            .iter()
            .filter_map(|&i| match get(i) {
                Cell::Text(s) => Some(s),
                _ => None,
            })
            .take(3)
            .any(is_totals_label);
        if label {
            let sparse = filled * 10 < self.columns.len() * 8;
            let sums = self.columns.iter().enumerate().any(|(k, &i)| {
                let v = match get(i) {
                    Cell::Int(n) => n as f64,
                    Cell::Float(f) => f,
                    _ => return false,
                };
                let s = self.sums[k];
                s != 0.0 && ((v - s).abs() <= 1e-6 * s.abs().max(1.0))
            });
            if sparse || sums {
                self.sums.iter_mut().for_each(|s| *s = 0.0);
                return Some(NotARecord::Totals);
            }
        }
        if filled == 1 && self.columns.len() >= 4 {
            let only_text = self
                .columns
                .iter()
                .any(|&i| matches!(get(i), Cell::Text(_)));
            if only_text {
                return Some(NotARecord::Note);
            }
        }
        for (k, &i) in self.columns.iter().enumerate() {
            match get(i) {
                Cell::Int(n) => self.sums[k] += n as f64,
                Cell::Float(f) => self.sums[k] += f,
                _ => {}
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> PCell {
        PCell::Label(s.into())
    }
    fn v(s: &str) -> PCell {
        PCell::Value(s.into())
    }

    #[test]
    fn header_below_a_title_and_blank_rows() {
        let preview = vec![
            (1, vec![l("Sales report 2024")]),
            (2, vec![]),
            (3, vec![l("Date"), l(" Sales"), l("Rep")]),
            (4, vec![v("2024-01-02"), v("10"), l("Ann")]),
            (5, vec![v("2024-01-03"), v("12"), l("Bob")]),
        ];
        let h = find_header(&preview).unwrap();
        assert_eq!(h.row, 3);
        let names: Vec<&str> = h.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(names, vec!["Date", "Sales", "Rep"]);
    }

    #[test]
    fn duplicate_and_missing_headers_get_names() {
        let preview = vec![
            (1, vec![l("Amount"), l("Amount"), PCell::Empty, l("X")]),
            (2, vec![v("1"), v("2"), v("3"), l("y")]),
        ];
        let h = find_header(&preview).unwrap();
        let names: Vec<&str> = h.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(names, vec!["Amount", "Amount (2)", "Column C", "X"]);
    }

    #[test]
    fn pivots_and_wide_reports_are_recognised() {
        let h = find_header(&[
            (3, vec![l("Row Labels"), l("Sum of Sales Price")]),
            (4, vec![l("Ann"), v("120")]),
        ])
        .unwrap();
        assert!(report_layout(&h, &[])
            .unwrap()
            .starts_with("a pivot table report"));
        let h = find_header(&[
            (
                2,
                vec![l("姓名"), l("一月"), l("二月"), l("三月"), l("總計")],
            ),
            (3, vec![l("王"), v("1"), v("2"), v("3"), v("6")]),
        ])
        .unwrap();
        assert!(report_layout(&h, &[])
            .unwrap()
            .contains("months as columns"));
    }

    #[test]
    fn totals_rows_need_a_label_and_sums() {
        let h = Header {
            row: 1,
            columns: (0..3)
                .map(|i| Column {
                    index: i,
                    letter: column_letter(i),
                    header: format!("h{i}"),
                })
                .collect(),
        };
        let mut c = RowClassifier::new(&h);
        assert_eq!(
            c.classify(&[Cell::Text("a"), Cell::Int(2), Cell::Float(1.5)]),
            None
        );
        assert_eq!(
            c.classify(&[Cell::Text("b"), Cell::Int(3), Cell::Float(2.5)]),
            None
        );
        assert_eq!(
            c.classify(&[Cell::Empty, Cell::Empty]),
            Some(NotARecord::Blank)
        );
        // A product called "Total" with ordinary numbers is a record.
        assert_eq!(
            c.classify(&[Cell::Text("Total"), Cell::Int(7), Cell::Float(1.0)]),
            None
        );
        assert_eq!(
            c.classify(&[Cell::Text("Grand Total"), Cell::Int(12), Cell::Float(5.0)]),
            Some(NotARecord::Totals)
        );
    }
}
