//! The import transaction: what one file's import does, across the engines.
//! A backup first when the import replaces a dataset; the write lock taken
//! before anything is read; the importer's limits; the rows written by
//! `import::import_into`; the replaced dataset removed; the goals a targets
//! sheet names set; the report recorded in the history; one commit.

use std::path::Path;
use std::time::Instant;

use crate::error::{Error, Location, Result};
use crate::import::{self, limits::Limits, ImportOptions};

/// The wizard's look at a file, as the import would read it; nothing is written.
pub use crate::import::preview::preview;
use crate::kpi;
use crate::model::{ImportReport, RecordKind, SheetReport};
use crate::progress::ProgressSink;
use crate::store::{self, Store};

/// Imports one file: every recognised sheet (or `opts.sheet`) in one
/// transaction, so the database holds all of it or none of it.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    progress: &dyn ProgressSink,
) -> Result<ImportReport> {
    let started = Instant::now();
    let format = import::sniff_format(path)?;
    let limits = Limits::load(store.conn())?;
    // An import that replaces a dataset is destructive: a backup first.
    if opts.replaces.is_some() {
        store.backup()?;
    }
    // Immediate: the write lock is taken (or waited for, while another
    // program imports) before anything is read, so no other write can slip in
    // between this import's reads and its writes.
    let tx = store
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut report = import::import_into(&tx, path, format, opts, &limits, progress)?;
    if let Some(old) = opts.replaces {
        if report.sheets.iter().any(|s| s.dataset_id != old) {
            store::delete_dataset(&tx, old)?;
        }
    }
    // A targets sheet sets the goals it covers (replacing those it names);
    // so do the targets an orders sheet holds when the user asked for them.
    for s in &report.sheets {
        let has_targets =
            s.kind == RecordKind::Targets || (opts.with_targets && s.kind == RecordKind::Orders);
        if has_targets && !s.already_imported {
            kpi::goals::apply_targets(&tx, s.dataset_id).map_err(|e| in_sheet(e, &report, s))?;
        }
    }
    // An events sheet's rows become notes.
    for s in &report.sheets {
        if s.kind == RecordKind::Events && !s.already_imported {
            kpi::notes::apply_events(&tx, s.dataset_id).map_err(|e| in_sheet(e, &report, s))?;
        }
    }
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    let json = import::report_json(&report)?;
    store::record_import(
        &tx,
        &path.display().to_string(),
        &import::now_rfc3339(),
        &json,
    )?;
    if progress.is_cancelled() {
        return Err(import::cancelled());
    }
    tx.commit()?;
    Ok(report)
}

/// An error of a row that applying a sheet (targets, events) found, placed
/// in the file and sheet it came from.
fn in_sheet(mut e: Error, report: &ImportReport, sheet: &SheetReport) -> Error {
    e.location = Some(Location {
        file: report.file.clone(),
        sheet: sheet.sheet.clone(),
        row: e.location.and_then(|l| l.row),
        column: None,
    });
    e
}
