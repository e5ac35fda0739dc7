//! A release and its provenance as a Tantivy document, and back. Facet paths are built here
//! from the typed values ingest hands over; stored values are keys, not display text, and
//! decode exactly: countries by ISO 3166-1 alpha-2 code (`Country::from_alpha2`), agreements by
//! code (`AgreementKind::from_code`), parties by key (`Party::from_code`). An agreement's
//! evidence, parties and event date are parallel stored values (one each per agreement).

use chrono::{DateTime, NaiveDate};
use pressdex_ingest::{
    Agreement, AgreementKind, Country, FeedItem, Party, PressRelease, ReleaseKind,
};
use tantivy::TantivyDocument;
use tantivy::schema::{Facet, Value};

use crate::error::{Error, Result};
pub(crate) use crate::provenance::StoredProvenance;
pub use crate::provenance::{Provenance, Sighting};
use crate::record::{Payload, decode_ids, encode_ids};
use crate::schema::{self, Fields};

/// A hash of what a feed item says (guid, link, title, date, creator, feed, HTML), with a fixed
/// function (FNV-1a). Unlike `FeedItem::raw_hash` it ignores `PIPELINE_VERSION`: a new pressdex
/// re-processes items but does not count them as edited.
pub(crate) fn content_hash(item: &FeedItem) -> u64 {
    use std::hash::Hasher;
    let mut hasher = fnv::FnvHasher::default();
    for part in [&item.guid, &item.link, &item.title, &item.feed, &item.html] {
        hasher.write(part.as_bytes());
        hasher.write_u8(0xff); // not in UTF-8: separates the fields
    }
    hasher.write(item.creator.as_deref().unwrap_or("").as_bytes());
    hasher.write_u8(0xff);
    hasher.write_i64(item.published.map_or(i64::MIN, |at| at.timestamp_micros()));
    hasher.finish()
}

/// A release as the index stores it: the release and its provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexedRelease {
    /// The release, as ingest built it.
    pub release: PressRelease,
    /// Where it came from.
    pub provenance: Provenance,
}

/// The facets of `release`: countries, agreements, regions, agreement parties, publication
/// month, feed and kind.
pub(crate) fn facets_of(release: &PressRelease) -> Vec<Facet> {
    let mut facets = Vec::new();
    for country in &release.countries {
        facets.push(schema::country_facet(*country));
    }
    let mut codes: Vec<&str> = Vec::new();
    for agreement in &release.agreements {
        if !codes.contains(&agreement.kind.code()) {
            codes.push(agreement.kind.code());
            facets.push(schema::agreement_facet(agreement.kind.code()));
        }
    }
    for region in release.regions() {
        facets.push(schema::region_facet(region));
    }
    for agreement in &release.agreements {
        for party in &agreement.parties {
            let facet = schema::party_facet(agreement.kind, *party);
            if !facets.contains(&facet) {
                facets.push(facet);
            }
        }
    }
    if let Some(published) = release.published {
        facets.push(schema::month_facet(published));
    }
    if !release.feed.is_empty() {
        facets.push(schema::feed_facet(&release.feed));
    }
    facets.push(schema::kind_facet(release.kind.as_str()));
    facets
}

