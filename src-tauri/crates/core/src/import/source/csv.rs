//! CSV: the delimiter detected from a sample, rows read in batches within the
//! row and field limits.

use super::*;

pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Picks the delimiter that splits the first records most consistently into
/// more than one field (quotes respected).
pub fn detect_delimiter(sample: &[u8]) -> u8 {
    let mut best = (b',', 0usize, 0.0f64);
    for d in DELIMITERS {
        let mut rdr = ::csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample);
        let mut counts: Vec<usize> = Vec::new();
        let mut rec = ::csv::ByteRecord::new();
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
        send: std::sync::mpsc::SyncSender<Result<Vec<::csv::StringRecord>>>,
        recycle: std::sync::mpsc::Receiver<Vec<::csv::StringRecord>>,
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
        let mut rdr = ::csv::ReaderBuilder::new()
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
            batch.resize_with(CSV_BATCH, ::csv::StringRecord::new);
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
                            ::csv::ErrorKind::Utf8 { .. } => Error::at(
                                ErrorCode::Unreadable,
                                at(row, None),
                                "text that is not valid in the detected encoding",
                            ),
                            ::csv::ErrorKind::Io(io) if io.to_string() == ROW_LIMIT_HIT => too_large(
                                at(records + n as u64 + 1, None),
                                format!(
                                    "this row runs on for more than {} KB, the limit per row; is a quote left open?",
                                    thousands(self.limits.csv_row_kb)
                                ),
                                "csv_row_kb",
                                self.limits.csv_row_kb * 4,
                            ),
                            ::csv::ErrorKind::Io(io) => Error::at(
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
