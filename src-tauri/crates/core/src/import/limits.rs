//! Resource limits on what one file may make the importer hold in memory,
//! checked before the memory is taken: a workbook's unpacked size and the
//! cells its sheets span, a CSV row's length, field length and column count.
//! They are settings (`limit.<name>`), with defaults that fit real exports of
//! a million rows and refuse a zip bomb or a sheet claiming A1:XFD1048576.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::source::{column_letter, loc};
use crate::error::Location;
use crate::error::{Error, ErrorCode, Result};
use crate::model::FileFormat;
use crate::text::{megabytes, thousands};

/// What one imported file may make the importer hold in memory; each is a
/// `limit.<name>` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export_to = "Limits.ts")]
pub struct Limits {
    /// Megabytes a workbook may unpack to: the sum of its zip parts after
    /// decompression (xlsx, xlsm, xlsb, ods), or the file itself (xls).
    pub workbook_mb: u64,
    /// Cells the sheets read at once may span (rows × columns of the used
    /// range): one sheet of an xlsx, xlsm or xlsb; every sheet of an xls or ods.
    pub cells: u64,
    /// Kilobytes in one CSV row (a row may run over several lines in quotes).
    pub csv_row_kb: u64,
    /// Kilobytes in one CSV field.
    pub csv_field_kb: u64,
    /// Fields in one CSV row.
    pub csv_columns: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            workbook_mb: 1024,
            cells: 20_000_000,
            csv_row_kb: 4096,
            csv_field_kb: 1024,
            csv_columns: 16_384,
        }
    }
}

/// The names `limit.<name>` takes, for messages.
pub const NAMES: &str = "workbook_mb, cells, csv_row_kb, csv_field_kb, csv_columns";

impl Limits {
    /// The limits stored as `limit.<name>` settings, defaults for the others
    /// (a stored value this version cannot read is ignored).
    pub fn load(conn: &rusqlite::Connection) -> Result<Limits> {
        let mut l = Limits::default();
        for (key, value) in crate::store::read_settings(conn)? {
            if let Some(name) = key.strip_prefix("limit.") {
                let _ = l.apply(name, &value);
            }
        }
        Ok(l)
    }

    /// Validates and stores one limit (`name` without the `limit.` prefix).
    pub fn set(conn: &rusqlite::Connection, name: &str, value: &str) -> Result<Limits> {
        let mut l = Limits::load(conn)?;
        l.apply(name, value)?;
        crate::store::put_setting(conn, &format!("limit.{name}"), value.trim())?;
        Ok(l)
    }

