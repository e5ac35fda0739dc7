//! The writer: upsert by guid, newest version wins whatever the order of the snapshots.
//!
//! Indexing runs in two passes over the run's snapshots, so the result does not depend on the
//! order in which they come and memory stays bounded by one small entry per guid:
//!
//! 1. [`Indexer::scan`] reads each snapshot's [`FeedEvent`]s (no HTML is parsed) and merges
//!    every occurrence of a guid with what the last commit holds: the winning version (newest
//!    `published`, then the snapshot fetched last, then its name, then the content hash),
//!    `first_seen` (min), `last_seen` (max) and the distinct content hashes.
//! 2. [`Indexer::write`] reads again only the snapshots that hold a winning version that is not
//!    in the index yet, builds those releases in parallel (rayon) and adds them in order through
//!    one `IndexWriter` (delete the guid, add the document). [`Indexer::commit`] re-adds, from the
//!    stored document and without parsing anything, the releases whose provenance alone moved,
//!    then commits once.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use pressdex_ingest::FeedItem;
use pressdex_ingest::feed::FeedEvent;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::directory::{DirectoryLock, INDEX_WRITER_LOCK, MmapDirectory};
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Directory, DocAddress, IndexReader, IndexWriter, Searcher, TantivyDocument, Term};

use crate::document::{Provenance, add_provenance, content_hash, to_document};
use crate::schema::{self, Fields, ReleaseIndex};
use crate::{Error, Result};

/// How an [`Indexer`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexerConfig {
    /// The writer's memory budget in bytes (all indexing threads together).
    pub heap_bytes: usize,
    /// Also commit after this many documents written.
    pub commit_every: Option<u64>,
    /// How many releases are built in parallel at once.
    pub batch_size: usize,
}

impl Default for IndexerConfig {
    fn default() -> IndexerConfig {
        IndexerConfig { heap_bytes: 128 << 20, commit_every: None, batch_size: 256 }
    }
}

/// One snapshot of the run: its name (for provenance) and when it was fetched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotMeta {
    /// The name, usually the path as the user gave it.
    pub name: String,
    /// The fetch time (the file's modification time).
    pub fetched_at: DateTime<Utc>,
}

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexCounts {
    /// Snapshots scanned.
    pub files: u64,
    /// Items seen (every occurrence, in every snapshot).
    pub items: u64,
    /// Occurrences of a guid the index did not hold.
    pub added: u64,
    /// Occurrences newer than, and different from, the version held.
    pub updated: u64,
    /// Occurrences equal to or older than the version held.
    pub unchanged: u64,
    /// Problems reported by the feed reader.
    pub problems: u64,
}

/// Handle to a snapshot registered with [`Indexer::add_snapshot`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SnapshotId(usize);

/// A writing session on an index: holds the writer lock until dropped or committed.
pub struct Indexer {
    release_index: ReleaseIndex,
    fields: Fields,
    writer: IndexWriter,
    /// The last commit, as it was when the run started.
    searcher: Searcher,
    _reader: IndexReader,
    config: IndexerConfig,
    snapshots: Vec<SnapshotMeta>,
    plan: HashMap<String, Entry>,
    /// Which snapshots hold a version to write, computed once the scan is over.
    to_write: Option<Vec<bool>>,
    counts: IndexCounts,
    written_since_commit: u64,
}

/// A version of a release: what decides which one wins.
#[derive(Clone, Debug, PartialEq, Eq)]
struct VersionKey {
    published: Option<DateTime<Utc>>,
    fetched_at: DateTime<Utc>,
    snapshot: Arc<str>,
    raw_hash: u64,
    content_hash: u64,
}

impl VersionKey {
    /// The same version of the item (date, snapshot, content), whatever its raw hash.
    fn same_version(&self, other: &VersionKey) -> bool {
        self.published == other.published
            && self.fetched_at == other.fetched_at
            && self.snapshot == other.snapshot
            && self.content_hash == other.content_hash
    }
}

impl Ord for VersionKey {
    fn cmp(&self, other: &VersionKey) -> Ordering {
        self.published
            .cmp(&other.published)
            .then_with(|| self.fetched_at.cmp(&other.fetched_at))
            .then_with(|| self.snapshot.cmp(&other.snapshot))
            .then_with(|| self.content_hash.cmp(&other.content_hash))
            .then_with(|| self.raw_hash.cmp(&other.raw_hash))
    }
}

