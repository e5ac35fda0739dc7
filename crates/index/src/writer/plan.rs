//! The plan of a run: for every guid, which version wins and what its provenance becomes. Pure
//! rules, no Tantivy: the writing session feeds the plan every occurrence of a guid, and what
//! the last commit holds for it, and asks it what to write.
//!
//! The newest version wins, whatever the order in which occurrences come: the greatest
//! [`VersionKey`] (newest `published`, then the snapshot fetched last, then the feed's own date
//! in it, then the snapshot's name, then the content hash, then the raw hash). `first_seen` is
//! the earliest fetch time, `last_seen` the latest, `revisions` counts the distinct content
//! hashes and `sightings` is the set of snapshots; all are order-free (min, max, sets), so a run
//! over snapshots in any order, or split over several runs, ends the same.
//!
//! One exception, on purpose: two different texts from snapshots fetched at the same time,
//! which the feeds' own dates do not tell apart, are never decided by file name (the bug of
//! issue 11: `cp` gives copies one mtime, and `cbp-2024-05-01.xml` sorts before `cbp-later.xml`).
//! The text already indexed stays; between two texts new to the index, the content order
//! picks one. Either way the run reports the tie ([`Plan::ties`]).

use std::cmp::Ordering;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use self::compact::{Entries, Few, Slot, SnapshotKey, guid_key, position};
use crate::changes::ChangeKind;
use crate::document::StoredProvenance;

mod compact;

/// A version of a release: what decides which one wins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VersionKey {
    pub(crate) published: Option<DateTime<Utc>>,
    pub(crate) fetched_at: DateTime<Utc>,
    /// The feed's own date in that snapshot: breaks a tie of equal fetch times.
    pub(crate) feed_date: Option<DateTime<Utc>>,
    pub(crate) snapshot: Arc<str>,
    pub(crate) raw_hash: u64,
    pub(crate) content_hash: u64,
}

impl VersionKey {
    /// The same version of the item (date, snapshot, content), whatever its raw hash.
    fn same_version(&self, other: &VersionKey) -> bool {
        self.published == other.published
            && self.fetched_at == other.fetched_at
            && self.snapshot == other.snapshot
            && self.content_hash == other.content_hash
    }

    /// Another text of the item from another snapshot fetched at the same time (with the same
    /// publication time): only the feeds' own dates can tell which is newer.
    fn ties_with(&self, other: &VersionKey) -> bool {
        self.published == other.published
            && self.fetched_at == other.fetched_at
            && self.snapshot != other.snapshot
            && self.content_hash != other.content_hash
    }
}

impl Ord for VersionKey {
    fn cmp(&self, other: &VersionKey) -> Ordering {
        self.published
            .cmp(&other.published)
            .then_with(|| self.fetched_at.cmp(&other.fetched_at))
            .then_with(|| self.feed_date.cmp(&other.feed_date))
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

/// What the last commit holds for a guid. `A` says where the document is (a Tantivy address
/// for the session; the rules never look at it).
#[derive(Clone, Debug)]
pub(crate) struct Committed<A> {
    pub(crate) address: A,
    /// The committed version.
    pub(crate) key: VersionKey,
    pub(crate) provenance: StoredProvenance,
    /// More than one document for the guid (a bug or an old crash): rewrite to heal it.
    pub(crate) duplicated: bool,
    /// Built by another `PIPELINE_VERSION`: the same version read now must replace it.
    pub(crate) stale_pipeline: bool,
}

/// What the index a rebuild replaces knew of a guid: kept so a rebuild does not make every
/// release new.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Carried {
    pub(crate) indexed_at: DateTime<Utc>,
    pub(crate) changed_at: DateTime<Utc>,
    pub(crate) content_hash: u64,
}

/// What the last commit holds for a guid the run has not met yet.
pub(crate) enum Lookup<A> {
    /// Nothing (and, in a rebuild, what the old index knew, if anything).
    Absent(Option<Carried>),
    /// A document that does not decode: the incoming version replaces it.
    Corrupt,
    /// A document, and its version (boxed: the other variants are small).
    Found(Box<Committed<A>>),
}

/// How one occurrence of a guid compares with what the plan held before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A guid neither the index nor the run held.
    Added,
    /// Newer than, and different from, the version held.
    Updated,
    /// Equal to or older than the version held.
    Unchanged,
}

