//! Notes: what happened, written where the chart is ("price list 2024 live",
//! "two reps left"), so the next meeting sees it too. A note is a day or a
//! range of days, a text, and optionally the KPI and the segment it is about.
//! It shows on a view when its KPI is the view's (or it has none) and its
//! segment is the view's or wider: a note for East shows on East and on
//! East's reps, not on West or the whole company; a note for everyone shows
//! everywhere.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::goals::{filter_from_key, filter_key, now, pairs, Filter, FilterPair};
use crate::error::{Error, ErrorCode, Result};

/// One note.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export_to = "Note.ts")]
pub struct Note {
    /// Its id.
    #[ts(type = "number")]
    pub id: i64,
    /// Its first day (`YYYY-MM-DD`).
    pub start: String,
    /// Its last day (the first for a note of one day).
    pub end: String,
    /// What happened.
    pub text: String,
    /// The KPI it is about; null: every KPI.
    pub kpi: Option<String>,
    /// The segment it is about; empty: everyone.
    pub filter: Vec<FilterPair>,
    /// The events sheet it came from (dataset name), or null when typed.
    pub source: Option<String>,
    /// When it was last written (RFC 3339, UTC).
    pub updated_at: String,
}

/// The longest note text, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}

/// Reads `2024-03-12` or `2024-03-01..2024-03-31`: the note's first and last day.
pub fn parse_days(text: &str) -> Result<(NaiveDate, NaiveDate)> {
    let t = text.trim();
    let day = |s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            invalid(format!(
                "a note's date is YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, not \"{t}\""
            ))
        })
    };
    let (a, b) = match t.split_once("..") {
        Some((a, b)) => (day(a)?, day(b)?),
        None => (day(t)?, day(t)?),
    };
    if b < a {
        return Err(invalid(format!(
            "a note's range ends before it starts: \"{t}\""
        )));
    }
    Ok((a, b))
}

fn check_text(text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(invalid("a note needs a text"));
    }
    if t.chars().count() > MAX_NOTE_CHARS {
        return Err(invalid(format!(
            "a note is at most {MAX_NOTE_CHARS} characters, not {}",
            t.chars().count()
        )));
    }
    Ok(t.to_string())
}

fn check_kpi(kpi: Option<&str>) -> Result<Option<String>> {
    kpi.map(|k| super::settings::kpi_def(k).map(|d| d.id.to_string()))
        .transpose()
}

const SELECT: &str =
    "SELECT n.id, n.start_date, n.end_date, n.text, n.kpi, n.filter, d.file_name, n.updated_at
     FROM notes n LEFT JOIN datasets d ON d.id = n.dataset_id";

fn note_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        start: r.get(1)?,
        end: r.get(2)?,
        text: r.get(3)?,
        kpi: r.get(4)?,
        filter: pairs(&filter_from_key(&r.get::<_, String>(5)?)),
        source: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

/// Adds a note (from an events sheet when `dataset` is set).
pub fn add_note(
    conn: &Connection,
    days: (NaiveDate, NaiveDate),
    text: &str,
    kpi: Option<&str>,
    filter: &Filter,
    dataset: Option<i64>,
) -> Result<Note> {
    let text = check_text(text)?;
    let kpi = check_kpi(kpi)?;
    conn.execute(
        "INSERT INTO notes (start_date, end_date, text, kpi, filter, dataset_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            days.0.to_string(),
            days.1.to_string(),
            text,
            kpi,
            filter_key(filter),
            dataset,
            now()
        ],
    )?;
    note_by_id(conn, conn.last_insert_rowid())?
        .ok_or_else(|| Error::new(ErrorCode::Database, "the note just added is not there"))
}

