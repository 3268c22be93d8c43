//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use salescope_core::internals::facts::Facts;
use salescope_core::{
    import_file, write_sample, ImportOptions, ImportReport, NoProgress, RecordKind, Store,
};

/// The public corpus (`../shared/data/public`, or `$SALESCOPE_PUBLIC_DATA`), or
/// None after saying clearly that the tests over it checked nothing.
#[allow(dead_code)]
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("SALESCOPE_PUBLIC_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/data/public")
        });
    if dir.join("SOURCES.md").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: the public corpus is not at {} (set SALESCOPE_PUBLIC_DATA); nothing was checked",
            dir.display()
        );
        None
    }
}

/// A database in `dir` holding the sample workbook. (Each helper here is
/// used by some of the test binaries that include this module.)
#[allow(dead_code)]
pub fn sample_store(dir: &Path) -> Store {
    let file = write_sample(dir).unwrap();
    let mut store = Store::open(&dir.join("s.db")).unwrap();
    import_file(&mut store, &file, &ImportOptions::default(), &NoProgress).unwrap();
    store
}

/// Records of a kind per value of a dimension, as the KPI engine sees them
/// (lookup sheets applied), sorted by value.
#[allow(dead_code)]
pub fn dimension_counts(store: &Store, kind: RecordKind, dim: &str) -> Vec<(String, u64)> {
    Facts::load(store.conn())
        .unwrap()
        .dimension_counts(kind, dim)
}

#[allow(dead_code)]
/// A scratch folder and a database in it, for tests that import small files.
pub struct Env {
    /// The scratch folder.
    pub dir: tempfile::TempDir,
    /// The database.
    pub store: Store,
}

/// A new scratch folder and database.
pub fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    Env { dir, store }
}

impl Env {
    /// Writes a file into the scratch folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Imports a file with the default options, panicking with the error.
    pub fn import(&mut self, p: &Path) -> ImportReport {
        import_file(&mut self.store, p, &ImportOptions::default(), &NoProgress)
            .unwrap_or_else(|e| panic!("import of {} failed: {e}", p.display()))
    }

    /// Imports a file with these options.
    pub fn import_with(
        &mut self,
        p: &Path,
        opts: &ImportOptions,
    ) -> salescope_core::Result<ImportReport> {
        import_file(&mut self.store, p, opts, &NoProgress)
    }

    /// The rows of a query, each value as text (NULL for null).
    pub fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        let mut st = self.store.conn().prepare(sql).unwrap();
        let n = st.column_count();
        st.query_map([], |r| {
            (0..n)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => "NULL".to_string(),
                        rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                        rusqlite::types::ValueRef::Real(f) => format!("{f}"),
                        rusqlite::types::ValueRef::Text(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                        rusqlite::types::ValueRef::Blob(_) => "BLOB".to_string(),
                    })
                })
                .collect()
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
    }

    /// The first value of a query, as text.
    pub fn one(&self, sql: &str) -> String {
        self.rows(sql)[0][0].clone()
    }
}
