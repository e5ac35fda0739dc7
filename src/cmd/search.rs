//! `pressdex search`.

use std::process::ExitCode;

use crate::cli::SearchArgs;

pub fn run(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`pressdex search` is not available in this build yet")
}
