//! The feeds file: which feeds `pressdex fetch` downloads, in TOML.
//!
//! ```toml
//! contact = "newsroom-watch@example.org"   # optional, sent in the User-Agent
//!
//! [[feed]]
//! name = "cbp-international-operations"    # the feed's folder in the archive
//! url = "https://www.cbp.gov/taxonomy/term/12/feed"
//! agency = "CBP"                           # optional
//! ```
//!
//! A name becomes a folder name, so it is checked here, with an error naming the file and the
//! entry: not empty, no `/` or `\`, not `.` or `..`, not hidden, no control character.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// The parsed and checked feeds file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedsFile {
    /// Who to contact about the requests (an e-mail or URL), sent in the User-Agent.
    pub contact: Option<String>,
    /// The feeds, in file order.
    pub feeds: Vec<Feed>,
}

/// One feed to fetch.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feed {
    /// Its folder in the archive and its name in output.
    pub name: String,
    /// The feed's URL (`http` or `https`).
    pub url: String,
    /// The agency that publishes it (informative).
    #[serde(default)]
    pub agency: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    contact: Option<String>,
    #[serde(default)]
    feed: Vec<Feed>,
}

impl FeedsFile {
    /// Reads and checks the feeds file at `path`.
    ///
    /// # Errors
    /// The file cannot be read, is not TOML of this shape, or names a feed badly (bad or
    /// duplicate name, URL that is not http(s)); the message names the file and the entry.
    pub fn load(path: &Path) -> anyhow::Result<FeedsFile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the feeds file {}", path.display()))?;
        FeedsFile::parse(&text).with_context(|| format!("feeds file {}", path.display()))
    }

    /// Parses and checks a feeds file's text.
    ///
    /// # Errors
    /// As [`FeedsFile::load`], without the file's name.
    pub fn parse(text: &str) -> anyhow::Result<FeedsFile> {
        let raw: Raw = toml::from_str(text)?;
        let mut names = HashSet::new();
        for (at, feed) in raw.feed.iter().enumerate() {
            let entry = Entry { position: at + 1, name: &feed.name };
            check_name(&feed.name).with_context(|| entry.to_string())?;
            check_url(&feed.url).with_context(|| entry.to_string())?;
            if !names.insert(feed.name.as_str()) {
                bail!("{entry}: the name is used by an earlier feed");
            }
        }
        let contact = raw.contact.map(|contact| contact.trim().to_string());
        if let Some(contact) = &contact
            && contact.chars().any(char::is_control)
        {
            bail!("contact: control characters are not allowed");
        }
        Ok(FeedsFile { contact: contact.filter(|contact| !contact.is_empty()), feeds: raw.feed })
    }

    /// The feed for `url` on the command line: the file's entry with that URL, else a feed
    /// named after the URL's host and path (`www.cbp.gov-taxonomy-term-12-feed`).
    ///
    /// # Errors
    /// The URL is not http(s).
    pub fn feed_for_url(&self, url: &str) -> anyhow::Result<Feed> {
        if let Some(feed) = self.feeds.iter().find(|feed| feed.url == url) {
            return Ok(feed.clone());
        }
        check_url(url).with_context(|| format!("{url:?}"))?;
        Ok(Feed { name: name_from_url(url), url: url.to_string(), agency: None })
    }
}

/// Where the feeds file is: `--feeds FILE`, else `PRESSDEX_FEEDS_FILE`, else
/// `index-data/feeds.toml`; whether the user named it (a named file must exist).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedsFileChoice {
    /// The file.
    pub path: PathBuf,
    /// Named by the flag or the environment (else the default, which may be missing when URLs
    /// are given).
    pub explicit: bool,
}

struct Entry<'a> {
    position: usize,
    name: &'a str,
}

impl fmt::Display for Entry<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "feed {} (name = {:?})", self.position, self.name)
    }
}

fn check_name(name: &str) -> anyhow::Result<()> {
    if name.trim().is_empty() {
        bail!("the name is empty");
    }
    if name.contains(['/', '\\']) {
        bail!("the name contains a slash; it becomes a folder name");
    }
    if name.starts_with('.') {
        bail!("the name starts with a dot; it becomes a folder name");
    }
    if name.chars().any(char::is_control) {
        bail!("the name contains a control character");
    }
    if name.len() > 200 {
        bail!("the name is over 200 bytes; it becomes a folder name");
    }
    Ok(())
}

