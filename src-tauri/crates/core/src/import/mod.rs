//! The importer: sniff, read, find the header, decide types, map roles, write.
//!
//! Each file is read in two passes: the analysis pass finds the header and
//! feeds every cell to per-column statistics (constant memory per column, so
//! a CSV of any length streams), then the write pass converts and inserts the
//! rows. Everything a file adds is written in one transaction: on any error or
//! cancel the database is unchanged.

pub mod infer;
pub mod limits;
pub mod preview;
pub mod roles;
pub mod schema;
pub mod source;
pub mod table;
pub mod value;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::time::Instant;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Result};
use crate::model::{
    ColumnReport, ColumnType, FileFormat, ImportReport, Location, RecordKind, SheetReport,
    SheetSkip, SkippedRows, Warning,
};
use crate::progress::{Progress, ProgressSink, Stage};
use crate::store::Store;
use infer::{ColumnStats, Decision, Value};
use roles::{Assignment, ColumnFacts};
use source::{Cell, RowSource};
use table::{Header, PCell, RowClassifier};

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
}

/// The kind and roles the user chose for one sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export_to = "SheetMapping.ts")]
pub struct SheetMapping {
    pub kind: Option<RecordKind>,
    pub roles: BTreeMap<String, Option<String>>,
}

impl ImportOptions {
    /// The options for one sheet ("" for a CSV file): its own mapping when given.
    fn for_sheet(&self, key: &str) -> ImportOptions {
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
    fn wants(&self, name: &str) -> bool {
        self.sheet.as_ref().is_none_or(|w| w == name)
            && (self.sheets.is_empty() || self.sheets.iter().any(|s| s == name))
    }
}

/// How many warnings and example rows a report carries.
const MAX_WARNINGS: usize = 20;
const MAX_EXAMPLE_ROWS: usize = 10;
/// Rows between progress reports and cancel checks.
const PROGRESS_EVERY: u64 = 4096;

/// Imports one file: every recognised sheet (or `opts.sheet`) in one transaction.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    progress: &dyn ProgressSink,
) -> Result<ImportReport> {
    let started = Instant::now();
    let format = source::sniff_format(path)?;
    let limits = crate::kpi::Settings::load(store.conn())?.limits;
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
        let mut src = source::CsvSource::open(path, scan.encoding, &limits)?;
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
        match import_sheet(&tx, &ctx, &mut src)? {
            Outcome::Imported(s) => report.sheets.push(*s),
            Outcome::Skipped(reason) => {
                return Err(Error::at(ErrorCode::NoTable, source::loc(path), reason));
            }
        }
    } else {
        let hash = source::hash_file(path)?;
        let mut wb = source::open_workbook(path, format, &limits)?;
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
                report.skipped_sheets.push(SheetSkip {
                    sheet: name,
                    reason: why.to_string(),
                });
                continue;
            }
            let mut src = source::read_sheet(&mut wb, path, &name, &limits)?;
            let sheet_opts = opts.for_sheet(&name);
            let ctx = Ctx {
                sheet: Some(name.clone()),
                hash: hash.clone(),
                opts: &sheet_opts,
                ..ctx_base.clone()
            };
            match import_sheet(&tx, &ctx, &mut src)? {
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
    if let Some(old) = opts.replaces {
        if report.sheets.iter().any(|s| s.dataset_id != old) {
            crate::store::delete_dataset(&tx, old)?;
        }
    }
    // A targets sheet sets the goals it covers (replacing those it names).
    for s in &report.sheets {
        if s.kind == RecordKind::Targets && !s.already_imported {
            crate::kpi::goals::apply_targets(&tx, s.dataset_id).map_err(|mut e| {
                e.location = Some(Location {
                    file: file.clone(),
                    sheet: s.sheet.clone(),
                    row: e.location.and_then(|l| l.row),
                    column: None,
                });
                e
            })?;
        }
    }
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    let json = report_json(&report)?;
    tx.execute(
        "INSERT INTO import_history (file, imported_at, report) VALUES (?1, ?2, ?3)",
        params![path.display().to_string(), now_rfc3339(), json],
    )?;
    if progress.is_cancelled() {
        return Err(cancelled());
    }
    tx.commit()?;
    Ok(report)
}

