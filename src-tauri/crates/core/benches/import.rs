//! Import benchmark: a generated 1,000,000-row deals CSV (12 columns) and a
//! 200,000-row xlsx, each imported into a fresh database, with `sqlite3 .import`
//! of the same CSV as the peer in the same run. Prints rows/s, the ratio to the
//! peer and the peak memory of the importing process.
//!
//! `cargo bench -p salescope-core --bench import` (set `BENCH_ROWS` to change
//! the CSV size). Each import runs in a child process (this binary, re-run with
//! `child`) so that its peak resident memory is its own.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use salescope_core::internals::sample::Rng;
use salescope_core::{import_file, ImportOptions, NoProgress, Store};

const REPS: [&str; 12] = [
    "Ann Lee",
    "Bob Stone",
    "Cy Park",
    "Dee Moss",
    "Eve Hart",
    "Fay Lin",
    "Gus Kahn",
    "Hal Cruz",
    "Ivy Diaz",
    "Jo Wolfe",
    "Kit Ames",
    "Lu Chen",
];
const STAGES: [&str; 6] = [
    "Prospecting",
    "Qualification",
    "Proposal",
    "Negotiation",
    "Closed Won",
    "Closed Lost",
];
const PRODUCTS: [&str; 5] = ["Starter", "Growth", "Scale", "Enterprise", "Add-on"];
const SOURCES: [&str; 5] = ["Website", "Referral", "Event", "Outbound", "Partner"];

fn date(day: u64) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Days::new(day % 1000);
    d.format("%Y-%m-%d").to_string()
}

fn write_csv(path: &Path, rows: u64) {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    writeln!(w, "Deal ID,Created Date,Close Date,Stage,Amount,Rep,Team,Region,Product,Customer,Lead Source,Probability").unwrap();
    let mut rng = Rng(7);
    for i in 0..rows {
        let r = rng.next_u64();
        let created = r % 900;
        let stage = STAGES[(r >> 10) as usize % STAGES.len()];
        let close = if stage.starts_with("Closed") {
            date(created + 5 + (r >> 20) % 90)
        } else {
            String::new()
        };
        let rep = (r >> 30) as usize % REPS.len();
        writeln!(
            w,
            "D{i:07},{},{close},{stage},{}.{:02},{},{},{},{},Customer {},{},{}%",
            date(created),
            500 + (r >> 35) % 50_000,
            (r >> 50) % 100,
            REPS[rep],
            ["Enterprise", "Mid-Market", "SMB"][rep % 3],
            ["North", "South", "East", "West"][rep % 4],
            PRODUCTS[(r >> 40) as usize % PRODUCTS.len()],
            (r >> 44) % 5000,
            SOURCES[(r >> 56) as usize % SOURCES.len()],
            (r >> 58) * 10 % 100,
        )
        .unwrap();
    }
    w.flush().unwrap();
}

