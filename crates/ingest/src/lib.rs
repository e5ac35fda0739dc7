//! `pressdex-ingest`: the first stage of pressdex. Feed snapshot bytes in, [`PressRelease`]s out.
//!
//! - [`read_feed`] streams RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 (plain or gzip, any declared
//!   encoding) into [`FeedItem`]s with quick-xml, in memory bounded by the largest item, and a
//!   [`Diagnostic`] per problem;
//! - [`html_to_text`] turns an item's HTML (a Drupal page) into summary, body, captions and
//!   fields;
//! - [`enrich`] finds the dateline, the countries a release is about (and those it only
//!   mentions), and the agreements it reports with their parties and dates;
//! - [`build_release`] does both: [`FeedItem`] in, [`PressRelease`] out.
//!
//! This crate never sees tantivy, the file system or the terminal: callers hand it a reader
//! and a name for diagnostics. Every public item has one path, from the crate root.
//!
//! ```
//! use pressdex_ingest::{FeedEvent, build_release, read_feed};
//!
//! let xml = r#"<rss version="2.0"><channel><title>News</title><item><guid>1</guid>
//!     <title>CBP, Cabo Verde sign Customs Mutual Assistance Agreement</title></item>
//!     </channel></rss>"#;
//! for event in read_feed("news.xml", xml.as_bytes()) {
//!     match event {
//!         FeedEvent::Item(item) => {
//!             let release = build_release(item);
//!             assert_eq!(release.countries[0].name(), "Cabo Verde");
//!             assert_eq!(release.agreements[0].kind.code(), "CMAA");
//!         }
//!         FeedEvent::Problem(problem) => panic!("{problem}"),
//!     }
//! }
//! ```
#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![warn(unreachable_pub)]

mod date;
mod enrich;
mod error;
mod feed;
mod html;
mod input;
mod model;
mod release;
mod whitespace;

pub use enrich::{Agreement, AgreementKind, Country, Party, Region, enrich};
#[doc(hidden)]
pub use enrich::{SALIENCE_FEATURES, SalienceInput, salience_inputs};
pub use error::{
    Diagnostic, EncodingProblem, EntityResolution, FeedField, IoError, MAX_GZIP_EXPANDED,
    MAX_GZIP_RATIO, MAX_MARKUP_BYTES, MarkupProblem, NotAFeed, Oversized, ProblemKind, Severity,
    Truncation, Unclosed, XmlError,
};
pub use feed::{FeedEvent, FeedReader, parse_feed, read_feed};
pub use html::{Flattened, PageText, html_to_text};
pub use model::{FeedItem, PressRelease, ReleaseKind};
pub use release::{BUILD_THREAD_NAME, build_release, try_build_release};
pub use whitespace::normalize_space;

/// Bumped whenever parsing, HTML extraction or enrichment changes what a release holds, so a
/// re-index re-processes items whose raw bytes did not change.
pub const PIPELINE_VERSION: u32 = 11;
