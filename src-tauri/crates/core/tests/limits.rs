//! Resource limits: files built to exhaust memory are refused before the
//! memory is taken, with the limit and the setting named, and nothing written.

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use salescope_core::{import_file, preview, ErrorCode, ImportOptions, NoProgress, Store};

struct Env {
    dir: tempfile::TempDir,
    store: Store,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    Env { dir, store }
}

impl Env {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Imports and expects a refusal over a limit; returns the message.
    fn refused(&mut self, p: &Path) -> String {
        let err = import_file(&mut self.store, p, &ImportOptions::default(), &NoProgress)
            .expect_err("the file must be refused");
        assert_eq!(err.code, ErrorCode::TooLarge, "{err}");
        let datasets: i64 = self
            .store
            .conn()
            .query_row("SELECT count(*) FROM datasets", [], |r| r.get(0))
            .unwrap();
        assert_eq!(datasets, 0, "a refused file writes nothing");
        err.to_string()
    }
}

/// The tail every refusal carries: the setting and how to raise it.
fn raise(name: &str, value: u64) -> String {
    format!(" (setting limit.{name}). Nothing was imported. If the file is genuine, raise the limit: salescope-cli settings set limit.{name} {value}")
}

/// A small deals sheet, plus whatever `extra` writes into the same sheet.
fn deals_xlsx(path: &Path, extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Deals").unwrap();
    ws.write_row(0, 0, ["Order Date", "Sales", "Region"])
        .unwrap();
    ws.write_row(1, 0, ["2024-03-01", "100", "North"]).unwrap();
    extra(ws);
    wb.save(path).unwrap();
}

#[test]
fn an_xlsx_with_cells_at_a1_and_xfd1048576_is_refused_before_it_is_laid_out() {
    let mut e = env();
    let p = e.path("far.xlsx");
    deals_xlsx(&p, |ws| {
        ws.write_number(1_048_575, 16_383, 1.0).unwrap();
    });
    let expected = format!(
        "far.xlsx, sheet \"Deals\": this sheet's cells span A1:XFD1048576, 17,179,869,184 cells, over the limit of 20,000,000 cells{}",
        raise("cells", 17_179_869_184)
    );
    assert_eq!(e.refused(&p), expected);
    // The wizard's preview reads the sheet the same way and is refused the same way.
    let err = preview(&mut e.store, &p, None, &Default::default()).unwrap_err();
    assert_eq!(err.to_string(), expected);
}

#[test]
fn the_cell_limit_is_a_setting() {
    let mut e = env();
    let p = e.path("deals.xlsx");
    deals_xlsx(&p, |ws| {
        for r in 2..40u32 {
            ws.write_row(r, 0, ["2024-03-02", "50", "South"]).unwrap();
        }
    });
    salescope_core::set_setting(e.store.conn(), "limit.cells", "100").unwrap();
    // 40 rows of 3 columns: the 101st cell is over.
    assert_eq!(
        e.refused(&p),
        format!(
            "deals.xlsx, sheet \"Deals\": this sheet holds more than 100 cells, the limit{}",
            raise("cells", 101)
        )
    );
    salescope_core::set_setting(e.store.conn(), "limit.cells", "120").unwrap();
    let report = import_file(&mut e.store, &p, &ImportOptions::default(), &NoProgress).unwrap();
    assert_eq!(report.sheets[0].rows_imported, 39);
    let err = salescope_core::set_setting(e.store.conn(), "limit.cells", "lots").unwrap_err();
    assert_eq!(
        err.message,
        "limit.cells is a whole number of at least 1, not \"lots\""
    );
}

/// Copies a zip's entries into a new zip and adds one stored as `method`.
fn zip_with(base: &[u8], extra_name: &str, extra: &mut dyn FnMut(&mut dyn Write)) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let f = src.by_index_raw(i).unwrap();
        out.raw_copy_file(f).unwrap();
    }
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(true);
    out.start_file(extra_name, opts).unwrap();
    extra(&mut out);
    out.finish().unwrap().into_inner()
}

/// Writes `n` bytes of spaces.
fn spaces(w: &mut dyn Write, n: u64) {
    let chunk = vec![b' '; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(chunk.len() as u64) as usize;
        w.write_all(&chunk[..k]).unwrap();
        left -= k as u64;
    }
}

#[test]
fn a_workbook_that_inflates_past_the_limit_is_refused_from_its_directory() {
    let mut e = env();
    let base = e.path("base.xlsx");
    deals_xlsx(&base, |_| {});
    // 1 GiB of spaces in one part: about 1 MB in the file.
    let bytes = zip_with(
        &std::fs::read(&base).unwrap(),
        "xl/media/blob.bin",
        &mut |w| spaces(w, 1 << 30),
    );
    assert!(bytes.len() < 2 << 20, "the bomb is {} bytes", bytes.len());
    let p = e.write("bomb.xlsx", &bytes);
    assert_eq!(
        e.refused(&p),
        format!(
            "bomb.xlsx: this workbook unpacks to 1,024 MB (its part xl/media/blob.bin alone is 1,024 MB), over the limit of 1,024 MB{}",
            raise("workbook_mb", 1025)
        )
    );
}

/// Sets the uncompressed size an entry declares, in its local header and in
/// the central directory, as a forged file would.
fn forge_declared_size(zip: &mut [u8], name: &str, size: u32) {
    let mut at = 0;
    while at + 46 <= zip.len() {
        let sig = u32::from_le_bytes(zip[at..at + 4].try_into().unwrap());
        let (name_at, len_at, size_at) = match sig {
            0x0403_4b50 => (at + 30, at + 26, at + 22),
            0x0201_4b50 => (at + 46, at + 28, at + 24),
            _ => {
                at += 1;
                continue;
            }
        };
        let len = u16::from_le_bytes(zip[len_at..len_at + 2].try_into().unwrap()) as usize;
        if zip.get(name_at..name_at + len) == Some(name.as_bytes()) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
        }
        at += 4;
    }
}

