//! What the desktop window asks of the core: the import wizard's preview, the
//! wizard's per-sheet choices, the home and detail views, period stepping.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::sample_store;
use rust_xlsxwriter::Workbook;
use salescope_core::{
    import_file, preview, ColumnType, FileFormat, ImportOptions, NoProgress, RecordKind,
    SheetMapping, Store,
};
use salescope_core::{ChartKind, FilterPair, ViewQuery, Workspace};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const DEALS: &str = "Quarterly deals export\n\
Deal ID,Owner,Amount,Stage,Created,Closed On,Notes\n\
D-1,Ann,\"1,200.50\",Closed Won,2024-01-03,2024-02-01,first\n\
D-2,Bob,800,Closed Lost,2024-01-05,2024-02-10,\n\
D-3,Ann,n/a,Negotiation,2024-01-09,,call back\n";

#[test]
fn preview_shows_the_header_types_roles_and_first_rows_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "deals.csv", DEALS);
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let p = preview(&mut store, &file, None, &SheetMapping::default()).unwrap();
    assert_eq!(p.format, FileFormat::Csv);
    assert_eq!(p.delimiter.as_deref(), Some("comma"));
    assert!(p.sheets.is_empty() && p.sheet.is_none() && p.skipped.is_none());
    let t = p.table.unwrap();
    assert_eq!(t.header_row, 2);
    assert_eq!(t.kind, Some(RecordKind::Deals));
    assert!(!t.remembered);
    assert!(t.missing.is_empty());
    let cols: Vec<(&str, ColumnType, Option<&str>)> = t
        .columns
        .iter()
        .map(|c| (c.header.as_str(), c.column_type, c.role.as_deref()))
        .collect();
    assert_eq!(
        cols,
        vec![
            ("Deal ID", ColumnType::Text, Some("deal_id")),
            ("Owner", ColumnType::Text, Some("rep")),
            ("Amount", ColumnType::Decimal, Some("amount")),
            ("Stage", ColumnType::Text, Some("stage")),
            ("Created", ColumnType::Date, Some("created_date")),
            ("Closed On", ColumnType::Date, Some("close_date")),
            ("Notes", ColumnType::Text, None),
        ]
    );
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0].row, 3);
    assert_eq!(t.rows[0].cells[..3], ["D-1", "Ann", "1,200.50"]);
    // "n/a" is a null marker, not an odd cell; nothing else is odd.
    assert!(t.rows.iter().all(|r| r.odd.is_empty()));
    // The roles a deals column can take, the required ones first.
    let required: Vec<&str> = t
        .roles
        .iter()
        .take_while(|r| r.required)
        .map(|r| r.role.as_str())
        .collect();
    assert!(
        required.contains(&"stage") && required.contains(&"created_date"),
        "{required:?}"
    );
    assert!(t.roles[required.len()..].iter().all(|r| !r.required));
    assert_eq!(
        store.datasets().unwrap().len(),
        0,
        "a preview writes nothing"
    );
}

#[test]
fn a_kind_chosen_in_the_wizard_reassigns_roles_and_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "deals.csv", DEALS);
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let as_leads = SheetMapping {
        kind: Some(RecordKind::Leads),
        roles: BTreeMap::new(),
    };
    let t = preview(&mut store, &file, None, &as_leads)
        .unwrap()
        .table
        .unwrap();
    assert_eq!(t.kind, Some(RecordKind::Leads));
    assert!(t
        .roles
        .iter()
        .any(|r| r.role == "created_date" && r.required));
    assert!(t.roles.iter().all(|r| r.role != "stage" || !r.required));

    // A role given by hand moves to its column.
    let mut roles = BTreeMap::new();
    roles.insert("Closed On".to_string(), Some("created_date".to_string()));
    let p = preview(
        &mut store,
        &file,
        None,
        &SheetMapping {
            kind: Some(RecordKind::Leads),
            roles,
        },
    )
    .unwrap();
    let t = p.table.unwrap();
    let role_of = |h: &str| {
        t.columns
            .iter()
            .find(|c| c.header == h)
            .unwrap()
            .role
            .clone()
    };
    assert_eq!(role_of("Closed On").as_deref(), Some("created_date"));
    assert_ne!(role_of("Created").as_deref(), Some("created_date"));
}

#[test]
fn a_mapping_confirmed_in_the_wizard_is_remembered_for_the_next_file() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "deals.csv", DEALS);
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let mut roles = BTreeMap::new();
    roles.insert("Notes".to_string(), Some("product".to_string()));
    let mut opts = ImportOptions::default();
    opts.mappings.insert(
        String::new(),
        SheetMapping {
            kind: Some(RecordKind::Deals),
            roles,
        },
    );
    let r = import_file(&mut store, &first, &opts, &NoProgress).unwrap();
    let cols = &r.sheets[0].columns;
    assert_eq!(
        cols.iter()
            .find(|c| c.header == "Notes")
            .unwrap()
            .role
            .as_deref(),
        Some("product")
    );

    // Next month's export: same header, other rows.
    let second = write(
        dir.path(),
        "deals-next.csv",
        &DEALS.replace("D-1,Ann", "D-9,Cy"),
    );
    let t = preview(&mut store, &second, None, &SheetMapping::default())
        .unwrap()
        .table
        .unwrap();
    assert!(t.remembered);
    assert_eq!(t.kind, Some(RecordKind::Deals));
    assert_eq!(
        t.columns
            .iter()
            .find(|c| c.header == "Notes")
            .unwrap()
            .role
            .as_deref(),
        Some("product")
    );
    // The first file again: the preview says it is already in the database.
    let again = preview(&mut store, &first, None, &SheetMapping::default()).unwrap();
    assert_eq!(again.imported_as, Some(r.sheets[0].dataset_id));
}

