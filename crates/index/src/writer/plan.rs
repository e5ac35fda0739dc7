//! The plan of a run: for every guid, which version wins and what its provenance becomes. Pure
//! rules, no Tantivy: the writing session feeds the plan every occurrence of a guid, and what
//! the last commit holds for it, and asks it what to write.
//!
//! The newest version wins, whatever the order in which occurrences come: the greatest
//! [`VersionKey`] (newest `published`, then the snapshot fetched last, then its name, then the
//! content hash, then the raw hash). `first_seen` is the earliest fetch time, `last_seen` the
//! latest, and `revisions` counts the distinct content hashes; all three are order-free (min,
//! max, set), so a run over snapshots in any order, or split over several runs, ends the same.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::document::Provenance;

/// A version of a release: what decides which one wins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VersionKey {
    pub(crate) published: Option<DateTime<Utc>>,
    pub(crate) fetched_at: DateTime<Utc>,
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

/// What the last commit holds for a guid. `A` says where the document is (a Tantivy address
/// for the session; the rules never look at it).
#[derive(Clone, Debug)]
pub(crate) struct Committed<A> {
    pub(crate) address: A,
    /// The committed version.
    pub(crate) key: VersionKey,
    pub(crate) provenance: Provenance,
    /// More than one document for the guid (a bug or an old crash): rewrite to heal it.
    pub(crate) duplicated: bool,
    /// Built by another `PIPELINE_VERSION`: the same version read now must replace it.
    pub(crate) stale_pipeline: bool,
}

/// What the last commit holds for a guid the run has not met yet.
pub(crate) enum Lookup<A> {
    /// Nothing.
    Absent,
    /// A document that does not decode: the incoming version replaces it.
    Corrupt,
    /// A document, and its version.
    Found(Committed<A>),
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

/// Everything known about one guid during a run.
#[derive(Debug)]
struct Entry<A> {
    committed: Option<Committed<A>>,
    winner: VersionKey,
    /// The run's snapshot (its position) holding the winner; `None` when the winner is the
    /// committed text.
    winner_snapshot: Option<usize>,
    first_seen: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    /// Sorted, distinct.
    content_hashes: Vec<u64>,
    written: bool,
    /// The last commit holds a document for the guid that does not decode: replace it.
    replaces_corrupt: bool,
}

impl<A> Entry<A> {
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

    /// Whether the winner's text must be built from the run's snapshot `snapshot`.
    fn needs_build_from(&self, snapshot: usize) -> bool {
        !self.written
            && self.winner_snapshot == Some(snapshot)
            && self.committed.as_ref().is_none_or(|c| c.key.raw_hash != self.winner.raw_hash)
    }

    /// Whether the committed document must be re-added with new provenance only.
    fn needs_provenance_rewrite(&self) -> bool {
        match &self.committed {
            Some(committed) if committed.key.raw_hash == self.winner.raw_hash && !self.written => {
                committed.duplicated || committed.provenance != self.provenance()
            }
            _ => false,
        }
    }

