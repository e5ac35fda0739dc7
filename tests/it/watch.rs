//! `pressdex watch`: saved searches report exactly what was added or changed since they last
//! ran, remember a run only when it succeeded, and write an Atom feed pressdex itself reads.
// See: issue 11, "What is new".

use std::fs;

use serde_json::Value;

use crate::util::{Run, Sandbox, fixture};

/// `pressdex ARGS --index idx` at `now` (`PRESSDEX_NOW`).
fn at(sandbox: &Sandbox, now: &str, args: &[&str]) -> Run {
    let mut cmd = sandbox.command();
    cmd.env("PRESSDEX_NOW", now).args(args).args(["--index", "idx"]);
    crate::util::run(cmd)
}

/// A sandbox whose index holds the bundled snapshot, indexed on 1 May 2024, with the later
/// snapshot (one release edited, two added) ready in `later/`. Both are named by their fetch
/// day: written a moment apart, their modification times may be equal (a tie).
fn indexed() -> Sandbox {
    let sandbox = Sandbox::new();
    crate::util::copy_bundled(&sandbox, "feeds/cbp-2023-09-28.xml");
    sandbox.write(
        "later/cbp-2023-10-05.xml",
        fs::read(fixture("index/second-snapshot.xml")).expect("fixture"),
    );
    let first = at(&sandbox, "2024-05-01T00:00:00Z", &["index", "feeds"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr());
    sandbox
}

/// `watch run --json ARGS` at `now`: exit code and, per watch, (name, [(guid, change)]).
fn run_json(sandbox: &Sandbox, now: &str, args: &[&str]) -> (i32, Vec<Report>) {
    let mut all = vec!["watch", "run", "--json"];
    all.extend_from_slice(args);
    let run = at(sandbox, now, &all);
    let reports = run
        .json_lines()
        .iter()
        .map(|report| {
            let mut matches: Vec<(String, String)> = report["matches"]
                .as_array()
                .expect("matches")
                .iter()
                .map(|found| {
                    (
                        found["guid"].as_str().expect("guid").into(),
                        found["change"].as_str().expect("change").into(),
                    )
                })
                .collect();
            matches.sort();
            (report["watch"].as_str().expect("a name").to_string(), matches)
        })
        .collect();
    (run.code.unwrap_or(-1), reports)
}

/// One watch's report: its name and its (guid, change) matches, sorted.
type Report = (String, Vec<(String, String)>);

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(guid, change)| (guid.to_string(), change.to_string())).collect()
}

#[test]
fn a_watch_reports_exactly_what_was_added_and_updated_then_nothing() {
    let sandbox = indexed();
    let add = at(&sandbox, "2024-05-02T00:00:00Z", &["watch", "add", "everything"]);
    assert_eq!(add.code, Some(0), "{}", add.stderr());
    let add =
        at(&sandbox, "2024-05-02T00:00:00Z", &["watch", "add", "costa-rica", "--country", "cr"]);
    assert_eq!(add.code, Some(0), "{}", add.stderr());
    let taken = at(&sandbox, "2024-05-02T00:00:00Z", &["watch", "add", "everything"]);
    assert_eq!(taken.code, Some(2), "a name is taken once");
    let bad = at(&sandbox, "2024-05-02T00:00:00Z", &["watch", "add", "bad", "country:atlantis"]);
    assert_eq!(bad.code, Some(2), "checked when added: {}", bad.stderr());

    // First run: nothing older than the watch, and it says so.
    let first =
        at(&sandbox, "2024-05-03T00:00:00Z", &["watch", "run", "everything", "--color", "never"]);
    assert_eq!(first.code, Some(1), "{}", first.stdout());
    assert!(
        first
            .stdout()
            .contains("first run: only releases indexed or changed since the watch was added"),
        "{}",
        first.stdout()
    );

    let second = at(&sandbox, "2024-05-08T00:00:00Z", &["index", "later"]);
    assert_eq!(second.code, Some(0), "{}", second.stderr());
    let (code, reports) = run_json(&sandbox, "2024-05-09T00:00:00Z", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        reports,
        [
            (
                "everything".to_string(),
                pairs(&[
                    ("427412 at https://www.cbp.gov", "updated"),
                    ("900001 at https://www.cbp.gov", "added"),
                    ("900002 at https://www.cbp.gov", "added"),
                ])
            ),
            ("costa-rica".to_string(), pairs(&[("427412 at https://www.cbp.gov", "updated")])),
        ]
    );
    let (code, reports) = run_json(&sandbox, "2024-05-10T00:00:00Z", &[]);
    assert_eq!(code, 1, "nothing new");
    assert!(reports.iter().all(|(_, matches)| matches.is_empty()), "{reports:?}");

    // `--from` reaches back; the text output names each release.
    let (_, reports) =
        run_json(&sandbox, "2024-05-10T00:00:00Z", &["costa-rica", "--from", "2024-04-01"]);
    assert_eq!(
        reports,
        [("costa-rica".to_string(), pairs(&[("427412 at https://www.cbp.gov", "added")]))]
    );
    let listed = at(&sandbox, "2024-05-10T00:00:00Z", &["watch", "list"]);
    assert!(
        listed.stdout().contains("costa-rica\t--country cr\tlast run 2024-05-10T00:00:00Z"),
        "{}",
        listed.stdout()
    );
    let removed = at(&sandbox, "2024-05-10T00:00:00Z", &["watch", "remove", "costa-rica"]);
    assert_eq!(removed.code, Some(0));
    assert_eq!(
        at(&sandbox, "2024-05-10T00:00:00Z", &["watch", "remove", "costa-rica"]).code,
        Some(1)
    );
    assert_eq!(at(&sandbox, "2024-05-10T00:00:00Z", &["watch", "run", "costa-rica"]).code, Some(2));
}

