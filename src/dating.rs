//! When each snapshot was fetched, from the most trusted source that knows: the fetch record in
//! the `manifest.jsonl` beside it (written by `pressdex fetch`), a UTC time in its file name,
//! `--fetched-at`, the feed's own date (`lastBuildDate`, Atom `updated`), and last the file's
//! modification time, which `cp`, `git clone` and `rsync` without `-t` change or share (the mtime
//! trap of issue 11). How each snapshot was dated is recorded in the index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use pressdex_index::DatedBy;
use pressdex_ingest::{FeedEvent, read_feed};

use crate::fetch::manifest::{self, ManifestRecord};
use crate::snapshots::{self, Snapshot};

/// A snapshot with its fetch time and where that time came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dated {
    /// The path as the user gave it (or as recorded), for messages.
    pub path: PathBuf,
    /// The absolute, canonical path, as provenance records it.
    pub canonical: String,
    /// Bytes (for progress).
    pub len: u64,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
    /// How that was decided.
    pub dated_by: DatedBy,
    /// The feed's URL, from the fetch record.
    pub url: Option<String>,
}

impl Dated {
    /// The name used in diagnostics: the path as the user gave it.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// Dates `files`, oldest fetch first (then by path). `flag` is `--fetched-at`.
pub fn date_all(files: &[Snapshot], flag: Option<DateTime<Utc>>) -> Vec<Dated> {
    let mut manifests = Manifests::default();
    let mut dated: Vec<Dated> = files
        .iter()
        .map(|file| {
            let (fetched_at, dated_by, url) = date(file, &mut manifests, flag);
            Dated {
                path: file.path.clone(),
                canonical: canonical(&file.path),
                len: file.len,
                fetched_at,
                dated_by,
                url,
            }
        })
        .collect();
    dated.sort_by(|a, b| a.fetched_at.cmp(&b.fetched_at).then_with(|| a.path.cmp(&b.path)));
    dated
}

/// The absolute, canonical form of `path` (as given when it cannot be resolved).
pub fn canonical(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string()
}

fn date(
    file: &Snapshot,
    manifests: &mut Manifests,
    flag: Option<DateTime<Utc>>,
) -> (DateTime<Utc>, DatedBy, Option<String>) {
    if let Some(record) = manifests.record(&file.path) {
        return (record.fetched_at.0, DatedBy::Manifest, Some(record.url.clone()));
    }
    let name = file.path.file_name().map(|name| name.to_string_lossy().into_owned());
    if let Some(at) = name.as_deref().and_then(time_in_name) {
        return (at, DatedBy::FileName, None);
    }
    if let Some(at) = flag {
        return (at, DatedBy::Flag, None);
    }
    if let Some(at) = feed_date(&file.path) {
        return (at, DatedBy::FeedDate, None);
    }
    (file.modified.into(), DatedBy::Mtime, None)
}

/// The feed's own date, read up to its first item.
fn feed_date(path: &Path) -> Option<DateTime<Utc>> {
    let file = snapshots::open(path).ok()?;
    let mut reader = read_feed(path.display().to_string(), file);
    for event in reader.by_ref() {
        if matches!(event, FeedEvent::Item(_)) {
            break;
        }
    }
    reader.feed_date()
}

/// The manifests read so far, by folder (each read once, however many snapshots it dates).
#[derive(Default)]
struct Manifests {
    folders: HashMap<PathBuf, Vec<ManifestRecord>>,
}

impl Manifests {
    /// The fetch record of the snapshot at `path`, from the manifest beside it. A manifest that
    /// cannot be read dates nothing (the next source does).
    fn record(&mut self, path: &Path) -> Option<&ManifestRecord> {
        let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let name = path.file_name()?.to_str()?;
        let records = self
            .folders
            .entry(folder)
            .or_insert_with_key(|folder| manifest::read(folder).unwrap_or_default());
        manifest::record_of(records, name)
    }
}

/// A UTC time in a file name: `2026-11-30T04-28-11Z`, `2026-11-30T04:28:11Z`,
/// `20261130T042811Z`, `2026-11-30_04-28-11`, `2026-11-30T0428Z` and the like (seconds
/// optional, the `Z` too: the time is read as UTC), or a date alone, `2026-11-30` (midnight
/// UTC). The first that reads wins; digits run on from a longer number never count.
pub fn time_in_name(name: &str) -> Option<DateTime<Utc>> {
    let bytes = name.as_bytes();
    (0..bytes.len())
        .filter(|&at| bytes[at].is_ascii_digit() && (at == 0 || !bytes[at - 1].is_ascii_digit()))
        .find_map(|at| time_at(&name[at..]))
}

/// The time `text` starts with, if any.
fn time_at(text: &str) -> Option<DateTime<Utc>> {
    let (date, rest) = date_at(text)?;
    let bytes = rest.as_bytes();
    let clock_follows = bytes.len() >= 2
        && matches!(bytes[0], b'T' | b't' | b'_' | b' ')
        && bytes[1].is_ascii_digit();
    if !clock_follows {
        // A date alone, not run on into more digits.
        return (!rest.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| date.and_time(NaiveTime::MIN).and_utc());
    }
    let (time, rest) = clock_at(rest)?;
    let rest = rest.strip_prefix(['Z', 'z']).unwrap_or(rest);
    (!rest.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| NaiveDateTime::new(date, time).and_utc())
}

/// `YYYY-MM-DD` or `YYYYMMDD` at the start of `text`, and what follows.
fn date_at(text: &str) -> Option<(NaiveDate, &str)> {
    let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    let (year, month, day, rest) = if text.len() >= 10
        && text.as_bytes()[4] == b'-'
        && text.as_bytes()[7] == b'-'
        && digits(&text[..4])
        && digits(&text[5..7])
        && digits(&text[8..10])
    {
        (&text[..4], &text[5..7], &text[8..10], &text[10..])
    } else if text.len() >= 9 && digits(&text[..8]) && matches!(text.as_bytes()[8], b'T' | b't') {
        // The compact form only with a time: a bare 8-digit number is too often something else.
        (&text[..4], &text[4..6], &text[6..8], &text[8..])
    } else {
        return None;
    };
    let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)?;
    (1900..=2999).contains(&date.year()).then_some((date, rest))
}

