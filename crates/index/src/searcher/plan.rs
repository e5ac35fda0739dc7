//! Query planning: a parsed [`Query`] resolved against the index into Tantivy queries. Words
//! are analyzed like the index (`en_stem`); acronyms are expanded both ways; a `prefix*`
//! stands for the indexed words that start so; a word the index does not hold is replaced by
//! its closest indexed term (a typo); filters become facet and date-range clauses.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query as TantivyQuery,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use super::Correction;
use crate::acronyms::{expand_acronyms, find_acronym};
use crate::error::Result;
use crate::query::{Filters, Query, Term as QueryTerm, TermKind};
use crate::schema::{self, Fields};
use crate::snippet::Highlight;
use crate::terms;

/// At most this many indexed words stand for one `prefix*`.
const MAX_PREFIX_TERMS: usize = 64;

/// The text part of a query, resolved against the index: one Tantivy query per group.
pub(crate) struct QueryPlan {
    /// One query per group (word, phrase, OR of them).
    pub(crate) groups: Vec<Box<dyn TantivyQuery>>,
    /// Filters and exclusions, to combine with the groups.
    restrictions: Vec<(Occur, Box<dyn TantivyQuery>)>,
    /// What the positive part can match, for highlighting.
    pub(crate) highlight: Highlight,
    pub(crate) corrections: Vec<Correction>,
}

impl QueryPlan {
    /// Releases matching at least `minimum` groups and every restriction (all releases when
    /// the query has no words).
    pub(crate) fn query(&self, minimum: usize) -> Box<dyn TantivyQuery> {
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> =
            self.restrictions.iter().map(|(occur, query)| (*occur, query.box_clone())).collect();
        if self.groups.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        } else {
            let text = BooleanQuery::union_with_minimum_required_clauses(
                self.groups.iter().map(|query| query.box_clone()).collect(),
                minimum.clamp(1, self.groups.len()),
            );
            clauses.push((Occur::Must, Box::new(text)));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// A term resolved against the index: analyzed tokens to match in sequence, or the indexed
/// terms a prefix stands for.
enum Matcher {
    Sequence(Vec<String>),
    AnyOf(Vec<String>),
}

impl Matcher {
    fn mark(&self, highlight: &mut Highlight) {
        match self {
            Matcher::Sequence(tokens) => highlight.add(tokens, true),
            Matcher::AnyOf(tokens) => highlight.add(tokens, false),
        }
    }
}

/// Resolves queries against one view of the index.
pub(crate) struct QueryPlanner<'a> {
    searcher: &'a tantivy::Searcher,
    fields: &'a Fields,
    analyzer: TextAnalyzer,
    /// The text fields a free-text word searches, with their weights.
    text_fields: Vec<(Field, f32)>,
}

impl<'a> QueryPlanner<'a> {
    /// A planner over `searcher`, analyzing words with `analyzer` (the index's).
    pub(crate) fn new(
        searcher: &'a tantivy::Searcher,
        fields: &'a Fields,
        analyzer: &TextAnalyzer,
    ) -> QueryPlanner<'a> {
        // A word in the title counts most.
        let text_fields = vec![
            (fields.title, 4.0),
            (fields.summary, 2.0),
            (fields.location, 1.5),
            (fields.body, 1.0),
            (fields.captions, 1.0),
        ];
        QueryPlanner { searcher, fields, analyzer: analyzer.clone(), text_fields }
    }

