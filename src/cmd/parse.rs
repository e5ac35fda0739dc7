//! `pressdex parse`.

use std::process::ExitCode;

use crate::cli::ParseArgs;

pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`pressdex parse` is not available in this build yet")
}
