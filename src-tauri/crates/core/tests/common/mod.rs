//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The public corpus (`../shared/data/public`, or `$SALESCOPE_PUBLIC_DATA`), or
/// None after saying clearly that the tests over it checked nothing.
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
