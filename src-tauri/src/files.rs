//! Files the user handed to the app (dropped on the window or chosen in a
//! dialog) and the native dialogs. The window never sends a path: it gets a
//! ticket number per file and sends that back, so a command can only read a
//! file the user picked, and writes only where the user chose in a dialog.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use salescope_core::FileTicket;
use salescope_core::{Error, ErrorCode};
use tauri::AppHandle;

/// The files handed over in this run of the app, by ticket.
#[derive(Default)]
pub struct Tickets {
    inner: Mutex<(u32, HashMap<u32, PathBuf>)>,
}

impl Tickets {
    /// Gives each path a ticket.
    pub fn register(&self, paths: Vec<PathBuf>) -> Vec<FileTicket> {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        paths
            .into_iter()
            .map(|p| {
                g.0 += 1;
                let id = g.0;
                let name = file_name(&p);
                g.1.insert(id, p);
                FileTicket { id, name }
            })
            .collect()
    }

    /// Whether the user handed this path over in this session (dropped it,
    /// chose it, gave it at launch), or the app wrote it (the sample).
    pub fn issued(&self, path: &Path) -> bool {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.1.values().any(|p| p == path)
    }

    /// The path behind a ticket; an error for a ticket never given.
    pub fn path(&self, id: u32) -> Result<PathBuf, Error> {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        g.1.get(&id).cloned().ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                "that file was not dropped or chosen in this session; drop it again or open it",
            )
        })
    }
}

pub fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The spreadsheet types the Open dialog offers. GTK matches patterns case by
/// case, and exports from Windows often end in capitals, so both are listed.
const EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "tsv", "txt", "XLSX", "XLSM", "XLS", "XLSB",
    "ODS", "CSV", "TSV", "TXT",
];

/// What a dialog asks for.
pub enum Ask {
    Open,
    /// One file to import again, the dataset's source preselected.
    Again {
        name: String,
        dir: Option<PathBuf>,
    },
    /// A Salescope database to use instead of the current one.
    Database,
    Save {
        name: String,
    },
    /// Where to write the meeting deck: PowerPoint or PDF.
    SaveDeck {
        name: String,
    },
    Folder,
}

/// Shows a native dialog (built on the main thread, awaited on another, as GTK
/// requires) and returns the chosen paths; empty when cancelled.
pub async fn dialog(
    app: &AppHandle,
    window: tauri::Window,
    ask: Ask,
) -> Result<Vec<PathBuf>, Error> {
    let (send, recv) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    app.run_on_main_thread(move || {
        let d = rfd::AsyncFileDialog::new().set_parent(&window);
        std::thread::spawn(move || {
            let paths = tauri::async_runtime::block_on(async move {
                let to_paths = |fs: Option<Vec<rfd::FileHandle>>| {
                    fs.unwrap_or_default()
                        .iter()
                        .map(|f| f.path().to_path_buf())
                        .collect::<Vec<_>>()
                };
                match ask {
                    Ask::Open => to_paths(
                        d.set_title("Import spreadsheets")
                            .add_filter("Spreadsheets and CSV", EXTENSIONS)
                            .pick_files()
                            .await,
                    ),
                    Ask::Save { name } => d
                        .set_title("Export chart as PNG")
                        .add_filter("PNG image", &["png", "PNG"])
                        .set_file_name(name)
                        .save_file()
                        .await
                        .map(|f| vec![f.path().to_path_buf()])
                        .unwrap_or_default(),
                    Ask::SaveDeck { name } => d
                        .set_title("Export the meeting deck")
                        .add_filter("PowerPoint presentation", &["pptx", "PPTX"])
                        .add_filter("PDF document", &["pdf", "PDF"])
                        .set_file_name(name)
                        .save_file()
                        .await
                        .map(|f| vec![f.path().to_path_buf()])
                        .unwrap_or_default(),
                    Ask::Again { name, dir } => {
                        let d = match dir {
                            Some(dir) => d.set_directory(dir),
                            None => d,
                        };
                        d.set_title(format!("Import {name} again"))
                            .add_filter("Spreadsheets and CSV", EXTENSIONS)
                            .set_file_name(name)
                            .pick_file()
                            .await
                            .map(|f| vec![f.path().to_path_buf()])
                            .unwrap_or_default()
                    }
                    Ask::Database => d
                        .set_title("Open a Salescope database")
                        .add_filter("Salescope database", &["db", "sqlite", "sqlite3"])
                        .pick_file()
                        .await
                        .map(|f| vec![f.path().to_path_buf()])
                        .unwrap_or_default(),
                    Ask::Folder => d
                        .set_title("Export all charts into a folder")
                        .pick_folder()
                        .await
                        .map(|f| vec![f.path().to_path_buf()])
                        .unwrap_or_default(),
                }
            });
            let _ = send.send(paths);
        });
    })
    .map_err(|e| Error::new(ErrorCode::Io, format!("cannot open the dialog: {e}")))?;
    tauri::async_runtime::spawn_blocking(move || recv.recv())
        .await
        .map_err(|e| {
            Error::new(
                ErrorCode::Io,
                format!("the dialog stopped unexpectedly: {e}"),
            )
        })?
        .map_err(|_| Error::new(ErrorCode::Io, "the dialog closed unexpectedly"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_gives_back_its_path_and_an_unknown_ticket_is_refused() {
        let t = Tickets::default();
        let got = t.register(vec![
            PathBuf::from("/data/q3 deals.xlsx"),
            PathBuf::from("/x/y.csv"),
        ]);
        assert_eq!(
            got,
            vec![
                FileTicket {
                    id: 1,
                    name: "q3 deals.xlsx".into()
                },
                FileTicket {
                    id: 2,
                    name: "y.csv".into()
                }
            ]
        );
        assert_eq!(t.path(2).unwrap(), PathBuf::from("/x/y.csv"));
        let e = t.path(3).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument);
        assert!(t.path(0).is_err());
    }
}
