//! The dateline: the place that opens a release's body before a dash, in AP style or plainer:
//! `WASHINGTON –`, `MIAMI—`, `STERLING, Va. –`, `SAN JUAN, Puerto Rico—`, `Cairo -`,
//! `LOS ANGELES(ICE)–`, `VANCOUVER, BC, Aug. 28, 2024 /CNW/ -` (the bold Drupal dateline reads the
//! same once the HTML is text). The place is normalised ("Washington", "Sterling, Va.",
//! "McAllen"): words in capitals take their usual case, the state or country part is kept as
//! printed unless it is a full word in capitals ("OTTAWA, ONTARIO" -> "Ottawa, Ontario"), a date
//! or an agency tag is dropped.
//!
//! Its country: the country the second part names ("NASSAU, Bahamas"); none for a U.S. state,
//! D.C. or a U.S. territory ("SAN JUAN, Puerto Rico"); for a city alone, the country of a foreign
//! national capital or of a city of 500,000 people or more that no U.S. city of 15,000 shares a
//! name with (`city_table.rs`, from GeoNames): "SEOUL –" is South Korea, "HOUSTON –" nothing.

use chrono::NaiveDate;

use super::city_table::CITIES;
use super::country::Country;
use super::dates;
use super::words::{US_STATE_ABBREVIATIONS, US_STATE_NAMES};

/// A dateline found at the start of a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// The normalised place, e.g. "Sterling, Va.".
    pub(crate) place: String,
    /// Where the text after the dateline's dash starts, in bytes.
    pub(crate) end: usize,
    /// The country of the place when it is outside the United States.
    pub(crate) country: Option<Country>,
    /// A date printed in the dateline ("WASHINGTON, Sept. 26, 2012 —").
    pub(crate) date: Option<NaiveDate>,
}

/// Words a dateline's place never holds: they open sentences, not datelines.
const NOT_PLACES: &[&str] = &[
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "Today",
    "Yesterday",
    "This",
    "U.S.",
    "CBP",
    "ICE",
    "DHS",
    "Secretary",
    "Commissioner",
    "Officers",
    "Agents",
    "Photo",
    "Note",
    "Update",
    "Editor",
];

/// Words that stay in lower case inside a place written in capitals ("SAN JUAN DE LOS LAGOS").
const PARTICLES: &[&str] = &["de", "del", "la", "las", "los", "da", "do", "dos", "du", "of", "the"];

/// U.S. territories: a dateline there adds no country.
const US_TERRITORIES: &[&str] =
    &["Puerto Rico", "P.R.", "PR", "Guam", "U.S. Virgin Islands", "USVI", "American Samoa"];

/// The dateline that opens `body`, if its first paragraph starts with one.
pub(crate) fn find(body: &str) -> Option<Dateline> {
    let first_line = body.split('\n').next().unwrap_or("");
    let (dash, after) = first_dash(first_line)?;
    let mut head = first_line[..dash].trim_end();
    head = strip_tag(head).trim_end().trim_end_matches(',').trim_end();
    if head.is_empty() || head.len() > 80 {
        return None;
    }
    let mut parts: Vec<&str> = head.split(',').map(str::trim).collect();
    let date = take_date(&mut parts);
    let (place, qualifier) = match parts.as_slice() {
        // "WASHINGTON D.C –": the district without its comma.
        [place] => match place.rsplit_once(' ') {
            Some((city, district)) if district.trim_end_matches('.') == "D.C" => {
                (city, Some(district))
            }
            // "Santo Domingo.- The ...": the period of a ".-" dash, not of an abbreviation.
            _ => match place.strip_suffix('.') {
                Some(bare)
                    if !place.rsplit(' ').next().is_some_and(|last| {
                        last[..last.len() - 1].contains('.')
                            || US_STATE_ABBREVIATIONS.contains(&last)
                    }) =>
                {
                    (bare, None)
                }
                _ => (*place, None),
            },
        },
        [place, qualifier] => (*place, Some(*qualifier)),
        _ => return None,
    };
    if !is_place(place) || !qualifier.is_none_or(is_qualifier) {
        return None;
    }
    let name = normalise(place);
    let qualifier = qualifier.map(normalise_qualifier);
    let qualifier = qualifier.as_deref();
    let country = country_of(&name, qualifier);
    let place = match qualifier {
        Some(qualifier) => format!("{name}, {qualifier}"),
        None => name,
    };
    Some(Dateline { place, end: after, country, date })
}

