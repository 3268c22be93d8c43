//! Exports from the window: a chart to a PNG file the user names in a save
//! dialog, every chart of a view into a folder the user chooses, or a chart to
//! the clipboard. Each is the core renderer's framed chart, as the CLI writes it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use salescope_core::{
    deck_file, raster, render, write_atomic, ChartKind, DeckFormat, Error, ErrorCode,
    ExportProgress, Rendered, Saved, Size, ViewQuery, Workspace,
};
use tauri::{AppHandle, Emitter, State};

use crate::commands::{blocking, Raised};
use crate::files::{self, Ask};
use crate::views::with_workspace;
use crate::AppState;

/// Said when a second export or copy is asked for while one runs.
const BUSY: &str = "a chart is being exported; try again when it is done";
/// The most charts one "export all" writes (a view shows fewer).
const MAX_CHARTS: usize = 100;

/// One chart drawn for export (framed) at `size`.
fn rendered(
    db: &Path,
    ws: &Mutex<Option<Workspace>>,
    kind: &ChartKind,
    view: &ViewQuery,
    size: Size,
) -> Result<Rendered, Error> {
    with_workspace(db, ws, |_, ctx| render(&ctx, &view.query()?, kind, size))
}

/// One chart as PNG bytes (framed), with the file stem it suggests.
fn png(
    db: &Path,
    ws: &Mutex<Option<Workspace>>,
    spec: &str,
    view: &ViewQuery,
    size: Size,
) -> Result<(String, Vec<u8>), Error> {
    let kind = ChartKind::parse(spec)?;
    let r = rendered(db, ws, &kind, view, size)?;
    Ok((
        kind.file_stem(),
        salescope_core::png(&r.svg, size.scale, &r.png_info())?,
    ))
}

/// Asks where to save, then writes the chart there; `None` when cancelled.
#[tauri::command]
pub async fn export_chart(
    app: AppHandle,
    window: tauri::Window,
    state: State<'_, AppState>,
    spec: String,
    view: ViewQuery,
    size: Size,
) -> Result<Option<Saved>, Error> {
    let stem = ChartKind::parse(&spec)?.file_stem();
    let Some(path) = files::dialog(
        &app,
        window,
        Ask::Save {
            name: format!("{stem}.png"),
        },
    )
    .await?
    .pop() else {
        return Ok(None);
    };
    let fits = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let path = with_extension(path, fits, "png")?;
    write_chart(&state, spec, view, size, path).await.map(Some)
}

/// The path the dialog gave, or when its extension does not `fit`, the path
/// with `ext`; a name the dialog did not ask about replacing must not exist.
fn with_extension(mut path: PathBuf, fits: bool, ext: &str) -> Result<PathBuf, Error> {
    if fits {
        return Ok(path);
    }
    path.set_extension(ext);
    if path.exists() {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "{} already exists; export again and choose it, or another name",
                path.display()
            ),
        ));
    }
    Ok(path)
}

/// One file made by `make` (from the database and its workspace) and
/// written to `path`, one export at a time, off the window's thread.
async fn write_one(
    state: &AppState,
    path: PathBuf,
    make: impl FnOnce(&Path, &Mutex<Option<Workspace>>) -> Result<Vec<u8>, Error> + Send + 'static,
) -> Result<Saved, Error> {
    let _busy = Raised::try_raise_or(&state.exporting, BUSY)?;
    let db = state.db();
    let ws = state.workspace.clone();
    blocking(move || {
        write_atomic(&path, &make(&db, &ws)?)?;
        Ok(Saved {
            path: path.display().to_string(),
            files: 1,
        })
    })
    .await
}

async fn write_chart(
    state: &AppState,
    spec: String,
    view: ViewQuery,
    size: Size,
    path: PathBuf,
) -> Result<Saved, Error> {
    write_one(state, path, move |db, ws| {
        Ok(png(db, ws, &spec, &view, size)?.1)
    })
    .await
}

/// Test-only (debug builds run with SALESCOPE_E2E=1): the export a save
/// dialog would make, to a path the test gives, since WebDriver cannot
/// operate a native dialog.
#[cfg(debug_assertions)]
#[tauri::command]
pub async fn e2e_export_chart(
    state: State<'_, AppState>,
    spec: String,
    view: ViewQuery,
    size: Size,
    path: PathBuf,
) -> Result<Saved, Error> {
    write_chart(&state, spec, view, size, path).await
}

