//! The compact parts of the plan's entries: a guid as 16 bytes, and sets that hold one value
//! inline (issue 13: a run holds one entry per guid, a million in a large first run).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::num::NonZeroU32;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Entry, VersionKey};

/// A sorted set of distinct values that almost always holds one: that one is inline.
#[derive(Clone, Debug)]
pub(super) enum Few<T> {
    One(T),
    Many(Vec<T>),
}

impl<T: Copy + Ord> Few<T> {
    /// `values` already sorted and distinct.
    pub(super) fn from_vec(values: Vec<T>) -> Few<T> {
        match values.as_slice() {
            [one] => Few::One(*one),
            _ => Few::Many(values),
        }
    }

    pub(super) fn as_slice(&self) -> &[T] {
        match self {
            Few::One(one) => std::slice::from_ref(one),
            Few::Many(many) => many,
        }
    }

    pub(super) fn insert(&mut self, value: T) {
        match self {
            Few::One(one) if *one == value => {}
            Few::One(one) => *self = Few::Many(vec![(*one).min(value), (*one).max(value)]),
            Few::Many(many) => {
                if let Err(at) = many.binary_search(&value) {
                    many.insert(at, value);
                }
            }
        }
    }
}

/// A snapshot position as the plan keeps it (runs hold far fewer than 2^32 snapshots).
pub(super) fn position(snapshot: usize) -> u32 {
    u32::try_from(snapshot).unwrap_or(u32::MAX)
}

/// What the plan keys a guid by: a 128-bit SipHash of it, 16 bytes whatever the guid's length
/// (guids are URLs of 50-100 bytes). Two guids of one run share a key with a probability of
/// about n^2 / 2^129 (1e-26 for a million guids).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct GuidKey(u64, u64);

impl Hash for GuidKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Half the key is hash enough for the table; equality compares both halves.
        state.write_u64(self.0);
    }
}

pub(super) fn guid_key(guid: &str) -> GuidKey {
    let mut hasher = siphasher::sip128::SipHasher13::new_with_keys(0x7072_6573_7364_6578, 16);
    hasher.write(guid.as_bytes());
    let hash = siphasher::sip128::Hasher128::finish128(&hasher);
    GuidKey(hash.h1, hash.h2)
}

/// The values of a map by [`GuidKey`], held apart from the table: the table keeps up to twice
/// the room it uses, which costs 24 bytes a slot here (key and position) instead of the size
/// of a value, and the values sit in chunks of a fixed size, so no large array doubles either.
#[derive(Debug)]
pub(super) struct Entries<T> {
    positions: HashMap<GuidKey, u32, BuildHasherDefault<KeyHasher>>,
    chunks: Vec<Vec<T>>,
}

/// Values per chunk.
const CHUNK: usize = 4096;

impl<T> Default for Entries<T> {
    fn default() -> Entries<T> {
        Entries { positions: HashMap::default(), chunks: Vec::new() }
    }
}

impl<T> Entries<T> {
    pub(super) fn contains(&self, key: &GuidKey) -> bool {
        self.positions.contains_key(key)
    }

    pub(super) fn get_mut(&mut self, key: &GuidKey) -> Option<&mut T> {
        let at = *self.positions.get(key)? as usize;
        self.chunks.get_mut(at / CHUNK)?.get_mut(at % CHUNK)
    }

    /// Adds the value of `key`, which the map does not hold.
    pub(super) fn insert(&mut self, key: GuidKey, value: T) -> &mut T {
        if self.chunks.last().is_none_or(|chunk| chunk.len() == CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        let at = (self.chunks.len() - 1) * CHUNK;
        let chunk = self.chunks.last_mut().expect("a chunk was just made");
        self.positions.insert(key, u32::try_from(at + chunk.len()).unwrap_or(u32::MAX));
        chunk.push(value);
        chunk.last_mut().expect("just pushed")
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }

    /// Each key and its value.
    #[cfg(test)]
    pub(super) fn iter(&self) -> impl Iterator<Item = (&GuidKey, &T)> {
        self.positions.iter().map(|(key, at)| {
            let at = *at as usize;
            (key, &self.chunks[at / CHUNK][at % CHUNK])
        })
    }
}

/// The map's hasher: the key already is a hash, so its low bits are used as they are.
#[derive(Default)]
pub(super) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// What every version read from one snapshot of the run shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SnapshotKey {
    fetched_at: DateTime<Utc>,
    feed_date: Option<DateTime<Utc>>,
    snapshot: Arc<str>,
}

impl SnapshotKey {
    pub(super) fn of(key: &VersionKey) -> SnapshotKey {
        SnapshotKey {
            fetched_at: key.fetched_at,
            feed_date: key.feed_date,
            snapshot: key.snapshot.clone(),
        }
    }
}