impl PartialOrd for VersionKey {
    fn partial_cmp(&self, other: &VersionKey) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// What the last commit holds for a guid.
#[derive(Debug)]
struct Committed {
    address: DocAddress,
    /// More than one document for the guid (a bug or an old crash): rewrite to heal it.
    duplicated: bool,
    provenance: Provenance,
    raw_hash: u64,
    /// Built by another `PIPELINE_VERSION`: the same version read now must replace it.
    stale_pipeline: bool,
}

/// Everything known about one guid during a run.
#[derive(Debug)]
struct Entry {
    committed: Option<Committed>,
    winner: VersionKey,
    /// The run's snapshot holding the winner; `None` when the winner is the committed text.
    winner_snapshot: Option<SnapshotId>,
    first_seen: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    content_hashes: Vec<u64>,
    written: bool,
    /// The last commit holds a document for the guid that does not decode: replace it.
    replaces_corrupt: bool,
}

impl Entry {
    fn provenance(&self) -> Provenance {
        Provenance {
            first_seen: self.first_seen,
            last_seen: self.last_seen,
            snapshot: self.winner.snapshot.to_string(),
            snapshot_fetched: self.winner.fetched_at,
            revisions: self.content_hashes.len() as u64,
            content_hashes: self.content_hashes.clone(),
            content_hash: self.winner.content_hash,
        }
    }

    /// Whether the winner's text must be built from the run's snapshot `id`.
    fn needs_build_from(&self, id: SnapshotId) -> bool {
        !self.written
            && self.winner_snapshot == Some(id)
            && self.committed.as_ref().is_none_or(|c| c.raw_hash != self.winner.raw_hash)
    }

    /// Whether the committed document must be re-added with new provenance only.
    fn needs_provenance_rewrite(&self) -> bool {
        match &self.committed {
            Some(committed) if committed.raw_hash == self.winner.raw_hash && !self.written => {
                committed.duplicated || committed.provenance != self.provenance()
            }
            _ => false,
        }
    }
}

/// The payload of every commit: the snapshots indexed so far.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Payload {
    snapshots: Vec<SnapshotMeta>,
}

impl Indexer {
    /// Starts writing to `release_index`. Fails at once when another process writes to it.
    ///
    /// # Errors
    /// [`Error::Busy`] when the writer lock is held; [`Error::Tantivy`] otherwise.
    pub fn new(release_index: &ReleaseIndex, config: IndexerConfig) -> Result<Indexer> {
        let dir = release_index.dir();
        let index = release_index.index();
        // One indexing thread per core, at most two: parsing and building releases need the
        // others. Tantivy wants at least 15 MB per thread.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 2);
        let heap = config.heap_bytes.max(threads * (16 << 20));
        let writer =
            index.writer_with_num_threads(threads, heap).map_err(|err| Error::tantivy(dir, err))?;
        let reader = release_index.manual_reader()?;
        let searcher = reader.searcher();
        Ok(Indexer {
            release_index: release_index.clone(),
            fields: *release_index.fields(),
            writer,
            searcher,
            _reader: reader,
            config,
            snapshots: Vec::new(),
            plan: HashMap::new(),
            to_write: None,
            counts: IndexCounts::default(),
            written_since_commit: 0,
        })
    }

    /// Registers one snapshot of the run. Register them oldest fetch first.
    pub fn add_snapshot(&mut self, meta: SnapshotMeta) -> SnapshotId {
        self.snapshots.push(SnapshotMeta { fetched_at: truncate(meta.fetched_at), ..meta });
        SnapshotId(self.snapshots.len() - 1)
    }

