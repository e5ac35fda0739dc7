//! Opening the index for reading, shared by `search`, `facets` and `show`: the default index is
//! built from the default feeds folder on first use.

use std::path::Path;

use anyhow::Context;
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
    let dir = &location.dir;
    if let Some(build) = &location.build_default {
        build_default(dir, build)?;
    }
    // Each command searches once: no reader reloading, no thread watching the index.
    match ReleaseSearcher::open_once(dir) {
        // Already names the directory and how to build an index there.
        Err(err @ pressdex_index::Error::User(pressdex_index::UserError::Missing(_))) => {
            Err(err.into())
        }
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
    let files = match snapshots::collect(&[build.feeds.display().to_string()]) {
        Ok(files) => files,
        Err(err) if err.downcast_ref::<snapshots::NoSnapshots>().is_some() => return Ok(false),
        Err(err) => return Err(err),
    };
    print::index::building_default(dir, &build.feeds);
    let options = IndexOptions {
        progress: build.progress,
        started_at: crate::config::now()?,
        ..IndexOptions::default()
    };
    index_snapshots(dir, &dating::date_all(&files, None), options)?;
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
