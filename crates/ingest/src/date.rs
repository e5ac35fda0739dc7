//! Feed dates as real feeds write them: RFC 2822 (`pubDate`) with its usual deviations, and
//! RFC 3339 / ISO 8601 (Atom, `dc:date`). Every value is stored in UTC.
//!
//! Deviations accepted, all seen in the wild: a missing or wrong weekday (the weekday is
//! ignored: the date wins), one-digit days, missing seconds, two-digit years, full month
//! names, a named zone (`GMT`, `UT`, `UTC`, `Z`, the US zones `EST`/`EDT`/`CST`/`CDT`/
//! `MST`/`MDT`/`PST`/`PDT`), a missing zone (read as UTC, as feedparser does), `+hh:mm`
//! offsets, a trailing `(comment)`, fractional seconds, and a date-only ISO value (midnight UTC).
//! Two more formats feedparser reads: C's `asctime` and W3C-DTF's reduced precisions (`2004`,
//! `2004-01`).

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};

/// Parses a feed date, `None` when no known format reads it. Fractions of a second are
/// dropped: no feed means them, and whole seconds compare equal across formats.
pub(crate) fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let parsed =
        if bytes.len() >= 10 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-' {
            parse_iso8601(text)
        } else if bytes.len() < 10 && bytes.first().is_some_and(u8::is_ascii_digit) {
            parse_w3dtf_reduced(text)
        } else {
            parse_rfc2822(text).or_else(|| parse_asctime(text))
        };
    // Only years 1..=9999 have an RFC 3339 form (what `parse --json` prints and the index
    // stores); "31 Dec 9999 23:59:59 -1200" is year 10000 in UTC, and feedparser drops it too.
    parsed?.with_nanosecond(0).filter(|at| (1..=9999).contains(&at.year()))
}

fn parse_iso8601(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(parsed) = DateTime::parse_from_rfc3339(text) {
        return Some(parsed.with_timezone(&Utc));
    }
    let (date, rest) = text.split_at(10);
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let rest = rest.trim_start_matches(['T', 't', ' ']);
    if rest.is_empty() {
        return Some(Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)));
    }
    // The zone is whatever follows the last `Z`, `+` or `-` of the time part.
    let (time, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let time = parse_time(time.trim())?;
    let offset = match zone.trim() {
        "" => FixedOffset::east_opt(0)?,
        zone => parse_zone(zone)?,
    };
    local_to_utc(date.and_time(time), offset)
}

fn parse_rfc2822(text: &str) -> Option<DateTime<Utc>> {
    // Drop a trailing `(comment)`, as RFC 2822 allows.
    let text = match text.find('(') {
        Some(at) => &text[..at],
        None => text,
    };
    let mut tokens: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).collect();
    // The weekday is redundant and often wrong: ignore it.
    if tokens.first().is_some_and(|t| t.chars().all(char::is_alphabetic) && month(t).is_none()) {
        tokens.remove(0);
    }
    // `27 Sep 2023` or `Sep 27 2023`.
    let (day, month_number) = match (tokens.first(), tokens.get(1)) {
        (Some(first), Some(second)) => match (first.parse::<u32>(), month(second)) {
            (Ok(day), Some(month_number)) => (day, month_number),
            _ => (second.parse::<u32>().ok()?, month(first)?),
        },
        _ => return None,
    };
    let year = parse_year(tokens.get(2)?)?;
    let date = NaiveDate::from_ymd_opt(year, month_number, day)?;
    let time = match tokens.get(3) {
        Some(time) => parse_time(time)?,
        None => NaiveTime::MIN,
    };
    let offset = match tokens.get(4) {
        Some(zone) => parse_zone(zone)?,
        None => FixedOffset::east_opt(0)?,
    };
    if tokens.len() > 5 {
        return None;
    }
    local_to_utc(date.and_time(time), offset)
}