/// The country of a dateline or location field already split ("San Diego, CA"): for the
/// Drupal location field.
pub(crate) fn country_of_location(location: &str) -> Option<Country> {
    let (place, qualifier) = match location.split_once(',') {
        Some((place, qualifier)) => (place.trim(), Some(qualifier.trim())),
        None => (location.trim(), None),
    };
    country_of(place, qualifier)
}

/// The first dash that ends a dateline (`—`, `–`, `--`, or `-` next to a space), and where
/// the text after it starts.
fn first_dash(line: &str) -> Option<(usize, usize)> {
    let mut previous = ' ';
    let mut chars = line.char_indices().peekable();
    while let Some((at, current)) = chars.next() {
        let next = chars.peek().map_or(' ', |(_, next)| *next);
        match current {
            '\u{2014}' | '\u{2013}' => return Some((at, at + current.len_utf8())),
            '-' if next == '-' => return Some((at, at + 2)),
            '-' if previous.is_whitespace() || next.is_whitespace() || previous == ')' => {
                return Some((at, at + 1));
            }
            _ => {}
        }
        previous = current;
        if at > 120 {
            return None;
        }
    }
    None
}

/// `head` without a trailing agency tag: "LOS ANGELES(ICE)", "VANCOUVER, BC /CNW/".
fn strip_tag(head: &str) -> &str {
    if head.ends_with(')') {
        if let Some(open) = head.rfind('(') {
            return &head[..open];
        }
    } else if head.ends_with('/')
        && let Some(open) = head[..head.len() - 1].rfind('/')
    {
        return &head[..open];
    }
    head
}

/// Removes a date ("Aug. 28", "2024"; "10 December 2004") from the comma-separated parts of a
/// dateline, with what follows it after a place (an agency tag: "Accra, Oct. 27, GNA -").
fn take_date(parts: &mut Vec<&str>) -> Option<NaiveDate> {
    let is_year = |part: &str| part.len() == 4 && part.bytes().all(|byte| byte.is_ascii_digit());
    let is_month = |word: &str| dates::month(word.trim_end_matches('.')).is_some();
    let is_day = |word: &str| word.parse::<u32>().is_ok_and(|day| (1..=31).contains(&day));
    let start = parts.iter().position(|part| {
        let words: Vec<&str> = part.split_whitespace().collect();
        match words.as_slice() {
            [month, day, ..] if is_month(month) && is_day(day) => true,
            [day, month, ..] => is_day(day) && is_month(month),
            _ => false,
        }
    })?;
    let end =
        if parts.get(start + 1).is_some_and(|part| is_year(part)) { start + 2 } else { start + 1 };
    let date = dates::event_date(&parts[start..end].join(", "), None);
    // After a place, what follows its date is a tag; a date that opens the line precedes the
    // place ("23 November 2010, Israel –").
    if start > 0 {
        parts.truncate(start);
    } else {
        parts.drain(start..end);
    }
    date
}

/// Whether `text` reads as a place: one to five words, each capitalised (or a particle), no
/// digits, and no word that opens a sentence instead.
fn is_place(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && words[0].starts_with(char::is_uppercase)
        && words.iter().all(|word| {
            !word.contains(|c: char| c.is_ascii_digit())
                && !NOT_PLACES.contains(word)
                && (word.starts_with(char::is_uppercase)
                    || PARTICLES.contains(&word.to_lowercase().as_str()))
        })
}

/// Whether `text` reads as the state, province or country part: one to four words, each
/// capitalised, an abbreviation ("Va.", "D.C.") or a particle ("Republic of Korea").
fn is_qualifier(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|word| {
            !word.contains(|c: char| c.is_ascii_digit())
                && (word.starts_with(char::is_uppercase)
                    || PARTICLES.contains(&word.to_lowercase().as_str()))
        })
}

