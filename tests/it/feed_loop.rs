//! The feed loop of issue 11, through the real binary: snapshot times that survive `cp` (the
//! mtime trap), what a run added or updated, `--new-since`/`--changed-since`, `--rebuild`
//! without paths, and the guard rails a cron job needs (empty folders, files that are not
//! feeds, a mistyped `--index`).
// See: issue 11, "The feed loop: fetch over HTTP, a snapshot archive, trusted snapshot times".

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::util::{Run, Sandbox, bundled_feed, fixture};

/// The release edited between the bundled snapshot and `index/second-snapshot.xml` (its body
/// gains "quokkaquest"; same pubDate), and the two the later snapshot adds.
const EDITED: &str = "427412 at https://www.cbp.gov";
const NEW: [&str; 2] = ["900001 at https://www.cbp.gov", "900002 at https://www.cbp.gov"];

/// Copies `from` to `path` in the sandbox, its modification time `at` (one instant for every
/// copy: what `cp` without `-p` on a fast disk, or a fresh `git clone`, gives).
fn copy_with_mtime(sandbox: &Sandbox, from: &Path, path: &str, at: SystemTime) -> PathBuf {
    let path = sandbox.path().join(path);
    fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    fs::copy(from, &path).expect("copy");
    fs::File::options().write(true).open(&path).expect("open").set_modified(at).expect("mtime");
    path
}

fn one_instant() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000)
}

/// `pressdex ARGS --index idx` with `PRESSDEX_NOW=now`.
fn run_at(sandbox: &Sandbox, now: &str, args: &[&str]) -> Run {
    let mut cmd = sandbox.command();
    cmd.env("PRESSDEX_NOW", now).args(args).args(["--index", "idx"]);
    crate::util::run(cmd)
}

/// The guids `search --json ARGS` finds, sorted.
fn found(sandbox: &Sandbox, now: &str, args: &[&str]) -> Vec<String> {
    let mut all = vec!["search", "--json", "--limit", "100"];
    all.extend_from_slice(args);
    let run = run_at(sandbox, now, &all);
    assert!(matches!(run.code, Some(0 | 1)), "{args:?}: {}", run.stderr());
    let mut guids: Vec<String> = run
        .json_lines()
        .iter()
        .map(|hit| hit["guid"].as_str().expect("a guid").to_string())
        .collect();
    guids.sort();
    guids
}

