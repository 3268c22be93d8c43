//! Files given on the command line: `salescope report.xlsx`, or a file opened
//! with Salescope from the file manager (the desktop entry's `%F`). They are
//! handed over like dropped files: a ticket each, and the window imports them.
//! A second launch while Salescope runs hands its files to the running window
//! (single instance) and exits.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use salescope_core::FileTicket;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::AppState;

/// The files among a launch's arguments (the program name first), relative
/// ones taken from `cwd`. Options and anything that is not a file are left
/// out: a launcher may pass its own flags.
pub fn file_args<T: Into<OsString>>(args: impl IntoIterator<Item = T>, cwd: &Path) -> Vec<PathBuf> {
    args.into_iter()
        .skip(1)
        .map(Into::into)
        // Names need not be UTF-8 (a file from an old archive): read as bytes.
        .filter(|a: &OsString| !a.to_string_lossy().starts_with('-'))
        .map(|a| {
            // `file://` URIs come from some file managers.
            match a.to_str().and_then(|t| t.strip_prefix("file://")) {
                Some(path) => cwd.join(path),
                None => cwd.join(a),
            }
        })
        .filter(|p| p.is_file())
        .collect()
}

/// The tickets of the files this launch was given, until the window takes them.
#[derive(Default)]
pub struct Pending(Mutex<Vec<FileTicket>>);

/// Registers this launch's files (called once, at setup).
pub fn at_start(app: &AppHandle) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let paths = file_args(std::env::args_os(), &cwd);
    if paths.is_empty() {
        return;
    }
    let tickets = app.state::<AppState>().tickets.register(paths);
    let pending = app.state::<Pending>();
    pending
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .extend(tickets);
}

/// A second launch: its files go to the running window, which comes to the front.
pub fn from_second_launch(app: &AppHandle, argv: Vec<String>, cwd: String) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
    let paths = file_args(argv, Path::new(&cwd));
    if paths.is_empty() {
        return;
    }
    let tickets = app.state::<AppState>().tickets.register(paths);
    let _ = app.emit("files-dropped", &tickets);
}

/// The files the app was launched with, once: the window imports them as if
/// they had been dropped on it.
#[tauri::command]
pub fn launch_files(pending: State<'_, Pending>) -> Vec<FileTicket> {
    std::mem::take(&mut *pending.0.lock().unwrap_or_else(|e| e.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_among_the_arguments_relative_to_the_launch_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("q1.csv"), "a\n").unwrap();
        std::fs::create_dir(dir.path().join("folder")).unwrap();
        let abs = dir.path().join("q1.csv");
        let args = [
            "salescope",
            "q1.csv",
            "--some-flag",
            "missing.xlsx",
            "folder",
            abs.to_str().unwrap(),
        ]
        .map(String::from);
        let got = file_args(args, dir.path());
        assert_eq!(got, vec![dir.path().join("q1.csv"), abs.clone()]);
        let uri = format!("file://{}", abs.display());
        assert_eq!(
            file_args(["salescope".to_string(), uri], Path::new("/")),
            vec![abs]
        );
        assert!(file_args(["salescope".to_string()], dir.path()).is_empty());
        // A name that is not UTF-8 is a file like any other.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let latin1 = OsString::from_vec(b"ventes-\xe9t\xe9.csv".to_vec());
            std::fs::write(dir.path().join(&latin1), "a\n").unwrap();
            assert_eq!(
                file_args([OsString::from("salescope"), latin1.clone()], dir.path()),
                vec![dir.path().join(latin1)]
            );
        }
    }
}
