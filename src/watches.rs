//! Saved searches, kept beside the index they search, in `pressdex-watches.json` (the index
//! crate carries `pressdex-*.json` files over a `--rebuild`). Each holds the query and filter
//! flags as typed (parsed again, by the same parser, at every run) and the time from which its
//! next run reports. The file is replaced atomically (temporary file, fsync, rename, fsync of the
//! folder): a kill leaves the old list or the new one, never half of either.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The file, in the index folder.
pub const FILE: &str = "pressdex-watches.json";

/// The version of the file's format.
const VERSION: u32 = 1;

/// One saved search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watch {
    pub name: String,
    /// The query, as typed.
    pub query: String,
    /// The filter flags, as typed: (name without dashes, value).
    pub filters: Vec<(String, String)>,
    pub created_at: DateTime<Utc>,
    /// The next run reports releases added or changed at or after this time.
    pub since: DateTime<Utc>,
    /// When it last ran successfully.
    pub last_run: Option<DateTime<Utc>>,
}

/// Every watch of an index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watches {
    version: u32,
    pub watches: Vec<Watch>,
}

impl Default for Watches {
    fn default() -> Watches {
        Watches { version: VERSION, watches: Vec::new() }
    }
}

impl Watches {
    /// The watches of the index at `dir` (none when the file does not exist yet).
    ///
    /// # Errors
    /// The file cannot be read, or is not a watches file this pressdex reads.
    pub fn load(dir: &Path) -> anyhow::Result<Watches> {
        let path = dir.join(FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Watches::default());
            }
            Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
        };
        let watches: Watches = serde_json::from_str(&text)
            .with_context(|| format!("reading {}: not a watches file", path.display()))?;
        if watches.version != VERSION {
            bail!(
                "{}: version {} (this pressdex reads {VERSION})",
                path.display(),
                watches.version
            );
        }
        Ok(watches)
    }

    /// Replaces the watches file of the index at `dir`, atomically.
    ///
    /// # Errors
    /// Writing, syncing or renaming failed (the old file is left as it was).
    pub fn save(&self, dir: &Path) -> anyhow::Result<()> {
        let mut text = serde_json::to_string_pretty(self).context("encoding the watches")?;
        text.push('\n');
        write_atomically(&dir.join(FILE), text.as_bytes())
    }

    /// The watch called `name`.
    pub fn get(&self, name: &str) -> Option<&Watch> {
        self.watches.iter().find(|watch| watch.name == name)
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, synced and renamed over it.
///
/// # Errors
/// Any step failed; the temporary file is removed and `path` is as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path.file_name().context("no file name")?.to_string_lossy();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)?;
        // The rename itself is durable once the folder is synced.
        File::open(folder)?.sync_all()
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written.with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watches_round_trip_and_a_failed_write_leaves_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(Watches::load(dir.path()).expect("none yet"), Watches::default());
        let at = DateTime::parse_from_rfc3339("2024-05-01T00:00:00Z").expect("valid").to_utc();
        let mut watches = Watches::default();
        watches.watches.push(Watch {
            name: "cmaa".into(),
            query: "\"mutual assistance\"".into(),
            filters: vec![("country".into(), "mx".into())],
            created_at: at,
            since: at,
            last_run: None,
        });
        watches.save(dir.path()).expect("saves");
        assert_eq!(Watches::load(dir.path()).expect("loads"), watches);
        let leftovers = fs::read_dir(dir.path()).expect("listable").count();
        assert_eq!(leftovers, 1, "no temporary file left");

        let missing = dir.path().join("no/such/folder/file.xml");
        assert!(write_atomically(&missing, b"x").is_err());
        fs::write(dir.path().join(FILE), "{\"version\": 9, \"watches\": []}").expect("write");
        let err = Watches::load(dir.path()).expect_err("a future version");
        assert!(err.to_string().contains("version 9"), "{err}");
    }
}
