//! Workbook sheets through calamine: opening within the limits, the list of
//! sheets, one sheet's cells, and a guard that turns a reader panic into an
//! error.

use super::*;

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

/// Why a hidden sheet is left out unless chosen by name.
pub const HIDDEN_SHEET: &str = "a hidden sheet; choose it by name to import it";

/// Sheet names in workbook order, with the reason a sheet is not a worksheet.
pub fn sheet_list(wb: &calamine::Sheets<BufReader<File>>) -> Vec<(String, Option<&'static str>)> {
    wb.sheets_metadata()
        .iter()
        .map(|s| {
            let why = match s.typ {
                calamine::SheetType::WorkSheet if s.visible != calamine::SheetVisible::Visible => {
                    Some(HIDDEN_SHEET)
                }
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
