//! The searcher: a parsed [`Query`] in, ranked [`SearchHit`]s out.
//!
//! Matching follows Meilisearch's default strategy: releases that match every word of the
//! query rank above those that match fewer, and BM25 (title weighted most) orders each tier.
//! Words are analyzed like the index (`en_stem`), so "signings" finds "signed"; acronyms are
//! expanded both ways ([`crate::acronyms`]); a word the index does not hold is replaced by its
//! closest indexed term (a typo). Open once, search many: the reader reloads on commit.
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
use crate::snippet::{Highlight, Snippet, highlight_terms, make_snippet};

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
        let reader = index
            .index()
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
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
        let matched_all_words =
            if words == 0 { total } else { searcher.search(&*plan.query(words), &Count)? };
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
        let hits = addresses
            .into_iter()
            .map(|(score, address)| self.hit(&searcher, address, score, &plan.highlight))
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
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted
                    .terms()
                    .range()
                    .ge(prefix.as_bytes())
                    .into_stream()
                    .map_err(tantivy::TantivyError::from)?;
                while stream.advance() && found.len() < MAX_PREFIX_TERMS {
                    let key = stream.key();
                    if !key.starts_with(prefix.as_bytes()) {
                        break;
                    }
                    if let Ok(text) = std::str::from_utf8(key) {
                        found.insert(text.to_string());
                    }
                }
            }
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
        highlight: &Highlight,
    ) -> Result<SearchHit> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let release = from_document(self.index.fields(), &doc)?;
        let title_highlights = highlight_terms(&self.analyzer, &release.release.title, highlight);
        let fallback = release.release.summary.as_deref().unwrap_or_default();
        let snippet = make_snippet(&self.analyzer, &release.release.body, fallback, highlight);
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
mod tests {
    use chrono::{DateTime, Utc};
    use pressdex_ingest::{Agreement, AgreementKind, Country, PressRelease, ReleaseKind};

