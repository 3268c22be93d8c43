//! The SQLite store: connection settings, migrations, datasets.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, ErrorCode, Result};
use crate::model::{DatasetInfo, ImportReport, RecordKind};

/// Numbered migrations, embedded in the binary; applied in order, each in its
/// own transaction, and recorded in `PRAGMA user_version`.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_goals_settings.sql"),
];

/// How long a connection waits for another writer (the app and the CLI may use
/// the same file at once) before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Store {
    conn: Connection,
}

/// Backups of the database kept in `backups/` beside it.
pub const BACKUPS_KEPT: usize = 3;

impl Store {
    /// Opens (creating if needed) the database at `path`, with WAL, a busy
    /// timeout and foreign keys, and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::new(
                    ErrorCode::Io,
                    format!("cannot create the folder {}: {e}", dir.display()),
                )
            })?;
        }
        let conn = Connection::open(path).map_err(|e| {
            Error::new(
                ErrorCode::Database,
                format!("cannot open the database {}: {e}", path.display()),
            )
        })?;
        Store::setup(conn, true).map_err(|e| Error {
            message: format!("{} ({})", e.message, path.display()),
            ..e
        })
    }

    /// A private in-memory database (tests, previews).
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, false)
    }

    fn setup(conn: Connection, wal: bool) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Before anything writes (WAL mode is written to the file): a SQLite
        // database of another program is left exactly as it is.
        refuse_foreign(&conn)?;
        if wal {
            let mode: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .map_err(unreadable_db)?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::new(
                    ErrorCode::Database,
                    format!("the database refused WAL mode (journal_mode is {mode})"),
                ));
            }
        }
        // 32 MiB of page cache keeps large imports off the disk until commit.
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768;",
        )?;
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(unreadable_db)?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(Error::new(
                ErrorCode::DatabaseUnusable,
                format!(
                    "the database was written by a newer Salescope (schema {version}, this version knows {known})"
                ),
            ));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Every dataset, newest first.
    pub fn datasets(&self) -> Result<Vec<DatasetInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, file_name, source_file, sheet, rows, imported_at, content_hash
             FROM datasets ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], dataset_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

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

    /// Copies the database to `backups/` beside it (a consistent snapshot,
    /// `VACUUM INTO`), keeping the newest [`BACKUPS_KEPT`]. Every destructive
    /// action (removing a dataset, an import that replaces one) takes one first.
    /// None for a database in memory.
    pub fn backup(&self) -> Result<Option<PathBuf>> {
        let Some(db) = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
        else {
            return Ok(None);
        };
        let io = |what: &str, p: &Path, e: std::io::Error| {
            Error::new(ErrorCode::Io, format!("cannot {what} {}: {e}", p.display()))
        };
        let dir = db.parent().unwrap_or(Path::new(".")).join("backups");
        std::fs::create_dir_all(&dir).map_err(|e| io("create the backup folder", &dir, e))?;
        let stem = db
            .file_stem()
            .map_or("salescope".into(), |s| s.to_string_lossy());
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let mut to = dir.join(format!("{stem}-{stamp}.db"));
        for n in 2.. {
            if !to.exists() {
                break;
            }
            to = dir.join(format!("{stem}-{stamp}-{n}.db"));
        }
        self.conn
            .execute("VACUUM INTO ?1", [to.to_string_lossy()])
            .map_err(|e| {
                Error::new(
                    ErrorCode::Database,
                    format!("cannot back the database up to {}: {e}", to.display()),
                )
            })?;
        // The oldest go: names sort by time.
        let prefix = format!("{stem}-");
        let mut kept: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| io("read the backup folder", &dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "db")
                    && p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
            })
            .collect();
        kept.sort();
        let excess = kept.len().saturating_sub(BACKUPS_KEPT);
        for old in &kept[..excess] {
            std::fs::remove_file(old).map_err(|e| io("remove the old backup", old, e))?;
            // A backup someone opened may have left its journal beside it.
            for side in ["-wal", "-shm"] {
                let mut p = old.clone().into_os_string();
                p.push(side);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        }
        Ok(Some(to))
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

    /// Number of records of a kind (all datasets).
    pub fn count_records(&self, kind: RecordKind) -> Result<u64> {
        let table = crate::import::schema::table_of(kind);
        let n: i64 =
            self.conn
                .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                    r.get(0)
                })?;
        Ok(n as u64)
    }
}

