//! Parsing a page into a tree in bounded depth, size and time.
//!
//! html5ever's tree builder follows the HTML standard, which has no depth limit: 20,000 nested
//! `<b>` make 20,000 open elements, and every start tag scans that stack ("has a `p` element in
//! button scope"), so 40,000 nested `<div>`s take seconds and 780,000 never finish. The
//! standard's "reconstruct the active formatting elements" can also re-open every unclosed
//! `<b id=..>` in each new paragraph, which makes the tree quadratic in the input.
//!
//! So the tokens go through a [`Guard`] on their way from html5ever's tokenizer to its tree
//! builder. Before each start tag it counts what the tree builder holds (its open elements and
//! active formatting elements, through `trace_handles`); at [`MAX_OPEN`] it drops the tag and
//! keeps its text (the page is *flattened*), so no scan costs more than [`MAX_OPEN`] steps and
//! the tree is never deeper than about twice that. Once the tree holds [`MAX_NODES`] nodes, the
//! rest of the page is read as plain text, paragraph by block element, without a tree. Both are
//! reported as [`Flattened`].

use std::cell::{Cell, RefCell};

use ego_tree::NodeId;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{Tracer, TreeBuilder, TreeBuilderOpts, TreeSink, create_element};
use html5ever::{LocalName, QualName, TokenizerResult, local_name, ns};
use scraper::Html;
use scraper::html::HtmlTreeSink;

use super::{BLOCKS, SKIPPED};

/// Most elements the tree builder may hold at once (open, plus active formatting elements)
/// before a start tag is dropped. Real pages nest 10 to 30 deep.
pub(crate) const MAX_OPEN: usize = 128;

/// Most nodes in the tree; the rest of a larger page is read as plain text. A 100 KB release
/// has about 2,000.
pub(crate) const MAX_NODES: usize = 1 << 18;

/// How a page was simplified to stay within the limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flattened {
    /// Start tags dropped because 128 elements were open (their text is kept).
    pub dropped_tags: usize,
    /// Whether the tree reached 2^18 nodes, so the rest was read as plain text.
    pub node_limit: bool,
}

impl Flattened {
    /// Whether anything was simplified.
    pub fn any(self) -> bool {
        self.dropped_tags > 0 || self.node_limit
    }
}

/// A parsed page: its tree, the text past the node limit (paragraphs), and what was
/// simplified.
pub(super) struct Parsed {
    pub(super) html: Html,
    pub(super) tail: Vec<String>,
    pub(super) flattened: Flattened,
}

/// Parses `html` as the body of a page (what scraper's `Html::parse_fragment` does), within the
/// limits above.
pub(super) fn parse(html: &str) -> Parsed {
    let sink = HtmlTreeSink::new(Html::new_fragment());
    let context =
        create_element(&sink, QualName::new(None, ns!(html), local_name!("body")), vec![]);
    let builder = TreeBuilder::new_for_fragment(sink, context, None, TreeBuilderOpts::default());
    let opts = TokenizerOpts {
        initial_state: Some(builder.tokenizer_state_for_context_elem(false)),
        ..TokenizerOpts::default()
    };
    let tokenizer = Tokenizer::new(Guard::new(builder), opts);
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // A `<script>` stops the tokenizer so a browser can run it; there is nothing to run.
    while let TokenizerResult::Script(_) = tokenizer.feed(&input) {}
    tokenizer.end();
    let guard = tokenizer.sink;
    let flattened = Flattened {
        dropped_tags: guard.dropped_tags.get(),
        node_limit: guard.plain.borrow().is_some(),
    };
    let tail = guard.plain.into_inner().map(|plain| plain.paragraphs).unwrap_or_default();
    Parsed { html: guard.builder.sink.finish(), tail, flattened }
}

/// Stands between the tokenizer and the tree builder: see the module documentation.
struct Guard {
    builder: TreeBuilder<NodeId, HtmlTreeSink>,
    dropped_tags: Cell<usize>,
    /// Set once the tree is full: the text read since, without a tree.
    plain: RefCell<Option<PlainText>>,
}

impl Guard {
    fn new(builder: TreeBuilder<NodeId, HtmlTreeSink>) -> Guard {
        Guard { builder, dropped_tags: Cell::new(0), plain: RefCell::new(None) }
    }

    /// The elements the tree builder holds: open, active formatting (and a few fixed ones).
    fn held(&self) -> usize {
        let count = Count(Cell::new(0));
        self.builder.trace_handles(&count);
        count.0.get()
    }

    fn nodes(&self) -> usize {
        self.builder.sink.0.borrow().tree.nodes().len()
    }
}

impl TokenSink for Guard {
    type Handle = NodeId;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<NodeId> {
        if let Some(plain) = self.plain.borrow_mut().as_mut() {
            return plain.token(token);
        }
        match &token {
            // Parse errors are not read, and a page can hold one per byte.
            Token::ParseError(_) => return TokenSinkResult::Continue,
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                if self.nodes() >= MAX_NODES {
                    let mut plain = PlainText::default();
                    let result = plain.token(token);
                    *self.plain.borrow_mut() = Some(plain);
                    return result;
                }
                if self.held() >= MAX_OPEN {
                    self.dropped_tags.set(self.dropped_tags.get() + 1);
                    return TokenSinkResult::Continue;
                }
            }
            _ => {}
        }
        self.builder.process_token(token, line_number)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.plain.borrow().is_none()
            && self.builder.adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Counts the handles the tree builder traces.
struct Count(Cell<usize>);

impl Tracer for Count {
    type Handle = NodeId;

