//! Types that cross the boundary to the CLI's JSON and the UI. The TypeScript
//! versions in `ui/src/bindings/` are generated from these by ts-rs; a test
//! fails when the committed files are stale.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What one row of an imported sheet is (catalog section 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "RecordKind.ts")]
pub enum RecordKind {
    Deals,
    Orders,
    Leads,
    Activities,
    Subscriptions,
    Spend,
    Targets,
    Lookup,
}

impl RecordKind {
    pub const ALL: [RecordKind; 8] = [
        RecordKind::Deals,
        RecordKind::Orders,
        RecordKind::Leads,
        RecordKind::Activities,
        RecordKind::Subscriptions,
        RecordKind::Spend,
        RecordKind::Targets,
        RecordKind::Lookup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Deals => "deals",
            RecordKind::Orders => "orders",
            RecordKind::Leads => "leads",
            RecordKind::Activities => "activities",
            RecordKind::Subscriptions => "subscriptions",
            RecordKind::Spend => "spend",
            RecordKind::Targets => "targets",
            RecordKind::Lookup => "lookup",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        let s = s.trim().to_ascii_lowercase();
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The type decided for a whole column from all of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "ColumnType.ts")]
pub enum ColumnType {
    Integer,
    Decimal,
    Money,
    Percent,
    Date,
    Datetime,
    Boolean,
    Text,
    /// No value at all in the column.
    Empty,
}

impl ColumnType {
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Integer => "integer",
            ColumnType::Decimal => "decimal",
            ColumnType::Money => "money",
            ColumnType::Percent => "percent",
            ColumnType::Date => "date",
            ColumnType::Datetime => "datetime",
            ColumnType::Boolean => "boolean",
            ColumnType::Text => "text",
            ColumnType::Empty => "empty",
        }
    }
}

/// The file format, decided from the content (never from the extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "FileFormat.ts")]
pub enum FileFormat {
    Csv,
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl FileFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
            FileFormat::Xlsb => "xlsb",
            FileFormat::Xls => "xls",
            FileFormat::Ods => "ods",
        }
    }
}

/// Where in a file something is. Rows and columns are 1-based as a spreadsheet
/// shows them; `column` is the letter (A, B, ..., AA) followed by the header name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export_to = "Location.ts")]
pub struct Location {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u64>,
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

/// One column as the importer understood it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "ColumnReport.ts")]
pub struct ColumnReport {
    /// Spreadsheet column letter of the source column (A, B, ...).
    pub letter: String,
    /// The header text, trimmed.
    pub header: String,
    pub column_type: ColumnType,
    /// The role this column feeds (catalog section 1), if any.
    pub role: Option<String>,
    /// Currency symbol seen in a money column ("$", "€").
    pub currency: Option<String>,
    /// Number of non-empty cells.
    pub filled: u64,
    /// Cells that did not fit the column's type (kept as raw text).
    pub mismatches: u64,
}

/// A cell that did not fit its column's type, or another notice about the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "Warning.ts")]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

/// Rows that were not imported, grouped by reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "SkippedRows.ts")]
pub struct SkippedRows {
    pub reason: String,
    pub count: u64,
    /// The first few row numbers (1-based, as the spreadsheet shows them).
    pub rows: Vec<u64>,
}

/// A sheet of a workbook that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "SheetSkip.ts")]
pub struct SheetSkip {
    pub sheet: String,
    pub reason: String,
}

/// The outcome of importing one sheet (or one CSV file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "SheetReport.ts")]
pub struct SheetReport {
    /// The dataset this sheet became; for a file already imported, the existing one.
    #[ts(type = "number")]
    pub dataset_id: i64,
    pub sheet: Option<String>,
    pub kind: RecordKind,
    /// 1-based row number of the header row.
    pub header_row: u64,
    pub rows_imported: u64,
    pub skipped: Vec<SkippedRows>,
    pub columns: Vec<ColumnReport>,
    /// Total number of warnings; `warnings` holds the first few.
    pub warning_count: u64,
    pub warnings: Vec<Warning>,
    /// Stage labels that were not recognised and counted as open deals.
    pub unknown_stages: Vec<String>,
    /// True when the same content was imported before and nothing was added.
    pub already_imported: bool,
}

/// The outcome of importing one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "ImportReport.ts")]
pub struct ImportReport {
    pub file: String,
    pub format: FileFormat,
    /// For CSV: the detected encoding and delimiter.
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheets: Vec<SheetReport>,
    pub skipped_sheets: Vec<SheetSkip>,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

impl ImportReport {
    pub fn rows_imported(&self) -> u64 {
        self.sheets.iter().map(|s| s.rows_imported).sum()
    }
}

/// A dataset: what one imported sheet became.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "DatasetInfo.ts")]
pub struct DatasetInfo {
    #[ts(type = "number")]
    pub id: i64,
    /// File name (without folders) and sheet, e.g. "sales.xlsx · Deals".
    pub name: String,
    pub kind: RecordKind,
    pub source_file: String,
    pub sheet: Option<String>,
    #[ts(type = "number")]
    pub rows: u64,
    /// RFC 3339 time of the import, UTC.
    pub imported_at: String,
    pub content_hash: String,
}

/// What a batch of imports (a drop of several files) produced: one report per
/// file that imported and one error per file that did not.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "ImportOutcome.ts")]
pub struct ImportOutcome {
    pub reports: Vec<ImportReport>,
    pub errors: Vec<crate::error::Error>,
    /// True when the user cancelled; files after the cancelled one were not read.
    pub cancelled: bool,
}

/// Where the database is and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "DbInfo.ts")]
pub struct DbInfo {
    pub path: String,
    #[ts(type = "number")]
    pub datasets: u64,
}
