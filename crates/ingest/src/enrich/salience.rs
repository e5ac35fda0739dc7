//! Salience: whether a country's mention is background rather than what the release is about.
//! A mention is background when its sentence
//! - lists five or more countries ("the U.S. also has MRAs with Canada, Jordan, Japan, Korea, New
//!   Zealand and Taiwan", "participating countries include: Canada, Honduras, ..."): a list,
//!   whoever is in it;
//! - tells history: a year before the release's, or "previous", "previously", "first signed",
//!   "since 2010", "years ago" (unless it says "today");
//! - states a wish or a plan before the country: "hopes it will also include participation from
//!   Mexico", "plan to share best practices ... with El Salvador", "will visit the Federal
//!   Customs Service of Russia tomorrow", "is in the process of discussing MRAs with Malaysia";
//! - counts agreements signed over time ("has signed 79 CMAAs with ...");
//! - names the country as the scene of a threat the release refers to: a threat word among the
//!   four words before it ("the recent terrorist attacks in Niger", "terrorist organisations in
//!   Syria", "the terrorist advance in Mali");
//! - names the country inside another territory's official name, as its sovereign: "the Hong
//!   Kong Special Administrative Region of the People's Republic of China" is Hong Kong;
//!
//! In the title only the list rule applies. A country whose every mention is background is a mention of the release; one named
//! once in the foreground, in the title, as a party or as a foreign dateline is what the release
//! is about (`about.rs`).

use super::not_news::is_history;
use super::report_words::{COUNTRY_HISTORY, COUNTRY_THREATS, COUNTRY_WISHES};
use super::reports::counts_agreements;
use super::text::{Accepted, ReleaseText, Section, lower_words};

/// A sentence naming this many distinct countries is a list.
const LIST: usize = 5;

/// How many words before a country a threat word makes it a threat's scene.
const THREAT_WINDOW: usize = 4;

/// How many words before a country "administrative region" makes it the sovereign named in a
/// territory's official name ("Administrative Region of the People´s Republic of China", the
/// accent splitting "People´s" in two words).
const SOVEREIGN_WINDOW: usize = 9;

/// Whether the country hit `position` of segment `index` is background (see the module docs).
/// `year` is the release's year, for the history rule; `listed` whether the hit's sentence is a
/// list ([`is_listed`], which the caller needs on its own too).
pub(crate) fn is_background(
    text: &ReleaseText<'_>,
    index: usize,
    position: usize,
    year: Option<i32>,
    listed: bool,
) -> bool {
    let segment = &text.segments[index];
    let hit = &segment.hits[position];
    let Some(sentence) = segment.sentence_at(hit.start) else { return false };
    if listed {
        return true;
    }
    if segment.section == Section::Title {
        return false;
    }
    let words = &segment.text[sentence.clone()];
    let lower = words.to_lowercase();
    let history = is_history(words, year)
        || (COUNTRY_HISTORY.iter().any(|phrase| lower.contains(phrase))
            && !lower.contains("today"));
    let before = &segment.text[sentence.start..hit.start];
    let before_words = lower_words(before);
    let wished = before_words.iter().any(|word| COUNTRY_WISHES.contains(&word.as_str())) || {
        let lower = before.to_lowercase();
        ["look forward", "plan to", "plans to", "planned to"]
            .iter()
            .any(|phrase| lower.contains(phrase))
    };
    let threat = before_words
        .iter()
        .rev()
        .take(THREAT_WINDOW)
        .any(|word| COUNTRY_THREATS.contains(&word.as_str()));
    history
        || wished
        || threat
        || names_a_sovereign(&before_words)
        || counts_agreements(segment, sentence)
}

