//! Drag and drop, handled in Rust: while files are dragged over the window the
//! UI shows a drop zone (`drag-state` events); dropped files get tickets (see
//! `files.rs`) and the window hears of them (`files-dropped`), as it does of
//! the files chosen with the Open button, and opens the import wizard.

use std::path::PathBuf;

use salescope_core::FileTicket;
use serde::Serialize;
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, Window, WindowEvent};

/// The payload of `drag-state`: whether files are over the window, and how many.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DragState {
    pub active: bool,
    pub files: usize,
}

/// The window's event hook: passes drag-and-drop events to [`handle`].
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if let WindowEvent::DragDrop(drag) = event {
        handle(window.app_handle(), drag);
    }
}

/// Handles one drag-and-drop event: shows or hides the drop zone, and on a drop
/// gives the files tickets and tells the window. Returns the tickets (the
/// end-to-end tests read them; the window hears them as an event).
pub fn handle(app: &AppHandle, event: &DragDropEvent) -> Vec<FileTicket> {
    let Some((state, dropped)) = meaning(event) else {
        return Vec::new();
    };
    let _ = app.emit("drag-state", state);
    let Some(paths) = dropped else {
        return Vec::new();
    };
    let tickets = app.state::<crate::AppState>().tickets.register(paths);
    let _ = app.emit("files-dropped", &tickets);
    tickets
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
