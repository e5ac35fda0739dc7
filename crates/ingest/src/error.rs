//! Problems found while reading a snapshot. Parsing never fails as a whole: a reader yields
//! every good item plus one [`Diagnostic`] per problem.

use std::sync::Arc;
use std::{fmt, io};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The item was kept, with a field missing (e.g. an unparseable date).
    Warning,
    /// The item, or the rest of the file, could not be read.
    Error,
}

/// What went wrong. Each variant carries typed values (the data it names, and the error of the
/// library under the reader as its source), never a message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    /// The bytes are not a feed at all (not XML, an HTML page, an empty file).
    #[error("not a feed: {0}")]
    NotAFeed(#[source] NotAFeed),
    /// The XML is malformed at some point the reader cannot go on from; what came before was
    /// kept, the rest of the file is not read.
    #[error("malformed XML at byte {offset}: {error}{}", stopped(*unread))]
    Malformed {
        /// Byte offset in the (decompressed) snapshot.
        offset: u64,
        /// The parser's error.
        #[source]
        error: XmlError,
        /// Bytes from `offset` to the end of the file, when they could be counted.
        unread: Option<u64>,
    },
    /// Elements nest deeper than the reader follows; what came before was kept.
    #[error("malformed XML at byte {offset}: elements nested deeper than {max}")]
    TooDeep {
        /// Byte offset in the (decompressed) snapshot.
        offset: u64,
        /// The deepest nesting read.
        max: usize,
    },
    /// Markup that does not nest or is not XML, dropped or closed by the reader (see
    /// [`MarkupProblem`]); the reading goes on after it.
    #[error("malformed XML at byte {offset}: {problem}")]
    BadMarkup {
        /// Byte offset in the (decompressed) snapshot.
        offset: u64,
        /// What was wrong.
        problem: MarkupProblem,
    },
    /// Markup over its size limit ([`MAX_MARKUP_BYTES`]): a tag kept without its attributes,
    /// a comment, processing instruction or DOCTYPE skipped.
    #[error(
        "{what} of {len} bytes at byte {offset}, over the {MAX_MARKUP_BYTES}-byte limit: {}",
        what.action()
    )]
    LongMarkup {
        /// Byte offset in the (decompressed) snapshot.
        offset: u64,
        /// Which markup.
        what: Oversized,
        /// Its length.
        len: usize,
    },
    /// An item whose XML is longer than the reader accepts; it is skipped.
    #[error("item is {len} bytes, over the {max}-byte limit")]
    ItemTooLarge {
        /// Its length, in bytes of the (decompressed) snapshot.
        len: u64,
        /// The limit.
        max: u64,
    },
    /// The file ends before the feed does.
    #[error("truncated: the file ends inside {0}")]
    Truncated(Truncation),
    /// The declared or detected encoding could not be honoured.
    #[error("encoding: {0}")]
    Encoding(#[source] EncodingProblem),
    /// gzip data that cannot be decompressed.
    #[error("gzip: {0}")]
    Gzip(#[source] IoError),
    /// gzip data that expands past the limits (a gzip bomb): more than [`MAX_GZIP_RATIO`] times
    /// its compressed size, or more than [`MAX_GZIP_EXPANDED`] bytes. What came before was
    /// kept, the rest is not read.
    #[error(
        "gzip: {expanded} bytes from {compressed}, over the limit ({MAX_GZIP_RATIO} times the \
         compressed size, and {MAX_GZIP_EXPANDED} bytes): {}",
        unread_bytes(*unread)
    )]
    GzipLimit {
        /// Bytes decompressed when reading stopped.
        expanded: u64,
        /// Compressed bytes they came from.
        compressed: u64,
        /// The compressed bytes left, when they could be counted.
        unread: Option<u64>,
    },
    /// An item without a title.
    #[error("item has no title")]
    MissingTitle,
    /// Building the release from the item failed inside pressdex (a panic in the HTML step or
    /// the enrichment: a bug, caught); the item is skipped, the run goes on.
    #[error("internal error while building the release ({0}); the item is skipped")]
    BuildFailed(String),
    /// A date that no known format parses (the text, as the feed gives it); the item is kept
    /// without a date.
    #[error("unparseable date {0:?}")]
    BadDate(String),
    /// A field longer than the reader accepts; the item is skipped.
    #[error("{field} is {len} bytes, over the {max}-byte limit")]
    TooLarge {
        /// Which field.
        field: FeedField,
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
        /// What the reader did with it.
        resolution: EntityResolution,
    },
    /// An I/O error while reading.
    #[error("read error: {0}")]
    Io(#[source] IoError),
}