/// Whether the country hit `position` of segment `index` is in a sentence naming five or more
/// distinct countries: a list.
pub(crate) fn is_listed(
    text: &ReleaseText<'_>,
    accepted: &Accepted,
    index: usize,
    position: usize,
) -> bool {
    let segment = &text.segments[index];
    let Some(sentence) = segment.sentence_at(segment.hits[position].start) else { return false };
    let mut listed: Vec<_> =
        segment.hits_in(sentence).filter_map(|(at, _)| accepted[index][at]).collect();
    listed.sort_unstable();
    listed.dedup();
    listed.len() >= LIST
}

/// Whether the words before a country (`before_words`, lower case) end in a territory's official
/// name that the country completes as its sovereign: "... Special Administrative Region of the
/// People's Republic of" China.
fn names_a_sovereign(before_words: &[String]) -> bool {
    let start = before_words.len().saturating_sub(SOVEREIGN_WINDOW);
    before_words[start..].windows(2).any(|pair| pair[0] == "administrative" && pair[1] == "region")
}

#[cfg(test)]
mod tests {
    use crate::enrich::testing::release;

    /// (about, mentioned) country codes of a release with `title` and `body` (dated 2023).
    fn check(title: &str, body: &str, about: &[&str], mentioned: &[&str]) {
        let mut press_release = release(title, body);
        crate::enrich::enrich(&mut press_release);
        let codes = |countries: &[crate::Country]| -> Vec<String> {
            countries.iter().map(|country| country.alpha2().to_owned()).collect()
        };
        assert_eq!(codes(&press_release.countries), about, "about: {title:?} / {body:?}");
        assert_eq!(codes(&press_release.mentions), mentioned, "mentioned: {title:?} / {body:?}");
    }

    #[test]
    fn a_list_of_five_is_mentioned() {
        check(
            "CBP signs MRA with Israel",
            "The U.S. also has MRAs with Canada, Jordan, Japan, Korea, New Zealand and Taiwan.",
            &["IL"],
            &["CA", "JO", "JP", "KR", "NZ", "TW"],
        );
        check(
            "News",
            "Migrants from Guatemala, Honduras, Mexico and Ecuador.",
            &["GT", "HN", "MX", "EC"],
            &[],
        );
    }

    #[test]
    fn history_wishes_and_counts_are_mentioned() {
        check(
            "Korea, U.S. sign MRA",
            "It follows previous arrangements signed with New Zealand, Canada and Japan.",
            &["KR"],
            &["NZ", "CA", "JP"],
        );
        check("News", "Peru signed in 2019. Chile officials met.", &["CL"], &["PE"]);
        check(
            "News",
            "The minister hopes it will include Mexico. Guatemala signed.",
            &["GT"],
            &["MX"],
        );
        check(
            "News",
            "The U.S. has signed 79 CMAAs, including with Peru. Chile met.",
            &["CL"],
            &["PE"],
        );
        // So are partners counted after a name, with a possession or a perfect.
        check(
            "Chile and Bolivia sign AEO MRA",
            "Currently, Chile has a Mutual Recognition Arrangement with 20 countries, including \
             Peru. Chile already has similar agreements in place with countries such as Mexico.",
            &["CL", "BO"],
            &["PE", "MX"],
        );
        // Others with "similar" agreements are a comparison.
        check(
            "Chile and Bolivia sign AEO MRA",
            "Bolivia joins nine other countries, including Peru and Mexico, which have similar \
             AEO agreements with Chile.",
            &["CL", "BO"],
            &["PE", "MX"],
        );
        // Agreements of no named type are tallied the same way.
        check(
            "Chile Customs signs co-operative arrangement with Bolivia",
            "Chile has signed similar arrangements with 24 customs administrations, including \
             Peruvian Customs.",
            &["CL", "BO"],
            &["PE"],
        );
    }

    #[test]
    fn parties_and_titles_stay_about_even_in_a_list() {
        check(
            "CBP and Peru sign CMAA",
            "CBP signed a CMAA with Peru today. Peru joins Canada, Mexico, Chile, Brazil and Japan.",
            &["PE"],
            &["CA", "MX", "CL", "BR", "JP"],
        );
    }

