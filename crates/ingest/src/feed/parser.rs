//! The state machine over quick-xml's events: which root element makes a feed, where the
//! channel and each item are, which child element is which field, and what an entity reference
//! reads as. Items are assembled by `item`; problems are worded by `diagnostics`.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};

use quick_xml::encoding::DecodingReader;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesEnd, BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;

use super::FeedEvent;

/// Most bytes read past an error that stops the reader, to say how many were not read.
const MAX_COUNTED: u64 = 256 << 20;

use super::diagnostics::{Reporter, Stop};
use super::entity::resolve;
use super::guard::{Guard, MAX_DEPTH, Marked, Marker, Skipped};
use super::item::{Capture, ItemBuilder};
use crate::date::parse_date;
use crate::input::{Input, Utf8Repair, open_snapshot};
use crate::{
    Diagnostic, FeedField, MarkupProblem, NotAFeed, Oversized, ProblemKind, Severity, Truncation,
    normalize_space,
};

/// Which feed format the root element announced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Rss,
    Rdf,
    Atom,
}

/// Whether to keep reading after an event.
enum Flow {
    Continue,
    Stop,
}

pub(super) struct Parser<R: Read> {
    reporter: Reporter,
    xml: Reader<Guard<DecodingReader<Utf8Repair<Input<R>>>>>,
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
    /// The channel's own date (see [`Parser::feed_date`]).
    channel_date: Option<DateTime<Utc>>,
    channel_link: Option<String>,
    /// Namespace prefixes declared so far: (stack depth of the declaring element, prefix, URI).
    namespaces: Vec<(usize, String, String)>,
    item: Option<ItemBuilder>,
    capture: Option<Capture>,
    items_started: usize,
    /// A warning found while opening (an unsupported encoding), reported first.
    opening_problem: Option<Diagnostic>,
}

impl<R: Read> Parser<R> {
    /// Opens the snapshot `reader` (see [`open_snapshot`]); the error is the one diagnostic
    /// of a snapshot that cannot be read at all.
    pub(super) fn open(source: &str, reader: R) -> Result<Parser<R>, Diagnostic> {
        let reporter = Reporter::new(source);
        let opened = open_snapshot(reader).map_err(|kind| reporter.file(Severity::Error, kind))?;
        let opening_problem = opened.warning.map(|kind| reporter.file(Severity::Warning, kind));
        let mut xml = Reader::from_reader(Guard::new(opened.reader));
        let config = xml.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        // `AT&T` in a title is a common feed bug; read the `&` as written.
        config.allow_dangling_amp = true;
        Ok(Parser {
            reporter,
            xml,
            repaired: opened.repaired,
            gzip: opened.gzip,
            buf: Vec::new(),
            stack: Vec::new(),
            format: None,
            container_depth: None,
            channel_title: None,
            channel_date: None,
            channel_link: None,
            namespaces: Vec::new(),
            item: None,
            capture: None,
            items_started: 0,
            opening_problem,
        })
    }

