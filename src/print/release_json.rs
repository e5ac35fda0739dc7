//! `pressdex parse --json`: one JSON object per release (NDJSON), with exactly the keys the
//! format promises. The printer owns these structs: `PressRelease` is not a wire format.

use std::io::{self, Write};

use chrono::SecondsFormat;
use pressdex_ingest::PressRelease;
use serde::Serialize;

#[derive(Serialize)]
struct ReleaseJson<'a> {
    guid: &'a str,
    link: &'a str,
    title: &'a str,
    /// RFC 3339 in UTC (`2023-09-27T17:01:17Z`), or null.
    published: Option<String>,
    creator: Option<&'a str>,
    feed: &'a str,
    kind: &'static str,
    summary: Option<&'a str>,
    body: &'a str,
    captions: &'a [String],
    location: Option<&'a str>,
    contact: Option<&'a str>,
    /// `YYYY-MM-DD`, or null.
    release_date: Option<String>,
    countries: Vec<&'static str>,
    agreements: Vec<&'static str>,
    agreement_evidence: Vec<EvidenceJson<'a>>,
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    code: &'static str,
    sentence: &'a str,
}

/// Writes `release` as one line of JSON.
///
/// # Errors
/// Writing to `out` failed.
pub fn release(out: &mut impl Write, release: &PressRelease) -> io::Result<()> {
    let json = ReleaseJson {
        guid: &release.guid,
        link: &release.link,
        title: &release.title,
        published: release.published.map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true)),
        creator: release.creator.as_deref(),
        feed: &release.feed,
        kind: release.kind.as_str(),
        summary: release.summary.as_deref(),
        body: &release.body,
        captions: &release.captions,
        location: release.location.as_deref(),
        contact: release.contact.as_deref(),
        release_date: release.release_date.map(|date| date.format("%Y-%m-%d").to_string()),
        countries: release.countries.iter().map(|country| country.name()).collect(),
        agreements: release.agreements.iter().map(|agreement| agreement.kind.code()).collect(),
        agreement_evidence: release
            .agreements
            .iter()
            .map(|agreement| EvidenceJson {
                code: agreement.kind.code(),
                sentence: &agreement.evidence,
            })
            .collect(),
    };
    super::json::write_line(out, &json)
}
