//! Walking the term dictionary: the indexed terms of a field that start with a prefix, as the
//! facet dimension listing and the prefix expansion of query words both need.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use tantivy::postings::TermInfo;
use tantivy::schema::{Facet, Field};
use tantivy::termdict::TermStreamer;
use tantivy::{InvertedIndexReader, Searcher, SegmentReader};

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
    visit_prefixed_terms(searcher, field, prefix, |_, _, key, _| Ok(visit(key)))
}

/// [`visit_prefixed`] with what a count needs besides the term: the segment, its inverted index
/// (to read the term's postings) and the term's info (its document frequency); `visit` may
/// fail.
pub(crate) fn visit_prefixed_terms(
    searcher: &Searcher,
    field: Field,
    prefix: &[u8],
    mut visit: impl FnMut(&SegmentReader, &InvertedIndexReader, &[u8], &TermInfo) -> Result<bool>,
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
            if !visit(segment, &inverted, key, stream.value())? {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Calls `visit(term, doc_freq)` once per distinct term of any of `fields` that starts with
/// `prefix`, in term order, with its document frequency summed over the fields and segments:
/// a merge of the sorted term streams, so memory stays constant however many terms match.
pub(crate) fn visit_prefixed_with_freq(
    searcher: &Searcher,
    fields: &[Field],
    prefix: &[u8],
    mut visit: impl FnMut(&[u8], u64),
) -> Result<()> {
    let mut inverted = Vec::new();
    for &field in fields {
        for segment in searcher.segment_readers() {
            inverted.push(segment.inverted_index(field)?);
        }
    }
    let mut streams: Vec<TermStreamer<'_>> = Vec::with_capacity(inverted.len());
    for reader in &inverted {
        let mut range = reader.terms().range().ge(prefix);
        if let Some(end) = prefix_end(prefix) {
            range = range.lt(end);
        }
        streams.push(range.into_stream().map_err(tantivy::TantivyError::from)?);
    }
    // A min-heap of each stream's current term.
    let mut heap: BinaryHeap<Reverse<(Vec<u8>, usize)>> = BinaryHeap::new();
    for (at, stream) in streams.iter_mut().enumerate() {
        if stream.advance() {
            heap.push(Reverse((stream.key().to_vec(), at)));
        }
    }
    while let Some(Reverse((key, at))) = heap.pop() {
        let mut doc_freq = u64::from(streams[at].value().doc_freq);
        if streams[at].advance() {
            heap.push(Reverse((streams[at].key().to_vec(), at)));
        }
        while let Some(Reverse((next, other))) = heap.peek() {
            if *next != key {
                break;
            }
            let other = *other;
            heap.pop();
            doc_freq += u64::from(streams[other].value().doc_freq);
            if streams[other].advance() {
                heap.push(Reverse((streams[other].key().to_vec(), other)));
            }
        }
        visit(&key, doc_freq);
    }
    Ok(())
}

/// The first byte string after every string that starts with `prefix` (`None` when there is
/// none: a prefix of 0xFF bytes only).
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
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
