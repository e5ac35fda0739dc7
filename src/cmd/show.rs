//! `pressdex show`.

use std::process::ExitCode;

use crate::cli::ShowArgs;

pub fn run(args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`pressdex show` is not available in this build yet")
}
