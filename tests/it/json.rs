//! The JSON contract, `docs/json.md`: every `--json` output of the real binary, and every answer
//! of its HTTP API, reads back into its `pressdex::wire` type without losing anything, and
//! carries exactly the keys the page lists for it, with the types it gives them, object by nested
//! object.

use std::collections::{BTreeMap, BTreeSet};

use pressdex::wire;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::serve::server::Server as PressdexServer;
use crate::server::Server;
use crate::util::{Sandbox, bundled_feed, root};

/// The object tables of docs/json.md: object name -> its (key, type) rows, in order.
fn documented() -> BTreeMap<String, Vec<(String, String)>> {
    let text = std::fs::read_to_string(root().join("docs/json.md")).expect("docs/json.md");
    let mut objects: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("### ") {
            current = Some(name.trim().to_string());
            objects.insert(name.trim().to_string(), Vec::new());
        } else if line.starts_with("## ") {
            current = None;
        } else if let (Some(name), Some(row)) = (&current, line.strip_prefix("| `")) {
            let (key, rest) = row.split_once('`').expect("| `key` | type | meaning |");
            let kind = rest.trim_start_matches([' ', '|']).split(" |").next().expect("a type");
            let rows = objects.get_mut(name).expect("heading seen");
            rows.push((key.to_string(), kind.trim().to_string()));
        }
    }
    assert!(objects.len() >= 10, "docs/json.md lists its objects under ### headings");
    objects
}

/// Checks `value` against the documented type `kind`; records each object type met in `seen`.
struct Contract {
    objects: BTreeMap<String, Vec<(String, String)>>,
    seen: BTreeSet<String>,
}

impl Contract {
    fn new() -> Contract {
        Contract { objects: documented(), seen: BTreeSet::new() }
    }

    fn check(&mut self, kind: &str, value: &Value, at: &str) {
        if let Some(inner) = kind.strip_suffix(" or null") {
            if !value.is_null() {
                self.check(inner, value, at);
            }
            return;
        }
        let fits = match kind {
            "string" => value.is_string(),
            "integer" => value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "Time" => value.as_str().is_some_and(is_time),
            "Date" => value
                .as_str()
                .is_some_and(|text| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()),
            "[integer, integer]" => value.as_array().is_some_and(|pair| {
                pair.len() == 2
                    && pair.iter().all(Value::is_u64)
                    && pair[0].as_u64() <= pair[1].as_u64()
            }),
            _ => {
                if let Some(item) = kind.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
                    let items =
                        value.as_array().unwrap_or_else(|| panic!("{at}: not an array: {value}"));
                    for (index, element) in items.iter().enumerate() {
                        self.check(item, element, &format!("{at}[{index}]"));
                    }
                    return;
                }
                self.check_object(kind, value, at);
                return;
            }
        };
        assert!(fits, "{at}: {value} is not a {kind}");
    }

    fn check_object(&mut self, name: &str, value: &Value, at: &str) {
        let rows = self
            .objects
            .get(name)
            .unwrap_or_else(|| {
                panic!("{at}: docs/json.md names the type {name:?} but has no ### {name}")
            })
            .clone();
        let object = value.as_object().unwrap_or_else(|| panic!("{at}: not an object: {value}"));
        let printed: BTreeSet<&str> = object.keys().map(String::as_str).collect();
        let listed: BTreeSet<&str> = rows.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(printed, listed, "{at}: the keys of a {name} differ from docs/json.md");
        for (key, kind) in &rows {
            self.check(kind, &object[key.as_str()], &format!("{at}.{key}"));
        }
        self.seen.insert(name.to_string());
    }
}

/// RFC 3339 in UTC, whole seconds: `2023-09-27T17:01:17Z`.
fn is_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok() && text.len() == 20 && text.ends_with('Z')
}

/// `value` as a `T`, which must write back the very same JSON.
fn read_back<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|err| panic!("{value} is not a {}: {err}", std::any::type_name::<T>()));
    let again: Value = serde_json::from_str(&serde_json::to_string(&typed).expect("serializes"))
        .expect("reads back");
    assert_eq!(&again, value, "{} loses or changes something", std::any::type_name::<T>());
    typed
}

/// Runs `pressdex ARGS --index idx` (or `parse` and `fetch`, without an index) and checks every line it
/// printed as a `T`, documented as `object`.
fn check_output<T: DeserializeOwned + Serialize>(
    contract: &mut Contract,
    sandbox: &Sandbox,
    args: &[&str],
    object: &str,
) -> Vec<T> {
    let run = if ["parse", "fetch"].contains(&args[0]) {
        sandbox.run(args)
    } else {
        sandbox.run_idx(args)
    };
    assert!(matches!(run.code, Some(0 | 1)), "{args:?}: {}", run.stderr());
    let lines = run.json_lines();
    assert!(!lines.is_empty(), "{args:?} printed nothing");
    lines
        .iter()
        .enumerate()
        .map(|(index, value)| {
            contract.check(object, value, &format!("{} line {}", args.join(" "), index + 1));
            read_back::<T>(value)
        })
        .collect()
}

