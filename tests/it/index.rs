//! `pressdex index`, `stats` and `check` on the bundled snapshot, an overlapping later snapshot,
//! and a large generated one (issue 4; crash and concurrency parts of issue 7).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::util::{self, Sandbox, bundled_feed, fixture};

const BUNDLED_ITEMS: u64 = 10;

/// Copies `from` to `dir/name` with modification time `hours` after an arbitrary fixed instant
/// (the fetch time that decides which version of an item is newer).
fn place(sandbox: &Sandbox, from: &Path, name: &str, hours: u64) -> PathBuf {
    let path = sandbox.path().join("feeds").join(name);
    fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    fs::copy(from, &path).expect("copy snapshot");
    set_mtime(&path, hours);
    path
}

fn set_mtime(path: &Path, hours: u64) {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + hours * 3600);
    fs::File::options().write(true).open(path).expect("open").set_modified(at).expect("mtime");
}

/// `pressdex index --json ARGS` -> (exit code, summary object).
fn index(sandbox: &Sandbox, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["index", "--json"];
    all.extend_from_slice(args);
    let output = sandbox.run_idx(&all);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = serde_json::from_str(stdout.trim()).unwrap_or_else(|err| {
        panic!(
            "index printed no JSON ({err}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.code.unwrap_or(-1), summary)
}

fn counts(summary: &Value) -> [u64; 6] {
    ["files", "items", "added", "updated", "unchanged", "problems"]
        .map(|key| summary[key].as_u64().unwrap_or_else(|| panic!("no {key} in {summary}")))
}

/// `releases` as two indexes built from the same snapshots must agree on them: what varies
/// with where and when they were built (the sandbox's path, the runs' start times) left out.
pub fn comparable(sandbox: &Sandbox, releases: &[Value]) -> Vec<Value> {
    let root = sandbox.path().canonicalize().expect("canonical sandbox").display().to_string();
    releases
        .iter()
        .map(|release| {
            let text = release.to_string().replace(&root, "[sandbox]");
            let mut release: Value = serde_json::from_str(&text).expect("JSON");
            let provenance = release["provenance"].as_object_mut().expect("provenance");
            provenance.remove("indexed_at");
            provenance.remove("changed_at");
            release
        })
        .collect()
}

/// `pressdex check --json`, which must pass; returns its `releases` list.
pub fn checked(sandbox: &Sandbox) -> Vec<Value> {
    let output = sandbox.run_idx(["check", "--json"]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("check prints JSON");
    assert_eq!(output.code, Some(0), "check failed: {report}");
    assert_eq!(report["problems"], Value::Array(Vec::new()));
    report["releases"].as_array().expect("releases").clone()
}

fn release<'a>(releases: &'a [Value], guid: &str) -> &'a Value {
    releases.iter().find(|r| r["guid"] == guid).unwrap_or_else(|| panic!("{guid} not indexed"))
}

#[test]
fn indexing_the_bundled_snapshot_twice_adds_then_leaves_unchanged() {
    let sandbox = Sandbox::new();
    place(&sandbox, &bundled_feed(), "first.xml", 0);
    let (code, summary) = index(&sandbox, &["feeds"]);
    assert_eq!((code, counts(&summary)), (0, [1, BUNDLED_ITEMS, BUNDLED_ITEMS, 0, 0, 0]));
    assert_eq!(summary["unchanged_files"], 0);
    let (code, summary) = index(&sandbox, &["feeds"]);
    assert_eq!((code, counts(&summary)), (0, [1, BUNDLED_ITEMS, 0, 0, BUNDLED_ITEMS, 0]));
    // The same bytes, read to their end before: hashed, not parsed again (issue 16).
    assert_eq!(summary["unchanged_files"], 1);
    let releases = checked(&sandbox);
    assert_eq!(releases.len() as u64, BUNDLED_ITEMS);
    // Provenance names the snapshot by its absolute path.
    let first = sandbox.path().canonicalize().expect("canonical").join("feeds/first.xml");
    assert!(releases.iter().all(|r| r["provenance"]["revisions"] == 1
        && r["provenance"]["snapshot"] == first.to_string_lossy().as_ref()
        && r["provenance"]["sightings"].as_array().map(Vec::len) == Some(1)));

    let text = sandbox.run_idx(["index", "feeds"]);
    assert_eq!(
        String::from_utf8_lossy(&text.stdout).trim(),
        "indexed 1 file: 10 items, 0 added, 0 updated, 10 unchanged, 0 problems"
    );
    let stats = sandbox.run_idx(["stats", "--json"]);
    assert!(stats.success());
    let stats: Value = serde_json::from_slice(&stats.stdout).expect("stats JSON");
    assert_eq!(stats["releases"], BUNDLED_ITEMS);
    assert_eq!(stats["snapshots"].as_array().map(Vec::len), Some(1));
    let kinds = stats["facets"]
        .as_array()
        .and_then(|facets| facets.iter().find(|f| f["field"] == "kind"))
        .expect("kind facet");
    let total: u64 = kinds["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|v| v["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(total, BUNDLED_ITEMS, "every release has one kind: {kinds}");
}

#[test]
fn an_overlapping_later_snapshot_updates_the_edited_item_and_adds_the_new_ones() {
    let sandbox = Sandbox::new();
    let first = place(&sandbox, &bundled_feed(), "first.xml", 0);
    let (_, summary) = index(&sandbox, &[&first.to_string_lossy()]);
    assert_eq!(counts(&summary), [1, 10, 10, 0, 0, 0]);
    let second = place(&sandbox, &fixture("index/second-snapshot.xml"), "second.xml", 24);
    let (code, summary) = index(&sandbox, &[&second.to_string_lossy()]);
    assert_eq!((code, counts(&summary)), (0, [1, 12, 2, 1, 9, 0]));

    let releases = checked(&sandbox);
    assert_eq!(releases.len(), 12, "one document per guid");
    let edited = release(&releases, "427412 at https://www.cbp.gov");
    let edited = &edited["provenance"];
    assert_eq!(edited["revisions"], 2);
    assert!(edited["snapshot"].as_str().is_some_and(|s| s.ends_with("second.xml")), "{edited}");
    let untouched = &release(&releases, "427633 at https://www.cbp.gov")["provenance"];
    assert_eq!(untouched["revisions"], 1);
    assert_ne!(untouched["first_seen"], untouched["last_seen"], "seen in both snapshots");

    // The edited text is what the index holds and finds: one release holds the word.
    let searcher =
        pressdex_index::ReleaseSearcher::open(&sandbox.path().join("idx")).expect("opens");
    let query = pressdex_index::Query::parse("quokkaquest").expect("a valid query");
    let found = searcher.search(&pressdex_index::SearchRequest::new(query)).expect("searches");
    assert_eq!(found.total, 1);
    let indexed = &found.hits[0].release;
    assert_eq!(indexed.release.guid, "427412 at https://www.cbp.gov");
    assert!(indexed.release.body.contains("the quokkaquest pilot program"));
    let search = sandbox.run_idx(["search", "quokkaquest", "--json"]);
    assert_eq!(search.code, Some(0));
    let hits: Vec<Value> = String::from_utf8_lossy(&search.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("NDJSON hit"))
        .collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["guid"], "427412 at https://www.cbp.gov");
    assert_eq!(hits[0]["provenance"]["revisions"], 2);
}

#[test]
fn snapshots_in_any_order_give_the_same_index() {
    let build = |runs: &[&[&str]]| {
        let sandbox = Sandbox::new();
        place(&sandbox, &bundled_feed(), "first.xml", 0);
        place(&sandbox, &fixture("index/second-snapshot.xml"), "second.xml", 24);
        for paths in runs {
            let (code, _) = index(&sandbox, paths);
            assert_eq!(code, 0);
        }
        comparable(&sandbox, &checked(&sandbox))
    };
    let forward = build(&[&["feeds/first.xml"], &["feeds/second.xml"]]);
    let backward = build(&[&["feeds/second.xml"], &["feeds/first.xml"]]);
    let together = build(&[&["feeds/second.xml", "feeds/first.xml"]]);
    assert_eq!(forward.len(), 12);
    assert_eq!(forward, backward);
    assert_eq!(forward, together);
}

#[test]
fn a_schema_version_mismatch_says_to_rebuild() {
    let sandbox = Sandbox::new();
    place(&sandbox, &bundled_feed(), "first.xml", 0);
    assert_eq!(index(&sandbox, &["feeds"]).0, 0);
    // The version before this one (country names, not codes, in documents), and a future one.
    for version in [pressdex_index::SCHEMA_VERSION - 1, 999] {
        fs::write(
            sandbox.path().join("idx/pressdex-schema.json"),
            format!("{{\"schema_version\": {version}}}\n"),
        )
        .expect("edit the version file");
        for args in [&["stats"][..], &["check"], &["index", "feeds"], &["search", "mexico"]] {
            let output = sandbox.run_idx(args);
            assert_eq!(output.code, Some(2), "{args:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains(&format!("has schema version {version}")), "{stderr}");
            assert!(stderr.contains("run `pressdex index --rebuild`"), "{args:?}: {stderr}");
        }
    }
    let (code, summary) = index(&sandbox, &["--rebuild", "feeds"]);
    assert_eq!((code, counts(&summary)), (0, [1, 10, 10, 0, 0, 0]));
    assert_eq!(checked(&sandbox).len(), 10);
    assert!(!sandbox.path().join("idx.rebuild").exists());
    assert!(!sandbox.path().join("idx.old").exists());
}

#[test]
fn stats_and_check_json_escape_a_bidi_override_in_a_snapshot_name() {
    let sandbox = Sandbox::new();
    let name = "x\u{202e}lmx.xml";
    place(&sandbox, &bundled_feed(), name, 0);
    assert_eq!(index(&sandbox, &["feeds"]).0, 0);
    for args in [&["stats", "--json"][..], &["check", "--json"]] {
        let output = sandbox.run_idx(args);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(!stdout.contains('\u{202e}'), "{args:?} printed the override raw: {stdout}");
        assert!(stdout.contains("x\\u202elmx.xml"), "{args:?}: {stdout}");
        let value: Value = serde_json::from_str(stdout.trim()).expect("one JSON object");
        let snapshot = match args[0] {
            "stats" => &value["snapshots"][0]["name"],
            _ => &value["releases"][0]["provenance"]["snapshot"],
        };
        assert_eq!(snapshot.as_str().map(|s| s.ends_with(name)), Some(true), "{value}");
    }
}

#[test]
fn a_missing_index_says_how_to_build_it() {
    let sandbox = Sandbox::new();
    let output = sandbox.run_idx(["stats"]);
    assert_eq!(output.code, Some(2));
    assert!(
        output.stderr().contains("no index at idx: build it with pressdex index --index idx PATHS"),
        "{}",
        output.stderr()
    );
}

/// Writes a snapshot of `copies` x the bundled items with new guids, fetched at time 0.
fn generate(path: &Path, copies: usize) -> u64 {
    let items = util::write_repeated_bundled_snapshot(path, copies);
    set_mtime(path, 0);
    items as u64
}

fn spawn_index(sandbox: &Sandbox, args: &[&str]) -> Child {
    sandbox
        .command()
        .args(["index", "--json", "--index", "idx"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pressdex starts")
}

/// Waits (polling) until `ready` holds or `child` ends; returns whether `ready` held first.
fn wait_until(child: &mut Child, mut ready: impl FnMut() -> bool) -> bool {
    loop {
        if ready() {
            return true;
        }
        if child.try_wait().expect("waitable").is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn committed_segments(index_dir: &Path) -> usize {
    fs::read_to_string(index_dir.join("meta.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|meta| meta["segments"].as_array().map(Vec::len))
        .unwrap_or(0)
}

/// Whether process `pid` holds the writer lock of `index_dir` (an flock listed in /proc/locks;
/// looking does not take the lock, so it cannot disturb the writer).
fn holds_writer_lock(pid: u32, index_dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = fs::metadata(index_dir.join(".tantivy-writer.lock")) else { return false };
    let locks = fs::read_to_string("/proc/locks").expect("/proc/locks is readable");
    locks.lines().any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.get(1) == Some(&"FLOCK")
            && fields.get(4) == Some(&pid.to_string().as_str())
            && fields.get(5).and_then(|dev_inode| dev_inode.rsplit(':').next())
                == Some(meta.ino().to_string().as_str())
    })
}

#[test]
fn a_second_writer_fails_at_once_with_a_clear_message() {
    let sandbox = Sandbox::new();
    let items = generate(&sandbox.path().join("big/big.xml"), 40);
    place(&sandbox, &bundled_feed(), "first.xml", 0);
    let index_dir = sandbox.path().join("idx");
    let mut first = spawn_index(&sandbox, &["big"]);
    let pid = first.id();
    assert!(
        wait_until(&mut first, || holds_writer_lock(pid, &index_dir)),
        "the first writer ended early"
    );
    // Freeze the first writer while it holds the lock, so the second one surely meets it.
    let pid = pid.to_string();
    assert!(StdCommand::new("kill").args(["-STOP", &pid]).status().expect("kill").success());
    let second = sandbox.run_idx(["index", "feeds"]);
    assert!(StdCommand::new("kill").args(["-CONT", &pid]).status().expect("kill").success());
    assert_eq!(second.code, Some(2));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("is being written by another pressdex process"), "{stderr}");
    assert!(stderr.contains("idx"), "names the index: {stderr}");

    let output = first.wait_with_output().expect("first writer ends");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: Value = serde_json::from_slice(&output.stdout).expect("summary");
    assert_eq!(counts(&summary), [1, items, items, 0, 0, 0]);
}

#[test]
fn a_writer_killed_mid_run_leaves_an_index_that_checks_and_a_rerun_completes() {
    let sandbox = Sandbox::new();
    let items = generate(&sandbox.path().join("big/big.xml"), 300);
    let index_dir = sandbox.path().join("idx");
    let args = ["--commit-every", "400", "big"];

    // Killed while scanning (the index exists, nothing committed yet) ...
    let mut writer = spawn_index(&sandbox, &args);
    let pid = writer.id();
    assert!(wait_until(&mut writer, || holds_writer_lock(pid, &index_dir)), "ended early");
    writer.kill().expect("SIGKILL");
    writer.wait().expect("reaped");
    assert!(checked(&sandbox).len() as u64 <= items);

    // ... and while writing, after some intermediate commits.
    let mut writer = spawn_index(&sandbox, &args);
    assert!(
        wait_until(&mut writer, || committed_segments(&index_dir) >= 2),
        "ended before the kill"
    );
    writer.kill().expect("SIGKILL");
    writer.wait().expect("reaped");
    let partial = checked(&sandbox).len() as u64;
    assert!(partial > 0 && partial < items, "{partial} of {items} committed");

    let (code, summary) = index(&sandbox, &args);
    assert_eq!(code, 0);
    let [_, seen, added, updated, unchanged, problems] = counts(&summary);
    assert_eq!(
        (seen, added, updated, unchanged, problems),
        (items, items - partial, 0, partial, 0)
    );
    let after_kills = comparable(&sandbox, &checked(&sandbox));

    // The same as one clean run.
    let clean = Sandbox::new();
    generate(&clean.path().join("big/big.xml"), 300);
    assert_eq!(index(&clean, &args).0, 0);
    assert_eq!(after_kills, comparable(&clean, &checked(&clean)));
}

/// `pressdex facets customs --field kind --json`: the number of releases a search matches.
fn search_count(sandbox: &Sandbox) -> u64 {
    let output = sandbox.run_idx(["facets", "customs", "--field", "kind", "--json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(matches!(output.code, Some(0 | 1)), "search failed: {stderr}");
    let facets: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("facets printed no JSON ({err}); stderr: {stderr}"));
    facets["total"].as_u64().unwrap_or_else(|| panic!("no total in {facets}"))
}

#[test]
fn searches_during_a_write_succeed_and_never_see_fewer_releases() {
    let sandbox = Sandbox::new();
    let items = generate(&sandbox.path().join("big/big.xml"), 150);
    let index_dir = sandbox.path().join("idx");
    let mut writer = spawn_index(&sandbox, &["--commit-every", "100", "big"]);
    // Its summary lists 1,500 changes, more than a pipe holds: read it while it runs.
    let mut stdout = writer.stdout.take().expect("piped");
    let summary = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).map(|_| text)
    });
    let pid = writer.id();
    assert!(wait_until(&mut writer, || holds_writer_lock(pid, &index_dir)), "ended early");
    let mut seen = Vec::new();
    while writer.try_wait().expect("waitable").is_none() {
        let count = search_count(&sandbox);
        assert!(seen.last().is_none_or(|last| *last <= count), "{seen:?} then {count}");
        seen.push(count);
    }
    let output = writer.wait_with_output().expect("writer ends");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: Value =
        serde_json::from_str(&summary.join().expect("read").expect("UTF-8")).expect("one summary");
    assert_eq!(summary["changes"].as_array().map(Vec::len), Some(items as usize));
    // Every copy of the bundled snapshot has the same releases matching "customs".
    let last = search_count(&sandbox);
    assert!(seen.last().is_none_or(|count| *count <= last));
    assert_eq!(last % 150, 0, "{last} matches over 150 copies");
    assert!(last > 0 && last <= items);
    assert!(!seen.is_empty(), "the searches ran while the writer held its lock");
}

#[test]
fn a_rebuild_killed_midway_leaves_the_old_index_in_place() {
    let sandbox = Sandbox::new();
    place(&sandbox, &bundled_feed(), "first.xml", 0);
    assert_eq!(index(&sandbox, &["feeds"]).0, 0);
    generate(&sandbox.path().join("big/big.xml"), 100);
    let mut rebuild = spawn_index(&sandbox, &["--rebuild", "big"]);
    let pid = rebuild.id();
    let fresh = sandbox.path().join("idx.rebuild");
    assert!(wait_until(&mut rebuild, || holds_writer_lock(pid, &fresh)), "ended early");
    // Frozen mid-build (so it cannot finish first), then killed.
    assert!(
        StdCommand::new("kill").args(["-STOP", &pid.to_string()]).status().expect("kill").success()
    );
    // While it builds, the old index holds its lock too: no other writer gets in.
    let other = sandbox.run_idx(["index", "feeds"]);
    assert_eq!(other.code, Some(2));
    rebuild.kill().expect("SIGKILL");
    rebuild.wait().expect("reaped");

    assert_eq!(checked(&sandbox).len(), 10, "the old index, untouched");
    let (code, summary) = index(&sandbox, &["--rebuild", "feeds"]);
    // Against the old index, which is still in place: the same ten releases, none new.
    assert_eq!((code, counts(&summary)), (0, [1, 10, 0, 0, 10, 0]));
    assert_eq!(checked(&sandbox).len(), 10);
    assert!(!fresh.exists(), "the unfinished rebuild was cleared");
}

#[test]
fn problems_in_a_snapshot_are_reported_and_the_good_items_indexed() {
    let sandbox = Sandbox::new();
    place(&sandbox, &fixture("feeds/truncated.xml"), "truncated.xml", 0);
    place(&sandbox, &bundled_feed(), "first.xml", 1);
    let output = sandbox.run_idx(["index", "--json", "feeds"]);
    assert_eq!(output.code, Some(1), "exit 1: done, with problems");
    let summary: Value = serde_json::from_slice(&output.stdout).expect("summary");
    assert_eq!(counts(&summary), [2, 12, 12, 0, 0, 1]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("feeds/truncated.xml: item 3: truncated: the file ends inside <item>"),
        "{stderr}"
    );
    assert_eq!(checked(&sandbox).len(), 12);
}
