//! `pressdex fetch` and `pressdex update` flags into a [`FetchConfig`] (and an
//! [`UpdateConfig`]): the feeds file, the archive folder, timeouts, size cap and backoff.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use super::{FetchConfig, UpdateConfig};
use crate::cli::{FetchArgs, FetchFlags, UpdateArgs};
use crate::fetch::feeds::FeedsFileChoice;
use crate::fetch::http::HttpSettings;
use crate::print::progress;

pub(super) fn fetch_config(args: FetchArgs) -> anyhow::Result<FetchConfig> {
    fetch_settings(args.urls, &args.fetch, args.json)
}

pub(super) fn update_config(args: UpdateArgs) -> anyhow::Result<UpdateConfig> {
    Ok(UpdateConfig {
        fetch: fetch_settings(args.urls, &args.fetch, args.json)?,
        index_dir: super::index_dir(args.location.index.as_deref())?,
        commit_every: args.commit_every,
        progress: progress::wanted(),
        now: super::now()?,
    })
}

/// The base wait before a retry, in milliseconds: `PRESSDEX_HTTP_BACKOFF_MS` (tests make it
/// small), else one second.
const BACKOFF_MS: u64 = 1000;

fn fetch_settings(
    urls: Vec<String>,
    flags: &FetchFlags,
    json: bool,
) -> anyhow::Result<FetchConfig> {
    let seconds = |flag: &str, value: f64, least: f64| {
        if !value.is_finite() || value < least {
            anyhow::bail!("{flag} {value}: give a number of seconds, at least {least}");
        }
        Ok(Duration::from_secs_f64(value.min(86_400.0)))
    };
    let backoff = match std::env::var("PRESSDEX_HTTP_BACKOFF_MS") {
        Ok(value) if !value.is_empty() => value.trim().parse().with_context(|| {
            format!("PRESSDEX_HTTP_BACKOFF_MS={value}: not a number of milliseconds")
        })?,
        _ => BACKOFF_MS,
    };
    let http = HttpSettings {
        timeout: seconds("--timeout", flags.timeout, 0.001)?,
        max_bytes: parse_size(&flags.max_bytes)
            .with_context(|| format!("--max-bytes {}", flags.max_bytes))?,
        backoff: Duration::from_millis(backoff),
        polite_delay: seconds("--delay", flags.delay, 0.0)?,
    };
    Ok(FetchConfig {
        urls,
        feeds_file: feeds_file(flags.feeds.as_deref()),
        archive: archive_dir(flags.archive.as_deref())?,
        http,
        json,
    })
}

/// `64M`, `512K`, `1G`, `1000000`: bytes, the suffixes powers of 1024 (`MiB` and `MB` alike).
fn parse_size(text: &str) -> anyhow::Result<u64> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 =
        number.parse().context("not a size: give bytes, or a number with K, M or G")?;
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        other => anyhow::bail!("unknown unit {other:?}: use K, M or G"),
    };
    let bytes = number.checked_mul(1 << shift).context("too large")?;
    if bytes == 0 {
        anyhow::bail!("the cap must be at least one byte");
    }
    Ok(bytes)
}

/// `--feeds FILE`, else `PRESSDEX_FEEDS_FILE`, else `index-data/feeds.toml`.
fn feeds_file(flag: Option<&Path>) -> FeedsFileChoice {
    if let Some(path) = flag {
        return FeedsFileChoice { path: path.to_path_buf(), explicit: true };
    }
    if let Some(path) = std::env::var_os("PRESSDEX_FEEDS_FILE").filter(|value| !value.is_empty()) {
        return FeedsFileChoice { path: PathBuf::from(path), explicit: true };
    }
    FeedsFileChoice { path: PathBuf::from("index-data/feeds.toml"), explicit: false }
}

/// `--archive DIR`, else `PRESSDEX_ARCHIVE`, else `index-data/snapshots` when `./index-data`
/// exists, else `pressdex/snapshots` under the user's data directory (beside the default
/// index).
fn archive_dir(flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("PRESSDEX_ARCHIVE").filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    if Path::new("index-data").is_dir() {
        return Ok(PathBuf::from("index-data/snapshots"));
    }
    let dirs = directories::ProjectDirs::from("", "", "pressdex")
        .context("no home directory to keep the archive in: pass --archive DIR")?;
    Ok(dirs.data_dir().join("snapshots"))
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::Cli;
    use crate::config::Config;

    fn config(args: &[&str]) -> anyhow::Result<Config> {
        let cli = Cli::try_parse_from(std::iter::once("pressdex").chain(args.iter().copied()))
            .expect("the arguments parse");
        Config::from_cli(cli)
    }

    #[test]
    fn fetch_flags_become_settings() {
        let Ok(Config::Fetch(fetch)) = config(&[
            "fetch",
            "--feeds",
            "f.toml",
            "--archive",
            "a",
            "--max-bytes",
            "2K",
            "--timeout",
            "0.5",
            "--delay",
            "0",
        ]) else {
            panic!("a fetch config");
        };
        assert_eq!(fetch.feeds_file, FeedsFileChoice { path: "f.toml".into(), explicit: true });
        assert_eq!(fetch.archive, Path::new("a"));
        assert_eq!(fetch.http.max_bytes, 2048);
        assert_eq!(fetch.http.timeout, Duration::from_millis(500));
        assert_eq!(fetch.http.polite_delay, Duration::ZERO);
        let Ok(Config::Fetch(default)) = config(&["fetch", "--archive", "a"]) else {
            panic!("a fetch config");
        };
        assert_eq!(default.http.max_bytes, 64 << 20, "64 MiB unless told");
        for (flag, value) in [("--max-bytes", "lots"), ("--max-bytes", "0"), ("--timeout", "0")] {
            let err = config(&["fetch", flag, value]).expect_err("refused");
            assert!(format!("{err:#}").starts_with(flag), "{err:#}");
        }
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("100").unwrap(), 100);
        assert_eq!(parse_size("64M").unwrap(), 64 << 20);
        assert_eq!(parse_size("1 GiB").unwrap(), 1 << 30);
        assert_eq!(parse_size("3kb").unwrap(), 3072);
        assert!(parse_size("12Q").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }
}
