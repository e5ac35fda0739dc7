//! `pressdex-index`: the Tantivy index of press releases. [`pressdex_ingest::PressRelease`]s
//! in, search hits out. Owns the schema, the writer (upsert by guid) and the searcher.
//!
//! This crate never sees RSS, HTML, command-line flags or the terminal.
//!
//! Writing: the caller opens the snapshot files and hands their `FeedEvent`s to an [`Indexer`]
//! twice, once to decide (no HTML parsed) and once to build what changed:
//!
//! ```
//! use pressdex_index::{Indexer, IndexerConfig, ReleaseIndex, SnapshotMeta};
//! use pressdex_ingest::read_feed;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let dir = tempfile::tempdir()?;
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../index-data/feeds/cbp-international-operations.xml");
//! let feed = std::fs::read(path)?;
//! let index = ReleaseIndex::open_or_create(dir.path())?;
//! let mut indexer = Indexer::new(&index, IndexerConfig::default())?;
//! let meta = SnapshotMeta { name: "cbp.xml".into(), fetched_at: chrono::Utc::now() };
//! let snapshot = indexer.add_snapshot(meta);
//! indexer.scan(snapshot, read_feed("cbp.xml", feed.as_slice()))?;
//! if indexer.needs_write(snapshot) {
//!     indexer.write(snapshot, read_feed("cbp.xml", feed.as_slice()))?;
//! }
//! let counts = indexer.commit()?;
//! assert_eq!((counts.items, counts.added), (10, 10));
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod acronyms;
mod check;
mod document;
mod error;
mod facets;
mod query;
pub mod schema;
mod searcher;
mod snippet;
mod stats;
mod terms;
mod writer;

pub use acronyms::{ACRONYMS, Acronym, find_acronym};
pub use check::{CheckEntry, CheckReport, check_index};
pub use document::{
    IndexedRelease, Provenance, content_hash, facets_of, from_document, stored_facets, to_document,
};
pub use error::{Error, Result};
pub use facets::{DateBuckets, FacetCount, FacetCounts, FacetDimension};
pub use query::{
    FilterField, Filters, Group, Query, QueryError, QueryErrorKind, Term, TermKind, parse_period,
};
pub use schema::{Fields, ReleaseIndex, SCHEMA_VERSION};
pub use searcher::{Correction, ReleaseSearcher, SearchHit, SearchRequest, SearchResults, SortBy};
pub use snippet::Snippet;
pub use stats::{DIMENSIONS, IndexStats, index_stats};
pub use writer::{
    IndexCounts, Indexer, IndexerConfig, SnapshotId, SnapshotMeta, WriteLock, indexed_snapshots,
    rebuild_dir, swap_in,
};
