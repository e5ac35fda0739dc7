//! The index directory's lifecycle: create (version file first), open (version checked),
//! the writer lock, and the rebuild beside the old index that is swapped in only when complete.
//!
//! A directory holds an index when it has Tantivy's `meta.json`; [`VERSION_FILE`] records the
//! [`SCHEMA_VERSION`] it was built with, and an index of another version is refused
//! ([`UserError::SchemaMismatch`]) rather than read wrong. Nothing here ever writes into, or
//! swaps over, a folder of other files ([`UserError::NotAnIndex`]). Files named `pressdex-*.json`
//! beside the index (a front end's, such as saved searches) belong with it: a rebuild copies
//! them into the fresh index before swapping it in.

use std::fs;
use std::path::{Path, PathBuf};

use tantivy::directory::{DirectoryLock, INDEX_WRITER_LOCK, MmapDirectory};
use tantivy::{Directory, Index, IndexReader, IndexSettings, ReloadPolicy, TantivyError};

use crate::disk::{Access, DiskDirectory, TEMP_PREFIX};
use crate::error::{Error, Result, SchemaFound, UserError, guarded};
use crate::schema::{
    EN_GRAMS, EN_STEM, Fields, SCHEMA_VERSION, build_schema, en_grams_analyzer, en_stem_analyzer,
};

/// The file, in the index directory, that records [`SCHEMA_VERSION`].
pub(crate) const VERSION_FILE: &str = "pressdex-schema.json";

/// Files an interrupted creation may leave in an index directory without `meta.json` (and
/// the temporary files of `disk`, named with [`TEMP_PREFIX`]).
const LEFTOVERS: [&str; 3] = [VERSION_FILE, ".tantivy-writer.lock", ".tantivy-meta.lock"];

/// An index directory with the release schema, opened and checked.
#[derive(Clone)]
pub struct ReleaseIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
}

impl std::fmt::Debug for ReleaseIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReleaseIndex").field("dir", &self.dir).finish_non_exhaustive()
    }
}

impl ReleaseIndex {
    /// Opens the index at `dir` for reading and writing, after checking its schema version,
    /// and registers the `en_stem` analyzer.
    ///
    /// # Errors
    /// [`UserError::Missing`] when `dir` holds no index, [`UserError::SchemaMismatch`] when it
    /// holds one of another version, an [`InternalError`](crate::InternalError) when it cannot be read.
    pub fn open(dir: &Path) -> Result<ReleaseIndex> {
        ReleaseIndex::open_with(dir, Access::Write)
    }

    /// Opens the index at `dir` for reading only: no lock is written and no file created, so a
    /// read-only folder, or one owned by another user, can be searched, listed and checked.
    /// Writing to it fails with [`UserError::ReadOnly`].
    ///
    /// # Errors
    /// As [`ReleaseIndex::open`].
    pub fn open_read_only(dir: &Path) -> Result<ReleaseIndex> {
        ReleaseIndex::open_with(dir, Access::Read)
    }

    fn open_with(dir: &Path, access: Access) -> Result<ReleaseIndex> {
        match fs::metadata(dir.join("meta.json")) {
            Ok(meta) if meta.is_file() => {}
            Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(Error::tantivy(dir, TantivyError::from(err)));
            }
            _ => return Err(UserError::Missing(dir.to_path_buf()).into()),
        }
        check_version(dir)?;
        guarded(dir, || {
            let directory = DiskDirectory::open(dir, access)?;
            ReleaseIndex::wrap(dir, Index::open(directory)?)
        })
    }

    /// Creates an empty index at `dir` (made if missing) and writes its version file.
    ///
    /// # Errors
    /// [`UserError::NotAnIndex`] when `dir` holds other files; an [`InternalError`](crate::InternalError) when the
    /// directory cannot be written (creating over an existing index is a Tantivy error).
    pub fn create(dir: &Path) -> Result<ReleaseIndex> {
        fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
        ensure_no_foreign_files(dir)?;
        // The version file first: a crash between the two leaves no index (no meta.json), not
        // an index without a version.
        let version = format!("{{\"schema_version\": {SCHEMA_VERSION}}}\n");
        let path = dir.join(VERSION_FILE);
        fs::write(&path, version).map_err(|err| Error::io(&path, err))?;
        let directory =
            DiskDirectory::open(dir, Access::Write).map_err(|err| Error::tantivy(dir, err))?;
        let index = Index::create(directory, build_schema(), IndexSettings::default())
            .map_err(|err| Error::tantivy(dir, err))?;
        ReleaseIndex::wrap(dir, index)
    }

    /// Opens the index at `dir`, or creates it when `dir` holds none.
    ///
    /// # Errors
    /// As [`ReleaseIndex::open`] and [`ReleaseIndex::create`].
    pub fn open_or_create(dir: &Path) -> Result<ReleaseIndex> {
        match ReleaseIndex::open(dir) {
            Err(Error::User(UserError::Missing(_))) => ReleaseIndex::create(dir),
            other => other,
        }
    }

    fn wrap(dir: &Path, index: Index) -> Result<ReleaseIndex> {
        index.tokenizers().register(EN_STEM, en_stem_analyzer());
        index.tokenizers().register(EN_GRAMS, en_grams_analyzer());
        let fields = Fields::new(&index.schema())?;
        Ok(ReleaseIndex { dir: dir.to_path_buf(), index, fields })
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The Tantivy index (analyzer registered).
    pub(crate) fn index(&self) -> &Index {
        &self.index
    }

    /// The fields.
    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    /// A reader of the last commit that never reloads on its own: `check`, `stats` and the
    /// writer's lookups of stored documents by guid each want one fixed view.
    ///
    /// # Errors
    /// [`InternalError::Tantivy`](crate::InternalError::Tantivy) when the index cannot be read.
    pub(crate) fn manual_reader(&self) -> Result<IndexReader> {
        guarded(&self.dir, || {
            Ok(self.index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?)
        })
    }
}

