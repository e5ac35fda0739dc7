//! Typo correction: a query word the index does not hold is replaced by its closest indexed
//! term, and shown as a word the releases use ("customs"), never as the stem searched
//! ("custom").

use std::collections::BTreeMap;

use tantivy::collector::TopDocs;
use tantivy::query::{FuzzyTermQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{TantivyDocument, Term};

use crate::acronyms::find_acronym;
use crate::error::Result;

/// Releases read to find how the corrected stem is spelled.
const SAMPLE_RELEASES: usize = 5;

/// Finds corrections in one view of the index.
pub(super) struct Corrector<'a> {
    pub(super) searcher: &'a tantivy::Searcher,
    /// The text fields words are searched in, title first.
    pub(super) text_fields: &'a [(Field, f32)],
    pub(super) analyzer: &'a TextAnalyzer,
}

impl Corrector<'_> {
    /// The closest indexed term to `token` (the analyzed `typed`) when the index holds no
    /// `token` and the word is long enough to be a typo (5+ letters: one edit, 9+: two), most
    /// frequent on ties.
    pub(super) fn closest_term(&self, typed: &str, token: &str) -> Result<Option<String>> {
        let letters = typed.chars().filter(|c| c.is_alphanumeric()).count();
        if letters < 5 || find_acronym(typed).is_some() || self.doc_freq(token)? > 0 {
            return Ok(None);
        }
        let max_distance: u8 = if letters >= 9 { 2 } else { 1 };
        for distance in 1..=max_distance {
            let mut candidates: BTreeMap<String, u64> = BTreeMap::new();
            for &(field, _) in self.text_fields {
                let automaton =
                    FuzzyTermQuery::new(Term::from_field_text(field, token), distance, true)
                        .automaton()?;
                for segment in self.searcher.segment_readers() {
                    let inverted = segment.inverted_index(field)?;
                    let mut stream = inverted
                        .terms()
                        .search(&automaton)
                        .into_stream()
                        .map_err(tantivy::TantivyError::from)?;
                    while stream.advance() {
                        if let Ok(text) = std::str::from_utf8(stream.key()) {
                            *candidates.entry(text.to_string()).or_default() +=
                                u64::from(stream.value().doc_freq);
                        }
                    }
                }
            }
            if let Some((best, _)) =
                candidates.into_iter().max_by(|(left, left_freq), (right, right_freq)| {
                    left_freq.cmp(right_freq).then_with(|| right.cmp(left))
                })
            {
                return Ok(Some(best));
            }
        }
        Ok(None)
    }

    /// How the releases spell the indexed stem `stem`: of the words of a few releases that
    /// hold it whose stem it is, the closest to `typed` (fewest edits), then the most frequent.
    /// The stem itself when no release text shows it (it cannot happen for a term the index
    /// holds, but a stem is still a fair answer).
    pub(super) fn spelled(&self, stem: &str, typed: &str) -> Result<String> {
        let typed = typed.to_lowercase();
        // A word can only stem to `stem` if it starts with its first letters (the English
        // stemmer rewrites the last few).
        let probe: String =
            stem.chars().take(stem.chars().count().saturating_sub(3).max(1)).collect();
        let mut words: BTreeMap<String, u64> = BTreeMap::new();
        for &(field, _) in self.text_fields {
            let query =
                TermQuery::new(Term::from_field_text(field, stem), IndexRecordOption::Basic);
            let found = self
                .searcher
                .search(&query, &TopDocs::with_limit(SAMPLE_RELEASES).order_by_score())?;
            for (_, address) in found {
                let doc: TantivyDocument = self.searcher.doc(address)?;
                for text in doc.get_all(field).filter_map(|value| value.as_str()) {
                    for word in text.split(|c: char| !c.is_alphanumeric()) {
                        let word = word.to_lowercase();
                        if word.starts_with(&probe) && self.stems_to(&word, stem) {
                            *words.entry(word).or_default() += 1;
                        }
                    }
                }
            }
            if !words.is_empty() {
                break;
            }
        }
        let best = words.into_iter().min_by(|(left, left_count), (right, right_count)| {
            edits(left, &typed)
                .cmp(&edits(right, &typed))
                .then_with(|| right_count.cmp(left_count))
                .then_with(|| left.cmp(right))
        });
        Ok(best.map_or_else(|| stem.to_string(), |(word, _)| word))
    }

    fn stems_to(&self, word: &str, stem: &str) -> bool {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(word);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push(token.text.clone());
        }
        tokens == [stem]
    }

    fn doc_freq(&self, token: &str) -> Result<u64> {
        let mut total = 0;
        for &(field, _) in self.text_fields {
            total += self.searcher.doc_freq(&Term::from_field_text(field, token))?;
        }
        Ok(total)
    }
}

/// The Levenshtein distance between `left` and `right`, in characters.
fn edits(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (row, left_char) in left.chars().enumerate() {
        let mut current = vec![row + 1; right.len() + 1];
        for (column, right_char) in right.iter().enumerate() {
            let substitution = previous[column] + usize::from(left_char != *right_char);
            current[column + 1] =
                substitution.min(previous[column + 1] + 1).min(current[column] + 1);
        }
        previous = current;
    }
    previous[right.len()]
}

#[cfg(test)]
mod tests {
    use super::edits;

    #[test]
    fn edit_distances() {
        for (left, right, expected) in [
            ("customs", "custums", 1),
            ("custom", "custums", 2),
            ("", "abc", 3),
            ("kerlikowske", "kerlikowski", 1),
            ("same", "same", 0),
        ] {
            assert_eq!(edits(left, right), expected, "{left} {right}");
        }
    }
}
