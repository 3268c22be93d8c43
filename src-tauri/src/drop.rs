//! Drag and drop: while files are dragged over the window the UI shows a drop
//! zone (`drag-state` events); dropped files are imported here, in Rust, by the
//! same function the Open button uses.

use tauri::{DragDropEvent, Emitter, Manager, Window, WindowEvent};

use crate::commands;

pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::DragDrop(drag) = event else {
        return;
    };
    let app = window.app_handle().clone();
    match drag {
        DragDropEvent::Enter { paths, .. } => {
            let _ = app.emit(
                "drag-state",
                serde_json::json!({ "active": true, "files": paths.len() }),
            );
        }
        DragDropEvent::Leave => {
            let _ = app.emit(
                "drag-state",
                serde_json::json!({ "active": false, "files": 0 }),
            );
        }
        DragDropEvent::Drop { paths, .. } => {
            let _ = app.emit(
                "drag-state",
                serde_json::json!({ "active": false, "files": 0 }),
            );
            let paths = paths.clone();
            tauri::async_runtime::spawn(async move {
                let state = app.state::<crate::AppState>();
                let _ = commands::import_paths(&app, &state, paths).await;
            });
        }
        _ => {}
    }
}
