//! What the import wizard shows before anything is written: the format, the
//! sheets, the header row, the first rows, each column's type and role, the
//! record kind and what stands in the way. Reads the file the way the import
//! will (same header detection, same type and role decisions on the same
//! sample), writes nothing.

use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::infer::Value;
use super::plan::{analyse, collect_stats, find_table, targets_column_of, SAMPLE_ROWS};
use super::roles::{self, Need};
use super::source::{self, Cell, RowSource};
use super::table::Header;
use super::{Ctx, ImportOptions, SheetMapping};
use crate::error::Result;
use crate::model::{ColumnType, FileFormat, RecordKind};
use crate::progress::NoProgress;
use crate::store::Store;

/// How many data rows the preview lists.
pub const PREVIEW_ROWS: usize = 20;

/// What the import wizard shows of a file: format, sheets, and the table of
/// the sheet shown, as the import would read it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Preview.ts")]
pub struct Preview {
    /// The file name (no folders).
    pub file: String,
    /// The format, from the content.
    pub format: FileFormat,
    /// CSV only: the text encoding and the delimiter found.
    pub encoding: Option<String>,
    /// CSV only: the delimiter found.
    pub delimiter: Option<String>,
    /// A workbook's sheets in order (empty for CSV).
    pub sheets: Vec<SheetChoice>,
    /// The sheet shown (null for CSV).
    pub sheet: Option<String>,
    /// Why the sheet holds no table Salescope reads (null when it does).
    pub skipped: Option<String>,
    /// The table found on the sheet, if any.
    pub table: Option<PreviewTable>,
    /// The dataset this very content was imported as before, if any.
    #[ts(type = "number | null")]
    pub imported_as: Option<i64>,
}

/// A sheet of a workbook, for the wizard's list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "SheetChoice.ts")]
pub struct SheetChoice {
    /// The sheet's name.
    pub name: String,
    /// Why the sheet cannot be imported (a chart sheet ...), or null.
    pub note: Option<String>,
}

/// The table of a sheet as the import would read it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "PreviewTable.ts")]
pub struct PreviewTable {
    /// 1-based row of the header.
    #[ts(type = "number")]
    pub header_row: u64,
    /// Each column: type, role, currency.
    pub columns: Vec<PreviewColumn>,
    /// The first data rows, as text, one cell per column.
    pub rows: Vec<PreviewRow>,
    /// Data rows the types were decided from, and whether that was all of them.
    #[ts(type = "number")]
    pub rows_read: u64,
    /// True when every data row was read to decide the types.
    pub complete: bool,
    /// The record kind (detected, remembered or chosen); null when none fits.
    pub kind: Option<RecordKind>,
    /// Why no kind was recognised.
    pub kind_reason: Option<String>,
    /// The kind and roles come from the user's earlier choice for this header.
    pub remembered: bool,
    /// The roles a column of this kind can take, required ones first.
    pub roles: Vec<RoleChoice>,
    /// Required roles no column has.
    pub missing: Vec<String>,
    /// The header of a column holding targets beside the actuals (`Target
    /// Sales`), which the wizard offers to import as goals too.
    pub targets: Option<String>,
    /// A quota sheet without a KPI column: the wizard asks which KPI its
    /// targets are goals for (total revenue unless chosen).
    pub quota: bool,
}

/// One column of the preview.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "PreviewColumn.ts")]
pub struct PreviewColumn {
    /// The spreadsheet letter (A, B, ...).
    pub letter: String,
    /// The header text.
    pub header: String,
    /// The type decided from the values read.
    pub column_type: ColumnType,
    /// The currency seen in a money column.
    pub currency: Option<String>,
    /// The role it maps to (detected, remembered or chosen).
    pub role: Option<String>,
    /// Cells among the listed rows that do not fit the type.
    pub odd: u32,
}

/// One data row of the preview.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "PreviewRow.ts")]
pub struct PreviewRow {
    /// The 1-based row number in the sheet.
    #[ts(type = "number")]
    pub row: u64,
    /// One cell per column, as text.
    pub cells: Vec<String>,
    /// Positions of the cells that do not fit their column's type.
    pub odd: Vec<u32>,
}