fn check_url(url: &str) -> anyhow::Result<()> {
    let uri: ureq::http::Uri = url.parse().context("not a URL")?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => bail!("not an http or https URL: {url:?}"),
    }
    if uri.host().is_none_or(str::is_empty) {
        bail!("the URL has no host: {url:?}");
    }
    Ok(())
}

/// `https://www.cbp.gov/taxonomy/term/12/feed` -> `www.cbp.gov-taxonomy-term-12-feed`.
fn name_from_url(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let mut name = String::new();
    for c in rest.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_matches(['-', '.']);
    let name: String = name.chars().take(120).collect();
    if name.is_empty() { "feed".to_string() } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        format!("{:#}", FeedsFile::parse(text).expect_err("refused"))
    }

    #[test]
    fn a_feeds_file_with_contact_and_agency() {
        let file = FeedsFile::parse(
            "contact = \"ops@example.org\"\n[[feed]]\nname = \"cbp\"\nurl = \"https://www.cbp.gov/taxonomy/term/12/feed\"\nagency = \"CBP\"\n[[feed]]\nname = \"other\"\nurl = \"http://127.0.0.1:8080/rss\"\n",
        )
        .expect("parses");
        assert_eq!(file.contact.as_deref(), Some("ops@example.org"));
        assert_eq!(file.feeds.len(), 2);
        assert_eq!(file.feeds[0].agency.as_deref(), Some("CBP"));
        assert_eq!(file.feeds[1].agency, None);
    }

    #[test]
    fn the_bundled_feeds_file_names_the_bundled_snapshots_feed() {
        let file = FeedsFile::parse(include_str!("../../index-data/feeds.toml")).expect("valid");
        let snapshot = include_str!("../../index-data/feeds/cbp-international-operations.xml");
        let channel = &snapshot[..snapshot.find("<item>").expect("an item")];
        let link = channel.split("<link>").nth(1).and_then(|rest| rest.split("</link>").next());
        assert_eq!(file.feeds.len(), 1);
        assert_eq!(file.feeds[0].name, "cbp-international-operations");
        assert_eq!(Some(file.feeds[0].url.as_str()), link, "the <link> of the channel");
    }

    #[test]
    fn bad_names_and_urls_name_the_entry() {
        let feed = |name: &str, url: &str| format!("[[feed]]\nname = {name:?}\nurl = {url:?}\n");
        let ok = "https://example.org/rss";
        for (name, why) in [
            ("", "empty"),
            ("a/b", "slash"),
            ("..", "dot"),
            ("../up", "slash"),
            (".hidden", "dot"),
            ("a\\b", "slash"),
        ] {
            let message = error(&feed(name, ok));
            assert!(message.starts_with(&format!("feed 1 (name = {name:?}): ")), "{message}");
            assert!(message.contains(why), "{name:?}: {message}");
        }
        let message = error(&format!("{}{}", feed("a", ok), feed("a", ok)));
        assert!(message.contains("feed 2 (name = \"a\"): the name is used"), "{message}");
        assert!(error(&feed("a", "ftp://example.org/rss")).contains("not an http"));
        assert!(error(&feed("a", "not a url")).contains("not a URL"));
        assert!(error("[[feed]]\nname = \"a\"\nulr = \"x\"\n").contains("unknown field"));
    }

    #[test]
    fn urls_on_the_command_line_get_a_name() {
        let file = FeedsFile::parse("[[feed]]\nname = \"cbp\"\nurl = \"https://www.cbp.gov/f\"\n")
            .expect("parses");
        assert_eq!(file.feed_for_url("https://www.cbp.gov/f").unwrap().name, "cbp");
        assert_eq!(
            file.feed_for_url("https://www.cbp.gov/taxonomy/term/12/feed?x=1").unwrap().name,
            "www.cbp.gov-taxonomy-term-12-feed-x-1"
        );
        assert!(file.feed_for_url("file:///etc/passwd").is_err());
    }
}
