//! Shared by the index and query benches: generated snapshots indexed in-process, the way
//! `pressdex index` does it (scan without parsing HTML, then build and write what changed).

use std::path::Path;

use pressdex_corpus::{CorpusConfig, Snapshot, generate};
use pressdex_index::{IndexCounts, Indexer, IndexerConfig, ReleaseIndex, SnapshotMeta};
use pressdex_ingest::read_feed;

/// One generated snapshot of `items` releases (seed 1).
pub fn snapshot(items: usize) -> Snapshot {
    generate(&CorpusConfig::new(items, 1)).expect("a one-snapshot configuration is valid").remove(0)
}

/// Indexes `snapshot` into the index at `dir` (created when missing).
pub fn index(snapshot: &Snapshot, dir: &Path) -> IndexCounts {
    let name = "generated.xml";
    let index = ReleaseIndex::open_or_create(dir).expect("a fresh temporary index");
    let mut indexer = Indexer::new(&index, IndexerConfig::default()).expect("no other writer");
    let meta = SnapshotMeta { name: name.to_owned(), fetched_at: snapshot.plan.fetched_at };
    let id = indexer.add_snapshot(meta);
    indexer.scan(id, read_feed(name, snapshot.xml.as_slice())).expect("scan");
    if indexer.needs_write(id) {
        indexer.write(id, read_feed(name, snapshot.xml.as_slice())).expect("write");
    }
    indexer.commit().expect("commit")
}
