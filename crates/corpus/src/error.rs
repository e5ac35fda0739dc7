//! The generator's errors: a bad configuration, or a file that cannot be written.

use std::io;
use std::path::PathBuf;

/// What can go wrong while generating a corpus.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration cannot describe a corpus (e.g. zero snapshots).
    #[error("invalid corpus configuration: {0}")]
    Config(String),
    /// Writing a snapshot file failed.
    #[error("writing snapshot {}: {source}", path.display())]
    Write {
        /// The snapshot file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

/// The generator's result type.
pub type Result<T> = std::result::Result<T, Error>;