    #[test]
    fn a_country_named_once_in_passing_is_mentioned() {
        // The title says what the release is about; Paraguay is named once, late, in no role.
        check(
            "Peru and Chile customs meet",
            "Peru and Chile met in Lima.\n\nThey also heard their counterparts from Paraguay.",
            &["PE", "CL"],
            &["PY"],
        );
        // In a role of the news (a destination, a nationality, a place's country) it stays about.
        check(
            "Peru and Chile customs meet",
            "Peru and Chile met.\n\nThe cargo was destined for Sydney, Australia.",
            &["PE", "CL", "AU"],
            &[],
        );
        check(
            "Peru and Chile customs meet",
            "Peru and Chile met.\n\nOne was a citizen of Bolivia and Ecuador.",
            &["PE", "CL", "BO", "EC"],
            &[],
        );
        // Without a subject in the title or a party, a country named once is still about.
        check("News", "Officers met.\n\nThey spoke with officials from Paraguay.", &["PY"], &[]);
        // In the lead paragraph it is about.
        check(
            "Peru and Chile customs meet",
            "Peru and Chile met with officials from Paraguay.",
            &["PE", "CL", "PY"],
            &[],
        );
    }

    #[test]
    fn a_meeting_to_discuss_is_news_not_a_wish() {
        check(
            "News",
            "The Secretary met today to discuss security with the Polish and Danish ministers.",
            &["PL", "DK"],
            &[],
        );
        check(
            "News",
            "Chile signed. CBP is in the process of discussing MRAs with Malaysia.",
            &["CL"],
            &["MY"],
        );
    }

    #[test]
    fn a_surname_after_a_title_and_a_given_name_is_no_country() {
        check("News", "Deputy Attorney General Lisa Monaco met officials of Chile.", &["CL"], &[]);
    }

    #[test]
    fn the_scene_of_a_threat_is_mentioned() {
        check(
            "News",
            "Peru and the U.S. signed. The plan answers the recent terrorist attacks in Niger.",
            &["PE"],
            &["NE"],
        );
        check(
            "News",
            "Chile hosted the talks, on fighters joining terrorist groups in Syria and elsewhere.",
            &["CL"],
            &["SY"],
        );
        // Far from the threat word, a country is news again.
        check(
            "News",
            "To counter terrorism, the U.S. delivered scanners to the border police of Chad.",
            &["TD"],
            &[],
        );
    }

    #[test]
    fn a_sovereign_in_a_territory_s_official_name_is_mentioned() {
        check(
            "Chile and Macao sign",
            "Chile and the Macao Special Administrative Region of the People's Republic of China met.",
            &["CL", "MO"],
            &["CN"],
        );
        // China named for itself is news.
        check(
            "News",
            "Chile met the customs of the People's Republic of China.",
            &["CL", "CN"],
            &[],
        );
    }

    #[test]
    fn plans_and_tallies_are_mentioned() {
        check(
            "News",
            "Chile signed. Customs is pursuing such agreements with Peru and Bolivia.",
            &["CL"],
            &["PE", "BO"],
        );
        check(
            "News",
            "Chile signed. The ministers seek to adopt frameworks with Peru.",
            &["CL"],
            &["PE"],
        );
        check(
            "News",
            "ICE will continue flights from Guatemala. Honduras received a flight.",
            &["HN"],
            &["GT"],
        );
        check(
            "News",
            "Mexico signed. The two plan to share practices with El Salvador.",
            &["MX"],
            &["SV"],
        );
        check(
            "News",
            "Chile met. Similar preclearance agreements have been signed with Aruba and Ireland.",
            &["CL"],
            &["AW", "IE"],
        );
        check(
            "News",
            "Chile met. Building on commitments made in Mexico, ministers discussed crime.",
            &["CL"],
            &["MX"],
        );
    }
}