#[test]
fn a_part_that_inflates_past_its_declared_size_is_cut_off_there() {
    let mut e = env();
    let base = e.path("base.xlsx");
    deals_xlsx(&base, |_| {});
    let mut src = zip::ZipArchive::new(std::fs::File::open(&base).unwrap()).unwrap();
    let sheet: Vec<u8> = {
        let mut f = src.by_name("xl/worksheets/sheet1.xml").unwrap();
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut v).unwrap();
        v
    };
    // A sheet that declares 4 KB and inflates to 256 MB of spaces after its XML.
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let f = src.by_index_raw(i).unwrap();
        if f.name().unwrap() != "xl/worksheets/sheet1.xml" {
            out.raw_copy_file(f).unwrap();
        }
    }
    out.start_file(
        "xl/worksheets/sheet1.xml",
        zip::write::SimpleFileOptions::default().compression_level(Some(9)),
    )
    .unwrap();
    out.write_all(&sheet).unwrap();
    spaces(&mut out, 256 << 20);
    let mut bytes = out.finish().unwrap().into_inner();
    forge_declared_size(&mut bytes, "xl/worksheets/sheet1.xml", 4096);
    let p = e.write("forged.xlsx", &bytes);
    let err = import_file(&mut e.store, &p, &ImportOptions::default(), &NoProgress).unwrap_err();
    assert_eq!(err.code, ErrorCode::Unreadable, "{err}");
    assert!(
        err.to_string()
            .starts_with("forged.xlsx, sheet \"Deals\": cannot read this sheet: "),
        "{err}"
    );
}

#[test]
fn an_ods_whose_repeated_rows_span_the_whole_sheet_is_refused_before_it_is_read() {
    let mut e = env();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("mimetype", opts).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("content.xml", opts).unwrap();
    z.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
<table:table table:name="Deals"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#,
    )
    .unwrap();
    let p = e.write("repeats.ods", &z.finish().unwrap().into_inner());
    assert_eq!(
        e.refused(&p),
        format!(
            "repeats.ods: sheet \"Deals\" spans A1:XFD1048576, 17,179,869,184 cells, over the limit of 20,000,000 cells{}",
            raise("cells", 17_179_869_184)
        )
    );
}

/// A compound file whose workbook stream has sheets with cells at A1 and IV65536.
fn far_xls(path: &Path, sheets: usize) {
    let rec = |typ: u16, body: &[u8]| {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((body.len() as u16).to_le_bytes());
        v.extend(body);
        v
    };
    let number = |r: u16, c: u16| {
        let mut b = r.to_le_bytes().to_vec();
        b.extend(c.to_le_bytes());
        b.extend([0u8; 2]);
        b.extend(1.0f64.to_le_bytes());
        rec(0x0203, &b)
    };
    let bof = rec(0x0809, &[0, 6, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let mut stream = bof.clone();
    stream.extend(rec(0x000A, &[]));
    for _ in 0..sheets {
        stream.extend(&bof);
        stream.extend(number(0, 0));
        stream.extend(number(65535, 255));
        stream.extend(rec(0x000A, &[]));
    }
    let mut cf = cfb::create(path).unwrap();
    cf.create_stream("Workbook")
        .unwrap()
        .write_all(&stream)
        .unwrap();
    cf.flush().unwrap();
}

#[test]
fn an_xls_whose_sheets_span_too_many_cells_is_refused_before_it_is_read() {
    let mut e = env();
    let p = e.path("far.xls");
    far_xls(&p, 2);
    assert_eq!(
        e.refused(&p),
        format!(
            "far.xls: this workbook's sheets span 33,554,432 cells (sheet 1 alone spans A1:IV65536, 16,777,216 cells), over the limit of 20,000,000 cells{}",
            raise("cells", 33_554_432)
        )
    );
}

#[test]
fn a_csv_row_left_open_by_a_quote_is_refused_at_the_row_limit() {
    let mut e = env();
    let mut text = b"Deal,Amount,Stage\nD-1,100,Won\nD-2,\"200,Open\n".to_vec();
    text.extend(b"more text inside the quote\n".repeat(200_000)); // 5.4 MB
    let p = e.write("open.csv", &text);
    assert_eq!(
        e.refused(&p),
        format!(
            "open.csv, row 3: this row runs on for more than 4,096 KB, the limit per row; is a quote left open?{}",
            raise("csv_row_kb", 16_384)
        )
    );
}

#[test]
fn a_csv_field_or_row_over_its_limit_names_the_row_and_column() {
    let mut e = env();
    let mut text = b"Deal,Note,Amount\nD-1,short,100\nD-2,".to_vec();
    text.extend(vec![b'x'; 1536 << 10]);
    text.extend(b",200\n");
    let p = e.write("long.csv", &text);
    assert_eq!(
        e.refused(&p),
        format!(
            "long.csv, row 3, column B: this field is 1.5 MB, over the limit of 1,024 KB per field; is a quote left open?{}",
            raise("csv_field_kb", 1536)
        )
    );
    let mut wide = b"Deal,Amount\n".to_vec();
    wide.extend(",".repeat(20_000).as_bytes());
    wide.push(b'\n');
    let p = e.write("wide.csv", &wide);
    assert_eq!(
        e.refused(&p),
        format!(
            "wide.csv, row 2: this row has 20,001 fields, over the limit of 16,384{}",
            raise("csv_columns", 20_001)
        )
    );
}