    /// Pass 1: merges every item of snapshot `id` into the plan. Reads no HTML.
    ///
    /// # Errors
    /// [`Error::Tantivy`] when the last commit cannot be read.
    pub fn scan(
        &mut self,
        id: SnapshotId,
        events: impl IntoIterator<Item = FeedEvent>,
    ) -> Result<()> {
        self.counts.files += 1;
        self.to_write = None;
        let meta = &self.snapshots[id.0];
        let name: Arc<str> = Arc::from(meta.name.as_str());
        let fetched_at = meta.fetched_at;
        for event in events {
            let item = match event {
                FeedEvent::Item(item) => item,
                FeedEvent::Problem(_) => {
                    self.counts.problems += 1;
                    continue;
                }
            };
            self.counts.items += 1;
            let key = VersionKey {
                // As the index stores it, so incoming and stored versions compare.
                published: item.published.map(truncate),
                fetched_at,
                snapshot: name.clone(),
                raw_hash: item.raw_hash,
                content_hash: content_hash(&item),
            };
            self.merge(id, item.guid, key)?;
        }
        Ok(())
    }

    fn merge(&mut self, id: SnapshotId, guid: String, key: VersionKey) -> Result<()> {
        if !self.plan.contains_key(&guid) {
            // A stored document that does not decode (see `pressdex check`) is replaced by the
            // incoming version rather than stopping every future run.
            let (committed, replaces_corrupt) = match self.lookup(&guid) {
                Ok(committed) => (committed, false),
                Err(Error::Corrupt { .. }) => (None, true),
                Err(err) => return Err(err),
            };
            match committed {
                None => {
                    self.counts.added += 1;
                    let entry = Entry {
                        committed: None,
                        first_seen: key.fetched_at,
                        last_seen: key.fetched_at,
                        content_hashes: vec![key.content_hash],
                        winner: key,
                        winner_snapshot: Some(id),
                        written: false,
                        replaces_corrupt,
                    };
                    self.plan.insert(guid, entry);
                    return Ok(());
                }
                Some((committed, committed_key)) => {
                    let entry = Entry {
                        first_seen: committed.provenance.first_seen,
                        last_seen: committed.provenance.last_seen,
                        content_hashes: committed.provenance.content_hashes.clone(),
                        committed: Some(committed),
                        winner: committed_key,
                        winner_snapshot: None,
                        written: false,
                        replaces_corrupt: false,
                    };
                    self.plan.insert(guid.clone(), entry);
                }
            }
        }
        let entry = self.plan.get_mut(&guid).expect("inserted above when missing");
        let rebuilt = entry.winner_snapshot.is_none()
            && entry.committed.as_ref().is_some_and(|c| c.stale_pipeline)
            && key.same_version(&entry.winner)
            && key.raw_hash != entry.winner.raw_hash;
        let newer = key > entry.winner || rebuilt;
        if newer && key.raw_hash != entry.winner.raw_hash {
            self.counts.updated += 1;
        } else {
            self.counts.unchanged += 1;
        }
        entry.first_seen = entry.first_seen.min(key.fetched_at);
        entry.last_seen = entry.last_seen.max(key.fetched_at);
        if let Err(at) = entry.content_hashes.binary_search(&key.content_hash) {
            entry.content_hashes.insert(at, key.content_hash);
        }
        if newer {
            entry.winner = key;
            entry.winner_snapshot = Some(id);
        }
        Ok(())
    }

    /// The committed document of `guid` and its version key.
    fn lookup(&self, guid: &str) -> Result<Option<(Committed, VersionKey)>> {
        let dir = self.release_index.dir();
        let addresses = guid_addresses(&self.searcher, self.fields.guid, guid)
            .map_err(|err| Error::tantivy(dir, err))?;
        let mut best: Option<(Committed, VersionKey)> = None;
        for address in &addresses {
            let doc: TantivyDocument =
                self.searcher.doc(*address).map_err(|err| Error::tantivy(dir, err))?;
            let stored = crate::document::from_document(&self.fields, &doc)?;
            let key = VersionKey {
                published: stored.release.published,
                fetched_at: stored.provenance.snapshot_fetched,
                snapshot: Arc::from(stored.provenance.snapshot.as_str()),
                raw_hash: stored.release.raw_hash,
                content_hash: stored.provenance.content_hash,
            };
            if best.as_ref().is_none_or(|(_, best_key)| key > *best_key) {
                let committed = Committed {
                    address: *address,
                    duplicated: addresses.len() > 1,
                    provenance: stored.provenance,
                    raw_hash: stored.release.raw_hash,
                    stale_pipeline: doc.get_first(self.fields.pipeline).and_then(|v| v.as_u64())
                        != Some(u64::from(pressdex_ingest::PIPELINE_VERSION)),
                };
                best = Some((committed, key));
            }
        }
        Ok(best)
    }

