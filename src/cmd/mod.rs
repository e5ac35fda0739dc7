//! One module per subcommand, each exposing `run(args) -> anyhow::Result<ExitCode>`.

use std::process::ExitCode;

use crate::cli::Command;

mod check;
mod completions;
mod facets;
mod index;
mod parse;
mod search;
mod show;
mod stats;

/// Runs one subcommand. Exit codes: 0 success, 1 nothing found or done with problems,
/// 2 errors (returned as `Err`).
pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Parse(args) => parse::run(&args),
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Facets(args) => facets::run(&args),
        Command::Show(args) => show::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man => completions::man(),
    }
}
