//! Errors with stable codes (for the UI and scripts) and a location that names
//! the file, sheet, row and column.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

/// An error: a stable code, a message for people, and where in a file it happened.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Error.ts")]
pub struct Error {
    /// What kind of error, for the UI and scripts to branch on.
    pub code: ErrorCode,
    /// What went wrong and what to do, in plain words.
    pub message: String,
    /// The file, sheet, row and column, when the error is about a file.
    pub location: Option<Location>,
}

/// A result whose error is Salescope's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with no location.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            location: None,
        }
    }

    /// An error at a place in a file.
    pub fn at(code: ErrorCode, location: Location, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            location: Some(location),
        }
    }

    /// Adds a location unless the error has one.
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

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(ErrorCode::Io, e.to_string())
    }
}

/// Where in a file something is. Rows and columns are 1-based as a spreadsheet
/// shows them; `column` is the letter (A, B, ..., AA) followed by the header name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export_to = "Location.ts")]
pub struct Location {
    /// The file name (no folders).
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// The 1-based row, as the spreadsheet shows it.
    pub row: Option<u64>,
    /// The column letter and header (`C "Amount"`).
    pub column: Option<String>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, ", sheet \"{s}\"")?;
        }
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        Ok(())
    }
}