/// How a tie between two texts of a release, in snapshots fetched at the same time, was
/// decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TieResolution {
    /// The feed with the later own date (`lastBuildDate`, Atom `updated`) won.
    FeedDate,
    /// Nothing tells them apart: the text already indexed was kept.
    KeptIndexed,
    /// Nothing tells them apart and neither was indexed: one was indexed, by content order
    /// (the same whatever the order of the snapshots).
    Undecided,
}

/// What the plan needs from the run to write provenance: its start, and each run snapshot's
/// id in the index's table and feed URL.
#[derive(Clone, Debug, Default)]
pub(crate) struct RunContext {
    pub(crate) started_at: DateTime<Utc>,
    /// The table id of each run snapshot, by position.
    pub(crate) ids: Vec<u32>,
    /// The feed URL of each run snapshot, by position.
    pub(crate) urls: Vec<Option<String>>,
}

/// Whether `key` is newer than `held` by the feeds' own dates: only when both feeds give one
/// and they differ (a feed that gives none is not thereby older).
fn by_feed_date(key: &VersionKey, held: &VersionKey) -> Option<bool> {
    match (key.feed_date, held.feed_date) {
        (Some(incoming), Some(held)) if incoming != held => Some(incoming > held),
        _ => None,
    }
}

/// Everything known about one guid during a run. Kept lean (issue 13: a run holds one per
/// guid, a million in a large first run): the rare parts are boxed, the lists that almost
/// always hold one value hold it inline ([`Few`]), and the contenders list is empty in the
/// common case where the winner is the only one.
#[derive(Clone, Debug)]
struct Entry<A> {
    /// Boxed: most guids of a large first run have none, and the inline version would cost
    /// every entry its size (a few hundred bytes per guid, a third of the plan at 1M guids).
    committed: Option<Box<Committed<A>>>,
    /// Boxed for the same reason: only a rebuild carries anything over.
    carried: Option<Box<Carried>>,
    winner: VersionKey,
    first_seen: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    /// Sorted, distinct.
    content_hashes: Few<u64>,
    /// The run's snapshots (positions) that list the guid, sorted, distinct.
    seen_in: Few<u32>,
    /// The distinct versions (by snapshot and content) met at the winner's time, the winner
    /// among them: the ties are read from them once the run has met every occurrence, so they
    /// do not depend on the order of the snapshots. Bounded by the snapshots sharing one time.
    /// Empty stands for the winner alone (no allocation for the usual guid), see
    /// [`Entry::contenders`].
    contenders: Vec<VersionKey>,
    /// The run's snapshot (its position) holding the winner; `None` when the winner is the
    /// committed text.
    winner_snapshot: Option<u32>,
    written: bool,
    /// Written as soon as it was met (`Plan::take_first_met`): a later occurrence makes the
    /// run write it again, deleting that document first.
    written_early: bool,
    /// The last commit holds a document for the guid that does not decode: replace it.
    replaces_corrupt: bool,
}

impl<A> Entry<A> {
    fn provenance(&self, run: &RunContext) -> StoredProvenance {
        let committed = self.committed.as_ref().map(|c| &c.provenance);
        let mut sightings: Vec<u32> =
            committed.map(|provenance| provenance.sightings.clone()).unwrap_or_default();
        sightings.extend(
            self.seen_in.as_slice().iter().filter_map(|at| run.ids.get(*at as usize).copied()),
        );
        sightings.sort_unstable();
        sightings.dedup();
        let url = match self.winner_snapshot {
            Some(at) => run.urls.get(at as usize).cloned().flatten(),
            None => committed.and_then(|provenance| provenance.url.clone()),
        };
        let (indexed_at, changed_at, held_hash) = match (committed, self.carried.as_deref()) {
            (Some(held), _) => (held.indexed_at, held.changed_at, Some(held.content_hash)),
            (None, Some(carried)) => {
                (carried.indexed_at, carried.changed_at, Some(carried.content_hash))
            }
            (None, None) => (run.started_at, run.started_at, None),
        };
        let changed_at =
            if held_hash == Some(self.winner.content_hash) { changed_at } else { run.started_at };
        StoredProvenance {
            first_seen: self.first_seen,
            last_seen: self.last_seen,
            snapshot: self.winner.snapshot.to_string(),
            snapshot_fetched: self.winner.fetched_at,
            snapshot_feed_date: self.winner.feed_date,
            url,
            revisions: self.content_hashes.as_slice().len() as u64,
            content_hashes: self.content_hashes.as_slice().to_vec(),
            content_hash: self.winner.content_hash,
            indexed_at: indexed_at.min(changed_at),
            changed_at,
            sightings,
        }
    }

