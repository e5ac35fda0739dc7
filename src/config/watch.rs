//! `pressdex watch` flags into a [`WatchConfig`]: the action, the watch's query and filter
//! flags as typed (checked once here), and the time now.

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use pressdex_index::Moment;

use super::{IndexLocation, filter_flags, index_location, now, parse_query, style};
use crate::cli::{ColorChoice, WatchArgs, WatchCommand};
use crate::print::style::Style;

/// `pressdex watch`.
#[derive(Clone, Debug)]
pub struct WatchConfig {
    /// The index whose folder keeps the watches.
    pub index: IndexLocation,
    /// What to do.
    pub action: WatchAction,
    /// The time now (`PRESSDEX_NOW`, else the clock).
    pub now: DateTime<Utc>,
    /// NDJSON instead of text.
    pub json: bool,
    /// Colour and width of text output.
    pub style: Style,
}

/// A `pressdex watch` subcommand.
#[derive(Clone, Debug)]
pub enum WatchAction {
    /// Save a search, as typed (checked now, parsed again at every run).
    Add {
        /// Its name.
        name: String,
        /// The query.
        query: String,
        /// The filter flags: (flag name without dashes, value).
        filters: Vec<(String, String)>,
    },
    /// List the watches.
    List,
    /// Forget a watch.
    Remove {
        /// Its name.
        name: String,
    },
    /// Run watches.
    Run {
        /// Which (none: all).
        names: Vec<String>,
        /// Report since this moment instead of each watch's last run.
        from: Option<Moment>,
        /// Also write an Atom feed here.
        atom: Option<PathBuf>,
    },
}

pub(super) fn watch_config(args: WatchArgs) -> anyhow::Result<WatchConfig> {
    let now = now()?;
    let (location, action, json, color) = match args.command {
        WatchCommand::Add(add) => {
            // Checked now, so a mistake is reported when the watch is added, not at 3 a.m.
            parse_query(&add.query, &add.filters, now)?;
            let action = WatchAction::Add {
                name: watch_name(&add.name)?,
                query: add.query,
                filters: filter_flags(&add.filters)
                    .map(|(field, value)| (field.name().to_string(), value.clone()))
                    .collect(),
            };
            (add.location, action, false, ColorChoice::Auto)
        }
        WatchCommand::List(list) => {
            (list.location, WatchAction::List, list.json, ColorChoice::Auto)
        }
        WatchCommand::Remove(remove) => {
            (remove.location, WatchAction::Remove { name: remove.name }, false, ColorChoice::Auto)
        }
        WatchCommand::Run(run) => {
            let from = match run.from.as_deref() {
                None => None,
                Some(text) => Some(
                    Moment::parse(text)
                        .map(|moment| moment.anchored(now))
                        .with_context(|| format!("--from {text}"))?,
                ),
            };
            let action = WatchAction::Run { names: run.names, from, atom: run.atom };
            (run.location, action, run.json, run.color)
        }
    };
    Ok(WatchConfig {
        index: index_location(location.index.as_deref())?,
        action,
        now,
        json,
        style: style(color),
    })
}

/// A watch name: printed, stored and typed again, so plain.
fn watch_name(name: &str) -> anyhow::Result<String> {
    let plain = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        bail!("bad watch name {name:?}: use letters, digits, `-`, `_` and `.` (at most 64)");
    }
    Ok(name.to_string())
}
