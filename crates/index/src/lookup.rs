//! Finding the release someone means: by guid, by link (with or without a trailing slash, over
//! http or https), by the number of a Drupal guid (`427630` for `427630 at https://www.cbp.gov`)
//! or by the start of its title. Several matches are a list to choose from, never a guess.

use chrono::{DateTime, Utc};
use pressdex_ingest::normalize_space;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query as TantivyQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::document::{IndexedRelease, from_document};
use crate::error::Result;
use crate::record::read_payload;
use crate::searcher::ReleaseSearcher;
use crate::terms;

/// At most this many releases are listed when several match.
const MAX_CANDIDATES: usize = 20;

/// Releases read to check a title prefix against (the best matches of its words).
const TITLE_SAMPLE: usize = 500;

/// What [`ReleaseSearcher::lookup`] found.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    /// Exactly one release.
    Found(Box<IndexedRelease>),
    /// Several releases: the first [`Candidate`]s, newest first, and how many there are.
    Several {
        /// The first few, newest first.
        candidates: Vec<Candidate>,
        /// How many releases matched in all.
        total: usize,
    },
    /// None.
    NotFound,
}

/// A release that matched, for a person to choose from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Its guid, which finds it for sure.
    pub guid: String,
    /// Its title.
    pub title: String,
    /// Its publication time.
    pub published: Option<DateTime<Utc>>,
}

impl ReleaseSearcher {
    /// The release `id` names, tried in this order: its guid; its link, with or without a
    /// trailing slash, over http or https; the number of a Drupal guid (`427630` for
    /// `427630 at https://www.cbp.gov`); the start of its title (any case, spaces collapsed),
    /// a whole title winning over longer ones it begins.
    ///
    /// # Errors
    /// [`InternalError::Tantivy`](crate::InternalError::Tantivy) on a read failure,
    /// [`InternalError::Corrupt`](crate::InternalError::Corrupt) for a stored release that does
    /// not decode.
    pub fn lookup(&self, id: &str) -> Result<Lookup> {
        crate::error::guarded(self.index().dir(), || self.lookup_unguarded(id))
    }

    fn lookup_unguarded(&self, id: &str) -> Result<Lookup> {
        let id = id.trim();
        if id.is_empty() {
            return Ok(Lookup::NotFound);
        }
        let fields = *self.index().fields();
        let searcher = self.reader().searcher();
        let exact = |field: Field, values: &[String]| -> Result<Vec<DocAddress>> {
            let mut found = Vec::new();
            for value in values {
                let query =
                    TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic);
                for (_, address) in
                    searcher.search(&query, &TopDocs::with_limit(TITLE_SAMPLE).order_by_score())?
                {
                    if !found.contains(&address) {
                        found.push(address);
                    }
                }
            }
            Ok(found)
        };
        let mut found = exact(fields.guid, &[id.to_string()])?;
        if found.is_empty() {
            found = exact(fields.link, &link_variants(id))?;
        }
        if found.is_empty() && id.bytes().all(|byte| byte.is_ascii_digit()) {
            let guids = guids_starting(&searcher, fields.guid, &format!("{id} at "))?;
            found = exact(fields.guid, &guids)?;
        }
        // Read after the searcher: the snapshot table only grows, so it names every id the
        // searched commit holds.
        let payload = read_payload(self.index())?;
        let read = |addresses: Vec<DocAddress>| -> Result<Vec<IndexedRelease>> {
            addresses
                .into_iter()
                .map(|address| {
                    from_document(&fields, &searcher.doc::<TantivyDocument>(address)?, &payload)
                })
                .collect()
        };
        if !found.is_empty() {
            return Ok(decide(read(found)?));
        }
        let Some(candidates) = self.title_candidates(&searcher, fields.title, id)? else {
            return Ok(Lookup::NotFound);
        };
        let wanted = normalize_space(id).to_lowercase();
        let mut whole_titles = Vec::new();
        let mut longer_titles = Vec::new();
        for release in read(candidates)? {
            let title = normalize_space(&release.release.title).to_lowercase();
            if title == wanted {
                whole_titles.push(release);
            } else if title.starts_with(&wanted) {
                longer_titles.push(release);
            }
        }
        if whole_titles.len() == 1 {
            return Ok(decide(whole_titles));
        }
        whole_titles.extend(longer_titles);
        Ok(decide(whole_titles))
    }
}

