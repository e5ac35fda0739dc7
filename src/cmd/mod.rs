//! One module per subcommand, each exposing `run(&XConfig, out) -> anyhow::Result<ExitCode>`:
//! the config comes from `config`, `out` is where the printer writes (stdout, or a buffer in
//! tests). `open` holds what the reading commands share.

use std::io::Write;
use std::process::ExitCode;

use crate::config::Config;

mod check;
mod completions;
mod facets;
mod fetch;
mod index;
mod open;
mod parse;
mod search;
mod serve;
mod show;
mod stats;
#[cfg(test)]
mod testing;
mod update;
mod watch;

/// Runs one subcommand. Exit codes: 0 success, 1 nothing found or done with problems,
/// 2 errors (returned as `Err`).
pub fn run(config: &Config, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    match config {
        Config::Parse(config) => parse::run(config, out),
        Config::Index(config) => index::run(config, out),
        Config::Fetch(config) => fetch::run(config, out),
        Config::Update(config) => update::run(config, out),
        Config::Search(config) => search::run(config, out),
        Config::Facets(config) => facets::run(config, out),
        Config::Show(config) => show::run(config, out),
        Config::Stats(config) => stats::run(config, out),
        Config::Check(config) => check::run(config, out),
        Config::Serve(config) => serve::run(config, out),
        Config::Watch(config) => watch::run(config, out),
        Config::Completions(shell) => completions::run(*shell, out),
        Config::Man(dir) => completions::man(dir.as_deref(), out),
    }
}