    /// How the winner changes the release held by the index, if it does.
    fn change(&self) -> Option<ChangeKind> {
        // In a rebuild, the index it replaces says what is new, as the last commit does in a
        // run that adds to the index.
        let held = (self.committed.as_ref().map(|held| held.key.content_hash))
            .or(self.carried.as_ref().map(|carried| carried.content_hash));
        match held {
            None => Some(ChangeKind::Added),
            Some(hash) if hash != self.winner.content_hash => Some(ChangeKind::Updated),
            Some(_) => None,
        }
    }

    /// Whether the winner's text must be built from the run's snapshot `snapshot`.
    fn needs_build_from(&self, snapshot: usize) -> bool {
        !self.written
            && self.winner_snapshot == Some(position(snapshot))
            && self.committed.as_ref().is_none_or(|c| c.key.raw_hash != self.winner.raw_hash)
    }

    /// Whether the committed document must be re-added with new provenance only.
    fn needs_provenance_rewrite(&self, run: &RunContext) -> bool {
        match &self.committed {
            Some(committed) if committed.key.raw_hash == self.winner.raw_hash && !self.written => {
                committed.duplicated || committed.provenance != self.provenance(run)
            }
            _ => false,
        }
    }

    /// Whether `key` replaces the winner. A text from another snapshot fetched at the same time
    /// is newer only by the feeds' own dates; when those do not tell either, the indexed text
    /// stays, and between two new texts the content order decides (never the file names).
    fn is_newer(&self, key: &VersionKey) -> bool {
        if !key.ties_with(&self.winner) {
            return *key > self.winner;
        }
        match by_feed_date(key, &self.winner) {
            Some(newer) => newer,
            None if self.winner_snapshot.is_none() => false,
            None => key.content_hash > self.winner.content_hash,
        }
    }

    /// Keeps `key` among the contenders when it has the winner's time (called after the
    /// winner was updated with it); a newer winner drops the older contenders.
    fn remember_contender(&mut self, key: &VersionKey) {
        let same_time = |held: &VersionKey| {
            held.published == key.published && held.fetched_at == key.fetched_at
        };
        if !same_time(&self.winner) {
            return;
        }
        self.contenders.retain(same_time);
        let known = self
            .contenders
            .iter()
            .any(|held| held.snapshot == key.snapshot && held.content_hash == key.content_hash);
        if !known {
            self.contenders.push(key.clone());
        }
    }

    /// The distinct versions met at the winner's time, the winner among them.
    fn contenders(&self) -> &[VersionKey] {
        if self.contenders.is_empty() {
            std::slice::from_ref(&self.winner)
        } else {
            &self.contenders
        }
    }

    /// The tie of the winner, if any: the other snapshot (the least name among the worst
    /// decided) and how it was decided. A kept or undecided tie outweighs one the feed dates
    /// settled.
    fn tie(&self) -> Option<(Arc<str>, TieResolution)> {
        self.contenders()
            .iter()
            .filter(|other| other.ties_with(&self.winner))
            .map(|other| {
                let resolution = if by_feed_date(other, &self.winner).is_some() {
                    TieResolution::FeedDate
                } else if self.winner_snapshot.is_none() {
                    TieResolution::KeptIndexed
                } else {
                    TieResolution::Undecided
                };
                (other.snapshot.clone(), resolution)
            })
            .max_by(|left, right| left.1.cmp(&right.1).then_with(|| right.0.cmp(&left.0)))
    }

    /// Merges one more occurrence into an entry that already holds a version.
    fn merge(&mut self, snapshot: usize, key: VersionKey) -> Outcome {
        // What was written when the guid was first met no longer holds its provenance.
        self.written &= !self.written_early;
        if self.contenders.is_empty() {
            self.contenders.push(self.winner.clone());
        }
        // The committed version read again by a new pipeline: same version, new raw hash.
        let rebuilt = self.winner_snapshot.is_none()
            && self.committed.as_ref().is_some_and(|c| c.stale_pipeline)
            && key.same_version(&self.winner)
            && key.raw_hash != self.winner.raw_hash;
        let newer = rebuilt || self.is_newer(&key);
        let outcome = if newer && key.raw_hash != self.winner.raw_hash {
            Outcome::Updated
        } else {
            Outcome::Unchanged
        };
        self.first_seen = self.first_seen.min(key.fetched_at);
        self.last_seen = self.last_seen.max(key.fetched_at);
        self.content_hashes.insert(key.content_hash);
        match &mut self.seen_in {
            // A guid the last commit holds starts with no sighting in the run.
            Few::Many(none) if none.is_empty() => self.seen_in = Few::One(position(snapshot)),
            seen_in => seen_in.insert(position(snapshot)),
        }
        if newer {
            self.winner = key.clone();
            self.winner_snapshot = Some(position(snapshot));
        }
        self.remember_contender(&key);
        if matches!(self.contenders.as_slice(), [only] if *only == self.winner) {
            self.contenders = Vec::new();
        }
        outcome
    }
}

