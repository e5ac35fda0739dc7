//! `pressdex stats`.

use std::process::ExitCode;

use crate::cli::StatsArgs;

pub fn run(args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`pressdex stats` is not available in this build yet")
}
