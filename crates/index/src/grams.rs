//! Common grams: a two-word index for phrases of common words (issue 16), as Lucene's
//! `CommonGramsFilter` and Xapian do it.
//!
//! A phrase such as `"port of entry"` is costly because "of" is in nearly every release, many
//! times: matching the phrase decodes every position of "of" in every release that also holds
//! "port" and "entry". So each text field has a shadow field (`title_grams`, `body_grams`, ...),
//! indexed with the [`EN_GRAMS`] analyzer: the `en_stem` tokens, of which only the pairs of
//! adjacent tokens where at least one is a [`COMMON_WORDS`] stem are kept, as one term
//! `"port of"` at the position of the first word. A pair is kept only when its two tokens are
//! at consecutive positions (a dropped long word between them breaks it, as it breaks the phrase
//! in the text field), and never across two values of a field (Tantivy starts each value past
//! the last one).
//!
//! The shadow field holds positions aligned with its text field, so a phrase is matched on a
//! mix of the two: `"port of entry"` becomes `"port of"` at 0 and `"of entry"` at 1, both short
//! postings with one or two positions a release ([`phrase_cover`]); a phrase without a common
//! word is searched as before. The shadow fields have no field norms: a phrase is still scored
//! with its text field's norms and its words' statistics (`searcher::gram_phrase`), so scores
//! are the plain phrase query's.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The analyzer of the gram fields: the `en_stem` analyzer's tokens, then [`CommonGrams`]
/// (built in `schema`, whose tests check them together).
pub(crate) const EN_GRAMS: &str = "en_grams";

/// The stems a pair must hold one of to be indexed as a gram, sorted (binary search).
///
/// The 33 English stop words of Lucene's `EnglishAnalyzer` (each is its own Snowball stem),
/// checked against the bundled snapshot and the 100k generated corpus: every one of them is
/// among the most frequent terms by number of positions, and those terms cost the most in a
/// phrase. BENCHMARKS.md ("Phrases: a two-word index") has the numbers.
pub(crate) const COMMON_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// Whether `stem` is one of [`COMMON_WORDS`]: asked for every token of every text indexed, so
/// it compares integers, not strings (a binary search of the strings was 4% of a first index's
/// instructions).
pub(crate) fn is_common(stem: &str) -> bool {
    stem.len() <= 8 && PACKED_COMMON_WORDS.binary_search(&pack(stem.as_bytes())).is_ok()
}

/// A word of at most 8 bytes as an integer, its first byte the most significant and zeros
/// after its end: the integers sort as the words do, and (no word holding a zero byte) two
/// words give the same integer only when they are the same.
const fn pack(word: &[u8]) -> u64 {
    let mut packed = 0u64;
    let mut at = 0;
    while at < 8 {
        packed <<= 8;
        if at < word.len() {
            packed |= word[at] as u64;
        }
        at += 1;
    }
    packed
}

/// [`COMMON_WORDS`] packed, in the same (sorted) order.
const PACKED_COMMON_WORDS: [u64; COMMON_WORDS.len()] = {
    let mut packed = [0; COMMON_WORDS.len()];
    let mut at = 0;
    while at < COMMON_WORDS.len() {
        assert!(COMMON_WORDS[at].len() <= 8, "a common word of more than 8 bytes");
        packed[at] = pack(COMMON_WORDS[at].as_bytes());
        at += 1;
    }
    packed
};

/// The gram term of two adjacent stems: `"port of"`. Tokens never hold a space (the tokenizer
/// splits on it), so a gram never equals a word.
pub(crate) fn gram(first: &str, second: &str) -> String {
    let mut text = String::with_capacity(first.len() + 1 + second.len());
    text.push_str(first);
    text.push(' ');
    text.push_str(second);
    text
}

/// Whether the pair `first second` is indexed as a gram.
pub(crate) fn is_gram_pair(first: &str, second: &str) -> bool {
    is_common(first) || is_common(second)
}

/// One term of a phrase rewritten over grams: a word of the text field, or the gram of the
/// word at that offset and the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CoverTerm {
    /// The word of the text field.
    Word(String),
    /// The gram of the gram field.
    Gram(String),
}