    /// Whether pass 2 must read snapshot `id` again (it holds a version to write).
    pub fn needs_write(&mut self, id: SnapshotId) -> bool {
        let snapshots = self.snapshots.len();
        let to_write = self.to_write.get_or_insert_with(|| {
            let mut to_write = vec![false; snapshots];
            for entry in self.plan.values() {
                if let Some(winner) = entry.winner_snapshot.filter(|id| entry.needs_build_from(*id))
                {
                    to_write[winner.0] = true;
                }
            }
            to_write
        });
        to_write.get(id.0).copied().unwrap_or(false)
    }

    /// Pass 2: builds and adds the winning versions that snapshot `id` holds. Give it the same
    /// events as [`Indexer::scan`] did.
    ///
    /// # Errors
    /// [`Error::WriteFailed`] when the writer fails.
    pub fn write(
        &mut self,
        id: SnapshotId,
        events: impl IntoIterator<Item = FeedEvent>,
    ) -> Result<()> {
        let mut batch: Vec<(FeedItem, Provenance, bool)> = Vec::new();
        for event in events {
            let FeedEvent::Item(item) = event else { continue };
            let Some(entry) = self.plan.get_mut(&item.guid) else { continue };
            if !entry.needs_build_from(id) || entry.winner.raw_hash != item.raw_hash {
                continue;
            }
            entry.written = true;
            let replace = entry.committed.is_some() || entry.replaces_corrupt;
            batch.push((item, entry.provenance(), replace));
            if batch.len() >= self.config.batch_size.max(1) {
                self.add_batch(std::mem::take(&mut batch))?;
            }
        }
        self.add_batch(batch)
    }

    fn add_batch(&mut self, batch: Vec<(FeedItem, Provenance, bool)>) -> Result<()> {
        let fields = self.fields;
        let documents: Vec<(String, bool, TantivyDocument)> = batch
            .into_par_iter()
            .map(|(item, provenance, replace)| {
                let release = pressdex_ingest::build_release(item);
                let doc = to_document(&fields, &release, &provenance);
                (release.guid, replace, doc)
            })
            .collect();
        for (guid, replace, doc) in documents {
            self.replace(&guid, replace, doc)?;
        }
        Ok(())
    }

    fn replace(&mut self, guid: &str, delete_first: bool, doc: TantivyDocument) -> Result<()> {
        let dir = self.release_index.dir();
        if delete_first {
            self.writer.delete_term(Term::from_field_text(self.fields.guid, guid));
        }
        self.writer.add_document(doc).map_err(|err| Error::write_failed(dir, err))?;
        self.written_since_commit += 1;
        if self.config.commit_every.is_some_and(|every| self.written_since_commit >= every.max(1)) {
            self.commit_now(false)?;
        }
        Ok(())
    }

    /// Re-adds the releases whose provenance alone moved, then commits once; the run's
    /// snapshots join the list kept in the commit payload.
    ///
    /// # Errors
    /// [`Error::WriteFailed`] when the writer fails (the last commit stays as it was).
    pub fn commit(mut self) -> Result<IndexCounts> {
        let rewrites: Vec<(String, DocAddress, Provenance)> = self
            .plan
            .iter()
            .filter(|(_, entry)| entry.needs_provenance_rewrite())
            .filter_map(|(guid, entry)| {
                let committed = entry.committed.as_ref()?;
                Some((guid.clone(), committed.address, entry.provenance()))
            })
            .collect();
        for (guid, address, provenance) in rewrites {
            let dir = self.release_index.dir();
            let stored: TantivyDocument =
                self.searcher.doc(address).map_err(|err| Error::tantivy(dir, err))?;
            let doc = with_provenance(&self.fields, &stored, &provenance);
            self.replace(&guid, true, doc)?;
        }
        self.commit_now(true)?;
        let dir = self.release_index.dir().to_path_buf();
        self.writer.wait_merging_threads().map_err(|err| Error::write_failed(&dir, err))?;
        Ok(self.counts)
    }

