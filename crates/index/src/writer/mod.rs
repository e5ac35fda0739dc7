//! The Tantivy writing session of a run: upsert by guid, newest version wins whatever the order
//! of the snapshots. `indexing::index_snapshots` drives it; [`plan`] holds the rules.
//!
//! A run makes two passes over its snapshots, so the result does not depend on the order in
//! which they come and memory stays bounded by one small entry per guid:
//!
//! 1. [`Indexer::scan`] reads each snapshot's [`FeedEvent`]s (no HTML is parsed) and merges
//!    every occurrence of a guid into the [`Plan`], with what the last commit holds for it. In
//!    the run's last snapshot no later occurrence can win, so a version to write met there
//!    first is built and written at once: a run of one snapshot reads it once.
//! 2. [`Indexer::write`] reads again only the snapshots that hold a winning version that is not
//!    in the index yet (the last snapshot only for a guid it holds twice), builds those releases in parallel (rayon) and adds them in order through
//!    one `IndexWriter` (delete the guid, add the document). [`Indexer::commit`] re-adds, from the
//!    stored document and without parsing anything, the releases whose provenance alone moved,
//!    then commits once.

mod held;
mod merge;
mod plan;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use pressdex_ingest::{Diagnostic, FeedEvent, FeedItem, ProblemKind};
use rayon::prelude::*;
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexReader, IndexWriter, Searcher, TantivyDocument, Term};

pub(crate) use self::held::History;
use self::held::lookup;
use self::merge::BoundedMergePolicy;
pub(crate) use self::merge::consolidate;
pub use self::plan::TieResolution;
use self::plan::{Lookup, Outcome, Plan, RunContext, ToWrite, VersionKey};
use crate::changes::{ChangeKind, Changes};
use crate::digest::Digest;
use crate::directory::ReleaseIndex;
use crate::document::{
    StoredProvenance, add_provenance, content_hash, provenance_fields, to_document,
};
use crate::error::{Error, Result};
use crate::record::{Payload, Recorded, RunRecord, SnapshotMeta, read_payload};
use crate::schema::Fields;

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
    /// Problems reported by the feed reader, snapshots that could not be opened, and items
    /// whose release could not be built.
    pub problems: u64,
    /// Of `files`, the snapshots not parsed again: the same bytes as when the index last read
    /// them to their end (their items count as unchanged).
    pub unchanged_files: u64,
}

/// Two snapshots fetched at the same time that hold different texts of the same releases.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SnapshotTie {
    /// The snapshot whose text won, then the other (recorded paths).
    pub snapshots: [String; 2],
    /// Their common fetch time.
    pub fetched_at: DateTime<Utc>,
    /// How many releases they differ on, decided this way.
    pub releases: u64,
    /// How it was decided.
    pub resolution: TieResolution,
}

/// What the session hands back when it commits.
pub(crate) struct Written {
    pub(crate) counts: IndexCounts,
    /// Sorted: newest publication first, then title.
    pub(crate) changes: Changes,
    pub(crate) ties: Vec<SnapshotTie>,
}

/// How the session writes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WriteConfig {
    /// The writer's memory budget in bytes (all indexing threads together).
    pub(crate) heap_bytes: usize,
    /// Also commit after this many documents written.
    pub(crate) commit_every: Option<u64>,
    /// How many releases are built in parallel at once.
    pub(crate) batch_size: usize,
    /// When the run started: the `indexed_at`/`changed_at` of what it adds or changes.
    pub(crate) started_at: DateTime<Utc>,
}

/// What [`Indexer::scan`] found in a snapshot.
pub(crate) struct Scanned {
    /// Whether the snapshot is a feed (a "not a feed" snapshot is not recorded).
    pub(crate) is_feed: bool,
    /// The items written as they were read whose release could not be built (each counts as a
    /// problem, as in [`Indexer::write`]).
    pub(crate) failed: Vec<Diagnostic>,
}