/// The terms that match `tokens` (a phrase, analyzed) where at least one adjacent pair holds a
/// common word, each with its offset: a gram for every such pair, and the words no gram covers.
/// A release matches the phrase at position `p` exactly when every term matches at `p` plus its
/// offset, since a gram at `i` stands for word `i` at `i` and word `i + 1` at `i + 1`. `None`
/// when no pair holds a common word (or the phrase is one word): search the words.
pub(crate) fn phrase_cover(tokens: &[String]) -> Option<Vec<(usize, CoverTerm)>> {
    let grams: Vec<usize> = (0..tokens.len().saturating_sub(1))
        .filter(|&at| is_gram_pair(&tokens[at], &tokens[at + 1]))
        .collect();
    if grams.is_empty() {
        return None;
    }
    let mut covered = vec![false; tokens.len()];
    let mut cover = Vec::with_capacity(tokens.len());
    for &at in &grams {
        covered[at] = true;
        covered[at + 1] = true;
        cover.push((at, CoverTerm::Gram(gram(&tokens[at], &tokens[at + 1]))));
    }
    for (at, token) in tokens.iter().enumerate() {
        if !covered[at] {
            cover.push((at, CoverTerm::Word(token.clone())));
        }
    }
    cover.sort_by_key(|(at, _)| *at);
    Some(cover)
}

/// Token filter: of the tokens before it, only the grams of adjacent pairs that hold a common
/// word (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CommonGrams;

impl TokenFilter for CommonGrams {
    type Tokenizer<T: Tokenizer> = CommonGramsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CommonGramsFilter<T> {
        CommonGramsFilter { inner: tokenizer }
    }
}

/// The tokenizer [`CommonGrams`] makes of the one before it.
#[derive(Clone)]
pub(crate) struct CommonGramsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CommonGramsFilter<T> {
    type TokenStream<'a> = CommonGramsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CommonGramsStream {
            tail: self.inner.token_stream(text),
            previous: None,
            token: Token::default(),
        }
    }
}

/// The token stream of [`CommonGramsFilter`].
pub(crate) struct CommonGramsStream<T> {
    tail: T,
    /// The last token read from `tail`.
    previous: Option<Token>,
    /// The gram handed out.
    token: Token,
}

impl<T: TokenStream> TokenStream for CommonGramsStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let current = self.tail.token();
            let emitted = match &self.previous {
                Some(previous)
                    if previous.position + 1 == current.position
                        && is_gram_pair(&previous.text, &current.text) =>
                {
                    self.token.text.clear();
                    self.token.text.push_str(&previous.text);
                    self.token.text.push(' ');
                    self.token.text.push_str(&current.text);
                    self.token.position = previous.position;
                    self.token.offset_from = previous.offset_from;
                    self.token.offset_to = current.offset_to;
                    self.token.position_length = 2;
                    true
                }
                _ => false,
            };
            match &mut self.previous {
                Some(previous) => previous.clone_from(current),
                None => self.previous = Some(current.clone()),
            }
            if emitted {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn cover(tokens: &[&str]) -> Option<Vec<(usize, CoverTerm)>> {
        phrase_cover(&tokens.iter().map(|token| token.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn a_phrase_is_covered_by_grams_and_the_words_they_leave() {
        let gram = |at, text: &str| (at, CoverTerm::Gram(text.to_string()));
        let word = |at, text: &str| (at, CoverTerm::Word(text.to_string()));
        assert_eq!(
            cover(&["port", "of", "entri"]),
            Some(vec![gram(0, "port of"), gram(1, "of entri")])
        );
        assert_eq!(cover(&["of", "the"]), Some(vec![gram(0, "of the")]));
        assert_eq!(
            cover(&["depart", "of", "homeland", "secur"]),
            Some(vec![gram(0, "depart of"), gram(1, "of homeland"), word(3, "secur"),])
        );
        assert_eq!(cover(&["custom", "mutual", "assist"]), None);
        assert_eq!(cover(&["the"]), None);
        assert_eq!(cover(&[]), None);
    }
}
