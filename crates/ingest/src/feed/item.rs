//! One item being assembled: the fields the reader collects, their byte limits, and the checks
//! that turn a finished item into a [`FeedItem`] (with warnings) or a refusal.

use std::collections::VecDeque;
use std::hash::Hasher;

use super::FeedEvent;
use super::diagnostics::Reporter;
use crate::date::parse_date;
use crate::{
    EncodingProblem, EntityResolution, FeedField, FeedItem, PIPELINE_VERSION, ProblemKind,
    Severity, normalize_space,
};

/// Longest title, guid, link, creator or date accepted, in bytes. A longer one makes the item
/// unreadable (an error naming the field): a 100 KB guid or a 10 MB title is not a release, and
/// truncating a guid would merge distinct items.
pub(crate) const MAX_FIELD_BYTES: usize = 8 * 1024;

/// Longest item HTML accepted, in bytes. Real releases are under 100 KB; a longer one is
/// skipped with an error.
pub(crate) const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;

/// Longest item accepted, in bytes of XML: room for its fields at their limits, escaped. What
/// the reader does not keep (unknown elements, whitespace) counts too.
pub(crate) const MAX_ITEM_BYTES: u64 = 32 * 1024 * 1024;

/// The fields the reader collects, and their limits.
impl FeedField {
    pub(super) fn is_html(self) -> bool {
        matches!(
            self,
            FeedField::ContentEncoded
                | FeedField::Content
                | FeedField::Description
                | FeedField::Summary
        )
    }

    fn limit(self) -> usize {
        if self.is_html() { MAX_HTML_BYTES } else { MAX_FIELD_BYTES }
    }

    /// The item field that a child element of an item holds, by its name with the prefix
    /// [`canonical_name`](super::namespace) gives it: feed elements unprefixed (RSS, Atom and
    /// RDF namespaces, or the `atom`/`rss` prefixes some feeds use undeclared), extensions by
    /// their usual prefix (`dc:`, `dcterms:`, `content:`), so `media:title` is not the title.
    pub(super) fn of_item_child(qualified: &str) -> Option<FeedField> {
        let (prefix, local) = match qualified.split_once(':') {
            Some((prefix, local)) => (Some(prefix), local),
            None => (None, qualified),
        };
        let plain = matches!(prefix, None | Some("atom" | "rss"));
        let field = match (prefix, local.to_ascii_lowercase().as_str()) {
            (_, "title") if plain => FeedField::Title,
            (Some("dc"), "title") => FeedField::DcTitle,
            (_, "link") if plain => FeedField::Link,
            (_, "guid" | "id") if plain => FeedField::Guid,
            (_, "pubdate" | "published" | "issued") if plain => FeedField::Published,
            (Some("dc"), "date") | (Some("dcterms"), "issued" | "created") => FeedField::Published,
            (_, "updated") if plain => FeedField::Updated,
            (Some("dcterms"), "modified") => FeedField::Updated,
            (_, "author") if plain => FeedField::Creator,
            (Some("dc"), "creator") => FeedField::Creator,
            (Some("content"), "encoded") => FeedField::ContentEncoded,
            (_, "content") if plain => FeedField::Content,
            (_, "description") if plain => FeedField::Description,
            (_, "summary") if plain => FeedField::Summary,
            _ => return None,
        };
        Some(field)
    }
}

/// A field being read: its text so far and how to treat what is nested in it.
pub(super) struct Capture {
    pub(super) field: FeedField,
    /// The stack depth of the field's element.
    pub(super) depth: usize,
    pub(super) text: String,
    /// Bytes seen past the limit (the text stops growing at the limit).
    overflow: usize,
    /// Atom `type="text"`: the text is plain, so it is escaped to be HTML.
    plain_text: bool,
    /// Inside `<email>` or `<uri>` of an Atom author: not part of the name.
    pub(super) skip_from: Option<usize>,
}

impl Capture {
    pub(super) fn new(field: FeedField, depth: usize, plain_text: bool) -> Capture {
        Capture { field, depth, text: String::new(), overflow: 0, plain_text, skip_from: None }
    }

    /// Appends markup or text as it is, up to the field's limit.
    pub(super) fn push(&mut self, piece: &str) {
        if self.skip_from.is_some() {
            return;
        }
        if self.overflow > 0 || self.text.len() + piece.len() > self.field.limit() {
            self.overflow += piece.len();
            return;
        }
        self.text.push_str(piece);
    }

