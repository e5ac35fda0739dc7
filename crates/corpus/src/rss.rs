//! The RSS 2.0 envelope Drupal wraps around its items, byte for byte as in the bundled
//! snapshot (including its odd indentation).

use chrono::{DateTime, Utc};

pub(crate) const HEADER: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>
<rss version=\"2.0\" xml:base=\"https://www.cbp.gov/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">
  <channel>
    <title>International Operations</title>
    <link>https://www.cbp.gov/taxonomy/term/12/feed</link>
    <description></description>
    <language>en</language>
";

pub(crate) const FOOTER: &str = "  </channel>\n</rss>\n";

/// The fields of one `<item>`.
pub(crate) struct ItemFields<'a> {
    pub title: &'a str,
    pub link: &'a str,
    pub html: &'a str,
    pub published_at: DateTime<Utc>,
    pub creator: &'a str,
    pub guid: &'a str,
}

/// Appends one `<item>` to `out`; the HTML is entity-escaped once, as Drupal does.
pub(crate) fn write_item(item: &ItemFields<'_>, out: &mut String) {
    out.push_str("    <item>\n  <title>");
    escape(item.title, out);
    out.push_str("</title>\n  <link>https://www.cbp.gov/");
    out.push_str(item.link);
    out.push_str("</link>\n  <description>");
    escape(item.html, out);
    out.push_str("</description>\n  <pubDate>");
    out.push_str(&item.published_at.format("%a, %d %b %Y %H:%M:%S +0000").to_string());
    out.push_str("</pubDate>\n    <dc:creator>");
    escape(item.creator, out);
    out.push_str("</dc:creator>\n    <guid isPermaLink=\"false\">");
    escape(item.guid, out);
    out.push_str("</guid>\n    </item>\n");
}

/// XML-escapes text the way Drupal's RSS view does: `&`, `<`, `>` and `"` become entities.
fn escape(text: &str, out: &mut String) {
    let mut last = 0;
    for (index, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[last..index]);
        out.push_str(entity);
        last = index + 1;
    }
    out.push_str(&text[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        let mut out = String::new();
        escape(text, &mut out);
        assert_eq!(out, expected);
    }

    #[test]
    fn escapes_markup_once() {
        check("plain", "plain");
        check(
            "<p class=\"x\">a &amp; b</p>",
            "&lt;p class=&quot;x&quot;&gt;a &amp;amp; b&lt;/p&gt;",
        );
        check("nation\u{2019}s", "nation\u{2019}s");
        check("", "");
    }
}
