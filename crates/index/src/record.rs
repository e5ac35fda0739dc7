//! What an index records about its own history, in the payload of every commit (so it moves
//! with the commit, atomically): the table of snapshots indexed so far and the start of the
//! latest run.
//!
//! The table is append-only: a snapshot's position in it is its id, which documents store
//! (delta-coded in their `sightings`) instead of its path and time, so a release seen weekly for
//! twenty years costs about a kilobyte, not the thousand paths. A snapshot is identified by its
//! path and fetch time: the same file indexed again keeps its id.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tantivy::Index;
use tantivy::directory::Directory as _;

use crate::digest::Digest;
use crate::directory::ReleaseIndex;
use crate::error::{Error, Result, UserError};

/// How the time of a snapshot was decided, most trusted first. The caller decides it; the index
/// records it and reports it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DatedBy {
    /// The fetch record written when the snapshot was downloaded (`fetched_at`).
    Manifest,
    /// A UTC timestamp in the snapshot's file name.
    FileName,
    /// A time the user gave for the run.
    Flag,
    /// The feed's own date (`lastBuildDate`, Atom `updated`).
    FeedDate,
    /// The file's modification time: the least trusted (a copy may change or share it).
    Mtime,
}

impl DatedBy {
    /// Every way, most trusted first.
    pub const ALL: [DatedBy; 5] =
        [DatedBy::Manifest, DatedBy::FileName, DatedBy::Flag, DatedBy::FeedDate, DatedBy::Mtime];

    /// `manifest`, `file-name`, `flag`, `feed-date` or `mtime`.
    pub fn as_str(self) -> &'static str {
        match self {
            DatedBy::Manifest => "manifest",
            DatedBy::FileName => "file-name",
            DatedBy::Flag => "flag",
            DatedBy::FeedDate => "feed-date",
            DatedBy::Mtime => "mtime",
        }
    }
}

/// One snapshot of a run, or one the index has recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SnapshotMeta {
    /// What diagnostics call it: usually the path as the user gave it.
    pub name: String,
    /// Where it is, as provenance records it: the absolute, canonical path (`name` by default).
    pub path: String,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
    /// How `fetched_at` was decided; `None` in records of an index older than this field.
    pub dated_by: Option<DatedBy>,
    /// The feed's URL, when the snapshot was downloaded by pressdex.
    pub url: Option<String>,
    /// The feed's own date (`lastBuildDate`, Atom `updated`), read by the index while scanning:
    /// it breaks ties between snapshots fetched at the same time. Ignored in a request.
    pub feed_date: Option<DateTime<Utc>>,
}

impl SnapshotMeta {
    /// A snapshot called `name` (also its recorded path), fetched at `fetched_at`.
    pub fn new(name: impl Into<String>, fetched_at: DateTime<Utc>) -> SnapshotMeta {
        let name = name.into();
        SnapshotMeta {
            path: name.clone(),
            name,
            fetched_at,
            dated_by: None,
            url: None,
            feed_date: None,
        }
    }

    /// Records `path` as where the snapshot is (its absolute, canonical path).
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> SnapshotMeta {
        self.path = path.into();
        self
    }

    /// Records how the time was decided.
    #[must_use]
    pub fn dated_by(mut self, dated_by: DatedBy) -> SnapshotMeta {
        self.dated_by = Some(dated_by);
        self
    }

    /// Records the feed's URL.
    #[must_use]
    pub fn with_url(mut self, url: Option<String>) -> SnapshotMeta {
        self.url = url;
        self
    }
}

/// A snapshot as the payload stores it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Recorded {
    /// Indexes before issue 11 recorded the path as given, as `name`.
    #[serde(alias = "name")]
    pub(crate) path: String,
    pub(crate) fetched_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) dated_by: Option<DatedBy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) feed_date: Option<DateTime<Utc>>,
    /// The digest of its bytes and how many items it held, when the last run that read it
    /// read it to its end without a problem ([`crate::digest`]): a run that finds the same
    /// bytes does not parse it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) digest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) items: Option<u64>,
}

