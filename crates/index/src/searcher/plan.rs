//! Query planning: a parsed [`Query`] resolved against the index into Tantivy queries. Words
//! are analyzed like the index (`en_stem`); acronyms are expanded both ways; a `prefix*`
//! stands for the indexed words that start so; a word the index does not hold is replaced by
//! its closest indexed term (a typo); filters become facet and date-range clauses. A word or
//! phrase that names a country by any name, alias, demonym or capitalised code ("Türkiye",
//! "Turkish", "TR"; adjacent words such as `ivory coast` are read together) also matches the
//! releases about that country, with a constant score ranked among the text matches: a boost,
//! not a filter.

use std::ops::Bound;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use pressdex_ingest::{Country, Party};
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TantivyQuery,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use super::Correction;
use super::correct::Corrector;
use super::few_union::{self, FewUnionQuery};
use super::gram_phrase::GramPhraseQuery;
use crate::acronyms::expand_acronyms;
use crate::error::{Result, UserError};
use crate::grams;
use crate::query::{Filters, Group, Query, Term as QueryTerm, TermKind};
use crate::schema::{self, Fields};
use crate::snippet::Highlight;
use crate::terms;

/// At most this many indexed words stand for one `prefix*`: the most frequent (by document
/// frequency, summed over the text fields), so `c*` finds "customs" and "cocaine" before
/// "caaba". README documents the number.
pub const MAX_PREFIX_TERMS: usize = 512;

/// The score a release gets for being about a country the query names: about what one match
/// of a word in the body scores, so spelling the country another way ranks with the releases
/// that spell it as typed, not above them.
const COUNTRY_BOOST: f32 = 3.0;

/// The text part of a query, resolved against the index: one Tantivy query per group.
pub(crate) struct QueryPlan {
    /// One query per group (word, phrase, OR of them).
    pub(crate) groups: Vec<Box<dyn TantivyQuery>>,
    /// Filters and exclusions, to combine with the groups.
    restrictions: Vec<(Occur, Box<dyn TantivyQuery>)>,
    /// What the positive part can match, for highlighting.
    pub(crate) highlight: Highlight,
    pub(crate) corrections: Vec<Correction>,
    /// Prefixes that matched more indexed words than were searched.
    pub(crate) capped_prefixes: Vec<CappedPrefix>,
}

/// A `prefix*` that matched more indexed words than [`MAX_PREFIX_TERMS`]: only the most
/// frequent were searched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CappedPrefix {
    /// The prefix as typed, without the `*`.
    pub prefix: String,
    /// How many distinct indexed words start with it.
    pub matched: usize,
    /// How many were searched (the most frequent): [`MAX_PREFIX_TERMS`].
    pub searched: usize,
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

    /// Whether the plan matches every release (no word, no filter, no exclusion).
    pub(crate) fn matches_everything(&self) -> bool {
        self.groups.is_empty() && self.restrictions.is_empty()
    }

    /// Releases passing every filter and exclusion, whatever words they match, scored as the
    /// restrictions score in [`QueryPlan::query`] (a `title:` word by its BM25, the rest 0);
    /// `None` when there is no restriction.
    pub(crate) fn restriction(&self) -> Option<Box<dyn TantivyQuery>> {
        if self.restrictions.is_empty() {
            return None;
        }
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> =
            self.restrictions.iter().map(|(occur, query)| (*occur, query.box_clone())).collect();
        // Every release, adding nothing to the score: the clause that makes a restriction of
        // exclusions alone match anything.
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0))));
        Some(Box::new(BooleanQuery::new(clauses)))
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
    /// Prefixes capped while planning.
    capped: std::cell::RefCell<Vec<CappedPrefix>>,
    /// Whether a phrase with a common word is matched on the gram fields (`grams.rs`); off
    /// only to check that both give the same answers.
    grams: bool,
    /// Whether the query being planned has filters or exclusions, which lead an
    /// intersection that seeks its phrases.
    restricted: std::cell::Cell<bool>,
}