/// A role the wizard offers for a record kind.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "RoleChoice.ts")]
pub struct RoleChoice {
    /// The role (`close_date`, `amount`, ...).
    pub role: String,
    /// Whether the kind needs it.
    pub required: bool,
    /// What the column holds: "date", "number", "text" or "yes/no".
    pub holds: String,
}

/// The roles of a kind, required first, as the wizard's dropdowns list them.
pub fn role_choices(kind: RecordKind) -> Vec<RoleChoice> {
    let mut out: Vec<RoleChoice> = roles::specs(kind)
        .iter()
        .map(|s| RoleChoice {
            role: s.role.to_string(),
            required: s.required,
            holds: match s.need {
                Need::Date => "date",
                Need::Number => "number",
                Need::Text => "text",
                Need::Flag => "yes/no",
            }
            .to_string(),
        })
        .collect();
    out.sort_by_key(|r| !r.required);
    out
}

/// Looks at `sheet` of the file (a workbook's first sheet holding records
/// when `None`) with `mapping` applied, as the import would read it.
pub fn preview(
    store: &mut Store,
    path: &Path,
    sheet: Option<&str>,
    mapping: &SheetMapping,
) -> Result<Preview> {
    let format = source::sniff_format(path)?;
    let limits = super::limits::Limits::load(store.conn())?;
    let opts = ImportOptions {
        kind: mapping.kind,
        roles: mapping.roles.clone(),
        ..ImportOptions::default()
    };
    // Nothing is written: the transaction only gives the remembered mappings
    // a consistent read, and is rolled back when dropped.
    let tx = store.conn_mut().transaction()?;
    let file = source::file_label(path);
    let ctx = Ctx {
        path,
        file: file.clone(),
        sheet: None,
        opts: &opts,
        progress: &NoProgress,
        european: false,
        hash: String::new(),
    };
    let mut out = Preview {
        file,
        format,
        encoding: None,
        delimiter: None,
        sheets: Vec::new(),
        sheet: None,
        skipped: None,
        table: None,
        imported_as: None,
    };
    if format == FileFormat::Csv {
        let scan = source::scan_text(path)?;
        let mut src = source::CsvSource::open(path, scan.encoding, &limits)?;
        out.encoding = Some(scan.encoding.label().to_string());
        out.delimiter = Some(source::delimiter_label(src.delimiter).to_string());
        let ctx = Ctx {
            european: src.delimiter == b';',
            hash: scan.hash,
            ..ctx
        };
        look(&tx, &ctx, &mut src, &mut out)?;
        return Ok(out);
    }
    let hash = source::hash_file(path)?;
    let mut wb = source::open_workbook(path, format, &limits)?;
    out.sheets = source::sheet_list(&wb)
        .into_iter()
        .map(|(name, note)| SheetChoice {
            name,
            note: note.map(str::to_string),
        })
        .collect();
    let names: Vec<String> = match sheet {
        Some(s) => {
            if !out.sheets.iter().any(|c| c.name == s) {
                return Err(crate::error::Error::at(
                    crate::error::ErrorCode::SheetNotFound,
                    source::loc(path),
                    format!("there is no sheet \"{s}\""),
                ));
            }
            vec![s.to_string()]
        }
        None => out
            .sheets
            .iter()
            .filter(|c| c.note.is_none())
            .map(|c| c.name.clone())
            .collect(),
    };
    // Without a sheet asked for: the first holding records, else the first with
    // a table, else the first.
    let mut fallback: Option<Preview> = None;
    for name in &names {
        let mut src = source::read_sheet(&mut wb, path, name, &limits)?;
        let ctx = Ctx {
            sheet: Some(name.clone()),
            hash: hash.clone(),
            ..ctx.clone()
        };
        let mut p = Preview {
            sheet: Some(name.clone()),
            ..out.clone()
        };
        look(&tx, &ctx, &mut src, &mut p)?;
        let found = p.table.as_ref().is_some_and(|t| t.kind.is_some());
        if found || sheet.is_some() {
            return Ok(p);
        }
        let better = match &fallback {
            None => true,
            Some(f) => f.table.is_none() && p.table.is_some(),
        };
        if better {
            fallback = Some(p);
        }
    }
    Ok(fallback.unwrap_or(Preview {
        skipped: Some("the workbook has no worksheet".into()),
        ..out
    }))
}

