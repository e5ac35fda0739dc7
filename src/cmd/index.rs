//! `pressdex index`: collects the snapshot files, hands them to
//! `pressdex_index::index_snapshots` (or `rebuild_index`) with an opener that wraps each file
//! in the progress bar, shows progress and problems as the library reports them, prints the
//! summary. The upsert logic lives in the index crate.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use pressdex_index::{
    IndexCounts, IndexEvent, IndexRequest, Phase, ReleaseIndex, SnapshotMeta, rebuild_index,
};

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
    let collected = snapshots::collect(&config.paths)?;
    for skipped in &collected.skipped {
        print::index::skipped(&skipped.path, &skipped.reason);
    }
    let options = IndexOptions {
        rebuild: config.rebuild,
        commit_every: config.commit_every,
        progress: config.progress,
    };
    let mut counts = index_snapshots(&config.dir, &collected.snapshots, options)?;
    // A file or folder the walk could not read is a problem of the run like an unreadable file.
    counts.problems += collected.skipped.len() as u64;
    print::index::summary(out, &counts, config.json)?;
    Ok(if counts.problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Indexes the files `snapshots` (oldest fetch first) into the index at `dir`, creating it if
/// needed, or rebuilding it with `options.rebuild`.
///
/// # Errors
/// The index is being written by another process, is of another schema version, or cannot be
/// written. Problems in the snapshots are printed and counted, not errors.
pub fn index_snapshots(
    dir: &Path,
    snapshots: &[Snapshot],
    options: IndexOptions,
) -> anyhow::Result<IndexCounts> {
    let metas = snapshots
        .iter()
        .map(|snapshot| {
            let fetched_at: DateTime<Utc> = snapshot.fetched_at.into();
            SnapshotMeta { name: snapshot.name(), fetched_at }
        })
        .collect();
    let mut request = IndexRequest::new(metas);
    request.commit_every = options.commit_every;
    let progress = Progress::new(options.progress, 0, 0);
    let open =
        |at: usize| snapshots::open(&snapshots[at].path).map(|file| progress.wrap_read(file));
    let report = |event: IndexEvent<'_>| show(&progress, &event, snapshots);
    let report = if options.rebuild {
        rebuild_index(dir, &request, open, report)?
    } else {
        let release_index = ReleaseIndex::open_or_create(dir)
            .with_context(|| format!("opening the index at {}", dir.display()))?;
        pressdex_index::index_snapshots(&release_index, &request, open, report)?
    };
    progress.finish();
    Ok(report.counts)
}

/// Shows what the library reports; problems and unreadable files go to stderr above the bar,
/// exactly as `pressdex parse` prints them.
fn show(progress: &Progress, event: &IndexEvent<'_>, snapshots: &[Snapshot]) {
    match event {
        IndexEvent::PhaseStarted { phase: Phase::Committing, .. } => progress.phase("committing"),
        IndexEvent::PhaseStarted { phase, snapshots: reads } => {
            let name = if *phase == Phase::Scanning { "scanning" } else { "indexing" };
            let bytes = reads.iter().map(|at| snapshots[*at].len).sum();
            progress.restart(name, bytes, reads.len());
        }
        IndexEvent::ItemRead { .. } => progress.item(),
        IndexEvent::SnapshotDone { .. } => progress.file_done(),
        IndexEvent::Problem { diagnostic, .. } => {
            progress.suspend(|| print::index::problem(diagnostic));
        }
        IndexEvent::Unreadable { snapshot, error, .. } => {
            progress.suspend(|| print::index::unreadable(&snapshots[*snapshot].path, error));
        }
        _ => {}
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
            paths: vec![feeds()],
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