impl<'a> QueryPlanner<'a> {
    /// A planner over `searcher`, analyzing words with `analyzer` (the index's).
    pub(crate) fn new(
        searcher: &'a tantivy::Searcher,
        fields: &'a Fields,
        analyzer: &TextAnalyzer,
        grams: bool,
    ) -> QueryPlanner<'a> {
        // A word in the title counts most.
        let text_fields = vec![
            (fields.title, 4.0),
            (fields.summary, 2.0),
            (fields.location, 1.5),
            (fields.body, 1.0),
            (fields.captions, 1.0),
        ];
        QueryPlanner {
            searcher,
            fields,
            analyzer: analyzer.clone(),
            text_fields,
            capped: std::cell::RefCell::default(),
            grams,
            restricted: std::cell::Cell::new(false),
        }
    }

    /// Resolves `query`: analysis, typos, acronyms, prefixes, filters and exclusions.
    ///
    /// # Errors
    /// An internal error when the term dictionary cannot be read.
    pub(crate) fn plan(&self, query: &Query, last_run: Option<DateTime<Utc>>) -> Result<QueryPlan> {
        self.restricted.set(!query.filters.is_empty() || !query.excluded.is_empty());
        let mut capped_prefixes = Vec::new();
        let mut corrections = Vec::new();
        let mut highlight = Highlight::default();
        let groups = {
            let normalize = |word: &str| self.tokens(word).join(" ");
            expand_acronyms(join_country_names(query.groups.clone()), &normalize)
        };
        let mut group_queries = Vec::new();
        for group in &groups {
            let mut alternatives: Vec<Box<dyn TantivyQuery>> = Vec::new();
            for term in &group.alternatives {
                let country = (term.kind != TermKind::Prefix)
                    .then(|| Country::named_by(&term.text))
                    .flatten();
                // A country's name is never a typo of another word.
                let corrections = if country.is_some() { None } else { Some(&mut corrections) };
                if let Some(matcher) = self.matcher(term, corrections)? {
                    matcher.mark(&mut highlight);
                    alternatives.push(self.text_query(&matcher, &self.text_fields));
                }
                if let Some(country) = country {
                    let about = TermQuery::new(
                        Term::from_facet(self.fields.facets, &schema::country_facet(country)),
                        IndexRecordOption::Basic,
                    );
                    alternatives
                        .push(Box::new(ConstScoreQuery::new(Box::new(about), COUNTRY_BOOST)));
                }
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
                restrictions
                    .push((Occur::Must, self.text_query(&matcher, &[(self.fields.title, 1.0)])));
            }
        }
        for term in &query.filters.location {
            if let Some(matcher) = self.matcher(term, None)? {
                let fields = [(self.fields.location, 1.0)];
                restrictions.push((Occur::Must, self.text_query(&matcher, &fields)));
            }
        }
        for term in &query.excluded {
            if let Some(matcher) = self.matcher(term, None)? {
                restrictions.push((Occur::MustNot, self.text_query(&matcher, &self.text_fields)));
            }
        }
        capped_prefixes.extend(self.capped.take());
        capped_prefixes.dedup();
        Ok(QueryPlan {
            groups: group_queries,
            restrictions,
            highlight,
            corrections,
            capped_prefixes,
        })
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
                let stem = self.tokens(&term.text).join("");
                // The prefix as typed and as analyzed ("agree*" also finds "agreed" through
                // "agre"); when one starts the other, the shorter covers both.
                let mut starts = vec![prefix.clone()];
                if !stem.is_empty() && stem != prefix {
                    if prefix.starts_with(&stem) {
                        starts = vec![stem];
                    } else if !stem.starts_with(&prefix) {
                        starts.push(stem);
                    }
                }
                let (found, matched) = self.most_frequent_with_prefix(&starts)?;
                if matched > found.len() {
                    self.capped.borrow_mut().push(CappedPrefix {
                        prefix: term.text.clone(),
                        matched,
                        searched: found.len(),
                    });
                }
                // Nothing indexed starts so: keep the prefix, which simply matches nothing.
                let found = if found.is_empty() { vec![prefix] } else { found };
                Ok(Some(Matcher::AnyOf(found)))
            }
            TermKind::Word | TermKind::Phrase => {
                let mut tokens = self.tokens(&term.text);
                if tokens.is_empty() {
                    return Ok(None);
                }
                if let (Some(corrections), TermKind::Word, [token]) =
                    (corrections, term.kind, tokens.as_slice())
                {
                    let corrector = self.corrector();
                    if let Some(replacement) = corrector.closest_term(&term.text, token)? {
                        corrections.push(Correction {
                            typed: term.text.clone(),
                            position: term.position,
                            word: corrector.spelled(&replacement, &term.text)?,
                            replacement: replacement.clone(),
                        });
                        tokens = vec![replacement];
                    }
                }
                Ok(Some(Matcher::Sequence(tokens)))
            }
        }
    }

    /// `matcher` in any of `fields`, each with its boost. A phrase with a common word is
    /// matched on the field's grams (`grams.rs`, `gram_phrase.rs`), with the same matches and
    /// scores.
    fn text_query(&self, matcher: &Matcher, fields: &[(Field, f32)]) -> Box<dyn TantivyQuery> {
        let cover = match matcher {
            Matcher::Sequence(tokens) if self.grams => grams::phrase_cover(tokens),
            _ => None,
        };
        let mut per_field: Vec<Box<dyn TantivyQuery>> = Vec::new();
        for &(field, boost) in fields {
            let gram_cover = cover.as_ref().zip(self.fields.grams_of(field));
            let query: Box<dyn TantivyQuery> = match (matcher, gram_cover) {
                (Matcher::Sequence(tokens), _) if tokens.len() == 1 => Box::new(TermQuery::new(
                    Term::from_field_text(field, &tokens[0]),
                    IndexRecordOption::WithFreqs,
                )),
                (Matcher::Sequence(tokens), Some((cover, grams))) => {
                    Box::new(GramPhraseQuery::new(field, grams, tokens, cover))
                }
                (Matcher::Sequence(tokens), _) => Box::new(PhraseQuery::new(
                    tokens.iter().map(|token| Term::from_field_text(field, token)).collect(),
                )),
                (Matcher::AnyOf(terms), _) => union(
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
        match matcher {
            // A phrase over the fields of a query with filters or exclusions is a union that
            // seeks (`few_union.rs`): the filter that leads the intersection evaluates the
            // phrase only on its own candidates. Elsewhere the union is iterated, which
            // Tantivy's does faster (words, and phrases in the tiers' counting pass).
            Matcher::Sequence(tokens)
                if tokens.len() > 1
                    && self.restricted.get()
                    && (2..=few_union::MAX_CLAUSES).contains(&per_field.len()) =>
            {
                Box::new(FewUnionQuery::new(per_field))
            }
            _ => union(per_field),
        }
    }

    fn corrector(&self) -> Corrector<'_> {
        Corrector {
            searcher: self.searcher,
            text_fields: &self.text_fields,
            analyzer: &self.analyzer,
        }
    }

    /// The [`MAX_PREFIX_TERMS`] most frequent indexed terms of the text fields that start with
    /// one of `starts` (none starting another; ties in term order), and how many distinct terms
    /// start so.
    fn most_frequent_with_prefix(&self, starts: &[String]) -> Result<(Vec<String>, usize)> {
        let fields: Vec<Field> = self.text_fields.iter().map(|(field, _)| *field).collect();
        let mut best: Vec<(std::cmp::Reverse<u64>, String)> = Vec::new();
        let mut matched = 0;
        let keep = |best: &mut Vec<(std::cmp::Reverse<u64>, String)>| {
            best.sort_unstable();
            best.truncate(MAX_PREFIX_TERMS);
        };
        for start in starts {
            terms::visit_prefixed_with_freq(
                self.searcher,
                &fields,
                start.as_bytes(),
                |key, freq| {
                    let Ok(text) = std::str::from_utf8(key) else { return };
                    matched += 1;
                    best.push((std::cmp::Reverse(freq), text.to_string()));
                    // Sorting every 2x keeps the work O(n log k) and the memory O(k).
                    if best.len() >= 2 * MAX_PREFIX_TERMS {
                        keep(&mut best);
                    }
                },
            )?;
        }
        keep(&mut best);
        let mut found: Vec<String> = best.into_iter().map(|(_, text)| text).collect();
        found.sort_unstable();
        Ok((found, matched))
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
        match (filters.countries.is_empty(), filters.agreements.is_empty()) {
            // An agreement and a country: the country must be a party to that agreement.
            (false, false) => {
                let facets = filters
                    .agreements
                    .iter()
                    .flat_map(|kind| {
                        filters
                            .countries
                            .iter()
                            .map(|country| schema::party_facet(*kind, Party::Country(*country)))
                    })
                    .collect();
                clauses.push((Occur::Must, facet_any(facets)));
            }
            (false, true) => {
                let facets = filters.countries.iter().map(|c| schema::country_facet(*c)).collect();
                clauses.push((Occur::Must, facet_any(facets)));
            }
            (true, false) => {
                let facets =
                    filters.agreements.iter().map(|a| schema::agreement_facet(a.code())).collect();
                clauses.push((Occur::Must, facet_any(facets)));
            }
            (true, true) => {}
        }
        if !filters.regions.is_empty() {
            let facets = filters.regions.iter().map(|r| schema::region_facet(*r)).collect();
            clauses.push((Occur::Must, facet_any(facets)));
        }
        if !filters.mentions.is_empty() {
            let mention = self.fields.mention;
            let terms = filters
                .mentions
                .iter()
                .map(|country| -> Box<dyn TantivyQuery> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(mention, country.alpha2()),
                        IndexRecordOption::Basic,
                    ))
                })
                .collect();
            clauses.push((Occur::Must, union(terms)));
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
                    let title = known
                        .iter()
                        .find(|title| title.eq_ignore_ascii_case(feed.trim()))
                        .ok_or_else(|| UserError::UnknownFeed {
                            feed: feed.clone(),
                            known: known.iter().cloned().collect(),
                        })?;
                    Ok(schema::feed_facet(title))
                })
                .collect::<Result<Vec<_>>>()?;
            clauses.push((Occur::Must, facet_any(facets)));
        }
        for (field, since, until) in [
            (self.fields.published, filters.since, filters.until),
            (self.fields.event_date, filters.event_since, filters.event_until),
        ] {
            if since.is_some() || until.is_some() {
                clauses.push((Occur::Must, date_range(field, since, until)));
            }
        }
        Ok(clauses)
    }
}