/// Rewrites a note's days, text, KPI and segment.
pub fn update_note(
    conn: &Connection,
    id: i64,
    days: (NaiveDate, NaiveDate),
    text: &str,
    kpi: Option<&str>,
    filter: &Filter,
) -> Result<Note> {
    let text = check_text(text)?;
    let kpi = check_kpi(kpi)?;
    let changed = conn.execute(
        "UPDATE notes SET start_date = ?1, end_date = ?2, text = ?3, kpi = ?4, filter = ?5, updated_at = ?6
         WHERE id = ?7",
        params![
            days.0.to_string(),
            days.1.to_string(),
            text,
            kpi,
            filter_key(filter),
            now(),
            id
        ],
    )?;
    if changed == 0 {
        return Err(no_note(id));
    }
    note_by_id(conn, id)?.ok_or_else(|| no_note(id))
}

fn no_note(id: i64) -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        format!("there is no note {id}; `salescope-cli notes list` shows them"),
    )
}

/// The note of this id, if there is one.
pub fn note_by_id(conn: &Connection, id: i64) -> Result<Option<Note>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE n.id = ?1"), [id], note_from_row)
        .optional()?)
}

/// Every note, oldest first.
pub fn list_notes(conn: &Connection) -> Result<Vec<Note>> {
    let mut st = conn.prepare(&format!("{SELECT} ORDER BY n.start_date, n.end_date, n.id"))?;
    let notes = st
        .query_map([], note_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(notes)
}

/// Removes a note and returns it.
pub fn remove_note(conn: &Connection, id: i64) -> Result<Note> {
    let note = note_by_id(conn, id)?.ok_or_else(|| no_note(id))?;
    conn.execute("DELETE FROM notes WHERE id = ?1", [id])?;
    Ok(note)
}

/// Every note, read once for a view and looked up per KPI, segment and days.
#[derive(Debug, Default, Clone)]
pub struct NoteBook {
    notes: Vec<(Note, NaiveDate, NaiveDate, Filter)>,
}

impl NoteBook {
    /// Reads every note.
    pub fn load(conn: &Connection) -> Result<NoteBook> {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let notes = list_notes(conn)?
            .into_iter()
            .filter_map(|n| {
                let (a, b) = (day(&n.start)?, day(&n.end)?);
                let f = super::goals::filter_of(&n.filter).ok()?;
                Some((n, a, b, f))
            })
            .collect();
        Ok(NoteBook { notes })
    }

    /// The notes on a view of `kpi` with `filter` that touch the days from
    /// `from` to `to`, oldest first.
    pub fn on(&self, kpi: &str, filter: &Filter, from: NaiveDate, to: NaiveDate) -> Vec<&Note> {
        self.notes
            .iter()
            .filter(|(n, a, b, f)| {
                *a <= to
                    && *b >= from
                    && n.kpi.as_deref().is_none_or(|k| k == kpi)
                    && applies(f, filter)
            })
            .map(|(n, ..)| n)
            .collect()
    }
}

/// True when a note for segment `note` shows on a view of segment `view`:
/// each dimension the note names, the view narrows to values it names.
pub fn applies(note: &Filter, view: &Filter) -> bool {
    note.iter().all(|(dim, values)| {
        view.get(dim)
            .is_some_and(|v| !v.is_empty() && v.is_subset(values))
    })
}

/// The days of a note as people read them: `12 Mar 2024`, `1 – 31 Mar 2024`.
pub fn days_text(note: &Note) -> String {
    use chrono::Datelike;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(a), Some(b)) = (day(&note.start), day(&note.end)) else {
        return format!("{}..{}", note.start, note.end);
    };
    let month = |d: NaiveDate| crate::text::MONTHS[d.month0() as usize];
    if a == b {
        crate::text::date(a)
    } else if (a.year(), a.month()) == (b.year(), b.month()) {
        format!("{} – {}", a.day(), crate::text::date(b))
    } else if a.year() == b.year() {
        format!("{} {} – {}", a.day(), month(a), crate::text::date(b))
    } else {
        format!("{} – {}", crate::text::date(a), crate::text::date(b))
    }
}

