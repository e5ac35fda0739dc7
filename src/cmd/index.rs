//! `pressdex index`: opens the snapshot files, streams them through the feed reader into
//! `pressdex_index::Indexer`, shows progress, prints the summary. The upsert logic lives in the
//! index crate.

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pressdex_index::{
    IndexCounts, Indexer, IndexerConfig, ReleaseIndex, SnapshotId, SnapshotMeta, WriteLock,
};
use pressdex_ingest::{FeedEvent, read_feed};

use crate::cli::IndexArgs;
use crate::snapshots::{self, Snapshot};
use crate::{config, print};

/// How one indexing run writes.
#[derive(Clone, Copy, Debug, Default)]
pub struct IndexOptions {
    /// Build a fresh index beside the old one and swap it in when complete.
    pub rebuild: bool,
    /// Also commit every N documents.
    pub commit_every: Option<u64>,
}

pub fn run(args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let dir = config::index_dir(args.location.index.as_deref())?;
    let paths: Vec<String> = if args.paths.is_empty() {
        let feeds = config::feeds_dir().context(
            "no snapshots given and no default feeds folder: pass PATHS, set PRESSDEX_FEEDS, \
             or run in a folder with index-data/feeds",
        )?;
        vec![feeds.display().to_string()]
    } else {
        args.paths.clone()
    };
    let snapshots = snapshots::collect(&paths)?;
    let options = IndexOptions { rebuild: args.rebuild, commit_every: args.commit_every };
    let counts = index_snapshots(&dir, &snapshots, options)?;
    print::index::summary(&counts, args.json)?;
    Ok(if counts.problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Builds the default index from the default feeds folder when the index is missing and the
/// folder exists (what `search` does on first use), with one line on stderr. Returns whether it
/// built one.
///
/// # Errors
/// As `pressdex index`.
pub fn build_default(dir: &Path) -> anyhow::Result<bool> {
    if dir.join("meta.json").is_file() {
        return Ok(false);
    }
    let Some(feeds) = config::feeds_dir() else { return Ok(false) };
    let snapshots = snapshots::collect(&[feeds.display().to_string()])?;
    if snapshots.is_empty() {
        return Ok(false);
    }
    print::index::building_default(dir, &feeds);
    index_snapshots(dir, &snapshots, IndexOptions::default())?;
    Ok(true)
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
        return feed(indexer, snapshots);
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
    let counts = feed(indexer, snapshots)?;
    pressdex_index::swap_in(&fresh, dir)
        .with_context(|| format!("swapping the rebuilt index into {}", dir.display()))?;
    Ok(counts)
}

/// Both passes over `snapshots`, then the commit.
fn feed(mut indexer: Indexer, snapshots: &[Snapshot]) -> anyhow::Result<IndexCounts> {
    let ids: Vec<SnapshotId> = snapshots
        .iter()
        .map(|snapshot| {
            let fetched_at: DateTime<Utc> = snapshot.fetched_at.into();
            indexer.add_snapshot(SnapshotMeta { name: snapshot.name(), fetched_at })
        })
        .collect();
    let progress = Progress::new(snapshots.iter().map(|s| s.len).sum(), snapshots.len());
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
        Ok(file) => {
            let reader = CountingReader { inner: file, bytes: progress.bytes.clone() };
            Some(read_feed(snapshot.name(), BufReader::with_capacity(1 << 16, reader)))
        }
        Err(err) => {
            progress.suspend(|| print::index::unreadable(&snapshot.path, &err));
            None
        }
    }
}

struct CountingReader<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.bytes.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

/// The progress bar: drawn on stderr only when it is a terminal.
struct Progress {
    bar: ProgressBar,
    bytes: Arc<AtomicU64>,
    files: AtomicU64,
    total_files: AtomicU64,
    items: AtomicU64,
}

impl Progress {
    fn new(total_bytes: u64, total_files: usize) -> Progress {
        let bar = if io::stderr().is_terminal() {
            ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        let style = ProgressStyle::with_template(
            "{msg:>10} [{wide_bar}] {binary_bytes}/{binary_total_bytes} \
             {binary_bytes_per_sec} ETA {eta} {prefix}",
        )
        .expect("the template is valid")
        .progress_chars("=> ");
        bar.set_style(style);
        Progress {
            bar,
            bytes: Arc::new(AtomicU64::new(0)),
            files: AtomicU64::new(0),
            total_files: AtomicU64::new(total_files as u64),
            items: AtomicU64::new(0),
        }
    }

    fn phase(&self, name: &'static str) {
        self.bar.set_message(name);
        self.redraw();
    }

    fn restart(&self, name: &'static str, total_bytes: u64, total_files: usize) {
        self.bytes.store(0, Ordering::Relaxed);
        self.files.store(0, Ordering::Relaxed);
        self.items.store(0, Ordering::Relaxed);
        self.total_files.store(total_files as u64, Ordering::Relaxed);
        self.bar.reset();
        self.bar.set_length(total_bytes);
        self.phase(name);
    }

    fn item(&self) {
        let items = self.items.fetch_add(1, Ordering::Relaxed) + 1;
        if items.is_multiple_of(64) {
            self.redraw();
        }
    }

    fn file_done(&self) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.redraw();
    }

    fn redraw(&self) {
        if self.bar.is_hidden() {
            return;
        }
        self.bar.set_position(self.bytes.load(Ordering::Relaxed));
        self.bar.set_prefix(format!(
            "files {}/{}, items {}",
            self.files.load(Ordering::Relaxed),
            self.total_files.load(Ordering::Relaxed),
            self.items.load(Ordering::Relaxed)
        ));
    }

    fn suspend(&self, f: impl FnOnce()) {
        self.bar.suspend(f);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
