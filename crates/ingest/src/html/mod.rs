//! HTML to text: the fields of a rendered Drupal page (summary, body, captions, dateline,
//! contact, release date), without the agency footer.
//!
//! cbp.gov's feed puts the whole rendered node in each item, one `field--name-*` element per
//! Drupal field. Fields are found by those classes, never by their wording: the agency footer
//! (`field--name-field-page-footer`) is left out wherever it is, and a page without a body field
//! (another CMS, a hand-written feed) yields its whole text as the body.
//!
//! The page header (`field--name-field-page-header`) sometimes holds more than the italic
//! summary line: item 378218 has the summary, then the dateline paragraph ("**ANAHEIM,
//! California**— Today, ...") that opens the release; item 377817's header is only that
//! dateline paragraph. The summary is the header's paragraphs before the first one that opens
//! with bold text (the dateline); from there on the header is the start of the body, where a
//! reader (and the agreement detector) expects it.

mod tree;

use std::sync::LazyLock;

use chrono::NaiveDate;
use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node, Selector};

use crate::normalize_space;
pub use tree::Flattened;

/// The text of one page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageText {
    /// The page-header paragraph.
    pub summary: Option<String>,
    /// Paragraphs separated by a blank line.
    pub body: String,
    /// Figure captions.
    pub captions: Vec<String>,
    /// The dateline field.
    pub location: Option<String>,
    /// The "For More Information" value.
    pub contact: Option<String>,
    /// The "Release Date" field.
    pub release_date: Option<NaiveDate>,
    /// What was simplified to read the page within the limits on nesting and size.
    pub flattened: Flattened,
}

/// Extracts the text fields of a page. HTML is never rejected: malformed markup still yields
/// its text, and markup nested too deep or too large is flattened (see [`Flattened`]), so the
/// time and memory this takes grow linearly with the page.
pub fn html_to_text(html: &str) -> PageText {
    let parsed = tree::parse(html);
    let root = parsed.html.root_element();
    let header = root.select(&PAGE_HEADER).next().map(blocks).unwrap_or_default();
    // The summary is the header's paragraphs before a dateline; from the dateline on, the
    // header holds the start of the release.
    let dateline = header.iter().position(|block| block.bold_start).unwrap_or(header.len());
    let summary = Some(join(&header[..dateline], " ")).filter(|summary| !summary.is_empty());
    let mut paragraphs: Vec<Block> = header.into_iter().skip(dateline).collect();
    match root.select(&BODY).next() {
        Some(body) => paragraphs.extend(blocks(body)),
        None => paragraphs.extend(blocks_skipping(root, is_field_outside_body)),
    }
    paragraphs.extend(parsed.tail.into_iter().map(|text| Block { text, bold_start: false }));
    let captions = root
        .select(&FIGCAPTION)
        .filter(|caption| !caption.ancestors().filter_map(ElementRef::wrap).any(is_footer))
        .map(|caption| normalize_space(&caption.text().collect::<String>()))
        .filter(|caption| !caption.is_empty())
        .collect();
    PageText {
        summary,
        body: join(&paragraphs, "\n\n"),
        captions,
        location: field_text(root, &LOCATION),
        contact: field_text(root, &CONTACT),
        release_date: field_text(root, &RELEASE_DATE).as_deref().and_then(parse_release_date),
        flattened: parsed.flattened,
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("the selectors in this file are valid CSS")
}

static PAGE_HEADER: LazyLock<Selector> =
    LazyLock::new(|| selector(".field--name-field-page-header"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector(".field--name-body"));
static FIGCAPTION: LazyLock<Selector> = LazyLock::new(|| selector("figcaption"));
static LOCATION: LazyLock<Selector> =
    LazyLock::new(|| selector(".field--name-field-news-location"));
static CONTACT: LazyLock<Selector> =
    LazyLock::new(|| selector(".field--name-field-news-info .field__item"));
static RELEASE_DATE: LazyLock<Selector> =
    LazyLock::new(|| selector(".field--name-field-date-release .field__item"));

/// Drupal fields that are not body text: read on their own, or page metadata.
const NON_BODY_FIELDS: [&str; 8] = [
    "field--name-field-page-footer",
    "field--name-field-page-header",
    "field--name-field-news-location",
    "field--name-field-news-info",
    "field--name-field-date-release",
    "field--name-title",
    "field--name-uid",
    "field--name-created",
];

/// Elements whose content is never text: scripts, styles, and figures (their captions are
/// kept apart).
const SKIPPED: [&str; 10] = [
    "script", "style", "noscript", "template", "head", "title", "figure", "svg", "iframe", "object",
];

/// Elements that start a new paragraph.
const BLOCKS: [&str; 34] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
    "body",
];

fn is_footer(element: ElementRef<'_>) -> bool {
    element.value().classes().any(|class| class == NON_BODY_FIELDS[0])
}

fn is_field_outside_body(element: ElementRef<'_>) -> bool {
    element.value().classes().any(|class| NON_BODY_FIELDS.contains(&class))
}

/// One paragraph, and whether it opens with bold text (a dateline: "**WASHINGTON** –").
struct Block {
    text: String,
    bold_start: bool,
}

/// Paragraphs being gathered.
#[derive(Default)]
struct Blocks {
    blocks: Vec<Block>,
    current: String,
    /// Whether the current paragraph's first text was bold, once it has text.
    bold_start: Option<bool>,
    /// How many `<strong>`/`<b>` elements enclose the walk.
    bold: usize,
}

impl Blocks {
    fn push_text(&mut self, text: &str) {
        if self.bold_start.is_none() && !text.trim().is_empty() {
            self.bold_start = Some(self.bold > 0);
        }
        self.current.push_str(text);
    }

    fn flush(&mut self) {
        let text = normalize_space(&self.current);
        if !text.is_empty() {
            self.blocks.push(Block { text, bold_start: self.bold_start.unwrap_or(false) });
        }
        self.current.clear();
        self.bold_start = None;
    }
}

/// The paragraphs of `element`, without figures or the footer.
fn blocks(element: ElementRef<'_>) -> Vec<Block> {
    blocks_skipping(element, is_footer)
}

fn blocks_skipping(element: ElementRef<'_>, skip: fn(ElementRef<'_>) -> bool) -> Vec<Block> {
    let mut blocks = Blocks::default();
    walk(*element, skip, &mut blocks);
    blocks.flush();
    blocks.blocks
}

