//! Writes the seed corpora of the fuzz targets (src-tauri/crates/core/fuzz):
//! small files of the quirks the importer's tests cover, the sample workbook,
//! and, when ../shared/data/public is there, the start of each public file.
//!
//! cargo run -p salescope-core --example fuzz_seeds -- CORPUS_DIR [PUBLIC_DIR]

use std::io::Read;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The xlsb record encoding, shared with the fuzz crate.
#[path = "../fuzz/src/xlsb.rs"]
mod xlsb;

/// Seeds are kept small: the fuzzer's time goes into mutating, not reading.
const SEED_BYTES: usize = 12 << 10;

struct Corpus {
    root: PathBuf,
    count: usize,
}

impl Corpus {
    fn put(&mut self, target: &str, name: &str, bytes: &[u8]) {
        let dir = self.root.join(target);
        std::fs::create_dir_all(&dir).expect("corpus folder");
        std::fs::write(dir.join(name), bytes).expect("seed file");
        self.count += 1;
    }
}

const CSVS: &[(&str, &str)] = &[
    ("deals_crlf_quotes.csv", "Deal ID,Created,Closed,Stage,Amount,Rep,Notes\r\nD1,2024-01-05,2024-01-25,Closed Won,\"1,000\",Ann,\"first, with a comma\"\r\nD2,2024-01-10,2024-02-09,Won,3000,Bob,\"two\r\nlines\"\r\nD3,2024-01-12,2024-02-01,Closed Lost,500,Ann,\r\nD4,2024-02-03,,Negotiation,2000,Cy,\r\n"),
    ("european.csv", "\u{feff}Date de commande;Ventes;Remise;Région;Quantité\r\n05/03/2024;1\u{202f}234,50 €;10%;Nord;3\r\n24/03/2024;-196 €;0%;Sud;1\r\n01/04/2024;€ 162;50%;Nord;2\r\n"),
    ("month_first.csv", "Order Date,Sales,Region,Postal Code\n3/1/2024,$100.50,North,05408\n12/31/2024,(200.00),South,10024\n4/15/2024,\"$1,050.25\",North,00501\n"),
    ("text_dates.csv", "Close Date,Amount,Stage,Owner\nMarch 5 2024,100,Won,Ann\n5-Mar-24,200,Lost,Bob\n2024.03.07,300,Open,Cy\nTue 12 Mar 2024,400,Won,Ann\n"),
    ("title_and_totals.csv", "Quarterly export\n\nRegion,Rep,Revenue,Won\nEast,Ann,1000,TRUE\nWest,Bob,2000,FALSE\nTotal,,3000,\n"),
    ("tabs.csv", "lead_id\tcreated\tsource\tstatus\nL1\t2024-01-02\tWeb\tqualified\nL2\t2024-01-03\tEvent\tnew\n"),
    ("pipes.csv", "activity|date|rep|type\nA1|2024-02-01 09:30|Ann|Call\nA2|2024-02-01T14:00:00|Bob|Meeting\n"),
    ("targets.csv", "Period,KPI,Target,Region\n2024-Q1,total_revenue,500000,East\n2024-03,win_rate,35%,\n"),
    ("nulls.csv", "id,amount,date\n1,N/A,n/a\n2,-,#N/A\n3,,NULL\n4,0,0000-00-00\n"),
];

fn csv_seeds(c: &mut Corpus) {
    for (name, text) in CSVS {
        c.put("csv", name, text.as_bytes());
        c.put("any_file", name, text.as_bytes());
    }
    // The same deals in UTF-16 LE with a BOM, and in DOS 850 and Windows-1252.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in CSVS[0].1.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    c.put("csv", "utf16le.csv", &utf16);
    c.put(
        "csv",
        "cp850.csv",
        b"Kunde;Umsatz;Stadt\nM\x81ller;1.234,50;K\x94ln\nB\x84r;99,00;M\x81nchen\n",
    );
    c.put(
        "csv",
        "cp1252.csv",
        b"Client,Montant,Ville\nL\xe9a,100,Orl\xe9ans\nZo\xe9,200,N\xeemes\n",
    );
}

/// Each column of a CSV's first rows, as the infer target reads it.
fn infer_seeds_from_csv(c: &mut Corpus, name: &str, bytes: &[u8]) {
    let delim = salescope_core::internals::source::detect_delimiter(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let rows: Vec<csv::StringRecord> = rdr.records().take(60).flatten().collect();
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0).min(30);
    for col in 0..width {
        let text: Vec<&str> = rows.iter().map(|r| r.get(col).unwrap_or("")).collect();
        c.put(
            "infer",
            &format!("{name}-{col}"),
            text.join("\n").as_bytes(),
        );
    }
}

