//! KPI benchmark: 1,000,000 deals, 1,000,000 activities and 300,000 leads
//! (generated, written straight into a Salescope database), then the whole
//! scorecard (every KPI with previous and year ago) for one quarter:
//! unfiltered, with one filter, and broken down by rep. In the same run the
//! same numbers are computed with the plain SQL a first version would write (a
//! query per KPI and period), checked equal, and the ratio printed.
//!
//! `cargo bench -p salescope-core --bench kpi` (`BENCH_SCALE=0.1` for a tenth).

use std::collections::BTreeMap;
#[path = "common/big_db.rs"]
mod big_db;
mod common;

use std::time::{Duration, Instant};

use common::median_time;

use rusqlite::Connection;
use salescope_core::{Query, Scorecard, Store, Workspace};

/// KPI id -> value, for one group of one period.
type Values = BTreeMap<&'static str, f64>;

/// The plain SQL a first version would write: one query per KPI and period,
/// the filter as a WHERE clause, a breakdown as GROUP BY.
fn plain_sql(
    conn: &Connection,
    spans: &[(String, String); 3],
    filter: Option<(&str, &str)>,
    by: Option<&str>,
) -> Vec<BTreeMap<String, Values>> {
    let mut out = Vec::new();
    let cond = match filter {
        Some((col, _)) => format!(" AND \"{col}\" = :f"),
        None => String::new(),
    };
    let group = by
        .map(|c| format!("\"{c}\""))
        .unwrap_or_else(|| "''".to_string());
    let group_by = by.map(|c| format!(" GROUP BY \"{c}\"")).unwrap_or_default();
    for (s, e) in spans {
        let mut per: BTreeMap<String, Values> = BTreeMap::new();
        let mut run = |kpi: &'static str, sql: String| {
            let mut st = conn.prepare_cached(&sql).unwrap();
            let mut named: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":s", s), (":e", e)];
            if let Some((_, v)) = &filter {
                named.push((":f", v));
            }
            let named: Vec<(&str, &dyn rusqlite::ToSql)> =
                named.into_iter().filter(|(n, _)| sql.contains(n)).collect();
            let mut rows = st.query(named.as_slice()).unwrap();
            while let Some(r) = rows.next().unwrap() {
                let g: String = r.get::<_, Option<String>>(0).unwrap().unwrap_or_default();
                if let Some(v) = r.get::<_, Option<f64>>(1).unwrap() {
                    per.entry(g).or_default().insert(kpi, v);
                }
            }
        };
        let leads = format!("FROM leads WHERE created_date BETWEEN :s AND :e{cond}");
        run(
            "new_leads",
            format!("SELECT {group}, count(*) {leads}{group_by}"),
        );
        run(
            "qualified_leads",
            format!("SELECT {group}, sum(qualified = 1) {leads}{group_by}"),
        );
        run("lead_conversion_rate", format!("SELECT {group}, avg(converted = 1 OR converted_date IS NOT NULL) {leads}{group_by}"));
        let acts = format!("FROM activities WHERE date BETWEEN :s AND :e{cond}");
        run(
            "calls_made",
            format!("SELECT {group}, sum(type = 'call') {acts}{group_by}"),
        );
        run(
            "emails_sent",
            format!("SELECT {group}, sum(type = 'email') {acts}{group_by}"),
        );
        run(
            "meetings_scheduled",
            format!("SELECT {group}, sum(type = 'meeting') {acts}{group_by}"),
        );
        run(
            "activities_per_rep",
            format!("SELECT {group}, count(*) * 1.0 / count(DISTINCT rep) {acts}{group_by}"),
        );
        run("email_open_rate", format!("SELECT {group}, avg(outcome IN ('opened', 'clicked')) {acts} AND type = 'email'{group_by}"));
        run(
            "email_click_rate",
            format!("SELECT {group}, avg(outcome = 'clicked') {acts} AND type = 'email'{group_by}"),
        );
        run("meeting_attendance_rate", format!("SELECT {group}, sum(outcome = 'held') * 1.0 / sum(outcome IN ('held', 'no_show')) {acts} AND type = 'meeting'{group_by}"));
        let closed = format!("FROM deals WHERE close_date BETWEEN :s AND :e{cond}");
        run("win_rate", format!("SELECT {group}, sum(stage = 'won') * 1.0 / count(*) {closed} AND stage IN ('won', 'lost'){group_by}"));
        run("sales_cycle_days", format!("SELECT {group}, avg(julianday(close_date) - julianday(created_date)) {closed} AND stage = 'won'{group_by}"));
        run(
            "total_revenue",
            format!("SELECT {group}, sum(amount) {closed} AND stage = 'won'{group_by}"),
        );
        run(
            "deals_won",
            format!("SELECT {group}, count(*) {closed} AND stage = 'won'{group_by}"),
        );
        run(
            "average_deal_size",
            format!("SELECT {group}, avg(amount) {closed} AND stage = 'won'{group_by}"),
        );
        let open = format!("FROM deals WHERE created_date <= :e AND NOT (stage IN ('won', 'lost') AND (close_date IS NULL OR close_date <= :e)){cond}");
        run(
            "open_pipeline_value",
            format!("SELECT {group}, sum(amount) {open}{group_by}"),
        );
        run(
            "open_deals",
            format!("SELECT {group}, count(*) {open}{group_by}"),
        );
        run("new_customers", format!(
            "SELECT {group}, count(*) FROM (SELECT *, row_number() OVER (PARTITION BY customer ORDER BY close_date, rowid) AS n
             FROM deals WHERE stage = 'won' AND close_date IS NOT NULL AND customer IS NOT NULL)
             WHERE n = 1 AND close_date BETWEEN :s AND :e{cond}{group_by}"
        ));
        run("customer_lifetime_value", format!("SELECT {group}, sum(amount) / count(DISTINCT customer) FROM deals WHERE stage = 'won' AND close_date <= :e{cond}{group_by}"));
        // The median response time: the hours fetched, the median taken here.
        let mut hours: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let sql = format!("SELECT {group}, (julianday(first_response_at) - julianday(coalesce(created_at, created_date))) * 24 {leads} AND first_response_at IS NOT NULL");
        let mut st = conn.prepare_cached(&sql).unwrap();
        let mut named: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":s", s), (":e", e)];
        if let Some((_, v)) = &filter {
            named.push((":f", v));
        }
        let mut rows = st.query(named.as_slice()).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let g: String = r.get::<_, Option<String>>(0).unwrap().unwrap_or_default();
            hours.entry(g).or_default().push(r.get(1).unwrap());
        }
        for (g, h) in hours {
            per.entry(g).or_default().insert(
                "lead_response_time_hours",
                salescope_core::internals::formulas::median(&h),
            );
        }
        for v in per.values_mut() {
            if let (Some(n), Some(w), Some(a), Some(c)) = (
                v.get("open_deals"),
                v.get("win_rate"),
                v.get("average_deal_size"),
                v.get("sales_cycle_days"),
            ) {
                let velocity = n * w * a / c;
                v.insert("pipeline_velocity", velocity);
            }
            v.remove("open_deals");
        }
        out.push(per);
    }
    out
}

