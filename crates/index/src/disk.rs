//! The index's files on disk: Tantivy's `MmapDirectory`, with two changes.
//!
//! - **Files get the process umask.** Tantivy writes `meta.json` and `.managed.json` through
//!   `tempfile`, which creates them 0600: an index built by one user could not be read by
//!   another even with the folder's permissions open. [`DiskDirectory::atomic_write`] writes
//!   them itself (a temporary file created like any other, so 0644 under the usual umask 022,
//!   synced, then renamed over the old one).
//! - **Reading takes no write access.** Opened with [`Access::Read`], nothing is created,
//!   written or deleted: the lock Tantivy takes while it opens segments (so that a writer's
//!   garbage collection cannot delete them meanwhile) is taken *shared*, on the existing lock
//!   file opened read-only (`flock` needs no write permission), and skipped when there is no
//!   lock file (no writer has ever collected garbage there). A read-only folder, or one owned
//!   by another user, can be searched.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tantivy::Directory;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, META_LOCK, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// What an opened index may do to its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// Search, show, stats, check: read only, create nothing.
    Read,
    /// Index: create, write, delete, lock.
    Write,
}

/// The prefix of [`DiskDirectory::atomic_write`]'s temporary files (an interrupted write may
/// leave one; see `directory::LEFTOVERS`).
pub(crate) const TEMP_PREFIX: &str = ".pressdex-write-";

/// An index folder, as Tantivy sees it.
#[derive(Clone, Debug)]
pub(crate) struct DiskDirectory {
    inner: MmapDirectory,
    root: PathBuf,
    access: Access,
}

impl DiskDirectory {
    /// The folder `root`, which must exist.
    ///
    /// # Errors
    /// The folder does not exist or cannot be read.
    pub(crate) fn open(root: &Path, access: Access) -> tantivy::Result<DiskDirectory> {
        let inner = MmapDirectory::open(root)?;
        Ok(DiskDirectory { inner, root: root.to_path_buf(), access })
    }

    fn refuse(&self, path: &Path) -> io::Error {
        io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} was opened for reading only", self.root.join(path).display()),
        )
    }
}

impl Directory for DiskDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        if self.access == Access::Read {
            let io_error = Arc::new(self.refuse(path));
            return Err(DeleteError::IoError { io_error, filepath: path.to_path_buf() });
        }
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        if self.access == Access::Read {
            return Err(OpenWriteError::wrap_io_error(self.refuse(path), path.to_path_buf()));
        }
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        if self.access == Access::Read {
            return Err(self.refuse(path));
        }
        write_replacing(&self.root.join(path), data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        match self.access {
            Access::Read => Ok(()),
            Access::Write => self.inner.sync_directory(),
        }
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.access {
            Access::Write => self.inner.acquire_lock(lock),
            Access::Read if lock.filepath == META_LOCK.filepath => {
                shared_lock(&self.root.join(&lock.filepath))
            }
            // The writer lock: a reader never writes.
            Access::Read => Err(LockError::wrap_io_error(self.refuse(&lock.filepath))),
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// A shared lock on the existing lock file at `path`, opened read-only; no lock (and no file
/// created) when there is none: a writer creates it before its first garbage collection. A
/// lock file this user may not read (an index built under a umask of 077) cannot be locked
/// either: then the segments are opened without it, as where there is no lock file (their
/// own permissions decide whether they can be read).
fn shared_lock(path: &Path) -> Result<DirectoryLock, LockError> {
    match File::open(path) {
        Ok(file) => {
            fs4::fs_std::FileExt::lock_shared(&file).map_err(LockError::wrap_io_error)?;
            // Dropping the file releases the lock.
            Ok(DirectoryLock::from(Box::new(file)))
        }
        Err(err)
            if matches!(err.kind(), io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied) =>
        {
            Ok(DirectoryLock::from(Box::new(())))
        }
        Err(err) => Err(LockError::wrap_io_error(err)),
    }
}

/// Replaces `path` with `data` atomically: a temporary file beside it (created with the
/// process umask, like every other index file), synced, then renamed over it.
fn write_replacing(path: &Path, data: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let parent = path.parent().ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
    let name = format!(
        "{TEMP_PREFIX}{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let temp = parent.join(name);
    let written = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(data)?;
        file.sync_data()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        // Best effort: a leftover is recognised by its prefix and ignored.
        let _ = fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn atomic_writes_follow_the_umask_and_readers_write_nothing() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let writer = DiskDirectory::open(dir.path(), Access::Write).expect("opens");
        writer.atomic_write(Path::new("meta.json"), b"{}").expect("writes");
        let mode =
            fs::metadata(dir.path().join("meta.json")).expect("written").permissions().mode();
        // Whatever the umask, group and others get what a plain file gets: not 0600.
        let probe = dir.path().join("probe");
        fs::write(&probe, "x").expect("write");
        let plain = fs::metadata(&probe).expect("written").permissions().mode();
        assert_eq!(mode & 0o777, plain & 0o777);
        fs::remove_file(probe).expect("remove");

        let reader = DiskDirectory::open(dir.path(), Access::Read).expect("opens");
        assert!(reader.atomic_write(Path::new("meta.json"), b"[]").is_err());
        assert!(reader.open_write(Path::new("new.idx")).is_err());
        assert!(reader.delete(Path::new("meta.json")).is_err());
        assert!(reader.acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK).is_err());
        drop(reader.acquire_lock(&META_LOCK).expect("no lock file: no lock"));
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["meta.json"], "the reader created nothing");
        assert_eq!(fs::read(dir.path().join("meta.json")).expect("read"), b"{}");

        // With a lock file, the reader's lock is shared, and excludes the writer's.
        let meta_lock = writer.acquire_lock(&META_LOCK).expect("creates the lock file");
        drop(meta_lock);
        let shared = reader.acquire_lock(&META_LOCK).expect("shared");
        let again = reader.acquire_lock(&META_LOCK).expect("shared twice");
        let file = File::open(dir.path().join(&META_LOCK.filepath)).expect("lock file");
        let free = fs4::fs_std::FileExt::try_lock_exclusive(&file).expect("tries");
        assert!(!free, "a writer must wait for the readers");
        drop((shared, again));
        assert!(fs4::fs_std::FileExt::try_lock_exclusive(&file).expect("tries"));
    }
}
