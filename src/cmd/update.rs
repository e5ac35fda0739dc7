//! `pressdex update`: `fetch`, then `index` of what the archive holds that the index has not
//! read: the snapshots this run stored, and any an earlier run stored but could not index (a
//! locked index, a full disk), so that a failed night is caught up by the next one. Indexing
//! goes through `cmd::index::index_snapshots`, the very call `pressdex index` makes. Prints
//! both summaries; the exit code is the worse of the two.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use pressdex_index::{IndexCounts, ReleaseIndex, index_stats};

use super::fetch::{exit_code, fetch_feeds};
use super::index::{IndexOptions, index_snapshots};
use crate::config::UpdateConfig;
use crate::fetch::FeedReport;
use crate::fetch::manifest::{self, Outcome};
use crate::print;
use crate::snapshots::Snapshot;

pub fn run(config: &UpdateConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let json = config.fetch.json;
    let reports = fetch_feeds(&config.fetch)?;
    for report in &reports {
        print::fetch::feed(out, report, json)?;
    }
    let fetched = exit_code(&reports);
    let snapshots = unindexed(&config.index_dir, &config.fetch.archive, &reports)?;
    let counts = if snapshots.is_empty() {
        IndexCounts::default()
    } else {
        let options = IndexOptions {
            rebuild: false,
            commit_every: config.commit_every,
            progress: config.progress,
        };
        index_snapshots(&config.index_dir, &snapshots, options)?
    };
    print::index::summary(out, &counts, json)?;
    Ok(if counts.problems > 0 { ExitCode::from(1) } else { fetched })
}

/// The archived snapshots of the feeds in `reports` that the index at `index_dir` has not
/// recorded, oldest fetch first, each dated by its manifest record.
///
/// # Errors
/// A manifest cannot be read, or the index exists but cannot be opened.
fn unindexed(
    index_dir: &Path,
    archive: &Path,
    reports: &[FeedReport],
) -> anyhow::Result<Vec<Snapshot>> {
    let indexed = indexed_paths(index_dir)?;
    let mut snapshots = Vec::new();
    for report in reports {
        let folder = archive.join(&report.feed);
        let records = manifest::read(&folder)
            .with_context(|| format!("reading the manifest in {}", folder.display()))?;
        for record in records.iter().filter(|record| record.outcome == Outcome::New) {
            let Some(name) = &record.snapshot else { continue };
            let path = folder.join(name);
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            if indexed.contains(&canonical(&path)) {
                continue;
            }
            let fetched_at: DateTime<Utc> = record.fetched_at.0;
            snapshots.push(Snapshot { path, fetched_at: fetched_at.into(), len: meta.len() });
        }
    }
    snapshots.sort_by(|a, b| a.fetched_at.cmp(&b.fetched_at).then_with(|| a.path.cmp(&b.path)));
    Ok(snapshots)
}

/// The snapshots the index has recorded, as canonical paths; none when there is no index yet
/// (or one that does not open: indexing will say why, as `pressdex index` does).
fn indexed_paths(index_dir: &Path) -> anyhow::Result<HashSet<PathBuf>> {
    let Ok(release_index) = ReleaseIndex::open(index_dir) else {
        return Ok(HashSet::new());
    };
    let stats = index_stats(&release_index, 0)
        .with_context(|| format!("reading the index at {}", index_dir.display()))?;
    Ok(stats.snapshots.iter().map(|snapshot| canonical(Path::new(&snapshot.name))).collect())
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
