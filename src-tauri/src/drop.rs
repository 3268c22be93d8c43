//! Drag and drop, handled in Rust: while files are dragged over the window the
//! UI shows a drop zone (`drag-state` events); dropped files are imported here
//! by the same function the Open button uses after its dialog.

use std::path::PathBuf;

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
    let (state, dropped) = meaning(event)?;
    let _ = app.emit("drag-state", state);
    let paths = dropped?;
    let app = app.clone();
    Some(tauri::async_runtime::spawn(async move {
        let state = app.state::<crate::AppState>();
        commands::import_paths(&app, &state, paths).await
    }))
}

/// What an event means for the drop zone, and the files to import if any;
/// `None` for events that change nothing (the pointer moving).
fn meaning(event: &DragDropEvent) -> Option<(DragState, Option<Vec<PathBuf>>)> {
    let hidden = DragState {
        active: false,
        files: 0,
    };
    match event {
        DragDropEvent::Enter { paths, .. } => Some((
            DragState {
                active: true,
                files: paths.len(),
            },
            None,
        )),
        DragDropEvent::Drop { paths, .. } => Some((hidden, Some(paths.clone()))),
        DragDropEvent::Leave => Some((hidden, None)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri::PhysicalPosition;

    #[test]
    fn entering_shows_the_zone_and_dropping_hides_it_and_imports() {
        let position = PhysicalPosition::new(10.0, 20.0);
        let paths = vec![PathBuf::from("/tmp/a.csv"), PathBuf::from("/tmp/b.xlsx")];
        let (state, files) = meaning(&DragDropEvent::Enter {
            paths: paths.clone(),
            position,
        })
        .unwrap();
        assert!(state.active);
        assert_eq!(state.files, 2);
        assert_eq!(files, None);

        assert!(meaning(&DragDropEvent::Over { position }).is_none());

        let (state, files) = meaning(&DragDropEvent::Drop {
            paths: paths.clone(),
            position,
        })
        .unwrap();
        assert!(!state.active);
        assert_eq!(files, Some(paths));

        let (state, files) = meaning(&DragDropEvent::Leave).unwrap();
        assert!(!state.active);
        assert_eq!(files, None);
    }
}
