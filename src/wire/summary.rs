//! Summary objects, one per command run (or per facet): `index`, `facets` (and its tables),
//! `stats`, `check`.
//! Each carries `"pressdex_json"`.

use pressdex_index::{
    CheckEntry, CheckReport, FacetCounts, IndexReport, IndexStats, PivotAxis, SnapshotMeta,
};
use serde::{Deserialize, Serialize};

use super::VERSION;
use super::values::{Country, Provenance, Sighting, Time};

/// `index --json`: what one run did (written by [`IndexSummaryOut`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexSummary {
    /// [`VERSION`].
    pub pressdex_json: u32,
    /// Snapshot files read.
    pub files: u64,
    /// Items the snapshots held (every version of a guid counts).
    pub items: u64,
    /// Releases new to the index.
    pub added: u64,
    /// Releases whose content changed.
    pub updated: u64,
    /// Items the index already held with the same content.
    pub unchanged: u64,
    /// Problems reported on stderr (bad items, unreadable files).
    pub problems: u64,
    /// Of `files`, those not parsed again: the same bytes as when the index last read them.
    #[serde(default)]
    pub unchanged_files: u64,
    /// The releases the run added or whose content it changed, newest publication first.
    pub changes: Vec<Change>,
}

/// A release a run added, or whose content it changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// See [`super::Release::guid`].
    pub guid: String,
    /// See [`super::Release::title`].
    pub title: String,
    /// See [`super::Release::published`].
    pub published: Option<Time>,
    /// `added` or `updated`.
    pub change: String,
}

impl From<&pressdex_index::Change> for Change {
    fn from(change: &pressdex_index::Change) -> Change {
        Change {
            guid: change.guid.clone(),
            title: change.title.clone(),
            published: change.published.map(Time),
            change: change.change.as_str().to_string(),
        }
    }
}

/// An [`IndexSummary`] written straight from a run's report: its changes are read back one at
/// a time (a first index of a million releases lists a million), never all held at once. The
/// same JSON as the [`IndexSummary`] it reads back into.
pub struct IndexSummaryOut<'a>(pub &'a IndexReport);

impl Serialize for IndexSummaryOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let counts = &self.0.counts;
        let mut summary = serializer.serialize_struct("IndexSummary", 9)?;
        summary.serialize_field("pressdex_json", &VERSION)?;
        summary.serialize_field("files", &counts.files)?;
        summary.serialize_field("items", &counts.items)?;
        summary.serialize_field("added", &counts.added)?;
        summary.serialize_field("updated", &counts.updated)?;
        summary.serialize_field("unchanged", &counts.unchanged)?;
        summary.serialize_field("problems", &counts.problems)?;
        summary.serialize_field("unchanged_files", &counts.unchanged_files)?;
        summary.serialize_field("changes", &ChangesOut(&self.0.changes))?;
        summary.end()
    }
}

struct ChangesOut<'a>(&'a pressdex_index::Changes);

impl Serialize for ChangesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for change in self.0.iter() {
            let change = change.map_err(S::Error::custom)?;
            seq.serialize_element(&Change::from(&change))?;
        }
        seq.end()
    }
}

/// The counts of one facet over a set of releases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facet {
    /// `country`, `agreement`, `date`, `feed` or `kind`.
    pub field: String,
    /// Releases counted over (a release may count under several values, or none).
    pub total: u64,
    /// Most frequent first (ties by value), dates oldest first, or as `--sort` asks.
    pub counts: Vec<FacetValue>,
}

/// One value of a facet and how many releases carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    /// What a filter takes: an ISO 3166-1 alpha-2 code (`MX`), an agreement code (`CMAA`), a
    /// year or month (`2023`, `2023-09`), a feed title, a kind.
    pub value: String,
    /// What a person reads: the country's name (`Mexico`); else the value itself.
    pub label: String,
    /// Releases with the value.
    pub count: u64,
}

impl FacetValue {
    /// The value `value` of the facet `field` (as the index names both), counted `count` times.
    pub fn new(field: &str, value: &str, count: u64) -> FacetValue {
        if field == "country"
            && let Some(country) = Country::from_key(value)
        {
            return FacetValue { value: country.code, label: country.name, count };
        }
        FacetValue { value: value.to_string(), label: value.to_string(), count }
    }
}

impl From<&FacetCounts> for Facet {
    fn from(facet: &FacetCounts) -> Facet {
        let field = facet.dimension.as_str();
        Facet {
            field: field.to_string(),
            total: facet.total,
            counts: facet
                .counts
                .iter()
                .map(|count| FacetValue::new(field, &count.value, count.count))
                .collect(),
        }
    }
}

/// `facets --json`: one line per facet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetsSummary {
    /// [`VERSION`].
    pub pressdex_json: u32,
    /// The facet's keys, inline.
    #[serde(flatten)]
    pub facet: Facet,
}

impl From<&FacetCounts> for FacetsSummary {
    fn from(facet: &FacetCounts) -> FacetsSummary {
        FacetsSummary { pressdex_json: VERSION, facet: Facet::from(facet) }
    }
}

/// `facets --field A --by B --json`: releases counted by pairs of values, a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pivot {
    /// [`VERSION`].
    pub pressdex_json: u32,
    /// The facet of the rows: `country`, `agreement`, `year`, `month`, `feed` or `kind`.
    pub field: String,
    /// The facet of the columns, named alike.
    pub by: String,
    /// Releases matched.
    pub total: u64,
    /// Whether agreements were paired with the countries that are parties to them (the index
    /// knows them) rather than with every country a release is about.
    pub parties: bool,
    /// The row values, each with the releases counted in its row.
    pub rows: Vec<FacetValue>,
    /// The column values, each with the releases counted in its column.
    pub columns: Vec<FacetValue>,
    /// `counts[r][c]`: releases under row `r` and column `c`.
    pub counts: Vec<Vec<u64>>,
}

