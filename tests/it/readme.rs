//! README.md says what the code does: its acronym table is the searcher's.

use crate::util::root;

/// The rows of the table under `heading` in README.md, as cells.
fn table(heading: &str) -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let section = readme.split_once(heading).unwrap_or_else(|| panic!("README lacks {heading}")).1;
    section
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2) // header and separator
        .map(|line| line.trim_matches('|').split('|').map(|cell| cell.trim().to_string()).collect())
        .collect()
}

#[test]
fn the_acronym_table_is_the_searchers() {
    let rows = table("### Acronyms");
    let expected: Vec<Vec<String>> = pressdex_index::ACRONYMS
        .iter()
        .map(|entry| vec![entry.acronym.to_string(), entry.expansions.join("; ")])
        .collect();
    assert_eq!(rows, expected);
}