/// W3C-DTF (the profile of ISO 8601 that RSS 1.0 and Dublin Core use) at its reduced
/// precisions: `2004` and `2004-01` are the first day of that year or month, midnight UTC, as
/// feedparser reads them.
fn parse_w3dtf_reduced(text: &str) -> Option<DateTime<Utc>> {
    let (year, month) = match text.split_once('-') {
        Some((year, month)) if month.len() == 2 => (year, month.parse().ok()?),
        Some(_) => return None,
        None => (text, 1),
    };
    if year.len() != 4 || !year.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month, 1)?;
    Some(Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)))
}

/// C's `asctime` (Unix `date`, some CMS exports): `Sun Jan  4 16:29:06 2004`, with a zone
/// before the year when there is one (`Sun Jan 4 16:29:06 PST 2004`); UTC without.
fn parse_asctime(text: &str) -> Option<DateTime<Utc>> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let (weekday, rest) = tokens.split_first()?;
    if month(weekday).is_some() || !weekday.chars().all(char::is_alphabetic) {
        return None;
    }
    let (zone, year) = match rest {
        [_, _, _, year] => (None, year),
        [_, _, _, zone, year] => (Some(*zone), year),
        _ => return None,
    };
    if year.len() != 4 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(parse_year(year)?, month(rest[0])?, rest[1].parse().ok()?)?;
    let offset = match zone {
        Some(zone) => parse_zone(zone)?,
        None => FixedOffset::east_opt(0)?,
    };
    local_to_utc(date.and_time(parse_time(rest[2])?), offset)
}

fn local_to_utc(local: NaiveDateTime, offset: FixedOffset) -> Option<DateTime<Utc>> {
    offset.from_local_datetime(&local).single().map(|at| at.with_timezone(&Utc))
}

fn month(token: &str) -> Option<u32> {
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let token = token.trim_end_matches('.').to_ascii_lowercase();
    if token.len() < 3 || !token.is_ascii() {
        return None;
    }
    let index = MONTHS.iter().position(|name| token.starts_with(name))?;
    // "Sept" and full names are fine; "Sepx" is not.
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][index];
    (full.starts_with(&token) || token == "sept").then_some(index as u32 + 1)
}

fn parse_year(token: &str) -> Option<i32> {
    let year: i32 = token.parse().ok()?;
    match token.len() {
        // RFC 2822 section 4.3: two-digit years below 50 are 20xx.
        2 if year < 50 => Some(2000 + year),
        2 => Some(1900 + year),
        4 => Some(year),
        _ => None,
    }
}

fn parse_time(token: &str) -> Option<NaiveTime> {
    // Fractional seconds carry nothing a feed item needs.
    let token = token.split('.').next()?;
    NaiveTime::parse_from_str(token, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(token, "%H:%M"))
        .ok()
}

fn parse_zone(zone: &str) -> Option<FixedOffset> {
    let hours = match zone.to_ascii_uppercase().as_str() {
        "Z" | "UT" | "UTC" | "GMT" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => return parse_numeric_zone(zone),
    };
    FixedOffset::east_opt(hours * 3600)
}

