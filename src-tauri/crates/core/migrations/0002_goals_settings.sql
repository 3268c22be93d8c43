-- Salescope schema, version 2: goals and settings (KPI catalog sections 4 and 5).

-- A goal: (kpi, period, filter) -> target. `filter` is the canonical form of the
-- segment filter ('' for the whole company, else 'dim=value&dim=value' sorted and
-- percent-encoded, see kpi::Filter::key). A goal read from a targets sheet keeps the
-- dataset it came from; a re-imported targets sheet replaces the goals it covers,
-- and removing that dataset removes the goals it set.
CREATE TABLE goals (
    id         INTEGER PRIMARY KEY,
    kpi        TEXT NOT NULL,
    period     TEXT NOT NULL,
    filter     TEXT NOT NULL DEFAULT '',
    target     REAL NOT NULL,
    dataset_id INTEGER,
    updated_at TEXT NOT NULL,
    UNIQUE (kpi, period, filter)
);
CREATE INDEX goals_dataset ON goals(dataset_id);

-- Settings as key -> JSON value: fiscal_start_month, variant.<kpi>,
-- thresholds (global and threshold.<kpi>), perspective weights.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