    /// Sets one limit from its text form: a whole number of at least 1.
    pub fn apply(&mut self, name: &str, value: &str) -> Result<()> {
        let slot = match name {
            "workbook_mb" => &mut self.workbook_mb,
            "cells" => &mut self.cells,
            "csv_row_kb" => &mut self.csv_row_kb,
            "csv_field_kb" => &mut self.csv_field_kb,
            "csv_columns" => &mut self.csv_columns,
            _ => {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    format!("\"limit.{name}\" is not a limit; the limits are {NAMES}"),
                ))
            }
        };
        let v: u64 = value
            .trim()
            .replace(['_', ','], "")
            .parse()
            .ok()
            .filter(|v| *v >= 1 && *v <= 1 << 40)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidArgument,
                    format!("limit.{name} is a whole number of at least 1, not \"{value}\""),
                )
            })?;
        *slot = v;
        Ok(())
    }

    /// `workbook_mb` in bytes.
    pub fn workbook_bytes(&self) -> u64 {
        self.workbook_mb.saturating_mul(1 << 20)
    }

    /// `csv_row_kb` in bytes.
    pub fn csv_row_bytes(&self) -> u64 {
        self.csv_row_kb.saturating_mul(1 << 10)
    }

    /// `csv_field_kb` in bytes.
    pub fn csv_field_bytes(&self) -> u64 {
        self.csv_field_kb.saturating_mul(1 << 10)
    }

    /// Checks what can be checked from the file before a reader opens it:
    /// the unpacked size of a zip-based workbook (the zip reader stops at each
    /// part's declared size, so the declared sizes bound the real ones), the
    /// size of an xls and the cells its sheets span, the cells of an ods.
    pub fn check_workbook(&self, path: &Path, format: FileFormat) -> Result<()> {
        match format {
            FileFormat::Xlsx | FileFormat::Xlsb | FileFormat::Ods => {
                let mut zip = zip_archive(path)?;
                let mut total = 0u64;
                let mut largest = (0u64, String::new());
                for i in 0..zip.len() {
                    let entry = zip.by_index_raw(i).map_err(|e| damaged(path, format, e))?;
                    total = total.saturating_add(entry.size());
                    if entry.size() > largest.0 {
                        largest = (
                            entry.size(),
                            entry.name().map(|n| n.into_owned()).unwrap_or_default(),
                        );
                    }
                }
                if total > self.workbook_bytes() {
                    return Err(too_large(
                        loc(path),
                        format!(
                            "this workbook unpacks to {} (its part {} alone is {}), over the limit of {}",
                            megabytes(total),
                            largest.1,
                            megabytes(largest.0),
                            megabytes(self.workbook_bytes())
                        ),
                        "workbook_mb",
                        self.workbook_mb.max(total.div_ceil(1 << 20)),
                    ));
                }
                if format == FileFormat::Ods {
                    let content = zip
                        .by_name("content.xml")
                        .map_err(|e| damaged(path, format, e))?;
                    self.check_span(
                        path,
                        ods_span(content).map_err(|e| damaged(path, format, e))?,
                    )?;
                }
                Ok(())
            }
            FileFormat::Xls => {
                let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                if size > self.workbook_bytes() {
                    return Err(too_large(
                        loc(path),
                        format!(
                            "this xls file is {}, over the limit of {}",
                            megabytes(size),
                            megabytes(self.workbook_bytes())
                        ),
                        "workbook_mb",
                        size.div_ceil(1 << 20),
                    ));
                }
                // The compound file is checked here first (its sector chains
                // must end, its workbook stream must be there): the workbook
                // reader follows a chain that loops back on itself for ever.
                let span = xls_span(path, self.cells).map_err(|e| damaged(path, format, e))?;
                self.check_span(path, span)
            }
            FileFormat::Csv => Ok(()),
        }
    }

    fn check_span(&self, path: &Path, span: CellSpan) -> Result<()> {
        // An xls sheet holds at most 65,536 rows of 256 columns: a larger
        // claim is damage, not a big file.
        const XLS_SHEET_CELLS: u64 = 65_536 * 256;
        if let Some((sheet, claimed)) = span.claim.as_ref().filter(|c| c.1 > XLS_SHEET_CELLS) {
            return Err(Error::at(
                ErrorCode::Unreadable,
                loc(path),
                format!(
                    "cannot read this xls workbook: {sheet} claims room for {} cells, more than an xls sheet holds (65,536 rows of 256 columns). The file is damaged or was not written by a spreadsheet program",
                    thousands(*claimed)
                ),
            ));
        }
        if let Some((sheet, claimed)) = span.claim.as_ref().filter(|c| c.1 > self.cells) {
            return Err(too_large(
                loc(path),
                format!(
                    "{sheet} claims room for {} cells, over the limit of {} cells",
                    thousands(*claimed),
                    thousands(self.cells)
                ),
                "cells",
                *claimed,
            ));
        }
        if span.cells > self.cells {
            let what = match &span.largest {
                Some((sheet, range, n)) if *n < span.cells => format!(
                    "this workbook's sheets span {} cells ({sheet} alone spans {range}, {} cells), over the limit of {} cells",
                    thousands(span.cells),
                    thousands(*n),
                    thousands(self.cells)
                ),
                Some((sheet, range, _)) => format!(
                    "{sheet} spans {range}, {} cells, over the limit of {} cells",
                    thousands(span.cells),
                    thousands(self.cells)
                ),
                None => format!(
                    "this workbook's sheets span {} cells, over the limit of {} cells",
                    thousands(span.cells),
                    thousands(self.cells)
                ),
            };
            return Err(too_large(loc(path), what, "cells", span.cells));
        }
        Ok(())
    }

    /// The error for a sheet whose cells go over the limit while it is read.
    pub fn sheet_too_large(&self, location: Location, cells: u64, range: Option<String>) -> Error {
        let what = match range {
            Some(r) => format!(
                "this sheet's cells span {r}, {} cells, over the limit of {} cells",
                thousands(cells),
                thousands(self.cells)
            ),
            None => format!(
                "this sheet holds more than {} cells, the limit",
                thousands(self.cells)
            ),
        };
        too_large(location, what, "cells", cells)
    }
}

