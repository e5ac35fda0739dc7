//! Phrases matched on the gram fields (`grams.rs`, `gram_phrase.rs`) give exactly what plain
//! phrase queries give: the same matches, counts, order, scores (to the bit) and highlights, on
//! the bundled snapshot and on a generated corpus (issue 16).
// See: issue 16, "phrases of common words <= 10 ms".

use chrono::{DateTime, Utc};
use pressdex_corpus::{CorpusConfig, generate};

use super::*;
use crate::indexing::{IndexRequest, index_snapshots};
use crate::record::SnapshotMeta;

/// An index of `snapshots` (name, XML), searched with grams.
fn indexed(snapshots: &[(String, Vec<u8>)]) -> (tempfile::TempDir, ReleaseSearcher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = ReleaseIndex::create(dir.path()).expect("creates");
    let fetched: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().expect("a time");
    let metas = snapshots.iter().map(|(name, _)| SnapshotMeta::new(name, fetched)).collect();
    let mut request = IndexRequest::new(metas);
    request.started_at = fetched;
    let open = |at: usize| Ok(snapshots[at].1.as_slice());
    index_snapshots(&index, &request, open, |_| {}).expect("indexes");
    let searcher = ReleaseSearcher::open_once(dir.path()).expect("opens");
    (dir, searcher)
}

/// What a search answers, with scores as bits.
fn answer(searcher: &ReleaseSearcher, query: &str, all_words: bool) -> String {
    let mut request = SearchRequest::new(Query::parse(query).expect("parses"));
    request.all_words = all_words;
    request.limit = 60;
    let results = searcher.search(&request).expect("searches");
    let mut out = format!("{} {} {}\n", results.total, results.matched_all_words, results.words);
    for hit in &results.hits {
        out.push_str(&format!(
            "{} {:08x} {:?} {:?} {:?}\n",
            hit.release.release.guid,
            hit.score.to_bits(),
            hit.title_highlights,
            hit.snippet.highlights,
            hit.snippet.text,
        ));
    }
    out
}

/// Every query answers the same with and without grams; returns how many matched anything.
fn check_same(searcher: &ReleaseSearcher, queries: &[&str]) -> usize {
    let mut plain = searcher.clone();
    plain.grams = false;
    let mut matched = 0;
    for query in queries {
        for all_words in [false, true] {
            let expected = answer(&plain, query, all_words);
            assert_eq!(answer(searcher, query, all_words), expected, "{query}, all: {all_words}");
            matched += usize::from(!expected.starts_with("0 "));
        }
    }
    matched
}

/// Phrases of common words, at a field's start and end ("CBP seizes"), across a sentence end
/// ("petition. Most"), of stemmed words, of only common words, of two common words, none at
/// all; in titles, bodies, captions, datelines; beside other words, excluded, in `title:`.
const QUERIES: &[&str] = &[
    r#""port of entry""#,
    r#"fentanyl "port of entry""#,
    r#""of the""#,
    r#""in the""#,
    r#""and the of""#,
    r#""the""#,
    r#""customs mutual assistance agreement""#,
    r#""signs customs mutual assistance agreement with""#,
    r#""ports of entry""#,
    r#""Port of Entry" -fentanyl"#,
    r#""the artifacts on behalf of the""#,
    r#""on behalf of the honduran people""#,
    r#""petition. Most countries""#,
    r#""the petition""#,
    r#""granted the petition""#,
    r#""CBP seizes""#,
    r#""of the national museum of""#,
    r#""department of homeland security""#,
    r#""at the""#,
    r#""a business in the country of origin""#,
    r#""to advance trade and travel security""#,
    r#""with mexico""#,
    r#""the mexico""#,
    r#"title:"port of entry" seizes"#,
    r#""leadership visits" "of the" mexico"#,
    r#""CMAA with""#,
    r#""of of""#,
    r#""entry at the""#,
    r#""san diego" OR "of the united states""#,
    r#""customs and border protection""#,
    r#""the port of entry in""#,
];

#[test]
fn phrases_on_grams_answer_as_plain_phrases_on_the_bundled_snapshot() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../index-data/feeds/cbp-international-operations.xml"
    );
    let xml = std::fs::read(path).expect("the bundled snapshot");
    let (_dir, searcher) = indexed(&[("bundled.xml".to_string(), xml)]);
    let matched = check_same(&searcher, QUERIES);
    // Ten releases: a third of the answers at least match something.
    assert!(matched >= 2 * QUERIES.len() / 3, "only {matched} answers matched anything");
}

#[test]
fn phrases_on_grams_answer_as_plain_phrases_on_a_generated_corpus() {
    let mut config = CorpusConfig::new(300, 7);
    config.snapshots = 2;
    let snapshots: Vec<(String, Vec<u8>)> = generate(&config)
        .expect("generates")
        .into_iter()
        .map(|snapshot| (format!("corpus-{}.xml", snapshot.plan.index), snapshot.xml))
        .collect();
    let (_dir, searcher) = indexed(&snapshots);
    let matched = check_same(&searcher, QUERIES);
    assert!(matched >= 3 * QUERIES.len() / 2, "only {matched} answers matched anything");
}

/// A phrase with a common word is answered from the gram terms (`"port of entry"` from one
/// triple); one without from the words.
#[test]
fn a_phrase_with_a_common_word_is_planned_on_grams() {
    let xml = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../index-data/feeds/cbp-international-operations.xml"
    ))
    .expect("the bundled snapshot");
    let (_dir, searcher) = indexed(&[("bundled.xml".to_string(), xml)]);
    let view = searcher.reader().searcher();
    let plan = |text: &str| {
        let query = Query::parse(text).expect("parses");
        format!("{:?}", searcher.plan(&view, &query).expect("plans").groups)
    };
    let common = plan(r#""port of entry""#);
    assert!(common.contains("GramPhraseQuery"), "{common}");
    // One triple, read without positions.
    assert!(common.contains(r#"cover: [(0, Term(field="#), "{common}");
    assert!(common.contains(r#""port of entri"))]"#), "{common}");
    // Every phrase of the five fields is on grams.
    let on_grams = common.matches("GramPhraseQuery {").count();
    assert_eq!((on_grams, common.matches("PhraseQuery {").count()), (5, 5), "{common}");
    let rare = plan(r#""customs mutual assistance agreement""#);
    assert!(!rare.contains("GramPhraseQuery") && rare.contains("PhraseQuery"), "{rare}");
}
