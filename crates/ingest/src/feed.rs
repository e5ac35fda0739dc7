//! Streaming feed reader: RSS 2.0, RSS 1.0 (RDF), Atom 1.0; gzip; declared encodings.
//!
//! The reader pulls XML events from quick-xml over a buffered reader and keeps only the item it
//! is reading, so memory is bounded by the largest item (and each field has a byte limit, see
//! [`MAX_FIELD_BYTES`] and [`MAX_HTML_BYTES`]), never by the file.
//!
//! Elements are matched by local name and, where it matters, by the prefix feeds use for them
//! (`content:encoded`, `dc:date`); namespace declarations are not needed, so a feed that uses
//! `dc:creator` without declaring `xmlns:dc` still reads. DTD entities are never expanded: a
//! DOCTYPE that declares entities gives a warning, and a reference to an entity XML does not
//! define is read as an HTML entity when HTML knows it (`&nbsp;`), else kept as written.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::hash::Hasher;
use std::io::{BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use quick_xml::encoding::DecodingReader;
use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;

use crate::date::parse_date;
use crate::input::{Declared, Input, Utf8Repair, declared_encoding, is_undeclared_legacy};
use crate::{Diagnostic, FeedItem, PIPELINE_VERSION, ProblemKind, Severity, normalize_space};

/// Longest title, guid, link, creator or date accepted, in bytes. A longer one makes the item
/// unreadable (an error naming the field): a 100 KB guid or a 10 MB title is not a release, and
/// truncating a guid would merge distinct items.
pub const MAX_FIELD_BYTES: usize = 8 * 1024;

/// Longest item HTML accepted, in bytes. Real releases are under 100 KB; a longer one is
/// skipped with an error.
pub const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;

/// Deepest element nesting accepted; deeper documents are reported as malformed.
const MAX_DEPTH: usize = 256;

/// What a [`FeedReader`] yields: an item, or a problem (an item with a warning yields both).
#[derive(Clone, Debug, PartialEq)]
pub enum FeedEvent {
    /// A good item.
    Item(FeedItem),
    /// A problem, naming the snapshot and the item.
    Problem(Diagnostic),
}

/// Streams the items of one snapshot.
pub struct FeedReader<R: Read> {
    source: String,
    state: State<R>,
    pending: VecDeque<FeedEvent>,
}

enum State<R: Read> {
    Start(R),
    Reading(Box<Parser<R>>),
    Done,
}

/// Starts reading the snapshot `reader`, naming it `source` in diagnostics. Nothing is read
/// until the first call to `next`.
pub fn read_feed<R: Read>(source: impl Into<String>, reader: R) -> FeedReader<R> {
    FeedReader { source: source.into(), state: State::Start(reader), pending: VecDeque::new() }
}

/// Reads a whole snapshot held in memory: its good items, and one diagnostic per problem.
pub fn parse_feed(source: impl Into<String>, bytes: &[u8]) -> (Vec<FeedItem>, Vec<Diagnostic>) {
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for event in read_feed(source, bytes) {
        match event {
            FeedEvent::Item(item) => items.push(item),
            FeedEvent::Problem(problem) => problems.push(problem),
        }
    }
    (items, problems)
}

impl<R: Read> Iterator for FeedReader<R> {
    type Item = FeedEvent;

    fn next(&mut self) -> Option<FeedEvent> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Start(reader) => {
                    self.state = match Parser::open(&self.source, reader) {
                        Ok(parser) => State::Reading(Box::new(parser)),
                        Err(problem) => {
                            self.pending.push_back(FeedEvent::Problem(problem));
                            State::Done
                        }
                    };
                }
                State::Reading(mut parser) => {
                    let more = parser.advance(&mut self.pending);
                    if more {
                        self.state = State::Reading(parser);
                    }
                }
            }
        }
    }
}

/// Which feed format the root element announced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Rss,
    Rdf,
    Atom,
}

