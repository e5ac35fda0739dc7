//! `pressdex search`, `facets` and `show` on the bundled snapshot and fixtures (issue 5). Each
//! test builds its own index with the real binary.

use std::collections::BTreeSet;
use std::fs;

use serde_json::Value;

use crate::util::{Sandbox, bundled_feed, fixture, root};

/// The Cabo Verde CMAA release of the bundled snapshot.
const CABO_VERDE: &str = "427630 at https://www.cbp.gov";

/// A sandbox whose index `idx` holds the given snapshots.
fn indexed(snapshots: &[std::path::PathBuf]) -> Sandbox {
    let sandbox = Sandbox::new();
    let mut cmd = sandbox.command();
    cmd.args(["index", "--index", "idx"]).args(snapshots);
    let output = crate::util::run(cmd);
    assert!(output.success(), "index failed: {}", output.stderr());
    sandbox
}

pub(crate) fn bundled() -> Sandbox {
    indexed(&[bundled_feed()])
}

/// `pressdex search ARGS --json`: the exit code and the hits.
fn search(sandbox: &Sandbox, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["search", "--json"];
    if !args.contains(&"--limit") {
        all.extend(["--limit", "100"]);
    }
    all.extend_from_slice(args);
    let output = sandbox.run_idx(&all);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let hits = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("{err}: {line}")))
        .collect();
    (output.code.unwrap_or(-1), hits)
}

fn guids(hits: &[Value]) -> Vec<String> {
    hits.iter().map(|hit| hit["guid"].as_str().expect("guid").to_string()).collect()
}

fn guid_set(hits: &[Value]) -> BTreeSet<String> {
    guids(hits).into_iter().collect()
}

/// The releases of tests/fixtures/labels/bundled.json whose `facet` list contains `value`.
fn labelled(facet: &str, value: &str) -> BTreeSet<String> {
    let labels: Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/fixtures/labels/bundled.json")).expect("read"),
    )
    .expect("labels are JSON");
    labels["releases"]
        .as_object()
        .expect("releases")
        .iter()
        .filter(|(_, label)| {
            label[facet].as_array().expect("list").iter().any(|entry| entry == value)
        })
        .map(|(guid, _)| guid.clone())
        .collect()
}

#[test]
fn all_cmaa_signings_three_ways() {
    let sandbox = bundled();
    let expected = labelled("agreements", "CMAA");
    assert!(expected.contains(CABO_VERDE));
    let (code, by_flag) = search(&sandbox, &["--agreement", "CMAA"]);
    assert_eq!((code, guid_set(&by_flag)), (0, expected.clone()));
    let (code, in_query) = search(&sandbox, &["agreement:cmaa"]);
    assert_eq!((code, guid_set(&in_query)), (0, expected));
    let (code, ranked) = search(&sandbox, &["CMAA signings"]);
    assert_eq!(code, 0);
    assert_eq!(guids(&ranked).first().map(String::as_str), Some(CABO_VERDE), "{ranked:?}");
}

#[test]
fn country_filters_accept_codes_names_and_aliases() {
    let sandbox = bundled();
    let (_, mexico) = search(&sandbox, &["--country", "mx"]);
    assert_eq!(guid_set(&mexico), labelled("countries", "Mexico"));
    let (_, cabo_verde) = search(&sandbox, &["country:\"cape verde\""]);
    assert_eq!(guid_set(&cabo_verde), labelled("countries", "Cabo Verde"));
    let (_, either) = search(&sandbox, &["--country", "MEX", "--country", "Cabo Verde"]);
    let union: BTreeSet<String> = labelled("countries", "Mexico")
        .union(&labelled("countries", "Cabo Verde"))
        .cloned()
        .collect();
    assert_eq!(guid_set(&either), union);
}

