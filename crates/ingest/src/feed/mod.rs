//! Streaming feed reader: RSS 2.0, RSS 1.0 (RDF), Atom 1.0; gzip; declared encodings.
//!
//! The reader pulls XML events from quick-xml over a buffered reader and keeps only the item it
//! is reading, so memory is bounded by the largest item (and each field has a byte limit, see
//! `item::MAX_FIELD_BYTES` and `item::MAX_HTML_BYTES`), never by the file.
//!
//! Elements are matched by local name and, where it matters, by the prefix feeds use for them
//! (`content:encoded`, `dc:date`); namespace declarations are not needed, so a feed that uses
//! `dc:creator` without declaring `xmlns:dc` still reads. DTD entities are never expanded: a
//! DOCTYPE that declares entities gives a warning, and a reference to an entity XML does not
//! define is read as an HTML entity when HTML knows it (`&nbsp;`), else kept as written.
//!
//! - this file: the public API, [`read_feed`] and [`FeedReader`];
//! - `parser`: the state machine over quick-xml's events (which element is the feed, the item,
//!   a field);
//! - `item`: one item being assembled, its field limits, and the checks that turn it into a
//!   [`FeedItem`] or a refusal;
//! - `entity`: what an entity reference reads as;
//! - `diagnostics`: the [`Diagnostic`] for each problem, and what a fatal XML error means.
//!
//! The bytes under the parser (gzip, the encoding) are `crate::input`'s.

mod diagnostics;
mod entity;
mod guard;
mod item;
mod parser;

use std::collections::VecDeque;
use std::io::Read;

use chrono::{DateTime, Utc};

use crate::{Diagnostic, FeedItem};
pub(crate) use guard::MAX_MARKUP;
use parser::Parser;

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
    /// The channel's own date, kept once the parser is done.
    feed_date: Option<DateTime<Utc>>,
}

enum State<R: Read> {
    Start(R),
    Reading(Box<Parser<R>>),
    Done,
}

/// Starts reading the snapshot `reader`, naming it `source` in diagnostics. Nothing is read
/// until the first call to `next`.
pub fn read_feed<R: Read>(source: impl Into<String>, reader: R) -> FeedReader<R> {
    FeedReader {
        source: source.into(),
        state: State::Start(reader),
        pending: VecDeque::new(),
        feed_date: None,
    }
}

impl<R: Read> FeedReader<R> {
    /// The feed's own date, once the reader has passed it: RSS `lastBuildDate`, Atom
    /// `updated`, RDF `dc:date` of the channel (the first one given; `None` when none parses).
    /// Feeds write it before their items, so it is known when the first item is yielded.
    pub fn feed_date(&self) -> Option<DateTime<Utc>> {
        match &self.state {
            State::Reading(parser) => parser.feed_date(),
            State::Start(_) | State::Done => self.feed_date,
        }
    }
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
                    self.feed_date = parser.feed_date();
                    if more {
                        self.state = State::Reading(parser);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::guard::MAX_DEPTH;
    use super::item::MAX_FIELD_BYTES;
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

    /// The guid of each item `xml` yields.
    fn guids(xml: &str, source: &str) -> Vec<String> {
        read_feed(source, xml.as_bytes())
            .map(|event| match event {
                FeedEvent::Item(item) => item.guid,
                FeedEvent::Problem(problem) => panic!("{problem}"),
            })
            .collect()
    }

    #[test]
    fn items_without_guid_or_link_get_a_stable_derived_id() {
        let item = |title: &str, date: &str, body: &str| {
            format!(
                "<item><title>{title}</title><pubDate>{date}</pubDate>\
                     <description>{body}</description></item>"
            )
        };
        let feed = |link: &str, items: &str| {
            format!("<rss><channel><title>F</title>{link}{items}</channel></rss>")
        };
        let a = item("A", "Tue, 05 Jul 2022 15:27:43 +0000", "Body");
        let items = [
            a.clone(),
            item("A", "Tue, 05 Jul 2022 15:27:43 +0000", "Body, edited"),
            item("A", "Wed, 06 Jul 2022 15:27:43 +0000", "Body"),
            item("B", "Tue, 05 Jul 2022 15:27:43 +0000", "Body"),
            // The parts are length-prefixed: moving a byte from one to the next is another item.
            item("AB", "Tue, 05 Jul 2022 15:27:43 +0000", "ody"),
        ]
        .concat();
        let link = "<link>https://example.invalid/</link>";
        let ids = guids(&feed(link, &items), "one.xml");
        assert!(ids.iter().all(|id| id.starts_with("urn:pressdex:") && id.len() == 45), "{ids:?}");
        let distinct: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len(), "{ids:?}");
        // The same item in another snapshot of the same feed: the same id.
        assert_eq!(guids(&feed(link, &a), "two.xml"), ids[..1]);
        // Without a channel link, the snapshot's name stands for the feed.
        let unlinked = guids(&feed("", &a), "one.xml");
        assert_ne!(unlinked, ids[..1]);
        assert_eq!(guids(&feed("", &a), "one.xml"), unlinked);
        assert_ne!(guids(&feed("", &a), "two.xml"), unlinked);
    }