/// Longest tag, comment, processing instruction or DOCTYPE read whole, in bytes.
pub const MAX_MARKUP_BYTES: usize = crate::feed::MAX_MARKUP;

/// Most a gzip snapshot may expand, as a multiple of its compressed size (checked once 16 MiB
/// are decompressed).
pub const MAX_GZIP_RATIO: u64 = crate::input::MAX_RATIO;

/// Most a gzip snapshot may expand to, in bytes.
pub const MAX_GZIP_EXPANDED: u64 = crate::input::MAX_EXPANDED;

fn unread_bytes(unread: Option<u64>) -> String {
    match unread {
        Some(unread) => format!("the remaining {unread} bytes of the file were not read"),
        None => "the rest of the file was not read".to_owned(),
    }
}

/// How much of the file a stop mid-file left unread: nothing to say at its end.
pub(crate) fn stopped(unread: Option<u64>) -> String {
    match unread {
        Some(0) => String::new(),
        unread => format!("; {}", unread_bytes(unread)),
    }
}

/// Why a snapshot is not a feed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotAFeed {
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// gzip data that decompresses to zero bytes.
    #[error("the decompressed file is empty")]
    EmptyDecompressed,
    /// Only whitespace, comments or declarations.
    #[error("no XML element in the file")]
    NoElement,
    /// Text before any element (its first 40 characters): JSON, plain text.
    #[error("text before the first element: {0:?}")]
    TextBeforeRoot(String),
    /// An entity reference (its name) before any element.
    #[error("text before the first element: \"&{0};\"")]
    ReferenceBeforeRoot(String),
    /// A root element (its name) that no feed format has: an HTML error page.
    #[error("the root element is <{0}>, not <rss>, <rdf:RDF> or <feed>")]
    WrongRoot(String),
    /// Bytes the XML parser rejects before the root element.
    #[error("not XML: {0}")]
    NotXml(#[source] XmlError),
}

/// Markup the reader repaired or dropped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MarkupProblem {
    /// An element (its name) still open when an end tag closed one that holds it.
    #[error("<{0}> is not closed")]
    NotClosed(Box<str>),
    /// An end tag (its name) that closes no open element.
    #[error("</{0}> closes no open element")]
    Stray(Box<str>),
    /// Markup that is not XML (its first bytes), such as `<!x>`.
    #[error("{0:?} is not XML markup")]
    Invalid(Box<str>),
}

/// Markup too long to keep.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Oversized {
    /// A start tag (its element's name), with its attributes.
    #[error("the <{0}> tag")]
    Tag(Box<str>),
    /// A comment.
    #[error("a comment")]
    Comment,
    /// A processing instruction.
    #[error("a processing instruction")]
    ProcessingInstruction,
    /// A DOCTYPE declaration.
    #[error("the DOCTYPE")]
    Doctype,
}

impl Oversized {
    fn action(&self) -> &'static str {
        match self {
            Oversized::Tag(_) => "its attributes were dropped",
            _ => "skipped",
        }
    }
}

/// Where the file ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Truncation {
    /// Inside this open element (its name; the item's when inside one).
    Element(String),
    /// Inside markup that was never closed, within an open element (its name) when there is one.
    Unclosed {
        /// What was never closed.
        unclosed: Unclosed,
        /// The innermost element that matters: the item when inside one.
        element: Option<String>,
    },
}

impl fmt::Display for Truncation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Truncation::Element(name) => write!(f, "<{name}>"),
            Truncation::Unclosed { unclosed, element: None } => write!(f, "{unclosed}"),
            Truncation::Unclosed { unclosed, element: Some(name) } => {
                write!(f, "{unclosed} in <{name}>")
            }
        }
    }
}

/// Markup a file can end inside of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unclosed {
    /// `<?...` (or the XML declaration).
    #[error("a processing instruction")]
    ProcessingInstruction,
    /// `<!--...`
    #[error("a comment")]
    Comment,
    /// `<!DOCTYPE...`
    #[error("the DOCTYPE")]
    Doctype,
    /// `<![CDATA[...`
    #[error("a CDATA section")]
    CData,
    /// `<name...`
    #[error("a tag")]
    Tag,
    /// `name="...`
    #[error("an attribute value")]
    AttributeValue,
}