    /// Merges one more occurrence into an entry that already holds a version.
    fn merge(&mut self, snapshot: usize, key: VersionKey) -> Outcome {
        // The committed version read again by a new pipeline: same version, new raw hash.
        let rebuilt = self.winner_snapshot.is_none()
            && self.committed.as_ref().is_some_and(|c| c.stale_pipeline)
            && key.same_version(&self.winner)
            && key.raw_hash != self.winner.raw_hash;
        let newer = key > self.winner || rebuilt;
        let outcome = if newer && key.raw_hash != self.winner.raw_hash {
            Outcome::Updated
        } else {
            Outcome::Unchanged
        };
        self.first_seen = self.first_seen.min(key.fetched_at);
        self.last_seen = self.last_seen.max(key.fetched_at);
        if let Err(at) = self.content_hashes.binary_search(&key.content_hash) {
            self.content_hashes.insert(at, key.content_hash);
        }
        if newer {
            self.winner = key;
            self.winner_snapshot = Some(snapshot);
        }
        outcome
    }
}

/// The plan of a run: one entry per guid met.
#[derive(Debug)]
pub(crate) struct Plan<A> {
    entries: HashMap<String, Entry<A>>,
}

impl<A> Default for Plan<A> {
    fn default() -> Plan<A> {
        Plan { entries: HashMap::new() }
    }
}

impl<A: Copy> Plan<A> {
    /// Merges an occurrence of `guid` in the run's snapshot `snapshot`. The first time the run
    /// meets `guid`, `lookup` says what the last commit holds for it.
    ///
    /// # Errors
    /// What `lookup` fails with.
    pub(crate) fn merge<E>(
        &mut self,
        guid: String,
        snapshot: usize,
        key: VersionKey,
        lookup: impl FnOnce(&str) -> Result<Lookup<A>, E>,
    ) -> Result<Outcome, E> {
        let vacant = match self.entries.entry(guid) {
            Slot::Occupied(mut occupied) => return Ok(occupied.get_mut().merge(snapshot, key)),
            Slot::Vacant(vacant) => vacant,
        };
        let (committed, replaces_corrupt) = match lookup(vacant.key())? {
            Lookup::Absent => (None, false),
            Lookup::Corrupt => (None, true),
            Lookup::Found(committed) => (Some(committed), false),
        };
        let Some(committed) = committed else {
            vacant.insert(Entry {
                committed: None,
                first_seen: key.fetched_at,
                last_seen: key.fetched_at,
                content_hashes: vec![key.content_hash],
                winner: key,
                winner_snapshot: Some(snapshot),
                written: false,
                replaces_corrupt,
            });
            return Ok(Outcome::Added);
        };
        let entry = vacant.insert(Entry {
            first_seen: committed.provenance.first_seen,
            last_seen: committed.provenance.last_seen,
            content_hashes: committed.provenance.content_hashes.clone(),
            winner: committed.key.clone(),
            committed: Some(committed),
            winner_snapshot: None,
            written: false,
            replaces_corrupt: false,
        });
        Ok(entry.merge(snapshot, key))
    }

    /// Which of the run's `snapshots` hold a winning version that must be built and written.
    pub(crate) fn snapshots_to_write(&self, snapshots: usize) -> Vec<bool> {
        let mut to_write = vec![false; snapshots];
        for entry in self.entries.values() {
            if let Some(winner) = entry.winner_snapshot.filter(|at| entry.needs_build_from(*at))
                && let Some(slot) = to_write.get_mut(winner)
            {
                *slot = true;
            }
        }
        to_write
    }

    /// When the item of `guid` with `raw_hash`, read again from snapshot `snapshot`, is the
    /// winner still to write: marks it written and returns its provenance and whether a
    /// document of the guid must be deleted first.
    pub(crate) fn take_for_write(
        &mut self,
        guid: &str,
        snapshot: usize,
        raw_hash: u64,
    ) -> Option<(Provenance, bool)> {
        let entry = self.entries.get_mut(guid)?;
        if !entry.needs_build_from(snapshot) || entry.winner.raw_hash != raw_hash {
            return None;
        }
        entry.written = true;
        let replace = entry.committed.is_some() || entry.replaces_corrupt;
        Some((entry.provenance(), replace))
    }

    /// The committed documents to re-add with new provenance only (their text won, but their
    /// first/last seen, revisions or duplicates changed).
    pub(crate) fn provenance_rewrites(&self) -> Vec<(String, A, Provenance)> {
        self.entries
            .iter()
            .filter(|(_, entry)| entry.needs_provenance_rewrite())
            .filter_map(|(guid, entry)| {
                let committed = entry.committed.as_ref()?;
                Some((guid.clone(), committed.address, entry.provenance()))
            })
            .collect()
    }

