//! Through the index: crashes, concurrency, a full disk, and hostile text at search time.

use std::fs;

use serde_json::Value;

use super::{Sandbox, assert_clean_terminal_text, bundled_feed, run};
use crate::util::fixture;

/// `pressdex check --json --index DIR`: the releases (guid, hash, provenance) when the index
/// is sound; panics with the problems otherwise.
fn checked_releases(sandbox: &Sandbox, index: &str) -> Vec<Value> {
    let run = sandbox.run(["check", "--json", "--index", index]);
    assert_eq!(run.code, Some(0), "check failed on {index}: {}{}", run.stdout(), run.stderr());
    let report: Value = serde_json::from_slice(&run.stdout).expect("check --json prints JSON");
    assert_eq!(report["ok"], Value::Bool(true), "{report}");
    report["releases"].as_array().cloned().unwrap_or_default()
}

/// The guid and content hash of each release, in guid order.
fn content(releases: &[Value]) -> Vec<(String, String)> {
    releases
        .iter()
        .map(|release| {
            (
                release["guid"].as_str().unwrap_or_default().to_owned(),
                release["hash"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// SIGKILL `pressdex index` at 20 moments spread over a run: after each kill the index opens
/// and checks, a rerun completes, and the result equals a clean run guid by guid and hash by
/// hash.
///
/// The moments are fractions of a timed clean run. A busier or idler machine moves them, so a
/// kill that lands after the run ended does not count: the time scale shrinks and the moment is
/// tried again, until 20 kills have landed mid-run (at most 60 attempts).
#[test]
fn sigkill_at_20_moments_loses_nothing_committed() {
    let sandbox = Sandbox::new();
    let snapshot = sandbox.path().join("feeds/big.xml");
    let items = crate::util::write_repeated_bundled_snapshot(&snapshot, 40);
    let snapshot_bytes = fs::read(&snapshot).expect("generated snapshot");
    let args = |index: &str| -> Vec<String> {
        ["index", "--json", "--commit-every", "97", "--index", index, "feeds"]
            .map(str::to_owned)
            .to_vec()
    };

    // A first run warms the page cache and the binary, so the timed one is representative.
    let warm = sandbox.run(args("warm"));
    assert_eq!(warm.code, Some(0), "{}", warm.stderr());
    let started = std::time::Instant::now();
    let clean = sandbox.run(args("clean"));
    let mut scale = started.elapsed();
    assert_eq!(clean.code, Some(0), "{}", clean.stderr());
    let expected = checked_releases(&sandbox, "clean");
    assert_eq!(expected.len(), items);

    let mut moment = 1u32;
    let mut attempts = 0;
    while moment <= 20 {
        attempts += 1;
        assert!(attempts <= 60, "only {} of 20 kills landed mid-run in 60 attempts", moment - 1);
        let index = format!("killed-{attempts}");
        let mut writer = sandbox
            .command()
            .args(args(&index))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn pressdex index");
        std::thread::sleep(scale * moment / 21);
        let mid_run = writer.try_wait().expect("wait").is_none();
        writer.kill().expect("SIGKILL");
        writer.wait().expect("reap");
        // Killed before it created the index: there is nothing to check yet.
        if sandbox.path().join(&index).join("meta.json").exists() {
            let survived = checked_releases(&sandbox, &index);
            let committed = content(&survived);
            assert!(
                committed.iter().all(|entry| content(&expected).contains(entry)),
                "moment {moment}: a release differs from the clean run"
            );
        }
        let rerun = sandbox.run(args(&index));
        assert_eq!(rerun.code, Some(0), "rerun after kill {moment}: {}", rerun.stderr());
        assert_eq!(
            content(&checked_releases(&sandbox, &index)),
            content(&expected),
            "after kill {moment}"
        );
        if mid_run {
            moment += 1;
        } else {
            scale = scale * 7 / 10;
        }
    }
    assert!(fs::read(&snapshot).expect("snapshot") == snapshot_bytes, "a snapshot was modified");
}

/// The number of releases a search reports (`total` of `--format json`).
fn search_total(sandbox: &Sandbox, query: &str) -> u64 {
    let run = sandbox.run(["search", query, "--limit", "1", "--format", "json", "--index", "idx"]);
    assert!(matches!(run.code, Some(0 | 1)), "search {query:?} failed: {}", run.stderr());
    run.json()["total"]
        .as_u64()
        .unwrap_or_else(|| panic!("no total in the summary of:\n{}", run.stdout()))
}

/// Searches in a loop while a writer indexes: each succeeds and the count never goes down; a
/// second writer meanwhile fails at once with the "being written" message.
#[test]
fn searches_while_writing_and_a_second_writer() {
    let sandbox = Sandbox::new();
    crate::util::write_repeated_bundled_snapshot(&sandbox.path().join("big/big.xml"), 120);
    let first = sandbox.run(["index", "--index", "idx", &bundled_feed().to_string_lossy()]);
    assert_eq!(first.code, Some(0), "{}", first.stderr());
    let before = search_total(&sandbox, "customs");
    assert!(before > 0);

    let mut writer = sandbox
        .command()
        .args(["index", "--commit-every", "150", "--index", "idx", "big"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn writer");
    let mut counts = vec![before];
    let mut second_writer_refused = false;
    while writer.try_wait().expect("wait").is_none() {
        let count = search_total(&sandbox, "customs");
        assert!(
            count >= *counts.last().unwrap_or(&0),
            "the count went down: {counts:?} then {count}"
        );
        counts.push(count);
        if !second_writer_refused && sandbox.path().join("idx/.tantivy-writer.lock").exists() {
            let second =
                sandbox.run(["index", "--index", "idx", &bundled_feed().to_string_lossy()]);
            if writer.try_wait().expect("wait").is_none() {
                assert_eq!(second.code, Some(2), "{}", second.stderr());
                let stderr = second.stderr();
                assert!(stderr.contains("being written by another pressdex process"), "{stderr}");
                assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
                second_writer_refused = true;
            }
        }
    }
    let output = writer.wait_with_output().expect("writer ends");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let after = search_total(&sandbox, "customs");
    assert_eq!(after, before * 121, "the bundled matches once per copy, plus the originals");
    assert!(counts.len() > 2, "only {} searches ran during the write", counts.len());
    assert!(second_writer_refused, "no second writer met the first");
}

/// A full disk while indexing (writes past a file-size limit fail with EFBIG): one clear error
/// line, exit 2, and the previous commit still searchable and sound.
#[test]
fn a_full_disk_while_indexing_keeps_the_last_commit() {
    let sandbox = Sandbox::new();
    crate::util::write_repeated_bundled_snapshot(&sandbox.path().join("big/big.xml"), 60);
    let first = sandbox.run(["index", "--index", "idx", &bundled_feed().to_string_lossy()]);
    assert_eq!(first.code, Some(0), "{}", first.stderr());
    let before = checked_releases(&sandbox, "idx");

    // bash counts `ulimit -f` in KiB: no file may grow past 256 KiB.
    let mut cmd = std::process::Command::new("bash");
    cmd.current_dir(sandbox.path())
        .env_remove("PRESSDEX_INDEX")
        .env_remove("PRESSDEX_FEEDS")
        .args(["-c", "trap '' XFSZ; ulimit -f 256; exec \"$0\" \"$@\""])
        .arg(crate::util::pressdex_bin())
        .args(["index", "--index", "idx", "big"]);
    let full = run(cmd);
    assert_eq!(full.code, Some(2), "{}", full.stderr());
    let stderr = full.stderr();
    let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("pressdex:")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    assert!(errors[0].contains("idx") && errors[0].contains("last commit is intact"), "{stderr}");

    assert_eq!(checked_releases(&sandbox, "idx"), before, "the last commit changed");
    assert!(search_total(&sandbox, "customs") > 0, "the earlier releases are still found");
}

/// Indexes `fixture` into `idx` in `sandbox`.
fn index_fixture(sandbox: &Sandbox, fixture_name: &str) {
    let run = sandbox.run(["index", "--index", "idx", &fixture(fixture_name).to_string_lossy()]);
    assert!(matches!(run.code, Some(0 | 1)), "indexing {fixture_name}: {}", run.stderr());
}

/// `pressdex show GUID --json`: the release, or `None` when it is not there.
fn show_json(sandbox: &Sandbox, guid: &str) -> Option<Value> {
    let run = sandbox.run(["show", guid, "--json", "--index", "idx"]);
    (run.code == Some(0))
        .then(|| serde_json::from_slice(&run.stdout).expect("show --json prints JSON"))
}

/// The same guid twice in one snapshot, the newer first: the newer wins, and the same way on
/// every run.
#[test]
fn the_newer_of_two_items_with_one_guid_wins_deterministically() {
    let mut dumps = Vec::new();
    for _ in 0..2 {
        let sandbox = Sandbox::new();
        index_fixture(&sandbox, "hostile/duplicate-guid.xml");
        let release = show_json(&sandbox, "dup-1").expect("dup-1 is indexed");
        assert_eq!(release["title"], "Newer version of the duplicated release");
        let older = sandbox.run(["search", "olderrevision", "--index", "idx"]);
        assert_eq!(older.code, Some(1), "the older text is not searchable: {}", older.stdout());
        let releases = checked_releases(&sandbox, "idx");
        assert_eq!(releases.len(), 2, "one release per guid");
        dumps.push(content(&releases));
    }
    assert_eq!(dumps[0], dumps[1]);
}

/// Dates in year 1 and 9999 survive the index (tantivy stores dates as i64 nanoseconds, which
/// only reach 1677..2262) and sort.
#[test]
fn dates_in_year_one_and_9999_survive_the_index() {
    let sandbox = Sandbox::new();
    index_fixture(&sandbox, "hostile/dates.xml");
    checked_releases(&sandbox, "idx");
    let published =
        |guid: &str| show_json(&sandbox, guid).map(|release| release["published"].clone());
    assert_eq!(published("date-0001"), Some(Value::from("0001-01-01T00:00:00Z")));
    assert_eq!(published("date-9999"), Some(Value::from("9999-12-31T23:59:59Z")));
    let sorted = sandbox.run(["search", "published", "--sort", "date", "--json", "--index", "idx"]);
    assert_eq!(sorted.code, Some(0), "{}", sorted.stderr());
}

/// Terminal control in titles and bodies never reaches `search` or `show` output, text or JSON.
#[test]
fn terminal_escapes_never_reach_search_or_show_output() {
    let sandbox = Sandbox::new();
    index_fixture(&sandbox, "hostile/terminal-escapes.xml");
    for args in [
        vec!["search", "title"],
        vec!["search", "override", "--json"],
        vec!["search", "body", "--color", "always"],
        vec!["show", "escape-raw"],
        vec!["show", "escape-refs", "--json"],
        vec!["show", "escape-refs", "--color", "always"],
    ] {
        let mut args = args.clone();
        args.extend(["--index", "idx"]);
        let run = sandbox.run(&args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr());
        let stdout = run.stdout();
        let colored = args.contains(&"always");
        let checked = if colored { strip_sgr(&stdout) } else { stdout };
        assert_clean_terminal_text(&checked, &args.join(" "));
    }
}

/// Removes the colour codes pressdex itself writes with `--color always` (SGR: ESC [ digits m),
/// so that only escapes coming from the feed remain to be found.
fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find(|c: char| !(c.is_ascii_digit() || c == ';')).unwrap_or(after.len());
        if after[end..].starts_with('m') {
            rest = &after[end + 1..];
        } else {
            out.push_str(&rest[at..at + 2]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// External entities stay unread through the index: nothing indexed holds the secret.
#[test]
fn external_entities_are_never_indexed() {
    let sandbox = Sandbox::new();
    let secret = "PRESSDEX-XXE-SECRET-5b1f";
    sandbox.write("secret.txt", secret);
    let path = sandbox.write("xxe.xml", fs::read(fixture("hostile/xxe.xml")).expect("fixture"));
    let run = sandbox.run(["index", "--index", "idx", &path.to_string_lossy()]);
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr());
    for query in [secret, "root", "secret"] {
        let run = sandbox.run(["search", query, "--json", "--index", "idx"]);
        assert!(!run.stdout().contains(secret) && !run.stdout().contains("root:x:0:0"), "{query}");
    }
    let release =
        show_json(&sandbox, "xxe-1").map(|release| release.to_string()).unwrap_or_default();
    assert!(!release.contains(secret) && !release.contains("root:x:0:0"), "{release}");
}