/// The plan of a run: one entry per guid met.
#[derive(Debug)]
pub(crate) struct Plan<A> {
    entries: Entries<Slot<A>>,
    /// What the versions of each of the run's snapshots (by position) share: compacted
    /// entries are made whole again from it.
    snapshots: Vec<Option<SnapshotKey>>,
    /// How many releases written when first met were met again (and must be written again).
    rewrites: u64,
    /// The guid of each key, for the tests' view of the outcome.
    #[cfg(test)]
    guids: std::collections::HashMap<compact::GuidKey, String>,
}

impl<A> Default for Plan<A> {
    fn default() -> Plan<A> {
        Plan {
            entries: Entries::default(),
            snapshots: Vec::new(),
            rewrites: 0,
            #[cfg(test)]
            guids: std::collections::HashMap::new(),
        }
    }
}

/// A release the run writes: its provenance, whether a document of the guid must be deleted
/// first, and how its text changed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ToWrite {
    pub(crate) provenance: StoredProvenance,
    pub(crate) replace: bool,
    pub(crate) change: Option<ChangeKind>,
}

/// A tie of one release, as [`Plan::ties`] lists them: the winner's snapshot, the other
/// snapshot, their fetch time, and how it was decided.
pub(crate) type Tie = (Arc<str>, Arc<str>, DateTime<Utc>, TieResolution);

impl<A: Copy> Plan<A> {
    /// Merges an occurrence of `guid` in the run's snapshot `snapshot`. The first time the run
    /// meets `guid`, `lookup` says what the last commit holds for it.
    ///
    /// # Errors
    /// What `lookup` fails with.
    pub(crate) fn merge<E>(
        &mut self,
        guid: &str,
        snapshot: usize,
        key: VersionKey,
        lookup: impl FnOnce(&str) -> Result<Lookup<A>, E>,
    ) -> Result<Outcome, E> {
        let guid_key = guid_key(guid);
        #[cfg(test)]
        self.guids.insert(guid_key, guid.to_string());
        if self.snapshots.len() <= snapshot {
            self.snapshots.resize(snapshot + 1, None);
        }
        self.snapshots[snapshot].get_or_insert_with(|| SnapshotKey::of(&key));
        if let Some(slot) = self.entries.get_mut(&guid_key) {
            let entry = slot.full(&self.snapshots);
            self.rewrites += u64::from(entry.written_early && entry.written);
            return Ok(entry.merge(snapshot, key));
        }
        let (committed, carried, replaces_corrupt) = match lookup(guid)? {
            Lookup::Absent(carried) => (None, carried, false),
            Lookup::Corrupt => (None, None, true),
            Lookup::Found(committed) => (Some(committed), None, false),
        };
        let Some(committed) = committed else {
            let outcome = match carried {
                None => Outcome::Added,
                Some(carried) if carried.content_hash == key.content_hash => Outcome::Unchanged,
                Some(_) => Outcome::Updated,
            };
            self.entries.insert(
                guid_key,
                Slot::Full(Box::new(Entry {
                    committed: None,
                    carried: carried.map(Box::new),
                    first_seen: key.fetched_at,
                    last_seen: key.fetched_at,
                    content_hashes: Few::One(key.content_hash),
                    seen_in: Few::One(position(snapshot)),
                    winner: key,
                    winner_snapshot: Some(position(snapshot)),
                    written: false,
                    written_early: false,
                    replaces_corrupt,
                    contenders: Vec::new(),
                })),
            );
            return Ok(outcome);
        };
        let slot = self.entries.insert(
            guid_key,
            Slot::Full(Box::new(Entry {
                first_seen: committed.provenance.first_seen,
                last_seen: committed.provenance.last_seen,
                content_hashes: Few::from_vec(committed.provenance.content_hashes.clone()),
                seen_in: Few::Many(Vec::new()),
                winner: committed.key.clone(),
                committed: Some(committed),
                carried: None,
                winner_snapshot: None,
                written: false,
                written_early: false,
                replaces_corrupt: false,
                contenders: Vec::new(),
            })),
        );
        Ok(slot.full(&self.snapshots).merge(snapshot, key))
    }

