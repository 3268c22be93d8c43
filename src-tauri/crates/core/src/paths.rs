//! Where the database lives: `--db`, else `SALESCOPE_DB`, else `salescope.db` in
//! the platform's app-data folder (shared by the app and the CLI).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorCode, Result};

/// The environment variable that names the database file (as `--db` does).
pub const DB_ENV: &str = "SALESCOPE_DB";

/// `SALESCOPE_DB`, else the database chosen in the window ("Open another
/// database"), else `~/.local/share/salescope/salescope.db` on Linux, the
/// equivalents elsewhere.
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dir = app_data_dir()?;
    if let Ok(chosen) = std::fs::read_to_string(dir.join(CHOSEN_DB)) {
        if !chosen.trim().is_empty() {
            return Ok(PathBuf::from(chosen.trim_end_matches('\n')));
        }
    }
    Ok(dir.join("salescope.db"))
}

/// The file in the app-data folder that remembers the database chosen in the window.
const CHOSEN_DB: &str = "database-path";

fn app_data_dir() -> Result<PathBuf> {
    let base = dirs::data_dir().ok_or_else(|| {
        Error::new(
            ErrorCode::Io,
            format!("cannot find the app-data folder; set {DB_ENV} or pass --db"),
        )
    })?;
    Ok(base.join("salescope"))
}

/// Remembers the database the user opened, for the app and the CLI alike
/// (`None`: back to the default).
pub fn remember_db_path(path: Option<&Path>) -> Result<()> {
    let file = app_data_dir()?.join(CHOSEN_DB);
    match path {
        None => match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::new(
                ErrorCode::Io,
                format!("cannot write {}: {e}", file.display()),
            )),
            _ => Ok(()),
        },
        Some(p) => {
            let text = p.to_str().ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidArgument,
                    format!(
                        "the path {} is not valid text, so it cannot be remembered",
                        p.display()
                    ),
                )
            })?;
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_atomic(&file, format!("{text}\n").as_bytes())
        }
    }
}

/// Writes through a temporary file in the same folder, flushed to disk and
/// renamed over the target, so a failed export never leaves half a file
/// where the old one was and two exports at once do not mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |e: std::io::Error| {
        Error::new(
            ErrorCode::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".salescope-export")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