/// A release built in pass 2, ready to add.
struct Built {
    guid: String,
    replace: bool,
    doc: TantivyDocument,
    /// How its text changed, and its title and publication time.
    change: Option<(ChangeKind, String, Option<DateTime<Utc>>)>,
}

/// A writing session on an index: holds the writer lock until dropped or committed.
pub(crate) struct Indexer {
    release_index: ReleaseIndex,
    fields: Fields,
    writer: IndexWriter,
    /// The last commit, as it was when the run started.
    searcher: Searcher,
    _reader: IndexReader,
    history: Option<History>,
    config: WriteConfig,
    snapshots: Vec<SnapshotMeta>,
    /// The feed date each snapshot was scanned with.
    feed_dates: Vec<Option<DateTime<Utc>>>,
    /// Snapshots scanned that are feeds (not unreadable, not "not a feed"): recorded.
    recorded: Vec<bool>,
    payload: Payload,
    run: RunContext,
    plan: Plan<DocAddress>,
    /// Which snapshots hold a version to write, computed once the scan is over.
    to_write: Option<Vec<bool>>,
    counts: IndexCounts,
    changes: Changes,
    written_since_commit: u64,
    /// The payload's snapshot ids by (path, fetch time in microseconds), as the run started.
    recorded_ids: HashMap<(String, i64), u32>,
    /// What the final commit records of each snapshot's bytes: `None` leaves the record as it
    /// is (a snapshot not read), `Some(None)` forgets it (read with a problem).
    digests: Vec<Option<Option<(Digest, u64)>>>,
}

impl Indexer {
    /// Starts writing `snapshots` to `release_index`; `history` is the index a rebuild
    /// replaces. Fails at once when another process writes to it.
    ///
    /// # Errors
    /// [`UserError::Busy`](crate::error::UserError::Busy) when the writer lock is held; an
    /// internal error otherwise.
    pub(crate) fn new(
        release_index: &ReleaseIndex,
        snapshots: &[SnapshotMeta],
        config: WriteConfig,
        history: Option<History>,
    ) -> Result<Indexer> {
        let dir = release_index.dir();
        let index = release_index.index();
        // One indexing thread per core, at most two: parsing and building releases need the
        // others. Tantivy wants at least 15 MB per thread.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 2);
        let heap = config.heap_bytes.max(threads * (16 << 20));
        // One merge thread, not Tantivy's four: merges map their source segments, and four at
        // once on two cores added hundreds of MB of mapped pages to a large run's peak.
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(heap / threads)
            .num_merge_threads(1)
            .build();
        let writer = index.writer_with_options(options).map_err(|err| Error::tantivy(dir, err))?;
        writer.set_merge_policy(Box::new(BoundedMergePolicy::default()));
        let reader = release_index.manual_reader()?;
        let searcher = reader.searcher();
        let payload = read_payload(release_index)?;
        let recorded_ids = payload.lookup();
        let snapshots: Vec<SnapshotMeta> = snapshots
            .iter()
            .map(|meta| {
                let mut meta = meta.clone();
                meta.fetched_at = truncate(meta.fetched_at);
                meta
            })
            .collect();
        let config = WriteConfig { started_at: truncate(config.started_at), ..config };
        let snapshots_len = snapshots.len();
        let run = RunContext {
            started_at: config.started_at,
            ids: Vec::new(),
            urls: snapshots.iter().map(|meta| meta.url.clone()).collect(),
        };
        Ok(Indexer {
            release_index: release_index.clone(),
            fields: *release_index.fields(),
            writer,
            searcher,
            _reader: reader,
            history,
            config,
            feed_dates: vec![None; snapshots.len()],
            recorded: vec![false; snapshots.len()],
            snapshots,
            payload,
            run,
            plan: Plan::default(),
            to_write: None,
            counts: IndexCounts::default(),
            changes: Changes::default(),
            written_since_commit: 0,
            recorded_ids,
            digests: vec![None; snapshots_len],
        })
    }

