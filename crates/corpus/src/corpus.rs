//! The timeline of releases and the snapshots taken of it: which items each snapshot holds,
//! which were edited since the previous one, and writing them out.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Duration, TimeZone, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::release::{GeneratedItem, Plan, Slot};
use crate::rng::Rng;
use crate::rss::{self, ItemFields};
use crate::{Error, Result};

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusConfig {
    /// Releases on the timeline (each snapshot holds an overlapping window of them).
    pub items: usize,
    /// The seed: the same configuration always gives the same bytes.
    pub seed: u64,
    /// Snapshots to take (at least 1). One snapshot holds every item.
    pub snapshots: usize,
    /// Percent of the items two consecutive snapshots share that the later one shows edited.
    pub edit_percent: u32,
}

impl CorpusConfig {
    /// One snapshot of `items` releases from `seed`, 5% edits between snapshots.
    pub fn new(items: usize, seed: u64) -> CorpusConfig {
        CorpusConfig { items, seed, snapshots: 1, edit_percent: 5 }
    }
}

/// One snapshot of the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotPlan {
    /// 0-based position among the snapshots.
    pub index: usize,
    /// The timeline positions it holds (0 = oldest release); written newest first.
    pub items: Range<usize>,
    /// When it was "fetched": after its newest release. Written files get it as their mtime.
    pub fetched_at: DateTime<Utc>,
}

/// A snapshot generated in memory.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// Which items, and when.
    pub plan: SnapshotPlan,
    /// The RSS document.
    pub xml: Vec<u8>,
    /// What each item holds, in document order.
    pub items: Vec<GeneratedItem>,
}

/// A snapshot written to a file.
#[derive(Clone, Debug)]
pub struct WrittenSnapshot {
    /// The file.
    pub path: PathBuf,
    /// Which items, and when.
    pub plan: SnapshotPlan,
    /// The file's size in bytes (compressed when gzip).
    pub bytes: u64,
}

/// A timeline of releases and the snapshots of it.
pub struct Corpus {
    config: CorpusConfig,
    slots: Vec<Slot>,
    paths: Vec<String>,
    snapshots: Vec<SnapshotPlan>,
}

/// The timeline: January 2012 to the end of 2025, whatever the number of items.
const TIMELINE_START: i64 = 1_325_376_000;
const TIMELINE_END: i64 = 1_767_225_600;
/// The rng stream deciding edits (`release` uses 1 to 4).
const STREAM_EDIT_ROLL: u64 = 10;
const STREAM_SLOT: u64 = 11;

impl Corpus {
    /// Lays out the timeline and the snapshots.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `snapshots` is 0 or `edit_percent` over 100.
    pub fn new(config: CorpusConfig) -> Result<Corpus> {
        if config.snapshots == 0 {
            return Err(Error::Config("snapshots must be at least 1".to_owned()));
        }
        if config.edit_percent > 100 {
            return Err(Error::Config(format!(
                "edit percent is {}, over 100",
                config.edit_percent
            )));
        }
        let width = (TIMELINE_END - TIMELINE_START) as f64 / config.items.max(1) as f64;
        let slots: Vec<Slot> = (0..config.items)
            .map(|index| {
                let mut rng = Rng::derive(&[config.seed, index as u64, STREAM_SLOT]);
                let offset = (index as f64 + 0.05 + 0.9 * rng.unit()) * width;
                Slot {
                    index,
                    nid: 10_000 + index as u64 * 5 + rng.below(5) as u64,
                    created_at: at(TIMELINE_START + offset as i64),
                }
            })
            .collect();
        // Drupal keeps aliases unique by appending -0, -1, ...: do the same, in timeline order.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let paths = slots
            .iter()
            .map(|slot| {
                let plan = Plan::new(config.seed, slot);
                let path = plan.path(&plan.title().0);
                let count = seen.entry(path.clone()).or_insert(0);
                *count += 1;
                if *count == 1 { path } else { format!("{path}-{}", *count - 2) }
            })
            .collect();
        let count = config.snapshots;
        let snapshots = (0..count)
            .map(|index| {
                let items = if count == 1 {
                    0..config.items
                } else {
                    index * config.items / (count + 1)..(index + 2) * config.items / (count + 1)
                };
                let newest = match items.clone().last() {
                    Some(last) => slots[last].created_at,
                    None => at(TIMELINE_START) + Duration::days(index as i64),
                };
                SnapshotPlan { index, items, fetched_at: newest + Duration::hours(6) }
            })
            .collect();
        Ok(Corpus { config, slots, paths, snapshots })
    }