/// Refuses a directory without `meta.json` that holds other files than an interrupted creation
/// leaves: never write an index into, or swap one over, a folder of the user's files (a
/// mistyped `--index`). A missing directory is fine.
fn ensure_no_foreign_files(dir: &Path) -> Result<()> {
    if dir.join("meta.json").is_file() || !dir.exists() {
        return Ok(());
    }
    let entries = fs::read_dir(dir).map_err(|err| Error::io(dir, err))?;
    for entry in entries {
        let entry = entry.map_err(|err| Error::io(dir, err))?;
        let name = entry.file_name();
        let temporary = name.to_str().is_some_and(|name| name.starts_with(TEMP_PREFIX));
        if !temporary && !LEFTOVERS.iter().any(|leftover| name == *leftover) {
            return Err(UserError::NotAnIndex(dir.to_path_buf()).into());
        }
    }
    Ok(())
}

fn check_version(dir: &Path) -> Result<()> {
    let path = dir.join(VERSION_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(UserError::SchemaMismatch {
                found: SchemaFound::NoVersionFile,
                expected: SCHEMA_VERSION,
            }
            .into());
        }
        Err(err) => return Err(Error::unreadable(dir, VERSION_FILE, err)),
    };
    let version = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|value| value.get("schema_version").and_then(serde_json::Value::as_u64));
    let found = match version {
        Some(version) if version == u64::from(SCHEMA_VERSION) => return Ok(()),
        Some(version) => SchemaFound::Version(version),
        None => SchemaFound::UnreadableVersionFile,
    };
    Err(UserError::SchemaMismatch { found, expected: SCHEMA_VERSION }.into())
}

/// A rebuild in progress: the old index's writer lock, held until the fresh index built beside
/// it is swapped in, so no other writer touches either meanwhile.
pub(crate) struct Rebuild {
    dir: PathBuf,
    fresh: ReleaseIndex,
    _lock: WriteLock,
}

impl Rebuild {
    /// Locks the index at `dir` (which may be missing, or of another schema version) and creates
    /// an empty index beside it, clearing what an interrupted rebuild left there.
    ///
    /// # Errors
    /// [`UserError::Busy`] when another process writes to `dir` (or to the unfinished rebuild),
    /// [`UserError::NotAnIndex`] when `dir` holds other files; an [`InternalError`](crate::InternalError) otherwise.
    pub(crate) fn start(dir: &Path) -> Result<Rebuild> {
        let lock = WriteLock::acquire(dir)?;
        let fresh = rebuild_dir(dir);
        if fresh.exists() {
            // Another rebuild of an index that did not exist yet holds only that one's lock.
            drop(WriteLock::acquire(&fresh)?);
            fs::remove_dir_all(&fresh).map_err(|err| Error::io(&fresh, err))?;
        }
        let fresh = ReleaseIndex::create(&fresh)?;
        Ok(Rebuild { dir: dir.to_path_buf(), fresh, _lock: lock })
    }

    /// The fresh index to write.
    pub(crate) fn index(&self) -> &ReleaseIndex {
        &self.fresh
    }

    /// Swaps the complete fresh index in place of the old one, then lets the lock go.
    ///
    /// # Errors
    /// [`InternalError::Io`](crate::InternalError::Io) when a rename or the removal of the old index fails.
    pub(crate) fn finish(self) -> Result<()> {
        swap_in(self.fresh.dir(), &self.dir)
    }
}

/// Holds the writer lock of an index directory without opening the index (which may be of
/// another schema version).
struct WriteLock {
    _lock: Option<DirectoryLock>,
}