    fn trace_handle(&self, _: &NodeId) {
        self.0.set(self.0.get() + 1);
    }
}

/// The text of the tokens past the node limit: paragraphs split at block elements, without
/// the content of skipped elements (scripts, styles).
#[derive(Default)]
struct PlainText {
    paragraphs: Vec<String>,
    current: String,
    /// Inside this skipped element.
    skipping: Option<LocalName>,
}

impl PlainText {
    fn token(&mut self, token: Token) -> TokenSinkResult<NodeId> {
        match token {
            Token::CharacterTokens(text) if self.skipping.is_none() => self.current.push_str(&text),
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                match (tag.kind, &self.skipping) {
                    (TagKind::EndTag, Some(skipped)) if *skipped == tag.name => {
                        self.skipping = None;
                    }
                    (_, Some(_)) => {}
                    (TagKind::StartTag, None) if SKIPPED.contains(&name) => {
                        self.skipping = Some(tag.name.clone());
                    }
                    _ if BLOCKS.contains(&name) => self.flush(),
                    _ => self.current.push(' '),
                }
            }
            Token::EOFToken => self.flush(),
            _ => {}
        }
        TokenSinkResult::Continue
    }

    fn flush(&mut self) {
        let text = crate::normalize_space(&self.current);
        if !text.is_empty() {
            self.paragraphs.push(text);
        }
        self.current.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deepest element of the parsed tree, and its node count.
    fn shape(html: &str) -> (usize, usize, Flattened, String) {
        let parsed = parse(html);
        let tree = &parsed.html.tree;
        let depth = tree.nodes().map(|node| node.ancestors().count()).max().unwrap_or(0);
        let text: String = parsed.html.root_element().text().collect();
        let text = format!("{text}|{}", parsed.tail.join("|"));
        (depth, tree.nodes().len(), parsed.flattened, text)
    }

    fn nested(open: &str, close: &str, count: usize, inner: &str) -> String {
        format!("{}{inner}{}", open.repeat(count), close.repeat(count))
    }

    #[test]
    fn deep_nesting_is_flattened_to_the_limit() {
        for (open, close) in [("<b>", "</b>"), ("<span>", "</span>"), ("<div>", "</div>")] {
            for count in [MAX_OPEN / 2, 20_000, 40_000] {
                let html = nested(open, close, count, "deep text");
                let (depth, nodes, flattened, text) = shape(&html);
                assert!(depth <= 2 * MAX_OPEN + 8, "{open} x {count}: depth {depth}");
                assert!(nodes <= count + 8, "{open} x {count}: {nodes} nodes");
                assert!(text.contains("deep text"), "{open} x {count}: text lost");
                assert_eq!(flattened.any(), count > MAX_OPEN, "{open} x {count}: {flattened:?}");
            }
        }
    }

    #[test]
    fn unclosed_formatting_in_every_paragraph_stays_linear() {
        // Each paragraph re-opens every earlier `<b>` (they differ, so the standard's limit of
        // three identical ones does not apply).
        let html: String =
            (0..20_000).map(|index| format!("<p><b id={index}>{index}</p>")).collect();
        let (depth, nodes, flattened, text) = shape(&html);
        assert!(depth <= 2 * MAX_OPEN + 8, "depth {depth}");
        assert!(nodes <= MAX_NODES + 4 * MAX_OPEN, "{nodes} nodes");
        assert!(flattened.any(), "{flattened:?}");
        assert!(text.contains("19999"), "the last paragraph is read");
    }

    const NESTING: [&str; 24] = [
        "<div>",
        "</div>",
        "<span>",
        "<b>",
        "</b>",
        "<i>",
        "<font>",
        "<nobr>",
        "<a href=x>",
        "<p>",
        "</p>",
        "<li>",
        "<table>",
        "<td>",
        "<select>",
        "<template>",
        "<svg>",
        "<math>",
        "<foreignObject>",
        "<button>",
        "<form>",
        "<script>",
        "text",
        "<br>",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 64, failure_persistence: None, ..Default::default()
        })]

        /// Any soup of the tags that nest, repeated up to 20,000 times: the tree stays within
        /// the limits (so nothing recurses deep) and extraction is deterministic. Run it long
        /// with `PROPTEST_CASES=...` where cargo-fuzz is not available.
        #[test]
        fn any_nesting_soup_stays_within_the_limits(
            parts in proptest::collection::vec(proptest::sample::select(NESTING.to_vec()), 1..12),
            times in 1usize..20_000,
        ) {
            let html = parts.concat().repeat(times);
            let (depth, nodes, _, _) = shape(&html);
            proptest::prop_assert!(depth <= 2 * MAX_OPEN + 8, "depth {}", depth);
            proptest::prop_assert!(nodes <= MAX_NODES + 4 * MAX_OPEN, "{} nodes", nodes);
            proptest::prop_assert_eq!(super::super::html_to_text(&html), super::super::html_to_text(&html));
        }
    }

    #[test]
    fn past_the_node_limit_the_rest_is_plain_text() {
        let html: String = (0..MAX_NODES).map(|index| format!("<p>p{index}<br></p>")).collect();
        let html = format!("{html}<script>hidden()</script><div>last one</div>");
        let parsed = parse(&html);
        assert!(parsed.flattened.node_limit);
        assert!(parsed.html.tree.nodes().len() <= MAX_NODES + 8);
        assert_eq!(parsed.tail.last().map(String::as_str), Some("last one"));
        assert!(!parsed.tail.iter().any(|paragraph| paragraph.contains("hidden")));
    }
}
