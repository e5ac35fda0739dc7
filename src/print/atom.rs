//! `watch run --atom FILE`: the matches as an Atom 1.0 feed (RFC 4287) that any feed reader
//! can follow. quick-xml's writer escapes text and attributes; characters XML 1.0 cannot carry
//! at all (C0 controls but tab and line breaks, U+FFFE, U+FFFF) are dropped first.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use pressdex::wire;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// The Atom namespace.
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// One entry: a match, the watch that found it, and a short text.
pub struct Entry<'a> {
    pub watch: &'a str,
    pub found: &'a wire::WatchMatch,
    pub summary: String,
}

/// Writes the feed of `entries`, titled after `watches`, updated `now`.
///
/// # Errors
/// Writing to `out` failed.
pub fn feed(
    out: impl Write,
    watches: &[String],
    entries: &[Entry<'_>],
    now: DateTime<Utc>,
) -> io::Result<()> {
    let mut writer = Writer::new_with_indent(out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let title = format!("pressdex watch: {}", watches.join(", "));
    let id = format!("urn:pressdex:watch:{}", encode(&watches.join(",")));
    writer.create_element("feed").with_attribute(("xmlns", ATOM)).write_inner_content(|w| {
        text(w, "title", &title)?;
        text(w, "id", &id)?;
        text(w, "updated", &time(now))?;
        w.create_element("author").write_inner_content(|w| text(w, "name", "pressdex"))?;
        w.create_element("generator")
            .with_attribute(("version", env!("CARGO_PKG_VERSION")))
            .write_text_content(BytesText::new("pressdex"))?;
        for entry in entries {
            w.create_element("entry").write_inner_content(|w| write_entry(w, entry))?;
        }
        Ok(())
    })?;
    writer.into_inner().flush()
}

fn write_entry<W: Write>(w: &mut Writer<W>, entry: &Entry<'_>) -> io::Result<()> {
    let found = entry.found;
    text(w, "title", &found.title)?;
    // A feed reader shows an entry again when its `updated` moves: the content changed.
    text(w, "id", &format!("urn:pressdex:release:{}", encode(&found.guid)))?;
    text(w, "updated", &time(found.changed_at.0))?;
    if let Some(published) = found.published {
        text(w, "published", &time(published.0))?;
    }
    if !found.link.is_empty() {
        w.create_element("link")
            .with_attribute(("rel", "alternate"))
            .with_attribute(("href", clean(&found.link).as_str()))
            .write_empty()?;
    }
    w.create_element("category")
        .with_attribute(("term", clean(entry.watch).as_str()))
        .write_empty()?;
    w.create_element("category").with_attribute(("term", found.change.as_str())).write_empty()?;
    if !entry.summary.is_empty() {
        w.create_element("summary")
            .with_attribute(("type", "text"))
            .write_text_content(BytesText::new(&clean(&entry.summary)))?;
    }
    Ok(())
}

/// `<name>text</name>`, escaped.
fn text<W: Write>(w: &mut Writer<W>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&clean(value)))?;
    Ok(())
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `text` without the characters XML 1.0 forbids even escaped.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r') || (!c.is_control() || *c >= '\u{80}'))
        .filter(|c| !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect()
}

/// `text` percent-encoded but for RFC 3986's unreserved characters: a valid URN part.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped_or_dropped_and_the_feed_reads_back() {
        let at = DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z").expect("valid").to_utc();
        let found = wire::WatchMatch {
            guid: "427630 at https://www.cbp.gov".into(),
            title: "A & B <script>\u{1b}[31m \"quoted\" ]]>".into(),
            link: "https://www.cbp.gov/a?b=1&c=2".into(),
            published: Some(wire::Time(at)),
            feed: "F".into(),
            countries: Vec::new(),
            agreements: Vec::new(),
            change: "added".into(),
            indexed_at: wire::Time(at),
            changed_at: wire::Time(at),
        };
        let entries = [Entry { watch: "cmaa", found: &found, summary: "Text\u{0}.".into() }];
        let mut out = Vec::new();
        feed(&mut out, &["cmaa".into()], &entries, at).expect("writes");
        let xml = String::from_utf8(out).expect("UTF-8");
        assert!(xml.contains("A &amp; B &lt;script&gt;[31m &quot;quoted&quot; ]]&gt;"), "{xml}");
        assert!(xml.contains("href=\"https://www.cbp.gov/a?b=1&amp;c=2\""), "{xml}");
        assert!(
            xml.contains("urn:pressdex:release:427630%20at%20https%3A%2F%2Fwww.cbp.gov"),
            "{xml}"
        );
        let (items, problems) = pressdex_ingest::parse_feed("watch.xml", xml.as_bytes());
        assert_eq!(problems, []);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].title, "A & B <script>[31m \"quoted\" ]]>");
        assert_eq!(items[0].link, "https://www.cbp.gov/a?b=1&c=2");
        assert_eq!(items[0].published, Some(at));
    }
}
