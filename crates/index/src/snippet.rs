//! Snippets: one or two fragments of a release's body around the matched words, and the byte
//! ranges of matched words in any text (the title), found with the index's own analyzer so
//! "signings" lights up "signed".

use std::collections::{BTreeMap, BTreeSet};

use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;

/// Characters per fragment.
const FRAGMENT_CHARS: usize = 180;

/// Fragments at most this many bytes apart are shown as one.
const JOIN_GAP: usize = 40;

/// Text to show for a hit, with the matched words marked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// One or two fragments joined by " … ", whitespace collapsed.
    pub text: String,
    /// Byte ranges `(start, end)` of matched words in `text`, in order.
    pub highlights: Vec<(usize, usize)>,
}

/// What to mark in a hit: single analyzed words anywhere, and phrases only where their words
/// follow each other (so the acronym expansion "customs mutual assistance agreement" does not
/// light up every "mutual").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Highlight {
    /// Analyzed words to mark wherever they occur.
    pub(crate) words: BTreeSet<String>,
    /// Analyzed word sequences to mark where they occur in order.
    pub(crate) phrases: Vec<Vec<String>>,
}

/// Byte ranges of the words of `text` that `highlight` marks.
pub(crate) fn highlight_terms(
    analyzer: &TextAnalyzer,
    text: &str,
    highlight: &Highlight,
) -> Vec<(usize, usize)> {
    let mut analyzer = analyzer.clone();
    let mut stream = analyzer.token_stream(text);
    let mut tokens: Vec<(String, usize, usize)> = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push((token.text.clone(), token.offset_from, token.offset_to));
    }
    let mut marked: Vec<bool> =
        tokens.iter().map(|(word, _, _)| highlight.words.contains(word)).collect();
    for phrase in highlight.phrases.iter().filter(|phrase| !phrase.is_empty()) {
        for start in 0..tokens.len().saturating_sub(phrase.len() - 1) {
            let window = &tokens[start..start + phrase.len()];
            if window.iter().zip(phrase).all(|((word, _, _), expected)| word == expected) {
                marked[start..start + phrase.len()].fill(true);
            }
        }
    }
    tokens
        .iter()
        .zip(marked)
        .filter(|(_, marked)| *marked)
        .map(|((_, from, to), _)| (*from, *to))
        .collect()
}

/// The best one or two fragments of `body` around `terms`; the start of `fallback` (or of
/// `body`) when no term occurs in the body.
pub(crate) fn make_snippet(
    analyzer: &TextAnalyzer,
    body: &str,
    fallback: &str,
    highlight: &Highlight,
) -> Snippet {
    // Fragments are chosen on every word that could match; marks are then exact.
    let weights: BTreeMap<String, f32> = highlight
        .words
        .iter()
        .chain(highlight.phrases.iter().flatten())
        .map(|term| (term.clone(), 1.0))
        .collect();
    // The field is only used by `snippet_from_doc`, which is not called.
    let generator =
        SnippetGenerator::new(weights, analyzer.clone(), Field::from_field_id(0), FRAGMENT_CHARS);
    let first = generator.snippet(body);
    let mut fragments = Vec::new();
    if !first.highlighted().is_empty() {
        let range = first.fragment_range();
        let second = generator.snippet(&body[range.end..]);
        let second_range = second.fragment_range();
        let (second_start, second_end) =
            (range.end + second_range.start, range.end + second_range.end);
        if second.highlighted().is_empty() {
            fragments.push(collapse_whitespace(first.fragment()));
        } else if second_start - range.end <= JOIN_GAP {
            // Fragments a few words apart read better as one.
            fragments.push(collapse_whitespace(&body[range.start..second_end]));
        } else {
            fragments.push(collapse_whitespace(first.fragment()));
            fragments.push(collapse_whitespace(second.fragment()));
        }
    }
    let text = if fragments.is_empty() {
        let lead = if fallback.trim().is_empty() { body } else { fallback };
        leading_words(&collapse_whitespace(lead), FRAGMENT_CHARS)
    } else {
        fragments.join(" … ")
    };
    let highlights = highlight_terms(analyzer, &text, highlight);
    Snippet { text, highlights }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of `text` that fit in `max_chars`, with "…" when cut.
fn leading_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push_str(" …");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::en_stem_analyzer;

    /// Renders the snippet with matched words in brackets.
    fn words(terms: &[&str]) -> Highlight {
        Highlight {
            words: terms.iter().map(|term| (*term).to_string()).collect(),
            phrases: Vec::new(),
        }
    }

    fn check(body: &str, terms: &[&str], expected: &str) {
        check_highlight(body, &words(terms), expected);
    }

    fn check_highlight(body: &str, highlight: &Highlight, expected: &str) {
        let snippet = make_snippet(&en_stem_analyzer(), body, "", highlight);
        let mut rendered = String::new();
        let mut at = 0;
        for (start, end) in &snippet.highlights {
            rendered.push_str(&snippet.text[at..*start]);
            rendered.push('[');
            rendered.push_str(&snippet.text[*start..*end]);
            rendered.push(']');
            at = *end;
        }
        rendered.push_str(&snippet.text[at..]);
        assert_eq!(rendered, expected);
    }

    #[test]
    fn fragments_mark_stemmed_matches() {
        // Fragments run from the first to the last token of Tantivy's best window.
        check("The officials signed it.", &["sign"], "The officials [signed] it");
        check("Signing\n\nceremony, signings.", &["sign"], "[Signing] ceremony, [signings]");
        check("Nothing here.", &["sign"], "Nothing here.");
        check("", &["sign"], "");
        let long =
            format!("{} agreement {} agreement end", "word ".repeat(60), "filler ".repeat(60));
        let expected_fragments = 2;
        let snippet = make_snippet(&en_stem_analyzer(), &long, "", &words(&["agreement"]));
        assert_eq!(snippet.text.matches(" … ").count() + 1, expected_fragments, "{}", snippet.text);
        assert_eq!(snippet.highlights.len(), 2);
        for (start, end) in snippet.highlights {
            assert_eq!(&snippet.text[start..end], "agreement");
        }
    }

    #[test]
    fn phrases_are_marked_only_in_order() {
        let phrase = Highlight {
            words: BTreeSet::new(),
            phrases: vec![vec!["mutual".to_string(), "assist".to_string()]],
        };
        check_highlight(
            "Mutual assistance, mutual recognition.",
            &phrase,
            "[Mutual] [assistance], mutual recognition",
        );
        check_highlight("Assistance is mutual.", &phrase, "Assistance is mutual");
    }

    #[test]
    fn without_a_match_the_lead_is_shown() {
        let terms = words(&["zebra"]);
        let body = "word ".repeat(100);
        let snippet = make_snippet(&en_stem_analyzer(), &body, "The summary.", &terms);
        assert_eq!(snippet.text, "The summary.");
        let snippet = make_snippet(&en_stem_analyzer(), &body, "", &terms);
        assert!(snippet.text.ends_with(" …") && snippet.text.chars().count() <= 182);
        assert!(snippet.highlights.is_empty());
    }
}
