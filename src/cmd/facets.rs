//! `pressdex facets`.

use std::process::ExitCode;

use crate::cli::FacetsArgs;

pub fn run(args: &FacetsArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("`pressdex facets` is not available in this build yet")
}
