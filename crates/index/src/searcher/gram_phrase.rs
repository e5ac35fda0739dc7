//! A phrase of a text field matched through its gram field (`grams.rs`): the Tantivy query
//! that `"port of entry"` becomes when one of its pairs holds a common word.
//!
//! It matches exactly the releases, and scores them exactly as, Tantivy's `PhraseQuery` over
//! the text field does: the same BM25 weight (the phrase's words' statistics in the text
//! field), the same field norms (the text field's), the same count of occurrences (a release
//! holds the phrase at `p` exactly when it holds every term of the cover at `p` plus its
//! offset). Only the postings read differ: grams such as "port of" are about as rare as their
//! rarer word, where the word "of" is in nearly every release, many times.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

use crate::grams::CoverTerm;

/// A phrase of `words` in one text field, matched on its `cover` (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct GramPhraseQuery {
    /// The phrase's words in the text field: what it is scored by.
    words: Vec<Term>,
    /// The terms that match it, at their offsets: grams of the gram field, words of the text
    /// field.
    cover: Vec<(usize, Term)>,
}

impl GramPhraseQuery {
    /// The phrase `tokens` (analyzed, two or more) of `field`, matched on `cover` (their
    /// `grams::phrase_cover`) with the grams from `grams`, the field's gram field.
    pub(crate) fn new(
        field: Field,
        grams: Field,
        tokens: &[String],
        cover: &[(usize, CoverTerm)],
    ) -> GramPhraseQuery {
        let words = tokens.iter().map(|token| Term::from_field_text(field, token)).collect();
        let cover = cover
            .iter()
            .map(|(offset, term)| {
                let term = match term {
                    CoverTerm::Word(word) => Term::from_field_text(field, word),
                    CoverTerm::Gram(gram) => Term::from_field_text(grams, gram),
                };
                (*offset, term)
            })
            .collect();
        GramPhraseQuery { words, cover }
    }
}