#[test]
fn since_and_until_bound_the_publication_date() {
    let sandbox = bundled();
    let (_, all) = search(&sandbox, &[]);
    let (_, in_2023) = search(&sandbox, &["--since", "2023", "--until", "2023-12-31"]);
    let (_, before) = search(&sandbox, &["until:2022"]);
    let (_, september) = search(&sandbox, &["since:2023-09 until:2023-09"]);
    let (_, year) = search(&sandbox, &["year:2023"]);
    assert!(!in_2023.is_empty() && !before.is_empty());
    assert_eq!(in_2023.len() + before.len(), all.len());
    assert_eq!(guid_set(&year), guid_set(&in_2023));
    for hit in &in_2023 {
        assert!(hit["published"].as_str().expect("dated").starts_with("2023-"), "{hit}");
    }
    for hit in &before {
        assert!(hit["published"].as_str().expect("dated") < "2023", "{hit}");
    }
    assert!(!september.is_empty());
    for hit in &september {
        assert!(hit["published"].as_str().expect("dated").starts_with("2023-09-"), "{hit}");
    }
}

#[test]
fn acronyms_expand_both_ways() {
    // The Brazil MRA release and "International Initiatives" only spell the CMAA out.
    let sandbox = bundled();
    let (_, acronym) = search(&sandbox, &["CMAA"]);
    let found = guid_set(&acronym);
    for guid in [CABO_VERDE, "379432 at https://www.cbp.gov", "93292 at https://www.cbp.gov"] {
        assert!(found.contains(guid), "CMAA should find {guid}: {found:?}");
    }
    // A release that only says "CMAA" is found by the phrase.
    let sandbox = indexed(&[fixture("index/search-acronyms.xml")]);
    let (code, phrase) = search(&sandbox, &["\"customs mutual assistance agreement\""]);
    assert_eq!((code, guids(&phrase)), (0, vec!["900101 at https://www.cbp.gov".to_string()]));
    let (_, words) = search(&sandbox, &["customs mutual assistance agreement", "--all"]);
    assert_eq!(guids(&words), vec!["900101 at https://www.cbp.gov".to_string()]);
}

