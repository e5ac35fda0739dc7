//! The archive's manifest: `ARCHIVE/<feed>/manifest.jsonl`, one JSON record per fetch of the
//! feed, oldest first (docs/archive.md). It is the archive's memory: the conditional GET state
//! (`etag`, `last_modified`) and the hash of the last stored body are read back from it, and
//! the time of each snapshot file is its record's `fetched_at`.
//!
//! A record is appended (and synced) only after its snapshot file is in place, so a record that
//! names a file always finds it complete. A line torn by a crash mid-append is skipped by
//! [`read`] and never joined to the next record.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use pressdex::wire::Time;
use serde::{Deserialize, Serialize};

/// The manifest's file name inside a feed's folder of the archive.
pub const MANIFEST_FILE: &str = "manifest.jsonl";

/// One fetch of one feed, as the manifest records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestRecord {
    /// The URL requested (before redirects).
    pub url: String,
    /// The feed's name: its folder in the archive.
    pub feed: String,
    /// When the response was received, UTC, whole seconds. For a `new` record it is also the
    /// snapshot's file name (`2026-11-30T04-28-11Z.xml`).
    pub fetched_at: Time,
    /// The final HTTP status (after redirects and retries); null when no response came.
    pub http_status: Option<u16>,
    /// The validator the server gave (or the one still in force after a 304).
    pub etag: Option<String>,
    /// `Last-Modified` as the server wrote it (or the one still in force after a 304).
    pub last_modified: Option<String>,
    /// SHA-256 of the body, 64 lower-case hex digits; null when no body was read.
    pub sha256: Option<String>,
    /// The body's size in bytes (after gzip `Content-Encoding` is decoded).
    pub bytes: Option<u64>,
    /// Items the feed reader found in the body.
    pub items: Option<u64>,
    /// What the fetch did.
    pub outcome: Outcome,
    /// The snapshot file this fetch wrote, a name inside the feed's folder; only for `new`.
    pub snapshot: Option<String>,
    /// Why the fetch failed; only for `error`.
    pub error: Option<String>,
}

/// What one fetch did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// A feed unlike the last stored one: stored as a new snapshot.
    New,
    /// The server answered 304: nothing stored.
    NotModified,
    /// A body byte-identical to the last stored snapshot: nothing stored.
    Unchanged,
    /// No usable feed (HTTP error, timeout, not a feed, over the size cap): nothing stored.
    Error,
}

/// Every record of the manifest in the feed folder `dir`, oldest first; none when there is no
/// manifest yet. A line that does not parse (only a crash mid-append can leave one) is skipped.
///
/// # Errors
/// The manifest exists but cannot be read.
pub fn read(dir: &Path) -> io::Result<Vec<ManifestRecord>> {
    let file = match File::open(dir.join(MANIFEST_FILE)) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    let mut records = Vec::new();
    for line in BufReader::new(file).split(b'\n') {
        if let Ok(record) = serde_json::from_slice::<ManifestRecord>(&line?) {
            records.push(record);
        }
    }
    Ok(records)
}

/// The record of the fetch that wrote the snapshot file `name` (a name inside the feed's
/// folder), among the `records` [`read`] from that folder's manifest: the latest that names it.
/// Reading a folder's manifest once and looking each of its snapshots up here keeps dating a
/// folder of years of snapshots linear.
pub fn record_of<'a>(records: &'a [ManifestRecord], name: &str) -> Option<&'a ManifestRecord> {
    records.iter().rev().find(|record| record.snapshot.as_deref() == Some(name))
}

/// Appends `record` to the manifest in `dir` as one line and syncs it to disk (and the folder,
/// when the manifest is new). A torn last line left by a crash is ended first, so it stays one
/// bad line that [`read`] skips.
///
/// # Errors
/// The manifest cannot be opened, written or synced.
pub fn append(dir: &Path, record: &ManifestRecord) -> io::Result<()> {
    let path = dir.join(MANIFEST_FILE);
    let created = !path.exists();
    let mut file = OpenOptions::new().read(true).append(true).create(true).open(&path)?;
    let mut line = serde_json::to_vec(record).map_err(io::Error::from)?;
    line.push(b'\n');
    let len = file.metadata()?.len();
    if len > 0 {
        file.seek(SeekFrom::Start(len - 1))?;
        let mut last = [0u8];
        file.read_exact(&mut last)?;
        if last[0] != b'\n' {
            line.insert(0, b'\n');
        }
    }
    // One write of the whole line: with O_APPEND it lands at the end in one piece.
    file.write_all(&line)?;
    file.sync_all()?;
    if created {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Syncs a folder, so that a file created or renamed in it survives a power loss.
///
/// # Errors
/// The folder cannot be opened or synced.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    fn record(outcome: Outcome, snapshot: Option<&str>) -> ManifestRecord {
        ManifestRecord {
            url: "https://www.cbp.gov/taxonomy/term/12/feed".into(),
            feed: "cbp".into(),
            fetched_at: Time(Utc.with_ymd_and_hms(2026, 11, 30, 4, 28, 11).unwrap()),
            http_status: Some(200),
            etag: Some("\"abc\"".into()),
            last_modified: None,
            sha256: Some("0".repeat(64)),
            bytes: Some(70_000),
            items: Some(10),
            outcome,
            snapshot: snapshot.map(str::to_string),
            error: None,
        }
    }

    #[test]
    fn a_record_is_one_line_with_the_documented_keys() {
        let line = serde_json::to_string(&record(Outcome::NotModified, None)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = [
            "url",
            "feed",
            "fetched_at",
            "http_status",
            "etag",
            "last_modified",
            "sha256",
            "bytes",
            "items",
            "outcome",
            "snapshot",
            "error",
        ];
        expected.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, expected);
        assert_eq!(value["outcome"], "not-modified");
        assert_eq!(value["fetched_at"], "2026-11-30T04:28:11Z");
    }

    #[test]
    fn appended_records_read_back_in_order_and_a_torn_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read(dir.path()).unwrap().is_empty(), "no manifest yet");
        let first = record(Outcome::New, Some("2026-11-30T04-28-11Z.xml"));
        append(dir.path(), &first).unwrap();
        // A crash in the middle of the second append.
        let mut file =
            OpenOptions::new().append(true).open(dir.path().join(MANIFEST_FILE)).unwrap();
        file.write_all(br#"{"url":"https://www.cbp.gov/tax"#).unwrap();
        drop(file);
        let third = record(Outcome::Unchanged, None);
        append(dir.path(), &third).unwrap();
        assert_eq!(read(dir.path()).unwrap(), [first.clone(), third]);

        let records = read(dir.path()).unwrap();
        assert_eq!(record_of(&records, "2026-11-30T04-28-11Z.xml"), Some(&first));
        assert_eq!(record_of(&records, "other.xml"), None);
    }
}
