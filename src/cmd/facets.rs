//! `pressdex facets`: counts per facet value over the releases a query matches.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use super::open::open_searcher;
use crate::config::FacetsConfig;
use crate::print;

pub fn run(config: &FacetsConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let searcher = open_searcher(&config.index)?;
    let counts = searcher
        .facets(&config.query, false, &config.dimensions, config.buckets)
        .with_context(|| format!("counting facets for {:?}", config.query_text))?;
    print::facets::facets(out, &counts, &config.style, config.json)?;
    let total = counts.first().map_or(0, |facet| facet.total);
    Ok(if total > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