/// The error for a file over a limit: what was found, the limit, the setting
/// and the command that raises it.
pub fn too_large(location: Location, what: String, name: &str, needed: u64) -> Error {
    Error::at(
        ErrorCode::TooLarge,
        location,
        format!(
            "{what} (setting limit.{name}). Nothing was imported. If the file is genuine, raise the limit: salescope-cli settings set limit.{name} {needed}"
        ),
    )
}

fn damaged(path: &Path, format: FileFormat, e: impl std::fmt::Display) -> Error {
    Error::at(
        ErrorCode::Unreadable,
        loc(path),
        format!(
            "cannot read this {} workbook: {e}. It may be damaged or only partly downloaded",
            format.as_str()
        ),
    )
}

fn zip_archive(path: &Path) -> Result<zip::ZipArchive<std::io::BufReader<std::fs::File>>> {
    let f = std::fs::File::open(path).map_err(|e| {
        Error::at(
            ErrorCode::Io,
            loc(path),
            format!("cannot open the file: {e}"),
        )
    })?;
    zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| {
        Error::at(
            ErrorCode::Unreadable,
            loc(path),
            format!("the file looks like a zip-based workbook but cannot be opened ({e}); it may be damaged or only partly downloaded"),
        )
    })
}

/// A range as a spreadsheet names it, from 0-based corners: A1:XFD1048576.
pub fn range_name(first: (u32, u32), last: (u32, u32)) -> String {
    format!(
        "{}{}:{}{}",
        column_letter(first.1 as usize),
        u64::from(first.0) + 1,
        column_letter(last.1 as usize),
        u64::from(last.0) + 1
    )
}

/// The cells a set of sheets spans, and the largest sheet.
#[derive(Debug, Default, PartialEq)]
pub struct CellSpan {
    /// The cells the sheets span together.
    pub cells: u64,
    /// The sheet as a message names it, its range, its cells.
    pub largest: Option<(String, String, u64)>,
    /// The largest range a sheet claims in its header (an xls DIMENSIONS
    /// record, which the workbook reader reserves room for): sheet, cells.
    pub claim: Option<(String, u64)>,
}

/// Bounding box of the cells of one sheet.
#[derive(Debug, Clone, Copy)]
pub struct BoundingBox {
    first: (u32, u32),
    last: (u32, u32),
}

impl BoundingBox {
    /// A box holding one cell (0-based row and column).
    pub fn new(pos: (u32, u32)) -> Self {
        BoundingBox {
            first: pos,
            last: pos,
        }
    }

    /// Grows the box to hold a cell.
    pub fn add(&mut self, (r, c): (u32, u32)) {
        self.first = (self.first.0.min(r), self.first.1.min(c));
        self.last = (self.last.0.max(r), self.last.1.max(c));
    }

    /// Rows × columns, as a dense sheet of this box holds.
    pub fn cells(&self) -> u64 {
        (u64::from(self.last.0 - self.first.0) + 1) * (u64::from(self.last.1 - self.first.1) + 1)
    }

