//! Problems found while reading a snapshot. Parsing never fails as a whole: a reader yields
//! every good item plus one [`Diagnostic`] per problem.

use std::fmt;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The item was kept, with a field missing (e.g. an unparseable date).
    Warning,
    /// The item, or the rest of the file, could not be read.
    Error,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    /// The bytes are not a feed at all (not XML, an HTML page, an empty file).
    #[error("not a feed: {0}")]
    NotAFeed(String),
    /// The XML is malformed at some point; what came before was kept.
    #[error("malformed XML at byte {offset}: {message}")]
    Malformed {
        /// Byte offset in the (decompressed) snapshot.
        offset: u64,
        /// The parser's description.
        message: String,
    },
    /// The file ends before the feed does.
    #[error("truncated: the file ends inside {0}")]
    Truncated(String),
    /// The declared or detected encoding could not be honoured.
    #[error("encoding: {0}")]
    Encoding(String),
    /// gzip data that cannot be decompressed.
    #[error("gzip: {0}")]
    Gzip(String),
    /// An item without a title.
    #[error("item has no title")]
    MissingTitle,
    /// An item with neither guid nor link.
    #[error("item has neither guid nor link")]
    MissingGuid,
    /// A date that no known format parses; the item is kept without a date.
    #[error("unparseable date {0:?}")]
    BadDate(String),
    /// A field longer than the reader accepts; the item is skipped.
    #[error("{field} is {len} bytes, over the {max}-byte limit")]
    TooLarge {
        /// Which field.
        field: String,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A DTD declared entities; they are never expanded.
    #[error("DOCTYPE entity declarations are not expanded")]
    EntityDeclaration,
    /// A reference to an entity XML does not define (DTD entities are never expanded).
    #[error("undefined entity &{name};, {resolution}")]
    UndefinedEntity {
        /// The entity's name.
        name: String,
        /// What the reader did with it: read it as an HTML entity, or kept it as written.
        resolution: &'static str,
    },
    /// An I/O error while reading.
    #[error("read error: {0}")]
    Io(String),
}

/// One problem, naming the snapshot, the item (position and guid when known) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The snapshot's name as the caller gave it (usually its path).
    pub source: String,
    /// 1-based position of the item, when the problem is in one.
    pub position: Option<usize>,
    /// The item's guid, when known.
    pub guid: Option<String>,
    /// How bad.
    pub severity: Severity,
    /// What.
    pub kind: ProblemKind,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}", self.source)?;
        if let Some(position) = self.position {
            write!(f, ": item {position}")?;
        }
        if let Some(guid) = &self.guid {
            write!(f, " (guid {guid:?})")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for Diagnostic {}