/// Which text of the edited release the index holds, and the snapshot it came from.
fn edited_text(sandbox: &Sandbox) -> (bool, String) {
    let run = sandbox.run_idx(["show", EDITED, "--json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    let release = run.json();
    let newer = release["body"].as_str().expect("a body").contains("quokkaquest");
    (newer, release["provenance"]["snapshot"].as_str().expect("a path").to_string())
}

#[test]
fn the_mtime_trap_gives_the_newer_text_by_file_name_and_by_manifest() {
    // By a time in the file name: the older snapshot's name sorts last.
    let sandbox = Sandbox::new();
    copy_with_mtime(&sandbox, &bundled_feed(), "feeds/zz-cbp-2023-09-28.xml", one_instant());
    copy_with_mtime(
        &sandbox,
        &fixture("index/second-snapshot.xml"),
        "feeds/aa-cbp-2023-10-05T06-00-00Z.xml",
        one_instant(),
    );
    let run = sandbox.run_idx(["index", "feeds"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    assert!(!run.stderr().contains("modification time"), "{}", run.stderr());
    let (newer, snapshot) = edited_text(&sandbox);
    assert!(newer && snapshot.ends_with("aa-cbp-2023-10-05T06-00-00Z.xml"), "{snapshot}");
    let stats = sandbox.run_idx(["stats", "--json"]).json();
    let dated: Vec<&str> = stats["snapshots"]
        .as_array()
        .expect("snapshots")
        .iter()
        .map(|s| s["dated_by"].as_str().expect("dated"))
        .collect();
    assert_eq!(dated, ["file-name", "file-name"]);

    // By the fetch record beside them (as `pressdex fetch` writes it), names without times.
    let sandbox = Sandbox::new();
    copy_with_mtime(&sandbox, &bundled_feed(), "archive/cbp/b.xml", one_instant());
    copy_with_mtime(
        &sandbox,
        &fixture("index/second-snapshot.xml"),
        "archive/cbp/a.xml",
        one_instant(),
    );
    sandbox.write(
        "archive/cbp/manifest.jsonl",
        "{\"feed\":\"cbp\",\"url\":\"https://www.cbp.gov/taxonomy/term/12/feed\",\"fetched_at\":\"2023-09-28T12:00:00Z\",\"outcome\":\"new\",\"snapshot\":\"b.xml\"}\n\
         {\"feed\":\"cbp\",\"url\":\"https://www.cbp.gov/taxonomy/term/12/feed\",\"fetched_at\":\"2023-10-05T06:00:00Z\",\"outcome\":\"new\",\"snapshot\":\"a.xml\"}\n",
    );
    // One run, or the older snapshot indexed last: the newer text either way.
    for runs in [&[&["archive"][..]][..], &[&["archive/cbp/a.xml"], &["archive/cbp/b.xml"]]] {
        fs::remove_dir_all(sandbox.path().join("idx")).ok();
        for paths in runs {
            let mut args = vec!["index"];
            args.extend_from_slice(paths);
            assert_eq!(sandbox.run_idx(&args).code, Some(0));
        }
        let (newer, snapshot) = edited_text(&sandbox);
        assert!(newer && snapshot.ends_with("archive/cbp/a.xml"), "{snapshot}");
    }
    let shown = sandbox.run_idx(["show", EDITED, "--json"]).json();
    assert_eq!(shown["provenance"]["url"], "https://www.cbp.gov/taxonomy/term/12/feed");
    assert_eq!(shown["provenance"]["sightings"].as_array().map(Vec::len), Some(2));
    assert_eq!(shown["provenance"]["revisions"], 2);
}

#[test]
fn a_tie_of_modification_times_is_reported_and_never_decided_by_name() {
    // Names without times, no record, one mtime: only --fetched-at could tell.
    let sandbox = Sandbox::new();
    copy_with_mtime(&sandbox, &fixture("index/second-snapshot.xml"), "feeds/a.xml", one_instant());
    copy_with_mtime(&sandbox, &bundled_feed(), "feeds/b.xml", one_instant());
    // The newer text indexed first stays when the older copy comes with the same time.
    let first = sandbox.run_idx(["index", "feeds/a.xml"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr());
    assert!(
        first.stderr().contains("1 snapshot dated by file modification time"),
        "{}",
        first.stderr()
    );
    let second = sandbox.run_idx(["index", "feeds/b.xml", "feeds/a.xml"]);
    assert_eq!(second.code, Some(1), "an undecided tie is a problem: {}", second.stderr());
    let stderr = second.stderr();
    assert!(
        stderr.contains("feeds/a.xml and feeds/b.xml were both fetched at")
            && stderr.contains(
                "differ on 1 release: nothing tells which is newer: kept the text already indexed"
            ),
        "{stderr}"
    );
    assert!(edited_text(&sandbox).0, "the newer text, although b.xml sorts last");

    // --fetched-at dates snapshots that nothing else dates; the feeds' own dates break a tie.
    let sandbox = Sandbox::new();
    let with_build_date = |path: &Path, date: &str| {
        fs::read_to_string(path).expect("snapshot").replacen(
            "<title>International Operations</title>",
            &format!(
                "<title>International Operations</title><lastBuildDate>{date}</lastBuildDate>"
            ),
            1,
        )
    };
    sandbox.write(
        "feeds/older.xml",
        with_build_date(&bundled_feed(), "Thu, 28 Sep 2023 12:00:00 +0000"),
    );
    let dated = sandbox.run_idx(["index", "--fetched-at", "2023-09-28", "feeds/older.xml"]);
    assert_eq!(dated.code, Some(0), "{}", dated.stderr());
    let stats = sandbox.run_idx(["stats", "--json"]).json();
    assert_eq!(stats["snapshots"][0]["dated_by"], "flag");
    assert_eq!(stats["snapshots"][0]["fetched_at"], "2023-09-28T00:00:00Z");
    let newer =
        with_build_date(&fixture("index/second-snapshot.xml"), "Thu, 05 Oct 2023 06:00:00 +0000");
    sandbox.write("feeds/later.xml", newer);
    let later = sandbox.run_idx(["index", "--fetched-at", "2023-09-28", "feeds/later.xml"]);
    assert_eq!(later.code, Some(0), "decided by the feed's date: {}", later.stderr());
    assert!(
        later.stderr().contains("kept the text of feeds/later.xml (its feed's date is later)"),
        "{}",
        later.stderr()
    );
    assert!(edited_text(&sandbox).0);
}

/// Indexes the bundled snapshot then the later one with `PRESSDEX_NOW` at `first` and `second`.
/// Both are named by their fetch day: written a moment apart, their mtimes may be equal.
fn two_runs(sandbox: &Sandbox, first: &str, second: &str) -> (Value, Value) {
    crate::util::copy_bundled(sandbox, "feeds/cbp-2023-09-28.xml");
    sandbox.write(
        "feeds/later/cbp-2023-10-05.xml",
        fs::read(fixture("index/second-snapshot.xml")).expect("fixture"),
    );
    let one = run_at(sandbox, first, &["index", "--json", "feeds/cbp-2023-09-28.xml"]);
    assert_eq!(one.code, Some(0), "{}", one.stderr());
    let two = run_at(sandbox, second, &["index", "--json", "feeds/later"]);
    assert_eq!(two.code, Some(0), "{}", two.stderr());
    (one.json(), two.json())
}

#[test]
fn a_run_lists_exactly_what_it_added_and_updated() {
    let sandbox = Sandbox::new();
    let (first, second) = two_runs(&sandbox, "2024-05-01T00:00:00Z", "2024-05-08T00:00:00Z");
    assert_eq!(first["changes"].as_array().map(Vec::len), Some(10));
    assert!(first["changes"].as_array().expect("changes").iter().all(|c| c["change"] == "added"));
    let changes: Vec<(&str, &str)> = second["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|change| {
            (change["guid"].as_str().expect("guid"), change["change"].as_str().expect("kind"))
        })
        .collect();
    // Newest publication first: the two October releases, then the edited September one.
    assert_eq!(changes, [(NEW[1], "added"), (NEW[0], "added"), (EDITED, "updated")]);
    for key in ["files", "items", "added", "updated", "unchanged", "problems"] {
        assert!(second[key].is_u64(), "{key} kept: {second}");
    }

    // The text summary lists date and title.
    let again = sandbox.run_idx(["index", "feeds/cbp-2023-09-28.xml"]);
    assert_eq!(again.stdout().lines().count(), 1, "nothing changed: {}", again.stdout());
    let fresh = sandbox.run(["index", "--index", "fresh", "feeds/cbp-2023-09-28.xml"]);
    let lines: Vec<String> = fresh.stdout().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 11, "{lines:?}");
    assert_eq!(
        lines[1],
        "  2023-09-27  added    San Diego Border Patrol and Mexican authorities increase binational operations to combat human smuggling"
    );
    // A rebuild says what is new against the index it replaces: from the September snapshot
    // alone, the edited release goes back to its September text; nothing is added.
    let rebuilt = sandbox.run_idx(["index", "--rebuild", "--json", "feeds/cbp-2023-09-28.xml"]);
    let rebuilt = rebuilt.json();
    let changes = rebuilt["changes"].as_array().expect("changes");
    let listed: Vec<(&str, &str)> = changes
        .iter()
        .map(|change| {
            (change["guid"].as_str().expect("guid"), change["change"].as_str().expect("kind"))
        })
        .collect();
    assert_eq!(listed, [(EDITED, "updated")], "{rebuilt}");
}

#[test]
fn new_since_and_changed_since_select_by_when_releases_were_indexed() {
    let sandbox = Sandbox::new();
    two_runs(&sandbox, "2024-05-01T00:00:00Z", "2024-05-08T00:00:00Z");
    let now = "2024-05-08T06:00:00Z";
    assert_eq!(found(&sandbox, now, &["--new-since", "last-run"]), NEW);
    assert_eq!(found(&sandbox, now, &["new-since:last-run"]), NEW);
    let mut changed = vec![EDITED.to_string(), NEW[0].to_string(), NEW[1].to_string()];
    changed.sort();
    assert_eq!(found(&sandbox, now, &["--changed-since", "last-run"]), changed);
    assert_eq!(found(&sandbox, now, &["--changed-since", "1d"]), changed);
    assert_eq!(found(&sandbox, now, &["changed-since:2024-05-08 quokkaquest"]), [EDITED]);
    assert_eq!(found(&sandbox, now, &["--new-since", "2024-05-01"]).len(), 12);
    assert_eq!(found(&sandbox, now, &["--new-since", "2024-05-01T00:00:01Z"]), NEW);
    assert_eq!(found(&sandbox, now, &["--new-since", "2w"]).len(), 12);
    assert!(found(&sandbox, now, &["--new-since", "1h"]).is_empty());
    assert_eq!(found(&sandbox, now, &["new_since:last-run"]), NEW, "`_` as in event_since");
    // Every way out: every match streamed as CSV, the JSON document, facets.
    let csv = ["search", "--new-since", "last-run", "--all-results", "--format", "csv"];
    let csv = run_at(&sandbox, now, &csv);
    assert_eq!(csv.code, Some(0), "{}", csv.stderr());
    let listed = |text: &str| [EDITED, NEW[0], NEW[1]].map(|guid| text.contains(guid));
    assert_eq!(listed(&csv.stdout()), [false, true, true], "{}", csv.stdout());
    let document = ["search", "--changed-since", "last-run", "--format", "json"];
    let document = run_at(&sandbox, now, &document);
    assert_eq!(document.json()["total"], 3, "{}", document.stdout());
    let facets = ["facets", "--json", "--field", "feed", "--new-since", "last-run"];
    let facets = run_at(&sandbox, now, &facets);
    assert_eq!(facets.code, Some(0), "{}", facets.stderr());
    assert_eq!(facets.json_lines()[0]["total"], 2, "{}", facets.stdout());
    let bad = sandbox.run_idx(["search", "--new-since", "someday"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr().contains("bad time `someday`"), "{}", bad.stderr());
    let shown = sandbox.run_idx(["show", EDITED, "--json"]).json();
    assert_eq!(
        (&shown["provenance"]["indexed_at"], &shown["provenance"]["changed_at"]),
        (&Value::from("2024-05-01T00:00:00Z"), &Value::from("2024-05-08T00:00:00Z"))
    );
}

#[test]
fn a_rebuild_without_paths_keeps_every_release_and_refuses_when_a_snapshot_is_gone() {
    let sandbox = Sandbox::new();
    crate::util::copy_bundled(&sandbox, "feeds/cbp-2023-09-28.xml");
    crate::util::write_repeated_bundled_snapshot(&sandbox.path().join("elsewhere/more.xml"), 2);
    sandbox.write(
        "later/cbp-2023-10-05.xml",
        fs::read(fixture("index/second-snapshot.xml")).expect("fixture"),
    );
    for paths in ["feeds", "elsewhere/more.xml", "later"] {
        assert!(matches!(sandbox.run_idx(["index", paths]).code, Some(0 | 1)));
    }
    let before = crate::index::checked(&sandbox);
    assert_eq!(before.len(), 32, "10 + 20 + 2 new");

    // Not `index-data/feeds` (there is none here): every snapshot the index recorded.
    let rebuilt = sandbox.run_idx(["index", "--rebuild", "--json"]);
    assert_eq!(rebuilt.code, Some(0), "{}", rebuilt.stderr());
    let summary = rebuilt.json();
    assert_eq!(summary["files"], 3);
    // The releases were all in the index the rebuild replaces, with the same text: none is new.
    assert_eq!(summary["added"], 0, "{summary}");
    assert_eq!(summary["changes"], serde_json::json!([]), "{summary}");
    let after = crate::index::checked(&sandbox);
    assert_eq!(
        crate::index::comparable(&sandbox, &after),
        crate::index::comparable(&sandbox, &before)
    );

    fs::remove_file(sandbox.path().join("elsewhere/more.xml")).expect("remove");
    let refused = sandbox.run_idx(["index", "--rebuild"]);
    assert_eq!(refused.code, Some(2));
    let stderr = refused.stderr();
    assert!(stderr.contains("elsewhere/more.xml") && stderr.contains("is gone"), "{stderr}");
    assert!(
        stderr.contains("1 of the snapshots the index recorded is gone: nothing was rebuilt"),
        "{stderr}"
    );
    assert_eq!(crate::index::checked(&sandbox).len(), 32, "nothing swapped");
    let allowed = sandbox.run_idx(["index", "--rebuild", "--allow-missing"]);
    assert_eq!(allowed.code, Some(0), "{}", allowed.stderr());
    assert_eq!(crate::index::checked(&sandbox).len(), 12, "what the remaining snapshots hold");
}

#[test]
fn guard_rails_for_cron() {
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.path().join("empty/sub")).expect("mkdir");
    sandbox.write("empty/notes.txt", "not a snapshot");
    for command in ["index", "parse"] {
        for path in ["empty", "empty/*.xml"] {
            let run = match command {
                "index" => sandbox.run_idx([command, path]),
                _ => sandbox.run([command, path]),
            };
            assert_eq!(run.code, Some(1), "{command} {path}: {}", run.stderr());
            assert_eq!(run.stderr().trim(), format!("pressdex: no feed snapshots in {path}"));
        }
    }
    assert!(!sandbox.path().join("idx").exists(), "nothing indexed, no index made");

    // A file that is not a feed: exit 2 as in parse, the feed beside it indexed, and only the
    // feed recorded.
    crate::util::copy_bundled(&sandbox, "feeds/cbp.xml");
    fs::copy(fixture("hostile/html-error-page.xml"), sandbox.path().join("feeds/error.xml"))
        .expect("copy");
    let run = sandbox.run_idx(["index", "feeds"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr());
    assert!(run.stderr().contains("not a feed"), "{}", run.stderr());
    assert_eq!(sandbox.run(["parse", "feeds/error.xml"]).code, Some(2));
    let stats = sandbox.run_idx(["stats", "--json"]).json();
    let names: Vec<&str> = stats["snapshots"]
        .as_array()
        .expect("snapshots")
        .iter()
        .map(|s| s["name"].as_str().expect("a name"))
        .collect();
    assert!(names.len() == 1 && names[0].ends_with("feeds/cbp.xml"), "{names:?}");
    assert_eq!(stats["releases"], 10);

    // A mistyped --index or PRESSDEX_INDEX is an error, never a new index.
    let typo = sandbox.run(["search", "customs", "--index", "nowhere"]);
    assert_eq!(typo.code, Some(2));
    assert_eq!(
        typo.stderr().trim(),
        "pressdex: no index at nowhere: build it with pressdex index --index nowhere PATHS"
    );
    fs::create_dir_all(sandbox.path().join("index-data/feeds")).expect("mkdir");
    crate::util::copy_bundled(&sandbox, "index-data/feeds/cbp.xml");
    let mut cmd = sandbox.command();
    cmd.env("PRESSDEX_INDEX", "elsewhere").args(["search", "customs"]);
    let env = crate::util::run(cmd);
    assert_eq!(env.code, Some(2), "{}", env.stdout());
    assert!(
        env.stderr().contains(
            "no index at elsewhere: build it with pressdex index --index elsewhere PATHS"
        ),
        "{}",
        env.stderr()
    );
    assert!(
        !sandbox.path().join("elsewhere").exists()
            && !sandbox.path().join("index-data/index").exists()
    );
    // Only the default location is built on first use.
    assert_eq!(sandbox.run(["search", "customs"]).code, Some(0));
    assert!(sandbox.path().join("index-data/index/meta.json").is_file());
}

#[test]
fn the_bundled_snapshot_is_dated_by_its_fetch_record() {
    let sandbox = Sandbox::new();
    let run = sandbox.run_idx(["index", "--json", &bundled_feed().to_string_lossy()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    assert!(run.stderr().is_empty(), "{}", run.stderr());
    let stats = sandbox.run_idx(["stats", "--json"]).json();
    let snapshot = &stats["snapshots"][0];
    assert_eq!(
        (&snapshot["dated_by"], &snapshot["fetched_at"], &snapshot["url"]),
        (
            &Value::from("manifest"),
            &Value::from("2023-09-28T12:00:00Z"),
            &Value::from("https://www.cbp.gov/taxonomy/term/12/feed")
        )
    );
    let text =
        sandbox.run_idx(["show", "427630 at https://www.cbp.gov", "--color", "never"]).stdout();
    assert!(text.contains("Feed: https://www.cbp.gov/taxonomy/term/12/feed"), "{text}");
    assert!(text.contains("Seen in: 2023-09-28 12:00:00Z  /"), "{text}");
}
