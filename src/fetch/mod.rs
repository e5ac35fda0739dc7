//! `pressdex fetch`: feeds over HTTP into the snapshot archive. HTTP lives here, in the binary,
//! never in `pressdex-ingest` or `pressdex-index`.
//!
//! - `feeds`: the feeds file (TOML), names checked (they become folder names);
//! - `http`: one conditional GET with redirects, timeouts, a body cap and retries;
//! - `validate`: is the body a feed (pressdex-ingest's reader) and how many items;
//! - `archive`: a feed's folder, locked, its state read back, snapshots written atomically;
//! - `manifest`: the record of every fetch, `ARCHIVE/<feed>/manifest.jsonl` (docs/archive.md).
//!
//! [`fetch_all`] runs the feeds of each host one after the other, with the polite delay between
//! them, and different hosts side by side.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread;

use chrono::{DateTime, SubsecRound, Utc};
use pressdex::wire::Time;
use sha2::{Digest, Sha256};

pub mod archive;
pub mod feeds;
pub mod http;
pub mod manifest;
pub mod validate;

use archive::{FeedArchive, FeedState};
use feeds::Feed;
use http::{Client, HttpError, Reply, Validators};
use manifest::{ManifestRecord, Outcome};

/// Hosts fetched at once (each host's feeds one after the other).
const HOSTS_AT_ONCE: usize = 4;

/// What fetching one feed did: its manifest record, and where the snapshot is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedReport {
    /// The feed's name.
    pub feed: String,
    /// Its URL.
    pub url: String,
    /// What happened.
    pub outcome: Outcome,
    /// The final HTTP status, when a response came.
    pub http_status: Option<u16>,
    /// The new snapshot (archive folder joined with feed and file name); only for `new`.
    pub snapshot: Option<PathBuf>,
    /// When the fetch completed (for `new`, the time the snapshot's name says).
    pub fetched_at: DateTime<Utc>,
    /// Items in the body, when it was a feed.
    pub items: Option<u64>,
    /// The body's size, when one was read.
    pub bytes: Option<u64>,
    /// Why it failed; only for `error`.
    pub error: Option<String>,
}

/// Fetches every feed into `archive` (which must exist), in order of `feeds` in the result.
/// A feed's failure is its report's `error`, never the run's: the other feeds go on.
pub fn fetch_all(client: &Client, feeds: &[Feed], archive: &Path) -> Vec<FeedReport> {
    let mut hosts: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (at, feed) in feeds.iter().enumerate() {
        hosts.entry(host_of(&feed.url)).or_default().push(at);
    }
    let queue: Mutex<VecDeque<Vec<usize>>> = Mutex::new(hosts.into_values().collect());
    let reports: Mutex<Vec<Option<FeedReport>>> = Mutex::new(vec![None; feeds.len()]);
    let workers = queue.lock().map_or(1, |queue| queue.len()).clamp(1, HOSTS_AT_ONCE);
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(host) = queue.lock().ok().and_then(|mut queue| queue.pop_front()) {
                    for (nth, &at) in host.iter().enumerate() {
                        if nth > 0 {
                            thread::sleep(client.settings().polite_delay);
                        }
                        let report = fetch_one(client, &feeds[at], archive);
                        if let Ok(mut reports) = reports.lock() {
                            reports[at] = Some(report);
                        }
                    }
                }
            });
        }
    });
    let reports = reports.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    reports
        .into_iter()
        .zip(feeds)
        .map(|(report, feed)| {
            report.unwrap_or_else(|| failed(feed, None, "the fetch stopped unexpectedly".into()))
        })
        .collect()
}

/// `host:port` of a URL, lower-cased: what "one request per host at a time" counts by.
fn host_of(url: &str) -> String {
    url.parse::<ureq::http::Uri>()
        .ok()
        .and_then(|uri| uri.authority().map(|authority| authority.as_str().to_ascii_lowercase()))
        .unwrap_or_else(|| url.to_string())
}

/// A report of `outcome`, timed now, to fill in.
fn blank(feed: &Feed, outcome: Outcome, http_status: Option<u16>) -> FeedReport {
    FeedReport {
        feed: feed.name.clone(),
        url: feed.url.clone(),
        outcome,
        http_status,
        snapshot: None,
        fetched_at: Utc::now().trunc_subsecs(0),
        items: None,
        bytes: None,
        error: None,
    }
}

