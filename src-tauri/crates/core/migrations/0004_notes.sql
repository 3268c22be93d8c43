-- Salescope schema, version 4: notes (issue 17). A note is a day or a range of
-- days, a text, and optionally the KPI and the segment (filter, canonical as
-- for goals: '' for the whole company) it is about. Notes typed by hand have
-- no dataset; those read from an events sheet keep it, and removing that
-- dataset removes them.
CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    text       TEXT NOT NULL,
    kpi        TEXT,
    filter     TEXT NOT NULL DEFAULT '',
    dataset_id INTEGER,
    updated_at TEXT NOT NULL,
    CHECK (start_date <= end_date)
);
CREATE INDEX notes_dataset ON notes(dataset_id);
CREATE INDEX notes_days ON notes(start_date, end_date);

-- An events sheet (date, note, and optionally an end date, a KPI and the
-- dimensions of the segment it is about): each row becomes a note.
CREATE TABLE events (
    dataset_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    date       TEXT NOT NULL,
    end_date   TEXT,
    note       TEXT NOT NULL,
    kpi        TEXT,
    team       TEXT,
    region     TEXT,
    product    TEXT,
    rep        TEXT,
    extra      TEXT
);
CREATE INDEX events_dataset ON events(dataset_id);
