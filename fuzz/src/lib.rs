//! The bodies of the fuzz targets, one function per target, each taking the raw fuzzer input.
//!
//! Kept apart from `fuzz_targets/` so the normal (stable) test suite can replay every input in
//! `tests/fuzz-regressions/<target>/` through exactly this code: `tests/it/reliability.rs`
//! includes this file as a module. A target fails by panicking, so each one also asserts the
//! invariants that must hold for any input.

use std::io::{self, Read};

use pressdex_ingest::{FeedEvent, PressRelease, ReleaseKind, read_feed};

/// The most events one input may yield before the target calls it a runaway: an input of
/// `n` bytes can hold at most `n` items and `n` problems, plus a final diagnostic.
fn event_budget(len: usize) -> usize {
    2 * len + 16
}

/// `feed`: arbitrary bytes as a snapshot. Drains `read_feed` and builds a release from every
/// item. The same bytes read one byte per `read` call must give the same items: the parser may
/// not depend on where its reader's buffer boundaries fall.
pub fn feed(data: &[u8]) {
    let whole = drain(data, io::Cursor::new(data));
    let trickled = drain(data, OneByteReader(data));
    if whole != trickled {
        let differs = whole.iter().zip(&trickled).position(|(a, b)| a != b);
        panic!(
            "items differ when the snapshot arrives one byte per read: {} items whole, {} trickled, \
             first difference at item {:?}",
            whole.len(),
            trickled.len(),
            differs.map(|index| index + 1),
        );
    }
    for item in whole {
        pressdex_ingest::build_release(item);
    }
}

fn drain(data: &[u8], reader: impl Read) -> Vec<pressdex_ingest::FeedItem> {
    let budget = event_budget(data.len());
    let mut items = Vec::new();
    for (count, event) in read_feed("fuzz.xml", reader).enumerate() {
        assert!(count < budget, "more than {budget} events from {} bytes", data.len());
        if let FeedEvent::Item(item) = event {
            items.push(item);
        }
    }
    items
}

/// A reader that hands out one byte per call, as a slow network would.
struct OneByteReader<'a>(&'a [u8]);

impl Read for OneByteReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match (self.0.split_first(), buf.first_mut()) {
            (Some((first, rest)), Some(slot)) => {
                *slot = *first;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

/// `html`: the whole HTML step on any page. The first two bytes (big-endian) say how many
/// times the rest is repeated, up to the 4 MiB an item's HTML may hold, so a short input
/// reaches any nesting depth (`fuzz/dicts/html.dict` holds the tags that nest). Extraction
/// never fails and is deterministic.
pub fn html(data: &[u8]) {
    let page = match data {
        [high, low, rest @ ..] if !rest.is_empty() => {
            let once = String::from_utf8_lossy(rest);
            let times = usize::from(u16::from_be_bytes([*high, *low]));
            once.repeat(times.min((4 << 20) / once.len()).max(1))
        }
        _ => String::from_utf8_lossy(data).into_owned(),
    };
    let first = pressdex_ingest::html_to_text(&page);
    let second = pressdex_ingest::html_to_text(&page);
    assert_eq!(first, second, "extraction is not deterministic");
}

/// `enrich`: arbitrary text as a release. NUL bytes split the input into title, summary, body
/// and captions, so the fuzzer can reach every field. Enrichment never fails, is deterministic,
/// and names each country at most once.
pub fn enrich(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let title = parts.next().unwrap_or_default().to_owned();
    let summary = parts.next().map(str::to_owned);
    let body = parts.next().unwrap_or_default().to_owned();
    let captions = parts.map(str::to_owned).collect();
    let mut release = PressRelease {
        guid: "fuzz".to_owned(),
        title,
        feed: "fuzz".to_owned(),
        kind: ReleaseKind::Page,
        summary,
        body,
        captions,
        ..PressRelease::default()
    };
    pressdex_ingest::enrich(&mut release);
    let first = (release.countries.clone(), release.agreements.clone());
    pressdex_ingest::enrich(&mut release);
    assert_eq!(first, (release.countries.clone(), release.agreements.clone()), "not deterministic");
    let mut countries = release.countries.clone();
    countries.sort();
    countries.dedup();
    assert_eq!(countries.len(), release.countries.len(), "a country is named twice");
}

/// `query`: arbitrary text as a search query, and as the value of every filter flag. Parsing
/// never panics; an error points inside the query at a character boundary (the binary puts a
/// caret there); a query that parses parses the same way twice.
pub fn query(data: &[u8]) {
    use pressdex_index::{FilterField, Filters, Query};

    let text = String::from_utf8_lossy(data);
    match Query::parse(&text) {
        Ok(parsed) => assert_eq!(Query::parse(&text), Ok(parsed), "not deterministic"),
        Err(err) => {
            assert!(err.position <= text.len(), "error at {} past the end", err.position);
            assert!(text.is_char_boundary(err.position), "error inside a character");
            assert!(!err.to_string().is_empty());
        }
    }
    for name in
        ["title", "country", "agreement", "feed", "kind", "location", "since", "until", "year"]
    {
        let field = FilterField::from_name(name).expect("a known filter field");
        let mut filters = Filters::default();
        if filters.add(field, &text).is_ok() {
            let _ = filters.validate();
        }
    }
}
