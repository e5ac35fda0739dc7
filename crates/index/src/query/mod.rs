//! The query language, parsed by hand into a [`Query`]: words, `"phrases"`, `-word`, `OR`,
//! `prefix*` and `field:value` filters. Errors carry the byte position of the mistake so the
//! binary can put a caret under it.
//!
//! ```text
//! mutual assistance "joint work plan" -trade agree* mexico OR canada
//! country:"cape verde" agreement:CMAA since:2023-05 until:2024 year:2023 kind:page
//! ```

use std::fmt;

use chrono::{Datelike, NaiveDate};
use pressdex_ingest::{AgreementKind, Country, ReleaseKind};

/// A parsed query: text to rank by, text to exclude, and filters to restrict by.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// The words of the query; a release "matches all words" when it matches every group.
    /// A group holds one term, or several joined by `OR`.
    pub groups: Vec<Group>,
    /// `-word`, `-"phrase"`, `-prefix*`: releases matching any of them are left out.
    pub excluded: Vec<Term>,
    /// `field:value` filters.
    pub filters: Filters,
}

/// One or more terms joined by `OR`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The alternatives, at least one.
    pub alternatives: Vec<Term>,
}

/// A word, a phrase or a prefix, as the user typed it (not yet analyzed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// What kind of term.
    pub kind: TermKind,
    /// The text without quotes or `*`.
    pub text: String,
    /// Byte offset of the term in the query string.
    pub position: usize,
}

/// How a [`Term`] matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermKind {
    /// One word (stemmed, typo-tolerant).
    Word,
    /// `"words in this order"`.
    Phrase,
    /// `agree*`: any word starting so.
    Prefix,
}

/// Restrictions on which releases match, from `field:value` in the query or from flags.
/// Several values of one facet are alternatives (OR); different fields all apply (AND).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// `title:` text that the title must contain (each one).
    pub title: Vec<Term>,
    /// `location:` text that the dateline must contain (each one).
    pub location: Vec<Term>,
    /// `country:` any of these countries.
    pub countries: Vec<Country>,
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
}

/// A filter field, in a query (`country:`) or as a flag (`--country`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterField {
    /// `title:`
    Title,
    /// `country:`
    Country,
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
}

/// A mistake in a query, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct QueryError {
    /// Byte offset of the mistake in the query string.
    pub position: usize,
    /// What is wrong.
    pub kind: QueryErrorKind,
}

/// What is wrong with a query or a filter value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryErrorKind {
    /// A `"` without its closing `"`.
    #[error("unbalanced quote: this `\"` is never closed")]
    UnbalancedQuote,
    /// `foo:` for an unknown `foo`.
    #[error("unknown field `{0}:` (known fields: {known})", known = FilterField::known_names())]
    UnknownField(String),
    /// `country:` with nothing after it.
    #[error("`{0}:` needs a value")]
    MissingValue(&'static str),
    /// A date that is not YYYY, YYYY-MM or YYYY-MM-DD.
    #[error("bad date `{0}`: expected YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate(String),
    /// `year:` with something else than four digits.
    #[error("bad year `{0}`: expected YYYY")]
    BadYear(String),
    /// A country that no name, alias or ISO code matches.
    #[error("unknown country `{0}`: use a name, an alias or an ISO code (mx, \"cape verde\")")]
    UnknownCountry(String),
    /// An agreement type that no code or name matches.
    #[error("unknown agreement `{0}` (known: {known})", known = known_agreements())]
    UnknownAgreement(String),
    /// A release kind that does not exist.
    #[error("unknown kind `{0}` (known: {known})", known = known_kinds())]
    UnknownKind(String),
    /// `OR` at either end of the query, or next to another `OR`.
    #[error("`OR` needs a word or phrase on each side")]
    DanglingOr,
    /// `OR` next to a field filter: only words, phrases and prefixes can be alternatives.
    #[error("`OR` joins words and phrases, not field filters")]
    OrWithFilter,
    /// `-country:mx`: filters cannot be negated.
    #[error("`-` can exclude words, phrases and prefixes, not field filters")]
    NegatedFilter,
    /// A `*` with nothing before it, or inside a word.
    #[error("`*` must end a word of at least one letter (agree*)")]
    BadPrefix,
    /// `since:` after `until:`.
    #[error("`since:` {since} is after `until:` {until}")]
    EmptyDateRange {
        /// The first day asked for.
        since: NaiveDate,
        /// The last day asked for.
        until: NaiveDate,
    },
}

