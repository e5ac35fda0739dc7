//! gzip in bounded time: a snapshot may expand at most [`MAX_RATIO`] times its compressed size
//! (checked once past [`RATIO_FROM`] bytes) and to at most [`MAX_EXPANDED`] bytes. A gzip bomb
//! (1 GiB of white space from 1 MB) is refused, with the count of the bytes not read, instead
//! of streaming through the parser for minutes.

use std::io::{self, BufReader, Read};

use flate2::bufread::MultiGzDecoder;

use super::{Counted, Filling};

/// Most a snapshot may expand, as a multiple of its compressed size. Feeds compress 5 to 20
/// times; only long runs of one byte compress 100 times.
pub(crate) const MAX_RATIO: u64 = 100;

/// The ratio is checked once this much is decompressed, so a small file of repeated bytes
/// still reads.
pub(crate) const RATIO_FROM: u64 = 16 << 20;

/// Most any snapshot may expand to.
pub(crate) const MAX_EXPANDED: u64 = 4 << 30;

/// Why a gzip snapshot was not read to its end: the error under the problem
/// ([`crate::ProblemKind::GzipLimit`]).
#[derive(Debug, thiserror::Error)]
#[error("{expanded} bytes from {compressed}")]
pub(crate) struct Expanded {
    pub(crate) expanded: u64,
    pub(crate) compressed: u64,
    /// Compressed bytes left unread, when they could be counted.
    pub(crate) unread: Option<u64>,
}

/// Why a gzip snapshot stopped being readable part way: the decoder's reason (a bad block, a
/// checksum that does not match) with where it stopped and what was left, under
/// [`crate::ProblemKind::Gzip`]. The items read before it are kept.
#[derive(Debug, thiserror::Error)]
#[error(
    "{reason}, at compressed byte {compressed} (after {expanded} bytes decompressed){}",
    super::super::error::stopped(*unread)
)]
pub(crate) struct Corrupt {
    reason: String,
    expanded: u64,
    compressed: u64,
    /// Compressed bytes left unread, when they could be counted.
    unread: Option<u64>,
}

/// The gzip decoder, stopped at the limits.
pub(crate) struct Gunzip<R: Read> {
    decoder: MultiGzDecoder<BufReader<Filling<Counted<R>>>>,
    expanded: u64,
    stopped: bool,
}

impl<R: Read> Gunzip<R> {
    pub(crate) fn new(compressed: BufReader<Filling<Counted<R>>>) -> Gunzip<R> {
        Gunzip { decoder: MultiGzDecoder::new(compressed), expanded: 0, stopped: false }
    }

    /// Compressed bytes used so far (read into the decoder's buffer).
    fn compressed(&self) -> u64 {
        let buffered = self.decoder.get_ref();
        buffered.get_ref().inner.count - buffered.buffer().len() as u64
    }

    /// Reads the rest of the compressed bytes, only to count them.
    fn count_unread(&mut self) -> Option<u64> {
        io::copy(self.decoder.get_mut(), &mut io::sink()).ok()
    }
}

impl<R: Read> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.stopped {
            return Ok(0);
        }
        let read = match self.decoder.read(buf) {
            Ok(read) => read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => return Err(err),
            Err(err) => {
                self.stopped = true;
                let compressed = self.compressed();
                let unread = self.count_unread();
                let corrupt = Corrupt {
                    reason: err.to_string(),
                    expanded: self.expanded,
                    compressed,
                    unread,
                };
                return Err(io::Error::new(err.kind(), corrupt));
            }
        };
        self.expanded += read as u64;
        let compressed = self.compressed().max(1);
        let over_ratio = self.expanded > RATIO_FROM && self.expanded > MAX_RATIO * compressed;
        if over_ratio || self.expanded > MAX_EXPANDED {
            self.stopped = true;
            let unread = self.count_unread();
            return Err(io::Error::other(Expanded { expanded: self.expanded, compressed, unread }));
        }
        Ok(read)
    }
}
