//! What the fuzz targets share: a file the fuzzer's bytes are written to and
//! imported like a dropped file, the packages the structured targets wrap
//! their input in, and the parsers of the typed-in values.

pub mod xlsb;

use std::io::Write;
use std::path::PathBuf;

use salescope_core::internals::infer::ColumnStats;
use salescope_core::internals::source::Cell;
use salescope_core::internals::value::{self, DecimalSep};
use salescope_core::internals::{normalise, schema};
use salescope_core::{
    import_file, parse_filter, parse_target, preview, scorecard, set_setting, ImportOptions,
    NoProgress, Period, PeriodKind, Query, RecordKind, SheetMapping, Store, Workspace, CATALOG,
};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("salescope-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir.join(name)
}

/// Writes the bytes to a file and does with it what the window does with a
/// dropped file: the preview, the import, then the scorecard of what came
/// in; then the import again as deals. Errors are expected; a panic, a hang
/// or memory over the fuzzer's limit is a finding. The limits are lowered so
/// that a file within them stays well inside the fuzzer's memory limit.
pub fn import_bytes(name: &str, data: &[u8]) {
    quiet_caught_panics();
    let path = scratch(name);
    std::fs::write(&path, data).expect("scratch file");
    // To turn a finding into a regression test: the file as the importer saw it.
    if let Some(out) = std::env::var_os("SALESCOPE_FUZZ_SAVE") {
        std::fs::write(out, data).expect("saved input");
    }
    let mut store = Store::open_in_memory().expect("in-memory database");
    for (k, v) in [
        ("limit.cells", "200000"),
        ("limit.workbook_mb", "64"),
        ("limit.csv_row_kb", "256"),
        ("limit.csv_field_kb", "64"),
    ] {
        set_setting(store.conn(), k, v).expect("limit setting");
    }
    let _ = preview(&mut store, &path, None, &SheetMapping::default());
    if import_file(&mut store, &path, &ImportOptions::default(), &NoProgress).is_ok() {
        let ws = Workspace::load(&store).expect("records just imported load");
        let q = Query {
            today: chrono_free_today(),
            by: Some("region".into()),
            ..Default::default()
        };
        let _ = scorecard(&ws.context(), &q);
    }
    let deals = ImportOptions {
        kind: Some(RecordKind::Deals),
        replace: true,
        ..Default::default()
    };
    let _ = import_file(&mut store, &path, &deals, &NoProgress);
}

/// libfuzzer-sys aborts on any panic, even one the importer catches (it
/// turns a panic inside the workbook reader into an "unreadable" error). A
/// panic that escapes the importer still aborts: libfuzzer-sys catches it
/// at the target's edge.
fn quiet_caught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}

/// A fixed today, so a run does not depend on the clock.
fn chrono_free_today() -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(2024, 6, 15)
}

/// A zip of the parts, stored (no compression: the fuzzer's time goes to parsing).
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        z.start_file(*name, opts).expect("zip part");
        z.write_all(bytes).expect("zip write");
    }
    z.finish().expect("zip").into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// An xlsx whose sheet XML is the input up to the first 0xFF byte and whose
/// shared strings XML is the rest (0xFF never occurs in UTF-8 text).
pub fn xlsx_package(data: &[u8]) -> Vec<u8> {
    let (sheet, strings) = match data.iter().position(|b| *b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if !strings.is_empty() {
        parts.push(("xl/sharedStrings.xml", strings));
    }
    zip_of(&parts)
}

/// An xlsb whose worksheet records (xl/worksheets/sheet1.bin) are the input.
pub fn xlsb_package(sheet: &[u8]) -> Vec<u8> {
    let mut bundle = 0u32.to_le_bytes().to_vec(); // visible
    bundle.extend(1u32.to_le_bytes()); // tab id
    bundle.extend(xlsb::wide("rId1"));
    bundle.extend(xlsb::wide("Deals"));
    let mut book = xlsb::record(0x0083, &[]); // BrtBeginBook
    book.extend(xlsb::record(0x008F, &[])); // BrtBeginBundleShs
    book.extend(xlsb::record(0x009C, &bundle)); // BrtBundleSh
    book.extend(xlsb::record(0x0090, &[])); // BrtEndBundleShs
    book.extend(xlsb::record(0x0084, &[])); // BrtEndBook
    let rels = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#;
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.bin", &book),
        ("xl/_rels/workbook.bin.rels", rels),
        ("xl/worksheets/sheet1.bin", sheet),
    ])
}

/// An ods whose content.xml is the input.
pub fn ods_package(content: &[u8]) -> Vec<u8> {
    let manifest = br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content),
    ])
}

/// Type and date inference over one column: the first line is the header,
/// each further line a cell; every value parser on every cell.
pub fn infer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("");
    let cells: Vec<Cell<'_>> = lines
        .take(256)
        .map(|l| {
            let t = value::trim(l);
            if t.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(t)
            }
        })
        .collect();
    for european in [false, true] {
        let mut stats = ColumnStats::new();
        for c in &cells {
            stats.add(c);
        }
        let decision = stats.decide(header, european);
        for c in &cells {
            let _ = decision.convert(c);
        }
    }
    for c in &cells {
        let Cell::Text(t) = c else { continue };
        let _ = value::parse_number(t, DecimalSep::Dot);
        let _ = value::parse_number(t, DecimalSep::Comma);
        let _ = value::separator_evidence(t);
        let _ = value::parse_iso(t);
        let _ = value::parse_bool(t);
        let _ = value::parse_flag(t);
        // The vocabulary's readers: header names, stage and activity words,
        // other languages' dates, finance sheets' months.
        let _ = normalise::normalise_header(t);
        let _ = normalise::header_alternatives(t);
        let _ = normalise::normalise_stage(t);
        let _ = normalise::activity_type(t);
        let _ = value::english_date(t);
        let _ =
            schema::normalise_period(&salescope_core::internals::infer::Value::Text((*t).into()));
        if let Some(shape) = value::value_shape(t) {
            for i in value::formats_for(shape) {
                let _ = value::parse_date_with(t, &value::date_formats()[*i]);
            }
        }
    }
    if let Some(b) = data.get(..8) {
        let serial = f64::from_le_bytes(b.try_into().expect("8 bytes"));
        let _ = value::from_excel_serial(serial, false);
        let _ = value::from_excel_serial(serial, true);
    }
}

/// A period on the first line (also as a goal's target for every KPI), then
/// filter items, one per line.
pub fn period_filter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or("");
    for fiscal in [1, 4, 7, 12] {
        if let Ok(p) = Period::parse(first, fiscal) {
            let _ = (p.label(), p.days(), p.previous(), p.next(), p.year_ago());
            if p.days() <= 3660 {
                for kind in [PeriodKind::Month, PeriodKind::Quarter] {
                    let _ = p.split(kind);
                }
            }
        }
    }
    let items: Vec<&str> = lines.collect();
    let _ = parse_filter(&items);
    for def in CATALOG.iter() {
        let _ = parse_target(def, first);
    }
}