fn failed(feed: &Feed, http_status: Option<u16>, error: String) -> FeedReport {
    FeedReport { error: Some(error), ..blank(feed, Outcome::Error, http_status) }
}

/// Fetches one feed under its folder's lock and records the fetch in the manifest.
fn fetch_one(client: &Client, feed: &Feed, archive: &Path) -> FeedReport {
    let folder = match FeedArchive::open(archive, &feed.name) {
        Ok(folder) => folder,
        Err(err) => return failed(feed, None, err.to_string()),
    };
    let state = match folder.state() {
        Ok(state) => state,
        Err(err) => return failed(feed, None, err.to_string()),
    };
    let mut report = match client.get(&feed.url, &state.validators) {
        Ok(reply) => settle(&folder, feed, &state, reply),
        Err(err) => Settled::failed(feed, &err),
    };
    if let Err(err) = folder.record(&report.record) {
        // The snapshot (if any) is complete on disk; without its record it is dated by name.
        report.report.outcome = Outcome::Error;
        report.report.error = Some(format!("recording the fetch: {err}"));
    }
    report.report
}

/// A fetch's report and the manifest record that says the same.
struct Settled {
    report: FeedReport,
    record: ManifestRecord,
}

impl Settled {
    fn new(
        feed: &Feed,
        report: FeedReport,
        validators: Validators,
        sha256: Option<String>,
    ) -> Settled {
        let record = ManifestRecord {
            url: feed.url.clone(),
            feed: feed.name.clone(),
            fetched_at: Time(report.fetched_at),
            http_status: report.http_status,
            etag: validators.etag,
            last_modified: validators.last_modified,
            sha256,
            bytes: report.bytes,
            items: report.items,
            outcome: report.outcome,
            snapshot: report
                .snapshot
                .as_deref()
                .and_then(Path::file_name)
                .map(|name| name.to_string_lossy().into_owned()),
            error: report.error.clone(),
        };
        Settled { report, record }
    }

    fn failed(feed: &Feed, err: &HttpError) -> Settled {
        let report = failed(feed, err.status(), err.to_string());
        Settled::new(feed, report, Validators::default(), None)
    }
}

/// What a response means for the archive: not modified, unchanged, a new snapshot (stored
/// now), or an error (not a feed, or the snapshot could not be written).
fn settle(folder: &FeedArchive, feed: &Feed, state: &FeedState, reply: Reply) -> Settled {
    let mut report = blank(feed, Outcome::NotModified, Some(reply.status));
    let Some(body) = reply.body else {
        // A 304 may omit the validators; the ones sent are still in force.
        let validators = Validators {
            etag: reply.validators.etag.or_else(|| state.validators.etag.clone()),
            last_modified: reply
                .validators
                .last_modified
                .or_else(|| state.validators.last_modified.clone()),
        };
        return Settled::new(feed, report, validators, None);
    };
    let sha256 = hex(&Sha256::digest(&body));
    report.bytes = Some(body.len() as u64);
    match validate::items_in(&body) {
        Err(why) => {
            report.outcome = Outcome::Error;
            report.error = Some(why);
            return Settled::new(feed, report, Validators::default(), Some(sha256));
        }
        Ok(items) => report.items = Some(items),
    }
    if state.last_sha256.as_deref() == Some(sha256.as_str()) {
        report.outcome = Outcome::Unchanged;
        return Settled::new(feed, report, reply.validators, Some(sha256));
    }
    match folder.store(&body) {
        Ok((name, fetched_at)) => {
            report.outcome = Outcome::New;
            report.snapshot = Some(folder.dir().join(name));
            report.fetched_at = fetched_at;
            Settled::new(feed, report, reply.validators, Some(sha256))
        }
        Err(err) => {
            report.outcome = Outcome::Error;
            report.error = Some(format!("storing the snapshot: {err}"));
            Settled::new(feed, report, Validators::default(), Some(sha256))
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_counted_by_authority() {
        assert_eq!(host_of("https://WWW.cbp.gov/a"), "www.cbp.gov");
        assert_eq!(host_of("http://127.0.0.1:8080/a"), "127.0.0.1:8080");
        assert_eq!(hex(&Sha256::digest(b"abc"))[..8], *"ba7816bf");
    }
}