/// Makes a note of each row of an imported events sheet (its day or days,
/// text, KPI and segment), inside the import's transaction; a row whose KPI
/// is not one, or whose range ends before it starts, fails the import with
/// its row named. Returns how many notes were added.
pub fn apply_events(conn: &Connection, dataset_id: i64) -> Result<u64> {
    let mut st = conn.prepare(
        "SELECT date, end_date, note, kpi, team, region, product, rep, source_row
         FROM events WHERE dataset_id = ?1 ORDER BY source_row",
    )?;
    let mut rows = st.query([dataset_id])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let row: i64 = r.get(8)?;
        let at = |e: Error| {
            e.with_location(crate::error::Location {
                row: Some(row as u64),
                ..Default::default()
            })
        };
        let start: String = r.get(0)?;
        let end: Option<String> = r.get(1)?;
        let days = parse_days(&match &end {
            Some(e) if *e != start => format!("{start}..{e}"),
            _ => start.clone(),
        })
        .map_err(at)?;
        let text: String = r.get(2)?;
        // A row whose note is blank says nothing: it is left out.
        if text.trim().is_empty() {
            continue;
        }
        // A KPI by its id or its name, in any case.
        let kpi = match r.get::<_, Option<String>>(3)? {
            Some(k) if !k.trim().is_empty() => {
                let t = k.trim().to_lowercase();
                let def = crate::catalog::CATALOG
                    .iter()
                    .find(|d| d.id == t || d.name.to_lowercase() == t)
                    .ok_or_else(|| {
                        at(invalid(format!(
                            "\"{k}\" is not a KPI; write an id such as total_revenue, or leave the cell empty for every KPI"
                        )))
                    })?;
                Some(def.id)
            }
            _ => None,
        };
        let mut filter = Filter::new();
        for (i, dim) in ["team", "region", "product", "rep"].iter().enumerate() {
            if let Some(v) = r.get::<_, Option<String>>(4 + i)? {
                if !v.trim().is_empty() {
                    filter
                        .entry(dim.to_string())
                        .or_default()
                        .insert(v.trim().to_string());
                }
            }
        }
        // A long cell keeps its first MAX_NOTE_CHARS characters.
        let text: String = text.trim().chars().take(MAX_NOTE_CHARS).collect();
        add_note(conn, days, &text, kpi, &filter, Some(dataset_id)).map_err(at)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Filter {
        let mut out = Filter::new();
        for (d, v) in pairs {
            out.entry(d.to_string()).or_default().insert(v.to_string());
        }
        out
    }

    #[test]
    fn a_note_shows_on_its_segment_and_narrower_views_only() {
        let east = f(&[("region", "East")]);
        assert!(applies(&Filter::new(), &Filter::new()));
        assert!(applies(&Filter::new(), &east));
        assert!(applies(&east, &east));
        assert!(applies(&east, &f(&[("region", "East"), ("rep", "Ann")])));
        assert!(!applies(&east, &Filter::new()));
        assert!(!applies(&east, &f(&[("region", "West")])));
        assert!(!applies(
            &east,
            &f(&[("region", "East"), ("region", "West")])
        ));
        assert!(applies(
            &f(&[("region", "East"), ("region", "West")]),
            &f(&[("region", "West")])
        ));
    }

    #[test]
    fn days_read_as_one_day_or_a_range() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            parse_days("2024-03-12").unwrap(),
            (d("2024-03-12"), d("2024-03-12"))
        );
        assert_eq!(
            parse_days(" 2024-03-01..2024-03-31 ").unwrap(),
            (d("2024-03-01"), d("2024-03-31"))
        );
        assert_eq!(
            parse_days("2024-03-31..2024-03-01")
                .unwrap_err()
                .to_string(),
            "a note's range ends before it starts: \"2024-03-31..2024-03-01\""
        );
        assert!(parse_days("March").is_err());
    }
}
