//! Walking the term dictionary: the indexed terms of a field that start with a prefix, as the
//! facet dimension listing and the prefix expansion of query words both need.

use tantivy::Searcher;
use tantivy::schema::Field;

use crate::Result;

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
