//! Output of `pressdex fetch` (and the fetch half of `update`): one line per feed, or one
//! `wire::FetchResult` per feed with `--json`.

use std::io::{self, Write};

use pressdex::wire::{FetchOutcome, FetchResult};

use super::sanitize;
use crate::fetch::FeedReport;
use crate::fetch::manifest::Outcome;

/// Writes what fetching one feed did: `cbp: new snapshot, 10 items`, `cbp: not modified`,
/// `cbp: unchanged`, `cbp: error: HTTP 404 Not Found`.
///
/// # Errors
/// Writing to `out` failed.
pub fn feed(out: &mut dyn Write, report: &FeedReport, json: bool) -> io::Result<()> {
    if json {
        return super::json::write_line(out, &to_wire(report));
    }
    let what = match report.outcome {
        Outcome::New => {
            let items = report.items.unwrap_or(0);
            format!("new snapshot, {items} {}", if items == 1 { "item" } else { "items" })
        }
        Outcome::NotModified => "not modified".to_string(),
        Outcome::Unchanged => "unchanged".to_string(),
        Outcome::Error => format!("error: {}", report.error.as_deref().unwrap_or("unknown")),
    };
    writeln!(out, "{}: {}", sanitize(&report.feed), sanitize(&what))
}

fn to_wire(report: &FeedReport) -> FetchResult {
    FetchResult {
        feed: report.feed.clone(),
        url: report.url.clone(),
        outcome: match report.outcome {
            Outcome::New => FetchOutcome::New,
            Outcome::NotModified => FetchOutcome::NotModified,
            Outcome::Unchanged => FetchOutcome::Unchanged,
            Outcome::Error => FetchOutcome::Error,
        },
        http_status: report.http_status,
        snapshot: report.snapshot.as_ref().map(|path| path.display().to_string()),
        items: report.items,
        bytes: report.bytes,
        error: report.error.clone(),
    }
}