#[test]
fn a_typo_is_corrected_and_reported_in_words() {
    // See: issue 14, "did you mean" printed stems (`custom agreement`, `kerlikowsk`).
    let sandbox = bundled();
    let output = sandbox.run_idx(["search", "custums agreement", "--json"]);
    assert_eq!(output.code, Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("showing results for customs agreement\n"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let first: Value = serde_json::from_str(stdout.lines().next().expect("a hit")).expect("JSON");
    assert_eq!(first["guid"], CABO_VERDE);
}

#[test]
fn every_misspelled_word_is_corrected() {
    let sandbox = bundled();
    for (typed, corrected) in [
        ("custums agreemnt", "customs agreement"),
        ("mutal asistance agreemnt", "mutual assistance agreement"),
        ("brazl", "brazil"),
    ] {
        let output = sandbox.run_idx(["search", typed, "--format", "json", "--limit", "1"]);
        assert_eq!(output.code, Some(0), "{typed}: {}", output.stderr());
        let document: pressdex::wire::SearchResults =
            serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(document.corrected_query.as_deref(), Some(corrected), "{typed}");
        assert!(output.stderr().contains(&format!("showing results for {corrected}\n")), "{typed}");
        let (_, right) = search(&sandbox, &[corrected]);
        let (_, typo) = search(&sandbox, &[typed]);
        assert_eq!(guids(&typo), guids(&right), "{typed} finds what {corrected} finds");
    }
    let exact = sandbox.run_idx(["search", "customs agreement", "--format", "json"]);
    let document: Value = serde_json::from_slice(&exact.stdout).expect("JSON");
    assert_eq!(document["corrected_query"], Value::Null);
    assert!(exact.stderr.is_empty(), "{}", exact.stderr());
}

#[test]
fn unquoted_words_and_a_leading_minus_need_no_quotes() {
    let sandbox = bundled();
    let (_, quoted) = search(&sandbox, &["mutual assistance agreement"]);
    let (code, words) = search(&sandbox, &["mutual", "assistance", "agreement"]);
    assert_eq!((code, guids(&words)), (0, guids(&quoted)));
    let (_, excluded) = search(&sandbox, &["\"mutual recognition arrangement\" -brazil"]);
    let (code, minus_first) = search(&sandbox, &["-brazil", "\"mutual recognition arrangement\""]);
    assert_eq!((code, guid_set(&minus_first)), (0, guid_set(&excluded)));
    let (code, bare_filter) = search(&sandbox, &["country:cape verde"]);
    assert_eq!((code, guid_set(&bare_filter)), (0, labelled("countries", "Cabo Verde")));
}

#[test]
fn an_unknown_feed_is_an_error_naming_the_known_feeds() {
    let sandbox = bundled();
    let (code, by_flag) = search(&sandbox, &["--feed", "international operations"]);
    assert_eq!((code, by_flag.len()), (0, 10), "any case");
    for args in [
        &["search", "--feed", "Domestic Operations"][..],
        &["search", "feed:domestic"],
        &["facets", "feed:domestic"],
    ] {
        let output = sandbox.run_idx(args);
        assert_eq!(output.code, Some(2), "{args:?}");
        let stderr = output.stderr();
        assert!(stderr.contains("unknown feed `"), "{args:?}: {stderr}");
        assert!(stderr.contains("(known feeds: \"International Operations\")"), "{stderr}");
    }
}

#[test]
fn agreements_by_country_count_parties_when_the_index_knows_them() {
    // With the agreement-parties model (issue 12) each agreement carries `parties`; until then
    // the table pairs an agreement with every country of the release. Either way it must equal
    // what the hits say, release by release.
    let sandbox = bundled();
    let output = sandbox.run_idx(["facets", "--field", "agreement", "--by", "country", "--json"]);
    assert_eq!(output.code, Some(0), "{}", output.stderr());
    let table: pressdex::wire::Pivot = serde_json::from_slice(&output.stdout).expect("a Pivot");
    let (_, hits) = search(&sandbox, &["--limit", "0"]);
    let with_parties = hits.iter().any(|hit| {
        hit["agreements"]
            .as_array()
            .expect("list")
            .iter()
            .any(|agreement| agreement.get("parties").is_some())
    });
    assert_eq!(table.parties, with_parties);
    let mut expected: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for hit in &hits {
        let mut pairs = BTreeSet::new();
        for agreement in hit["agreements"].as_array().expect("list") {
            let code = agreement["code"].as_str().expect("code").to_string();
            let countries = match agreement.get("parties") {
                Some(parties) => parties.as_array().expect("a list of parties").clone(),
                None => hit["countries"].as_array().expect("list").clone(),
            };
            for country in countries {
                let key =
                    country.get("code").unwrap_or(&country).as_str().expect("a code").to_string();
                pairs.insert((code.clone(), key));
            }
        }
        for pair in pairs {
            *expected.entry(pair).or_default() += 1;
        }
    }
    let mut counted: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for (row, counts) in table.rows.iter().zip(&table.counts) {
        for (column, count) in table.columns.iter().zip(counts) {
            if *count > 0 {
                counted.insert((row.value.clone(), column.value.clone()), *count);
            }
        }
    }
    assert!(!expected.is_empty());
    assert_eq!(counted, expected);
    assert!(counted.contains_key(&("CMAA".to_string(), "CV".to_string())), "{counted:?}");
}

#[test]
fn phrases_exclusion_prefix_and_or() {
    let sandbox = bundled();
    let (_, phrase) = search(&sandbox, &["\"mutual recognition arrangement\""]);
    let expected: BTreeSet<String> =
        ["379432 at https://www.cbp.gov", "378218 at https://www.cbp.gov"].map(String::from).into();
    assert_eq!(guid_set(&phrase), expected);
    let (_, excluded) = search(&sandbox, &["\"mutual recognition arrangement\" -brazil"]);
    assert_eq!(guids(&excluded), vec!["378218 at https://www.cbp.gov".to_string()]);

    let (_, whole) = search(&sandbox, &["afghanistan"]);
    let (_, prefix) = search(&sandbox, &["afghan*"]);
    assert!(!whole.is_empty());
    assert!(guid_set(&whole).is_subset(&guid_set(&prefix)));

    let (_, left) = search(&sandbox, &["afghanistan"]);
    let (_, right) = search(&sandbox, &["vanceboro"]);
    let (_, either) = search(&sandbox, &["afghanistan OR vanceboro"]);
    let union: BTreeSet<String> = guid_set(&left).union(&guid_set(&right)).cloned().collect();
    assert!(!left.is_empty() && !right.is_empty());
    assert_eq!(guid_set(&either), union);
}

#[test]
fn all_words_rank_first_and_all_keeps_only_them() {
    let sandbox = bundled();
    let (_, ranked) = search(&sandbox, &["cabo verde brazil"]);
    let (_, all) = search(&sandbox, &["cabo verde brazil", "--all"]);
    assert!(ranked.len() > all.len());
    let output = sandbox.run_idx(["search", "cabo verde brazil", "--limit", "1"]);
    let footer = String::from_utf8_lossy(&output.stdout);
    assert!(
        footer.contains(&format!(
            "showing 1–1 of {} releases (all words: {})",
            ranked.len(),
            all.len()
        )),
        "{footer}"
    );
}

#[test]
fn sort_by_date_is_newest_first() {
    let sandbox = bundled();
    let (_, hits) = search(&sandbox, &["customs", "--sort", "date"]);
    let dates: Vec<&str> =
        hits.iter().map(|hit| hit["published"].as_str().expect("date")).collect();
    assert!(dates.len() > 2);
    assert!(dates.windows(2).all(|pair| pair[0] >= pair[1]), "{dates:?}");
    let (_, page) =
        search(&sandbox, &["customs", "--sort", "date", "--offset", "1", "--limit", "1"]);
    assert_eq!(guids(&page), guids(&hits)[1..2]);
}

#[test]
fn exit_codes_follow_grep() {
    let sandbox = bundled();
    assert_eq!(sandbox.run_idx(["search", "agreement"]).code, Some(0));
    assert_eq!(sandbox.run_idx(["search", "xylophone"]).code, Some(1));
    for (query, message, caret_column) in [
        ("trade \"open", "unbalanced quote", 6),
        ("foo:bar", "unknown field `foo:`", 0),
        ("since:2023-13", "bad date `2023-13`", 6),
        ("country:atlantis", "unknown country `atlantis`", 8),
    ] {
        let output = sandbox.run_idx(["search", query]);
        assert_eq!(output.code, Some(2), "{query}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{query}: {stderr}");
        let caret = stderr.lines().last().expect("caret line");
        assert_eq!(caret, format!("  {}^", " ".repeat(caret_column)), "{query}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("Tantivy"), "{stderr}");
    }
    let output = sandbox.run_idx(["search", "--country", "atlantis"]);
    assert_eq!(output.code, Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--country atlantis"));
    let missing = Sandbox::new().run(["search", "x", "--index", "nowhere"]);
    assert_eq!(missing.code, Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("pressdex index"));
}

#[test]
fn json_hits_have_the_promised_shape() {
    let sandbox = bundled();
    let (_, hits) = search(&sandbox, &["mutual assistance agreement"]);
    assert!(!hits.is_empty());
    for hit in &hits {
        for key in [
            "guid",
            "title",
            "link",
            "published",
            "feed",
            "kind",
            "location",
            "countries",
            "agreements",
            "score",
            "title_highlights",
            "snippet",
            "provenance",
        ] {
            assert!(hit.get(key).is_some(), "no {key} in {hit}");
        }
        let text = hit["snippet"]["text"].as_str().expect("snippet text");
        for highlight in hit["snippet"]["highlights"].as_array().expect("highlights") {
            let offset = |unit: &str, at: usize| highlight[unit][at].as_u64().expect("offset");
            let (start, end) = (offset("bytes", 0) as usize, offset("bytes", 1) as usize);
            let word = text[start..end].to_lowercase();
            // The character offsets slice the same word, as Python would.
            let chars: Vec<char> = text.chars().collect();
            let by_chars: String =
                chars[offset("chars", 0) as usize..offset("chars", 1) as usize].iter().collect();
            assert_eq!(by_chars.to_lowercase(), word);
            assert!(
                ["mutual", "assist", "agree", "cmaa", "custom"]
                    .iter()
                    .any(|stem| word.starts_with(stem)),
                "highlight {word:?} in {text:?}"
            );
        }
    }
    assert!(hits[0]["score"].as_f64().expect("score") > 0.0);
    assert!(
        hits.iter().any(|hit| !hit["snippet"]["highlights"].as_array().expect("list").is_empty())
    );
}

#[test]
fn show_prints_one_release_by_guid_or_link() {
    let sandbox = bundled();
    let by_guid = sandbox.run_idx(["show", CABO_VERDE, "--json"]);
    assert_eq!(by_guid.code, Some(0));
    let release: Value = serde_json::from_slice(&by_guid.stdout).expect("JSON");
    let link = release["link"].as_str().expect("link").to_string();
    assert!(release["body"].as_str().expect("body").contains("Cabo Verde"));
    let by_link = sandbox.run_idx(["show", &link]);
    assert_eq!(by_link.code, Some(0));
    assert!(
        String::from_utf8_lossy(&by_link.stdout).contains("CBP, Cabo Verde sign Customs Mutual")
    );
    assert_eq!(sandbox.run_idx(["show", "no such guid"]).code, Some(1));
}

#[test]
fn hostile_feed_text_never_reaches_the_terminal_raw() {
    let sandbox = indexed(&[fixture("hostile/escapes.xml")]);
    let forbidden = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{2067}'];
    for args in [
        vec!["search", "customs agreement", "--color", "never"],
        vec!["search", "customs agreement", "--color", "never", "--json"],
        vec!["show", "900001 at https://www.cbp.gov", "--color", "never"],
        vec!["facets", "--color", "never"],
    ] {
        let output = sandbox.run_idx(&args);
        assert_eq!(output.code, Some(0), "{args:?}");
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        assert!(!stdout.contains(forbidden), "{args:?} printed control characters: {stdout:?}");
    }
    // With colour, the only escapes are our own SGR styles: no OSC, no screen clearing.
    let coloured = sandbox.run_idx(["search", "customs agreement", "--color", "always"]);
    let stdout = String::from_utf8(coloured.stdout).expect("UTF-8");
    assert!(stdout.contains("\u{1b}["), "colour was asked for");
    assert!(
        !stdout.contains("\u{1b}]") && !stdout.contains("\u{1b}[2J") && !stdout.contains('\u{7}')
    );
}

#[test]
fn search_builds_the_default_index_on_first_use() {
    let sandbox = Sandbox::new();
    let feeds = sandbox.path().join("index-data/feeds");
    fs::create_dir_all(&feeds).expect("mkdir");
    fs::copy(bundled_feed(), feeds.join("cbp.xml")).expect("copy");
    let output = sandbox.run(["search", "mutual assistance agreement"]);
    assert_eq!(output.code, Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(sandbox.path().join("index-data/index/meta.json").is_file());
    let again = sandbox.run(["search", "mutual assistance agreement"]);
    assert!(again.stderr.is_empty(), "{}", String::from_utf8_lossy(&again.stderr));
}

/// Human output with colour off, timings redacted.
fn human(sandbox: &Sandbox, args: &[&str]) -> String {
    let output = sandbox.run_idx(args);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let mut redacted = String::new();
    for line in stdout.lines() {
        // Provenance names the snapshot's absolute path and when it was indexed: both vary.
        let labels = ["Snapshot: ", "Seen: ", "Indexed: ", "Seen in: "];
        if let Some(label) = labels.iter().find(|label| line.starts_with(*label)) {
            redacted.push_str(label);
            redacted.push_str("[redacted]\n");
            continue;
        }
        // The citation ends with the same snapshot path and time.
        if let Some((cite, _)) = line.split_once(" Retrieved from snapshot ") {
            redacted.push_str(cite);
            redacted.push_str(" Retrieved from snapshot [redacted]\n");
            continue;
        }
        redacted.push_str(&crate::export::redacted(line));
        redacted.push('\n');
    }
    redacted
}

#[test]
fn human_output_snapshots() {
    let sandbox = bundled();
    insta::assert_snapshot!(
        "search_mutual_assistance",
        human(
            &sandbox,
            &["search", "mutual assistance agreement", "--limit", "3", "--color", "never"]
        )
    );
    insta::assert_snapshot!(
        "search_agreement_filter",
        human(&sandbox, &["search", "--agreement", "CMAA", "--color", "never"])
    );
    insta::assert_snapshot!(
        "facets_country",
        human(&sandbox, &["facets", "--field", "country", "--color", "never"])
    );
    insta::assert_snapshot!(
        "show_cabo_verde",
        human(&sandbox, &["show", CABO_VERDE, "--color", "never"])
    );
}
