//! Whether a response body is a feed worth archiving, by pressdex-ingest's own feed reader
//! (the reader the index will use): an HTML page served with 200, an empty body, a document cut
//! off in transfer or a feed that lists no item is refused.

use pressdex_ingest::{FeedEvent, ProblemKind, read_feed};

/// The number of items the feed `body` holds.
///
/// # Errors
/// Why it is not archived, as a sentence: not a feed (empty, HTML, not XML), truncated (the
/// body ends inside the feed: a download cut short, whose validators must not be kept), or no
/// item at all.
pub fn items_in(body: &[u8]) -> Result<u64, String> {
    let mut items = 0;
    for event in read_feed("response", body) {
        match event {
            FeedEvent::Item(_) => items += 1,
            FeedEvent::Problem(problem) => {
                if let kind @ (ProblemKind::NotAFeed(_) | ProblemKind::Truncated(_)) = problem.kind
                {
                    return Err(kind.to_string());
                }
            }
        }
    }
    if items == 0 {
        return Err("the feed lists no item".to_string());
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = include_str!("../../index-data/feeds/cbp-international-operations.xml");

    fn check(body: &[u8], expected: Result<u64, &str>) {
        match (items_in(body), expected) {
            (Ok(found), Ok(wanted)) => assert_eq!(found, wanted),
            (Err(found), Err(wanted)) => assert!(found.starts_with(wanted), "{found}"),
            (found, wanted) => panic!("{found:?}, expected {wanted:?}"),
        }
    }

    #[test]
    fn feeds_are_kept_and_the_rest_refused() {
        check(FEED.as_bytes(), Ok(10));
        check(b"", Err("not a feed: the file is empty"));
        check(b"<!DOCTYPE html><html><body>Service Unavailable</body></html>", Err("not a feed"));
        check(b"{\"error\": 1}", Err("not a feed"));
        check(&FEED.as_bytes()[..FEED.len() / 2], Err("truncated"));
        check(&FEED.as_bytes()[..300], Err("truncated"));
        check(
            b"<rss version=\"2.0\"><channel><title>t</title></channel></rss>",
            Err("the feed lists no item"),
        );
    }
}
