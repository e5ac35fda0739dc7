//! A union of a few queries that seeks: one word (or phrase) over the text fields, or a group's
//! alternatives. Tantivy's union (`BufferedUnionScorer`) is made for iterating: it scores a
//! window of 4,096 documents at a time, and each `seek` past the window refills it, scoring
//! every document of every field up to the window's end. A filter or another word that leads
//! an intersection seeks the union once per candidate, so `"border security" country:mx`
//! evaluated the phrase over nearly every release, not only over Mexico's (issue 16).
//!
//! This union keeps each clause's scorer where it is and moves only those behind: a seek
//! costs one seek per clause. A release's score is the sum of its clauses' scores in the
//! clauses' order (a field's order in the plan), whatever the path that reads it.

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use super::gram_phrase::explain_by_seeking;

/// Above this many clauses Tantivy's union is used: each step of this one looks at every
/// clause (a `prefix*` stands for up to 512 words).
pub(crate) const MAX_CLAUSES: usize = 8;

/// Releases matching any of `clauses`, scored by the sum of the scores of those they match.
pub(crate) struct FewUnionQuery {
    clauses: Vec<Box<dyn Query>>,
}

impl FewUnionQuery {
    /// The union of `clauses` (at most [`MAX_CLAUSES`]: callers with more use Tantivy's).
    pub(crate) fn new(clauses: Vec<Box<dyn Query>>) -> FewUnionQuery {
        debug_assert!(clauses.len() <= MAX_CLAUSES, "{} clauses", clauses.len());
        FewUnionQuery { clauses }
    }
}

impl Clone for FewUnionQuery {
    fn clone(&self) -> FewUnionQuery {
        FewUnionQuery { clauses: self.clauses.iter().map(|clause| clause.box_clone()).collect() }
    }
}

impl std::fmt::Debug for FewUnionQuery {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("FewUnionQuery").field("clauses", &self.clauses).finish()
    }
}

impl Query for FewUnionQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|clause| clause.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(FewUnionWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

/// The weight of a [`FewUnionQuery`].
struct FewUnionWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for FewUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            // A clause with nothing in this segment adds nothing to any score.
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        // One clause left is still wrapped: the wrapper never seeks a clause backwards, where
        // Tantivy's phrase scorer, asked by an exclusion whether it holds a document before its
        // first, trips a debug assertion.
        Ok(match scorers.len() {
            0 => Box::new(EmptyScorer),
            _ => Box::new(FewUnionScorer::new(scorers)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_by_seeking(self.scorer(reader, 1.0)?, doc, "union of the fields")
    }
}

/// The scorer of a [`FewUnionQuery`]: on the lowest document of its clauses.
struct FewUnionScorer {
    scorers: Vec<Box<dyn Scorer>>,
    /// Each scorer's document, kept here: a step reads them without a call.
    docs: Vec<DocId>,
    doc: DocId,
}

impl FewUnionScorer {
    fn new(scorers: Vec<Box<dyn Scorer>>) -> FewUnionScorer {
        let docs: Vec<DocId> = scorers.iter().map(|scorer| scorer.doc()).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        FewUnionScorer { scorers, docs, doc }
    }
}

impl DocSet for FewUnionScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let current = self.doc;
        let mut next = TERMINATED;
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc == current {
                *doc = scorer.advance();
            }
            next = next.min(*doc);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc < target {
                *doc = scorer.seek(target);
            }
            next = next.min(*doc);
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers.iter().map(|scorer| scorer.size_hint()).max().unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|scorer| scorer.cost()).sum()
    }
}

impl Scorer for FewUnionScorer {
    fn score(&mut self) -> Score {
        let current = self.doc;
        let mut total = 0.0;
        for (scorer, &doc) in self.scorers.iter_mut().zip(&self.docs) {
            if doc == current {
                total += scorer.score();
            }
        }
        total
    }
}