/// A guid's entry in the plan. The usual guid of a large first index is new to the index, met
/// once, in the run's last snapshot, and written there as it was read: all its entry says
/// follows from that snapshot's [`SnapshotKey`] and 28 bytes of its own ([`WrittenEarly`]),
/// instead of a whole [`Entry`] (~200 bytes; issue 13, a million guids). Any other guid, or
/// one met again, holds the whole entry.
#[derive(Debug)]
pub(super) enum Slot<A> {
    Written(WrittenEarly),
    Full(Box<Entry<A>>),
}

/// A version new to the index, met once in the run's snapshot `snapshot` and written there.
#[derive(Clone, Copy, Debug)]
pub(super) struct WrittenEarly {
    /// Microseconds since the epoch (the times are kept to microseconds); `i64::MIN` for none.
    published: i64,
    raw_hash: u64,
    content_hash: u64,
    /// The snapshot's position plus one: the zero it never holds tells the slot's variants
    /// apart, so a slot is 32 bytes.
    snapshot: NonZeroU32,
}

impl<A> Slot<A> {
    /// The whole entry, made again from the snapshot's key when it was compacted.
    pub(super) fn full(&mut self, snapshots: &[Option<SnapshotKey>]) -> &mut Entry<A> {
        if let Slot::Written(written) = *self {
            *self = Slot::Full(Box::new(written.expand(snapshots)));
        }
        match self {
            Slot::Full(entry) => entry,
            Slot::Written(_) => unreachable!("expanded above"),
        }
    }

    /// The whole entry, when the slot holds one.
    pub(super) fn as_full(&self) -> Option<&Entry<A>> {
        match self {
            Slot::Full(entry) => Some(entry),
            Slot::Written(_) => None,
        }
    }

    /// The whole entry, made again when compacted (for the tests' view of the outcome).
    #[cfg(test)]
    pub(super) fn expanded(&self, snapshots: &[Option<SnapshotKey>]) -> Entry<A>
    where
        A: Clone,
    {
        match self {
            Slot::Full(entry) => Entry::clone(entry),
            Slot::Written(written) => written.expand(snapshots),
        }
    }

    /// Compacts an entry whose whole state follows from its snapshot's key (see [`Slot`]).
    pub(super) fn compact(&mut self, snapshots: &[Option<SnapshotKey>]) {
        let Slot::Full(entry) = self else { return };
        let Some(at) = entry.winner_snapshot else { return };
        let Some(Some(shared)) = snapshots.get(at as usize) else { return };
        let winner = &entry.winner;
        let compactable = entry.committed.is_none()
            && entry.carried.is_none()
            && !entry.replaces_corrupt
            && entry.written
            && entry.written_early
            && entry.contenders.is_empty()
            && matches!(entry.seen_in, Few::One(seen) if seen == at)
            && matches!(entry.content_hashes, Few::One(hash) if hash == winner.content_hash)
            && entry.first_seen == winner.fetched_at
            && entry.last_seen == winner.fetched_at
            && SnapshotKey::of(winner) == *shared
            && winner.published.is_none_or(|at| at.timestamp_micros() != i64::MIN);
        if let (true, Some(snapshot)) = (compactable, NonZeroU32::new(at.wrapping_add(1))) {
            *self = Slot::Written(WrittenEarly {
                published: winner.published.map_or(i64::MIN, |at| at.timestamp_micros()),
                raw_hash: winner.raw_hash,
                content_hash: winner.content_hash,
                snapshot,
            });
        }
    }
}

impl WrittenEarly {
    fn expand<A>(self, snapshots: &[Option<SnapshotKey>]) -> Entry<A> {
        let at = self.snapshot.get() - 1;
        let shared = snapshots
            .get(at as usize)
            .and_then(Option::as_ref)
            .expect("a compacted entry's snapshot has its key");
        let published = (self.published != i64::MIN)
            .then(|| DateTime::from_timestamp_micros(self.published))
            .flatten();
        Entry {
            committed: None,
            carried: None,
            winner: VersionKey {
                published,
                fetched_at: shared.fetched_at,
                feed_date: shared.feed_date,
                snapshot: shared.snapshot.clone(),
                raw_hash: self.raw_hash,
                content_hash: self.content_hash,
            },
            first_seen: shared.fetched_at,
            last_seen: shared.fetched_at,
            content_hashes: Few::One(self.content_hash),
            seen_in: Few::One(at),
            contenders: Vec::new(),
            winner_snapshot: Some(at),
            written: true,
            written_early: true,
            replaces_corrupt: false,
        }
    }
}
