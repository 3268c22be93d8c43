//! The commands the window calls. Each runs the core on a blocking thread and
//! returns its result, or its error with the stable code.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use salescope_core::FileTicket;
use salescope_core::{
    import_file, preview, DatasetInfo, DbInfo, Error, ErrorCode, ImportOptions, ImportOutcome,
    ImportReport, Preview, SheetMapping, Store,
};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::files::{self, Ask};
use crate::progress::EventProgress;
use crate::AppState;

/// Runs `f` off the UI thread.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| Error::new(ErrorCode::Io, format!("the work stopped unexpectedly: {e}")))?
}

#[tauri::command]
pub async fn list_datasets(state: State<'_, AppState>) -> Result<Vec<DatasetInfo>, Error> {
    let db = state.db();
    blocking(move || Store::open(&db)?.datasets()).await
}

#[tauri::command]
pub async fn import_history(
    state: State<'_, AppState>,
    limit: u32,
) -> Result<Vec<ImportReport>, Error> {
    let db = state.db();
    blocking(move || Store::open(&db)?.import_history(limit.min(100) as usize)).await
}

#[tauri::command]
pub async fn db_info(state: State<'_, AppState>) -> Result<DbInfo, Error> {
    let db = state.db();
    blocking(move || {
        let n = Store::open(&db)?.datasets()?.len() as u64;
        Ok(DbInfo {
            path: db.display().to_string(),
            datasets: n,
        })
    })
    .await
}

/// The way forward from a database that cannot be used: it is moved aside
/// whole (never deleted) and a new, empty one takes its place. Returns where
/// the old file went.
#[tauri::command]
pub async fn database_start_fresh(state: State<'_, AppState>) -> Result<String, Error> {
    let db = state.db();
    let aside = blocking(move || {
        // Only a database that cannot be used is moved aside.
        match Store::open(&db) {
            Err(e) if e.code == ErrorCode::DatabaseUnusable => {}
            Err(e) => return Err(e),
            Ok(_) => {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    "the database opens fine, so it was left in place",
                ))
            }
        }
        let aside = if db.exists() {
            Some(salescope_core::set_aside(&db)?)
        } else {
            None
        };
        Store::open(&db)?;
        Ok(aside)
    })
    .await?;
    *state.workspace.lock().unwrap_or_else(|p| p.into_inner()) = None;
    Ok(aside.map(|p| p.display().to_string()).unwrap_or_default())
}

/// Opens another Salescope database the user chooses in a dialog: it must
/// open as one (another program's database or a damaged file is refused and
/// left as it is). The choice is remembered for the next start and the CLI.
#[tauri::command]
pub async fn database_open_other(
    app: AppHandle,
    window: tauri::Window,
    state: State<'_, AppState>,
) -> Result<Option<DbInfo>, Error> {
    let picking = Raised::try_raise(&state.picking)?;
    let chosen = files::dialog(&app, window, Ask::Database).await?.pop();
    drop(picking);
    let Some(path) = chosen else {
        return Ok(None);
    };
    let chosen = path.clone();
    let info = blocking(move || {
        let n = Store::open(&chosen)?.datasets()?.len() as u64;
        salescope_core::remember_db_path(Some(&chosen))?;
        Ok(DbInfo {
            path: chosen.display().to_string(),
            datasets: n,
        })
    })
    .await?;
    *state.db_path.write().unwrap_or_else(|p| p.into_inner()) = path;
    *state.workspace.lock().unwrap_or_else(|p| p.into_inner()) = None;
    Ok(Some(info))
}

#[tauri::command]
pub async fn remove_dataset(state: State<'_, AppState>, id: i64) -> Result<DatasetInfo, Error> {
    let db = state.db();
    blocking(move || Store::open(&db)?.remove_dataset(id)).await
}

#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel.cancel();
}

/// Clears a flag when dropped, however the holder returns.
pub(crate) struct Raised<'a>(&'a AtomicBool);

