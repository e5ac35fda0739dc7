//! The guard's lexer states, and the byte classes it reads by.

use quick_xml::parser::{ElementParser, PiParser};

use super::MAX_NAME;
use super::dtd::Dtd;

/// Where the lexer stands.
pub(super) enum Lex {
    /// Between markup.
    Text,
    /// After `<`.
    Open,
    /// After `<!`, until the kind of markup is known (`pending` holds it).
    Bang,
    /// Inside `<![CDATA[`: `run` bytes since the last cut; `tail` the last two bytes.
    CData { run: usize, tail: [u8; 2] },
    /// Inside a comment, dropped; `tail` holds its last two bytes.
    Comment { tail: [u8; 2] },
    /// Inside markup quick-xml cannot read, dropped until it ends as quick-xml would end it.
    Invalid { end: InvalidEnd },
    /// Inside `<?`: kept in `pending` while it may be the XML declaration.
    Pi { parser: PiParser, declaration: Option<bool> },
    /// Inside a start or end tag, kept in `pending` up to [`MAX_MARKUP`]; `last` is its last
    /// byte (a `/` before the `>` makes it empty).
    Tag { parser: ElementParser, end: bool, last: u8 },
    /// Inside `<!D`, kept in `pending` up to [`MAX_MARKUP`].
    Doctype { dtd: Dtd },
}

/// How dropped markup ends: as a comment (`-->`, at least `<!---->`), a CDATA section (`]]>`),
/// a DOCTYPE, or at the first `>`.
pub(super) enum InvalidEnd {
    Comment { tail: [u8; 2] },
    CData { tail: [u8; 2] },
    Doctype(Dtd),
    Gt,
}

/// `</name>`.
pub(super) fn end_tag(name: &[u8]) -> Vec<u8> {
    let mut tag = Vec::with_capacity(name.len() + 3);
    tag.extend_from_slice(b"</");
    tag.extend_from_slice(name);
    tag.push(b'>');
    tag
}

/// `name`, cut at [`MAX_NAME`] bytes (at a character boundary).
pub(super) fn cut_name(name: &[u8]) -> &[u8] {
    if name.len() <= MAX_NAME {
        return name;
    }
    let mut end = MAX_NAME;
    while end > 0 && is_continuation(name[end]) {
        end -= 1;
    }
    &name[..end]
}

/// XML's white space, as quick-xml reads it.
pub(super) fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\r' | b'\n' | b'\t')
}

/// A byte inside a UTF-8 sequence, where text cannot be cut.
pub(super) fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}
