//! Citations: how to cite a release in a report, built from its wire values (`Hit` or
//! `Release`), as plain text or Markdown:
//!
//! `"Title." Feed (www.cbp.gov), 2023-09-26. https://... Retrieved from snapshot NAME at TIME.`
//!
//! TIME is the release's `last_seen`: the fetch time of the latest snapshot that listed it, the
//! last moment pressdex saw the text it shows.

use pressdex::wire;

use super::{markdown, sanitize};

/// What a citation names.
pub struct Citation<'a> {
    title: &'a str,
    feed: &'a str,
    published: Option<wire::Time>,
    link: &'a str,
    provenance: Option<&'a wire::Provenance>,
}

impl<'a> Citation<'a> {
    /// The citation of a search hit.
    pub fn of_hit(hit: &'a wire::Hit) -> Citation<'a> {
        Citation {
            title: &hit.title,
            feed: &hit.feed,
            published: hit.published,
            link: &hit.link,
            provenance: Some(&hit.provenance),
        }
    }

    /// The citation of a whole release.
    pub fn of_release(release: &'a wire::Release) -> Citation<'a> {
        Citation {
            title: &release.title,
            feed: &release.feed,
            published: release.published,
            link: &release.link,
            provenance: release.provenance.as_ref(),
        }
    }

    /// The host of the link (`www.cbp.gov`): the agency, as a reader recognises it.
    fn host(&self) -> Option<&'a str> {
        let (_, rest) = self.link.split_once("://")?;
        let host = rest.split(['/', '?', '#']).next()?;
        (!host.is_empty()).then_some(host)
    }

    /// The parts, each sanitized and on one line: title, source, date, retrieval.
    fn parts(&self) -> (String, String, String, Option<String>) {
        let one_line = |text: &str| sanitize(text).split_whitespace().collect::<Vec<_>>().join(" ");
        let title = if self.title.trim().is_empty() {
            "(no title)".to_string()
        } else {
            one_line(self.title)
        };
        let mut source = one_line(self.feed);
        if let Some(host) = self.host() {
            let host = one_line(host);
            source = if source.is_empty() { host } else { format!("{source} ({host})") };
        }
        let date =
            self.published.map_or("undated".to_string(), |at| at.0.format("%Y-%m-%d").to_string());
        let retrieved = self.provenance.map(|provenance| {
            format!(
                "Retrieved from snapshot {} at {}.",
                one_line(&provenance.snapshot),
                provenance.last_seen
            )
        });
        (title, source, date, retrieved)
    }

    /// As plain text, on one line.
    pub fn text(&self) -> String {
        let (title, source, date, retrieved) = self.parts();
        let mut out = format!("\"{}\" {source}, {date}.", with_period(&title));
        let link = one_word(self.link);
        if !link.is_empty() {
            out.push(' ');
            out.push_str(&link);
        }
        if let Some(retrieved) = retrieved {
            out.push(' ');
            out.push_str(&retrieved);
        }
        out
    }

    /// As Markdown, on one line: the same words, escaped, the link an autolink.
    pub fn markdown(&self) -> String {
        let (title, source, date, retrieved) = self.parts();
        let mut out = format!(
            "\"{}\" {}, {}.",
            markdown::text(&with_period(&title)),
            markdown::text(&source),
            markdown::text(&date)
        );
        // A link that is not http(s) (`javascript:` from a hostile feed) is left out: a
        // Markdown renderer may make any scheme clickable.
        if let Some(url) = markdown::url(self.link) {
            out.push_str(&format!(" <{url}>."));
        }
        if let Some(retrieved) = retrieved {
            out.push(' ');
            out.push_str(&markdown::text(&retrieved));
        }
        out
    }
}

/// `title` ending with a period, unless it ends with `.`, `?` or `!` already.
fn with_period(title: &str) -> String {
    if title.ends_with(['.', '?', '!']) { title.to_string() } else { format!("{title}.") }
}

/// A link, sanitized, without whitespace.
fn one_word(link: &str) -> String {
    sanitize(link).split_whitespace().collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn time(day: u32) -> wire::Time {
        wire::Time(chrono::Utc.with_ymd_and_hms(2023, 9, day, 12, 0, 0).single().expect("valid"))
    }

    #[test]
    fn a_citation_names_title_source_date_link_and_snapshot() {
        let provenance = wire::Provenance {
            first_seen: time(28),
            last_seen: time(29),
            snapshot: "feeds/cbp.xml".into(),
            url: None,
            revisions: 1,
            indexed_at: time(30),
            changed_at: time(30),
            sightings: Vec::new(),
        };
        let citation = Citation {
            title: "CBP, Cabo Verde sign CMAA",
            feed: "International Operations",
            published: Some(time(26)),
            link: "https://www.cbp.gov/newsroom/a",
            provenance: Some(&provenance),
        };
        assert_eq!(
            citation.text(),
            "\"CBP, Cabo Verde sign CMAA.\" International Operations (www.cbp.gov), 2023-09-26. \
             https://www.cbp.gov/newsroom/a Retrieved from snapshot feeds/cbp.xml at \
             2023-09-29T12:00:00Z."
        );
        assert_eq!(
            citation.markdown(),
            "\"CBP, Cabo Verde sign CMAA.\" International Operations (www.cbp.gov), 2023-09-26. \
             <https://www.cbp.gov/newsroom/a>. Retrieved from snapshot feeds/cbp.xml at \
             2023-09-29T12:00:00Z."
        );
    }
}
