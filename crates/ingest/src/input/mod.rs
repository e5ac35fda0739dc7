//! The bytes under the XML parser: gzip detected by its magic bytes (never by file name) and
//! bounded (`gzip`), and the encoding the document declares (or its bytes betray), chosen
//! before the parser starts.

mod gzip;

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use encoding_rs::Encoding;
use quick_xml::encoding::DecodingReader;

use crate::{EncodingProblem, NotAFeed, ProblemKind};
use gzip::Gunzip;
pub(crate) use gzip::{Expanded, MAX_EXPANDED, MAX_RATIO};

/// Size of the read buffers: large enough to hold any XML declaration.
const BUFFER_BYTES: usize = 64 * 1024;

/// A snapshot opened for the XML parser: decompressed, and decoded as its declaration (or, with
/// none, its bytes) says.
pub(crate) struct Opened<R: Read> {
    /// UTF-8 for the parser.
    pub(crate) reader: DecodingReader<Utf8Repair<Input<R>>>,
    /// Whether the snapshot was gzip.
    pub(crate) gzip: bool,
    /// Set once bytes that are not UTF-8 were replaced (see [`Utf8Repair`]).
    pub(crate) repaired: Arc<AtomicBool>,
    /// A warning about the encoding, for before the first item.
    pub(crate) warning: Option<ProblemKind>,
}

/// Opens a snapshot: gunzips it when it starts with the gzip magic bytes, and picks its
/// encoding from the first buffer: the declared one; UTF-16 by its byte order mark;
/// windows-1252, with a warning, for undeclared bytes that are not UTF-8 (what browsers and
/// feedparser do); else UTF-8, repairing invalid bytes. An unsupported declared encoding is
/// read as UTF-8 with a warning.
///
/// # Errors
///
/// The problem when nothing can be read: an I/O or gzip error, or an empty file.
pub(crate) fn open_snapshot<R: Read>(reader: R) -> Result<Opened<R>, ProblemKind> {
    let mut input = Input::open(reader).map_err(|err| ProblemKind::Io(err.into()))?;
    let gzip = input.is_gzip();
    let head = input.fill_buf().map_err(|err| {
        if gzip { ProblemKind::Gzip(err.into()) } else { ProblemKind::Io(err.into()) }
    })?;
    if head.is_empty() {
        let what = if gzip { NotAFeed::EmptyDecompressed } else { NotAFeed::Empty };
        return Err(ProblemKind::NotAFeed(what));
    }
    let declared = declared_encoding(head);
    let utf8 = match declared {
        Declared::Nothing => true,
        Declared::Known(encoding) => encoding == encoding_rs::UTF_8,
        Declared::Unsupported(_) => false,
    };
    let legacy = utf8 && is_undeclared_legacy(head);
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let read_as_utf8 = !legacy
        && !utf16
        && !matches!(declared, Declared::Known(encoding) if encoding != encoding_rs::UTF_8);
    let repaired = Arc::new(AtomicBool::new(false));
    let mut reader = DecodingReader::new(Utf8Repair::new(input, read_as_utf8, repaired.clone()));
    let mut warning = None;
    match declared {
        // What browsers and feedparser do with undeclared bytes that are not UTF-8.
        Declared::Nothing | Declared::Known(_) if legacy => {
            reader.set_encoding(encoding_rs::WINDOWS_1252);
            warning = Some(ProblemKind::Encoding(EncodingProblem::UndeclaredLegacy));
        }
        Declared::Nothing => {}
        // Called before the first read, while `DecodingReader` still accepts it.
        Declared::Known(encoding) => reader.set_encoding(encoding),
        Declared::Unsupported(label) => {
            warning = Some(ProblemKind::Encoding(EncodingProblem::Unsupported(label)));
        }
    }
    Ok(Opened { reader, gzip, repaired, warning })
}

/// A snapshot's bytes, decompressed when they are gzip.
pub(crate) enum Input<R: Read> {
    Plain(BufReader<Filling<Counted<R>>>),
    Gzip(Box<BufReader<Filling<Gunzip<R>>>>),
}

impl<R: Read> Input<R> {
    /// Wraps `reader`, decompressing it when it starts with the gzip magic bytes.
    pub(crate) fn open(reader: R) -> io::Result<Input<R>> {
        let counted = Counted { inner: reader, count: 0 };
        let mut buffered = BufReader::with_capacity(BUFFER_BYTES, Filling::new(counted));
        let head = buffered.fill_buf()?;
        if head.starts_with(&[0x1f, 0x8b]) {
            let decoder = Gunzip::new(buffered);
            Ok(Input::Gzip(Box::new(BufReader::with_capacity(BUFFER_BYTES, Filling::new(decoder)))))
        } else {
            Ok(Input::Plain(buffered))
        }
    }

