//! The real sales and CRM exports of `../shared/data/real` (see its SOURCES.md):
//! each is imported with no kind or mapping given, and must give the right
//! kind, the right number of records (every row that holds one; no totals,
//! blanks or notes), the right sum of its money column and the right first
//! and last date (day-first files read day-first). The expected figures are
//! read here from the raw file with an independent reader (the csv crate,
//! calamine) and plain parsing, never from Salescope's own output.
//! Skipped, with a message, when `../shared` is absent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;
use salescope_core::{import_file, ErrorCode, ImportOptions, NoProgress, RecordKind, Store};

fn real() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/data/real");
    if dir.join("SOURCES.md").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: the real exports are not at {}; nothing was checked",
            dir.display()
        );
        None
    }
}

/// A CSV's rows as header -> text, read with the csv crate (BOM dropped).
fn csv_rows(path: &Path, delimiter: u8) -> Vec<HashMap<String, String>> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_path(path)
        .unwrap();
    let headers: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// A sheet's rows below its header row (1-based), as header -> cell, read with calamine.
fn sheet_rows(path: &Path, sheet: &str, header_row: usize) -> Vec<HashMap<String, Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let offset = range.start().map_or(0, |(r, _)| r as usize);
    let h = &rows[header_row - 1 - offset];
    let headers: Vec<String> = h.iter().map(|c| c.to_string().trim().to_string()).collect();
    rows[header_row - offset..]
        .iter()
        .map(|r| headers.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// `$22,700.00`, `9,326.84`, `7,982`: a US-style amount.
fn us_amount(s: &str) -> Option<f64> {
    let t: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    (!t.is_empty()).then(|| t.parse().unwrap())
}

fn date(s: &str, format: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, format).ok().or_else(|| {
        chrono::NaiveDateTime::parse_from_str(s, format)
            .ok()
            .map(|d| d.date())
    })
}

fn cell_date(c: &Data) -> Option<NaiveDate> {
    match c {
        Data::DateTime(d) => d.as_datetime().map(|d| d.date()),
        Data::DateTimeIso(s) => date(&s[..10.min(s.len())], "%Y-%m-%d"),
        _ => None,
    }
}

