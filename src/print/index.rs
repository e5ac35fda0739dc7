//! Output of `pressdex index`: the summary line (or JSON object) and what changed; problems,
//! notes on how snapshots were dated and ties on stderr.

use std::io::{self, Write};
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use pressdex::wire;
use pressdex_index::{ChangeKind, IndexReport, SnapshotTie, TieResolution};
use pressdex_ingest::Diagnostic;

use super::sanitize_line;
use crate::snapshots::NoSnapshots;

/// How many changes the text summary lists before "and N more".
const CHANGES_LISTED: usize = 20;

/// Writes the run's summary: one line and the releases added or updated (newest first, up to
/// 20), or one `wire::IndexSummary` with `json`.
///
/// # Errors
/// Writing to `out` failed.
pub fn summary(out: &mut dyn Write, report: &IndexReport, json: bool) -> io::Result<()> {
    if json {
        return super::json::write_line(out, &wire::IndexSummaryOut(report));
    }
    let counts = &report.counts;
    writeln!(
        out,
        "indexed {} {}: {} items, {} added, {} updated, {} unchanged, {} {}",
        counts.files,
        plural(counts.files, "file", "files"),
        counts.items,
        counts.added,
        counts.updated,
        counts.unchanged,
        counts.problems,
        plural(counts.problems, "problem", "problems"),
    )?;
    for change in report.changes.iter().take(CHANGES_LISTED) {
        let change = change.map_err(io::Error::other)?;
        let date = change
            .published
            .map_or_else(|| "undated".to_string(), |at| at.format("%Y-%m-%d").to_string());
        let how = match change.change {
            ChangeKind::Added => "added  ",
            _ => "updated",
        };
        writeln!(out, "  {date:<10}  {how}  {}", sanitize_line(&change.title))?;
    }
    if report.changes.len() > CHANGES_LISTED {
        writeln!(out, "  and {} more", report.changes.len() - CHANGES_LISTED)?;
    }
    Ok(())
}

/// On stderr: a folder or glob with no snapshot (exit 1).
pub fn no_snapshots(none: &NoSnapshots) {
    eprintln!("pressdex: {}", sanitize_line(&none.to_string()));
}

/// On stderr: a snapshot the index recorded that `--rebuild` cannot read again.
pub fn gone(path: &str, fetched_at: DateTime<Utc>, why: &str) {
    eprintln!(
        "pressdex: warning: recorded snapshot {} (fetched {}) is {why}",
        sanitize_line(path),
        fetched_at.to_rfc3339_opts(SecondsFormat::Secs, true)
    );
}

/// On stderr: the snapshots whose only known time was their file's modification time.
pub fn dated_by_mtime(names: &[String]) {
    const LISTED: usize = 5;
    if names.is_empty() {
        return;
    }
    let mut listed: Vec<String> =
        names.iter().take(LISTED).map(|name| sanitize_line(name)).collect();
    if names.len() > LISTED {
        listed.push(format!("and {} more", names.len() - LISTED));
    }
    eprintln!(
        "pressdex: note: {} {} dated by file modification time (no fetch record, no time in \
         the name, no --fetched-at, no feed date): {}",
        names.len(),
        plural(names.len() as u64, "snapshot", "snapshots"),
        listed.join(", ")
    );
}

/// On stderr: two snapshots fetched at the same time hold different texts of releases.
pub fn tie(tie: &SnapshotTie, winner: &str, other: &str) {
    let at = tie.fetched_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let how = match tie.resolution {
        TieResolution::FeedDate => {
            format!("kept the text of {} (its feed's date is later)", sanitize_line(winner))
        }
        TieResolution::KeptIndexed => {
            "nothing tells which is newer: kept the text already indexed".to_string()
        }
        _ => format!(
            "nothing tells which is newer: indexed the text of {} (pass --fetched-at, or name \
             snapshots with their fetch time)",
            sanitize_line(winner)
        ),
    };
    let severity = if tie.resolution == TieResolution::FeedDate { "note" } else { "warning" };
    eprintln!(
        "pressdex: {severity}: {} and {} were both fetched at {at} and differ on {} {}: {how}",
        sanitize_line(winner),
        sanitize_line(other),
        tie.releases,
        plural(tie.releases, "release", "releases"),
    );
}

/// Prints one problem of a snapshot on stderr, exactly as `pressdex parse` does.
pub fn problem(diagnostic: &Diagnostic) {
    super::release::diagnostic(diagnostic);
}

/// Prints that a snapshot file could not be opened (counted as a problem; the run goes on).
pub fn unreadable(path: &Path, err: &io::Error) {
    eprintln!(
        "pressdex: error: {}: cannot read: {err}",
        sanitize_line(&path.display().to_string())
    );
}

/// Prints that the walk left out `path` (a FIFO, an unreadable folder, ...); the run goes on.
pub fn skipped(path: &Path, reason: &dyn std::fmt::Display) {
    let path = path.display().to_string();
    eprintln!(
        "pressdex: warning: {}: {}",
        sanitize_line(&path),
        sanitize_line(&reason.to_string())
    );
}

/// The one line `search` prints before building the default index.
pub fn building_default(dir: &Path, feeds: &Path) {
    eprintln!(
        "pressdex: no index yet: indexing {} into {} first",
        sanitize_line(&feeds.display().to_string()),
        sanitize_line(&dir.display().to_string())
    );
}

fn plural(count: u64, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}
