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

use quick_xml::parser::{ElementParser, Parser as _, PiParser};

use self::dtd::Dtd;
use self::lex::{InvalidEnd, Lex, cut_name, end_tag, is_continuation, is_space};
pub(crate) use self::marker::{Marked, Marker, Skipped};

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

mod dtd;
mod lex;
mod marker;
#[cfg(test)]
mod tests;

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
                    let known =
                        ended || content.len() >= 5 || (content.len() == 4 && content[3] != b'?');
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
            let innermost =
                self.stack.last().map(|open| String::from_utf8_lossy(open).into_owned());
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
