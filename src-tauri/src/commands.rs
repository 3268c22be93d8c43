//! The commands the window calls. Each runs the core on a blocking thread and
//! returns its result, or its error with the stable code.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use salescope_core::{
    import_file, sample, DatasetInfo, DbInfo, Error, ErrorCode, ImportOptions, ImportOutcome,
    ImportReport, Store,
};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::progress::EventProgress;
use crate::AppState;

/// Runs `f` off the UI thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| Error::new(ErrorCode::Io, format!("the work stopped unexpectedly: {e}")))?
}

#[tauri::command]
pub async fn list_datasets(state: State<'_, AppState>) -> Result<Vec<DatasetInfo>, Error> {
    let db = state.db_path.clone();
    blocking(move || Store::open(&db)?.datasets()).await
}

#[tauri::command]
pub async fn import_history(
    state: State<'_, AppState>,
    limit: u32,
) -> Result<Vec<ImportReport>, Error> {
    let db = state.db_path.clone();
    blocking(move || Store::open(&db)?.import_history(limit.min(100) as usize)).await
}

#[tauri::command]
pub async fn db_info(state: State<'_, AppState>) -> Result<DbInfo, Error> {
    let db = state.db_path.clone();
    blocking(move || {
        let n = Store::open(&db)?.datasets()?.len() as u64;
        Ok(DbInfo {
            path: db.display().to_string(),
            datasets: n,
        })
    })
    .await
}

#[tauri::command]
pub async fn remove_dataset(state: State<'_, AppState>, id: i64) -> Result<DatasetInfo, Error> {
    let db = state.db_path.clone();
    blocking(move || Store::open(&db)?.remove_dataset(id)).await
}

#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel.cancel();
}

/// The spreadsheet types the Open dialog offers. GTK matches patterns case by
/// case, and exports from Windows often end in capitals, so both are listed.
const EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "tsv", "txt", "XLSX", "XLSM", "XLS", "XLSB",
    "ODS", "CSV", "TSV", "TXT",
];

/// Clears a flag when dropped, however the holder returns.
struct Raised<'a>(&'a AtomicBool);

