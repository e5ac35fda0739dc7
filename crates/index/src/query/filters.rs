//! Filters: `field:value` in a query or a flag, checked and resolved (a country by name, alias
//! or ISO code; an agreement by code or name; a date as the days it covers).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use pressdex_ingest::{AgreementKind, Country, Region, ReleaseKind};

use super::{QueryErrorKind, Term, TermKind};

/// Restrictions on which releases match, from `field:value` in the query or from flags.
/// Several values of one facet are alternatives (OR); different fields all apply (AND).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// `title:` text that the title must contain (each one).
    pub title: Vec<Term>,
    /// `location:` text that the dateline must contain (each one).
    pub location: Vec<Term>,
    /// `country:` any of these countries (that the release is about). With `agreements`, the
    /// country must be a party to one of those agreements.
    pub countries: Vec<Country>,
    /// `mentions:` any of these countries, mentioned in passing.
    pub mentions: Vec<Country>,
    /// `region:` any of these regions.
    pub regions: Vec<Region>,
    /// `agreement:` any of these agreement types.
    pub agreements: Vec<AgreementKind>,
    /// `feed:` any of these feed titles (any case).
    pub feeds: Vec<String>,
    /// `kind:` any of these kinds.
    pub kinds: Vec<ReleaseKind>,
    /// `since:` published on or after this day.
    pub since: Option<NaiveDate>,
    /// `until:` published on or before this day.
    pub until: Option<NaiveDate>,
    /// `event_since:` an event (a signing) on or after this day.
    pub event_since: Option<NaiveDate>,
    /// `event_until:` an event on or before this day.
    pub event_until: Option<NaiveDate>,
    /// `new-since:` first indexed at or after each of these moments.
    pub new_since: Vec<Moment>,
    /// `changed-since:` content last changed (or first indexed) at or after each moment.
    pub changed_since: Vec<Moment>,
}

/// A moment a filter compares with, as typed; resolved when the search runs, so a saved
/// search means the same thing every time it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// A fixed time (a date alone is its midnight, UTC).
    At(DateTime<Utc>),
    /// This long before now: `7d`, `24h`, `2w`, `90min`, `30s`.
    Ago(TimeDelta),
    /// The start of the index's latest indexing run: `last-run`.
    LastRun,
}

impl Moment {
    /// Reads a date (`2024-05-01`, also `2024-05` or `2024`: their first day), a date-time
    /// (`2024-05-01T10:00:00Z`, with an offset, or without a zone: UTC), a time back from now
    /// (`7d`), or `last-run`.
    ///
    /// # Errors
    /// [`QueryErrorKind::BadTime`] for anything else.
    pub fn parse(text: &str) -> Result<Moment, QueryErrorKind> {
        let text = text.trim();
        let bad = || QueryErrorKind::BadTime(text.to_string());
        if text.eq_ignore_ascii_case("last-run") {
            return Ok(Moment::LastRun);
        }
        if let Some(ago) = parse_duration(text) {
            return Ok(Moment::Ago(ago));
        }
        if let Ok((first, _)) = parse_period(text) {
            return Ok(Moment::At(first.and_time(NaiveTime::MIN).and_utc()));
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Ok(Moment::At(at.with_timezone(&Utc)));
        }
        for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        {
            if let Ok(at) = NaiveDateTime::parse_from_str(text.trim_end_matches('Z'), format) {
                return Ok(Moment::At(at.and_utc()));
            }
        }
        Err(bad())
    }

    /// `Ago` made fixed, back from `now`; the other moments as they are.
    #[must_use]
    pub fn anchored(self, now: DateTime<Utc>) -> Moment {
        match self {
            Moment::Ago(ago) => {
                Moment::At(now.checked_sub_signed(ago).unwrap_or(DateTime::<Utc>::MIN_UTC))
            }
            other => other,
        }
    }

    /// The time it stands for, with `now` and the start of the index's latest run (none
    /// before the first run: then every release is new since it).
    pub fn resolve(self, now: DateTime<Utc>, last_run: Option<DateTime<Utc>>) -> DateTime<Utc> {
        match self.anchored(now) {
            Moment::At(at) => at,
            Moment::LastRun => last_run.unwrap_or(DateTime::<Utc>::MIN_UTC),
            Moment::Ago(_) => now,
        }
    }
}

/// `7d`, `24h`, `2w`, `90min`, `30s`: a whole number and a unit.
fn parse_duration(text: &str) -> Option<TimeDelta> {
    let digits = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(digits);
    let number: i64 = number.parse().ok()?;
    let seconds = match unit {
        "s" => 1,
        "min" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return None,
    };
    TimeDelta::try_seconds(number.checked_mul(seconds)?)
}