impl Recorded {
    /// What a run that finds the same bytes counts instead of reading them: the digest and the
    /// number of items.
    pub(crate) fn unchanged(&self) -> Option<(Digest, u64)> {
        Some((self.digest.as_deref()?.parse().ok()?, self.items?))
    }

    /// Records (or, with `None`, forgets) the digest and item count of the bytes last read.
    pub(crate) fn set_unchanged(&mut self, read: Option<(Digest, u64)>) {
        self.digest = read.map(|(digest, _)| digest.to_string());
        self.items = read.map(|(_, items)| items);
    }

    pub(crate) fn to_meta(&self) -> SnapshotMeta {
        SnapshotMeta {
            name: self.path.clone(),
            path: self.path.clone(),
            fetched_at: self.fetched_at,
            dated_by: self.dated_by,
            url: self.url.clone(),
            feed_date: self.feed_date,
        }
    }
}

/// An indexing run, as the payload remembers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RunRecord {
    /// When it started: the `indexed_at`/`changed_at` of what it added or changed.
    pub(crate) started_at: DateTime<Utc>,
}

/// The payload of every commit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Payload {
    /// Every snapshot indexed so far; its position is its id.
    #[serde(default)]
    pub(crate) snapshots: Vec<Recorded>,
    /// The latest run that finished (its last commit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_run: Option<RunRecord>,
}

impl Payload {
    /// The id of `recorded`, appending it when the table does not hold it yet (same path and
    /// fetch time). A new feed date or URL fills in what an older record lacked.
    pub(crate) fn id_of(
        &mut self,
        lookup: &mut HashMap<(String, i64), u32>,
        recorded: Recorded,
    ) -> u32 {
        let key = (recorded.path.clone(), recorded.fetched_at.timestamp_micros());
        if let Some(&id) = lookup.get(&key) {
            let held = &mut self.snapshots[id as usize];
            held.feed_date = held.feed_date.or(recorded.feed_date);
            held.url = held.url.take().or(recorded.url);
            held.dated_by = held.dated_by.or(recorded.dated_by);
            return id;
        }
        let id = u32::try_from(self.snapshots.len()).unwrap_or(u32::MAX);
        self.snapshots.push(recorded);
        lookup.insert(key, id);
        id
    }

    /// A map from (path, fetch time in microseconds) to id, for [`Payload::id_of`].
    pub(crate) fn lookup(&self) -> HashMap<(String, i64), u32> {
        self.snapshots
            .iter()
            .enumerate()
            .map(|(id, recorded)| {
                ((recorded.path.clone(), recorded.fetched_at.timestamp_micros()), id as u32)
            })
            .collect()
    }

    /// The snapshot with id `id`.
    pub(crate) fn get(&self, id: u32) -> Option<&Recorded> {
        self.snapshots.get(id as usize)
    }
}

/// The payload of the last commit of `release_index` (empty for a fresh index).
///
/// # Errors
/// [`InternalError::Tantivy`](crate::InternalError::Tantivy) when the index metadata cannot be
/// read.
pub(crate) fn read_payload(release_index: &ReleaseIndex) -> Result<Payload> {
    payload_of(release_index.index(), release_index.dir())
}

fn payload_of(index: &Index, dir: &Path) -> Result<Payload> {
    // Only the payload of `meta.json`: Tantivy's `load_metas` builds the whole schema too,
    // about 3% of the instructions of a one-word search as a process. Tantivy reads it for
    // anything it cannot parse, so a damaged file gets its error.
    #[derive(Deserialize)]
    struct PayloadOnly {
        #[serde(default)]
        payload: Option<String>,
    }
    let text = match index.directory().atomic_read(Path::new("meta.json")) {
        Ok(bytes) => serde_json::from_slice::<PayloadOnly>(&bytes).ok().map(|meta| meta.payload),
        Err(_) => None,
    };
    let text = match text {
        Some(text) => text,
        None => index.load_metas().map_err(|err| Error::tantivy(dir, err))?.payload,
    };
    Ok(text.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default())
}