/// The item fields the reader collects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    ChannelTitle,
    Title,
    Link,
    Guid,
    Published,
    Updated,
    Creator,
    ContentEncoded,
    Content,
    Description,
    Summary,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::ChannelTitle => "channel title",
            Field::Title => "title",
            Field::Link => "link",
            Field::Guid => "guid",
            Field::Published => "published date",
            Field::Updated => "updated date",
            Field::Creator => "creator",
            Field::ContentEncoded => "content:encoded",
            Field::Content => "content",
            Field::Description => "description",
            Field::Summary => "summary",
        }
    }

    fn is_html(self) -> bool {
        matches!(self, Field::ContentEncoded | Field::Content | Field::Description | Field::Summary)
    }

    fn limit(self) -> usize {
        if self.is_html() { MAX_HTML_BYTES } else { MAX_FIELD_BYTES }
    }

    /// The item field that a child element of an item holds. Feed elements are matched
    /// unprefixed (or with the `atom`/`rss` prefixes some feeds use); extension elements by the
    /// prefix every feed uses for them, declared or not (`dc:`, `dcterms:`, `content:`), so
    /// `media:title` is not the title.
    fn of_item_child(qualified: &str) -> Option<Field> {
        let (prefix, local) = split_name(qualified);
        let plain = matches!(prefix, None | Some("atom" | "rss"));
        let field = match (prefix, local.to_ascii_lowercase().as_str()) {
            (_, "title") if plain => Field::Title,
            (_, "link") if plain => Field::Link,
            (_, "guid" | "id") if plain => Field::Guid,
            (_, "pubdate" | "published" | "issued") if plain => Field::Published,
            (Some("dc"), "date") | (Some("dcterms"), "issued" | "created") => Field::Published,
            (_, "updated") if plain => Field::Updated,
            (Some("dcterms"), "modified") => Field::Updated,
            (_, "author") if plain => Field::Creator,
            (Some("dc"), "creator") => Field::Creator,
            (Some("content"), "encoded") => Field::ContentEncoded,
            (_, "content") if plain => Field::Content,
            (_, "description") if plain => Field::Description,
            (_, "summary") if plain => Field::Summary,
            _ => return None,
        };
        Some(field)
    }
}

/// A field being read: its text so far and how to treat what is nested in it.
struct Capture {
    field: Field,
    /// The stack depth of the field's element.
    depth: usize,
    text: String,
    /// Bytes seen past the limit (the text stops growing at the limit).
    overflow: usize,
    /// Atom `type="text"`: the text is plain, so it is escaped to be HTML.
    plain_text: bool,
    /// Inside `<email>` or `<uri>` of an Atom author: not part of the name.
    skip_from: Option<usize>,
}

impl Capture {
    fn push(&mut self, piece: &str) {
        if self.skip_from.is_some() {
            return;
        }
        if self.overflow > 0 || self.text.len() + piece.len() > self.field.limit() {
            self.overflow += piece.len();
            return;
        }
        self.text.push_str(piece);
    }

    fn push_text(&mut self, text: &str, nested_markup: bool) {
        if self.field.is_html() && (nested_markup || self.plain_text) {
            self.push(&escape_html(text));
        } else {
            self.push(text);
        }
    }
}

/// An item being read.
#[derive(Default)]
struct ItemBuilder {
    position: usize,
    /// The stack depth of the item element.
    depth: usize,
    title: Option<String>,
    link: Option<String>,
    /// Rank of the Atom link kept so far: 0 `alternate` (or no rel), 1 any other rel.
    link_rank: u8,
    guid: Option<String>,
    about: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    creator: Option<String>,
    content_encoded: Option<String>,
    content: Option<String>,
    description: Option<String>,
    summary: Option<String>,
    too_large: Option<(Field, usize)>,
    /// The first undefined entity, and what was done with it.
    unknown_entity: Option<(String, &'static str)>,
    hasher: fnv::FnvHasher,
}

impl ItemBuilder {
    fn slot(&mut self, field: Field) -> Option<&mut Option<String>> {
        Some(match field {
            Field::ChannelTitle => return None,
            Field::Title => &mut self.title,
            Field::Link => &mut self.link,
            Field::Guid => &mut self.guid,
            Field::Published => &mut self.published,
            Field::Updated => &mut self.updated,
            Field::Creator => &mut self.creator,
            Field::ContentEncoded => &mut self.content_encoded,
            Field::Content => &mut self.content,
            Field::Description => &mut self.description,
            Field::Summary => &mut self.summary,
        })
    }

    fn hash(&mut self, tag: u8, raw: &str) {
        self.hasher.write_u8(tag);
        self.hasher.write(raw.as_bytes());
    }

