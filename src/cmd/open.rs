//! Opening the index for reading, shared by `search`, `facets`, `show` and `serve`: the default
//! index is built from the default feeds folder on first use.

use std::path::Path;

use pressdex_index::ReleaseSearcher;

use super::index::{IndexOptions, index_snapshots};
use crate::config::{DefaultBuild, IndexLocation};
use crate::print;
use crate::{dating, snapshots};

/// Opens the index at `location`, first building the default index when it is missing and the
/// default feeds folder holds snapshots.
///
/// # Errors
/// No index (with how to build one), another schema version, or an unreadable index.
pub fn open_searcher(location: &IndexLocation) -> anyhow::Result<ReleaseSearcher> {
    // Each command searches once: no reader reloading, no thread watching the index.
    open_with(location, ReleaseSearcher::open_once)
}

/// As [`open_searcher`], for a long-lived reader (`serve`): it follows the index's commits, so
/// an `index` run from cron shows up without a restart.
///
/// # Errors
/// As [`open_searcher`].
pub fn open_following_commits(location: &IndexLocation) -> anyhow::Result<ReleaseSearcher> {
    open_with(location, ReleaseSearcher::open)
}

fn open_with(
    location: &IndexLocation,
    open: fn(&Path) -> pressdex_index::Result<ReleaseSearcher>,
) -> anyhow::Result<ReleaseSearcher> {
    let dir = &location.dir;
    if let Some(build) = &location.build_default {
        build_default(dir, build)?;
    }
    // Read only: a read-only folder, or another user's index, can be searched. The library's
    // errors name the index folder already.
    Ok(open(dir)?)
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
    let collected = match snapshots::collect(std::slice::from_ref(&build.feeds)) {
        Ok(collected) => collected,
        Err(err) if err.downcast_ref::<snapshots::NoSnapshots>().is_some() => return Ok(false),
        Err(err) => return Err(err),
    };
    if collected.snapshots.is_empty() {
        return Ok(false);
    }
    print::index::building_default(dir, &build.feeds);
    for skipped in &collected.skipped {
        print::index::skipped(&skipped.path, &skipped.reason);
    }
    let options = IndexOptions {
        progress: build.progress,
        started_at: crate::config::now()?,
        ..IndexOptions::default()
    };
    index_snapshots(dir, &dating::date_all(&collected.snapshots, None), options)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::testing::feeds;

    #[test]
    fn the_default_index_is_built_on_first_use_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let location = IndexLocation {
            dir: dir.path().join("index"),
            build_default: Some(DefaultBuild { feeds: feeds(), progress: false }),
        };
        let build = location.build_default.as_ref().expect("set");
        assert!(build_default(&location.dir, build).expect("builds"));
        assert!(!build_default(&location.dir, build).expect("opens"), "built once");
        open_searcher(&location).expect("opens");

        let elsewhere = IndexLocation { dir: dir.path().join("typo"), build_default: None };
        let err = open_searcher(&elsewhere).expect_err("no index there");
        let missing = err.chain().any(|cause| {
            matches!(
                cause.downcast_ref::<pressdex_index::Error>(),
                Some(pressdex_index::Error::User(pressdex_index::UserError::Missing(_)))
            )
        });
        assert!(missing, "a typed missing-index error, which print::error explains: {err:#}");
    }
}