/// An axis's name: its dimension, dates as `year` or `month`.
fn axis_name(axis: PivotAxis) -> &'static str {
    match (axis.dimension, axis.buckets) {
        (pressdex_index::FacetDimension::Date, pressdex_index::DateBuckets::Year) => "year",
        (pressdex_index::FacetDimension::Date, pressdex_index::DateBuckets::Month) => "month",
        (dimension, _) => dimension.as_str(),
    }
}

impl From<&pressdex_index::Pivot> for Pivot {
    fn from(pivot: &pressdex_index::Pivot) -> Pivot {
        let values = |axis: PivotAxis, values: &[pressdex_index::FacetCount]| -> Vec<FacetValue> {
            let field = axis.dimension.as_str();
            values.iter().map(|value| FacetValue::new(field, &value.value, value.count)).collect()
        };
        Pivot {
            pressdex_json: VERSION,
            field: axis_name(pivot.rows).to_string(),
            by: axis_name(pivot.columns).to_string(),
            total: pivot.total,
            parties: pivot.parties,
            rows: values(pivot.rows, &pivot.row_values),
            columns: values(pivot.columns, &pivot.column_values),
            counts: pivot.counts.clone(),
        }
    }
}

/// `stats --json`: what the index holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// [`VERSION`].
    pub pressdex_json: u32,
    /// Releases in the index.
    pub releases: u64,
    /// The earliest publication time, or null when no release is dated.
    pub earliest: Option<Time>,
    /// The latest publication time, or null.
    pub latest: Option<Time>,
    /// The snapshots indexed so far, in the order they were indexed.
    pub snapshots: Vec<SnapshotInfo>,
    /// When the latest indexing run started, or null before the first.
    pub last_run: Option<Time>,
    /// The most frequent values of each facet over every release (dates by year).
    pub facets: Vec<Facet>,
    /// Bytes of the index's files.
    pub size_bytes: u64,
    /// Segments in the last commit.
    pub segments: u64,
}

/// A snapshot the index has read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    /// Its absolute path (as given to `pressdex index`, in indexes built before issue 11).
    pub name: String,
    /// Its fetch time.
    pub fetched_at: Time,
    /// How the fetch time was decided: `manifest`, `file-name`, `flag`, `feed-date` or
    /// `mtime`; null in records older than this key.
    pub dated_by: Option<String>,
    /// Its feed's URL, when `pressdex fetch` downloaded it.
    pub url: Option<String>,
}

impl From<&SnapshotMeta> for SnapshotInfo {
    fn from(snapshot: &SnapshotMeta) -> SnapshotInfo {
        SnapshotInfo {
            name: snapshot.path.clone(),
            fetched_at: Time(snapshot.fetched_at),
            dated_by: snapshot.dated_by.map(|how| how.as_str().to_string()),
            url: snapshot.url.clone(),
        }
    }
}

impl From<&IndexStats> for Stats {
    fn from(stats: &IndexStats) -> Stats {
        Stats {
            pressdex_json: VERSION,
            releases: stats.releases,
            earliest: stats.earliest.map(Time),
            latest: stats.latest.map(Time),
            snapshots: stats.snapshots.iter().map(SnapshotInfo::from).collect(),
            last_run: stats.last_run.map(Time),
            facets: stats.facets.iter().map(Facet::from).collect(),
            size_bytes: stats.size_bytes,
            segments: stats.segments as u64,
        }
    }
}

/// `check --json`: whether the index is sound, and every release's identity (to compare two
/// indexes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// [`VERSION`].
    pub pressdex_json: u32,
    /// No problem was found.
    pub ok: bool,
    /// Documents (releases) in the index.
    pub documents: u64,
    /// Segments in the last commit.
    pub segments: u64,
    /// Segment files verified against their checksums and read in full.
    pub files: u64,
    /// One sentence per problem.
    pub problems: Vec<String>,
    /// Every release, by guid.
    pub releases: Vec<CheckedRelease>,
}

/// One release as `check` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedRelease {
    /// See [`super::Release::guid`].
    pub guid: String,
    /// The hash of the item's raw content: 16 lower-case hex digits.
    pub hash: String,
    /// Where it came from.
    pub provenance: Provenance,
}

impl From<&CheckEntry> for CheckedRelease {
    fn from(entry: &CheckEntry) -> CheckedRelease {
        CheckedRelease {
            guid: entry.guid.clone(),
            hash: format!("{:016x}", entry.raw_hash),
            provenance: Provenance {
                first_seen: Time(entry.first_seen),
                last_seen: Time(entry.last_seen),
                snapshot: entry.snapshot.clone(),
                url: entry.url.clone(),
                revisions: entry.revisions,
                indexed_at: Time(entry.indexed_at),
                changed_at: Time(entry.changed_at),
                sightings: entry.sightings.iter().map(Sighting::from).collect(),
            },
        }
    }
}

impl From<&CheckReport> for Check {
    fn from(report: &CheckReport) -> Check {
        Check {
            pressdex_json: VERSION,
            ok: report.problems.is_empty(),
            documents: report.documents,
            segments: report.segments as u64,
            files: report.files as u64,
            problems: report.problems.clone(),
            releases: report.entries.iter().map(CheckedRelease::from).collect(),
        }
    }
}
