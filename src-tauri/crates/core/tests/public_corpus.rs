//! Every file of the public corpus (`../shared/data/public`, see its SOURCES.md)
//! imports with the row counts SOURCES.md states, or is refused with a clear
//! reason; none panics. The files are never copied into this repository: when
//! the folder is absent the test says so and checks nothing.

use crate::common;
use common::corpus;
use salescope_core::{import_file, ErrorCode, ImportOptions, NoProgress, RecordKind, Store};

/// (sheet, kind, rows imported) per imported sheet, as SOURCES.md counts them.
type Expect = &'static [(Option<&'static str>, RecordKind, u64)];

const IMPORTS: &[(&str, Expect)] = &[
    (
        "tableau_sample_superstore_2015_biff8.xls",
        &[
            (Some("Orders"), RecordKind::Orders, 9_994),
            (Some("Returns"), RecordKind::Lookup, 296),
            (Some("People"), RecordKind::Lookup, 4),
        ],
    ),
    (
        "powerbi_financial_sample.xlsx",
        &[(Some("Sheet1"), RecordKind::Orders, 700)],
    ),
    (
        "kaggle_sales_data_sample_mixed_date_formats.csv",
        &[(None, RecordKind::Orders, 2_823)],
    ),
    (
        "kaggle_sales_data_sample_currency_text.csv",
        &[(None, RecordKind::Orders, 2_823)],
    ),
    // 500 Prospecting deals have no engage (created) date and are skipped with that reason.
    (
        "maven_crm_sales_pipeline.csv",
        &[(None, RecordKind::Deals, 8_300)],
    ),
    (
        "maven_crm_sales_teams.csv",
        &[(None, RecordKind::Lookup, 35)],
    ),
    (
        "tableau_exemple_hypermarche_achats_fr_semicolon.csv",
        &[(None, RecordKind::Orders, 10_000)],
    ),
    (
        "aws_saas_sales_utf8_bom.csv",
        &[(None, RecordKind::Orders, 9_994)],
    ),
    (
        "superstore_2019_orders_returns.xlsb",
        &[
            (Some("Orders"), RecordKind::Orders, 9_994),
            (Some("Returns"), RecordKind::Lookup, 800),
        ],
    ),
    (
        "superstore_excel_online_pivots.ods",
        &[(Some("data"), RecordKind::Orders, 9_994)],
    ),
    (
        "superstore_libreoffice_text_dates.ods",
        &[(Some("superstore"), RecordKind::Orders, 9_994)],
    ),
    (
        "retail_sales_report_commission_with_totals.xlsx",
        &[(Some("Sheet1"), RecordKind::Orders, 399)],
    ),
    // 11,632 rows; the one whose OrderDate is Excel's empty date (Monday, 1 January 1900)
    // has no real order date and is skipped with that reason.
    (
        "contoso_sales_text_dates.xlsx",
        &[(Some("Sheet1"), RecordKind::Orders, 11_631)],
    ),
];

