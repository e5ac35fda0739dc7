//! Walking snapshot folders (issue 13, item 3): link loops read once, FIFOs never block, an
//! unreadable folder costs a warning, names need not be UTF-8; in `parse` and `index` alike.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::readonly::unprivileged;
use crate::util::{Run, Sandbox, bundled_feed, run};

/// Items in the bundled snapshot.
const BUNDLED_ITEMS: u64 = 10;

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// `pressdex ARGS` in `sandbox`, killed (and the test failed) if it has not finished after a
/// minute: a blocked open would otherwise hang the test suite instead of failing it. Not a
/// timing assertion: a run takes well under a second.
fn run_or_fail_if_hung<S: AsRef<OsStr>>(sandbox: &Sandbox, args: &[S]) -> Run {
    let mut probe = sandbox.command();
    probe.args(args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    let mut child = probe.spawn().expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            child.kill().expect("kill");
            panic!("pressdex hung (a FIFO blocked it)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // It finishes: run it again, measured and checked for panics.
    let mut cmd = sandbox.command();
    cmd.args(args);
    run(cmd)
}

fn items_indexed(run: &Run) -> u64 {
    run.json()["items"].as_u64().expect("items")
}

// See: issue 13, item 3 ("a FIFO in a feeds folder blocks `index` forever while it holds the
// writer lock").
#[test]
fn a_fifo_is_skipped_with_a_warning_and_never_blocks() {
    let sandbox = Sandbox::new();
    let feeds = sandbox.path().join("feeds");
    fs::create_dir_all(&feeds).expect("mkdir");
    fs::copy(bundled_feed(), feeds.join("cbp.xml")).expect("copy");
    mkfifo(&feeds.join("stuck.xml"));
    let fifo = feeds.join("stuck.xml");

    let index = run_or_fail_if_hung(&sandbox, &["index", "feeds", "--index", "idx", "--json"]);
    assert_eq!(index.code, Some(1), "a skipped file is a problem: {}", index.stderr());
    assert_eq!(items_indexed(&index), BUNDLED_ITEMS);
    assert_eq!(index.json()["problems"], 1);
    let stderr = index.stderr();
    assert!(stderr.contains("warning: feeds/stuck.xml: skipped: a FIFO, not a file"), "{stderr}");

    // Named directly, and to `parse`: the same.
    let named = run_or_fail_if_hung(
        &sandbox,
        &[OsStr::new("index"), fifo.as_os_str(), OsStr::new("--index"), OsStr::new("idx")],
    );
    assert_eq!(named.code, Some(1), "{}", named.stderr());
    assert!(named.stderr().contains("skipped: a FIFO, not a file"), "{}", named.stderr());
    let parse = run_or_fail_if_hung(&sandbox, &["parse", "feeds", "--json"]);
    assert_eq!(parse.code, Some(1), "{}", parse.stderr());
    assert_eq!(parse.json_lines().len() as u64, BUNDLED_ITEMS);
    assert!(parse.stderr().contains("skipped: a FIFO, not a file"), "{}", parse.stderr());

    // The writer lock was let go: the next run writes.
    let again = sandbox.run(["index", "feeds/cbp.xml", "--index", "idx", "--json"]);
    assert_eq!(again.code, Some(0), "{}", again.stderr());
    assert_eq!(again.json()["unchanged"], BUNDLED_ITEMS);
}

// See: issue 13, item 3 ("one loop: the same file read 41 times; two loops: never ends").
#[test]
fn symlink_loops_read_each_snapshot_once() {
    let sandbox = Sandbox::new();
    let feeds = sandbox.path().join("feeds");
    fs::create_dir_all(feeds.join("a")).expect("mkdir");
    fs::create_dir_all(feeds.join("b")).expect("mkdir");
    // Named with its fetch day: dated by its name, so stderr has nothing to say about mtimes.
    fs::copy(bundled_feed(), feeds.join("a/cbp-2023-09-28.xml")).expect("copy");
    symlink("..", feeds.join("a/up")).expect("symlink");
    symlink("../a", feeds.join("b/to-a")).expect("symlink");
    symlink("../b", feeds.join("a/to-b")).expect("symlink");
    symlink(".", feeds.join("self")).expect("symlink");
    for command in ["index", "parse"] {
        let mut args = vec![command, "feeds", "--json"];
        if command == "index" {
            args.extend(["--index", "idx"]);
        }
        let run = run_or_fail_if_hung(&sandbox, &args);
        assert_eq!(run.code, Some(0), "{command}: {}", run.stderr());
        let items =
            if command == "index" { items_indexed(&run) } else { run.json_lines().len() as u64 };
        assert_eq!(items, BUNDLED_ITEMS, "{command} read the snapshot once");
        assert_eq!(run.stderr(), "", "{command}: loops are no problem");
    }
}

// See: issue 13, item 3 ("one unreadable subfolder aborts the whole run").
#[test]
fn an_unreadable_subfolder_is_one_warning_and_the_rest_is_indexed() {
    let sandbox = Sandbox::new();
    let feeds = sandbox.path().join("feeds");
    let locked = feeds.join("locked");
    fs::create_dir_all(&locked).expect("mkdir");
    fs::copy(bundled_feed(), feeds.join("cbp-2023-09-28.xml")).expect("copy");
    fs::write(locked.join("hidden.xml"), "<rss/>").expect("write");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    let index = unprivileged(&sandbox, ["index", "feeds", "--index", "idx", "--json"]);
    let parse = unprivileged(&sandbox, ["parse", "feeds", "--json"]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod back");

    assert_eq!(index.code, Some(1), "{}", index.stderr());
    assert_eq!(items_indexed(&index), BUNDLED_ITEMS);
    let stderr = index.stderr();
    assert_eq!(stderr.lines().count(), 1, "one warning: {stderr}");
    assert!(stderr.contains("warning: feeds/locked: skipped: cannot read this folder"), "{stderr}");
    assert_eq!(parse.code, Some(1), "{}", parse.stderr());
    assert_eq!(parse.json_lines().len() as u64, BUNDLED_ITEMS);
}

// See: issue 13, item 3 ("a file whose name is not UTF-8 is skipped silently").
#[test]
fn file_names_that_are_not_utf8_are_read_and_shown_lossily() {
    let sandbox = Sandbox::new();
    let feeds = sandbox.path().join("feeds");
    fs::create_dir_all(&feeds).expect("mkdir");
    let name = OsStr::from_bytes(b"caf\xe9-2024.xml");
    fs::copy(bundled_feed(), feeds.join(name)).expect("copy");

    let index = sandbox.run(["index", "feeds", "--index", "idx", "--json"]);
    assert_eq!(index.code, Some(0), "{}", index.stderr());
    assert_eq!(items_indexed(&index), BUNDLED_ITEMS);
    let parse = sandbox.run(["parse", "feeds", "--json"]);
    assert_eq!(parse.json_lines().len() as u64, BUNDLED_ITEMS, "{}", parse.stderr());
    let named = sandbox.run([OsStr::new("parse"), feeds.join(name).as_os_str()]);
    assert_eq!(named.code, Some(0), "named directly: {}", named.stderr());

    let show = sandbox.run(["show", "427630 at https://www.cbp.gov", "--json", "--index", "idx"]);
    let snapshot = show.json()["provenance"]["snapshot"].as_str().expect("snapshot").to_owned();
    // Provenance records the absolute path, shown lossily too.
    assert!(Path::new(&snapshot).is_absolute(), "{snapshot}");
    assert!(snapshot.ends_with("/feeds/caf\u{fffd}-2024.xml"), "{snapshot}");
}
