//! `pressdex update`: `fetch`, then `index` of what the archive holds that the index has not
//! read: the snapshots this run stored, and any an earlier run stored but could not index (a
//! locked index, a full disk), so that a failed night is caught up by the next one. Indexing
//! goes through `cmd::index::index_snapshots`, the very call `pressdex index` makes, so the
//! summary lists the releases added or updated as `index` does. Prints both summaries; the
//! exit code is the worse of the two.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use pressdex_index::{IndexReport, recorded_snapshots};

use super::fetch::{exit_code, fetch_feeds};
use super::index::{IndexOptions, exit_status, index_snapshots, notes};
use crate::config::UpdateConfig;
use crate::dating::{self, Dated};
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
    let report = if snapshots.is_empty() {
        IndexReport::default()
    } else {
        let options = IndexOptions {
            rebuild: false,
            commit_every: config.commit_every,
            progress: config.progress,
            started_at: config.now,
        };
        let report = index_snapshots(&config.index_dir, &snapshots, options)?;
        notes(&snapshots, &report);
        report
    };
    print::index::summary(out, &report, json)?;
    Ok(match exit_status(&report) {
        0 => fetched,
        status => ExitCode::from(status),
    })
}

/// The archived snapshots of the feeds in `reports` that the index at `index_dir` has not
/// recorded, oldest fetch first, each dated by its manifest record.
///
/// # Errors
/// A manifest cannot be read.
fn unindexed(
    index_dir: &Path,
    archive: &Path,
    reports: &[FeedReport],
) -> anyhow::Result<Vec<Dated>> {
    let indexed = indexed_paths(index_dir);
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
            let modified = meta.modified().unwrap_or(std::time::SystemTime::UNIX_EPOCH);
            snapshots.push(Snapshot { path, modified, len: meta.len() });
        }
    }
    // Dated by the manifest record each was found through (with its feed URL).
    Ok(dating::date_all(&snapshots, None))
}

/// The snapshots the index has recorded, as canonical paths; none when there is no index yet
/// (or one whose records cannot be read: indexing will say why, as `pressdex index` does).
fn indexed_paths(index_dir: &Path) -> HashSet<PathBuf> {
    let recorded = recorded_snapshots(index_dir).unwrap_or_default();
    recorded.iter().map(|snapshot| canonical(Path::new(&snapshot.path))).collect()
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
