//! Snippets: one or two fragments of a release's body around the matched words, and the byte
//! ranges of matched words in any text (the title), found with the index's own analyzer so
//! "signings" lights up "signed".
//!
//! Fragments are chosen as Tantivy's `SnippetGenerator` chooses them (consecutive windows of
//! [`FRAGMENT_CHARS`] bytes cut at word starts, the one with most matched words first, the
//! earliest on ties), but without stemming every word of the body: stemming was most of the
//! time of a search. The English stemmer only rewrites the end of a word, so a word can stem
//! to a searched stem only if it starts with that stem less its last few letters (its
//! [`probe`]); only the words that do are stemmed, with the index's analyzer, to decide.

use std::collections::BTreeSet;

use pressdex_ingest::normalize_space;
use tantivy::tokenizer::TextAnalyzer;

use crate::schema::LONG_WORD_BYTES;

/// Bytes per fragment.
const FRAGMENT_CHARS: usize = 180;

/// Fragments at most this many bytes apart are shown as one.
const JOIN_GAP: usize = 40;

/// Letters at the end of a stem that may differ from the word it comes from: the Snowball
/// English stemmer rewrites at most the last two ("dying" -> "die", "possibility" ->
/// "possible"), one more for safety.
const STEM_TAIL: usize = 3;

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

impl Highlight {
    /// Marks `tokens`: where they follow each other when `in_sequence` and there are several
    /// (a phrase), else each wherever it occurs.
    pub(crate) fn add(&mut self, tokens: &[String], in_sequence: bool) {
        if in_sequence && tokens.len() > 1 {
            self.phrases.push(tokens.to_vec());
        } else {
            self.words.extend(tokens.iter().cloned());
        }
    }
}

/// A [`Highlight`] ready to be looked for in many texts: what each word of a text must start
/// with to be worth stemming, and the analyzer that decides.
pub(crate) struct Highlighter<'a> {
    highlight: &'a Highlight,
    /// Every analyzed word of the highlight, single or in a phrase: fragments are chosen on
    /// all of them.
    terms: BTreeSet<&'a str>,
    /// The ASCII [`probe`]s of `terms`.
    probes: Vec<&'a str>,
    analyzer: TextAnalyzer,
}

/// A word of a text: its byte range and the searched word it stems to, if any.
struct Word<'a> {
    from: usize,
    to: usize,
    term: Option<&'a str>,
}

/// A fragment: a byte range of the text and the number of matched words in it.
struct Fragment {
    start: usize,
    stop: usize,
    score: usize,
}

impl<'a> Highlighter<'a> {
    /// Looks for `highlight` with `analyzer`, the analyzer of the index.
    pub(crate) fn new(analyzer: &TextAnalyzer, highlight: &'a Highlight) -> Highlighter<'a> {
        let terms: BTreeSet<&str> = highlight
            .words
            .iter()
            .chain(highlight.phrases.iter().flatten())
            .map(String::as_str)
            .collect();
        // An ASCII word stems to an ASCII stem; other words are always stemmed.
        let mut probes: Vec<&str> =
            terms.iter().map(|term| probe(term)).filter(|probe| probe.is_ascii()).collect();
        probes.sort_unstable();
        probes.dedup();
        Highlighter { highlight, terms, probes, analyzer: analyzer.clone() }
    }

    /// Byte ranges of the words of `text` that the highlight marks: its single words anywhere,
    /// its phrases where their words follow each other.
    pub(crate) fn marks(&mut self, text: &str) -> Vec<(usize, usize)> {
        let words = self.words(text);
        let mut marked: Vec<bool> = words
            .iter()
            .map(|word| word.term.is_some_and(|term| self.highlight.words.contains(term)))
            .collect();
        for phrase in self.highlight.phrases.iter().filter(|phrase| !phrase.is_empty()) {
            for start in 0..words.len().saturating_sub(phrase.len() - 1) {
                let window = &words[start..start + phrase.len()];
                if window.iter().zip(phrase).all(|(word, expected)| word.term == Some(expected)) {
                    marked[start..start + phrase.len()].fill(true);
                }
            }
        }
        words
            .iter()
            .zip(marked)
            .filter(|(_, marked)| *marked)
            .map(|(word, _)| (word.from, word.to))
            .collect()
    }

    /// The words of `text` as the analyzer sees them (too long ones dropped), each with the
    /// searched word it stems to; only words that start with a probe are stemmed.
    fn words(&mut self, text: &str) -> Vec<Word<'a>> {
        let mut words = Vec::new();
        for (from, to) in word_ranges(text) {
            // Dropped by the analyzer: neither matches nor counts in fragments.
            if to - from >= LONG_WORD_BYTES {
                continue;
            }
            let word = &text[from..to];
            let term = if self.may_match(word) { self.term_of(word) } else { None };
            words.push(Word { from, to, term });
        }
        words
    }

