//! The compact parts of the plan's entries: a guid as 16 bytes, and sets that hold one value
//! inline (issue 13: a run holds one entry per guid, a million in a large first run).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

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