    fn commit_now(&mut self, last: bool) -> Result<()> {
        let dir = self.release_index.dir().to_path_buf();
        let mut payload = read_payload(&self.release_index)?;
        if last {
            for meta in &self.snapshots {
                if !payload.snapshots.contains(meta) {
                    payload.snapshots.push(meta.clone());
                }
            }
        }
        let payload =
            serde_json::to_string(&payload).expect("a list of names and dates serializes");
        let mut prepared =
            self.writer.prepare_commit().map_err(|err| Error::write_failed(&dir, err))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|err| Error::write_failed(&dir, err))?;
        self.written_since_commit = 0;
        Ok(())
    }
}

/// The snapshots recorded in the last commit of `release_index`.
///
/// # Errors
/// [`Error::Tantivy`] when the index metadata cannot be read.
pub fn indexed_snapshots(release_index: &ReleaseIndex) -> Result<Vec<SnapshotMeta>> {
    Ok(read_payload(release_index)?.snapshots)
}

fn read_payload(release_index: &ReleaseIndex) -> Result<Payload> {
    let metas = release_index
        .index()
        .load_metas()
        .map_err(|err| Error::tantivy(release_index.dir(), err))?;
    Ok(metas.payload.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default())
}

/// The documents of `guid` in `searcher` (more than one only in a damaged index).
pub(crate) fn guid_addresses(
    searcher: &Searcher,
    guid_field: Field,
    guid: &str,
) -> tantivy::Result<Vec<DocAddress>> {
    let query = TermQuery::new(Term::from_field_text(guid_field, guid), IndexRecordOption::Basic);
    let mut addresses: Vec<DocAddress> =
        searcher.search(&query, &DocSetCollector)?.into_iter().collect();
    addresses.sort();
    Ok(addresses)
}

/// `stored` with its provenance fields replaced.
fn with_provenance(
    fields: &Fields,
    stored: &TantivyDocument,
    provenance: &Provenance,
) -> TantivyDocument {
    let provenance_fields = [
        fields.first_seen,
        fields.last_seen,
        fields.snapshot,
        fields.snapshot_fetched,
        fields.revisions,
        fields.content_hashes,
        fields.content_hash,
    ];
    let mut doc = TantivyDocument::new();
    for (field, value) in stored.field_values() {
        if !provenance_fields.contains(&field) {
            doc.add_field_value(field, value);
        }
    }
    add_provenance(fields, &mut doc, provenance);
    doc
}

/// Times keep microseconds, as the index stores them, so in-run and stored times compare.
fn truncate(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at)
}

/// Holds the writer lock of an index directory without opening the index (which may be of
/// another schema version): what `--rebuild` keeps while it builds the new index beside it.
pub struct WriteLock {
    _lock: Option<DirectoryLock>,
}

impl WriteLock {
    /// Takes the writer lock of `dir`; nothing to lock when `dir` holds no index.
    ///
    /// # Errors
    /// [`Error::Busy`] when another process holds it; [`Error::NotAnIndex`] when `dir` holds
    /// files that are not an index.
    pub fn acquire(dir: &Path) -> Result<WriteLock> {
        schema::ensure_no_foreign_files(dir)?;
        if !dir.join("meta.json").is_file() {
            return Ok(WriteLock { _lock: None });
        }
        let directory = MmapDirectory::open(dir).map_err(|err| Error::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other(err.to_string()),
        })?;
        match directory.acquire_lock(&INDEX_WRITER_LOCK) {
            Ok(lock) => Ok(WriteLock { _lock: Some(lock) }),
            Err(tantivy::directory::error::LockError::LockBusy) => {
                Err(Error::Busy(dir.to_path_buf()))
            }
            Err(tantivy::directory::error::LockError::IoError(err)) => Err(Error::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(err.kind(), err.to_string()),
            }),
        }
    }
}

/// Where `--rebuild` builds the new index for `dir`: a sibling directory.
pub fn rebuild_dir(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().map(|name| name.to_os_string()).unwrap_or_default();
    name.push(".rebuild");
    dir.with_file_name(name)
}

