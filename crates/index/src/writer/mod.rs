//! The Tantivy writing session of a run: upsert by guid, newest version wins whatever the order
//! of the snapshots. `indexing::index_snapshots` drives it; [`plan`] holds the rules.
//!
//! A run makes two passes over its snapshots, so the result does not depend on the order in
//! which they come and memory stays bounded by one small entry per guid:
//!
//! 1. [`Indexer::scan`] reads each snapshot's [`FeedEvent`]s (no HTML is parsed) and merges
//!    every occurrence of a guid into the [`Plan`], with what the last commit holds for it.
//! 2. [`Indexer::write`] reads again only the snapshots that hold a winning version that is not
//!    in the index yet, builds those releases in parallel (rayon) and adds them in order through
//!    one `IndexWriter` (delete the guid, add the document). [`Indexer::commit`] re-adds, from the
//!    stored document and without parsing anything, the releases whose provenance alone moved,
//!    then commits once.

mod plan;

use std::path::Path;

use chrono::{DateTime, Utc};
use pressdex_ingest::FeedEvent;
use pressdex_ingest::{Diagnostic, FeedItem};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, IndexWriter, Searcher, TantivyDocument, Term};

use self::plan::{Committed, Lookup, Outcome, Plan, VersionKey};
use crate::directory::ReleaseIndex;
use crate::document::{Provenance, add_provenance, content_hash, from_document, to_document};
use crate::error::{Error, Result};
use crate::schema::Fields;

/// One snapshot of a run: its name (for provenance) and when it was fetched.
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
    /// Problems reported by the feed reader, snapshots that could not be opened, and items
    /// whose release could not be built.
    pub problems: u64,
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
}

/// A writing session on an index: holds the writer lock until dropped or committed.
pub(crate) struct Indexer {
    release_index: ReleaseIndex,
    fields: Fields,
    writer: IndexWriter,
    /// The last commit, as it was when the run started.
    searcher: Searcher,
    _reader: IndexReader,
    config: WriteConfig,
    snapshots: Vec<SnapshotMeta>,
    plan: Plan<DocAddress>,
    /// Which snapshots hold a version to write, computed once the scan is over.
    to_write: Option<Vec<bool>>,
    counts: IndexCounts,
    written_since_commit: u64,
}

/// The payload of every commit: the snapshots indexed so far.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Payload {
    snapshots: Vec<SnapshotMeta>,
}

impl Indexer {
    /// Starts writing `snapshots` (oldest fetch first) to `release_index`. Fails at once when
    /// another process writes to it.
    ///
    /// # Errors
    /// [`UserError::Busy`](crate::error::UserError::Busy) when the writer lock is held; an
    /// internal error otherwise.
    pub(crate) fn new(
        release_index: &ReleaseIndex,
        snapshots: &[SnapshotMeta],
        config: WriteConfig,
    ) -> Result<Indexer> {
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
        let snapshots = snapshots
            .iter()
            .map(|meta| SnapshotMeta { fetched_at: truncate(meta.fetched_at), ..meta.clone() })
            .collect();
        Ok(Indexer {
            release_index: release_index.clone(),
            fields: *release_index.fields(),
            writer,
            searcher,
            _reader: reader,
            config,
            snapshots,
            plan: Plan::default(),
            to_write: None,
            counts: IndexCounts::default(),
            written_since_commit: 0,
        })
    }

    /// Counts a snapshot that could not be opened as a problem.
    pub(crate) fn count_unreadable(&mut self) {
        self.counts.problems += 1;
    }

