//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use salescope_core::internals::facts::Facts;
use salescope_core::{import_file, write_sample, ImportOptions, NoProgress, RecordKind, Store};

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