impl<'a> Raised<'a> {
    /// Raises the flag, or says a file dialog is already open.
    pub(crate) fn try_raise(flag: &'a AtomicBool) -> Result<Raised<'a>, Error> {
        Raised::try_raise_or(flag, "a file dialog is already open")
    }

    /// Raises the flag, or says `busy`.
    pub(crate) fn try_raise_or(flag: &'a AtomicBool, busy: &str) -> Result<Raised<'a>, Error> {
        if flag.swap(true, Ordering::SeqCst) {
            return Err(Error::new(ErrorCode::Busy, busy));
        }
        Ok(Raised(flag))
    }
}

impl Drop for Raised<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Opens the native Open dialog and returns a ticket per file chosen (none
/// when cancelled). One dialog at a time: GTK's is not modal to the window.
#[tauri::command]
pub async fn pick_files(
    app: AppHandle,
    window: tauri::Window,
    state: State<'_, AppState>,
) -> Result<Vec<FileTicket>, Error> {
    let _picking = Raised::try_raise(&state.picking)?;
    let paths = files::dialog(&app, window, Ask::Open).await?;
    Ok(state.tickets.register(paths))
}

/// What the import wizard shows of a file: see [`salescope_core::preview`].
#[tauri::command]
pub async fn preview_file(
    state: State<'_, AppState>,
    file: u32,
    sheet: Option<String>,
    mapping: SheetMapping,
) -> Result<Preview, Error> {
    let path = state.tickets.path(file)?;
    let db = state.db();
    blocking(move || preview(&mut Store::open(&db)?, &path, sheet.as_deref(), &mapping)).await
}

/// Imports a file the user dropped or chose, with the wizard's choices.
#[tauri::command]
pub async fn import_ticket(
    app: AppHandle,
    state: State<'_, AppState>,
    file: u32,
    options: ImportOptions,
) -> Result<ImportOutcome, Error> {
    let path = state.tickets.path(file)?;
    // Removing another dataset is for re-import and removal, not for the page to ask.
    let options = ImportOptions {
        replaces: None,
        ..options
    };
    import_paths(&app, &state, vec![(path, options)]).await
}

/// Imports a dataset's source file again, replacing what it imported before
/// (the file may have changed on disk since).
#[tauri::command]
pub async fn reimport_dataset(
    app: AppHandle,
    window: tauri::Window,
    state: State<'_, AppState>,
    id: i64,
) -> Result<ImportOutcome, Error> {
    let db = state.db();
    let d = blocking(move || {
        Store::open(&db)?.dataset(id)?.ok_or_else(|| {
            Error::new(
                ErrorCode::DatasetNotFound,
                format!("there is no dataset {id}"),
            )
        })
    })
    .await?;
    let mut path = PathBuf::from(&d.source_file);
    // A path stored in the database is read only if the user handed it over
    // in this session; otherwise they choose it again (the database may come
    // from elsewhere, and its paths with it).
    if !state.tickets.issued(&path) {
        let _picking = Raised::try_raise(&state.picking)?;
        let ask = Ask::Again {
            name: d.name.clone(),
            dir: path.parent().filter(|p| p.is_dir()).map(PathBuf::from),
        };
        path = match files::dialog(&app, window, ask).await?.pop() {
            Some(p) => p,
            None => {
                return Err(Error::new(
                    ErrorCode::Cancelled,
                    format!("{} was not imported again", d.name),
                ))
            }
        };
        state.tickets.register(vec![path.clone()]);
    }
    if !path.is_file() {
        return Err(Error::new(
            ErrorCode::Io,
            format!(
                "{} is no longer at {}; drop the file on the window to import it again",
                d.name,
                path.display()
            ),
        ));
    }
    // The kind and roles come back from the mapping remembered for the
    // header, or are detected again, as on the first import.
    // The new records replace the dataset in the import's one transaction.
    let options = ImportOptions {
        sheet: d.sheet.clone(),
        replace: true,
        replaces: Some(id),
        ..ImportOptions::default()
    };
    let outcome = import_paths(&app, &state, vec![(path, options)]).await?;
    Ok(outcome)
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
    let path = blocking(move || salescope_core::write_sample(&dir)).await?;
    state.tickets.register(vec![path.clone()]);
    import_paths(&app, &state, vec![(path, ImportOptions::default())]).await
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
/// handler calls ([`crate::drop::handle`]); the window then opens the import
/// wizard for the tickets, as after a real drop.
/// Compiled into debug builds only, and registered and granted (by a capability
/// added at run time) only when the app runs with `SALESCOPE_E2E=1`; see `lib.rs`.
#[cfg(debug_assertions)]
#[tauri::command]
pub fn e2e_drag_drop(app: AppHandle, event: E2eDrag) -> Vec<FileTicket> {
    let position = tauri::PhysicalPosition::new(0.0, 0.0);
    let event = match event {
        E2eDrag::Enter { paths } => tauri::DragDropEvent::Enter { paths, position },
        E2eDrag::Leave => tauri::DragDropEvent::Leave,
        E2eDrag::Drop { paths } => tauri::DragDropEvent::Drop { paths, position },
    };
    crate::drop::handle(&app, &event)
}

/// Imports files one after the other, each in its own transaction, with
/// progress events; one bad file does not stop the others. Used by the drop
/// handler, the Open dialog and the sample.
pub async fn import_paths(
    app: &AppHandle,
    state: &AppState,
    paths: Vec<(PathBuf, ImportOptions)>,
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
    let names: Vec<String> = paths.iter().map(|(p, _)| files::file_name(p)).collect();
    let _ = app.emit("import-started", &names);
    let db = state.db();
    let sink = EventProgress::new(app.clone(), state.cancel.clone());
    let cancel = state.cancel.clone();
    let result = blocking(move || {
        let mut store = Store::open(&db)?;
        let mut outcome = ImportOutcome {
            reports: Vec::new(),
            errors: Vec::new(),
            cancelled: false,
        };
        for (p, opts) in &paths {
            match import_file(&mut store, p, opts, &sink) {
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
