//! The searcher: a parsed [`Query`] in, ranked [`SearchHit`]s out.
//!
//! Matching follows Meilisearch's default strategy: releases that match every word of the
//! query rank above those that match fewer, and BM25 (title weighted most) orders each tier.
//! Words are analyzed like the index (`en_stem`), so "signings" finds "signed"; acronyms are
//! expanded both ways ([`crate::acronyms`]); a word the index does not hold is replaced by its
//! closest indexed term (a typo). Open once, search many: the reader reloads on commit
//! ([`ReleaseSearcher::open_once`] for a process that searches once and exits).
//!
//! ```no_run
//! use pressdex_index::{Query, ReleaseSearcher, SearchRequest};
//!
//! let searcher = ReleaseSearcher::open(std::path::Path::new("index-data/index"))?;
//! let query = Query::parse("CMAA signings since:2023")?;
//! for hit in searcher.search(&SearchRequest::new(query))?.hits {
//!     println!("{:.2} {}", hit.score, hit.release.release.title);
//! }
//! # Ok::<(), pressdex_index::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query as TantivyQuery,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, IndexReader, Order, ReloadPolicy, TantivyDocument, Term};

use crate::Result;
use crate::acronyms::{expand_acronyms, find_acronym};
use crate::document::{IndexedRelease, from_document};
use crate::query::{Filters, Query, TermKind};
use crate::schema::{self, ReleaseIndex};
use crate::snippet::{Highlight, Highlighter, Snippet, make_snippet};
use crate::terms;

/// Relative weights of the text fields: a word in the title counts most.
const FIELD_BOOSTS: [(&str, f32); 5] = [
    (schema::TITLE, 4.0),
    (schema::SUMMARY, 2.0),
    (schema::LOCATION, 1.5),
    (schema::BODY, 1.0),
    (schema::CAPTIONS, 1.0),
];

/// At most this many indexed words stand for one `prefix*`.
const MAX_PREFIX_TERMS: usize = 64;

/// How hits are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Most words matched first, then BM25.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A search to run.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchRequest {
    /// The parsed query, flag filters merged into its [`Filters`].
    pub query: Query,
    /// Keep only releases that match every word (`--all`).
    pub all_words: bool,
    /// Order of hits.
    pub sort: SortBy,
    /// Number of hits to return.
    pub limit: usize,
    /// Number of hits to skip.
    pub offset: usize,
}

impl SearchRequest {
    /// The first page (10 hits) of `query`, by relevance: what `pressdex search QUERY` asks.
    pub fn new(query: Query) -> SearchRequest {
        SearchRequest { query, all_words: false, sort: SortBy::Relevance, limit: 10, offset: 0 }
    }
}

/// A word that the index does not hold, and the indexed term searched instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    /// The word as typed.
    pub typed: String,
    /// The indexed term (a stem, e.g. "custom") searched instead.
    pub replacement: String,
}

/// One matching release.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    /// The release and its provenance.
    pub release: IndexedRelease,
    /// The BM25 score (0 when sorted by date or listing without words).
    pub score: f32,
    /// Byte ranges of matched words in `release.release.title`.
    pub title_highlights: Vec<(usize, usize)>,
    /// One or two fragments of the body around the matched words.
    pub snippet: Snippet,
}

/// The answer to a [`SearchRequest`].
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResults {
    /// The hits of the requested page.
    pub hits: Vec<SearchHit>,
    /// How many releases match (at least one word, every filter).
    pub total: usize,
    /// How many of those match every word.
    pub matched_all_words: usize,
    /// The number of words (groups) ranked by, after acronym merging.
    pub words: usize,
    /// Words replaced by their closest indexed term.
    pub corrections: Vec<Correction>,
}

/// An open index, ready to answer many searches.
#[derive(Clone)]
pub struct ReleaseSearcher {
    index: ReleaseIndex,
    reader: IndexReader,
    analyzer: TextAnalyzer,
}