#[test]
fn a_failed_run_does_not_move_the_watch_on_and_a_rebuild_keeps_it() {
    let sandbox = indexed();
    assert_eq!(at(&sandbox, "2024-05-02T00:00:00Z", &["watch", "add", "all"]).code, Some(0));
    assert_eq!(at(&sandbox, "2024-05-08T00:00:00Z", &["index", "later"]).code, Some(0));
    let failed = at(
        &sandbox,
        "2024-05-09T00:00:00Z",
        &["watch", "run", "--atom", "no/such/folder/feed.xml"],
    );
    assert_eq!(failed.code, Some(2), "{}", failed.stderr());
    assert!(failed.stderr().contains("no/such/folder/feed.xml"), "{}", failed.stderr());
    // A rebuild keeps the watches, and when each release was indexed and changed.
    let rebuilt = at(&sandbox, "2024-05-09T01:00:00Z", &["index", "--rebuild"]);
    assert_eq!(rebuilt.code, Some(0), "{}", rebuilt.stderr());
    let (code, reports) = run_json(&sandbox, "2024-05-09T02:00:00Z", &[]);
    assert_eq!(code, 0);
    assert_eq!(reports[0].1.len(), 3, "still reported: {reports:?}");
}

#[test]
fn the_atom_feed_reads_back_with_pressdex_s_own_reader() {
    let sandbox = indexed();
    assert_eq!(at(&sandbox, "2024-05-02T00:00:00Z", &["watch", "add", "all"]).code, Some(0));
    assert_eq!(at(&sandbox, "2024-05-08T00:00:00Z", &["index", "later"]).code, Some(0));
    let run =
        at(&sandbox, "2024-05-09T00:00:00Z", &["watch", "run", "--json", "--atom", "out/all.xml"]);
    assert_eq!(run.code, Some(2), "no out/ folder yet: {}", run.stderr());
    fs::create_dir(sandbox.path().join("out")).expect("mkdir");
    let run =
        at(&sandbox, "2024-05-09T00:00:00Z", &["watch", "run", "--json", "--atom", "out/all.xml"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    let report = &run.json_lines()[0];
    let parsed = sandbox.run(["parse", "--json", "out/all.xml"]);
    assert_eq!(parsed.code, Some(0), "{}", parsed.stderr());
    let entries = parsed.json_lines();
    let matches = report["matches"].as_array().expect("matches");
    assert_eq!(entries.len(), matches.len());
    for (entry, found) in entries.iter().zip(matches) {
        assert_eq!(
            (&entry["title"], &entry["link"], &entry["published"]),
            (&found["title"], &found["link"], &found["published"])
        );
        assert!(
            entry["guid"].as_str().is_some_and(|id| id.starts_with("urn:pressdex:release:")),
            "{entry}"
        );
        assert_eq!(entry["feed"], Value::from("pressdex watch: all"));
    }
}
