//! `pressdex parse`: read snapshots and print the releases they hold, as the index will
//! receive them. Diagnostics go to stderr; exit 0 when everything parsed, 1 when there were
//! problems but some releases, 2 when nothing could be read.

use std::fs::File;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use pressdex_ingest::{FeedEvent, FeedItem, PressRelease, build_release, read_feed};
use rayon::prelude::*;

use crate::config::ParseConfig;
use crate::print;
use crate::snapshots::{self, Snapshot};

/// Items built into releases at once: enough to keep every core busy, few enough that memory
/// stays bounded by a handful of items.
const BATCH: usize = 64;

pub fn run(config: &ParseConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let snapshots = match snapshots::collect(&config.paths) {
        Ok(snapshots) => snapshots,
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
    for snapshot in &snapshots {
        // A file that cannot be opened is one problem among the others; a failed write to
        // stdout (a closed pipe) stops everything.
        let opened = File::open(&snapshot.path)
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
    for event in read_feed(snapshot.name(), file) {
        match event {
            FeedEvent::Item(item) => {
                batch.push(item);
                if batch.len() == BATCH {
                    print_batch(std::mem::take(&mut batch), json, out, tally)?;
                }
            }
            FeedEvent::Problem(problem) => {
                tally.problems += 1;
                print::release::diagnostic(&problem);
            }
        }
    }
    print_batch(batch, json, out, tally)
}

fn print_batch(
    batch: Vec<FeedItem>,
    json: bool,
    out: &mut dyn Write,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    // `collect` keeps the feed's order.
    let releases: Vec<PressRelease> = batch.into_par_iter().map(build_release).collect();
    for release in &releases {
        if json {
            print::release::release_json(out, release)
        } else {
            print::release::release(out, release)
        }
        .context("writing to stdout")?;
    }
    tally.releases += releases.len();
    Ok(())
}

#[cfg(test)]
mod tests {
    use pressdex::wire;

    use super::*;
    use crate::cmd::testing::{feeds, lines};

    #[test]
    fn releases_as_json_have_no_provenance() {
        let config = ParseConfig { paths: vec![feeds().display().to_string()], json: true };
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