fn cell_number(c: &Data) -> Option<f64> {
    match c {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// What a file should give: its records' (date, money) as read independently.
struct Expect {
    kind: RecordKind,
    /// The record table's date column and money column (none: no money).
    date_col: &'static str,
    money_col: Option<&'static str>,
    records: Vec<(NaiveDate, f64)>,
}

impl Expect {
    fn new(
        kind: RecordKind,
        date_col: &'static str,
        money_col: Option<&'static str>,
        records: Vec<(NaiveDate, f64)>,
    ) -> Expect {
        Expect {
            kind,
            date_col,
            money_col,
            records,
        }
    }
}

/// Rows of a sheet that `record` reads as (date, amount).
fn sheet_records(
    name: &str,
    sheet: &str,
    record: impl Fn(&HashMap<String, Data>) -> Option<(NaiveDate, f64)>,
) -> Vec<(NaiveDate, f64)> {
    let Some(dir) = real() else { return Vec::new() };
    sheet_rows(&dir.join(name), sheet, 1)
        .iter()
        .filter_map(record)
        .collect()
}

/// Imports the file into a new database and compares what it holds with the
/// independent reading.
fn check(name: &str, want: Expect) {
    let Some(dir) = real() else { return };
    let path = dir.join(name);
    let db = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db.path().join("r.db")).unwrap();
    let r = import_file(&mut store, &path, &ImportOptions::default(), &NoProgress)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let kinds: Vec<RecordKind> = r.sheets.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [want.kind],
        "{name}: the sheets imported and their kinds"
    );
    let table = want.kind.table();
    let money = want
        .money_col
        .map_or("0".to_string(), |c| format!("sum(\"{c}\")"));
    let (n, sum, first, last): (i64, Option<f64>, Option<String>, Option<String>) = store
        .conn()
        .query_row(
            &format!(
                "SELECT count(*), {money}, min(\"{d}\"), max(\"{d}\") FROM \"{table}\"",
                d = want.date_col
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let records = &want.records;
    assert_eq!(n as usize, records.len(), "{name}: records");
    let expected_sum: f64 = records.iter().map(|r| r.1).sum();
    if want.money_col.is_some() {
        assert_eq!(
            format!("{:.2}", sum.unwrap_or(0.0)),
            format!("{expected_sum:.2}"),
            "{name}: the money column's sum"
        );
    }
    // Targets keep the month (`2016-01`), records the day.
    let len = if want.kind == RecordKind::Targets {
        7
    } else {
        10
    };
    let dates: Vec<NaiveDate> = records.iter().map(|r| r.0).collect();
    let cut = |d: Option<String>| d.map(|d| d[..len].to_string());
    assert_eq!(
        (cut(first), cut(last)),
        (
            cut(dates.iter().min().map(|d| d.to_string())),
            cut(dates.iter().max().map(|d| d.to_string()))
        ),
        "{name}: first and last date"
    );
}

/// Rows of a CSV with a date (in `format`) in `date_col`, and their amount.
fn csv_records(
    name: &str,
    delimiter: u8,
    date_col: &str,
    format: &str,
    money: impl Fn(&HashMap<String, String>) -> f64,
) -> Vec<(NaiveDate, f64)> {
    let Some(dir) = real() else { return Vec::new() };
    csv_rows(&dir.join(name), delimiter)
        .iter()
        .filter_map(|r| date(&r[date_col], format).map(|d| (d, money(r))))
        .collect()
}

#[test]
fn salesforce_opportunities_with_api_names() {
    let name = "salesforce_opportunity_api_names_relationship_cols.csv";
    let records = csv_records(name, b',', "DateTimeCreated__c", "%Y-%m-%d %H:%M:%S", |r| {
        us_amount(&r["Amount"]).unwrap_or(0.0)
    });
    check(
        name,
        Expect::new(RecordKind::Deals, "created_date", Some("amount"), records),
    );
}

#[test]
fn salesforce_leads_with_true_false_strings() {
    let name = "salesforce_leads_api_names_bool_strings.csv";
    let records = csv_records(name, b',', "CreatedDate__c", "%Y-%m-%d %H:%M:%S", |_| 0.0);
    check(
        name,
        Expect::new(RecordKind::Leads, "created_date", None, records),
    );
}

#[test]
fn salesforce_quota_per_rep_and_month() {
    let name = "salesforce_quota_monthly_per_rep.csv";
    let records = csv_records(name, b',', "StartDate__c", "%Y-%m-%d", |r| {
        us_amount(&r["QuotaAmount__c"]).unwrap()
    });
    check(
        name,
        Expect::new(RecordKind::Targets, "period", Some("target"), records),
    );
}

#[test]
fn zoho_potentials_with_dollar_strings_and_comma_dates() {
    let name = "zoho_crm_potentials_dollar_strings_comma_dates.csv";
    let records = csv_records(name, b',', "Created Time", "%d %b, %Y %H:%M:%S", |r| {
        us_amount(&r["Amount"]).unwrap_or(0.0)
    });
    check(
        name,
        Expect::new(RecordKind::Deals, "created_date", Some("amount"), records),
    );
}

#[test]
fn zoho_calls_log() {
    let name = "zoho_crm_calls_activity_log.csv";
    let records = csv_records(name, b',', "Call Start Time", "%Y-%m-%d %H:%M:%S", |_| 0.0);
    check(
        name,
        Expect::new(RecordKind::Activities, "date", None, records),
    );
}

#[test]
fn zoho_sales_orders_day_first() {
    let name = "zoho_crm_sales_orders_ddmm_dates_blank_trailing_cols.csv";
    let records = csv_records(name, b',', "Created Time", "%d-%m-%Y %H:%M", |r| {
        us_amount(&r["Grand Total"]).unwrap_or(0.0)
    });
    check(
        name,
        Expect::new(RecordKind::Orders, "order_date", Some("revenue"), records),
    );
}

#[test]
fn german_daily_sales_day_first_with_bom() {
    let name = "german_daily_sales_bom_crlf_ddmmyyyy.csv";
    let records = csv_records(name, b',', "Datum", "%d.%m.%Y", |r| {
        r["Umsatz"].parse().unwrap()
    });
    check(
        name,
        Expect::new(RecordKind::Orders, "order_date", Some("revenue"), records),
    );
}

#[test]
fn a_csv_named_xls_with_quantity_and_unit_price() {
    let name = "vendas_pt_csv_with_xls_extension_bom.xls";
    let records = csv_records(name, b',', "data_venda", "%Y-%m-%d", |r| {
        r["quantidade"].parse::<f64>().unwrap() * r["preco_unitario"].parse::<f64>().unwrap()
    });
    check(
        name,
        Expect::new(RecordKind::Orders, "order_date", Some("revenue"), records),
    );
}

#[test]
fn brazil_monthly_targets_day_first() {
    let name = "brazil_seller_monthly_targets_semicolon_ddmmyyyy.csv";
    let records = csv_records(name, b';', "Data", "%d/%m/%Y", |r| {
        r["Meta"].parse().unwrap()
    });
    check(
        name,
        Expect::new(RecordKind::Targets, "period", Some("target"), records),
    );
}

#[test]
fn acumatica_opportunities_web_query() {
    let name = "acumatica_opportunities_webquery_fr_en_text_ids.xlsx";
    let records = sheet_records(name, "Data", |r| {
        if r["Stage"].to_string().trim().is_empty() {
            return None;
        }
        Some((
            cell_date(&r["Created On"])?,
            cell_number(&r["Estimated amount"])?,
        ))
    });
    check(
        name,
        Expect::new(RecordKind::Deals, "created_date", Some("amount"), records),
    );
}

#[test]
fn japanese_transactions_with_styled_empty_rows() {
    let name = "japanese_uriage_transactions_subsecond_datetimes.xlsx";
    let records = sheet_records(name, "Sheet1", |r| {
        Some((cell_date(&r["取引日時"])?, cell_number(&r["売上"])?))
    });
    check(
        name,
        Expect::new(RecordKind::Orders, "order_date", Some("revenue"), records),
    );
}

#[test]
fn libreoffice_book_imports_its_flat_table_only() {
    // 17 sheets: six hidden, pivots and reports; the flat table `BD` holds the records.
    let name = "ventas_libreoffice_17_sheets_pivots_blank_first_row.ods";
    let records = sheet_records(name, "BD", |r| {
        Some((
            cell_date(&r["Fecha"])?,
            cell_number(&r["Total"]).unwrap_or(0.0),
        ))
    });
    check(
        name,
        Expect::new(RecordKind::Orders, "order_date", Some("revenue"), records),
    );
}

#[test]
fn brazil_distributor_sales_with_a_date_split_over_three_columns() {
    let name = "brazil_distributor_sales_semicolon_decimal_comma_split_date.csv";
    let Some(dir) = real() else { return };
    let records = csv_rows(&dir.join(name), b';')
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].trim().parse::<u32>().unwrap();
            let day = NaiveDate::from_ymd_opt(n("ANO") as i32, n("MÊS"), n("DIA")).unwrap();
            (
                day,
                r["FATURAMENTO"].replace(',', ".").parse::<f64>().unwrap(),
            )
        })
        .collect();
    check(
        name,
        Expect::new(RecordKind::Orders, "order_date", Some("revenue"), records),
    );
}