/// `+hhmm`, `+hh:mm` or `+hh`.
fn parse_numeric_zone(zone: &str) -> Option<FixedOffset> {
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?),
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    /// `expected` is RFC 3339 in UTC, or "-" for no date.
    fn check(input: &str, expected: &str) {
        let actual = parse_date(input).map(|at| at.to_rfc3339());
        let expected = (expected != "-").then(|| expected.to_owned());
        assert_eq!(actual, expected, "parse_date({input:?})");
    }

    #[test]
    fn rfc2822_as_feeds_write_it() {
        check("Wed, 27 Sep 2023 17:01:17 +0000", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 13:01:17 -0400", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 13:01 -0400", "2023-09-27T17:01:00+00:00");
        check("Wed, 27 Sep 2023 13:01:17 EDT", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 12:01:17 EST", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 10:01:17 PDT", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 09:01:17 PST", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 12:01:17 CDT", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 17:01:17 GMT", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 17:01:17 UT", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 17:01:17 UTC", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 17:01:17 Z", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 17:01:17 +00:00", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 17:01:17", "2023-09-27T17:01:17+00:00");
        check("Wed, 27 Sep 2023 17:01:17 +0000 (UTC)", "2023-09-27T17:01:17+00:00");
    }

    #[test]
    fn rfc2822_deviations() {
        check("Thu, 5 Jul 2022 15:27:43 +0000", "2022-07-05T15:27:43+00:00");
        check("5 Jul 2022 15:27:43 +0000", "2022-07-05T15:27:43+00:00");
        // Wrong weekday: 5 July 2022 was a Tuesday. The date wins.
        check("Fri, 05 Jul 2022 15:27:43 +0000", "2022-07-05T15:27:43+00:00");
        check("Tuesday, 05 July 2022 15:27:43 +0000", "2022-07-05T15:27:43+00:00");
        check("Tue, 05 Sept 2022 15:27:43 +0000", "2022-09-05T15:27:43+00:00");
        check("Tue, 05 jul 22 15:27:43 +0000", "2022-07-05T15:27:43+00:00");
        check("Jul 5 2022 15:27:43 +0000", "2022-07-05T15:27:43+00:00");
        check("Tue,05 Jul 2022 15:27:43 +0000", "2022-07-05T15:27:43+00:00");
        check("  Tue, 05 Jul 2022 15:27:43 +0000\n", "2022-07-05T15:27:43+00:00");
        check("Tue, 05 Jul 2022", "2022-07-05T00:00:00+00:00");
        check("Sat, 31 Dec 2022 23:30:00 -0100", "2023-01-01T00:30:00+00:00");
    }

    #[test]
    fn iso8601() {
        check("2023-09-27T13:01:17-04:00", "2023-09-27T17:01:17+00:00");
        check("2023-09-27T17:01:17Z", "2023-09-27T17:01:17+00:00");
        check("2023-09-27T17:01:17.123Z", "2023-09-27T17:01:17+00:00");
        check("2023-09-27T17:01:17+0000", "2023-09-27T17:01:17+00:00");
        check("2023-09-27T13:01-04:00", "2023-09-27T17:01:00+00:00");
        check("2023-09-27 17:01:17", "2023-09-27T17:01:17+00:00");
        check("2023-09-27T17:01:17", "2023-09-27T17:01:17+00:00");
        check("2023-09-27", "2023-09-27T00:00:00+00:00");
    }

    #[test]
    fn asctime_and_reduced_w3dtf() {
        check("Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06+00:00");
        check("Sun Jan 4 16:29:06 PST 2004", "2004-01-05T00:29:06+00:00");
        check("Sun Jan 4 16:29:06 +0100 2004", "2004-01-04T15:29:06+00:00");
        check("Sun Jan 4 16:29:06 04", "-");
        check("Sun Jan 4 16:29 2004 extra", "-");
        check("2004", "2004-01-01T00:00:00+00:00");
        check("2004-07", "2004-07-01T00:00:00+00:00");
        check("2004-13", "-");
        check("04-07", "-");
        check("2004-7", "-");
    }

    #[test]
    fn unparseable() {
        check("", "-");
        check("yesterday", "-");
        check("Mon, 01 Jan 0001 00:00:00 +0000", "0001-01-01T00:00:00+00:00");
        check("Fri, 31 Dec 9999 23:59:59 +0000", "9999-12-31T23:59:59+00:00");
        check("Fri, 31 Dec 9999 23:59:59 -1200", "-");
        check("Wed, 32 Sep 2023 17:01:17 +0000", "-");
        check("Wed, 27 Foo 2023 17:01:17 +0000", "-");
        check("Wed, 27 Sep 2023 25:01:17 +0000", "-");
        check("Wed, 27 Sep 2023 17:01:17 XYZ", "-");
        check("Wed, 27 Sep 2023 17:01:17 +0000 extra", "-");
        check("2023-13-01", "-");
        check("2023-09-27Tnoon", "-");
        check("27/09/2023", "-");
        check("Wed, 27 Sep 123 17:01:17 +0000", "-");
    }
}