    /// Resolves `query`: analysis, typos, acronyms, prefixes, filters and exclusions.
    ///
    /// # Errors
    /// An internal error when the term dictionary cannot be read.
    pub(crate) fn plan(&self, query: &Query, last_run: Option<DateTime<Utc>>) -> Result<QueryPlan> {
        let mut corrections = Vec::new();
        let mut highlight = Highlight::default();
        let groups = {
            let normalize = |word: &str| self.tokens(word).join(" ");
            expand_acronyms(query.groups.clone(), &normalize)
        };
        let mut group_queries = Vec::new();
        for group in &groups {
            let mut alternatives: Vec<Box<dyn TantivyQuery>> = Vec::new();
            for term in &group.alternatives {
                let Some(matcher) = self.matcher(term, Some(&mut corrections))? else {
                    continue;
                };
                matcher.mark(&mut highlight);
                alternatives.push(text_query(&matcher, &self.text_fields));
            }
            if !alternatives.is_empty() {
                group_queries.push(union(alternatives));
            }
        }
        let mut restrictions = self.filter_clauses(&query.filters)?;
        let now = Utc::now();
        for (moments, field) in [
            (&query.filters.new_since, self.fields.indexed_at),
            (&query.filters.changed_since, self.fields.changed_at),
        ] {
            for moment in moments {
                let since = schema::to_tantivy_date(moment.resolve(now, last_run));
                // The fields are fast with microseconds, so the range runs on the fast column at
                // full precision; the inverted index keeps whole seconds only, and a term
                // truncated to them would let a watch see the run it already reported.
                let lower = Bound::Included(Term::from_field_date(field, since));
                restrictions
                    .push((Occur::Must, Box::new(RangeQuery::new(lower, Bound::Unbounded))));
            }
        }
        for term in &query.filters.title {
            if let Some(matcher) = self.matcher(term, None)? {
                matcher.mark(&mut highlight);
                restrictions.push((Occur::Must, text_query(&matcher, &[(self.fields.title, 1.0)])));
            }
        }
        for term in &query.filters.location {
            if let Some(matcher) = self.matcher(term, None)? {
                let fields = [(self.fields.location, 1.0)];
                restrictions.push((Occur::Must, text_query(&matcher, &fields)));
            }
        }
        for term in &query.excluded {
            if let Some(matcher) = self.matcher(term, None)? {
                restrictions.push((Occur::MustNot, text_query(&matcher, &self.text_fields)));
            }
        }
        Ok(QueryPlan { groups: group_queries, restrictions, highlight, corrections })
    }

