//! The digest of a snapshot's bytes: what lets a run skip a snapshot it indexed before without
//! parsing it again (issue 16: an unchanged re-index read and decoded every item).
//!
//! A run records, in the commit that ends it, the digest of every snapshot it read to its end
//! without a problem, and how many items it held. The next run hashes a snapshot the index
//! recorded (same path and fetch time) before reading it: the same digest means the same bytes
//! read by the same pipeline, so every item would merge as it did then (the plan's rules are
//! order-free and idempotent: maxima, minima, sets), and the snapshot is counted as that many
//! unchanged items instead of being parsed. The digest is seeded with
//! [`PIPELINE_VERSION`](pressdex_ingest::PIPELINE_VERSION), so releases built by another
//! pipeline are read again and rebuilt.

use std::cell::RefCell;
use std::fmt;
use std::io::{self, Read};
use std::rc::Rc;
use std::str::FromStr;

use xxhash_rust::xxh3::Xxh3;

/// The XXH3-128 of a snapshot's bytes, seeded with the pipeline version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Digest(u128);

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl FromStr for Digest {
    type Err = std::num::ParseIntError;

    fn from_str(text: &str) -> Result<Digest, Self::Err> {
        u128::from_str_radix(text, 16).map(Digest)
    }
}

fn hasher() -> Xxh3 {
    Xxh3::with_seed(u64::from(pressdex_ingest::PIPELINE_VERSION))
}

/// The digest of everything `reader` yields.
///
/// # Errors
/// What reading fails with.
pub(crate) fn digest_of(mut reader: impl Read) -> io::Result<Digest> {
    let mut hasher = hasher();
    let mut buffer = vec![0; 64 << 10];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(Digest(hasher.digest128())),
            Ok(read) => hasher.update(&buffer[..read]),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
}

/// A reader that hashes what passes through it, for [`Digesting::digest`] once the feed
/// reader is done with it (the feed reader owns the reader; the hash is shared).
pub(crate) struct Digesting<R> {
    inner: R,
    state: Rc<RefCell<Xxh3>>,
}

/// The digest of what a [`Digesting`] reader passed so far.
#[derive(Clone)]
pub(crate) struct DigestHandle(Rc<RefCell<Xxh3>>);

impl DigestHandle {
    pub(crate) fn digest(&self) -> Digest {
        Digest(self.0.borrow().digest128())
    }
}

impl<R: Read> Digesting<R> {
    pub(crate) fn new(inner: R) -> (Digesting<R>, DigestHandle) {
        let state = Rc::new(RefCell::new(hasher()));
        (Digesting { inner, state: state.clone() }, DigestHandle(state))
    }
}

impl<R: Read> Read for Digesting<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.state.borrow_mut().update(&buffer[..read]);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_of_the_bytes_whatever_the_reads() {
        let bytes: Vec<u8> = (0..200_000u32).map(|at| (at % 251) as u8).collect();
        let whole = digest_of(bytes.as_slice()).expect("reads");
        // Through the feed reader's small reads.
        let (mut digesting, handle) = Digesting::new(bytes.as_slice());
        let mut chunk = [0; 777];
        while digesting.read(&mut chunk).expect("reads") > 0 {}
        assert_eq!(handle.digest(), whole);
        let mut changed = bytes.clone();
        changed[123_456] ^= 1;
        assert_ne!(digest_of(changed.as_slice()).expect("reads"), whole, "one bit");
        assert_ne!(digest_of(&bytes[..bytes.len() - 1]).expect("reads"), whole, "one byte less");
        assert_eq!(whole.to_string().parse::<Digest>(), Ok(whole), "stored as hex and read back");
    }
}
