//! Which country matches of a release are mentions of the country (which of them the release is
//! about is `about.rs`).
//!
//! Names and ISO codes come from `rust_iso3166` (every ISO 3166-1 country); common names,
//! aliases and demonyms from our table in `names.rs`, all found by the automaton of `scan.rs`.
//! A match counts as a mention unless its context says otherwise:
//! - the United States is left out (it is in every release), and so is Antarctica (a continent);
//! - a name followed by a U.S. state is a U.S. town ("Lebanon, Ohio", "Peru, Ind.");
//! - phrases that hold a country word but name a state, city, sea or people are matched whole
//!   and dropped ("New Mexico", "New Jersey", "Mexico City", "Indian Ocean", "New Guinea");
//! - a city is not its country, even a capital: "Port of Spain", "Guatemala City", "Kuwait
//!   City", "Luxembourg City" yield nothing (the country counts only where it is named itself,
//!   "Port of Spain, Trinidad and Tobago"); a city-state or a capital spelled exactly as its
//!   country ("Singapore", "Monaco", "Luxembourg", "Djibouti") cannot be told apart and reads
//!   as the country;
//! - "Georgia" is the country only when the release gives a cue ("Republic of Georgia",
//!   "Tbilisi", "Georgian"), and never right after a city ("Atlanta, Georgia") or in a sentence
//!   naming Atlanta or Savannah;
//! - "Jordan", "Chad" (and "Israel") are people after a title ("Secretary Chad Wolf"), after a given name
//!   ("Michael Jordan") or before a surname ("Chad Wolf");
//! - "Turkey" before a food word is the bird ("Turkey meat"); lower-case "turkey" never matches;
//! - a name after a given name and a middle initial, or after a title and a given name, is a
//!   surname ("Lisa O. Monaco", "Attorney General Lisa Monaco");
//! - a name joined to capitalised words ending in a facility word names the facility ("the
//!   Colombia-Solidarity Bridge" in Laredo, "Mexico Street");
//! - cities, U.S. states and continents are not in the table (Brussels, Maryland, Europe).

use super::country::Country;
use super::scan::{Form, Hit, Tag};
use super::text::{Accepted, ReleaseText, Section, Segment};
use super::words::{
    FACILITIES, FOODS, FUNCTION_WORDS, INSTITUTIONS, TITLES, US_STATE_ABBREVIATIONS, US_STATE_NAMES,
};