#[test]
fn monthly_sales_by_region_beside_a_huge_dashboard_sheet() {
    let name = "sales_targets_monthly_xlsb_1m_row_dashboard_sheet.xlsb";
    let records = sheet_records(name, "Project Data", |r| {
        Some((cell_date(&r["Month"])?, cell_number(&r["Sales"])?))
    });
    check(
        name,
        Expect::new(RecordKind::Orders, "order_date", Some("revenue"), records),
    );
}

#[test]
fn the_targets_beside_monthly_sales_become_goals_when_asked() {
    let name = "sales_targets_monthly_xlsb_1m_row_dashboard_sheet.xlsb";
    let Some(dir) = real() else { return };
    // Independently: the last target per (month, region), as goals replace.
    let mut want: std::collections::BTreeMap<(String, String), f64> = Default::default();
    for r in sheet_rows(&dir.join(name), "Project Data", 1) {
        let (Some(month), Some(target)) = (cell_date(&r["Month"]), cell_number(&r["Target Sales"]))
        else {
            continue;
        };
        want.insert(
            (month.to_string()[..7].to_string(), r["Region"].to_string()),
            target,
        );
    }
    let mut store = Store::open_in_memory().unwrap();
    let opts = ImportOptions {
        with_targets: true,
        ..Default::default()
    };
    import_file(&mut store, &dir.join(name), &opts, &NoProgress).unwrap();
    let goals = salescope_core::list_goals(store.conn()).unwrap();
    let got: std::collections::BTreeMap<(String, String), f64> = goals
        .iter()
        .map(|g| {
            assert_eq!(g.kpi, "total_revenue");
            ((g.period.clone(), g.filter[0].value.clone()), g.target)
        })
        .collect();
    assert_eq!(goals.len(), want.len());
    assert_eq!(got, want);
}

#[test]
fn the_odoo_pivot_is_refused_with_what_to_export() {
    let Some(dir) = real() else { return };
    let mut store = Store::open_in_memory().unwrap();
    let name = "odoo_sales_pivot_es_mx_grouped_rows_totals.xls";
    let e = import_file(
        &mut store,
        &dir.join(name),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NoTable);
    assert_eq!(
        e.to_string(),
        "odoo_sales_pivot_es_mx_grouped_rows_totals.xls: sheet \"Análisis de ventas\" is a pivot report (a cross-table with labels over groups of columns), not a table of records; export the records behind it instead (a list view or a flat table, one row per sale)"
    );
}

