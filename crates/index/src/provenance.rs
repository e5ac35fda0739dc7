//! Where a release came from: the public [`Provenance`] (with every [`Sighting`]) and the form a
//! document stores it in, whose sightings are ids into the commit payload's snapshot table.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::record::Payload;

/// Where a release came from, when it was indexed and changed, and how often it changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// Fetch time of the first snapshot that listed the release.
    pub first_seen: DateTime<Utc>,
    /// Fetch time of the latest snapshot that listed the release.
    pub last_seen: DateTime<Utc>,
    /// The snapshot the current text came from (its absolute path, as recorded).
    pub snapshot: String,
    /// Fetch time of that snapshot.
    pub snapshot_fetched: DateTime<Utc>,
    /// The feed URL of that snapshot, when pressdex fetched it.
    pub url: Option<String>,
    /// Number of distinct contents seen: 1 + the times the content changed.
    pub revisions: u64,
    /// The distinct content hashes seen, sorted (what keeps `revisions` independent of the
    /// order in which snapshots are indexed).
    pub content_hashes: Vec<u64>,
    /// The content hash of the current text: a hash of the feed item's fields that, unlike the
    /// raw hash, ignores `PIPELINE_VERSION`.
    pub content_hash: u64,
    /// When the release was first indexed: the start of that indexing run.
    pub indexed_at: DateTime<Utc>,
    /// When its content last changed: the start of that run (`indexed_at` until it changes).
    pub changed_at: DateTime<Utc>,
    /// Every snapshot that listed the release, oldest fetch first.
    pub sightings: Vec<Sighting>,
}

/// A snapshot that listed a release.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sighting {
    /// Its fetch time.
    pub fetched_at: DateTime<Utc>,
    /// Its path, as recorded.
    pub snapshot: String,
}

/// Provenance as a document stores it: sightings are ids into the snapshot table of the
/// commit payload ([`Payload`]), and the winner's feed date is kept for the next run's ties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredProvenance {
    pub(crate) first_seen: DateTime<Utc>,
    pub(crate) last_seen: DateTime<Utc>,
    pub(crate) snapshot: String,
    pub(crate) snapshot_fetched: DateTime<Utc>,
    pub(crate) snapshot_feed_date: Option<DateTime<Utc>>,
    pub(crate) url: Option<String>,
    pub(crate) revisions: u64,
    pub(crate) content_hashes: Vec<u64>,
    pub(crate) content_hash: u64,
    pub(crate) indexed_at: DateTime<Utc>,
    pub(crate) changed_at: DateTime<Utc>,
    /// Sorted, distinct ids.
    pub(crate) sightings: Vec<u32>,
}

impl StoredProvenance {
    /// The provenance with its sightings looked up in `payload`'s snapshot table.
    ///
    /// # Errors
    /// [`InternalError::Corrupt`](crate::InternalError::Corrupt) for an id the table does not
    /// hold.
    pub(crate) fn resolve(self, guid: &str, payload: &Payload) -> Result<Provenance> {
        let mut sightings = self
            .sightings
            .iter()
            .map(|id| {
                let recorded = payload.get(*id).ok_or_else(|| {
                    Error::corrupt(Some(guid.to_string()), format!("unknown snapshot id {id}"))
                })?;
                Ok(Sighting { fetched_at: recorded.fetched_at, snapshot: recorded.path.clone() })
            })
            .collect::<Result<Vec<_>>>()?;
        sightings.sort();
        Ok(Provenance {
            first_seen: self.first_seen,
            last_seen: self.last_seen,
            snapshot: self.snapshot,
            snapshot_fetched: self.snapshot_fetched,
            url: self.url,
            revisions: self.revisions,
            content_hashes: self.content_hashes,
            content_hash: self.content_hash,
            indexed_at: self.indexed_at,
            changed_at: self.changed_at,
            sightings,
        })
    }
}