impl Query for GramPhraseQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let similarity = match scoring {
            EnableScoring::Enabled { statistics_provider, .. } => {
                Some(Bm25Weight::for_terms(statistics_provider, &self.words)?)
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(GramPhraseWeight {
            field: self.words[0].field(),
            cover: self.cover.clone(),
            similarity,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for word in &self.words {
            visitor(word, true);
        }
    }
}

/// The weight of a [`GramPhraseQuery`].
struct GramPhraseWeight {
    /// The text field, whose norms score the phrase.
    field: Field,
    cover: Vec<(usize, Term)>,
    /// `None` when scoring is disabled.
    similarity: Option<Bm25Weight>,
}

impl GramPhraseWeight {
    fn fieldnorms(&self, reader: &SegmentReader) -> tantivy::Result<FieldNormReader> {
        if self.similarity.is_some()
            && let Some(fieldnorms) = reader.fieldnorms_readers().get_field(self.field)?
        {
            return Ok(fieldnorms);
        }
        Ok(FieldNormReader::constant(reader.max_doc(), 1))
    }
}

impl Weight for GramPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let similarity = self.similarity.as_ref().map(|weight| weight.boost_by(boost));
        let fieldnorms = self.fieldnorms(reader)?;
        // One gram (a phrase of two words) needs no positions: its frequency is the phrase's
        // count; and no frequency when nothing is scored.
        let option = match (self.cover.len(), &similarity) {
            (1, None) => IndexRecordOption::Basic,
            (1, Some(_)) => IndexRecordOption::WithFreqs,
            _ => IndexRecordOption::WithFreqsAndPositions,
        };
        let last = self.cover.iter().map(|(offset, _)| *offset).max().unwrap_or(0);
        let mut terms = Vec::with_capacity(self.cover.len());
        for (offset, term) in &self.cover {
            match reader.inverted_index(term.field())?.read_postings(term, option)? {
                Some(postings) => terms.push(CoverPostings {
                    shift: u32::try_from(last - offset).unwrap_or(u32::MAX),
                    postings,
                }),
                None => return Ok(Box::new(EmptyScorer)),
            }
        }
        Ok(Box::new(GramPhraseScorer::new(terms, fieldnorms, similarity)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_by_seeking(self.scorer(reader, 1.0)?, doc, "phrase, matched on its grams")
    }
}

/// The explanation of a weight of ours for `doc`: its scorer's score there, `what` it is.
pub(super) fn explain_by_seeking(
    mut scorer: Box<dyn Scorer>,
    doc: DocId,
    what: &'static str,
) -> tantivy::Result<Explanation> {
    if scorer.seek(doc) != doc {
        return Err(TantivyError::InvalidArgument(format!("document #({doc}) does not match")));
    }
    Ok(Explanation::new(what, scorer.score()))
}

/// The postings of one term of the cover, and what to add to its positions so that every term
/// of an occurrence of the phrase lands on the same number (the last term's offset less its
/// own: positions stay unsigned).
struct CoverPostings {
    shift: u32,
    postings: SegmentPostings,
}

/// The releases holding every term of the cover at aligned positions, and how many times
/// (Tantivy's phrase scorer, which is not public, on postings of two fields). Not Tantivy's
/// `TermScorer` for a single gram either: a union of those is pruned with block maxima
/// computed from the gram field's norms, which it has none of.
struct GramPhraseScorer {
    /// Rarest first: it leads the intersection.
    terms: Vec<CoverPostings>,
    doc: DocId,
    /// Occurrences of the phrase in `doc` (computed only when scoring).
    count: u32,
    fieldnorms: FieldNormReader,
    similarity: Option<Bm25Weight>,
    positions: Vec<u32>,
    scratch: Vec<u32>,
}

impl GramPhraseScorer {
    fn new(
        mut terms: Vec<CoverPostings>,
        fieldnorms: FieldNormReader,
        similarity: Option<Bm25Weight>,
    ) -> GramPhraseScorer {
        terms.sort_by_key(|term| term.postings.cost());
        let doc = terms.first().map_or(TERMINATED, |term| term.postings.doc());
        let mut scorer = GramPhraseScorer {
            terms,
            doc,
            count: 0,
            fieldnorms,
            similarity,
            positions: Vec::new(),
            scratch: Vec::new(),
        };
        scorer.doc = scorer.settle();
        scorer
    }

    /// From the lead term's current document on, the first that holds the phrase.
    fn settle(&mut self) -> DocId {
        let GramPhraseScorer { terms, count, positions, scratch, .. } = self;
        let Some((lead, others)) = terms.split_first_mut() else { return TERMINATED };
        let mut candidate = lead.postings.doc();
        while candidate != TERMINATED {
            let ahead = others.iter_mut().find_map(|other| {
                // A term may already be past the candidate (at the start): Tantivy's postings
                // are never asked to seek backwards.
                let found = match other.postings.doc() {
                    behind if behind < candidate => other.postings.seek(candidate),
                    at_or_past => at_or_past,
                };
                (found > candidate).then_some(found)
            });
            candidate = match ahead {
                Some(found) => lead.postings.seek(found),
                None => match occurrences(lead, others, positions, scratch) {
                    0 => lead.postings.advance(),
                    found => {
                        *count = found;
                        return candidate;
                    }
                },
            };
        }
        TERMINATED
    }
}

/// How many times the terms, all on one document, hold the phrase there (0: not at all). One
/// term is a gram read without positions: its frequency (1 without frequencies).
fn occurrences(
    lead: &mut CoverPostings,
    others: &mut [CoverPostings],
    positions: &mut Vec<u32>,
    scratch: &mut Vec<u32>,
) -> u32 {
    if others.is_empty() {
        return lead.postings.term_freq().max(1);
    }
    positions.clear();
    lead.postings.positions_with_offset(lead.shift, positions);
    for other in others {
        scratch.clear();
        other.postings.positions_with_offset(other.shift, scratch);
        keep_common(positions, scratch);
        if positions.is_empty() {
            return 0;
        }
    }
    u32::try_from(positions.len()).unwrap_or(u32::MAX)
}

/// Keeps in `left` the values also in `right` (both sorted, without repeats).
fn keep_common(left: &mut Vec<u32>, right: &[u32]) {
    let mut kept = 0;
    let mut at = 0;
    for index in 0..left.len() {
        let value = left[index];
        while at < right.len() && right[at] < value {
            at += 1;
        }
        if at == right.len() {
            break;
        }
        if right[at] == value {
            left[kept] = value;
            kept += 1;
        }
    }
    left.truncate(kept);
}

impl DocSet for GramPhraseScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        if let Some(lead) = self.terms.first_mut() {
            lead.postings.advance();
        }
        self.doc = self.settle();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if let Some(lead) = self.terms.first_mut() {
            lead.postings.seek(target);
        }
        self.doc = self.settle();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.terms.first().map_or(0, |term| term.postings.size_hint())
    }

    fn cost(&self) -> u64 {
        self.terms.first().map_or(0, |term| term.postings.cost())
    }
}

impl Scorer for GramPhraseScorer {
    fn score(&mut self) -> Score {
        match &self.similarity {
            Some(similarity) => {
                similarity.score(self.fieldnorms.fieldnorm_id(self.doc), self.count)
            }
            None => 1.0,
        }
    }
}