    fn may_match(&self, word: &str) -> bool {
        !word.is_ascii()
            || self.probes.iter().any(|probe| {
                word.len() >= probe.len()
                    && word.as_bytes()[..probe.len()].eq_ignore_ascii_case(probe.as_bytes())
            })
    }

    /// The searched word that `word` (one word) stems to.
    fn term_of(&mut self, word: &str) -> Option<&'a str> {
        let mut stream = self.analyzer.token_stream(word);
        let mut term = None;
        while let Some(token) = stream.next() {
            term = self.terms.get(token.text.as_str()).copied();
        }
        term
    }
}

/// What a word must start with (in any case) to stem to `stem`: `stem` less its last
/// [`STEM_TAIL`] letters, and at least its first letter, which stemming never changes.
fn probe(stem: &str) -> &str {
    let letters = stem.chars().count();
    let keep = letters.saturating_sub(STEM_TAIL).max(1);
    let end = stem.char_indices().nth(keep).map_or(stem.len(), |(at, _)| at);
    &stem[..end]
}

/// Byte ranges of the words of `text` as Tantivy's `SimpleTokenizer` cuts them: runs of
/// alphanumeric characters.
fn word_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() {
            let (alphanumeric, width) = char_at(text, at);
            if alphanumeric {
                break;
            }
            at += width;
        }
        if at >= text.len() {
            return None;
        }
        let from = at;
        while at < text.len() {
            let (alphanumeric, width) = char_at(text, at);
            if !alphanumeric {
                break;
            }
            at += width;
        }
        Some((from, at))
    })
}

/// Whether the character at byte `at` (a character boundary) is alphanumeric, and its width.
fn char_at(text: &str, at: usize) -> (bool, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        return (byte.is_ascii_alphanumeric(), 1);
    }
    match text[at..].chars().next() {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, 1),
    }
}

