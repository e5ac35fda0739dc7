//! `pressdex-corpus`: writes generated CBP-style feed snapshots (see the library's docs).
//!
//! ```text
//! pressdex-corpus --items 100000 --seed 1 --out corpus/100k.xml
//! pressdex-corpus --items 20000 --seed 1 --snapshots 8 --out snapshots/feed.xml.gz
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use pressdex_corpus::{Corpus, CorpusConfig};

/// Writes deterministic CBP-style RSS snapshots for benchmarks and tests.
#[derive(Debug, Parser)]
#[command(name = "pressdex-corpus", version, about)]
struct Args {
    /// Releases on the timeline.
    #[arg(long, value_name = "N")]
    items: usize,
    /// The seed: the same flags always write the same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// The snapshot file; gzip when it ends in .gz. With --snapshots K > 1, files are numbered
    /// before the extension: feed.xml.gz -> feed-001.xml.gz ... feed-K.xml.gz.
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Overlapping snapshots (sliding windows over the timeline, some items edited between
    /// consecutive ones), with increasing mtimes.
    #[arg(long, value_name = "K", default_value_t = 1)]
    snapshots: usize,
    /// Percent of shared items edited between consecutive snapshots.
    #[arg(long, value_name = "P", default_value_t = 5)]
    edit_percent: u32,
}

#[allow(clippy::print_stderr, reason = "this tool's only output is its progress on stderr")]
fn main() -> ExitCode {
    match run(&Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("pressdex-corpus: {err:#}");
            ExitCode::from(2)
        }
    }
}

#[allow(clippy::print_stderr, reason = "this tool's only output is its progress on stderr")]
fn run(args: &Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let config = CorpusConfig {
        items: args.items,
        seed: args.seed,
        snapshots: args.snapshots,
        edit_percent: args.edit_percent,
    };
    let corpus = Corpus::new(config).context("planning the corpus")?;
    let written = corpus.write_files(&args.out)?;
    for snapshot in &written {
        eprintln!(
            "{}: {} items, {} bytes, fetched {}",
            snapshot.path.display(),
            snapshot.plan.items.len(),
            snapshot.bytes,
            snapshot.plan.fetched_at.to_rfc3339(),
        );
    }
    eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