    #[test]
    fn namespaces_are_read_by_uri() {
        // RSS 1.0 elements under a prefix, Dublin Core under another prefix than `dc`.
        let rdf = "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' \
                   xmlns:r='http://purl.org/rss/1.0/' xmlns:d='http://purl.org/dc/elements/1.1/'>\
                   <r:channel><r:title>F</r:title></r:channel><r:item rdf:about='http://x/1'>\
                   <r:title>A</r:title><r:link>http://x/1</r:link><d:creator>me</d:creator>\
                   <d:date>2022-07-05T15:27:43Z</d:date></r:item></rdf:RDF>";
        check(rdf, "http://x/1 | A | 2022-07-05T15:27:43+00:00 | http://x/1 | me | F |");
        // A `dc` prefix bound to another namespace is not Dublin Core.
        check(
            &rss("<item xmlns:dc='http://example.invalid/not-dc'><guid>g</guid><title>A</title>\
                  <dc:creator>not me</dc:creator></item>"),
            "g | A | - |  | - | F |",
        );
        // `dc:title` when there is no title.
        check(
            &rss("<item xmlns:dc='http://purl.org/dc/elements/1.1/'><guid>g</guid>\
                  <dc:title>Dublin</dc:title></item>"),
            "g | Dublin | - |  | - | F |",
        );
    }

    #[test]
    fn atom_license_and_enclosure_links_are_not_the_page() {
        let entry = "<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><entry><id>e</id>\
                     <title>A</title><link rel='license' href='http://x/licence'/>\
                     <link rel='enclosure' href='http://x/a.pdf'/>\
                     <link rel='related' href='http://x/related'/></entry></feed>";
        check(entry, "e | A | - | http://x/related | - | F |");
        let only_licence = entry.replace("<link rel='related' href='http://x/related'/>", "");
        check(&only_licence, "e | A | - |  | - | F |");
    }

    #[test]
    fn the_feed_date_is_known_by_the_first_item() {
        let date = |xml: &str| {
            let mut reader = read_feed("t", xml.as_bytes());
            let first = reader.next();
            let at_first = reader.feed_date().map(|at| at.to_rfc3339());
            reader.by_ref().for_each(drop);
            assert_eq!(reader.feed_date().map(|at| at.to_rfc3339()), at_first, "{first:?}");
            at_first
        };
        let item = "<item><title>A</title><guid>1</guid><pubDate>01 Mar 2024 10:00:00 +0000</pubDate></item>";
        let rss =
            |head: &str| format!("<rss><channel><title>F</title>{head}{item}</channel></rss>");
        assert_eq!(
            date(&rss("<lastBuildDate>Tue, 05 Jul 2022 15:27:43 +0000</lastBuildDate>")).as_deref(),
            Some("2022-07-05T15:27:43+00:00")
        );
        assert_eq!(date(&rss("")), None, "the item's date is not the feed's");
        assert_eq!(date(&rss("<lastBuildDate>someday</lastBuildDate>")), None);
        assert_eq!(
            date(
                "<feed xmlns='http://www.w3.org/2005/Atom'><title>A</title>\
                  <updated>2024-05-01T04:28:11Z</updated><entry><id>e</id><title>E</title>\
                  <updated>2020-01-01T00:00:00Z</updated></entry></feed>"
            )
            .as_deref(),
            Some("2024-05-01T04:28:11+00:00")
        );
        assert_eq!(
            date(
                "<rdf:RDF><channel rdf:about='c'><title>R</title><dc:date>2024-05-01</dc:date>\
                  </channel><item rdf:about='http://x/1'><title>I</title></item></rdf:RDF>"
            )
            .as_deref(),
            Some("2024-05-01T00:00:00+00:00")
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
    fn an_item_left_open_costs_only_that_item() {
        // Item 2 is cut (its title and the item never close): it is dropped, named, and item 3
        // and the items after it are read, not swallowed by item 2.
        let feed = rss("<item><guid>1</guid><title>A</title></item>\
                        <item><guid>2</guid><title>B\
                        <item><guid>3</guid><title>C</title></item>\
                        <item><guid>4</guid><title>D</title></item>");
        check(
            &feed,
            "1 | A | - |  | - | F |\n\
             error: t: item 2 (guid \"2\"): malformed XML at byte 115: <item> is not closed\n\
             3 | C | - |  | - | F |\n4 | D | - |  | - | F |",
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

    /// A reader that fails at once, as a dropped connection does.
    struct Failing;

    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "peer went away"))
        }
    }

