//! Importer behaviour over small files the tests write: one case per quirk.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::common::{dimension_counts, env};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use salescope_core::{
    import_file, ColumnType, ErrorCode, ImportOptions, ImportReport, NoProgress, Progress,
    ProgressSink, RecordKind, Store,
};

fn col<'a>(r: &'a ImportReport, header: &str) -> &'a salescope_core::ColumnReport {
    r.sheets[0]
        .columns
        .iter()
        .find(|c| c.header == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

const DEALS_CSV: &str = "Deal ID,Created Date,Close Date,Stage,Amount,Rep,Notes\r\n\
D1,2024-01-05,2024-01-25,Closed Won,\"1,000.00\",Ann,\"first, with a comma\"\r\n\
D2,2024-01-10,2024-02-09,Won,3000,Bob,\"two\r\nlines\"\r\n\
D3,2024-01-12,2024-02-01,Closed Lost,500,Ann,\r\n\
D4,2024-02-03,,Negotiation,2000,Cy,\r\n";

#[test]
fn csv_with_crlf_quotes_embedded_delimiters_and_newlines() {
    let mut e = env();
    let p = e.write("deals.csv", DEALS_CSV.as_bytes());
    let r = e.import(&p);
    assert_eq!(r.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(r.delimiter.as_deref(), Some("comma"));
    let s = &r.sheets[0];
    assert_eq!(
        (s.kind, s.rows_imported, s.header_row),
        (RecordKind::Deals, 4, 1)
    );
    assert_eq!(col(&r, "Amount").role.as_deref(), Some("amount"));
    assert_eq!(col(&r, "Notes").role, None);
    assert_eq!(
        e.rows("SELECT deal_id, created_date, close_date, stage, stage_label, amount, rep, extra, source_row FROM deals ORDER BY deal_id"),
        vec![
            vec!["D1", "2024-01-05", "2024-01-25", "won", "Closed Won", "1000", "Ann", r#"{"Notes":"first, with a comma"}"#, "2"],
            vec!["D2", "2024-01-10", "2024-02-09", "won", "Won", "3000", "Bob", r#"{"Notes":"two\r\nlines"}"#, "3"],
            vec!["D3", "2024-01-12", "2024-02-01", "lost", "Closed Lost", "500", "Ann", "NULL", "4"],
            vec!["D4", "2024-02-03", "NULL", "open", "Negotiation", "2000", "Cy", "NULL", "5"],
        ]
    );
}

#[test]
fn semicolon_bom_european_money_and_day_first_dates() {
    let mut e = env();
    let text = "\u{feff}Date de commande;Ventes;Remise;Région;Quantité\r\n\
05/03/2024;1\u{202f}234,50 €;10%;Nord;3\r\n\
24/03/2024;-196 €;0%;Sud;1\r\n\
01/04/2024;€ 162;50%;Nord;2\r\n";
    let p = e.write("achats.csv", text.as_bytes());
    let r = e.import(&p);
    assert_eq!(r.encoding.as_deref(), Some("UTF-8 with BOM"));
    assert_eq!(r.delimiter.as_deref(), Some("semicolon"));
    assert_eq!(r.sheets[0].kind, RecordKind::Orders);
    assert_eq!(col(&r, "Ventes").column_type, ColumnType::Money);
    assert_eq!(col(&r, "Ventes").currency.as_deref(), Some("€"));
    assert_eq!(col(&r, "Remise").column_type, ColumnType::Percent);
    assert_eq!(
        e.rows("SELECT order_date, revenue, discount, region, quantity FROM orders ORDER BY source_row"),
        vec![
            vec!["2024-03-05", "1234.5", "0.1", "Nord", "3"],
            vec!["2024-03-24", "-196", "0", "Sud", "1"],
            vec!["2024-04-01", "162", "0.5", "Nord", "2"],
        ]
    );
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        let b = if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn utf16_unicode_text_as_excel_writes_it() {
    for (be, label) in [(false, "UTF-16 LE"), (true, "UTF-16 BE")] {
        let mut e = env();
        let text = "Order Date\tRevenue\tCustomer\r\n2024-03-01\t10.5\tSão Paulo Ltda\r\n2024-03-02\t20\tZürich AG\r\n";
        let p = e.write("unicode.txt", &utf16(text, be));
        let r = e.import(&p);
        assert_eq!(r.encoding.as_deref(), Some(label));
        assert_eq!(r.delimiter.as_deref(), Some("tab"));
        assert_eq!(
            e.rows("SELECT customer, revenue FROM orders ORDER BY source_row"),
            vec![vec!["São Paulo Ltda", "10.5"], vec!["Zürich AG", "20"]]
        );
    }
}

#[test]
fn legacy_encodings_windows_1252_and_dos_850() {
    let mut e = env();
    // Windows-1252: é is 0xE9.
    let mut bytes =
        b"Order Date|Revenue|Customer\n2024-03-01|5|Caf\xe9 Noir\n2024-03-02|6|Ren\xe9e\n".to_vec();
    let p = e.write("cp1252.csv", &bytes);
    let r = e.import(&p);
    assert_eq!(
        (r.encoding.as_deref(), r.delimiter.as_deref()),
        (Some("Windows-1252"), Some("pipe"))
    );
    assert_eq!(
        e.one("SELECT customer FROM orders WHERE revenue = 5"),
        "Café Noir"
    );
    // DOS 850, as the Kaggle sample: 0x84 = ä, 0xA1 = í, 0xA4 = ñ.
    bytes = b"Order Date,Revenue,Customer\n2024-03-01,7,Berguvsv\x84gen\n2024-03-02,8,Mart\xa1n\n2024-03-03,9,Catalu\xa4a\n".to_vec();
    let p = e.write("cp850.csv", &bytes);
    let r = e.import(&p);
    assert_eq!(r.encoding.as_deref(), Some("DOS code page 850"));
    assert_eq!(
        e.rows("SELECT customer FROM orders WHERE revenue >= 7 ORDER BY revenue"),
        vec![vec!["Berguvsvägen"], vec!["Martín"], vec!["Cataluña"]]
    );
}

#[test]
fn leading_zeros_parentheses_and_mismatches_with_locations() {
    let mut e = env();
    let text = "Order ID,Order Date,Sales,Postal Code,Units\n\
A1,2024-03-01,$1.00,05408,3\n\
A2,2024-03-02,($12.50),10024,4\n\
A3,2024-03-03,$7.00,94110,four\n\
A4,2024-03-04,$2.00,00501,5\n\
A5,2024-03-05,$2.00,02134,6\n\
A6,2024-03-06,$2.00,60601,7\n\
A7,2024-03-07,$2.00,60602,8\n\
A8,2024-03-08,$2.00,60603,9\n\
A9,2024-03-09,$2.00,60604,10\n\
A10,2024-03-10,$2.00,60605,11\n";
    let p = e.write("orders.csv", text.as_bytes());
    let r = e.import(&p);
    assert_eq!(col(&r, "Postal Code").column_type, ColumnType::Text);
    assert_eq!(col(&r, "Sales").column_type, ColumnType::Money);
    assert_eq!(col(&r, "Units").column_type, ColumnType::Integer);
    assert_eq!(col(&r, "Units").mismatches, 1);
    let s = &r.sheets[0];
    assert_eq!(s.warning_count, 1);
    let w = &s.warnings[0];
    assert_eq!(
        w.location.to_string(),
        "orders.csv, row 4, column E \"Units\""
    );
    assert_eq!(w.message, "\"four\" is not a whole number; kept as text");
    assert_eq!(
        e.one("SELECT revenue FROM orders WHERE order_id = 'A2'"),
        "-12.5"
    );
    // The mismatching cell is kept as raw text; the postal code keeps its zero.
    assert_eq!(
        e.one("SELECT extra FROM orders WHERE order_id = 'A3'"),
        r#"{"Postal Code":"94110","Units":"four"}"#
    );
    assert_eq!(
        e.one("SELECT json_extract(extra, '$.\"Postal Code\"') FROM orders WHERE order_id = 'A1'"),
        "05408"
    );
}

#[test]
fn month_first_and_text_dates() {
    let mut e = env();
    let text = "Order Date,Ship Date,Revenue\n\
2/24/2003 0:00,\"Wednesday, 10 April 2019\",1\n\
05/07/2003 00:00,\"Monday, 1 January 1900\",2\n\
12/1/2004 0:00,,3\n";
    let p = e.write("dates.csv", text.as_bytes());
    let r = e.import(&p);
    assert_eq!(col(&r, "Order Date").column_type, ColumnType::Date);
    assert_eq!(col(&r, "Ship Date").column_type, ColumnType::Date);
    assert_eq!(
        e.rows("SELECT order_date, json_extract(extra, '$.\"Ship Date\"') FROM orders ORDER BY source_row"),
        vec![
            vec!["2003-02-24", "2019-04-10"],
            vec!["2003-05-07", "Monday, 1 January 1900"],
            vec!["2004-12-01", "NULL"],
        ]
    );
    // Excel's empty date is not a day in 1900: it is kept as text and said so.
    let w = &r.sheets[0].warnings;
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].location.to_string(),
        "dates.csv, row 3, column B \"Ship Date\""
    );
    assert_eq!(
        w[0].message,
        "\"Monday, 1 January 1900\" is Excel's empty date (1900-01-01), not a real date; treated as no date"
    );
}

/// An xlsx written by rust_xlsxwriter; `date1904` patches the workbook to the
/// 1904 date system (the serials written are then read 1,462 days later).
fn xlsx(path: &Path, build: impl FnOnce(&mut Workbook), date1904: bool) {
    let mut wb = Workbook::new();
    build(&mut wb);
    wb.save(path).unwrap();
    if date1904 {
        let data = std::fs::read(path).unwrap();
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(data)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).unwrap();
            if name == "xl/workbook.xml" {
                let s = String::from_utf8(buf).unwrap();
                let s = if s.contains("<workbookPr") {
                    s.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
                } else {
                    s.replacen("<bookViews>", "<workbookPr date1904=\"1\"/><bookViews>", 1)
                };
                buf = s.into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&buf).unwrap();
        }
        std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
    }
}

fn orders_sheet(wb: &mut Workbook) {
    let ws = wb.add_worksheet().set_name("Orders").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write(0, 0, "Quarterly sales export").unwrap();
    ws.write_row(3, 0, ["Order Date", " Sales", "Region", "Postal Code"])
        .unwrap();
    let rows = [
        ((2024, 3, 1), 100.5, "North", "05408"),
        ((2024, 3, 2), 200.0, "South", "10024"),
        ((2024, 4, 15), 50.25, "North", "00501"),
    ];
    for (i, ((y, m, d), v, reg, zip)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_datetime_with_format(r, 0, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date)
            .unwrap();
        ws.write(r, 1, *v).unwrap();
        ws.write(r, 2, *reg).unwrap();
        ws.write(r, 3, *zip).unwrap();
    }
    ws.write(8, 0, "Grand Total").unwrap();
    ws.write(8, 1, 350.75).unwrap();
}

#[test]
fn workbook_with_title_rows_trimmed_header_and_a_totals_row() {
    let mut e = env();
    let p = e.dir.path().join("report.xlsx");
    xlsx(&p, orders_sheet, false);
    let r = e.import(&p);
    let s = &r.sheets[0];
    assert_eq!(
        (s.sheet.as_deref(), s.kind, s.header_row, s.rows_imported),
        (Some("Orders"), RecordKind::Orders, 4, 3)
    );
    assert_eq!(col(&r, "Sales").role.as_deref(), Some("revenue"));
    let skipped: Vec<(&str, u64, Vec<u64>)> = s
        .skipped
        .iter()
        .map(|k| (k.reason.as_str(), k.count, k.rows.clone()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("blank row", 1, vec![8]),
            (
                "totals row (a \"Total\" label with sums), not a record",
                1,
                vec![9]
            ),
        ]
    );
    assert_eq!(e.one("SELECT sum(revenue) FROM orders"), "350.75");
    assert_eq!(
        e.rows("SELECT order_date, source_row FROM orders ORDER BY source_row"),
        vec![
            vec!["2024-03-01", "5"],
            vec!["2024-03-02", "6"],
            vec!["2024-04-15", "7"]
        ]
    );
}

#[test]
fn excel_dates_in_the_1904_system() {
    let mut e = env();
    let p = e.dir.path().join("mac.xlsx");
    // A raw serial of 43890 is 2020-02-29 in the 1900 system and 2024-03-01 in 1904.
    xlsx(
        &p,
        |wb| {
            let ws = wb.add_worksheet();
            let date = Format::new().set_num_format("yyyy-mm-dd");
            ws.write_row(0, 0, ["Order Date", "Revenue"]).unwrap();
            ws.write_number_with_format(1, 0, 43890.0, &date).unwrap();
            ws.write(1, 1, 10).unwrap();
        },
        true,
    );
    e.import(&p);
    assert_eq!(e.one("SELECT order_date FROM orders"), "2024-03-01");
    let p2 = e.dir.path().join("win.xlsx");
    xlsx(
        &p2,
        |wb| {
            let ws = wb.add_worksheet();
            let date = Format::new().set_num_format("yyyy-mm-dd");
            ws.write_row(0, 0, ["Order Date", "Revenue"]).unwrap();
            ws.write_number_with_format(1, 0, 43890.0, &date).unwrap();
            ws.write(1, 1, 11).unwrap();
        },
        false,
    );
    e.import(&p2);
    assert_eq!(
        e.one("SELECT order_date FROM orders WHERE revenue = 11"),
        "2020-02-29"
    );
}

#[test]
fn format_comes_from_the_content_not_the_extension() {
    let mut e = env();
    let p = e.dir.path().join("actually-xlsx.ods");
    xlsx(&p, orders_sheet, false);
    let r = e.import(&p);
    assert_eq!((r.format.as_str(), r.sheets[0].rows_imported), ("xlsx", 3));
    let csv = e.write("deals.xlsx", DEALS_CSV.as_bytes());
    let r = e.import(&csv);
    assert_eq!(
        (r.format.as_str(), r.sheets[0].kind),
        ("csv", RecordKind::Deals)
    );
}

#[test]
fn the_same_content_is_not_counted_twice_and_replace_replaces() {
    let mut e = env();
    let p = e.write("deals.csv", DEALS_CSV.as_bytes());
    let first = e.import(&p);
    let again = e.import(&e.write("copy-of-deals.csv", DEALS_CSV.as_bytes()));
    assert!(again.sheets[0].already_imported);
    assert_eq!(again.sheets[0].dataset_id, first.sheets[0].dataset_id);
    assert_eq!(e.one("SELECT count(*) FROM deals"), "4");
    let replaced = e
        .import_with(
            &p,
            &ImportOptions {
                replace: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_ne!(replaced.sheets[0].dataset_id, first.sheets[0].dataset_id);
    assert_eq!(e.one("SELECT count(*) FROM deals"), "4");
    assert_eq!(e.one("SELECT count(*) FROM datasets"), "1");
    // Removing the dataset removes its records and columns with it.
    let info = e
        .store
        .remove_dataset(replaced.sheets[0].dataset_id)
        .unwrap();
    assert_eq!((info.rows, info.kind), (4, RecordKind::Deals));
    assert_eq!(e.one("SELECT count(*) FROM deals"), "0");
    assert_eq!(e.one("SELECT count(*) FROM dataset_columns"), "0");
}

#[test]
fn a_reimport_of_changed_content_replaces_its_dataset_in_one_transaction() {
    let mut e = env();
    let p = e.write("deals.csv", DEALS_CSV.as_bytes());
    let old = e.import(&p).sheets[0].dataset_id;
    let total = "SELECT count(*), sum(amount) FROM deals";
    let before = e.rows(total);
    let reimport = |id| ImportOptions {
        replace: true,
        replaces: Some(id),
        ..Default::default()
    };
    // The file changed into something that is not a deals table: refused, and
    // the old dataset is still there, whole.
    std::fs::write(&p, "Name,Note\na,b\n").unwrap();
    let err = e.import_with(&p, &reimport(old)).unwrap_err();
    assert_eq!(err.code, ErrorCode::NoTable);
    assert_eq!(e.rows(total), before);
    assert_eq!(
        e.one("SELECT group_concat(id) FROM datasets"),
        old.to_string()
    );
    // Cancelled half-way: the same.
    let more = format!("{DEALS_CSV}D9,2024-03-01,2024-03-20,Closed Won,1000,Ann\n");
    std::fs::write(&p, &more).unwrap();
    let err = import_file(&mut e.store, &p, &reimport(old), &CancelWhileWriting).unwrap_err();
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert_eq!(e.rows(total), before);
    // Imported: the new records, and only them.
    let report = e.import_with(&p, &reimport(old)).unwrap();
    let new = report.sheets[0].dataset_id;
    assert_ne!(new, old);
    assert_eq!(
        e.one("SELECT group_concat(id) FROM datasets"),
        new.to_string()
    );
    assert_eq!(e.one("SELECT count(*) FROM deals"), "5");
    assert_eq!(
        e.one("SELECT count(*) FROM deals WHERE dataset_id <> (SELECT id FROM datasets)"),
        "0"
    );
}

#[test]
fn removing_or_replacing_a_dataset_keeps_a_backup_of_the_database_first() {
    let mut e = env();
    let p = e.write("deals.csv", DEALS_CSV.as_bytes());
    let id = e.import(&p).sheets[0].dataset_id;
    let backups = e.dir.path().join("backups");
    let list = || -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&backups)
            .map(|d| {
                d.map(|x| x.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|x| x == "db"))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    assert!(list().is_empty(), "an import that adds makes no backup");
    e.store.remove_dataset(id).unwrap();
    assert_eq!(e.one("SELECT count(*) FROM deals"), "0");
    let first = list();
    assert_eq!(first.len(), 1);
    // The backup is the database as it was: the dataset and its 4 deals.
    let kept = Store::open(&first[0]).unwrap();
    let n: i64 = kept
        .conn()
        .query_row(
            "SELECT count(*) FROM deals WHERE dataset_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 4);
    drop(kept);
    // A re-import that replaces takes one too; only the newest 3 are kept.
    let mut last = e.import(&p).sheets[0].dataset_id;
    for _ in 0..3 {
        let opts = ImportOptions {
            replace: true,
            replaces: Some(last),
            ..Default::default()
        };
        last = e.import_with(&p, &opts).unwrap().sheets[0].dataset_id;
    }
    let now = list();
    assert_eq!(now.len(), salescope_core::BACKUPS_KEPT);
    assert!(!now.contains(&first[0]), "the oldest backup went");
}

/// Cancels as soon as rows are being written.
struct CancelWhileWriting;
impl ProgressSink for CancelWhileWriting {
    fn report(&self, _: &Progress) {}
    fn is_cancelled(&self) -> bool {
        true
    }
}

#[test]
fn a_failed_or_cancelled_import_leaves_the_database_unchanged() {
    let mut e = env();
    let good = e.write("deals.csv", DEALS_CSV.as_bytes());
    e.import(&good);
    let before = e.rows("SELECT * FROM datasets");
    // A workbook whose second sheet fails (a forced kind it cannot satisfy):
    let p = e.dir.path().join("two.xlsx");
    xlsx(
        &p,
        |wb| {
            orders_sheet(wb);
            let ws = wb.add_worksheet().set_name("Other").unwrap();
            ws.write_row(0, 0, ["Name", "Note"]).unwrap();
            ws.write_row(1, 0, ["a", "b"]).unwrap();
        },
        false,
    );
    let err = e
        .import_with(
            &p,
            &ImportOptions {
                kind: Some(RecordKind::Orders),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::MissingColumn);
    assert_eq!(
        err.location.as_ref().unwrap().to_string(),
        "two.xlsx, sheet \"Other\", row 1"
    );
    assert!(
        err.message
            .starts_with("an orders sheet needs a column for order date, revenue"),
        "{}",
        err.message
    );
    assert_eq!(e.one("SELECT count(*) FROM orders"), "0");
    let big: String = std::iter::once("Order Date,Revenue\n".to_string())
        .chain((0..10_000).map(|i| format!("2024-01-01,{i}\n")))
        .collect();
    let p = e.write("big.csv", big.as_bytes());
    let err = import_file(
        &mut e.store,
        &p,
        &ImportOptions::default(),
        &CancelWhileWriting,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert_eq!(e.rows("SELECT * FROM datasets"), before);
    assert_eq!(e.one("SELECT count(*) FROM orders"), "0");
    assert_eq!(e.one("SELECT count(*) FROM import_history"), "1");
}

#[test]
fn a_mapping_is_remembered_for_the_same_headers() {
    let mut e = env();
    let jan = "When,Customer,Total,Booked By\n2024-01-03,Acme,100,Ann\n";
    let feb = "When,Customer,Total,Booked By\n2024-02-07,Beta,250,Bob\n";
    let p = e.write("jan.csv", jan.as_bytes());
    // Not recognised on its own: "When" and "Total" are too vague for orders.
    let err = e.import_with(&p, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code, ErrorCode::NoTable);
    let mut roles = std::collections::BTreeMap::new();
    roles.insert("When".to_string(), Some("order_date".to_string()));
    roles.insert("Total".to_string(), Some("revenue".to_string()));
    roles.insert("Booked By".to_string(), Some("rep".to_string()));
    e.import_with(
        &p,
        &ImportOptions {
            kind: Some(RecordKind::Orders),
            roles,
            ..Default::default()
        },
    )
    .unwrap();
    let r = e.import(&e.write("feb.csv", feb.as_bytes()));
    assert_eq!(r.sheets[0].kind, RecordKind::Orders);
    assert_eq!(
        e.rows("SELECT order_date, customer, revenue, rep FROM orders ORDER BY order_date"),
        vec![
            vec!["2024-01-03", "Acme", "100", "Ann"],
            vec!["2024-02-07", "Beta", "250", "Bob"]
        ]
    );
}

#[test]
fn lookup_sheets_give_deals_the_reps_team_and_region() {
    let mut e = env();
    e.import(&e.write("deals.csv", DEALS_CSV.as_bytes()));
    let r = e.import(&e.write(
        "reps.csv",
        b"Sales Agent,Team,Regional Office\nAnn,Enterprise,West\nBob,SMB,East\nCy,SMB,West\n",
    ));
    assert_eq!(r.sheets[0].kind, RecordKind::Lookup);
    assert_eq!(
        dimension_counts(&e.store, RecordKind::Deals, "region"),
        vec![("East".to_string(), 1), ("West".to_string(), 3)]
    );
    assert_eq!(
        dimension_counts(&e.store, RecordKind::Deals, "team"),
        vec![("Enterprise".to_string(), 2), ("SMB".to_string(), 2)]
    );
}

#[test]
fn activities_leads_spend_targets_and_subscriptions() {
    let mut e = env();
    let r = e.import(&e.write(
        "act.csv",
        b"Date,Type,Outcome,Rep\n2024-03-01,Phone,Connected,Ann\n2024-03-01,E-mail,Opened,Ann\n2024-03-02,Demo,No-show,Bob\n",
    ));
    assert_eq!(r.sheets[0].kind, RecordKind::Activities);
    assert_eq!(
        e.rows("SELECT type, type_label, outcome FROM activities ORDER BY source_row"),
        vec![
            vec!["call", "Phone", "connected"],
            vec!["email", "E-mail", "opened"],
            vec!["meeting", "Demo", "no_show"]
        ]
    );
    let r = e.import(&e.write(
        "leads.csv",
        b"Lead ID,Created Date,Source,Qualified,Converted,First Response At\nL1,2024-03-01 09:00:00,Web,Yes,No,2024-03-01 11:30:00\nL2,2024-03-02 10:00:00,Event,x,,\n",
    ));
    assert_eq!(r.sheets[0].kind, RecordKind::Leads);
    assert_eq!(
        e.rows("SELECT lead_id, created_date, created_at, qualified, converted, first_response_at FROM leads ORDER BY lead_id"),
        vec![
            vec!["L1", "2024-03-01", "2024-03-01 09:00:00", "1", "0", "2024-03-01 11:30:00"],
            vec!["L2", "2024-03-02", "2024-03-02 10:00:00", "1", "0", "NULL"],
        ]
    );
    let r = e.import(&e.write(
        "spend.csv",
        b"Date,Channel,Spend\n2024-03-01,Paid Search,1200\n2024-03-01,Events,800\n",
    ));
    assert_eq!(r.sheets[0].kind, RecordKind::Spend);
    assert_eq!(e.one("SELECT sum(amount) FROM spend"), "2000");
    let r = e.import(&e.write(
        "targets.csv",
        b"KPI,Period,Target,Team\ntotal_revenue,2024-q1,5000,\nwin_rate,2024-Q1,0.3,SMB\nrevenue,2024-Q1,1,\nnew_leads,Q1,3,\n",
    ));
    let s = &r.sheets[0];
    assert_eq!((s.kind, s.rows_imported), (RecordKind::Targets, 2));
    let reasons: Vec<(String, u64, Vec<u64>)> = s
        .skipped
        .iter()
        .map(|k| (k.reason.clone(), k.count, k.rows.clone()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("\"Q1\" is not a period (expected 2024, 2024-03, 2024-Q1, 2024-W09 or 2024-01-15..2024-02-29)".to_string(), 1, vec![5]),
            ("\"revenue\" is not a KPI id of the catalog".to_string(), 1, vec![4]),
        ]
    );
    assert_eq!(
        e.rows("SELECT kpi, period, target, team FROM targets ORDER BY source_row"),
        vec![
            vec!["total_revenue", "2024-Q1", "5000", "NULL"],
            vec!["win_rate", "2024-Q1", "0.3", "SMB"]
        ]
    );
    let r = e.import(&e.write(
        "subs.csv",
        b"Customer,Start Date,End Date,Amount,Billing Period,Plan\nAcme,2024-01-01,,1200,Annual,Pro\nBeta,2024-02-01,2024-06-30,90,Quarterly,Team\n",
    ));
    assert_eq!(r.sheets[0].kind, RecordKind::Subscriptions);
    assert_eq!(
        e.rows("SELECT customer, mrr, end_date FROM subscriptions ORDER BY customer"),
        vec![
            vec!["Acme", "100", "NULL"],
            vec!["Beta", "30", "2024-06-30"]
        ]
    );
}

#[test]
fn bad_input_gets_clear_errors_and_never_panics() {
    let mut e = env();
    let cases: Vec<(&str, Vec<u8>, ErrorCode, &str)> = vec![
        ("empty.csv", vec![], ErrorCode::UnsupportedFormat, "empty.csv: the file is empty"),
        ("noise.xlsx", vec![0u8, 159, 146, 150, 0, 1, 2, 3], ErrorCode::UnsupportedFormat, "noise.xlsx: this is a binary file, not a spreadsheet or CSV (expected xlsx, xlsm, xls, xlsb, ods, or delimited text)"),
        ("cut.xlsx", b"PK\x03\x04\x14\x00\x00\x00broken".to_vec(), ErrorCode::Unreadable, ""),
        ("zip.xlsx", {
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            z.start_file("readme.txt", zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(b"hi").unwrap();
            z.finish().unwrap().into_inner()
        }, ErrorCode::UnsupportedFormat, "zip.xlsx: this is a zip archive but holds no workbook (expected an xlsx, xlsm, xlsb or ods file)"),
        ("notes.csv", b"just some words\nand more words\n".to_vec(), ErrorCode::NoTable, ""),
        ("ole.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0].to_vec(), ErrorCode::Unreadable, ""),
    ];
    for (name, bytes, code, message) in cases {
        let p = e.write(name, &bytes);
        let err = e.import_with(&p, &ImportOptions::default()).unwrap_err();
        assert_eq!(err.code, code, "{name}: {err}");
        if !message.is_empty() {
            assert_eq!(err.to_string(), message);
        }
        assert_eq!(err.location.as_ref().unwrap().file, name);
    }
    let missing = e.dir.path().join("missing.csv");
    assert_eq!(
        e.import_with(&missing, &ImportOptions::default())
            .unwrap_err()
            .code,
        ErrorCode::FileNotFound
    );
    let p = e.dir.path().join("book.xlsx");
    xlsx(&p, orders_sheet, false);
    let err = e
        .import_with(
            &p,
            &ImportOptions {
                sheet: Some("Nope".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "book.xlsx: there is no sheet \"Nope\"; the sheets are \"Orders\""
    );
    assert_eq!(e.one("SELECT count(*) FROM datasets"), "0");
}

#[test]
fn only_the_named_sheet_is_imported() {
    let mut e = env();
    let p = e.dir.path().join("two.xlsx");
    xlsx(
        &p,
        |wb| {
            orders_sheet(wb);
            let ws = wb.add_worksheet().set_name("Reps").unwrap();
            ws.write_row(0, 0, ["Rep", "Team"]).unwrap();
            ws.write_row(1, 0, ["Ann", "SMB"]).unwrap();
        },
        false,
    );
    let r = e
        .import_with(
            &p,
            &ImportOptions {
                sheet: Some("Reps".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(r.sheets.len(), 1);
    assert_eq!(
        (r.sheets[0].sheet.as_deref(), r.sheets[0].kind),
        (Some("Reps"), RecordKind::Lookup)
    );
    assert_eq!(e.one("SELECT count(*) FROM orders"), "0");
}

#[test]
fn types_come_from_all_rows_even_when_the_first_rows_mislead() {
    let mut e = env();
    // 25,000 rows: Units are whole numbers until row 24,002 (past the sample the
    // importer plans from), then one decimal: the column is decimal, no mismatch.
    // Regression: stopping after the sample must not deadlock the CSV parser thread.
    let mut text = String::from("Order Date,Revenue,Units\n");
    for i in 0..25_000u32 {
        let units = if i == 24_000 {
            "2.5".to_string()
        } else {
            (i % 7).to_string()
        };
        text.push_str(&format!(
            "2024-01-{:02},{}.5,{units}\n",
            i % 28 + 1,
            i % 100
        ));
    }
    let r = e.import(&e.write("late.csv", text.as_bytes()));
    let s = &r.sheets[0];
    assert_eq!(s.rows_imported, 25_000);
    assert_eq!(col(&r, "Units").column_type, ColumnType::Decimal);
    assert_eq!(col(&r, "Units").mismatches, 0);
    assert_eq!(s.warning_count, 0);
    assert_eq!(
        e.one("SELECT quantity FROM orders WHERE source_row = 24002"),
        "2.5"
    );
    assert_eq!(e.one("SELECT count(*) FROM orders"), "25000");
    assert_eq!(e.one("SELECT count(*) FROM datasets"), "1");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes.db");
    std::fs::write(
        &p,
        "these are my meeting notes, not a database\n".repeat(200),
    )
    .unwrap();
    let err = Store::open(&p)
        .err()
        .expect("opening a text file as a database must fail");
    assert_eq!(err.code, ErrorCode::DatabaseUnusable);
    assert_eq!(
        err.message,
        format!(
            "this file is not a SQLite database, so not a Salescope database ({})",
            p.display()
        )
    );
    // The file is left as it was.
    assert!(std::fs::read_to_string(&p)
        .unwrap()
        .starts_with("these are my meeting notes"));
}

#[test]
fn another_programs_database_is_refused_and_left_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("places.sqlite");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch(
            "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);
             CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, fk INTEGER);
             INSERT INTO moz_places (url) VALUES ('https://example.org');",
        )
        .unwrap();
    }
    let before = std::fs::read(&p).unwrap();
    let err = Store::open(&p)
        .err()
        .expect("a foreign database is refused");
    assert_eq!(err.code, ErrorCode::DatabaseUnusable);
    assert_eq!(
        err.message,
        format!(
            "this SQLite database belongs to another program (it has the tables moz_bookmarks, moz_places), so it is not a Salescope database; Salescope left it unchanged ({})",
            p.display()
        )
    );
    assert_eq!(std::fs::read(&p).unwrap(), before);
    assert!(!dir.path().join("places.sqlite-wal").exists());
}

#[test]
fn a_damaged_or_newer_database_is_unusable_and_can_be_set_aside_for_a_fresh_one() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("salescope.db");
    {
        let mut store = Store::open(&p).unwrap();
        let csv = dir.path().join("deals.csv");
        std::fs::write(&csv, DEALS_CSV).unwrap();
        import_file(&mut store, &csv, &ImportOptions::default(), &NoProgress).unwrap();
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    // A newer Salescope's database.
    rusqlite::Connection::open(&p)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let err = Store::open(&p).err().unwrap();
    assert_eq!(err.code, ErrorCode::DatabaseUnusable);
    assert!(
        err.message
            .starts_with("the database was written by a newer Salescope (schema 99"),
        "{}",
        err.message
    );
    rusqlite::Connection::open(&p)
        .unwrap()
        .execute_batch("PRAGMA user_version = 2")
        .unwrap();
    // Damage: the pages after the first overwritten, as a failing disk or a
    // half-copied file leaves them.
    let mut bytes = std::fs::read(&p).unwrap();
    let page = 4096;
    for b in &mut bytes[page..] {
        *b = 0xA5;
    }
    std::fs::write(&p, &bytes).unwrap();
    let err = Store::open(&p)
        .and_then(|s| s.datasets().map(|_| ()))
        .expect_err("a damaged database is noticed");
    assert_eq!(err.code, ErrorCode::DatabaseUnusable, "{err}");
    // The way forward: the file goes aside, whole; a new database takes its place.
    let aside = salescope_core::set_aside(&p).unwrap();
    assert_eq!(std::fs::read(&aside).unwrap(), bytes);
    let name = aside.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("salescope.unusable-") && name.ends_with(".db"),
        "{name}"
    );
    let fresh = Store::open(&p).unwrap();
    assert!(fresh.datasets().unwrap().is_empty());
}
