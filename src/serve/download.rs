//! Downloads that stream (`/api/search.csv`, `.md`): a job on the search pool writes the file
//! into a [`ChunkWriter`], which hands it to the response body in chunks of [`CHUNK_BYTES`]
//! through a channel of [`CHUNKS_IN_FLIGHT`]. So a download of every match holds at most a few
//! chunks in memory however large it is, and the job waits (holding its worker) while the
//! client reads. A client that stops reading for the pool's timeout is dropped, and one that
//! hangs up stops the job at its next chunk, so a worker is never held for ever.
//!
//! Until the first chunk is sent (the file's first [`CHUNK_BYTES`], or the whole file when it is
//! smaller) an error is still an ordinary JSON error with its status; after it, the body is cut
//! short, which clients see as a failed download rather than a complete-looking file.

use std::io::{self, Write};
use std::time::Duration;

use axum::body::{Body, Bytes};
use tokio::runtime::Handle;
use tokio::sync::mpsc;

use super::error::ApiError;
use super::pool::Pool;

/// The bytes a job writes before they are handed to the body.
pub const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks written but not yet sent to the client.
pub const CHUNKS_IN_FLIGHT: usize = 4;

/// What the job sends the response.
enum Message {
    /// Bytes of the file.
    Chunk(Bytes),
    /// The job failed.
    Failed(ApiError),
}

/// Runs `job` on `pool`, writing the file into the [`ChunkWriter`] it is given, and answers
/// with the body it writes.
///
/// # Errors
/// 503 when the pool is full or the job has not written its first chunk within the pool's
/// timeout; the job's error when it failed before that; 500 when it panicked.
pub async fn stream<F>(pool: &Pool, job: F) -> Result<Body, ApiError>
where
    F: FnOnce(&mut ChunkWriter) -> Result<(), ApiError> + Send + 'static,
{
    let (sender, mut receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let stall = pool.timeout();
    let runtime = Handle::current();
    pool.spawn(move || {
        let mut writer = ChunkWriter {
            buffer: Vec::with_capacity(CHUNK_BYTES),
            sender,
            runtime,
            stall,
            hung_up: false,
        };
        if writer.sender.is_closed() {
            return;
        }
        let outcome = job(&mut writer).and_then(|()| {
            writer.flush().map_err(|err| {
                if writer.hung_up {
                    ApiError::hung_up()
                } else {
                    ApiError::internal("sending a download", &err)
                }
            })
        });
        if let Err(err) = outcome {
            // Before the first chunk this is the answer; after it, it cuts the body short.
            let _ = writer.send(Message::Failed(err));
        }
    })?;
    let first = match tokio::time::timeout(stall, receiver.recv()).await {
        Err(_) => return Err(ApiError::timeout(stall.as_secs())),
        Ok(None) => return Err(ApiError::internal("a download", &"its job ended without a word")),
        Ok(Some(Message::Failed(err))) => return Err(err),
        Ok(Some(Message::Chunk(chunk))) => chunk,
    };
    let rest = futures_util::stream::unfold(receiver, |mut receiver| async move {
        match receiver.recv().await? {
            Message::Chunk(chunk) => Some((Ok(chunk), receiver)),
            Message::Failed(err) => {
                Some((Err(io::Error::other(format!("{}: {}", err.code, err.message))), receiver))
            }
        }
    });
    let first = futures_util::stream::once(async move { Ok::<Bytes, io::Error>(first) });
    // Fused: the compression layer polls a body once more after its end, which an unfused
    // `unfold` answers with a panic (tower-rs/tower-http#732).
    let body = futures_util::StreamExt::fuse(futures_util::StreamExt::chain(first, rest));
    Ok(Body::from_stream(body))
}

/// Where a download's job writes: full chunks go to the response as they fill.
pub struct ChunkWriter {
    buffer: Vec<u8>,
    sender: mpsc::Sender<Message>,
    runtime: Handle,
    /// The longest a chunk waits for the client to take the ones before it.
    stall: Duration,
    /// The client went away (a send found the body dropped).
    hung_up: bool,
}

impl ChunkWriter {
    /// Whether the client went away before the end: then a failed write is no fault to log.
    pub fn hung_up(&self) -> bool {
        self.hung_up
    }

    fn send(&mut self, message: Message) -> io::Result<()> {
        let sending = tokio::time::timeout(self.stall, self.sender.send(message));
        match self.runtime.block_on(sending) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => {
                self.hung_up = true;
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "the client hung up"))
            }
            Err(_) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("the client read nothing for {} s", self.stall.as_secs()),
            )),
        }
    }

    fn send_buffer(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk =
            Bytes::from(std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_BYTES)));
        self.send(Message::Chunk(chunk))
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send_buffer()?;
        }
        Ok(bytes.len())
    }

    /// Sends what is buffered (at the end of the file: a flush mid-file would only make
    /// smaller chunks).
    fn flush(&mut self) -> io::Result<()> {
        self.send_buffer()
    }
}

/// `attachment; filename="pressdex-<q>.<extension>"`: the query's letters and digits, runs of
/// anything else as one `-`, at most 60 characters (`pressdex-search` for an empty query), so
/// no browser or file system reads more into the name than a word.
pub fn attachment(query: &str, extension: &str) -> String {
    let mut name = String::new();
    for c in query.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let mut name: String = name.chars().take(60).collect();
    while name.ends_with('-') {
        name.pop();
    }
    if name.is_empty() {
        name.push_str("search");
    }
    format!("attachment; filename=\"pressdex-{name}.{extension}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, expected: &str) {
        assert_eq!(attachment(query, "csv"), format!("attachment; filename=\"{expected}\""));
    }

    #[test]
    fn file_names_are_words_of_the_query() {
        check("mutual assistance agreement", "pressdex-mutual-assistance-agreement.csv");
        check("", "pressdex-search.csv");
        check("\"CMAA\" -mexico country:MX", "pressdex-cmaa-mexico-country-mx.csv");
        check("../../etc/passwd\r\n\"; x=\u{202e}y", "pressdex-etc-passwd-x-y.csv");
        check("Zoë \u{1F600}", "pressdex-zo.csv");
        check(&"a".repeat(100), &format!("pressdex-{}.csv", "a".repeat(60)));
        check("***", "pressdex-search.csv");
    }
}