/// The document of `release` with `provenance`.
pub(crate) fn to_document(
    fields: &Fields,
    release: &PressRelease,
    provenance: &StoredProvenance,
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.guid, &release.guid);
    doc.add_text(fields.link, &release.link);
    // Each text also goes to its gram field (`grams.rs`), which indexes only its pairs of
    // adjacent words that hold a common word.
    doc.add_text(fields.title, &release.title);
    doc.add_text(fields.title_grams, &release.title);
    if let Some(summary) = &release.summary {
        doc.add_text(fields.summary, summary);
        doc.add_text(fields.summary_grams, summary);
    }
    doc.add_text(fields.body, &release.body);
    doc.add_text(fields.body_grams, &release.body);
    for caption in &release.captions {
        doc.add_text(fields.captions, caption);
        doc.add_text(fields.captions_grams, caption);
    }
    if let Some(location) = &release.location {
        doc.add_text(fields.location, location);
        doc.add_text(fields.location_grams, location);
    }
    if let Some(creator) = &release.creator {
        doc.add_text(fields.creator, creator);
    }
    if let Some(contact) = &release.contact {
        doc.add_text(fields.contact, contact);
    }
    doc.add_text(fields.feed, &release.feed);
    doc.add_text(fields.kind, release.kind.as_str());
    if let Some(date) = release.release_date {
        doc.add_text(fields.release_date, date.format("%Y-%m-%d").to_string());
    }
    for country in &release.countries {
        doc.add_text(fields.country, country.alpha2());
    }
    for country in &release.mentions {
        doc.add_text(fields.mention, country.alpha2());
    }
    for agreement in &release.agreements {
        doc.add_text(fields.agreement, agreement.kind.code());
        doc.add_text(fields.agreement_evidence, &agreement.evidence);
        let parties: Vec<&str> = agreement.parties.iter().map(|party| party.code()).collect();
        doc.add_text(fields.agreement_parties, parties.join(" "));
        let date = agreement.event_date.map(|date| date.format("%Y-%m-%d").to_string());
        doc.add_text(fields.agreement_event_date, date.unwrap_or_default());
    }
    if let Some(date) = release.event_date {
        let midnight = date.and_time(chrono::NaiveTime::MIN).and_utc();
        doc.add_date(fields.event_date, schema::to_tantivy_date(midnight));
    }
    if let Some(published) = release.published {
        doc.add_date(fields.published, schema::to_tantivy_date(published));
        doc.add_i64(fields.published_micros, published.timestamp_micros());
    }
    for facet in facets_of(release) {
        doc.add_facet(fields.facets, facet);
    }
    doc.add_u64(fields.raw_hash, release.raw_hash);
    add_provenance(fields, &mut doc, provenance);
    doc.add_u64(fields.pipeline, u64::from(pressdex_ingest::PIPELINE_VERSION));
    doc
}

/// Adds the provenance fields to `doc`: for a new document, and for a stored one whose
/// provenance the writer replaces.
pub(crate) fn add_provenance(
    fields: &Fields,
    doc: &mut TantivyDocument,
    provenance: &StoredProvenance,
) {
    doc.add_date(fields.first_seen, schema::to_tantivy_date(provenance.first_seen));
    doc.add_date(fields.last_seen, schema::to_tantivy_date(provenance.last_seen));
    doc.add_text(fields.snapshot, &provenance.snapshot);
    doc.add_date(fields.snapshot_fetched, schema::to_tantivy_date(provenance.snapshot_fetched));
    if let Some(feed_date) = provenance.snapshot_feed_date {
        doc.add_date(fields.snapshot_feed_date, schema::to_tantivy_date(feed_date));
    }
    if let Some(url) = &provenance.url {
        doc.add_text(fields.feed_url, url);
    }
    doc.add_u64(fields.revisions, provenance.revisions);
    for hash in &provenance.content_hashes {
        doc.add_u64(fields.content_hashes, *hash);
    }
    doc.add_u64(fields.content_hash, provenance.content_hash);
    doc.add_date(fields.indexed_at, schema::to_tantivy_date(provenance.indexed_at));
    doc.add_date(fields.changed_at, schema::to_tantivy_date(provenance.changed_at));
    doc.add_bytes(fields.sightings, &encode_ids(&provenance.sightings));
}

/// The provenance fields, which [`add_provenance`] writes (the writer replaces them in a
/// stored document whose provenance alone moved).
pub(crate) fn provenance_fields(fields: &Fields) -> [tantivy::schema::Field; 12] {
    [
        fields.first_seen,
        fields.last_seen,
        fields.snapshot,
        fields.snapshot_fetched,
        fields.snapshot_feed_date,
        fields.feed_url,
        fields.revisions,
        fields.content_hashes,
        fields.content_hash,
        fields.indexed_at,
        fields.changed_at,
        fields.sightings,
    ]
}

/// Decodes a stored document, its sightings looked up in `payload`'s snapshot table.
///
/// # Errors
/// [`InternalError::Corrupt`](crate::InternalError::Corrupt) when a required field is missing
/// or a stored value does not decode (an unknown country, agreement code, kind or snapshot id,
/// a bad date).
pub(crate) fn from_document(
    fields: &Fields,
    doc: &TantivyDocument,
    payload: &Payload,
) -> Result<IndexedRelease> {
    let (release, provenance) = decode(fields, doc)?;
    let provenance = provenance.resolve(&release.guid, payload)?;
    Ok(IndexedRelease { release, provenance })
}

