//! The page of a search of two words or more, ranked from the pass that counts the tiers
//! (`tiers.rs`), is what Tantivy's own ranking gives: releases that match more words first,
//! then Tantivy's score of the query, then the lower address; every page of every request
//! (plain, `--all`, offsets, filters, `title:`, exclusions, phrases) on a generated corpus of
//! several segments (issue 16).

use std::collections::HashMap;

use pressdex_corpus::{CorpusConfig, generate};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::schema::Value;

use super::*;
use crate::document::to_document;

/// Scores that differ only in the order their parts were added.
fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-5 * a.abs().max(b.abs()).max(1.0)
}

/// A match as Tantivy ranks it: how many groups it matches, its score, its guid.
struct Reference {
    count: usize,
    score: f32,
    address: DocAddress,
    guid: String,
}

/// Every match of `query`, from Tantivy alone: each group searched on its own for the counts,
/// the query of "at least one group and every restriction" for the scores.
fn reference(searcher: &ReleaseSearcher, query: &str) -> Vec<Reference> {
    let view = searcher.reader().searcher();
    let plan = searcher.plan(&view, &Query::parse(query).expect("parses")).expect("plans");
    let mut counts: HashMap<DocAddress, usize> = HashMap::new();
    for group in &plan.groups {
        for address in view.search(&**group, &DocSetCollector).expect("searches") {
            *counts.entry(address).or_default() += 1;
        }
    }
    let everything = TopDocs::with_limit(view.num_docs() as usize).order_by_score();
    let fields = searcher.index.fields();
    view.search(&*plan.query(1), &everything)
        .expect("searches")
        .into_iter()
        .map(|(score, address)| {
            let doc: TantivyDocument = view.doc(address).expect("stored");
            let guid = doc.get_first(fields.guid).and_then(|v| v.as_str()).expect("a guid");
            Reference { count: counts[&address], score, address, guid: guid.to_string() }
        })
        .collect()
}

/// Checks one page of `query` against the reference: the same total and tiers, each hit's
/// score Tantivy's (up to the order of additions), in order, and nothing left out that ranks
/// above the page's last hit. Returns the page's length.
fn check_page(
    searcher: &ReleaseSearcher,
    query: &str,
    all_words: bool,
    offset: usize,
    limit: usize,
) -> usize {
    let mut request = SearchRequest::new(Query::parse(query).expect("parses"));
    request.all_words = all_words;
    request.offset = offset;
    request.limit = limit;
    let results = searcher.search(&request).expect("searches");
    let words = results.words;
    let all = reference(searcher, query);
    let kept: Vec<&Reference> = all.iter().filter(|m| !all_words || m.count == words).collect();
    let what = format!("{query} (all: {all_words}, offset {offset}, limit {limit})");
    assert_eq!(results.total, kept.len(), "{what}");
    assert_eq!(
        results.matched_all_words,
        all.iter().filter(|m| m.count == words).count(),
        "{what}"
    );
    let by_guid: HashMap<&str, &Reference> = all.iter().map(|m| (m.guid.as_str(), m)).collect();
    let page: Vec<&Reference> = results
        .hits
        .iter()
        .map(|hit| {
            let found = by_guid.get(hit.release.release.guid.as_str()).expect("a match");
            assert!(
                close(hit.score, found.score),
                "{what}: {} {} vs {}",
                found.guid,
                hit.score,
                found.score
            );
            *found
        })
        .collect();
    assert_eq!(page.len(), kept.len().saturating_sub(offset).min(limit), "{what}");
    // In order: more groups first, then score (ties within the last bits either way).
    for pair in results.hits.windows(2).zip(page.windows(2)) {
        let ([a, b], [ra, rb]) = pair else { unreachable!("windows of two") };
        assert!(ra.count > rb.count || (ra.count == rb.count && a.score >= b.score), "{what}");
    }
    // Nothing ranked above the last hit of the page is missing from it or the pages before.
    if let Some(last) = page.last() {
        let shown: Vec<DocAddress> = page.iter().map(|m| m.address).collect();
        let above = kept
            .iter()
            .filter(|m| !shown.contains(&m.address))
            .filter(|m| {
                m.count > last.count
                    || (m.count == last.count
                        && m.score > last.score
                        && !close(m.score, last.score))
            })
            .count();
        assert!(above <= offset, "{what}: {above} matches rank above the page's last hit");
    }
    page.len()
}

