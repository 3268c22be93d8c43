//! KPIs over the public corpus (`../shared/data/public`) against an independent
//! computation from the raw files in plain Rust (the csv crate and calamine
//! directly, not the importer or the engine). When the folder is absent the
//! test says so and checks nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::common;
use common::corpus;

use calamine::{open_workbook_auto, Data, Reader};
use salescope_core::{import_file, ImportOptions, NoProgress, Query, Scorecard, Store, Workspace};

fn store_with(files: &[PathBuf]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p.db")).unwrap();
    for f in files {
        import_file(&mut store, f, &ImportOptions::default(), &NoProgress)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
    (dir, store)
}

fn card(ws: &Workspace, period: &str, filter: &[String]) -> Scorecard {
    salescope_core::scorecard(
        &ws.context(),
        &Query {
            period: Some(period.into()),
            filter: salescope_core::parse_filter(filter).unwrap(),
            ..Query::default()
        },
    )
    .unwrap()
}

fn value(c: &Scorecard, id: &str) -> Option<f64> {
    c.kpis.iter().find(|k| k.id == id).unwrap().value
}

#[track_caller]
fn same(got: Option<f64>, want: f64, what: &str) {
    let g = got.unwrap_or_else(|| panic!("{what}: no value, wanted {want}"));
    assert!(
        (g - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: engine {g}, independent {want}"
    );
}

#[derive(Default, Debug)]
struct Closed {
    won: u64,
    lost: u64,
    revenue: f64,
    cycle_days: i64,
}

fn quarter(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}-Q{}", d.year(), d.month0() / 3 + 1)
}

#[test]
fn maven_pipeline_win_rate_revenue_and_cycle_per_quarter_and_office() {
    let Some(dir) = corpus() else { return };
    let pipeline = dir.join("maven_crm_sales_pipeline.csv");
    let teams = dir.join("maven_crm_sales_teams.csv");

    // Independent: rep -> regional office, then won/lost deals by close quarter.
    let mut office: HashMap<String, String> = HashMap::new();
    for r in csv::Reader::from_path(&teams).unwrap().records() {
        let r = r.unwrap();
        office.insert(r[0].to_string(), r[2].to_string());
    }
    let mut by: BTreeMap<(String, String), Closed> = BTreeMap::new();
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    for r in csv::Reader::from_path(&pipeline).unwrap().records() {
        let r = r.unwrap();
        // opportunity_id, sales_agent, product, account, deal_stage, engage_date, close_date, close_value
        let (Some(engaged), Some(closed)) = (date(&r[5]), date(&r[6])) else {
            continue;
        };
        let q = quarter(closed);
        for key in [(q.clone(), String::new()), (q, office[&r[1]].clone())] {
            let c = by.entry(key).or_default();
            match &r[4] {
                "Won" => {
                    c.won += 1;
                    c.revenue += r[7].parse::<f64>().unwrap_or(0.0);
                    c.cycle_days += (closed - engaged).num_days();
                }
                "Lost" => c.lost += 1,
                _ => {}
            }
        }
    }
    assert_eq!(
        by.keys().filter(|(_, o)| o.is_empty()).count(),
        4,
        "{:?}",
        by.keys()
    );

    let (_d, store) = store_with(&[pipeline, teams]);
    let ws = Workspace::load(&store).unwrap();
    let mut checked = 0;
    for ((q, office), c) in &by {
        let filter: Vec<String> = if office.is_empty() {
            vec![]
        } else {
            vec![format!("region={office}")]
        };
        let s = card(&ws, q, &filter);
        let what = |k: &str| format!("{k} {q} {office}");
        same(
            value(&s, "win_rate"),
            c.won as f64 / (c.won + c.lost) as f64,
            &what("win_rate"),
        );
        same(
            value(&s, "total_revenue"),
            c.revenue,
            &what("total_revenue"),
        );
        same(value(&s, "deals_won"), c.won as f64, &what("deals_won"));
        same(
            value(&s, "sales_cycle_days"),
            c.cycle_days as f64 / c.won as f64,
            &what("sales_cycle_days"),
        );
        checked += 1;
    }
    // The four quarters of 2017, each for the company and its 3 offices.
    assert_eq!(checked, 16);
}

/// Sales by (region, year of order date) read straight from a workbook's Orders sheet.
fn superstore_sales(path: &Path, sheet: &str) -> BTreeMap<(String, i32), f64> {
    use chrono::Datelike;
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name).unwrap();
    let (date, region, sales) = (col("Order Date"), col("Region"), col("Sales"));
    let mut out = BTreeMap::new();
    for r in rows {
        let d = match &r[date] {
            Data::DateTime(dt) => dt.as_datetime().unwrap().date(),
            Data::Float(f) => {
                let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
                epoch + chrono::Days::new(*f as u64)
            }
            Data::Empty => continue,
            other => panic!("unexpected order date {other:?}"),
        };
        let s = match &r[sales] {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("unexpected sales {other:?}"),
        };
        *out.entry((r[region].to_string(), d.year())).or_insert(0.0) += s;
    }
    out
}

#[test]
fn superstore_revenue_by_region_and_year() {
    let Some(dir) = corpus() else { return };
    for (file, sheet) in [
        ("tableau_sample_superstore_2015_biff8.xls", "Orders"),
        ("superstore_2019_orders_returns.xlsb", "Orders"),
    ] {
        let path = dir.join(file);
        let want = superstore_sales(&path, sheet);
        assert_eq!(want.len(), 16, "{file}: 4 regions × 4 years");
        let (_d, store) = store_with(&[path]);
        let ws = Workspace::load(&store).unwrap();
        for ((region, year), sales) in &want {
            let c = card(&ws, &year.to_string(), &[format!("region={region}")]);
            assert_eq!(c.revenue_source, "orders");
            same(
                value(&c, "total_revenue"),
                *sales,
                &format!("{file} {region} {year}"),
            );
        }
        // And the whole company per year is the sum of its regions.
        for year in want
            .keys()
            .map(|(_, y)| *y)
            .collect::<std::collections::BTreeSet<_>>()
        {
            let total: f64 = want
                .iter()
                .filter(|((_, y), _)| *y == year)
                .map(|(_, s)| s)
                .sum();
            let c = card(&ws, &year.to_string(), &[]);
            same(value(&c, "total_revenue"), total, &format!("{file} {year}"));
        }
    }
}