    /// Reads events until at least one [`FeedEvent`] is ready; `false` once the snapshot is
    /// read to its end (or to a fatal problem).
    pub(super) fn advance(&mut self, out: &mut VecDeque<FeedEvent>) -> bool {
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
            Event::Decl(_) | Event::Comment(_) => Flow::Continue,
            // The guard drops the feed's own processing instructions: these are its markers.
            Event::PI(pi) => {
                if let Some(marked) = Marked::decode(&pi) {
                    self.marker(marked, out);
                }
                Flow::Continue
            }
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
        self.declare_namespaces(start, depth + 1, empty);
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
                    let kind = ProblemKind::NotAFeed(NotAFeed::WrongRoot(name));
                    out.push_back(FeedEvent::Problem(self.problem(Severity::Error, kind)));
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
            } else if capture.field == FeedField::Creator
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
                let about = attribute(start, "rdf:about").or_else(|| attribute(start, "about"));
                let mut item = ItemBuilder::new(self.items_started, depth + 1, about);
                item.start = self.xml.buffer_position();
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
                self.capture = Some(Capture::new(FeedField::ChannelTitle, depth + 1, false));
            } else if is_channel_date(&canonical_name(&self.namespaces, &name))
                && !empty
                && self.container_depth == Some(depth)
                && self.channel_date.is_none()
            {
                self.capture = Some(Capture::new(FeedField::ChannelDate, depth + 1, false));
            } else if local == "link"
                && self.container_depth == Some(depth)
                && self.channel_link.is_none()
            {
                match attribute(start, "href") {
                    // Atom: the feed's page, not its `self` or other links.
                    Some(href) => {
                        if matches!(attribute(start, "rel").as_deref(), None | Some("alternate")) {
                            self.channel_link = Some(href);
                        }
                    }
                    None if !empty => {
                        self.capture = Some(Capture::new(FeedField::ChannelLink, depth + 1, false));
                    }
                    None => {}
                }
            }
            push(self, name);
            return Flow::Continue;
        };

        if depth == item.depth
            && let Some(field) = FeedField::of_item_child(&canonical_name(&self.namespaces, &name))
        {
            let href = (field == FeedField::Link).then(|| attribute(start, "href")).flatten();
            if let Some(href) = href {
                // Atom: `<link rel="alternate" href="..."/>` is the page; other rels (related,
                // via) only when there is nothing better; a licence or an enclosure (a PDF, an
                // image) never.
                let rank = match attribute(start, "rel").as_deref() {
                    None | Some("alternate") => Some(0),
                    Some("license" | "enclosure") => None,
                    Some(_) => Some(1),
                };
                if let Some(rank) = rank
                    && (item.link.is_none() || rank < item.link_rank)
                {
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

    fn end(&mut self, end: &BytesEnd<'_>, out: &mut VecDeque<FeedEvent>) -> Flow {
        let depth = self.stack.len();
        self.stack.pop();
        while self.namespaces.last().is_some_and(|(declared_at, ..)| *declared_at >= depth) {
            self.namespaces.pop();
        }
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
            let kind = ProblemKind::NotAFeed(NotAFeed::TextBeforeRoot(start));
            out.push_back(FeedEvent::Problem(self.problem(Severity::Error, kind)));
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
            let kind = ProblemKind::NotAFeed(NotAFeed::ReferenceBeforeRoot(reference.to_string()));
            out.push_back(FeedEvent::Problem(self.problem(Severity::Error, kind)));
            return Flow::Stop;
        }
        let name: &str = reference;
        let (text, undefined) = resolve(reference);
        let depth = self.stack.len();
        if let Some(item) = &mut self.item {
            item.hash(b'&', name);
            if let Some(resolution) = undefined {
                item.undefined_entity(name, resolution);
            }
        }
        if let Some(capture) = &mut self.capture {
            capture.push_text(&text, depth > capture.depth);
        }
        Flow::Continue
    }

    fn eof(&mut self, out: &mut VecDeque<FeedEvent>) {
        if self.format.is_none() {
            let problem = self.problem(Severity::Error, ProblemKind::NotAFeed(NotAFeed::NoElement));
            out.push_back(FeedEvent::Problem(problem));
            return;
        }
        if let Some(open) = self.open_element() {
            let problem =
                self.problem(Severity::Error, ProblemKind::Truncated(Truncation::Element(open)));
            out.push_back(FeedEvent::Problem(problem));
        }
    }

    /// The name of the innermost element that matters for a truncation message: the item's
    /// when inside one.
    fn open_element(&self) -> Option<String> {
        let index = match &self.item {
            Some(item) => item.depth - 1,
            None => self.stack.len().checked_sub(1)?,
        };
        self.stack.get(index).cloned()
    }

    /// The diagnostic for an error that stops the reader.
    fn fatal(&mut self, err: quick_xml::Error) -> Diagnostic {
        let stop = Stop {
            offset: self.xml.error_position(),
            buffer_position: self.xml.buffer_position(),
            input_len: self.xml.get_mut().input_len(MAX_COUNTED),
            encoding: self.xml.get_ref().get_ref().encoding().name(),
            gzip: self.gzip,
            in_feed: self.format.is_some(),
            open_element: self.open_element(),
        };
        let problem = self.problem(Severity::Error, stop.problem(err));
        self.item = None;
        problem
    }

    /// A problem at the current point: naming the item being read, if any.
    fn problem(&self, severity: Severity, kind: ProblemKind) -> Diagnostic {
        let position = self.item.as_ref().map(|item| item.position);
        let guid = self.item.as_ref().and_then(ItemBuilder::known_guid);
        self.reporter.at(position, guid, severity, kind)
    }

    /// The channel's own date, once read: RSS `lastBuildDate`, Atom `updated` or RDF
    /// `dc:date`, whichever comes first (a value that does not parse is ignored).
    pub(super) fn feed_date(&self) -> Option<DateTime<Utc>> {
        self.channel_date
    }

    fn store(&mut self, capture: Capture) {
        if capture.field == FeedField::ChannelTitle {
            self.channel_title = Some(normalize_space(&capture.text));
        } else if capture.field == FeedField::ChannelDate {
            self.channel_date = parse_date(&capture.text);
        } else if capture.field == FeedField::ChannelLink {
            self.channel_link = Some(capture.text.trim().to_owned());
        } else if let Some(item) = &mut self.item {
            item.store(capture);
        }
    }

    fn finish_item(&mut self, mut item: ItemBuilder, out: &mut VecDeque<FeedEvent>) {
        item.len = self.xml.buffer_position().saturating_sub(item.start);
        let feed = self.channel_title.as_deref().unwrap_or_default();
        let feed_id = match self.channel_link.as_deref() {
            Some(link) if !link.is_empty() => link,
            _ => self.reporter.source(),
        };
        item.finish(&self.reporter, (feed, feed_id), self.repaired.load(Ordering::Relaxed), out);
    }

    /// Keeps the `xmlns:prefix` declarations of an element opened at stack depth `depth`
    /// (until it closes; an empty element's declarations apply to nothing).
    fn declare_namespaces(&mut self, start: &BytesStart<'_>, depth: usize, empty: bool) {
        if empty {
            return;
        }
        for attribute in start.attributes().flatten() {
            let key = attribute.key.as_ref();
            if let Some(prefix) = key.strip_prefix("xmlns:") {
                let prefix = prefix.to_owned();
                let uri = attribute.value.trim().to_owned();
                self.namespaces.push((depth, prefix, uri));
            }
        }
    }

    /// What the guard changed: the item it happened in pays for it (an error refuses it, a
    /// warning goes with it); outside an item, a warning.
    fn marker(&mut self, marked: Marked, out: &mut VecDeque<FeedEvent>) {
        let offset = marked.offset;
        let long = |what, len| ProblemKind::LongMarkup { offset, what, len };
        let bad = |problem| ProblemKind::BadMarkup { offset, problem };
        let (severity, kind) = match marked.marker {
            Marker::TooDeep => (Severity::Error, ProblemKind::TooDeep { offset, max: MAX_DEPTH }),
            Marker::Unclosed(name) => (Severity::Error, bad(MarkupProblem::NotClosed(name.into()))),
            Marker::Stray(name) => (Severity::Error, bad(MarkupProblem::Stray(name.into()))),
            Marker::Invalid(start) => (Severity::Error, bad(MarkupProblem::Invalid(start.into()))),
            Marker::LongTag(name, len) => {
                (Severity::Warning, long(Oversized::Tag(name.into()), len))
            }
            Marker::LongMarkup(what, len) => {
                let what = match what {
                    Skipped::Comment => Oversized::Comment,
                    Skipped::ProcessingInstruction => Oversized::ProcessingInstruction,
                    Skipped::Doctype => Oversized::Doctype,
                };
                (Severity::Warning, long(what, len))
            }
        };
        match &mut self.item {
            Some(item) => item.markup_problem(severity, kind),
            None => out.push_back(FeedEvent::Problem(self.problem(Severity::Warning, kind))),
        }
    }
}

/// `qualified` with the prefix the reader matches fields by (see `FeedField::of_item_child`):
/// a prefix declared for an RSS, Atom or RDF namespace is dropped, one declared for Dublin Core
/// or the content module becomes `dc`, `dcterms` or `content` whatever the feed called it, one
/// declared for another namespace becomes `?` (so a feed's own `dc:` is not Dublin Core); an
/// undeclared prefix is kept as written.
fn canonical_name(namespaces: &[(usize, String, String)], qualified: &str) -> String {
    let Some((prefix, local)) = qualified.split_once(':') else {
        return qualified.to_owned();
    };
    let Some((_, _, uri)) = namespaces.iter().rev().find(|(_, declared, _)| declared == prefix)
    else {
        return qualified.to_owned();
    };
    let canonical = match uri.trim_end_matches(['/', '#']) {
        "http://purl.org/rss/1.0"
        | "http://backend.userland.com/rss2"
        | "http://blogs.law.harvard.edu/tech/rss"
        | "http://www.w3.org/2005/Atom"
        | "http://purl.org/atom/ns"
        | "http://my.netscape.com/rdf/simple/0.9" => return local.to_owned(),
        "http://purl.org/dc/elements/1.1" => "dc",
        "http://purl.org/dc/terms" => "dcterms",
        "http://purl.org/rss/1.0/modules/content" => "content",
        _ => "?",
    };
    format!("{canonical}:{local}")
}

/// Whether a child of the channel (Atom: of the feed) holds the feed's own date: RSS
/// `lastBuildDate`, Atom `updated` (unprefixed, as feeds write them) or `dc:date` (RDF).
fn is_channel_date(qualified: &str) -> bool {
    match qualified.split_once(':') {
        Some((prefix, local)) => prefix == "dc" && local == "date",
        None => qualified.eq_ignore_ascii_case("lastBuildDate") || qualified == "updated",
    }
}

fn local_name(qualified: &str) -> &str {
    qualified.split_once(':').map_or(qualified, |(_, local)| local)
}

/// The value of attribute `name`, with XML's entities decoded (kept raw if it holds another).
fn attribute(start: &BytesStart<'_>, name: &str) -> Option<String> {
    let attribute = start.try_get_attribute(name).ok().flatten()?;
    // Only XML's entities: `normalized_value` reads HTML's too when some crate enables
    // quick-xml's `escape-html` feature.
    let xml10 = quick_xml::XmlVersion::Implicit1_0;
    let value = match attribute.normalized_value_with(xml10, 1, resolve_xml_entity) {
        Ok(value) => value.into_owned(),
        Err(_) => attribute.value.into_owned(),
    };
    Some(value.trim().to_owned())
}
