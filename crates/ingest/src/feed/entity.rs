//! What an entity reference in a feed reads as. XML defines five named entities and numeric
//! references; DTD entities are never expanded. A name XML does not define (`&nbsp;`,
//! `&eacute;`: feeds are written by HTML tools) is read as HTML5 reads it in text, else kept as
//! written.

use std::borrow::Cow;

use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::BytesRef;

use crate::EntityResolution;

/// The text an entity reference stands for, and, for a name XML does not define, what the
/// reader did with it: read it as the HTML entity of that name, or kept it as written.
pub(super) fn resolve(reference: &BytesRef<'_>) -> (Cow<'static, str>, Option<EntityResolution>) {
    let name: &str = reference;
    let resolved = if reference.is_char_ref() {
        reference.resolve_char_ref().ok().flatten().map(|c| Cow::Owned(c.to_string()))
    } else {
        // Escaped HTML is mostly `&lt;` and `&gt;`: no allocation for those.
        resolve_xml_entity(name).map(Cow::Borrowed)
    };
    match resolved {
        Some(text) => (text, None),
        None => match html_entity(name) {
            Some(text) => (Cow::Owned(text), Some(EntityResolution::ReadAsHtml)),
            None => (Cow::Owned(format!("&{name};")), Some(EntityResolution::KeptAsWritten)),
        },
    }
}

/// `&name;` as HTML5 reads it in text, `None` when HTML does not know the name: the longest
/// entity name that starts the reference wins, and what follows it stays text (`&notit;` is
/// "¬it;", as the legacy `&not` has no semicolon).
///
/// The table is the WHATWG one that html5ever (under scraper) reads HTML with, not quick-xml's
/// `resolve_html5_entity`: quick-xml 0.42's table maps 544 of the 2,125 names wrongly (`&alpha;`
/// to ";", `&Abreve;` to U+0010) or not at all (`&acE;`).
fn html_entity(name: &str) -> Option<String> {
    if !name.bytes().all(|b| b.is_ascii_alphanumeric()) || name.len() > 32 {
        return None;
    }
    let reference = format!("{name};");
    // The table holds every entity name and every prefix of one (mapped to (0, 0)), so the
    // walk stops at the first prefix that can lead nowhere.
    let mut longest = None;
    for end in 1..=reference.len() {
        match web_atoms::NAMED_ENTITIES.get(&reference[..end]) {
            Some(&(0, _)) => {}
            Some(&code_points) => longest = Some((end, code_points)),
            None => break,
        }
    }
    let (end, (first, second)) = longest?;
    let mut text: String =
        [first, second].into_iter().filter(|&c| c != 0).filter_map(char::from_u32).collect();
    text.push_str(&reference[end..]);
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::html_entity;

    fn check(name: &str, expected: Option<&str>) {
        assert_eq!(html_entity(name).as_deref(), expected, "&{name};");
    }

    #[test]
    fn names_read_as_html5_reads_them() {
        check("nbsp", Some("\u{a0}"));
        check("eacute", Some("é"));
        check("alpha", Some("α"));
        check("Abreve", Some("Ă"));
        check("acE", Some("∾\u{333}"));
        check("LT", Some("<"));
        // A legacy name without its semicolon starts a longer unknown one.
        check("notit", Some("¬it;"));
        check("ampx", Some("&x;"));
        check("bogus", None);
        check("lol9", None);
        check(&"x".repeat(40), None);
        check("#0", None);
    }
}
