//! Read-only use (issue 13, item 4): the reading commands take no write lock and create no
//! file, so a read-only index, or another user's, can be searched; index files get the umask's
//! permissions, not 0600; errors name the index folder and say what to do.
//!
//! These tests run as root on the build machine, where permissions do not stop anything:
//! [`unprivileged`] runs pressdex without any capability (`setpriv`), so file permissions
//! apply to it as to any user.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use crate::util::{Run, Sandbox, bundled_feed, pressdex_bin, run};

/// Whether this test process runs as root (the owner of `/proc/self` is the effective user).
pub fn is_root() -> bool {
    fs::metadata("/proc/self").map(|meta| meta.uid() == 0).unwrap_or(false)
}

/// `pressdex ARGS` in `sandbox`, as a process for which file permissions count: without any
/// capability when the tests run as root (`setpriv` drops them all: no CAP_DAC_OVERRIDE), as
/// it is otherwise.
pub fn unprivileged<S: AsRef<OsStr>>(sandbox: &Sandbox, args: impl IntoIterator<Item = S>) -> Run {
    let mut cmd = if is_root() {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--bounding-set", "-all", "--inh-caps", "-all", "--"]).arg(pressdex_bin());
        cmd
    } else {
        Command::new(pressdex_bin())
    };
    cmd.current_dir(sandbox.path())
        .env_remove("PRESSDEX_INDEX")
        .env_remove("PRESSDEX_FEEDS")
        .env("NO_COLOR", "1")
        .args(args);
    let run = run(cmd);
    assert!(
        !run.stderr().contains("setpriv:"),
        "setpriv (util-linux) is needed to test permissions as root: {}",
        run.stderr()
    );
    run
}

/// Every file of `dir` with its size and modification time.
fn listing(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    fs::read_dir(dir)
        .expect("list")
        .map(|entry| {
            let entry = entry.expect("entry");
            let meta = entry.metadata().expect("meta");
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, (meta.len(), meta.mtime(), meta.mtime_nsec()))
        })
        .collect()
}

/// `chmod -R` of `dir`'s files and `dir` itself (files `file_mode`, the folder `dir_mode`).
fn chmod_all(dir: &Path, file_mode: u32, dir_mode: u32) {
    for entry in fs::read_dir(dir).expect("list") {
        let path = entry.expect("entry").path();
        fs::set_permissions(&path, fs::Permissions::from_mode(file_mode)).expect("chmod");
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(dir_mode)).expect("chmod");
}

fn chown_all(dir: &Path, uid: u32) {
    let status = Command::new("chown").arg("-R").arg(format!("{uid}:{uid}")).arg(dir).status();
    assert!(status.expect("chown").success());
}

// See: issue 13, item 4.
#[test]
fn index_files_get_the_umask_permissions_not_0600() {
    let sandbox = Sandbox::new();
    let run = sandbox.run_idx(["index".as_ref(), bundled_feed().as_os_str()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    // What this process's umask gives a new file and folder (pressdex inherits the umask).
    let probe = sandbox.write("probe", "x");
    let file_mode = fs::metadata(&probe).expect("probe").permissions().mode() & 0o777;
    fs::create_dir(sandbox.path().join("probe-dir")).expect("mkdir");
    let dir_mode = fs::metadata(sandbox.path().join("probe-dir")).expect("dir").mode() & 0o777;
    let idx = sandbox.path().join("idx");
    assert_eq!(fs::metadata(&idx).expect("idx").mode() & 0o777, dir_mode);
    let files = listing(&idx);
    for name in ["meta.json", ".managed.json", "pressdex-schema.json"] {
        assert!(files.contains_key(name), "{name} in {files:?}");
    }
    for name in files.keys() {
        let mode = fs::metadata(idx.join(name)).expect("meta").mode() & 0o777;
        assert_eq!(mode, file_mode, "{name}: {mode:o}, a new file gets {file_mode:o}");
    }
}

// See: issue 13, item 4 ("a read-only index cannot be searched").
#[test]
fn a_read_only_index_of_another_user_is_searched_listed_shown_and_checked() {
    let sandbox = Sandbox::new();
    let run = sandbox.run_idx(["index".as_ref(), bundled_feed().as_os_str()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    let idx = sandbox.path().join("idx");
    let before = listing(&idx);
    chmod_all(&idx, 0o444, 0o555);
    if is_root() {
        // Another user's index: pressdex (uid 0, no capabilities) reads it as "others".
        chown_all(&idx, 65534);
    }
    let guid = "427630 at https://www.cbp.gov";
    for args in [
        vec!["search", "customs"],
        vec!["search", "cabo verde", "--json"],
        vec!["search", "cust*", "--sort", "date"],
        vec!["facets", "customs"],
        vec!["show", guid],
        vec!["stats", "--json"],
        vec!["check"],
    ] {
        let mut args = args.clone();
        args.extend(["--index", "idx"]);
        let run = unprivileged(&sandbox, &args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr());
        assert!(!run.stdout().is_empty(), "{args:?}");
    }
    assert_eq!(listing(&idx), before, "a reader created or changed a file");

    let write = unprivileged(
        &sandbox,
        ["index".as_ref(), bundled_feed().as_os_str(), "--index".as_ref(), "idx".as_ref()],
    );
    assert_eq!(write.code, Some(2), "{}", write.stderr());
    let stderr = write.stderr();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("the index at idx cannot be written here"), "{stderr}");
    assert!(stderr.contains("--index DIR"), "what to do: {stderr}");
    assert!(
        !stderr.contains("Tantivy") && !stderr.contains("another pressdex process"),
        "{stderr}"
    );
    assert_eq!(listing(&idx), before, "a refused writer changed nothing");

    // Put things back so the sandbox can be removed without privileges.
    chown_all(&idx, fs::metadata(sandbox.path()).expect("sandbox").uid());
    chmod_all(&idx, 0o644, 0o755);
}

/// An index file the user may not read: one line naming the index, the file, and what to
/// check; no Tantivy text.
#[test]
fn an_unreadable_index_file_is_one_line_naming_the_index() {
    let sandbox = Sandbox::new();
    let run = sandbox.run_idx(["index".as_ref(), bundled_feed().as_os_str()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    let idx = sandbox.path().join("idx");
    for (file, mode) in [(idx.join("meta.json"), 0o000), (idx.join(".managed.json"), 0o000)] {
        fs::set_permissions(&file, fs::Permissions::from_mode(mode)).expect("chmod");
        for args in [["search", "customs", "--index", "idx"], ["stats", "--json", "--index", "idx"]]
        {
            let run = unprivileged(&sandbox, args);
            assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr());
            let stderr = run.stderr();
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(stderr.contains("the index at idx"), "{stderr}");
            assert!(stderr.contains("check that you may read"), "{stderr}");
            assert!(!stderr.contains("Tantivy") && !stderr.contains("IoError"), "{stderr}");
        }
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).expect("chmod");
    }
}
