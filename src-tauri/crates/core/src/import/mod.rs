//! The importer: sniff, read, find the header, decide types, map roles, write.
//!
//! Each sheet is planned ([`plan`]: header, per-column statistics in constant
//! memory per column, so a CSV of any length streams; types, kind and roles),
//! then written ([`write`]). [`import_into`] writes a whole file into a
//! transaction it is handed; the caller (`api::import`) owns the transaction,
//! so everything a file adds is committed at once or not at all.
//!
//! Below: [`source`] reads files (sniffing, text encodings, CSV, workbook
//! sheets), [`table`] finds the header and the data rows, [`infer`] and
//! [`value`] read cell values, [`roles`] maps headers to roles and detects the
//! record kind, [`schema`] turns a row into a record, [`limits`] refuses files
//! over the resource limits, [`preview`] shows the wizard what would happen.

// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod infer;
pub mod limits;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod normalise;
mod plan;
pub mod preview;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod roles;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod schema;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod source;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod table;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod value;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod vocabulary;
mod write;

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Location, Result};
use crate::model::{FileFormat, ImportReport, RecordKind, SheetReport, SheetSkip};
use crate::progress::{ImportStage, Progress, ProgressSink};
use infer::{ColumnStats, Decision};
use limits::Limits;
use roles::Assignment;
use table::Header;

pub use source::sniff_format;

/// What the user says about an import; everything is detected when left empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export_to = "ImportOptions.ts")]
pub struct ImportOptions {
    /// Import only this sheet (workbooks).
    pub sheet: Option<String>,
    /// Force the record kind instead of detecting it.
    pub kind: Option<RecordKind>,
    /// Replace a dataset imported before from the same content.
    pub replace: bool,
    /// Role per header (trimmed header text -> role, or None for "no role"),
    /// overriding detection. Remembered for the header signature.
    pub roles: BTreeMap<String, Option<String>>,
    /// Import only these sheets of a workbook (empty: every sheet, or `sheet`).
    pub sheets: Vec<String>,
    /// Kind and roles for one sheet (by name; "" for a CSV file), in place of
    /// `kind` and `roles` there. What the import wizard sends.
    pub mappings: BTreeMap<String, SheetMapping>,
    /// The dataset this file replaces (a re-import of changed content): it is
    /// removed in the import's transaction, once the file gave records, so the
    /// database holds the old records or the new ones, never both or neither.
    pub replaces: Option<i64>,
    /// Also import the targets an orders sheet holds beside its actuals (a
    /// column such as `Target Sales`) as total revenue goals per month and
    /// segment. The report offers it; the user confirms it.
    pub with_targets: bool,
    /// The KPI a quota or target sheet without a KPI column sets goals for
    /// (a KPI id of the catalog); none: total revenue.
    pub quota_kpi: Option<String>,
}

/// The kind and roles the user chose for one sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export_to = "SheetMapping.ts")]
pub struct SheetMapping {
    /// The record kind the user chose; none: detected.
    pub kind: Option<RecordKind>,
    /// Role per header (None: no role), as for the whole file.
    pub roles: BTreeMap<String, Option<String>>,
}

impl ImportOptions {
    /// The KPI a quota sheet's targets are goals for, checked against the catalog.
    pub(crate) fn quota_kpi(&self) -> Result<&'static str> {
        match self.quota_kpi.as_deref().map(str::trim) {
            None | Some("") => Ok(schema::QUOTA_KPI),
            Some(k) => crate::catalog::find(k).map(|d| d.id).ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidArgument,
                    format!("\"{k}\" is not a KPI id; `salescope-cli kpis` lists them (total_revenue, deals_won ...)"),
                )
            }),
        }
    }

    /// The options for one sheet ("" for a CSV file): its own mapping when given.
    pub(crate) fn for_sheet(&self, key: &str) -> ImportOptions {
        match self.mappings.get(key) {
            None => self.clone(),
            Some(m) => ImportOptions {
                kind: m.kind,
                roles: m.roles.clone(),
                ..self.clone()
            },
        }
    }

    /// Whether the sheet is to be imported.
    pub(crate) fn wants(&self, name: &str) -> bool {
        self.sheet.as_ref().is_none_or(|w| w == name)
            && (self.sheets.is_empty() || self.sheets.iter().any(|s| s == name))
    }
}

/// How many warnings and example rows a report carries.
pub(crate) const MAX_WARNINGS: usize = 20;
pub(crate) const MAX_EXAMPLE_ROWS: usize = 10;
/// Rows between progress reports and cancel checks.
pub(crate) const PROGRESS_EVERY: u64 = 4096;