#[test]
fn every_json_output_is_the_documented_contract() {
    let sandbox = Sandbox::new();
    let feed = bundled_feed().to_string_lossy().into_owned();
    let mut contract = Contract::new();

    let summaries: Vec<wire::IndexSummary> =
        check_output(&mut contract, &sandbox, &["index", "--json", &feed], "IndexSummary");
    assert_eq!(summaries.len(), 1);
    let parsed: Vec<wire::Release> =
        check_output(&mut contract, &sandbox, &["parse", "--json", &feed], "Release");
    assert!(parsed.iter().all(|release| release.provenance.is_none()));
    for args in [
        &["search", "--json", "mutual assistance agreement"][..],
        &["search", "--json", "--agreement", "CMAA"],
        &["search", "--json", "customs", "--sort", "date", "--limit", "3"],
    ] {
        let hits: Vec<wire::Hit> = check_output(&mut contract, &sandbox, args, "Hit");
        assert!(hits.iter().all(|hit| hit.provenance.revisions == 1), "{args:?}");
    }
    let documents: Vec<wire::SearchResults> = check_output(
        &mut contract,
        &sandbox,
        &["search", "--format", "json", "custums agreement", "--limit", "2"],
        "SearchResults",
    );
    assert_eq!(documents.len(), 1, "one document");
    assert_eq!(documents[0].corrected_query.as_deref(), Some("customs agreement"));
    assert_eq!(documents[0].hits.len(), 2);
    let shown: Vec<wire::Release> = check_output(
        &mut contract,
        &sandbox,
        &["show", "--json", "427630 at https://www.cbp.gov"],
        "Release",
    );
    assert!(shown[0].provenance.is_some());
    for args in
        [&["facets", "--json"][..], &["facets", "--json", "--field", "date", "--by", "year"]]
    {
        let facets: Vec<wire::FacetsSummary> =
            check_output(&mut contract, &sandbox, args, "FacetsSummary");
        assert!(facets.iter().all(|facet| facet.pressdex_json == wire::VERSION));
    }
    let tables: Vec<wire::Pivot> = check_output(
        &mut contract,
        &sandbox,
        &["facets", "--json", "--field", "agreement", "--by", "country"],
        "Pivot",
    );
    assert_eq!((tables[0].field.as_str(), tables[0].by.as_str()), ("agreement", "country"));
    let stats: Vec<wire::Stats> =
        check_output(&mut contract, &sandbox, &["stats", "--json"], "Stats");

    // fetch and update, from a server on 127.0.0.1 serving the bundled feed.
    let body = std::fs::read(&feed).expect("bundled feed");
    let server = Server::start(move |_, reply| reply.send(200, &[], &body));
    let url = server.url("/feed");
    sandbox.write("feeds.toml", format!("[[feed]]\nname = \"cbp\"\nurl = \"{url}\"\n"));
    let fetch = ["--feeds", "feeds.toml", "--archive", "archive", "--delay", "0"];
    let fetched: Vec<wire::FetchResult> = check_output(
        &mut contract,
        &sandbox,
        &[&["fetch", "--json"][..], &fetch].concat(),
        "FetchResult",
    );
    assert_eq!(fetched[0].outcome, wire::FetchOutcome::New);
    let update = sandbox.run_idx([&["update", "--json"][..], &fetch].concat());
    assert!(update.success(), "{}", update.stderr());
    let lines = update.json_lines();
    assert_eq!(lines.len(), 2, "a FetchResult, then an IndexSummary");
    contract.check("FetchResult", &lines[0], "update line 1");
    contract.check("IndexSummary", &lines[1], "update line 2");
    let again: wire::FetchResult = read_back(&lines[0]);
    assert_eq!((again.outcome, again.snapshot), (wire::FetchOutcome::Unchanged, None));
    let summary: wire::IndexSummary = read_back(&lines[1]);
    assert_eq!((summary.files, summary.unchanged), (1, 10), "the fetched snapshot, indexed once");
    assert_eq!(stats[0].releases, 10);
    let check: Vec<wire::Check> =
        check_output(&mut contract, &sandbox, &["check", "--json"], "Check");
    assert!(check[0].ok);
    assert!(sandbox.run_idx(["watch", "add", "cmaa", "cabo", "--agreement", "CMAA"]).success());
    let watches: Vec<wire::Watch> =
        check_output(&mut contract, &sandbox, &["watch", "list", "--json"], "Watch");
    assert_eq!(watches[0].filters[0].field, "agreement");
    let reports: Vec<wire::WatchReport> = check_output(
        &mut contract,
        &sandbox,
        &["watch", "run", "--json", "--from", "2000-01-01"],
        "WatchReport",
    );
    assert_eq!(reports[0].matches.len(), 1, "the Cabo Verde CMAA");

    // The HTTP API of `pressdex serve` over the same index.
    let server = PressdexServer::start(&sandbox, &[]);
    let mut answer = |path: &str, status: u16, object: &str| -> Value {
        let answer = server.get(path);
        assert_eq!(answer.status, status, "{path}: {}", answer.text());
        let value: Value = answer.json();
        contract.check(object, &value, path);
        value
    };
    for path in [
        "/api/search?q=mutual+assistance+agreement",
        "/api/search?agreement=CMAA&sort=date&limit=2",
        "/api/search?q=custms",
    ] {
        let page: wire::SearchResults = read_back(&answer(path, 200, "SearchResults"));
        assert!(!page.hits.is_empty(), "{path}");
    }
    let facets: wire::FacetsPage = read_back(&answer("/api/facets?q=customs", 200, "FacetsPage"));
    assert_eq!(facets.facets.len(), 5);
    let table: wire::Pivot =
        read_back(&answer("/api/facets?field=agreement&by=country", 200, "Pivot"));
    assert!(!table.rows.is_empty());
    let release: wire::Release =
        read_back(&answer("/api/releases/427630%20at%20https%3A%2F%2Fwww.cbp.gov", 200, "Release"));
    assert!(release.provenance.is_some());
    let stats: wire::Stats = read_back(&answer("/api/stats", 200, "Stats"));
    assert_eq!(stats.releases, 10);
    let health: wire::Health = read_back(&answer("/healthz", 200, "Health"));
    assert_eq!(health.releases, 10);
    for (path, status) in [("/api/search?q=%22", 400), ("/api/releases/nothing", 404)] {
        let error: wire::ApiError = read_back(&answer(path, status, "ApiError"));
        assert!(!error.error.message.is_empty(), "{path}");
    }

    // Every object the page documents is printed by some command.
    let documented: BTreeSet<String> = contract.objects.keys().cloned().collect();
    assert_eq!(
        contract.seen, documented,
        "docs/json.md documents objects no command or endpoint prints"
    );
}