fn two_sheet_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Read me").unwrap();
    notes
        .write(
            0,
            0,
            "This workbook holds the leads of the spring campaign.",
        )
        .unwrap();
    let leads = wb.add_worksheet();
    leads.set_name("Leads").unwrap();
    for (c, h) in ["Lead", "Created", "Source", "Owner"].iter().enumerate() {
        leads.write(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("L-1", "2024-03-01", "Web", "Ann"),
        ("L-2", "2024-03-02", "Fair", "Bob"),
    ];
    for (r, (a, b, c, d)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        leads.write(r, 0, *a).unwrap();
        leads.write(r, 1, *b).unwrap();
        leads.write(r, 2, *c).unwrap();
        leads.write(r, 3, *d).unwrap();
    }
    let spend = wb.add_worksheet();
    spend.set_name("Spend").unwrap();
    for (c, h) in ["Month", "Channel", "Spend"].iter().enumerate() {
        spend.write(0, c as u16, *h).unwrap();
    }
    spend.write(1, 0, "2024-03").unwrap();
    spend.write(1, 1, "Web").unwrap();
    spend.write(1, 2, 500).unwrap();
    wb.save(path).unwrap();
}

#[test]
fn an_undecided_file_opens_the_wizard_on_the_closest_kind_with_guesses() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "odd.csv",
        "Opened,Phase,Worth,Owner\n2024-01-05,Alpha,100,Ann\n2024-01-06,Beta,200,Bob\n",
    );
    let mut store = Store::open_in_memory().unwrap();
    let p = preview(&mut store, &file, None, &SheetMapping::default()).unwrap();
    let t = p.table.unwrap();
    assert_eq!(t.kind, Some(RecordKind::Deals));
    let roles: Vec<Option<&str>> = t.columns.iter().map(|c| c.role.as_deref()).collect();
    assert_eq!(
        roles,
        [
            Some("created_date"),
            Some("stage"),
            Some("amount"),
            Some("rep")
        ]
    );
    assert!(t.missing.is_empty());
    assert!(t
        .kind_reason
        .unwrap()
        .starts_with("no record kind recognised from the header on row 1"));
}

#[test]
fn a_workbook_preview_opens_on_the_first_sheet_with_records_and_lists_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("campaign.xlsx");
    two_sheet_workbook(&file);
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let p = preview(&mut store, &file, None, &SheetMapping::default()).unwrap();
    assert_eq!(p.format, FileFormat::Xlsx);
    let names: Vec<&str> = p.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Read me", "Leads", "Spend"]);
    assert_eq!(p.sheet.as_deref(), Some("Leads"));
    assert_eq!(p.table.unwrap().kind, Some(RecordKind::Leads));

    let readme = preview(&mut store, &file, Some("Read me"), &SheetMapping::default()).unwrap();
    let t = readme.table.unwrap();
    assert_eq!(t.kind, None);
    assert!(t.kind_reason.unwrap().contains("no record kind recognised"));
    assert!(t.rows.is_empty() && t.roles.is_empty());

    let e = preview(&mut store, &file, Some("Nope"), &SheetMapping::default()).unwrap_err();
    assert!(e.to_string().contains("there is no sheet \"Nope\""), "{e}");
}

#[test]
fn the_wizard_imports_only_the_sheets_ticked_with_each_sheets_own_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("campaign.xlsx");
    two_sheet_workbook(&file);
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let mut roles = BTreeMap::new();
    roles.insert("Source".to_string(), None);
    let mut opts = ImportOptions {
        sheets: vec!["Leads".into()],
        ..ImportOptions::default()
    };
    opts.mappings.insert(
        "Leads".into(),
        SheetMapping {
            kind: Some(RecordKind::Leads),
            roles,
        },
    );
    let r = import_file(&mut store, &file, &opts, &NoProgress).unwrap();
    assert_eq!(r.sheets.len(), 1);
    assert_eq!(r.sheets[0].sheet.as_deref(), Some("Leads"));
    assert_eq!(r.sheets[0].rows_imported, 2);
    let source = r.sheets[0]
        .columns
        .iter()
        .find(|c| c.header == "Source")
        .unwrap();
    assert_eq!(source.role, None);
    assert_eq!(
        store.datasets().unwrap().len(),
        1,
        "the Spend sheet was not ticked"
    );

    // A ticked sheet that holds no table is an error naming it, and nothing is written.
    let bad = ImportOptions {
        sheets: vec!["Read me".into(), "Spend".into()],
        ..ImportOptions::default()
    };
    let e = import_file(&mut store, &file, &bad, &NoProgress).unwrap_err();
    assert_eq!(
        e.location.as_ref().unwrap().sheet.as_deref(),
        Some("Read me")
    );
    assert_eq!(store.datasets().unwrap().len(), 1);
}