/// Asks for a folder, then writes every chart named into it as `<chart>.png`.
#[tauri::command]
pub async fn export_charts(
    app: AppHandle,
    window: tauri::Window,
    state: State<'_, AppState>,
    specs: Vec<String>,
    view: ViewQuery,
    size: Size,
) -> Result<Option<Saved>, Error> {
    // Each chart once, and no more than a view holds.
    let mut specs = specs;
    let mut seen = std::collections::HashSet::new();
    specs.retain(|s| seen.insert(s.clone()));
    if specs.len() > MAX_CHARTS {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "{} charts asked for; a view has at most {MAX_CHARTS}",
                specs.len()
            ),
        ));
    }
    for s in &specs {
        ChartKind::parse(s)?;
    }
    let Some(dir) = files::dialog(&app, window, Ask::Folder).await?.pop() else {
        return Ok(None);
    };
    let _busy = Raised::try_raise_or(&state.exporting, BUSY)?;
    let db = state.db();
    let ws = state.workspace.clone();
    let total = specs.len() as u32;
    // The window shows "3 of 28" while the pictures are drawn.
    let progress = move |done: u32| {
        let _ = app.emit("export-progress", ExportProgress { done, total });
    };
    blocking(move || {
        progress(0);
        for (i, spec) in specs.iter().enumerate() {
            let (stem, bytes) = png(&db, &ws, spec, &view, size)?;
            write_atomic(&dir.join(format!("{stem}.png")), &bytes)?;
            progress(i as u32 + 1);
        }
        Ok(Saved {
            path: dir.display().to_string(),
            files: specs.len() as u32,
        })
    })
    .await
    .map(Some)
}

/// Puts the chart on the clipboard as an image.
#[tauri::command]
pub async fn copy_chart(
    state: State<'_, AppState>,
    spec: String,
    view: ViewQuery,
    size: Size,
) -> Result<(), Error> {
    let kind = ChartKind::parse(&spec)?;
    let _busy = Raised::try_raise_or(&state.exporting, BUSY)?;
    let db = state.db();
    let ws = state.workspace.clone();
    let clip = state.clipboard.clone();
    blocking(move || {
        let r = rendered(&db, &ws, &kind, &view, size)?;
        let (w, h, rgba) = raster(&r.svg, size.scale)?;
        let fail = |e: arboard::Error| {
            Error::new(
                ErrorCode::Io,
                format!("cannot put the picture on the clipboard: {e}"),
            )
        };
        let mut g = clip.lock().unwrap_or_else(|e| e.into_inner());
        if g.is_none() {
            *g = Some(arboard::Clipboard::new().map_err(fail)?);
        }
        // The clipboard object stays alive in the app, which keeps serving
        // the picture to whoever pastes it.
        let c = g
            .as_mut()
            .ok_or_else(|| Error::new(ErrorCode::Io, "the clipboard is not available"))?;
        c.set_image(arboard::ImageData {
            width: w as usize,
            height: h as usize,
            bytes: rgba.into(),
        })
        .map_err(fail)
    })
    .await
}

/// Asks where to save the meeting deck (PowerPoint or PDF, from the name's
/// extension; PowerPoint when it has neither), then writes it, reporting
/// progress as `export-progress` events; `None` when the dialog was cancelled.
#[tauri::command]
pub async fn export_deck(
    app: AppHandle,
    window: tauri::Window,
    state: State<'_, AppState>,
    view: ViewQuery,
) -> Result<Option<Saved>, Error> {
    let name = format!(
        "Sales review {}.pptx",
        view.period.as_deref().unwrap_or("latest quarter")
    );
    let Some(path) = files::dialog(&app, window, Ask::SaveDeck { name })
        .await?
        .pop()
    else {
        return Ok(None);
    };
    let fits = DeckFormat::of(&path).is_ok();
    let path = with_extension(path, fits, "pptx")?;
    write_deck(app, &state, view, path).await.map(Some)
}

/// Stops the deck being written; nothing is written.
#[tauri::command]
pub fn cancel_deck(state: State<'_, AppState>) {
    state.deck_cancel.cancel();
}

async fn write_deck(
    app: AppHandle,
    state: &AppState,
    view: ViewQuery,
    path: PathBuf,
) -> Result<Saved, Error> {
    let format = DeckFormat::of(&path)?;
    let cancel = state.deck_cancel.clone();
    write_one(state, path, move |db, ws| {
        // Once this deck is the export running: a Cancel pressed for the one
        // before must not stop it.
        cancel.reset();
        with_workspace(db, ws, |_, ctx| {
            deck_file(&ctx, &view.query()?, format, &mut |done, total| {
                let _ = app.emit("export-progress", ExportProgress { done, total });
                !cancel.is_set()
            })
        })
    })
    .await
}

/// Test-only (debug builds run with SALESCOPE_E2E=1): the deck a save dialog
/// would write, to a path the test gives.
#[cfg(debug_assertions)]
#[tauri::command]
pub async fn e2e_export_deck(
    app: AppHandle,
    state: State<'_, AppState>,
    view: ViewQuery,
    path: PathBuf,
) -> Result<Saved, Error> {
    write_deck(app, &state, view, path).await
}
