//! `pressdex search`: open (or first build) the index, search, print. The ranking lives in
//! `pressdex_index::ReleaseSearcher`; the query was parsed and merged with the flags in
//! `config`.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use super::open::open_searcher;
use crate::config::SearchConfig;
use crate::print;

pub fn run(config: &SearchConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let searcher = open_searcher(&config.index)?;
    let results = searcher
        .search(&config.request)
        .with_context(|| format!("searching for {:?}", config.query_text))?;
    print::search::corrections(&config.query_text, &results.corrections);
    let all_words = config.request.all_words;
    if config.json {
        print::search::hits_json(out, &results)?;
    } else {
        print::search::hits(out, &results, &config.style, all_words, started.elapsed())?;
    }
    Ok(if results.total > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