    /// The digest and item count the index recorded for snapshot `snapshot` (same path and
    /// fetch time) when a run last read it to its end without a problem.
    pub(crate) fn recorded_digest(&self, snapshot: usize) -> Option<(Digest, u64)> {
        let meta = &self.snapshots[snapshot];
        let id = self.recorded_ids.get(&(meta.path.clone(), meta.fetched_at.timestamp_micros()))?;
        self.payload.get(*id)?.unchanged()
    }

    /// Counts snapshot `snapshot`, whose bytes are those [`Indexer::recorded_digest`] names,
    /// without reading it: each of its `items` merges as it did when it was read (the plan's
    /// rules are idempotent), so each is unchanged.
    pub(crate) fn skip_unchanged(&mut self, snapshot: usize, items: u64) {
        self.counts.files += 1;
        self.counts.unchanged_files += 1;
        self.counts.items += items;
        self.counts.unchanged += items;
        self.recorded[snapshot] = true;
        self.to_write = None;
    }

    /// What the final commit records of snapshot `snapshot`'s bytes, read to their end in this
    /// run: their digest and item count, or `None` when reading them met a problem.
    pub(crate) fn read_to_end(&mut self, snapshot: usize, read: Option<(Digest, u64)>) {
        self.digests[snapshot] = Some(read);
    }

    /// Counts a snapshot that could not be opened as a problem.
    pub(crate) fn count_unreadable(&mut self) {
        self.counts.problems += 1;
    }

    /// Pass 1: merges every item of snapshot `snapshot` into the plan. Reads no HTML, except
    /// in the run's last snapshot: no later snapshot can hold a newer version there, so a
    /// version to write that the run meets there first is built and written as it is read
    /// (one pass over the XML for a run of one snapshot, a first index or a daily run), and
    /// only a guid met again later in it is written again in pass 2. `feed_date` is the feed's own date
    /// (known by its first item).
    ///
    /// # Errors
    /// An internal error when the last commit cannot be read or the writer fails.
    pub(crate) fn scan(
        &mut self,
        snapshot: usize,
        feed_date: Option<DateTime<Utc>>,
        events: impl IntoIterator<Item = FeedEvent>,
    ) -> Result<Scanned> {
        self.counts.files += 1;
        self.to_write = None;
        let meta = &self.snapshots[snapshot];
        let path: Arc<str> = Arc::from(meta.path.as_str());
        let fetched_at = meta.fetched_at;
        let feed_date = feed_date.map(truncate);
        self.feed_dates[snapshot] = feed_date;
        let one_pass = snapshot + 1 == self.snapshots.len();
        let mut is_feed = true;
        let (mut batch, mut failed) = (Vec::new(), Vec::new());
        for event in events {
            let item = match event {
                FeedEvent::Item(item) => item,
                FeedEvent::Problem(problem) => {
                    is_feed &= !matches!(problem.kind, ProblemKind::NotAFeed(_));
                    self.counts.problems += 1;
                    continue;
                }
            };
            self.counts.items += 1;
            let (searcher, fields, dir) = (&self.searcher, &self.fields, self.release_index.dir());
            let history = self.history.as_ref();
            // What the last commit holds, read once, the first time the run meets the guid.
            let held = match self.plan.contains(&item.guid) {
                true => None,
                false => Some(lookup(searcher, fields, dir, &item.guid, history)?),
            };
            // The same raw bytes (same pipeline) in a feed of the same title are the same
            // content: an unchanged item is not hashed again (a tenth of a re-index).
            let content_hash = match &held {
                Some((Lookup::Found(committed), Some(feed)))
                    if committed.key.raw_hash == item.raw_hash && *feed == item.feed =>
                {
                    committed.key.content_hash
                }
                _ => content_hash(&item),
            };
            let key = VersionKey {
                // As the index stores it, so incoming and stored versions compare.
                published: item.published.map(truncate),
                fetched_at,
                feed_date,
                snapshot: path.clone(),
                raw_hash: item.raw_hash,
                content_hash,
            };
            let outcome = self.plan.merge(&item.guid, snapshot, key, |guid| match held {
                Some((held, _)) => Ok(held),
                None => lookup(searcher, fields, dir, guid, history).map(|(held, _)| held),
            })?;
            match outcome {
                Outcome::Added => self.counts.added += 1,
                Outcome::Updated => self.counts.updated += 1,
                Outcome::Unchanged => self.counts.unchanged += 1,
            }
            if one_pass {
                if self.run.ids.is_empty() {
                    // A snapshot that yields an item is a feed (a "not a feed" problem comes
                    // before any item): the ids exist before its first document.
                    self.recorded[snapshot] = true;
                    self.record_snapshots();
                }
                if let Some(to_write) = self.plan.take_first_met(&item.guid, snapshot, &self.run) {
                    batch.push((item, to_write));
                    if batch.len() >= self.config.batch_size.max(1) {
                        failed.extend(self.add_batch(snapshot, std::mem::take(&mut batch))?);
                    }
                }
            }
        }
        failed.extend(self.add_batch(snapshot, batch)?);
        self.recorded[snapshot] = is_feed;
        Ok(Scanned { is_feed, failed })
    }

