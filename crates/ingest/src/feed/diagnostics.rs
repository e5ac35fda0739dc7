//! The diagnostics of one snapshot: each names the snapshot (and the item, when the problem is
//! in one), and what a fatal XML error means for the reader of the message.

use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};

use crate::{Diagnostic, ProblemKind, Severity};

/// Makes the diagnostics of one snapshot, each naming it.
pub(super) struct Reporter {
    source: String,
}

impl Reporter {
    pub(super) fn new(source: &str) -> Reporter {
        Reporter { source: source.to_owned() }
    }

    /// A problem with the snapshot as a whole.
    pub(super) fn file(&self, severity: Severity, kind: ProblemKind) -> Diagnostic {
        self.at(None, None, severity, kind)
    }

    /// A problem in the item at `position` (1-based) with `guid`, when known.
    pub(super) fn at(
        &self,
        position: Option<usize>,
        guid: Option<String>,
        severity: Severity,
        kind: ProblemKind,
    ) -> Diagnostic {
        Diagnostic { source: self.source.clone(), position, guid, severity, kind }
    }
}

/// Where the reader stood when an error stopped it.
pub(super) struct Stop {
    /// Byte offset of the error in the decompressed snapshot.
    pub(super) offset: u64,
    /// Byte offset the parser had read to.
    pub(super) buffer_position: u64,
    /// The encoding the snapshot was read in.
    pub(super) encoding: &'static str,
    pub(super) gzip: bool,
    /// Whether the root element was a feed's: before it, any error means "not a feed".
    pub(super) in_feed: bool,
    /// The innermost element that matters for a truncation message (the item when inside one).
    pub(super) open_element: Option<String>,
}

impl Stop {
    /// What an error that stops the reader means.
    pub(super) fn problem(self, err: XmlError) -> ProblemKind {
        let offset = self.offset;
        match err {
            XmlError::Io(io) => {
                let encoding = io
                    .get_ref()
                    .is_some_and(|inner| inner.is::<quick_xml::encoding::EncodingError>());
                if encoding {
                    ProblemKind::Encoding(format!(
                        "bytes that are not valid {} near byte {offset}",
                        self.encoding
                    ))
                } else if self.gzip {
                    ProblemKind::Gzip(io.to_string())
                } else {
                    ProblemKind::Io(io.to_string())
                }
            }
            XmlError::Encoding(err) => {
                ProblemKind::Encoding(format!("{err} near byte {}", self.buffer_position))
            }
            err if !self.in_feed => ProblemKind::NotAFeed(format!("not XML: {err}")),
            XmlError::Syntax(syntax) => match truncated_inside(syntax) {
                Some(inside) => ProblemKind::Truncated(match self.open_element {
                    Some(element) => format!("{inside} in {element}"),
                    None => inside.to_owned(),
                }),
                None => ProblemKind::Malformed { offset, message: syntax.to_string() },
            },
            XmlError::IllFormed(IllFormedError::MissingEndTag(name)) => {
                ProblemKind::Truncated(format!("<{name}>"))
            }
            err => ProblemKind::Malformed { offset, message: err.to_string() },
        }
    }
}

/// What a syntax error at the end of input was inside of, when it means the file was cut.
fn truncated_inside(error: SyntaxError) -> Option<&'static str> {
    Some(match error {
        SyntaxError::InvalidBangMarkup => return None,
        SyntaxError::UnclosedPI | SyntaxError::UnclosedXmlDecl => "a processing instruction",
        SyntaxError::UnclosedComment => "a comment",
        SyntaxError::UnclosedDoctype => "the DOCTYPE",
        SyntaxError::UnclosedCData => "a CDATA section",
        SyntaxError::UnclosedTag => "a tag",
        SyntaxError::UnclosedSingleQuotedAttributeValue
        | SyntaxError::UnclosedDoubleQuotedAttributeValue => "an attribute value",
    })
}
