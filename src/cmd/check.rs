//! `pressdex check`: exit 0 when the index is sound, 1 when problems were found, 2 when it
//! cannot be opened.

use std::process::ExitCode;

use anyhow::Context;
use pressdex_index::{ReleaseIndex, check_index};

use crate::cli::CheckArgs;
use crate::{config, print};

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let dir = config::index_dir(args.location.index.as_deref())?;
    let release_index = ReleaseIndex::open(&dir)?;
    let report = check_index(&release_index)
        .with_context(|| format!("reading the index at {}", dir.display()))?;
    print::stats::check(&report, args.json)?;
    Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