    /// Whether pass 2 must read snapshot `snapshot` again (it holds a version to write).
    pub(crate) fn needs_write(&mut self, snapshot: usize) -> bool {
        if self.to_write.is_none() {
            self.record_snapshots();
            self.to_write = Some(self.plan.snapshots_to_write(self.snapshots.len()));
        }
        self.to_write.as_ref().and_then(|to_write| to_write.get(snapshot).copied()).unwrap_or(false)
    }

    /// Gives every scanned feed its id in the index's snapshot table, once the scan is over
    /// and before anything is written (an intermediate commit must hold the ids its documents
    /// name).
    fn record_snapshots(&mut self) {
        let mut lookup = self.payload.lookup();
        let mut ids = vec![u32::MAX; self.snapshots.len()];
        for (position, meta) in self.snapshots.iter().enumerate() {
            if self.recorded[position] {
                let recorded = Recorded {
                    path: meta.path.clone(),
                    fetched_at: meta.fetched_at,
                    dated_by: meta.dated_by,
                    url: meta.url.clone(),
                    feed_date: self.feed_dates[position],
                    digest: None,
                    items: None,
                };
                ids[position] = self.payload.id_of(&mut lookup, recorded);
            }
        }
        self.run.ids = ids;
    }

    /// Pass 2: builds and adds the winning versions that snapshot `snapshot` holds. Give it the
    /// same events as [`Indexer::scan`] did. Returns the items whose release could not be built
    /// (a fault caught in that item alone): each counts as a problem, and the index keeps what
    /// it held for its guid.
    ///
    /// # Errors
    /// [`InternalError::WriteFailed`](crate::error::InternalError::WriteFailed) when the writer
    /// fails.
    pub(crate) fn write(
        &mut self,
        snapshot: usize,
        events: impl IntoIterator<Item = FeedEvent>,
    ) -> Result<Vec<Diagnostic>> {
        if self.to_write.is_none() {
            self.needs_write(snapshot);
        }
        let mut failed = Vec::new();
        let mut batch: Vec<(FeedItem, ToWrite)> = Vec::new();
        for event in events {
            let FeedEvent::Item(item) = event else { continue };
            let Some(to_write) =
                self.plan.take_for_write(&item.guid, snapshot, item.raw_hash, &self.run)
            else {
                continue;
            };
            batch.push((item, to_write));
            if batch.len() >= self.config.batch_size.max(1) {
                failed.extend(self.add_batch(snapshot, std::mem::take(&mut batch))?);
            }
        }
        failed.extend(self.add_batch(snapshot, batch)?);
        Ok(failed)
    }

