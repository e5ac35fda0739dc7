//! `pressdex fetch`: reads the feeds file (or takes URLs), fetches each feed into the archive,
//! prints one line per feed. Exit 0 when every feed was fetched (new, unchanged or not
//! modified), 1 when any failed; a bad feeds file or archive is an error (2).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::config::FetchConfig;
use crate::fetch::feeds::{Feed, FeedsFile};
use crate::fetch::http::Client;
use crate::fetch::manifest::Outcome;
use crate::fetch::{self, FeedReport};
use crate::print;

pub fn run(config: &FetchConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let reports = fetch_feeds(config)?;
    for report in &reports {
        print::fetch::feed(out, report, config.json)?;
    }
    Ok(exit_code(&reports))
}

/// 1 when any feed failed, else 0.
pub fn exit_code(reports: &[FeedReport]) -> ExitCode {
    if reports.iter().any(|report| report.outcome == Outcome::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Fetches the feeds `config` names into its archive (created if needed).
///
/// # Errors
/// The feeds file is missing, unreadable or invalid, lists no feed, or the archive folder
/// cannot be created. A feed that fails is its report's error, not this function's.
pub fn fetch_feeds(config: &FetchConfig) -> anyhow::Result<Vec<FeedReport>> {
    let (file, feeds) = feeds(config)?;
    std::fs::create_dir_all(&config.archive)
        .with_context(|| format!("creating the archive folder {}", config.archive.display()))?;
    let client = Client::new(config.http.clone(), file.contact.as_deref());
    Ok(fetch::fetch_all(&client, &feeds, &config.archive))
}

/// The feeds file and the feeds to fetch: the URLs given (named after the file's entry for
/// the URL, when it has one), else every feed of the file.
fn feeds(config: &FetchConfig) -> anyhow::Result<(FeedsFile, Vec<Feed>)> {
    let choice = &config.feeds_file;
    let file = if choice.explicit || choice.path.exists() || config.urls.is_empty() {
        if !choice.path.exists() {
            bail!(
                "no feeds file at {}: pass --feeds FILE, set PRESSDEX_FEEDS_FILE, or give URLs",
                choice.path.display()
            );
        }
        FeedsFile::load(&choice.path)?
    } else {
        FeedsFile::default()
    };
    let feeds = if config.urls.is_empty() {
        if file.feeds.is_empty() {
            bail!("the feeds file {} lists no [[feed]]", choice.path.display());
        }
        file.feeds.clone()
    } else {
        let mut feeds: Vec<Feed> = Vec::new();
        for url in &config.urls {
            let feed = file.feed_for_url(url)?;
            if !feeds.iter().any(|known| known.name == feed.name) {
                feeds.push(feed);
            }
        }
        feeds
    };
    Ok((file, feeds))
}
