//! Datasets (what one imported sheet became), their removal, and the import history.

use rusqlite::{params, Connection, OptionalExtension};

use super::Store;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{DatasetInfo, ImportReport, RecordKind};

impl Store {
    /// Every dataset, newest first.
    pub fn datasets(&self) -> Result<Vec<DatasetInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, file_name, source_file, sheet, rows, imported_at, content_hash
             FROM datasets ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], dataset_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The dataset of this id, if there is one.
    pub fn dataset(&self, id: i64) -> Result<Option<DatasetInfo>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, kind, file_name, source_file, sheet, rows, imported_at, content_hash
                 FROM datasets WHERE id = ?1",
                [id],
                dataset_from_row,
            )
            .optional()?)
    }

    /// Removes a dataset and every record that came from it, in one
    /// transaction, after a backup of the database.
    pub fn remove_dataset(&mut self, id: i64) -> Result<DatasetInfo> {
        let info = self.dataset(id)?.ok_or_else(|| {
            Error::new(
                ErrorCode::DatasetNotFound,
                format!("there is no dataset {id}; `salescope-cli datasets` lists them"),
            )
        })?;
        self.backup()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        delete_dataset(&tx, id)?;
        tx.commit()?;
        Ok(info)
    }

    /// The reports of past imports, newest first.
    pub fn import_history(&self, limit: usize) -> Result<Vec<ImportReport>> {
        let mut stmt = self
            .conn
            .prepare("SELECT report FROM import_history ORDER BY id DESC LIMIT ?1")?;
        let rows = stmt.query_map([limit as i64], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            let json = json?;
            let report = serde_json::from_str(&json).map_err(|e| {
                Error::new(
                    ErrorCode::Database,
                    format!("an import report in the database is damaged: {e}"),
                )
            })?;
            out.push(report);
        }
        Ok(out)
    }
}

/// Records the report of an import in the history (inside its transaction).
pub fn record_import(conn: &Connection, file: &str, at: &str, report_json: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO import_history (file, imported_at, report) VALUES (?1, ?2, ?3)",
        params![file, at, report_json],
    )?;
    Ok(())
}

/// Deletes a dataset, its columns and every record imported with it.
pub fn delete_dataset(conn: &Connection, id: i64) -> Result<()> {
    for kind in RecordKind::ALL {
        let table = kind.table();
        conn.execute(
            &format!("DELETE FROM \"{table}\" WHERE dataset_id = ?1"),
            [id],
        )?;
    }
    // Goals a targets sheet set go with it; goals set by hand stay.
    conn.execute("DELETE FROM goals WHERE dataset_id = ?1", [id])?;
    // So do the notes an events sheet added.
    conn.execute("DELETE FROM notes WHERE dataset_id = ?1", [id])?;
    conn.execute("DELETE FROM datasets WHERE id = ?1", [id])?;
    Ok(())
}

fn dataset_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DatasetInfo> {
    let kind: String = r.get(1)?;
    let file_name: String = r.get(2)?;
    let sheet: Option<String> = r.get(4)?;
    let name = match &sheet {
        Some(s) => format!("{file_name} · {s}"),
        None => file_name,
    };
    Ok(DatasetInfo {
        id: r.get(0)?,
        name,
        kind: RecordKind::parse(&kind).unwrap_or(RecordKind::Lookup),
        source_file: r.get(3)?,
        sheet,
        rows: r.get::<_, i64>(5)? as u64,
        imported_at: r.get(6)?,
        content_hash: r.get(7)?,
    })
}
