-- Salescope schema, version 1.
-- Every record table keeps the dataset it came from and its source row number.
-- Record tables carry no foreign key (a per-row parent lookup would slow imports
-- of millions of rows); `Store::delete_dataset_records` removes a dataset's
-- records from every table in the same transaction as the dataset.
-- Dates are ISO-8601 text ('YYYY-MM-DD', date-times 'YYYY-MM-DD HH:MM:SS'), money is REAL.
-- Columns that feed no role are kept in `extra` as a JSON object keyed by header.

CREATE TABLE datasets (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused after a removal
    kind             TEXT    NOT NULL,
    source_file      TEXT    NOT NULL,
    file_name        TEXT    NOT NULL,
    sheet            TEXT,
    sheet_key        TEXT    NOT NULL,          -- sheet name, '' for CSV
    content_hash     TEXT    NOT NULL,          -- sha256 of the file's bytes
    header_signature TEXT    NOT NULL,
    rows             INTEGER NOT NULL,
    imported_at      TEXT    NOT NULL,
    report           TEXT    NOT NULL,          -- JSON SheetReport
    UNIQUE (content_hash, sheet_key)
);

CREATE TABLE dataset_columns (
    dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    letter      TEXT    NOT NULL,
    header      TEXT    NOT NULL,
    column_type TEXT    NOT NULL,
    role        TEXT,
    currency    TEXT,
    PRIMARY KEY (dataset_id, position)
);

-- One row per file import attempt that committed: the history the UI shows.
CREATE TABLE import_history (
    id          INTEGER PRIMARY KEY,
    file        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    report      TEXT NOT NULL                   -- JSON ImportReport
);

-- Remembered column mappings, per header signature.
CREATE TABLE mappings (
    signature  TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    roles      TEXT NOT NULL,                   -- JSON object: header -> role or null
    updated_at TEXT NOT NULL
);

CREATE TABLE deals (
    dataset_id   INTEGER NOT NULL,
    source_row   INTEGER NOT NULL,
    deal_id      TEXT,
    created_date TEXT NOT NULL,
    close_date   TEXT,
    stage        TEXT NOT NULL CHECK (stage IN ('won', 'lost', 'open')),
    stage_label  TEXT,
    amount       REAL,
    rep          TEXT,
    team         TEXT,
    region       TEXT,
    product      TEXT,
    customer     TEXT,
    lead_source  TEXT,
    extra        TEXT
);
CREATE INDEX deals_dataset ON deals(dataset_id);

CREATE TABLE orders (
    dataset_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    order_id   TEXT,
    order_date TEXT NOT NULL,
    customer   TEXT,
    product    TEXT,
    category   TEXT,
    region     TEXT,
    rep        TEXT,
    team       TEXT,
    quantity   REAL,
    revenue    REAL NOT NULL,
    cost       REAL,
    profit     REAL,
    discount   REAL,
    extra      TEXT
);
CREATE INDEX orders_dataset ON orders(dataset_id);

CREATE TABLE leads (
    dataset_id        INTEGER NOT NULL,
    source_row        INTEGER NOT NULL,
    lead_id           TEXT,
    created_date      TEXT NOT NULL,
    created_at        TEXT,                     -- date-time when the source has one
    source            TEXT,
    qualified         INTEGER,
    converted         INTEGER,
    converted_date    TEXT,
    first_response_at TEXT,
    rep               TEXT,
    region            TEXT,
    team              TEXT,
    extra             TEXT
);
CREATE INDEX leads_dataset ON leads(dataset_id);

CREATE TABLE activities (
    dataset_id    INTEGER NOT NULL,
    source_row    INTEGER NOT NULL,
    date          TEXT NOT NULL,
    type          TEXT NOT NULL CHECK (type IN ('call', 'email', 'meeting', 'other')),
    type_label    TEXT,
    outcome       TEXT,
    outcome_label TEXT,
    rep           TEXT,
    team          TEXT,
    region        TEXT,
    lead_id       TEXT,
    deal_id       TEXT,
    extra         TEXT
);
CREATE INDEX activities_dataset ON activities(dataset_id);

CREATE TABLE subscriptions (
    dataset_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    customer   TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT,
    mrr        REAL NOT NULL,
    plan       TEXT,
    region     TEXT,
    rep        TEXT,
    extra      TEXT
);
CREATE INDEX subscriptions_dataset ON subscriptions(dataset_id);

CREATE TABLE spend (
    dataset_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    date       TEXT NOT NULL,
    amount     REAL NOT NULL,
    channel    TEXT,
    region     TEXT,
    team       TEXT,
    extra      TEXT
);
CREATE INDEX spend_dataset ON spend(dataset_id);

CREATE TABLE targets (
    dataset_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    kpi        TEXT NOT NULL,
    period     TEXT NOT NULL,
    target     REAL NOT NULL,
    team       TEXT,
    region     TEXT,
    product    TEXT,
    rep        TEXT,
    source     TEXT,
    extra      TEXT
);
CREATE INDEX targets_dataset ON targets(dataset_id);

-- Attribute tables (rep -> team, region, manager ...). `key_role` is the dimension the
-- key column matches; `attribute` is a dimension name when the column maps to one
-- (team, region ...), otherwise the header as written.
CREATE TABLE lookup_entries (
    dataset_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    key_role   TEXT NOT NULL,
    key_value  TEXT NOT NULL,
    attribute  TEXT NOT NULL,
    value      TEXT
);
CREATE INDEX lookup_entries_key ON lookup_entries(key_role, key_value, attribute);
CREATE INDEX lookup_entries_dataset ON lookup_entries(dataset_id);
