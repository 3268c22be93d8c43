//! Notes: scoped by KPI and segment, shown on the trends they apply to, read
//! from an events sheet, and gone with their sheet.

use salescope_core::internals::chart_data::{build, Body};
use salescope_core::{
    add_note, list_notes, parse_filter, parse_note_days, remove_note, ChartKind, Query, Workspace,
};

use crate::common::{env, sample_store, Env};

fn on_trend(store: &salescope_core::Store, kpi: &str, filter: &[&str]) -> Vec<String> {
    let ws = Workspace::load(store).unwrap();
    let q = Query {
        period: Some("2025-Q4".into()),
        filter: parse_filter(filter).unwrap(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 15),
        ..Query::default()
    };
    let chart = build(&ws.context(), &q, &ChartKind::Trend(kpi.into())).unwrap();
    let Body::Trend(t) = chart.body else {
        panic!("not a trend")
    };
    // The footer lists them as the markers number them.
    let footer = chart.frame.definitions.join(" | ");
    let texts: Vec<String> = t.notes.iter().map(|n| n.text.clone()).collect();
    for (i, text) in texts.iter().enumerate() {
        assert!(footer.contains(&format!("({}) {text}", i + 1)), "{footer}");
    }
    texts
}

#[test]
fn a_note_shows_on_its_kpi_and_segment_and_narrower_views_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let conn = store.conn();
    let everyone = parse_filter::<&str>(&[]).unwrap();
    let east = parse_filter(&["region=East"]).unwrap();
    add_note(
        conn,
        parse_note_days("2025-11-03").unwrap(),
        "Price list 2026 announced",
        None,
        &everyone,
        None,
    )
    .unwrap();
    add_note(
        conn,
        parse_note_days("2025-08-01..2025-08-31").unwrap(),
        "Summer promotion",
        Some("total_revenue"),
        &everyone,
        None,
    )
    .unwrap();
    let east_note = add_note(
        conn,
        parse_note_days("2025-10-15").unwrap(),
        "Two reps left East",
        None,
        &east,
        None,
    )
    .unwrap();
    // Before the trend's twelve months: not on it.
    add_note(
        conn,
        parse_note_days("2023-01-10").unwrap(),
        "Long ago",
        None,
        &everyone,
        None,
    )
    .unwrap();

    assert_eq!(
        on_trend(&store, "total_revenue", &[]),
        [
            "1 – 31 Aug 2025: Summer promotion",
            "3 Nov 2025: Price list 2026 announced"
        ]
    );
    assert_eq!(
        on_trend(&store, "total_revenue", &["region=East"]),
        [
            "1 – 31 Aug 2025: Summer promotion",
            "15 Oct 2025: Two reps left East",
            "3 Nov 2025: Price list 2026 announced"
        ]
    );
    assert_eq!(
        on_trend(&store, "total_revenue", &["region=East", "rep=Amelia Hart"]).len(),
        3
    );
    assert_eq!(on_trend(&store, "total_revenue", &["region=West"]).len(), 2);
    // The promotion is about revenue only.
    assert_eq!(
        on_trend(&store, "win_rate", &[]),
        ["3 Nov 2025: Price list 2026 announced"]
    );

    let gone = remove_note(conn, east_note.id).unwrap();
    assert_eq!(gone.text, "Two reps left East");
    assert_eq!(on_trend(&store, "total_revenue", &["region=East"]).len(), 2);
    assert_eq!(list_notes(conn).unwrap().len(), 3);
    assert_eq!(
        remove_note(conn, east_note.id).unwrap_err().to_string(),
        format!(
            "there is no note {}; `salescope-cli notes list` shows them",
            east_note.id
        )
    );
}