/// The engine's numbers in the same shape as the plain SQL's.
fn engine_values(c: &Scorecard) -> Vec<BTreeMap<String, Values>> {
    let mut out = vec![BTreeMap::new(), BTreeMap::new(), BTreeMap::new()];
    let mut add = |group: &str, kpis: &[salescope_core::KpiResult]| {
        for k in kpis {
            let id = salescope_core::find_kpi(&k.id).unwrap().id;
            for (i, v) in [k.value, k.previous, k.year_ago].into_iter().enumerate() {
                if let Some(v) = v {
                    out[i]
                        .entry(group.to_string())
                        .or_insert_with(Values::new)
                        .insert(id, v);
                }
            }
        }
    };
    match &c.breakdown {
        Some(segs) => segs.iter().for_each(|s| add(&s.value, &s.kpis)),
        None => add("", &c.kpis),
    }
    out
}

/// Every value the plain SQL gives must be the engine's (to 1e-7 relative: SQLite's julianday rounds).
fn check(engine: &[BTreeMap<String, Values>], sql: &[BTreeMap<String, Values>]) -> usize {
    let mut n = 0;
    for (e, s) in engine.iter().zip(sql) {
        for (g, vals) in s {
            for (kpi, v) in vals {
                let got = e.get(g).and_then(|m| m.get(kpi)).copied();
                let ok = got.is_some_and(|x| (x - v).abs() <= 1e-7 * v.abs().max(1.0));
                assert!(ok, "{kpi} for \"{g}\": engine {got:?}, plain SQL {v}");
                n += 1;
            }
        }
    }
    n
}

