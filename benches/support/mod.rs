//! Shared by the index and query benches: generated snapshots indexed in-process through
//! `pressdex_index::index_snapshots`, the call `pressdex index` makes.

use std::path::Path;

use pressdex_corpus::{CorpusConfig, Snapshot, generate};
use pressdex_index::{IndexCounts, IndexRequest, ReleaseIndex, SnapshotMeta, index_snapshots};

/// One generated snapshot of `items` releases (seed 1).
pub fn snapshot(items: usize) -> Snapshot {
    generate(&CorpusConfig::new(items, 1)).expect("a one-snapshot configuration is valid").remove(0)
}

/// Indexes `snapshot` into the index at `dir` (created when missing).
pub fn index(snapshot: &Snapshot, dir: &Path) -> IndexCounts {
    let index = ReleaseIndex::open_or_create(dir).expect("a fresh temporary index");
    let meta = SnapshotMeta::new("generated.xml", snapshot.plan.fetched_at);
    let request = IndexRequest::new(vec![meta]);
    let open = |_| Ok(snapshot.xml.as_slice());
    index_snapshots(&index, &request, open, |_| {}).expect("no other writer").counts
}
