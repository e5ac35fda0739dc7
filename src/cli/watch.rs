//! The arguments of `watch` and its subcommands: clap only, like the rest of `cli`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{ColorChoice, FilterArgs, IndexLocation};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  pressdex watch add cmaa --agreement CMAA
  pressdex watch add mexico 'country:mx -trade'
  pressdex watch run                        every watch: what is new since it last ran
  pressdex watch run cmaa --atom ~/feeds/cmaa.xml
  pressdex watch list")]
pub struct WatchArgs {
    #[command(subcommand)]
    pub command: WatchCommand,
}

#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Save a search under NAME.
    Add(Box<WatchAddArgs>),
    /// List the saved searches.
    List(WatchListArgs),
    /// Forget a saved search.
    Remove(WatchRemoveArgs),
    /// Print what each watch matches that was indexed or changed since it last ran.
    Run(WatchRunArgs),
}

#[derive(Debug, Args)]
pub struct WatchAddArgs {
    /// The watch's name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The query, as for search (stored as typed).
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub location: IndexLocation,
}

#[derive(Debug, Args)]
pub struct WatchListArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print NDJSON, one object per watch.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WatchRemoveArgs {
    /// The watch's name.
    #[arg(value_name = "NAME")]
    pub name: String,
    #[command(flatten)]
    pub location: IndexLocation,
}

#[derive(Debug, Args)]
pub struct WatchRunArgs {
    /// The watches to run [default: all].
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Report what was indexed or changed since TIME instead (2024-05-01, 7d, last-run).
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Also write the matches as an Atom feed to FILE.
    #[arg(long, value_name = "FILE")]
    pub atom: Option<PathBuf>,
    /// Print NDJSON, one object per watch.
    #[arg(long)]
    pub json: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}