const PERIODS: &[&str] = &[
    "2024-Q1\nregion=East\nregion=West",
    "2024-03\nteam=Enterprise",
    "FY2024\nproduct=Widgets\nrep=Ann Lee",
    "2024\nchannel=Web",
    "2024-01-01..2024-03-31\nsegment=SMB",
    "2024-W05",
    "FY2025-Q2\nregion=North=East",
    "q3 2024",
    "500000",
    "35%",
    "$1,250,000.50",
    "1.234,5 €",
];

fn xlsx_bytes(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut wb = Workbook::new();
    build(&mut wb);
    wb.save_to_buffer().expect("xlsx")
}

fn small_workbooks() -> Vec<(&'static str, Vec<u8>)> {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let orders = xlsx_bytes(|wb| {
        let ws = wb.add_worksheet().set_name("Orders").unwrap();
        ws.write(0, 0, "Quarterly sales export").unwrap();
        ws.write_row(3, 0, ["Order Date", " Sales", "Region", "Postal Code"])
            .unwrap();
        for (i, (d, v, r, z)) in [(1, 100.5, "North", "05408"), (2, 200.0, "South", "10024")]
            .into_iter()
            .enumerate()
        {
            let row = 4 + i as u32;
            ws.write_datetime_with_format(
                row,
                0,
                ExcelDateTime::from_ymd(2024, 3, d).unwrap(),
                &date,
            )
            .unwrap();
            ws.write(row, 1, v).unwrap();
            ws.write(row, 2, r).unwrap();
            ws.write(row, 3, z).unwrap();
        }
        ws.write(7, 0, "Grand Total").unwrap();
        ws.write(7, 1, 300.5).unwrap();
    });
    let deals = xlsx_bytes(|wb| {
        let ws = wb.add_worksheet().set_name("Deals").unwrap();
        ws.write_row(
            0,
            0,
            [
                "Deal ID",
                "Created",
                "Close Date",
                "Stage",
                "Amount",
                "Won",
                "Rep",
            ],
        )
        .unwrap();
        ws.write_row(
            1,
            0,
            [
                "D1",
                "2024-01-05",
                "2024-02-01",
                "Closed Won",
                "1000",
                "TRUE",
                "Ann",
            ],
        )
        .unwrap();
        ws.write(2, 0, "D2").unwrap();
        ws.write_datetime_with_format(2, 1, ExcelDateTime::from_ymd(2024, 1, 9).unwrap(), &date)
            .unwrap();
        ws.write(2, 3, "Negotiation").unwrap();
        ws.write(2, 4, 2500.75).unwrap();
        ws.write(2, 5, false).unwrap();
        ws.write_formula(3, 4, "=SUM(E2:E3)").unwrap();
        let ws = wb.add_worksheet().set_name("Reps").unwrap();
        ws.write_row(0, 0, ["Rep", "Team", "Region"]).unwrap();
        ws.write_row(1, 0, ["Ann", "Enterprise", "East"]).unwrap();
    });
    vec![("orders.xlsx", orders), ("deals.xlsx", deals)]
}

/// Cuts XML after the last `close` tag within `SEED_BYTES`, then appends `tail`.
fn cut_xml(xml: &[u8], close: &str, tail: &str) -> Vec<u8> {
    if xml.len() <= SEED_BYTES {
        return xml.to_vec();
    }
    let head = &xml[..SEED_BYTES];
    let end = head
        .windows(close.len())
        .rposition(|w| w == close.as_bytes())
        .map(|i| i + close.len())
        .unwrap_or(SEED_BYTES);
    let mut v = xml[..end].to_vec();
    v.extend_from_slice(tail.as_bytes());
    v
}

fn zip_part(zip: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).ok()?;
    let mut f = z.by_name(name).ok()?;
    let mut v = Vec::new();
    f.read_to_end(&mut v).ok()?;
    Some(v)
}

/// The xlsx target's input: sheet XML, 0xFF, shared strings XML.
fn xlsx_seed(c: &mut Corpus, name: &str, xlsx: &[u8]) {
    let strings = zip_part(xlsx, "xl/sharedStrings.xml")
        .map(|s| cut_xml(&s, "</si>", "</sst>"))
        .unwrap_or_default();
    for i in 1..=3 {
        let Some(sheet) = zip_part(xlsx, &format!("xl/worksheets/sheet{i}.xml")) else {
            break;
        };
        let mut seed = cut_xml(&sheet, "</row>", "</sheetData></worksheet>");
        seed.push(0xFF);
        seed.extend(&strings);
        c.put("xlsx", &format!("{name}-sheet{i}"), &seed);
    }
}

