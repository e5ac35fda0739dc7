//! Pivot tables: the releases a query matches, counted by pairs of values of two facet
//! dimensions ("agreements by country", "kinds by year"), in one pass over the facet column of
//! each matching document.
//!
//! Any two dimensions pair by co-occurrence: a release about Mexico and Brazil that reports a
//! CMAA counts once under (CMAA, Mexico) and once under (CMAA, Brazil). Agreements by country are
//! the exception when the index knows who signed: it then holds the agreement-party pairs as
//! facets (`/party/<agreement code>/<alpha-2 code>`), and the pivot counts parties, not every
//! country a release mentions.

use std::collections::{BTreeSet, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::error::Result;
use crate::facets::{
    DateBuckets, FacetCount, FacetDimension, FacetOrder, arranged, fill_date_gaps,
};
use crate::query::Query;
use crate::schema;
use crate::searcher::ReleaseSearcher;
use crate::terms;

/// The facet dimension of agreement-party pairs, `/party/<agreement code>/<alpha-2 code>`,
/// which the agreement-parties model of the extraction issue indexes. An index without any such
/// facet pivots agreements by the countries each release is about.
pub(crate) const FACET_PARTY: &str = "party";

/// One side of a pivot table: a facet dimension, dates by year or by month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PivotAxis {
    /// The dimension.
    pub dimension: FacetDimension,
    /// Date buckets, when the dimension is [`FacetDimension::Date`].
    pub buckets: DateBuckets,
}

/// Releases counted by pairs of values: `counts[row][column]` releases carry both
/// `row_values[row]` and `column_values[column]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pivot {
    /// What the rows are.
    pub rows: PivotAxis,
    /// What the columns are.
    pub columns: PivotAxis,
    /// Releases the query matched.
    pub total: u64,
    /// Whether agreements were paired with the countries that are parties to them (the index
    /// holds agreement-party pairs) rather than with every country of the release.
    pub parties: bool,
    /// The row values, each with the releases counted in its row (a release once, however many
    /// columns it counts under).
    pub row_values: Vec<FacetCount>,
    /// The column values, each with the releases counted in its column.
    pub column_values: Vec<FacetCount>,
    /// One row per row value, one count per column value.
    pub counts: Vec<Vec<u64>>,
}

impl PivotAxis {
    /// `dimension`, dates by month.
    pub fn new(dimension: FacetDimension) -> PivotAxis {
        PivotAxis { dimension, buckets: DateBuckets::Month }
    }

    /// The value `path` (a facet's path, `["country", "MX"]`) has on this axis, if any.
    fn value_of(self, path: &[&str]) -> Option<String> {
        match (self.dimension, path) {
            (FacetDimension::Date, [_, year, month]) => Some(match self.buckets {
                DateBuckets::Year => (*year).to_string(),
                DateBuckets::Month => format!("{year}-{month}"),
            }),
            (FacetDimension::Date, _) => None,
            (_, [_, value]) => Some((*value).to_string()),
            _ => None,
        }
    }
}

impl Pivot {
    /// The count of releases under `row` and `column` (values as in `row_values`).
    pub fn count(&self, row: &str, column: &str) -> u64 {
        let row = self.row_values.iter().position(|value| value.value == row);
        let column = self.column_values.iter().position(|value| value.value == column);
        match (row, column) {
            (Some(row), Some(column)) => self.counts[row][column],
            _ => 0,
        }
    }

