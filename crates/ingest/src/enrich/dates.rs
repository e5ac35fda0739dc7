//! The day a sentence says something happened, against the release's own day:
//! - "today", "this morning", "tonight", "this week": the release's day; "yesterday" the day
//!   before;
//! - a full date ("Sept. 26, 2012", "November 26, 2012", "27 June 2014", "9th December 2014"):
//!   that day (a day of the month may carry its ordinal suffix: "1st", "22nd", "3rd", "27th");
//! - a month and a day ("on Sept. 26", "May 27"): that day of the release's year (the year
//!   before when that would be after the release);
//! - a weekday ("on Monday"): the latest such day on or before the release's day.
//!
//! "Today" next to "announce" ("today announced the signing") dates the announcement, not the
//! act, and is passed over.
//!
//! In that order of preference: "December 7, 2009: ... today signed" is the release's day, and
//! a weekday only counts when nothing more exact is said. "Recently", "last week", "in June" give
//! no day; neither does a relative word when the release's day is unknown (a full date in the
//! same sentence then does), nor a day after it (a plan, not an event).

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The day `text` says something happened, relative to `day` (the release's day).
pub(crate) fn event_date(text: &str, day: Option<NaiveDate>) -> Option<NaiveDate> {
    let words = words(text);
    // Compared ASCII-folded in place: "Today", "TODAY", "today".
    let is = |word: &str, names: &[&str]| names.iter().any(|name| word.eq_ignore_ascii_case(name));
    let relative = words.iter().enumerate().find_map(|(at, (_, word))| {
        let next = words.get(at + 1).map(|(_, next)| *next);
        // "today announced the signing": the day of the announcement, not of the act.
        let previous = at.checked_sub(1).map(|previous| words[previous].1);
        let announces =
            |near: &str| near.get(..7).is_some_and(|head| head.eq_ignore_ascii_case("announc"));
        if [previous, next].into_iter().flatten().any(announces) {
            return None;
        }
        let this_part_of_the_day = is(word, &["this"])
            && next.is_some_and(|next| is(next, &["morning", "afternoon", "evening", "week"]));
        if is(word, &["today", "tonight"]) || this_part_of_the_day {
            Some(0)
        } else if is(word, &["yesterday"]) {
            Some(1)
        } else {
            None
        }
    });
    // Without the release's day a relative word says nothing; a full date beside it still does
    // ("signed today the Agreement ... on 23 November 2010").
    if let (Some(back), Some(day)) = (relative, day) {
        return day.checked_sub_days(Days::new(back));
    }
    let not_after = |date: NaiveDate| day.is_none_or(|day| date <= day);
    if let Some(date) = dates(&words, day).into_iter().find(|date| not_after(*date)) {
        return Some(date);
    }
    let weekday = words.iter().find_map(|(_, word)| weekday(word))?;
    let day = day?;
    let back = (7 + day.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    day.checked_sub_days(Days::new(u64::from(back)))
}

/// Whether `text` names a day, past or to come: a weekday, a month and a day, or a full date
/// ("as of Monday", "on Sunday 1 October", "on 22 February 2019").
pub(crate) fn names_a_day(text: &str) -> bool {
    let words = words(text);
    words.iter().any(|(_, word)| weekday(word).is_some())
        || !dates(&words, NaiveDate::from_ymd_opt(2999, 12, 31)).is_empty()
}

/// A date that opens `text` (a release's first paragraph), before a colon, a closing bracket or
/// a dash: "December 7, 2009: ...", "(Oct. 22, 2015) ...". With the byte length it covers.
pub(crate) fn leading_date(text: &str) -> Option<(NaiveDate, usize)> {
    let trimmed = text.trim_start_matches(['(', ' ']);
    let offset = text.len() - trimmed.len();
    let end = trimmed.find([':', ')', '\u{2013}', '\u{2014}'])?;
    let head = &trimmed[..end];
    if head.len() > 24 {
        return None;
    }
    let words = words(head);
    let date = full_dates(&words).into_iter().next()?;
    // Past the delimiter, whose width a dash makes three bytes.
    let width = trimmed[end..].chars().next().map_or(1, char::len_utf8);
    Some((date, offset + end + width))
}

/// Full dates in `words` (both orders).
fn full_dates(words: &[(usize, &str)]) -> Vec<NaiveDate> {
    dates(words, None)
}

/// Every date `words` name, in order: full dates, and month-day pairs placed in `day`'s year.
fn dates(words: &[(usize, &str)], day: Option<NaiveDate>) -> Vec<NaiveDate> {
    let mut found = Vec::new();
    let number = |at: usize| words.get(at).and_then(|(_, word)| word.parse::<u32>().ok());
    let day_number = |at: usize| {
        words.get(at).and_then(|(_, word)| day_of_month(word)).filter(|day| (1..=31).contains(day))
    };
    for at in 0..words.len() {
        let (month, day_of_month, year) = if let Some(month) = month(words[at].1) {
            // "Sept. 26, 2012", "May 27", "June 1st"
            let Some(day_of_month) = day_number(at + 1) else {
                continue;
            };
            (month, day_of_month, number(at + 2).filter(|year| (1900..=2999).contains(year)))
        } else if let Some(day_of_month) = day_number(at) {
            // "27 June 2014", "9th December 2014"
            let Some(month) = words.get(at + 1).and_then(|(_, word)| month(word)) else {
                continue;
            };
            (month, day_of_month, number(at + 2).filter(|year| (1900..=2999).contains(year)))
        } else {
            continue;
        };
        let date = match (year, day) {
            (Some(year), _) => i32::try_from(year)
                .ok()
                .and_then(|year| NaiveDate::from_ymd_opt(year, month, day_of_month)),
            (None, Some(day)) => {
                NaiveDate::from_ymd_opt(day.year(), month, day_of_month).and_then(|date| {
                    if date > day {
                        NaiveDate::from_ymd_opt(day.year() - 1, month, day_of_month)
                    } else {
                        Some(date)
                    }
                })
            }
            (None, None) => None,
        };
        found.extend(date);
    }
    found
}

/// The day of the month a word gives: "26", or "26th", "1st", "22nd", "3rd" (an ordinal suffix,
/// compared ASCII-folded: "9TH").
fn day_of_month(word: &str) -> Option<u32> {
    let digits = word.find(|character: char| !character.is_ascii_digit()).unwrap_or(word.len());
    let (number, suffix) = word.split_at(digits);
    if number.is_empty() || number.len() > 2 {
        return None;
    }
    let ordinal = ["st", "nd", "rd", "th"].iter().any(|end| suffix.eq_ignore_ascii_case(end));
    (suffix.is_empty() || ordinal).then(|| number.parse().ok()).flatten()
}

/// Words of `text` (letters and digits) with their byte offsets; an abbreviation keeps no dot.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, character) in text.char_indices().chain([(text.len(), ' ')]) {
        match (character.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(begin)) => {
                words.push((begin, &text[begin..at]));
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// The month a capitalised word names: "September", "Sept", "Sep", "May" (not "may").
pub(crate) fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    if !word.starts_with(char::is_uppercase) || word.len() < 3 {
        return None;
    }
    // ASCII case folding: no month name holds a letter whose other case is outside ASCII.
    let position = MONTHS.iter().position(|name| {
        name.eq_ignore_ascii_case(word)
            || (word.len() <= 4
                && name.get(..word.len()).is_some_and(|head| head.eq_ignore_ascii_case(word)))
    })?;
    u32::try_from(position + 1).ok()
}

fn weekday(word: &str) -> Option<Weekday> {
    let days = [
        ("Monday", Weekday::Mon),
        ("Tuesday", Weekday::Tue),
        ("Wednesday", Weekday::Wed),
        ("Thursday", Weekday::Thu),
        ("Friday", Weekday::Fri),
        ("Saturday", Weekday::Sat),
        ("Sunday", Weekday::Sun),
    ];
    days.iter().find(|(name, _)| *name == word).map(|(_, weekday)| *weekday)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("YYYY-MM-DD")
    }

    /// The event date of `text` in a release of `day` (`None`: undated).
    fn check(text: &str, day: Option<&str>, expected: Option<&str>) {
        assert_eq!(event_date(text, day.map(date)), expected.map(date), "{text:?} on {day:?}");
    }

    #[test]
    fn relative_words_need_the_release_day() {
        check("CBP signed a CMAA today.", Some("2023-09-27"), Some("2023-09-27"));
        check("They signed it this morning.", Some("2023-09-27"), Some("2023-09-27"));
        check("They signed it yesterday.", Some("2023-09-27"), Some("2023-09-26"));
        check("CBP signed a CMAA today.", None, None);
        // Without the release's day, a full date beside the relative word still counts.
        check("Peru signed today the agreement on 23 November 2010.", None, Some("2010-11-23"));
        check("December 7, 2009: the two today signed.", Some("2009-12-07"), Some("2009-12-07"));
    }

    #[test]
    fn full_and_partial_dates() {
        check("signed on November 26, 2012 an MRA", None, Some("2012-11-26"));
        check("signed at the WCO on 27 June 2014.", None, Some("2014-06-27"));
        check("On May 27, the U.S. signed an MOC.", Some("2019-05-28"), Some("2019-05-27"));
        check("signed on Sept. 26.", Some("2023-01-05"), Some("2022-09-26"));
        check("The signing took place Feb. 5.", None, None);
        check("during the conference May 19, 2015, in Crystal City", None, Some("2015-05-19"));
        check("It will enter into force on Jan. 1, 2030.", Some("2023-09-27"), None);
    }

    #[test]
    fn a_day_may_be_an_ordinal() {
        check("On 3rd March 2011, the two sides signed an MoU.", None, Some("2011-03-03"));
        check(
            "signed the arrangement on Monday (21st May 2018) in Geneva",
            None,
            Some("2018-05-21"),
        );
        check("The deal was inked on 2nd October, 2016.", None, Some("2016-10-02"));
        check("inked on July 22nd", Some("2020-08-01"), Some("2020-07-22"));
        check("the 11th Meeting of the Heads of Customs", Some("2020-08-01"), None);
        check("the 4th meeting in May 2019", None, None);
        check("signed on 31st June 2015", None, None);
    }

    #[test]
    fn weekdays_are_the_latest_on_or_before_the_release() {
        check("signed a CMAA Monday", Some("2023-09-27"), Some("2023-09-25"));
        check("signed a CMAA on Wednesday", Some("2023-09-27"), Some("2023-09-27"));
        check("signed a CMAA Monday", None, None);
        check("On Wednesday, Aug. 23, officers", Some("2023-08-30"), Some("2023-08-23"));
    }

    #[test]
    fn vague_times_give_no_day() {
        for text in ["signed recently", "signed last week", "signed in June", "may sign it"] {
            check(text, Some("2023-09-27"), None);
        }
    }

    #[test]
    fn leading_dates_open_a_release() {
        assert_eq!(leading_date("December 7, 2009: DHS"), Some((date("2009-12-07"), 17)));
        assert_eq!(leading_date("(Oct. 22, 2015) On October 15"), Some((date("2015-10-22"), 15)));
        assert_eq!(leading_date("WASHINGTON – On May 1, 2020: x"), None);
        assert_eq!(leading_date("No date here: none"), None);
        // Past a dash of three bytes, on a character boundary.
        let text = "AMMAN, 10 December 2004 \u{2014} The two sides yesterday signed";
        let (day, end) = leading_date(text).expect("a leading date");
        assert_eq!((day, &text[end..]), (date("2004-12-10"), " The two sides yesterday signed"));
    }

    #[test]
    fn today_announced_dates_the_announcement() {
        check("The CBSA today announced the signing of an MRA.", Some("2017-07-24"), None);
        check("The CBSA announced today that it signed an MRA.", Some("2017-07-24"), None);
        check("The CBSA signed an MRA today.", Some("2017-07-24"), Some("2017-07-24"));
    }
}
