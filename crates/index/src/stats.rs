//! `stats`: what an index holds: releases, their date range, the snapshots indexed, the top
//! values of each facet, size on disk and segments.

use std::path::Path;

use chrono::{DateTime, Utc};
use tantivy::collector::FacetCollector;
use tantivy::query::AllQuery;

use crate::schema::{self, ReleaseIndex};
use crate::writer::{SnapshotMeta, indexed_snapshots};
use crate::{Error, Result};

/// A summary of an index.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexStats {
    /// Releases (live documents).
    pub releases: u64,
    /// The earliest publication time.
    pub earliest: Option<DateTime<Utc>>,
    /// The latest publication time.
    pub latest: Option<DateTime<Utc>>,
    /// The snapshots indexed so far, in the order they were indexed.
    pub snapshots: Vec<SnapshotMeta>,
    /// For each facet dimension (`country`, `agreement`, `date` by year, `feed`, `kind`), its
    /// most frequent values with their release counts, most frequent first.
    pub facets: Vec<(String, Vec<(String, u64)>)>,
    /// Bytes of all files in the index directory.
    pub size_bytes: u64,
    /// Segments in the last commit.
    pub segments: usize,
}

/// The facet dimensions, in the order stats lists them.
pub const DIMENSIONS: [&str; 5] = [
    schema::FACET_COUNTRY,
    schema::FACET_AGREEMENT,
    schema::FACET_DATE,
    schema::FACET_FEED,
    schema::FACET_KIND,
];

/// Summarises the last commit of `release_index`, keeping `top` values per facet.
///
/// # Errors
/// [`Error::Tantivy`] when the index cannot be read, [`Error::Io`] when its directory cannot be
/// listed.
pub fn index_stats(release_index: &ReleaseIndex, top: usize) -> Result<IndexStats> {
    let dir = release_index.dir();
    let reader = release_index.manual_reader()?;
    let searcher = reader.searcher();
    let mut earliest: Option<DateTime<Utc>> = None;
    let mut latest: Option<DateTime<Utc>> = None;
    for segment in searcher.segment_readers() {
        let column = segment
            .fast_fields()
            .date(schema::PUBLISHED)
            .map_err(|err| Error::tantivy(dir, err))?;
        for doc_id in segment.doc_ids_alive() {
            if let Some(published) = column.first(doc_id).map(schema::from_tantivy_date) {
                earliest = Some(earliest.map_or(published, |e| e.min(published)));
                latest = Some(latest.map_or(published, |l| l.max(published)));
            }
        }
    }
    let mut facets = Vec::new();
    for dimension in DIMENSIONS {
        let mut collector = FacetCollector::for_field(schema::FACETS);
        collector.add_facet(schema::dimension_facet(dimension));
        let counts =
            searcher.search(&AllQuery, &collector).map_err(|err| Error::tantivy(dir, err))?;
        let values = counts
            .top_k(schema::dimension_facet(dimension), top)
            .into_iter()
            .map(|(facet, count)| {
                let value = facet.to_path().last().map(|s| s.to_string()).unwrap_or_default();
                (value, count)
            })
            .collect();
        facets.push((dimension.to_string(), values));
    }
    Ok(IndexStats {
        releases: searcher.num_docs(),
        earliest,
        latest,
        snapshots: indexed_snapshots(release_index)?,
        facets,
        size_bytes: dir_size(dir)?,
        segments: searcher.segment_readers().len(),
    })
}

fn dir_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).map_err(|err| Error::io(dir, err))? {
        let entry = entry.map_err(|err| Error::io(dir, err))?;
        let meta = entry.metadata().map_err(|err| Error::io(&entry.path(), err))?;
        if meta.is_file() {
            total += meta.len();
        }
    }
    Ok(total)
}