    /// The analyzed tokens of `text` (lowercased English stems).
    fn tokens(&self, text: &str) -> Vec<String> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push(token.text.clone());
        }
        tokens
    }

    /// Resolves one term; `None` when it holds no searchable token (punctuation only).
    /// With `corrections`, an unknown single word is replaced by its closest indexed term.
    fn matcher(
        &self,
        term: &QueryTerm,
        corrections: Option<&mut Vec<Correction>>,
    ) -> Result<Option<Matcher>> {
        match term.kind {
            TermKind::Prefix => {
                let prefix = term.text.to_lowercase();
                let mut found = BTreeSet::new();
                for stem in [prefix.clone(), self.tokens(&term.text).join("")] {
                    if !stem.is_empty() {
                        found.extend(self.indexed_with_prefix(&stem)?);
                    }
                }
                // Nothing indexed starts so: keep the prefix, which simply matches nothing.
                if found.is_empty() {
                    found.insert(prefix);
                }
                Ok(Some(Matcher::AnyOf(found.into_iter().take(MAX_PREFIX_TERMS).collect())))
            }
            TermKind::Word | TermKind::Phrase => {
                let mut tokens = self.tokens(&term.text);
                if tokens.is_empty() {
                    return Ok(None);
                }
                if let (Some(corrections), TermKind::Word, [token]) =
                    (corrections, term.kind, tokens.as_slice())
                    && let Some(replacement) = self.correction(&term.text, token)?
                {
                    corrections.push(Correction {
                        typed: term.text.clone(),
                        replacement: replacement.clone(),
                    });
                    tokens = vec![replacement];
                }
                Ok(Some(Matcher::Sequence(tokens)))
            }
        }
    }

    /// The closest indexed term to `token` when the index holds no `token` and the word is
    /// long enough to be a typo (5+ letters: one edit, 9+: two), most frequent on ties.
    fn correction(&self, typed: &str, token: &str) -> Result<Option<String>> {
        let letters = typed.chars().filter(|c| c.is_alphanumeric()).count();
        if letters < 5 || find_acronym(typed).is_some() || self.doc_freq(token)? > 0 {
            return Ok(None);
        }
        let max_distance: u8 = if letters >= 9 { 2 } else { 1 };
        for distance in 1..=max_distance {
            let mut candidates: BTreeMap<String, u64> = BTreeMap::new();
            for &(field, _) in &self.text_fields {
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

    fn doc_freq(&self, token: &str) -> Result<u64> {
        let mut total = 0;
        for &(field, _) in &self.text_fields {
            total += self.searcher.doc_freq(&Term::from_field_text(field, token))?;
        }
        Ok(total)
    }

    /// Indexed terms of any text field starting with `prefix`.
    fn indexed_with_prefix(&self, prefix: &str) -> Result<BTreeSet<String>> {
        let mut found = BTreeSet::new();
        for &(field, _) in &self.text_fields {
            terms::visit_prefixed(self.searcher, field, prefix.as_bytes(), |key| {
                if found.len() >= MAX_PREFIX_TERMS {
                    return false;
                }
                if let Ok(text) = std::str::from_utf8(key) {
                    found.insert(text.to_string());
                }
                true
            })?;
        }
        Ok(found)
    }

    /// Facet filters (OR within a facet) and the publication range, as `Must` clauses.
    fn filter_clauses(&self, filters: &Filters) -> Result<Vec<(Occur, Box<dyn TantivyQuery>)>> {
        let facets_field = self.fields.facets;
        let facet_any = |facets: Vec<Facet>| -> Box<dyn TantivyQuery> {
            union(
                facets
                    .iter()
                    .map(|facet| -> Box<dyn TantivyQuery> {
                        Box::new(TermQuery::new(
                            Term::from_facet(facets_field, facet),
                            IndexRecordOption::Basic,
                        ))
                    })
                    .collect(),
            )
        };
        let mut clauses = Vec::new();
        if !filters.countries.is_empty() {
            let facets = filters.countries.iter().map(|c| schema::country_facet(*c)).collect();
            clauses.push((Occur::Must, facet_any(facets)));
        }
        if !filters.agreements.is_empty() {
            let facets =
                filters.agreements.iter().map(|a| schema::agreement_facet(a.code())).collect();
            clauses.push((Occur::Must, facet_any(facets)));
        }
        if !filters.kinds.is_empty() {
            let facets = filters.kinds.iter().map(|k| schema::kind_facet(k.as_str())).collect();
            clauses.push((Occur::Must, facet_any(facets)));
        }
        if !filters.feeds.is_empty() {
            // Feed titles match in any case: resolve against the titles the index holds.
            let known = terms::dimension_values(self.searcher, facets_field, schema::FACET_FEED)?;
            let facets = filters
                .feeds
                .iter()
                .map(|feed| {
                    let title =
                        known.iter().find(|title| title.eq_ignore_ascii_case(feed)).unwrap_or(feed);
                    schema::feed_facet(title)
                })
                .collect();
            clauses.push((Occur::Must, facet_any(facets)));
        }
        if filters.since.is_some() || filters.until.is_some() {
            let published = self.fields.published;
            let bound_at = |day: NaiveDate| {
                Term::from_field_date_for_search(
                    published,
                    schema::to_tantivy_date(day.and_time(NaiveTime::MIN).and_utc()),
                )
            };
            let lower = match filters.since {
                Some(day) => Bound::Included(bound_at(day)),
                None => Bound::Included(Term::from_field_date_for_search(
                    published,
                    tantivy::DateTime::MIN,
                )),
            };
            let upper = filters
                .until
                .and_then(|day| day.succ_opt())
                .map_or(Bound::Unbounded, |day| Bound::Excluded(bound_at(day)));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        Ok(clauses)
    }
}

fn text_query(matcher: &Matcher, fields: &[(Field, f32)]) -> Box<dyn TantivyQuery> {
    let mut per_field: Vec<Box<dyn TantivyQuery>> = Vec::new();
    for &(field, boost) in fields {
        let query: Box<dyn TantivyQuery> = match matcher {
            Matcher::Sequence(tokens) if tokens.len() == 1 => Box::new(TermQuery::new(
                Term::from_field_text(field, &tokens[0]),
                IndexRecordOption::WithFreqs,
            )),
            Matcher::Sequence(tokens) => Box::new(PhraseQuery::new(
                tokens.iter().map(|token| Term::from_field_text(field, token)).collect(),
            )),
            Matcher::AnyOf(terms) => union(
                terms
                    .iter()
                    .map(|text| -> Box<dyn TantivyQuery> {
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, text),
                            IndexRecordOption::WithFreqs,
                        ))
                    })
                    .collect(),
            ),
        };
        per_field.push(if (boost - 1.0).abs() < f32::EPSILON {
            query
        } else {
            Box::new(BoostQuery::new(query, boost))
        });
    }
    union(per_field)
}

/// One query matching any of `queries` (the query itself when there is one).
fn union(mut queries: Vec<Box<dyn TantivyQuery>>) -> Box<dyn TantivyQuery> {
    if queries.len() == 1 {
        return queries.remove(0);
    }
    Box::new(BooleanQuery::union(queries))
}
