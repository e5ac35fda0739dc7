//! `pressdex serve`: open the index (following its commits), listen, print the URL, serve the
//! page and the API (`crate::serve`) until Ctrl-C or SIGTERM.

use std::io::Write;
use std::net::TcpListener;
use std::process::{Command, ExitCode, Stdio};

use anyhow::Context;

use super::open::open_following_commits;
use crate::config::ServeConfig;
use crate::print;
use crate::serve;

pub fn run(config: &ServeConfig, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let searcher = open_following_commits(&config.index)?;
    let listener =
        TcpListener::bind(config.bind).with_context(|| format!("listening on {}", config.bind))?;
    let address = listener.local_addr().context("reading the address listened on")?;
    if !address.ip().is_loopback() {
        print::serve::reachable_from_the_network(address);
    }
    let url = serve::url(address);
    print::serve::listening(out, &url).context("writing to stdout")?;
    if config.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Searches run on the blocking pool, bounded by the search pool's own permits.
        .max_blocking_threads(config.limits.workers + 4)
        .build()
        .context("starting the server's runtime")?;
    let router = serve::router(searcher, config.limits);
    runtime
        .block_on(serve::serve(listener, router, serve::stop_signal()))
        .with_context(|| format!("serving on {address}"))?;
    print::serve::stopped();
    Ok(ExitCode::SUCCESS)
}

/// Opens `url` with the desktop's opener (`xdg-open`; `open` on macOS); a warning when there
/// is none. The opener is waited for on a thread of its own, so it leaves no zombie.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let spawned = Command::new(opener)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(err) => print::serve::cannot_open(url, opener, &err),
    }
}