/// The ods target's input: content.xml, cut at a row.
fn ods_seed(c: &mut Corpus, name: &str, ods: &[u8]) {
    if let Some(content) = zip_part(ods, "content.xml") {
        let seed = cut_xml(
            &content,
            "</table:table-row>",
            "</table:table></office:spreadsheet></office:body></office:document-content>",
        );
        c.put("ods", name, &seed);
    }
}

const ODS_CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>
<table:table table:name="Deals"><table:table-column table:number-columns-repeated="4"/>
<table:table-row><table:table-cell office:value-type="string"><text:p>Close Date</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Amount</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Stage</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Rep</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="date" office:date-value="2024-03-05"><text:p>05/03/2024</text:p></table:table-cell><table:table-cell office:value-type="currency" office:currency="EUR" office:value="1234.5"><text:p>1.234,50 €</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Won</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Ann</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="date" office:date-value="2024-03-07T10:30:00"/><table:table-cell office:value-type="float" office:value="99" table:number-columns-repeated="2"/><table:covered-table-cell/><table:table-cell office:value-type="percentage" office:value="0.35"/></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;

/// A small BIFF8 workbook in a compound file: one sheet with a header row of
/// labels and two rows of numbers and labels.
fn small_xls() -> Vec<u8> {
    fn rec(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((body.len() as u16).to_le_bytes());
        v.extend(body);
        v
    }
    fn bof(dt: u16) -> Vec<u8> {
        let mut b = 0x0600u16.to_le_bytes().to_vec();
        b.extend(dt.to_le_bytes());
        b.extend([0u8; 12]);
        rec(0x0809, &b)
    }
    fn cell(r: u16, c: u16) -> Vec<u8> {
        let mut b = r.to_le_bytes().to_vec();
        b.extend(c.to_le_bytes());
        b.extend(0u16.to_le_bytes()); // xf
        b
    }
    fn label(r: u16, c: u16, s: &str) -> Vec<u8> {
        let mut b = cell(r, c);
        b.extend((s.len() as u16).to_le_bytes());
        b.push(0); // 8-bit characters
        b.extend(s.as_bytes());
        rec(0x0204, &b)
    }
    fn number(r: u16, c: u16, v: f64) -> Vec<u8> {
        let mut b = cell(r, c);
        b.extend(v.to_le_bytes());
        rec(0x0203, &b)
    }
    let mut sheet = bof(0x0010);
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(3u32.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(3u16.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    sheet.extend(rec(0x0200, &dims));
    for (c, h) in ["Order Date", "Sales", "Region"].iter().enumerate() {
        sheet.extend(label(0, c as u16, h));
    }
    for (r, (d, v, reg)) in [(45352.0, 100.5, "North"), (45383.0, 200.0, "South")]
        .into_iter()
        .enumerate()
    {
        let r = r as u16 + 1;
        sheet.extend(number(r, 0, d));
        sheet.extend(number(r, 1, v));
        sheet.extend(label(r, 2, reg));
    }
    sheet.extend(rec(0x000A, &[]));
    let name = "Orders";
    let bound_len = 4 + 8 + name.len();
    let mut globals = bof(0x0005);
    globals.extend(rec(0x0042, &1200u16.to_le_bytes())); // code page: UTF-16
    let sheet_at = (globals.len() + bound_len + 4) as u32; // after BOUNDSHEET and EOF
    let mut bound = sheet_at.to_le_bytes().to_vec();
    bound.extend([0u8, 0u8, name.len() as u8, 0u8]);
    bound.extend(name.as_bytes());
    globals.extend(rec(0x0085, &bound));
    globals.extend(rec(0x000A, &[]));
    globals.extend(sheet);
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
    {
        use std::io::Write;
        let mut s = cf.create_stream("Workbook").expect("stream");
        s.write_all(&globals).expect("write");
    }
    cf.into_inner().into_inner()
}

/// Reads xlsb records (7-bit varint type and size) up to `SEED_BYTES`.
fn cut_xlsb(bin: &[u8]) -> Vec<u8> {
    let varint = |at: &mut usize, max: usize| -> Option<usize> {
        let mut v = 0usize;
        for i in 0..max {
            let b = *bin.get(*at)?;
            *at += 1;
            v |= ((b & 0x7F) as usize) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        Some(v)
    };
    let mut at = 0;
    let mut end = 0;
    while at < bin.len() {
        let (Some(_), Some(len)) = (varint(&mut at, 2), varint(&mut at, 4)) else {
            break;
        };
        at += len;
        if at > SEED_BYTES || at > bin.len() {
            break;
        }
        end = at;
    }
    bin[..end].to_vec()
}

fn small_xlsb_sheet() -> Vec<u8> {
    use xlsb::{record, wide};
    let mut s = record(0x0081, &[]); // BrtBeginSheet
    let mut dim = Vec::new();
    for v in [0u32, 2, 0, 2] {
        dim.extend(v.to_le_bytes());
    }
    s.extend(record(0x0094, &dim)); // BrtWsDim
    s.extend(record(0x0091, &[])); // BrtBeginSheetData
    let row = |r: u32| {
        let mut b = r.to_le_bytes().to_vec();
        b.extend([0u8; 9]);
        record(0x0000, &b) // BrtRowHdr
    };
    let cell = |c: u32| {
        let mut b = c.to_le_bytes().to_vec();
        b.extend([0u8; 4]);
        b
    };
    let text = |c: u32, t: &str| {
        let mut b = cell(c);
        b.extend(wide(t));
        record(0x0006, &b) // BrtCellSt
    };
    let real = |c: u32, v: f64| {
        let mut b = cell(c);
        b.extend(v.to_le_bytes());
        record(0x0005, &b) // BrtCellReal
    };
    s.extend(row(0));
    for (c, h) in ["Close Date", "Amount", "Stage"].iter().enumerate() {
        s.extend(text(c as u32, h));
    }
    for r in 1..3u32 {
        s.extend(row(r));
        s.extend(real(0, 45352.0 + f64::from(r)));
        s.extend(real(1, 1000.0 * f64::from(r)));
        s.extend(text(2, if r == 1 { "Won" } else { "Lost" }));
    }
    s.extend(record(0x0092, &[])); // BrtEndSheetData
    s.extend(record(0x0082, &[])); // BrtEndSheet
    s
}

fn head_lines(bytes: &[u8], lines: usize) -> &[u8] {
    let mut n = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            n += 1;
            if n == lines || i >= SEED_BYTES {
                return &bytes[..=i];
            }
        }
    }
    &bytes[..bytes.len().min(SEED_BYTES)]
}

fn public_seeds(c: &mut Corpus, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!(
            "fuzz_seeds: {} is absent, so the corpora have the project's own seeds only",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for p in files {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let ext = p.extension().map(|e| e.to_string_lossy().to_lowercase());
        match ext.as_deref() {
            Some("csv") => {
                let head = head_lines(&bytes, 60);
                c.put("csv", &name, head);
                c.put("any_file", &name, head);
                infer_seeds_from_csv(c, &name, head);
            }
            Some("xlsx") | Some("xlsm") => xlsx_seed(c, &name, &bytes),
            Some("ods") => {
                // One of the public "ods" files is an xlsx by content.
                if zip_part(&bytes, "xl/workbook.xml").is_some() {
                    xlsx_seed(c, &name, &bytes);
                } else {
                    ods_seed(c, &name, &bytes);
                }
            }
            Some("xlsb") => {
                for i in 1..=3 {
                    if let Some(bin) = zip_part(&bytes, &format!("xl/worksheets/sheet{i}.bin")) {
                        c.put("xlsb", &format!("{name}-sheet{i}"), &cut_xlsb(&bin));
                    }
                }
            }
            // A compound file cannot be cut short and stay readable, and a
            // whole one would slow every execution: the xls target keeps to
            // the project's own small workbook.
            _ => {}
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .expect("usage: fuzz_seeds CORPUS_DIR [PUBLIC_DIR]"),
    );
    let public = args.next().map(PathBuf::from);
    let mut c = Corpus { root, count: 0 };
    csv_seeds(&mut c);
    for (name, text) in CSVS {
        infer_seeds_from_csv(&mut c, name, text.as_bytes());
    }
    for (i, p) in PERIODS.iter().enumerate() {
        c.put("period_filter", &format!("p{i}"), p.as_bytes());
    }
    for (name, bytes) in small_workbooks() {
        xlsx_seed(&mut c, name, &bytes);
        c.put("any_file", name, &bytes);
    }
    let sample_dir = tempfile::tempdir().expect("temp folder");
    let sample = salescope_core::write_sample(sample_dir.path()).expect("sample");
    xlsx_seed(
        &mut c,
        "sample",
        &std::fs::read(&sample).expect("sample bytes"),
    );
    c.put("ods", "small.xml", ODS_CONTENT.as_bytes());
    let xls = small_xls();
    c.put("xls", "small.xls", &xls);
    c.put("any_file", "small.xls", &xls);
    c.put("xlsb", "small.bin", &small_xlsb_sheet());
    if let Some(p) = public {
        public_seeds(&mut c, &p);
    }
    println!("fuzz_seeds: {} seeds in {}", c.count, c.root.display());
}
