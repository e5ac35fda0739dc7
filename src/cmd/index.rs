//! `pressdex index`: collects and dates the snapshot files (or, for `--rebuild` without paths,
//! takes the ones the index recorded), hands them to `pressdex_index::index_snapshots` (or
//! `rebuild_index`) with an opener that wraps each file in the progress bar, shows progress and
//! problems as the library reports them, prints the summary and what changed. The upsert logic
//! lives in the index crate.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use pressdex_index::{
    DatedBy, IndexEvent, IndexReport, IndexRequest, Phase, ReleaseIndex, SnapshotMeta,
    TieResolution, rebuild_index, recorded_snapshots,
};

use crate::config::IndexConfig;
use crate::dating::{self, Dated};
use crate::print;
use crate::print::progress::Progress;
use crate::snapshots::{self, NoSnapshots};

/// How one indexing run writes.
#[derive(Clone, Copy, Debug)]
pub struct IndexOptions {
    /// Build a fresh index beside the old one and swap it in when complete.
    pub rebuild: bool,
    /// Also commit every N documents.
    pub commit_every: Option<u64>,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// When the run starts: the `indexed_at`/`changed_at` it gives.
    pub started_at: DateTime<Utc>,
}

impl Default for IndexOptions {
    fn default() -> IndexOptions {
        IndexOptions { rebuild: false, commit_every: None, progress: false, started_at: Utc::now() }
    }
}

pub fn run(config: &IndexConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let (snapshots, skipped) = match snapshots_to_read(config) {
        Ok(read) => read,
        Err(err) => match err.downcast_ref::<NoSnapshots>() {
            Some(none) => {
                print::index::no_snapshots(none);
                return Ok(ExitCode::from(1));
            }
            None => return Err(err),
        },
    };
    let options = IndexOptions {
        rebuild: config.rebuild,
        commit_every: config.commit_every,
        progress: config.progress,
        started_at: config.now,
    };
    let mut report = index_snapshots(&config.dir, &snapshots, options)?;
    // A file or folder the walk could not read is a problem of the run like an unreadable file.
    report.counts.problems += skipped;
    notes(&snapshots, &report);
    print::index::summary(out, &report, config.json)?;
    Ok(exit_code(&report))
}

/// On stderr: which snapshots were dated by their modification time, and the snapshots
/// fetched at the same time that disagree (and how that was decided).
pub fn notes(snapshots: &[Dated], report: &IndexReport) {
    let by_mtime: Vec<String> = snapshots
        .iter()
        .enumerate()
        .filter(|(at, snapshot)| {
            snapshot.dated_by == DatedBy::Mtime
                && !report.unreadable.contains(at)
                && !report.not_feeds.contains(at)
        })
        .map(|(_, snapshot)| snapshot.name())
        .collect();
    print::index::dated_by_mtime(&by_mtime);
    let name_of = |path: &str| {
        snapshots.iter().find(|s| s.canonical == path).map_or(path.to_string(), Dated::name)
    };
    for tie in &report.ties {
        print::index::tie(tie, &name_of(&tie.snapshots[0]), &name_of(&tie.snapshots[1]));
    }
}

/// 2 when a file was not a feed (as `parse` says), 1 when there were problems or a tie that
/// nothing decided, else 0.
pub fn exit_code(report: &IndexReport) -> ExitCode {
    ExitCode::from(exit_status(report))
}

/// [`exit_code`] as a number, for `update` to weigh against its fetch.
pub fn exit_status(report: &IndexReport) -> u8 {
    let undecided = report.ties.iter().any(|tie| tie.resolution != TieResolution::FeedDate);
    if !report.not_feeds.is_empty() {
        2
    } else if report.counts.problems > 0 || undecided {
        1
    } else {
        0
    }
}

/// The snapshots a run reads: PATHS, dated; with `--rebuild` and no PATHS, those the index
/// recorded; else the default feeds folder. Also how many entries the walk skipped (each
/// warned about here).
fn snapshots_to_read(config: &IndexConfig) -> anyhow::Result<(Vec<Dated>, u64)> {
    if config.paths.is_empty() && config.rebuild && config.dir.join("meta.json").is_file() {
        return Ok((recorded(&config.dir, config.allow_missing, config.fetched_at)?, 0));
    }
    let paths = if config.paths.is_empty() {
        let feeds = config.default_feeds.as_ref().context(
            "no snapshots given and no default feeds folder: pass PATHS, set PRESSDEX_FEEDS, \
             or run in a folder with index-data/feeds",
        )?;
        vec![feeds.clone()]
    } else {
        config.paths.clone()
    };
    let collected = snapshots::collect(&paths)?;
    for skipped in &collected.skipped {
        print::index::skipped(&skipped.path, &skipped.reason);
    }
    let dated = dating::date_all(&collected.snapshots, config.fetched_at);
    Ok((dated, collected.skipped.len() as u64))
}