    /// The snapshots, oldest first.
    pub fn snapshots(&self) -> &[SnapshotPlan] {
        &self.snapshots
    }

    /// How many times item `item` was edited up to snapshot `snapshot`: an edit can happen
    /// between two consecutive snapshots that both hold the item.
    fn revision(&self, item: usize, snapshot: usize) -> u32 {
        (1..=snapshot)
            .filter(|&later| {
                self.snapshots[later - 1].items.contains(&item)
                    && self.snapshots[later].items.contains(&item)
                    && Rng::derive(&[self.config.seed, item as u64, STREAM_EDIT_ROLL, later as u64])
                        .chance(self.config.edit_percent)
            })
            .count() as u32
    }

    /// Writes snapshot `index` as RSS to `out` and returns what its items hold.
    ///
    /// # Errors
    ///
    /// Any error of `out`.
    ///
    /// # Panics
    ///
    /// When `index` is not below the number of snapshots.
    pub fn write_snapshot<W: Write>(
        &self,
        index: usize,
        mut out: W,
    ) -> io::Result<Vec<GeneratedItem>> {
        let plan = &self.snapshots[index];
        out.write_all(rss::HEADER.as_bytes())?;
        let mut html = String::new();
        let mut item_xml = String::new();
        let mut items = Vec::with_capacity(plan.items.len());
        for position in plan.items.clone().rev() {
            let slot = &self.slots[position];
            let release = Plan::new(self.config.seed, slot);
            let revision = self.revision(position, index);
            html.clear();
            let rendered = release.render(revision, &mut html);
            let guid = format!("{} at https://www.cbp.gov", slot.nid);
            let link = &self.paths[position];
            item_xml.clear();
            rss::write_item(
                &ItemFields {
                    title: &rendered.title,
                    link,
                    html: &html,
                    published_at: slot.created_at,
                    creator: release.account,
                    guid: &guid,
                },
                &mut item_xml,
            );
            out.write_all(item_xml.as_bytes())?;
            items.push(GeneratedItem {
                guid,
                link: format!("https://www.cbp.gov/{link}"),
                title: rendered.title,
                published_at: slot.created_at,
                revision,
                kind: rendered.kind,
                countries: rendered.countries,
                agreements: rendered.agreements,
            });
        }
        out.write_all(rss::FOOTER.as_bytes())?;
        out.flush()?;
        Ok(items)
    }

    /// Writes every snapshot to a file: `path` itself for one snapshot, else `path` with
    /// `-001`, `-002`, ... before its extension (`feed.xml.gz` -> `feed-001.xml.gz`). Files
    /// whose name ends in `.gz` are gzip-compressed. Each file's mtime is its `fetched_at`, so
    /// tools that order snapshots by mtime see them in timeline order.
    ///
    /// # Errors
    ///
    /// [`Error::Write`] naming the file that could not be written.
    pub fn write_files(&self, path: &Path) -> Result<Vec<WrittenSnapshot>> {
        let count = self.snapshots.len();
        self.snapshots
            .iter()
            .map(|plan| {
                let file_path =
                    if count == 1 { path.to_owned() } else { numbered(path, plan.index) };
                let bytes = self
                    .write_file(plan, &file_path)
                    .map_err(|source| Error::Write { path: file_path.clone(), source })?;
                Ok(WrittenSnapshot { path: file_path, plan: plan.clone(), bytes })
            })
            .collect()
    }

    fn write_file(&self, plan: &SnapshotPlan, path: &Path) -> io::Result<u64> {
        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        let file = BufWriter::with_capacity(1 << 20, File::create(path)?);
        let gzip = path.extension().is_some_and(|extension| extension == "gz");
        let file = if gzip {
            let mut encoder = GzEncoder::new(file, Compression::default());
            self.write_snapshot(plan.index, &mut encoder)?;
            encoder.finish()?
        } else {
            let mut file = file;
            self.write_snapshot(plan.index, &mut file)?;
            file
        };
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.set_modified(SystemTime::from(plan.fetched_at))?;
        Ok(file.metadata()?.len())
    }
}

