//! Where rows come from: sniffing the format from the content, the CSV reader
//! (encoding and delimiter detection, streamed), and workbook sheets (calamine).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, Range, Reader};
use sha2::{Digest, Sha256};

use super::limits::{
    check_csv_record, megabytes, thousands, too_large, BoundingBox, Limits, RowBound, ROW_LIMIT_HIT,
};
use super::value::{parse_iso, trim, When};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{FileFormat, Location};

/// One cell as the importer sees it, borrowed from the reader.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    When(When),
    Error(&'a str),
}

impl<'a> Cell<'a> {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text, borrowed when it is text already.
    pub fn as_cow(&self) -> std::borrow::Cow<'a, str> {
        match *self {
            Cell::Text(s) | Cell::Error(s) => std::borrow::Cow::Borrowed(s),
            other => std::borrow::Cow::Owned(other.to_text()),
        }
    }

    /// The cell as text, as a spreadsheet would show a general-format cell.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Error(s) => (*s).to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => format_float(*f),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::When(w) => w.to_iso(),
        }
    }
}

/// Shortest text for a float (`731.94` not `731.9399999999999`).
pub fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let s = format!("{f:.10}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// A source of rows that can be read more than once (analysis pass, write pass).
pub trait RowSource: Send {
    /// Calls `f` with each row's 1-based row number (as a spreadsheet shows it)
    /// and its cells; stops early when `f` returns `Ok(false)`.
    fn each_row(&mut self, f: &mut dyn FnMut(u64, &[Cell<'_>]) -> Result<bool>) -> Result<()>;
}

// ---------------------------------------------------------------------------
// Sniffing

pub fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| {
        let code = if e.kind() == std::io::ErrorKind::NotFound {
            ErrorCode::FileNotFound
        } else {
            ErrorCode::Io
        };
        let what = if code == ErrorCode::FileNotFound {
            "the file does not exist".to_string()
        } else {
            format!("cannot open the file: {e}")
        };
        Error::at(code, loc(path), what)
    })
}

pub fn loc(path: &Path) -> Location {
    Location {
        file: file_label(path),
        ..Location::default()
    }
}

/// Decides the format from the first bytes and, for zip files, the entries.
pub fn sniff_format(path: &Path) -> Result<FileFormat> {
    if path.is_dir() {
        return Err(Error::at(
            ErrorCode::UnsupportedFormat,
            loc(path),
            "this is a folder, not a file",
        ));
    }
    let mut f = open(path)?;
    let mut head = [0u8; 8192];
    let mut n = 0;
    while n < head.len() {
        let m = f
            .read(&mut head[n..])
            .map_err(|e| Error::at(ErrorCode::Io, loc(path), e.to_string()))?;
        if m == 0 {
            break;
        }
        n += m;
    }
    let head = &head[..n];
    if head.is_empty() {
        return Err(Error::at(
            ErrorCode::UnsupportedFormat,
            loc(path),
            "the file is empty",
        ));
    }
    if head.starts_with(b"PK\x03\x04") {
        return sniff_zip(path);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(FileFormat::Xls);
    }
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 && head.contains(&0) {
        return Err(Error::at(
            ErrorCode::UnsupportedFormat,
            loc(path),
            "this is a binary file, not a spreadsheet or CSV (expected xlsx, xlsm, xls, xlsb, ods, or delimited text)",
        ));
    }
    Ok(FileFormat::Csv)
}

fn sniff_zip(path: &Path) -> Result<FileFormat> {
    let f = open(path)?;
    let zip = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| {
        Error::at(
            ErrorCode::Unreadable,
            loc(path),
            format!("the file looks like a zip-based workbook but cannot be opened ({e}); it may be damaged or only partly downloaded"),
        )
    })?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("xl/workbook.bin") {
        Ok(FileFormat::Xlsb)
    } else if has("xl/workbook.xml") {
        Ok(FileFormat::Xlsx)
    } else if has("content.xml") {
        Ok(FileFormat::Ods)
    } else {
        Err(Error::at(
            ErrorCode::UnsupportedFormat,
            loc(path),
            "this is a zip archive but holds no workbook (expected an xlsx, xlsm, xlsb or ods file)",
        ))
    }
}

/// Reads the whole file in chunks, handing each to `f`.
fn each_chunk(path: &Path, mut f: impl FnMut(&[u8])) -> Result<()> {
    let mut file = open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| Error::at(ErrorCode::Io, loc(path), e.to_string()))?;
        if n == 0 {
            return Ok(());
        }
        f(&buf[..n]);
    }
}