    /// The range as a spreadsheet names it (`A1:D200`).
    pub fn name(&self) -> String {
        range_name(self.first, self.last)
    }
}

impl CellSpan {
    fn add(&mut self, sheet: &str, bbox: Option<BoundingBox>) {
        let Some(b) = bbox else { return };
        let n = b.cells();
        self.cells = self.cells.saturating_add(n);
        if self.largest.as_ref().is_none_or(|l| n > l.2) {
            self.largest = Some((sheet.to_string(), b.name(), n));
        }
    }
}

/// The cells the sheets of an xls span, from the cell records of each
/// worksheet's substream (as the workbook reader places them). The compound
/// file reader validates the file's structure on the way; its complaint is
/// the error.
pub fn xls_span(path: &Path, limit: u64) -> std::result::Result<CellSpan, String> {
    let mut cf =
        cfb::open(path).map_err(|e| format!("its compound-file structure is broken ({e})"))?;
    let stream = ["Workbook", "Book", "WORKBOOK", "BOOK"]
        .into_iter()
        .find(|s| cf.is_stream(s))
        .ok_or("it holds no workbook stream")?;
    let mut data = Vec::new();
    cf.open_stream(stream)
        .and_then(|mut s| s.read_to_end(&mut data))
        .map_err(|e| format!("its workbook stream cannot be read ({e})"))?;
    Ok(biff_span(&data, limit))
}

fn u16_at(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 2)
        .map(|s| u32::from(u16::from_le_bytes([s[0], s[1]])))
}

/// BIFF records from `at`: (type, body), until the data ends.
fn biff_records(data: &[u8], mut at: usize) -> impl Iterator<Item = (u32, &[u8])> {
    std::iter::from_fn(move || {
        let (typ, len) = (u16_at(data, at)?, u16_at(data, at + 2)? as usize);
        let body = data.get(at + 4..at + 4 + len).unwrap_or(&[]);
        at += 4 + len;
        Some((typ, body))
    })
}

/// What one sheet's records hold: the box of its cells and the room its
/// DIMENSIONS record claims.
#[derive(Default)]
struct SheetScan {
    bbox: Option<BoundingBox>,
    claim: u64,
}

impl SheetScan {
    fn put(&mut self, pos: (u32, u32)) {
        match self.bbox.as_mut() {
            Some(b) => b.add(pos),
            None => self.bbox = Some(BoundingBox::new(pos)),
        }
    }

    /// Cell records carry their row and column in their first four bytes
    /// (MULRK its last column last).
    fn record(&mut self, typ: u32, body: &[u8]) {
        match typ {
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c)) = (u16_at(body, 0), u16_at(body, 2)) {
                    self.put((r, c));
                }
            }
            0x00BD => {
                if let (Some(r), Some(c0), Some(c1)) = (
                    u16_at(body, 0),
                    u16_at(body, 2),
                    u16_at(body, body.len().saturating_sub(2)),
                ) {
                    self.put((r, c0));
                    self.put((r, c1.max(c0)));
                }
            }
            0x0200 => self.claim = self.claim.max(dimensions_claim(body).unwrap_or(0)),
            _ => {}
        }
    }
}

impl CellSpan {
    fn add_sheet(&mut self, label: String, scan: SheetScan) {
        if self.claim.as_ref().is_none_or(|c| scan.claim > c.1) && scan.claim > 0 {
            self.claim = Some((label.clone(), scan.claim));
        }
        self.add(&label, scan.bbox);
    }
}