    pub(crate) fn is_gzip(&self) -> bool {
        matches!(self, Input::Gzip(_))
    }
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Plain(inner) => inner.read(buf),
            Input::Gzip(inner) => inner.read(buf),
        }
    }
}

impl<R: Read> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Input::Plain(inner) => inner.fill_buf(),
            Input::Gzip(inner) => inner.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match self {
            Input::Plain(inner) => inner.consume(amount),
            Input::Gzip(inner) => inner.consume(amount),
        }
    }
}

/// The snapshot's raw bytes, counted (for the gzip ratio).
pub(crate) struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count += read as u64;
        Ok(read)
    }
}

/// A reader whose `read` fills the whole buffer unless the input ends. A pipe, a socket or a
/// gzip decoder may hand over a few bytes per read, but the gzip magic bytes and the XML
/// declaration must be whole in the first buffer the reader looks at (found by the `feed` fuzz
/// target, which reads every snapshot also one byte per `read`).
pub(crate) struct Filling<R> {
    inner: R,
    /// An error met after some bytes were read, returned by the next call.
    deferred: Option<io::Error>,
}

impl<R> Filling<R> {
    fn new(inner: R) -> Filling<R> {
        Filling { inner, deferred: None }
    }
}

impl<R: Read> Read for Filling<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(err) = self.deferred.take() {
            return Err(err);
        }
        let mut filled = 0;
        while filled < buf.len() {
            match self.inner.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(count) => filled += count,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) if filled == 0 => return Err(err),
                Err(err) => {
                    self.deferred = Some(err);
                    break;
                }
            }
        }
        Ok(filled)
    }
}

/// UTF-8 with every invalid sequence replaced by U+FFFD, for a snapshot read as UTF-8. A stray
/// byte past the first buffer (whose bytes decide the encoding) would otherwise stop the XML
/// parser and lose every item after it. Sets `repaired` when it replaced something.
pub(crate) struct Utf8Repair<B> {
    inner: B,
    /// `None`: bytes pass through unchanged (another encoding, or UTF-16).
    decoder: Option<encoding_rs::Decoder>,
    out: Box<[u8]>,
    start: usize,
    end: usize,
    finished: bool,
    repaired: Arc<AtomicBool>,
}

impl<B: BufRead> Utf8Repair<B> {
    pub(crate) fn new(inner: B, repair: bool, repaired: Arc<AtomicBool>) -> Utf8Repair<B> {
        Utf8Repair {
            inner,
            decoder: repair.then(|| encoding_rs::UTF_8.new_decoder_without_bom_handling()),
            out: vec![0; if repair { BUFFER_BYTES } else { 0 }].into_boxed_slice(),
            start: 0,
            end: 0,
            finished: false,
            repaired,
        }
    }
}

impl<B: BufRead> Read for Utf8Repair<B> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.consume(count);
        Ok(count)
    }
}

impl<B: BufRead> BufRead for Utf8Repair<B> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let Some(decoder) = &mut self.decoder else { return self.inner.fill_buf() };
        while self.start == self.end && !self.finished {
            let src = self.inner.fill_buf()?;
            let last = src.is_empty();
            let (result, read, written, replaced) =
                decoder.decode_to_utf8(src, &mut self.out, last);
            self.inner.consume(read);
            self.start = 0;
            self.end = written;
            if replaced {
                self.repaired.store(true, Ordering::Relaxed);
            }
            self.finished = last && result == encoding_rs::CoderResult::InputEmpty;
        }
        Ok(&self.out[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        if self.decoder.is_some() {
            self.start = (self.start + amount).min(self.end);
        } else {
            self.inner.consume(amount);
        }
    }
}

/// What the XML declaration at the start of `head` says about the encoding.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Declared {
    /// No declaration, or no `encoding` in it: UTF-8 (or what a byte order mark says).
    Nothing,
    /// A known, ASCII-compatible encoding.
    Known(&'static Encoding),
    /// A label that `encoding_rs` does not know, or one the parser cannot read through.
    Unsupported(String),
}

/// Whether `head` (the first bytes of a snapshot) holds bytes that are not UTF-8, and no byte
/// order mark says it is UTF-16: a feed saved as windows-1252 without declaring it. A sequence
/// cut by the end of `head` does not count.
pub(crate) fn is_undeclared_legacy(head: &[u8]) -> bool {
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    !utf16 && std::str::from_utf8(head).is_err_and(|err| err.error_len().is_some())
}

