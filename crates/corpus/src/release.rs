//! One release: its plan (topic, country, port, agreement, people), fixed across its revisions,
//! its link and its dates. Its title and Drupal HTML are written by `render.rs`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

use crate::prose;
use crate::rng::Rng;
use crate::vocab::{self, AgreementWords, Port};

/// What the generator wrote into one item: the facts a reader of the snapshot should recover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedItem {
    /// The RSS guid, `NID at https://www.cbp.gov`.
    pub guid: String,
    /// The item's link.
    pub link: String,
    /// The item's title.
    pub title: String,
    /// The item's `pubDate`.
    pub published_at: DateTime<Utc>,
    /// How many times the item was edited before this snapshot (0 for the first version).
    pub revision: u32,
    /// The link's section: `national-media-release`, `local-media-release`,
    /// `speeches-and-statements`, or `page` for any other page.
    pub kind: &'static str,
    /// Canonical names of the countries the item names (by name, alias or demonym, also inside
    /// an agency's name such as "Japan Customs"; a city is not its country, "Guatemala City"),
    /// those in the title first, then in order of first mention; never the United States.
    pub countries: Vec<&'static str>,
    /// Codes of the agreement types the item reports as signed or renewed (`CMAA`, `MRA`, ...);
    /// agreements named only in passing are not listed.
    pub agreements: Vec<&'static str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Topic {
    Signing,
    Seizure,
    Cooperation,
    Repatriation,
    Engagement,
    Statement,
    Page,
}

/// Where an item sits on the timeline; fixed for the item across snapshots.
#[derive(Clone, Debug)]
pub(crate) struct Slot {
    /// Position on the timeline (0 = oldest).
    pub index: usize,
    /// The Drupal node id.
    pub nid: u64,
    pub created_at: DateTime<Utc>,
}

/// Everything about an item that does not depend on its revision.
pub(crate) struct Plan {
    pub(crate) seed: u64,
    pub(crate) index: usize,
    pub(crate) topic: Topic,
    pub(crate) section: &'static str,
    pub(crate) country: usize,
    pub(crate) port: &'static Port,
    pub(crate) agreement: &'static AgreementWords,
    pub(crate) goods: &'static str,
    pub(crate) official: (&'static str, &'static str, &'static str),
    pub(crate) account: &'static str,
    pub(crate) title_template: &'static str,
    pub(crate) created_local: DateTime<FixedOffset>,
}

/// Rng streams of one item, so that the title, the body and each edit are independent.
pub(crate) const STREAM_PLAN: u64 = 1;
pub(crate) const STREAM_TITLE: u64 = 2;
pub(crate) const STREAM_BODY: u64 = 3;
pub(crate) const STREAM_EDIT: u64 = 4;

impl Plan {
    pub(crate) fn new(seed: u64, slot: &Slot) -> Plan {
        let mut rng = Rng::derive(&[seed, slot.index as u64, STREAM_PLAN]);
        let topic = match rng.below(100) {
            0..35 => Topic::Seizure,
            35..50 => Topic::Cooperation,
            50..60 => Topic::Signing,
            60..67 => Topic::Repatriation,
            67..85 => Topic::Engagement,
            85..93 => Topic::Statement,
            _ => Topic::Page,
        };
        let port = rng.pick_skewed(vocab::PORTS);
        let partner = vocab::COUNTRIES.iter().position(|country| country.name == port.partner);
        let country = match partner {
            Some(partner) if topic == Topic::Seizure && rng.chance(60) => partner,
            Some(partner) if topic == Topic::Cooperation && rng.chance(80) => partner,
            _ => skewed_index(&mut rng),
        };
        let national = "newsroom/national-media-release";
        let local = "newsroom/local-media-release";
        let section = match topic {
            Topic::Signing => national,
            Topic::Seizure if rng.chance(15) => national,
            Topic::Seizure | Topic::Cooperation => local,
            Topic::Repatriation if rng.chance(50) => national,
            Topic::Repatriation => local,
            Topic::Engagement if rng.chance(20) => local,
            Topic::Engagement => national,
            Topic::Statement => "newsroom/speeches-and-statements",
            Topic::Page if rng.chance(70) => "border-security/international-initiatives",
            Topic::Page => "newsroom/spotlights",
        };
        let title_template = rng.pick(match topic {
            Topic::Signing => prose::SIGNING_TITLES,
            Topic::Seizure => prose::SEIZURE_TITLES,
            Topic::Cooperation => prose::COOPERATION_TITLES,
            Topic::Repatriation => prose::REPATRIATION_TITLES,
            Topic::Engagement => prose::ENGAGEMENT_TITLES,
            Topic::Statement => prose::STATEMENT_TITLES,
            Topic::Page => prose::PAGE_TITLES,
        });
        Plan {
            seed,
            index: slot.index,
            topic,
            section,
            country,
            port,
            agreement: rng.pick_skewed(vocab::AGREEMENTS),
            // One release in a thousand or so seizes something rare: the benchmarks' "rare term".
            goods: if rng.below(1000) < 2 {
                rng.pick(vocab::RARE_COMMODITIES)
            } else {
                vocab::COMMODITIES[rng.skewed(vocab::COMMODITIES.len())]
            },
            official: (
                rng.pick(vocab::OFFICIAL_TITLES),
                rng.pick(vocab::FIRST_NAMES),
                rng.pick(vocab::SURNAMES),
            ),
            account: rng.pick(vocab::ACCOUNTS),
            title_template,
            created_local: eastern_time(slot.created_at),
        }
    }