/// Fills in the table of one sheet (or CSV file).
fn look(
    tx: &rusqlite::Transaction<'_>,
    ctx: &Ctx<'_>,
    src: &mut dyn RowSource,
    out: &mut Preview,
) -> Result<()> {
    out.imported_as = tx
        .query_row(
            "SELECT id FROM datasets WHERE content_hash = ?1 AND sheet_key = ?2",
            params![ctx.hash, ctx.sheet.clone().unwrap_or_default()],
            |r| r.get(0),
        )
        .optional()?;
    let header = match find_table(ctx, src)? {
        Ok(h) => h,
        Err(reason) => {
            out.skipped = Some(reason);
            return Ok(());
        }
    };
    let (stats, rows_read, complete) = collect_stats(ctx, src, &header, Some(SAMPLE_ROWS))?;
    let a = analyse(tx, ctx, &header, &stats)?;
    let (kind, assignment, kind_reason, remembered) = match a.mapping {
        Ok(m) => (Some(m.kind), m.roles, None, m.remembered),
        // No kind recognised: the closest kind and its guessed roles, for the
        // wizard to start from (it says what is still missing).
        Err(why) => match a.guess {
            Some((kind, roles)) => (Some(kind), roles, Some(why), false),
            None => (None, vec![None; header.columns.len()], Some(why), false),
        },
    };
    let (rows, odd) = first_rows(src, &header, &a.decisions)?;
    let columns = header
        .columns
        .iter()
        .enumerate()
        .map(|(k, c)| PreviewColumn {
            letter: c.letter.clone(),
            header: c.header.clone(),
            column_type: a.decisions[k].column_type,
            currency: a.decisions[k].currency.map(str::to_string),
            role: assignment[k].clone(),
            odd: odd[k],
        })
        .collect();
    out.table = Some(PreviewTable {
        header_row: header.row,
        columns,
        rows,
        rows_read,
        complete,
        kind,
        kind_reason,
        remembered,
        targets: kind
            .and_then(|k| targets_column_of(k, &header, &a.decisions, &assignment))
            .map(|i| header.columns[i].header.clone()),
        quota: kind == Some(RecordKind::Targets)
            && !assignment.iter().any(|r| r.as_deref() == Some("kpi")),
        roles: kind.map(role_choices).unwrap_or_default(),
        missing: kind
            .map(|k| {
                roles::missing_required(k, &assignment)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    });
    Ok(())
}

/// The first rows under the header as text, with the cells that do not fit
/// their column's type, and how many such cells each column has among them.
fn first_rows(
    src: &mut dyn RowSource,
    header: &Header,
    decisions: &[super::infer::Decision],
) -> Result<(Vec<PreviewRow>, Vec<u32>)> {
    let mut rows = Vec::new();
    let mut odd_per_column = vec![0u32; header.columns.len()];
    src.each_row(&mut |row, cells| {
        if row <= header.row {
            return Ok(true);
        }
        if cells.iter().all(Cell::is_empty) {
            return Ok(true);
        }
        let mut r = PreviewRow {
            row,
            cells: Vec::with_capacity(header.columns.len()),
            odd: Vec::new(),
        };
        for (k, col) in header.columns.iter().enumerate() {
            let cell = cells.get(col.index).copied().unwrap_or(Cell::Empty);
            let mut text = cell.to_text();
            if text.chars().count() > 200 {
                text = text.chars().take(199).chain(['…']).collect();
            }
            if matches!(decisions[k].convert(&cell), Value::Mismatch(_)) {
                r.odd.push(k as u32);
                odd_per_column[k] += 1;
            }
            r.cells.push(text);
        }
        rows.push(r);
        Ok(rows.len() < PREVIEW_ROWS)
    })?;
    Ok((rows, odd_per_column))
}
