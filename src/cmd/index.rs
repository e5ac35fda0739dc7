//! `pressdex index`: collects the snapshot files, hands them to
//! `pressdex_index::index_snapshots` (or `rebuild_index`) with an opener that wraps each file
//! in the progress bar, shows progress and problems as the library reports them, prints the
//! summary. The upsert logic lives in the index crate.

use std::fs::File;
use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pressdex_index::{
    IndexCounts, IndexEvent, IndexRequest, Phase, ReleaseIndex, SnapshotMeta, index_snapshots,
    rebuild_index,
};

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
    let counts = index_files(&dir, &snapshots, options)?;
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
    index_files(dir, &snapshots, IndexOptions::default())?;
    Ok(true)
}

/// Indexes the files `snapshots` (oldest fetch first) into the index at `dir`, creating it if
/// needed, or rebuilding it with `options.rebuild`.
///
/// # Errors
/// The index is being written by another process, is of another schema version, or cannot be
/// written. Problems in the snapshots are printed and counted, not errors.
fn index_files(
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
    let progress = Progress::new();
    let open = |at: usize| File::open(&snapshots[at].path).map(|file| progress.bar.wrap_read(file));
    let report = |event: IndexEvent<'_>| progress.event(&event, snapshots);
    let report = if options.rebuild {
        rebuild_index(dir, &request, open, report)?
    } else {
        let release_index = ReleaseIndex::open_or_create(dir)
            .with_context(|| format!("opening the index at {}", dir.display()))?;
        index_snapshots(&release_index, &request, open, report)?
    };
    progress.finish();
    Ok(report.counts)
}

/// The progress bar: drawn on stderr only when it is a terminal. Bytes are counted by the
/// readers it wraps; files and items by the library's events.
struct Progress {
    bar: ProgressBar,
    files: AtomicU64,
    total_files: AtomicU64,
    items: AtomicU64,
}

impl Progress {
    fn new() -> Progress {
        let bar = if io::stderr().is_terminal() {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
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
            files: AtomicU64::new(0),
            total_files: AtomicU64::new(0),
            items: AtomicU64::new(0),
        }
    }

    /// Shows what the library reports; problems and unreadable files go to stderr above the
    /// bar, exactly as `pressdex parse` prints them.
    fn event(&self, event: &IndexEvent<'_>, snapshots: &[Snapshot]) {
        match event {
            IndexEvent::PhaseStarted { phase: Phase::Committing, .. } => self.phase("committing"),
            IndexEvent::PhaseStarted { phase, snapshots: reads } => {
                let name = if *phase == Phase::Scanning { "scanning" } else { "indexing" };
                let bytes = reads.iter().map(|at| snapshots[*at].len).sum();
                self.restart(name, bytes, reads.len());
            }
            IndexEvent::ItemRead { .. } => self.item(),
            IndexEvent::SnapshotDone { .. } => self.file_done(),
            IndexEvent::Problem { diagnostic, .. } => {
                self.bar.suspend(|| print::index::problem(diagnostic));
            }
            IndexEvent::Unreadable { snapshot, error, .. } => {
                self.bar.suspend(|| print::index::unreadable(&snapshots[*snapshot].path, error));
            }
            _ => {}
        }
    }

    fn phase(&self, name: &'static str) {
        self.bar.set_message(name);
        self.redraw();
    }

    fn restart(&self, name: &'static str, total_bytes: u64, total_files: usize) {
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
        self.bar.set_prefix(format!(
            "files {}/{}, items {}",
            self.files.load(Ordering::Relaxed),
            self.total_files.load(Ordering::Relaxed),
            self.items.load(Ordering::Relaxed)
        ));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