    #[test]
    fn problems_carry_types_and_sources() {
        use crate::{EntityResolution, ProblemKind};
        use std::error::Error;

        let problems: Vec<_> = read_feed("t", Failing).collect();
        let [FeedEvent::Problem(problem)] = &problems[..] else { panic!("{problems:?}") };
        let ProblemKind::Io(error) = &problem.kind else { panic!("{problem:?}") };
        assert_eq!(error.kind(), std::io::ErrorKind::ConnectionReset);
        assert_eq!(problem.to_string(), "error: t: read error: peer went away");

        let (_, problems) =
            parse_feed("t", rss("<item><title>&bogus;</title><guid>g</guid></item>").as_bytes());
        let resolution = match &problems[0].kind {
            ProblemKind::UndefinedEntity { name, resolution } if name == "bogus" => *resolution,
            other => panic!("{other:?}"),
        };
        assert_eq!(resolution, EntityResolution::KeptAsWritten);

        let (_, problems) = parse_feed("t", rss("<item><title>A</titel></item>").as_bytes());
        let expected = crate::MarkupProblem::Stray("titel".into());
        assert!(
            matches!(&problems[0].kind, ProblemKind::BadMarkup { problem, .. } if *problem == expected),
            "{problems:?}"
        );

        let (_, problems) = parse_feed("t", b"<rss><channel><title>F</title><!");
        assert!(matches!(problems[0].kind, ProblemKind::Malformed { .. }), "{problems:?}");
        assert!(problems[0].kind.source().is_some(), "the parser's error is kept");
    }

    #[test]
    fn an_error_that_stops_the_reader_says_how_much_was_not_read() {
        // Long enough that the decoder's buffer does not hold it all.
        let body = "words ".repeat(100);
        let items: String = (0..40)
            .map(|n| format!("<item><guid>{n}</guid><title>T{n}</title><description>{body}</description></item>"))
            .collect();
        let xml = format!("<rss><channel><title>F</title>{items}</channel></rss>");
        // UTF-16 with a lone surrogate half way: the decoder cannot go on from there.
        let half = xml.len() / 2;
        let mut utf16 = vec![0xff, 0xfe];
        for (at, unit) in xml.encode_utf16().enumerate() {
            utf16.extend_from_slice(&if at == half { 0xd800 } else { unit }.to_le_bytes());
        }
        let (read, problems) = parse_feed("t", &utf16);
        assert!(read.len() < 40 && !read.is_empty(), "{} items", read.len());
        let [problem] = &problems[..] else { panic!("{problems:?}") };
        let crate::ProblemKind::Encoding(crate::EncodingProblem::Undecodable {
            offset,
            unread,
            ..
        }) = problem.kind
        else {
            panic!("{problem}")
        };
        // Counted in the decoded text, from the point named to the end of the file, but for the
        // character that could not be decoded.
        let rest = xml.len() as u64 - 1 - offset;
        assert_eq!(Some(rest), unread, "{problem}");
        let message = problem.to_string();
        let expected =
            format!("near byte {offset}; the remaining {rest} bytes of the file were not read");
        assert!(message.ends_with(&expected), "{message}");
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
