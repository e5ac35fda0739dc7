//! The list of what a run added or changed, kept out of memory (issue 13: a first index of a
//! million releases held every added release's guid and title, about 200 MB).
//!
//! Each change's guid and title go to a spool (an unnamed temporary file, or memory when no
//! temporary file can be made); memory keeps 40 bytes a change: its date, where its text is, and
//! the first bytes of its title, enough to sort newest first, then by title, reading the spool
//! only for titles that share their first eight bytes.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

use chrono::{DateTime, Utc};

use crate::error::{Error, InternalError, Result};

/// A release a run added, or whose content it changed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change {
    /// Its guid.
    pub guid: String,
    /// Its title, as indexed.
    pub title: String,
    /// Its publication time.
    pub published: Option<DateTime<Utc>>,
    /// Added or updated.
    pub change: ChangeKind,
}

/// How a release's text changed in a run, when it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ChangeKind {
    /// New to the index.
    Added,
    /// Its content changed.
    Updated,
}

impl ChangeKind {
    /// `added` or `updated`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Updated => "updated",
        }
    }
}

/// Bytes written to the spool at once.
const FLUSH_AT: usize = 1 << 20;

/// The releases a run added or whose content it changed, newest publication first, then by
/// title: [`Changes::iter`] reads them back one at a time.
#[derive(Debug, Default)]
pub struct Changes {
    entries: Vec<Entry>,
    spool: Spool,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Microseconds since the epoch; `i64::MIN` for none (sorts last, newest first).
    published: i64,
    /// The title's first eight bytes, big-endian: the order of the titles, mostly.
    title_prefix: u64,
    /// Where the guid starts in the spool; the title follows it.
    at: u64,
    guid_len: u32,
    title_len: u32,
    change: ChangeKind,
}

/// Where the texts are: a temporary file (with a buffer of what is not written yet), or memory.
#[derive(Debug, Default)]
struct Spool {
    file: Option<File>,
    /// Not in the file yet; all of the texts when there is no file.
    pending: Vec<u8>,
    /// Bytes in the file.
    written: u64,
    /// No temporary file could be made: everything stays in `pending`.
    in_memory: bool,
}

impl Spool {
    fn len(&self) -> u64 {
        self.written + self.pending.len() as u64
    }

    /// Appends `parts` together: a flush never falls between them, so each change's text is
    /// wholly in the file or wholly pending.
    fn push(&mut self, parts: [&[u8]; 2]) -> io::Result<()> {
        for part in parts {
            self.pending.extend_from_slice(part);
        }
        if self.pending.len() >= FLUSH_AT && !self.in_memory {
            if self.file.is_none() {
                match tempfile::tempfile() {
                    Ok(file) => self.file = Some(file),
                    Err(_) => {
                        self.in_memory = true;
                        return Ok(());
                    }
                }
            }
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(file) = &mut self.file {
            file.seek(SeekFrom::Start(self.written))?;
            file.write_all(&self.pending)?;
            self.written += self.pending.len() as u64;
            self.pending.clear();
        }
        Ok(())
    }

    fn read(&self, at: u64, len: u32) -> io::Result<Vec<u8>> {
        let mut bytes = vec![0; len as usize];
        match (&self.file, at.checked_sub(self.written)) {
            (_, Some(start)) => {
                let start = usize::try_from(start).unwrap_or(usize::MAX);
                let held = self.pending.get(start..start.saturating_add(len as usize));
                bytes.copy_from_slice(held.ok_or_else(|| io::Error::other("past the spool"))?);
            }
            (Some(file), None) => {
                let mut file: &File = file;
                file.seek(SeekFrom::Start(at))?;
                file.read_exact(&mut bytes)?;
            }
            (None, None) => return Err(io::Error::other("past the spool")),
        }
        Ok(bytes)
    }
}

fn spool_error(err: io::Error) -> Error {
    Error::Internal(InternalError::Spool { source: err })
}

impl Changes {
    /// How many.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the run changed nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The changes in order, read back from the spool.
    ///
    /// # Errors
    /// Each item: [`InternalError::Spool`] when the temporary file cannot be read.
    pub fn iter(&self) -> impl Iterator<Item = Result<Change>> + '_ {
        self.entries.iter().map(|entry| self.change(entry))
    }

    /// All of them in memory, in order (for a few; [`Changes::iter`] reads one at a time).
    ///
    /// # Errors
    /// [`InternalError::Spool`] when the temporary file cannot be read.
    pub fn to_vec(&self) -> Result<Vec<Change>> {
        self.iter().collect()
    }

    fn change(&self, entry: &Entry) -> Result<Change> {
        let (guid, title) = self.texts(entry).map_err(spool_error)?;
        Ok(Change {
            guid,
            title,
            published: (entry.published != i64::MIN)
                .then(|| DateTime::from_timestamp_micros(entry.published))
                .flatten(),
            change: entry.change,
        })
    }

    fn texts(&self, entry: &Entry) -> io::Result<(String, String)> {
        let bytes = self.spool.read(entry.at, entry.guid_len + entry.title_len)?;
        let (guid, title) = bytes.split_at(entry.guid_len as usize);
        Ok((
            String::from_utf8_lossy(guid).into_owned(),
            String::from_utf8_lossy(title).into_owned(),
        ))
    }

