//! The diagnostics of one snapshot: each names the snapshot (and the item, when the problem is
//! in one), and what a fatal XML error means for the reader of the message.

use quick_xml::errors::{IllFormedError, SyntaxError};

use crate::input::Expanded;
use crate::{Diagnostic, EncodingProblem, NotAFeed, ProblemKind, Severity, Truncation, Unclosed};

/// Makes the diagnostics of one snapshot, each naming it.
pub(super) struct Reporter {
    source: String,
}

impl Reporter {
    pub(super) fn new(source: &str) -> Reporter {
        Reporter { source: source.to_owned() }
    }

    /// A problem with the snapshot as a whole.
    /// The snapshot's name, as the caller gave it.
    pub(super) fn source(&self) -> &str {
        &self.source
    }

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
    /// The name of the innermost element that matters for a truncation message (the item when
    /// inside one).
    pub(super) open_element: Option<String>,
}

impl Stop {
    /// What an error that stops the reader means.
    pub(super) fn problem(self, err: quick_xml::Error) -> ProblemKind {
        let offset = self.offset;
        match err {
            quick_xml::Error::Io(ref io)
                if let Some(expanded) =
                    io.get_ref().and_then(|inner| inner.downcast_ref::<Expanded>()) =>
            {
                ProblemKind::GzipLimit {
                    expanded: expanded.expanded,
                    compressed: expanded.compressed,
                    unread: expanded.unread,
                }
            }
            quick_xml::Error::Io(io) => {
                let encoding = io
                    .get_ref()
                    .is_some_and(|inner| inner.is::<quick_xml::encoding::EncodingError>());
                if encoding {
                    let encoding = self.encoding;
                    ProblemKind::Encoding(EncodingProblem::Invalid {
                        encoding,
                        offset,
                        error: io.into(),
                    })
                } else if self.gzip {
                    ProblemKind::Gzip(io.into())
                } else {
                    ProblemKind::Io(io.into())
                }
            }
            quick_xml::Error::Encoding(err) => {
                ProblemKind::Encoding(EncodingProblem::Undecodable {
                    error: quick_xml::Error::Encoding(err).into(),
                    offset: self.buffer_position,
                })
            }
            err if !self.in_feed => ProblemKind::NotAFeed(NotAFeed::NotXml(err.into())),
            quick_xml::Error::Syntax(syntax) => match unclosed(syntax) {
                Some(unclosed) => ProblemKind::Truncated(Truncation::Unclosed {
                    unclosed,
                    element: self.open_element,
                }),
                None => ProblemKind::Malformed {
                    offset,
                    error: quick_xml::Error::Syntax(syntax).into(),
                },
            },
            quick_xml::Error::IllFormed(IllFormedError::MissingEndTag(name)) => {
                ProblemKind::Truncated(Truncation::Element(name))
            }
            err => ProblemKind::Malformed { offset, error: err.into() },
        }
    }
}

/// What a syntax error at the end of input was inside of, when it means the file was cut.
fn unclosed(error: SyntaxError) -> Option<Unclosed> {
    Some(match error {
        SyntaxError::InvalidBangMarkup => return None,
        SyntaxError::UnclosedPI | SyntaxError::UnclosedXmlDecl => Unclosed::ProcessingInstruction,
        SyntaxError::UnclosedComment => Unclosed::Comment,
        SyntaxError::UnclosedDoctype => Unclosed::Doctype,
        SyntaxError::UnclosedCData => Unclosed::CData,
        SyntaxError::UnclosedTag => Unclosed::Tag,
        SyntaxError::UnclosedSingleQuotedAttributeValue
        | SyntaxError::UnclosedDoubleQuotedAttributeValue => Unclosed::AttributeValue,
    })
}