    /// Appends text; in an HTML field, text that is not HTML (inside nested markup, or in a
    /// `type="text"` field) is escaped so the field stays HTML.
    pub(super) fn push_text(&mut self, text: &str, nested_markup: bool) {
        if self.field.is_html() && (nested_markup || self.plain_text) {
            self.push(&quick_xml::escape::escape(text));
        } else {
            self.push(text);
        }
    }
}

/// An item being read.
#[derive(Default)]
pub(super) struct ItemBuilder {
    pub(super) position: usize,
    /// The stack depth of the item element.
    pub(super) depth: usize,
    title: Option<String>,
    dc_title: Option<String>,
    pub(super) link: Option<String>,
    /// Rank of the Atom link kept so far: 0 `alternate` (or no rel), 1 any other rel.
    pub(super) link_rank: u8,
    guid: Option<String>,
    about: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    creator: Option<String>,
    content_encoded: Option<String>,
    content: Option<String>,
    description: Option<String>,
    summary: Option<String>,
    too_large: Option<(FeedField, usize)>,
    /// The first undefined entity, and what was done with it.
    unknown_entity: Option<(String, EntityResolution)>,
    /// The first markup problem that refuses the item, and the first one that does not.
    broken: Option<ProblemKind>,
    markup_warning: Option<ProblemKind>,
    /// Where the item starts in the snapshot, and its length once read.
    pub(super) start: u64,
    pub(super) len: u64,
    hasher: fnv::FnvHasher,
}

impl ItemBuilder {
    /// An item starting at stack depth `depth`, the `position`th of its snapshot; `about` is
    /// its RDF `rdf:about`.
    pub(super) fn new(position: usize, depth: usize, about: Option<String>) -> ItemBuilder {
        let mut item = ItemBuilder { position, depth, about, ..ItemBuilder::default() };
        item.hasher.write(&PIPELINE_VERSION.to_le_bytes());
        item
    }

    /// The slot of `field`; `None` for the channel title, which is not the item's.
    pub(super) fn slot(&mut self, field: FeedField) -> Option<&mut Option<String>> {
        Some(match field {
            FeedField::ChannelTitle | FeedField::ChannelDate | FeedField::ChannelLink => {
                return None;
            }
            FeedField::Title => &mut self.title,
            FeedField::DcTitle => &mut self.dc_title,
            FeedField::Link => &mut self.link,
            FeedField::Guid => &mut self.guid,
            FeedField::Published => &mut self.published,
            FeedField::Updated => &mut self.updated,
            FeedField::Creator => &mut self.creator,
            FeedField::ContentEncoded => &mut self.content_encoded,
            FeedField::Content => &mut self.content,
            FeedField::Description => &mut self.description,
            FeedField::Summary => &mut self.summary,
        })
    }

    /// Feeds one raw event of the item to its hash: `tag` tells the kind of event.
    pub(super) fn hash(&mut self, tag: u8, raw: &str) {
        self.hasher.write_u8(tag);
        self.hasher.write(raw.as_bytes());
    }

    /// Notes an entity reference that XML does not define; the first one is reported.
    pub(super) fn undefined_entity(&mut self, name: &str, resolution: EntityResolution) {
        self.unknown_entity.get_or_insert_with(|| (name.to_owned(), resolution));
    }

    /// Notes a problem with the item's markup: the first error refuses it, the first warning is
    /// reported with it.
    pub(super) fn markup_problem(&mut self, severity: Severity, kind: ProblemKind) {
        match severity {
            Severity::Error => self.broken.get_or_insert(kind),
            Severity::Warning => self.markup_warning.get_or_insert(kind),
        };
    }

    /// Keeps a finished field: the first of each kind wins; one over its limit refuses the item.
    pub(super) fn store(&mut self, capture: Capture) {
        if capture.overflow > 0 {
            self.too_large.get_or_insert((capture.field, capture.text.len() + capture.overflow));
        } else if let Some(slot) = self.slot(capture.field) {
            slot.get_or_insert(capture.text);
        }
    }

    /// The guid the item will have (guid, `rdf:about`, then link), when it has one yet.
    pub(super) fn known_guid(&self) -> Option<String> {
        [&self.guid, &self.about, &self.link]
            .into_iter()
            .flatten()
            .map(|value| value.trim())
            .find(|value| !value.is_empty())
            .map(str::to_owned)
    }

