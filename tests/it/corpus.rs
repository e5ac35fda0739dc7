//! Generated snapshots (`pressdex-corpus`): what pressdex reads back must be what the generator
//! wrote, release by release.

use std::io;

use pressdex_corpus::{Corpus, CorpusConfig};
use serde_json::Value;

use crate::util::Sandbox;

/// `pressdex parse --json` of a generated snapshot, one JSON object per release.
fn parse_json(sandbox: &Sandbox, snapshot: &std::path::Path) -> Vec<Value> {
    let output = sandbox
        .cmd()
        .arg("parse")
        .arg("--json")
        .arg(snapshot)
        .output()
        .expect("run pressdex parse");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output
        .stdout
        .split(|byte| *byte == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_slice(line).expect("parse --json prints NDJSON"))
        .collect()
}

fn strings(value: &Value) -> Vec<&str> {
    let array = value.as_array().expect("a JSON array");
    array.iter().map(|item| item.as_str().expect("an array of strings")).collect()
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
        // Every country the generator named is found...
        let countries = strings(&release["countries"]);
        for country in &item.countries {
            assert!(countries.contains(country), "{country} in {:?}: {countries:?}", item.title);
        }
        // ...and few others ("Port of Spain" is read as Spain).
        extra_countries += usize::from(countries.len() > item.countries.len());
        // A signing is found; a release that signs nothing reports no agreement.
        let agreements = strings(&release["agreements"]);
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
