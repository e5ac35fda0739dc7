//! What an index holds for a guid: the last commit's version and provenance (`lookup`), and
//! what the index a rebuild replaces knew of it ([`History`]).

use std::path::Path;
use std::sync::Arc;

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, Searcher, TantivyDocument, Term};

use super::plan::{Carried, Committed, Lookup, VersionKey};
use crate::directory::ReleaseIndex;
use crate::document::decode;
use crate::error::{Error, Result};
use crate::schema::Fields;

/// The index a rebuild replaces, read for what it knew of each guid.
pub(crate) struct History {
    release_index: ReleaseIndex,
    searcher: Searcher,
    _reader: IndexReader,
}

impl History {
    /// The index at `release_index`, when it can be read.
    pub(crate) fn open(release_index: ReleaseIndex) -> Result<History> {
        let reader = release_index.manual_reader()?;
        Ok(History { searcher: reader.searcher(), _reader: reader, release_index })
    }

    pub(super) fn carried(&self, guid: &str) -> Result<Option<Carried>> {
        let (fields, dir) = (self.release_index.fields(), self.release_index.dir());
        let addresses = guid_addresses(&self.searcher, fields.guid, guid)
            .map_err(|e| Error::tantivy(dir, e))?;
        let Some(address) = addresses.first() else { return Ok(None) };
        let doc: TantivyDocument =
            self.searcher.doc(*address).map_err(|err| Error::tantivy(dir, err))?;
        Ok(decode(fields, &doc).ok().map(|(_, held)| Carried {
            indexed_at: held.indexed_at,
            changed_at: held.changed_at,
            content_hash: held.content_hash,
        }))
    }
}

/// What the last commit (`searcher`) holds for `guid`. A stored document that does not decode
/// (see `pressdex check`) is replaced by the incoming version rather than stopping every future
/// run. With no document, a rebuild's `history` says what the old index knew. Also the feed
/// title of the version found.
pub(super) fn lookup(
    searcher: &Searcher,
    fields: &Fields,
    dir: &Path,
    guid: &str,
    history: Option<&History>,
) -> Result<(Lookup<DocAddress>, Option<String>)> {
    let addresses =
        guid_addresses(searcher, fields.guid, guid).map_err(|err| Error::tantivy(dir, err))?;
    let mut best: Option<(Committed<DocAddress>, String)> = None;
    for address in &addresses {
        let doc: TantivyDocument =
            searcher.doc(*address).map_err(|err| Error::tantivy(dir, err))?;
        let (release, provenance) = match decode(fields, &doc) {
            Ok(stored) => stored,
            Err(err) if err.is_corrupt() => return Ok((Lookup::Corrupt, None)),
            Err(err) => return Err(err),
        };
        let key = VersionKey {
            published: release.published,
            fetched_at: provenance.snapshot_fetched,
            feed_date: provenance.snapshot_feed_date,
            snapshot: Arc::from(provenance.snapshot.as_str()),
            raw_hash: release.raw_hash,
            content_hash: provenance.content_hash,
        };
        if best.as_ref().is_none_or(|best| key > best.0.key) {
            let committed = Committed {
                address: *address,
                key,
                provenance,
                duplicated: addresses.len() > 1,
                stale_pipeline: doc.get_first(fields.pipeline).and_then(|v| v.as_u64())
                    != Some(u64::from(pressdex_ingest::PIPELINE_VERSION)),
            };
            best = Some((committed, release.feed));
        }
    }
    match best {
        Some((committed, feed)) => Ok((Lookup::Found(Box::new(committed)), Some(feed))),
        None => Ok((
            Lookup::Absent(match history {
                Some(history) => history.carried(guid)?,
                None => None,
            }),
            None,
        )),
    }
}

/// The documents of `guid` in `searcher` (more than one only in a damaged index).
pub(crate) fn guid_addresses(
    searcher: &Searcher,
    guid_field: Field,
    guid: &str,
) -> tantivy::Result<Vec<DocAddress>> {
    let query = TermQuery::new(Term::from_field_text(guid_field, guid), IndexRecordOption::Basic);
    let mut addresses: Vec<DocAddress> =
        searcher.search(&query, &DocSetCollector)?.into_iter().collect();
    addresses.sort();
    Ok(addresses)
}