/// One release, several, or none.
fn decide(mut releases: Vec<IndexedRelease>) -> Lookup {
    if releases.len() <= 1 {
        return releases.pop().map_or(Lookup::NotFound, |one| Lookup::Found(Box::new(one)));
    }
    let total = releases.len();
    releases.sort_by(|left, right| {
        let newest = right.release.published.cmp(&left.release.published);
        newest.then_with(|| left.release.guid.cmp(&right.release.guid))
    });
    let candidates = releases
        .into_iter()
        .take(MAX_CANDIDATES)
        .map(|indexed| Candidate {
            guid: indexed.release.guid,
            title: indexed.release.title,
            published: indexed.release.published,
        })
        .collect();
    Lookup::Several { candidates, total }
}

impl ReleaseSearcher {
    /// Releases whose title may start with `prefix`: every whole word of it in the title, and a
    /// title word starting with its last word (which may be cut short). `None` when `prefix`
    /// holds no word.
    fn title_candidates(
        &self,
        searcher: &tantivy::Searcher,
        title: Field,
        prefix: &str,
    ) -> Result<Option<Vec<DocAddress>>> {
        let tokens = self.analyze(prefix);
        let Some((last, whole)) = tokens.split_last() else { return Ok(None) };
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = whole
            .iter()
            .map(|token| -> (Occur, Box<dyn TantivyQuery>) {
                let term = Term::from_field_text(title, token);
                (Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic)))
            })
            .collect();
        // The last word may be cut ("Cabo Ver"): any title word starting with its stem.
        let mut last_words: Vec<Box<dyn TantivyQuery>> = Vec::new();
        terms::visit_prefixed(searcher, title, last.as_bytes(), |key| {
            if let Ok(text) = std::str::from_utf8(key) {
                let term = Term::from_field_text(title, text);
                last_words.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
            }
            last_words.len() < 256
        })?;
        if last_words.is_empty() {
            return Ok(Some(Vec::new()));
        }
        clauses.push((Occur::Must, Box::new(BooleanQuery::union(last_words))));
        let query = BooleanQuery::new(clauses);
        let found = searcher.search(&query, &TopDocs::with_limit(TITLE_SAMPLE).order_by_score())?;
        Ok(Some(found.into_iter().map(|(_, address)| address).collect()))
    }
}

/// `link` as given, with and without its trailing slash, over http and https.
fn link_variants(link: &str) -> Vec<String> {
    let bare = link.trim_end_matches('/');
    let rest =
        bare.strip_prefix("https://").or_else(|| bare.strip_prefix("http://")).map(str::to_string);
    let mut variants = vec![link.to_string()];
    let bases = match &rest {
        Some(rest) => vec![format!("https://{rest}"), format!("http://{rest}")],
        None => vec![bare.to_string()],
    };
    for base in bases {
        for variant in [base.clone(), format!("{base}/")] {
            if !variants.contains(&variant) {
                variants.push(variant);
            }
        }
    }
    variants
}

/// The indexed guids starting with `prefix` (at most [`MAX_CANDIDATES`] + 1: enough to know
/// there are several).
fn guids_starting(searcher: &tantivy::Searcher, guid: Field, prefix: &str) -> Result<Vec<String>> {
    let mut found: Vec<String> = Vec::new();
    terms::visit_prefixed(searcher, guid, prefix.as_bytes(), |key| {
        if let Ok(text) = std::str::from_utf8(key)
            && !found.iter().any(|seen| seen == text)
        {
            found.push(text.to_string());
        }
        found.len() <= MAX_CANDIDATES
    })?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::link_variants;

    #[test]
    fn links_with_and_without_slash_and_scheme() {
        let variants = link_variants("http://www.cbp.gov/a/");
        for expected in [
            "http://www.cbp.gov/a/",
            "https://www.cbp.gov/a",
            "https://www.cbp.gov/a/",
            "http://www.cbp.gov/a",
        ] {
            assert!(variants.iter().any(|variant| variant == expected), "{expected}: {variants:?}");
        }
        assert_eq!(link_variants("www.cbp.gov/a"), ["www.cbp.gov/a", "www.cbp.gov/a/"]);
    }
}