/// Decodes a stored document, its provenance as stored.
///
/// # Errors
/// As [`from_document`].
pub(crate) fn decode(
    fields: &Fields,
    doc: &TantivyDocument,
) -> Result<(PressRelease, StoredProvenance)> {
    let guid = first_text(doc, fields.guid);
    let corrupt = |message: String| Error::corrupt(guid.clone(), message);
    let required = |field, name: &str| {
        first_text(doc, field).ok_or_else(|| corrupt(format!("no stored `{name}`")))
    };
    let guid_value = required(fields.guid, schema::GUID)?;
    let kind_name = required(fields.kind, schema::KIND)?;
    let kind = ReleaseKind::from_name(&kind_name)
        .ok_or_else(|| corrupt(format!("unknown kind {kind_name:?}")))?;
    let countries = all_texts(doc, fields.country)
        .into_iter()
        .map(|code| {
            Country::from_alpha2(&code)
                .ok_or_else(|| corrupt(format!("unknown country code {code:?}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let decode_country = |code: String| {
        Country::from_alpha2(&code).ok_or_else(|| corrupt(format!("unknown country code {code:?}")))
    };
    let mentions = all_texts(doc, fields.mention)
        .into_iter()
        .map(decode_country)
        .collect::<Result<Vec<_>>>()?;
    let codes = all_texts(doc, fields.agreement);
    let evidence = all_texts(doc, fields.agreement_evidence);
    let parties = all_texts(doc, fields.agreement_parties);
    let event_dates = all_texts(doc, fields.agreement_event_date);
    if [evidence.len(), parties.len(), event_dates.len()].iter().any(|len| *len != codes.len()) {
        return Err(corrupt(format!(
            "{} agreements but {} evidence sentences, {} party lists, {} event dates",
            codes.len(),
            evidence.len(),
            parties.len(),
            event_dates.len()
        )));
    }
    let agreements = codes
        .into_iter()
        .zip(evidence)
        .zip(parties.into_iter().zip(event_dates))
        .map(|((code, evidence), (parties, event_date))| {
            let kind = AgreementKind::from_code(&code)
                .ok_or_else(|| corrupt(format!("unknown agreement {code:?}")))?;
            let parties = parties
                .split_whitespace()
                .map(|key| {
                    Party::from_code(key).ok_or_else(|| corrupt(format!("unknown party {key:?}")))
                })
                .collect::<Result<Vec<_>>>()?;
            let event_date = match event_date.as_str() {
                "" => None,
                text => Some(
                    NaiveDate::parse_from_str(text, "%Y-%m-%d")
                        .map_err(|_| corrupt(format!("bad event date {text:?}")))?,
                ),
            };
            Ok(Agreement { kind, parties, evidence, event_date })
        })
        .collect::<Result<Vec<_>>>()?;
    let event_date = doc
        .get_first(fields.event_date)
        .and_then(|value| value.as_datetime())
        .map(|at| schema::from_tantivy_date(at).date_naive());
    let published = match doc.get_first(fields.published_micros).and_then(|v| v.as_i64()) {
        Some(micros) => Some(
            DateTime::from_timestamp_micros(micros)
                .ok_or_else(|| corrupt(format!("publication time {micros} out of range")))?,
        ),
        None => None,
    };
    let release_date = match first_text(doc, fields.release_date) {
        Some(text) => Some(
            NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map_err(|_| corrupt(format!("bad release date {text:?}")))?,
        ),
        None => None,
    };
    let raw_hash = doc
        .get_first(fields.raw_hash)
        .and_then(|v| v.as_u64())
        .ok_or_else(|| corrupt(format!("no stored `{}`", schema::RAW_HASH)))?;
    let date = |field, name: &str| {
        doc.get_first(field)
            .and_then(|v| v.as_datetime())
            .map(schema::from_tantivy_date)
            .ok_or_else(|| corrupt(format!("no stored `{name}`")))
    };
    let mut content_hashes: Vec<u64> =
        doc.get_all(fields.content_hashes).filter_map(|v| v.as_u64()).collect();
    content_hashes.sort_unstable();
    content_hashes.dedup();
    let sightings = doc
        .get_first(fields.sightings)
        .and_then(|v| v.as_bytes())
        .ok_or_else(|| corrupt(format!("no stored `{}`", schema::SIGHTINGS)))?;
    let sightings =
        decode_ids(sightings).ok_or_else(|| corrupt("sightings do not decode".to_string()))?;
    let provenance = StoredProvenance {
        first_seen: date(fields.first_seen, schema::FIRST_SEEN)?,
        last_seen: date(fields.last_seen, schema::LAST_SEEN)?,
        snapshot: required(fields.snapshot, schema::SNAPSHOT)?,
        snapshot_fetched: date(fields.snapshot_fetched, schema::SNAPSHOT_FETCHED)?,
        snapshot_feed_date: doc
            .get_first(fields.snapshot_feed_date)
            .and_then(|v| v.as_datetime())
            .map(schema::from_tantivy_date),
        url: first_text(doc, fields.feed_url),
        indexed_at: date(fields.indexed_at, schema::INDEXED_AT)?,
        changed_at: date(fields.changed_at, schema::CHANGED_AT)?,
        sightings,
        revisions: doc
            .get_first(fields.revisions)
            .and_then(|v| v.as_u64())
            .ok_or_else(|| corrupt(format!("no stored `{}`", schema::REVISIONS)))?,
        content_hashes,
        content_hash: doc
            .get_first(fields.content_hash)
            .and_then(|v| v.as_u64())
            .ok_or_else(|| corrupt(format!("no stored `{}`", schema::CONTENT_HASH)))?,
    };
    let release = PressRelease {
        guid: guid_value,
        link: first_text(doc, fields.link).unwrap_or_default(),
        title: first_text(doc, fields.title).unwrap_or_default(),
        published,
        creator: first_text(doc, fields.creator),
        feed: first_text(doc, fields.feed).unwrap_or_default(),
        kind,
        summary: first_text(doc, fields.summary),
        body: first_text(doc, fields.body).unwrap_or_default(),
        captions: all_texts(doc, fields.captions),
        location: first_text(doc, fields.location),
        contact: first_text(doc, fields.contact),
        release_date,
        countries,
        mentions,
        agreements,
        event_date,
        raw_hash,
    };
    Ok((release, provenance))
}

/// The stored facets of `doc`, as path strings (`/country/MX`).
pub(crate) fn stored_facets(fields: &Fields, doc: &TantivyDocument) -> Vec<String> {
    doc.get_all(fields.facets)
        .filter_map(|value| value.as_facet())
        .map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()))
        .filter_map(std::result::Result::ok)
        .map(|facet| facet.to_path_string())
        .collect()
}

fn first_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field).and_then(|value| value.as_str()).map(str::to_string)
}

