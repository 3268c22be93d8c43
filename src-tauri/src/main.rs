// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    // `salescope --cli ARGS`: the command line (the package's salescope-cli).
    let mut args = std::env::args_os().skip(1).peekable();
    if args.next_if(|a| a == "--cli").is_some() {
        return salescope_cli::main_from(std::iter::once("salescope-cli".into()).chain(args));
    }
    salescope_app::run();
    ExitCode::SUCCESS
}
