//! Which snapshot files a command reads: files, folders (searched recursively) and globs,
//! expanded once, in path order (when each was fetched is `dating`'s business); and how one is
//! opened.
//!
//! A walk never hangs and never aborts on one bad entry: a folder reached again through a
//! symbolic link (a loop, or two links to one folder) is read once; FIFOs, sockets and
//! devices are skipped (they could block a read forever, or never end); an unreadable folder
//! or file is skipped. Each skip is one [`Skipped`] for the caller to warn about. Names are
//! `OsStr` paths: a name that is not UTF-8 is read like any other and shown lossily.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fmt;
use std::fs::{self, File};
use std::io;
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

impl fmt::Display for NoSnapshots {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "no feed snapshots in {}", self.0)
    }
}

impl std::error::Error for NoSnapshots {}

impl Snapshot {
    /// The name used in diagnostics and provenance: the path as the user gave it (lossily,
    /// when it is not UTF-8).
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// The snapshots to read, and what the walk skipped.
#[derive(Debug, Default)]
pub struct Collected {
    /// In path order.
    pub snapshots: Vec<Snapshot>,
    /// Entries left out, one warning each (counted as problems by the commands).
    pub skipped: Vec<Skipped>,
}

/// A path the walk did not read, and why.
#[derive(Debug)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// Why a path was not read.
#[derive(Debug)]
pub enum SkipReason {
    /// A FIFO, socket or device: not a file (reading it could block forever, or never end).
    NotAFile(&'static str),
    /// A folder that cannot be listed.
    UnreadableFolder(io::Error),
    /// A file (or a link) whose type or size cannot be read.
    Unreadable(io::Error),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::NotAFile(kind) => write!(formatter, "skipped: a {kind}, not a file"),
            SkipReason::UnreadableFolder(err) => {
                write!(formatter, "skipped: cannot read this folder: {err}")
            }
            SkipReason::Unreadable(err) => write!(formatter, "skipped: cannot read: {err}"),
        }
    }
}

const EXTENSIONS: [&str; 3] = ["xml", "rss", "atom"];

/// Whether `path` names a snapshot: `.xml`, `.rss`, `.atom`, or one of those with `.gz`.
/// A name that is not UTF-8 is judged by its lossy form (its extension is ASCII or nothing).
pub fn is_snapshot(path: &Path) -> bool {
    let name = path.file_name().map(OsStr::to_string_lossy).unwrap_or_default();
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    EXTENSIONS.iter().any(|ext| name.rsplit_once('.').is_some_and(|(_, found)| found == *ext))
}

/// Expands `args` (files, folders, globs) into snapshots, in path order, and what was
/// skipped. A named file is read whatever its extension; folders contribute only snapshot
/// files.
///
/// # Errors
/// A path that does not exist; [`NoSnapshots`] for a folder or glob without a snapshot (nor
/// anything skipped).
pub fn collect<P: AsRef<Path>>(args: &[P]) -> anyhow::Result<Collected> {
    let mut walk = Walk::default();
    for arg in args {
        let path = arg.as_ref();
        let before = (walk.files.len(), walk.skipped.len());
        // `symlink_metadata` too: a dangling link exists, and is reported as unreadable.
        if path.exists() || path.symlink_metadata().is_ok() {
            walk.push(path);
        } else {
            let pattern = path.to_str().filter(|text| text.contains(['*', '?', '[']));
            let Some(pattern) = pattern else {
                bail!("{}: no such file or folder", path.display());
            };
            let matches: Vec<PathBuf> = glob::glob(pattern)
                .with_context(|| format!("bad glob pattern {pattern:?}"))?
                .filter_map(Result::ok)
                .collect();
            for found in matches {
                walk.push(&found);
            }
        }
        if (walk.files.len(), walk.skipped.len()) == before {
            return Err(NoSnapshots(path.display().to_string()).into());
        }
    }
    let Walk { mut files, mut skipped, .. } = walk;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    // The same file reached by two paths (two links to one folder) is read once.
    let mut seen = HashSet::new();
    files.retain(|file| file.identity.is_none_or(|identity| seen.insert(identity)));
    let snapshots: Vec<Snapshot> = files.into_iter().map(|file| file.snapshot).collect();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Collected { snapshots, skipped })
}