impl std::fmt::Debug for ReleaseSearcher {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ReleaseSearcher")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

/// The text part of a query, resolved against the index: one Tantivy query per group.
pub(crate) struct Plan {
    /// One query per group (word, phrase, OR of them).
    pub(crate) groups: Vec<Box<dyn TantivyQuery>>,
    /// Filters and exclusions, to combine with the groups.
    pub(crate) restrictions: Vec<(Occur, Box<dyn TantivyQuery>)>,
    /// What the positive part can match, for highlighting.
    pub(crate) highlight: Highlight,
    pub(crate) corrections: Vec<Correction>,
}

impl Plan {
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
pub(crate) enum Matcher {
    Sequence(Vec<String>),
    AnyOf(Vec<String>),
}

impl Highlight {
    /// Marks what `matcher` matches: its words, or its phrase as a whole.
    fn add(&mut self, matcher: &Matcher) {
        match matcher {
            Matcher::Sequence(tokens) if tokens.len() > 1 => self.phrases.push(tokens.clone()),
            Matcher::Sequence(tokens) | Matcher::AnyOf(tokens) => {
                self.words.extend(tokens.iter().cloned());
            }
        }
    }
}

impl ReleaseSearcher {
    /// Opens the index at `dir` for searching.
    ///
    /// # Errors
    /// [`Error::Missing`](crate::Error::Missing) when there is no index, [`Error::SchemaMismatch`](crate::Error::SchemaMismatch) for another
    /// version, [`Error::Tantivy`](crate::Error::Tantivy) when it cannot be read.
    pub fn open(dir: &Path) -> Result<ReleaseSearcher> {
        ReleaseSearcher::new(ReleaseIndex::open(dir)?)
    }

    /// Searches an index already open.
    ///
    /// # Errors
    /// [`Error::Tantivy`](crate::Error::Tantivy) when no reader can be opened.
    pub fn new(index: ReleaseIndex) -> Result<ReleaseSearcher> {
        ReleaseSearcher::with_reload(index, ReloadPolicy::OnCommitWithDelay)
    }

    /// Opens the index at `dir` for a one-shot search (a command-line run): the reader sees
    /// the last commit and never reloads, so no thread is started to watch the index.
    ///
    /// # Errors
    /// As [`ReleaseSearcher::open`].
    pub fn open_once(dir: &Path) -> Result<ReleaseSearcher> {
        ReleaseSearcher::with_reload(ReleaseIndex::open(dir)?, ReloadPolicy::Manual)
    }

    fn with_reload(index: ReleaseIndex, policy: ReloadPolicy) -> Result<ReleaseSearcher> {
        let reader = index.index().reader_builder().reload_policy(policy).try_into()?;
        Ok(ReleaseSearcher { index, reader, analyzer: schema::en_stem_analyzer() })
    }

    /// The index searched.
    pub fn index(&self) -> &ReleaseIndex {
        &self.index
    }

    /// Runs `request`.
    ///
    /// # Errors
    /// [`Error::Tantivy`](crate::Error::Tantivy) on a read failure, [`Error::Corrupt`](crate::Error::Corrupt) for a stored document that does
    /// not decode.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let plan = self.plan(&request.query)?;
        let words = plan.groups.len();
        let total = searcher.search(&*plan.query(1), &Count)?;
        // With one word (or none) every match matches all words: no second count.
        let matched_all_words =
            if words <= 1 { total } else { searcher.search(&*plan.query(words), &Count)? };
        let total = if request.all_words { matched_all_words } else { total };
        // Tantivy sizes its top-k heap by the limit: never ask for more than can match.
        let limit = request.limit.min(total.saturating_sub(request.offset));
        let window = request.offset.saturating_add(limit);
        let mut addresses: Vec<(f32, DocAddress)> = Vec::new();
        if limit > 0 {
            if words == 0 || request.sort == SortBy::Date {
                let minimum = if request.all_words { words } else { 1 };
                let collector =
                    TopDocs::with_limit(limit)
                        .and_offset(request.offset)
                        .order_by_fast_field::<tantivy::DateTime>(schema::PUBLISHED, Order::Desc);
                let found = searcher.search(&*plan.query(minimum), &collector)?;
                addresses = found.into_iter().map(|(_, address)| (0.0, address)).collect();
            } else {
                // Tiers: every word, then one fewer, ... each ranked by BM25.
                let lowest = if request.all_words { words } else { 1 };
                for minimum in (lowest..=words).rev() {
                    if addresses.len() >= window {
                        break;
                    }
                    let tier: Box<dyn TantivyQuery> = if minimum == words {
                        plan.query(minimum)
                    } else {
                        Box::new(BooleanQuery::new(vec![
                            (Occur::Must, plan.query(minimum)),
                            (Occur::MustNot, plan.query(minimum + 1)),
                        ]))
                    };
                    let collector = TopDocs::with_limit(window - addresses.len()).order_by_score();
                    addresses.extend(searcher.search(&*tier, &collector)?);
                }
                addresses = addresses.into_iter().skip(request.offset).collect();
            }
        }
        let mut highlighter = Highlighter::new(&self.analyzer, &plan.highlight);
        let hits = addresses
            .into_iter()
            .map(|(score, address)| self.hit(&searcher, address, score, &mut highlighter))
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults { hits, total, matched_all_words, words, corrections: plan.corrections })
    }

