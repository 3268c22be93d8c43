//! The TypeScript types in `ui/src/bindings/` are generated from the Rust types
//! that cross the IPC boundary. This test fails when the committed files are
//! stale; `UPDATE_BINDINGS=1 cargo test -p salescope-core --test tests bindings`
//! rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use salescope_core::{
    DatasetInfo, DbInfo, Detail, Dimension, Error, ErrorCode, Explanation, ExportProgress,
    FileTicket, Forecast, Funnel, Goal, Home, ImportOptions, ImportOutcome, ImportReport, KpiInfo,
    Leaderboard, Note, Outlook, OutlookPage, Preset, Preview, Progress, Saved, Scorecard, Settings,
    Size, StageCategory, ViewQuery, WhatIf, Why,
};
use ts_rs::{Config, TS};

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "ts") {
                out.insert(
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../ui/src/bindings");
    let tmp = tempfile::tempdir().unwrap();
    // Counts and ids arrive from serde_json as plain JSON numbers.
    let cfg = Config::new()
        .with_out_dir(tmp.path())
        .with_large_int("number");
    ImportReport::export_all(&cfg).unwrap();
    DatasetInfo::export_all(&cfg).unwrap();
    Error::export_all(&cfg).unwrap();
    ErrorCode::export_all(&cfg).unwrap();
    Progress::export_all(&cfg).unwrap();
    ImportOutcome::export_all(&cfg).unwrap();
    DbInfo::export_all(&cfg).unwrap();
    Scorecard::export_all(&cfg).unwrap();
    Goal::export_all(&cfg).unwrap();
    Forecast::export_all(&cfg).unwrap();
    Settings::export_all(&cfg).unwrap();
    Funnel::export_all(&cfg).unwrap();
    Size::export_all(&cfg).unwrap();
    Preset::export_all(&cfg).unwrap();
    Preview::export_all(&cfg).unwrap();
    ImportOptions::export_all(&cfg).unwrap();
    Home::export_all(&cfg).unwrap();
    Detail::export_all(&cfg).unwrap();
    ViewQuery::export_all(&cfg).unwrap();
    KpiInfo::export_all(&cfg).unwrap();
    FileTicket::export_all(&cfg).unwrap();
    Saved::export_all(&cfg).unwrap();
    ExportProgress::export_all(&cfg).unwrap();
    Dimension::export_all(&cfg).unwrap();
    Outlook::export_all(&cfg).unwrap();
    Leaderboard::export_all(&cfg).unwrap();
    OutlookPage::export_all(&cfg).unwrap();
    WhatIf::export_all(&cfg).unwrap();
    StageCategory::export_all(&cfg).unwrap();
    Explanation::export_all(&cfg).unwrap();
    Why::export_all(&cfg).unwrap();
    Note::export_all(&cfg).unwrap();
    let fresh = read_dir(tmp.path());
    assert!(fresh.contains_key("ImportReport.ts") && fresh.contains_key("SheetReport.ts"));
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(&committed).unwrap();
        for old in read_dir(&committed).keys() {
            std::fs::remove_file(committed.join(old)).unwrap();
        }
        for (name, text) in &fresh {
            std::fs::write(committed.join(name), text).unwrap();
        }
        return;
    }
    let current = read_dir(&committed);
    assert!(
        current == fresh,
        "ui/src/bindings is stale: run `UPDATE_BINDINGS=1 cargo test -p salescope-core --test tests bindings` and commit the result (stale or missing: {:?})",
        fresh
            .iter()
            .filter(|(k, v)| current.get(*k) != Some(v))
            .map(|(k, _)| k)
            .chain(current.keys().filter(|k| !fresh.contains_key(*k)))
            .collect::<Vec<_>>()
    );
}