impl Query {
    /// Parses a query string.
    ///
    /// # Errors
    /// A [`QueryError`] naming the first mistake and its byte position.
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        Parser { input, position: 0, query: Query::default(), pending_or: None }.run()
    }

    /// True when the query has no words to rank by (it may still have filters).
    pub fn has_no_text(&self) -> bool {
        self.groups.is_empty()
    }
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

    /// Checks that the date range is not empty.
    ///
    /// # Errors
    /// [`QueryErrorKind::EmptyDateRange`] when `since` is after `until`.
    pub fn validate(&self) -> Result<(), QueryErrorKind> {
        match (self.since, self.until) {
            (Some(since), Some(until)) if since > until => {
                Err(QueryErrorKind::EmptyDateRange { since, until })
            }
            _ => Ok(()),
        }
    }

    fn add_at(
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
        }
        Ok(())
    }
}

impl FilterField {
    /// Every field, in the order help lists them.
    pub const ALL: [FilterField; 9] = [
        FilterField::Title,
        FilterField::Country,
        FilterField::Agreement,
        FilterField::Feed,
        FilterField::Kind,
        FilterField::Location,
        FilterField::Since,
        FilterField::Until,
        FilterField::Year,
    ];

    /// The name before the colon.
    pub fn name(self) -> &'static str {
        match self {
            FilterField::Title => "title",
            FilterField::Country => "country",
            FilterField::Agreement => "agreement",
            FilterField::Feed => "feed",
            FilterField::Kind => "kind",
            FilterField::Location => "location",
            FilterField::Since => "since",
            FilterField::Until => "until",
            FilterField::Year => "year",
        }
    }

    /// The field called `name` (any case).
    pub fn from_name(name: &str) -> Option<FilterField> {
        FilterField::ALL.into_iter().find(|field| field.name().eq_ignore_ascii_case(name))
    }

    fn known_names() -> String {
        FilterField::ALL.map(FilterField::name).join(", ")
    }
}

impl fmt::Display for TermKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            TermKind::Word => "word",
            TermKind::Phrase => "phrase",
            TermKind::Prefix => "prefix",
        })
    }
}

/// Parses YYYY, YYYY-MM or YYYY-MM-DD into the first and last day it covers.
///
/// # Errors
/// [`QueryErrorKind::BadDate`] for anything else.
pub fn parse_period(text: &str) -> Result<(NaiveDate, NaiveDate), QueryErrorKind> {
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

fn known_agreements() -> String {
    AgreementKind::ALL.map(AgreementKind::code).join(", ")
}

fn known_kinds() -> String {
    ReleaseKind::ALL.map(ReleaseKind::as_str).join(", ")
}

fn push_unique<T: PartialEq>(values: &mut Vec<T>, value: T) {
    if !values.contains(&value) {
        values.push(value);
    }
}

/// One lexical item of the query.
enum Token {
    Term(Term),
    Excluded(Term),
    Filter,
    Or(usize),
}

struct Parser<'a> {
    input: &'a str,
    position: usize,
    query: Query,
    /// Position of an `OR` waiting for its right-hand term.
    pending_or: Option<usize>,
}

