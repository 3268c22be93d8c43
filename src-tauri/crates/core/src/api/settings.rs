//! Settings routed by key: `limit.*` to the importer's [`Limits`], the others
//! to the KPI engine's [`kpi::Settings`]. The store keeps them all as text.

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Result};
use crate::import::limits::Limits;
use crate::kpi;
use crate::store;
use rusqlite::Connection;

/// Every setting: the KPI engine's and the importer's limits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export_to = "Settings.ts")]
pub struct Settings {
    /// Fiscal year, thresholds, variants, weights, currency.
    #[serde(flatten)]
    pub kpi: kpi::Settings,
    /// What one imported file may make the importer hold in memory.
    pub limits: Limits,
}

/// Every key `set` takes, for messages.
pub fn keys() -> String {
    format!("{}, limit.<name>", kpi::settings::KEYS)
}

/// The settings stored in the database, defaults for the others.
pub fn load(conn: &Connection) -> Result<Settings> {
    Ok(Settings {
        kpi: kpi::Settings::load(conn)?,
        limits: Limits::load(conn)?,
    })
}

/// Validates and stores one setting.
pub fn set(conn: &Connection, key: &str, value: &str) -> Result<Settings> {
    if let Some(name) = key.strip_prefix("limit.") {
        Limits::set(conn, name, value)?;
    } else if kpi::settings::is_key(key) {
        kpi::Settings::set(conn, key, value)?;
    } else {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("\"{key}\" is not a setting; the settings are {}", keys()),
        ));
    }
    load(conn)
}

/// Puts one setting back to its default.
pub fn reset(conn: &Connection, key: &str) -> Result<Settings> {
    store::delete_setting(conn, &kpi::settings::canonical_key(key))?;
    load(conn)
}