    fn known_guid(&self) -> Option<String> {
        [&self.guid, &self.about, &self.link]
            .into_iter()
            .flatten()
            .map(|value| value.trim())
            .find(|value| !value.is_empty())
            .map(str::to_owned)
    }
}

/// Whether to keep reading after an event.
enum Flow {
    Continue,
    Stop,
}

struct Parser<R: Read> {
    source: String,
    xml: Reader<DecodingReader<Utf8Repair<Input<R>>>>,
    /// Set once bytes that are not UTF-8 were replaced (see [`Utf8Repair`]).
    repaired: Arc<AtomicBool>,
    gzip: bool,
    buf: Vec<u8>,
    /// Qualified names of the open elements.
    stack: Vec<String>,
    format: Option<Format>,
    /// The stack depth of `channel` (RSS, RDF) or `feed` (Atom).
    container_depth: Option<usize>,
    channel_title: Option<String>,
    item: Option<ItemBuilder>,
    capture: Option<Capture>,
    items_started: usize,
    /// A warning found while opening (an unsupported encoding), reported first.
    opening_problem: Option<Diagnostic>,
}

impl<R: Read> Parser<R> {
    fn open(source: &str, reader: R) -> Result<Parser<R>, Diagnostic> {
        let problem = |severity, kind| Diagnostic {
            source: source.to_owned(),
            position: None,
            guid: None,
            severity,
            kind,
        };
        let mut input = Input::open(reader)
            .map_err(|err| problem(Severity::Error, ProblemKind::Io(err.to_string())))?;
        let gzip = input.is_gzip();
        let head = input.fill_buf().map_err(|err| {
            let kind = if gzip {
                ProblemKind::Gzip(err.to_string())
            } else {
                ProblemKind::Io(err.to_string())
            };
            problem(Severity::Error, kind)
        })?;
        if head.is_empty() {
            let what = if gzip { "the decompressed file is empty" } else { "the file is empty" };
            return Err(problem(Severity::Error, ProblemKind::NotAFeed(what.to_owned())));
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
        let mut decoding =
            DecodingReader::new(Utf8Repair::new(input, read_as_utf8, repaired.clone()));
        let mut opening_problem = None;
        match declared {
            // What browsers and feedparser do with undeclared bytes that are not UTF-8.
            Declared::Nothing | Declared::Known(_) if legacy => {
                decoding.set_encoding(encoding_rs::WINDOWS_1252);
                opening_problem = Some(problem(
                    Severity::Warning,
                    ProblemKind::Encoding(
                        "the bytes are not UTF-8 (and no other encoding is declared): read as windows-1252"
                            .to_owned(),
                    ),
                ));
            }
            Declared::Nothing => {}
            // Called before the first read, while `DecodingReader` still accepts it.
            Declared::Known(encoding) => decoding.set_encoding(encoding),
            Declared::Unsupported(label) => {
                opening_problem = Some(problem(
                    Severity::Warning,
                    ProblemKind::Encoding(format!("unsupported encoding {label:?}, read as UTF-8")),
                ));
            }
        }
        let mut xml = Reader::from_reader(decoding);
        let config = xml.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        // `AT&T` in a title is a common feed bug; read the `&` as written.
        config.allow_dangling_amp = true;
        Ok(Parser {
            source: source.to_owned(),
            xml,
            repaired,
            gzip,
            buf: Vec::new(),
            stack: Vec::new(),
            format: None,
            container_depth: None,
            channel_title: None,
            item: None,
            capture: None,
            items_started: 0,
            opening_problem,
        })
    }

    /// Reads events until at least one [`FeedEvent`] is ready; `false` once the snapshot is
    /// read to its end (or to a fatal problem).
    fn advance(&mut self, out: &mut VecDeque<FeedEvent>) -> bool {
        if let Some(problem) = self.opening_problem.take() {
            out.push_back(FeedEvent::Problem(problem));
        }
        loop {
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            let flow = match self.xml.read_event_into(&mut buf) {
                Ok(event) => self.handle(event, out),
                Err(err) => {
                    let problem = self.fatal(err);
                    out.push_back(FeedEvent::Problem(problem));
                    Flow::Stop
                }
            };
            self.buf = buf;
            match flow {
                Flow::Stop => return false,
                Flow::Continue if !out.is_empty() => return true,
                Flow::Continue => {}
            }
        }
    }

    fn handle(&mut self, event: Event<'_>, out: &mut VecDeque<FeedEvent>) -> Flow {
        match event {
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => Flow::Continue,
            Event::DocType(doctype) => {
                if doctype.contains("<!ENTITY") {
                    out.push_back(FeedEvent::Problem(
                        self.problem(Severity::Warning, ProblemKind::EntityDeclaration),
                    ));
                }
                Flow::Continue
            }
            Event::Start(start) => self.start(&start, false, out),
            Event::Empty(start) => self.start(&start, true, out),
            Event::End(end) => self.end(&end, out),
            Event::Text(text) => self.text(&text.xml10_content(), out),
            Event::CData(data) => self.text(&data.xml10_content(), out),
            Event::GeneralRef(reference) => self.reference(&reference, out),
            Event::Eof => {
                self.eof(out);
                Flow::Stop
            }
        }
    }

    fn start(
        &mut self,
        start: &BytesStart<'_>,
        empty: bool,
        out: &mut VecDeque<FeedEvent>,
    ) -> Flow {
        let name = start.name().as_ref().to_owned();
        let local = local_name(&name).to_ascii_lowercase();
        let depth = self.stack.len();
        if depth >= MAX_DEPTH {
            let problem = self.problem(
                Severity::Error,
                ProblemKind::Malformed {
                    offset: self.xml.buffer_position(),
                    message: format!("elements nested deeper than {MAX_DEPTH}"),
                },
            );
            out.push_back(FeedEvent::Problem(problem));
            return Flow::Stop;
        }
        let push = |parser: &mut Parser<R>, name: String| {
            if !empty {
                parser.stack.push(name);
            }
        };

        let Some(format) = self.format else {
            let format = match local.as_str() {
                "rss" => Format::Rss,
                "rdf" => Format::Rdf,
                "feed" => Format::Atom,
                _ => {
                    let message =
                        format!("the root element is <{name}>, not <rss>, <rdf:RDF> or <feed>");
                    out.push_back(FeedEvent::Problem(
                        self.problem(Severity::Error, ProblemKind::NotAFeed(message)),
                    ));
                    return Flow::Stop;
                }
            };
            self.format = Some(format);
            if format == Format::Atom {
                self.container_depth = Some(1);
            }
            push(self, name);
            return if empty { Flow::Stop } else { Flow::Continue };
        };

        if let Some(item) = &mut self.item {
            item.hash(if empty { b'/' } else { b'<' }, start);
        }

        if let Some(capture) = &mut self.capture {
            if capture.field.is_html() {
                let close = if empty { "/" } else { "" };
                capture.push(&format!("<{}{close}>", &**start));
            } else if capture.field == Field::Creator
                && matches!(local.as_str(), "email" | "uri")
                && !empty
                && capture.skip_from.is_none()
            {
                capture.skip_from = Some(depth + 1);
            }
            push(self, name);
            return Flow::Continue;
        }

        let Some(item) = &mut self.item else {
            let is_item = match format {
                Format::Rss | Format::Rdf => local == "item",
                Format::Atom => local == "entry",
            };
            if is_item {
                self.items_started += 1;
                let mut item = ItemBuilder {
                    position: self.items_started,
                    depth: depth + 1,
                    about: attribute(start, "rdf:about").or_else(|| attribute(start, "about")),
                    ..ItemBuilder::default()
                };
                item.hasher.write(&PIPELINE_VERSION.to_le_bytes());
                item.hash(b'<', start);
                if empty {
                    self.finish_item(item, out);
                } else {
                    self.item = Some(item);
                }
            } else if local == "channel" && self.container_depth.is_none() {
                self.container_depth = Some(depth + 1);
            } else if local == "title"
                && !empty
                && self.container_depth == Some(depth)
                && self.channel_title.is_none()
            {
                self.capture = Some(Capture::new(Field::ChannelTitle, depth + 1, false));
            }
            push(self, name);
            return Flow::Continue;
        };

        if depth == item.depth
            && let Some(field) = Field::of_item_child(&name)
        {
            let href = (field == Field::Link).then(|| attribute(start, "href")).flatten();
            if let Some(href) = href {
                // Atom: `<link rel="alternate" href="..."/>` is the page; other rels
                // (enclosure, related) only when there is nothing better.
                let rank = match attribute(start, "rel").as_deref() {
                    None | Some("alternate") => 0,
                    Some(_) => 1,
                };
                if item.link.is_none() || rank < item.link_rank {
                    item.link = Some(href);
                    item.link_rank = rank;
                }
            } else if !empty
                && attribute(start, "src").is_none()
                && item.slot(field).is_some_and(|slot| slot.is_none())
            {
                let plain_text = attribute(start, "type").as_deref() == Some("text");
                self.capture = Some(Capture::new(field, depth + 1, plain_text));
            }
        }
        push(self, name);
        Flow::Continue
    }

    fn end(
        &mut self,
        end: &quick_xml::events::BytesEnd<'_>,
        out: &mut VecDeque<FeedEvent>,
    ) -> Flow {
        let depth = self.stack.len();
        self.stack.pop();
        if let Some(item) = &mut self.item {
            item.hash(b'>', end);
        }
        if let Some(capture) = &mut self.capture {
            if depth != capture.depth {
                if capture.skip_from == Some(depth) {
                    capture.skip_from = None;
                } else if capture.field.is_html() {
                    capture.push(&format!("</{}>", &**end));
                }
                return Flow::Continue;
            }
            if let Some(capture) = self.capture.take() {
                self.store(capture);
            }
            return Flow::Continue;
        }
        if self.item.as_ref().is_some_and(|item| item.depth == depth)
            && let Some(item) = self.item.take()
        {
            self.finish_item(item, out);
        }
        // The root is closed: what follows it is not part of the feed.
        if depth == 1 { Flow::Stop } else { Flow::Continue }
    }

    fn text(&mut self, text: &str, out: &mut VecDeque<FeedEvent>) -> Flow {
        if self.format.is_none() {
            let text = text.trim();
            if text.is_empty() {
                return Flow::Continue;
            }
            let start: String = text.chars().take(40).collect();
            let message = format!("text before the first element: {start:?}");
            out.push_back(FeedEvent::Problem(
                self.problem(Severity::Error, ProblemKind::NotAFeed(message)),
            ));
            return Flow::Stop;
        }
        if let Some(item) = &mut self.item {
            item.hash(b't', text);
        }
        let depth = self.stack.len();
        if let Some(capture) = &mut self.capture {
            capture.push_text(text, depth > capture.depth);
        }
        Flow::Continue
    }

    fn reference(&mut self, reference: &BytesRef<'_>, out: &mut VecDeque<FeedEvent>) -> Flow {
        if self.format.is_none() {
            let message = format!("text before the first element: \"&{};\"", &**reference);
            out.push_back(FeedEvent::Problem(
                self.problem(Severity::Error, ProblemKind::NotAFeed(message)),
            ));
            return Flow::Stop;
        }
        let name: &str = reference;
        // Escaped HTML is mostly `&lt;` and `&gt;`: no allocation for those.
        let resolved: Option<Cow<'static, str>> = match name {
            "lt" => Some(Cow::Borrowed("<")),
            "gt" => Some(Cow::Borrowed(">")),
            "amp" => Some(Cow::Borrowed("&")),
            "quot" => Some(Cow::Borrowed("\"")),
            "apos" => Some(Cow::Borrowed("'")),
            _ if reference.is_char_ref() => {
                reference.resolve_char_ref().ok().flatten().map(|c| Cow::Owned(c.to_string()))
            }
            _ => None,
        };
        let (text, undefined) = match resolved {
            Some(text) => (text, None),
            None => match html_entity(name) {
                Some(text) => {
                    (Cow::Owned(text), Some((name.to_owned(), "read as the HTML entity")))
                }
                None => {
                    (Cow::Owned(format!("&{name};")), Some((name.to_owned(), "kept as written")))
                }
            },
        };
        let depth = self.stack.len();
        if let Some(item) = &mut self.item {
            item.hash(b'&', name);
            if let Some(undefined) = undefined {
                item.unknown_entity.get_or_insert(undefined);
            }
        }
        if let Some(capture) = &mut self.capture {
            capture.push_text(&text, depth > capture.depth);
        }
        Flow::Continue
    }