/// Generates every snapshot of `config` in memory.
///
/// # Errors
///
/// [`Error::Config`] for a configuration [`Corpus::new`] rejects.
pub fn generate(config: &CorpusConfig) -> Result<Vec<Snapshot>> {
    let corpus = Corpus::new(config.clone())?;
    Ok(corpus
        .snapshots()
        .iter()
        .map(|plan| {
            let mut xml = Vec::new();
            let items = corpus
                .write_snapshot(plan.index, &mut xml)
                .expect("writing to a Vec<u8> cannot fail");
            Snapshot { plan: plan.clone(), xml, items }
        })
        .collect())
}

fn at(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 0).single().expect("the timeline lies within chrono's range")
}

/// `dir/feed.xml.gz` -> `dir/feed-001.xml.gz` for snapshot 0.
fn numbered(path: &Path, index: usize) -> PathBuf {
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let (stem, extension) = match name.find('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name.as_str(), ""),
    };
    path.with_file_name(format!("{stem}-{:03}{extension}", index + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_numbered(path: &str, index: usize, expected: &str) {
        assert_eq!(numbered(Path::new(path), index), PathBuf::from(expected));
    }

    #[test]
    fn numbered_inserts_before_the_extension() {
        check_numbered("out/feed.xml.gz", 0, "out/feed-001.xml.gz");
        check_numbered("feed.xml", 11, "feed-012.xml");
        check_numbered("snapshot", 1, "snapshot-002");
    }

    fn check_windows(items: usize, snapshots: usize, expected: &[(usize, usize)]) {
        let config = CorpusConfig { snapshots, ..CorpusConfig::new(items, 1) };
        let corpus = Corpus::new(config).unwrap();
        let windows: Vec<_> =
            corpus.snapshots().iter().map(|plan| (plan.items.start, plan.items.end)).collect();
        assert_eq!(windows, expected);
    }

    #[test]
    fn snapshots_slide_and_overlap() {
        check_windows(10, 1, &[(0, 10)]);
        check_windows(12, 3, &[(0, 6), (3, 9), (6, 12)]);
        check_windows(100, 4, &[(0, 40), (20, 60), (40, 80), (60, 100)]);
    }

    fn snapshot(items: usize, seed: u64) -> Snapshot {
        generate(&CorpusConfig::new(items, seed)).unwrap().remove(0)
    }

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(snapshot(300, 7).xml, snapshot(300, 7).xml);
        assert_ne!(snapshot(300, 7).xml, snapshot(300, 8).xml);
    }

    /// The fields of each `<item>`, read back with an XML parser.
    #[derive(Debug, Default)]
    struct ParsedItem {
        title: String,
        link: String,
        description: String,
        pub_date: String,
        creator: String,
        guid: String,
    }

    fn parse(xml: &[u8]) -> (String, Vec<ParsedItem>) {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buffer = Vec::new();
        let mut path: Vec<String> = Vec::new();
        let mut channel_title = String::new();
        let mut items = Vec::new();
        loop {
            match reader.read_event_into(&mut buffer).unwrap() {
                Event::Start(start) => {
                    let name = start.name().as_ref().to_owned();
                    if name == "item" {
                        items.push(ParsedItem::default());
                    }
                    path.push(name);
                }
                Event::End(_) => {
                    path.pop();
                }
                Event::Text(text) => {
                    push_text(&path, &mut channel_title, &mut items, &text.xml10_content())
                }
                Event::GeneralRef(entity) => {
                    let text = quick_xml::escape::resolve_predefined_entity(&entity).unwrap();
                    push_text(&path, &mut channel_title, &mut items, text);
                }
                Event::Eof => break,
                _ => {}
            }
            buffer.clear();
        }
        (channel_title, items)
    }

    /// Appends text to the field of the current item that `path` names.
    fn push_text(
        path: &[String],
        channel_title: &mut String,
        items: &mut [ParsedItem],
        text: &str,
    ) {
        let parent = path.iter().rev().nth(1).map(String::as_str);
        let field = match (parent, items.last_mut()) {
            (Some("item"), Some(item)) => match path.last().map(String::as_str) {
                Some("title") => &mut item.title,
                Some("link") => &mut item.link,
                Some("description") => &mut item.description,
                Some("pubDate") => &mut item.pub_date,
                Some("dc:creator") => &mut item.creator,
                Some("guid") => &mut item.guid,
                _ => return,
            },
            (Some("channel"), _) if path.last().map(String::as_str) == Some("title") => {
                channel_title
            }
            _ => return,
        };
        field.push_str(text);
    }

    #[test]
    fn snapshot_has_the_bundled_shape() {
        let snapshot = snapshot(500, 3);
        let (channel, items) = parse(&snapshot.xml);
        assert_eq!(channel, "International Operations");
        assert_eq!(items.len(), 500);
        assert_eq!(snapshot.items.len(), 500);
        for (parsed, generated) in items.iter().zip(&snapshot.items) {
            assert_eq!(parsed.title, generated.title);
            assert_eq!(parsed.link, generated.link);
            assert_eq!(parsed.guid, generated.guid);
            assert!(parsed.guid.ends_with(" at https://www.cbp.gov"), "{}", parsed.guid);
            assert!(!parsed.creator.is_empty());
            let published = DateTime::parse_from_rfc2822(&parsed.pub_date).unwrap();
            assert_eq!(published, generated.published_at);
            assert!(parsed.pub_date.ends_with(" +0000"), "{}", parsed.pub_date);
            // The description is HTML again once unescaped, holding the Drupal fields.
            assert!(parsed.description.contains("field--name-body"), "{}", parsed.description);
            assert!(parsed.description.contains("field--name-uid"));
            let paragraphs = parsed.description.matches("<p>").count();
            assert!(paragraphs >= 3, "{paragraphs} paragraphs in {}", parsed.guid);
            let newsroom = generated.kind != "page";
            assert_eq!(parsed.description.contains("field--name-field-page-footer"), newsroom);
            assert!(!parsed.title.contains('<'), "markup in title {}", parsed.title);
        }
        // Newest first, and unique guids and links.
        assert!(snapshot.items.windows(2).all(|pair| pair[0].published_at > pair[1].published_at));
        let mut links: Vec<_> = snapshot.items.iter().map(|item| &item.link).collect();
        links.sort();
        links.dedup();
        assert_eq!(links.len(), 500);
        // Every kind of page, figures and signings show up in a few hundred items.
        for kind in
            ["national-media-release", "local-media-release", "speeches-and-statements", "page"]
        {
            assert!(snapshot.items.iter().any(|item| item.kind == kind), "no {kind}");
        }
        assert!(items.iter().any(|item| item.description.contains("<figcaption>")));
        assert!(snapshot.items.iter().any(|item| item.agreements == ["CMAA"]));
    }

    /// The raw bytes of each item, by guid.
    fn raw_items(xml: &[u8]) -> HashMap<String, String> {
        let xml = std::str::from_utf8(xml).unwrap();
        xml.split("    <item>\n")
            .skip(1)
            .map(|item| {
                // The last item also holds the channel's end tags.
                let item = item.split("    </item>").next().unwrap();
                let guid = item.split("<guid isPermaLink=\"false\">").nth(1).unwrap();
                (guid.split('<').next().unwrap().to_owned(), item.to_owned())
            })
            .collect()
    }

    #[test]
    fn overlapping_snapshots_share_unedited_items_byte_for_byte() {
        let config = CorpusConfig { snapshots: 3, edit_percent: 20, ..CorpusConfig::new(600, 5) };
        let snapshots = generate(&config).unwrap();
        assert_eq!(snapshots.len(), 3);
        assert!(snapshots.windows(2).all(|pair| pair[0].plan.fetched_at < pair[1].plan.fetched_at));
        let (older, newer) = (&snapshots[0], &snapshots[1]);
        let (older_raw, newer_raw) = (raw_items(&older.xml), raw_items(&newer.xml));
        let mut shared = 0;
        let mut edited = 0;
        for item in &newer.items {
            let Some(before) = older_raw.get(&item.guid) else { continue };
            shared += 1;
            let same = before == &newer_raw[&item.guid];
            assert_eq!(same, item.revision == 0, "item {}", item.guid);
            edited += usize::from(!same);
        }
        assert_eq!(shared, 150);
        assert!(edited > 10 && edited < 60, "{edited} of 150 edited at 20%");
    }

    #[test]
    fn zero_snapshots_is_a_config_error() {
        let config = CorpusConfig { snapshots: 0, ..CorpusConfig::new(10, 1) };
        assert!(matches!(Corpus::new(config), Err(Error::Config(_))));
    }
}
