//! Tests of the query language: one `check(query, rendering)` per case.

use chrono::DateTime;

use super::*;

/// Renders a parse result compactly: groups as `a|b`, exclusions as `-x`, phrases quoted,
/// prefixes with `*`, then the non-empty filters; errors as `error@position: message`.
fn render(input: &str) -> String {
    let query = match Query::parse(input) {
        Ok(query) => query,
        Err(error) => return format!("error@{}: {}", error.position, error.kind),
    };
    let term = |term: &Term| match term.kind {
        TermKind::Word => term.text.clone(),
        TermKind::Phrase => format!("\"{}\"", term.text),
        TermKind::Prefix => format!("{}*", term.text),
    };
    let mut parts: Vec<String> = query
        .groups
        .iter()
        .map(|group| group.alternatives.iter().map(term).collect::<Vec<_>>().join("|"))
        .collect();
    parts.extend(query.excluded.iter().map(|excluded| format!("-{}", term(excluded))));
    let filters = &query.filters;
    parts.extend(filters.title.iter().map(|title| format!("title={}", term(title))));
    parts.extend(filters.location.iter().map(|place| format!("location={}", term(place))));
    parts.extend(filters.countries.iter().map(|country| format!("country={}", country.name())));
    parts.extend(filters.agreements.iter().map(|kind| format!("agreement={}", kind.code())));
    parts.extend(filters.feeds.iter().map(|feed| format!("feed={feed}")));
    parts.extend(filters.kinds.iter().map(|kind| format!("kind={}", kind.as_str())));
    parts.extend(filters.since.map(|since| format!("since={since}")));
    parts.extend(filters.until.map(|until| format!("until={until}")));
    parts.extend(filters.mentions.iter().map(|country| format!("mentions={}", country.name())));
    parts.extend(filters.regions.iter().map(|region| format!("region={}", region.name())));
    parts.extend(filters.event_since.map(|since| format!("event_since={since}")));
    parts.extend(filters.event_until.map(|until| format!("event_until={until}")));
    let moment = |moment: &Moment| match moment {
        Moment::At(at) => at.to_rfc3339(),
        Moment::Ago(ago) => format!("{}s ago", ago.num_seconds()),
        Moment::LastRun => "last-run".to_string(),
    };
    parts.extend(filters.new_since.iter().map(|at| format!("new-since={}", moment(at))));
    parts.extend(filters.changed_since.iter().map(|at| format!("changed-since={}", moment(at))));
    parts.join(" ")
}

fn check(input: &str, expected: &str) {
    assert_eq!(render(input), expected, "query: {input:?}");
}

#[test]
fn words_phrases_prefixes() {
    check("", "");
    check("   ", "");
    check("mutual assistance agreement", "mutual assistance agreement");
    check("\"mutual assistance\" agreement", "\"mutual assistance\" agreement");
    check("agree*", "agree*");
    check("CMAA signings", "CMAA signings");
    check("mexico AND canada", "mexico canada");
    check("mexico - canada", "mexico canada");
    check("cross-border trade", "cross-border trade");
    check("café", "café");
    check("\"  spaced  \"", "\"spaced\"");
    check("a\"b c\"", "a \"b c\"");
}

#[test]
fn exclusion_and_or() {
    check("trade -mexico", "trade -mexico");
    check("trade -\"joint work plan\"", "trade -\"joint work plan\"");
    check("trade -agree*", "trade -agree*");
    check("mexico OR canada", "mexico|canada");
    check("mexico OR canada trade", "mexico|canada trade");
    check("trade mexico OR canada OR \"cabo verde\"", "trade mexico|canada|\"cabo verde\"");
    check("mexico or canada", "mexico or canada");
}

