//! The bytes quick-xml reads, made bounded and well nested.
//!
//! quick-xml reads each event whole into memory: one text of 1 GiB, a comment, a processing
//! instruction, an attribute or a CDATA section of 100 MB costs that much. And it stops at the
//! first error it cannot recover from, so a stray `<!x>` or an end tag that closes nothing in
//! one item loses every item after it. The [`Guard`] stands between the decoded snapshot and
//! quick-xml and lexes the bytes as quick-xml does (with quick-xml's own `ElementParser`,
//! `PiParser` and `CommentParser` finding where markup ends), so that what quick-xml receives
//! holds no event larger than a fixed size and no nesting error:
//!
//! - text and CDATA are cut every [`TEXT_CHUNK`] bytes (at a character boundary, never inside
//!   an entity reference) by an empty `<![CDATA[]]>` (or `]]><![CDATA[`): the same text, in
//!   events of bounded size;
//! - comments and processing instructions are dropped (the reader reads neither), the XML
//!   declaration kept; a DOCTYPE is kept up to [`MAX_MARKUP`] bytes;
//! - a tag over [`MAX_MARKUP`] bytes keeps its name and loses its attributes, a name is cut
//!   at [`MAX_NAME`] bytes;
//! - an end tag that closes an element further up closes the ones in between; one that closes
//!   nothing is dropped; elements nested deeper than [`MAX_DEPTH`] are dropped, their text
//!   kept; markup quick-xml cannot read (`<!x>`, `<![x[...]]>`) is dropped.
//!
//! Each change that matters is announced in the stream itself, by a processing instruction
//! `<?pressdex ...?>` (a [`Marker`]) at the point of the change, so the parser can name the item
//! it happened in; a feed's own processing instructions are all dropped, so it cannot forge one.
//! Memory is bounded by the read buffer, [`MAX_MARKUP`] and [`MAX_DEPTH`] names of [`MAX_NAME`]
//! bytes, whatever the input.

use std::io::{self, BufRead, Read};

use quick_xml::parser::{CommentParser, ElementParser, Parser as _, PiParser};

/// Longest text or CDATA event quick-xml receives.
pub(crate) const TEXT_CHUNK: usize = 64 * 1024;

/// Longest tag, declaration or DOCTYPE passed on whole; a longer comment or processing
/// instruction is reported when dropped.
pub(crate) const MAX_MARKUP: usize = 64 * 1024;

/// Longest element name kept; longer names are cut (the same way at both ends).
pub(crate) const MAX_NAME: usize = 1024;

/// Deepest element nesting passed on; deeper elements are dropped and reported.
pub(crate) const MAX_DEPTH: usize = 256;

/// An entity reference longer than this is no reference; text may be cut inside it.
const MAX_REFERENCE: usize = 64;

/// The target of the guard's processing instructions.
const TARGET: &str = "pressdex";

/// What the guard changed, announced where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    /// Elements nested deeper than [`MAX_DEPTH`] were dropped from here.
    TooDeep,
    /// An end tag closed this element, which was still open inside the one it names.
    Unclosed(String),
    /// An end tag (its name) that closes no open element was dropped.
    Stray(String),
    /// Markup quick-xml cannot read (its first bytes) was dropped.
    Invalid(String),
    /// A tag (its name) of this many bytes lost its attributes.
    LongTag(String, usize),
    /// A comment, processing instruction or DOCTYPE of this many bytes was dropped.
    LongMarkup(Skipped, usize),
}

/// Markup dropped for its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Skipped {
    Comment,
    ProcessingInstruction,
    Doctype,
}

/// A marker, and the byte offset in the guard's input where the change happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Marked {
    pub(crate) marker: Marker,
    pub(crate) offset: u64,
}

impl Marked {
    /// The processing instruction that carries it. Names travel as hex, so no byte of a name
    /// can end the instruction.
    fn encode(&self) -> String {
        let hex = |name: &str| name.bytes().map(|byte| format!("{byte:02x}")).collect::<String>();
        let body = match &self.marker {
            Marker::TooDeep => "deep".to_owned(),
            Marker::Unclosed(name) => format!("unclosed {}", hex(name)),
            Marker::Stray(name) => format!("stray {}", hex(name)),
            Marker::Invalid(start) => format!("invalid {}", hex(start)),
            Marker::LongTag(name, len) => format!("tag {len} {}", hex(name)),
            Marker::LongMarkup(what, len) => {
                let what = match what {
                    Skipped::Comment => "comment",
                    Skipped::ProcessingInstruction => "pi",
                    Skipped::Doctype => "doctype",
                };
                format!("{what} {len}")
            }
        };
        format!("<?{TARGET} {} {body}?>", self.offset)
    }