/// Replaces the index at `dir` with the complete one at `fresh` (two renames; the old index is
/// removed last).
///
/// # Errors
/// [`Error::Io`] when a rename or the removal fails.
pub fn swap_in(fresh: &Path, dir: &Path) -> Result<()> {
    let mut old_name = dir.file_name().map(|name| name.to_os_string()).unwrap_or_default();
    old_name.push(".old");
    let old = dir.with_file_name(old_name);
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|err| Error::io(&old, err))?;
    }
    if dir.exists() {
        std::fs::rename(dir, &old).map_err(|err| Error::io(dir, err))?;
    }
    std::fs::rename(fresh, dir).map_err(|err| Error::io(fresh, err))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|err| Error::io(&old, err))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckEntry, check_index};

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("valid date").with_timezone(&Utc)
    }

    /// An item whose content (and so hash) is `text`, published on `day` of March 2024.
    fn item(guid: &str, day: u32, text: &str) -> FeedEvent {
        FeedEvent::Item(FeedItem {
            position: 1,
            guid: guid.to_string(),
            link: format!("https://www.cbp.gov/newsroom/national-media-release/{guid}"),
            title: format!("{guid} {text}"),
            published: Some(at(&format!("2024-03-{day:02}T10:00:00Z"))),
            creator: None,
            feed: "International Operations".to_string(),
            html: format!("<p>{text}</p>"),
            raw_hash: text
                .bytes()
                .fold(u64::from(day), |hash, b| hash.wrapping_mul(31) ^ u64::from(b)),
        })
    }

    struct Snapshot {
        meta: SnapshotMeta,
        events: Vec<FeedEvent>,
    }

    fn snapshot(name: &str, fetched: &str, events: Vec<FeedEvent>) -> Snapshot {
        Snapshot { meta: SnapshotMeta { name: name.to_string(), fetched_at: at(fetched) }, events }
    }

    /// Indexes `snapshots` in one run, in the order given; returns the counts.
    fn run(release_index: &ReleaseIndex, snapshots: &[&Snapshot]) -> IndexCounts {
        let mut indexer = Indexer::new(release_index, IndexerConfig::default()).expect("writer");
        let ids: Vec<SnapshotId> =
            snapshots.iter().map(|s| indexer.add_snapshot(s.meta.clone())).collect();
        for (id, snapshot) in ids.iter().zip(snapshots) {
            indexer.scan(*id, snapshot.events.clone()).expect("scan");
        }
        for (id, snapshot) in ids.iter().zip(snapshots) {
            if indexer.needs_write(*id) {
                indexer.write(*id, snapshot.events.clone()).expect("write");
            }
        }
        indexer.commit().expect("commit")
    }

    fn dump(release_index: &ReleaseIndex) -> Vec<CheckEntry> {
        let report = check_index(release_index).expect("readable");
        assert_eq!(report.problems, Vec::<String>::new());
        report.entries
    }

    fn counts(added: u64, updated: u64, unchanged: u64) -> (u64, u64, u64) {
        (added, updated, unchanged)
    }

    fn check(runs: &[&[&Snapshot]], expected: &[(u64, u64, u64)]) -> Vec<CheckEntry> {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        for (snapshots, expected) in runs.iter().zip(expected) {
            let found = run(&release_index, snapshots);
            assert_eq!((found.added, found.updated, found.unchanged), *expected);
        }
        dump(&release_index)
    }

    #[test]
    fn upsert_counts_and_order_independence() {
        let monday = snapshot(
            "monday.xml",
            "2024-03-11T06:00:00.000001Z",
            vec![item("a", 1, "one"), item("b", 2, "two"), item("c", 3, "three")],
        );
        let tuesday = snapshot(
            "tuesday.xml",
            "2024-03-12T06:00:00Z",
            vec![item("b", 2, "two, edited"), item("c", 3, "three"), item("d", 4, "four")],
        );
        let forward = check(
            &[&[&monday], &[&monday], &[&tuesday]],
            &[counts(3, 0, 0), counts(0, 0, 3), counts(1, 1, 1)],
        );
        let backward = check(&[&[&tuesday], &[&monday]], &[counts(3, 0, 0), counts(1, 0, 2)]);
        let one_run = check(&[&[&tuesday, &monday]], &[counts(4, 0, 2)]);
        assert_eq!(forward, backward);
        assert_eq!(forward, one_run);
        let b = forward.iter().find(|entry| entry.guid == "b").expect("b indexed");
        assert_eq!((b.revisions, b.snapshot.as_str()), (2, "tuesday.xml"));
        assert_eq!(b.first_seen, at("2024-03-11T06:00:00.000001Z"));
        let c = forward.iter().find(|entry| entry.guid == "c").expect("c indexed");
        assert_eq!((c.revisions, c.last_seen), (1, at("2024-03-12T06:00:00Z")));
    }

    #[test]
    fn the_same_guid_twice_in_one_snapshot_keeps_the_newer() {
        let doubled = snapshot(
            "doubled.xml",
            "2024-03-11T06:00:00Z",
            vec![item("a", 5, "newer"), item("a", 1, "older")],
        );
        let entries = check(&[&[&doubled]], &[counts(1, 0, 1)]);
        let FeedEvent::Item(newer) = item("a", 5, "newer") else { unreachable!() };
        assert_eq!(entries.len(), 1);
        assert_eq!((entries[0].raw_hash, entries[0].revisions), (newer.raw_hash, 2));
    }

    #[test]
    fn a_new_pipeline_rebuilds_releases_without_counting_an_edit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        let monday = snapshot("monday.xml", "2024-03-11T06:00:00Z", vec![item("a", 1, "one")]);
        run(&release_index, &[&monday]);
        // Pretend an older pressdex built the stored text.
        let fields = *release_index.fields();
        let searcher = release_index.index().reader().expect("reader").searcher();
        let address = guid_addresses(&searcher, fields.guid, "a").expect("found")[0];
        let stored: TantivyDocument = searcher.doc(address).expect("stored");
        let mut old = TantivyDocument::new();
        for (field, value) in stored.field_values() {
            if field != fields.pipeline {
                old.add_field_value(field, value);
            }
        }
        old.add_u64(fields.pipeline, 0);
        let mut writer: IndexWriter =
            release_index.index().writer_with_num_threads(1, 16 << 20).expect("writer");
        writer.delete_term(Term::from_field_text(fields.guid, "a"));
        writer.add_document(old).expect("add");
        writer.commit().expect("commit");
        drop(writer);

        // The same bytes read now hash differently (raw_hash covers PIPELINE_VERSION).
        let mut event = item("a", 1, "one");
        if let FeedEvent::Item(item) = &mut event {
            item.raw_hash ^= 1;
        }
        let upgraded = snapshot("monday.xml", "2024-03-11T06:00:00Z", vec![event]);
        let found = run(&release_index, &[&upgraded]);
        assert_eq!((found.added, found.updated, found.unchanged), (0, 1, 0));
        let again = run(&release_index, &[&upgraded]);
        assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 1));
        let entries = dump(&release_index);
        let FeedEvent::Item(rehashed) = &upgraded.events[0] else { unreachable!() };
        assert_eq!((entries[0].raw_hash, entries[0].revisions), (rehashed.raw_hash, 1));
    }

    #[test]
    fn a_stored_document_that_does_not_decode_is_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        let fields = *release_index.fields();
        let mut writer: IndexWriter =
            release_index.index().writer_with_num_threads(1, 16 << 20).expect("writer");
        let mut broken = TantivyDocument::new();
        broken.add_text(fields.guid, "a");
        broken.add_text(fields.kind, "no-such-kind");
        writer.add_document(broken).expect("add");
        writer.commit().expect("commit");
        drop(writer);
        let report = check_index(&release_index).expect("readable");
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);

        let monday = snapshot("monday.xml", "2024-03-11T06:00:00Z", vec![item("a", 1, "one")]);
        let found = run(&release_index, &[&monday]);
        assert_eq!((found.added, found.updated, found.unchanged), (1, 0, 0));
        assert_eq!(dump(&release_index).len(), 1);
    }

    #[test]
    fn a_second_writer_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let release_index = ReleaseIndex::create(dir.path()).expect("create");
        let _first = Indexer::new(&release_index, IndexerConfig::default()).expect("writer");
        let err = Indexer::new(&release_index, IndexerConfig::default()).err().expect("busy");
        assert!(err.to_string().contains("is being written by another pressdex process"), "{err}");
        let err = WriteLock::acquire(dir.path()).err().expect("busy");
        assert!(matches!(err, Error::Busy(_)), "{err}");
    }
}
