//! The Salescope desktop app: a thin Tauri shell over `salescope-core`.
//! Commands unpack arguments, run the core on a blocking thread and return its
//! results or its errors (with their stable codes); files dropped on the window
//! are imported by Rust's drag-and-drop handler.

mod commands;
mod drop;
mod export;
mod files;
mod launch;
mod progress;
mod views;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};

use salescope_core::{CancelFlag, Workspace};

/// What every command shares. Each command opens its own connection to the
/// database (WAL, busy timeout), so a long import never blocks a listing.
pub struct AppState {
    /// The database in use: switched when the user starts fresh or opens another.
    pub db_path: RwLock<PathBuf>,
    pub cancel: Arc<CancelFlag>,
    /// One import at a time; a second drop while one runs is refused politely.
    pub importing: Arc<AtomicBool>,
    /// A file dialog is showing.
    pub picking: AtomicBool,
    /// A chart is being exported or copied: one at a time, so the page
    /// cannot pile up pictures in memory.
    pub exporting: AtomicBool,
    /// Set to stop the deck being written.
    pub deck_cancel: Arc<CancelFlag>,
    /// The files the user dropped or chose, by ticket.
    pub tickets: files::Tickets,
    /// The records, settings and goals every view reads: loaded once, then
    /// refreshed (the records reloaded only when they changed).
    pub workspace: Arc<Mutex<Option<Workspace>>>,
    /// Kept alive while the app runs, so a copied chart can still be pasted.
    pub clipboard: Arc<Mutex<Option<arboard::Clipboard>>>,
}

impl AppState {
    /// The database in use.
    pub fn db(&self) -> PathBuf {
        self.db_path
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

/// The commands the window calls, plus any given (the test-only one).
/// Each has an `allow-<command>` permission in src-tauri/permissions/app.toml,
/// granted by src-tauri/capabilities/default.json.
macro_rules! app_commands {
    ($($extra:path),*) => {
        tauri::generate_handler![
            commands::list_datasets,
            commands::import_history,
            commands::pick_files,
            commands::preview_file,
            commands::import_ticket,
            commands::reimport_dataset,
            commands::load_sample,
            commands::remove_dataset,
            commands::cancel_import,
            commands::db_info,
            commands::database_start_fresh,
            commands::database_open_other,
            views::home,
            views::kpi_detail,
            views::outlook_view,
            views::outlook_figures,
            views::stage_categories,
            views::why_it_moved,
            views::list_notes,
            views::save_note,
            views::remove_note,
            views::dimensions,
            views::kpi_catalog,
            views::chart_presets,
            views::step_period,
            views::period_of_kind,
            views::list_goals,
            views::set_goal,
            views::remove_goal,
            views::get_settings,
            views::set_setting,
            export::export_chart,
            export::export_charts,
            export::copy_chart,
            export::export_deck,
            export::cancel_deck,
            launch::launch_files,
            $($extra),*
        ]
    };
}

/// True when a debug build runs under the end-to-end tests (`SALESCOPE_E2E=1`).
/// Only then is `e2e_drag_drop` registered and granted: WebDriver cannot drop
/// files on a window, so the tests call the drop handler through it. Release
/// builds do not contain the command at all.
fn e2e_mode() -> bool {
    cfg!(debug_assertions) && std::env::var_os("SALESCOPE_E2E").is_some_and(|v| v == "1")
}

pub fn run() {
    let db_path = match salescope_core::default_db_path() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("salescope: {e}");
            std::process::exit(1);
        }
    };
    let e2e = e2e_mode();
    let builder = tauri::Builder::default()
        // First: a second launch hands its files to this one and exits.
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| {
            launch::from_second_launch(app, argv, cwd)
        }))
        // The window's size and position, as the user left them.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(launch::Pending::default())
        .manage(AppState {
            db_path: RwLock::new(db_path),
            cancel: Arc::new(CancelFlag::default()),
            importing: Arc::new(AtomicBool::new(false)),
            picking: AtomicBool::new(false),
            exporting: AtomicBool::new(false),
            deck_cancel: Arc::new(CancelFlag::default()),
            tickets: files::Tickets::default(),
            workspace: Arc::new(Mutex::new(None)),
            clipboard: Arc::new(Mutex::new(None)),
        });
    #[cfg(debug_assertions)]
    let builder = if e2e {
        builder.invoke_handler(app_commands![
            commands::e2e_drag_drop,
            export::e2e_export_chart,
            export::e2e_export_deck
        ])
    } else {
        builder.invoke_handler(app_commands![])
    };
    #[cfg(not(debug_assertions))]
    let builder = builder.invoke_handler(app_commands![]);
    builder
        .on_window_event(drop::on_window_event)
        .setup(move |app| {
            use tauri::Manager;
            // Create or migrate the database once, before the page loads: its first
            // requests run at once, each on its own connection, and must not race
            // to create the schema of a new file. A failure here shows in the
            // window on the first request, which meets the same error.
            if let Err(e) = salescope_core::Store::open(&app.state::<AppState>().db()) {
                eprintln!("salescope: {e}");
            }
            launch::at_start(app.handle());
            if e2e {
                app.add_capability(
                    tauri::ipc::CapabilityBuilder::new("e2e")
                        .window("main")
                        .permission("allow-e2e-drag-drop")
                        .permission("allow-e2e-export-chart")
                        .permission("allow-e2e-export-deck"),
                )?;
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("salescope: the window could not start: {e}");
            std::process::exit(1);
        });
}