    /// The winner and provenance of every guid, sorted by guid: what the index will hold.
    #[cfg(test)]
    fn outcome(&self) -> Vec<(String, VersionKey, Provenance)> {
        let mut all: Vec<_> = self
            .entries
            .iter()
            .map(|(guid, entry)| (guid.clone(), entry.winner.clone(), entry.provenance()))
            .collect();
        all.sort_by(|left, right| left.0.cmp(&right.0));
        all
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use proptest::prelude::*;

    use super::*;

    /// One occurrence of a guid in a snapshot, from small ranges so that guids, dates and
    /// contents collide often.
    #[derive(Clone, Debug)]
    struct Occurrence {
        guid: u8,
        snapshot: usize,
        published: Option<u8>,
        content: u8,
        /// A new pipeline reads the same content into another raw hash.
        pipeline: u8,
    }

    fn occurrence() -> impl Strategy<Value = Occurrence> {
        (0u8..4, 0usize..4, proptest::option::of(0u8..3), 0u8..3, 0u8..2).prop_map(
            |(guid, snapshot, published, content, pipeline)| Occurrence {
                guid,
                snapshot,
                published,
                content,
                pipeline,
            },
        )
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).expect("in range")
    }

    fn key(occurrence: &Occurrence) -> VersionKey {
        let snapshot = occurrence.snapshot;
        VersionKey {
            published: occurrence.published.map(|day| at(i64::from(day) * 86_400)),
            // Two snapshots may share a fetch time; the name breaks the tie.
            fetched_at: at(1_000_000 + (snapshot as i64 / 2) * 3_600),
            snapshot: Arc::from(format!("snapshot-{snapshot}.xml")),
            raw_hash: u64::from(occurrence.content) * 10 + u64::from(occurrence.pipeline),
            content_hash: u64::from(occurrence.content),
        }
    }

    /// Merges `occurrences` in order into a plan that starts from `committed`.
    fn run(
        occurrences: &[Occurrence],
        committed: &HashMap<String, (VersionKey, Provenance)>,
    ) -> Plan<()> {
        let mut plan = Plan::default();
        for occurrence in occurrences {
            let guid = format!("guid-{}", occurrence.guid);
            let lookup = |guid: &str| -> Result<Lookup<()>, Infallible> {
                Ok(match committed.get(guid) {
                    None => Lookup::Absent,
                    Some((key, provenance)) => Lookup::Found(Committed {
                        address: (),
                        key: key.clone(),
                        provenance: provenance.clone(),
                        duplicated: false,
                        stale_pipeline: false,
                    }),
                })
            };
            let Ok(_) = plan.merge(guid, occurrence.snapshot, key(occurrence), lookup);
        }
        plan
    }

    /// What a commit of `plan` holds, as the next run's lookups see it.
    fn commit(plan: &Plan<()>) -> HashMap<String, (VersionKey, Provenance)> {
        plan.outcome()
            .into_iter()
            .map(|(guid, key, provenance)| (guid, (key, provenance)))
            .collect()
    }

    proptest! {
        #[test]
        fn any_order_gives_the_same_winners_and_provenance(
            occurrences in proptest::collection::vec(occurrence(), 0..24),
            seed in any::<u64>(),
        ) {
            let mut shuffled = occurrences.clone();
            // A Fisher-Yates shuffle driven by the seed: any permutation can come out.
            let mut state = seed;
            for last in (1..shuffled.len()).rev() {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                shuffled.swap(last, (state >> 33) as usize % (last + 1));
            }
            let none = HashMap::new();
            prop_assert_eq!(run(&occurrences, &none).outcome(), run(&shuffled, &none).outcome());
        }

        #[test]
        fn a_run_split_in_two_ends_as_one_run(
            occurrences in proptest::collection::vec(occurrence(), 0..24),
            split in any::<prop::sample::Index>(),
        ) {
            let (first, second) = occurrences.split_at(split.index(occurrences.len() + 1));
            let one_run = run(&occurrences, &HashMap::new()).outcome();
            let committed = commit(&run(first, &HashMap::new()));
            let two_runs = run(second, &committed);
            let mut merged = commit(&two_runs);
            // Guids only the first run saw stay as committed.
            for (guid, held) in committed {
                merged.entry(guid).or_insert(held);
            }
            let mut merged: Vec<_> =
                merged.into_iter().map(|(guid, (key, provenance))| (guid, key, provenance)).collect();
            merged.sort_by(|left, right| left.0.cmp(&right.0));
            prop_assert_eq!(one_run, merged);
        }
    }