/// A report as the JSON stored with the dataset and in the import history.
fn report_json<T: serde::Serialize>(report: &T) -> Result<String> {
    serde_json::to_string(report).map_err(|e| {
        Error::new(
            ErrorCode::Database,
            format!("cannot record the import report: {e}"),
        )
    })
}

fn now_rfc3339() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn cancelled() -> Error {
    Error::new(
        ErrorCode::Cancelled,
        "the import was cancelled; nothing was imported",
    )
}

#[derive(Clone)]
struct Ctx<'a> {
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

    fn report(&self, stage: Stage, rows_done: u64, rows_total: Option<u64>) -> Result<()> {
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

enum Outcome {
    Imported(Box<SheetReport>),
    Skipped(String),
}

/// The analysis of a sheet: header, per-column decisions, kind and roles.
struct Plan {
    header: Header,
    decisions: Vec<Decision>,
    stats: Vec<ColumnStats>,
    kind: RecordKind,
    roles: Assignment,
    data_rows: u64,
    signature: String,
}

/// The kind and roles remembered for this header signature, if any.
fn remembered_mapping(
    tx: &Transaction<'_>,
    signature: &str,
    header: &Header,
) -> Result<Option<(RecordKind, Assignment)>> {
    let row: Option<(String, String)> = tx
        .query_row(
            "SELECT kind, roles FROM mappings WHERE signature = ?1",
            [signature],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((kind, json)) = row else {
        return Ok(None);
    };
    let (Some(kind), Ok(map)) = (
        RecordKind::parse(&kind),
        serde_json::from_str::<BTreeMap<String, Option<String>>>(&json),
    ) else {
        return Ok(None);
    };
    let names = roles::role_names(kind);
    let assignment = header
        .columns
        .iter()
        .map(|c| {
            let r = map.get(&c.header).cloned().flatten()?;
            if kind == RecordKind::Lookup {
                Some(r)
            } else {
                names.iter().find(|n| **n == r).map(|n| n.to_string())
            }
        })
        .collect();
    Ok(Some((kind, assignment)))
}

/// Finds the table: the header row below any titles, unless the sheet is
/// empty or a report (pivot, months as columns), which is said why.
fn find_table(
    ctx: &Ctx<'_>,
    src: &mut dyn RowSource,
) -> Result<std::result::Result<Header, String>> {
    let mut preview: Vec<(u64, Vec<PCell>)> = Vec::new();
    src.each_row(&mut |row, cells| {
        preview.push((row, cells.iter().map(PCell::from_cell).collect()));
        Ok(preview.len() < table::PREVIEW_ROWS)
    })?;
    if preview
        .iter()
        .all(|(_, r)| r.iter().all(|c| *c == PCell::Empty))
    {
        return Ok(Err("the sheet is empty".into()));
    }
    let Some(header) = table::find_header(&preview) else {
        return Ok(Err(
            "no header row: the sheet holds no table (only titles or single values)".into(),
        ));
    };
    let above: Vec<(u64, Vec<PCell>)> = preview
        .iter()
        .filter(|(r, _)| *r < header.row)
        .cloned()
        .collect();
    if ctx.opts.kind.is_none() {
        if let Some(why) = table::report_layout(&header, &above) {
            return Ok(Err(why));
        }
    }
    Ok(Ok(header))
}

/// Column statistics over the data rows (all of them, or the first `limit`).
/// Returns the statistics, the number of data rows, and whether the end of the
/// sheet was reached.
fn collect_stats(
    ctx: &Ctx<'_>,
    src: &mut dyn RowSource,
    header: &Header,
    limit: Option<u64>,
) -> Result<(Vec<ColumnStats>, u64, bool)> {
    let mut stats: Vec<ColumnStats> = header.columns.iter().map(|_| ColumnStats::new()).collect();
    let mut classifier = RowClassifier::new(header);
    let mut data_rows = 0u64;
    let mut seen = 0u64;
    let mut complete = true;
    src.each_row(&mut |row, cells| {
        if row <= header.row {
            return Ok(true);
        }
        if limit.is_some_and(|l| data_rows >= l) {
            complete = false;
            return Ok(false);
        }
        seen += 1;
        if seen.is_multiple_of(PROGRESS_EVERY) {
            ctx.report(Stage::Analysing, seen, None)?;
        }
        if classifier.classify(cells).is_some() {
            return Ok(true);
        }
        data_rows += 1;
        for (k, col) in header.columns.iter().enumerate() {
            stats[k].add(cells.get(col.index).unwrap_or(&Cell::Empty));
        }
        Ok(true)
    })?;
    Ok((stats, data_rows, complete))
}

/// Types, kind and roles decided from the statistics; the kind and roles are
/// an `Err` with the reason when no kind fits (and none was given).
struct Analysis {
    decisions: Vec<Decision>,
    signature: String,
    mapping: std::result::Result<Mapping, String>,
}

/// The record kind and each column's role, and whether they were remembered
/// from an earlier import of a file with the same header.
struct Mapping {
    kind: RecordKind,
    roles: Assignment,
    remembered: bool,
}

fn analyse(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    header: &Header,
    stats: &[ColumnStats],
) -> Result<Analysis> {
    let (dot, comma) = stats.iter().fold((0, 0), |(d, c), s| {
        (d + s.dot_evidence(), c + s.comma_evidence())
    });
    let european = ctx.european || comma > dot;
    let decisions: Vec<Decision> = header
        .columns
        .iter()
        .zip(stats)
        .map(|(c, s)| s.decide(&c.header, european))
        .collect();
    let signature = header_signature(header);
    let facts: Vec<ColumnFacts<'_>> = header
        .columns
        .iter()
        .zip(stats)
        .zip(&decisions)
        .map(|((c, s), d)| ColumnFacts {
            header: &c.header,
            norm: roles::normalise_header(&c.header),
            column_type: d.column_type,
            values: s.distinct.iter().map(|v| v.to_lowercase()).collect(),
            unique: !s.distinct_overflow && s.distinct.len() as u64 == s.filled,
            filled: s.filled,
        })
        .collect();

    // Kind and roles: the user's word, else a remembered mapping, else detection.
    let remembered = if ctx.opts.kind.is_none() && ctx.opts.roles.is_empty() {
        remembered_mapping(tx, &signature, header)?
    } else {
        None
    };
    let mapping = match (ctx.opts.kind, remembered) {
        (None, Some((kind, roles))) => Ok(Mapping {
            kind,
            roles,
            remembered: true,
        }),
        (Some(RecordKind::Lookup), _) => match roles::detect_lookup(&facts) {
            Some(a) => Ok((RecordKind::Lookup, a)),
            None => {
                return Err(Error::at(
                    ErrorCode::MissingColumn,
                    ctx.location(Some(header.row), None),
                    "a lookup sheet needs a key column naming a dimension (Rep, Team, Region, Product, Customer) with distinct values, and attribute columns",
                ))
            }
        }
        .map(|(kind, roles)| Mapping {
            kind,
            roles,
            remembered: false,
        }),
        (Some(k), _) => Ok(Mapping {
            kind: k,
            roles: roles::assign(k, &facts).0,
            remembered: false,
        }),
        (None, None) => match roles::detect(&facts) {
            Some((kind, roles)) => Ok(Mapping {
                kind,
                roles,
                remembered: false,
            }),
            None if !ctx.opts.roles.is_empty() => {
                return Err(Error::at(
                    ErrorCode::InvalidArgument,
                    ctx.location(Some(header.row), None),
                    "say which kind of records the sheet holds (--kind) when mapping columns by hand",
                ))
            }
            None => {
                let shown: Vec<String> = header
                    .columns
                    .iter()
                    .take(8)
                    .map(|c| format!("\"{}\"", c.header))
                    .collect();
                Err(format!(
                    "no record kind recognised from the header on row {} ({}{}); use --kind to say what it holds",
                    header.row,
                    shown.join(", "),
                    if header.columns.len() > 8 { ", …" } else { "" }
                ))
            }
        },
    };
    let mapping = match mapping {
        Ok(mut m) => {
            apply_role_overrides(ctx, m.kind, header, &mut m.roles)?;
            Ok(m)
        }
        Err(why) => Err(why),
    };
    Ok(Analysis {
        decisions,
        signature,
        mapping,
    })
}

/// The error for a sheet that lacks a column for a required role.
fn missing_columns(ctx: &Ctx<'_>, header: &Header, kind: RecordKind, missing: &[&str]) -> Error {
    let shown: Vec<String> = header
        .columns
        .iter()
        .map(|c| format!("{} \"{}\"", c.letter, c.header))
        .collect();
    Error::at(
        ErrorCode::MissingColumn,
        ctx.location(Some(header.row), None),
        format!(
            "{} {kind} sheet needs a column for {}; none of the columns fits ({}). Map a column to it (--map HEADER=ROLE, or the role editor in the app) or rename its header",
            if matches!(kind, RecordKind::Orders | RecordKind::Activities) { "an" } else { "a" },
            missing.join(", ").replace('_', " "),
            shown.join(", ")
        ),
    )
}

/// Decides types, kind and roles from the statistics.
fn make_plan(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    header: Header,
    stats: Vec<ColumnStats>,
    data_rows: u64,
) -> Result<std::result::Result<Plan, String>> {
    let a = analyse(tx, ctx, &header, &stats)?;
    let m = match a.mapping {
        Ok(m) => m,
        Err(why) => return Ok(Err(why)),
    };
    let missing = roles::missing_required(m.kind, &m.roles);
    if !missing.is_empty() {
        return Err(missing_columns(ctx, &header, m.kind, &missing));
    }
    Ok(Ok(Plan {
        header,
        decisions: a.decisions,
        stats,
        kind: m.kind,
        roles: m.roles,
        data_rows,
        signature: a.signature,
    }))
}

fn apply_role_overrides(
    ctx: &Ctx<'_>,
    kind: RecordKind,
    header: &Header,
    assignment: &mut Assignment,
) -> Result<()> {
    if ctx.opts.roles.is_empty() {
        return Ok(());
    }
    let names = roles::role_names(kind);
    for (h, role) in &ctx.opts.roles {
        let Some(pos) = header.columns.iter().position(|c| c.header == h.trim()) else {
            return Err(Error::at(
                ErrorCode::InvalidArgument,
                ctx.location(Some(header.row), None),
                format!("there is no column \"{h}\" in the header"),
            ));
        };
        match role {
            None => assignment[pos] = None,
            Some(r) => {
                let Some(known) = names.iter().find(|n| **n == r.as_str()) else {
                    return Err(Error::at(
                        ErrorCode::InvalidArgument,
                        ctx.location(Some(header.row), Some(&header.columns[pos])),
                        format!(
                            "\"{r}\" is not a role of {kind} records (roles: {})",
                            names.join(", ")
                        ),
                    ));
                };
                for a in assignment.iter_mut() {
                    if a.as_deref() == Some(*known) {
                        *a = None;
                    }
                }
                assignment[pos] = Some(known.to_string());
            }
        }
    }
    Ok(())
}

fn header_signature(h: &Header) -> String {
    use sha2::{Digest, Sha256};
    let mut s = Sha256::new();
    for c in &h.columns {
        s.update(roles::normalise_header(&c.header).as_bytes());
        s.update([0x1f]);
    }
    s.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Rows read to decide a tentative plan before the one streaming pass.
pub(crate) const SAMPLE_ROWS: u64 = 20_000;

impl Plan {
    /// Same types, kind and roles: rows written under one plan are exactly
    /// what the other would write.
    fn same_mapping(&self, other: &Plan) -> bool {
        self.decisions == other.decisions && self.kind == other.kind && self.roles == other.roles
    }
}

/// Imports one sheet (or CSV). Types are decided from all values, yet the file
/// is normally read once after a short sample: rows are written under the plan
/// the first rows suggest while statistics over every row are collected; when
/// the plan from all rows differs, the rows are rolled back to a savepoint and
/// written again under it.
fn import_sheet(tx: &Transaction<'_>, ctx: &Ctx<'_>, src: &mut dyn RowSource) -> Result<Outcome> {
    let sheet_key = ctx.sheet.clone().unwrap_or_default();
    let existing: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, report FROM datasets WHERE content_hash = ?1 AND sheet_key = ?2",
            params![ctx.hash, sheet_key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, json)) = existing {
        if !ctx.opts.replace {
            return Ok(Outcome::Imported(Box::new(already_imported(
                ctx, id, &json,
            ))));
        }
        crate::store::delete_dataset(tx, id)?;
    }
    let header = match find_table(ctx, src)? {
        Ok(h) => h,
        Err(reason) => return Ok(Outcome::Skipped(reason)),
    };
    let (stats, rows, complete) = collect_stats(ctx, src, &header, Some(SAMPLE_ROWS))?;
    let (mut plan, speculative) = match make_plan(tx, ctx, header.clone(), stats, rows)? {
        Ok(p) => (p, !complete),
        Err(reason) if complete => return Ok(Outcome::Skipped(reason)),
        Err(_) => {
            let (stats, rows, _) = collect_stats(ctx, src, &header, None)?;
            match make_plan(tx, ctx, header, stats, rows)? {
                Ok(p) => (p, false),
                Err(reason) => return Ok(Outcome::Skipped(reason)),
            }
        }
    };
    tx.execute(
        "INSERT INTO datasets (kind, source_file, file_name, sheet, sheet_key, content_hash, header_signature, rows, imported_at, report)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, '{}')",
        params![
            plan.kind.as_str(),
            ctx.path.display().to_string(),
            ctx.file,
            ctx.sheet,
            sheet_key,
            ctx.hash,
            plan.signature,
            now_rfc3339()
        ],
    )?;
    let dataset_id = tx.last_insert_rowid();
    tx.execute_batch("SAVEPOINT sheet_rows")?;
    let (mut written, full) = write_rows(tx, ctx, &plan, dataset_id, src, speculative)?;
    if let Some((stats, rows)) = full {
        match make_plan(tx, ctx, plan.header.clone(), stats, rows)? {
            Ok(all) if all.same_mapping(&plan) => plan = all,
            Ok(all) => {
                tx.execute_batch("ROLLBACK TO sheet_rows")?;
                plan = all;
                written = write_rows(tx, ctx, &plan, dataset_id, src, false)?.0;
            }
            Err(reason) => {
                tx.execute_batch("ROLLBACK TO sheet_rows; RELEASE sheet_rows")?;
                crate::store::delete_dataset(tx, dataset_id)?;
                return Ok(Outcome::Skipped(reason));
            }
        }
    }
    tx.execute_batch("RELEASE sheet_rows")?;
    if !ctx.opts.roles.is_empty() || ctx.opts.kind.is_some() {
        remember_mapping(tx, &plan)?;
    }
    for (pos, (c, (d, r))) in plan
        .header
        .columns
        .iter()
        .zip(plan.decisions.iter().zip(&plan.roles))
        .enumerate()
    {
        tx.execute(
            "INSERT INTO dataset_columns (dataset_id, position, letter, header, column_type, role, currency)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![dataset_id, pos as i64, c.letter, c.header, d.column_type.as_str(), r, d.currency],
        )?;
    }
    let report = SheetReport {
        dataset_id,
        sheet: ctx.sheet.clone(),
        kind: plan.kind,
        header_row: plan.header.row,
        rows_imported: written.rows,
        skipped: written.skipped_list(),
        columns: column_reports(&plan, &written.mismatches),
        warning_count: written.warning_count,
        warnings: written.warnings,
        unknown_stages: written.unknown_stages.into_iter().collect(),
        already_imported: false,
    };
    let json = report_json(&report)?;
    tx.execute(
        "UPDATE datasets SET kind = ?1, rows = ?2, report = ?3 WHERE id = ?4",
        params![
            plan.kind.as_str(),
            report.rows_imported as i64,
            json,
            dataset_id
        ],
    )?;
    ctx.report(Stage::Done, written.rows, Some(written.rows))?;
    Ok(Outcome::Imported(Box::new(report)))
}

/// The report for content imported before: the stored report, nothing added.
fn already_imported(ctx: &Ctx<'_>, id: i64, stored: &str) -> SheetReport {
    let note = Warning {
        location: ctx.location(None, None),
        message: format!(
            "this content was imported before as dataset {id}; nothing was added (use replace to import it again)"
        ),
    };
    let base = serde_json::from_str::<SheetReport>(stored).ok();
    SheetReport {
        dataset_id: id,
        sheet: ctx.sheet.clone(),
        kind: base.as_ref().map_or(RecordKind::Orders, |b| b.kind),
        header_row: base.as_ref().map_or(1, |b| b.header_row),
        rows_imported: 0,
        skipped: Vec::new(),
        columns: base.map(|b| b.columns).unwrap_or_default(),
        warning_count: 1,
        warnings: vec![note],
        unknown_stages: Vec::new(),
        already_imported: true,
    }
}

/// Remembers the kind and roles the user chose for this header signature.
fn remember_mapping(tx: &Transaction<'_>, plan: &Plan) -> Result<()> {
    let mut map = serde_json::Map::new();
    for (c, r) in plan.header.columns.iter().zip(&plan.roles) {
        map.insert(
            c.header.clone(),
            r.clone()
                .map(serde_json::Value::String)
                .unwrap_or(serde_json::Value::Null),
        );
    }
    tx.execute(
        "INSERT INTO mappings (signature, kind, roles, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(signature) DO UPDATE SET kind = excluded.kind, roles = excluded.roles, updated_at = excluded.updated_at",
        params![plan.signature, plan.kind.as_str(), serde_json::Value::Object(map).to_string(), now_rfc3339()],
    )?;
    Ok(())
}

fn column_reports(plan: &Plan, mismatches: &[u64]) -> Vec<ColumnReport> {
    plan.header
        .columns
        .iter()
        .enumerate()
        .map(|(k, c)| ColumnReport {
            letter: c.letter.clone(),
            header: c.header.clone(),
            column_type: plan.decisions[k].column_type,
            role: plan.roles[k].clone(),
            currency: plan.decisions[k].currency.map(str::to_string),
            filled: plan.stats[k].filled,
            mismatches: mismatches.get(k).copied().unwrap_or(0),
        })
        .collect()
}

#[derive(Default)]
struct Written {
    rows: u64,
    skipped: BTreeMap<String, (u64, Vec<u64>)>,
    warning_count: u64,
    warnings: Vec<Warning>,
    mismatches: Vec<u64>,
    unknown_stages: BTreeSet<String>,
}

impl Written {
    fn skip(&mut self, reason: &str, row: u64) {
        let e = self.skipped.entry(reason.to_string()).or_default();
        e.0 += 1;
        if e.1.len() < MAX_EXAMPLE_ROWS {
            e.1.push(row);
        }
    }

    fn warn(&mut self, location: Location, message: String) {
        self.warning_count += 1;
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(Warning { location, message });
        }
    }

    fn skipped_list(&self) -> Vec<SkippedRows> {
        self.skipped
            .iter()
            .map(|(reason, (count, rows))| SkippedRows {
                reason: reason.clone(),
                count: *count,
                rows: rows.clone(),
            })
            .collect()
    }
}

/// Statistics over every data row, and their number, gathered while writing.
type FullStats = (Vec<ColumnStats>, u64);

/// Records per batch handed from the reading thread to the writing thread.
const BATCH_RECORDS: usize = 1024;

/// The write pass, on two threads: this one reads, converts and encodes rows
/// (it owns the source), the calling thread inserts the batches (it owns the
/// connection). Either side's failure stops the other; the caller's
/// transaction is then rolled back.
fn write_rows(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    plan: &Plan,
    dataset_id: i64,
    src: &mut dyn RowSource,
    collect_stats: bool,
) -> Result<(Written, Option<FullStats>)> {
    let col_pos: HashMap<&str, usize> = plan
        .roles
        .iter()
        .enumerate()
        .filter_map(|(k, r)| r.as_deref().map(|r| (r, k)))
        .collect();
    let mut encoder = schema::Encoder::new(plan.kind, dataset_id, &col_pos);
    let mut inserter = schema::Inserter::new(tx, plan.kind)?;
    let (send, recv) = std::sync::mpsc::sync_channel::<schema::Batch>(4);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<(Written, Option<FullStats>)> {
            let mut stats: Option<Vec<ColumnStats>> = collect_stats.then(|| {
                plan.header
                    .columns
                    .iter()
                    .map(|_| ColumnStats::new())
                    .collect()
            });
            let mut data_rows = 0u64;
            let mut w = Written {
                mismatches: vec![0; plan.header.columns.len()],
                ..Written::default()
            };
            let mut classifier = RowClassifier::new(&plan.header);
            let json_keys = schema::json_keys(&plan.header);
            // While the plan is tentative the number of rows is not known yet.
            let total = (!collect_stats).then_some(plan.data_rows);
            let mut done = 0u64;
            let mut batch = encoder.new_batch();
            ctx.report(Stage::Writing, 0, total)?;
            src.each_row(&mut |row, cells| {
                if row <= plan.header.row {
                    return Ok(true);
                }
                if let Some(why) = classifier.classify(cells) {
                    w.skip(why.reason(), row);
                    return Ok(true);
                }
                done += 1;
                if done.is_multiple_of(PROGRESS_EVERY) {
                    ctx.report(Stage::Writing, done, total)?;
                }
                if let Some(stats) = stats.as_mut() {
                    data_rows += 1;
                    for (k, col) in plan.header.columns.iter().enumerate() {
                        stats[k].add(cells.get(col.index).unwrap_or(&Cell::Empty));
                    }
                }
                let mut values: Vec<Value<'_>> = Vec::with_capacity(plan.header.columns.len());
                for (k, col) in plan.header.columns.iter().enumerate() {
                    let v = plan.decisions[k].convert(cells.get(col.index).unwrap_or(&Cell::Empty));
                    if let Value::Mismatch(raw) = &v {
                        w.mismatches[k] += 1;
                        w.warn(
                            ctx.location(Some(row), Some(col)),
                            mismatch_message(raw, plan.decisions[k].column_type),
                        );
                    }
                    values.push(v);
                }
                let rec = schema::Record {
                    row,
                    values: &values,
                    header: &plan.header,
                    roles: &plan.roles,
                    col_pos: &col_pos,
                    json_keys: &json_keys,
                };
                let outcome = encoder.encode(&rec, &mut batch);
                if let Some(stage) = outcome.unknown_stage {
                    if w.unknown_stages.len() < 50 {
                        w.unknown_stages.insert(stage);
                    }
                }
                match outcome.skipped {
                    Some(reason) => w.skip(&reason, row),
                    None => w.rows += 1,
                }
                if batch.len() >= BATCH_RECORDS {
                    let full = std::mem::replace(&mut batch, encoder.new_batch());
                    if send.send(full).is_err() {
                        return Ok(false); // the writer stopped; its error is reported
                    }
                }
                Ok(true)
            })?;
            if !batch.is_empty() {
                let _ = send.send(batch);
            }
            Ok((w, stats.map(|s| (s, data_rows))))
        });
        let mut inserted: Result<()> = Ok(());
        for batch in recv {
            if let Err(e) = inserter.insert(&batch) {
                inserted = Err(e);
                break;
            }
        }
        let read = reader.join().map_err(|_| {
            Error::new(
                ErrorCode::Unreadable,
                "reading the file failed unexpectedly; nothing was imported",
            )
        })?;
        inserted?;
        read
    })
}

fn mismatch_message(raw: &str, t: ColumnType) -> String {
    let zero = matches!(t, ColumnType::Date | ColumnType::Datetime)
        && (raw.contains("1900") || raw.contains("1899"));
    if zero {
        format!("\"{raw}\" is Excel's empty date (1900-01-01), not a real date; treated as no date")
    } else {
        format!("\"{raw}\" is not {}; kept as text", type_phrase(t))
    }
}

fn type_phrase(t: ColumnType) -> &'static str {
    match t {
        ColumnType::Integer => "a whole number",
        ColumnType::Decimal => "a number",
        ColumnType::Money => "a money amount",
        ColumnType::Percent => "a percentage",
        ColumnType::Date => "a date",
        ColumnType::Datetime => "a date and time",
        ColumnType::Boolean => "yes or no",
        ColumnType::Text | ColumnType::Empty => "text",
    }
}
