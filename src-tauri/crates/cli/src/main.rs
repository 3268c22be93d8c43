//! The `salescope-cli` binary: see the library.

fn main() -> std::process::ExitCode {
    salescope_cli::main_from(std::env::args_os())
}
