//! Import progress as window events (at most ten a second).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use salescope_core::{CancelFlag, ImportStage, Progress, ProgressSink};
use tauri::{AppHandle, Emitter};

/// How often the window hears about progress at most.
const EVERY: Duration = Duration::from_millis(100);

/// Lets one event through per interval; the first and the forced ones always.
#[derive(Debug, Default)]
struct Throttle {
    last: Option<Instant>,
}

impl Throttle {
    fn due(&mut self, now: Instant, force: bool) -> bool {
        let due = force
            || match self.last {
                None => true,
                Some(t) => now.duration_since(t) >= EVERY,
            };
        if due {
            self.last = Some(now);
        }
        due
    }
}

/// Sends the core's progress to the window as `import-progress` events and
/// answers its cancel checks from the flag the Cancel button sets.
pub struct EventProgress {
    app: AppHandle,
    cancel: Arc<CancelFlag>,
    throttle: Mutex<Throttle>,
}

impl EventProgress {
    pub fn new(app: AppHandle, cancel: Arc<CancelFlag>) -> Self {
        EventProgress {
            app,
            cancel,
            throttle: Mutex::new(Throttle::default()),
        }
    }
}

impl ProgressSink for EventProgress {
    fn report(&self, p: &Progress) {
        let mut throttle = self.throttle.lock().unwrap_or_else(|e| e.into_inner());
        // The last word on a sheet always arrives, so the bar ends full.
        if throttle.due(Instant::now(), p.stage == ImportStage::Done) {
            let _ = self.app.emit("import-progress", p);
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.is_set()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_one_event_per_tenth_of_a_second_but_done_always() {
        let start = Instant::now();
        let at = |ms| start + Duration::from_millis(ms);
        let mut t = Throttle::default();
        let passed: Vec<u64> = [0, 30, 99, 100, 150, 199, 200, 450]
            .into_iter()
            .filter(|&ms| t.due(at(ms), false))
            .collect();
        assert_eq!(passed, vec![0, 100, 200, 450]);
        assert!(t.due(at(460), true));
        assert!(!t.due(at(470), false));
    }
}