    fn add_batch(
        &mut self,
        snapshot: usize,
        batch: Vec<(FeedItem, ToWrite)>,
    ) -> Result<Vec<Diagnostic>> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let fields = self.fields;
        let source = self.snapshots[snapshot].name.as_str();
        let built: Vec<std::result::Result<Built, Diagnostic>> = batch
            .into_par_iter()
            .map(|(item, to_write)| {
                let release = pressdex_ingest::try_build_release(source, item)?;
                let doc = to_document(&fields, &release, &to_write.provenance);
                let change = to_write
                    .change
                    .map(|change| (change, release.title.clone(), release.published));
                Ok(Built { guid: release.guid, replace: to_write.replace, doc, change })
            })
            .collect();
        let mut failed = Vec::new();
        for outcome in built {
            match outcome {
                Ok(built) => {
                    self.replace(&built.guid, built.replace, built.doc)?;
                    if let Some((change, title, published)) = built.change {
                        self.changes.push(&built.guid, &title, published, change)?;
                    }
                }
                Err(diagnostic) => {
                    self.counts.problems += 1;
                    failed.push(diagnostic);
                }
            }
        }
        Ok(failed)
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
    /// snapshots join the table kept in the commit payload, and the run becomes the last.
    ///
    /// # Errors
    /// [`InternalError::WriteFailed`](crate::error::InternalError::WriteFailed) when the writer
    /// fails (the last commit stays as it was).
    pub(crate) fn commit(mut self) -> Result<Written> {
        if self.to_write.is_none() {
            self.needs_write(0);
        }
        for (address, provenance) in self.plan.provenance_rewrites(&self.run) {
            let dir = self.release_index.dir();
            let stored: TantivyDocument =
                self.searcher.doc(address).map_err(|err| Error::tantivy(dir, err))?;
            // The plan keeps a hash of each guid, not the guid: the document says it (it was
            // found by it, so it has one).
            let Some(guid) = stored.get_first(self.fields.guid).and_then(|v| v.as_str()) else {
                continue;
            };
            let guid = guid.to_string();
            let doc = with_provenance(&self.fields, &stored, &provenance);
            self.replace(&guid, true, doc)?;
        }
        // Only the commit that ends the run says a snapshot's items are all in the index.
        for (position, read) in self.digests.iter().enumerate() {
            let id = self.run.ids.get(position).copied().unwrap_or(u32::MAX);
            if let (Some(read), Some(recorded)) =
                (read, self.payload.snapshots.get_mut(id as usize))
            {
                recorded.set_unchanged(*read);
            }
        }
        self.commit_now(true)?;
        let dir = self.release_index.dir().to_path_buf();
        self.writer.wait_merging_threads().map_err(|err| Error::write_failed(&dir, err))?;
        // A release written when first met and again later is listed twice: the last entry is
        // what the index holds.
        let changes = std::mem::take(&mut self.changes).finish(self.plan.rewrites() > 0)?;
        let ties = aggregate(self.plan.ties());
        Ok(Written { counts: self.counts, changes, ties })
    }

    fn commit_now(&mut self, last: bool) -> Result<()> {
        let dir = self.release_index.dir().to_path_buf();
        if last {
            self.payload.last_run = Some(RunRecord { started_at: self.config.started_at });
        }
        let payload =
            serde_json::to_string(&self.payload).expect("a list of names and dates serializes");
        let mut prepared =
            self.writer.prepare_commit().map_err(|err| Error::write_failed(&dir, err))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|err| Error::write_failed(&dir, err))?;
        self.written_since_commit = 0;
        Ok(())
    }
}

/// The ties of single releases, one per pair of snapshots and way of deciding.
fn aggregate(ties: Vec<plan::Tie>) -> Vec<SnapshotTie> {
    let mut pairs: BTreeMap<plan::Tie, u64> = BTreeMap::new();
    for tie in ties {
        *pairs.entry(tie).or_default() += 1;
    }
    pairs
        .into_iter()
        .map(|((winner, other, fetched_at, resolution), releases)| SnapshotTie {
            snapshots: [winner.to_string(), other.to_string()],
            fetched_at,
            releases,
            resolution,
        })
        .collect()
}

/// `stored` with its provenance fields replaced.
fn with_provenance(
    fields: &Fields,
    stored: &TantivyDocument,
    provenance: &StoredProvenance,
) -> TantivyDocument {
    let provenance_fields = provenance_fields(fields);
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

#[cfg(test)]
mod tests;