impl Drop for Raised<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Opens the native file dialog (built on the main thread, awaited on another,
/// as GTK requires) and imports what the user chose; `None` when cancelled.
/// One dialog at a time (GTK's is not modal to the window), and none while an
/// import runs.
#[tauri::command]
pub async fn pick_and_import(
    app: AppHandle,
    window: tauri::Window,
    state: State<'_, AppState>,
) -> Result<Option<ImportOutcome>, Error> {
    if state.importing.load(Ordering::SeqCst) {
        return Err(Error::new(
            ErrorCode::Busy,
            "an import is running; wait for it to finish or cancel it",
        ));
    }
    if state.picking.swap(true, Ordering::SeqCst) {
        return Err(Error::new(
            ErrorCode::Busy,
            "the file dialog is already open",
        ));
    }
    let picking = Raised(&state.picking);
    let (send, recv) = std::sync::mpsc::channel();
    app.run_on_main_thread(move || {
        let dialog = rfd::AsyncFileDialog::new()
            .set_title("Import spreadsheets")
            .add_filter("Spreadsheets and CSV", EXTENSIONS)
            .set_parent(&window)
            .pick_files();
        std::thread::spawn(move || {
            let picked = tauri::async_runtime::block_on(dialog);
            let _ = send.send(picked);
        });
    })
    .map_err(|e| Error::new(ErrorCode::Io, format!("cannot open the file dialog: {e}")))?;
    let picked = blocking(move || {
        recv.recv()
            .map_err(|_| Error::new(ErrorCode::Io, "the file dialog closed unexpectedly"))
    })
    .await?;
    drop(picking);
    match picked {
        None => Ok(None),
        Some(files) => {
            let paths = files.iter().map(|f| f.path().to_path_buf()).collect();
            import_paths(&app, &state, paths).await.map(Some)
        }
    }
}

/// Writes the sample workbook into the app's cache folder and imports it.
#[tauri::command]
pub async fn load_sample(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<ImportOutcome, Error> {
    let dir = app
        .path()
        .app_cache_dir()
        .map_err(|e| Error::new(ErrorCode::Io, format!("cannot find the cache folder: {e}")))?;
    let path = blocking(move || sample::write_sample(&dir)).await?;
    import_paths(&app, &state, vec![path]).await
}

/// What the end-to-end tests may make the window believe was dragged.
#[cfg(debug_assertions)]
#[derive(Debug, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum E2eDrag {
    Enter { paths: Vec<PathBuf> },
    Leave,
    Drop { paths: Vec<PathBuf> },
}

/// Test-only: WebDriver cannot perform an OS-level file drop, so the end-to-end
/// tests hand a drag-and-drop event to exactly the function the window's drop
/// handler calls ([`crate::drop::handle`]) and wait for the import it starts.
/// Compiled into debug builds only, and registered and granted (by a capability
/// added at run time) only when the app runs with `SALESCOPE_E2E=1`; see `lib.rs`.
#[cfg(debug_assertions)]
#[tauri::command]
pub async fn e2e_drag_drop(app: AppHandle, event: E2eDrag) -> Result<Option<ImportOutcome>, Error> {
    let position = tauri::PhysicalPosition::new(0.0, 0.0);
    let event = match event {
        E2eDrag::Enter { paths } => tauri::DragDropEvent::Enter { paths, position },
        E2eDrag::Leave => tauri::DragDropEvent::Leave,
        E2eDrag::Drop { paths } => tauri::DragDropEvent::Drop { paths, position },
    };
    match crate::drop::handle(&app, &event) {
        None => Ok(None),
        Some(task) => task
            .await
            .map_err(|e| {
                Error::new(
                    ErrorCode::Io,
                    format!("the import stopped unexpectedly: {e}"),
                )
            })?
            .map(Some),
    }
}

/// Imports files one after the other, each in its own transaction, with
/// progress events; one bad file does not stop the others. Used by the drop
/// handler, the Open dialog and the sample.
pub async fn import_paths(
    app: &AppHandle,
    state: &AppState,
    paths: Vec<PathBuf>,
) -> Result<ImportOutcome, Error> {
    if state.importing.swap(true, Ordering::SeqCst) {
        let e = Error::new(
            ErrorCode::Busy,
            "an import is already running; wait for it to finish or cancel it",
        );
        let _ = app.emit("import-refused", &e);
        return Err(e);
    }
    state.cancel.reset();
    let names: Vec<String> = paths
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let _ = app.emit("import-started", &names);
    let db = state.db_path.clone();
    let sink = EventProgress::new(app.clone(), state.cancel.clone());
    let cancel = state.cancel.clone();
    let result = blocking(move || {
        let mut store = Store::open(&db)?;
        let mut outcome = ImportOutcome {
            reports: Vec::new(),
            errors: Vec::new(),
            cancelled: false,
        };
        for p in &paths {
            match import_file(&mut store, p, &ImportOptions::default(), &sink) {
                Ok(r) => outcome.reports.push(r),
                Err(e) if e.code == ErrorCode::Cancelled => {
                    outcome.cancelled = true;
                    break;
                }
                Err(e) => outcome.errors.push(e),
            }
            if cancel.is_set() {
                outcome.cancelled = true;
                break;
            }
        }
        Ok(outcome)
    })
    .await;
    state.importing.store(false, Ordering::SeqCst);
    match &result {
        Ok(outcome) => {
            let _ = app.emit("import-finished", outcome);
        }
        Err(e) => {
            let _ = app.emit(
                "import-finished",
                ImportOutcome {
                    reports: Vec::new(),
                    errors: vec![e.clone()],
                    cancelled: false,
                },
            );
        }
    }
    result
}
