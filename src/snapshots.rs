//! Which snapshot files a command reads: files, folders (searched recursively) and globs,
//! expanded once, in path order. When each was fetched is `dating`'s business.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, bail};

/// One snapshot file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub path: PathBuf,
    /// Its modification time (the last resort of `dating`).
    pub modified: SystemTime,
    /// The file's size in bytes (for progress).
    pub len: u64,
}

/// A folder or glob that holds no feed snapshot: a mistyped path in a cron line must not
/// report success (exit 1).
#[derive(Debug)]
pub struct NoSnapshots(pub String);

impl std::fmt::Display for NoSnapshots {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "no feed snapshots in {}", self.0)
    }
}

impl std::error::Error for NoSnapshots {}

impl Snapshot {
    /// The name used in diagnostics and provenance: the path as the user gave it.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

const EXTENSIONS: [&str; 3] = ["xml", "rss", "atom"];

/// Whether `path` names a snapshot: `.xml`, `.rss`, `.atom`, or one of those with `.gz`.
pub fn is_snapshot(path: &Path) -> bool {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    EXTENSIONS.iter().any(|ext| name.rsplit_once('.').is_some_and(|(_, found)| found == *ext))
}

/// Expands `args` (files, folders, globs) into snapshots, in path order. A named file is read
/// whatever its extension; folders contribute only snapshot files.
///
/// # Errors
/// A path that does not exist; [`NoSnapshots`] for a folder or glob without a snapshot.
pub fn collect<S: AsRef<str>>(args: &[S]) -> anyhow::Result<Vec<Snapshot>> {
    let mut paths = Vec::new();
    for arg in args {
        let arg = arg.as_ref();
        let path = Path::new(arg);
        let before = paths.len();
        if path.exists() {
            push_path(path, &mut paths)?;
        } else if arg.contains(['*', '?', '[']) {
            let matches: Vec<PathBuf> = glob::glob(arg)
                .with_context(|| format!("bad glob pattern {arg:?}"))?
                .filter_map(Result::ok)
                .collect();
            for found in matches {
                push_path(&found, &mut paths)?;
            }
        } else {
            bail!("{arg}: no such file or folder");
        }
        if paths.len() == before {
            return Err(NoSnapshots(arg.to_string()).into());
        }
    }
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .map(|path| {
            let meta =
                fs::metadata(&path).with_context(|| format!("reading {}", path.display()))?;
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            Ok(Snapshot { path, modified, len: meta.len() })
        })
        .collect()
}

fn push_path(path: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    // Symbolic links are followed (a snapshots folder may link to another disk); walkdir stops
    // at a link back to a folder it is already in, whose files it has listed or will list.
    for entry in walkdir::WalkDir::new(path).follow_links(true) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) if err.loop_ancestor().is_some() => continue,
            Err(err) => {
                let at = err.path().unwrap_or(path).to_path_buf();
                return Err(err).with_context(|| format!("reading folder {}", at.display()));
            }
        };
        if entry.file_type().is_file() && is_snapshot(entry.path()) {
            out.push(entry.into_path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_snapshot_names() {
        for name in ["a.xml", "a.RSS", "feed.atom", "a.xml.gz", "dir/b.rss.gz"] {
            assert!(is_snapshot(Path::new(name)), "{name}");
        }
        for name in ["a.txt", "xml", "a.gz", "a.json.gz", "README.md"] {
            assert!(!is_snapshot(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn folders_are_searched_recursively_and_missing_paths_are_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("sub")).expect("mkdir");
        for name in ["a.xml", "sub/b.rss.gz", "notes.txt"] {
            fs::write(dir.path().join(name), "x").expect("write");
        }
        let found = collect(&[dir.path().to_string_lossy()]).expect("collects");
        let mut names: Vec<_> = found
            .iter()
            .map(|s| s.path.strip_prefix(dir.path()).expect("inside").to_path_buf())
            .collect();
        names.sort();
        assert_eq!(names, [PathBuf::from("a.xml"), PathBuf::from("sub/b.rss.gz")]);

        let missing = dir.path().join("nope.xml");
        let err = collect(&[missing.to_string_lossy()]).expect_err("missing");
        assert!(err.to_string().contains("no such file"), "{err}");
        let pattern = dir.path().join("*.atom");
        let err = collect(&[pattern.to_string_lossy()]).expect_err("no match");
        assert!(err.downcast_ref::<NoSnapshots>().is_some(), "{err}");
        fs::create_dir(dir.path().join("empty")).expect("mkdir");
        let err = collect(&[dir.path().join("empty").to_string_lossy()]).expect_err("empty");
        assert_eq!(
            err.to_string(),
            format!("no feed snapshots in {}", dir.path().join("empty").display())
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("feeds/sub")).expect("mkdir");
        fs::write(dir.path().join("feeds/sub/a.xml"), "x").expect("write");
        std::os::unix::fs::symlink("..", dir.path().join("feeds/sub/up")).expect("symlink");
        let found = collect(&[dir.path().join("feeds").to_string_lossy()]).expect("collects");
        let paths: Vec<&Path> = found.iter().map(|s| s.path.as_path()).collect();
        assert_eq!(paths, [dir.path().join("feeds/sub/a.xml")]);
    }
}
