// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    // `salescope --cli ARGS`: the command line (the package's salescope-cli).
    let mut args = std::env::args_os().skip(1).peekable();
    if args.next_if(|a| a == "--cli").is_some() {
        return salescope_cli::main_from(std::iter::once("salescope-cli".into()).chain(args));
    }
    // WebKitGTK's accelerated compositing more than doubles the page process's
    // memory (229 -> 117 MB proportional, measured on the scorecard) for pages
    // that are still pictures; software painting is enough. Set before any
    // thread starts; a value the user set is kept.
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    salescope_app::run();
    ExitCode::SUCCESS
}