fn write_xlsx(path: &Path, rows: u32) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Orders").unwrap();
    let df = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_row(
        0,
        0,
        [
            "Order ID",
            "Order Date",
            "Customer",
            "Product",
            "Region",
            "Rep",
            "Quantity",
            "Sales",
            "Profit",
            "Discount",
        ],
    )
    .unwrap();
    let mut rng = Rng(11);
    for i in 1..=rows {
        let r = rng.next_u64();
        let day = (r % 1000) as u16;
        let d = ExcelDateTime::from_ymd(2023, 1, 1).unwrap().to_excel() + f64::from(day);
        ws.write_string(i, 0, format!("O{i:07}")).unwrap();
        ws.write_number_with_format(i, 1, d, &df).unwrap();
        ws.write_string(i, 2, format!("Customer {}", (r >> 12) % 5000))
            .unwrap();
        ws.write_string(i, 3, PRODUCTS[(r >> 20) as usize % 5])
            .unwrap();
        ws.write_string(
            i,
            4,
            ["North", "South", "East", "West"][(r >> 24) as usize % 4],
        )
        .unwrap();
        ws.write_string(i, 5, REPS[(r >> 28) as usize % 12])
            .unwrap();
        ws.write_number(i, 6, ((r >> 32) % 20 + 1) as f64).unwrap();
        ws.write_number(i, 7, ((r >> 36) % 100_000) as f64 / 100.0)
            .unwrap();
        ws.write_number(i, 8, ((r >> 40) % 20_000) as f64 / 100.0 - 50.0)
            .unwrap();
        ws.write_number(i, 9, ((r >> 48) % 5) as f64 / 10.0)
            .unwrap();
    }
    wb.save(path).unwrap();
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// Runs in the child: imports `file` into a fresh `db`, prints "rows seconds peak_mb".
fn child(file: &str, db: &str) {
    let mut store = Store::open(Path::new(db)).unwrap();
    let t = Instant::now();
    let r = import_file(
        &mut store,
        Path::new(file),
        &ImportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!("{} {secs} {}", r.rows_imported(), peak_rss_mb());
}

fn run_child(file: &Path, db: &Path) -> (u64, f64, f64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["child", file.to_str().unwrap(), db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let f: Vec<&str> = text.split_whitespace().collect();
    (
        f[0].parse().unwrap(),
        f[1].parse().unwrap(),
        f[2].parse().unwrap(),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("child") {
        child(&args[2], &args[3]);
        return;
    }
    let rows: u64 = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let xrows: u32 = std::env::var("BENCH_XLSX_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("deals.csv");
    let xlsx = dir.path().join("orders.xlsx");
    write_csv(&csv, rows);
    write_xlsx(&xlsx, xrows);
    let mb = std::fs::metadata(&csv).unwrap().len() as f64 / 1048576.0;
    println!(
        "deals CSV: {rows} rows x 12 columns, {mb:.1} MiB; orders xlsx: {xrows} rows x 10 columns"
    );

    // Warm the page cache so both importers read from memory.
    let _ = std::fs::read(&csv);

    let peer = which_sqlite3();
    let peer_secs = peer.as_ref().map(|bin| {
        let db = dir.path().join("peer.db");
        let t = Instant::now();
        let st = Command::new(bin)
            .arg(&db)
            .args([".mode csv", &format!(".import {} deals", csv.display())])
            .status()
            .unwrap();
        assert!(st.success());
        t.elapsed().as_secs_f64()
    });

    let (n, secs, peak) = run_child(&csv, &dir.path().join("csv.db"));
    assert_eq!(n, rows);
    println!(
        "salescope CSV import:   {:>9.0} rows/s  {secs:.2} s  peak memory {peak:.0} MB",
        n as f64 / secs
    );
    match peer_secs {
        Some(p) => println!(
            "sqlite3 .import (peer): {:>9.0} rows/s  {p:.2} s  (all columns as text, no inference)\nratio salescope/sqlite3 throughput: {:.2}x",
            rows as f64 / p,
            p / secs
        ),
        None => println!("sqlite3 not found: peer skipped (apt-get install sqlite3)"),
    }
    let (n, secs, peak) = run_child(&xlsx, &dir.path().join("xlsx.db"));
    assert_eq!(n, u64::from(xrows));
    println!(
        "salescope xlsx import:  {:>9.0} rows/s  {secs:.2} s  peak memory {peak:.0} MB",
        n as f64 / secs
    );
    sheet_read_against_calamine(&xlsx);
}

/// What the resource limits cost on a workbook: the importer's sheet read
/// (limits checked, cells counted as they come, range checked before the
/// layout) against calamine's own `worksheet_range`, the same cells. Best of 3.
fn sheet_read_against_calamine(xlsx: &Path) {
    use calamine::Reader;
    use salescope_core::internals::source;
    use salescope_core::{FileFormat, Limits};
    let limits = Limits::default();
    let best = |f: &mut dyn FnMut() -> calamine::Range<calamine::Data>| {
        let mut out = (f64::INFINITY, calamine::Range::default());
        for _ in 0..3 {
            let t = Instant::now();
            let r = f();
            out = (out.0.min(t.elapsed().as_secs_f64()), r);
        }
        out
    };
    let (ours, ours_range) = best(&mut || {
        let mut wb = source::open_workbook(xlsx, FileFormat::Xlsx, &limits).unwrap();
        source::read_sheet(&mut wb, xlsx, "Orders", &limits)
            .unwrap()
            .range
    });
    let (peer, peer_range) = best(&mut || {
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(xlsx).unwrap();
        wb.worksheet_range("Orders").unwrap()
    });
    assert!(
        ours_range == peer_range,
        "the limit-checked read gives calamine's cells"
    );
    println!(
        "xlsx sheet read with limits: {ours:.3} s; calamine worksheet_range (peer): {peer:.3} s; ratio {:.2}x",
        ours / peer
    );
}

fn which_sqlite3() -> Option<String> {
    Command::new("sqlite3")
        .arg("-version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| "sqlite3".to_string())
}
