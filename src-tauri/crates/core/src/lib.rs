//! Salescope's engine. No UI and no Tauri here: everything is testable with
//! `cargo test` and no display.
//!
//! - [`import`]: sniff a file, read it, find the header, decide column types,
//!   map columns to roles and write the rows to the [`store`] in one transaction.
//! - [`store`]: the SQLite database (schema, migrations, datasets).
//! - [`kpi`]: the KPI catalog, periods, segments, goals, pacing and forecasts.
//! - [`chart`]: every chart, drawn once by plotters, as SVG for the window and PNG for export.
//! - [`sample`]: the deterministic sample workbook.

pub mod chart;
pub mod dashboard;
pub mod error;
pub mod import;
pub mod kpi;
pub mod model;
pub mod paths;
pub mod progress;
pub mod sample;
pub mod store;

pub use error::{Error, ErrorCode, Result};
pub use import::preview::{preview, Preview};
pub use import::{import_file, ImportOptions, SheetMapping};
pub use kpi::Workspace;
pub use model::*;
pub use progress::{CancelFlag, NoProgress, Progress, ProgressSink, Stage};
pub use store::Store;