    /// The release whose guid or link is `id`.
    ///
    /// # Errors
    /// [`Error::Tantivy`](crate::Error::Tantivy) on a read failure, [`Error::Corrupt`](crate::Error::Corrupt) when it does not decode.
    pub fn get(&self, id: &str) -> Result<Option<IndexedRelease>> {
        let searcher = self.reader.searcher();
        let fields = self.index.fields();
        for field in [fields.guid, fields.link] {
            let query =
                TermQuery::new(Term::from_field_text(field, id.trim()), IndexRecordOption::Basic);
            let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
            if let Some((_, address)) = found.first() {
                let doc: TantivyDocument = searcher.doc(*address)?;
                return from_document(fields, &doc).map(Some);
            }
        }
        Ok(None)
    }

    pub(crate) fn reader(&self) -> &IndexReader {
        &self.reader
    }

    /// Resolves `query` against the current index: analysis, typos, acronyms, prefixes,
    /// filters and exclusions.
    pub(crate) fn plan(&self, query: &Query) -> Result<Plan> {
        let searcher = self.reader.searcher();
        let mut corrections = Vec::new();
        let mut highlight = Highlight::default();
        let normalize = |word: &str| self.tokens(word).join(" ");
        let groups = expand_acronyms(query.groups.clone(), &normalize);
        let mut group_queries = Vec::new();
        for group in &groups {
            let mut alternatives: Vec<Box<dyn TantivyQuery>> = Vec::new();
            for term in &group.alternatives {
                let Some(matcher) = self.matcher(&searcher, term, Some(&mut corrections))? else {
                    continue;
                };
                highlight.add(&matcher);
                alternatives.push(self.text_query(&matcher, &self.text_fields()));
            }
            if !alternatives.is_empty() {
                group_queries.push(union(alternatives));
            }
        }
        let mut restrictions = self.filter_clauses(&searcher, &query.filters)?;
        for term in &query.filters.title {
            if let Some(matcher) = self.matcher(&searcher, term, None)? {
                highlight.add(&matcher);
                restrictions.push((
                    Occur::Must,
                    self.text_query(&matcher, &[(self.index.fields().title, 1.0)]),
                ));
            }
        }
        for term in &query.filters.location {
            if let Some(matcher) = self.matcher(&searcher, term, None)? {
                restrictions.push((
                    Occur::Must,
                    self.text_query(&matcher, &[(self.index.fields().location, 1.0)]),
                ));
            }
        }
        for term in &query.excluded {
            if let Some(matcher) = self.matcher(&searcher, term, None)? {
                restrictions.push((Occur::MustNot, self.text_query(&matcher, &self.text_fields())));
            }
        }
        Ok(Plan { groups: group_queries, restrictions, highlight, corrections })
    }