    /// Reads the content of a processing instruction (between `<?` and `?>`); `None` when it
    /// is not a marker.
    pub(crate) fn decode(content: &str) -> Option<Marked> {
        let mut words = content.strip_prefix(TARGET)?.split_ascii_whitespace();
        let offset = words.next()?.parse().ok()?;
        let unhex = |hex: &str| -> Option<String> {
            let bytes: Option<Vec<u8>> = (0..hex.len())
                .step_by(2)
                .map(|at| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok())
                .collect();
            Some(String::from_utf8_lossy(&bytes?).into_owned())
        };
        let name = |word: Option<&str>| unhex(word.unwrap_or(""));
        let marker = match words.next()? {
            "deep" => Marker::TooDeep,
            "unclosed" => Marker::Unclosed(name(words.next())?),
            "stray" => Marker::Stray(name(words.next())?),
            "invalid" => Marker::Invalid(name(words.next())?),
            "tag" => {
                let len = words.next()?.parse().ok()?;
                Marker::LongTag(name(words.next())?, len)
            }
            what => {
                let what = match what {
                    "comment" => Skipped::Comment,
                    "pi" => Skipped::ProcessingInstruction,
                    "doctype" => Skipped::Doctype,
                    _ => return None,
                };
                Marker::LongMarkup(what, words.next()?.parse().ok()?)
            }
        };
        Some(Marked { marker, offset })
    }
}

/// Where the lexer stands.
enum Lex {
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
enum InvalidEnd {
    Comment { tail: [u8; 2] },
    CData { tail: [u8; 2] },
    Doctype(Dtd),
    Gt,
}

/// quick-xml's DOCTYPE scanner (`DtdParser`, private to it), one byte at a time: quoted
/// strings and the internal subset may hold `>`.
#[derive(Clone, Copy)]
enum Dtd {
    BeforeSubset(Option<u8>),
    InSubset,
    AfterSubset,
    /// After `<` in the subset: up to 9 bytes until the kind of declaration is known.
    Undecided([u8; 9], usize),
    InComment(CommentParser),
    InPi(PiParser),
    InElementDecl,
    InQuoted(ElementParser),
}

impl Dtd {
    /// Reads one byte; `true` when it is the `>` that ends the DOCTYPE.
    fn feed(&mut self, byte: u8) -> bool {
        match self {
            Dtd::BeforeSubset(None) => match byte {
                b'\'' | b'"' => *self = Dtd::BeforeSubset(Some(byte)),
                b'[' => *self = Dtd::InSubset,
                b'>' => return true,
                _ => {}
            },
            Dtd::BeforeSubset(Some(quote)) => {
                if byte == *quote {
                    *self = Dtd::BeforeSubset(None);
                }
            }
            Dtd::InSubset => match byte {
                b']' => *self = Dtd::AfterSubset,
                b'<' => *self = Dtd::Undecided([0; 9], 0),
                _ => {}
            },
            Dtd::AfterSubset => return byte == b'>',
            Dtd::Undecided(bytes, len) => {
                bytes[*len] = byte;
                *len += 1;
                let markup = &bytes[..*len];
                let quoted = Dtd::InQuoted(ElementParser::Outside);
                *self = match markup {
                    [b'?', ..] => Dtd::InPi(PiParser(false)),
                    [b'!', b'-', b'-', ..] => Dtd::InComment(CommentParser::Seen0),
                    [b'!', b'E', b'L', b'E', b'M', b'E', b'N', b'T', ..] => Dtd::InElementDecl,
                    [b'!', b'E', b'N', b'T', b'I', b'T', b'Y', ..] => quoted,
                    [b'!', b'A', b'T', b'T', b'L', b'I', b'S', b'T', ..] => quoted,
                    [b'!', b'N', b'O', b'T', b'A', b'T', b'I', b'O', b'N', ..] => quoted,
                    _ if byte == b'>' => Dtd::InSubset,
                    _ if markup.len() == 9 => Dtd::InElementDecl,
                    _ => return false,
                };
            }
            Dtd::InComment(parser) => {
                if parser.feed(&[byte]).is_some() {
                    *self = Dtd::InSubset;
                }
            }
            Dtd::InPi(parser) => {
                if parser.feed(&[byte]).is_some() {
                    *self = Dtd::InSubset;
                }
            }
            Dtd::InElementDecl => {
                if byte == b'>' {
                    *self = Dtd::InSubset;
                }
            }
            Dtd::InQuoted(parser) => {
                if parser.feed(&[byte]).is_some() {
                    *self = Dtd::InSubset;
                }
            }
        }
        false
    }
}

/// See the module documentation.
pub(crate) struct Guard<R> {
    inner: R,
    lex: Lex,
    /// Bytes ready for quick-xml: `out[start..]`.
    out: Vec<u8>,
    start: usize,
    /// The markup being read, while it is kept whole (a tag, a declaration, a DOCTYPE), or its
    /// first bytes (for the name, and what to hand on at the end of the input).
    pending: Vec<u8>,
    /// Bytes of the markup being read, kept or not.
    markup_len: usize,
    /// Where the markup being read starts in the input.
    markup_at: u64,
    /// Names of the open elements (at most [`MAX_DEPTH`]).
    stack: Vec<Vec<u8>>,
    /// Start tags dropped past [`MAX_DEPTH`] and not yet closed.
    deep: usize,
    /// Bytes of text handed on since the last markup or cut: quick-xml reads them as one
    /// event. Markup that is dropped does not end it.
    text_run: usize,
    /// The length of a possible entity reference in the text (since its `&`).
    reference: Option<usize>,
    /// Bytes of input read so far.
    offset: u64,
    /// An error met after some bytes were read, returned once they are handed on.
    deferred: Option<io::Error>,
    finished: bool,
}

impl<R: BufRead> Guard<R> {
    pub(crate) fn new(inner: R) -> Guard<R> {
        Guard {
            inner,
            lex: Lex::Text,
            out: Vec::new(),
            start: 0,
            pending: Vec::new(),
            markup_len: 0,
            markup_at: 0,
            stack: Vec::new(),
            deep: 0,
            text_run: 0,
            reference: None,
            offset: 0,
            deferred: None,
            finished: false,
        }
    }

    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }

    /// Lexes the next buffer of input into `out`.
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.start = 0;
        while self.out.is_empty() && !self.finished {
            if let Some(err) = self.deferred.take() {
                self.finished = true;
                return Err(err);
            }
            let chunk = match self.inner.fill_buf() {
                Ok(chunk) => chunk.to_vec(),
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    // What was lexed before the error first (quick-xml, still inside the
                    // markup, then meets the error), then the error.
                    self.end_of_input();
                    self.deferred = Some(err);
                    continue;
                }
            };
            if chunk.is_empty() {
                self.finished = true;
                self.end_of_input();
                break;
            }
            self.inner.consume(chunk.len());
            let mut at = 0;
            while at < chunk.len() {
                at += self.step(&chunk[at..]);
            }
        }
        Ok(())
    }

    /// Lexes from the start of `input`; returns how many bytes were used (at least one).
    fn step(&mut self, input: &[u8]) -> usize {
        let used = match &mut self.lex {
            Lex::Text => self.text(input),
            Lex::CData { .. } => self.cdata(input),
            _ => {
                self.markup_byte(input[0]);
                1
            }
        };
        self.offset += used as u64;
        used
    }

    /// Text up to the next `<`, cut every [`TEXT_CHUNK`] bytes.
    fn text(&mut self, input: &[u8]) -> usize {
        let mut at = 0;
        while at < input.len() {
            let byte = input[at];
            if self.text_run >= TEXT_CHUNK
                && !is_continuation(byte)
                && self.reference.is_none_or(|len| len > MAX_REFERENCE)
            {
                self.emit(b"<![CDATA[]]>");
            }
            match (byte, &mut self.reference) {
                (b'<', _) => {
                    self.lex = Lex::Open;
                    self.pending.clear();
                    self.pending.push(b'<');
                    self.markup_len = 1;
                    self.markup_at = self.offset + at as u64;
                    return at + 1;
                }
                (b'&', reference) => *reference = Some(0),
                (b';', reference) => *reference = None,
                (_, Some(len)) => *len += 1,
                (_, None) => {
                    // The plain text up to the next `<` or `&` (or the next cut), at once.
                    let room = TEXT_CHUNK.saturating_sub(self.text_run).max(1);
                    let span = &input[at..input.len().min(at + room)];
                    let plain = memchr::memchr2(b'<', b'&', span).unwrap_or(span.len()).max(1);
                    self.out.extend_from_slice(&input[at..at + plain]);
                    self.text_run += plain;
                    at += plain;
                    continue;
                }
            }
            self.out.push(byte);
            self.text_run += 1;
            at += 1;
        }
        at
    }

    /// Hands on markup: it ends the text event quick-xml is reading.
    fn emit(&mut self, markup: &[u8]) {
        self.out.extend_from_slice(markup);
        self.text_run = 0;
        self.reference = None;
    }

    /// CDATA content up to `]]>`, cut every [`TEXT_CHUNK`] bytes.
    fn cdata(&mut self, input: &[u8]) -> usize {
        let Lex::CData { run, tail } = &mut self.lex else { return 0 };
        for (at, &byte) in input.iter().enumerate() {
            if *run >= TEXT_CHUNK && !is_continuation(byte) {
                // Where `]]` ends the first part, `]]]]>` still ends it with `]]`: quick-xml
                // ends CDATA at the first `]]>`.
                self.out.extend_from_slice(b"]]><![CDATA[");
                *run = 0;
            }
            self.out.push(byte);
            *run += 1;
            if byte == b'>' && *tail == *b"]]" {
                self.lex = Lex::Text;
                return at + 1;
            }
            *tail = [tail[1], byte];
        }
        input.len()
    }

    /// One byte of markup (after its `<`).
    fn markup_byte(&mut self, byte: u8) {
        self.markup_len += 1;
        match &mut self.lex {
            Lex::Text | Lex::CData { .. } => unreachable!("text is lexed by the span"),
            Lex::Open => {
                self.pending.push(byte);
                self.lex = match byte {
                    b'!' => Lex::Bang,
                    b'?' => {
                        // quick-xml feeds its scanner from the `?`, so `<?>` ends there.
                        let mut parser = PiParser(false);
                        let _ = parser.feed(b"?");
                        Lex::Pi { parser, declaration: None }
                    }
                    _ => {
                        let mut parser = ElementParser::Outside;
                        if parser.feed(&[byte]).is_some() {
                            // `<>`: a tag with an empty name.
                            self.finish_tag(false, false);
                            return;
                        }
                        Lex::Tag { parser, end: byte == b'/', last: byte }
                    }
                };
            }
            Lex::Bang => {
                self.pending.push(byte);
                self.bang();
            }
            Lex::Comment { tail } => {
                // quick-xml's rule: `-->`, with at least `<!---->`.
                let ended = byte == b'>' && *tail == *b"--" && self.markup_len > 6;
                *tail = [tail[1], byte];
                if ended {
                    if self.markup_len > MAX_MARKUP {
                        self.mark(Marker::LongMarkup(Skipped::Comment, self.markup_len));
                    }
                    self.lex = Lex::Text;
                }
            }
            Lex::Invalid { end } => {
                let ended = match end {
                    InvalidEnd::Comment { tail } => {
                        let ended = byte == b'>' && *tail == *b"--" && self.markup_len > 6;
                        *tail = [tail[1], byte];
                        ended
                    }
                    InvalidEnd::CData { tail } => {
                        let ended = byte == b'>' && *tail == *b"]]";
                        *tail = [tail[1], byte];
                        ended
                    }
                    InvalidEnd::Doctype(dtd) => dtd.feed(byte),
                    InvalidEnd::Gt => byte == b'>',
                };
                if ended {
                    self.invalid();
                }
            }
            Lex::Pi { parser, declaration } => {
                let ended = parser.feed(&[byte]).is_some();
                if *declaration != Some(false) {
                    self.pending.push(byte);
                }
                if declaration.is_none() {
                    // quick-xml reads `<?xml` followed by a space or `?>` as the declaration.
                    let content = &self.pending[2..];
                    let content = match ended {
                        true => &content[..content.len().saturating_sub(2)],
                        false => content,
                    };
                    let known = ended
                        || content.len() >= 5
                        || (content.len() == 4 && content[3] != b'?');
                    if known {
                        let xml = content.starts_with(b"xml")
                            && content.get(3).is_none_or(|byte| is_space(*byte));
                        *declaration = Some(xml);
                    }
                }
                if self.pending.len() > MAX_MARKUP {
                    *declaration = Some(false);
                }
                if ended {
                    if *declaration == Some(true) {
                        let pending = std::mem::take(&mut self.pending);
                        self.emit(&pending);
                        self.pending = pending;
                    } else if self.markup_len > MAX_MARKUP {
                        let len = self.markup_len;
                        self.mark(Marker::LongMarkup(Skipped::ProcessingInstruction, len));
                    }
                    self.lex = Lex::Text;
                }
            }
            Lex::Tag { parser, end, last } => {
                let (end, slash) = (*end, *last == b'/');
                *last = byte;
                let ended = parser.feed(&[byte]).is_some();
                if self.pending.len() < MAX_MARKUP || ended {
                    self.pending.push(byte);
                }
                if ended {
                    self.finish_tag(end, slash);
                }
            }
            Lex::Doctype { dtd } => {
                let ended = dtd.feed(byte);
                if self.pending.len() < MAX_MARKUP || ended {
                    self.pending.push(byte);
                }
                if ended {
                    self.finish_doctype();
                }
            }
        }
    }

    /// After `<!` and one more byte: which markup this is, once its first bytes tell.
    fn bang(&mut self) {
        const CDATA: &[u8] = b"<![CDATA[";
        const DOCTYPE: &[u8] = b"<!DOCTYPE";
        let seen = &self.pending[..];
        let last = seen[seen.len() - 1];
        let tail = [seen[seen.len() - 2], last];
        self.lex = match seen[2] {
            b'-' => match seen.len() {
                3 => return,
                _ if last == b'-' => Lex::Comment { tail },
                _ => Lex::Invalid { end: InvalidEnd::Comment { tail } },
            },
            b'[' => {
                if last == b'>' && seen.len() >= 5 && seen[seen.len() - 3..seen.len() - 1] == *b"]]"
                {
                    // `<![...]]>`, over before it could be CDATA.
                    return self.invalid();
                }
                if seen == CDATA {
                    self.emit(CDATA);
                    Lex::CData { run: 0, tail: [b'[', b'['] }
                } else if CDATA.starts_with(seen) {
                    return;
                } else {
                    Lex::Invalid { end: InvalidEnd::CData { tail } }
                }
            }
            b'D' | b'd' => {
                // quick-xml scans a DOCTYPE from its `D`.
                let mut dtd = Dtd::BeforeSubset(None);
                let ended = seen[2..].iter().fold(false, |_, byte| dtd.feed(*byte));
                let prefix = seen.len().min(DOCTYPE.len());
                if !seen[..prefix].eq_ignore_ascii_case(&DOCTYPE[..prefix]) {
                    if ended {
                        return self.invalid();
                    }
                    Lex::Invalid { end: InvalidEnd::Doctype(dtd) }
                } else if ended {
                    return self.finish_doctype();
                } else if seen.len() < DOCTYPE.len() {
                    return;
                } else {
                    Lex::Doctype { dtd }
                }
            }
            _ if last == b'>' => return self.invalid(),
            _ => Lex::Invalid { end: InvalidEnd::Gt },
        };
    }

    /// Markup quick-xml cannot read ended: dropped, and announced with its first bytes.
    fn invalid(&mut self) {
        let start = &self.pending[..self.pending.len().min(16)];
        let start = String::from_utf8_lossy(start).into_owned();
        self.mark(Marker::Invalid(start));
        self.lex = Lex::Text;
    }

    /// A DOCTYPE ended: kept when it is one (`<!DOCTYPE` and a name) of at most
    /// [`MAX_MARKUP`] bytes.
    fn finish_doctype(&mut self) {
        self.lex = Lex::Text;
        let pending = std::mem::take(&mut self.pending);
        let doctype = pending.len() >= 9 && pending[..9].eq_ignore_ascii_case(b"<!DOCTYPE");
        let named = doctype && pending[9..pending.len() - 1].iter().any(|byte| !is_space(*byte));
        if self.markup_len > MAX_MARKUP {
            self.mark(Marker::LongMarkup(Skipped::Doctype, self.markup_len));
        } else if named {
            self.emit(&pending);
        } else {
            self.pending = pending;
            return self.invalid();
        }
        self.pending = pending;
    }

    /// A start tag or end tag ended; `pending` holds it (cut at [`MAX_MARKUP`] bytes, then
    /// its `>`); `slash` says a `/` came before its `>`.
    fn finish_tag(&mut self, end: bool, slash: bool) {
        self.lex = Lex::Text;
        let pending = std::mem::take(&mut self.pending);
        let whole = self.markup_len <= MAX_MARKUP;
        if end {
            self.end_tag(&pending, whole);
        } else {
            // As quick-xml reads it: `<name attributes/>` is empty.
            let empty = slash && self.markup_len >= 3;
            self.start_tag(&pending, whole, empty);
        }
        self.pending = pending;
    }

    fn start_tag(&mut self, tag: &[u8], whole: bool, empty: bool) {
        let content = &tag[1..tag.len() - if whole && empty { 2 } else { 1 }];
        let name_len = content.iter().position(|byte| is_space(*byte)).unwrap_or(content.len());
        let name = cut_name(&content[..name_len]);
        if self.deep > 0 || self.stack.len() >= MAX_DEPTH {
            if self.deep == 0 {
                self.mark(Marker::TooDeep);
            }
            self.deep += usize::from(!empty);
            return;
        }
        if name.iter().any(|byte| matches!(byte, b'\'' | b'"')) {
            // No XML name holds a quote, and quick-xml would read a quote in the end tag the
            // guard writes to close it as the start of an attribute value.
            let start = &tag[..tag.len().min(16)];
            return self.mark(Marker::Invalid(String::from_utf8_lossy(start).into_owned()));
        }
        if whole && name.len() == name_len {
            self.emit(tag);
        } else {
            let shown = String::from_utf8_lossy(name).into_owned();
            self.mark(Marker::LongTag(shown, self.markup_len));
            let mut short = Vec::with_capacity(name.len() + 3);
            short.push(b'<');
            short.extend_from_slice(name);
            short.extend_from_slice(if empty { b"/>" } else { b">" });
            self.emit(&short);
        }
        if !empty {
            self.stack.push(name.to_vec());
        }
    }

    fn end_tag(&mut self, tag: &[u8], whole: bool) {
        // As quick-xml compares it: what is between `</` and `>`, without trailing spaces.
        let content = &tag[2..tag.len() - 1];
        let content_len = content.iter().rposition(|byte| !is_space(*byte)).map_or(0, |at| at + 1);
        let name = cut_name(&content[..content_len]);
        let open = self.stack.iter().rposition(|open| open == name);
        if self.deep > 0 {
            match open {
                // It closes an element the guard kept, and every dropped one inside it.
                Some(at) if at + 1 < self.stack.len() => self.deep = 0,
                _ => {
                    self.deep -= 1;
                    return;
                }
            }
        }
        let Some(at) = open else {
            return self.mark(Marker::Stray(String::from_utf8_lossy(name).into_owned()));
        };
        if at + 1 < self.stack.len() {
            let innermost = self.stack.last().map(|open| String::from_utf8_lossy(open).into_owned());
            self.mark(Marker::Unclosed(innermost.unwrap_or_default()));
            while self.stack.len() > at + 1 {
                let open = self.stack.pop().unwrap_or_default();
                self.emit(&end_tag(&open));
            }
        }
        self.stack.pop();
        if whole && name.len() == content_len {
            self.emit(tag);
        } else {
            self.emit(&end_tag(name));
        }
    }

    fn mark(&mut self, marker: Marker) {
        let marked = Marked { marker, offset: self.markup_at };
        self.emit(marked.encode().as_bytes());
    }

    /// At the end of the input, inside markup: hands on its start, so quick-xml reports the
    /// markup as cut off, as it would have.
    fn end_of_input(&mut self) {
        let start = match &self.lex {
            Lex::Text | Lex::CData { .. } => return,
            Lex::Comment { .. } => b"<!--".to_vec(),
            Lex::Pi { .. } => self.pending[..self.pending.len().min(6)].to_vec(),
            _ => self.pending.clone(),
        };
        self.emit(&start);
        self.lex = Lex::Text;
    }
}

