//! Drag and drop, handled in Rust: while files are dragged over the window the
//! UI shows a drop zone (`drag-state` events); dropped files are imported here
//! by the same function the Open button uses after its dialog.

use salescope_core::{Error, ImportOutcome};
use serde::Serialize;
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, Window, WindowEvent};

use crate::commands;

/// The payload of `drag-state`: whether files are over the window, and how many.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DragState {
    pub active: bool,
    pub files: usize,
}

/// The window's event hook: passes drag-and-drop events to [`handle`].
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if let WindowEvent::DragDrop(drag) = event {
        // The import reports through events; nobody waits for the task here.
        let _ = handle(window.app_handle(), drag);
    }
}

/// Handles one drag-and-drop event: shows or hides the drop zone, and on a drop
/// starts importing the files one after the other. Returns the import task on
/// a drop (the end-to-end tests await it; the window does not).
pub fn handle(
    app: &AppHandle,
    event: &DragDropEvent,
) -> Option<JoinHandle<Result<ImportOutcome, Error>>> {
    let (state, dropped) = match event {
        DragDropEvent::Enter { paths, .. } => (
            DragState {
                active: true,
                files: paths.len(),
            },
            None,
        ),
        DragDropEvent::Drop { paths, .. } => (
            DragState {
                active: false,
                files: 0,
            },
            Some(paths.clone()),
        ),
        DragDropEvent::Leave => (
            DragState {
                active: false,
                files: 0,
            },
            None,
        ),
        // `Over` only moves the pointer; the zone is already shown.
        _ => return None,
    };
    let _ = app.emit("drag-state", state);
    let paths = dropped?;
    let app = app.clone();
    Some(tauri::async_runtime::spawn(async move {
        let state = app.state::<crate::AppState>();
        commands::import_paths(&app, &state, paths).await
    }))
}