/// sha256 of the file's bytes, hex.
pub fn hash_file(path: &Path) -> Result<String> {
    let mut h = Sha256::new();
    each_chunk(path, |chunk| h.update(chunk))?;
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

// ---------------------------------------------------------------------------
// CSV

/// The text encodings Salescope reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
    /// DOS code page 850 (Western Europe), as old exports write it.
    Cp850,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Windows1252 => "Windows-1252",
            TextEncoding::Cp850 => "DOS code page 850",
        }
    }
}

/// What one full read of a text file tells: its hash and encoding.
pub struct TextScan {
    pub hash: String,
    pub encoding: TextEncoding,
}

/// Reads the whole file once: hashes it, checks UTF-8 validity, and for legacy
/// single-byte text scores Windows-1252 against DOS 850 by whether the high
/// bytes decode to letters that fit their neighbours.
pub fn scan_text(path: &Path) -> Result<TextScan> {
    let mut h = Sha256::new();
    let mut first = true;
    let mut bom: Option<TextEncoding> = None;
    let mut utf8_ok = true;
    let mut carry: Vec<u8> = Vec::new();
    let mut prev: u8 = b' ';
    let (mut score_1252, mut score_850) = (0u64, 0u64);
    let mut pending_high: Option<u8> = None;
    each_chunk(path, |chunk| {
        h.update(chunk);
        if first {
            first = false;
            if chunk.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bom = Some(TextEncoding::Utf8Bom);
            } else if chunk.starts_with(&[0xFF, 0xFE]) {
                bom = Some(TextEncoding::Utf16Le);
            } else if chunk.starts_with(&[0xFE, 0xFF]) {
                bom = Some(TextEncoding::Utf16Be);
            }
        }
        if matches!(bom, Some(TextEncoding::Utf16Le | TextEncoding::Utf16Be)) {
            return;
        }
        if utf8_ok {
            carry.extend_from_slice(chunk);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                Err(e) => {
                    if e.error_len().is_some() {
                        utf8_ok = false;
                    } else {
                        let keep = carry.split_off(e.valid_up_to());
                        carry = keep;
                    }
                }
            }
        }
        for &b in chunk {
            if let Some(hb) = pending_high.take() {
                score_legacy(hb, prev, b, &mut score_1252, &mut score_850);
            }
            if b >= 0x80 {
                pending_high = Some(b);
            } else {
                prev = b;
            }
        }
    })?;
    if let Some(hb) = pending_high {
        score_legacy(hb, prev, b' ', &mut score_1252, &mut score_850);
    }
    if !carry.is_empty() {
        utf8_ok = false;
    }
    let encoding = match bom {
        Some(e) => e,
        None if utf8_ok => TextEncoding::Utf8,
        None if score_850 > score_1252 => TextEncoding::Cp850,
        None => TextEncoding::Windows1252,
    };
    Ok(TextScan {
        hash: hex(&h.finalize()),
        encoding,
    })
}

fn decode_1252(b: u8) -> char {
    let bytes = [b];
    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    s.chars().next().unwrap_or('\u{fffd}')
}

fn decode_850(b: u8) -> char {
    if b < 0x80 {
        b as char
    } else {
        oem_cp::code_table::DECODING_TABLE_CP850[(b - 0x80) as usize]
    }
}

/// A high byte between letters should decode to a letter of the same case.
fn score_legacy(b: u8, prev: u8, next: u8, s1252: &mut u64, s850: &mut u64) {
    let ctx = if prev.is_ascii_alphabetic() {
        Some(prev.is_ascii_lowercase())
    } else if next.is_ascii_alphabetic() {
        Some(next.is_ascii_lowercase())
    } else {
        None
    };
    let fits = |c: char| -> bool {
        c.is_alphabetic()
            && match ctx {
                Some(lower) => c.is_lowercase() == lower,
                None => true,
            }
    };
    if fits(decode_1252(b)) {
        *s1252 += 1;
    }
    if fits(decode_850(b)) {
        *s850 += 1;
    }
}

/// A reader that turns DOS 850 bytes into UTF-8.
struct Cp850Reader<R> {
    inner: R,
    out: Vec<u8>,
    pos: usize,
}

