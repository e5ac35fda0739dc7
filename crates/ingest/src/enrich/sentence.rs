//! Sentence splitting for evidence: good enough for press releases, where the traps are
//! abbreviations ("U.S.", "Mr.", "Va.", "a.m.") and initials ("Troy A. Miller"), not prose style.

use std::ops::Range;

/// Words that end with a period without ending a sentence: titles, months, AP state
/// abbreviations, company suffixes. Compared without the period, case-sensitively.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Jr", "Sr", "St", "Mt", "Ft", "Gen", "Gov", "Sen", "Rep", "Sgt", "Lt",
    "Col", "Capt", "Cmdr", "Adm", "Asst", "Dept", "No", "Nos", "Inc", "Co", "Corp", "Ltd", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "approx",
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
    "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
    "Tenn", "Tex", "Vt", "Va", "Wash", "Wis", "Wyo",
];

/// The sentences of `text`, as trimmed byte ranges, in order. A line break always ends a
/// sentence (paragraphs, list items); `.`, `!` and `?` end one when followed by white space and
/// an upper-case letter, a digit or an opening quote, unless the word before is an abbreviation.
pub(crate) fn split(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, current)) = chars.next() {
        let end = if current == '\n' {
            Some(index)
        } else if matches!(current, '.' | '!' | '?') {
            // Closing quotes and brackets belong to the sentence they end.
            let mut end = index + current.len_utf8();
            while let Some(&(next_index, next)) = chars.peek() {
                if matches!(next, '"' | '\u{201D}' | '\u{2019}' | '\'' | ')') {
                    end = next_index + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            (current != '.' || !is_abbreviation(&text[start..index]))
                .then_some(end)
                .filter(|&end| starts_sentence(&text[end..]))
        } else {
            None
        };
        if let Some(end) = end {
            push_trimmed(&mut sentences, text, start..end);
            start = end;
        }
    }
    push_trimmed(&mut sentences, text, start..text.len());
    sentences
}

fn push_trimmed(sentences: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let slice = &text[range.clone()];
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        let start = range.start + leading;
        sentences.push(start..start + trimmed.len());
    }
}

/// Whether the word that ends `before` (the text up to a period) is an abbreviation.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let word = word.trim_start_matches(['"', '\u{201C}']);
    // "U.S", "a.m", "D.C": a period inside the word; "A": an initial.
    word.contains('.')
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || ABBREVIATIONS.contains(&word)
}

fn starts_sentence(after: &str) -> bool {
    let rest = after.trim_start();
    if rest.len() == after.len() {
        return after.is_empty();
    }
    rest.chars().next().is_none_or(|first| {
        first.is_uppercase()
            || first.is_ascii_digit()
            || matches!(first, '"' | '\u{201C}' | '\'' | '\u{2018}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = split(text).into_iter().map(|range| &text[range]).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn splits_on_sentence_ends() {
        check("One. Two! Three? Four", &["One.", "Two!", "Three?", "Four"]);
        check("He said “yes.” Then left.", &["He said “yes.”", "Then left."]);
        check("First line\nSecond line", &["First line", "Second line"]);
        check("  \n\n  ", &[]);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        check(
            "Ambassador to the U.S. Jose Luis Livramento spoke. Next.",
            &["Ambassador to the U.S. Jose Luis Livramento spoke.", "Next."],
        );
        check("Troy A. Miller said so.", &["Troy A. Miller said so."]);
        check(
            "Mr. Smith of Stafford County, Va. Sheriff's Office.",
            &["Mr. Smith of Stafford County, Va. Sheriff's Office."],
        );
        check("about 4:30 p.m. on Wednesday.", &["about 4:30 p.m. on Wednesday."]);
    }

    #[test]
    fn lower_case_after_a_period_continues() {
        check("version 1.2 is out. it continues", &["version 1.2 is out. it continues"]);
    }
}