impl<'a> Parser<'a> {
    fn run(mut self) -> Result<Query, QueryError> {
        let mut previous_was_filter = false;
        while let Some(token) = self.next_token()? {
            match token {
                Token::Or(position) => {
                    let error = |kind| QueryError { position, kind };
                    if previous_was_filter {
                        return Err(error(QueryErrorKind::OrWithFilter));
                    }
                    if self.pending_or.is_some() || self.query.groups.is_empty() {
                        return Err(error(QueryErrorKind::DanglingOr));
                    }
                    self.pending_or = Some(position);
                }
                Token::Term(term) => {
                    match (self.pending_or.take(), self.query.groups.last_mut()) {
                        (Some(_), Some(group)) => group.alternatives.push(term),
                        _ => self.query.groups.push(Group { alternatives: vec![term] }),
                    }
                    previous_was_filter = false;
                }
                Token::Excluded(term) => {
                    self.expect_no_pending_or()?;
                    self.query.excluded.push(term);
                    previous_was_filter = false;
                }
                Token::Filter => {
                    if let Some(position) = self.pending_or {
                        return Err(QueryError { position, kind: QueryErrorKind::OrWithFilter });
                    }
                    previous_was_filter = true;
                }
            }
        }
        self.expect_no_pending_or()?;
        self.query.filters.validate().map_err(|kind| QueryError { position: 0, kind })?;
        Ok(self.query)
    }

