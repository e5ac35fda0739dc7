//! The query language, parsed by hand into a [`Query`]: words, `"phrases"`, `-word`, `OR`,
//! `prefix*` and `field:value` filters. Errors carry the byte position of the mistake so the
//! binary can put a caret under it.
//!
//! ```text
//! mutual assistance "joint work plan" -trade agree* mexico OR canada
//! country:"cape verde" agreement:CMAA since:2023-05 until:2024 year:2023 kind:page
//! region:caribbean mentions:ca event_since:2023-09 event_until:2023
//! new-since:last-run changed-since:7d
//! ```

mod filters;
mod parser;

use std::fmt;

use chrono::NaiveDate;

pub use self::filters::{FilterField, Filters, Moment};
use self::filters::{known_agreements, known_kinds};

/// At most this many words in a query (whitespace-separated, filters and phrase words
/// included): planning and ranking are linear in the number of words, and a longer query is
/// almost certainly a paste by mistake.
pub const MAX_QUERY_WORDS: usize = 256;

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
    /// A time that is not a date, a date-time, a time back from now or `last-run`.
    #[error(
        "bad time `{0}`: expected a date (2024-05-01), a date-time (2024-05-01T10:00:00Z), a time back from now (7d, 24h, 2w) or last-run"
    )]
    BadTime(String),
    /// `year:` with something else than four digits.
    #[error("bad year `{0}`: expected YYYY")]
    BadYear(String),
    /// A country that no name, alias or ISO code matches.
    #[error("unknown country `{0}`: use a name, an alias or an ISO code (mx, \"cape verde\")")]
    UnknownCountry(String),
    /// A region that no M49 name or code (nor `EU`) matches.
    #[error(
        "unknown region `{0}`: use a UN M49 region (\"central america\", caribbean, 013) or EU"
    )]
    UnknownRegion(String),
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
    /// More words than [`MAX_QUERY_WORDS`]; the position is the first word over.
    #[error("the query has more than {MAX_QUERY_WORDS} words: shorten it")]
    TooManyWords,
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
        parser::parse(input)
    }

    /// True when the query has no words to rank by (it may still have filters).
    pub fn has_no_text(&self) -> bool {
        self.groups.is_empty()
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

#[cfg(test)]
mod tests;
