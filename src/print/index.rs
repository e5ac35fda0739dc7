//! Output of `pressdex index`: the summary line (or JSON object), problems on stderr.

use std::io::{self, Write};
use std::path::Path;

use pressdex::wire;
use pressdex_index::IndexCounts;
use pressdex_ingest::Diagnostic;

use super::sanitize_line;

/// Writes the run's summary: one line, or one `wire::IndexSummary` with `json`.
///
/// # Errors
/// Writing to `out` failed.
pub fn summary(out: &mut dyn Write, counts: &IndexCounts, json: bool) -> io::Result<()> {
    if json {
        return super::json::write_line(out, &wire::IndexSummary::from(counts));
    }
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
    )
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