    use super::*;
    use crate::document::{Provenance, to_document};
    use crate::facets::{DateBuckets, FacetDimension};

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("valid date").with_timezone(&Utc)
    }

    /// A release with `guid`, `title`, `body`, publication date, kind and facets.
    fn release(guid: &str, title: &str, body: &str, published: &str) -> PressRelease {
        PressRelease {
            guid: guid.to_string(),
            link: format!("https://www.cbp.gov/newsroom/national-media-release/{guid}"),
            title: title.to_string(),
            published: Some(at(published)),
            creator: None,
            feed: "International Operations".to_string(),
            kind: ReleaseKind::NationalMediaRelease,
            summary: None,
            body: body.to_string(),
            captions: Vec::new(),
            location: Some("WASHINGTON".to_string()),
            contact: None,
            release_date: None,
            countries: Vec::new(),
            agreements: Vec::new(),
            raw_hash: 1,
        }
    }

    /// A small corpus written straight through the document encoding (no feed reader).
    fn corpus() -> (tempfile::TempDir, ReleaseSearcher) {
        let mut cmaa = release(
            "cmaa",
            "U.S. and Mexico sign customs agreement",
            "Officials signed a Customs Mutual Assistance Agreement in Mexico City. The \
             agreement lets customs administrations share information.",
            "2024-05-10T12:00:00Z",
        );
        cmaa.countries = Country::lookup("Mexico").into_iter().collect();
        cmaa.agreements = vec![Agreement {
            kind: AgreementKind::Cmaa,
            evidence: "Officials signed a Customs Mutual Assistance Agreement.".to_string(),
        }];
        let acronym_only = release(
            "acronym",
            "CBP renews CMAA",
            "The CMAA was renewed during the visit.",
            "2023-02-01T12:00:00Z",
        );
        let customs_heavy = release(
            "customs",
            "Customs customs customs",
            "Customs officers, customs rules, customs forms and customs agreement talk. Customs.",
            "2022-07-01T12:00:00Z",
        );
        let mut local = release(
            "local",
            "Port of entry seizes narcotics",
            "Officers at the port seized narcotics. No agreement was involved.",
            "2021-03-15T12:00:00Z",
        );
        local.kind = ReleaseKind::LocalMediaRelease;
        local.link = "https://www.cbp.gov/newsroom/local-media-release/local".to_string();
        let dir = tempfile::tempdir().expect("temp dir");
        let index = ReleaseIndex::create(dir.path()).expect("creates");
        let mut writer: tantivy::IndexWriter =
            index.index().writer_with_num_threads(1, 20 << 20).expect("writer");
        let provenance = Provenance {
            first_seen: at("2024-06-01T00:00:00Z"),
            last_seen: at("2024-06-01T00:00:00Z"),
            snapshot: "feeds/test.xml".to_string(),
            snapshot_fetched: at("2024-06-01T00:00:00Z"),
            revisions: 1,
            content_hashes: vec![1],
            content_hash: 1,
        };
        for release in [cmaa, acronym_only, customs_heavy, local] {
            writer.add_document(to_document(index.fields(), &release, &provenance)).expect("adds");
        }
        writer.commit().expect("commits");
        let searcher = ReleaseSearcher::new(index).expect("opens");
        searcher.reader().reload().expect("reloads");
        (dir, searcher)
    }

    fn request(query: &str) -> SearchRequest {
        SearchRequest::new(Query::parse(query).expect("valid query"))
    }

    /// Runs `request` and renders `guid, guid, ... (total/all-words)` plus corrections.
    fn render(searcher: &ReleaseSearcher, request: &SearchRequest) -> String {
        let results = searcher.search(request).expect("searches");
        let guids: Vec<&str> =
            results.hits.iter().map(|hit| hit.release.release.guid.as_str()).collect();
        let mut rendered =
            format!("{} ({}/{})", guids.join(" "), results.total, results.matched_all_words);
        for correction in &results.corrections {
            rendered.push_str(&format!(" {}->{}", correction.typed, correction.replacement));
        }
        rendered
    }

    #[test]
    fn ranking_matching_and_filters() {
        let (_dir, searcher) = corpus();
        let check = |query: &str, expected: &str| {
            assert_eq!(render(&searcher, &request(query)), expected, "query: {query:?}");
        };
        // Stemming: "signings" finds "signed"/"sign".
        check("signings", "cmaa (1/1)");
        // All words first, even against a release repeating one word many times.
        check("customs agreement mexico", "cmaa customs local (3/1)");
        // Acronyms both ways.
        check("CMAA", "acronym cmaa (2/2)");
        check("\"customs mutual assistance agreement\"", "acronym cmaa (2/2)");
        // Typos: corrected to the indexed stem, reported.
        check("custums", "customs cmaa (2/2) custums->custom");
        check("narcotcs", "local (1/1) narcotcs->narcot");
        check("zzzzzzzz", " (0/0)");
        // Phrases, exclusion, prefix, OR.
        check("\"share information\"", "cmaa (1/1)");
        check("agreement -customs", "local (1/1)");
        check("narco*", "local (1/1)");
        check("narcotics OR renewed", "acronym local (2/2)");
        // Filters from the query.
        check("agreement:CMAA", "cmaa (1/1)");
        check("country:mx", "cmaa (1/1)");
        check("kind:local-media-release", "local (1/1)");
        check("since:2023", "cmaa acronym (2/2)");
        check("until:2022-07", "customs local (2/2)");
        check("year:2022", "customs (1/1)");
        check("title:customs", "cmaa customs (2/2)");
        check("location:washington agreement:cmaa", "cmaa (1/1)");
        check("feed:\"international operations\" year:2021", "local (1/1)");
        // No words: every matching release, newest first.
        check("", "cmaa acronym customs local (4/4)");
        check("-customs", "acronym local (2/2)");
    }

    #[test]
    fn all_words_sort_and_paging() {
        let (_dir, searcher) = corpus();
        let mut all = request("customs agreement mexico");
        all.all_words = true;
        assert_eq!(render(&searcher, &all), "cmaa (1/1)");
        let mut by_date = request("customs OR narcotics");
        by_date.sort = SortBy::Date;
        assert_eq!(render(&searcher, &by_date), "cmaa customs local (3/3)");
        let mut page = request("customs agreement mexico");
        page.offset = 1;
        page.limit = 2;
        assert_eq!(render(&searcher, &page), "customs local (3/1)");
        page.limit = 0;
        assert_eq!(render(&searcher, &page), " (3/1)");
        page.limit = usize::MAX;
        page.offset = usize::MAX;
        assert_eq!(render(&searcher, &page), " (3/1)");
        page.offset = 2;
        assert_eq!(render(&searcher, &page), "local (3/1)");
    }

    #[test]
    fn highlights_point_at_matched_words() {
        let (_dir, searcher) = corpus();
        let results = searcher.search(&request("signings customs")).expect("searches");
        let hit = results.hits.iter().find(|hit| hit.release.release.guid == "cmaa").expect("hit");
        let title = &hit.release.release.title;
        let marked: Vec<&str> =
            hit.title_highlights.iter().map(|(start, end)| &title[*start..*end]).collect();
        assert_eq!(marked, ["sign", "customs"]);
        let snippet: Vec<&str> = hit
            .snippet
            .highlights
            .iter()
            .map(|(start, end)| &hit.snippet.text[*start..*end])
            .collect();
        assert_eq!(snippet, ["signed", "Customs", "customs"]);
    }

    #[test]
    fn lookup_and_facets() {
        let (_dir, searcher) = corpus();
        let by_guid = searcher.get("cmaa").expect("reads").expect("found");
        assert_eq!(by_guid.release.title, "U.S. and Mexico sign customs agreement");
        let by_link = searcher
            .get("https://www.cbp.gov/newsroom/local-media-release/local")
            .expect("reads")
            .expect("found");
        assert_eq!(by_link.release.guid, "local");
        assert_eq!(searcher.get("nope").expect("reads"), None);

        let query = Query::parse("").expect("valid");
        let render = |dimension, buckets| {
            let counts = searcher.facets(&query, false, &[dimension], buckets).expect("counts");
            let facet = &counts[0];
            let values: Vec<String> = facet
                .counts
                .iter()
                .map(|count| format!("{}={}", count.value, count.count))
                .collect();
            format!("{}: {}", facet.total, values.join(" "))
        };
        assert_eq!(render(FacetDimension::Country, DateBuckets::Month), "4: Mexico=1");
        assert_eq!(render(FacetDimension::Agreement, DateBuckets::Month), "4: CMAA=1");
        assert_eq!(
            render(FacetDimension::Kind, DateBuckets::Month),
            "4: national-media-release=3 local-media-release=1"
        );
        assert_eq!(
            render(FacetDimension::Date, DateBuckets::Year),
            "4: 2021=1 2022=1 2023=1 2024=1"
        );
        assert_eq!(
            render(FacetDimension::Date, DateBuckets::Month),
            "4: 2021-03=1 2022-07=1 2023-02=1 2024-05=1"
        );
        assert_eq!(
            render(FacetDimension::Feed, DateBuckets::Month),
            "4: International Operations=4"
        );
    }
}
