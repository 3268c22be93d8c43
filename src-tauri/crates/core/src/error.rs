//! Errors with stable codes (for the UI and scripts) and a location that names
//! the file, sheet, row and column.

use serde::Serialize;
use ts_rs::TS;

use crate::model::Location;

/// Stable error codes: the UI and scripts branch on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "ErrorCode.ts")]
pub enum ErrorCode {
    /// The file does not exist or cannot be opened.
    FileNotFound,
    /// The file could be opened but not read (damaged, truncated, encrypted).
    Unreadable,
    /// The content is not a spreadsheet or CSV Salescope reads.
    UnsupportedFormat,
    /// No sheet of the file holds a table Salescope recognises.
    NoTable,
    /// A sheet named with `--sheet` does not exist.
    SheetNotFound,
    /// The table lacks a column a record kind requires.
    MissingColumn,
    /// A required value is missing or of the wrong type.
    BadValue,
    /// The file is over a size limit.
    TooLarge,
    /// The user cancelled.
    Cancelled,
    /// Another import is running.
    Busy,
    /// A dataset id that does not exist.
    DatasetNotFound,
    /// An argument that makes no sense (unknown kind, unknown role).
    InvalidArgument,
    /// SQLite failed.
    Database,
    /// The database file cannot be used: not a database, damaged, another
    /// program's database, or written by a newer Salescope. The window offers
    /// to start fresh (keeping the file aside) or to open another.
    DatabaseUnusable,
    /// Reading or writing a file failed.
    Io,
    /// A chart could not be drawn or encoded.
    Render,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Error.ts")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    pub location: Option<Location>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            location: None,
        }
    }

    pub fn at(code: ErrorCode, location: Location, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            location: Some(location),
        }
    }

    pub fn with_location(mut self, location: Location) -> Self {
        if self.location.is_none() {
            self.location = Some(location);
        }
        self
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as Sql;
        match e.sqlite_error_code() {
            // Another program (the app, salescope-cli) kept the database for
            // longer than the busy timeout: say so, not "database is locked".
            Some(Sql::DatabaseBusy | Sql::DatabaseLocked) => Error::new(
                ErrorCode::Busy,
                format!(
                    "the database is busy with a change by another program (the Salescope window or salescope-cli, most likely a long import) that did not finish within {} s; nothing was changed, try again when it has finished",
                    crate::store::BUSY_TIMEOUT.as_secs()
                ),
            ),
            Some(Sql::DatabaseCorrupt | Sql::NotADatabase) => Error::new(
                ErrorCode::DatabaseUnusable,
                format!("the database file is damaged ({e}); start fresh (the damaged file is kept aside) or open another database"),
            ),
            _ => Error::new(ErrorCode::Database, format!("database error: {e}")),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(ErrorCode::Io, e.to_string())
    }
}
