//! `pressdex check`.

use std::process::ExitCode;

use crate::cli::CheckArgs;

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`pressdex check` is not available in this build yet")
}
