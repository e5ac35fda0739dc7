//! `pressdex-index`: the Tantivy index of press releases. [`pressdex_ingest::PressRelease`]s
//! in, search hits out. Owns the schema, the writer (upsert by guid) and the searcher.
//!
//! This crate never sees RSS, HTML, command-line flags or the terminal.
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
mod writer;

pub use acronyms::{ACRONYMS, Acronym, find_acronym};
pub use check::{CheckEntry, CheckReport, check_index};
pub use document::{
    IndexedRelease, Provenance, facets_of, from_document, stored_facets, to_document,
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
