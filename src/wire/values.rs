//! The small shapes every command shares: a time, a country, an agreement and its parties, a
//! region, a highlight, the
//! provenance of an indexed release.

use std::fmt;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A moment, in JSON as RFC 3339 in UTC to the whole second: `"2023-09-27T17:01:17Z"` (a
/// fraction of a second is dropped, never rounded up). Every time pressdex prints is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub DateTime<Utc>);

impl fmt::Display for Time {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

impl From<DateTime<Utc>> for Time {
    fn from(at: DateTime<Utc>) -> Time {
        Time(at)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Time, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|at| Time(at.with_timezone(&Utc)))
            .map_err(|err| serde::de::Error::custom(format!("bad time {text:?}: {err}")))
    }
}

/// A country: its ISO 3166-1 alpha-2 code (what `--country` and `country:` accept) and the name
/// pressdex shows, e.g. `{"code": "CV", "name": "Cabo Verde"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2, upper case.
    pub code: String,
    /// Common English short name.
    pub name: String,
}

impl From<pressdex_ingest::Country> for Country {
    fn from(country: pressdex_ingest::Country) -> Country {
        Country { code: country.alpha2().to_string(), name: country.name().to_string() }
    }
}

impl Country {
    /// The country a facet value or stored key names: an alpha-2 code (exactly), else any name,
    /// alias or code `Country::lookup` knows.
    pub(crate) fn from_key(key: &str) -> Option<Country> {
        pressdex_ingest::Country::all()
            .find(|country| country.alpha2() == key)
            .or_else(|| pressdex_ingest::Country::lookup(key))
            .map(Country::from)
    }
}

/// An agreement a release reports: its type's code, the parties to it besides the United
/// States (country codes, or `EU`), the sentence that reports it and the day it was signed, e.g.
/// `{"code": "CMAA", "parties": [{"code": "CV", "name": "Cabo Verde"}], "evidence": "CBP, Cabo
/// Verde sign Customs Mutual Assistance Agreement", "event_date": "2024-03-04"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// `CMAA`, `MRA`, `JWP`, `MOU`, `Preclearance`, `LOI` or `JSD`.
    pub code: String,
    /// The parties besides the United States, in order of mention; empty when the text names
    /// none.
    pub parties: Vec<Party>,
    /// The sentence of the release (or its title) that reports the agreement.
    pub evidence: String,
    /// The day it was signed, renewed or issued (`YYYY-MM-DD`), or null when the text does not
    /// say.
    pub event_date: Option<NaiveDate>,
}

impl From<&pressdex_ingest::Agreement> for Agreement {
    fn from(agreement: &pressdex_ingest::Agreement) -> Agreement {
        Agreement {
            code: agreement.kind.code().to_string(),
            parties: agreement.parties.iter().copied().map(Party::from).collect(),
            evidence: agreement.evidence.clone(),
            event_date: agreement.event_date,
        }
    }
}

/// A party to an agreement: a country's ISO 3166-1 alpha-2 code and name, or
/// `{"code": "EU", "name": "European Union"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// ISO 3166-1 alpha-2, upper case, or `EU`.
    pub code: String,
    /// Common English short name, or "European Union".
    pub name: String,
}

impl From<pressdex_ingest::Party> for Party {
    fn from(party: pressdex_ingest::Party) -> Party {
        Party { code: party.code().to_string(), name: party.name().to_string() }
    }
}

/// A region a release is about: a UN M49 region or sub-region (`{"code": "013", "name":
/// "Central America"}`), or `{"code": "EU", "name": "European Union"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// The three-digit M49 code, or `EU`.
    pub code: String,
    /// The M49 English name, or "European Union".
    pub name: String,
}

impl From<pressdex_ingest::Region> for Region {
    fn from(region: pressdex_ingest::Region) -> Region {
        Region { code: region.code().to_string(), name: region.name().to_string() }
    }
}

/// A matched stretch of a text, as `[start, end)` twice: in UTF-8 bytes (to slice in Rust, Go or
/// C) and in characters (Unicode scalar values: to slice in Python, or over `Array.from(text)` in
/// JavaScript). `{"bytes": [4, 9], "chars": [4, 9]}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// Byte offsets into the UTF-8 text: start inclusive, end exclusive.
    pub bytes: (usize, usize),
    /// Character (Unicode scalar value) offsets: start inclusive, end exclusive.
    pub chars: (usize, usize),
}

/// The highlights of `text` for the byte ranges `ranges` (in order, not overlapping, as the index
/// gives them). A range that is out of order or does not fall on character boundaries is left
/// out, as the text printer leaves it unstyled.
pub fn highlights(text: &str, ranges: &[(usize, usize)]) -> Vec<Highlight> {
    let mut found = Vec::with_capacity(ranges.len());
    // Characters are counted once, left to right, however many ranges there are.
    let (mut byte, mut char) = (0, 0);
    for &(start, end) in ranges {
        if start < byte || end < start {
            continue;
        }
        let (Some(before), Some(inside)) = (text.get(byte..start), text.get(start..end)) else {
            continue;
        };
        let char_start = char + before.chars().count();
        let char_end = char_start + inside.chars().count();
        found.push(Highlight { bytes: (start, end), chars: (char_start, char_end) });
        (byte, char) = (end, char_end);
    }
    found
}

