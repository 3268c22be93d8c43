//! Import progress as window events (at most ten a second).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use salescope_core::{CancelFlag, Progress, ProgressSink, Stage};
use tauri::{AppHandle, Emitter};

pub struct EventProgress {
    app: AppHandle,
    cancel: Arc<CancelFlag>,
    last: Mutex<Option<Instant>>,
}

impl EventProgress {
    pub fn new(app: AppHandle, cancel: Arc<CancelFlag>) -> Self {
        EventProgress {
            app,
            cancel,
            last: Mutex::new(None),
        }
    }
}

impl ProgressSink for EventProgress {
    fn report(&self, p: &Progress) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let due = last.is_none_or(|t| t.elapsed() >= Duration::from_millis(100));
        if due || p.stage == Stage::Done {
            *last = Some(Instant::now());
            let _ = self.app.emit("import-progress", p);
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.is_set()
    }
}
