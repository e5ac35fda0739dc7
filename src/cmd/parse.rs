//! `pressdex parse`: read snapshots and print the releases they hold, as the index will
//! receive them. Diagnostics go to stderr; exit 0 when everything parsed, 1 when there were
//! problems but some releases, 2 when nothing could be read.

use std::fs::File;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use pressdex_ingest::{FeedEvent, FeedItem, read_feed, try_build_release};
use rayon::prelude::*;

use crate::config::ParseConfig;
use crate::print;
use crate::snapshots::{self, Snapshot};

/// Items built into releases at once: enough to keep every core busy, few enough that memory
/// stays bounded by a handful of items.
const BATCH: usize = 64;

pub fn run(config: &ParseConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let collected = match snapshots::collect(&config.paths) {
        Ok(collected) => collected,
        Err(err) => match err.downcast_ref::<snapshots::NoSnapshots>() {
            // A folder or glob without snapshots: nothing to print, and a cron line must not
            // take that for success.
            Some(none) => {
                print::index::no_snapshots(none);
                return Ok(ExitCode::from(1));
            }
            None => return Err(err),
        },
    };
    let mut tally = Tally::default();
    for skipped in &collected.skipped {
        print::index::skipped(&skipped.path, &skipped.reason);
        tally.problems += 1;
    }
    for snapshot in &collected.snapshots {
        // A file that cannot be opened is one problem among the others; a failed write to
        // stdout (a closed pipe) stops everything.
        let opened = snapshots::open(&snapshot.path)
            .with_context(|| format!("opening snapshot {}", snapshot.path.display()));
        match opened {
            Ok(file) => parse_snapshot(snapshot, file, config.json, out, &mut tally)?,
            Err(err) => {
                print::error(&err);
                tally.problems += 1;
            }
        }
    }
    Ok(ExitCode::from(match (tally.releases, tally.problems) {
        (_, 0) => 0,
        (0, _) => 2,
        _ => 1,
    }))
}

#[derive(Default)]
struct Tally {
    releases: usize,
    problems: usize,
}

fn parse_snapshot(
    snapshot: &Snapshot,
    file: File,
    json: bool,
    out: &mut dyn Write,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let mut batch: Vec<FeedItem> = Vec::with_capacity(BATCH);
    let name = snapshot.name();
    for event in read_feed(name.as_str(), file) {
        match event {
            FeedEvent::Item(item) => {
                batch.push(item);
                if batch.len() == BATCH {
                    print_batch(&name, std::mem::take(&mut batch), json, out, tally)?;
                }
            }
            FeedEvent::Problem(problem) => {
                tally.problems += 1;
                print::release::diagnostic(&problem);
            }
        }
    }
    print_batch(&name, batch, json, out, tally)
}

fn print_batch(
    source: &str,
    batch: Vec<FeedItem>,
    json: bool,
    out: &mut dyn Write,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    // `collect` keeps the feed's order; an item whose build failed is that item's problem.
    let built: Vec<_> = batch.into_par_iter().map(|item| try_build_release(source, item)).collect();
    for outcome in &built {
        let release = match outcome {
            Ok(release) => release,
            Err(problem) => {
                tally.problems += 1;
                print::release::diagnostic(problem);
                continue;
            }
        };
        if json {
            print::release::release_json(out, release)
        } else {
            print::release::release(out, release)
        }
        .context("writing to stdout")?;
        tally.releases += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use pressdex::wire;

    use super::*;
    use crate::cmd::testing::{feeds, lines};

    #[test]
    fn releases_as_json_have_no_provenance() {
        let config = ParseConfig { paths: vec![feeds()], json: true };
        let (code, out) = crate::cmd::testing::run(|out| run(&config, out));
        assert_eq!(code, ExitCode::SUCCESS);
        let releases: Vec<wire::Release> = lines(&out);
        assert_eq!(releases.len(), 10);
        assert!(releases.iter().all(|release| release.provenance.is_none()));
        assert!(releases.iter().any(|release| !release.agreements.is_empty()));
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let config = ParseConfig { paths: vec!["no/such/feed.xml".into()], json: false };
        let err = run(&config, &mut Vec::new()).expect_err("no such file");
        assert!(err.to_string().contains("no such file or folder"), "{err}");
    }
}