/// A place in its usual case: words without lower-case letters are capitalised ("SAN JUAN" ->
/// "San Juan", "O'HARE" -> "O'Hare"), particles inside stay lower case; mixed-case words
/// ("McAllen", "Cairo") are kept.
fn normalise(place: &str) -> String {
    place
        .split_whitespace()
        .enumerate()
        .map(|(position, word)| {
            let upper = word.chars().filter(|c| c.is_uppercase()).count();
            let lower_count = word.chars().filter(|c| c.is_lowercase()).count();
            if lower_count >= upper {
                return word.to_owned();
            }
            // "McALLEN": the Scottish prefix keeps its case, the rest is capitalised.
            if let Some(rest) = word.strip_prefix("Mc").filter(|rest| !rest.is_empty()) {
                return format!("Mc{}", normalise(rest));
            }
            let lower = word.to_lowercase();
            if position > 0 && PARTICLES.contains(&lower.as_str()) {
                return lower;
            }
            let mut cased = String::with_capacity(word.len());
            let mut start = true;
            for character in lower.chars() {
                if start {
                    cased.extend(character.to_uppercase());
                } else {
                    cased.push(character);
                }
                start = matches!(character, '-' | '\'' | '\u{2019}' | '.');
            }
            cased
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The state, province or country part in its usual case: a part written all in capitals with
/// a word of four letters or more takes the place's case ("ONTARIO" -> "Ontario", "DISTRICT OF
/// COLUMBIA" -> "District of Columbia"); abbreviations ("BC", "TX", "D.C.", "Va.") and mixed case
/// stay as printed. A country name loses a stray full stop ("The Hague, Netherlands. –").
fn normalise_qualifier(qualifier: &str) -> String {
    let has_lower = qualifier.chars().any(char::is_lowercase);
    let long_word = qualifier
        .split_whitespace()
        .any(|word| !word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() >= 4);
    let cased = if !has_lower && long_word { normalise(qualifier) } else { qualifier.to_owned() };
    match cased.strip_suffix('.') {
        // A name, not an abbreviation that happens to be a code ("Va." is not the Vatican).
        Some(bare) if bare.chars().count() > 3 && Country::lookup(bare).is_some() => {
            bare.to_owned()
        }
        _ => cased,
    }
}

/// The country of a place outside the United States, from its qualifier or its city.
fn country_of(place: &str, qualifier: Option<&str>) -> Option<Country> {
    let city = city(place);
    match qualifier {
        // "TBILISI, Georgia" is the country, "SAVANNAH, Georgia" the state.
        Some("Georgia") => {
            city.filter(|(code, _, _)| *code == "GE").and_then(|_| Country::lookup("GE"))
        }
        Some(qualifier) if is_us(qualifier) => None,
        Some(qualifier) => match Country::lookup(qualifier) {
            Some(country) if country.alpha2() == "US" => None,
            Some(country) => Some(country),
            // A province or region ("BC", "Ontario"): the city's country.
            None => city.map(|(code, _, _)| code).and_then(Country::from_alpha2),
        },
        None => city
            .filter(|(_, capital, us_namesake)| *capital || !us_namesake)
            .and_then(|(code, _, _)| Country::from_alpha2(code)),
    }
}

fn is_us(qualifier: &str) -> bool {
    let qualifier = qualifier.trim();
    let bare = qualifier.replace('.', "");
    US_STATE_NAMES.iter().chain(US_TERRITORIES).any(|name| name.eq_ignore_ascii_case(qualifier))
        || US_STATE_ABBREVIATIONS.contains(&qualifier)
        || matches!(bare.as_str(), "DC" | "D C" | "USA" | "US")
}

/// The table row of the foreign city called `place` (any case, accents folded as GeoNames'
/// ASCII names are): (alpha-2, capital, a U.S. city shares the name).
fn city(place: &str) -> Option<(&'static str, bool, bool)> {
    let key: String = place
        .to_lowercase()
        .chars()
        .map(|character| match character {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect();
    let at = CITIES.binary_search_by(|row| row.0.cmp(key.as_str())).ok()?;
    let (_, code, capital, us_namesake) = CITIES[at];
    Some((code, capital, us_namesake))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dateline of `body` as `place [code]`, or "" when there is none.
    fn check(body: &str, expected: &str) {
        let found = find(body).map_or(String::new(), |dateline| match dateline.country {
            Some(country) => format!("{} [{}]", dateline.place, country.alpha2()),
            None => dateline.place,
        });
        assert_eq!(found, expected, "{body:?}");
    }

    #[test]
    fn us_datelines_in_ap_style() {
        check("WASHINGTON – U.S. Customs and Border Protection signed", "Washington");
        check("MIAMI—U.S. Customs and Border Protection (CBP) officers", "Miami");
        check("STERLING, Va. – U.S. Customs", "Sterling, Va.");
        check("STERLING, Va., — U.S. Customs", "Sterling, Va.");
        check("SAN JUAN, Puerto Rico—CBP officers", "San Juan, Puerto Rico");
        check("San Bernardino, Calif. - U.S. Customs", "San Bernardino, Calif.");
        check("Eagle Pass, TX - U.S. Border Patrol agents", "Eagle Pass, TX");
        check("WASHINGTON, D.C.—U.S. Customs", "Washington, D.C.");
        check("McALLEN, Texas – CBP", "McAllen, Texas");
        check("EL PASO, Texas – U.S. Customs", "El Paso, Texas");
        check("LOS ANGELES(ICE)– When officers", "Los Angeles");
        check("WASHINGTON, Sept. 26, 2012 — The United States", "Washington");
        check("SAULT STE MARIE, MI - During the month", "Sault Ste Marie, MI");
        check("JAMAICA, N.Y. – CBP officers at JFK", "Jamaica, N.Y.");
        check("OTTAWA, Ontario -- The CBSA", "Ottawa, Ontario [CA]");
    }

    #[test]
    fn foreign_datelines_give_their_country() {
        check("NASSAU, Bahamas – U.S. Customs", "Nassau, Bahamas [BS]");
        check("SEOUL, Republic of Korea—Secretary", "Seoul, Republic of Korea [KR]");
        check("LONDON - The United States", "London [GB]");
        check("Cairo - Through close coordination", "Cairo [EG]");
        check("Brussels – U.S. Customs", "Brussels [BE]");
        check("VANCOUVER, BC, Aug. 28, 2024 /CNW/ - The CBSA", "Vancouver, BC [CA]");
        check("Mexico City, Mexico – Secretary", "Mexico City, Mexico [MX]");
        check("KYIV, Ukraine – Officials", "Kyiv, Ukraine [UA]");
        check("TBILISI, Georgia – Officials", "Tbilisi, Georgia [GE]");
        check("SAVANNAH, Georgia – Officers", "Savannah, Georgia");
        check("HOUSTON – A Salvadoran MS-13 gang member", "Houston");
    }

    #[test]
    fn sentences_and_dates_are_not_datelines() {
        check("Brussels, Belgium U.S. Customs and Border Protection Deputy Director-General", "");
        check("December 7, 2009: Department of Homeland Security", "");
        check("(Oct. 22, 2015) On October 15, 2015, authorities", "");
        check("The U.S.-Mexico border - a long line", "");
        check("U.S. Customs and Border Protection officers at the port seized", "");
        check("Peace Bridge Operations\nOn March 26 - two residents", "");
        check("On February 20, 2019, Secretary Nielsen — and others", "");
        check("", "");
        check("—", "");
    }

    #[test]
    fn an_agency_tag_after_the_date_and_a_district_without_its_comma() {
        check("Accra, Oct. 27, GNA - The United States", "Accra [GH]");
        check("WASHINGTON D.C \u{2013} The Nigeria Customs Service", "Washington, D.C");
        check("Santo Domingo.- The Customs Agency", "Santo Domingo [DO]");
    }

    #[test]
    fn a_dateline_date_in_either_order_is_kept() {
        let found = find("AMMAN, 10 December 2004 \u{2014} The governments").expect("a dateline");
        assert_eq!(
            (found.place.as_str(), found.date),
            ("Amman", NaiveDate::from_ymd_opt(2004, 12, 10))
        );
    }

    #[test]
    fn a_dateline_date_is_kept() {
        let found = find("WASHINGTON, Sept. 26, 2012 — The United States").expect("a dateline");
        assert_eq!(found.date, NaiveDate::from_ymd_opt(2012, 9, 26));
        assert_eq!(
            &"WASHINGTON, Sept. 26, 2012 — The United States"[found.end..],
            " The United States"
        );
    }

    #[test]
    fn location_fields_resolve_too() {
        assert_eq!(country_of_location("San Diego, CA"), None);
        assert_eq!(country_of_location("Mexico City, Mexico").map(Country::alpha2), Some("MX"));
    }

    #[test]
    fn a_state_in_capitals_takes_its_usual_case() {
        check("OTTAWA, ONTARIO, March 2, 2012 — The Minister", "Ottawa, Ontario [CA]");
        check(
            "WASHINGTON, DISTRICT OF COLUMBIA--(Marketwire - Nov. 10, 2010) - The Minister",
            "Washington, District of Columbia",
        );
        check("THE HAGUE, Netherlands. – ICE Director", "The Hague, Netherlands [NL]");
        check("STERLING, Va. – CBP officers", "Sterling, Va.");
        check("EAGLE PASS, TX – CBP officers", "Eagle Pass, TX");
    }
}
