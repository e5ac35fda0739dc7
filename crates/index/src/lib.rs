//! `pressdex-index`: the Tantivy index of press releases. [`pressdex_ingest::PressRelease`]s
//! in, search hits out. Owns the schema, the writer (upsert by guid) and the searcher.
//!
//! This crate never sees RSS, HTML, command-line flags or the terminal, and never opens a
//! snapshot file: the caller hands over each snapshot's name and fetch time, and a way to read
//! it. [`index_snapshots`] (and [`rebuild_index`]) is the one way to write; progress and the
//! feed reader's problems come back as [`IndexEvent`]s.
//!
//! ```
//! use pressdex_index::{
//!     IndexRequest, Query, ReleaseIndex, ReleaseSearcher, SearchRequest, SnapshotMeta,
//!     index_snapshots,
//! };
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let dir = tempfile::tempdir()?;
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../index-data/feeds/cbp-international-operations.xml");
//! let index = ReleaseIndex::open_or_create(dir.path())?;
//! let meta = SnapshotMeta::new("cbp.xml", chrono::Utc::now());
//! let request = IndexRequest::new(vec![meta]);
//! let report = index_snapshots(&index, &request, |_| std::fs::File::open(path), |_event| {})?;
//! assert_eq!((report.counts.items, report.counts.added), (10, 10));
//! assert_eq!(report.changes.len(), 10, "every release is new");
//!
//! let searcher = ReleaseSearcher::new(index)?;
//! let results = searcher.search(&SearchRequest::new(Query::parse("country:mx")?))?;
//! assert!(results.total > 0);
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![warn(unreachable_pub)]

mod acronyms;
mod changes;
mod check;
mod digest;
mod directory;
mod disk;
mod document;
mod error;
mod facets;
mod grams;
mod indexing;
mod lookup;
mod pivot;
mod provenance;
mod query;
mod record;
mod schema;
mod searcher;
mod snippet;
mod stats;
mod stem;
mod terms;
mod verify;
mod writer;

pub use acronyms::{ACRONYMS, Acronym};
pub use changes::{Change, ChangeKind, Changes};
pub use check::{CheckEntry, CheckReport, check_index};
pub use directory::ReleaseIndex;
pub use document::{IndexedRelease, Provenance, Sighting};
pub use error::{Error, InternalError, Result, SchemaFound, UserError};
pub use facets::{DateBuckets, FacetCount, FacetCounts, FacetDimension, FacetOrder, FacetSort};
pub use indexing::{IndexEvent, IndexReport, IndexRequest, Phase, index_snapshots, rebuild_index};
pub use lookup::{Candidate, Lookup};
pub use pivot::{Pivot, PivotAxis};
pub use query::{
    FilterField, Filters, Group, MAX_QUERY_WORDS, Moment, Query, QueryError, QueryErrorKind, Term,
    TermKind,
};
pub use record::{DatedBy, SnapshotMeta, last_run, recorded_snapshots};
pub use schema::SCHEMA_VERSION;
pub use searcher::{
    CappedPrefix, Correction, MAX_PREFIX_TERMS, PreparedSearch, ReleaseSearcher, SearchHit,
    SearchRequest, SearchResults, SortBy,
};
pub use snippet::Snippet;
pub use stats::{IndexStats, index_stats};
pub use writer::{IndexCounts, SnapshotTie, TieResolution};

#[cfg(test)]
mod tests {
    //! The crate's layout, checked on its sources: the modules depend on each other without a
    //! cycle, and no file grows past 600 lines.

    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    const MAX_LINES: usize = 600;

    /// Every `.rs` file under `dir`.
    fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.push(path);
            }
        }
    }

    /// The first segment of each path after `crate::` in `code`: `crate::a::b` and
    /// `crate::{a::b, c}` give `a` and `c`.
    fn crate_paths(code: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let group = match rest.strip_prefix('{') {
                Some(inner) => &inner[..inner.find('}').unwrap_or(inner.len())],
                None => rest,
            };
            for path in group.split(',') {
                let name: String = path
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
                if !rest.starts_with('{') {
                    break;
                }
            }
        }
        found
    }

    /// The module that `name` (a module, or an item `lib.rs` re-exports) belongs to.
    fn resolve(
        name: &str,
        modules: &BTreeSet<String>,
        exports: &BTreeMap<String, String>,
    ) -> Option<String> {
        if modules.contains(name) {
            return Some(name.to_string());
        }
        exports.get(name).cloned()
    }

    #[test]
    fn modules_form_no_cycle_and_files_stay_small() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&root, &mut files);
        files.sort();
        let module_of = |path: &Path| -> String {
            let relative = path.strip_prefix(&root).expect("under src");
            let first = relative.components().next().expect("a file");
            first.as_os_str().to_string_lossy().trim_end_matches(".rs").to_string()
        };
        let modules: BTreeSet<String> =
            files.iter().map(|path| module_of(path)).filter(|name| name != "lib").collect();

        let lib = std::fs::read_to_string(root.join("lib.rs")).expect("lib.rs");
        let lib = lib.split("#[cfg(test)]").next().unwrap_or_default();
        let mut exports = BTreeMap::new();
        for statement in lib.split("pub use ").skip(1) {
            let statement = &statement[..statement.find(';').expect("a `;`")];
            let (module, items) = statement.split_once("::").expect("module::items");
            for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
                exports.insert(item.trim().to_string(), module.trim().to_string());
            }
        }

        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for path in &files {
            let text = std::fs::read_to_string(path).expect("readable source");
            let lines = text.lines().count();
            assert!(
                lines <= MAX_LINES,
                "{} has {lines} lines (at most {MAX_LINES})",
                path.display()
            );
            let module = module_of(path);
            if module == "lib" || path.file_name().is_some_and(|name| name == "tests.rs") {
                continue;
            }
            // Code only: unit tests sit at the end, and may use anything.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let code: String = code
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for name in crate_paths(&code) {
                let target = resolve(&name, &modules, &exports)
                    .unwrap_or_else(|| panic!("{}: crate::{name} is no module", path.display()));
                if target != module {
                    edges.entry(module.clone()).or_default().insert(target);
                }
            }
        }

        // Depth-first search; a module met again while still on the path closes a cycle.
        fn visit(
            module: &str,
            edges: &BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) {
            if done.contains(module) {
                return;
            }
            if let Some(start) = path.iter().position(|on_path| on_path == module) {
                panic!("module import cycle: {} -> {module}", path[start..].join(" -> "));
            }
            path.push(module.to_string());
            for next in edges.get(module).into_iter().flatten() {
                visit(next, edges, path, done);
            }
            path.pop();
            done.insert(module.to_string());
        }
        let mut done = BTreeSet::new();
        for module in &modules {
            visit(module, &edges, &mut Vec::new(), &mut done);
        }
        assert!(edges.get("query").is_none_or(BTreeSet::is_empty), "the parser stands alone");
    }

    #[test]
    fn crate_paths_reads_both_forms() {
        assert_eq!(crate_paths("use crate::a::b;\nuse crate::{c, d::e};"), ["a", "c", "d"]);
    }
}
