//! What `import` prints: the report per file and sheet, and a one-line
//! progress display on stderr.

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use salescope_core::{
    format_thousands as thousands, ImportReport, ImportStage, Progress, ProgressSink,
};

pub(crate) fn print_report(r: &ImportReport) {
    let mut how = vec![r.format.as_str().to_string()];
    how.extend(r.encoding.clone());
    how.extend(r.delimiter.clone().map(|d| format!("{d}-separated")));
    out!("{} ({}), {} ms", r.file, how.join(", "), r.elapsed_ms);
    for s in &r.sheets {
        let name = s
            .sheet
            .as_deref()
            .map(|n| format!("sheet \"{n}\": "))
            .unwrap_or_default();
        if s.already_imported {
            out!("  {name}already imported as dataset {}; nothing added (use --replace to import again)", s.dataset_id);
            continue;
        }
        out!(
            "  {name}dataset {}: {} rows of {} imported (header on row {})",
            s.dataset_id,
            thousands(s.rows_imported),
            s.kind,
            s.header_row
        );
        for k in &s.skipped {
            let rows: Vec<String> = k.rows.iter().map(|r| r.to_string()).collect();
            let more = if k.count as usize > k.rows.len() {
                ", …"
            } else {
                ""
            };
            out!(
                "    skipped {} × {} (rows {}{more})",
                thousands(k.count),
                k.reason,
                rows.join(", ")
            );
        }
        for c in &s.columns {
            let role = c
                .role
                .as_deref()
                .map(|r| format!(" → {r}"))
                .unwrap_or_default();
            let cur = c
                .currency
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default();
            let mm = if c.mismatches > 0 {
                format!(" ({} not {})", c.mismatches, c.column_type.as_str())
            } else {
                String::new()
            };
            out!(
                "    {:>3} {:<28} {}{cur}{role}{mm}",
                c.letter,
                c.header,
                c.column_type.as_str()
            );
        }
        for n in &s.notes {
            out!("    {n}");
        }
        if !s.unknown_stages.is_empty() {
            out!(
                "    stages counted as open: {}",
                s.unknown_stages.join(", ")
            );
        }
        if s.warning_count > 0 {
            out!(
                "    {} warning(s), first {}:",
                thousands(s.warning_count),
                s.warnings.len()
            );
            for w in &s.warnings {
                out!("      {}: {}", w.location, w.message);
            }
        }
    }
    for k in &r.skipped_sheets {
        out!("  sheet \"{}\" skipped: {}", k.sheet, k.reason);
    }
}

/// A one-line progress display on stderr, at most 5 updates a second.
pub(crate) struct TerminalProgress {
    enabled: bool,
    last: Mutex<Option<Instant>>,
}

impl TerminalProgress {
    pub(crate) fn new(enabled: bool) -> Self {
        TerminalProgress {
            enabled,
            last: Mutex::new(None),
        }
    }

    pub(crate) fn clear(&self) {
        if self.enabled {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        }
    }
}

impl ProgressSink for TerminalProgress {
    fn report(&self, p: &Progress) {
        if !self.enabled {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_some_and(|t| t.elapsed() < Duration::from_millis(200))
            && p.stage != ImportStage::Done
        {
            return;
        }
        *last = Some(Instant::now());
        let what = match p.stage {
            ImportStage::Analysing => "reading",
            ImportStage::Writing => "writing",
            ImportStage::Done => "done",
        };
        let total = p
            .rows_total
            .map(|t| format!(" of {}", thousands(t)))
            .unwrap_or_default();
        eprint!(
            "\r\x1b[2K{} {}: {}{} rows",
            p.file,
            what,
            thousands(p.rows_done),
            total
        );
        let _ = std::io::stderr().flush();
    }
}
