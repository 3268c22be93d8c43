//! Where the database lives: `--db`, else `SALESCOPE_DB`, else `salescope.db` in
//! the platform's app-data folder (shared by the app and the CLI).

use std::path::PathBuf;

use crate::error::{Error, ErrorCode, Result};

pub const DB_ENV: &str = "SALESCOPE_DB";

/// `~/.local/share/salescope/salescope.db` on Linux, the equivalents elsewhere.
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let base = dirs::data_dir().ok_or_else(|| {
        Error::new(
            ErrorCode::Io,
            format!("cannot find the app-data folder; set {DB_ENV} or pass --db"),
        )
    })?;
    Ok(base.join("salescope").join("salescope.db"))
}
