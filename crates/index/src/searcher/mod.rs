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

mod correct;
mod few_union;
mod gram_phrase;
mod plan;
mod prepared;
mod tiers;

use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, IndexReader, ReloadPolicy, TantivyDocument, Term};

pub(crate) use self::plan::QueryPlan;
use self::plan::QueryPlanner;
pub use self::plan::{CappedPrefix, MAX_PREFIX_TERMS};
pub use self::prepared::PreparedSearch;
use crate::directory::ReleaseIndex;
use crate::document::{IndexedRelease, from_document};
use crate::error::{Error, Result, guarded};
use crate::query::Query;
use crate::record::{Payload, read_payload};
use crate::schema;
use crate::snippet::{Highlighter, Snippet, make_snippet};

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
    /// The parsed query, flag filters merged into its [`Filters`](crate::Filters).
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
    /// Byte offset of the typed word in the query string.
    pub position: usize,
    /// The indexed term (a stem, e.g. "custom") searched instead.
    pub replacement: String,
    /// The word people read for it, as the releases spell it ("customs"): of the words whose
    /// stem is `replacement`, the closest to what was typed.
    pub word: String,
}

impl Correction {
    /// `query` with every corrected word replaced by its [`Correction::word`]:
    /// "custums agreemnt" reads "customs agreement". `None` without corrections.
    pub fn apply(query: &str, corrections: &[Correction]) -> Option<String> {
        if corrections.is_empty() {
            return None;
        }
        let mut sorted: Vec<&Correction> = corrections.iter().collect();
        sorted.sort_by_key(|correction| correction.position);
        let mut out = String::with_capacity(query.len());
        let mut at = 0;
        for correction in sorted {
            let end = correction.position + correction.typed.len();
            match query.get(correction.position..end) {
                Some(typed) if typed == correction.typed && correction.position >= at => {
                    out.push_str(&query[at..correction.position]);
                    out.push_str(&correction.word);
                    at = end;
                }
                _ => {}
            }
        }
        out.push_str(&query[at..]);
        Some(out)
    }
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
    /// `prefix*` terms that matched more indexed words than were searched.
    pub capped_prefixes: Vec<CappedPrefix>,
}

/// An open index, ready to answer many searches.
#[derive(Clone)]
pub struct ReleaseSearcher {
    index: ReleaseIndex,
    reader: IndexReader,
    analyzer: TextAnalyzer,
    /// Phrases with a common word matched on the gram fields (always, but in tests that
    /// compare them with plain phrases).
    grams: bool,
}

impl std::fmt::Debug for ReleaseSearcher {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ReleaseSearcher")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl ReleaseSearcher {
    /// Opens the index at `dir` for searching, read-only
    /// ([`ReleaseIndex::open_read_only`]).
    ///
    /// # Errors
    /// [`UserError::Missing`](crate::UserError::Missing) when there is no index,
    /// [`UserError::SchemaMismatch`](crate::UserError::SchemaMismatch) for another version, an
    /// internal error when it cannot be read.
    pub fn open(dir: &Path) -> Result<ReleaseSearcher> {
        ReleaseSearcher::new(ReleaseIndex::open_read_only(dir)?)
    }

    /// Searches an index already open.
    ///
    /// # Errors
    /// An internal error when no reader can be opened.
    pub fn new(index: ReleaseIndex) -> Result<ReleaseSearcher> {
        ReleaseSearcher::with_reload(index, ReloadPolicy::OnCommitWithDelay)
    }

    /// Opens the index at `dir` for a one-shot search (a command-line run): the reader sees
    /// the last commit and never reloads, so no thread is started to watch the index.
    ///
    /// # Errors
    /// As [`ReleaseSearcher::open`].
    pub fn open_once(dir: &Path) -> Result<ReleaseSearcher> {
        ReleaseSearcher::with_reload(ReleaseIndex::open_read_only(dir)?, ReloadPolicy::Manual)
    }

    fn with_reload(index: ReleaseIndex, policy: ReloadPolicy) -> Result<ReleaseSearcher> {
        let reader = guarded(index.dir(), || {
            Ok(index.index().reader_builder().reload_policy(policy).try_into()?)
        })?;
        Ok(ReleaseSearcher { index, reader, analyzer: schema::en_stem_analyzer(), grams: true })
    }

