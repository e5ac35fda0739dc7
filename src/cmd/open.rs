//! Opening the index for reading, shared by `search`, `facets` and `show`: the default index is
//! built from the default feeds folder on first use.

use std::path::Path;

use anyhow::Context;
use pressdex_index::ReleaseSearcher;

use super::index::{IndexOptions, index_snapshots};
use crate::config::{DefaultBuild, IndexLocation};
use crate::print;
use crate::snapshots;

/// Opens the index at `location`, first building the default index when it is missing and the
/// default feeds folder holds snapshots.
///
/// # Errors
/// No index (with how to build one), another schema version, or an unreadable index.
pub fn open_searcher(location: &IndexLocation) -> anyhow::Result<ReleaseSearcher> {
    let dir = &location.dir;
    if let Some(build) = &location.build_default {
        build_default(dir, build)?;
    }
    // Each command searches once: no reader reloading, no thread watching the index.
    match ReleaseSearcher::open_once(dir) {
        // Already names the directory and how to build an index there.
        Err(err @ pressdex_index::Error::Missing(_)) => Err(err.into()),
        other => other.with_context(|| format!("opening the index at {}", dir.display())),
    }
}

/// Builds the index at `dir` from `build.feeds` when it is missing and the folder holds
/// snapshots (what `search` does on first use), with one line on stderr. Returns whether it
/// built one.
///
/// # Errors
/// As `pressdex index`.
fn build_default(dir: &Path, build: &DefaultBuild) -> anyhow::Result<bool> {
    if dir.join("meta.json").is_file() {
        return Ok(false);
    }
    let snapshots = snapshots::collect(&[build.feeds.display().to_string()])?;
    if snapshots.is_empty() {
        return Ok(false);
    }
    print::index::building_default(dir, &build.feeds);
    let options = IndexOptions { progress: build.progress, ..IndexOptions::default() };
    index_snapshots(dir, &snapshots, options)?;
    Ok(true)
}
