//! Generated snapshots (`pressdex-corpus`): what pressdex reads back must be what the generator
//! wrote, release by release; what `pressdex index` reports over a series of overlapping
//! snapshots must follow the generator's edits: new guids added, edited ones updated, the rest
//! unchanged, nothing counted twice.

use std::collections::HashMap;
use std::io;

use pressdex_corpus::{Corpus, CorpusConfig, GeneratedItem};
use serde_json::Value;

use crate::util::Sandbox;

/// The counts `pressdex index --json` should print for `items` after `known` (guid ->
/// revision) was indexed.
fn expected_counts(known: &HashMap<String, u32>, items: &[GeneratedItem]) -> [u64; 3] {
    let mut counts = [0; 3];
    for item in items {
        match known.get(&item.guid) {
            None => counts[0] += 1,
            Some(revision) if *revision < item.revision => counts[1] += 1,
            Some(_) => counts[2] += 1,
        }
    }
    counts
}

fn index_json(sandbox: &Sandbox, snapshot: &std::path::Path) -> Value {
    let output = sandbox.run_idx(["index".as_ref(), "--json".as_ref(), snapshot.as_os_str()]);
    assert!(output.success(), "{}", output.stderr());
    output.json()
}

fn counts_of(summary: &Value) -> [u64; 3] {
    ["added", "updated", "unchanged"].map(|key| summary[key].as_u64().expect(key))
}

#[test]
fn generated_snapshot_series_upserts_by_guid() {
    let sandbox = Sandbox::new();
    let config = CorpusConfig { snapshots: 3, edit_percent: 10, ..CorpusConfig::new(400, 11) };
    let corpus = Corpus::new(config).unwrap();
    let written = corpus.write_files(&sandbox.path().join("feeds/feed.xml")).unwrap();
    assert_eq!(written.len(), 3);

    let mut known: HashMap<String, u32> = HashMap::new();
    let mut saw_updates = false;
    for snapshot in &written {
        let items = corpus.write_snapshot(snapshot.plan.index, io::sink()).unwrap();
        let expected = expected_counts(&known, &items);
        saw_updates |= expected[1] > 0;
        let summary = index_json(&sandbox, &snapshot.path);
        assert_eq!(counts_of(&summary), expected, "snapshot {}", snapshot.path.display());
        assert_eq!(summary["items"].as_u64(), Some(items.len() as u64));
        assert_eq!(summary["problems"].as_u64(), Some(0));
        for item in items {
            known.insert(item.guid, item.revision);
        }
    }
    assert!(saw_updates, "the series should hold edited items");

    // Everything again: all unchanged, nothing added.
    for snapshot in &written {
        let summary = index_json(&sandbox, &snapshot.path);
        assert_eq!(counts_of(&summary)[..2], [0, 0], "snapshot {}", snapshot.path.display());
    }
}

/// `pressdex parse --json` of a generated snapshot, one JSON object per release.
fn parse_json(sandbox: &Sandbox, snapshot: &std::path::Path) -> Vec<Value> {
    let output = sandbox.run(["parse".as_ref(), "--json".as_ref(), snapshot.as_os_str()]);
    assert!(output.success(), "{}", output.stderr());
    output.json_lines()
}

/// `key` of each object in the array `value` (a country's `name`, an agreement's `code`).
fn each<'a>(value: &'a Value, key: &str) -> Vec<&'a str> {
    let array = value.as_array().expect("a JSON array");
    array.iter().map(|item| item[key].as_str().expect("an array of objects")).collect()
}

#[test]
fn parse_recovers_what_the_generator_wrote() {
    let sandbox = Sandbox::new();
    let corpus = Corpus::new(CorpusConfig::new(1000, 21)).unwrap();
    let written = corpus.write_files(&sandbox.path().join("feed.xml")).unwrap();
    let items = corpus.write_snapshot(0, io::sink()).unwrap();
    let parsed = parse_json(&sandbox, &written[0].path);
    assert_eq!(parsed.len(), items.len());
    let mut extra_countries = 0;
    for (release, item) in parsed.iter().zip(&items) {
        assert_eq!(release["guid"], item.guid.as_str());
        assert_eq!(release["title"], item.title.as_str());
        assert_eq!(release["link"], item.link.as_str());
        assert_eq!(release["kind"], item.kind);
        let published = item.published_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        assert_eq!(release["published"], published.as_str());
        // Every country the generator named is found, as what the release is about or, for
        // the one it names once in passing ("Officials from {other} also attended"), maybe
        // as a mention (issue 12's salience); the first is the subject...
        let countries = each(&release["countries"], "name");
        let mentions = each(&release["mentions"], "name");
        for country in &item.countries {
            let found = countries.contains(country) || mentions.contains(country);
            assert!(found, "{country} in {:?}: {countries:?} / {mentions:?}", item.title);
        }
        if let Some(subject) = item.countries.first() {
            assert!(countries.contains(subject), "{subject} in {:?}: {countries:?}", item.title);
        }
        // ...and few others ("Port of Spain" is read as Spain).
        extra_countries += usize::from(countries.len() > item.countries.len());
        // A signing is found; a release that signs nothing reports no agreement.
        let agreements = each(&release["agreements"], "code");
        match item.agreements.first() {
            Some(code) => assert!(agreements.contains(code), "{code} in {:?}", item.title),
            None => assert!(agreements.is_empty(), "{agreements:?} in {:?}", item.title),
        }
    }
    assert!(
        extra_countries <= items.len() / 100,
        "{extra_countries} releases with extra countries"
    );
}
