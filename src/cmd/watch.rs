//! `pressdex watch`: saved searches that report what is new. A watch is a query and filter
//! flags as typed, parsed again at every run by the same parser `search` uses, plus the time
//! from which its next run reports; `run` searches for what each watch matches among the
//! releases added or changed since then (`changed_at`), prints it (and with `--atom`, writes it
//! as a feed), and only then moves each watch on. A run that fails moves nothing.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use chrono::{DateTime, TimeDelta, Utc};
use pressdex::wire;
use pressdex_index::{FilterField, Moment, ReleaseSearcher, SearchRequest, SortBy, last_run};

use super::open::open_searcher;
use crate::config::{WatchAction, WatchConfig, build_query};
use crate::print;
use crate::print::atom;
use crate::watches::{Watch, Watches, write_atomically};

pub fn run(config: &WatchConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    // Also builds the default index on first use, and says how to build a missing one.
    let searcher = open_searcher(&config.index)?;
    let dir = &config.index.dir;
    match &config.action {
        WatchAction::Add { name, query, filters } => {
            let mut watches = Watches::load(dir)?;
            if watches.get(name).is_some() {
                bail!("a watch named {name} exists: `pressdex watch remove {name}` first");
            }
            watches.watches.push(Watch {
                name: name.clone(),
                query: query.clone(),
                filters: filters.clone(),
                created_at: config.now,
                since: config.now,
                last_run: None,
            });
            watches.save(dir)?;
            let message = format!(
                "added watch {name}: `pressdex watch run {name}` reports what is indexed or \
                 changed from now on"
            );
            print::watch::done(out, &message)?;
            Ok(ExitCode::SUCCESS)
        }
        WatchAction::List => {
            let watches = Watches::load(dir)?;
            if watches.watches.is_empty() {
                print::watch::none("no watches: add one with `pressdex watch add NAME QUERY`");
                return Ok(ExitCode::from(1));
            }
            let listed: Vec<wire::Watch> = watches.watches.iter().map(to_wire).collect();
            print::watch::list(out, &listed, config.json)?;
            Ok(ExitCode::SUCCESS)
        }
        WatchAction::Remove { name } => {
            let mut watches = Watches::load(dir)?;
            let before = watches.watches.len();
            watches.watches.retain(|watch| watch.name != *name);
            if watches.watches.len() == before {
                print::watch::none(&format!("no watch named {name}"));
                return Ok(ExitCode::from(1));
            }
            watches.save(dir)?;
            print::watch::done(out, &format!("removed watch {name}"))?;
            Ok(ExitCode::SUCCESS)
        }
        WatchAction::Run { names, from, atom } => {
            run_watches(config, searcher, names, *from, atom.as_deref(), out)
        }
    }
}

fn to_wire(watch: &Watch) -> wire::Watch {
    wire::Watch {
        name: watch.name.clone(),
        query: watch.query.clone(),
        filters: watch
            .filters
            .iter()
            .map(|(field, value)| wire::WatchFilter { field: field.clone(), value: value.clone() })
            .collect(),
        created_at: wire::Time(watch.created_at),
        since: wire::Time(watch.since),
        last_run: watch.last_run.map(wire::Time),
    }
}

/// What one watch found, before anything is printed.
struct Found {
    index: usize,
    report: wire::WatchReport,
    summaries: Vec<String>,
}

