//! The benchmarks' big database: 1,000,000 deals (open ones with an expected
//! close date, a forecast category and a probability), 1,000,000 activities
//! and 300,000 leads (times `BENCH_SCALE`), generated once per scale into the
//! target folder and written straight into a Salescope database.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::params;
use salescope_core::internals::sample::Rng;
use salescope_core::Store;

/// `BENCH_SCALE` (default 1: a million deals).
pub fn scale() -> f64 {
    std::env::var("BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0)
}

/// The database at `scale`, generated on first use.
pub fn big_db(scale: f64) -> PathBuf {
    let db = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("kpi-bench-v2-{scale}.db"));
    if !db.exists() {
        let t = Instant::now();
        generate(&db, scale);
        println!(
            "generated {} in {:.1} s",
            db.display(),
            t.elapsed().as_secs_f64()
        );
    }
    db
}

pub const REGIONS: [&str; 8] = [
    "North", "South", "East", "West", "Central", "Nordics", "Benelux", "Iberia",
];
pub const SOURCES: [&str; 6] = [
    "Website", "Referral", "Event", "Outbound", "Partner", "Paid",
];

fn day(n: u64) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Days::new(n);
    d.format("%Y-%m-%d").to_string()
}

fn generate(path: &Path, scale: f64) {
    let _ = std::fs::remove_file(path);
    let store = Store::open(path).unwrap();
    let conn = store.conn();
    conn.execute_batch("BEGIN").unwrap();
    conn.execute(
        "INSERT INTO datasets (kind, source_file, file_name, sheet, sheet_key, content_hash, header_signature, rows, imported_at, report)
         VALUES ('deals', 'bench', 'bench', NULL, '', 'bench', '', 0, '2026-01-01T00:00:00Z', '{}')",
        [],
    )
    .unwrap();
    let mut rng = Rng(11);
    let n_deals = (1_000_000.0 * scale) as u64;
    let n_acts = (1_000_000.0 * scale) as u64;
    let n_leads = (300_000.0 * scale) as u64;
    {
        let mut st = conn
            .prepare("INSERT INTO deals (dataset_id, source_row, deal_id, created_date, close_date, stage, amount, rep, region, product, customer, lead_source, forecast_category, probability) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
            .unwrap();
        for i in 0..n_deals {
            let r = rng.next_u64();
            let created = r % 1080;
            let rep = (r >> 12) % 200;
            let s = (r >> 20) % 10;
            let (stage, close) = if s < 3 {
                ("won", Some(day(created + 5 + (r >> 24) % 120)))
            } else if s < 7 {
                ("lost", Some(day(created + 5 + (r >> 28) % 90)))
            } else {
                // An open deal's expected close date, as CRMs export it.
                ("open", Some(day(created + 20 + (r >> 24) % 150)))
            };
            let (category, probability) = match stage {
                "won" => ("closed", 1.0),
                "lost" => ("omitted", 0.0),
                _ => (
                    ["commit", "best_case", "pipeline", "pipeline", "omitted"]
                        [((r >> 50) % 5) as usize],
                    ((r >> 52) % 10) as f64 / 10.0,
                ),
            };
            st.execute(params![
                (i + 2) as i64,
                format!("D{i}"),
                day(created),
                close,
                stage,
                (500 + (r >> 33) % 50_000) as f64,
                format!("Rep {rep:03}"),
                REGIONS[(rep % 8) as usize],
                format!("Product {}", (r >> 40) % 20),
                format!("Customer {}", (r >> 45) % 50_000),
                SOURCES[((r >> 58) % 6) as usize],
                category,
                probability,
            ])
            .unwrap();
        }
        let mut st = conn
            .prepare("INSERT INTO activities (dataset_id, source_row, date, type, outcome, rep, region) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)")
            .unwrap();
        for i in 0..n_acts {
            let r = rng.next_u64();
            let rep = (r >> 12) % 200;
            let (t, o) = match (r >> 20) % 10 {
                0..=4 => ("call", "connected"),
                5..=7 => (
                    "email",
                    ["sent", "opened", "clicked", "bounced"][((r >> 24) % 4) as usize],
                ),
                _ => (
                    "meeting",
                    ["held", "no_show", "cancelled"][((r >> 24) % 3) as usize],
                ),
            };
            st.execute(params![
                (i + 2) as i64,
                day(r % 1080),
                t,
                o,
                format!("Rep {rep:03}"),
                REGIONS[(rep % 8) as usize]
            ])
            .unwrap();
        }
        let mut st = conn
            .prepare("INSERT INTO leads (dataset_id, source_row, lead_id, created_date, created_at, source, qualified, converted, first_response_at, rep, region) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
            .unwrap();
        for i in 0..n_leads {
            let r = rng.next_u64();
            let d = r % 1080;
            let rep = (r >> 12) % 200;
            let hour = 8 + (r >> 20) % 10;
            let response = ((r >> 24) % 10 < 9).then(|| {
                let minutes = 5 + (r >> 28) % 2000;
                let t = chrono::NaiveDate::from_ymd_opt(2023, 1, 1)
                    .unwrap()
                    .and_hms_opt(hour as u32, 0, 0)
                    .unwrap()
                    + chrono::Days::new(d)
                    + chrono::Duration::minutes(minutes as i64);
                t.format("%Y-%m-%d %H:%M:%S").to_string()
            });
            st.execute(params![
                (i + 2) as i64,
                format!("L{i}"),
                day(d),
                format!("{} {hour:02}:00:00", day(d)),
                SOURCES[((r >> 40) % 6) as usize],
                ((r >> 44) % 10 < 4) as i64,
                ((r >> 48) % 10 < 2) as i64,
                response,
                format!("Rep {rep:03}"),
                REGIONS[(rep % 8) as usize],
            ])
            .unwrap();
        }
    }
    conn.execute(
        "UPDATE datasets SET rows = ?1 WHERE id = 1",
        [(n_deals + n_acts + n_leads) as i64],
    )
    .unwrap();
    conn.execute_batch("COMMIT").unwrap();
}