#[test]
fn filters() {
    check("country:mx", "country=Mexico");
    check("country:MEX trade", "trade country=Mexico");
    check("country:\"mexico\"", "country=Mexico");
    check("agreement:cmaa", "agreement=CMAA");
    check("agreement:\"Customs Mutual Assistance Agreement\"", "agreement=CMAA");
    check("agreement:MRA agreement:jwp", "agreement=MRA agreement=JWP");
    check("kind:page", "kind=page");
    check("kind:National-Media-Release", "kind=national-media-release");
    check("feed:\"International Operations\"", "feed=International Operations");
    check("title:signing", "title=signing");
    check("title:\"mutual assistance\"", "title=\"mutual assistance\"");
    check("location:\"San Diego\"", "location=\"San Diego\"");
    check("Country:mx", "country=Mexico");
    check("mentions:ca", "mentions=Canada");
    check("region:\"Central America\" region:013", "region=Central America");
    check("region:eu", "region=European Union");
    check("event_since:2023-09 event_until:2023", "event_since=2023-09-01 event_until=2023-12-31");
}

#[test]
fn dates() {
    check("since:2023", "since=2023-01-01");
    check("until:2023", "until=2023-12-31");
    check("since:2023-05", "since=2023-05-01");
    check("until:2024-02", "until=2024-02-29");
    check("until:2023-12", "until=2023-12-31");
    check("since:2023-05-17", "since=2023-05-17");
    check("year:2022", "since=2022-01-01 until=2022-12-31");
    check("year:2022 since:2022-06", "since=2022-06-01 until=2022-12-31");
    check("since:2020 since:2021", "since=2021-01-01");
}

#[test]
fn times_of_indexing() {
    check("new-since:last-run", "new-since=last-run");
    check("New-Since:LAST-RUN", "new-since=last-run");
    check("changed-since:7d mexico", "mexico changed-since=604800s ago");
    check("new-since:24h", "new-since=86400s ago");
    check("new-since:2w", "new-since=1209600s ago");
    check("new-since:90min", "new-since=5400s ago");
    check("new-since:2024-05-01", "new-since=2024-05-01T00:00:00+00:00");
    check("new-since:2024-05", "new-since=2024-05-01T00:00:00+00:00");
    check("new-since:2024-05-01T10:30:00Z", "new-since=2024-05-01T10:30:00+00:00");
    check("new-since:2024-05-01T12:30:00+02:00", "new-since=2024-05-01T10:30:00+00:00");
    check("new-since:2024-05-01T10:30", "new-since=2024-05-01T10:30:00+00:00");
    check("new-since:7d new-since:last-run", "new-since=604800s ago new-since=last-run");
    // A hyphenated word before a colon is a word unless it names a field.
    check("self-made:x", "self-made:x");
    check(
        "new-since:yesterday",
        "error@10: bad time `yesterday`: expected a date (2024-05-01), a date-time \
         (2024-05-01T10:00:00Z), a time back from now (7d, 24h, 2w) or last-run",
    );
    check(
        "new-since:7y",
        "error@10: bad time `7y`: expected a date (2024-05-01), a date-time (2024-05-01T10:00:00Z), a time back from now (7d, 24h, 2w) or last-run",
    );
    check(
        "-new-since:7d",
        "error@0: `-` can exclude words, phrases and prefixes, not field filters",
    );

    let now = DateTime::parse_from_rfc3339("2024-05-08T00:00:00Z").expect("valid").to_utc();
    let mut query = Query::parse("new-since:7d changed-since:last-run").expect("parses");
    assert!(query.filters.uses_last_run());
    query.filters.anchor(now);
    let week_ago = DateTime::parse_from_rfc3339("2024-05-01T00:00:00Z").expect("valid").to_utc();
    assert_eq!(query.filters.new_since, [Moment::At(week_ago)]);
    assert_eq!(Moment::LastRun.resolve(now, Some(week_ago)), week_ago);
    assert_eq!(Moment::LastRun.resolve(now, None), DateTime::<chrono::Utc>::MIN_UTC);
}

