//! Whitespace as feeds and pages write it, and as pressdex keeps it.

/// `text` with every run of whitespace (spaces, tabs, newlines, no-break spaces and the other
/// Unicode spaces) made one space, and none at either end.
pub fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalize_space;

    #[test]
    fn runs_of_any_whitespace_become_one_space() {
        assert_eq!(normalize_space("  Two\n\tlines \u{a0} here "), "Two lines here");
        assert_eq!(normalize_space(" \n "), "");
        assert_eq!(normalize_space("one"), "one");
    }
}