/// `THH-MM-SS`, `THH:MM:SS`, `THHMMSS`, `_HH-MM` ... at the start of `text`, and what follows.
fn clock_at(text: &str) -> Option<(NaiveTime, &str)> {
    let rest = text.strip_prefix(['T', 't', '_', ' '])?;
    let bytes = rest.as_bytes();
    let two = |at: usize| -> Option<u32> {
        let pair = rest.get(at..at + 2)?;
        pair.bytes().all(|byte| byte.is_ascii_digit()).then(|| pair.parse().ok()).flatten()
    };
    let hour = two(0)?;
    let separator = bytes.get(2).copied().filter(|byte| matches!(byte, b'-' | b':'));
    let step = usize::from(separator.is_some());
    let minute = two(2 + step)?;
    let mut end = 4 + step;
    let mut second = 0;
    let next_is_separator = separator.is_some_and(|sep| bytes.get(end) == Some(&sep));
    if (separator.is_none() || next_is_separator)
        && let Some(found) = two(end + step)
    {
        second = found;
        end += step + 2;
    }
    Some((NaiveTime::from_hms_opt(hour, minute, second)?, &rest[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, expected: Option<&str>) {
        let found = time_in_name(name).map(|at| at.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        assert_eq!(found.as_deref(), expected, "{name}");
    }

    #[test]
    fn times_in_file_names() {
        check("2026-11-30T04-28-11Z.xml", Some("2026-11-30T04:28:11Z"));
        check("2026-11-30T04-28-11Z.xml.gz", Some("2026-11-30T04:28:11Z"));
        check("cbp-2026-11-30T04:28:11Z.xml", Some("2026-11-30T04:28:11Z"));
        check("20261130T042811Z.rss", Some("2026-11-30T04:28:11Z"));
        check("feed_2026-11-30_04-28.xml", Some("2026-11-30T04:28:00Z"));
        check("cbp-2024-05-01.xml", Some("2024-05-01T00:00:00Z"));
        check("2024-05-01-and-2024-06-01.xml", Some("2024-05-01T00:00:00Z"));
        check("20240501.xml", None);
        check("cbp-later.xml", None);
        check("cbp-international-operations.xml", None);
        check("427630-2024-13-01.xml", None);
        check("12024-05-01.xml", None);
        check("2024-05-01T25-00-00Z.xml", None);
        check("node-427630.xml", None);
    }

    #[test]
    fn the_manifest_comes_first_then_the_name_then_the_flag_then_the_mtime() {
        let dir = tempfile::tempdir().expect("temp dir");
        let feed = "<rss><channel><title>F</title><item><guid>1</guid></item></channel></rss>";
        let mut files = Vec::new();
        for name in ["a.xml", "2024-05-01T10-00-00Z.xml", "c.xml"] {
            let path = dir.path().join(name);
            std::fs::write(&path, feed).expect("write");
            let modified =
                std::fs::metadata(&path).and_then(|meta| meta.modified()).expect("mtime");
            files.push(Snapshot { path, modified, len: feed.len() as u64 });
        }
        std::fs::write(
            dir.path().join(manifest::MANIFEST_FILE),
            "{\"feed\":\"cbp\",\"url\":\"https://www.cbp.gov/feed\",\"fetched_at\":\"2024-06-01T00:00:00Z\",\"outcome\":\"new\",\"snapshot\":\"a.xml\"}\n\
             not json\n\
             {\"feed\":\"cbp\",\"url\":\"https://www.cbp.gov/feed\",\"fetched_at\":\"2024-07-01T00:00:00Z\",\"snapshot\":null,\"outcome\":\"not-modified\"}\n",
        )
        .expect("write manifest");
        let flag = DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z").expect("valid").to_utc();
        let dated = date_all(&files, Some(flag));
        let how: Vec<(String, DatedBy)> = dated
            .iter()
            .map(|d| {
                (d.path.file_name().expect("a name").to_string_lossy().into_owned(), d.dated_by)
            })
            .collect();
        assert_eq!(
            how,
            [
                ("c.xml".to_string(), DatedBy::Flag),
                ("2024-05-01T10-00-00Z.xml".to_string(), DatedBy::FileName),
                ("a.xml".to_string(), DatedBy::Manifest),
            ],
            "oldest first"
        );
        assert_eq!(dated[2].url.as_deref(), Some("https://www.cbp.gov/feed"));
        assert!(Path::new(&dated[2].canonical).is_absolute());
        let unflagged = date_all(&files[2..], None);
        assert_eq!(unflagged[0].dated_by, DatedBy::Mtime);
        let dated_feed = "<rss><channel><title>F</title><lastBuildDate>Wed, 01 May 2024 10:00:00 GMT</lastBuildDate></channel></rss>";
        std::fs::write(&files[2].path, dated_feed).expect("write");
        let by_feed = date_all(&files[2..], None);
        assert_eq!(
            (by_feed[0].dated_by, by_feed[0].fetched_at.to_rfc3339()),
            (DatedBy::FeedDate, "2024-05-01T10:00:00+00:00".to_string())
        );
    }
}