    /// Whether the run has met `guid`.
    pub(crate) fn contains(&self, guid: &str) -> bool {
        self.entries.contains(&guid_key(guid))
    }

    /// Which of the run's `snapshots` hold a winning version that must be built and written.
    pub(crate) fn snapshots_to_write(&self, snapshots: usize) -> Vec<bool> {
        let mut to_write = vec![false; snapshots];
        for entry in self.entries.values().filter_map(Slot::as_full) {
            if let Some(winner) = entry.winner_snapshot.map(|at| at as usize)
                && entry.needs_build_from(winner)
                && let Some(slot) = to_write.get_mut(winner)
            {
                *slot = true;
            }
        }
        to_write
    }

    /// When the item of `guid` with `raw_hash`, read again from snapshot `snapshot`, is the
    /// winner still to write: marks it written and says how to write it.
    pub(crate) fn take_for_write(
        &mut self,
        guid: &str,
        snapshot: usize,
        raw_hash: u64,
        run: &RunContext,
    ) -> Option<ToWrite> {
        let entry = self.entries.get_mut(&guid_key(guid))?.full(&self.snapshots);
        if !entry.needs_build_from(snapshot) || entry.winner.raw_hash != raw_hash {
            return None;
        }
        entry.written = true;
        let replace = entry.committed.is_some() || entry.replaces_corrupt || entry.written_early;
        Some(ToWrite { provenance: entry.provenance(run), replace, change: entry.change() })
    }

    /// When `guid`, just merged from snapshot `snapshot`, was met there for the first time in
    /// the run and its version there is to be written (new to the index, or newer than the
    /// committed one): marks it written and says how to write it now, in the pass that reads
    /// it. Only right when no later snapshot of the run can hold it (the caller's rule: the
    /// run's last snapshot); should the same snapshot hold it again, the merge of that
    /// occurrence undoes the mark and the run writes it again.
    pub(crate) fn take_first_met(
        &mut self,
        guid: &str,
        snapshot: usize,
        run: &RunContext,
    ) -> Option<ToWrite> {
        let slot = self.entries.get_mut(&guid_key(guid))?;
        // Compacted: written when first met already.
        let Slot::Full(entry) = slot else { return None };
        let first_met = matches!(entry.seen_in, Few::One(at) if at == position(snapshot));
        // Once: a guid met again in the snapshot waits for pass 2, which replaces what was
        // written.
        if !first_met || entry.written_early || !entry.needs_build_from(snapshot) {
            return None;
        }
        entry.written = true;
        entry.written_early = true;
        let replace = entry.committed.is_some() || entry.replaces_corrupt;
        let to_write =
            ToWrite { provenance: entry.provenance(run), replace, change: entry.change() };
        slot.compact(&self.snapshots);
        Some(to_write)
    }

    /// How many releases written when first met had to be written again: the run's list of
    /// changes then holds them twice, the last one right.
    pub(crate) fn rewrites(&self) -> u64 {
        self.rewrites
    }

    /// The committed documents to re-add with new provenance only (their text won, but their
    /// first/last seen, sightings, revisions or duplicates changed); the guid is the stored
    /// document's.
    pub(crate) fn provenance_rewrites(&self, run: &RunContext) -> Vec<(A, StoredProvenance)> {
        self.entries
            .values()
            .filter_map(Slot::as_full)
            .filter(|entry| entry.needs_provenance_rewrite(run))
            .filter_map(|entry| {
                let committed = entry.committed.as_ref()?;
                Some((committed.address, entry.provenance(run)))
            })
            .collect()
    }

    /// The ties met, one per release whose winner tied with another snapshot's text.
    pub(crate) fn ties(&self) -> Vec<Tie> {
        self.entries
            .values()
            .filter_map(Slot::as_full)
            .filter_map(|entry| {
                let (other, resolution) = entry.tie()?;
                Some((entry.winner.snapshot.clone(), other, entry.winner.fetched_at, resolution))
            })
            .collect()
    }

    /// The winner and provenance of every guid, sorted by guid: what the index will hold.
    #[cfg(test)]
    fn outcome(&self, run: &RunContext) -> Vec<(String, VersionKey, StoredProvenance)> {
        let mut all: Vec<_> = self
            .entries
            .iter()
            .map(|(key, slot)| {
                let entry = slot.expanded(&self.snapshots);
                (self.guids[key].clone(), entry.winner.clone(), entry.provenance(run))
            })
            .collect();
        all.sort_by(|left, right| left.0.cmp(&right.0));
        all
    }
}

#[cfg(test)]
mod tests;