impl<R: Read> Read for Cp850Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.out.len() {
            let mut raw = [0u8; 1 << 15];
            let n = self.inner.read(&mut raw)?;
            if n == 0 {
                return Ok(0);
            }
            self.out.clear();
            self.pos = 0;
            for &b in &raw[..n] {
                let mut tmp = [0u8; 4];
                self.out
                    .extend_from_slice(decode_850(b).encode_utf8(&mut tmp).as_bytes());
            }
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The file as UTF-8, BOM removed.
pub fn open_decoded(path: &Path, enc: TextEncoding) -> Result<Box<dyn Read>> {
    let f = BufReader::with_capacity(1 << 16, open(path)?);
    let encoding = match enc {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => encoding_rs::UTF_8,
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        TextEncoding::Cp850 => {
            return Ok(Box::new(Cp850Reader {
                inner: f,
                out: Vec::new(),
                pos: 0,
            }))
        }
    };
    if enc == TextEncoding::Utf8 {
        return Ok(Box::new(f));
    }
    Ok(Box::new(
        encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .strip_bom(true)
            .build(f),
    ))
}

pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Picks the delimiter that splits the first records most consistently into
/// more than one field (quotes respected).
pub fn detect_delimiter(sample: &[u8]) -> u8 {
    let mut best = (b',', 0usize, 0.0f64);
    for d in DELIMITERS {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample);
        let mut counts: Vec<usize> = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while counts.len() < 100 {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {
                    if rec
                        .iter()
                        .all(|f| f.iter().all(|b| b.is_ascii_whitespace()))
                    {
                        continue;
                    }
                    counts.push(rec.len())
                }
                _ => break,
            }
        }
        // The last record of a sample may be cut short.
        if counts.len() > 2 {
            counts.pop();
        }
        if counts.is_empty() {
            continue;
        }
        let mut freq = std::collections::HashMap::new();
        for c in &counts {
            *freq.entry(*c).or_insert(0usize) += 1;
        }
        let (mode, mode_n) = freq
            .into_iter()
            .max_by_key(|(c, n)| (*n, *c))
            .unwrap_or((1, 0));
        let consistency = mode_n as f64 / counts.len() as f64;
        if mode > 1
            && (consistency > best.2 + 1e-9 || (consistency >= best.2 - 1e-9 && mode > best.1))
        {
            best = (d, mode, consistency);
        }
    }
    best.0
}

pub fn delimiter_label(d: u8) -> &'static str {
    match d {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe",
        _ => "other",
    }
}

pub struct CsvSource {
    pub path: std::path::PathBuf,
    pub encoding: TextEncoding,
    pub delimiter: u8,
    pub limits: Limits,
}

impl CsvSource {
    /// Detects the delimiter from the first 256 KiB of decoded text.
    pub fn open(path: &Path, encoding: TextEncoding, limits: &Limits) -> Result<CsvSource> {
        let mut rdr = open_decoded(path, encoding)?;
        let mut sample = Vec::with_capacity(1 << 18);
        rdr.by_ref()
            .take(1 << 18)
            .read_to_end(&mut sample)
            .map_err(|e| Error::at(ErrorCode::Unreadable, loc(path), e.to_string()))?;
        Ok(CsvSource {
            path: path.to_path_buf(),
            encoding,
            delimiter: detect_delimiter(&sample),
            limits: *limits,
        })
    }
}

/// Records per batch handed from the parsing thread to the caller.
const CSV_BATCH: usize = 512;

