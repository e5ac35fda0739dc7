//! The lexer and parser of the query language: one pass over the string, filters applied as
//! they are read, errors at the byte position of the mistake.

use super::filters::FilterField;
use super::{Group, MAX_QUERY_WORDS, Query, QueryError, QueryErrorKind, Term, TermKind};

/// Parses `input` into a [`Query`].
pub(super) fn parse(input: &str) -> Result<Query, QueryError> {
    if let Some((position, _)) = word_starts(input).nth(MAX_QUERY_WORDS) {
        return Err(QueryError { position, kind: QueryErrorKind::TooManyWords });
    }
    Parser { input, position: 0, query: Query::default(), pending_or: None }.run()
}

/// The byte offset of each whitespace-separated word of `input`, in one pass.
fn word_starts(input: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut previous_was_space = true;
    input.char_indices().filter(move |(_, c)| {
        let starts = previous_was_space && !c.is_whitespace();
        previous_was_space = c.is_whitespace();
        starts
    })
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

    /// `Some((name, len))` when the input continues with `name:` (an ASCII letter, then ASCII
    /// letters or underscores as in `event_since`, then a colon; a hyphen inside only in a known
    /// name, `new-since:`, so `self-made:x` stays a word).
    fn field_ahead(&self) -> Option<(&'a str, usize)> {
        let rest = self.rest();
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let name_len = rest.find(|c: char| !(c.is_ascii_alphabetic() || c == '_' || c == '-'))?;
        let name = &rest[..name_len];
        if name.contains('-') && FilterField::from_name(name).is_none() {
            return None;
        }
        rest[name_len..].starts_with(':').then_some((name, name_len))
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