fn run_watches(
    config: &WatchConfig,
    searcher: ReleaseSearcher,
    names: &[String],
    from: Option<Moment>,
    atom_file: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let dir = &config.index.dir;
    let mut watches = Watches::load(dir)?;
    for name in names {
        if watches.get(name).is_none() {
            bail!("no watch named {name}");
        }
    }
    let chosen: Vec<usize> = (0..watches.watches.len())
        .filter(|at| names.is_empty() || names.contains(&watches.watches[*at].name))
        .collect();
    if chosen.is_empty() {
        print::watch::none("no watches: add one with `pressdex watch add NAME QUERY`");
        return Ok(ExitCode::from(1));
    }
    // The start of the latest run, read before searching: the next run reports from just
    // after it, so a run that commits meanwhile is reported then, never skipped.
    let latest = last_run(searcher.index())?;
    let searcher = ReleaseSearcher::open_once(dir)
        .with_context(|| format!("opening the index at {}", dir.display()))?;

    let mut found = Vec::new();
    let mut failed = Vec::new();
    for &at in &chosen {
        let watch = &watches.watches[at];
        let since = match from {
            Some(moment) => moment.resolve(config.now, latest),
            None => watch.since,
        };
        match search(&searcher, watch, since, config.now) {
            Ok((matches, summaries)) => found.push(Found {
                index: at,
                report: wire::WatchReport {
                    pressdex_json: wire::VERSION,
                    watch: watch.name.clone(),
                    since: wire::Time(since),
                    first_run: watch.last_run.is_none() && from.is_none(),
                    matches,
                },
                summaries,
            }),
            Err(err) => {
                print::watch::failed(&watch.name, &err);
                failed.push(watch.name.clone());
            }
        }
    }

    for found in &found {
        let created_at = wire::Time(watches.watches[found.index].created_at);
        print::watch::report(out, &found.report, created_at, &config.style, config.json)?;
    }
    out.flush().context("writing to stdout")?;
    if let Some(path) = atom_file {
        let names: Vec<String> = found.iter().map(|found| found.report.watch.clone()).collect();
        let entries: Vec<atom::Entry<'_>> = found
            .iter()
            .flat_map(|found| {
                found.report.matches.iter().zip(&found.summaries).map(|(matched, summary)| {
                    atom::Entry {
                        watch: &found.report.watch,
                        found: matched,
                        summary: summary.clone(),
                    }
                })
            })
            .collect();
        let mut bytes = Vec::new();
        atom::feed(&mut bytes, &names, &entries, config.now).context("writing the Atom feed")?;
        write_atomically(path, &bytes)?;
    }

    // Everything is out: move each watch that ran on past the latest run it saw.
    let next = latest.map_or(config.now, |started| started + TimeDelta::microseconds(1));
    for found in &found {
        let watch = &mut watches.watches[found.index];
        watch.since = watch.since.max(next);
        watch.last_run = Some(config.now);
    }
    watches.save(dir)?;
    if !failed.is_empty() {
        return Err(anyhow!(
            "{} could not run and {} not moved on",
            failed.join(", "),
            if failed.len() == 1 { "was" } else { "were" }
        ));
    }
    let matched = found.iter().any(|found| !found.report.matches.is_empty());
    Ok(if matched { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The releases `watch` matches that were added or changed at or after `since`, newest change
/// first, with a short text of each (for the Atom feed).
fn search(
    searcher: &ReleaseSearcher,
    watch: &Watch,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<(Vec<wire::WatchMatch>, Vec<String>)> {
    let mut flags = Vec::new();
    for (field, value) in &watch.filters {
        let field =
            FilterField::from_name(field).ok_or_else(|| anyhow!("unknown filter {field}"))?;
        flags.push((field, value.as_str()));
    }
    let mut query = build_query(&watch.query, flags, now)?;
    query.filters.changed_since.push(Moment::At(since));
    let mut request = SearchRequest::new(query);
    request.sort = SortBy::Date;
    request.limit = usize::MAX;
    let results =
        searcher.search(&request).with_context(|| format!("searching {:?}", watch.query))?;
    let mut hits: Vec<_> = results.hits.into_iter().map(|hit| hit.release).collect();
    hits.sort_by(|a, b| {
        b.provenance
            .changed_at
            .cmp(&a.provenance.changed_at)
            .then_with(|| b.release.published.cmp(&a.release.published))
    });
    let summaries = hits
        .iter()
        .map(|indexed| {
            let release = &indexed.release;
            let text = release.summary.clone().unwrap_or_else(|| release.body.clone());
            let short: String = text.chars().take(400).collect();
            if short.len() < text.len() { format!("{short}…") } else { short }
        })
        .collect();
    let matches = hits.iter().map(|indexed| wire::WatchMatch::new(indexed, since)).collect();
    Ok((matches, summaries))
}