impl CsvSource {
    /// Parses the file on its own thread, handing records over in batches;
    /// the empty batches come back to be refilled, so parsing allocates little.
    fn parse_into(
        &self,
        send: std::sync::mpsc::SyncSender<Result<Vec<csv::StringRecord>>>,
        recycle: std::sync::mpsc::Receiver<Vec<csv::StringRecord>>,
    ) {
        let rdr = match open_decoded(&self.path, self.encoding) {
            Ok(r) => r,
            Err(e) => {
                let _ = send.send(Err(e));
                return;
            }
        };
        const BUFFER: usize = 1 << 16;
        let mark = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let bounded = RowBound {
            inner: rdr,
            read: 0,
            mark: mark.clone(),
            limit: self.limits.csv_row_bytes() + BUFFER as u64,
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(BUFFER)
            .from_reader(bounded);
        let mut records = 0u64;
        let at = |row: u64, column: Option<usize>| Location {
            row: Some(row),
            column: column.map(column_letter),
            ..loc(&self.path)
        };
        loop {
            let mut batch = recycle.try_recv().unwrap_or_default();
            batch.resize_with(CSV_BATCH, csv::StringRecord::new);
            let mut n = 0;
            while n < CSV_BATCH {
                let start = rdr.position().clone();
                match rdr.read_record(&mut batch[n]) {
                    Ok(true) => {
                        let end = rdr.position().byte();
                        mark.set(end);
                        // Rows are counted as a spreadsheet shows them: one per record.
                        let row = records + n as u64 + 1;
                        if end - start.byte() > self.limits.csv_row_bytes() {
                            let _ = send.send(Err(too_large(
                                at(row, None),
                                format!(
                                    "this row is {}, over the limit of {} KB per row; is a quote left open?",
                                    megabytes(end - start.byte()),
                                    thousands(self.limits.csv_row_kb)
                                ),
                                "csv_row_kb",
                                (end - start.byte()).div_ceil(1 << 10),
                            )));
                            return;
                        }
                        if let Some(e) = check_csv_record(&self.limits, &batch[n], |c| at(row, c)) {
                            let _ = send.send(Err(e));
                            return;
                        }
                        n += 1;
                    }
                    Ok(false) => break,
                    Err(e) => {
                        let row = e.position().map(|p| p.line()).unwrap_or(start.line());
                        let err = match e.kind() {
                            csv::ErrorKind::Utf8 { .. } => Error::at(
                                ErrorCode::Unreadable,
                                at(row, None),
                                "text that is not valid in the detected encoding",
                            ),
                            csv::ErrorKind::Io(io) if io.to_string() == ROW_LIMIT_HIT => too_large(
                                at(records + n as u64 + 1, None),
                                format!(
                                    "this row runs on for more than {} KB, the limit per row; is a quote left open?",
                                    thousands(self.limits.csv_row_kb)
                                ),
                                "csv_row_kb",
                                self.limits.csv_row_kb * 4,
                            ),
                            csv::ErrorKind::Io(io) => Error::at(
                                ErrorCode::Unreadable,
                                at(row, None),
                                format!("read error: {io}"),
                            ),
                            _ => Error::at(ErrorCode::Unreadable, at(row, None), e.to_string()),
                        };
                        let _ = send.send(Err(err));
                        return;
                    }
                }
            }
            records += n as u64;
            batch.truncate(n);
            let last = n < CSV_BATCH;
            if !batch.is_empty() && send.send(Ok(batch)).is_err() {
                return; // the caller stopped reading
            }
            if last {
                return;
            }
        }
    }
}

impl RowSource for CsvSource {
    fn each_row(&mut self, f: &mut dyn FnMut(u64, &[Cell<'_>]) -> Result<bool>) -> Result<()> {
        let (send, recv) = std::sync::mpsc::sync_channel(4);
        let (give_back, recycle) = std::sync::mpsc::channel();
        let this = &*self;
        // The receiver moves into the scope's closure, so it is dropped (and a
        // parser blocked on a full channel wakes up and ends) when the caller
        // stops early, before the scope joins the parser.
        std::thread::scope(move |scope| {
            scope.spawn(move || this.parse_into(send, recycle));
            let mut row = 0u64;
            for batch in recv.iter() {
                let batch = batch?;
                let mut cells: Vec<Cell<'_>> = Vec::new();
                for rec in &batch {
                    row += 1;
                    cells.clear();
                    cells.extend(rec.iter().map(|field| {
                        let t = trim(field);
                        if t.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(t)
                        }
                    }));
                    if !f(row, &cells)? {
                        return Ok(());
                    }
                }
                drop(cells);
                let _ = give_back.send(batch);
            }
            Ok(())
        })
    }
}

// ---------------------------------------------------------------------------
// Workbooks

pub struct SheetSource {
    pub range: Range<Data>,
}

fn data_to_cell(d: &Data) -> Cell<'_> {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            let t = trim(s);
            if t.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(t)
            }
        }
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                match dt.as_datetime() {
                    Some(ndt) if dt.as_f64().fract() == 0.0 => Cell::When(When::Date(ndt.date())),
                    Some(ndt) => Cell::When(When::DateTime(ndt)),
                    None => Cell::Float(dt.as_f64()),
                }
            } else {
                Cell::Float(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) => match parse_iso(s) {
            Some(w) => Cell::When(w),
            None => Cell::Text(s),
        },
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(_) => Cell::Error("#ERROR"),
    }
}