/// A filter field, in a query (`country:`) or as a flag (`--country`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterField {
    /// `title:`
    Title,
    /// `country:`
    Country,
    /// `mentions:`
    Mentions,
    /// `region:`
    Region,
    /// `agreement:`
    Agreement,
    /// `feed:`
    Feed,
    /// `kind:`
    Kind,
    /// `location:`
    Location,
    /// `since:`
    Since,
    /// `until:`
    Until,
    /// `year:`
    Year,
    /// `event_since:`
    EventSince,
    /// `event_until:`
    EventUntil,
    /// `new-since:`
    NewSince,
    /// `changed-since:`
    ChangedSince,
}

impl Filters {
    /// Adds a filter from its field and raw value (a flag, or `field:value` in a query).
    ///
    /// # Errors
    /// What is wrong with `value` (unknown country, bad date, ...).
    pub fn add(&mut self, field: FilterField, value: &str) -> Result<(), QueryErrorKind> {
        self.add_at(field, value, 0, TermKind::Phrase)
    }

    /// True when no filter applies.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// Fixes every time given back from now (`7d`) at `now`, so the search means the same
    /// whenever it runs (a front end reads its clock once).
    pub fn anchor(&mut self, now: DateTime<Utc>) {
        for moment in self.new_since.iter_mut().chain(self.changed_since.iter_mut()) {
            *moment = moment.anchored(now);
        }
    }

    /// Whether a filter names the index's latest run (`last-run`).
    pub fn uses_last_run(&self) -> bool {
        self.new_since.iter().chain(&self.changed_since).any(|moment| *moment == Moment::LastRun)
    }

    /// Checks that the date range is not empty.
    ///
    /// # Errors
    /// [`QueryErrorKind::EmptyDateRange`] when `since` is after `until` (or `event_since`
    /// after `event_until`).
    pub fn validate(&self) -> Result<(), QueryErrorKind> {
        for range in [(self.since, self.until), (self.event_since, self.event_until)] {
            if let (Some(since), Some(until)) = range
                && since > until
            {
                return Err(QueryErrorKind::EmptyDateRange { since, until });
            }
        }
        Ok(())
    }

    pub(super) fn add_at(
        &mut self,
        field: FilterField,
        value: &str,
        position: usize,
        kind: TermKind,
    ) -> Result<(), QueryErrorKind> {
        let value = value.trim();
        if value.is_empty() {
            return Err(QueryErrorKind::MissingValue(field.name()));
        }
        let term = || Term { kind, text: value.to_string(), position };
        match field {
            FilterField::Title => self.title.push(term()),
            FilterField::Location => self.location.push(term()),
            FilterField::Country => {
                let country = Country::lookup(value)
                    .ok_or_else(|| QueryErrorKind::UnknownCountry(value.to_string()))?;
                push_unique(&mut self.countries, country);
            }
            FilterField::Mentions => {
                let country = Country::lookup(value)
                    .ok_or_else(|| QueryErrorKind::UnknownCountry(value.to_string()))?;
                push_unique(&mut self.mentions, country);
            }
            FilterField::Region => {
                let region = Region::lookup(value)
                    .ok_or_else(|| QueryErrorKind::UnknownRegion(value.to_string()))?;
                push_unique(&mut self.regions, region);
            }
            FilterField::EventSince => {
                let (first, _) = parse_period(value)?;
                self.event_since = Some(self.event_since.map_or(first, |since| since.max(first)));
            }
            FilterField::EventUntil => {
                let (_, last) = parse_period(value)?;
                self.event_until = Some(self.event_until.map_or(last, |until| until.min(last)));
            }
            FilterField::Agreement => {
                let agreement = AgreementKind::from_code(value)
                    .ok_or_else(|| QueryErrorKind::UnknownAgreement(value.to_string()))?;
                push_unique(&mut self.agreements, agreement);
            }
            FilterField::Feed => push_unique(&mut self.feeds, value.to_string()),
            FilterField::Kind => {
                let release_kind = ReleaseKind::from_name(value)
                    .ok_or_else(|| QueryErrorKind::UnknownKind(value.to_string()))?;
                push_unique(&mut self.kinds, release_kind);
            }
            FilterField::Since => {
                let (first, _) = parse_period(value)?;
                self.since = Some(self.since.map_or(first, |since| since.max(first)));
            }
            FilterField::Until => {
                let (_, last) = parse_period(value)?;
                self.until = Some(self.until.map_or(last, |until| until.min(last)));
            }
            FilterField::Year => {
                if value.len() != 4 || !value.bytes().all(|byte| byte.is_ascii_digit()) {
                    return Err(QueryErrorKind::BadYear(value.to_string()));
                }
                let (first, last) = parse_period(value)?;
                self.since = Some(self.since.map_or(first, |since| since.max(first)));
                self.until = Some(self.until.map_or(last, |until| until.min(last)));
            }
            FilterField::NewSince => push_unique(&mut self.new_since, Moment::parse(value)?),
            FilterField::ChangedSince => {
                push_unique(&mut self.changed_since, Moment::parse(value)?);
            }
        }
        Ok(())
    }
}