#[test]
fn home_draws_a_tile_per_kpi_that_matches_the_single_chart_export() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let v = ViewQuery {
        period: Some("2025-Q2".into()),
        filter: vec![FilterPair {
            dimension: "region".into(),
            value: "East".into(),
        }],
        today: Some("2025-11-10".into()),
    };
    let home = salescope_core::home(&ctx, &v).unwrap();
    assert_eq!(home.scorecard.period.label, "2025-Q2");
    assert_eq!(home.scorecard.filter, v.filter);
    assert_eq!(home.tiles.len(), home.scorecard.kpis.len());
    for (t, k) in home.tiles.iter().zip(&home.scorecard.kpis) {
        assert_eq!(t.spec, format!("tile:{}", k.id));
        assert!(t.svg.contains("viewBox=\"0 0 320 180\""), "{}", t.spec);
        // Text is outlines: no <text> element reaches the window.
        assert!(!t.svg.contains("<text"), "{}", t.spec);
    }
    // The tiles are drawn together (one scorecard, one tally per month); each
    // must be exactly what drawing it alone gives.
    let q = v.query().unwrap();
    for t in home.tiles.iter().step_by(5) {
        let kind = ChartKind::parse(&t.spec).unwrap();
        let alone = salescope_core::internals::chart_data::build(&ctx, &q, &kind).unwrap();
        let svg =
            salescope_core::display_svg(&salescope_core::svg(&alone, 320, 180, false).unwrap())
                .unwrap();
        assert_eq!(svg, t.svg, "{}", t.spec);
    }
}

#[test]
fn detail_has_gauge_trend_and_a_breakdown_per_dimension_and_the_kpis_goals() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let v = ViewQuery {
        period: Some("2025-Q2".into()),
        ..ViewQuery::default()
    };
    let goals = salescope_core::list_goals(store.conn()).unwrap();
    let d = salescope_core::detail(&ctx, &v, "total_revenue", goals.clone()).unwrap();
    let specs: Vec<&str> = d.charts.iter().map(|c| c.spec.as_str()).collect();
    assert_eq!(
        specs,
        [
            "gauge:total_revenue",
            "trend:total_revenue",
            "breakdown:total_revenue:team",
            "breakdown:total_revenue:region",
            "breakdown:total_revenue:product",
            "breakdown:total_revenue:rep",
        ]
    );
    let card = salescope_core::scorecard(&ctx, &v.query().unwrap()).unwrap();
    let k = card.kpis.iter().find(|k| k.id == "total_revenue").unwrap();
    assert_eq!(d.kpi.value, k.value);
    assert_eq!(d.info.name, k.name);
    let want = goals.iter().filter(|g| g.kpi == "total_revenue").count();
    assert!(want > 0);
    assert_eq!(d.goals.len(), want);
    assert!(d.goals.iter().all(|g| g.kpi == "total_revenue"));

    let e = salescope_core::detail(&ctx, &v, "nonsense", vec![]).unwrap_err();
    assert!(e.to_string().contains("nonsense"), "{e}");
}

#[test]
fn periods_step_by_their_kind_from_the_default_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let default = salescope_core::resolve_period(ctx.facts, ctx.settings, None)
        .unwrap()
        .label();
    assert_eq!(salescope_core::step_period(&ctx, None, 0).unwrap(), default);
    assert_eq!(
        salescope_core::step_period(&ctx, Some("2025-03"), -1).unwrap(),
        "2025-02"
    );
    assert_eq!(
        salescope_core::step_period(&ctx, Some("2025-Q4"), 1).unwrap(),
        "2026-Q1"
    );
    assert_eq!(
        salescope_core::step_period(&ctx, Some("2024"), 2).unwrap(),
        "2026"
    );
    // Stepping stops at the calendar's edge (years 1 to 9999) instead of
    // running off it.
    assert_eq!(
        salescope_core::step_period(&ctx, Some("0001-01-01..9999-12-31"), -30).unwrap(),
        "0001-01-01..9999-12-31"
    );
    assert_eq!(
        salescope_core::step_period(&ctx, Some("9998"), 5).unwrap(),
        "9999"
    );
    let e = salescope_core::step_period(&ctx, Some("spring"), 1).unwrap_err();
    assert!(e.to_string().contains("spring"), "{e}");
    // A filter naming an unknown dimension is refused, not ignored.
    let q = ViewQuery {
        filter: vec![FilterPair {
            dimension: "".into(),
            value: "x".into(),
        }],
        ..ViewQuery::default()
    };
    assert!(q.query().is_err());
}