/// The snapshots recorded by the index at `dir`, in the order they were first indexed: what
/// `--rebuild` without paths reads again. Works on an index of another schema version too
/// (whose records may lack `dated_by`).
///
/// # Errors
/// [`UserError::Missing`] when `dir` holds no index; an [`InternalError`](crate::InternalError)
/// when its metadata cannot be read.
pub fn recorded_snapshots(dir: &Path) -> Result<Vec<SnapshotMeta>> {
    if !dir.join("meta.json").is_file() {
        return Err(UserError::Missing(dir.to_path_buf()).into());
    }
    let index = Index::open_in_dir(dir).map_err(|err| Error::tantivy(dir, err))?;
    Ok(payload_of(&index, dir)?.snapshots.iter().map(Recorded::to_meta).collect())
}

/// When the latest indexing run of `release_index` started (`None` before the first run).
///
/// # Errors
/// [`InternalError::Tantivy`](crate::InternalError::Tantivy) when the index metadata cannot be
/// read.
pub fn last_run(release_index: &ReleaseIndex) -> Result<Option<DateTime<Utc>>> {
    Ok(read_payload(release_index)?.last_run.map(|run| run.started_at))
}

/// Encodes sorted snapshot ids as LEB128 deltas: a release seen in consecutive snapshots
/// costs a byte or two per sighting.
pub(crate) fn encode_ids(ids: &[u32]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(ids.len() + 4);
    let mut previous = 0u32;
    for &id in ids {
        let mut delta = id.wrapping_sub(previous);
        previous = id;
        loop {
            let low = (delta & 0x7f) as u8;
            delta >>= 7;
            if delta == 0 {
                bytes.push(low);
                break;
            }
            bytes.push(low | 0x80);
        }
    }
    bytes
}

/// Decodes [`encode_ids`]; `None` when the bytes are not such an encoding.
pub(crate) fn decode_ids(bytes: &[u8]) -> Option<Vec<u32>> {
    let mut ids = Vec::with_capacity(bytes.len());
    let (mut previous, mut delta, mut shift) = (0u32, 0u32, 0u32);
    for &byte in bytes {
        if shift > 28 {
            return None;
        }
        delta |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            previous = previous.checked_add(delta)?;
            ids.push(previous);
            (delta, shift) = (0, 0);
        } else {
            shift += 7;
        }
    }
    (shift == 0).then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_ids(ids: &[u32], expected_len: usize) {
        let bytes = encode_ids(ids);
        assert_eq!(bytes.len(), expected_len, "{ids:?}");
        assert_eq!(decode_ids(&bytes).as_deref(), Some(ids));
    }

    #[test]
    fn sightings_are_delta_coded() {
        check_ids(&[], 0);
        check_ids(&[0, 1, 2], 3);
        check_ids(&[5, 300, 301], 4);
        check_ids(&[u32::MAX], 5);
        // Twenty years of weekly snapshots of 50 feeds: one byte per sighting.
        let weekly: Vec<u32> = (0..1040).map(|week| week * 50).collect();
        check_ids(&weekly, 1040);
        assert_eq!(decode_ids(&[0x80]), None, "cut in a number");
        assert_eq!(decode_ids(&[0xff; 6]), None, "too long");
    }

    #[test]
    fn old_payloads_read_and_ids_are_stable() {
        let old = r#"{"snapshots":[{"name":"feeds/a.xml","fetched_at":"2023-09-28T12:00:00Z"}]}"#;
        let mut payload: Payload = serde_json::from_str(old).expect("an old payload reads");
        assert_eq!(payload.snapshots[0].path, "feeds/a.xml");
        assert_eq!(payload.snapshots[0].dated_by, None);
        let mut lookup = payload.lookup();
        let again = Recorded {
            feed_date: Some(payload.snapshots[0].fetched_at),
            ..payload.snapshots[0].clone()
        };
        assert_eq!(payload.id_of(&mut lookup, again), 0);
        assert!(payload.snapshots[0].feed_date.is_some(), "filled in");
        let later = Recorded {
            fetched_at: payload.snapshots[0].fetched_at + chrono::Duration::days(7),
            ..payload.snapshots[0].clone()
        };
        assert_eq!(payload.id_of(&mut lookup, later), 1, "same path, another fetch");
    }
}