/// Opens a snapshot to read, without ever blocking: a FIFO named as a snapshot (or swapped in
/// after the walk) would otherwise block `open` until a writer comes, holding the index's
/// writer lock meanwhile. Opened non-blocking, then refused unless it is a regular file.
///
/// # Errors
/// The file cannot be opened, or it is not a regular file.
pub fn open(path: &Path) -> io::Result<File> {
    let file = open_nonblocking(path)?;
    let file_type = file.metadata()?.file_type();
    if !file_type.is_file() {
        let kind = special_kind(&file_type).unwrap_or("folder");
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("a {kind}, not a file")));
    }
    Ok(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK changes nothing for a regular file; on a FIFO it makes `open` return at once.
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// What a file type is when it is neither a file nor a folder.
fn special_kind(file_type: &fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("FIFO");
        }
        if file_type.is_socket() {
            return Some("socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("device");
        }
    }
    (!file_type.is_file() && !file_type.is_dir()).then_some("special file")
}

/// A file found, with its device and inode (to read each file once).
struct Found {
    path: PathBuf,
    identity: Option<(u64, u64)>,
    snapshot: Snapshot,
}

#[derive(Default)]
struct Walk {
    files: Vec<Found>,
    skipped: Vec<Skipped>,
    /// Folders listed, by device and inode: a folder reached again is not listed again.
    folders: HashSet<(u64, u64)>,
}

impl Walk {
    /// A path the user named: a file is taken whatever its name, a folder is walked.
    fn push(&mut self, path: &Path) {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => self.walk(path),
            Ok(meta) => self.file(path, &meta),
            Err(err) => self.skip(path, SkipReason::Unreadable(err)),
        }
    }

    /// Every snapshot file under `root`, following links.
    fn walk(&mut self, root: &Path) {
        // Sorted, so that which of two paths to one folder is read (and named in provenance)
        // does not depend on the file system's order.
        let mut entries =
            walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter();
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                // A link back to a folder being walked: its files are listed already.
                Err(err) if err.loop_ancestor().is_some() => continue,
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let is_folder = err.depth() == 0 || path.is_dir();
                    let err = io::Error::from(err);
                    if is_folder {
                        self.skip(&path, SkipReason::UnreadableFolder(err));
                    } else if is_snapshot(&path) {
                        // A dangling link named like a snapshot: the user meant it to be read.
                        self.skip(&path, SkipReason::Unreadable(err));
                    }
                    continue;
                }
            };
            let file_type = entry.file_type();
            if file_type.is_dir() {
                // Two links to one folder: without this, a chain of n folders each linking
                // twice to the next is walked 2^n times.
                if let Some(identity) = identity_of(entry.path())
                    && !self.folders.insert(identity)
                {
                    entries.skip_current_dir();
                }
                continue;
            }
            if !is_snapshot(entry.path()) {
                continue;
            }
            match entry.metadata() {
                Ok(meta) => self.file(entry.path(), &meta),
                Err(err) => self.skip(entry.path(), SkipReason::Unreadable(io::Error::from(err))),
            }
        }
    }

    /// A file to read, or a FIFO, socket or device to skip.
    fn file(&mut self, path: &Path, meta: &fs::Metadata) {
        if let Some(kind) = special_kind(&meta.file_type()) {
            self.skip(path, SkipReason::NotAFile(kind));
            return;
        }
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let snapshot = Snapshot { path: path.to_path_buf(), modified, len: meta.len() };
        self.files.push(Found { path: path.to_path_buf(), identity: identity(meta), snapshot });
    }

    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.skipped.push(Skipped { path: path.to_path_buf(), reason });
    }
}

#[cfg(unix)]
fn identity(meta: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_meta: &fs::Metadata) -> Option<(u64, u64)> {
    None
}

