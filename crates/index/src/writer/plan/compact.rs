//! The compact parts of the plan's entries: a guid as 16 bytes, and sets that hold one value
//! inline (issue 13: a run holds one entry per guid, a million in a large first run).

use std::hash::Hasher;

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
pub(super) type GuidKey = u128;

pub(super) fn guid_key(guid: &str) -> GuidKey {
    let mut hasher = siphasher::sip128::SipHasher13::new_with_keys(0x7072_6573_7364_6578, 16);
    hasher.write(guid.as_bytes());
    siphasher::sip128::Hasher128::finish128(&hasher).as_u128()
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

    fn write_u128(&mut self, value: u128) {
        // Truncation on purpose: both halves are uniformly distributed.
        self.0 = value as u64 ^ (value >> 64) as u64;
    }
}
