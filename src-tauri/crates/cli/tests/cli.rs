//! The command line as a script or a user meets it: exit codes, one clear line
//! on failure, JSON that parses, the database chosen by --db or SALESCOPE_DB.

use std::path::Path;
use std::process::{Command, Output};

fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_salescope-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SALESCOPE_DB")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const DEALS: &str = "Deal ID,Created Date,Close Date,Stage,Amount,Rep\n\
D1,2024-01-05,2024-01-25,Closed Won,1000,Ann\n\
D2,2024-01-10,2024-02-09,Won,3000,Bob\n\
D3,2024-01-12,2024-02-01,Closed Lost,500,Ann\n\
D4,2024-02-03,,Parked,2000,Cy\n";

#[test]
fn import_list_and_remove() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let file = dir.path().join("deals.csv");
    std::fs::write(&file, DEALS).unwrap();

    let o = cli(&db, &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("  dataset 1: 4 rows of deals imported (header on row 1)\n"),
        "{out}"
    );
    assert!(
        out.contains("    stages counted as open: Parked\n"),
        "{out}"
    );
    assert!(
        out.contains("      E Amount                       integer → amount\n"),
        "{out}"
    );

    let o = cli(&db, &["datasets", "--json"]);
    assert!(o.status.success());
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["id"], 1);
    assert_eq!(list[0]["kind"], "deals");
    assert_eq!(list[0]["rows"], 4);
    assert_eq!(list[0]["name"], "deals.csv");

    // The same content again adds nothing.
    let o = cli(&db, &["import", "--json", file.to_str().unwrap()]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["reports"][0]["sheets"][0]["already_imported"], true);
    assert_eq!(r["errors"], serde_json::json!([]));

    let o = cli(&db, &["datasets", "remove", "1"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        "Removed dataset 1 (deals.csv: 4 rows of deals).\n"
    );
    let o = cli(&db, &["datasets"]);
    assert_eq!(
        stdout(&o),
        "No datasets yet. Import a file with `salescope-cli import FILE`.\n"
    );

    let o = cli(&db, &["datasets", "remove", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "salescope-cli: there is no dataset 1; `salescope-cli datasets` lists them\n"
    );
}

#[test]
fn failures_exit_non_zero_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let good = dir.path().join("deals.csv");
    std::fs::write(&good, DEALS).unwrap();

    // One bad file among good ones: the good one is imported, the exit code says failure.
    let o = cli(
        &db,
        &["import", empty.to_str().unwrap(), good.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "salescope-cli: empty.csv: the file is empty\n");
    assert!(stdout(&o).contains("4 rows of deals imported"));

    let o = cli(
        &db,
        &["import", "--kind", "invoices", good.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(
        "unknown kind \"invoices\"; expected one of deals, orders, leads, activities, subscriptions, spend, targets, lookup"
    ));

    let o = cli(
        &db,
        &[
            "import",
            "--kind",
            "orders",
            "--replace",
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("salescope-cli: deals.csv, row 1: an orders sheet needs a column for order date; none of the columns fits (A \"Deal ID\", B \"Created Date\""),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(!err.contains("panicked") && !err.contains("backtrace"));
}

#[test]
fn mapping_columns_by_hand_and_the_db_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.db");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, "When,Customer,Total\n2024-01-03,Acme,100\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_salescope-cli"))
        .args([
            "import",
            "--kind",
            "orders",
            "--map",
            "When=order_date",
            "--map",
            "Total=revenue",
            "--json",
        ])
        .arg(&file)
        .env("SALESCOPE_DB", &db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cols = &r["reports"][0]["sheets"][0]["columns"];
    assert_eq!(cols[0]["role"], "order_date");
    assert_eq!(cols[2]["role"], "revenue");
    assert!(db.is_file());
}

#[test]
fn the_sample_workbook_is_written_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample");
    let db = dir.path().join("s.db");
    let o = cli(&db, &["sample", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = out.join("salescope-sample.xlsx");
    assert_eq!(stdout(&o), format!("{}\n", path.display()));
    let o = cli(&db, &["import", "--json", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = r["reports"][0]["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["deals", "leads", "activities", "spend", "targets", "lookup"]
    );
}