/// Which hits of `text` name a country (the context rules above).
pub(crate) fn accepted(text: &ReleaseText<'_>) -> Accepted {
    // "Georgia" needs a cue somewhere in the release: Tbilisi, "Georgian", "Republic of
    // Georgia", or Georgia joined to another country ("with Bolivia and with Georgia").
    let georgia = Country::lookup("GE");
    let georgia_cued = text.segments.iter().any(|segment| {
        segment.hits.iter().enumerate().any(|(position, hit)| match hit.tag {
            Tag::Cue(country) | Tag::Country(country, Form::Demonym) => Some(country) == georgia,
            Tag::Country(country, Form::Name) => {
                Some(country) == georgia
                    && (is_republic_of(&segment.text[hit.start..hit.end])
                        || joined_to_a_country(segment, position))
            }
            _ => false,
        })
    });
    text.segments
        .iter()
        .map(|segment| {
            (0..segment.hits.len())
                .map(|position| match segment.hits[position].tag {
                    Tag::Country(country, form)
                        if is_mention(segment, position, country, form, georgia_cued) =>
                    {
                        Some(country)
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// Whether the country hit at `position` is named in a role of the news: as a place's country
/// ("Sydney, Australia", "in Brussels, Belgium"), a nationality ("a citizen of Honduras"), an
/// origin or a destination ("destined for", "a flight to", "shipped from", "removed to").
pub(crate) fn in_a_role(segment: &Segment<'_>, position: usize) -> bool {
    const ROLES: &[&str] = &[
        "citizen of",
        "citizens of",
        "national of",
        "nationals of",
        "destined for",
        "bound for",
        "flight to",
        "flights to",
        "flight from",
        "flights from",
        "shipped from",
        "arrived from",
        "arriving from",
        "departing for",
        "removed to",
        "returned to",
        "deported to",
        "extradited to",
        "repatriated to",
    ];
    let hit = &segment.hits[position];
    let before = segment.text[..hit.start].trim_end();
    // Bytes compared with ASCII case folding: only the end of `before` matters, and no role
    // holds a letter whose other case is outside ASCII.
    let ends_with = |role: &str| {
        before.len() >= role.len()
            && before.as_bytes()[before.len() - role.len()..].eq_ignore_ascii_case(role.as_bytes())
    };
    if ROLES.iter().any(|role| ends_with(role)) {
        return true;
    }
    // "a citizen of El Salvador and Honduras": joined to a country in a role.
    if joined_to_a_country(segment, position)
        && position.checked_sub(1).is_some_and(|previous| {
            matches!(segment.hits[previous].tag, Tag::Country(..)) && in_a_role(segment, previous)
        })
    {
        return true;
    }
    // "Sydney, Australia": a capitalised word (not another country, not an item of a list)
    // before the comma.
    let Some(place) = before.strip_suffix(',') else { return false };
    let previous_country = position.checked_sub(1).is_some_and(|previous| {
        let previous = &segment.hits[previous];
        matches!(previous.tag, Tag::Country(..)) && previous.end == place.len()
    });
    let Some(word) = previous_word(place).filter(|word| starts_upper(word)) else { return false };
    let listed = place[..place.len() - word.len()].trim_end().ends_with(',');
    !previous_country && !listed
}

/// Whether the country hit at `position` is joined to another country's name by "and", "or" or
/// a comma ("Bolivia and with Georgia", "Armenia, Georgia"): a list of countries.
fn joined_to_a_country(segment: &Segment<'_>, position: usize) -> bool {
    let is_foreign =
        |hit: &Hit| matches!(hit.tag, Tag::Country(country, _) if country.alpha2() != "US");
    let joined = |between: &str| {
        let between = between.trim().trim_start_matches(',').trim();
        between.is_empty()
            || matches!(between, "and" | "or" | "and with" | "or with" | "and in" | "with")
    };
    let hit = &segment.hits[position];
    let previous = position
        .checked_sub(1)
        .map(|at| &segment.hits[at])
        .filter(|previous| is_foreign(previous) && joined(&segment.text[previous.end..hit.start]));
    let next = segment
        .hits
        .get(position + 1)
        .filter(|next| is_foreign(next) && joined(&segment.text[hit.end..next.start]));
    previous.is_some() || next.is_some()
}

/// Whether the country hit `segment.hits[position]` is a mention of the country.
fn is_mention(
    segment: &Segment<'_>,
    position: usize,
    country: Country,
    form: Form,
    georgia_cued: bool,
) -> bool {
    let hit: &Hit = &segment.hits[position];
    let text = segment.text;
    let found = &text[hit.start..hit.end];
    let before = &text[..hit.start];
    let after = &text[hit.end..];
    // The U.S. and its territories (treated as the U.S.: Puerto Rico, Guam, the U.S. Virgin
    // Islands, American Samoa, the Northern Mariana Islands) are no country of a release.
    if matches!(country.alpha2(), "US" | "AQ" | "PR" | "GU" | "VI" | "AS" | "MP")
        || followed_by_us_state(after)
    {
        return false;
    }
    if form == Form::Name && (after_a_given_name(before) || names_a_facility(after)) {
        return false;
    }
    match country.alpha2() {
        "GE" if !is_republic_of(found) => {
            let previous_is_country = joined_to_a_country(segment, position);
            let after_a_town = before.trim_end().ends_with(',')
                && previous_word(before.trim_end().trim_end_matches(',')).is_some_and(starts_upper)
                && !previous_is_country;
            let sentence = segment
                .sentences
                .iter()
                .find(|range| range.start <= hit.start && hit.end <= range.end)
                .map_or("", |range| &text[range.clone()]);
            let near_us_city = ["Atlanta", "Savannah"].iter().any(|city| sentence.contains(city));
            georgia_cued && !after_a_town && !near_us_city
        }
        // Countries whose names are common given names.
        "JO" | "TD" | "IL"
            if form == Form::Name && matches!(found, "Jordan" | "Chad" | "Israel") =>
        {
            !is_person(before, after, is_title_case(segment))
        }
        "TR" if form == Form::Name => {
            let next = next_word(after).map(str::to_lowercase);
            !next.is_some_and(|word| FOODS.contains(&word.as_str()))
        }
        _ => true,
    }
}

/// Whether a name right after a given name is a surname: after a given name and a middle
/// initial ("Deputy Attorney General Lisa O. Monaco"), or after a title and a given name
/// ("Deputy Attorney General Lisa Monaco", "Secretary John Kerry").
fn after_a_given_name(before: &str) -> bool {
    if !before.ends_with(char::is_whitespace) {
        return false;
    }
    let is_given = |word: &str| starts_upper(word) && word.chars().all(char::is_alphabetic);
    let mut words = before.split_whitespace().rev();
    let (Some(last), Some(second)) = (words.next(), words.next()) else { return false };
    let mut letters = last.chars();
    let is_initial = matches!((letters.next(), letters.next(), letters.next()),
        (Some(letter), Some('.'), None) if letter.is_uppercase());
    // Titles that end a person's office ("Attorney General", "Ambassador") besides `TITLES`.
    const OFFICES: &[&str] = &["General", "Ambassador", "Minister", "Administrator", "Governor"];
    let title = second.trim_end_matches('.');
    (is_initial && is_given(second))
        || (is_given(last) && (TITLES.contains(&title) || OFFICES.contains(&title)))
}

/// Whether the words after a country's name make it part of a facility's name: "the
/// Colombia-Solidarity Bridge" (a Laredo crossing), "Mexico Street".
fn names_a_facility(after: &str) -> bool {
    let rest = after.strip_prefix('-').unwrap_or(after);
    rest.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| !word.is_empty())
        .take(4)
        .take_while(|word| starts_upper(word))
        .any(|word| FACILITIES.contains(&word.trim_end_matches(['.', ',', ';', ':'])))
}

/// Whether "Jordan"/"Chad" between `before` and `after` is a person's name.
fn is_person(before: &str, after: &str, title_case: bool) -> bool {
    let trimmed = before.trim_end();
    let previous = previous_word(trimmed).filter(|_| trimmed.len() < before.len());
    if let Some(previous) = previous {
        let bare = previous.trim_end_matches('.');
        if TITLES.contains(&bare) {
            return true;
        }
        // A capitalised bare word right before, not a function word nor a verb or plural that
        // starts the sentence: a given name ("Michael Jordan"). "Egypt, Jordan" is a list.
        let head = trimmed[..trimmed.len() - previous.len()].trim_end();
        let starts_sentence = head.is_empty() || head.ends_with(['.', '!', '?']);
        let verb_like = ["ing", "ed", "s"].iter().any(|ending| bare.ends_with(ending));
        let is_word = previous.chars().all(|c| c.is_alphabetic() || c == '-');
        if is_word
            && starts_upper(bare)
            && !FUNCTION_WORDS.contains(&bare)
            && (!starts_sentence || !verb_like)
        {
            return true;
        }
    }
    // A capitalised word right after: a surname ("Chad Wolf"), unless an institution.
    // Not in a title in Title Case, where every word is capitalised ("U.S., Israel Sign MRA").
    !title_case
        && after.starts_with(char::is_whitespace)
        && next_word(after).is_some_and(|next| starts_upper(next) && !INSTITUTIONS.contains(&next))
}

/// Whether `segment` is a title whose words are mostly capitalised.
fn is_title_case(segment: &Segment<'_>) -> bool {
    let words: Vec<&str> = segment.text.split_whitespace().collect();
    let capitalised = words.iter().filter(|word| starts_upper(word)).count();
    segment.section == Section::Title && capitalised * 3 > words.len() * 2
}

fn is_republic_of(found: &str) -> bool {
    found.get(..11).is_some_and(|head| head.eq_ignore_ascii_case("republic of"))
}

fn followed_by_us_state(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(',') else { return false };
    let rest = rest.trim_start();
    US_STATE_NAMES.iter().chain(US_STATE_ABBREVIATIONS).any(|state| {
        rest.strip_prefix(state).is_some_and(|tail| !tail.starts_with(char::is_alphanumeric))
    })
}

fn previous_word(before: &str) -> Option<&str> {
    let word = before.trim_end().rsplit(char::is_whitespace).next()?;
    (!word.is_empty()).then_some(word)
}

fn next_word(after: &str) -> Option<&str> {
    let word = after.trim_start().split(|c: char| !c.is_alphanumeric() && c != '-').next()?;
    (!word.is_empty()).then_some(word)
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use crate::enrich::testing::release;

    /// The countries, by name, found in a release with `title` and `body`.
    fn check(title: &str, body: &str, expected: &[&str]) {
        let mut press_release = release(title, body);
        crate::enrich::enrich(&mut press_release);
        let got: Vec<&str> = press_release.countries.iter().map(|country| country.name()).collect();
        assert_eq!(got, expected, "{title:?} / {body:?}");
    }

    fn body(text: &str, expected: &[&str]) {
        check("News", text, expected);
    }

    #[test]
    fn names_aliases_and_demonyms() {
        body("Officials from Cape Verde met.", &["Cabo Verde"]);
        body("A Salvadoran national and two Mexicans.", &["El Salvador", "Mexico"]);
        body("Emirati and Costa Rican officials.", &["United Arab Emirates", "Costa Rica"]);
        body("Turkey, Türkiye and the Czech Republic.", &["Türkiye", "Czechia"]);
        body("Ivory Coast, Burma and Holland.", &["Côte d'Ivoire", "Myanmar", "Netherlands"]);
        body("The Republic of Korea and South Korea.", &["South Korea"]);
    }

    #[test]
    fn the_united_states_is_left_out() {
        body("The U.S.-Cabo Verde Trade Conference in the United States.", &["Cabo Verde"]);
        body("American officials in America.", &[]);
        // Its territories are the U.S. too.
        body("Officers from Guam and Puerto Rico met Fijian officials.", &["Fiji"]);
        body(
            "HONOLULU -- The cutter patrolled off American Samoa with Tongan officers.",
            &["Tonga"],
        );
    }

    #[test]
    fn states_cities_and_continents_are_not_countries() {
        body("A suspect from Maryland flew to Brussels, in Europe.", &[]);
        body("Officers in New Mexico and New Jersey.", &[]);
        body("Flights from Mexico City and Panama City.", &[]);
    }

    #[test]
    fn a_city_is_not_its_country() {
        body("The flight from Port of Spain landed.", &[]);
        body("Port-of-Spain officials met.", &[]);
        body("Officers in Port of Spain, Trinidad and Tobago.", &["Trinidad and Tobago"]);
        body("Port of Spain, not Spain.", &["Spain"]);
        body("Guatemala City, Kuwait City and Belize City.", &[]);
        body("Djibouti City and Luxembourg City.", &[]);
        body("Santiago de Cuba and Spanish Town.", &[]);
        body("Ciudad de México and Ciudad de Panamá.", &[]);
        body("Officials of Guatemala met in Guatemala City.", &["Guatemala"]);
        body(
            "Singapore, Monaco, Luxembourg and Djibouti.",
            &["Singapore", "Monaco", "Luxembourg", "Djibouti"],
        );
        body("The Vatican City delegation.", &["Holy See"]);
        body("The Indian Ocean and New Mexico.", &[]);
        body("He lives in Lebanon, Ohio, and Peru, Ind.", &[]);
        body("Travelers from Lebanon and Peru.", &["Lebanon", "Peru"]);
    }

    #[test]
    fn guinea_niger_dominica() {
        body("Papua New Guinea", &["Papua New Guinea"]);
        body(
            "Equatorial Guinea and Guinea-Bissau, not Guinea.",
            &["Equatorial Guinea", "Guinea-Bissau", "Guinea"],
        );
        body("Niger and Nigeria.", &["Niger", "Nigeria"]);
        body("The Dominican Republic, not Dominica.", &["Dominican Republic", "Dominica"]);
        body("The island of New Guinea.", &[]);
    }

    #[test]
    fn georgia_needs_a_cue() {
        body("Port of Savannah, Georgia, officers seized cocaine.", &[]);
        body("A flight from Georgia landed.", &[]);
        body("Officers in Atlanta, Georgia. Georgian authorities met.", &["Georgia"]);
        body("Georgian authorities in Tbilisi and Georgia's customs.", &["Georgia"]);
        body("The Republic of Georgia signed.", &["Georgia"]);
        body("Flights to Tbilisi. Georgia and Armenia agree.", &["Georgia", "Armenia"]);
        body("Flights to Tbilisi. A Georgia trooper from Atlanta said so.", &[]);
        body(
            "Armenia, Georgia and Azerbaijan, says a Georgian official.",
            &["Georgia", "Armenia", "Azerbaijan"],
        );
    }

    #[test]
    fn jordan_and_chad_as_names() {
        body("Former Acting Secretary Chad Wolf visited.", &[]);
        body("Michael Jordan visited.", &[]);
        body("Jordan Smith and Chad Johnson spoke.", &[]);
        body("Officials from Jordan and Chad met in Amman.", &["Jordan", "Chad"]);
        body("Jordan Customs signed; Chad's minister came.", &["Jordan", "Chad"]);
        body("In Jordan, officers trained.", &["Jordan"]);
        body("Egypt, Jordan and Chad signed.", &["Egypt", "Jordan", "Chad"]);
        body("Visiting Jordan was useful.", &["Jordan"]);
        body("CBP Officer Israel Hernandez and Israel Lopez found it.", &[]);
        body("The Israel Tax Authority and Israeli customs met.", &["Israel"]);
        check("U.S., Israel Sign Mutual Recognition Arrangement", "", &["Israel"]);
        check("Jordan Smith honored", "", &[]);
    }

    #[test]
    fn turkey_the_bird() {
        body("Officers seized turkey meat and a turkey sandwich.", &[]);
        body("CBP Seizes Smuggled Turkey Meat.", &[]);
        body("Customs officers from Turkey visited.", &["Türkiye"]);
        body("Japanese beetles and Mexican fruit flies were intercepted.", &[]);
    }

    #[test]
    fn korea_and_congo() {
        body("Korea and Korean officials.", &["South Korea"]);
        body("North Korea and the DPRK.", &["North Korea"]);
        body("Congo and the Congolese.", &["Democratic Republic of the Congo"]);
        body("The Republic of the Congo and Congo-Brazzaville.", &["Republic of the Congo"]);
        body("The Democratic Republic of the Congo (DRC).", &["Democratic Republic of the Congo"]);
    }

    #[test]
    fn salience_title_then_mentions_then_first() {
        check(
            "CBP Returns Artifacts to Peru",
            "Chile, Chile and Chile. Peru. Brazil.",
            &["Peru", "Chile", "Brazil"],
        );
        body("Brazil. Chile. Chile.", &["Chile", "Brazil"]);
        body(
            "Guatemala, Colombia and Uruguay. CBP signed an MRA with Uruguay and a JWP with Guatemala and Colombia.",
            &["Uruguay", "Guatemala", "Colombia"],
        );
    }

    #[test]
    fn odd_text_never_panics() {
        for text in [
            "é  Jordan",
            "Jordan",
            "  Chad  ",
            "Ünïcödé\u{a0}Chad Wolf",
            "Georgia",
            ", Georgia",
            "Turkey",
            "x Turkey",
            "Mexico,",
            "Peru, ",
            "\u{2019}Jordan\u{2019}",
            "Chad\u{a0}Éric",
        ] {
            let mut press_release = release(text, text);
            crate::enrich::enrich(&mut press_release);
        }
    }

    #[test]
    fn surnames_facilities_and_the_mainland() {
        body("Deputy Attorney General Lisa O. Monaco spoke.", &[]);
        body("Officers at the Colombia-Solidarity Bridge seized cocaine.", &[]);
        body("Flights to the U.S. mainland and the U.S. Mainland.", &[]);
        body("MRAs with the Mainland, India and Korea.", &["China", "India", "South Korea"]);
        body("Officials from NZ met.", &["New Zealand"]);
    }
}
