//! Saved searches: a [`Watch`] as `watch list` prints it, and what `watch run` found
//! ([`WatchReport`], one per watch, with its [`WatchMatch`]es).

use pressdex_index::IndexedRelease;
use serde::{Deserialize, Serialize};

use super::values::{Agreement, Country, Time};

/// A saved search, as `watch list --json` prints it (one per line).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watch {
    /// Its name.
    pub name: String,
    /// The query, as typed.
    pub query: String,
    /// The filter flags, as typed, in order.
    pub filters: Vec<WatchFilter>,
    /// When it was added.
    pub created_at: Time,
    /// Its next run reports the releases added or changed at or after this time.
    pub since: Time,
    /// When it last ran successfully, or null.
    pub last_run: Option<Time>,
}

/// One filter flag of a watch: `--country mx` is `{"field": "country", "value": "mx"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchFilter {
    /// The flag without its dashes: `country`, `agreement`, `since`, `until`, `feed`, `kind`,
    /// `new-since`, `changed-since`.
    pub field: String,
    /// The value, as typed.
    pub value: String,
}

/// What one watch found in one `watch run --json` (one per line).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WatchReport {
    /// [`super::VERSION`].
    pub pressdex_json: u32,
    /// The watch's name.
    pub watch: String,
    /// The releases reported were added or changed at or after this time.
    pub since: Time,
    /// The watch had never run (and no `--from` was given): nothing older than the watch is
    /// reported.
    pub first_run: bool,
    /// What it matched, newest change first.
    pub matches: Vec<WatchMatch>,
}

/// A release a watch reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WatchMatch {
    /// See [`super::Release::guid`].
    pub guid: String,
    /// See [`super::Release::title`].
    pub title: String,
    /// See [`super::Release::link`].
    pub link: String,
    /// See [`super::Release::published`].
    pub published: Option<Time>,
    /// See [`super::Release::feed`].
    pub feed: String,
    /// See [`super::Release::countries`].
    pub countries: Vec<Country>,
    /// See [`super::Release::agreements`].
    pub agreements: Vec<Agreement>,
    /// `added` (first indexed since the watch's last run) or `updated` (its content changed).
    pub change: String,
    /// See [`super::Provenance::indexed_at`].
    pub indexed_at: Time,
    /// See [`super::Provenance::changed_at`].
    pub changed_at: Time,
}

impl WatchMatch {
    /// `indexed` as a match of a watch that reports changes since `since`.
    pub fn new(indexed: &IndexedRelease, since: chrono::DateTime<chrono::Utc>) -> WatchMatch {
        let release = &indexed.release;
        let provenance = &indexed.provenance;
        let change = if provenance.indexed_at >= since { "added" } else { "updated" };
        WatchMatch {
            guid: release.guid.clone(),
            title: release.title.clone(),
            link: release.link.clone(),
            published: release.published.map(Time),
            feed: release.feed.clone(),
            countries: release.countries.iter().copied().map(Country::from).collect(),
            agreements: release.agreements.iter().map(Agreement::from).collect(),
            change: change.to_string(),
            indexed_at: Time(provenance.indexed_at),
            changed_at: Time(provenance.changed_at),
        }
    }
}