/// The snapshots the index at `dir` recorded, each path once with the time it was last
/// indexed under. A snapshot that is gone (deleted, or replaced by a later file at its path)
/// is a warning, and an error unless `allow_missing`: a rebuild must not silently drop what
/// only it held.
fn recorded(
    dir: &Path,
    allow_missing: bool,
    fetched_at: Option<DateTime<Utc>>,
) -> anyhow::Result<Vec<Dated>> {
    let records = recorded_snapshots(dir)
        .with_context(|| format!("reading the snapshots recorded by {}", dir.display()))?;
    let mut latest: BTreeMap<String, SnapshotMeta> = BTreeMap::new();
    let mut gone = Vec::new();
    for record in records {
        match latest.remove(&record.path) {
            Some(held) if held.fetched_at > record.fetched_at => {
                gone.push((record, "replaced by a later snapshot at its path"));
                latest.insert(held.path.clone(), held);
            }
            Some(held) => {
                if held.fetched_at != record.fetched_at {
                    gone.push((held, "replaced by a later snapshot at its path"));
                }
                latest.insert(record.path.clone(), record);
            }
            None => {
                latest.insert(record.path.clone(), record);
            }
        }
    }
    let mut present = Vec::new();
    let mut undated = Vec::new();
    for record in latest.into_values() {
        let path = PathBuf::from(&record.path);
        let Ok(meta) = std::fs::metadata(&path) else {
            gone.push((record, "gone"));
            continue;
        };
        match record.dated_by {
            Some(dated_by) => present.push(Dated {
                canonical: dating::canonical(&path),
                path,
                len: meta.len(),
                fetched_at: record.fetched_at,
                dated_by,
                url: record.url,
            }),
            // Recorded before snapshots were dated (by their mtime then): date them again.
            None => undated.push(snapshots::Snapshot {
                path,
                modified: meta.modified().unwrap_or(std::time::SystemTime::UNIX_EPOCH),
                len: meta.len(),
            }),
        }
    }
    present.extend(dating::date_all(&undated, fetched_at));
    present.sort_by(|a, b| a.fetched_at.cmp(&b.fetched_at).then_with(|| a.path.cmp(&b.path)));
    for (record, why) in &gone {
        print::index::gone(&record.path, record.fetched_at, why);
    }
    if !gone.is_empty() && !allow_missing {
        bail!(
            "{} of the snapshots the index recorded {} gone: nothing was rebuilt (pass \
             --allow-missing to rebuild without them, losing what only they held)",
            gone.len(),
            if gone.len() == 1 { "is" } else { "are" }
        );
    }
    Ok(present)
}

/// Indexes `snapshots` (oldest fetch first) into the index at `dir`, creating it if needed, or
/// rebuilding it with `options.rebuild`. [`notes`] tells what the user should know of it.
///
/// # Errors
/// The index is being written by another process, is of another schema version, or cannot be
/// written. Problems in the snapshots are printed and counted, not errors.
pub fn index_snapshots(
    dir: &Path,
    snapshots: &[Dated],
    options: IndexOptions,
) -> anyhow::Result<IndexReport> {
    let metas = snapshots
        .iter()
        .map(|snapshot| {
            SnapshotMeta::new(snapshot.name(), snapshot.fetched_at)
                .with_path(&snapshot.canonical)
                .dated_by(snapshot.dated_by)
                .with_url(snapshot.url.clone())
        })
        .collect();
    let mut request = IndexRequest::new(metas);
    request.commit_every = options.commit_every;
    request.started_at = options.started_at;
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
    Ok(report)
}

/// Shows what the library reports; problems and unreadable files go to stderr above the bar,
/// exactly as `pressdex parse` prints them.
fn show(progress: &Progress, event: &IndexEvent<'_>, snapshots: &[Dated]) {
    match event {
        IndexEvent::PhaseStarted { phase: Phase::Committing, .. } => progress.phase("committing"),
        IndexEvent::PhaseStarted { phase, snapshots: reads } => {
            let name = if *phase == Phase::Scanning { "scanning" } else { "indexing" };
            let bytes = reads.iter().map(|at| snapshots[*at].len).sum();
            progress.restart(name, bytes, reads.len());
        }
        IndexEvent::ItemRead { .. } => progress.item(),
        IndexEvent::SnapshotDone { .. } => progress.file_done(),
        // Hashed to compare with the index's record, then read again to scan.
        IndexEvent::Rereading { snapshot } => progress.extend(snapshots[*snapshot].len),
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
            default_feeds: None,
            rebuild: false,
            allow_missing: false,
            fetched_at: None,
            commit_every: None,
            now: Utc::now(),
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
        assert_eq!(first.changes.len(), 10);
        let again = summary(&IndexConfig { rebuild: true, ..config.clone() });
        // A rebuild starts a fresh index but says what is new against the one it replaces.
        assert_eq!((again.added, again.unchanged), (0, 10));
        assert!(again.changes.is_empty());
        let last = summary(&config);
        assert_eq!((last.added, last.updated, last.unchanged), (0, 0, 10));
        assert!(last.changes.is_empty());
        // A rebuild without paths reads what the index recorded.
        let recorded = IndexConfig { rebuild: true, paths: Vec::new(), ..config };
        let recorded = summary(&recorded);
        assert_eq!((recorded.files, recorded.items, recorded.unchanged), (1, 10, 10));
    }
}