/// Gathers the paragraphs under `node` in one pass over its edges (no recursion, so no depth
/// can exhaust the stack), leaving out skipped elements and what `skip` says.
fn walk(node: NodeRef<'_, Node>, skip: fn(ElementRef<'_>) -> bool, blocks: &mut Blocks) {
    // The element whose subtree is being left out, until it closes.
    let mut skipping = None;
    for edge in node.traverse() {
        let (child, open) = match edge {
            Edge::Open(child) => (child, true),
            Edge::Close(child) => (child, false),
        };
        if child == node {
            continue;
        }
        if let Some(skipped) = skipping {
            if !open && child.id() == skipped {
                skipping = None;
            }
            continue;
        }
        match child.value() {
            Node::Text(text) if open => blocks.push_text(text),
            Node::Element(element) => {
                let name = element.name();
                if open && (SKIPPED.contains(&name) || ElementRef::wrap(child).is_some_and(skip)) {
                    skipping = Some(child.id());
                    continue;
                }
                if open && matches!(name, "br" | "td" | "th" | "img") {
                    blocks.current.push(' ');
                }
                if BLOCKS.contains(&name) {
                    blocks.flush();
                }
                let bold = usize::from(matches!(name, "strong" | "b"));
                if open {
                    blocks.bold += bold;
                } else {
                    blocks.bold -= bold;
                }
            }
            _ => {}
        }
    }
}

fn field_text(root: ElementRef<'_>, selector: &Selector) -> Option<String> {
    let element = root.select(selector).next()?;
    Some(normalize_space(&element.text().collect::<String>())).filter(|text| !text.is_empty())
}

/// `Wed, 09/27/2023` (Drupal's MM/DD/YYYY, after an optional weekday) or `2023-09-27`.
fn parse_release_date(text: &str) -> Option<NaiveDate> {
    text.split(|c: char| c.is_whitespace() || c == ',').find_map(|token| {
        NaiveDate::parse_from_str(token, "%m/%d/%Y")
            .or_else(|_| NaiveDate::parse_from_str(token, "%Y-%m-%d"))
            .ok()
    })
}