#[test]
fn every_public_file_imports_with_the_documented_row_counts() {
    let Some(dir) = corpus() else { return };
    let mut store = Store::open_in_memory().unwrap();
    for (file, expect) in IMPORTS {
        let r = import_file(
            &mut store,
            &dir.join(file),
            &ImportOptions::default(),
            &NoProgress,
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        let got: Vec<(Option<&str>, RecordKind, u64)> = r
            .sheets
            .iter()
            .map(|s| (s.sheet.as_deref(), s.kind, s.rows_imported))
            .collect();
        assert_eq!(got, expect.to_vec(), "{file}");
    }
    let c = store.conn();
    let q = |sql: &str| -> String { c.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap() };
    // Kaggle: both spellings of ORDERDATE read month-first; "NA" stays North America.
    assert_eq!(
        q("SELECT group_concat(d, ',') FROM (SELECT DISTINCT min(order_date) || '..' || max(order_date) AS d FROM orders o JOIN datasets s ON s.id = o.dataset_id WHERE s.file_name LIKE 'kaggle%' GROUP BY s.id)"),
        "2003-01-06..2005-05-31"
    );
    assert_eq!(q("SELECT CAST(count(*) AS TEXT) FROM orders o JOIN datasets s ON s.id = o.dataset_id WHERE s.file_name = 'kaggle_sales_data_sample_currency_text.csv' AND region = 'NA'"), "1074");
    // The same money total whether saved as numbers or as " $2,871.00 " text.
    assert_eq!(
        q("SELECT group_concat(t, ',') FROM (SELECT printf('%.2f', sum(revenue)) AS t FROM orders o JOIN datasets s ON s.id = o.dataset_id WHERE s.file_name LIKE 'kaggle%' GROUP BY s.id)"),
        "10032628.85,10032628.85"
    );
    // DOS 850 letters decoded: SOURCES.md counts 19 bytes 0x84 (ä) in each of the two files.
    assert_eq!(
        q("SELECT CAST(count(*) AS TEXT) FROM orders WHERE extra LIKE '%Berguvsvägen%'"),
        "38"
    );
    // Maven: the Won/Lost counts of SOURCES.md; the rep lookup gives every deal an office.
    assert_eq!(q("SELECT group_concat(stage || '=' || n, ',') FROM (SELECT stage, count(*) n FROM deals GROUP BY stage ORDER BY stage)"), "lost=2473,open=1589,won=4238");
    let offices = common::dimension_counts(&store, RecordKind::Deals, "region");
    assert_eq!(offices.iter().map(|(_, n)| n).sum::<u64>(), 8_300);
    assert_eq!(
        offices.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(),
        vec!["Central", "East", "West"]
    );
    // French file: day-first dates, euro amounts with narrow no-break spaces.
    assert_eq!(q("SELECT min(order_date) || '..' || max(order_date) FROM orders o JOIN datasets s ON s.id = o.dataset_id WHERE s.file_name LIKE 'tableau_exemple%'"), "2020-01-01..2023-12-30");
    // Superstore 2015 xls: regions as SOURCES.md counts them.
    assert_eq!(
        q("SELECT group_concat(region || '=' || n, ',') FROM (SELECT region, count(*) n FROM orders o JOIN datasets s ON s.id = o.dataset_id WHERE s.file_name LIKE 'tableau_sample%' GROUP BY region ORDER BY region)"),
        "Central=2323,East=2848,South=1620,West=3203"
    );
    // The postal code with a leading zero stays text.
    assert_eq!(q("SELECT CAST(count(*) AS TEXT) FROM orders o JOIN datasets s ON s.id = o.dataset_id WHERE s.file_name LIKE 'tableau_sample%' AND json_extract(extra, '$.\"Postal Code\"') = '05408'"), "11");
    // Contoso text dates, including the 1900 placeholder.
    assert_eq!(q("SELECT min(order_date) FROM orders o JOIN datasets s ON s.id = o.dataset_id WHERE s.file_name LIKE 'contoso%'"), "2019-01-01");
}

#[test]
fn report_only_files_are_refused_with_reasons() {
    let Some(dir) = corpus() else { return };
    let mut store = Store::open_in_memory().unwrap();
    for (file, reasons) in [(
        "anp_fuel_sales_pivot_report_ptbr.ods",
        vec!["\"DPCache_m3\": a report with months as columns (header row 1)"],
    )] {
        let err = import_file(
            &mut store,
            &dir.join(file),
            &ImportOptions::default(),
            &NoProgress,
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::NoTable, "{file}");
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("{file}: no sheet holds a table of records")),
            "{text}"
        );
        for r in reasons {
            assert!(text.contains(r), "{file}: {text} lacks {r}");
        }
    }
    // A workbook of one report (beside an empty sheet) is refused in one sentence.
    let file = "rep_sales_2024q1_zh_tw_xlsx_content_named_ods.ods";
    let err = import_file(
        &mut store,
        &dir.join(file),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NoTable, "{file}");
    assert_eq!(
        err.to_string(),
        format!("{file}: sheet \"2024Q1\" is a report with months as columns (header row 2), not one record per row; export one row per order with its date instead")
    );
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM datasets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}
