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
    /// The index cannot be written: a read-only folder, or one owned by another user.
    #[error("the index at {} cannot be written here (a read-only folder, or another user's)", .0.display())]
    ReadOnly(PathBuf),
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

/// A fault of the index or the machine. Tantivy's errors are translated into these, each one
/// line that names the index folder; Tantivy's own text never reaches the message (it stays in
/// `Debug`, for bug reports).
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    /// A file of the index could not be read (permissions, an I/O error).
    #[error("cannot read {}{}", index_at(dir), file_part(file.as_deref()))]
    Unreadable {
        /// The index directory (empty when not known).
        dir: PathBuf,
        /// The file, relative to `dir`, when known.
        file: Option<PathBuf>,
        /// The cause.
        source: std::io::Error,
    },
    /// The index's data are damaged: a file is missing, fails its checksum, or holds data that
    /// do not decode (Tantivy reported it, or panicked on it).
    #[error("{} is damaged{}: {detail}", index_at(dir), file_part(file.as_deref()))]
    Damaged {
        /// The index directory (empty when not known).
        dir: PathBuf,
        /// The damaged file, relative to `dir`, when known.
        file: Option<PathBuf>,
        /// What is wrong, in our words.
        detail: String,
    },
    /// Tantivy failed for another reason (a resource limit, a bug).
    #[error("{} could not be used: {what}", index_at(dir))]
    Tantivy {
        /// The index directory (empty when not known).
        dir: PathBuf,
        /// What failed, in our words.
        what: &'static str,
        /// Tantivy's error, for `Debug` only.
        tantivy: tantivy::TantivyError,
    },
    /// Writing failed part-way (a full disk, a write error); nothing after the last commit was
    /// kept.
    #[error("writing the index at {} failed, the last commit is intact (is the disk full?)", dir.display())]
    WriteFailed {
        /// The index directory.
        dir: PathBuf,
        /// The operating system's error, when there is one.
        source: Option<std::io::Error>,
    },
    /// A file of the index could not be read or written.
    #[error("{}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The temporary file that holds a run's list of changes could not be written or read
    /// back (the index itself was committed).
    #[error(
        "the temporary file listing the run's changes failed (is the temporary folder full? TMPDIR sets it)"
    )]
    Spool {
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

fn index_at(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        "the index".to_string()
    } else {
        format!("the index at {}", dir.display())
    }
}

fn file_part(file: Option<&Path>) -> String {
    file.map(|file| format!(" ({})", file.display())).unwrap_or_default()
}

impl From<tantivy::TantivyError> for Error {
    /// A Tantivy error whose index is not known here: `Error::in_index` names it later.
    fn from(err: tantivy::TantivyError) -> Error {
        Error::tantivy(Path::new(""), err)
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

    /// `file` of the index at `dir` cannot be read.
    pub(crate) fn unreadable(dir: &Path, file: &str, source: std::io::Error) -> Error {
        let file = Some(PathBuf::from(file));
        InternalError::Unreadable { dir: dir.to_path_buf(), file, source }.into()
    }

    /// An I/O error on `path`.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        InternalError::Io { path: path.to_path_buf(), source }.into()
    }

