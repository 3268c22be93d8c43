//! Settings as the database keeps them: text values under text keys. What a
//! key means, and whether a value is valid, is for the engine that reads it
//! (the KPI engine's settings, the importer's limits); `api::settings` routes
//! a key to its engine.

use rusqlite::{params, Connection};

use crate::error::Result;

/// Every stored setting, as (key, value), in key order.
pub fn read_settings(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Stores (or replaces) one setting.
pub fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Removes one setting (back to its default).
pub fn delete_setting(conn: &Connection, key: &str) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}
