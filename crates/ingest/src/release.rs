//! FeedItem -> PressRelease: read the item's HTML, then enrich.

use crate::{FeedItem, PressRelease, ReleaseKind, enrich, html};

/// Turns one feed item into a release: the text of its HTML, its kind, its facets.
pub fn build_release(item: FeedItem) -> PressRelease {
    let page = html::html_to_text(&item.html);
    let mut release = PressRelease {
        kind: ReleaseKind::from_link(&item.link),
        guid: item.guid,
        link: item.link,
        title: item.title,
        published: item.published,
        creator: item.creator,
        feed: item.feed,
        summary: page.summary,
        body: page.body,
        captions: page.captions,
        location: page.location,
        contact: page.contact,
        release_date: page.release_date,
        countries: Vec::new(),
        mentions: Vec::new(),
        agreements: Vec::new(),
        event_date: None,
        raw_hash: item.raw_hash,
    };
    enrich::enrich(&mut release);
    release
}
