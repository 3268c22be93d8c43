//! The importer: sniff, read, find the header, decide types, map roles, write.

pub mod schema;

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, ErrorCode, Result};
use crate::model::{ImportReport, RecordKind};
use crate::progress::ProgressSink;
use crate::store::Store;

/// What the user says about an import; everything is detected when left empty.
#[derive(Debug, Clone, Default)]
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
}

/// Imports one file: every recognised sheet (or `opts.sheet`) in one transaction.
pub fn import_file(
    _store: &mut Store,
    path: &Path,
    _opts: &ImportOptions,
    _progress: &dyn ProgressSink,
) -> Result<ImportReport> {
    Err(Error::new(
        ErrorCode::UnsupportedFormat,
        format!("{}: importer under construction", path.display()),
    ))
}
