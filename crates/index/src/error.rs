//! The index's errors: user mistakes (a bad query, a missing index) apart from internal faults.

use std::path::{Path, PathBuf};

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong opening, writing or searching an index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index at the path.
    #[error("no index at {0}: build it with `pressdex index`")]
    Missing(PathBuf),
    /// A mistake in the user's query (bad syntax, unknown field, country or date).
    #[error("bad query: {0}")]
    Query(#[from] crate::QueryError),
    /// A Tantivy failure. (Not a `source`: the message already holds it, and `{:#}` would
    /// print it twice.)
    #[error("index error: {0}")]
    Tantivy(tantivy::TantivyError),
    /// Writing failed part-way (a full disk, a write error); nothing after the last commit was
    /// kept.
    #[error("writing the index at {} failed, the last commit is intact (is the disk full?): {message}", dir.display())]
    WriteFailed {
        /// The index directory.
        dir: PathBuf,
        /// Tantivy's description.
        message: String,
    },
    /// The index was built with another schema version (or is not a pressdex index).
    #[error(
        "the index has {found}, this pressdex needs schema version {}: run `pressdex index --rebuild`",
        crate::SCHEMA_VERSION
    )]
    SchemaMismatch {
        /// What was found instead.
        found: String,
    },
    /// A directory that holds other files where an index should be created or replaced.
    #[error("{} is not a pressdex index (it holds other files): pass another --index DIR", .0.display())]
    NotAnIndex(PathBuf),
    /// Another process holds the index's writer lock.
    #[error("the index at {} is being written by another pressdex process", .0.display())]
    Busy(PathBuf),
    /// A file of the index could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A stored document that does not decode into a release.
    #[error("corrupt document{}: {message}", guid.as_deref().map(|g| format!(" (guid {g:?})")).unwrap_or_default())]
    Corrupt {
        /// The document's guid, when it has one.
        guid: Option<String>,
        /// What is wrong.
        message: String,
    },
}

impl From<tantivy::TantivyError> for Error {
    fn from(err: tantivy::TantivyError) -> Error {
        Error::Tantivy(err)
    }
}

impl Error {
    /// An I/O error on `path`.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io { path: path.to_path_buf(), source }
    }

    /// A Tantivy error on the index at `dir`: a busy writer lock becomes [`Error::Busy`].
    pub(crate) fn tantivy(dir: &Path, err: tantivy::TantivyError) -> Error {
        match err {
            tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::LockBusy,
                _,
            ) => Error::Busy(dir.to_path_buf()),
            other => Error::Tantivy(other),
        }
    }

    /// A failure of the writer on the index at `dir`.
    pub(crate) fn write_failed(dir: &Path, err: tantivy::TantivyError) -> Error {
        Error::WriteFailed { dir: dir.to_path_buf(), message: err.to_string() }
    }
}