    fn title(&self, entry: &Entry) -> io::Result<Vec<u8>> {
        self.spool.read(entry.at + u64::from(entry.guid_len), entry.title_len)
    }

    /// Adds a change (in any order: [`Changes::finish`] sorts them).
    pub(crate) fn push(
        &mut self,
        guid: &str,
        title: &str,
        published: Option<DateTime<Utc>>,
        change: ChangeKind,
    ) -> Result<()> {
        let mut prefix = [0u8; 8];
        let head = &title.as_bytes()[..title.len().min(8)];
        prefix[..head.len()].copy_from_slice(head);
        let at = self.spool.len();
        let guid_len = u32::try_from(guid.len()).unwrap_or(u32::MAX);
        let title_len = u32::try_from(title.len()).unwrap_or(u32::MAX);
        let texts =
            [&guid.as_bytes()[..guid_len as usize], &title.as_bytes()[..title_len as usize]];
        self.spool.push(texts).map_err(spool_error)?;
        self.entries.push(Entry {
            published: published.map_or(i64::MIN, |at| at.timestamp_micros()),
            title_prefix: u64::from_be_bytes(prefix),
            at,
            guid_len,
            title_len,
            change,
        });
        Ok(())
    }

    /// Sorts newest publication first, then by title; with `dedup`, keeps only the last change
    /// pushed for each guid (a release written twice in a run).
    pub(crate) fn finish(mut self, dedup: bool) -> Result<Changes> {
        self.spool.flush().map_err(spool_error)?;
        if dedup {
            let mut seen = HashSet::new();
            let mut kept = Vec::with_capacity(self.entries.len());
            for entry in self.entries.iter().rev() {
                let guid = self.spool.read(entry.at, entry.guid_len).map_err(spool_error)?;
                if seen.insert(guid) {
                    kept.push(*entry);
                }
            }
            kept.reverse();
            self.entries = kept;
        }
        let mut failed = None;
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_by(|left, right| {
            right.published.cmp(&left.published).then_with(|| {
                left.title_prefix.cmp(&right.title_prefix).then_with(|| {
                    if left.title_len.min(right.title_len) <= 8 {
                        return left.title_len.cmp(&right.title_len);
                    }
                    match (self.title(left), self.title(right)) {
                        (Ok(left), Ok(right)) => left.cmp(&right),
                        (Err(err), _) | (_, Err(err)) => {
                            failed.get_or_insert(err);
                            Ordering::Equal
                        }
                    }
                })
            })
        });
        if let Some(err) = failed {
            return Err(spool_error(err));
        }
        self.entries = entries;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32) -> Option<DateTime<Utc>> {
        chrono::NaiveDate::from_ymd_opt(2024, 5, day)
            .and_then(|date| date.and_hms_opt(12, 0, 0))
            .map(|time| time.and_utc())
    }

    fn listed(changes: &Changes) -> Vec<(String, String)> {
        changes
            .iter()
            .map(|change| change.expect("reads back"))
            .map(|change| (change.guid, change.title))
            .collect()
    }

    #[test]
    fn newest_first_then_by_title_whatever_the_spool() {
        let mut changes = Changes::default();
        // Titles that share their first eight bytes, or are shorter than eight.
        changes.push("a", "Customs agreement two", at(2), ChangeKind::Added).expect("push");
        changes.push("b", "Customs agreement one", at(2), ChangeKind::Added).expect("push");
        changes.push("c", "Undated", None, ChangeKind::Updated).expect("push");
        changes.push("d", "Cust", at(2), ChangeKind::Added).expect("push");
        changes.push("e", "Newest", at(9), ChangeKind::Added).expect("push");
        // Enough text to go through the temporary file, with long guids so that the spool
        // fills up between a guid and its title too.
        let long = "x".repeat(FLUSH_AT / 100);
        for n in 0..200 {
            let guid = format!("g{n}{}", " ".repeat(FLUSH_AT / 150));
            changes.push(guid.trim_end(), &long, at(1), ChangeKind::Added).expect("push");
            changes.push(&guid, &long, at(1), ChangeKind::Added).expect("push");
        }
        changes.push("a", "Customs agreement two, again", at(2), ChangeKind::Updated).expect("p");
        let changes = changes.finish(true).expect("sorts");
        assert!(changes.spool.file.is_some(), "spooled to a file");
        let listed = listed(&changes);
        assert_eq!(listed.len(), 405, "one per guid");
        let head: Vec<(&str, &str)> =
            listed.iter().take(5).map(|(guid, title)| (guid.as_str(), title.as_str())).collect();
        assert_eq!(
            head,
            [
                ("e", "Newest"),
                ("d", "Cust"),
                ("b", "Customs agreement one"),
                ("a", "Customs agreement two, again"),
                ("g0", long.as_str()),
            ]
        );
        assert_eq!(listed.last().map(|(guid, _)| guid.as_str()), Some("c"), "undated last");
        let updated = changes.iter().map(|change| change.expect("reads")).nth(3).expect("4th");
        assert_eq!((updated.change, updated.published), (ChangeKind::Updated, at(2)));
    }
}
