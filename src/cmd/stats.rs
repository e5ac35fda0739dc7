//! `pressdex stats`.

use std::process::ExitCode;

use anyhow::Context;
use pressdex_index::{ReleaseIndex, index_stats};

use crate::cli::StatsArgs;
use crate::{config, print};

/// Values listed per facet.
const TOP: usize = 10;

pub fn run(args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let dir = config::index_dir(args.location.index.as_deref())?;
    let release_index = ReleaseIndex::open(&dir)?;
    let stats = index_stats(&release_index, TOP)
        .with_context(|| format!("reading the index at {}", dir.display()))?;
    print::stats::stats(&stats, args.json)?;
    Ok(ExitCode::SUCCESS)
}
