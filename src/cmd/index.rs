//! `pressdex index`: opens the snapshot files, streams them through the feed reader into
//! `pressdex_index::Indexer`, shows progress, prints the summary. The upsert logic lives in the
//! index crate.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use pressdex_index::{
    IndexCounts, Indexer, IndexerConfig, ReleaseIndex, SnapshotId, SnapshotMeta, WriteLock,
};
use pressdex_ingest::feed::{FeedEvent, read_feed};

use crate::config::IndexConfig;
use crate::print;
use crate::print::progress::Progress;
use crate::snapshots::{self, Snapshot};

/// How one indexing run writes.
#[derive(Clone, Copy, Debug, Default)]
pub struct IndexOptions {
    /// Build a fresh index beside the old one and swap it in when complete.
    pub rebuild: bool,
    /// Also commit every N documents.
    pub commit_every: Option<u64>,
    /// Draw a progress bar on stderr.
    pub progress: bool,
}

pub fn run(config: &IndexConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let snapshots = snapshots::collect(&config.paths)?;
    let options = IndexOptions {
        rebuild: config.rebuild,
        commit_every: config.commit_every,
        progress: config.progress,
    };
    let counts = index_snapshots(&config.dir, &snapshots, options)?;
    print::index::summary(out, &counts, config.json)?;
    Ok(if counts.problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Indexes `snapshots` (oldest fetch first) into the index at `dir`, creating it if needed.
///
/// # Errors
/// The index is being written by another process, is of another schema version, or cannot be
/// written. Problems in the snapshots are printed and counted, not errors.
pub fn index_snapshots(
    dir: &Path,
    snapshots: &[Snapshot],
    options: IndexOptions,
) -> anyhow::Result<IndexCounts> {
    let config = IndexerConfig { commit_every: options.commit_every, ..IndexerConfig::default() };
    if !options.rebuild {
        let release_index = ReleaseIndex::open_or_create(dir)
            .with_context(|| format!("opening the index at {}", dir.display()))?;
        let indexer = Indexer::new(&release_index, config)?;
        return feed(indexer, snapshots, options.progress);
    }
    // Keep other writers off the old index while the new one is built beside it.
    let _lock = WriteLock::acquire(dir)?;
    let fresh = pressdex_index::rebuild_dir(dir);
    if fresh.exists() {
        // Another `--rebuild` of an index that did not exist yet holds only this one's lock.
        drop(WriteLock::acquire(&fresh)?);
        std::fs::remove_dir_all(&fresh)
            .with_context(|| format!("removing an unfinished rebuild at {}", fresh.display()))?;
    }
    let release_index = ReleaseIndex::create(&fresh)
        .with_context(|| format!("creating the index at {}", fresh.display()))?;
    let indexer = Indexer::new(&release_index, config)?;
    let counts = feed(indexer, snapshots, options.progress)?;
    pressdex_index::swap_in(&fresh, dir)
        .with_context(|| format!("swapping the rebuilt index into {}", dir.display()))?;
    Ok(counts)
}

/// Both passes over `snapshots`, then the commit.
fn feed(
    mut indexer: Indexer,
    snapshots: &[Snapshot],
    show_progress: bool,
) -> anyhow::Result<IndexCounts> {
    let ids: Vec<SnapshotId> = snapshots
        .iter()
        .map(|snapshot| {
            let fetched_at: DateTime<Utc> = snapshot.fetched_at.into();
            indexer.add_snapshot(SnapshotMeta { name: snapshot.name(), fetched_at })
        })
        .collect();
    let progress =
        Progress::new(show_progress, snapshots.iter().map(|s| s.len).sum(), snapshots.len());
    progress.phase("scanning");
    let mut unreadable = 0;
    for (id, snapshot) in ids.iter().zip(snapshots) {
        let Some(events) = open(snapshot, &progress) else {
            unreadable += 1;
            continue;
        };
        let events = events.inspect(|event| match event {
            FeedEvent::Problem(diagnostic) => {
                progress.suspend(|| print::index::problem(diagnostic))
            }
            FeedEvent::Item(_) => progress.item(),
        });
        indexer.scan(*id, events)?;
        progress.file_done();
    }
    let to_write: Vec<(SnapshotId, &Snapshot)> =
        ids.iter().copied().zip(snapshots).filter(|(id, _)| indexer.needs_write(*id)).collect();
    progress.restart("indexing", to_write.iter().map(|(_, s)| s.len).sum(), to_write.len());
    for (id, snapshot) in to_write {
        // A file that vanished since the scan was already counted; its releases wait for the
        // next run.
        let Some(events) = open(snapshot, &progress) else { continue };
        indexer.write(
            id,
            events.inspect(|event| {
                if matches!(event, FeedEvent::Item(_)) {
                    progress.item();
                }
            }),
        )?;
        progress.file_done();
    }
    progress.phase("committing");
    let mut counts = indexer.commit()?;
    progress.finish();
    counts.problems += unreadable;
    Ok(counts)
}

/// The events of `snapshot`, counting bytes read into `progress`; `None` (after printing why)
/// when the file cannot be opened.
fn open(snapshot: &Snapshot, progress: &Progress) -> Option<impl Iterator<Item = FeedEvent>> {
    match File::open(&snapshot.path) {
        Ok(file) => Some(read_feed(
            snapshot.name(),
            BufReader::with_capacity(1 << 16, progress.wrap_read(file)),
        )),
        Err(err) => {
            progress.suspend(|| print::index::unreadable(&snapshot.path, &err));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use pressdex::wire;

    use super::*;
    use crate::cmd::testing::feeds;

    #[test]
    fn indexing_twice_adds_then_leaves_unchanged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = IndexConfig {
            dir: dir.path().join("idx"),
            paths: vec![feeds().display().to_string()],
            rebuild: false,
            commit_every: None,
            progress: false,
            json: true,
        };
        let summary = |config: &IndexConfig| {
            let (code, out) = crate::cmd::testing::run(|out| run(config, out));
            assert_eq!(code, ExitCode::SUCCESS);
            serde_json::from_str::<wire::IndexSummary>(&out).expect("one JSON object")
        };
        let first = summary(&config);
        assert_eq!((first.items, first.added, first.unchanged), (10, 10, 0));
        let again = summary(&IndexConfig { rebuild: true, ..config.clone() });
        assert_eq!((again.added, again.unchanged), (10, 0), "a rebuild starts empty");
        let last = summary(&config);
        assert_eq!((last.added, last.updated, last.unchanged), (0, 0, 10));
    }
}