    #[test]
    fn the_newest_version_wins_and_counts_say_how_each_occurrence_compared() {
        let occurrence = |snapshot, published, content| Occurrence {
            guid: 0,
            snapshot,
            published: Some(published),
            content,
            pipeline: 0,
        };
        let mut plan = Plan::default();
        let mut outcomes = Vec::new();
        for next in [occurrence(1, 1, 0), occurrence(0, 2, 1), occurrence(2, 1, 0)] {
            let Ok(outcome) = plan.merge("a".to_string(), next.snapshot, key(&next), |_| {
                Ok::<_, Infallible>(Lookup::<()>::Absent)
            });
            outcomes.push(outcome);
        }
        assert_eq!(outcomes, [Outcome::Added, Outcome::Updated, Outcome::Unchanged]);
        let [(_, winner, provenance)] = plan.outcome().try_into().expect("one guid");
        assert_eq!((winner.snapshot.as_ref(), provenance.revisions), ("snapshot-0.xml", 2));
        assert_eq!(plan.snapshots_to_write(3), [true, false, false]);
        assert_eq!(plan.take_for_write("a", 1, winner.raw_hash), None, "not the winner's snapshot");
        assert!(plan.take_for_write("a", 0, winner.raw_hash).is_some());
        assert_eq!(plan.take_for_write("a", 0, winner.raw_hash), None, "written once");
        assert_eq!(plan.snapshots_to_write(3), [false, false, false]);
    }

    #[test]
    fn a_new_pipeline_rewrites_the_committed_version_and_a_corrupt_one_is_replaced() {
        let read = Occurrence { guid: 0, snapshot: 0, published: Some(1), content: 0, pipeline: 0 };
        let committed = Committed {
            address: (),
            key: key(&read),
            provenance: run(std::slice::from_ref(&read), &HashMap::new()).outcome()[0].2.clone(),
            duplicated: false,
            stale_pipeline: true,
        };
        let reread = Occurrence { pipeline: 1, ..read.clone() };
        let mut plan = Plan::default();
        let found = Lookup::Found(committed.clone());
        let Ok(outcome) = plan.merge("a".into(), 0, key(&reread), |_| Ok::<_, Infallible>(found));
        assert_eq!(outcome, Outcome::Updated);
        assert_eq!(
            plan.take_for_write("a", 0, key(&reread).raw_hash).map(|(_, replace)| replace),
            Some(true)
        );

        let mut fresh = Plan::default();
        let found = Lookup::Found(Committed { stale_pipeline: false, ..committed });
        let Ok(outcome) = fresh.merge("a".into(), 0, key(&read), |_| Ok::<_, Infallible>(found));
        assert_eq!(outcome, Outcome::Unchanged);
        assert_eq!(fresh.snapshots_to_write(1), [false]);
        assert!(fresh.provenance_rewrites().is_empty(), "nothing moved");

        let mut corrupt = Plan::default();
        let Ok(outcome) = corrupt
            .merge("a".into(), 0, key(&read), |_| Ok::<_, Infallible>(Lookup::<()>::Corrupt));
        assert_eq!(outcome, Outcome::Added);
        let (_, replace) = corrupt.take_for_write("a", 0, key(&read).raw_hash).expect("to write");
        assert!(replace, "the corrupt document is deleted first");
    }
}