impl FilterField {
    /// Every field, in the order help lists them.
    pub const ALL: [FilterField; 15] = [
        FilterField::Title,
        FilterField::Country,
        FilterField::Mentions,
        FilterField::Region,
        FilterField::Agreement,
        FilterField::Feed,
        FilterField::Kind,
        FilterField::Location,
        FilterField::Since,
        FilterField::Until,
        FilterField::Year,
        FilterField::EventSince,
        FilterField::EventUntil,
        FilterField::NewSince,
        FilterField::ChangedSince,
    ];

    /// The name before the colon.
    pub fn name(self) -> &'static str {
        match self {
            FilterField::Title => "title",
            FilterField::Country => "country",
            FilterField::Mentions => "mentions",
            FilterField::Region => "region",
            FilterField::Agreement => "agreement",
            FilterField::Feed => "feed",
            FilterField::Kind => "kind",
            FilterField::Location => "location",
            FilterField::Since => "since",
            FilterField::Until => "until",
            FilterField::Year => "year",
            FilterField::EventSince => "event_since",
            FilterField::EventUntil => "event_until",
            FilterField::NewSince => "new-since",
            FilterField::ChangedSince => "changed-since",
        }
    }

    /// The field called `name` (any case; `-` and `_` alike, so `new_since` is `new-since`
    /// and `event-since` is `event_since`).
    pub fn from_name(name: &str) -> Option<FilterField> {
        let same = |a: u8, b: u8| {
            a.eq_ignore_ascii_case(&b) || (matches!(a, b'-' | b'_') && matches!(b, b'-' | b'_'))
        };
        FilterField::ALL.into_iter().find(|field| {
            let known = field.name().as_bytes();
            known.len() == name.len() && known.iter().zip(name.bytes()).all(|(&a, b)| same(a, b))
        })
    }

    pub(super) fn known_names() -> String {
        FilterField::ALL.map(FilterField::name).join(", ")
    }
}

/// Parses YYYY, YYYY-MM or YYYY-MM-DD into the first and last day it covers.
///
/// # Errors
/// [`QueryErrorKind::BadDate`] for anything else.
pub(crate) fn parse_period(text: &str) -> Result<(NaiveDate, NaiveDate), QueryErrorKind> {
    let bad = || QueryErrorKind::BadDate(text.to_string());
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, digits: usize| -> Result<u32, QueryErrorKind> {
        if part.len() != digits || !part.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(bad());
        }
        part.parse().map_err(|_| bad())
    };
    let year = i32::try_from(number(parts[0], 4)?).map_err(|_| bad())?;
    match parts.as_slice() {
        [_] => {
            let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
            let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?;
            Ok((first, last))
        }
        [_, month] => {
            let first = NaiveDate::from_ymd_opt(year, number(month, 2)?, 1).ok_or_else(bad)?;
            let next_month = if first.month() == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, first.month() + 1, 1)
            };
            let last = next_month.and_then(|day| day.pred_opt()).ok_or_else(bad)?;
            Ok((first, last))
        }
        [_, month, day] => {
            let date = NaiveDate::from_ymd_opt(year, number(month, 2)?, number(day, 2)?)
                .ok_or_else(bad)?;
            Ok((date, date))
        }
        _ => Err(bad()),
    }
}

pub(super) fn known_agreements() -> String {
    AgreementKind::ALL.map(AgreementKind::code).join(", ")
}

pub(super) fn known_kinds() -> String {
    ReleaseKind::ALL.map(ReleaseKind::as_str).join(", ")
}

fn push_unique<T: PartialEq>(values: &mut Vec<T>, value: T) {
    if !values.contains(&value) {
        values.push(value);
    }
}
