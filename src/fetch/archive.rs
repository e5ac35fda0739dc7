//! One feed's folder in the archive, `ARCHIVE/<feed>/`: held under a lock while it is fetched,
//! its conditional GET state read back from the manifest, and snapshots written atomically
//! (temporary file, fsync, rename, fsync of the folder, then the manifest line). The format is
//! docs/archive.md.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use fs4::fs_std::FileExt;

use super::http::Validators;
use super::manifest::{self, ManifestRecord, Outcome};

/// Temporary snapshot files start so; any left in a feed's folder were left by a kill.
const TEMP_PREFIX: &str = ".pressdex-tmp-";

/// The lock file in each feed's folder: one fetch of a feed at a time.
const LOCK_FILE: &str = ".pressdex-fetch.lock";

/// A feed's folder, locked for this process until dropped.
pub struct FeedArchive {
    dir: PathBuf,
    _lock: File,
}

/// What the manifest says about a feed before it is fetched again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedState {
    /// The validators to send; empty when the last stored snapshot is gone.
    pub validators: Validators,
    /// SHA-256 of the last stored snapshot still on disk.
    pub last_sha256: Option<String>,
}

/// Why a feed's folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Another pressdex process is fetching this feed into this archive.
    #[error("{} is being fetched by another pressdex process", .0.display())]
    Busy(PathBuf),
    /// Reading or writing the folder failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What failed.
        source: io::Error,
    },
}

fn at(path: &Path) -> impl FnOnce(io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::Io { path: path.to_path_buf(), source }
}

impl FeedArchive {
    /// Creates (if needed) and locks `archive/<feed>`, and deletes the temporary files a killed
    /// fetch left there.
    ///
    /// # Errors
    /// Another process holds the feed, or the folder cannot be created, locked or cleaned.
    pub fn open(archive: &Path, feed: &str) -> Result<FeedArchive, ArchiveError> {
        let dir = archive.join(feed);
        fs::create_dir_all(&dir).map_err(at(&dir))?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(at(&lock_path))?;
        if !lock.try_lock_exclusive().map_err(at(&lock_path))? {
            return Err(ArchiveError::Busy(dir));
        }
        for entry in fs::read_dir(&dir).map_err(at(&dir))? {
            let entry = entry.map_err(at(&dir))?;
            if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
                fs::remove_file(entry.path()).map_err(at(&entry.path()))?;
            }
        }
        Ok(FeedArchive { dir, _lock: lock })
    }

    /// The feed's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The conditional GET state and last stored hash, from the manifest. Both are forgotten
    /// when the last stored snapshot is no longer on disk, so that deleting it makes the next
    /// fetch download and store the feed again.
    ///
    /// # Errors
    /// The manifest cannot be read.
    pub fn state(&self) -> Result<FeedState, ArchiveError> {
        let records =
            manifest::read(&self.dir).map_err(at(&self.dir.join(manifest::MANIFEST_FILE)))?;
        let Some(stored) = records.iter().rev().find(|record| record.outcome == Outcome::New)
        else {
            return Ok(FeedState::default());
        };
        let on_disk = stored.snapshot.as_deref().is_some_and(|name| self.dir.join(name).is_file());
        if !on_disk {
            return Ok(FeedState::default());
        }
        let current = records.iter().rev().find(|record| record.outcome != Outcome::Error);
        let validators = current
            .map(|record| Validators {
                etag: record.etag.clone(),
                last_modified: record.last_modified.clone(),
            })
            .unwrap_or_default();
        Ok(FeedState { validators, last_sha256: stored.sha256.clone() })
    }

    /// Writes `body` as a new snapshot named after the current UTC second (waiting for the
    /// next second when a snapshot of this feed already has that name), durably: a temporary
    /// file is written and synced, renamed, and the folder synced. Returns the file's name and
    /// the time it names. The manifest line is the caller's next step ([`FeedArchive::record`]).
    ///
    /// # Errors
    /// Writing, syncing or renaming failed; no partial file is left under a snapshot name.
    pub fn store(&self, body: &[u8]) -> Result<(String, DateTime<Utc>), ArchiveError> {
        let extension = if body.starts_with(&[0x1f, 0x8b]) { "xml.gz" } else { "xml" };
        let (name, fetched_at) = loop {
            let now = Utc::now().trunc_subsecs(0);
            let name = format!("{}.{extension}", now.format("%Y-%m-%dT%H-%M-%SZ"));
            if !self.dir.join(&name).exists() {
                break (name, now);
            }
            let into_second = Utc::now() - now;
            let rest =
                Duration::from_secs(1).saturating_sub(into_second.to_std().unwrap_or_default());
            std::thread::sleep(rest + Duration::from_millis(5));
        };
        let temp = self.dir.join(temp_name(&name));
        let written = write_synced(&temp, body).map_err(at(&temp));
        if let Err(err) = written {
            let _ = fs::remove_file(&temp);
            return Err(err);
        }
        let path = self.dir.join(&name);
        if let Err(err) = fs::rename(&temp, &path) {
            let _ = fs::remove_file(&temp);
            return Err(at(&path)(err));
        }
        manifest::sync_dir(&self.dir).map_err(at(&self.dir))?;
        Ok((name, fetched_at))
    }

    /// Appends `record` to the feed's manifest, synced.
    ///
    /// # Errors
    /// The manifest cannot be written.
    pub fn record(&self, record: &ManifestRecord) -> Result<(), ArchiveError> {
        manifest::append(&self.dir, record).map_err(at(&self.dir.join(manifest::MANIFEST_FILE)))
    }
}

