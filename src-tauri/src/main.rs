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
    // that are still pictures; software painting is enough. Without compositing
    // the DMA-BUF renderer has nothing to carry, and leaving it out saves the
    // window's process 5 MB more. Set before any thread starts; a value the user
    // set is kept.
    for var in [
        "WEBKIT_DISABLE_COMPOSITING_MODE",
        "WEBKIT_DISABLE_DMABUF_RENDERER",
    ] {
        if std::env::var_os(var).is_none() {
            std::env::set_var(var, "1");
        }
    }
    salescope_app::run();
    ExitCode::SUCCESS
}