/// A generated corpus of 400 releases, written straight through the document encoding in
/// segments of 60 (a run would merge them into one).
fn segmented_corpus() -> (tempfile::TempDir, ReleaseSearcher) {
    let snapshot = generate(&CorpusConfig::new(400, 11)).expect("generates").remove(0);
    let (items, problems) = pressdex_ingest::parse_feed("corpus.xml", &snapshot.xml);
    assert!(problems.is_empty(), "{problems:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    let index = ReleaseIndex::create(dir.path()).expect("creates");
    let mut writer: tantivy::IndexWriter =
        index.index().writer_with_num_threads(1, 20 << 20).expect("writer");
    let provenance = super::tests::provenance();
    for (at, item) in items.into_iter().enumerate() {
        let release = pressdex_ingest::build_release(item);
        writer.add_document(to_document(index.fields(), &release, &provenance)).expect("adds");
        if at % 60 == 59 {
            writer.commit().expect("commits");
        }
    }
    writer.commit().expect("commits");
    let searcher = ReleaseSearcher::new(index).expect("opens");
    searcher.reader().reload().expect("reloads");
    (dir, searcher)
}

#[test]
fn pages_by_relevance_rank_as_tantivy_does() {
    let (_dir, searcher) = segmented_corpus();
    let segments = searcher.reader().searcher().segment_readers().len();
    assert!(segments >= 5, "{segments} segment(s)");

    let queries = [
        "customs border",
        "seized cocaine port",
        r#"fentanyl "port of entry""#,
        "agreement mexico customs officers",
        "title:agreement customs",
        "customs border -fentanyl",
        "cmaa OR mra customs",
        "customs border since:2020",
        r#""port of entry" since:2020"#,
        r#"cocaine -"port of entry""#,
        r#"seized "port of entry" -"border security""#,
    ];
    let mut shown = 0;
    for query in queries {
        for all_words in [false, true] {
            for (offset, limit) in [(0, 10), (7, 25), (0, 1_000)] {
                shown += check_page(&searcher, query, all_words, offset, limit);
            }
        }
    }
    assert!(shown > 1_000, "the pages hold {shown} hits: too few to compare rankings");
}

/// The union that seeks (`few_union.rs`) matches what Tantivy's union matches and scores it the
/// same (up to the order of additions), iterated, and sought by a word or filter that leads an
/// intersection or an exclusion.
#[test]
fn a_union_that_seeks_answers_as_tantivys_union() {
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query as TantivyQuery, TermQuery};
    use tantivy::schema::IndexRecordOption;

    use super::few_union::FewUnionQuery;

    let (_dir, searcher) = segmented_corpus();
    let view = searcher.reader().searcher();
    let fields = searcher.index.fields();
    let text = [fields.title, fields.summary, fields.body, fields.captions, fields.location];
    let word = |field, text: &str| -> Box<dyn TantivyQuery> {
        Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs))
    };
    let phrase = |field, words: &[&str]| -> Box<dyn TantivyQuery> {
        Box::new(PhraseQuery::new(
            words.iter().map(|word| Term::from_field_text(field, word)).collect(),
        ))
    };
    let clause_sets: Vec<Vec<Box<dyn TantivyQuery>>> = vec![
        text.iter().map(|&field| phrase(field, &["port", "of", "entri"])).collect(),
        text.iter().map(|&field| phrase(field, &["border", "secur"])).collect(),
        text.iter().map(|&field| word(field, "custom")).collect(),
        vec![word(fields.title, "cocain"), phrase(fields.body, &["cocain", "worth"])],
    ];
    let leaders: Vec<Box<dyn TantivyQuery>> =
        vec![word(fields.body, "cocain"), word(fields.body, "fentanyl"), word(fields.title, "cbp")];
    let everything = TopDocs::with_limit(view.num_docs() as usize).order_by_score();
    let scored = |query: &dyn TantivyQuery| -> HashMap<DocAddress, f32> {
        view.search(query, &everything)
            .expect("searches")
            .into_iter()
            .map(|(score, address)| (address, score))
            .collect()
    };
    let mut compared = 0;
    for clauses in &clause_sets {
        let ours: Box<dyn TantivyQuery> =
            Box::new(FewUnionQuery::new(clauses.iter().map(|clause| clause.box_clone()).collect()));
        let theirs: Box<dyn TantivyQuery> = Box::new(BooleanQuery::union(
            clauses.iter().map(|clause| clause.box_clone()).collect(),
        ));
        let mut pairs: Vec<(Box<dyn TantivyQuery>, HashMap<DocAddress, f32>)> =
            vec![(ours.box_clone(), scored(&*theirs))];
        let union_docs = scored(&*theirs);
        for leader in &leaders {
            let with = |occur, union: &dyn TantivyQuery| -> Box<dyn TantivyQuery> {
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, leader.box_clone()),
                    (occur, union.box_clone()),
                ]))
            };
            pairs.push((with(Occur::Must, &*ours), scored(&*with(Occur::Must, &*theirs))));
            // Excluded: the leader's matches that the union does not hold, with the leader's
            // scores (Tantivy's own union, excluded, trips a debug assertion of its phrase
            // scorer, so the expected answer is computed here).
            let mut expected = scored(&**leader);
            expected.retain(|address, _| !union_docs.contains_key(address));
            pairs.push((with(Occur::MustNot, &*ours), expected));
        }
        for (ours, expected) in pairs {
            let ours = scored(&*ours);
            let mut addresses: Vec<_> = ours.keys().collect();
            let mut wanted: Vec<_> = expected.keys().collect();
            addresses.sort();
            wanted.sort();
            assert_eq!(addresses, wanted, "{clauses:?}");
            for (address, score) in &ours {
                let want = expected[address];
                assert!(close(*score, want), "{clauses:?}: {score} vs {want}");
            }
            compared += ours.len();
        }
    }
    assert!(compared > 1_000, "only {compared} matches compared");
}
