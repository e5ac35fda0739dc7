//! Common grams: a two- and three-word index for phrases of common words (issue 16), as
//! Lucene's `CommonGramsFilter` and Xapian do it.
//!
//! A phrase such as `"port of entry"` is costly because "of" is in nearly every release, many
//! times: matching the phrase decodes every position of "of" in every release that also holds
//! "port" and "entry". So each text field has a shadow field (`title_grams`, `body_grams`, ...),
//! indexed with the [`EN_GRAMS`] analyzer: of the `en_stem` tokens, only the pairs of adjacent
//! tokens where at least one is a [`COMMON_WORDS`] stem are kept, as one term `"port of"` at
//! the position of the first word, and the triples of a common word between two that are not,
//! as one term `"port of entri"` (schema 7). A gram is kept only when its tokens are at
//! consecutive positions (a dropped long word between them breaks it, as it breaks the phrase
//! in the text field), and never across two values of a field (Tantivy starts each value past
//! the last one).
//!
//! The shadow field holds positions aligned with its text field, so a phrase is matched on a
//! mix of the two ([`phrase_cover`]): `"port of entry"` is the one term `"port of entri"`, read
//! without positions (its frequency is the phrase's count); `"department of homeland
//! security"` is `"depart of homeland"` at 0 and the word `secur` at 3; `"port of the city"`
//! is three pairs; a phrase without a common word is searched as before. The shadow fields have
//! no field norms: a phrase is still scored with its text field's norms and its words'
//! statistics (`searcher::gram_phrase`), so scores are the plain phrase query's.

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

/// The gram term of adjacent stems: `"port of"`, `"port of entri"`. Tokens never hold a space
/// (the tokenizer splits on it), so a gram never equals a word, nor a pair a triple.
pub(crate) fn gram(words: &[&str]) -> String {
    words.join(" ")
}

/// Whether the pair `first second` is indexed as a gram.
pub(crate) fn is_gram_pair(first: &str, second: &str) -> bool {
    is_common(first) || is_common(second)
}

/// Whether the triple `first middle last` is indexed as a gram: a common word between two that
/// are not ("port of entry", "customs and border"), the commonest shape of a phrase with a
/// common word, matched then on one term without positions.
pub(crate) fn is_gram_triple(first: &str, middle: &str, last: &str) -> bool {
    is_common(middle) && !is_common(first) && !is_common(last)
}

/// One term of a phrase rewritten over grams: a word of the text field, or the gram of the
/// words from that offset on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CoverTerm {
    /// The word of the text field.
    Word(String),
    /// The gram of the gram field.
    Gram(String),
}

/// The terms that match `tokens` (a phrase, analyzed) where at least one adjacent pair holds a
/// common word, each with its offset: a gram for every indexed triple, a gram for every pair
/// holding a common word that is not inside one, and the words no gram covers. A release
/// matches the phrase at position `p` exactly when every term matches at `p` plus its offset,
/// since a gram at `i` stands for its words at `i`, `i + 1` (and `i + 2`), and the terms
/// together cover every word. `None` when no pair holds a common word (or the phrase is one
/// word): search the words.
pub(crate) fn phrase_cover(tokens: &[String]) -> Option<Vec<(usize, CoverTerm)>> {
    let pairs: Vec<usize> = (0..tokens.len().saturating_sub(1))
        .filter(|&at| is_gram_pair(&tokens[at], &tokens[at + 1]))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let mut covered = vec![false; tokens.len()];
    let mut cover = Vec::with_capacity(tokens.len());
    for at in 0..tokens.len().saturating_sub(2) {
        if is_gram_triple(&tokens[at], &tokens[at + 1], &tokens[at + 2]) {
            covered[at..at + 3].fill(true);
            let words = [&*tokens[at], &*tokens[at + 1], &*tokens[at + 2]];
            cover.push((at, CoverTerm::Gram(gram(&words))));
        }
    }
    for at in pairs {
        if !(covered[at] && covered[at + 1]) {
            covered[at] = true;
            covered[at + 1] = true;
            cover.push((at, CoverTerm::Gram(gram(&[&tokens[at], &tokens[at + 1]]))));
        }
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
            before: None,
            previous: None,
            token: Token::default(),
            queued: Token::default(),
            has_queued: false,
        }
    }
}

/// The token stream of [`CommonGramsFilter`].
pub(crate) struct CommonGramsStream<T> {
    tail: T,
    /// The token read from `tail` before `previous`.
    before: Option<Token>,
    /// The last token read from `tail`.
    previous: Option<Token>,
    /// The gram handed out.
    token: Token,
    /// A pair's gram to hand out next, after the triple's that ends with the same word.
    queued: Token,
    has_queued: bool,
}

/// Writes the gram of `words` (adjacent tokens, first to last) into `token`.
fn write_gram(token: &mut Token, words: &[&Token]) {
    let (Some(first), Some(last)) = (words.first(), words.last()) else { return };
    token.text.clear();
    for (at, word) in words.iter().enumerate() {
        if at > 0 {
            token.text.push(' ');
        }
        token.text.push_str(&word.text);
    }
    token.position = first.position;
    token.offset_from = first.offset_from;
    token.offset_to = last.offset_to;
    token.position_length = words.len();
}

impl<T: TokenStream> TokenStream for CommonGramsStream<T> {
    fn advance(&mut self) -> bool {
        if self.has_queued {
            self.has_queued = false;
            std::mem::swap(&mut self.token, &mut self.queued);
            return true;
        }
        while self.tail.advance() {
            let current = self.tail.token();
            let pair = self.previous.as_ref().filter(|previous| {
                previous.position + 1 == current.position
                    && is_gram_pair(&previous.text, &current.text)
            });
            let triple = match (&self.before, pair) {
                (Some(before), Some(previous))
                    if before.position + 1 == previous.position
                        && is_gram_triple(&before.text, &previous.text, &current.text) =>
                {
                    Some((before, previous))
                }
                _ => None,
            };
            let emitted = match (triple, pair) {
                (Some((before, previous)), _) => {
                    // The triple first, then the pair: positions never go back.
                    write_gram(&mut self.token, &[before, previous, current]);
                    write_gram(&mut self.queued, &[previous, current]);
                    self.has_queued = true;
                    true
                }
                (None, Some(previous)) => {
                    write_gram(&mut self.token, &[previous, current]);
                    true
                }
                (None, None) => false,
            };
            // Shift the window, reusing the tokens' buffers.
            std::mem::swap(&mut self.before, &mut self.previous);
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
        assert_eq!(cover(&["port", "of", "entri"]), Some(vec![gram(0, "port of entri")]));
        assert_eq!(cover(&["of", "the"]), Some(vec![gram(0, "of the")]));
        assert_eq!(
            cover(&["depart", "of", "homeland", "secur"]),
            Some(vec![gram(0, "depart of homeland"), word(3, "secur")])
        );
        // No triple where the middle word's neighbours are common too: the pairs.
        assert_eq!(
            cover(&["port", "of", "the", "citi"]),
            Some(vec![gram(0, "port of"), gram(1, "of the"), gram(2, "the citi")])
        );
        // A pair that a triple leaves a word of uncovered.
        assert_eq!(
            cover(&["of", "port", "of", "entri", "and", "exit"]),
            Some(vec![gram(0, "of port"), gram(1, "port of entri"), gram(3, "entri and exit"),])
        );
        assert_eq!(cover(&["custom", "mutual", "assist"]), None);
        assert_eq!(cover(&["the"]), None);
        assert_eq!(cover(&[]), None);
    }
}