#[test]
fn summaries_carry_the_version_and_records_do_not() {
    let objects = documented();
    for (name, rows) in &objects {
        let versioned = rows.iter().any(|(key, _)| key == "pressdex_json");
        let summary = [
            "IndexSummary",
            "SearchResults",
            "FacetsSummary",
            "Pivot",
            "Stats",
            "Check",
            "FacetsPage",
            "WatchReport",
        ]
        .contains(&name.as_str());
        assert_eq!(versioned, summary, "{name}");
    }
    assert_eq!(wire::VERSION, 1, "docs/json.md says version 1");
}

/// `value` with what varies between runs replaced: provenance times and paths (the snapshot's
/// location and fetch time), when releases were indexed, scores, the index's size.
fn redacted(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        // A snapshot's `name` is its path; a country's `name` stays.
        let snapshot = object.contains_key("fetched_at");
        for key in [
            "first_seen",
            "last_seen",
            "fetched_at",
            "snapshot",
            "name",
            "score",
            "size_bytes",
            "indexed_at",
            "changed_at",
            "last_run",
        ] {
            if key == "name" && !snapshot {
                continue;
            }
            if let Some(field) = object.get_mut(key).filter(|field| !field.is_object()) {
                *field = Value::from(format!("[{key}]"));
            }
        }
        for field in object.values_mut() {
            *field = redacted(field.take());
        }
    } else if let Some(items) = value.as_array_mut() {
        for item in items {
            *item = redacted(item.take());
        }
    }
    value
}

#[test]
fn json_output_snapshots() {
    let sandbox = Sandbox::new();
    let feed = bundled_feed().to_string_lossy().into_owned();
    let run = |args: &[&str]| -> Vec<Value> {
        sandbox.run_idx(args).json_lines().into_iter().map(redacted).collect()
    };
    insta::assert_json_snapshot!("json_index", run(&["index", "--json", &feed]));
    insta::assert_json_snapshot!(
        "json_search",
        run(&["search", "--json", "--limit", "2", "mutual assistance agreement"])
    );
    insta::assert_json_snapshot!(
        "json_show",
        run(&["show", "--json", "427630 at https://www.cbp.gov"])
    );
    insta::assert_json_snapshot!("json_facets", run(&["facets", "--json"]));
    insta::assert_json_snapshot!("json_stats", run(&["stats", "--json"]));
}
