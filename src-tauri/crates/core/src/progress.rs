//! Progress of long work, reported through a small trait: the app implements it
//! with events to the window, the CLI with nothing (or a line on stderr), tests
//! with a recorder.

use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
/// Where an import is.
#[ts(export_to = "ImportStage.ts")]
pub enum ImportStage {
    /// Reading the file to decide header, types and roles.
    Analysing,
    /// Writing rows to the database.
    Writing,
    /// Finished.
    Done,
}

/// How far an import is.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Progress.ts")]
pub struct Progress {
    /// The file name (no folders).
    pub file: String,
    /// The sheet being read, for a workbook.
    pub sheet: Option<String>,
    /// Reading or writing.
    pub stage: ImportStage,
    /// Rows read or written so far.
    #[ts(type = "number")]
    pub rows_done: u64,
    /// Known once the first pass is over.
    #[ts(type = "number | null")]
    pub rows_total: Option<u64>,
}

/// Where progress goes: the window's events, a line on the terminal, nothing.
pub trait ProgressSink: Send + Sync {
    /// Hears how far the import is (at most every few thousand rows).
    fn report(&self, progress: &Progress);
    /// Checked between batches of rows; returning true rolls the import back.
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// Reports nothing and never cancels.
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn report(&self, _progress: &Progress) {}
}

/// A cancel flag that a UI can set from another thread.
#[derive(Default)]
pub struct CancelFlag(AtomicBool);

impl CancelFlag {
    /// Asks the running import to stop (it rolls back).
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    /// Clears the request, for the next import.
    pub fn reset(&self) {
        self.0.store(false, Ordering::SeqCst);
    }
    /// Whether a stop was asked for.
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
