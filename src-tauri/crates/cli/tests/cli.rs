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
        "unknown kind \"invoices\"; expected one of deals, orders, leads, activities, subscriptions, spend, targets, events, lookup"
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
fn an_undecided_file_gets_the_closest_kind_and_a_command_to_paste() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let file = dir.path().join("odd.csv");
    std::fs::write(
        &file,
        "Opened,Phase,Worth,Owner\n2024-01-05,Alpha,100,Ann\n2024-01-06,Beta,200,Bob\n",
    )
    .unwrap();
    let line = "salescope-cli: odd.csv: no record kind recognised from the header on row 1 (\"Opened\", \"Phase\", \"Worth\", \"Owner\"); closest: deals (found stage ← \"Phase\", rep ← \"Owner\"). To import it as deals: --kind deals --map \"Opened=created_date\" --map \"Worth=amount\"\n";
    let o = cli(&db, &["import", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert_eq!(stderr(&o), line);
    // Under --json: an "errors" entry, and the same one line on stderr.
    let o = cli(&db, &["import", "--json", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert_eq!(stderr(&o), line);
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(out["errors"][0]["code"], "no_table");
    // The line pasted in: it imports.
    let o = cli(
        &db,
        &[
            "import",
            file.to_str().unwrap(),
            "--kind",
            "deals",
            "--map",
            "Opened=created_date",
            "--map",
            "Worth=amount",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 rows of deals imported"),
        "{}",
        stdout(&o)
    );
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

    // The targets sheet set the sample's goals: 116 for the company and its
    // teams, and one per rep and quarter from 2024-Q1 to 2026-Q2.
    let goals = cli(&db, &["goals", "list", "--json"]);
    let goals: serde_json::Value = serde_json::from_slice(&goals.stdout).unwrap();
    assert_eq!(goals.as_array().unwrap().len(), 116 + 12 * 10);

    // A reader that stops early (`| head`): no panic, a quiet success. The
    // breakdown by customer is far more than a pipe holds.
    let mut child = Command::new(env!("CARGO_BIN_EXE_salescope-cli"))
        .arg("--db")
        .arg(&db)
        .args(["kpis", "--by", "customer"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    assert_eq!(&first, b"Scorecard 2025-Q");
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(stderr(&o), "");
    assert_eq!(o.status.code(), Some(0));
}

/// The catalog's worked example (section 6) with a customer and a rep per deal.
const EXAMPLE: &str = "Deal,Created Date,Close Date,Stage,Amount,Rep\n\
A,2024-01-05,2024-01-25,Closed Won,1000,Ann\n\
B,2024-01-10,2024-02-09,Won,3000,Bob\n\
C,2024-01-12,2024-02-01,Closed Lost,500,Ann\n\
D,2024-02-03,,Negotiation,2000,Cy\n";

/// A database holding the worked example (kept while the folder lives).
fn example_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let file = dir.path().join("example.csv");
    std::fs::write(&file, EXAMPLE).unwrap();
    assert!(cli(&db, &["import", file.to_str().unwrap()])
        .status
        .success());
    (dir, db)
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn kpi<'a>(card: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    card["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap()
}

#[test]
fn kpis_goals_and_statuses_end_to_end() {
    let (_dir, db) = example_db();

    let card = json(&cli(&db, &["kpis", "--period", "2024-Q1", "--json"]));
    assert_eq!(card["period"]["label"], "2024-Q1");
    assert_eq!(card["period"]["start"], "2024-01-01");
    assert_eq!(card["period"]["end"], "2024-03-31");
    let rev = kpi(&card, "total_revenue");
    assert_eq!(rev["value"], 4000.0);
    assert_eq!(rev["name"], "Total sales revenue");
    assert_eq!(rev["perspective"], "revenue");
    assert_eq!(rev["unit"], "currency");
    assert_eq!(rev["goal"], serde_json::Value::Null);
    assert_eq!(rev["status"], "none");
    assert_eq!(
        rev["definition"],
        "total_revenue = order revenue by order date, or won deal amount by close date; revenue from won deals"
    );
    assert_eq!(kpi(&card, "win_rate")["value"], 2.0 / 3.0);
    assert_eq!(
        kpi(&card, "new_leads")["reason"],
        "needs a leads sheet with a created date"
    );
    assert_eq!(card["kpis"].as_array().unwrap().len(), 29);
    assert_eq!(card["score"], serde_json::Value::Null);

    // A goal set from the command line turns the status red (80%).
    let o = cli(
        &db,
        &[
            "goals",
            "set",
            "total_revenue",
            "5,000",
            "--period",
            "2024-q1",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "Goal 1 set: total_revenue 2024-Q1 = 5,000 (whole company)\n"
    );
    let o = cli(
        &db,
        &[
            "goals", "set", "win_rate", "60%", "--period", "2024", "--filter", "rep=Ann",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let card = json(&cli(&db, &["kpis", "--period", "2024-Q1", "--json"]));
    let rev = kpi(&card, "total_revenue");
    assert_eq!(
        (rev["goal"].as_f64(), rev["attainment"].as_f64()),
        (Some(5000.0), Some(0.8))
    );
    assert_eq!(rev["status"], "red");
    let revenue = card["perspectives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "revenue")
        .unwrap();
    assert_eq!(
        (revenue["score"].as_f64(), &revenue["status"]),
        (Some(0.8), &serde_json::json!("red"))
    );
    assert_eq!(card["score"].as_f64(), Some(0.8));

    // The rep goal applies to Ann's view only (won 1 of 2: 50% against 60%).
    let ann = json(&cli(
        &db,
        &[
            "kpis", "--period", "2024-Q1", "--filter", "rep=Ann", "--json",
        ],
    ));
    let wr = kpi(&ann, "win_rate");
    assert_eq!(
        (wr["value"].as_f64(), wr["goal"].as_f64()),
        (Some(0.5), Some(0.6))
    );
    assert_eq!(wr["status"], "red");
    assert_eq!(
        ann["filter"],
        serde_json::json!([{"dimension": "rep", "value": "Ann"}])
    );

    // A breakdown by rep.
    let by = json(&cli(
        &db,
        &["kpis", "--period", "2024-Q1", "--by", "rep", "--json"],
    ));
    let segs: Vec<(String, f64)> = by["breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(s["dimension"], "rep");
            (
                s["value"].as_str().unwrap().to_string(),
                kpi(s, "open_pipeline_value")["value"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        segs,
        [
            ("Ann".to_string(), 0.0),
            ("Bob".into(), 0.0),
            ("Cy".into(), 2000.0)
        ]
    );

    let goals = json(&cli(&db, &["goals", "list", "--json"]));
    assert_eq!(goals.as_array().unwrap().len(), 2);
    assert_eq!(goals[0]["kpi"], "win_rate");
    assert_eq!(goals[0]["source"], serde_json::Value::Null);
    let o = cli(
        &db,
        &["goals", "remove", "total_revenue", "--period", "2024-Q1"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let card = json(&cli(&db, &["kpis", "--period", "2024-Q1", "--json"]));
    assert_eq!(kpi(&card, "total_revenue")["status"], "none");

    // The readable table names the period and shows the values in their units.
    let o = cli(&db, &["kpis", "--period", "2024-02"]);
    let out = stdout(&o);
    assert!(
        out.starts_with("Scorecard 2024-02 (2024-02-01 to 2024-02-29)\n"),
        "{out}"
    );
    let row = |name: &str, value: &str| format!("\n  {name:<28} {value:>14} ");
    assert!(out.contains(&row("Total sales revenue", "3,000")), "{out}");
    assert!(out.contains(&row("Opportunity win rate", "50.0%")), "{out}");
    assert!(out.contains(&row("Sales cycle length", "30.0 d")), "{out}");

    // Without --period: the latest complete quarter (the data ends on 2024-02-09).
    let card = json(&cli(&db, &["kpis", "--json"]));
    assert_eq!(card["period"]["label"], "2023-Q4");
}

#[test]
fn kpi_commands_refuse_bad_arguments_with_one_line() {
    let (_dir, db) = example_db();
    let cases: [(&[&str], &str); 6] = [
        (&["kpis", "--period", "Q1"], "salescope-cli: \"Q1\" is not a period; write a month (2024-03), a quarter (2024-Q1), a year (2024), an ISO week (2024-W09) or a range (2024-01-15..2024-02-29)\n"),
        (&["kpis", "--filter", "region"], "salescope-cli: a filter is DIMENSION=VALUE (region=West), not \"region\"\n"),
        (&["goals", "set", "win_rate", "30", "--period", "2024"], "salescope-cli: win_rate is a ratio: write its goal as a fraction (0.25) or a percent (25%), not 30\n"),
        (&["goals", "remove", "7"], "salescope-cli: there is no goal 7; `salescope-cli goals list` shows them\n"),
        (&["settings", "set", "fiscal_start_month", "13"], "salescope-cli: fiscal_start_month is a month number from 1 to 12, not \"13\"\n"),
        (&["forecast", "total_revenue", "--periods", "0"], "salescope-cli: --periods is 1 to 36 months, not 0\n"),
    ];
    for (args, want) in cases {
        let o = cli(&db, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&o), want, "{args:?}");
    }
    // A forecast the data cannot give says why, and is not an error.
    let fc = json(&cli(&db, &["forecast", "total_revenue", "--json"]));
    assert_eq!(fc["method"], serde_json::Value::Null);
    assert_eq!(
        fc["reason"],
        "a forecast needs at least 6 complete months of total sales revenue; the data has 1"
    );
    // Settings round-trip.
    let s = json(&cli(
        &db,
        &[
            "settings",
            "set",
            "variant.win_rate",
            "all_opportunities",
            "--json",
        ],
    ));
    assert_eq!(s["variants"]["win_rate"], "all_opportunities");
    let card = json(&cli(&db, &["kpis", "--period", "2024-Q1", "--json"]));
    assert_eq!(kpi(&card, "win_rate")["value"], 0.5);
    assert_eq!(kpi(&card, "win_rate")["variant"], "all_opportunities");
    // A limit is a setting too.
    let s = json(&cli(
        &db,
        &["settings", "set", "limit.cells", "30000000", "--json"],
    ));
    assert_eq!(s["limits"]["cells"], 30_000_000);
    assert_eq!(s["limits"]["workbook_mb"], 1024);
}

/// Width and height from a PNG's header.
fn png_size(path: &Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(
        &b[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is not a PNG",
        path.display()
    );
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

#[test]
fn export_writes_charts_as_png_and_svg_and_a_folder_for_the_meeting() {
    let (dir, db) = example_db();
    let p = |name: &str| dir.path().join(name);
    let s = |name: &str| p(name).to_str().unwrap().to_string();

    let g = s("gauge.png");
    let o = cli(
        &db,
        &[
            "export",
            "gauge:total_revenue",
            "--out",
            &g,
            "--period",
            "2024-Q1",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("{g}\n"));
    assert_eq!(png_size(&p("gauge.png")), (1920, 1080));

    let o = cli(
        &db,
        &[
            "export",
            "scorecard",
            "--out",
            &s("sq.png"),
            "--preset",
            "square",
            "--scale",
            "2",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(png_size(&p("sq.png")), (2160, 2160));
    let o = cli(
        &db,
        &[
            "export",
            "funnel",
            "--out",
            &s("f.png"),
            "--width",
            "1600",
            "--height",
            "1200",
            "--scale",
            "3",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(png_size(&p("f.png")), (4800, 3600));

    let o = cli(
        &db,
        &[
            "export",
            "trend:win_rate",
            "--out",
            &s("t.svg"),
            "--filter",
            "rep=Ann",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(p("t.svg")).unwrap();
    assert!(
        svg.starts_with("<svg width=\"1920\" height=\"1080\" viewBox=\"0 0 1920 1080\""),
        "{}",
        &svg[..100]
    );
    assert!(
        !svg.contains("<text"),
        "an exported SVG carries its text as outlines"
    );

    let o = cli(
        &db,
        &[
            "export",
            "all",
            "--out-dir",
            &s("meeting"),
            "--period",
            "2024-Q1",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut files: Vec<String> = std::fs::read_dir(p("meeting"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        stdout(&o),
        format!("{} charts written to {}\n", files.len(), s("meeting"))
    );
    for f in [
        "scorecard.png",
        "funnel.png",
        "gauge-win_rate.png",
        "tile-total_revenue.png",
        "trend-deals_won.png",
        "bullet-sales_cycle_days.png",
        "breakdown-total_revenue-rep.png",
    ] {
        assert!(files.contains(&f.to_string()), "{f} missing from {files:?}");
    }
    assert!(files.iter().all(|f| f.ends_with(".png")), "{files:?}");
    // No KPI without a value gets a picture of a dash: the example has no leads.
    assert!(!files.iter().any(|f| f.contains("new_leads")), "{files:?}");
}

#[test]
fn export_refuses_bad_requests_with_one_line_and_writes_nothing() {
    let (dir, db) = example_db();
    let out = dir.path().join("x.png");
    let o_ = out.to_str().unwrap();
    for (args, want) in [
        (
            vec!["export", "pie", "--out", o_],
            "\"pie\" is not a chart; write scorecard, funnel, outlook, gauge:KPI",
        ),
        (vec!["export", "gauge:win_ratio", "--out", o_], "win_ratio"),
        (
            vec!["export", "scorecard"],
            "give the file to write with --out FILE.png (or .svg)",
        ),
        (
            vec!["export", "all"],
            "export all writes a folder of charts: give --out-dir DIR",
        ),
        (
            vec!["export", "scorecard", "--out", o_, "--scale", "9"],
            "the scale is 0.5 to 4",
        ),
        (
            vec!["export", "scorecard", "--out", o_, "--width", "100"],
            "200 to 4096 pixels",
        ),
        (
            vec!["export", "scorecard", "--out", o_, "--preset", "huge"],
            "the presets are slide, 4:3, square",
        ),
        (
            vec!["export", "scorecard", "--out", o_, "--period", "2024-Q5"],
            "2024-Q5",
        ),
        (
            vec!["export", "breakdown:win_rate:planet", "--out", o_],
            "no record carries the dimension \"planet\"",
        ),
    ] {
        let o = cli(&db, &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.starts_with("salescope-cli: ") && err.contains(want),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!out.exists(), "{args:?} left a file");
    }
    let jpg = dir.path().join("x.jpg");
    let o = cli(
        &db,
        &["export", "scorecard", "--out", jpg.to_str().unwrap()],
    );
    assert!(
        stderr(&o).contains("x.jpg must end in .png or .svg"),
        "{}",
        stderr(&o)
    );
    assert!(!jpg.exists());
    // A folder that cannot be written is named.
    let o = cli(&db, &["export", "scorecard", "--out", "/proc/x.png"]);
    assert!(
        stderr(&o).contains("cannot write /proc/x.png: "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_file_that_breaks_the_workbook_reader_gets_one_clear_line_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fuzz_regressions/xlsb-shared-string-out-of-range.xlsb");
    let o = cli(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "salescope-cli: xlsb-shared-string-out-of-range.xlsb, sheet \"Deals\": the workbook reader stopped at a malformed part (index out of bounds: the len is 0 but the index is 5); the file is damaged or was not written by a spreadsheet program\n"
    );
}

/// The catalog's section 7 worked example, as the command line gives it.
#[test]
fn outlook_and_leaderboard_as_json_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let mut deals = String::from(
        "Opportunity Name,Opportunity Owner,Created Date,Close Date,Stage,Amount,Forecast Category\n\
         Won A,Ann,2024-03-01,2024-04-10,Closed Won,200000,Closed\n\
         Won B,Bob,2024-03-05,2024-05-02,Closed Won,200000,Closed\n\
         Commit C,Ann,2024-02-01,2024-06-20,Negotiation,300000,Commit\n\
         Best D,Bob,2024-02-02,2024-06-25,Proposal,200000,Best Case\n\
         Pipe E,Ann,2024-02-03,2024-06-28,Qualification,650000,Pipeline\n\
         Late F,Bob,2024-01-10,2024-05-01,Negotiation,50000,Pipeline\n\
         Omit G,Ann,2024-02-04,2024-06-30,Qualification,100000,Omitted\n",
    );
    for i in 0..3 {
        deals += &format!("Old win {i},Ann,2023-05-01,2023-06-1{i},Closed Won,30000,Closed\n");
    }
    for i in 0..9 {
        deals += &format!("Old loss {i},Bob,2023-05-01,2023-07-1{i},Closed Lost,10000,Omitted\n");
    }
    let mut leads = String::from("Lead ID,Created Date,Converted\n");
    for i in 0..10 {
        leads += &format!(
            "L{i},2023-08-{:02},{}\n",
            i + 1,
            if i < 2 { "yes" } else { "no" }
        );
    }
    let targets = "KPI,Period,Rep,Target\n\
                   total_revenue,2024-Q2,,1000000\n\
                   total_revenue,2024-Q2,Ann,250000\n\
                   total_revenue,2024-Q2,Bob,100000\n";
    for (name, text) in [
        ("deals.csv", deals.as_str()),
        ("leads.csv", &leads),
        ("targets.csv", targets),
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, text).unwrap();
        let o = cli(&db, &["import", f.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let args = [
        "outlook",
        "--period",
        "2024-Q2",
        "--as-of",
        "2024-05-15",
        "--json",
    ];
    let o = cli(&db, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let j = json(&o);
    assert_eq!(j["goal"], 1_000_000.0);
    assert_eq!(j["goal_source"], "set");
    assert_eq!(j["closed"], 400_000.0);
    assert_eq!(j["commit"], 700_000.0);
    assert_eq!(j["best_case"], 900_000.0);
    assert_eq!(j["pipeline"], 1_200_000.0);
    assert_eq!(j["weighted"], 700_000.0);
    assert_eq!(j["weighted_pipeline"], 300_000.0);
    assert_eq!(j["gap_to_goal"], 600_000.0);
    assert_eq!(j["pipeline_coverage"], 2.0);
    assert_eq!(j["overdue"]["count"], 1);
    assert_eq!(j["overdue"]["amount"], 50_000.0);
    assert_eq!(j["plan"]["deals_needed"], 20);
    assert_eq!(j["plan"]["opportunities_needed"], 80);
    assert_eq!(j["plan"]["leads_needed"], 400);
    assert_eq!(j["plan"]["rates"]["win_rate"], 0.25);
    assert_eq!(j["plan"]["rates"]["average_deal_size"], 30_000.0);
    assert_eq!(j["plan"]["rates"]["lead_conversion_rate"], 0.2);

    // A what-if rate is echoed and moves the figures after it.
    let mut with = args.to_vec();
    with.extend(["--set", "win_rate=40%"]);
    let j = json(&cli(&db, &with));
    assert_eq!(j["plan"]["opportunities_needed"], 50);
    assert_eq!(j["plan"]["leads_needed"], 250);
    assert_eq!(j["plan"]["what_if"], serde_json::json!(["win_rate"]));

    // The text form names the figures and the plan's rates.
    let o = cli(&db, &args[..5]);
    let text = stdout(&o);
    assert!(
        text.contains("Pipeline coverage             2.0×"),
        "{text}"
    );
    assert!(
        text.contains("Opportunities needed       80  at a win rate of 25.0%"),
        "{text}"
    );
    assert!(text.contains("Late F"), "{text}");

    // The leaderboard by rep: Ann 200,000 of 250,000 (80%), Bob 200,000 of 100,000 (200%).
    let o = cli(
        &db,
        &[
            "leaderboard",
            "total_revenue",
            "--period",
            "2024-Q2",
            "--as-of",
            "2024-07-01",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let j = json(&o);
    let rows: Vec<(String, f64, i64)> = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["segment"].as_str().unwrap().to_string(),
                r["attainment"].as_f64().unwrap(),
                r["rank"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [("Bob".to_string(), 2.0, 1), ("Ann".to_string(), 0.8, 2)]
    );
    assert_eq!(j["at_goal_share"], 0.5);
    assert_eq!(j["median_attainment"], 1.4);

    // A bad what-if is one clear line.
    let o = cli(&db, &["outlook", "--set", "close_rate=3"]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim(),
        "salescope-cli: \"close_rate\" is not a rate of the plan (win_rate, average_deal_size, lead_conversion_rate)"
    );
}

/// The catalog's section 8 worked example through the command line.
#[test]
fn explain_splits_the_change_by_segment_as_json_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    let f = dir.path().join("deals.csv");
    std::fs::write(
        &f,
        "Deal,Region,Created,Close Date,Stage,Amount\n\
         A,West,2024-01-01,2024-02-10,Won,500\n\
         B,East,2024-01-01,2024-02-11,Won,300\n\
         C,West,2024-04-01,2024-05-10,Won,450\n\
         D,East,2024-04-01,2024-05-11,Won,500\n",
    )
    .unwrap();
    assert!(cli(&db, &["import", f.to_str().unwrap()]).status.success());
    let o = cli(
        &db,
        &[
            "explain",
            "total_revenue",
            "--period",
            "2024-Q2",
            "--by",
            "region",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let j = json(&o);
    assert_eq!(j["kpi"], "total_revenue");
    assert_eq!(
        (
            j["value"].as_f64(),
            j["base"].as_f64(),
            j["change"].as_f64()
        ),
        (Some(950.0), Some(800.0), Some(150.0))
    );
    assert_eq!(j["dimension"], "region");
    assert_eq!(
        j["contributions"],
        serde_json::json!([{"segment": "East", "delta": 200.0}, {"segment": "West", "delta": -50.0}])
    );
    assert_eq!(
        j["text"],
        "Total sales revenue rose 150 (+18.8%) vs 2024-Q1: East +200, West −50."
    );
    let o = cli(&db, &["explain", "total_revenue", "--period", "2024-Q2"]);
    assert!(stdout(&o)
        .starts_with("Total sales revenue rose 150 (+18.8%) vs 2024-Q1: East +200, West −50.\n"));
    let o = cli(&db, &["explain", "total_revenue", "--vs", "last_year"]);
    assert_eq!(
        stderr(&o).trim(),
        "salescope-cli: --vs is previous, previous_to_date, year_ago or goal, not \"last_year\""
    );
}

#[test]
fn the_focus_setting_decides_the_deck_and_export_all() {
    let (dir, db) = example_db();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let o = cli(
        &db,
        &["settings", "set", "focus", "win_rate, total_revenue"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let card = json(&cli(&db, &["kpis", "--period", "2024-Q1", "--json"]));
    assert_eq!(
        card["focus"],
        serde_json::json!(["win_rate", "total_revenue"])
    );
    assert_eq!(card["focus_set"], true);

    // The deck: cover, summary, the two focus KPIs, the funnel, the revenue
    // leaderboard by rep and the outlook (the data has deals).
    for file in ["deck.pptx", "deck.pdf"] {
        let o = cli(
            &db,
            &["export", "deck", "--out", &p(file), "--period", "2024-Q1"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), format!("{}\n", p(file)));
    }
    let pptx = std::fs::read(p("deck.pptx")).unwrap();
    let z = zip::ZipArchive::new(std::io::Cursor::new(pptx)).unwrap();
    let slides = z
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml"))
        .count();
    let pdf = std::fs::read(p("deck.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let pages = pdf.windows(12).filter(|w| w == b"/Type/Page>>").count();
    assert_eq!((slides, pages), (2 + 2 + 3, 7));

    // export all draws only the focus KPIs' gauges.
    let o = cli(
        &db,
        &[
            "export",
            "all",
            "--out-dir",
            &p("meeting"),
            "--period",
            "2024-Q1",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut gauges: Vec<String> = std::fs::read_dir(p("meeting"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.starts_with("gauge-"))
        .collect();
    gauges.sort();
    assert_eq!(gauges, ["gauge-total_revenue.png", "gauge-win_rate.png"]);

    // Refusals: one line, nothing written.
    for (args, says) in [
        (
            vec!["settings", "set", "focus", "win_rate,profit"],
            "\"profit\" is not a KPI id",
        ),
        (
            vec!["settings", "set", "focus", "win_rate,win_rate"],
            "focus names win_rate twice",
        ),
        (
            vec!["export", "deck", "--out", "deck.key"],
            "deck.key must end in .pptx (PowerPoint) or .pdf",
        ),
        (
            vec!["export", "deck", "--out", "d.pdf", "--scale", "2"],
            "--scale is for charts; a deck's slides are 16:9",
        ),
        (
            vec!["export", "deck"],
            "give the file to write with --out FILE.pptx (or .pdf)",
        ),
    ] {
        let o = cli(&db, &args);
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    }
    assert!(!dir.path().join("d.pdf").exists());
}
