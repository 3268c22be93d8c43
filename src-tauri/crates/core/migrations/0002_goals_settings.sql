-- Salescope schema, version 2: goals and settings (KPI catalog sections 4 and 5).

-- A goal: (kpi, period, filter) -> target. The period is kept as written when the
-- goal was set (`period`, a label under the fiscal year of that time) and as its
-- first and last day, which is what identifies it: changing the fiscal year later
-- does not move a goal, and "2024-Q1" and "2024-01-01..2024-03-31" are one goal.
-- `filter` is the canonical form of the segment filter ('' for the whole company,
-- else JSON of the sorted dimension -> values map, see kpi::goals::filter_key).
-- A goal read from a targets sheet keeps the dataset it came from; a re-imported
-- targets sheet replaces the goals it covers, and removing that dataset removes
-- the goals it set.
CREATE TABLE goals (
    id         INTEGER PRIMARY KEY,
    kpi        TEXT NOT NULL,
    period     TEXT NOT NULL,
    kind       TEXT NOT NULL,                  -- week, month, quarter, year, range
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    filter     TEXT NOT NULL DEFAULT '',
    target     REAL NOT NULL,
    dataset_id INTEGER,
    updated_at TEXT NOT NULL,
    UNIQUE (kpi, start_date, end_date, filter)
);
CREATE INDEX goals_dataset ON goals(dataset_id);

-- Settings as key -> JSON value: fiscal_start_month, variant.<kpi>,
-- thresholds (global and threshold.<kpi>), perspective weights.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
