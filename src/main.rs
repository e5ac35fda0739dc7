//! The `pressdex` binary: parses flags, reads snapshot files, wires ingest to index, prints.
//! It holds no search logic: that lives in `pressdex-index`.
// Only `src/print` writes to the terminal: it alone may print or take stdout/stderr
// (`clippy.toml` disallows `std::io::stdout` and `std::io::stderr` elsewhere).
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_methods)]

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;

mod cli;
mod cmd;
mod config;
mod dating;
mod fetch;
mod print;
mod serve;
mod snapshots;
mod watches;

fn main() -> ExitCode {
    let cli = cli::Cli::parse_args();
    // A panic the libraries catch (Tantivy's on damaged data) is their error message; one
    // that reaches here is a bug, printed once, exit 101 as Rust's own.
    print::record_panics();
    let Ok(result) = std::panic::catch_unwind(|| run(cli)) else {
        print::uncaught_panic();
        return ExitCode::from(101);
    };
    match result {
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
            match err.downcast_ref::<config::BadQuery>() {
                Some(bad) => print::search::query_error(&bad.text, &bad.error),
                None => print::error(&err),
            }
            ExitCode::from(2)
        }
    }
}

fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    let config = config::Config::from_cli(cli)?;
    let mut out = print::stdout();
    let code = cmd::run(&config, &mut out)?;
    out.flush().context("writing to stdout")?;
    Ok(code)
}
