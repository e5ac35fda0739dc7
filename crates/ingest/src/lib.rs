//! `pressdex-ingest`: the first stage of pressdex. Feed snapshot bytes in, [`PressRelease`]s out.
//!
//! - [`feed`] streams RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 (plain or gzip, any declared
//!   encoding) into [`FeedItem`]s with quick-xml, in memory bounded by the largest item;
//! - [`html`] turns an item's HTML (a Drupal page) into summary, body, captions and fields;
//! - [`enrich`] finds the countries and agreement types a release is about.
//!
//! This crate never sees tantivy, the file system or the terminal: callers hand it a reader
//! and a name for diagnostics.
#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod date;
pub mod enrich;
mod error;
pub mod feed;
pub mod html;
mod input;
mod model;
mod release;
mod whitespace;

pub use enrich::{Agreement, AgreementKind, Country};
pub use error::{Diagnostic, ProblemKind, Severity};
pub use feed::{FeedEvent, FeedReader, parse_feed, read_feed};
pub use model::{FeedItem, PressRelease, ReleaseKind};
pub use release::build_release;
pub use whitespace::normalize_space;

/// Bumped whenever parsing, HTML extraction or enrichment changes what a release holds, so a
/// re-index re-processes items whose raw bytes did not change.
pub const PIPELINE_VERSION: u32 = 1;