/// Where an indexed release came from: the fetch times of the first and latest snapshots that
/// listed it, the snapshot its text was read from (and its feed's URL), when it was indexed and
/// last changed, how many distinct contents it has had, and every snapshot that listed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Fetch time of the first snapshot that listed the release.
    pub first_seen: Time,
    /// Fetch time of the latest snapshot that listed it.
    pub last_seen: Time,
    /// The snapshot its current text comes from: its absolute path.
    pub snapshot: String,
    /// The URL of that snapshot's feed, when `pressdex fetch` downloaded it; else null.
    pub url: Option<String>,
    /// Distinct contents seen (1 = never edited).
    pub revisions: u64,
    /// When the release was first indexed (the start of that `pressdex index` run).
    pub indexed_at: Time,
    /// When its content last changed (the start of that run; `indexed_at` until it changes).
    pub changed_at: Time,
    /// Every snapshot that listed it, oldest fetch first.
    pub sightings: Vec<Sighting>,
}

/// A snapshot that listed a release: `{"fetched_at": "...", "snapshot": "/abs/path.xml"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sighting {
    /// Its fetch time.
    pub fetched_at: Time,
    /// Its absolute path.
    pub snapshot: String,
}

impl From<&pressdex_index::Sighting> for Sighting {
    fn from(sighting: &pressdex_index::Sighting) -> Sighting {
        Sighting { fetched_at: Time(sighting.fetched_at), snapshot: sighting.snapshot.clone() }
    }
}

impl From<&pressdex_index::Provenance> for Provenance {
    fn from(provenance: &pressdex_index::Provenance) -> Provenance {
        Provenance {
            first_seen: Time(provenance.first_seen),
            last_seen: Time(provenance.last_seen),
            snapshot: provenance.snapshot.clone(),
            url: provenance.url.clone(),
            revisions: provenance.revisions,
            indexed_at: Time(provenance.indexed_at),
            changed_at: Time(provenance.changed_at),
            sightings: provenance.sightings.iter().map(Sighting::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn check_highlights(text: &str, ranges: &[(usize, usize)], expected: &[(usize, usize)]) {
        let found = highlights(text, ranges);
        let chars: Vec<(usize, usize)> = found.iter().map(|h| h.chars).collect();
        assert_eq!(chars, expected, "{text:?} {ranges:?}");
        for highlight in &found {
            let (start, end) = highlight.bytes;
            let (char_start, char_end) = highlight.chars;
            let by_chars: String =
                text.chars().skip(char_start).take(char_end - char_start).collect();
            assert_eq!(&text[start..end], by_chars, "{text:?}");
        }
    }

    #[test]
    fn character_offsets_sit_beside_byte_offsets() {
        check_highlights("CBP signs CMAA", &[(4, 9)], &[(4, 9)]);
        check_highlights("Türkiye signs – CMAA", &[(0, 8), (19, 23)], &[(0, 7), (16, 20)]);
        check_highlights("🇨🇻 Cabo Verde", &[(9, 13)], &[(3, 7)]);
        // Bad ranges are left out, never a panic.
        check_highlights("ü", &[(1, 2)], &[]);
        check_highlights("abc", &[(2, 9), (2, 1)], &[]);
        check_highlights("abc abc", &[(4, 7), (0, 3)], &[(4, 7)]);
    }

    fn check_time(at: DateTime<Utc>, expected: &str) {
        let json = serde_json::to_string(&Time(at)).expect("serializes");
        assert_eq!(json, format!("\"{expected}\""));
        let back: Time = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back.to_string(), expected);
    }

    #[test]
    fn times_are_whole_seconds_in_utc() {
        let at = Utc.with_ymd_and_hms(2023, 9, 27, 17, 1, 17).single().expect("valid");
        check_time(at, "2023-09-27T17:01:17Z");
        check_time(at + chrono::Duration::microseconds(999_999), "2023-09-27T17:01:17Z");
        let year_one = Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).single().expect("valid");
        check_time(year_one, "0001-01-01T00:00:00Z");
        let offset: Time = serde_json::from_str("\"2023-09-27T19:01:17+02:00\"").expect("reads");
        assert_eq!(offset, Time(at));
        assert!(serde_json::from_str::<Time>("\"yesterday\"").is_err());
    }

    #[test]
    fn a_country_key_is_a_code_or_a_name() {
        let cabo_verde = Country { code: "CV".into(), name: "Cabo Verde".into() };
        assert_eq!(Country::from_key("CV"), Some(cabo_verde.clone()));
        assert_eq!(Country::from_key("Cabo Verde"), Some(cabo_verde));
        assert_eq!(Country::from_key("Atlantis"), None);
    }
}
