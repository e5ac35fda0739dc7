//! `stats`: what an index holds: releases, their date range, the snapshots indexed, the top
//! values of each facet, size on disk and segments.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::directory::ReleaseIndex;
use crate::error::{Error, Result, guarded};
use crate::facets::{DateBuckets, FacetCounts, FacetDimension, count_facets};
use crate::record::{Recorded, SnapshotMeta, read_payload};
use crate::schema;

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
    /// When the latest indexing run started.
    pub last_run: Option<DateTime<Utc>>,
    /// For each facet dimension ([`FacetDimension::ALL`], dates by year), its most frequent
    /// values with their release counts, most frequent first.
    pub facets: Vec<FacetCounts>,
    /// Bytes of all files in the index directory.
    pub size_bytes: u64,
    /// Segments in the last commit.
    pub segments: usize,
}

/// Summarises the last commit of `release_index`, keeping `top` values per facet.
///
/// # Errors
/// [`InternalError::Tantivy`](crate::InternalError::Tantivy) when the index cannot be read,
/// [`InternalError::Io`](crate::InternalError::Io) when its directory cannot be listed.
pub fn index_stats(release_index: &ReleaseIndex, top: usize) -> Result<IndexStats> {
    guarded(release_index.dir(), || stats_unguarded(release_index, top))
}

fn stats_unguarded(release_index: &ReleaseIndex, top: usize) -> Result<IndexStats> {
    let dir = release_index.dir();
    let reader = release_index.manual_reader()?;
    let searcher = reader.searcher();
    // Compared as Tantivy dates, converted once at the end; a segment without deletions gives
    // its column's own bounds (a scan of 100k dates was a quarter of `stats`).
    let mut bounds: Option<(tantivy::DateTime, tantivy::DateTime)> = None;
    for segment in searcher.segment_readers() {
        let column = segment
            .fast_fields()
            .date(schema::PUBLISHED)
            .map_err(|err| Error::tantivy(dir, err))?;
        let mut widen = |published: tantivy::DateTime| {
            bounds = Some(bounds.map_or((published, published), |(low, high)| {
                (low.min(published), high.max(published))
            }));
        };
        if segment.alive_bitset().is_none() {
            if column.values.num_vals() > 0 {
                widen(column.min_value());
                widen(column.max_value());
            }
        } else {
            for doc_id in segment.doc_ids_alive() {
                if let Some(published) = column.first(doc_id) {
                    widen(published);
                }
            }
        }
    }
    let earliest: Option<DateTime<Utc>> = bounds.map(|(low, _)| schema::from_tantivy_date(low));
    let latest: Option<DateTime<Utc>> = bounds.map(|(_, high)| schema::from_tantivy_date(high));
    let field = release_index.fields().facets;
    let mut facets = count_facets(&searcher, field, None, &FacetDimension::ALL, DateBuckets::Year)?;
    for facet in &mut facets {
        facet.keep_top(top);
    }
    let payload = read_payload(release_index)?;
    Ok(IndexStats {
        releases: searcher.num_docs(),
        earliest,
        latest,
        snapshots: payload.snapshots.iter().map(Recorded::to_meta).collect(),
        last_run: payload.last_run.map(|run| run.started_at),
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