/// Imports one file into `tx`: every recognised sheet (or `opts.sheet`).
/// `format` is what [`sniff_format`] said of the file. The caller commits
/// (or drops) the transaction; replaced datasets, goals from targets and the
/// history are its business too.
pub fn import_into(
    tx: &Transaction<'_>,
    path: &Path,
    format: FileFormat,
    opts: &ImportOptions,
    limits: &Limits,
    progress: &dyn ProgressSink,
) -> Result<ImportReport> {
    let file = source::file_label(path);
    let mut report = ImportReport {
        file: file.clone(),
        format,
        encoding: None,
        delimiter: None,
        sheets: Vec::new(),
        skipped_sheets: Vec::new(),
        elapsed_ms: 0,
    };
    let ctx_base = Ctx {
        path,
        file: file.clone(),
        sheet: None,
        opts,
        progress,
        european: false,
        hash: String::new(),
    };
    if format == FileFormat::Csv {
        let scan = source::scan_text(path)?;
        let mut src = source::CsvSource::open(path, scan.encoding, limits)?;
        report.encoding = Some(scan.encoding.label().to_string());
        report.delimiter = Some(source::delimiter_label(src.delimiter).to_string());
        if opts.sheet.is_some() {
            return Err(Error::at(
                ErrorCode::InvalidArgument,
                source::loc(path),
                "a CSV file has no sheets; leave out --sheet",
            ));
        }
        let csv_opts = opts.for_sheet("");
        let ctx = Ctx {
            european: src.delimiter == b';',
            hash: scan.hash,
            opts: &csv_opts,
            ..ctx_base
        };
        match write::import_sheet(tx, &ctx, &mut src)? {
            Outcome::Imported(s) => report.sheets.push(*s),
            Outcome::Skipped(reason) => {
                return Err(Error::at(ErrorCode::NoTable, source::loc(path), reason));
            }
        }
    } else {
        let hash = source::hash_file(path)?;
        let mut wb = source::open_workbook(path, format, limits)?;
        let sheets = source::sheet_list(&wb);
        for want in opts.sheet.iter().chain(&opts.sheets) {
            if !sheets.iter().any(|(n, _)| n == want) {
                let names: Vec<String> = sheets.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                return Err(Error::at(
                    ErrorCode::SheetNotFound,
                    source::loc(path),
                    format!(
                        "there is no sheet \"{want}\"; the sheets are {}",
                        names.join(", ")
                    ),
                ));
            }
        }
        for (name, not_cells) in sheets {
            if !opts.wants(&name) {
                continue;
            }
            if let Some(why) = not_cells {
                let chosen =
                    opts.sheet.as_deref() == Some(name.as_str()) || opts.sheets.contains(&name);
                if !(why == source::HIDDEN_SHEET && chosen) {
                    report.skipped_sheets.push(SheetSkip {
                        sheet: name,
                        reason: why.to_string(),
                    });
                    continue;
                }
            }
            let mut src = source::read_sheet(&mut wb, path, &name, limits)?;
            let sheet_opts = opts.for_sheet(&name);
            let ctx = Ctx {
                sheet: Some(name.clone()),
                hash: hash.clone(),
                opts: &sheet_opts,
                ..ctx_base.clone()
            };
            match write::import_sheet(tx, &ctx, &mut src)? {
                Outcome::Imported(s) => report.sheets.push(*s),
                Outcome::Skipped(reason) => {
                    if opts.sheet.is_some() || !opts.sheets.is_empty() {
                        return Err(Error::at(
                            ErrorCode::NoTable,
                            ctx.location(None, None),
                            reason,
                        ));
                    }
                    report.skipped_sheets.push(SheetSkip {
                        sheet: name,
                        reason,
                    });
                }
            }
        }
        if report.sheets.is_empty() {
            // Only pivots and reports (besides empty sheets): say what the
            // file is, in one sentence.
            let report_like =
                |s: &SheetSkip| s.reason.starts_with("a pivot") || s.reason.starts_with("a report");
            let empty = |s: &SheetSkip| s.reason == "the sheet is empty";
            let reports = report
                .skipped_sheets
                .iter()
                .all(|s| report_like(s) || empty(s));
            let first = report.skipped_sheets.iter().find(|s| report_like(s));
            if let Some(s) = first.filter(|_| reports) {
                return Err(Error::at(
                    ErrorCode::NoTable,
                    source::loc(path),
                    format!("sheet \"{}\" is {}", s.sheet, s.reason),
                ));
            }
            let reasons: Vec<String> = report
                .skipped_sheets
                .iter()
                .map(|s| format!("\"{}\": {}", s.sheet, s.reason))
                .collect();
            return Err(Error::at(
                ErrorCode::NoTable,
                source::loc(path),
                format!(
                    "no sheet holds a table of records Salescope recognises ({}). Choose a sheet and say what it holds (--sheet and --kind)",
                    reasons.join("; ")
                ),
            ));
        }
    }
    Ok(report)
}

/// A report as the JSON stored with the dataset and in the import history.
pub fn report_json<T: serde::Serialize>(report: &T) -> Result<String> {
    serde_json::to_string(report).map_err(|e| {
        Error::new(
            ErrorCode::Database,
            format!("cannot record the import report: {e}"),
        )
    })
}

/// Now, as stored with datasets and in the history.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The error of a cancelled import.
pub fn cancelled() -> Error {
    Error::new(
        ErrorCode::Cancelled,
        "the import was cancelled; nothing was imported",
    )
}

#[derive(Clone)]
pub(crate) struct Ctx<'a> {
    path: &'a Path,
    file: String,
    sheet: Option<String>,
    opts: &'a ImportOptions,
    progress: &'a dyn ProgressSink,
    european: bool,
    hash: String,
}

impl Ctx<'_> {
    fn location(&self, row: Option<u64>, column: Option<&table::Column>) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            column: column.map(|c| format!("{} \"{}\"", c.letter, c.header)),
        }
    }

    fn report(&self, stage: ImportStage, rows_done: u64, rows_total: Option<u64>) -> Result<()> {
        self.progress.report(&Progress {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            stage,
            rows_done,
            rows_total,
        });
        if self.progress.is_cancelled() {
            return Err(cancelled());
        }
        Ok(())
    }
}

pub(crate) enum Outcome {
    Imported(Box<SheetReport>),
    Skipped(String),
}

/// The analysis of a sheet: header, per-column decisions, kind and roles.
pub(crate) struct Plan {
    header: Header,
    decisions: Vec<Decision>,
    stats: Vec<ColumnStats>,
    kind: RecordKind,
    roles: Assignment,
    data_rows: u64,
    signature: String,
}