    /// Fills date gaps with zeros, keeps and orders the rows and the columns as asked (the
    /// order of a row or column value is that of its release count).
    pub fn arrange(&mut self, rows: FacetOrder, columns: FacetOrder) {
        if self.rows.dimension == FacetDimension::Date {
            fill_date_gaps(&mut self.row_values);
        }
        if self.columns.dimension == FacetDimension::Date {
            fill_date_gaps(&mut self.column_values);
        }
        let counts = self.lookup();
        let row_order = arranged(self.rows.dimension, &self.row_values, rows);
        let column_order = arranged(self.columns.dimension, &self.column_values, columns);
        let row_values: Vec<FacetCount> =
            row_order.iter().map(|index| self.row_values[*index].clone()).collect();
        let column_values: Vec<FacetCount> =
            column_order.iter().map(|index| self.column_values[*index].clone()).collect();
        self.counts = row_values
            .iter()
            .map(|row| {
                column_values
                    .iter()
                    .map(|column| {
                        counts
                            .get(&(row.value.as_str(), column.value.as_str()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect()
            })
            .collect();
        self.row_values = row_values;
        self.column_values = column_values;
    }

    /// Every non-zero count by its pair of values.
    fn lookup(&self) -> HashMap<(&str, &str), u64> {
        let mut found = HashMap::new();
        for (row, counts) in self.row_values.iter().zip(&self.counts) {
            for (column, count) in self.column_values.iter().zip(counts) {
                if *count > 0 {
                    found.insert((row.value.as_str(), column.value.as_str()), *count);
                }
            }
        }
        found
    }
}

impl ReleaseSearcher {
    /// Counts the releases matching `query` (at least one word, every filter; every word with
    /// `all_words`) by pairs of a `rows` value and a `columns` value. Rows and columns come most
    /// frequent first (dates oldest first), with only the values that count at least once:
    /// [`Pivot::arrange`] fills date gaps, cuts and reorders.
    ///
    /// # Errors
    /// [`InternalError::Tantivy`](crate::InternalError::Tantivy) on a read failure.
    pub fn pivot(
        &self,
        query: &Query,
        all_words: bool,
        rows: PivotAxis,
        columns: PivotAxis,
    ) -> Result<Pivot> {
        crate::error::guarded(self.index().dir(), || {
            self.pivot_unguarded(query, all_words, rows, columns)
        })
    }

    fn pivot_unguarded(
        &self,
        query: &Query,
        all_words: bool,
        rows: PivotAxis,
        columns: PivotAxis,
    ) -> Result<Pivot> {
        let searcher = self.reader().searcher();
        let plan = self.plan(&searcher, query)?;
        let minimum = if all_words { plan.groups.len() } else { 1 };
        let field = self.index().fields().facets;
        let agreement_and_country = |left: PivotAxis, right: PivotAxis| {
            left.dimension == FacetDimension::Agreement
                && right.dimension == FacetDimension::Country
        };
        let parties = (agreement_and_country(rows, columns)
            || agreement_and_country(columns, rows))
            && !terms::dimension_values(&searcher, field, FACET_PARTY)?.is_empty();
        let collector = PivotCollector { rows, columns, parties };
        let (total, fruit) =
            searcher.search(&*plan.query(minimum), &(tantivy::collector::Count, collector))?;
        Ok(fruit.into_pivot(rows, columns, total as u64, parties))
    }
}

/// Counts pairs of values per document.
struct PivotCollector {
    rows: PivotAxis,
    columns: PivotAxis,
    parties: bool,
}

/// What one facet of a segment's dictionary stands for in the table.
#[derive(Clone, Copy, Default)]
struct Slot {
    row: Option<u32>,
    column: Option<u32>,
    pair: Option<(u32, u32)>,
}

struct PivotSegment {
    reader: FacetReader,
    slots: Vec<Slot>,
    row_names: Vec<String>,
    column_names: Vec<String>,
    parties: bool,
    fruit: PivotFruit,
    /// Scratch space for one document.
    pairs: Vec<(u32, u32)>,
    row_hits: Vec<u32>,
    column_hits: Vec<u32>,
}

/// The counts, by value names.
#[derive(Default)]
struct PivotFruit {
    pairs: HashMap<(String, String), u64>,
    rows: HashMap<String, u64>,
    columns: HashMap<String, u64>,
}

impl Collector for PivotCollector {
    type Fruit = PivotFruit;
    type Child = PivotSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<PivotSegment> {
        let facet_reader = reader.facet_reader(schema::FACETS)?;
        let mut row_names: Vec<String> = Vec::new();
        let mut column_names: Vec<String> = Vec::new();
        let intern = |names: &mut Vec<String>, value: String| -> u32 {
            let at = names.iter().position(|name| *name == value).unwrap_or_else(|| {
                names.push(value);
                names.len() - 1
            });
            u32::try_from(at).unwrap_or(u32::MAX)
        };
        let mut slots = vec![Slot::default(); facet_reader.num_facets()];
        let mut facet = Facet::root();
        for (ord, slot) in slots.iter_mut().enumerate() {
            facet_reader.facet_from_ord(ord as u64, &mut facet)?;
            let path = facet.to_path();
            let Some((dimension, _)) = path.split_first() else { continue };
            if *dimension == FACET_PARTY {
                // `/party/CMAA/CV`: a pair, whichever side agreements are on.
                if let (true, [_, agreement, country]) = (self.parties, path.as_slice()) {
                    let (row, column) = if self.rows.dimension == FacetDimension::Agreement {
                        (agreement, country)
                    } else {
                        (country, agreement)
                    };
                    let row = intern(&mut row_names, (*row).to_string());
                    let column = intern(&mut column_names, (*column).to_string());
                    slot.pair = Some((row, column));
                }
                continue;
            }
            if *dimension == self.rows.dimension.as_str()
                && let Some(value) = self.rows.value_of(&path)
            {
                slot.row = Some(intern(&mut row_names, value));
            }
            if *dimension == self.columns.dimension.as_str()
                && let Some(value) = self.columns.value_of(&path)
            {
                slot.column = Some(intern(&mut column_names, value));
            }
        }
        Ok(PivotSegment {
            reader: facet_reader,
            slots,
            row_names,
            column_names,
            parties: self.parties,
            fruit: PivotFruit::default(),
            pairs: Vec::new(),
            row_hits: Vec::new(),
            column_hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<PivotFruit>) -> tantivy::Result<PivotFruit> {
        let mut merged = PivotFruit::default();
        for fruit in fruits {
            for (pair, count) in fruit.pairs {
                *merged.pairs.entry(pair).or_default() += count;
            }
            for (row, count) in fruit.rows {
                *merged.rows.entry(row).or_default() += count;
            }
            for (column, count) in fruit.columns {
                *merged.columns.entry(column).or_default() += count;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for PivotSegment {
    type Fruit = PivotFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.pairs.clear();
        self.row_hits.clear();
        self.column_hits.clear();
        for ord in self.reader.facet_ords(doc) {
            let Some(slot) = usize::try_from(ord).ok().and_then(|ord| self.slots.get(ord)) else {
                continue;
            };
            if let Some(pair) = slot.pair {
                self.pairs.push(pair);
            }
            if !self.parties || slot.pair.is_none() {
                self.row_hits.extend(slot.row);
                self.column_hits.extend(slot.column);
            }
        }
        if !self.parties {
            for row in &self.row_hits {
                for column in &self.column_hits {
                    self.pairs.push((*row, *column));
                }
            }
        }
        self.pairs.sort_unstable();
        self.pairs.dedup();
        if self.pairs.is_empty() {
            return;
        }
        let rows: BTreeSet<u32> = self.pairs.iter().map(|(row, _)| *row).collect();
        let columns: BTreeSet<u32> = self.pairs.iter().map(|(_, column)| *column).collect();
        for (row, column) in &self.pairs {
            let key = (
                self.row_names[*row as usize].clone(),
                self.column_names[*column as usize].clone(),
            );
            *self.fruit.pairs.entry(key).or_default() += 1;
        }
        for row in rows {
            *self.fruit.rows.entry(self.row_names[row as usize].clone()).or_default() += 1;
        }
        for column in columns {
            *self.fruit.columns.entry(self.column_names[column as usize].clone()).or_default() += 1;
        }
    }

    fn harvest(self) -> PivotFruit {
        self.fruit
    }
}

impl PivotFruit {
    fn into_pivot(self, rows: PivotAxis, columns: PivotAxis, total: u64, parties: bool) -> Pivot {
        let values = |counts: HashMap<String, u64>| -> Vec<FacetCount> {
            counts.into_iter().map(|(value, count)| FacetCount { value, count }).collect()
        };
        let row_values = values(self.rows);
        let column_values = values(self.columns);
        let counts = row_values
            .iter()
            .map(|row| {
                column_values
                    .iter()
                    .map(|column| {
                        self.pairs
                            .get(&(row.value.clone(), column.value.clone()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect()
            })
            .collect();
        let mut pivot = Pivot { rows, columns, total, parties, row_values, column_values, counts };
        // The default order, without date gaps filled: only values that count.
        let order = |axis: PivotAxis, values: &[FacetCount]| {
            arranged(axis.dimension, values, FacetOrder::default())
        };
        let row_order = order(rows, &pivot.row_values);
        let column_order = order(columns, &pivot.column_values);
        pivot.counts = row_order
            .iter()
            .map(|row| column_order.iter().map(|column| pivot.counts[*row][*column]).collect())
            .collect();
        pivot.row_values = row_order.iter().map(|index| pivot.row_values[*index].clone()).collect();
        pivot.column_values =
            column_order.iter().map(|index| pivot.column_values[*index].clone()).collect();
        pivot
    }
}
