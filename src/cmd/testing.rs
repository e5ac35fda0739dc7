//! What the commands' unit tests share: an index of the bundled snapshot, built in-process, and
//! a way to run a command into a buffer. Configs are built by hand: no clap, no terminal.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pressdex_index::Query;

use super::index::{IndexOptions, index_snapshots};
use crate::config::IndexLocation;
use crate::{dating, snapshots};

/// The bundled feeds folder.
pub fn feeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("index-data/feeds")
}

/// A temporary folder holding `idx`, an index of the bundled snapshot.
pub fn bundled_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let collected = snapshots::collect(&[feeds()]).expect("bundled feeds");
    let snapshots = dating::date_all(&collected.snapshots, None);
    let report = index_snapshots(&dir.path().join("idx"), &snapshots, IndexOptions::default())
        .expect("indexes the bundled snapshot");
    assert_eq!(report.counts.added, 10);
    dir
}

/// The index `idx` in `dir`, never built on the fly.
pub fn location(dir: &Path) -> IndexLocation {
    IndexLocation { dir: dir.join("idx"), build_default: None }
}

/// `text` parsed as a query.
pub fn query(text: &str) -> Query {
    Query::parse(text).expect("a valid query")
}

/// Runs `command` into a buffer: its exit code and what it printed.
pub fn run(
    command: impl FnOnce(&mut dyn std::io::Write) -> anyhow::Result<ExitCode>,
) -> (ExitCode, String) {
    let mut out = Vec::new();
    let code = command(&mut out).expect("the command runs");
    (code, String::from_utf8(out).expect("UTF-8 output"))
}

/// The JSON lines of `out`, each read back as a `T`.
pub fn lines<T: serde::de::DeserializeOwned>(out: &str) -> Vec<T> {
    out.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("{err}: {line}")))
        .collect()
}