fn join(blocks: &[Block], separator: &str) -> String {
    blocks.iter().map(|block| block.text.as_str()).collect::<Vec<_>>().join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOOTER: &str = r#"<div class="field field--name-field-page-footer"><p><em>U.S. Customs and Border Protection is the unified border agency.</em></p></div>"#;

    /// `expected` is the page's fields, one `name: value` line each, empty ones left out;
    /// body paragraphs are joined with ` | `.
    fn check(html: &str, expected: &str) {
        let page = html_to_text(html);
        let mut lines = Vec::new();
        if let Some(summary) = &page.summary {
            lines.push(format!("summary: {summary}"));
        }
        if !page.body.is_empty() {
            lines.push(format!("body: {}", page.body.replace("\n\n", " | ")));
        }
        for caption in &page.captions {
            lines.push(format!("caption: {caption}"));
        }
        if let Some(location) = &page.location {
            lines.push(format!("location: {location}"));
        }
        if let Some(contact) = &page.contact {
            lines.push(format!("contact: {contact}"));
        }
        if let Some(date) = page.release_date {
            lines.push(format!("release_date: {date}"));
        }
        assert_eq!(lines.join("\n"), expected.trim(), "html_to_text({html:?})");
    }

    #[test]
    fn plain_html_is_the_body() {
        check("<p>One.</p><p>Two &amp; three.</p>", "body: One. | Two & three.");
        check("just text", "body: just text");
        check("", "");
        check("<p> </p><p>\u{a0}</p>", "");
        check("<p>a  b\n\tc</p>", "body: a b c");
        check("<p>D<em>ireccion</em> Nacional</p>", "body: Direccion Nacional");
        check("<p>line<br>break</p>", "body: line break");
        check("<h2>Head</h2><ul><li>one</li><li>two</li></ul>", "body: Head | one | two");
        check("<p>unclosed <b>bold<p>next", "body: unclosed bold | next");
        check("<script>var x = 1;</script><style>p{}</style><p>kept</p>", "body: kept");
        check("<table><tr><td>a</td><td>b</td></tr></table>", "body: a b");
        check("<html><head><title>T</title></head><body><p>page</p></body></html>", "body: page");
    }

    #[test]
    fn drupal_fields() {
        check(
            r#"<span class="field field--name-title">Title</span>
            <div class="field field--name-field-page-header"><p><em>The summary.</em></p></div>
            <div class="field field--name-body"><p>Body one.</p> <p>Body two.</p></div>"#,
            "summary: The summary.\nbody: Body one. | Body two.",
        );
        check(
            r#"<div class="field--name-field-page-header"><p><em>Summary</em></p>
            <p><strong>ANAHEIM</strong>— Today, CBP signed.</p></div>
            <div class="field--name-body"><p>More.</p></div>"#,
            "summary: Summary\nbody: ANAHEIM— Today, CBP signed. | More.",
        );
        check(
            r#"<div class="field--name-field-page-header"><p><strong>WASHINGTON </strong>— Lede.</p></div>
            <div class="field--name-body"><p>More.</p></div>"#,
            "body: WASHINGTON — Lede. | More.",
        );
        check(
            r#"<div class="field--name-field-page-header"><h2>A subtitle</h2></div>
            <div class="field--name-body"><p><b>CITY</b> – Text.</p></div>"#,
            "summary: A subtitle\nbody: CITY – Text.",
        );
        check(
            r#"<div class="field--name-field-news-info"><div class="field__label">For More Information</div>
            <div class="field__item">(202) 344-1780</div></div>
            <div class="field--name-body"><p>Text.</p></div>
            <div class="field--name-field-date-release"><div class="field__label">Release Date</div>
            <div class="field__item">Wed, 09/27/2023</div></div>
            <div class="field field--name-field-news-location field__item">San Diego, CA</div>"#,
            "body: Text.\nlocation: San Diego, CA\ncontact: (202) 344-1780\nrelease_date: 2023-09-27",
        );
    }

    #[test]
    fn figures_go_to_captions_and_the_footer_nowhere() {
        let html = format!(
            r#"<div class="field--name-body"><p>Before.</p><figure><div><img alt="photo"></div>
            <figcaption>The  caption.</figcaption></figure><p>After.</p></div>{FOOTER}"#
        );
        check(&html, "body: Before. | After.\ncaption: The caption.");
        // Without Drupal fields the footer is still left out, structurally.
        check(&format!("<p>Text.</p>{FOOTER}"), "body: Text.");
        check(
            &format!(r#"<span class="field--name-title">T</span><p>Only text.</p>{FOOTER}"#),
            "body: Only text.",
        );
    }

    #[test]
    fn release_dates() {
        let check_date = |text: &str, expected: Option<&str>| {
            let expected = expected.map(|date| date.parse::<NaiveDate>().unwrap());
            assert_eq!(parse_release_date(text), expected, "{text:?}");
        };
        check_date("Wed, 09/27/2023", Some("2023-09-27"));
        check_date("09/27/2023", Some("2023-09-27"));
        check_date("2023-09-27", Some("2023-09-27"));
        check_date("Wed, 13/27/2023", None);
        check_date("soon", None);
    }
}