    /// A Tantivy error on the index at `dir`, translated: a busy writer lock becomes
    /// [`UserError::Busy`], a lock or file that cannot be written [`UserError::ReadOnly`], an
    /// I/O error [`InternalError::Unreadable`], damaged data [`InternalError::Damaged`].
    pub(crate) fn tantivy(dir: &Path, err: tantivy::TantivyError) -> Error {
        use tantivy::TantivyError as T;
        use tantivy::directory::error::{
            LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
        };
        let dir_buf = dir.to_path_buf();
        let damaged = |file: Option<PathBuf>, detail: &str| -> Error {
            InternalError::Damaged { dir: dir_buf.clone(), file, detail: detail.to_string() }.into()
        };
        let unreadable = |file: Option<&Path>, source: &std::io::Error| -> Error {
            if is_read_only(source) && file.is_none() {
                return UserError::ReadOnly(dir_buf.clone()).into();
            }
            // Tantivy reports bytes that do not decode (a damaged file) as I/O errors too.
            if is_bad_data(source) {
                return damaged(file.map(Path::to_path_buf), "its data do not decode");
            }
            InternalError::Unreadable {
                dir: dir_buf.clone(),
                file: file.map(Path::to_path_buf),
                source: copy_io_error(source),
            }
            .into()
        };
        match &err {
            T::LockFailure(LockError::LockBusy, _) => UserError::Busy(dir_buf).into(),
            T::LockFailure(LockError::IoError(source), _) => unreadable(None, source),
            T::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
                damaged(Some(file.clone()), "a file of the index is missing")
            }
            T::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
                unreadable(Some(filepath), io_error)
            }
            T::OpenReadError(OpenReadError::IncompatibleIndex(_)) | T::IncompatibleIndex(_) => {
                damaged(None, "it was written by an incompatible version of Tantivy")
            }
            T::OpenWriteError(OpenWriteError::IoError { io_error, .. })
                if is_read_only(io_error) =>
            {
                UserError::ReadOnly(dir_buf).into()
            }
            T::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => {
                InternalError::WriteFailed { dir: dir_buf, source: Some(copy_io_error(io_error)) }
                    .into()
            }
            T::OpenDirectoryError(OpenDirectoryError::IoError { io_error, .. }) => {
                unreadable(None, io_error)
            }
            T::OpenDirectoryError(_) => UserError::Missing(dir_buf).into(),
            T::IoError(source) => unreadable(None, source),
            T::DataCorruption(corruption) => {
                damaged(corrupt_file(corruption), "its data do not decode (checksum or format)")
            }
            T::DeserializeError(_) => damaged(None, "a stored document does not decode"),
            other => {
                let what = match other {
                    T::Poisoned | T::ErrorInThread(_) => "a thread failed",
                    T::SystemError(_) => {
                        "the system refused an operation (out of memory or file handles?)"
                    }
                    T::IndexAlreadyExists => "an index already exists there",
                    _ => "an internal error (please report it)",
                };
                InternalError::Tantivy { dir: dir_buf, what, tantivy: err }.into()
            }
        }
    }

    /// Names the index folder in an error built where it was not known (a Tantivy error raised
    /// with `?` inside a search).
    pub(crate) fn in_index(self, index_dir: &Path) -> Error {
        let fill = |dir: &mut PathBuf| {
            if dir.as_os_str().is_empty() {
                *dir = index_dir.to_path_buf();
            }
        };
        let mut err = self;
        match &mut err {
            Error::Internal(
                InternalError::Unreadable { dir, .. }
                | InternalError::Damaged { dir, .. }
                | InternalError::Tantivy { dir, .. },
            ) => fill(dir),
            Error::User(
                UserError::Busy(dir) | UserError::ReadOnly(dir) | UserError::Missing(dir),
            ) => {
                fill(dir);
            }
            _ => {}
        }
        err
    }

    /// The data of the index at `dir` made Tantivy panic (`detail` says where).
    pub(crate) fn damaged(dir: &Path, file: Option<PathBuf>, detail: String) -> Error {
        InternalError::Damaged { dir: dir.to_path_buf(), file, detail }.into()
    }

    /// A failure of the writer on the index at `dir`.
    pub(crate) fn write_failed(dir: &Path, source: tantivy::TantivyError) -> Error {
        let source = match &source {
            tantivy::TantivyError::IoError(io) => Some(copy_io_error(io)),
            tantivy::TantivyError::OpenWriteError(
                tantivy::directory::error::OpenWriteError::IoError { io_error, .. },
            ) => Some(copy_io_error(io_error)),
            _ => None,
        };
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

/// Runs `read` (a search, a listing, a check, a write) on the index at `dir`: an error raised
/// where the index was not known gets its name, and a panic inside Tantivy, which it raises on
/// some damaged data (a document number past the end of the fieldnorms, a bad block length),
/// becomes [`InternalError::Damaged`]: an error message, never a crash.
pub(crate) fn guarded<T>(dir: &Path, read: impl FnOnce() -> Result<T>) -> Result<T> {
    // Reading leaves nothing half-changed behind; a write that unwinds drops its uncommitted
    // documents, which is what a failed write does anyway.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)) {
        Ok(result) => result.map_err(|err| err.in_index(dir)),
        Err(_) => Err(Error::damaged(dir, None, "its data could not be decoded".to_string())),
    }
}

/// Whether an I/O error means the folder cannot be written.
fn is_read_only(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Whether an I/O error means the bytes read do not decode (damage), not that they could not
/// be read.
fn is_bad_data(err: &std::io::Error) -> bool {
    matches!(err.kind(), std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof)
}

/// Tantivy shares its I/O errors (`Arc`): a copy with the same kind and text.
fn copy_io_error(err: &std::io::Error) -> std::io::Error {
    std::io::Error::new(err.kind(), err.to_string())
}

/// The file a Tantivy `DataCorruption` names. Its fields are private; its `Debug` text is
/// "Data corruption (in file `\"path\"`): comment."
fn corrupt_file(corruption: &tantivy::error::DataCorruption) -> Option<PathBuf> {
    let text = format!("{corruption:?}");
    let start = text.find("(in file `")? + "(in file `".len();
    let end = start + text[start..].find("`)")?;
    let quoted = &text[start..end];
    Some(PathBuf::from(quoted.trim_matches('"')))
}
