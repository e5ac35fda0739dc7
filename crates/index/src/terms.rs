//! Walking the term dictionary: the indexed terms of a field that start with a prefix, as the
//! facet dimension listing and the prefix expansion of query words both need.

use std::collections::BTreeSet;

use tantivy::Searcher;
use tantivy::schema::{Facet, Field};

use crate::error::Result;

/// Calls `visit` with every term of `field` that starts with `prefix`, segment by segment and
/// in term order within each, until `visit` returns `false`. A term seen in several segments
/// is visited once per segment.
pub(crate) fn visit_prefixed(
    searcher: &Searcher,
    field: Field,
    prefix: &[u8],
    mut visit: impl FnMut(&[u8]) -> bool,
) -> Result<()> {
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix)
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            let key = stream.key();
            if !key.starts_with(prefix) {
                break;
            }
            if !visit(key) {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The values directly under `/dimension` that the index holds (e.g. every year under
/// `/date`, every feed title under `/feed`).
pub(crate) fn dimension_values(
    searcher: &Searcher,
    field: Field,
    dimension: &str,
) -> Result<BTreeSet<String>> {
    let prefix = format!("{}\u{0}", Facet::from_path([dimension]).encoded_str());
    let mut values = BTreeSet::new();
    visit_prefixed(searcher, field, prefix.as_bytes(), |key| {
        let rest = key.strip_prefix(prefix.as_bytes()).unwrap_or_default();
        let child = rest.split(|byte| *byte == 0).next().unwrap_or_default();
        if let Ok(text) = std::str::from_utf8(child) {
            values.insert(text.to_string());
        }
        true
    })?;
    Ok(values)
}