#[test]
fn a_report_with_months_as_columns_and_no_year_is_refused_with_what_to_export() {
    // Partner × 1月 … 6月 with no year anywhere: no order can be dated.
    let Some(dir) = real() else { return };
    let mut store = Store::open_in_memory().unwrap();
    let name = "chinese_partner_orders_wps_monthly_totals_row_first.xlsx";
    let e = import_file(
        &mut store,
        &dir.join(name),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NoTable);
    assert_eq!(
        e.to_string(),
        "chinese_partner_orders_wps_monthly_totals_row_first.xlsx: sheet \"合伙人订单金额总排名\" is a report with months as columns (header row 1), not one record per row; export one row per order with its date instead"
    );
}

#[test]
fn a_workbook_without_dates_is_refused_with_what_is_missing() {
    // Executive × Day1 … Day5 with a target, but no date anywhere: the
    // dashboard sheet is no table, and the raw data cannot fall in a period.
    let Some(dir) = real() else { return };
    let mut store = Store::open_in_memory().unwrap();
    let name = "sales_exec_targets_formulas_dashboard_first.xlsm";
    let e = import_file(
        &mut store,
        &dir.join(name),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NoTable);
    let text = e.to_string();
    assert!(
        text.starts_with(&format!("{name}: no sheet holds a table of records")),
        "{text}"
    );
    assert!(
        text.contains("closest: orders (found region ← \"Region\", revenue ← \"Total Sales\"), but an orders sheet needs a column for order date and none fits: no column holds dates"),
        "{text}"
    );
    assert_eq!(store.datasets().unwrap().len(), 0);
}

#[test]
fn the_salesforce_outlook_of_its_last_quarter_matches_the_raw_file() {
    // The export's last day is 2017-06-01, so the outlook is taken then,
    // for 2017-Q2. Computed here from the raw CSV as catalog section 7 says.
    let Some(dir) = real() else { return };
    let name = "salesforce_opportunity_api_names_relationship_cols.csv";
    let mut store = Store::open_in_memory().unwrap();
    import_file(
        &mut store,
        &dir.join(name),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let rows = csv_rows(&dir.join(name), b',');
    let amount = |r: &HashMap<String, String>| r["Amount"].parse::<f64>().unwrap_or(0.0);
    let within = |d: &str, a: &str, b: &str| a <= d && d <= b;
    let (as_of, start, end) = ("2017-06-01", "2017-04-01", "2017-06-30");
    let won = |r: &&HashMap<String, String>| r["StageName"] == "Closed Won";
    let closed_stage = |r: &HashMap<String, String>| {
        r["StageName"] == "Closed Won" || r["StageName"] == "Closed Lost"
    };
    let closed: f64 = rows
        .iter()
        .filter(won)
        .filter(|r| within(&r["CloseDate"], start, as_of))
        .map(amount)
        .sum();
    let open: Vec<&HashMap<String, String>> = rows
        .iter()
        .filter(|r| !closed_stage(r))
        .filter(|r| r["DateTimeCreated__c"][..10] <= *as_of)
        .filter(|r| within(&r["CloseDate"], start, end))
        .collect();
    let sum = |cat: &str| -> f64 {
        open.iter()
            .filter(|r| r["ForecastCategoryName"] == cat)
            .map(|r| amount(r))
            .sum()
    };
    let pipeline: f64 = open
        .iter()
        .filter(|r| r["ForecastCategoryName"] != "Omitted")
        .map(|r| amount(r))
        .sum();
    // The win rate of the 12 months before the quarter.
    let (w0, w1) = ("2016-04-01", "2017-03-31");
    let decided: Vec<&HashMap<String, String>> = rows
        .iter()
        .filter(|r| closed_stage(r) && within(&r["CloseDate"], w0, w1))
        .collect();
    let win_rate = decided.iter().filter(|r| won(r)).count() as f64 / decided.len() as f64;
    assert!(!open.is_empty() && closed > 0.0);

    let ws = salescope_core::Workspace::load(&store).unwrap();
    let o = salescope_core::outlook(
        &ws.context(),
        &salescope_core::Query::default(),
        &salescope_core::WhatIf::default(),
    )
    .unwrap();
    assert_eq!(
        (o.period.label.as_str(), o.as_of.as_str()),
        ("2017-Q2", as_of)
    );
    let f = &o.figures;
    assert_eq!(f.closed, closed);
    assert_eq!(f.commit, closed + sum("Commit"));
    assert_eq!(f.best_case, closed + sum("Commit") + sum("Best Case"));
    assert_eq!(f.pipeline, pipeline);
    assert_eq!(f.open_deals, open.len() as u64);
    assert_eq!(f.plan.rates.win_rate, Some(win_rate));
    assert!((f.weighted.unwrap() - (closed + win_rate * pipeline)).abs() < 1e-6);
    assert_eq!(f.goal, None);
    assert_eq!(f.pipeline_coverage, None);
}
