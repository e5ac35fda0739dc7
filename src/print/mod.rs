//! Everything pressdex writes to the terminal goes through here. Text from feeds is never
//! printed raw: [`sanitize`] removes control characters and escape sequences first. JSON goes
//! through [`json::write_line`] as the wire types of `pressdex::wire`.
//!
//! The lints that keep this true are allowed here only (`main.rs`, `clippy.toml`).
#![allow(clippy::print_stderr, clippy::disallowed_methods)]

use std::io;

use pressdex_index::IndexedRelease;

pub mod atom;
pub mod facets;
pub mod index;
pub mod json;
pub mod progress;
pub mod release;
pub mod search;
pub mod show;
pub mod stats;
pub mod style;
pub mod watch;

/// Standard output, locked and buffered: where every command writes (flushed by `main`).
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// Prints an error chain as one line on stderr: `pressdex: what: why`, and after an index
/// error the user can fix, what to run (the library's messages name no command or flag).
pub fn error(err: &anyhow::Error) {
    let mut line = String::new();
    for cause in err.chain() {
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&cause.to_string());
        if let Some(hint) = cause.downcast_ref::<pressdex_index::Error>().and_then(index_hint) {
            line.push_str(": ");
            line.push_str(&hint);
        }
    }
    eprintln!("pressdex: {}", sanitize(&line));
}

/// What to do about an index error, in terms of this binary's commands and flags.
fn index_hint(err: &pressdex_index::Error) -> Option<String> {
    use pressdex_index::UserError;
    match err.as_user_error()? {
        UserError::Missing(dir) => {
            Some(format!("build it with pressdex index --index {} PATHS", dir.display()))
        }
        UserError::SchemaMismatch { .. } => Some("run `pressdex index --rebuild`".to_string()),
        UserError::NotAnIndex(_) => Some("pass another --index DIR".to_string()),
        _ => None,
    }
}

/// "Cabo Verde, Mexico · CMAA" (countries, then agreement codes, each once), as `search` and
/// `show` print it under the title.
pub fn facet_line(release: &IndexedRelease) -> String {
    let countries: Vec<&str> = release.release.countries.iter().map(|c| c.name()).collect();
    let mut agreements: Vec<&str> = Vec::new();
    for agreement in &release.release.agreements {
        if !agreements.contains(&agreement.kind.code()) {
            agreements.push(agreement.kind.code());
        }
    }
    [countries.join(", "), agreements.join(", ")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Removes terminal control: C0/C1 control characters (but newline and tab), ANSI escape
/// sequences (CSI, OSC such as OSC 8 hyperlinks), and bidirectional overrides, so a feed can
/// never drive the user's terminal.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {}
            c => out.push(c),
        }
    }
    out
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        // CSI: parameters and intermediates, then one final byte in @..~.
        Some('[') => {
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
        // OSC, DCS, SOS, PM, APC: until BEL or ST (ESC \).
        Some(']' | 'P' | 'X' | '^' | '_') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    fn check(input: &str, expected: &str) {
        assert_eq!(sanitize(input), expected);
    }

    #[test]
    fn strips_terminal_control() {
        check("plain text", "plain text");
        check("\u{1b}[31mred\u{1b}[0m", "red");
        check("\u{1b}]8;;https://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\", "link");
        check("\u{1b}]0;title\u{7}after", "after");
        check("a\u{202e}b\u{0}c\u{9b}d", "abcd");
        check("line\nnext\tcol", "line\nnext\tcol");
    }
}