impl RowSource for SheetSource {
    fn each_row(&mut self, f: &mut dyn FnMut(u64, &[Cell<'_>]) -> Result<bool>) -> Result<()> {
        let (row0, col0) = self.range.start().unwrap_or((0, 0));
        let mut cells: Vec<Cell<'_>> = Vec::new();
        for (i, r) in self.range.rows().enumerate() {
            cells.clear();
            // Keep absolute column positions: pad for a range that starts right of A.
            cells.extend(std::iter::repeat_n(Cell::Empty, col0 as usize));
            cells.extend(r.iter().map(data_to_cell));
            if !f(u64::from(row0) + i as u64 + 1, &cells)? {
                break;
            }
        }
        Ok(())
    }
}

/// Opens a workbook once the limits allow it (an xls or ods is read whole here).
pub fn open_workbook(
    path: &Path,
    format: FileFormat,
    limits: &Limits,
) -> Result<calamine::Sheets<BufReader<File>>> {
    limits.check_workbook(path, format)?;
    guard(path, None, || open_workbook_unguarded(path, format))
}

fn open_workbook_unguarded(
    path: &Path,
    format: FileFormat,
) -> Result<calamine::Sheets<BufReader<File>>> {
    use calamine::{open_workbook as ow, Ods, Sheets, Xls, Xlsb, Xlsx};
    let unreadable = |e: String| {
        Error::at(
            ErrorCode::Unreadable,
            loc(path),
            format!(
                "cannot read this {} workbook: {e}. It may be damaged, password-protected or only partly downloaded",
                format.as_str()
            ),
        )
    };
    Ok(match format {
        FileFormat::Xlsx => {
            Sheets::Xlsx(ow::<Xlsx<_>, _>(path).map_err(|e| unreadable(e.to_string()))?)
        }
        FileFormat::Xlsb => {
            Sheets::Xlsb(ow::<Xlsb<_>, _>(path).map_err(|e| unreadable(e.to_string()))?)
        }
        FileFormat::Xls => {
            Sheets::Xls(ow::<Xls<_>, _>(path).map_err(|e| unreadable(e.to_string()))?)
        }
        FileFormat::Ods => {
            Sheets::Ods(ow::<Ods<_>, _>(path).map_err(|e| unreadable(e.to_string()))?)
        }
        FileFormat::Csv => return Err(unreadable("not a workbook".into())),
    })
}

/// Sheet names in workbook order, with the reason a sheet is not a worksheet.
pub fn sheet_list(wb: &calamine::Sheets<BufReader<File>>) -> Vec<(String, Option<&'static str>)> {
    wb.sheets_metadata()
        .iter()
        .map(|s| {
            let why = match s.typ {
                calamine::SheetType::WorkSheet => None,
                calamine::SheetType::ChartSheet => Some("a chart sheet, no cells"),
                calamine::SheetType::DialogSheet => Some("a dialog sheet, no data"),
                calamine::SheetType::MacroSheet => Some("a macro sheet, no data"),
                calamine::SheetType::Vba => Some("a VBA module, no data"),
            };
            (s.name.clone(), why)
        })
        .collect()
}

/// Reads one sheet. The cells of an xlsx or xlsb are counted as they come
/// and their range is checked before the sheet is laid out in memory (a
/// sheet may claim, or hold two cells at, A1:XFD1048576).
pub fn read_sheet(
    wb: &mut calamine::Sheets<BufReader<File>>,
    path: &Path,
    sheet: &str,
    limits: &Limits,
) -> Result<SheetSource> {
    guard(path, Some(sheet), || {
        read_sheet_unguarded(wb, path, sheet, limits)
    })
}

/// Runs a workbook reader, turning a panic inside it (a malformed part the
/// reader indexes past) into the error a damaged file gets: the app and the
/// command line go on, and nothing of the import is written.
fn guard<T>(path: &Path, sheet: Option<&str>, f: impl FnOnce() -> Result<T>) -> Result<T> {
    quiet_while_guarded();
    GUARDED.with(|g| g.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    outcome.unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::at(
            ErrorCode::Unreadable,
            Location {
                sheet: sheet.map(str::to_string),
                ..loc(path)
            },
            format!("the workbook reader stopped at a malformed part ({why}); the file is damaged or was not written by a spreadsheet program"),
        ))
    })
}

thread_local! {
    /// This thread is inside `guard`: a panic here is turned into an error.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps the panic hook quiet for panics `guard` catches (the error says
/// what happened; "thread panicked" on the terminal would say it crashed),
/// and lets every other panic through to the hook there was before.
fn quiet_while_guarded() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(|g| g.get()) {
                before(info);
            }
        }));
    });
}

