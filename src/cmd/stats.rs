//! `pressdex stats`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use pressdex_index::{ReleaseIndex, index_stats};

use crate::config::StatsConfig;
use crate::print;

pub fn run(config: &StatsConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let release_index = ReleaseIndex::open(&config.dir)?;
    let stats = index_stats(&release_index, config.top)
        .with_context(|| format!("reading the index at {}", config.dir.display()))?;
    print::stats::stats(out, &stats, config.json)?;
    Ok(ExitCode::SUCCESS)
}
