//! `pressdex-corpus`: a deterministic generator of CBP-style feed snapshots, for benchmarks and
//! tests. Not part of the shipped `pressdex` CLI.
//!
//! Every snapshot is RSS 2.0 in the exact shape of the bundled
//! `index-data/feeds/cbp-international-operations.xml`: Drupal's envelope (`xml:base`, the `dc`
//! namespace, channel "International Operations"), and per item a title, a pathauto link under
//! `/newsroom/{national,local}-media-release/`, `speeches-and-statements` or a program page, an
//! entity-escaped Drupal description (title, uid and created fields, optional page header,
//! contact and dateline fields, a body of 3 to 10 paragraphs of newsroom prose naming
//! countries, ports of entry and agreements, figures with captions, the agency footer, the
//! release date), an RFC 822 `pubDate`, `dc:creator` and a guid `NID at https://www.cbp.gov`.
//!
//! A [`CorpusConfig`] fixes everything: the same configuration gives the same bytes on every
//! machine (the generator has its own PRNG and never reads the clock). Several snapshots are
//! overlapping windows sliding over one timeline of releases; an item two consecutive
//! snapshots share is byte-identical in both unless it was edited in between.
//!
//! ```
//! use pressdex_corpus::{generate, CorpusConfig};
//!
//! let snapshots = generate(&CorpusConfig::new(20, 7)).unwrap();
//! assert_eq!(snapshots[0].items.len(), 20);
//! assert!(snapshots[0].xml.starts_with(b"<?xml"));
//! ```
#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod corpus;
mod error;
mod prose;
mod release;
mod render;
mod rng;
mod rss;
mod vocab;

pub use corpus::{Corpus, CorpusConfig, Snapshot, SnapshotPlan, WrittenSnapshot, generate};
pub use error::{Error, Result};
pub use release::GeneratedItem;