fn read_sheet_unguarded(
    wb: &mut calamine::Sheets<BufReader<File>>,
    path: &Path,
    sheet: &str,
    limits: &Limits,
) -> Result<SheetSource> {
    use calamine::Sheets;
    let location = || Location {
        sheet: Some(sheet.to_string()),
        ..loc(path)
    };
    let unreadable = |e: String| {
        Error::at(
            ErrorCode::Unreadable,
            location(),
            format!("cannot read this sheet: {e}"),
        )
    };
    let range = match wb {
        Sheets::Xlsx(x) => {
            let mut r = x
                .worksheet_cells_reader(sheet)
                .map_err(|e| unreadable(e.to_string()))?;
            collect_cells(
                || r.next_cell().map_err(|e| e.to_string()),
                limits,
                location,
            )
            .map_err(|e| e.unwrap_or_else(unreadable))?
        }
        Sheets::Xlsb(x) => {
            let mut r = x
                .worksheet_cells_reader(sheet)
                .map_err(|e| unreadable(e.to_string()))?;
            collect_cells(
                || r.next_cell().map_err(|e| e.to_string()),
                limits,
                location,
            )
            .map_err(|e| e.unwrap_or_else(unreadable))?
        }
        other => other
            .worksheet_range(sheet)
            .map_err(|e| unreadable(e.to_string()))?,
    };
    Ok(SheetSource { range })
}

/// Excel's sheet: 1,048,576 rows of 16,384 columns (A1:XFD1048576).
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;

/// Gathers a sheet's cells with values, refusing more than the limit, and
/// lays them out once their range is known to be within it. The error is
/// `Ok(the limit's error)` or `Err(the reader's message)`.
fn collect_cells<'a>(
    mut next: impl FnMut() -> std::result::Result<Option<calamine::Cell<calamine::DataRef<'a>>>, String>,
    limits: &Limits,
    location: impl Fn() -> Location,
) -> std::result::Result<Range<Data>, std::result::Result<Error, String>> {
    let mut cells: Vec<calamine::Cell<Data>> = Vec::new();
    let mut bbox: Option<BoundingBox> = None;
    while let Some(c) = next().map_err(Err)? {
        if matches!(c.get_value(), calamine::DataRef::Empty) {
            continue;
        }
        if cells.len() as u64 >= limits.cells {
            return Err(Ok(limits.sheet_too_large(
                location(),
                cells.len() as u64 + 1,
                None,
            )));
        }
        let pos = c.get_position();
        // Rows are laid out from column A: a cell past the last column a
        // spreadsheet has (XFD) or its last row would make every row that wide.
        if pos.0 >= MAX_ROWS || pos.1 >= MAX_COLUMNS {
            return Err(Err(format!(
                "a cell sits at row {} column {}, past the last cell a spreadsheet has (XFD1048576); the file is damaged",
                u64::from(pos.0) + 1,
                u64::from(pos.1) + 1
            )));
        }
        match bbox.as_mut() {
            Some(b) => b.add(pos),
            None => bbox = Some(BoundingBox::new(pos)),
        }
        cells.push(calamine::Cell::new(pos, Data::from(c.get_value().clone())));
    }
    if let Some(b) = bbox.filter(|b| b.cells() > limits.cells) {
        return Err(Ok(limits.sheet_too_large(
            location(),
            b.cells(),
            Some(b.name()),
        )));
    }
    Ok(Range::from_sparse(cells))
}

/// Column letters as a spreadsheet shows them: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_letter(mut index: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn delimiters_are_detected_with_quotes_respected() {
        assert_eq!(detect_delimiter(b"a,b,c\n1,2,3\n4,5,6\n"), b',');
        assert_eq!(detect_delimiter(b"a;b;c\n1,5;2;3\n4;5,5;6\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(detect_delimiter(b"a|b|c\n1|2|3\n"), b'|');
        assert_eq!(
            detect_delimiter(b"name;note\n\"x, y\";1\nz;\"a, b, c\"\n"),
            b';'
        );
        assert_eq!(
            detect_delimiter(b"name,note\n\"x; y\",1\nz,\"a; b\"\n"),
            b','
        );
    }

    #[test]
    fn floats_print_short() {
        assert_eq!(format_float(731.9399999999999), "731.94");
        assert_eq!(format_float(12.0), "12");
        assert_eq!(format_float(-0.5), "-0.5");
    }
}