/// What went wrong with the encoding.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EncodingProblem {
    /// No encoding is declared and the first bytes are not UTF-8: read as windows-1252, as
    /// browsers and feedparser do.
    #[error("the bytes are not UTF-8 (and no other encoding is declared): read as windows-1252")]
    UndeclaredLegacy,
    /// A declared encoding (its label) that cannot be read: read as UTF-8.
    #[error("unsupported encoding {0:?}, read as UTF-8")]
    Unsupported(String),
    /// Bytes that are not valid in the snapshot's encoding; reading stops.
    #[error("bytes that are not valid {encoding} near byte {offset}")]
    Invalid {
        /// The encoding's name.
        encoding: &'static str,
        /// Byte offset in the (decompressed) snapshot.
        offset: u64,
        /// The decoder's error.
        #[source]
        error: IoError,
    },
    /// Text the parser could not decode; reading stops.
    #[error("{error} near byte {offset}{}", stopped(*unread))]
    Undecodable {
        /// The parser's error.
        #[source]
        error: XmlError,
        /// Byte offset in the (decompressed) snapshot.
        offset: u64,
        /// Bytes from `offset` to the end of the file, when they could be counted.
        unread: Option<u64>,
    },
    /// Bytes of a UTF-8 snapshot that are not UTF-8, in this item: read as U+FFFD.
    #[error("bytes that are not valid UTF-8, read as U+FFFD")]
    Replaced,
}

/// An item field, as problems name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FeedField {
    /// The channel's (feed's) title.
    #[error("channel title")]
    ChannelTitle,
    /// The channel's (feed's) own date: RSS `lastBuildDate`, Atom `updated`, RDF `dc:date`.
    #[error("channel date")]
    ChannelDate,
    /// The channel's (feed's) link: part of the id derived for an item without guid or link.
    #[error("channel link")]
    ChannelLink,
    /// `title`.
    #[error("title")]
    Title,
    /// Dublin Core `title`: the title when the item has no `title`.
    #[error("dc:title")]
    DcTitle,
    /// `link` (or Atom's `link href`).
    #[error("link")]
    Link,
    /// `guid` (Atom `id`).
    #[error("guid")]
    Guid,
    /// `pubDate`, `published`, `dc:date`...
    #[error("published date")]
    Published,
    /// Atom `updated`, `dcterms:modified`.
    #[error("updated date")]
    Updated,
    /// `dc:creator`, `author`.
    #[error("creator")]
    Creator,
    /// `content:encoded`.
    #[error("content:encoded")]
    ContentEncoded,
    /// Atom `content`.
    #[error("content")]
    Content,
    /// `description`.
    #[error("description")]
    Description,
    /// Atom `summary`.
    #[error("summary")]
    Summary,
}

/// What the reader did with an entity XML does not define.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EntityResolution {
    /// Read as the HTML entity of that name (`&nbsp;`).
    #[error("read as the HTML entity")]
    ReadAsHtml,
    /// Kept as written, `&name;`: neither XML nor HTML knows it.
    #[error("kept as written")]
    KeptAsWritten,
}

/// An I/O error of the reader (or of the gzip decoder under it), shared so that problems stay
/// `Clone`; it displays as the error does. Two are equal when their kind and message are.
#[derive(Clone, Debug)]
pub struct IoError(Arc<io::Error>);

impl IoError {
    /// The error's kind.
    pub fn kind(&self) -> io::ErrorKind {
        self.0.kind()
    }

    /// The error itself.
    pub fn get_ref(&self) -> &io::Error {
        &self.0
    }
}

impl From<io::Error> for IoError {
    fn from(error: io::Error) -> IoError {
        IoError(Arc::new(error))
    }
}

impl From<Arc<io::Error>> for IoError {
    fn from(error: Arc<io::Error>) -> IoError {
        IoError(error)
    }
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for IoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl PartialEq for IoError {
    fn eq(&self, other: &IoError) -> bool {
        self.kind() == other.kind() && self.to_string() == other.to_string()
    }
}

impl Eq for IoError {}

/// An error of the XML parser (quick-xml), kept as the source of a problem; it displays as the
/// error does. Two are equal when they say the same thing.
#[derive(Clone, Debug)]
pub struct XmlError(Arc<quick_xml::Error>);

impl From<quick_xml::Error> for XmlError {
    fn from(error: quick_xml::Error) -> XmlError {
        XmlError(Arc::new(error))
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for XmlError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl PartialEq for XmlError {
    fn eq(&self, other: &XmlError) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for XmlError {}

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