/// The cells an xls workbook stream's sheets span, read the way the workbook
/// reader reads them: each sheet from the position its BOUNDSHEET record in
/// the globals gives (a position may point anywhere, even into another
/// record, or several sheets at one), up to its EOF. A stream without
/// BOUNDSHEET records is read as consecutive substreams. Stops once over `limit`.
pub fn biff_span(data: &[u8], limit: u64) -> CellSpan {
    let mut span = CellSpan::default();
    let mut positions = Vec::new();
    for (typ, body) in biff_records(data, 0) {
        match typ {
            0x0085 => positions.extend(
                body.get(..4)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize),
            ),
            0x000A => break,
            _ => {}
        }
    }
    let over =
        |span: &CellSpan| span.cells > limit || span.claim.as_ref().is_some_and(|c| c.1 > limit);
    if positions.is_empty() {
        // Consecutive substreams: the first is the globals, worksheets follow.
        let mut n = 0usize;
        let mut scan = SheetScan::default();
        for (typ, body) in biff_records(data, 0) {
            if typ == 0x0809 {
                if n > 1 {
                    span.add_sheet(format!("sheet {}", n - 1), std::mem::take(&mut scan));
                }
                scan = SheetScan::default();
                n += 1;
            } else {
                scan.record(typ, body);
            }
        }
        if n > 1 {
            span.add_sheet(format!("sheet {}", n - 1), scan);
        }
        return span;
    }
    for (i, pos) in positions.into_iter().enumerate() {
        let mut scan = SheetScan::default();
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (typ, body) in biff_records(data, pos) {
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A if depth > 0 => depth -= 1,
                0x000A => break,
                _ => scan.record(typ, body),
            }
        }
        span.add_sheet(format!("sheet {}", i + 1), scan);
        if over(&span) {
            break;
        }
    }
    span
}