impl WriteLock {
    /// Takes the writer lock of `dir`; nothing to lock when `dir` holds no index.
    ///
    /// # Errors
    /// [`UserError::Busy`] when another process holds it; [`UserError::NotAnIndex`] when `dir`
    /// holds files that are not an index.
    fn acquire(dir: &Path) -> Result<WriteLock> {
        ensure_no_foreign_files(dir)?;
        if !dir.join("meta.json").is_file() {
            return Ok(WriteLock { _lock: None });
        }
        let directory =
            MmapDirectory::open(dir).map_err(|err| Error::tantivy(dir, TantivyError::from(err)))?;
        let lock = directory
            .acquire_lock(&INDEX_WRITER_LOCK)
            .map_err(|err| Error::tantivy(dir, TantivyError::LockFailure(err, None)))?;
        Ok(WriteLock { _lock: Some(lock) })
    }
}

/// Where the rebuild of `dir` happens: a sibling directory.
fn rebuild_dir(dir: &Path) -> PathBuf {
    sibling(dir, ".rebuild")
}

fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir.file_name().map(|name| name.to_os_string()).unwrap_or_default();
    name.push(suffix);
    dir.with_file_name(name)
}

/// Replaces the index at `dir` with the complete one at `fresh` (two renames; the old index is
/// removed last), after copying the front end's `pressdex-*.json` files into `fresh` (copied,
/// not moved: a crash before the swap leaves them in the old index).
fn swap_in(fresh: &Path, dir: &Path) -> Result<()> {
    if dir.is_dir() {
        for entry in fs::read_dir(dir).map_err(|err| Error::io(dir, err))? {
            let entry = entry.map_err(|err| Error::io(dir, err))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("pressdex-") && name.ends_with(".json") && name != VERSION_FILE {
                fs::copy(entry.path(), fresh.join(&*name))
                    .map_err(|err| Error::io(&entry.path(), err))?;
            }
        }
    }
    let old = sibling(dir, ".old");
    if old.exists() {
        fs::remove_dir_all(&old).map_err(|err| Error::io(&old, err))?;
    }
    if dir.exists() {
        fs::rename(dir, &old).map_err(|err| Error::io(dir, err))?;
    }
    fs::rename(fresh, dir).map_err(|err| Error::io(fresh, err))?;
    if old.exists() {
        fs::remove_dir_all(&old).map_err(|err| Error::io(&old, err))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_mismatch_and_missing_index_are_typed_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = ReleaseIndex::open(dir.path()).expect_err("no index yet");
        assert!(matches!(missing, Error::User(UserError::Missing(_))), "{missing}");
        ReleaseIndex::create(dir.path()).expect("creates");
        ReleaseIndex::open(dir.path()).expect("opens its own version");
        let other = tempfile::tempdir().expect("temp dir");
        fs::write(other.path().join("notes.txt"), "mine").expect("write");
        let err = ReleaseIndex::create(other.path()).expect_err("not empty");
        assert!(matches!(err, Error::User(UserError::NotAnIndex(_))), "{err}");
        fs::write(dir.path().join(VERSION_FILE), "{\"schema_version\": 999}").expect("write");
        let err = ReleaseIndex::open(dir.path()).expect_err("other version");
        let found = SchemaFound::Version(999);
        assert!(
            matches!(&err, Error::User(UserError::SchemaMismatch { found: f, .. }) if *f == found),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "the index has schema version 999, this pressdex needs schema version {SCHEMA_VERSION}"
            )
        );
        fs::remove_file(dir.path().join(VERSION_FILE)).expect("remove");
        let err = ReleaseIndex::open(dir.path()).expect_err("no version file");
        assert!(err.to_string().contains("no schema version file"), "{err}");
    }

    #[test]
    fn a_rebuild_locks_the_old_index_and_swaps_in_the_new_one() {
        let parent = tempfile::tempdir().expect("temp dir");
        let dir = parent.path().join("idx");
        ReleaseIndex::create(&dir).expect("creates");
        fs::write(dir.join(VERSION_FILE), "{\"schema_version\": 1}").expect("write");
        let rebuild = Rebuild::start(&dir).expect("starts");
        let err = Rebuild::start(&dir).err().expect("one rebuild at a time");
        assert!(matches!(err, Error::User(UserError::Busy(_))), "{err}");
        assert!(ReleaseIndex::open(&dir).is_err(), "the old index is still the old version");
        fs::write(dir.join("pressdex-watches.json"), "[]").expect("a front end's file");
        rebuild.finish().expect("swaps");
        ReleaseIndex::open(&dir).expect("the new index");
        assert_eq!(
            fs::read_to_string(dir.join("pressdex-watches.json")).ok().as_deref(),
            Some("[]")
        );
        assert!(!parent.path().join("idx.rebuild").exists());
        assert!(!parent.path().join("idx.old").exists());

        let folder = parent.path().join("mine");
        fs::create_dir(&folder).expect("mkdir");
        fs::write(folder.join("notes.txt"), "mine").expect("write");
        let err = Rebuild::start(&folder).err().expect("not an index");
        assert!(matches!(err, Error::User(UserError::NotAnIndex(_))), "{err}");
    }
}