    fn eof(&mut self, out: &mut VecDeque<FeedEvent>) {
        if self.format.is_none() {
            let problem = self.problem(
                Severity::Error,
                ProblemKind::NotAFeed("no XML element in the file".to_owned()),
            );
            out.push_back(FeedEvent::Problem(problem));
            return;
        }
        if let Some(open) = self.open_element() {
            let problem = self.problem(Severity::Error, ProblemKind::Truncated(open));
            out.push_back(FeedEvent::Problem(problem));
        }
    }

    /// The innermost element that matters for a truncation message: the item when inside one.
    fn open_element(&self) -> Option<String> {
        let index = match &self.item {
            Some(item) => item.depth - 1,
            None => self.stack.len().checked_sub(1)?,
        };
        self.stack.get(index).map(|name| format!("<{name}>"))
    }

    /// The diagnostic for an error that stops the reader.
    fn fatal(&mut self, err: XmlError) -> Diagnostic {
        let offset = self.xml.error_position();
        let kind = match err {
            XmlError::Io(io) => {
                let encoding = io
                    .get_ref()
                    .is_some_and(|inner| inner.is::<quick_xml::encoding::EncodingError>());
                if encoding {
                    ProblemKind::Encoding(format!(
                        "bytes that are not valid {} near byte {offset}",
                        self.xml.get_ref().encoding().name()
                    ))
                } else if self.gzip {
                    ProblemKind::Gzip(io.to_string())
                } else {
                    ProblemKind::Io(io.to_string())
                }
            }
            XmlError::Encoding(err) => {
                ProblemKind::Encoding(format!("{err} near byte {}", self.xml.buffer_position()))
            }
            err if self.format.is_none() => ProblemKind::NotAFeed(format!("not XML: {err}")),
            XmlError::Syntax(syntax) => match truncated_inside(syntax) {
                Some(inside) => ProblemKind::Truncated(match self.open_element() {
                    Some(element) => format!("{inside} in {element}"),
                    None => inside.to_owned(),
                }),
                None => ProblemKind::Malformed { offset, message: syntax.to_string() },
            },
            XmlError::IllFormed(IllFormedError::MissingEndTag(name)) => {
                ProblemKind::Truncated(format!("<{name}>"))
            }
            err => ProblemKind::Malformed { offset, message: err.to_string() },
        };
        let problem = self.problem(Severity::Error, kind);
        self.item = None;
        problem
    }