    /// Pass 1: merges every item of snapshot `snapshot` into the plan. Reads no HTML.
    ///
    /// # Errors
    /// An internal error when the last commit cannot be read.
    pub(crate) fn scan(
        &mut self,
        snapshot: usize,
        events: impl IntoIterator<Item = FeedEvent>,
    ) -> Result<()> {
        self.counts.files += 1;
        self.to_write = None;
        let meta = &self.snapshots[snapshot];
        let name: std::sync::Arc<str> = std::sync::Arc::from(meta.name.as_str());
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
            let (searcher, fields, dir) = (&self.searcher, &self.fields, self.release_index.dir());
            let outcome = self
                .plan
                .merge(item.guid, snapshot, key, |guid| lookup(searcher, fields, dir, guid))?;
            match outcome {
                Outcome::Added => self.counts.added += 1,
                Outcome::Updated => self.counts.updated += 1,
                Outcome::Unchanged => self.counts.unchanged += 1,
            }
        }
        Ok(())
    }

    /// Whether pass 2 must read snapshot `snapshot` again (it holds a version to write).
    pub(crate) fn needs_write(&mut self, snapshot: usize) -> bool {
        let (plan, snapshots) = (&self.plan, self.snapshots.len());
        let to_write = self.to_write.get_or_insert_with(|| plan.snapshots_to_write(snapshots));
        to_write.get(snapshot).copied().unwrap_or(false)
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
        let mut failed = Vec::new();
        let mut batch: Vec<(FeedItem, Provenance, bool)> = Vec::new();
        for event in events {
            let FeedEvent::Item(item) = event else { continue };
            let Some((provenance, replace)) =
                self.plan.take_for_write(&item.guid, snapshot, item.raw_hash)
            else {
                continue;
            };
            batch.push((item, provenance, replace));
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
        batch: Vec<(FeedItem, Provenance, bool)>,
    ) -> Result<Vec<Diagnostic>> {
        let fields = self.fields;
        let source = self.snapshots[snapshot].name.as_str();
        let built: Vec<std::result::Result<(String, bool, TantivyDocument), Diagnostic>> = batch
            .into_par_iter()
            .map(|(item, provenance, replace)| {
                let release = pressdex_ingest::try_build_release(source, item)?;
                let doc = to_document(&fields, &release, &provenance);
                Ok((release.guid, replace, doc))
            })
            .collect();
        let mut failed = Vec::new();
        for outcome in built {
            match outcome {
                Ok((guid, replace, doc)) => self.replace(&guid, replace, doc)?,
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
    /// snapshots join the list kept in the commit payload.
    ///
    /// # Errors
    /// [`InternalError::WriteFailed`](crate::error::InternalError::WriteFailed) when the writer
    /// fails (the last commit stays as it was).
    pub(crate) fn commit(mut self) -> Result<IndexCounts> {
        for (guid, address, provenance) in self.plan.provenance_rewrites() {
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

/// What the last commit (`searcher`) holds for `guid`. A stored document that does not decode
/// (see `pressdex check`) is replaced by the incoming version rather than stopping every future
/// run.
fn lookup(
    searcher: &Searcher,
    fields: &Fields,
    dir: &Path,
    guid: &str,
) -> Result<Lookup<DocAddress>> {
    let addresses =
        guid_addresses(searcher, fields.guid, guid).map_err(|err| Error::tantivy(dir, err))?;
    let mut best: Option<Committed<DocAddress>> = None;
    for address in &addresses {
        let doc: TantivyDocument =
            searcher.doc(*address).map_err(|err| Error::tantivy(dir, err))?;
        let stored = match from_document(fields, &doc) {
            Ok(stored) => stored,
            Err(err) if err.is_corrupt() => return Ok(Lookup::Corrupt),
            Err(err) => return Err(err),
        };
        let key = VersionKey {
            published: stored.release.published,
            fetched_at: stored.provenance.snapshot_fetched,
            snapshot: std::sync::Arc::from(stored.provenance.snapshot.as_str()),
            raw_hash: stored.release.raw_hash,
            content_hash: stored.provenance.content_hash,
        };
        if best.as_ref().is_none_or(|best| key > best.key) {
            best = Some(Committed {
                address: *address,
                key,
                provenance: stored.provenance,
                duplicated: addresses.len() > 1,
                stale_pipeline: doc.get_first(fields.pipeline).and_then(|v| v.as_u64())
                    != Some(u64::from(pressdex_ingest::PIPELINE_VERSION)),
            });
        }
    }
    Ok(best.map_or(Lookup::Absent, Lookup::Found))
}

/// The snapshots recorded in the last commit of `release_index`.
///
/// # Errors
/// [`InternalError::Tantivy`](crate::error::InternalError::Tantivy) when the index metadata
/// cannot be read.
pub(crate) fn indexed_snapshots(release_index: &ReleaseIndex) -> Result<Vec<SnapshotMeta>> {
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

#[cfg(test)]
mod tests;
