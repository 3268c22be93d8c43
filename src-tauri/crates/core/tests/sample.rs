//! The sample workbook imports as its kinds, with nothing skipped.

use crate::common::dimension_counts;
use calamine::{open_workbook, Reader, Xlsx};
use salescope_core::internals::sample::{generate, SHEETS};
use salescope_core::{import_file, write_sample, ImportOptions, NoProgress, RecordKind, Store};

#[test]
fn every_sheet_imports_as_its_kind_with_nothing_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_sample(dir.path()).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), SHEETS.to_vec());
    let deals = wb.worksheet_range("Deals").unwrap();
    let header: Vec<String> = deals
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Deal ID",
            "Created Date",
            "Close Date",
            "Stage",
            "Amount",
            "Rep",
            "Team",
            "Region",
            "Product",
            "Customer",
            "Lead Source",
            "Forecast Category",
            "Probability (%)"
        ]
    );

    let mut store = Store::open_in_memory().unwrap();
    let r = import_file(&mut store, &path, &ImportOptions::default(), &NoProgress).unwrap();
    let d = generate();
    let got: Vec<(String, RecordKind, u64, usize)> = r
        .sheets
        .iter()
        .map(|s| {
            (
                s.sheet.clone().unwrap(),
                s.kind,
                s.rows_imported,
                s.skipped.len() + s.warning_count as usize,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "Deals".to_string(),
                RecordKind::Deals,
                d.deals.len() as u64,
                0
            ),
            (
                "Leads".to_string(),
                RecordKind::Leads,
                d.leads.len() as u64,
                0
            ),
            (
                "Activities".to_string(),
                RecordKind::Activities,
                d.activities.len() as u64,
                0
            ),
            (
                "Spend".to_string(),
                RecordKind::Spend,
                d.spend.len() as u64,
                0
            ),
            (
                "Targets".to_string(),
                RecordKind::Targets,
                d.targets.len() as u64,
                0
            ),
            ("Reps".to_string(), RecordKind::Lookup, 12, 0),
        ]
    );
    assert!(r.skipped_sheets.is_empty());
    let c = store.conn();
    let q = |sql: &str| -> String { c.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap() };
    assert_eq!(q("SELECT group_concat(stage || '=' || n) FROM (SELECT stage, count(*) n FROM deals GROUP BY stage ORDER BY stage)"), "lost=2232,open=273,won=938");
    assert_eq!(q("SELECT printf('%.0f', sum(amount)) FROM deals WHERE stage = 'won' AND close_date LIKE '2024%'"), "8147950");
    // The forecast categories and probabilities, as the generator wrote them.
    let count = |f: &str| d.deals.iter().filter(|x| x.forecast == f).count();
    assert_eq!(
        q("SELECT group_concat(forecast_category || '=' || n) FROM (SELECT forecast_category, count(*) n FROM deals GROUP BY forecast_category ORDER BY forecast_category)"),
        format!(
            "best_case={},closed={},commit={},omitted={},pipeline={}",
            count("Best Case"),
            count("Closed"),
            count("Commit"),
            count("Omitted"),
            count("Pipeline")
        )
    );
    let mean = d.deals.iter().map(|x| x.probability / 100.0).sum::<f64>() / d.deals.len() as f64;
    assert_eq!(
        q("SELECT printf('%.6f', avg(probability)) FROM deals"),
        format!("{mean:.6}")
    );
    assert_eq!(
        dimension_counts(&store, RecordKind::Leads, "manager")
            .iter()
            .map(|(m, _)| m.as_str())
            .collect::<Vec<_>>(),
        vec!["Grace Whitman", "Henry Lindqvist", "Ines Moreau"]
    );
}
