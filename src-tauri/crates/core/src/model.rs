//! Types that cross the boundary to the CLI's JSON and the UI. The TypeScript
//! versions in `ui/src/bindings/` are generated from these by ts-rs; a test
//! fails when the committed files are stale.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Location};

/// What one row of an imported sheet is (catalog section 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "RecordKind.ts")]
pub enum RecordKind {
    /// Opportunities with a stage, created and close dates, amount.
    Deals,
    /// Orders or invoices with revenue.
    Orders,
    /// Leads with a created date.
    Leads,
    /// Calls, emails and meetings.
    Activities,
    /// Recurring revenue per customer.
    Subscriptions,
    /// Marketing spend.
    Spend,
    /// Goals per KPI and period (a targets sheet).
    Targets,
    /// What happened when (an events sheet): each row becomes a note.
    Events,
    /// Attributes of a rep, customer or product (a lookup sheet).
    Lookup,
}

impl RecordKind {
    /// Every kind, in the catalog's order.
    pub const ALL: [RecordKind; 9] = [
        RecordKind::Deals,
        RecordKind::Orders,
        RecordKind::Leads,
        RecordKind::Activities,
        RecordKind::Subscriptions,
        RecordKind::Spend,
        RecordKind::Targets,
        RecordKind::Events,
        RecordKind::Lookup,
    ];

    /// The kind's id (`deals`), as `--kind` and JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Deals => "deals",
            RecordKind::Orders => "orders",
            RecordKind::Leads => "leads",
            RecordKind::Activities => "activities",
            RecordKind::Subscriptions => "subscriptions",
            RecordKind::Spend => "spend",
            RecordKind::Targets => "targets",
            RecordKind::Events => "events",
            RecordKind::Lookup => "lookup",
        }
    }

    /// The kind of an id (any letter case), or none.
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
    /// Whole numbers.
    Integer,
    /// Numbers with decimals.
    Decimal,
    /// Amounts with a currency symbol or code.
    Money,
    /// Percentages.
    Percent,
    /// Dates.
    Date,
    /// Dates with a time.
    Datetime,
    /// Yes/no, true/false.
    Boolean,
    /// Anything else.
    Text,
    /// No value at all in the column.
    Empty,
}

impl ColumnType {
    /// The type's id (`money`).
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
    /// Comma-, semicolon-, tab- or pipe-separated text.
    Csv,
    /// Excel workbook (xlsx or xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// Excel 97-2003 workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

impl FileFormat {
    /// The format's id (`xlsx`).
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

/// One column as the importer understood it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "ColumnReport.ts")]
pub struct ColumnReport {
    /// Spreadsheet column letter of the source column (A, B, ...).
    pub letter: String,
    /// The header text, trimmed.
    pub header: String,
    /// The type decided from all of its values.
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
    /// Where.
    pub location: Location,
    /// What, in plain words.
    pub message: String,
}

/// Rows that were not imported, grouped by reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "SkippedRows.ts")]
pub struct SkippedRows {
    /// Why they were skipped.
    pub reason: String,
    /// How many rows.
    pub count: u64,
    /// The first few row numbers (1-based, as the spreadsheet shows them).
    pub rows: Vec<u64>,
}

/// A sheet of a workbook that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "SheetSkip.ts")]
pub struct SheetSkip {
    /// The sheet's name.
    pub sheet: String,
    /// Why it was not imported.
    pub reason: String,
}

/// The outcome of importing one sheet (or one CSV file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "SheetReport.ts")]
pub struct SheetReport {
    /// The dataset this sheet became; for a file already imported, the existing one.
    #[ts(type = "number")]
    pub dataset_id: i64,
    /// The sheet (none for CSV).
    pub sheet: Option<String>,
    /// What the rows are.
    pub kind: RecordKind,
    /// 1-based row number of the header row.
    pub header_row: u64,
    /// Rows that became records.
    pub rows_imported: u64,
    /// Rows skipped, by reason.
    pub skipped: Vec<SkippedRows>,
    /// Every column: type and role.
    pub columns: Vec<ColumnReport>,
    /// Total number of warnings; `warnings` holds the first few.
    pub warning_count: u64,
    /// The first warnings.
    pub warnings: Vec<Warning>,
    /// Stage labels that were not recognised and counted as open deals.
    pub unknown_stages: Vec<String>,
    /// True when the same content was imported before and nothing was added.
    pub already_imported: bool,
    /// What the importer recognised or worked out ("Salesforce opportunity
    /// export", "revenue is quantity × unit price").
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The outcome of importing one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "ImportReport.ts")]
pub struct ImportReport {
    /// The file name (no folders).
    pub file: String,
    /// The format, from the content.
    pub format: FileFormat,
    /// For CSV: the detected encoding and delimiter.
    pub encoding: Option<String>,
    /// The delimiter, named (`comma`, `semicolon` ...).
    pub delimiter: Option<String>,
    /// One report per imported sheet.
    pub sheets: Vec<SheetReport>,
    /// Sheets not imported, and why.
    pub skipped_sheets: Vec<SheetSkip>,
    /// How long the import took.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

impl ImportReport {
    /// Rows imported from every sheet.
    pub fn rows_imported(&self) -> u64 {
        self.sheets.iter().map(|s| s.rows_imported).sum()
    }
}

/// A dataset: what one imported sheet became.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "DatasetInfo.ts")]
pub struct DatasetInfo {
    /// The dataset's id.
    #[ts(type = "number")]
    pub id: i64,
    /// File name (without folders) and sheet, e.g. "sales.xlsx · Deals".
    pub name: String,
    /// What its records are.
    pub kind: RecordKind,
    /// The file it came from (the path as given).
    pub source_file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// Records it holds.
    #[ts(type = "number")]
    pub rows: u64,
    /// RFC 3339 time of the import, UTC.
    pub imported_at: String,
    /// SHA-256 of the file's content: the same content is not imported twice.
    pub content_hash: String,
}

/// What a batch of imports (a drop of several files) produced: one report per
/// file that imported and one error per file that did not.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "ImportOutcome.ts")]
pub struct ImportOutcome {
    /// One report per file that imported.
    pub reports: Vec<ImportReport>,
    /// One error per file that did not.
    pub errors: Vec<Error>,
    /// True when the user cancelled; files after the cancelled one were not read.
    pub cancelled: bool,
}

/// Where the database is and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "DbInfo.ts")]
pub struct DbInfo {
    /// The database file.
    pub path: String,
    /// How many datasets it holds.
    #[ts(type = "number")]
    pub datasets: u64,
}