    fn expect_no_pending_or(&self) -> Result<(), QueryError> {
        match self.pending_or {
            Some(position) => Err(QueryError { position, kind: QueryErrorKind::DanglingOr }),
            None => Ok(()),
        }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.position..]
    }

    fn skip_whitespace(&mut self) {
        let rest = self.rest();
        self.position += rest.len() - rest.trim_start().len();
    }

    /// The next token, or `None` at the end. Filters are applied as they are read.
    fn next_token(&mut self) -> Result<Option<Token>, QueryError> {
        loop {
            self.skip_whitespace();
            let start = self.position;
            let rest = self.rest();
            let Some(first) = rest.chars().next() else {
                return Ok(None);
            };
            if first == '-' {
                self.position += 1;
                // A lone `-` (as in "mexico - canada") is punctuation, not an exclusion.
                if self.rest().starts_with(char::is_whitespace) || self.rest().is_empty() {
                    continue;
                }
                if self.field_ahead().is_some() {
                    return Err(QueryError {
                        position: start,
                        kind: QueryErrorKind::NegatedFilter,
                    });
                }
                let term = self.term()?;
                return Ok(Some(Token::Excluded(term)));
            }
            if let Some((field_name, name_len)) = self.field_ahead() {
                let field = FilterField::from_name(field_name).ok_or_else(|| QueryError {
                    position: start,
                    kind: QueryErrorKind::UnknownField(field_name.to_string()),
                })?;
                self.position += name_len + 1;
                let value_position = self.position;
                let (value, kind) = self.value()?;
                self.query.filters.add_at(field, &value, value_position, kind).map_err(|kind| {
                    let position = if matches!(kind, QueryErrorKind::MissingValue(_)) {
                        start
                    } else {
                        value_position
                    };
                    QueryError { position, kind }
                })?;
                return Ok(Some(Token::Filter));
            }
            let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if &rest[..word_len] == "OR" {
                self.position += 2;
                return Ok(Some(Token::Or(start)));
            }
            // An explicit AND is what juxtaposition means already.
            if &rest[..word_len] == "AND" {
                self.position += 3;
                continue;
            }
            return self.term().map(|term| Some(Token::Term(term)));
        }
    }

    /// `Some((name, len))` when the input continues with `name:` (ASCII letters then a colon).
    fn field_ahead(&self) -> Option<(&'a str, usize)> {
        let rest = self.rest();
        let name_len = rest.find(|c: char| !c.is_ascii_alphabetic())?;
        (name_len > 0 && rest[name_len..].starts_with(':')).then(|| (&rest[..name_len], name_len))
    }

    /// A word, `"phrase"` or `prefix*` at the current position.
    fn term(&mut self) -> Result<Term, QueryError> {
        let start = self.position;
        if self.rest().starts_with('"') {
            let text = self.quoted()?;
            return Ok(Term { kind: TermKind::Phrase, text, position: start });
        }
        let rest = self.rest();
        let len = rest.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(rest.len());
        let word = &rest[..len];
        self.position += len;
        match word.find('*') {
            None => Ok(Term { kind: TermKind::Word, text: word.to_string(), position: start }),
            Some(star) if star + 1 == word.len() && star > 0 => {
                Ok(Term { kind: TermKind::Prefix, text: word[..star].to_string(), position: start })
            }
            Some(star) => {
                Err(QueryError { position: start + star, kind: QueryErrorKind::BadPrefix })
            }
        }
    }

    /// The value after `field:`: a quoted phrase or a bare word.
    fn value(&mut self) -> Result<(String, TermKind), QueryError> {
        if self.rest().starts_with('"') {
            return Ok((self.quoted()?, TermKind::Phrase));
        }
        let rest = self.rest();
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let value = rest[..len].to_string();
        self.position += len;
        Ok((value, TermKind::Word))
    }

    /// The text between a `"` at the current position and the next `"`.
    fn quoted(&mut self) -> Result<String, QueryError> {
        let start = self.position;
        let inner = &self.rest()[1..];
        let close = inner
            .find('"')
            .ok_or(QueryError { position: start, kind: QueryErrorKind::UnbalancedQuote })?;
        let text = inner[..close].trim().to_string();
        self.position += close + 2;
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders a parse result compactly: groups as `a|b`, exclusions as `-x`, phrases quoted,
    /// prefixes with `*`, then the non-empty filters; errors as `error@position: message`.
    fn render(input: &str) -> String {
        let query = match Query::parse(input) {
            Ok(query) => query,
            Err(error) => return format!("error@{}: {}", error.position, error.kind),
        };
        let term = |term: &Term| match term.kind {
            TermKind::Word => term.text.clone(),
            TermKind::Phrase => format!("\"{}\"", term.text),
            TermKind::Prefix => format!("{}*", term.text),
        };
        let mut parts: Vec<String> = query
            .groups
            .iter()
            .map(|group| group.alternatives.iter().map(term).collect::<Vec<_>>().join("|"))
            .collect();
        parts.extend(query.excluded.iter().map(|excluded| format!("-{}", term(excluded))));
        let filters = &query.filters;
        parts.extend(filters.title.iter().map(|title| format!("title={}", term(title))));
        parts.extend(filters.location.iter().map(|place| format!("location={}", term(place))));
        parts.extend(filters.countries.iter().map(|country| format!("country={}", country.name())));
        parts.extend(filters.agreements.iter().map(|kind| format!("agreement={}", kind.code())));
        parts.extend(filters.feeds.iter().map(|feed| format!("feed={feed}")));
        parts.extend(filters.kinds.iter().map(|kind| format!("kind={}", kind.as_str())));
        parts.extend(filters.since.map(|since| format!("since={since}")));
        parts.extend(filters.until.map(|until| format!("until={until}")));
        parts.join(" ")
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(render(input), expected, "query: {input:?}");
    }

    #[test]
    fn words_phrases_prefixes() {
        check("", "");
        check("   ", "");
        check("mutual assistance agreement", "mutual assistance agreement");
        check("\"mutual assistance\" agreement", "\"mutual assistance\" agreement");
        check("agree*", "agree*");
        check("CMAA signings", "CMAA signings");
        check("mexico AND canada", "mexico canada");
        check("mexico - canada", "mexico canada");
        check("cross-border trade", "cross-border trade");
        check("café", "café");
        check("\"  spaced  \"", "\"spaced\"");
        check("a\"b c\"", "a \"b c\"");
    }

    #[test]
    fn exclusion_and_or() {
        check("trade -mexico", "trade -mexico");
        check("trade -\"joint work plan\"", "trade -\"joint work plan\"");
        check("trade -agree*", "trade -agree*");
        check("mexico OR canada", "mexico|canada");
        check("mexico OR canada trade", "mexico|canada trade");
        check("trade mexico OR canada OR \"cabo verde\"", "trade mexico|canada|\"cabo verde\"");
        check("mexico or canada", "mexico or canada");
    }

    #[test]
    fn filters() {
        check("country:mx", "country=Mexico");
        check("country:MEX trade", "trade country=Mexico");
        check("country:\"mexico\"", "country=Mexico");
        check("agreement:cmaa", "agreement=CMAA");
        check("agreement:\"Customs Mutual Assistance Agreement\"", "agreement=CMAA");
        check("agreement:MRA agreement:jwp", "agreement=MRA agreement=JWP");
        check("kind:page", "kind=page");
        check("kind:National-Media-Release", "kind=national-media-release");
        check("feed:\"International Operations\"", "feed=International Operations");
        check("title:signing", "title=signing");
        check("title:\"mutual assistance\"", "title=\"mutual assistance\"");
        check("location:\"San Diego\"", "location=\"San Diego\"");
        check("Country:mx", "country=Mexico");
    }

    #[test]
    fn dates() {
        check("since:2023", "since=2023-01-01");
        check("until:2023", "until=2023-12-31");
        check("since:2023-05", "since=2023-05-01");
        check("until:2024-02", "until=2024-02-29");
        check("until:2023-12", "until=2023-12-31");
        check("since:2023-05-17", "since=2023-05-17");
        check("year:2022", "since=2022-01-01 until=2022-12-31");
        check("year:2022 since:2022-06", "since=2022-06-01 until=2022-12-31");
        check("since:2020 since:2021", "since=2021-01-01");
    }

    #[test]
    fn errors() {
        check("\"mutual assistance", "error@0: unbalanced quote: this `\"` is never closed");
        check("trade \"open", "error@6: unbalanced quote: this `\"` is never closed");
        check("country:\"cape", "error@8: unbalanced quote: this `\"` is never closed");
        check(
            "foo:bar",
            "error@0: unknown field `foo:` (known fields: title, country, agreement, feed, \
             kind, location, since, until, year)",
        );
        check(
            "trade https://cbp.gov",
            "error@6: unknown field `https:` (known fields: title, country, agreement, feed, kind, location, since, until, year)",
        );
        check("country:", "error@0: `country:` needs a value");
        check("x country: y", "error@2: `country:` needs a value");
        check("since:2023-13", "error@6: bad date `2023-13`: expected YYYY, YYYY-MM or YYYY-MM-DD");
        check("since:23", "error@6: bad date `23`: expected YYYY, YYYY-MM or YYYY-MM-DD");
        check(
            "until:2023-02-30",
            "error@6: bad date `2023-02-30`: expected YYYY, YYYY-MM or YYYY-MM-DD",
        );
        check(
            "since:2023-1-1",
            "error@6: bad date `2023-1-1`: expected YYYY, YYYY-MM or YYYY-MM-DD",
        );
        check("year:2023-05", "error@5: bad year `2023-05`: expected YYYY");
        check(
            "country:atlantis",
            "error@8: unknown country `atlantis`: use a name, an alias or an ISO code (mx, \"cape verde\")",
        );
        check(
            "agreement:NAFTA",
            "error@10: unknown agreement `NAFTA` (known: CMAA, MRA, JWP, MOU, Preclearance, LOI, JSD)",
        );
        check(
            "kind:blog",
            "error@5: unknown kind `blog` (known: national-media-release, local-media-release, speeches-and-statements, page)",
        );
        check("OR mexico", "error@0: `OR` needs a word or phrase on each side");
        check("mexico OR", "error@7: `OR` needs a word or phrase on each side");
        check("mexico OR OR canada", "error@10: `OR` needs a word or phrase on each side");
        check("mexico OR -canada", "error@7: `OR` needs a word or phrase on each side");
        check("country:mx OR canada", "error@11: `OR` joins words and phrases, not field filters");
        check("mexico OR country:mx", "error@7: `OR` joins words and phrases, not field filters");
        check(
            "-country:mx",
            "error@0: `-` can exclude words, phrases and prefixes, not field filters",
        );
        check("*", "error@0: `*` must end a word of at least one letter (agree*)");
        check("ag*ree", "error@2: `*` must end a word of at least one letter (agree*)");
        check("since:2024 until:2023", "error@0: `since:` 2024-01-01 is after `until:` 2023-12-31");
    }

    #[test]
    fn flags_share_the_filter_rules() {
        let mut filters = Filters::default();
        assert_eq!(filters.add(FilterField::Country, " MX "), Ok(()));
        assert_eq!(filters.add(FilterField::Country, "mexico"), Ok(()));
        assert_eq!(filters.countries.len(), 1);
        assert_eq!(
            filters.add(FilterField::Since, "May 2023"),
            Err(QueryErrorKind::BadDate("May 2023".into()))
        );
        assert!(!filters.is_empty());
    }
}