#[test]
fn an_events_sheet_adds_notes_that_go_with_it() {
    let mut w: Env = env();
    let p = w.write(
        "events.csv",
        "Date,Until,Event,KPI,Region\n\
         2025-11-03,,Price list 2026 announced,,\n\
         2025-08-01,2025-08-31,Summer promotion,Total sales revenue,\n\
         2025-10-15,,Two reps left,,East\n"
            .as_bytes(),
    );
    let report = w.import(&p);
    assert_eq!(report.sheets[0].kind, salescope_core::RecordKind::Events);
    let notes = list_notes(w.store.conn()).unwrap();
    let got: Vec<(String, String, String, Option<String>, usize)> = notes
        .iter()
        .map(|n| {
            (
                n.start.clone(),
                n.end.clone(),
                n.text.clone(),
                n.kpi.clone(),
                n.filter.len(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2025-08-01".into(),
                "2025-08-31".into(),
                "Summer promotion".into(),
                Some("total_revenue".into()),
                0
            ),
            (
                "2025-10-15".into(),
                "2025-10-15".into(),
                "Two reps left".into(),
                None,
                1
            ),
            (
                "2025-11-03".into(),
                "2025-11-03".into(),
                "Price list 2026 announced".into(),
                None,
                0
            ),
        ]
    );
    assert!(notes
        .iter()
        .all(|n| n.source.as_deref() == Some("events.csv")));
    // Removing the sheet removes its notes; a typed note stays.
    let everyone = parse_filter::<&str>(&[]).unwrap();
    add_note(
        w.store.conn(),
        parse_note_days("2025-12-01").unwrap(),
        "Typed",
        None,
        &everyone,
        None,
    )
    .unwrap();
    w.store.remove_dataset(report.sheets[0].dataset_id).unwrap();
    let left: Vec<String> = list_notes(w.store.conn())
        .unwrap()
        .into_iter()
        .map(|n| n.text)
        .collect();
    assert_eq!(left, ["Typed"]);

    // A KPI that is not one fails the import, naming the row; nothing is added.
    let bad = w.write(
        "bad.csv",
        b"Date,Event,KPI\n2025-11-03,Launch,profit please\n",
    );
    let e = w
        .import_with(&bad, &salescope_core::ImportOptions::default())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad.csv, row 2: \"profit please\" is not a KPI; write an id such as total_revenue, or leave the cell empty for every KPI"
    );
    assert_eq!(list_notes(w.store.conn()).unwrap().len(), 1);
}

#[test]
fn the_details_notes_are_the_trends_in_the_markers_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let conn = store.conn();
    let everyone = parse_filter::<&str>(&[]).unwrap();
    for (days, text) in [
        ("2025-11-03", "Price list 2026 announced"),
        ("2025-02-01", "Kick-off"),
        ("2023-05-01", "Long before the trend"),
    ] {
        add_note(
            conn,
            parse_note_days(days).unwrap(),
            text,
            None,
            &everyone,
            None,
        )
        .unwrap();
    }
    let ws = Workspace::load(&store).unwrap();
    let view = salescope_core::ViewQuery {
        period: Some("2025-Q4".into()),
        filter: Vec::new(),
        today: Some("2026-01-15".into()),
    };
    let d = salescope_core::detail(&ws.context(), &view, "total_revenue", Vec::new()).unwrap();
    let texts: Vec<&str> = d.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["Kick-off", "Price list 2026 announced"]);
    assert_eq!(
        on_trend(&store, "total_revenue", &[]),
        [
            "1 Feb 2025: Kick-off",
            "3 Nov 2025: Price list 2026 announced"
        ]
    );
    // Hovering the trend: a region per month, left to right, the month's
    // value and goal, and the notes on it numbered as their markers.
    let trend = d
        .charts
        .iter()
        .find(|c| c.spec == "trend:total_revenue")
        .unwrap();
    let months: Vec<&str> = trend.regions.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(months.first(), Some(&"Jan 2025"));
    assert!(months.contains(&"Dec 2025"));
    for pair in trend.regions.windows(2) {
        assert!((pair[0].x + pair[0].w - pair[1].x).abs() < 1e-9);
        assert!(pair[0].x > 0.0 && pair[1].x + pair[1].w < 1.0);
    }
    let nov = trend
        .regions
        .iter()
        .find(|r| r.label == "Nov 2025")
        .unwrap();
    assert_eq!(nov.days, "2025-11-01..2025-11-30");
    let month = salescope_core::ViewQuery {
        period: Some("2025-11".into()),
        ..view.clone()
    };
    let m = salescope_core::detail(&ws.context(), &month, "total_revenue", Vec::new()).unwrap();
    let value =
        salescope_core::format_value(m.info.unit, m.kpi.value.unwrap(), ws.context().currency());
    let goal =
        salescope_core::format_value(m.info.unit, m.kpi.goal.unwrap(), ws.context().currency());
    assert_eq!(
        nov.text,
        format!("Nov 2025: {value} (goal {goal})\n(2) 3 Nov 2025: Price list 2026 announced")
    );
    let feb = trend
        .regions
        .iter()
        .find(|r| r.label == "Feb 2025")
        .unwrap();
    assert!(
        feb.text.ends_with("\n(1) 1 Feb 2025: Kick-off"),
        "{}",
        feb.text
    );
    let dec = trend
        .regions
        .iter()
        .find(|r| r.label == "Dec 2025")
        .unwrap();
    assert!(!dec.text.contains('\n'), "{}", dec.text);
}