/// (name, query, the plain SQL's filter and group column, target in ms)
type Case<'a> = (
    &'a str,
    Query,
    Option<(&'a str, &'a str)>,
    Option<&'a str>,
    f64,
);

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let db = big_db::big_db(big_db::scale());
    let store = Store::open(&db).unwrap();
    let t = Instant::now();
    let ws = Workspace::load(&store).unwrap();
    let load = t.elapsed();
    println!(
        "facts: {} deals, {} activities, {} leads loaded in {} (once per change of the data)",
        ws.facts.deals.created.len(),
        ws.facts.activities.date.len(),
        ws.facts.leads.created.len(),
        ms(load)
    );
    let ctx = ws.context();
    let period = "2024-Q3";
    let p = salescope_core::Period::parse(period, 1).unwrap();
    let spans =
        [&p, &p.previous(), &p.year_ago()].map(|q| (q.start.to_string(), q.end.to_string()));
    let region = ("region", "East");
    let cases: [Case; 3] = [
        (
            "unfiltered",
            Query {
                period: Some(period.into()),
                ..Query::default()
            },
            None,
            None,
            50.0,
        ),
        (
            "filter region=East",
            Query {
                period: Some(period.into()),
                filter: salescope_core::parse_filter(&["region=East"]).unwrap(),
                ..Query::default()
            },
            Some(region),
            None,
            50.0,
        ),
        (
            "breakdown by rep",
            Query {
                period: Some(period.into()),
                by: Some("rep".into()),
                ..Query::default()
            },
            None,
            Some("rep"),
            200.0,
        ),
    ];
    println!(
        "\n{:<20} {:>12} {:>14} {:>9} {:>10} {:>8}",
        "scorecard 2024-Q3", "salescope", "plain SQL", "speed-up", "target", "values"
    );
    for (name, q, filter, by, target) in cases {
        let card = salescope_core::scorecard(&ctx, &q).unwrap();
        let sql = plain_sql(store.conn(), &spans, filter, by);
        let compared = check(&engine_values(&card), &sql);
        let engine = median_time(7, || {
            std::hint::black_box(salescope_core::scorecard(&ctx, &q).unwrap());
        });
        let peer = median_time(3, || {
            std::hint::black_box(plain_sql(store.conn(), &spans, filter, by));
        });
        println!(
            "{:<20} {:>12} {:>14} {:>8.1}x {:>10} {:>8}  {}",
            name,
            ms(engine),
            ms(peer),
            peer.as_secs_f64() / engine.as_secs_f64(),
            format!("< {target:.0} ms"),
            compared,
            if engine.as_secs_f64() * 1000.0 < target {
                "met"
            } else {
                "MISSED"
            }
        );
    }
    let t = Instant::now();
    let f = salescope_core::forecast(&ctx, "total_revenue", &Default::default(), 3).unwrap();
    println!(
        "\nforecast of total_revenue ({} months, {}): {}",
        f.history.len(),
        f.method.as_deref().unwrap_or("none"),
        ms(t.elapsed())
    );
}
