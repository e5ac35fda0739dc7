//! Everything pressdex writes to the terminal goes through here. Text from feeds is never
//! printed raw: [`sanitize`] removes control characters and escape sequences first. JSON goes
//! through [`json::write_line`] as the wire types of `pressdex::wire`.
//!
//! The lints that keep this true are allowed here only (`main.rs`, `clippy.toml`).
#![allow(clippy::print_stderr, clippy::disallowed_methods)]

use std::io;

use pressdex::wire;

pub mod atom;
pub mod cite;
pub mod export;
pub mod facets;
pub mod fetch;
pub mod index;
pub mod json;
pub mod markdown;
pub mod progress;
pub mod release;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;
pub mod style;
pub mod watch;

/// Standard output, locked and buffered: where every command writes (flushed by `main`).
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// The last panic, as the hook [`record_panics`] keeps it.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Replaces Rust's panic message with a record of it. The libraries catch the panics they
/// expect (Tantivy's on a damaged index becomes "the index at DIR is damaged"), and their
/// error is the one line the user sees; a panic nothing catches reaches `main`, which prints
/// the record with [`uncaught_panic`].
pub fn record_panics() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|text| (*text).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        let location = info
            .location()
            .map(|at| format!("{}:{}:{}", at.file(), at.line(), at.column()))
            .unwrap_or_default();
        let mut last = LAST_PANIC.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *last = Some(format!("panicked at {location}: {message}"));
    }));
}

/// Prints the panic that reached `main` (a bug), as Rust would have.
pub fn uncaught_panic() {
    let last = LAST_PANIC.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
    let last = last.unwrap_or_else(|| "panicked".to_string());
    eprintln!("pressdex: internal error: {} (a bug: please report it)", sanitize_line(&last));
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
    eprintln!("pressdex: {}", sanitize_line(&line));
}

/// What to do about an index error, in terms of this binary's commands and flags.
fn index_hint(err: &pressdex_index::Error) -> Option<String> {
    use pressdex_index::{Error, InternalError, UserError};
    let hint = match err {
        Error::User(UserError::Missing(dir)) => {
            return Some(format!("build it with pressdex index --index {} PATHS", dir.display()));
        }
        Error::User(UserError::SchemaMismatch { .. }) => "run `pressdex index --rebuild`",
        Error::User(UserError::NotAnIndex(_)) => "pass another --index DIR",
        Error::User(UserError::ReadOnly(_)) => {
            "index as the folder's owner, or pass --index DIR for a folder you can write"
        }
        Error::Internal(InternalError::Unreadable { .. }) => {
            "check that you may read the index folder and its files"
        }
        Error::Internal(InternalError::Damaged { .. } | InternalError::Corrupt { .. }) => {
            "`pressdex check` lists the damaged files; `pressdex index --rebuild` rebuilds it"
        }
        Error::Internal(InternalError::Tantivy { .. }) => {
            "`pressdex check` tells whether the index is damaged"
        }
        _ => return None,
    };
    Some(hint.to_string())
}

/// "Cabo Verde, Mexico · CMAA" (countries, then agreement codes, each once), as `search` and
/// `show` print it under the title.
pub fn facet_line(countries: &[wire::Country], agreements: &[wire::Agreement]) -> String {
    let names: Vec<&str> = countries.iter().map(|country| country.name.as_str()).collect();
    [names.join(", "), agreement_codes(agreements).join(", ")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The agreement codes of a release, each once, in order of mention.
pub fn agreement_codes(agreements: &[wire::Agreement]) -> Vec<&str> {
    let mut codes: Vec<&str> = Vec::new();
    for agreement in agreements {
        if !codes.contains(&agreement.code.as_str()) {
            codes.push(&agreement.code);
        }
    }
    codes
}

/// `4,653`: a count as people read it.
pub fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `text` with every line break (CR, LF, VT, FF, NEL, U+2028, U+2029) shown as a space: for
/// the fields printed on one line (title, link, guid, location, file names), so a feed cannot
/// forge an output line. Sanitize the result (or hand it to a `Style`) before printing.
pub fn one_line(text: &str) -> String {
    text.chars().map(|c| if is_line_break(c) { ' ' } else { c }).collect()
}

/// [`sanitize`] of [`one_line`]: feed text for a single-line field, ready to print.
pub fn sanitize_line(text: &str) -> String {
    sanitize(&one_line(text))
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}')
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
    use super::{sanitize, sanitize_line, thousands};

    #[test]
    fn counts_with_thousands_separators() {
        for (number, expected) in
            [(0, "0"), (999, "999"), (4653, "4,653"), (1_000_000, "1,000,000")]
        {
            assert_eq!(thousands(number), expected);
        }
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(sanitize(input), expected);
    }

    fn check_line(input: &str, expected: &str) {
        assert_eq!(sanitize_line(input), expected);
    }

    // See: issue 13, item 8 (a CR inside `<link>` split the printed line).
    #[test]
    fn line_breaks_in_single_line_fields_are_spaces() {
        check_line("https://x.example/a\r\nforged line", "https://x.example/a  forged line");
        check_line("a\u{b}b\u{c}c\u{85}d", "a b c d");
        check_line("a\u{2028}b\u{2029}c", "a b c");
        check_line("tab\tstays", "tab\tstays");
        check_line("\u{1b}[2J\nnext", " next");
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