    /// The link path under https://www.cbp.gov/, before de-duplication.
    pub(crate) fn path(&self, title: &str) -> String {
        pathauto(self.section, title)
    }
}

/// A country index skewed to the head of [`vocab::COUNTRIES`].
pub(crate) fn skewed_index(rng: &mut Rng) -> usize {
    let u = rng.unit();
    ((vocab::COUNTRIES.len() as f64 * u * u) as usize).min(vocab::COUNTRIES.len() - 1)
}

/// Newsroom local time: Eastern, with daylight saving from the second Sunday of March to the
/// first Sunday of November (by date: the hours around the switch itself may be off by one).
fn eastern_time(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    let summer = match at.month() {
        4..=10 => true,
        3 => at.day() >= first_sunday(at.year(), 3) + 7,
        11 => at.day() < first_sunday(at.year(), 11),
        _ => false,
    };
    let hours = if summer { -4 } else { -5 };
    let offset = FixedOffset::east_opt(hours * 3600).expect("-4 and -5 hours are valid offsets");
    at.with_timezone(&offset)
}

/// The day of the month of the first Sunday of `month`.
fn first_sunday(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("the first of a month exists");
    1 + (7 - first.weekday().num_days_from_sunday()) % 7
}

/// Words Drupal's pathauto drops from aliases (its default "strings to remove").
const PATHAUTO_IGNORE: &[&str] = &[
    "a", "an", "as", "at", "before", "but", "by", "for", "from", "is", "in", "into", "like", "of",
    "off", "on", "onto", "per", "since", "than", "the", "this", "that", "to", "up", "via", "with",
];

/// The alias pathauto gives `title` under `section`: lower case, ignore words dropped, words
/// joined by dashes, cut at a word boundary to 100 characters.
fn pathauto(section: &str, title: &str) -> String {
    let mut path = format!("{section}/");
    let base = path.len();
    let title: String = title.chars().map(transliterate).collect();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|word| !PATHAUTO_IGNORE.contains(&word.as_str()))
    {
        let extra = word.len() + usize::from(path.len() > base);
        if path.len() + extra > 100 {
            break;
        }
        if path.len() > base {
            path.push('-');
        }
        path.push_str(&word);
    }
    path
}

/// Latin letters with diacritics as pathauto's transliteration writes them in aliases.
fn transliterate(letter: char) -> char {
    match letter {
        'á' | 'à' | 'ä' | 'â' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ï' => 'i',
        'ó' | 'ö' | 'ô' => 'o',
        'ú' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_path(section: &str, title: &str, expected: &str) {
        assert_eq!(pathauto(section, title), expected);
    }

    #[test]
    fn pathauto_matches_the_bundled_links() {
        check_path(
            "newsroom/local-media-release",
            "San Diego Border Patrol and Mexican authorities increase binational operations to combat human smuggling",
            "newsroom/local-media-release/san-diego-border-patrol-and-mexican-authorities-increase-binational",
        );
        check_path(
            "newsroom/local-media-release",
            "CBP Returns Historical Indigenous Artifacts to Costa Rica",
            "newsroom/local-media-release/cbp-returns-historical-indigenous-artifacts-costa-rica",
        );
        check_path(
            "newsroom/national-media-release",
            "CBP, T\u{fc}rkiye sign MOU",
            "newsroom/national-media-release/cbp-turkiye-sign-mou",
        );
        check_path(
            "newsroom/national-media-release",
            "CBP, Cabo Verde sign Customs Mutual Assistance Agreement",
            "newsroom/national-media-release/cbp-cabo-verde-sign-customs-mutual-assistance-agreement",
        );
    }

    fn check_eastern(utc: &str, expected: &str) {
        let at = DateTime::parse_from_rfc3339(utc).unwrap().with_timezone(&Utc);
        assert_eq!(eastern_time(at).to_rfc3339(), expected);
    }

    #[test]
    fn eastern_time_follows_daylight_saving() {
        // The first bundled item: 17:01:17 UTC is 13:01:17 EDT.
        check_eastern("2023-09-27T17:01:17Z", "2023-09-27T13:01:17-04:00");
        check_eastern("2023-01-10T17:00:00Z", "2023-01-10T12:00:00-05:00");
        // 2023-03-12 was the second Sunday of March.
        check_eastern("2023-03-11T17:00:00Z", "2023-03-11T12:00:00-05:00");
        check_eastern("2023-03-13T17:00:00Z", "2023-03-13T13:00:00-04:00");
    }
}
