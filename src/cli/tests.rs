//! Unit tests of `cli.rs`.

use super::*;

/// Every subcommand, with the top-level command first.
fn commands() -> Vec<clap::Command> {
    let mut top = Cli::command();
    top.build();
    let mut all = vec![top.clone()];
    all.extend(top.get_subcommands().cloned());
    all
}

#[test]
fn help_texts_have_examples_and_no_escapes() {
    for mut command in commands() {
        let name = command.get_name().to_string();
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if ["help", "version"].contains(&id) {
                continue;
            }
            let help = arg.get_long_help().or(arg.get_help()).map(|help| help.to_string());
            let help = help.unwrap_or_else(|| panic!("{name} {id}: no help"));
            assert!(help.contains("e.g."), "{name} {id}: no example in {help:?}");
        }
        let rendered = command.render_long_help().to_string();
        assert!(!rendered.contains("\\\"") && !rendered.contains("\\\\"), "{name}: {rendered}");
    }
}

fn parse(args: &[&str]) -> Cli {
    let full = std::iter::once("pressdex").chain(args.iter().copied()).map(OsString::from);
    Cli::try_parse_from(query_words_last(full)).unwrap_or_else(|err| panic!("{args:?}: {err}"))
}

#[test]
fn unquoted_words_and_a_leading_minus_are_the_query() {
    let Command::Search(search) =
        parse(&["search", "mutual", "assistance", "--limit", "3", "agreement"]).command
    else {
        panic!("search");
    };
    assert_eq!((search.query.join(" ").as_str(), search.limit), ("mutual assistance agreement", 3));
    let Command::Search(search) = parse(&["search", "-trade", "customs", "--sort", "date"]).command
    else {
        panic!("search");
    };
    assert_eq!((search.query.join(" ").as_str(), search.sort), ("-trade customs", SortOrder::Date));
    let Command::Show(show) = parse(&["show", "CBP,", "Cabo", "Verde", "--json"]).command else {
        panic!("show");
    };
    assert_eq!((show.id.join(" ").as_str(), show.json), ("CBP, Cabo Verde", true));
    // Flags with values, before or after the words, stay flags; after `--` all are words.
    let Command::Search(search) =
        parse(&["search", "customs", "--country", "mx", "-trade", "--index", "idx", "--", "--all"])
            .command
    else {
        panic!("search");
    };
    assert_eq!(
        (search.query.join(" ").as_str(), search.filters.country.as_slice(), search.all),
        ("customs -trade --all", ["mx".to_string()].as_slice(), false)
    );
    assert_eq!(search.location.index, Some(PathBuf::from("idx")));
    let Command::Facets(facets) =
        parse(&["facets", "--field=agreement", "-customs", "--by", "country"]).command
    else {
        panic!("facets");
    };
    assert_eq!(
        (facets.query.join(" ").as_str(), facets.field, facets.by),
        ("-customs", Some(FacetField::Agreement), Some(FacetField::Country))
    );
}

#[test]
fn known_values_are_possible_values() {
    let Command::Search(search) =
        parse(&["search", "--agreement", "cmaa", "--kind", "PAGE"]).command
    else {
        panic!("search");
    };
    assert_eq!(
        (search.filters.agreement, search.filters.kind),
        (vec!["cmaa".to_string()], Some("PAGE".to_string()))
    );
    let by_name = parse(&["search", "--agreement", "Joint Work Plan"]);
    let Command::Search(search) = by_name.command else { panic!("search") };
    assert_eq!(search.filters.agreement, ["Joint Work Plan"]);
    let unknown =
        Cli::try_parse_from(["pressdex", "search", "--agreement", "NAFTA"]).expect_err("unknown");
    assert!(unknown.to_string().contains("CMAA"), "{unknown}");
}