/// The fragment with most matched words among `words` (those of the text from byte `start`
/// on), the earliest on ties; fragments are cut as Tantivy's `SnippetGenerator` cuts them.
fn best_fragment(words: &[Word<'_>], start: usize) -> Option<Fragment> {
    let mut best: Option<Fragment> = None;
    let keep = |fragment: Fragment, best: &mut Option<Fragment>| {
        if fragment.score > 0 && best.as_ref().is_none_or(|best| fragment.score > best.score) {
            *best = Some(fragment);
        }
    };
    let mut current = Fragment { start, stop: start, score: 0 };
    for word in words {
        if word.to - current.start > FRAGMENT_CHARS {
            let next = Fragment { start: word.from, stop: word.from, score: 0 };
            keep(std::mem::replace(&mut current, next), &mut best);
        }
        current.stop = word.to;
        current.score += usize::from(word.term.is_some());
    }
    keep(current, &mut best);
    best
}

/// The best one or two fragments of `body` around the highlight's words; the start of
/// `fallback` (or of `body`) when none occurs in the body.
pub(crate) fn make_snippet(
    highlighter: &mut Highlighter<'_>,
    body: &str,
    fallback: &str,
) -> Snippet {
    let words = highlighter.words(body);
    let mut fragments = Vec::new();
    if let Some(first) = best_fragment(&words, 0) {
        let rest = words.partition_point(|word| word.from < first.stop);
        match best_fragment(&words[rest..], first.stop) {
            None => fragments.push(normalize_space(&body[first.start..first.stop])),
            // Fragments a few words apart read better as one.
            Some(second) if second.start - first.stop <= JOIN_GAP => {
                fragments.push(normalize_space(&body[first.start..second.stop]));
            }
            Some(second) => {
                fragments.push(normalize_space(&body[first.start..first.stop]));
                fragments.push(normalize_space(&body[second.start..second.stop]));
            }
        }
    }
    let text = if fragments.is_empty() {
        let lead = if fallback.trim().is_empty() { body } else { fallback };
        leading_words(&normalize_space(lead), FRAGMENT_CHARS)
    } else {
        fragments.join(" … ")
    };
    let highlights = highlighter.marks(&text);
    Snippet { text, highlights }
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

    fn snippet_of(body: &str, fallback: &str, highlight: &Highlight) -> Snippet {
        make_snippet(&mut Highlighter::new(&en_stem_analyzer(), highlight), body, fallback)
    }

    fn check_highlight(body: &str, highlight: &Highlight, expected: &str) {
        let snippet = snippet_of(body, "", highlight);
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
        let snippet = snippet_of(&long, "", &words(&["agreement"]));
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
        let snippet = snippet_of(&body, "The summary.", &terms);
        assert_eq!(snippet.text, "The summary.");
        let snippet = snippet_of(&body, "", &terms);
        assert!(snippet.text.ends_with(" …") && snippet.text.chars().count() <= 182);
        assert!(snippet.highlights.is_empty());
    }

    /// The releases of the bundled snapshot.
    fn bundled_releases() -> Vec<pressdex_ingest::PressRelease> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../index-data/feeds/cbp-international-operations.xml"
        );
        let bytes = std::fs::read(path).expect("the bundled snapshot");
        let (items, _) = pressdex_ingest::parse_feed(path, &bytes);
        assert!(items.len() >= 10, "{} items", items.len());
        items.into_iter().map(pressdex_ingest::build_release).collect()
    }

    #[test]
    fn every_word_starts_with_the_probe_of_its_stem() {
        // What lets only probed words be stemmed: checked on every word of the real snapshot.
        let mut analyzer = en_stem_analyzer();
        let mut checked = 0;
        for release in bundled_releases() {
            for text in [&release.title, &release.body] {
                for (from, to) in word_ranges(text) {
                    let word = &text[from..to];
                    let mut stream = analyzer.token_stream(word);
                    while let Some(token) = stream.next() {
                        let probe = probe(&token.text);
                        assert!(
                            word.to_lowercase().starts_with(probe),
                            "{word:?} stems to {:?}, probe {probe:?}",
                            token.text
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 2_000, "{checked} words");
    }

    #[test]
    fn fragments_are_the_ones_tantivy_chooses() {
        // The same fragment as Tantivy's SnippetGenerator over the whole body, on real releases.
        let queries: [&[&str]; 5] = [
            &["smuggl"],
            &["agreement", "custom"],
            &["mexico", "sign"],
            &["cbp"],
            &["intern", "oper", "offic"],
        ];
        let analyzer = en_stem_analyzer();
        let mut compared = 0;
        for release in bundled_releases() {
            for terms in queries {
                let weights = terms.iter().map(|term| ((*term).to_string(), 1.0)).collect();
                let generator = tantivy::snippet::SnippetGenerator::new(
                    weights,
                    analyzer.clone(),
                    tantivy::schema::Field::from_field_id(0),
                    FRAGMENT_CHARS,
                );
                let expected = generator.snippet(&release.body);
                let highlight = words(terms);
                let mut highlighter = Highlighter::new(&analyzer, &highlight);
                let found = best_fragment(&highlighter.words(&release.body), 0);
                match found {
                    Some(fragment) => {
                        assert_eq!(
                            fragment.start..fragment.stop,
                            expected.fragment_range(),
                            "{terms:?} in {}",
                            release.guid
                        );
                        compared += 1;
                    }
                    None => assert!(expected.highlighted().is_empty(), "{}", release.guid),
                }
            }
        }
        assert!(compared > 20, "{compared} fragments compared");
    }

    #[test]
    fn words_are_cut_like_the_simple_tokenizer() {
        let check = |text: &str, expected: &[&str]| {
            let found: Vec<&str> = word_ranges(text).map(|(from, to)| &text[from..to]).collect();
            assert_eq!(found, expected);
        };
        check(
            "U.S.-Mexico, 2024: señor Müller's",
            &["U", "S", "Mexico", "2024", "señor", "Müller", "s"],
        );
        check("  ", &[]);
        check("end", &["end"]);
    }
}
