//! One test per bug found and fixed. The fuzz findings (inputs that crashed,
//! hung or exhausted memory) are kept as files in `tests/fuzz_regressions` and
//! imported here: each must now be refused with a clear error, in bounded
//! time and memory, with nothing written.

use std::path::Path;

use salescope_core::{import_file, preview, ErrorCode, ImportOptions, NoProgress, Store};

/// Where the fuzz findings are kept.
fn findings() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions")
}

/// The finding is refused with this code and a message starting so, by the
/// import (nothing written) and by the wizard's preview, which meets it first.
fn refused(name: &str, code: ErrorCode, message: &str) {
    let path = findings().join(name);
    let mut store = Store::open_in_memory().unwrap();
    let err =
        import_file(&mut store, &path, &ImportOptions::default(), &NoProgress).expect_err(name);
    assert_eq!(err.code, code, "{err}");
    assert!(err.to_string().starts_with(message), "{err}");
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM datasets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let err = preview(&mut store, &path, None, &Default::default()).expect_err(name);
    assert_eq!(err.code, code, "{err}");
}

/// libFuzzer xlsb (found by the 15-second CI run): one cell in column
/// 151,587,082; every row was padded out to it (3.6 GB, abort).
#[test]
fn xlsb_cell_past_the_last_column() {
    refused(
        "xlsb-cell-past-the-last-column.xlsb",
        ErrorCode::Unreadable,
        "xlsb-cell-past-the-last-column.xlsb, sheet \"Deals\": cannot read this sheet: a cell sits at row 1 column 151587082, past the last cell a spreadsheet has (XFD1048576); the file is damaged",
    );
}

/// libFuzzer xls: a DIMENSIONS record claiming 2 billion cells; the workbook
/// reader reserved room for them (80 GB) and the process aborted.
#[test]
fn xls_dimensions_claim_2_billion_cells() {
    refused(
        "xls-dimensions-claim-2-billion-cells.xls",
        ErrorCode::Unreadable,
        "xls-dimensions-claim-2-billion-cells.xls: cannot read this xls workbook: sheet 1 claims room for 2,013,265,923 cells, more than an xls sheet holds (65,536 rows of 256 columns). The file is damaged or was not written by a spreadsheet program",
    );
}

/// libFuzzer ods: content.xml ends inside a sheet; the workbook reader waited
/// for the sheet's end for ever (a half-downloaded file).
#[test]
fn ods_cut_short_inside_a_sheet() {
    refused(
        "ods-cut-short-inside-a-sheet.ods",
        ErrorCode::Unreadable,
        "ods-cut-short-inside-a-sheet.ods: cannot read this ods workbook: content.xml ",
    );
}

/// libFuzzer any_file: a compound file whose FAT chain loops back on itself;
/// the workbook reader followed it until the machine ran out of memory (24 GB).
#[test]
fn xls_sector_chain_loop() {
    refused(
        "xls-sector-chain-loop.xls",
        ErrorCode::Unreadable,
        "xls-sector-chain-loop.xls: cannot read this xls workbook: its compound-file structure is broken (Malformed FAT (FAT has 228 entries, but file has only 4 sectors)). It may be damaged or only partly downloaded",
    );
}

/// libFuzzer xlsb: a cell naming shared string 5 in a workbook with none; the
/// workbook reader indexed past its list and panicked.
#[test]
fn xlsb_shared_string_out_of_range() {
    refused(
        "xlsb-shared-string-out-of-range.xlsb",
        ErrorCode::Unreadable,
        "xlsb-shared-string-out-of-range.xlsb, sheet \"Deals\": the workbook reader stopped at a malformed part (",
    );
}

/// The findings the tests above import, by file name.
const KEPT: [&str; 5] = [
    "ods-cut-short-inside-a-sheet.ods",
    "xls-dimensions-claim-2-billion-cells.xls",
    "xls-sector-chain-loop.xls",
    "xlsb-cell-past-the-last-column.xlsb",
    "xlsb-shared-string-out-of-range.xlsb",
];

/// Every finding kept in the folder has its test above.
#[test]
fn every_kept_finding_has_a_test() {
    let mut present: Vec<String> = std::fs::read_dir(findings())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    assert_eq!(
        present, KEPT,
        "a finding kept in tests/fuzz_regressions needs its test here"
    );
}
