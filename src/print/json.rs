//! JSON output: serde_json, with every character that could steer a terminal escaped as
//! `\uXXXX` (serde_json escapes only C0 controls, so DEL, C1 controls and bidirectional
//! overrides from a feed would otherwise reach the terminal of someone reading the NDJSON).
//! The decoded strings are unchanged: JSON only escapes, it never drops feed text. What is
//! written is always a `pressdex::wire` type (the contract of `docs/json.md`).

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as one line of JSON.
///
/// # Errors
/// Writing failed.
pub fn write_line<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, TerminalSafe);
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    writeln!(out)
}

/// `value` as JSON text on one line (no newline), escaped as [`write_line`] escapes it.
///
/// # Errors
/// Serializing failed.
pub fn to_string<T: Serialize>(value: &T) -> io::Result<String> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, TerminalSafe);
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    String::from_utf8(out).map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))
}

struct TerminalSafe;

impl serde_json::ser::Formatter for TerminalSafe {
    fn write_string_fragment<W>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()>
    where
        W: ?Sized + Write,
    {
        let mut start = 0;
        for (index, c) in fragment.char_indices() {
            if steers_terminal(c) {
                writer.write_all(&fragment.as_bytes()[start..index])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = index + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// DEL, C1 controls (CSI as one byte) and bidirectional marks, overrides and isolates.
fn steers_terminal(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::write_line;

    fn check(input: &str, expected: &str) {
        let mut out = Vec::new();
        write_line(&mut out, &input).expect("writes to memory");
        let line = String::from_utf8(out).expect("UTF-8");
        assert_eq!(line, format!("{expected}\n"));
        let decoded: String = serde_json::from_str(&line).expect("valid JSON");
        assert_eq!(decoded, input);
    }

    #[test]
    fn escapes_what_steers_a_terminal() {
        check("plain café", "\"plain café\"");
        check("\u{1b}[31mred", "\"\\u001b[31mred\"");
        check("a\u{202e}b\u{9b}c\u{7f}", "\"a\\u202eb\\u009bc\\u007f\"");
        check("quote \" and \\", "\"quote \\\" and \\\\\"");
    }
}