/// The temporary name a snapshot is written under: hidden, and ending in `.part` so that
/// `pressdex index ARCHIVE` (which reads `.xml` files) never reads a half-written one.
fn temp_name(name: &str) -> String {
    format!("{TEMP_PREFIX}{}-{name}.part", std::process::id())
}

fn write_synced(path: &Path, body: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(body)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use pressdex::wire::Time;

    use super::*;

    fn record(outcome: Outcome, snapshot: Option<&str>, etag: &str) -> ManifestRecord {
        ManifestRecord {
            url: "http://127.0.0.1/feed".into(),
            feed: "f".into(),
            fetched_at: Time(Utc::now().trunc_subsecs(0)),
            http_status: Some(200),
            etag: Some(etag.into()),
            last_modified: None,
            sha256: snapshot.map(|_| "ab".repeat(32)),
            bytes: None,
            items: None,
            outcome,
            snapshot: snapshot.map(str::to_string),
            error: None,
        }
    }

    #[test]
    fn stray_temp_files_are_cleaned_and_a_second_fetch_of_a_feed_waits_its_turn() {
        let archive = tempfile::tempdir().unwrap();
        fs::create_dir_all(archive.path().join("f")).unwrap();
        let stray = archive.path().join("f").join(format!("{TEMP_PREFIX}99-x.xml"));
        fs::write(&stray, "half a feed").unwrap();
        let feed = FeedArchive::open(archive.path(), "f").unwrap();
        assert!(!stray.exists(), "a killed fetch's temporary file is deleted");
        let busy = FeedArchive::open(archive.path(), "f").err().expect("locked");
        assert!(matches!(busy, ArchiveError::Busy(_)), "{busy}");
        drop(feed);
        FeedArchive::open(archive.path(), "f").expect("free again");
    }

    #[test]
    fn a_temporary_file_is_never_taken_for_a_snapshot() {
        let temp = temp_name("2026-11-30T04-28-11Z.xml");
        assert!(temp.starts_with(TEMP_PREFIX), "{temp}");
        assert!(!crate::snapshots::is_snapshot(Path::new(&temp)), "{temp}");
        assert!(crate::snapshots::is_snapshot(Path::new("2026-11-30T04-28-11Z.xml")));
    }

    #[test]
    fn snapshots_get_distinct_names_in_fetch_order() {
        let archive = tempfile::tempdir().unwrap();
        let feed = FeedArchive::open(archive.path(), "f").unwrap();
        let (first, first_at) = feed.store(b"<rss/>").unwrap();
        let (second, second_at) = feed.store(b"<rss></rss>").unwrap();
        assert!(first < second && first_at < second_at, "{first} {second}");
        assert_eq!(fs::read(feed.dir().join(&second)).unwrap(), b"<rss></rss>");
        let (gzip, _) = feed.store(&[0x1f, 0x8b, 8, 0]).unwrap();
        assert!(gzip.ends_with("Z.xml.gz"), "{gzip}");
        let names: Vec<_> =
            fs::read_dir(feed.dir()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(
            names.len(),
            4,
            "three snapshots and the lock file, no temporary file: {names:?}"
        );
    }

    #[test]
    fn state_comes_from_the_manifest_while_the_last_snapshot_exists() {
        let archive = tempfile::tempdir().unwrap();
        let feed = FeedArchive::open(archive.path(), "f").unwrap();
        assert_eq!(feed.state().unwrap(), FeedState::default());
        let (name, _) = feed.store(b"<rss/>").unwrap();
        feed.record(&record(Outcome::New, Some(&name), "\"one\"")).unwrap();
        feed.record(&record(Outcome::NotModified, None, "\"two\"")).unwrap();
        feed.record(&record(Outcome::Error, None, "\"ignored\"")).unwrap();
        let state = feed.state().unwrap();
        assert_eq!(state.validators.etag.as_deref(), Some("\"two\""));
        assert_eq!(state.last_sha256, Some("ab".repeat(32)));
        fs::remove_file(feed.dir().join(&name)).unwrap();
        assert_eq!(feed.state().unwrap(), FeedState::default(), "deleted: fetch it all again");
    }
}