    /// The item's events: its warnings, then the item; or the one error that refuses it.
    /// `feed` is the channel title, `feed_id` the channel link (else the snapshot's name);
    /// `repaired` says whether any byte of the snapshot so far was not UTF-8.
    pub(super) fn finish(
        self,
        reporter: &Reporter,
        (feed, feed_id): (&str, &str),
        repaired: bool,
        out: &mut VecDeque<FeedEvent>,
    ) {
        let guid = self.known_guid();
        let problem = |severity, kind| {
            FeedEvent::Problem(reporter.at(Some(self.position), guid.clone(), severity, kind))
        };
        if let Some((field, len)) = self.too_large {
            let kind = ProblemKind::TooLarge { field, len, max: field.limit() };
            out.push_back(problem(Severity::Error, kind));
            return;
        }
        if self.len > MAX_ITEM_BYTES {
            let kind = ProblemKind::ItemTooLarge { len: self.len, max: MAX_ITEM_BYTES };
            out.push_back(problem(Severity::Error, kind));
            return;
        }
        if let Some(kind) = self.broken {
            out.push_back(problem(Severity::Error, kind));
            return;
        }
        if let Some(kind) = self.markup_warning {
            out.push_back(problem(Severity::Warning, kind));
        }
        if let Some((name, resolution)) = &self.unknown_entity {
            let kind = ProblemKind::UndefinedEntity { name: name.clone(), resolution: *resolution };
            out.push_back(problem(Severity::Warning, kind));
        }
        let replaced =
            |text: &Option<String>| text.as_deref().is_some_and(|t| t.contains('\u{fffd}'));
        if repaired
            && [
                &self.title,
                &self.dc_title,
                &self.link,
                &self.creator,
                &self.content_encoded,
                &self.content,
                &self.description,
                &self.summary,
            ]
            .into_iter()
            .any(replaced)
        {
            let kind = ProblemKind::Encoding(EncodingProblem::Replaced);
            out.push_back(problem(Severity::Warning, kind));
        }
        let title = [&self.title, &self.dc_title]
            .into_iter()
            .flatten()
            .map(|title| normalize_space(title))
            .find(|title| !title.is_empty())
            .unwrap_or_default();
        if title.is_empty() {
            out.push_back(problem(Severity::Warning, ProblemKind::MissingTitle));
        }
        let mut published = None;
        for text in [&self.published, &self.updated].into_iter().flatten() {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            published = parse_date(text);
            if published.is_some() {
                break;
            }
            out.push_back(problem(Severity::Warning, ProblemKind::BadDate(text.to_owned())));
        }
        let html = [self.content_encoded, self.content, self.description, self.summary]
            .into_iter()
            .flatten()
            .find(|html| !html.trim().is_empty())
            .unwrap_or_default();
        let creator = Some(normalize_space(self.creator.as_deref().unwrap_or("")))
            .filter(|creator| !creator.is_empty());
        let date = [&self.published, &self.updated].into_iter().flatten().next();
        let guid = guid.unwrap_or_else(|| {
            derived_guid(feed_id, &title, date.map_or("", |date| date.trim()), &html)
        });
        out.push_back(FeedEvent::Item(FeedItem {
            position: self.position,
            guid,
            link: self.link.as_deref().unwrap_or("").trim().to_owned(),
            title,
            published,
            creator,
            feed: feed.to_owned(),
            html,
            raw_hash: self.hasher.finish(),
        }));
    }
}

/// The id of an item with neither guid nor link: `urn:pressdex:` and 32 hex digits, two
/// FNV-1a 64 hashes (with different keys) of the feed (its link, else the snapshot's name),
/// the title, the date as written and the content, each part length-prefixed so no two
/// different items share the bytes hashed. The same item in the next snapshot of the feed gets
/// the same id; any edit to it makes a new one.
pub(super) fn derived_guid(feed: &str, title: &str, date: &str, content: &str) -> String {
    let hash = |key: u64| {
        let mut hasher = fnv::FnvHasher::with_key(key);
        for part in [feed, title, date, content] {
            hasher.write(&(part.len() as u64).to_le_bytes());
            hasher.write(part.as_bytes());
        }
        hasher.finish()
    };
    format!("urn:pressdex:{:016x}{:016x}", hash(0xcbf2_9ce4_8422_2325), hash(0x6c62_272e_07bb_0142))
}
