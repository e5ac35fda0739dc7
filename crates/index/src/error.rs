//! The index's errors, on Meilisearch milli's model (`crates/milli/src/error.rs`): an
//! [`Error`] is either a [`UserError`], a mistake the caller can act on (a bad query, no index
//! there, an index of another version, another writer, a folder of other files), or an
//! [`InternalError`], a fault of the index or the machine (Tantivy, a corrupt document, a failed
//! write, an I/O error).
//!
//! Messages say what is wrong, never which flag or command fixes it: that is the front end's
//! business (the `pressdex` binary adds "run `pressdex index --rebuild`", an HTTP API would say
//! something else). Causes stay reachable through `source()` and are not repeated in the
//! message.

use std::fmt;
use std::path::{Path, PathBuf};

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong opening, writing or searching an index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A mistake of the caller.
    #[error(transparent)]
    User(#[from] UserError),
    /// A fault of the index or the machine.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

/// A mistake the caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// A mistake in the query (bad syntax, unknown field, country or date).
    #[error("bad query")]
    Query(#[source] crate::query::QueryError),
    /// No index at the path.
    #[error("no index at {}", .0.display())]
    Missing(PathBuf),
    /// The index was built with another schema version (or is not a pressdex index).
    #[error("the index has {found}, this pressdex needs schema version {expected}")]
    SchemaMismatch {
        /// What was found instead.
        found: SchemaFound,
        /// The version this build reads and writes, [`crate::SCHEMA_VERSION`].
        expected: u32,
    },
    /// A directory that holds other files where an index should be created or replaced.
    #[error("{} is not a pressdex index (it holds other files)", .0.display())]
    NotAnIndex(PathBuf),
    /// A feed filter (`feed:`, `--feed`) naming a feed the index does not hold.
    #[error("unknown feed `{feed}` (known feeds: {})", known_feeds(.known))]
    UnknownFeed {
        /// The feed asked for.
        feed: String,
        /// The feed titles the index holds.
        known: Vec<String>,
    },
    /// Another process holds the index's writer lock.
    #[error("the index at {} is being written by another pressdex process", .0.display())]
    Busy(PathBuf),
}

/// `"A", "B"`, or `none: the index is empty`.
fn known_feeds(known: &[String]) -> String {
    if known.is_empty() {
        return "none: the index holds no release".to_string();
    }
    known.iter().map(|title| format!("{title:?}")).collect::<Vec<_>>().join(", ")
}

/// What an index of another schema version holds instead of this one's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaFound {
    /// Another version number in the version file.
    Version(u64),
    /// No version file (not a pressdex index, or one older than version files).
    NoVersionFile,
    /// A version file that does not hold a version number.
    UnreadableVersionFile,
    /// A schema without one of this version's fields.
    MissingField(&'static str),
}

impl fmt::Display for SchemaFound {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaFound::Version(version) => write!(formatter, "schema version {version}"),
            SchemaFound::NoVersionFile => {
                formatter.write_str("no schema version file (not a pressdex index, or an old one)")
            }
            SchemaFound::UnreadableVersionFile => {
                formatter.write_str("an unreadable schema version file")
            }
            SchemaFound::MissingField(name) => {
                write!(formatter, "an index without the `{name}` field")
            }
        }
    }
}

/// A fault of the index or the machine.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    /// A Tantivy failure.
    #[error("index error")]
    Tantivy(#[source] tantivy::TantivyError),
    /// Writing failed part-way (a full disk, a write error); nothing after the last commit was
    /// kept.
    #[error("writing the index at {} failed, the last commit is intact (is the disk full?)", dir.display())]
    WriteFailed {
        /// The index directory.
        dir: PathBuf,
        /// What Tantivy reported.
        source: tantivy::TantivyError,
    },
    /// A file of the index could not be read or written.
    #[error("{}", path.display())]
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
        Error::Internal(InternalError::Tantivy(err))
    }
}

impl From<crate::query::QueryError> for Error {
    fn from(err: crate::query::QueryError) -> Error {
        Error::User(UserError::Query(err))
    }
}

impl Error {
    /// Whether the caller can fix it (a [`UserError`]), as opposed to a fault of the index.
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::User(_))
    }

    /// The caller's mistake, if it is one.
    pub fn as_user_error(&self) -> Option<&UserError> {
        match self {
            Error::User(err) => Some(err),
            Error::Internal(_) => None,
        }
    }

    /// An I/O error on `path`.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        InternalError::Io { path: path.to_path_buf(), source }.into()
    }

    /// A Tantivy error on the index at `dir`: a busy writer lock becomes [`UserError::Busy`].
    pub(crate) fn tantivy(dir: &Path, err: tantivy::TantivyError) -> Error {
        match err {
            tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::LockBusy,
                _,
            ) => UserError::Busy(dir.to_path_buf()).into(),
            other => InternalError::Tantivy(other).into(),
        }
    }

    /// A failure of the writer on the index at `dir`.
    pub(crate) fn write_failed(dir: &Path, source: tantivy::TantivyError) -> Error {
        InternalError::WriteFailed { dir: dir.to_path_buf(), source }.into()
    }

    /// A stored document that does not decode.
    pub(crate) fn corrupt(guid: Option<String>, message: String) -> Error {
        InternalError::Corrupt { guid, message }.into()
    }

    /// Whether it is a stored document that does not decode.
    pub(crate) fn is_corrupt(&self) -> bool {
        matches!(self, Error::Internal(InternalError::Corrupt { .. }))
    }
}
