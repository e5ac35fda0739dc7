//! `pressdex index`.

use std::process::ExitCode;

use crate::cli::IndexArgs;

pub fn run(args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`pressdex index` is not available in this build yet")
}
