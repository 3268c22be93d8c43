//! The write pass: rows converted under the plan and inserted in batches, the
//! plan checked against every row's statistics (rows written again under the
//! final plan when it differs), the dataset and its report recorded.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{params, OptionalExtension, Transaction};

use super::infer::{ColumnStats, Value};
use super::plan::*;
use super::source::{Cell, RowSource};
use super::table::RowClassifier;
use super::{
    now_rfc3339, report_json, schema, Ctx, Outcome, Plan, MAX_EXAMPLE_ROWS, MAX_WARNINGS,
    PROGRESS_EVERY,
};
use crate::error::{Error, ErrorCode, Location, Result};
use crate::model::{ColumnReport, ColumnType, RecordKind, SheetReport, SkippedRows, Warning};
use crate::progress::ImportStage;

/// Imports one sheet (or CSV). Types are decided from all values, yet the file
/// is normally read once after a short sample: rows are written under the plan
/// the first rows suggest while statistics over every row are collected; when
/// the plan from all rows differs, the rows are rolled back to a savepoint and
/// written again under it.
pub(super) fn import_sheet(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    src: &mut dyn RowSource,
) -> Result<Outcome> {
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
    let mut notes = sheet_notes(&plan, ctx.opts);
    if plan.kind == RecordKind::Deals && percent_probabilities(tx, dataset_id)? {
        notes.push("the probabilities are percents (0 to 100): read as fractions".into());
    }
    if ctx.opts.with_targets {
        if let Some(i) = targets_column(&plan) {
            write_targets(tx, dataset_id, &plan.header.columns[i].header)?;
        }
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
        notes,
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
    ctx.report(ImportStage::Done, written.rows, Some(written.rows))?;
    Ok(Outcome::Imported(Box::new(report)))
}

/// Divides a deals sheet's probabilities by 100 when its column holds
/// percents (catalog section 1): most of its non-zero values above 1 and
/// none above 100. A column of fractions with a stray value above 1 is left
/// as it is (the KPI engine reads such a value as 1). True when it divided.
fn percent_probabilities(tx: &Transaction<'_>, dataset_id: i64) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE deals SET probability = probability / 100.0
         WHERE dataset_id = ?1 AND probability IS NOT NULL
           AND (SELECT MAX(probability) <= 100
                       AND 2 * SUM(probability > 1) > SUM(probability > 0)
                FROM deals WHERE dataset_id = ?1)",
        params![dataset_id],
    )?;
    Ok(changed > 0)
}

/// The report for content imported before: the stored report, nothing added.
pub(super) fn already_imported(ctx: &Ctx<'_>, id: i64, stored: &str) -> SheetReport {
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
        notes: Vec::new(),
    }
}

/// Remembers the kind and roles the user chose for this header signature.
pub(super) fn remember_mapping(tx: &Transaction<'_>, plan: &Plan) -> Result<()> {
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

pub(super) fn column_reports(plan: &Plan, mismatches: &[u64]) -> Vec<ColumnReport> {
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
pub(super) struct Written {
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
pub(super) const BATCH_RECORDS: usize = 1024;

/// The write pass, on two threads: this one reads, converts and encodes rows
/// (it owns the source), the calling thread inserts the batches (it owns the
/// connection). Either side's failure stops the other; the caller's
/// transaction is then rolled back.
pub(super) fn write_rows(
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
    let mut encoder = schema::Encoder::new(plan.kind, dataset_id, &col_pos, ctx.opts.quota_kpi()?);
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
            ctx.report(ImportStage::Writing, 0, total)?;
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
                    ctx.report(ImportStage::Writing, done, total)?;
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

pub(super) fn mismatch_message(raw: &str, t: ColumnType) -> String {
    let zero = matches!(t, ColumnType::Date | ColumnType::Datetime)
        && (raw.contains("1900") || raw.contains("1899"));
    if zero {
        format!("\"{raw}\" is Excel's empty date (1900-01-01), not a real date; treated as no date")
    } else {
        format!("\"{raw}\" is not {}; kept as text", type_phrase(t))
    }
}

pub(super) fn type_phrase(t: ColumnType) -> &'static str {
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

/// The targets an orders sheet holds beside its actuals, as target records
/// of its dataset (total revenue per month of the order date and per the
/// row's segment), from the column kept in each order's `extra`.
pub(super) fn write_targets(tx: &Transaction<'_>, dataset_id: i64, header: &str) -> Result<()> {
    let path = format!(
        "$.\"{}\"",
        header.replace('\\', "\\\\").replace('"', "\\\"")
    );
    tx.execute(
        "INSERT INTO targets (dataset_id, source_row, kpi, period, target, team, region, product, rep)
         SELECT dataset_id, source_row, ?2, substr(order_date, 1, 7), CAST(json_extract(extra, ?3) AS REAL),
                team, region, product, rep
         FROM orders WHERE dataset_id = ?1 AND order_date IS NOT NULL
           AND typeof(json_extract(extra, ?3)) IN ('integer', 'real')",
        params![dataset_id, super::schema::QUOTA_KPI, path],
    )?;
    Ok(())
}
