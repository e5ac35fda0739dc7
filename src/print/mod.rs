//! Everything pressdex writes to the terminal goes through here. Text from feeds is never
//! printed raw: [`sanitize`] removes control characters and escape sequences first.

pub mod facets;
pub mod index;
pub mod json;
pub mod release;
pub mod release_json;
pub mod search;
pub mod show;
pub mod stats;
pub mod style;

/// Prints an error chain as one line on stderr: `pressdex: what: why`.
pub fn error(err: &anyhow::Error) {
    eprintln!("pressdex: {}", sanitize(&format!("{err:#}")));
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

/// Writes `value` as one line of JSON that is safe to print on a terminal: besides the C0
/// controls JSON always escapes, DEL, C1 controls (U+009B is a one-byte CSI) and bidirectional
/// overrides and isolates are written as `\uXXXX` escapes, so `--json` output carries feed text
/// exactly but can never drive the terminal it is printed on.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_json<W: std::io::Write, T: serde::Serialize>(
    out: &mut W,
    value: &T,
) -> std::io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, TerminalSafeJson);
    value.serialize(&mut serializer).map_err(std::io::Error::from)
}

struct TerminalSafeJson;

impl serde_json::ser::Formatter for TerminalSafeJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (index, c) in fragment.char_indices() {
            if is_terminal_control(c) {
                writer.write_all(&fragment.as_bytes()[start..index])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = index + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

fn is_terminal_control(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    fn check(input: &str, expected: &str) {
        assert_eq!(sanitize(input), expected);
    }

    fn check_json(input: &str, expected: &str) {
        let mut out = Vec::new();
        super::write_json(&mut out, &input).expect("writes to a Vec");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), expected);
        let back: String = serde_json::from_str(expected).expect("valid JSON");
        assert_eq!(back, input, "the text survives the round trip");
    }

    #[test]
    fn json_escapes_terminal_control() {
        check_json("plain café", r#""plain café""#);
        check_json("\u{1b}[31mred", r#""\u001b[31mred""#);
        check_json("txt\u{202e}gnp.exe", r#""txt\u202egnp.exe""#);
        check_json("a\u{9b}b\u{7f}c\u{2066}d", r#""a\u009bb\u007fc\u2066d""#);
        check_json("quote \" and \\", r#""quote \" and \\""#);
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