/// The room a DIMENSIONS record makes the workbook reader reserve: its rows
/// times its columns, computed as the reader does (in 32 bits, wrapping when
/// the last row or column comes before the first).
fn dimensions_claim(body: &[u8]) -> Option<u64> {
    let u16_at = |i: usize| {
        body.get(i..i + 2)
            .map(|s| u32::from(u16::from_le_bytes([s[0], s[1]])))
    };
    let u32_at = |i: usize| {
        body.get(i..i + 4)
            .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    };
    let (rf, rl, mut cf, cl) = match body.len() {
        10 => (u16_at(0)?, u16_at(2)?, u16_at(4)?, u16_at(6)?),
        14 | 16 => (u32_at(0)?, u32_at(4)?, u16_at(8)?, u16_at(10)?),
        _ => return None,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = end.0.wrapping_sub(start.0).wrapping_add(1);
    let cols = end.1.wrapping_sub(start.1).wrapping_add(1);
    Some(u64::from(rows) * u64::from(cols))
}

/// The cells the sheets of an ods content.xml span, as the workbook reader
/// expands them: a row or cell repeated n times counts n times (up to the
/// format's 1,048,576 rows and 16,384 columns) when a value follows it.
pub fn ods_span(content: impl Read) -> std::result::Result<CellSpan, String> {
    use quick_xml::events::Event;
    const MAX_ROWS: u64 = 1_048_576;
    const MAX_COLS: u64 = 16_384;
    let mut rdr = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let mut span = CellSpan::default();
    let mut sheet = String::new();
    let mut in_table = false;
    // Per sheet: rows so far, the row count up to the last row with a value,
    // and the widest row's width up to its last value.
    let (mut rows, mut used_rows, mut width) = (0u64, 0u64, 0u64);
    // Per row: its repeat, the columns so far, the width up to its last value.
    let (mut row_repeat, mut cols, mut row_width) = (1u64, 0u64, 0u64);
    let repeat = |e: &quick_xml::events::BytesStart<'_>, name: &str, cap: u64| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .clamp(1, cap)
    };
    let finish_sheet = |span: &mut CellSpan, sheet: &str, used_rows: u64, width: u64| {
        if used_rows > 0 && width > 0 {
            let last = ((used_rows - 1) as u32, (width - 1) as u32);
            let mut b = BoundingBox::new((0, 0));
            b.add(last);
            span.add(sheet, Some(b));
        }
    };
    loop {
        let ev = rdr
            .read_event_into(&mut buf)
            .map_err(|e| format!("content.xml: {e}"))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.name().as_ref() {
                    "table:table" => {
                        in_table = !empty;
                        sheet = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.as_ref() == "table:name")
                            .map(|a| format!("sheet \"{}\"", a.value))
                            .unwrap_or_else(|| "a sheet".to_string());
                        (rows, used_rows, width) = (0, 0, 0);
                    }
                    "table:table-row" => {
                        row_repeat = repeat(e, "table:number-rows-repeated", MAX_ROWS);
                        (cols, row_width) = (0, 0);
                        if empty {
                            rows = (rows + row_repeat).min(MAX_ROWS);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let n = repeat(e, "table:number-columns-repeated", MAX_COLS);
                        let valued = !empty
                            || e.attributes()
                                .flatten()
                                .any(|a| a.key.as_ref() == "office:value-type");
                        cols = (cols + n).min(MAX_COLS);
                        if valued {
                            row_width = cols;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => match e.name().as_ref() {
                "table:table-row" => {
                    rows = (rows + row_repeat).min(MAX_ROWS);
                    if row_width > 0 {
                        used_rows = rows;
                        width = width.max(row_width);
                    }
                }
                "table:table" => {
                    in_table = false;
                    finish_sheet(&mut span, &sheet, used_rows, width)
                }
                _ => {}
            },
            // The workbook reader waits for a sheet's end for ever: a file
            // cut short inside a sheet is refused here.
            Event::Eof if in_table => {
                return Err(format!(
                    "content.xml ends inside {sheet}, so the file was cut short"
                ))
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(span)
}

/// A reader that refuses to run more than `limit` bytes past `mark`: the CSV
/// parser sets the mark at the end of each record, so no record (and no
/// buffer the parser grows for it) gets longer than the limit plus one read.
pub struct RowBound<R> {
    /// The reader it bounds.
    pub inner: R,
    /// Bytes read so far.
    pub read: u64,
    /// Where the current record began, set by the CSV reader.
    pub mark: std::rc::Rc<std::cell::Cell<u64>>,
    /// Bytes a record may take.
    pub limit: u64,
}

/// The io error a `RowBound` returns, recognised by its message.
pub const ROW_LIMIT_HIT: &str = "salescope: row over the length limit";

impl<R: Read> Read for RowBound<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read.saturating_sub(self.mark.get()) > self.limit {
            return Err(std::io::Error::other(ROW_LIMIT_HIT));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Where a CSV row breaks a limit, if it does: (column, what).
pub fn check_csv_record(
    limits: &Limits,
    rec: &csv::StringRecord,
    at: impl Fn(Option<usize>) -> Location,
) -> Option<Error> {
    if rec.len() as u64 > limits.csv_columns {
        return Some(too_large(
            at(None),
            format!(
                "this row has {} fields, over the limit of {}",
                thousands(rec.len() as u64),
                thousands(limits.csv_columns)
            ),
            "csv_columns",
            rec.len() as u64,
        ));
    }
    if rec.as_slice().len() as u64 > limits.csv_field_bytes() {
        for (i, f) in rec.iter().enumerate() {
            if f.len() as u64 > limits.csv_field_bytes() {
                return Some(too_large(
                    at(Some(i)),
                    format!(
                        "this field is {}, over the limit of {} KB per field; is a quote left open?",
                        megabytes(f.len() as u64),
                        thousands(limits.csv_field_kb)
                    ),
                    "csv_field_kb",
                    (f.len() as u64).div_ceil(1 << 10),
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_whole_numbers_and_name_the_valid_keys() {
        let mut l = Limits::default();
        l.apply("cells", "30,000,000").unwrap();
        assert_eq!(l.cells, 30_000_000);
        l.apply("workbook_mb", " 2048 ").unwrap();
        assert_eq!(l.workbook_bytes(), 2048 << 20);
        let e = l.apply("cells", "0").unwrap_err();
        assert_eq!(
            e.message,
            "limit.cells is a whole number of at least 1, not \"0\""
        );
        let e = l.apply("rows", "5").unwrap_err();
        assert_eq!(
            e.message,
            "\"limit.rows\" is not a limit; the limits are workbook_mb, cells, csv_row_kb, csv_field_kb, csv_columns"
        );
    }

    #[test]
    fn biff_records_give_each_substream_its_box() {
        let rec = |typ: u16, body: &[u8]| {
            let mut v = typ.to_le_bytes().to_vec();
            v.extend((body.len() as u16).to_le_bytes());
            v.extend(body);
            v
        };
        let cell = |typ: u16, r: u16, c: u16| {
            let mut b = r.to_le_bytes().to_vec();
            b.extend(c.to_le_bytes());
            b.extend([0u8; 6]);
            rec(typ, &b)
        };
        let mut data = rec(0x0809, &[0; 16]); // globals
        data.extend(rec(0x0809, &[0; 16])); // sheet 1
        data.extend(cell(0x0203, 0, 0));
        data.extend(cell(0x00FD, 65535, 255));
        data.extend(rec(0x0809, &[0; 16])); // sheet 2
        let mut mulrk = 9u16.to_le_bytes().to_vec();
        mulrk.extend(2u16.to_le_bytes());
        mulrk.extend([0u8; 12]);
        mulrk.extend(3u16.to_le_bytes());
        data.extend(rec(0x00BD, &mulrk));
        data.extend([0x03, 0x02, 0xFF]); // a cut-off record at the end
        let span = biff_span(&data, u64::MAX);
        assert_eq!(span.cells, 65536 * 256 + 2);
        assert_eq!(
            span.largest,
            Some(("sheet 1".to_string(), "A1:IV65536".to_string(), 16_777_216))
        );
    }

    #[test]
    fn a_dimensions_record_claims_what_the_reader_reserves() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut b = rf.to_le_bytes().to_vec();
            b.extend(rl.to_le_bytes());
            b.extend(cf.to_le_bytes());
            b.extend(cl.to_le_bytes());
            b.extend([0, 0]);
            b
        };
        assert_eq!(dimensions_claim(&dims(0, 3, 0, 4)), Some(12));
        assert_eq!(
            dimensions_claim(&dims(0, 4_000_000, 0, 256)),
            Some(1_024_000_000)
        );
        // Last row before the first: the reader's 32-bit count wraps.
        assert_eq!(dimensions_claim(&dims(10, 5, 0, 1)), Some(4_294_967_291));
        assert_eq!(dimensions_claim(&[1, 2, 3]), None);
    }

    #[test]
    fn ods_repeats_count_where_a_value_follows() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
          <table:table table:name="Deals">
            <table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
            <table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
            <table:table-row><table:table-cell office:value-type="float" office:value="2"/></table:table-row>
            <table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row>
          </table:table>
          <table:table table:name="Empty"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>
        </office:spreadsheet></office:body></office:document-content>"#;
        let span = ods_span(xml.as_bytes()).unwrap();
        // 1002 rows up to the last value, 5 columns up to the widest row's last value.
        assert_eq!(span.cells, 1002 * 5);
        assert_eq!(
            span.largest,
            Some(("sheet \"Deals\"".to_string(), "A1:E1002".to_string(), 5010))
        );
    }

    #[test]
    fn numbers_print_as_people_read_them() {
        assert_eq!(thousands(17_179_869_184), "17,179,869,184");
        assert_eq!(thousands(999), "999");
        assert_eq!(megabytes(1024 << 20), "1,024 MB");
        assert_eq!(megabytes(1536 << 10), "1.5 MB");
        assert_eq!(range_name((0, 0), (1_048_575, 16_383)), "A1:XFD1048576");
    }
}