fn identity_of(path: &Path) -> Option<(u64, u64)> {
    fs::metadata(path).ok().as_ref().and_then(identity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(root: &Path, collected: &Collected) -> Vec<PathBuf> {
        let mut names: Vec<PathBuf> = collected
            .snapshots
            .iter()
            .map(|s| s.path.strip_prefix(root).expect("inside").to_path_buf())
            .collect();
        names.sort();
        names
    }

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
        let found = collect(&[dir.path()]).expect("collects");
        assert_eq!(
            names(dir.path(), &found),
            [PathBuf::from("a.xml"), PathBuf::from("sub/b.rss.gz")]
        );
        assert!(found.skipped.is_empty());

        let missing = dir.path().join("nope.xml");
        let err = collect(&[missing]).expect_err("missing");
        assert!(err.to_string().contains("no such file"), "{err}");
        let pattern = dir.path().join("*.atom");
        let err = collect(&[pattern]).expect_err("no match");
        assert!(err.downcast_ref::<NoSnapshots>().is_some(), "{err}");
        fs::create_dir(dir.path().join("empty")).expect("mkdir");
        let err = collect(&[dir.path().join("empty")]).expect_err("empty");
        assert_eq!(
            err.to_string(),
            format!("no feed snapshots in {}", dir.path().join("empty").display())
        );
        let pattern = dir.path().join("*.xml");
        let found = collect(&[pattern]).expect("a glob");
        assert_eq!(names(dir.path(), &found), [PathBuf::from("a.xml")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("feeds/sub")).expect("mkdir");
        fs::write(dir.path().join("feeds/sub/a.xml"), "x").expect("write");
        std::os::unix::fs::symlink("..", dir.path().join("feeds/sub/up")).expect("symlink");
        let found = collect(&[dir.path().join("feeds")]).expect("collects");
        let paths: Vec<&Path> = found.snapshots.iter().map(|s| s.path.as_path()).collect();
        assert_eq!(paths, [dir.path().join("feeds/sub/a.xml")]);
        assert!(found.skipped.is_empty(), "{:?}", found.skipped);
    }

    /// Two loops through each other, and a ladder of folders each linking twice to the next
    /// (2^30 paths): every file once, at once.
    // See: issue 13, item 3.
    #[cfg(unix)]
    #[test]
    fn crossed_loops_and_a_ladder_of_links_read_each_file_once() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let feeds = dir.path().join("feeds");
        fs::create_dir_all(feeds.join("a")).expect("mkdir");
        fs::create_dir_all(feeds.join("b")).expect("mkdir");
        fs::write(feeds.join("a/one.xml"), "x").expect("write");
        fs::write(feeds.join("b/two.xml"), "x").expect("write");
        symlink("../b", feeds.join("a/to-b")).expect("symlink");
        symlink("../a", feeds.join("b/to-a")).expect("symlink");
        for step in 0..30 {
            let folder = feeds.join(format!("ladder/{step}"));
            fs::create_dir_all(&folder).expect("mkdir");
            fs::write(folder.join("f.xml"), "x").expect("write");
            if step > 0 {
                let previous = feeds.join(format!("ladder/{}", step - 1));
                symlink(format!("../{step}"), previous.join("left")).expect("symlink");
                symlink(format!("../{step}"), previous.join("right")).expect("symlink");
            }
        }
        let found = collect(&[&feeds]).expect("collects");
        assert_eq!(found.snapshots.len(), 32, "{:?}", names(&feeds, &found));
        assert!(found.skipped.is_empty(), "{:?}", found.skipped);
    }

    #[cfg(unix)]
    #[test]
    fn fifos_dangling_links_and_non_utf8_names() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("pipe.xml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
        assert!(made.success());
        std::os::unix::fs::symlink("gone.xml", dir.path().join("dangling.xml")).expect("symlink");
        let latin1 = OsStr::from_bytes(b"caf\xe9.xml");
        fs::write(dir.path().join(latin1), "x").expect("write");
        let found = collect(&[dir.path()]).expect("collects");
        assert_eq!(names(dir.path(), &found), [PathBuf::from(latin1)]);
        let skipped: Vec<String> = found
            .skipped
            .iter()
            .map(|skip| {
                format!("{} {}", skip.path.file_name().expect("name").display(), skip.reason)
            })
            .collect();
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(skipped[0].starts_with("dangling.xml skipped: cannot read"), "{skipped:?}");
        assert_eq!(skipped[1], "pipe.xml skipped: a FIFO, not a file");

        // Named directly, too; and opening one never blocks.
        let found = collect(&[&fifo]).expect("collects");
        assert!(found.snapshots.is_empty());
        assert_eq!(found.skipped.len(), 1);
        let err = open(&fifo).expect_err("not a file");
        assert_eq!(err.to_string(), "a FIFO, not a file");
        let err = open(Path::new("/dev/zero")).expect_err("a device");
        assert_eq!(err.to_string(), "a device, not a file");
    }
}