    /// The index searched.
    pub fn index(&self) -> &ReleaseIndex {
        &self.index
    }

    /// Runs `request`: the page of hits it asks for, with the counts.
    ///
    /// # Errors
    /// [`InternalError::Tantivy`](crate::InternalError::Tantivy) on a read failure,
    /// [`InternalError::Corrupt`](crate::InternalError::Corrupt) for a stored document that does
    /// not decode.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        guarded(self.index.dir(), || {
            let prepared = PreparedSearch::new(self, request)?;
            let mut hits = Vec::new();
            prepared.for_each_hit(|hit| {
                hits.push(hit);
                Ok::<(), Error>(())
            })?;
            Ok(SearchResults {
                hits,
                total: prepared.total(),
                matched_all_words: prepared.matched_all_words(),
                words: prepared.words(),
                corrections: prepared.corrections().to_vec(),
                capped_prefixes: prepared.capped_prefixes().to_vec(),
            })
        })
    }

    /// Plans and counts `request` without reading any hit: the counts and corrections are
    /// known at once, and [`PreparedSearch::for_each_hit`] then hands over the hits one at a
    /// time. With `limit: usize::MAX` that is every match from `offset` on, in the order of
    /// the request, in memory bounded by one release (plus 16 bytes per match for their
    /// addresses): what an export of all results streams.
    ///
    /// # Errors
    /// [`InternalError::Tantivy`](crate::InternalError::Tantivy) on a read failure,
    /// [`UserError::UnknownFeed`](crate::UserError::UnknownFeed) for a feed the index does not
    /// hold.
    pub fn prepare(&self, request: &SearchRequest) -> Result<PreparedSearch<'_>> {
        guarded(self.index.dir(), || PreparedSearch::new(self, request))
    }

    /// The release whose guid or link is `id`.
    ///
    /// # Errors
    /// [`InternalError::Tantivy`](crate::InternalError::Tantivy) on a read failure,
    /// [`InternalError::Corrupt`](crate::InternalError::Corrupt) when it does not decode.
    pub fn get(&self, id: &str) -> Result<Option<IndexedRelease>> {
        guarded(self.index.dir(), || self.get_unguarded(id))
    }

    fn get_unguarded(&self, id: &str) -> Result<Option<IndexedRelease>> {
        let searcher = self.reader.searcher();
        let fields = self.index.fields();
        for field in [fields.guid, fields.link] {
            let query =
                TermQuery::new(Term::from_field_text(field, id.trim()), IndexRecordOption::Basic);
            let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
            if let Some((_, address)) = found.first() {
                let doc: TantivyDocument = searcher.doc(*address)?;
                return from_document(fields, &doc, &read_payload(&self.index)?).map(Some);
            }
        }
        Ok(None)
    }

    /// The analyzed tokens of `text`, as the index holds its words (lowercased English stems).
    pub(crate) fn analyze(&self, text: &str) -> Vec<String> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push(token.text.clone());
        }
        tokens
    }

    pub(crate) fn reader(&self) -> &IndexReader {
        &self.reader
    }

    /// Resolves `query` against the current index (see [`plan`]); `last-run` is the start of
    /// the latest run this index recorded.
    pub(crate) fn plan(&self, searcher: &tantivy::Searcher, query: &Query) -> Result<QueryPlan> {
        let last_run = match query.filters.uses_last_run() {
            true => read_payload(&self.index)?.last_run.map(|run| run.started_at),
            false => None,
        };
        QueryPlanner::new(searcher, self.index.fields(), &self.analyzer, self.grams)
            .plan(query, last_run)
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
        score: f32,
        highlighter: &mut Highlighter<'_>,
        payload: &Payload,
    ) -> Result<SearchHit> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let release = from_document(self.index.fields(), &doc, payload)?;
        let title_highlights = highlighter.marks(&release.release.title);
        let fallback = release.release.summary.as_deref().unwrap_or_default();
        let snippet = make_snippet(highlighter, &release.release.body, fallback);
        Ok(SearchHit { release, score, title_highlights, snippet })
    }
}

#[cfg(test)]
mod gram_tests;
#[cfg(test)]
mod ranking_tests;
#[cfg(test)]
mod tests;