#[test]
fn errors() {
    check("\"mutual assistance", "error@0: unbalanced quote: this `\"` is never closed");
    check("trade \"open", "error@6: unbalanced quote: this `\"` is never closed");
    check("country:\"cape", "error@8: unbalanced quote: this `\"` is never closed");
    check(
        "foo:bar",
        "error@0: unknown field `foo:` (known fields: title, country, mentions, region, \
         agreement, feed, kind, location, since, until, year, event_since, event_until, \
         new-since, changed-since)",
    );
    check(
        "trade https://cbp.gov",
        "error@6: unknown field `https:` (known fields: title, country, mentions, region, \
         agreement, feed, kind, location, since, until, year, event_since, event_until, \
         new-since, changed-since)",
    );
    check(
        "region:atlantis",
        "error@7: unknown region `atlantis`: use a UN M49 region \
         (\"central america\", caribbean, 013) or EU",
    );
    check("_x:y", "_x:y");
    check("country:", "error@0: `country:` needs a value");
    check("x country: y", "error@2: `country:` needs a value");
    check("since:2023-13", "error@6: bad date `2023-13`: expected YYYY, YYYY-MM or YYYY-MM-DD");
    check("since:23", "error@6: bad date `23`: expected YYYY, YYYY-MM or YYYY-MM-DD");
    check(
        "until:2023-02-30",
        "error@6: bad date `2023-02-30`: expected YYYY, YYYY-MM or YYYY-MM-DD",
    );
    check("since:2023-1-1", "error@6: bad date `2023-1-1`: expected YYYY, YYYY-MM or YYYY-MM-DD");
    check("year:2023-05", "error@5: bad year `2023-05`: expected YYYY");
    check(
        "country:atlantis",
        "error@8: unknown country `atlantis`: use a name, an alias or an ISO code (mx, \"cape verde\")",
    );
    check(
        "agreement:NAFTA",
        "error@10: unknown agreement `NAFTA` (known: CMAA, MRA, JWP, MOU, Preclearance, LOI, JSD)",
    );
    check(
        "kind:blog",
        "error@5: unknown kind `blog` (known: national-media-release, local-media-release, speeches-and-statements, page)",
    );
    check("OR mexico", "error@0: `OR` needs a word or phrase on each side");
    check("mexico OR", "error@7: `OR` needs a word or phrase on each side");
    check("mexico OR OR canada", "error@10: `OR` needs a word or phrase on each side");
    check("mexico OR -canada", "error@7: `OR` needs a word or phrase on each side");
    check("country:mx OR canada", "error@11: `OR` joins words and phrases, not field filters");
    check("mexico OR country:mx", "error@7: `OR` joins words and phrases, not field filters");
    check("-country:mx", "error@0: `-` can exclude words, phrases and prefixes, not field filters");
    check("*", "error@0: `*` must end a word of at least one letter (agree*)");
    check("ag*ree", "error@2: `*` must end a word of at least one letter (agree*)");
    check("since:2024 until:2023", "error@0: `since:` 2024-01-01 is after `until:` 2023-12-31");
}

#[test]
fn flags_share_the_filter_rules() {
    let mut filters = Filters::default();
    assert_eq!(filters.add(FilterField::Country, " MX "), Ok(()));
    assert_eq!(filters.add(FilterField::Country, "mexico"), Ok(()));
    assert_eq!(filters.countries.len(), 1);
    assert_eq!(
        filters.add(FilterField::Since, "May 2023"),
        Err(QueryErrorKind::BadDate("May 2023".into()))
    );
    assert!(!filters.is_empty());
}

// See: issue 13, item 6 (1,000 words took 45 s, 10,000 never finished).
#[test]
fn at_most_256_words() {
    let words = |n: usize| vec!["customs"; n].join(" ");
    assert_eq!(render(&words(256)).split(' ').count(), 256);
    let over = format!("{} \"two words\"", words(255));
    let expected = format!("error@{}: the query has more than 256 words: shorten it", 255 * 8 + 5);
    check(&over, &expected);
    check(
        &words(10_000),
        &format!("error@{}: the query has more than 256 words: shorten it", 256 * 8),
    );
    check(&format!("  {}  ", words(256)), &words(256));
}
