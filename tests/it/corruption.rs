//! A damaged index (issue 13, item 5): `check` finds any flipped byte and names the file; a
//! search over damaged data is one error line and exit 2, never a panic (`util::run` fails
//! the test on any panic).

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{Run, Sandbox, bundled_feed};

/// Every kind of segment file Tantivy writes.
const KINDS: [&str; 6] = ["idx", "pos", "fieldnorm", "fast", "store", "term"];

/// Pieces of Tantivy's own error text (type names, its decoder messages), which never reach
/// the user.
const RAW_TANTIVY: [&str; 8] = [
    "Tantivy",
    "DataCorruption",
    "OpenReadError",
    "IoError",
    "Err(",
    "DocAddress",
    "VInt",
    "end of buffer",
];

/// A sandbox holding `pristine`, an index of the bundled snapshot.
fn indexed() -> Sandbox {
    let sandbox = Sandbox::new();
    let run = sandbox.run([
        "index".as_ref(),
        bundled_feed().as_os_str(),
        "--index".as_ref(),
        "pristine".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr());
    sandbox
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// The largest file of `dir` with extension `kind`.
fn largest(dir: &Path, kind: &str) -> PathBuf {
    let mut files: Vec<(u64, PathBuf)> = fs::read_dir(dir)
        .expect("list")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == kind))
        .map(|path| (fs::metadata(&path).expect("meta").len(), path))
        .collect();
    files.sort();
    files.pop().unwrap_or_else(|| panic!("no .{kind} file in {}", dir.display())).1
}

/// Flips (XOR 0xFF) up to 64 bytes in the middle of the data of `path`, before Tantivy's footer
/// (its payload length is the u32 eight bytes from the end). Returns how many were flipped.
fn flip_64_bytes(path: &Path) -> usize {
    let mut bytes = fs::read(path).expect("read");
    let len = bytes.len();
    let footer = u32::from_le_bytes(bytes[len - 8..len - 4].try_into().expect("4 bytes")) as usize;
    let data = len - 8 - footer;
    assert!(data > 0, "{} holds no data", path.display());
    let start = data.saturating_sub(64) / 2;
    let end = (start + 64).min(data);
    for byte in &mut bytes[start..end] {
        *byte ^= 0xFF;
    }
    fs::write(path, bytes).expect("write");
    end - start
}

/// A failed read says, on one line, that the index at `dir` is damaged or unreadable and what
/// to run; no Tantivy text.
fn assert_one_translated_line(run: &Run, dir: &str) {
    let stderr = run.stderr();
    let errors: Vec<&str> = stderr.lines().filter(|line| !line.contains("note:")).collect();
    assert_eq!(errors.len(), 1, "{}: one line: {stderr}", run.what);
    let line = errors[0];
    assert!(line.contains(dir), "{}: names the index: {line}", run.what);
    assert!(line.contains("pressdex check") || line.contains("permission"), "{line}");
    for raw in RAW_TANTIVY {
        assert!(!line.contains(raw), "{}: raw Tantivy text {raw:?}: {line}", run.what);
    }
}

/// What a damaged index answers to every reading command.
fn reads(sandbox: &Sandbox, dir: &str) -> Vec<Run> {
    let guid = "427630 at https://www.cbp.gov";
    [
        vec!["search", "customs"],
        vec!["search", "\"mutual assistance agreement\""],
        vec!["search", "cabo verde", "--json"],
        vec!["search", "customs", "--sort", "date"],
        vec!["search", "cust*"],
        vec!["facets", "customs"],
        vec!["show", guid],
        vec!["stats"],
    ]
    .into_iter()
    .map(|mut args| {
        args.extend(["--index", dir]);
        sandbox.run(&args)
    })
    .collect()
}

// See: issue 13, item 5 (`check` passed 64 flipped bytes in a postings file; `search` then
// panicked in Tantivy's fieldnorm reader, exit 101).
#[test]
fn a_flipped_byte_in_any_segment_file_is_found_by_check_and_never_crashes_a_read() {
    let sandbox = indexed();
    let pristine = sandbox.path().join("pristine");
    for run in reads(&sandbox, "pristine") {
        assert!(matches!(run.code, Some(0 | 1)), "{}: {}", run.what, run.stderr());
    }
    let mut failed_reads = 0;
    for kind in KINDS {
        let name = format!("damaged-{kind}");
        let dir = sandbox.path().join(&name);
        copy_dir(&pristine, &dir);
        let file = largest(&dir, kind);
        let flipped = flip_64_bytes(&file);
        let file_name = file.file_name().expect("name").to_string_lossy().into_owned();

        let check = sandbox.run(["check", "--json", "--index", &name]);
        assert_eq!(check.code, Some(1), "{kind}: {}", check.stderr());
        let report = check.json();
        let problems: Vec<&str> = report["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        assert!(
            problems.iter().any(|problem| problem.starts_with(&file_name)),
            "{kind}: {flipped} flipped bytes in {file_name}, not named: {problems:?}"
        );
        for problem in &problems {
            for raw in RAW_TANTIVY {
                assert!(!problem.contains(raw), "{kind}: raw Tantivy text {raw:?}: {problem}");
            }
        }
        let text = sandbox.run(["check", "--index", &name]);
        assert_eq!(text.code, Some(1));
        assert!(text.stdout().contains(&format!("problem: {file_name}")), "{}", text.stdout());

        for run in reads(&sandbox, &name) {
            match run.code {
                Some(0 | 1) => {}
                Some(2) => {
                    failed_reads += 1;
                    assert_one_translated_line(&run, &name);
                }
                other => panic!("{kind}: {} exited {other:?}: {}", run.what, run.stderr()),
            }
        }
    }
    assert!(failed_reads > 0, "some read met the damage and said so");
}

/// A segment file gone: every read says the index is damaged, naming the file, exit 2; check
/// names it, exit 1.
#[test]
fn a_missing_segment_file_is_an_error_naming_it() {
    let sandbox = indexed();
    let dir = sandbox.path().join("pristine");
    let store = largest(&dir, "store");
    fs::remove_file(&store).expect("remove");
    let name = store.file_name().expect("name").to_string_lossy().into_owned();
    for run in reads(&sandbox, "pristine") {
        assert_eq!(run.code, Some(2), "{}: {}", run.what, run.stderr());
        assert_one_translated_line(&run, "pristine");
        assert!(
            run.stderr().contains(&name) && run.stderr().contains("damaged"),
            "{}",
            run.stderr()
        );
    }
    let check = sandbox.run(["check", "--json", "--index", "pristine"]);
    assert_eq!(check.code, Some(1), "{}", check.stderr());
    let problems = check.json()["problems"].to_string();
    assert!(problems.contains(&format!("{name}: the file is missing")), "{problems}");
}