/// The first read of a database file failed: say whether it is not a database
/// at all (a file chosen by mistake, or damaged) or could not be read.
/// A database with tables but no Salescope schema version is another
/// program's: refused, never migrated into.
fn refuse_foreign(conn: &Connection) -> Result<()> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(unreadable_db)?;
    if version != 0 {
        return Ok(());
    }
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 4")
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
        .map_err(unreadable_db)?;
    if tables.is_empty() {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::DatabaseUnusable,
        format!(
            "this SQLite database belongs to another program (it has the tables {}), so it is not a Salescope database; Salescope left it unchanged",
            tables.join(", ")
        ),
    ))
}

/// Moves a database that cannot be used (and its -wal and -shm files) aside,
/// as `<name>.unusable-<UTC stamp>.db` in the same folder, so that a new one
/// can be made in its place. Returns where it went.
pub fn set_aside(path: &Path) -> Result<PathBuf> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "salescope".into());
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let aside = path.with_file_name(format!("{stem}.unusable-{stamp}.db"));
    let fail = |e: std::io::Error| {
        Error::new(
            ErrorCode::Io,
            format!("cannot move {} aside: {e}", path.display()),
        )
    };
    std::fs::rename(path, &aside).map_err(fail)?;
    for ext in ["-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{ext}", path.display()));
        if from.exists() {
            std::fs::rename(&from, format!("{}{ext}", aside.display())).map_err(fail)?;
        }
    }
    Ok(aside)
}

fn unreadable_db(e: rusqlite::Error) -> Error {
    let not_a_db = e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase);
    Error::new(
        ErrorCode::DatabaseUnusable,
        if not_a_db {
            "this file is not a SQLite database, so not a Salescope database".to_string()
        } else {
            format!("cannot read the database: {e}")
        },
    )
}

/// Deletes a dataset, its columns and every record imported with it.
pub fn delete_dataset(conn: &Connection, id: i64) -> Result<()> {
    for kind in RecordKind::ALL {
        let table = crate::import::schema::table_of(kind);
        conn.execute(
            &format!("DELETE FROM \"{table}\" WHERE dataset_id = ?1"),
            [id],
        )?;
    }
    // Goals a targets sheet set go with it; goals set by hand stay.
    conn.execute("DELETE FROM goals WHERE dataset_id = ?1", [id])?;
    conn.execute("DELETE FROM datasets WHERE id = ?1", [id])?;
    Ok(())
}

/// Keys a lookup sheet can be joined on, in order of preference.
pub const LOOKUP_KEYS: &[&str] = &["rep", "customer", "product", "order_id"];

/// The SQL expression for a dimension of a record (table alias `r`): the
/// record's own column when it has one and it is filled, else the value a
/// lookup sheet gives for the record's rep (or customer, product, order id).
/// `dim` is bound as parameter `?1`; identifiers are quoted.
pub fn dimension_expr(kind: RecordKind, dim: &str) -> Result<String> {
    if !crate::import::roles::DIMENSIONS.contains(&dim) {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "\"{dim}\" is not a dimension (dimensions: {})",
                crate::import::roles::DIMENSIONS.join(", ")
            ),
        ));
    }
    let mut parts = Vec::new();
    if crate::import::schema::has_column(kind, dim) {
        parts.push(format!("r.\"{dim}\""));
    }
    for key in LOOKUP_KEYS {
        if *key != dim && crate::import::schema::has_column(kind, key) {
            parts.push(format!(
                "(SELECT l.value FROM lookup_entries l WHERE l.key_role = '{key}' AND l.key_value = r.\"{key}\" AND l.attribute = ?1 ORDER BY l.dataset_id DESC LIMIT 1)"
            ));
        }
    }
    Ok(match parts.len() {
        0 => "NULL".to_string(),
        1 => parts.remove(0),
        _ => format!("COALESCE({})", parts.join(", ")),
    })
}

impl Store {
    /// Records per value of a dimension (lookups applied), sorted by value.
    pub fn dimension_totals(&self, kind: RecordKind, dim: &str) -> Result<Vec<(String, u64)>> {
        let expr = dimension_expr(kind, dim)?;
        let table = crate::import::schema::table_of(kind);
        let sql = format!(
            "SELECT v, count(*) FROM (SELECT {expr} AS v FROM \"{table}\" r) WHERE v IS NOT NULL GROUP BY v ORDER BY v"
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map([dim], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
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