fn all_texts(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    doc.get_all(field).filter_map(|value| value.as_str()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("valid date").with_timezone(&Utc)
    }

    /// A release and its provenance as stored.
    struct Sample {
        release: PressRelease,
        provenance: StoredProvenance,
    }

    fn sample() -> Sample {
        let release = PressRelease {
            guid: "https://www.cbp.gov/node/1 at https://www.cbp.gov".to_string(),
            link: "https://www.cbp.gov/newsroom/national-media-release/cmaa-mexico".to_string(),
            title: "CBP signs a CMAA with Mexico".to_string(),
            published: Some(at("2024-03-05T10:00:00.250Z")),
            creator: Some("CBP Public Affairs".to_string()),
            feed: "International Operations".to_string(),
            kind: ReleaseKind::NationalMediaRelease,
            summary: Some("A summary.".to_string()),
            body: "First paragraph.\n\nSecond paragraph.".to_string(),
            captions: vec!["A caption".to_string(), "Another".to_string()],
            location: Some("WASHINGTON".to_string()),
            contact: None,
            release_date: NaiveDate::from_ymd_opt(2024, 3, 5),
            countries: Country::lookup("Mexico").into_iter().collect(),
            mentions: Country::lookup("Peru").into_iter().collect(),
            agreements: vec![Agreement {
                kind: AgreementKind::Cmaa,
                parties: vec![Party::Country(Country::lookup("MX").expect("known"))],
                evidence: "CBP signed a CMAA.".to_string(),
                event_date: NaiveDate::from_ymd_opt(2024, 3, 4),
            }],
            event_date: NaiveDate::from_ymd_opt(2024, 3, 4),
            raw_hash: 42,
        };
        let provenance = StoredProvenance {
            first_seen: at("2024-03-06T00:00:00.123456Z"),
            last_seen: at("2024-03-07T00:00:00Z"),
            snapshot: "/feeds/a.xml".to_string(),
            snapshot_fetched: at("2024-03-06T00:00:00.123456Z"),
            snapshot_feed_date: Some(at("2024-03-05T23:00:00Z")),
            url: Some("https://www.cbp.gov/taxonomy/term/12/feed".to_string()),
            revisions: 2,
            content_hashes: vec![7, 42],
            content_hash: 42,
            indexed_at: at("2024-03-06T01:00:00.000001Z"),
            changed_at: at("2024-03-07T01:00:00Z"),
            sightings: vec![0, 1],
        };
        Sample { release, provenance }
    }

    fn check(sample: &Sample, expected_facets: &[&str]) {
        let fields = Fields::new(&schema::build_schema()).expect("own schema");
        let doc = to_document(&fields, &sample.release, &sample.provenance);
        assert_eq!(stored_facets(&fields, &doc), expected_facets);
        let (release, provenance) = decode(&fields, &doc).expect("decodes");
        assert_eq!((&release, &provenance), (&sample.release, &sample.provenance));
        let payload: Payload = serde_json::from_str(
            r#"{"snapshots": [{"path": "/feeds/b.xml", "fetched_at": "2024-03-07T00:00:00Z"},
                              {"path": "/feeds/a.xml", "fetched_at": "2024-03-06T00:00:00Z"}]}"#,
        )
        .expect("a payload");
        let resolved = from_document(&fields, &doc, &payload).expect("resolves").provenance;
        let seen: Vec<&str> = resolved.sightings.iter().map(|s| s.snapshot.as_str()).collect();
        // Ids 0 (b, fetched later) and 1 (a) resolve oldest first.
        let expected: &[&str] = if sample.provenance.sightings.is_empty() {
            &[]
        } else {
            &["/feeds/a.xml", "/feeds/b.xml"]
        };
        assert_eq!(seen, expected, "oldest first");
        let unresolved = from_document(&fields, &doc, &Payload::default());
        match unresolved {
            Err(err) => assert!(err.to_string().contains("unknown snapshot id 0"), "{err}"),
            Ok(_) => assert!(sample.provenance.sightings.is_empty(), "ids resolve in no table"),
        }
    }

    #[test]
    fn documents_round_trip() {
        let full = sample();
        check(
            &full,
            &[
                "/country/MX",
                "/agreement/CMAA",
                "/region/013",
                "/region/419",
                "/region/019",
                "/party/CMAA/MX",
                "/date/2024/03",
                "/feed/International Operations",
                "/kind/national-media-release",
            ],
        );
        let mut bare = sample();
        bare.release.published = None;
        bare.release.summary = None;
        bare.release.captions.clear();
        bare.release.countries.clear();
        bare.release.mentions.clear();
        bare.release.agreements.clear();
        bare.release.event_date = None;
        bare.release.release_date = None;
        bare.release.feed.clear();
        bare.provenance.url = None;
        bare.provenance.snapshot_feed_date = None;
        bare.provenance.sightings.clear();
        check(&bare, &["/kind/national-media-release"]);
        let mut ancient = sample();
        ancient.release.published = Some(at("0001-01-01T00:00:00Z"));
        check(
            &ancient,
            &[
                "/country/MX",
                "/agreement/CMAA",
                "/region/013",
                "/region/419",
                "/region/019",
                "/party/CMAA/MX",
                "/date/0001/01",
                "/feed/International Operations",
                "/kind/national-media-release",
            ],
        );
    }

    #[test]
    fn every_country_round_trips_by_its_code() {
        for country in Country::all() {
            assert_eq!(Country::from_alpha2(country.alpha2()), Some(country), "{country:?}");
        }
        assert_eq!(Country::from_alpha2("mx"), None, "codes are exact");
        assert_eq!(Country::from_alpha2("Mexico"), None, "names are not codes");
    }

    #[test]
    fn a_document_without_guid_is_corrupt() {
        let fields = Fields::new(&schema::build_schema()).expect("own schema");
        let err = decode(&fields, &TantivyDocument::new()).expect_err("empty");
        assert!(err.to_string().contains("no stored `guid`"), "{err}");
    }
}
