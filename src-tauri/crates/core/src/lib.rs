//! Salescope's engine. No UI and no Tauri here: everything is testable with
//! `cargo test` and no display.
//!
//! The modules are layered; each names only those below it (a test,
//! `layering_holds`, reads the sources and keeps it so):
//!
//! 1. `error`, `model`, `records` (the record tables), `catalog` (the KPIs),
//!    `text` (numbers and sizes as Salescope prints them), `progress`, `paths`,
//!    `sample` (the sample workbook);
//! 2. `store`: the SQLite database (connection, migrations, backups,
//!    datasets and history, settings as raw key/value);
//! 3. `import` (sniff, read, find the header, decide types, map roles, write)
//!    and `kpi` (periods, segments, goals, pacing, forecasts), side by side,
//!    never naming each other;
//! 4. `chart`, over `kpi`: every chart drawn once, as SVG for the window and
//!    PNG for export;
//! 5. `api`: what the app and the command line call when an action needs
//!    several engines (the import transaction, settings, the dashboard views).
//!
//! Everything the app, the command line and the tests use is re-exported
//! here; the modules themselves are private.

#![deny(missing_docs)]

mod api;
mod catalog;
mod chart;
mod error;
mod import;
mod kpi;
mod model;
mod paths;
mod progress;
mod records;
mod sample;
mod store;
mod text;

#[cfg(test)]
mod layering;

// Bottom: errors, the types that cross to the UI and scripts, the catalog.
pub use catalog::{
    find as find_kpi, info as kpi_info, is_kpi_id, Better, KpiDef, KpiInfo, Perspective, Unit,
    Variant, VariantInfo, CATALOG,
};
pub use error::{Error, ErrorCode, Location, Result};
pub use model::{
    ColumnReport, ColumnType, DatasetInfo, DbInfo, FileFormat, ImportOutcome, ImportReport,
    RecordKind, SheetReport, SheetSkip, SkippedRows, Warning,
};
pub use paths::{default_db_path, remember_db_path, write_atomic, DB_ENV};
pub use progress::{CancelFlag, ImportStage, NoProgress, Progress, ProgressSink};
pub use sample::{write_sample, FILE_NAME as SAMPLE_FILE_NAME};
pub use text::{
    change as format_change, compact as format_compact, date as format_date,
    grouped as format_grouped, megabytes as format_megabytes, percent as format_percent,
    short as format_short, thousands as format_thousands, value as format_value,
};

// The store.
pub use store::{set_aside, Store, BACKUPS_KEPT, BUSY_TIMEOUT};

// The importer.
pub use import::limits::Limits;
pub use import::preview::{
    role_choices, Preview, PreviewColumn, PreviewRow, PreviewTable, RoleChoice, SheetChoice,
};
pub use import::{ImportOptions, SheetMapping};

// The KPI engine.
pub use kpi::explain::{explain, signed as format_signed, Contribution, Explanation, Versus};
pub use kpi::formulas::{split as formulas_split, Split};
pub use kpi::goals::{
    filter_key, filter_of, goal_by_id, list_goals, pairs as filter_pairs, parse_filter,
    parse_target, remove_goal, remove_goal_for, set_goal, Filter, FilterPair, Goal,
};
pub use kpi::notes::{
    add_note, list_notes, note_by_id, parse_days as parse_note_days, remove_note, update_note,
    Note, MAX_NOTE_CHARS,
};
pub use kpi::outlook::{
    leaderboard, outlook, Figures as OutlookFigures, GoalSource, Leaderboard, LeaderboardRow,
    Outlook, OutlookSegment, Overdue, OverdueDeal, Plan, PlanRates, WhatIf, OUTLOOK_KPIS,
};
pub use kpi::settings::{kpi_def, Settings as KpiSettings, Thresholds};
pub use kpi::{
    attain, forecast, funnel, parse_date, resolve_period, scorecard, segments, Context, Forecast,
    ForecastPoint, Funnel, FunnelStage, HistoryPoint, KpiResult, Period, PeriodInfo, PeriodKind,
    PerspectiveResult, Query, Scorecard, Segment, Status, Workspace,
};

// Charts.
pub use chart::{
    display_svg, meeting_set, png, raster, render, svg, ChartKind, PngInfo, Preset, Rendered, Size,
    MAX_PIXELS, MAX_SIDE, PRESETS, SCALES,
};

// What the app and the command line call across engines.
pub use api::dashboard::{
    detail, dimensions, home, outlook_figures, outlook_page, period_of_kind, stage_categories,
    step_period, why, ChartRegion, Detail, Dimension, DrawnChart, ExportProgress, FileTicket, Home,
    OutlookPage, Saved, StageCategory, ViewQuery, Why, BREAKDOWN_DIMENSIONS, MAX_FILTER_VALUES,
};
pub use api::deck::deck_file;
pub use api::import::{import_file, preview};
pub use api::settings::{
    keys as setting_keys, load as load_settings, reset as reset_setting, set as set_setting,
    Settings,
};
pub use chart::deck::DeckFormat;

/// The engine's inner pieces, for the fuzzers, benchmarks and tests that
/// exercise one reader, parser or drawing on its own. Not a stable interface.
#[doc(hidden)]
pub mod internals {
    pub use crate::chart::{canvas, data as chart_data, deck, draw, fonts};
    pub use crate::import::{
        infer, limits, normalise, preview as import_preview, roles, schema, source, table, value,
        vocabulary,
    };
    pub use crate::kpi::{facts, forecast as smoothing, formulas, goals, period, settings, tally};

    /// The record tables (see the crate's `records` module).
    pub mod records {
        pub use crate::records::*;
    }

    /// The sample workbook's generator (see the crate's `sample` module).
    pub mod sample {
        pub use crate::sample::{generate, Rng, SHEETS};
    }
}
