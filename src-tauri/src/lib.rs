//! The Salescope desktop app: a thin Tauri shell over `salescope-core`.
//! Commands unpack arguments, run the core on a blocking thread and return its
//! results or its errors (with their stable codes); files dropped on the window
//! are imported by Rust's drag-and-drop handler.

mod commands;
mod drop;
mod progress;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use salescope_core::CancelFlag;
use tauri::Manager;

/// What every command shares.
pub struct AppState {
    pub db_path: PathBuf,
    pub cancel: Arc<CancelFlag>,
    /// One import at a time; a second drop while one runs is refused politely.
    pub importing: Arc<AtomicBool>,
    /// Set only when the app runs under the end-to-end tests (`SALESCOPE_E2E=1`).
    pub e2e: bool,
}

pub fn run() {
    let db_path = match salescope_core::paths::default_db_path() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("salescope: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        .manage(AppState {
            db_path,
            cancel: Arc::new(CancelFlag::default()),
            importing: Arc::new(AtomicBool::new(false)),
            e2e: std::env::var_os("SALESCOPE_E2E").is_some_and(|v| v == "1"),
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_datasets,
            commands::import_history,
            commands::pick_and_import,
            commands::load_sample,
            commands::remove_dataset,
            commands::cancel_import,
            commands::db_info,
            commands::e2e_drop_paths,
        ])
        .on_window_event(drop::on_window_event)
        .setup(|app| {
            // Open (and migrate) the database once at start, so a damaged file is
            // reported in the window rather than on the first click.
            let state = app.state::<AppState>();
            if let Err(e) = salescope_core::Store::open(&state.db_path) {
                eprintln!("salescope: {e}");
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("salescope: the window could not start: {e}");
            std::process::exit(1);
        });
}
