//! Colour and wrapping for human output: whether to colour (`--color`, `NO_COLOR`, a terminal
//! on stdout), how wide to wrap, and text with its matched words highlighted. Feed text is
//! sanitized here, piece by piece, before any style is added.

use std::io::IsTerminal;

use anstyle::{AnsiColor, Effects, Style as AnsiStyle};

use super::{sanitize, sanitize_line};

/// Width used when stdout is not a terminal (pipes, files, tests).
const DEFAULT_WIDTH: usize = 100;

/// How human output looks on this stdout.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    color: bool,
    width: usize,
}

const MATCH: AnsiStyle =
    AnsiStyle::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red))).effects(Effects::BOLD);
const STRONG: AnsiStyle = AnsiStyle::new().effects(Effects::BOLD);
const DIM: AnsiStyle = AnsiStyle::new().effects(Effects::DIMMED);
const LINK: AnsiStyle = AnsiStyle::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)));

impl Style {
    /// `color`: `Some(true)` always, `Some(false)` never, `None` when stdout is a terminal and
    /// `NO_COLOR` is unset or empty (<https://no-color.org>).
    pub fn detect(color: Option<bool>) -> Style {
        let terminal = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        let color = color.unwrap_or(terminal && !no_color);
        let width = if terminal {
            terminal_size::terminal_size().map_or(DEFAULT_WIDTH, |(width, _)| usize::from(width.0))
        } else {
            DEFAULT_WIDTH
        };
        Style { color, width: width.clamp(40, 160) }
    }

    /// A plain style of `width` columns, without colour.
    #[cfg(test)]
    pub fn plain(width: usize) -> Style {
        Style { color: false, width }
    }

    /// Feed text, sanitized, with the byte ranges `highlights` of the raw text styled as
    /// matches and the rest in `base`.
    pub fn highlight(&self, text: &str, highlights: &[(usize, usize)], strong: bool) -> String {
        let base = if strong { STRONG } else { AnsiStyle::new() };
        self.highlight_with(text, highlights, base, sanitize)
    }

    /// A title: [`Style::highlight`] in bold, on one line (line breaks shown as spaces).
    pub fn title(&self, text: &str, highlights: &[(usize, usize)]) -> String {
        self.highlight_with(text, highlights, STRONG, sanitize_line)
    }

    fn highlight_with(
        &self,
        text: &str,
        highlights: &[(usize, usize)],
        base: AnsiStyle,
        clean: fn(&str) -> String,
    ) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for &(start, end) in highlights {
            // Ranges come from the index; guard anyway so bad offsets never panic.
            if start < at
                || start > end
                || end > text.len()
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                continue;
            }
            out.push_str(&self.paint(base, &clean(&text[at..start])));
            out.push_str(&self.paint(MATCH, &clean(&text[start..end])));
            at = end;
        }
        out.push_str(&self.paint(base, &clean(&text[at..])));
        out
    }

    /// Sanitized feed text in bold.
    pub fn strong(&self, text: &str) -> String {
        self.paint(STRONG, &sanitize(text))
    }

    /// Sanitized feed text, dimmed (secondary details).
    pub fn dim(&self, text: &str) -> String {
        self.paint(DIM, &sanitize(text))
    }

    /// A sanitized link, on one line.
    pub fn link(&self, text: &str) -> String {
        self.paint(LINK, &sanitize_line(text))
    }

    /// `text` (already sanitized and styled) wrapped to the width, every line indented.
    pub fn wrap(&self, text: &str, indent: &str) -> String {
        let options = textwrap::Options::new(self.width)
            .initial_indent(indent)
            .subsequent_indent(indent)
            .break_words(false);
        textwrap::fill(text, options)
    }

    fn paint(&self, style: AnsiStyle, text: &str) -> String {
        if !self.color || text.is_empty() || style == AnsiStyle::new() {
            return text.to_string();
        }
        format!("{}{text}{}", style.render(), style.render_reset())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, highlights: &[(usize, usize)], expected: &str) {
        let coloured = Style { color: true, width: 80 };
        let rendered = coloured
            .highlight(text, highlights, false)
            .replace(&MATCH.render().to_string(), "[")
            .replace(&MATCH.render_reset().to_string(), "]");
        assert_eq!(rendered, expected);
    }

    #[test]
    fn highlights_and_strips_escapes() {
        check("CBP signs CMAA", &[(4, 9)], "CBP [signs] CMAA");
        check("a \u{1b}[31mred\u{1b}[0m word", &[(15, 19)], "a red [word]");
        check("bad ranges", &[(5, 99), (3, 1)], "bad ranges");
        check("", &[], "");
        assert_eq!(Style::plain(80).highlight("x\u{202e}y", &[(0, 1)], true), "xy");
        assert_eq!(Style::plain(80).title("a\r\nb\u{2028}c", &[(3, 4)]), "a  b c");
    }

    #[test]
    fn wraps_with_indent() {
        let style = Style::plain(20);
        assert_eq!(
            style.wrap("one two three four five six", "  "),
            "  one two three four\n  five six"
        );
    }
}
