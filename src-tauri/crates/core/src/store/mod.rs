//! The SQLite store: the connection (WAL, busy timeout, foreign keys),
//! migrations, backups, and the refusal of a database that is not
//! Salescope's. [`datasets`] holds what was imported and the import history;
//! [`settings`] the raw key/value settings (their meaning belongs to the
//! engines that read them).

mod datasets;
mod settings;

pub use datasets::{delete_dataset, record_import};
pub use settings::{delete_setting, put_setting, read_settings};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::error::{Error, ErrorCode, Result};

/// Numbered migrations, embedded in the binary; applied in order, each in its
/// own transaction, and recorded in `PRAGMA user_version`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_goals_settings.sql"),
    include_str!("../../migrations/0003_forecast_roles.sql"),
    include_str!("../../migrations/0004_notes.sql"),
];

/// How long a connection waits for another writer (the app and the CLI may use
/// the same file at once) before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open Salescope database.
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

    /// The connection, for the engines' queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, for transactions.
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The schema version (`PRAGMA user_version`): how many migrations ran.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
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
                    BUSY_TIMEOUT.as_secs()
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
