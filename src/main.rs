//! The `pressdex` binary: parses flags, reads snapshot files, wires ingest to index, prints.
//! It holds no search logic: that lives in `pressdex-index`.

use std::io;
use std::process::ExitCode;

use clap::Parser;

mod cli;
mod cmd;
mod config;
mod print;
mod snapshots;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`pressdex search x | head`) is not an error: stop quietly, as
            // ripgrep does.
            if err.chain().any(|cause| {
                cause
                    .downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            print::error(&err);
            ExitCode::from(2)
        }
    }
}
