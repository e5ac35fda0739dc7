//! The English stemmer of the `en_stem` analyzer, with a cache from word to stem.
//!
//! Stemming was a fifth of a first index (issue 16's profile): Tantivy's `Stemmer` runs the
//! Snowball algorithm on every token, and newsroom text repeats a small vocabulary (Zipfian:
//! "the", "customs", "border" are most of the tokens). [`CachedStemmer`] runs it once per
//! distinct word and then copies the stem it kept. Each clone of the analyzer (Tantivy clones
//! one per field and indexing thread, the searcher one per search) has its own cache, so there
//! is no lock; a clone starts empty, and a cache that reaches [`MAX_WORDS`] is emptied, so
//! memory stays bounded whatever the vocabulary.

use std::collections::HashMap;

use fnv::FnvBuildHasher;
use frostem::Algorithm;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The words one cache holds at most (about 1 MB with their stems: words over
/// `LONG_WORD_BYTES` never reach it).
pub(crate) const MAX_WORDS: usize = 16_384;

/// Token filter: the English Snowball stem of each (lowercased) token, as Tantivy's
/// `Stemmer::new(Language::English)` gives it, memoised.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer, cache: StemCache::default() }
    }
}

/// The tokenizer [`CachedStemmer`] makes of the one before it.
#[derive(Clone)]
pub(crate) struct CachedStemmerFilter<T> {
    inner: T,
    cache: StemCache,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream { tail: self.inner.token_stream(text), cache: &mut self.cache }
    }
}

/// Word -> stem, for one clone of the analyzer.
struct StemCache {
    stemmer: frostem::Stemmer,
    stems: HashMap<Box<str>, Box<str>, FnvBuildHasher>,
}

impl Default for StemCache {
    fn default() -> StemCache {
        StemCache { stemmer: frostem::Stemmer::new(Algorithm::English), stems: HashMap::default() }
    }
}

/// A clone starts with an empty cache: copying one per indexing thread would cost more than
/// it saves.
impl Clone for StemCache {
    fn clone(&self) -> StemCache {
        StemCache::default()
    }
}

impl StemCache {
    /// Replaces `word` with its stem.
    fn stem(&mut self, word: &mut String) {
        if let Some(stem) = self.stems.get(word.as_str()) {
            word.clear();
            word.push_str(stem);
            return;
        }
        let stem: Box<str> = self.stemmer.stem(word).into();
        if self.stems.len() >= MAX_WORDS {
            self.stems.clear();
        }
        self.stems.insert(word.as_str().into(), stem.clone());
        word.clear();
        word.push_str(&stem);
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub(crate) struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut StemCache,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.cache.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        stream.process(&mut |token: &Token| tokens.push(token.clone()));
        tokens
    }

    /// The cached stemmer gives exactly the tokens of Tantivy's, on the bundled feeds' text,
    /// twice over (the second time from the cache), and through a cache emptied midway.
    #[test]
    fn gives_tantivys_stems_from_the_cache() {
        let mut tantivy = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let feeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../index-data/feeds");
        let mut text = String::new();
        for entry in std::fs::read_dir(feeds).expect("the bundled feeds") {
            let path = entry.expect("a directory entry").path();
            if let Ok(bytes) = std::fs::read(&path) {
                text.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
        let expected = tokens(&mut tantivy, &text);
        let words: std::collections::HashSet<&str> =
            expected.iter().map(|token| token.text.as_str()).collect();
        assert!(words.len() > 500, "{} distinct stems", words.len());
        assert_eq!(tokens(&mut cached, &text), expected, "first read");
        assert_eq!(tokens(&mut cached, &text), expected, "from the cache");
        let many: String = (0..MAX_WORDS + 10).map(|n| format!("signing{n} ")).collect();
        let filled = tokens(&mut cached, &many);
        assert_eq!(filled, tokens(&mut tantivy, &many), "past the bound");
        assert_eq!(tokens(&mut cached, &text), expected, "after the cache was emptied");
    }
}
