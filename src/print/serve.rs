//! `pressdex serve` output: the URL on stdout (scripts and tests read it), warnings and the log
//! of failed requests on stderr.

use std::fmt::Display;
use std::io::{self, Write};
use std::net::SocketAddr;

use super::sanitize;

/// `serving http://127.0.0.1:7700/ (Ctrl-C to stop)`, on `out`, flushed at once (the server runs
/// until stopped).
///
/// # Errors
/// Writing to `out` failed.
pub fn listening(out: &mut dyn Write, url: &str) -> io::Result<()> {
    writeln!(out, "serving {url} (Ctrl-C to stop)")?;
    out.flush()
}

/// The warning for an address other machines can reach.
pub fn reachable_from_the_network(address: SocketAddr) {
    eprintln!(
        "pressdex: warning: listening on {address}, which other machines can reach: the server \
         has no authentication, so anyone who reaches it can read the index"
    );
}

/// `--open` could not start a browser.
pub fn cannot_open(url: &str, opener: &str, err: &io::Error) {
    eprintln!("pressdex: warning: could not open {url} with {opener}: {err}");
}

/// A request the server could not answer (the client gets a sentence without the detail).
pub fn request_failed(context: &str, err: &dyn Display) {
    eprintln!("pressdex: error: {context}: {}", sanitize(&err.to_string()));
}

/// The server stopped on a signal.
pub fn stopped() {
    eprintln!("pressdex: stopped");
}