/// Reads the `encoding="..."` of the XML declaration at the start of `head` (after an optional
/// UTF-8 byte order mark).
pub(crate) fn declared_encoding(head: &[u8]) -> Declared {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if !head.starts_with(b"<?xml") {
        return Declared::Nothing;
    }
    let Some(end) = head.windows(2).position(|pair| pair == b"?>") else {
        return Declared::Nothing;
    };
    let declaration = String::from_utf8_lossy(&head[..end]);
    let Some(at) = declaration.find("encoding") else {
        return Declared::Nothing;
    };
    let rest = declaration[at + "encoding".len()..].trim_start();
    let Some(rest) = rest.strip_prefix('=') else {
        return Declared::Nothing;
    };
    let rest = rest.trim_start();
    let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return Declared::Nothing;
    };
    let label: String = rest[1..].chars().take_while(|c| *c != quote).collect();
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(encoding) if encoding.is_ascii_compatible() => Declared::Known(encoding),
        // UTF-16 is found from its byte order mark by the parser; a declaration alone that the
        // bytes contradict (ASCII bytes saying UTF-16) is read as UTF-8.
        _ => Declared::Unsupported(label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(head: &str, expected: &str) {
        let actual = match declared_encoding(head.as_bytes()) {
            Declared::Nothing => "-".to_owned(),
            Declared::Known(encoding) => encoding.name().to_owned(),
            Declared::Unsupported(label) => format!("unsupported {label}"),
        };
        assert_eq!(actual, expected, "{head:?}");
    }

    #[test]
    fn finds_the_declared_encoding() {
        check(r#"<?xml version="1.0" encoding="utf-8"?><rss>"#, "UTF-8");
        check(r#"<?xml version="1.0" encoding="ISO-8859-1"?>"#, "windows-1252");
        check(r#"<?xml version='1.0' encoding='windows-1252' ?>"#, "windows-1252");
        check(r#"<?xml version="1.0" encoding = "latin1"?>"#, "windows-1252");
        check("\u{feff}<?xml version=\"1.0\" encoding=\"koi8-r\"?>", "KOI8-R");
        check(r#"<?xml version="1.0"?><rss>"#, "-");
        check(r#"<rss encoding="windows-1252">"#, "-");
        check(r#"<?xml version="1.0" encoding="x-klingon"?>"#, "unsupported x-klingon");
        check(r#"<?xml version="1.0" encoding="UTF-16"?>"#, "unsupported UTF-16");
        check("", "-");
    }

    #[test]
    fn finds_undeclared_legacy_bytes() {
        assert!(is_undeclared_legacy(b"<rss>caf\xE9</rss>"));
        assert!(!is_undeclared_legacy("<rss>café</rss>".as_bytes()));
        // A UTF-8 sequence cut by the end of the buffer is not an error.
        assert!(!is_undeclared_legacy(&"<rss>é".as_bytes()[..6]));
        assert!(!is_undeclared_legacy(b"\xFF\xFE<\x00"));
    }

    /// A reader handing out one byte per `read`, as a slow pipe may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else { return Ok(0) };
            let Some(slot) = buf.first_mut() else { return Ok(0) };
            *slot = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    // Found by the `feed` fuzz target: the gzip fixture read one byte per `read` gave no items.
    #[test]
    fn gzip_and_declaration_are_seen_whole_when_bytes_trickle_in() {
        use std::io::Write;
        let feed = r#"<?xml version="1.0" encoding="windows-1252"?><rss/>"#;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(feed.as_bytes()).unwrap();
        let compressed = encoder.finish().unwrap();
        for bytes in [&compressed[..], feed.as_bytes()] {
            let mut input = Input::open(Trickle(bytes)).unwrap();
            assert_eq!(input.is_gzip(), bytes == &compressed[..]);
            let head = input.fill_buf().unwrap();
            assert_eq!(head, feed.as_bytes());
            assert_eq!(declared_encoding(head), Declared::Known(encoding_rs::WINDOWS_1252));
        }
    }

    #[test]
    fn gzip_is_found_by_magic_bytes() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(b"<rss/>").unwrap();
        let compressed = encoder.finish().unwrap();
        let mut input = Input::open(&compressed[..]).unwrap();
        assert!(input.is_gzip());
        let mut text = String::new();
        input.read_to_string(&mut text).unwrap();
        assert_eq!(text, "<rss/>");

        let mut input = Input::open(&b"<rss/>"[..]).unwrap();
        assert!(!input.is_gzip());
        let mut text = String::new();
        input.read_to_string(&mut text).unwrap();
        assert_eq!(text, "<rss/>");
    }
}