/// `</name>`.
fn end_tag(name: &[u8]) -> Vec<u8> {
    let mut tag = Vec::with_capacity(name.len() + 3);
    tag.extend_from_slice(b"</");
    tag.extend_from_slice(name);
    tag.push(b'>');
    tag
}

/// `name`, cut at [`MAX_NAME`] bytes (at a character boundary).
fn cut_name(name: &[u8]) -> &[u8] {
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
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\r' | b'\n' | b'\t')
}

/// A byte inside a UTF-8 sequence, where text cannot be cut.
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

impl<R: BufRead> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.consume(count);
        Ok(count)
    }
}

impl<R: BufRead> BufRead for Guard<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start >= self.out.len() {
            self.refill()?;
        }
        Ok(&self.out[self.start..])
    }

    fn consume(&mut self, amount: usize) {
        self.start = (self.start + amount).min(self.out.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the guard hands quick-xml for `input`, read whole and one byte at a time (which
    /// must agree).
    fn guard(input: &[u8]) -> String {
        let mut whole = Vec::new();
        Guard::new(input).read_to_end(&mut whole).expect("read");
        let mut trickled = Vec::new();
        let one_byte = io::BufReader::with_capacity(1, input);
        Guard::new(one_byte).read_to_end(&mut trickled).expect("read");
        assert_eq!(whole, trickled, "the reads' sizes change the output");
        String::from_utf8(whole).expect("UTF-8 in, UTF-8 out")
    }

    fn check(input: &str, expected: &str) {
        let output = guard(input.as_bytes());
        if output != expected {
            let short = |text: &str| text.chars().take(300).collect::<String>();
            panic!("{}\ngave    {}\nexpected {}", short(input), short(&output), short(expected));
        }
    }

    /// A marker as the guard writes it.
    fn marker(offset: u64, marker: Marker) -> String {
        Marked { marker, offset }.encode()
    }

    #[test]
    fn well_formed_feeds_pass_unchanged() {
        for input in [
            "<rss version=\"2.0\"><channel><item><title>A &amp; B</title></item></channel></rss>",
            "<?xml version='1.0' encoding='utf-8'?>\n<feed><entry a='>' b=\"/>\"/></feed>",
            "<a><![CDATA[<b>x</b> ]] ]>]]></a>",
            "<!DOCTYPE rss [<!ENTITY e \"x>y\"><!-- > --><?pi >?>]><rss>&e;</rss>",
            "<a>&bogus;&#233;&#x1F600;& AT&T</a>",
            "<a:b xmlns:a='u'>text</a:b >",
            "<a>\u{e9}\u{1F600}</a>",
            "<>x</>",
            "",
        ] {
            check(input, input);
        }
    }

    #[test]
    fn comments_and_processing_instructions_are_dropped() {
        check("<a>x<!-- c -->y</a>", "<a>xy</a>");
        check("<a><!-- a -- b --->x</a>", "<a>x</a>");
        check("<?xml version='1.0'?><?xml-stylesheet href='s'?><?pi?><a/>", "<?xml version='1.0'?><a/>");
        check("<?xml?><a/>", "<?xml?><a/>");
        check("<a><?>x</a>", "<a>x</a>");
        // A feed's own `<?pressdex ...?>` is dropped like any other.
        check("<a><?pressdex 0 deep?></a>", "<a></a>");
        let comment = format!("<a><!--{}--></a>", "c".repeat(MAX_MARKUP));
        let len = MAX_MARKUP + 7;
        check(&comment, &format!("<a>{}</a>", marker(3, Marker::LongMarkup(Skipped::Comment, len))));
    }

    #[test]
    fn nesting_is_repaired() {
        check("<a></b></a>", &format!("<a>{}</a>", marker(3, Marker::Stray("b".into()))));
        check(
            "<a><b><c></a>x",
            &format!("<a><b><c>{}</c></b></a>x", marker(9, Marker::Unclosed("c".into()))),
        );
        check("<a><b/></a >", "<a><b/></a >");
        check("<a><b /></a>", "<a><b /></a>");
        // quick-xml reads `<a / >` as a start tag.
        check("<a / ></a>", "<a / ></a>");
    }

    #[test]
    fn markup_quick_xml_cannot_read_is_dropped() {
        let invalid = |offset, start: &str| marker(offset, Marker::Invalid(start.into()));
        check("<a><!x y>z</a>", &format!("<a>{}z</a>", invalid(3, "<!x")));
        check("<a><!-x-->z</a>", &format!("<a>{}z</a>", invalid(3, "<!-x")));
        check("<a><![x[y]]>z</a>", &format!("<a>{}z</a>", invalid(3, "<![x")));
        check("<a><!Dx>z</a>", &format!("<a>{}z</a>", invalid(3, "<!Dx")));
        check("<a><'b x='1>'>z</a>", &format!("<a>{}'>z</a>", invalid(3, "<'b x='1>")));
        check("<!DOCTYPE>", &invalid(0, "<!DOCTYPE>"));
    }

    #[test]
    fn too_deep_elements_are_dropped_and_their_text_kept() {
        let deep = MAX_DEPTH + 10;
        let input = format!("{}x{}<b/>", "<a>".repeat(deep), "</a>".repeat(deep));
        let kept = format!("{}x{}<b/>", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        let at = kept.find('x').expect("x");
        let expected =
            format!("{}{}{}", &kept[..at], marker(3 * MAX_DEPTH as u64, Marker::TooDeep), &kept[at..]);
        check(&input, &expected);
        // An end tag that closes a kept element closes the dropped ones inside it.
        let input = format!("<r>{}<i>{}</r><i>y</i>", "<a>".repeat(MAX_DEPTH - 1), "<b>".repeat(5));
        let output = guard(input.as_bytes());
        assert!(output.ends_with("</a></r><i>y</i>"), "{output}");
    }

    #[test]
    fn long_tags_keep_their_name() {
        let value = "v".repeat(MAX_MARKUP);
        let input = format!("<r><link href='{value}'/><a x='{value}'>t</a></r>");
        let len = MAX_MARKUP + 15;
        let expected = format!(
            "<r>{}<link/>{}<a>t</a></r>",
            marker(3, Marker::LongTag("link".into(), len)),
            marker(len as u64 + 3, Marker::LongTag("a".into(), MAX_MARKUP + 8)),
        );
        check(&input, &expected);
        let name = "n".repeat(MAX_NAME + 5);
        let output = guard(format!("<{name}>x</{name}>").as_bytes());
        let cut = &name[..MAX_NAME];
        assert!(output.ends_with(&format!("<{cut}>x</{cut}>")), "{output}");
    }

    #[test]
    fn text_and_cdata_are_cut_into_bounded_events() {
        // 'é' is two bytes: no cut may fall inside one, or inside `&amp;`.
        let text = format!("{}&amp;{}", "é".repeat(TEXT_CHUNK / 2 - 1), "x".repeat(3 * TEXT_CHUNK));
        let output = guard(format!("<a>{text}</a>").as_bytes());
        let events: Vec<&str> = output.split("<![CDATA[]]>").collect();
        assert_eq!(events.len(), text.len() / TEXT_CHUNK + 1);
        assert!(events.iter().all(|event| event.len() <= TEXT_CHUNK + 10));
        assert!(output.contains("&amp;"), "cut inside a reference");
        assert_eq!(events.concat(), format!("<a>{text}</a>"));
        let cdata = "y".repeat(2 * TEXT_CHUNK + 1);
        let output = guard(format!("<a><![CDATA[{cdata}]]></a>").as_bytes());
        assert_eq!(output.matches("]]><![CDATA[").count(), 2);
        assert_eq!(output.replace("]]><![CDATA[", ""), format!("<a><![CDATA[{cdata}]]></a>"));
    }

    #[test]
    fn cut_markup_at_the_end_stays_cut() {
        for (input, expected) in [
            ("<a><!-- x", "<a><!--"),
            ("<a><b x='", "<a><b x='"),
            ("<a><?xml ver", "<a><?xml "),
            ("<a><?pi x", "<a><?pi x"),
            ("<a><![CDATA[x", "<a><![CDATA[x"),
            ("<a><!", "<a><!"),
            ("<a><", "<a><"),
            ("<!DOCTYPE x [", "<!DOCTYPE x ["),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn markers_round_trip() {
        for marker in [
            Marker::TooDeep,
            Marker::Unclosed("a:b".into()),
            Marker::Stray("x?>\"y".into()),
            Marker::Invalid("<!x".into()),
            Marker::LongTag("link".into(), 70_000),
            Marker::LongMarkup(Skipped::Doctype, 123),
        ] {
            let marked = Marked { marker, offset: 42 };
            let encoded = marked.encode();
            let content = &encoded[2..encoded.len() - 2];
            assert_eq!(Marked::decode(content), Some(marked));
        }
        assert_eq!(Marked::decode("pressdexy 1 deep"), None);
        assert_eq!(Marked::decode("other"), None);
    }

    /// Reads `bytes` as the parser does, through the guard: every event, and the deepest
    /// nesting; `Err` for an error that is not the input ending inside markup.
    fn events(bytes: &[u8]) -> Result<(usize, usize), String> {
        let mut reader = quick_xml::Reader::from_reader(io::BufReader::new(Guard::new(bytes)));
        reader.config_mut().check_end_names = true;
        reader.config_mut().allow_dangling_amp = true;
        let (mut depth, mut deepest, mut largest) = (0usize, 0usize, 0usize);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf) {
                Ok(quick_xml::events::Event::Eof) => return Ok((deepest, largest)),
                Ok(event) => {
                    match event {
                        quick_xml::events::Event::Start(_) => depth += 1,
                        quick_xml::events::Event::End(_) => depth -= 1,
                        _ => {}
                    }
                    deepest = deepest.max(depth);
                    largest = largest.max(buf.len());
                }
                Err(quick_xml::Error::Syntax(_)) => return Ok((deepest, largest)),
                Err(err) => return Err(err.to_string()),
            }
        }
    }

    const TOKENS: [&str; 24] = [
        "<a>", "</a>", "<b x='1>'>", "</b>", "<c/>", "</c >", "text ", "&amp;", "&", "\u{e9}",
        "<!-- c -->", "<!--", "-->", "<![CDATA[", "]]>", "<?pi x?>", "<?xml version='1.0'?>",
        "<!x>", "<!DOCTYPE r [<!ENTITY e 'v'>]>", "<", ">", "'", "\"", "</>",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 512, failure_persistence: None, ..Default::default()
        })]

        /// Any soup of markup: quick-xml reads the guard's output to its end without a
        /// nesting or markup error, never deeper than the limit, in bounded events, whatever
        /// the sizes of the reads.
        #[test]
        fn any_markup_reads_to_the_end(
            parts in proptest::collection::vec(proptest::sample::select(TOKENS.to_vec()), 0..200),
            deep in 0usize..300,
        ) {
            let soup = format!("{}{}", "<d>".repeat(deep), parts.concat());
            let _ = guard(soup.as_bytes());
            let (deepest, largest) = events(soup.as_bytes()).map_err(|err| {
                proptest::test_runner::TestCaseError::fail(format!("{err} in {soup:?}"))
            })?;
            proptest::prop_assert!(deepest <= MAX_DEPTH);
            proptest::prop_assert!(largest <= MAX_MARKUP + 64);
        }

        /// Well-formed markup without comments or processing instructions passes unchanged.
        #[test]
        fn well_formed_markup_passes_unchanged(
            shape in proptest::collection::vec(0u8..4, 0..300),
        ) {
            let mut xml = String::new();
            let mut open = Vec::new();
            for step in shape {
                match step {
                    0 if open.len() < MAX_DEPTH => {
                        xml.push_str(&format!("<e{} k=\"{}\">", open.len(), open.len()));
                        open.push(open.len());
                    }
                    1 if !open.is_empty() => {
                        let depth = open.pop().unwrap_or_default();
                        xml.push_str(&format!("</e{depth}>"));
                    }
                    2 => xml.push_str("t &lt; \u{1F600}"),
                    _ => xml.push_str("<![CDATA[c]]><s/>"),
                }
            }
            proptest::prop_assert_eq!(guard(xml.as_bytes()), xml);
        }
    }
}
