//! The database survives what users and machines do to it: an importer killed
//! at any moment (SIGKILL, a hundred times), and two programs on the same
//! database at once (one importing, others reading KPIs or importing too).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn cli_cmd(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_salescope-cli"));
    c.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SALESCOPE_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn cli(db: &Path, args: &[&str]) -> Output {
    cli_cmd(db, args).output().unwrap()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "salescope-cli failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `rows` deals in 2019, so they change no KPI of 2024.
fn big_deals_csv(path: &Path, rows: usize) {
    let mut s = String::with_capacity(rows * 64);
    s.push_str("Deal ID,Created Date,Close Date,Stage,Amount,Rep,Region\n");
    let stages = ["Closed Won", "Closed Lost", "Negotiation"];
    for i in 0..rows {
        s.push_str(&format!(
            "BIG-{i},2019-{:02}-{:02},2019-{:02}-{:02},{},{},Rep {},{}\n",
            1 + i % 6,
            1 + i % 28,
            7 + i % 6,
            1 + i % 28,
            stages[i % 3],
            100 + (i * 37) % 9000,
            i % 40,
            ["East", "West", "North"][i % 3]
        ));
    }
    std::fs::write(path, s).unwrap();
}

/// Every row of every table, in order: equal digests mean equal databases.
fn digest(db: &Path) -> u64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    tables.retain(|t| !t.starts_with("sqlite_"));
    let mut h = DefaultHasher::new();
    for t in tables {
        t.hash(&mut h);
        let mut st = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                format!("{:?}", row.get_ref(i).unwrap()).hash(&mut h);
            }
        }
    }
    h.finish()
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A database with the sample workbook imported (it has every record kind).
fn sample_db(dir: &Path) -> PathBuf {
    let db = dir.join("base.db");
    let out = ok(&cli(&db, &["sample", "--out", dir.to_str().unwrap()]));
    let file = out
        .lines()
        .find_map(|l| l.split_whitespace().find(|w| w.ends_with(".xlsx")))
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("no workbook named in: {out}"));
    ok(&cli(&db, &["import", file.to_str().unwrap()]));
    db
}

/// Copies a closed database (its WAL checkpointed into the main file).
fn copy_db(from: &Path, to: &Path) {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", to.display()));
    }
    let conn = rusqlite::Connection::open(from).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    std::fs::copy(from, to).unwrap();
}

/// A small deterministic generator, seeded from the clock and printed, so a
/// failing round can be run again.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn an_import_killed_at_any_moment_leaves_the_database_as_before_or_after() {
    let dir = tempfile::tempdir().unwrap();
    let base = sample_db(dir.path());
    let big = dir.path().join("big.csv");
    big_deals_csv(&big, 60_000);
    let before = digest(&base);
    let deals_before = count(&base, "SELECT count(*) FROM deals");
    let datasets_before = count(&base, "SELECT count(*) FROM datasets");

    // One full import: its duration spreads the kills over the whole import,
    // commit included.
    let db = dir.path().join("round.db");
    copy_db(&base, &db);
    let started = Instant::now();
    ok(&cli(&db, &["import", big.to_str().unwrap()]));
    let full = started.elapsed();
    assert_eq!(
        count(&db, "SELECT count(*) FROM deals"),
        deals_before + 60_000
    );

    let seed = std::env::var("SALESCOPE_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("kill test: seed {seed} (SALESCOPE_KILL_SEED), full import {full:?}");
    let mut rng = Lcg(seed);
    let (mut as_before, mut as_after) = (0, 0);
    for round in 0..100 {
        copy_db(&base, &db);
        // Up to 10% past the full import's time, so some kills land after the commit.
        let at = Duration::from_micros(rng.next() % (full.as_micros() as u64 * 11 / 10).max(1));
        let mut child: Child = cli_cmd(&db, &["import", big.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let check = integrity(&db);
        assert_eq!(check, "ok", "round {round} (killed at {at:?}): {check}");
        let d = digest(&db);
        if d == before {
            as_before += 1;
        } else {
            // Committed: exactly one more dataset, with all of its rows.
            assert_eq!(
                (
                    count(&db, "SELECT count(*) FROM datasets"),
                    count(&db, "SELECT count(*) FROM deals")
                ),
                (datasets_before + 1, deals_before + 60_000),
                "round {round} (killed at {at:?}) left a database neither as before nor as after"
            );
            as_after += 1;
        }
    }
    eprintln!("kill test: 100 rounds, {as_before} as before, {as_after} as after, 0 otherwise");
    assert!(
        as_before > 50,
        "most kills land during the import ({as_before} did)"
    );
}

#[test]
fn kpis_read_while_another_program_imports_and_a_second_import_waits_its_turn() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let big = dir.path().join("big.csv");
    big_deals_csv(&big, 100_000);
    let small = dir.path().join("small.csv");
    big_deals_csv(&small, 10);
    let args = ["kpis", "--period", "2024-Q1", "--json"];
    // What a reader may see: the database before, after either import, after both.
    let probe = dir.path().join("probe.db");
    let state_after = |files: &[&Path]| {
        copy_db(&db, &probe);
        for f in files {
            ok(&cli(&probe, &["import", f.to_str().unwrap()]));
        }
        ok(&cli(&probe, &args))
    };
    let states = [
        ok(&cli(&db, &args)),
        state_after(&[&big]),
        state_after(&[&small]),
        state_after(&[&big, &small]),
    ];

    let mut import = cli_cmd(&db, &["import", big.to_str().unwrap()])
        .spawn()
        .unwrap();
    // The importer holds the write lock from its start to its commit: the
    // second import waits for it (up to the busy timeout), it does not fail.
    std::thread::sleep(Duration::from_millis(300));
    let second = cli_cmd(&db, &["import", small.to_str().unwrap()])
        .spawn()
        .unwrap();
    let mut reads_during_import = 0;
    loop {
        let out = ok(&cli(&db, &args));
        let running = import.try_wait().unwrap().is_none();
        assert!(
            states.contains(&out),
            "a read during the imports saw a state that is neither before nor after one"
        );
        if !running {
            break;
        }
        reads_during_import += 1;
    }
    assert!(import.wait().unwrap().success());
    let out = ok(&second.wait_with_output().unwrap());
    assert!(out.contains("10 rows of deals imported"), "{out}");
    assert!(
        reads_during_import >= 2,
        "the reads overlapped the import ({reads_during_import} did)"
    );
    assert_eq!(ok(&cli(&db, &args)), states[3]);
    assert_eq!(
        count(&db, "SELECT count(*) FROM deals WHERE deal_id LIKE 'BIG-%'"),
        100_000 + 10
    );
    assert_eq!(integrity(&db), "ok");
}