/// The query's groups with runs of two to four single words that together name a country
/// ("ivory coast", "czech republic") joined into one phrase, so the run counts as one group and
/// can match the country's releases.
fn join_country_names(groups: Vec<Group>) -> Vec<Group> {
    let single_word = |group: &Group| match group.alternatives.as_slice() {
        [term] if term.kind == TermKind::Word => Some(term.clone()),
        _ => None,
    };
    let mut joined = Vec::with_capacity(groups.len());
    let mut at = 0;
    while at < groups.len() {
        let run = (2..=4).rev().find_map(|length| {
            let words: Vec<QueryTerm> =
                groups.get(at..at + length)?.iter().map(single_word).collect::<Option<_>>()?;
            let text = words.iter().map(|word| word.text.as_str()).collect::<Vec<_>>().join(" ");
            Country::named_by(&text)?;
            let phrase = QueryTerm { kind: TermKind::Phrase, text, position: words[0].position };
            Some((length, Group { alternatives: vec![phrase] }))
        });
        match run {
            Some((length, group)) => {
                joined.push(group);
                at += length;
            }
            None => {
                joined.push(groups[at].clone());
                at += 1;
            }
        }
    }
    joined
}

/// Days `since` to `until` (both included, either open) of the date field `field`.
fn date_range(
    field: Field,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Box<dyn TantivyQuery> {
    let bound_at = |day: NaiveDate| {
        Term::from_field_date_for_search(
            field,
            schema::to_tantivy_date(day.and_time(NaiveTime::MIN).and_utc()),
        )
    };
    let lower = match since {
        Some(day) => Bound::Included(bound_at(day)),
        None => Bound::Included(Term::from_field_date_for_search(field, tantivy::DateTime::MIN)),
    };
    let upper = until
        .and_then(|day| day.succ_opt())
        .map_or(Bound::Unbounded, |day| Bound::Excluded(bound_at(day)));
    Box::new(RangeQuery::new(lower, upper))
}

/// One query matching any of `queries` (the query itself when there is one).
fn union(mut queries: Vec<Box<dyn TantivyQuery>>) -> Box<dyn TantivyQuery> {
    if queries.len() == 1 {
        return queries.remove(0);
    }
    Box::new(BooleanQuery::union(queries))
}