    fn text_fields(&self) -> Vec<(Field, f32)> {
        let schema = self.index.index().schema();
        FIELD_BOOSTS
            .iter()
            .filter_map(|(name, boost)| schema.get_field(name).ok().map(|field| (field, *boost)))
            .collect()
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
        searcher: &tantivy::Searcher,
        term: &crate::query::Term,
        corrections: Option<&mut Vec<Correction>>,
    ) -> Result<Option<Matcher>> {
        match term.kind {
            TermKind::Prefix => {
                let prefix = term.text.to_lowercase();
                let mut found = BTreeSet::new();
                for stem in [prefix.clone(), self.tokens(&term.text).join("")] {
                    if !stem.is_empty() {
                        found.extend(self.indexed_with_prefix(searcher, &stem)?);
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
                    && let Some(replacement) = self.correction(searcher, &term.text, token)?
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
    fn correction(
        &self,
        searcher: &tantivy::Searcher,
        typed: &str,
        token: &str,
    ) -> Result<Option<String>> {
        let letters = typed.chars().filter(|c| c.is_alphanumeric()).count();
        if letters < 5 || find_acronym(typed).is_some() || self.doc_freq(searcher, token)? > 0 {
            return Ok(None);
        }
        let max_distance: u8 = if letters >= 9 { 2 } else { 1 };
        for distance in 1..=max_distance {
            let mut candidates: BTreeMap<String, u64> = BTreeMap::new();
            for (field, _) in self.text_fields() {
                let automaton =
                    FuzzyTermQuery::new(Term::from_field_text(field, token), distance, true)
                        .automaton()?;
                for segment in searcher.segment_readers() {
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

    fn doc_freq(&self, searcher: &tantivy::Searcher, token: &str) -> Result<u64> {
        let mut total = 0;
        for (field, _) in self.text_fields() {
            total += searcher.doc_freq(&Term::from_field_text(field, token))?;
        }
        Ok(total)
    }

    /// Indexed terms of any text field starting with `prefix`.
    fn indexed_with_prefix(
        &self,
        searcher: &tantivy::Searcher,
        prefix: &str,
    ) -> Result<BTreeSet<String>> {
        let mut found = BTreeSet::new();
        for (field, _) in self.text_fields() {
            terms::visit_prefixed(searcher, field, prefix.as_bytes(), |key| {
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

    fn text_query(&self, matcher: &Matcher, fields: &[(Field, f32)]) -> Box<dyn TantivyQuery> {
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

    /// Facet filters (OR within a facet) and the publication range, as `Must` clauses.
    fn filter_clauses(
        &self,
        searcher: &tantivy::Searcher,
        filters: &Filters,
    ) -> Result<Vec<(Occur, Box<dyn TantivyQuery>)>> {
        let facets_field = self.index.fields().facets;
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
            let facets =
                filters.countries.iter().map(|c| schema::country_facet(c.name())).collect();
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
            let known =
                crate::facets::dimension_values(searcher, facets_field, schema::FACET_FEED)?;
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
            let published = self.index.fields().published;
            let bound_at = |day: NaiveDate| {
                Term::from_field_date_for_search(
                    published,
                    schema::to_tantivy_date(day.and_time(NaiveTime::MIN).and_utc()),
                )
            };
            let lower =
                filters.since.map_or(Bound::Unbounded, |day| Bound::Included(bound_at(day)));
            let upper = filters
                .until
                .and_then(|day| day.succ_opt())
                .map_or(Bound::Unbounded, |day| Bound::Excluded(bound_at(day)));
            let lower = match lower {
                Bound::Unbounded => Bound::Included(Term::from_field_date_for_search(
                    published,
                    tantivy::DateTime::MIN,
                )),
                bound => bound,
            };
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        Ok(clauses)
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
        score: f32,
        highlighter: &mut Highlighter<'_>,
    ) -> Result<SearchHit> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let release = from_document(self.index.fields(), &doc)?;
        let title_highlights = highlighter.marks(&release.release.title);
        let fallback = release.release.summary.as_deref().unwrap_or_default();
        let snippet = make_snippet(highlighter, &release.release.body, fallback);
        Ok(SearchHit { release, score, title_highlights, snippet })
    }
}

/// One query matching any of `queries` (the query itself when there is one).
fn union(mut queries: Vec<Box<dyn TantivyQuery>>) -> Box<dyn TantivyQuery> {
    if queries.len() == 1 {
        return queries.remove(0);
    }
    Box::new(BooleanQuery::union(queries))
}

#[cfg(test)]
mod tests;