    /// A problem at the current point: naming the item being read, if any.
    fn problem(&self, severity: Severity, kind: ProblemKind) -> Diagnostic {
        Diagnostic {
            source: self.source.clone(),
            position: self.item.as_ref().map(|item| item.position),
            guid: self.item.as_ref().and_then(ItemBuilder::known_guid),
            severity,
            kind,
        }
    }

    fn store(&mut self, capture: Capture) {
        if capture.field == Field::ChannelTitle {
            self.channel_title = Some(normalize_space(&capture.text));
            return;
        }
        let Some(item) = &mut self.item else { return };
        if capture.overflow > 0 {
            item.too_large.get_or_insert((capture.field, capture.text.len() + capture.overflow));
        } else if let Some(slot) = item.slot(capture.field) {
            slot.get_or_insert(capture.text);
        }
    }

    fn finish_item(&mut self, item: ItemBuilder, out: &mut VecDeque<FeedEvent>) {
        let guid = item.known_guid();
        let problem = |severity, kind| {
            FeedEvent::Problem(Diagnostic {
                source: self.source.clone(),
                position: Some(item.position),
                guid: guid.clone(),
                severity,
                kind,
            })
        };
        if let Some((field, len)) = item.too_large {
            let kind =
                ProblemKind::TooLarge { field: field.name().to_owned(), len, max: field.limit() };
            out.push_back(problem(Severity::Error, kind));
            return;
        }
        let Some(guid) = guid.clone() else {
            out.push_back(problem(Severity::Error, ProblemKind::MissingGuid));
            return;
        };
        if let Some((name, resolution)) = &item.unknown_entity {
            let kind = ProblemKind::UndefinedEntity { name: name.clone(), resolution };
            out.push_back(problem(Severity::Warning, kind));
        }
        let replaced =
            |text: &Option<String>| text.as_deref().is_some_and(|t| t.contains('\u{fffd}'));
        if self.repaired.load(Ordering::Relaxed)
            && [
                &item.title,
                &item.link,
                &item.creator,
                &item.content_encoded,
                &item.content,
                &item.description,
                &item.summary,
            ]
            .into_iter()
            .any(replaced)
        {
            let kind =
                ProblemKind::Encoding("bytes that are not valid UTF-8, read as U+FFFD".to_owned());
            out.push_back(problem(Severity::Warning, kind));
        }
        let title = normalize_space(item.title.as_deref().unwrap_or(""));
        if title.is_empty() {
            out.push_back(problem(Severity::Warning, ProblemKind::MissingTitle));
        }
        let mut published = None;
        for text in [&item.published, &item.updated].into_iter().flatten() {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            published = parse_date(text);
            if published.is_some() {
                break;
            }
            out.push_back(problem(Severity::Warning, ProblemKind::BadDate(text.to_owned())));
        }
        let html = [item.content_encoded, item.content, item.description, item.summary]
            .into_iter()
            .flatten()
            .find(|html| !html.trim().is_empty())
            .unwrap_or_default();
        let creator = Some(normalize_space(item.creator.as_deref().unwrap_or("")))
            .filter(|creator| !creator.is_empty());
        out.push_back(FeedEvent::Item(FeedItem {
            position: item.position,
            guid,
            link: item.link.as_deref().unwrap_or("").trim().to_owned(),
            title,
            published,
            creator,
            feed: self.channel_title.clone().unwrap_or_default(),
            html,
            raw_hash: item.hasher.finish(),
        }));
    }
}

impl Capture {
    fn new(field: Field, depth: usize, plain_text: bool) -> Capture {
        Capture { field, depth, text: String::new(), overflow: 0, plain_text, skip_from: None }
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

fn split_name(qualified: &str) -> (Option<&str>, &str) {
    match qualified.split_once(':') {
        Some((prefix, local)) => (Some(prefix), local),
        None => (None, qualified),
    }
}

fn local_name(qualified: &str) -> &str {
    split_name(qualified).1
}

/// The value of attribute `name`, entity-decoded (kept raw if it holds an unknown entity).
fn attribute(start: &BytesStart<'_>, name: &str) -> Option<String> {
    let attribute = start.try_get_attribute(name).ok().flatten()?;
    let value = match attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
        Ok(value) => value.into_owned(),
        Err(_) => attribute.value.into_owned(),
    };
    Some(value.trim().to_owned())
}

/// An HTML named entity (`nbsp`, `eacute`), as HTML5 reads it; `None` when HTML does not know it.
fn html_entity(name: &str) -> Option<String> {
    if !name.bytes().all(|b| b.is_ascii_alphanumeric()) || name.len() > 32 {
        return None;
    }
    let literal = format!("&{name};");
    let fragment = scraper::Html::parse_fragment(&literal);
    let text: String = fragment.root_element().text().collect();
    (text != literal).then_some(text)
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders what the reader yields for `xml`, one line per event: items as
    /// `guid | title | published | link | creator | feed | html`, problems as displayed.
    fn render(xml: &[u8]) -> String {
        read_feed("t", xml)
            .map(|event| match event {
                FeedEvent::Item(item) => format!(
                    "{} | {} | {} | {} | {} | {} | {}",
                    item.guid,
                    item.title,
                    item.published.map_or("-".to_owned(), |at| at.to_rfc3339()),
                    item.link,
                    item.creator.as_deref().unwrap_or("-"),
                    item.feed,
                    item.html
                ),
                FeedEvent::Problem(problem) => problem.to_string(),
            })
            .map(|line| line.trim_end().to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn check(xml: &str, expected: &str) {
        assert_eq!(render(xml.as_bytes()), expected.trim(), "{xml}");
    }

    /// An RSS 2.0 feed around `items`.
    fn rss(items: &str) -> String {
        format!("<rss version=\"2.0\"><channel><title>F</title>{items}</channel></rss>")
    }

    #[test]
    fn rss_items() {
        check(
            &rss("<item><title>A</title><link>http://x/a</link><guid>1</guid>\
                  <pubDate>Tue, 05 Jul 2022 15:27:43 +0000</pubDate>\
                  <dc:creator>me</dc:creator><description>&lt;p&gt;Hi&lt;/p&gt;</description></item>"),
            "1 | A | 2022-07-05T15:27:43+00:00 | http://x/a | me | F | <p>Hi</p>",
        );
        check(
            &rss("<item><title> Two\n  lines </title><guid>g</guid></item>"),
            "g | Two lines | - |  | - | F |",
        );
        check(
            &rss("<item><title>A</title><link> http://x/a </link></item>"),
            "http://x/a | A | - | http://x/a | - | F |",
        );
        check(&rss(""), "");
        check("<rss/>", "");
    }

    #[test]
    fn html_sources_in_order_of_preference() {
        let item =
            |inner: &str| rss(&format!("<item><title>T</title><guid>g</guid>{inner}</item>"));
        check(
            &item("<description>d</description><content:encoded>c</content:encoded>"),
            "g | T | - |  | - | F | c",
        );
        check(
            &item("<description><![CDATA[<b>d</b>]]></description>"),
            "g | T | - |  | - | F | <b>d</b>",
        );
        check(&item("<summary>s</summary><content>c</content>"), "g | T | - |  | - | F | c");
        check(
            &item("<content type=\"text\">a &lt; b</content>"),
            "g | T | - |  | - | F | a &lt; b",
        );
        check(
            &item("<content type=\"xhtml\"><div><p>a &amp; b</p></div></content>"),
            "g | T | - |  | - | F | <div><p>a &amp; b</p></div>",
        );
        check(
            &item("<description>  </description><summary>s</summary>"),
            "g | T | - |  | - | F | s",
        );
        // Extension elements that share a local name are not the item's fields.
        check(
            &item("<media:title>m</media:title><media:description>m</media:description>"),
            "g | T | - |  | - | F |",
        );
    }

    #[test]
    fn atom_and_rdf() {
        check(
            "<feed xmlns='http://www.w3.org/2005/Atom'><title>A</title><entry><id>e</id>\
             <title>E</title><link rel='related' href='http://r'/><link href='http://a'/>\
             <updated>2022-07-05T15:27:43Z</updated><author><name>N</name><email>n@x</email></author>\
             </entry></feed>",
            "e | E | 2022-07-05T15:27:43+00:00 | http://a | N | A |",
        );
        check(
            "<rdf:RDF><channel rdf:about='c'><title>R</title></channel>\
             <item rdf:about='http://x/1'><title>I</title><dc:date>2022-07-05</dc:date></item></rdf:RDF>",
            "http://x/1 | I | 2022-07-05T00:00:00+00:00 |  | - | R |",
        );
    }

    #[test]
    fn problems_name_the_item() {
        check(
            &rss("<item><guid>g</guid><pubDate>someday</pubDate></item>"),
            "warning: t: item 1 (guid \"g\"): item has no title\n\
             warning: t: item 1 (guid \"g\"): unparseable date \"someday\"\n\
             g |  | - |  | - | F |",
        );
        check(
            &rss("<item><title>A</title></item><item><title>B</title><guid>2</guid></item>"),
            "error: t: item 1: item has neither guid nor link\n2 | B | - |  | - | F |",
        );
        let start = "<rss><channel><title>F</title><item><title>A</title><guid>1</guid></item>";
        check(
            &format!("{start}<item><title>B"),
            "1 | A | - |  | - | F |\nerror: t: item 2: truncated: the file ends inside <item>",
        );
        check(
            &format!("{start}<item><title>B</title><guid>2</guid><link x='"),
            "1 | A | - |  | - | F |\nerror: t: item 2 (guid \"2\"): truncated: the file ends inside an attribute value in <item>",
        );
        check(
            "<rss><channel><title>F</title>",
            "error: t: truncated: the file ends inside <channel>",
        );
    }

    #[test]
    fn not_feeds() {
        check("", "error: t: not a feed: the file is empty");
        check("   \n", "error: t: not a feed: no XML element in the file");
        check("hello", "error: t: not a feed: text before the first element: \"hello\"");
        check(
            "{\"json\": true}",
            "error: t: not a feed: text before the first element: \"{\\\"json\\\": true}\"",
        );
        check(
            "<html><body>503</body></html>",
            "error: t: not a feed: the root element is <html>, not <rss>, <rdf:RDF> or <feed>",
        );
        check("<?xml version='1.0'?><!-- c --><rss/>", "");
    }

    #[test]
    fn encodings() {
        let latin1 = b"<?xml version='1.0' encoding='windows-1252'?><rss><channel><item><title>Caf\xE9 \x93q\x94</title><guid>g</guid></item></channel></rss>";
        assert_eq!(render(latin1), "g | Caf\u{e9} \u{201c}q\u{201d} | - |  | - |  |");
        let mislabelled = b"<?xml version='1.0' encoding='utf-8'?><rss><channel><item><title>Caf\xE9</title><guid>g</guid></item></channel></rss>";
        assert_eq!(
            render(mislabelled),
            "warning: t: encoding: the bytes are not UTF-8 (and no other encoding is declared): read as windows-1252\ng | Caf\u{e9} | - |  | - |  |"
        );
        let unknown = b"<?xml version='1.0' encoding='x-unknown'?><rss/>";
        assert_eq!(
            render(unknown),
            "warning: t: encoding: unsupported encoding \"x-unknown\", read as UTF-8"
        );
        let bom = "\u{feff}<rss><channel><item><title>\u{e9}</title><guid>g</guid></item></channel></rss>";
        check(bom, "g | \u{e9} | - |  | - |  |");
    }

    #[test]
    fn limits() {
        let long_title = format!(
            "<item><title>{}</title><guid>g</guid></item>",
            "x".repeat(MAX_FIELD_BYTES + 1)
        );
        check(
            &rss(&long_title),
            "error: t: item 1 (guid \"g\"): title is 8193 bytes, over the 8192-byte limit",
        );
        let at_limit =
            format!("<item><title>{}</title><guid>g</guid></item>", "x".repeat(MAX_FIELD_BYTES));
        assert_eq!(parse_feed("t", rss(&at_limit).as_bytes()).0.len(), 1);
        let deep = format!("{}{}", "<a>".repeat(MAX_DEPTH + 1), "</a>".repeat(MAX_DEPTH + 1));
        let rendered = render(format!("<rss>{deep}</rss>").as_bytes());
        assert!(rendered.contains("elements nested deeper than 256"), "{rendered}");
    }

    #[test]
    fn raw_hash_follows_the_item_bytes() {
        let hash = |item: &str| parse_feed("t", rss(item).as_bytes()).0[0].raw_hash;
        let item = "<item><title>A</title><guid>1</guid><description>d</description></item>";
        assert_eq!(hash(item), hash(item));
        assert_ne!(hash(item), hash(&item.replace("d<", "e<")));
        assert_ne!(hash(item), hash(&item.replace("<title>A", "<title>B")));
        // The same item in another snapshot, at another position, hashes the same.
        let moved = format!("<item><title>Z</title><guid>0</guid></item>{item}");
        assert_eq!(parse_feed("t", rss(&moved).as_bytes()).0[1].raw_hash, hash(item));
    }

    /// A feed of `items` generated on the fly, counting the bytes handed out.
    struct Generated {
        items: usize,
        next: usize,
        pending: Vec<u8>,
        served: std::rc::Rc<std::cell::Cell<usize>>,
    }

    impl Read for Generated {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.pending.is_empty() {
                self.pending = match self.next {
                    0 => b"<rss><channel><title>G</title>".to_vec(),
                    n if n <= self.items => format!(
                        "<item><title>Item {n}</title><guid>{n}</guid><description>{}</description></item>",
                        "&lt;p&gt;text&lt;/p&gt;".repeat(50)
                    )
                    .into_bytes(),
                    n if n == self.items + 1 => b"</channel></rss>".to_vec(),
                    _ => return Ok(0),
                };
                self.next += 1;
            }
            let count = buf.len().min(self.pending.len());
            buf[..count].copy_from_slice(&self.pending[..count]);
            self.pending.drain(..count);
            self.served.set(self.served.get() + count);
            Ok(count)
        }
    }

    #[test]
    fn streams_without_reading_the_whole_snapshot_first() {
        let served = std::rc::Rc::new(std::cell::Cell::new(0));
        let items = 4_000; // about 5 MB
        let input = Generated { items, next: 0, pending: Vec::new(), served: served.clone() };
        let mut reader = read_feed("g", input);
        let first = reader.next();
        assert!(
            matches!(first, Some(FeedEvent::Item(ref item)) if item.title == "Item 1"),
            "{first:?}"
        );
        // Only the read buffers' worth of bytes were pulled to yield the first item.
        assert!(served.get() < 1 << 20, "{} bytes read before the first item", served.get());
        assert_eq!(reader.count(), items - 1);
        assert!(served.get() > 4 << 20, "{}", served.get());
    }
}
