//! `pressdex parse` on the bundled snapshot and on every fixture under tests/fixtures/feeds: the
//! good items, and the diagnostic naming each problem. The hostile fixtures (not a feed, XML
//! bombs, terminal escapes) are `reliability.rs`'s.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{Sandbox, bundled_feed, fixture};

/// What one run of `pressdex parse --json` gave.
pub struct Parsed {
    pub code: i32,
    pub releases: Vec<Value>,
    /// Diagnostic lines, in order.
    pub problems: Vec<String>,
}

impl Parsed {
    pub fn field(&self, key: &str) -> Vec<String> {
        self.releases
            .iter()
            .map(|release| match &release[key] {
                Value::String(text) => text.clone(),
                Value::Null => "null".to_owned(),
                other => other.to_string(),
            })
            .collect()
    }

    pub fn guids(&self) -> Vec<String> {
        self.field("guid")
    }

    pub fn titles(&self) -> Vec<String> {
        self.field("title")
    }

    pub fn release(&self, guid: &str) -> &Value {
        self.releases
            .iter()
            .find(|release| release["guid"] == guid)
            .unwrap_or_else(|| panic!("no release {guid}"))
    }

    /// Asserts exactly one diagnostic, of this severity, containing `text`.
    fn assert_problem(&self, severity: &str, text: &str) {
        assert_eq!(self.problems.len(), 1, "diagnostics: {:#?}", self.problems);
        let line = &self.problems[0];
        assert!(line.starts_with(&format!("pressdex: {severity}: ")), "{line:?}");
        assert!(line.contains(text), "{line:?} lacks {text:?}");
    }

    /// Asserts exactly these diagnostics (each a substring of one line, in order).
    fn assert_problems(&self, expected: &[&str]) {
        assert_eq!(self.problems.len(), expected.len(), "diagnostics: {:#?}", self.problems);
        for (line, part) in self.problems.iter().zip(expected) {
            assert!(line.contains(part), "{line:?} lacks {part:?}");
        }
    }
}

/// Runs `pressdex parse --json PATHS`.
pub fn parse(paths: &[PathBuf]) -> Parsed {
    let sandbox = Sandbox::new();
    let mut cmd = sandbox.command();
    cmd.arg("parse").arg("--json").args(paths);
    let output = crate::util::run(cmd);
    assert!(std::str::from_utf8(&output.stdout).is_ok(), "stdout is UTF-8");
    let releases = output.json_lines();
    let problems = output.stderr().lines().map(str::to_owned).collect::<Vec<_>>();
    Parsed { code: output.code.expect("exit code"), releases, problems }
}

/// Runs `pressdex parse --json` on `tests/fixtures/feeds/NAME`.
fn parse_fixture(name: &str) -> Parsed {
    parse(&[fixture(&format!("feeds/{name}"))])
}

const BUNDLED_GUIDS: [&str; 10] = [
    "427633", "427630", "427412", "426661", "381254", "379432", "378749", "378218", "93292",
    "377817",
];

#[test]
fn bundled_snapshot_gives_ten_releases_with_their_feed_fields() {
    let parsed = parse(&[bundled_feed()]);
    assert_eq!(parsed.code, 0, "{:?}", parsed.problems);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let expected_guids: Vec<String> =
        BUNDLED_GUIDS.iter().map(|id| format!("{id} at https://www.cbp.gov")).collect();
    assert_eq!(parsed.guids(), expected_guids);
    assert_eq!(
        parsed.titles(),
        [
            "San Diego Border Patrol and Mexican authorities increase binational operations to combat human smuggling",
            "CBP, Cabo Verde sign Customs Mutual Assistance Agreement",
            "CBP Returns Historical Indigenous Artifacts to Costa Rica",
            "Dulles CBP Officer Leads Effort to Return Fleeing Maryland Rape Suspect from El Salvador",
            "Technology Meets Afghanistan Challenges",
            "CBP signs Mutual Recognition Arrangement with Brazil",
            "CBP Reducing Hours of Operation for the Vanceboro, Maine Port of Entry",
            "CBP and Customs Administrations Agree on Strengthening Supply Chain Security",
            "International Initiatives",
            "Commissioner Magnus Shares CBP Priorities and Promotes Good Governance of WCO During First Official Visit to Europe",
        ]
    );
    // The pubDate values of the snapshot, in UTC.
    assert_eq!(
        parsed.field("published"),
        [
            "2023-09-27T17:01:17Z",
            "2023-09-26T23:01:00Z",
            "2023-09-15T18:02:53Z",
            "2023-08-17T18:26:11Z",
            "2023-01-04T19:45:51Z",
            "2022-09-16T14:55:19Z",
            "2022-08-16T15:13:35Z",
            "2022-07-19T23:13:46Z",
            "2022-07-05T15:27:43Z",
            "2022-06-30T12:48:15Z",
        ]
    );
    assert!(parsed.field("feed").iter().all(|feed| feed == "International Operations"));
    assert_eq!(
        parsed.field("kind"),
        [
            "local-media-release",
            "national-media-release",
            "local-media-release",
            "local-media-release",
            "page",
            "national-media-release",
            "local-media-release",
            "national-media-release",
            "page",
            "national-media-release",
        ]
    );
}

#[test]
fn bundled_snapshot_fields_come_from_the_drupal_page() {
    let parsed = parse(&[bundled_feed()]);
    let san_diego = parsed.release("427633 at https://www.cbp.gov");
    assert_eq!(san_diego["location"], "San Diego, CA");
    assert_eq!(san_diego["contact"], "(202) 344-1780");
    assert_eq!(san_diego["release_date"], "2023-09-27");
    assert_eq!(san_diego["creator"], "michael.j.scappechio");
    assert_eq!(san_diego["captions"].as_array().map(Vec::len), Some(1));
    assert!(san_diego["body"].as_str().unwrap().starts_with("SAN DIEGO — Acknowledging"));

    let cabo_verde = parsed.release("427630 at https://www.cbp.gov");
    assert_eq!(
        cabo_verde["summary"],
        "Agreement enhances trade facilitation and security cooperation."
    );
    let body = cabo_verde["body"].as_str().unwrap();
    assert!(body.starts_with("WASHINGTON – U.S. Customs and Border Protection signed a Customs Mutual Assistance Agreement (CMAA) with Cabo Verde"), "{body}");
    // The figure's caption is a caption, not body text.
    assert!(!body.contains("Mark Koumans"), "{body}");
    assert!(cabo_verde["captions"][0].as_str().unwrap().contains("Mark Koumans"));

    // 378218's page header holds the summary line, then the dateline paragraph that opens
    // the release: the summary is the line, the dateline paragraph starts the body.
    let supply_chain = parsed.release("378218 at https://www.cbp.gov");
    assert_eq!(
        supply_chain["summary"],
        "Diverse agreements reached with Guatemala, Colombia and Uruguay"
    );
    let body = supply_chain["body"].as_str().unwrap();
    assert!(body.starts_with("ANAHEIM, California— Today, U.S. Customs and Border Protection (CBP) signed a Mutual Recognition Arrangement (MRA)"), "{body}");
    assert!(body.contains("Direccion Nacional de Aduanas de Uruguay."), "{body}");
    assert_eq!(supply_chain["captions"].as_array().map(Vec::len), Some(3));

    // 377817's header is only the dateline paragraph: no summary, and the body starts with it.
    let magnus = parsed.release("377817 at https://www.cbp.gov");
    assert_eq!(magnus["summary"], Value::Null);
    assert!(magnus["body"].as_str().unwrap().starts_with(
        "WASHINGTON — U.S. Customs and Border Protection (CBP) Commissioner Chris Magnus reaffirmed"
    ));

    // 93292 is a program page with a list of links: each link text is its own line of text.
    let initiatives = parsed.release("93292 at https://www.cbp.gov");
    let body = initiatives["body"].as_str().unwrap();
    assert!(
        body.contains(
            "\n\nInitiatives\n\nCBP Attaches\n\nCustoms Mutual Assistance Agreements\n\n"
        ),
        "{body}"
    );
    assert_eq!(initiatives["release_date"], Value::Null);
    assert_eq!(initiatives["kind"], "page");
}

#[test]
fn bundled_snapshot_bodies_are_clean_text_without_the_footer() {
    let parsed = parse(&[bundled_feed()]);
    for release in &parsed.releases {
        let guid = &release["guid"];
        for key in ["body", "summary"] {
            let text = release[key].as_str().unwrap_or("");
            assert!(!text.contains("unified border agency"), "{guid} {key} has the footer");
            for markup in ["<p", "</", "&lt;", "&amp;", "&quot;", "&nbsp;", "  ", "\n\n\n"] {
                assert!(!text.contains(markup), "{guid} {key} has {markup:?}: {text}");
            }
        }
        let body = release["body"].as_str().unwrap();
        assert!(body.len() > 1000, "{guid} body is short: {body}");
        assert!(body.split("\n\n").all(|paragraph| paragraph == paragraph.trim()), "{guid}");
    }
}

#[test]
fn bundled_snapshot_json_output() {
    let mut parsed = parse(&[bundled_feed()]);
    // Countries and agreements are enrichment's, snapshot-tested there; this snapshot is the
    // parse output, so it does not move when enrichment improves.
    for release in &mut parsed.releases {
        let object = release.as_object_mut().expect("object");
        for key in ["countries", "agreements"] {
            assert!(object.remove(key).is_some_and(|value| value.is_array()), "{key}");
        }
    }
    insta::assert_json_snapshot!("parse_bundled_snapshot", parsed.releases);
}

#[test]
fn json_objects_have_exactly_the_promised_keys() {
    let parsed = parse(&[bundled_feed()]);
    let expected = [
        "agreements",
        "body",
        "captions",
        "contact",
        "countries",
        "creator",
        "event_date",
        "feed",
        "guid",
        "kind",
        "link",
        "location",
        "mentions",
        "provenance",
        "published",
        "regions",
        "release_date",
        "summary",
        "title",
    ];
    for release in &parsed.releases {
        let mut keys: Vec<&str> = release.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, expected);
        // Every agreement has its code, parties and evidence sentence; nothing is indexed yet.
        let agreements = release["agreements"].as_array().unwrap();
        assert!(agreements.iter().all(|entry| entry["code"].is_string()
            && entry["parties"].is_array()
            && entry["evidence"].as_str().is_some_and(|s| !s.is_empty())));
        assert_eq!(release["provenance"], Value::Null);
    }
}

#[test]
fn text_output_is_a_summary_per_release() {
    let output = Sandbox::new().run(["parse".as_ref(), bundled_feed().as_os_str()]);
    assert!(output.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.matches("\n  guid: ").count(), 10, "{text}");
    assert!(text.contains("CBP, Cabo Verde sign Customs Mutual Assistance Agreement\n  2023-09-26 23:01 UTC · national-media-release · International Operations\n"), "{text}");
    assert!(text.contains("  location: San Diego, CA\n"), "{text}");
    // Each agreement is shown with the sentence it was found in.
    let cabo_verde = text.split("\n\n").find(|block| block.contains("427630")).unwrap();
    assert!(cabo_verde.contains("\n  countries: Cabo Verde\n"), "{cabo_verde}");
    assert!(cabo_verde.contains("\n  agreement CMAA: \""), "{cabo_verde}");
    assert!(
        text.contains(
            "  summary: Agreement enhances trade facilitation and security cooperation.\n"
        )
    );
}

#[test]
fn a_folder_is_searched_and_several_snapshots_are_read_in_turn() {
    let parsed = parse(&[crate::util::root().join("index-data/feeds")]);
    assert_eq!(parsed.releases.len(), 10);
    let parsed = parse(&[bundled_feed(), fixture("feeds/gzip.xml.gz")]);
    assert_eq!(parsed.code, 0);
    assert_eq!(parsed.releases.len(), 12);
}

#[test]
fn truncated_file_keeps_every_item_before_the_cut() {
    let parsed = parse_fixture("truncated.xml");
    assert_eq!(parsed.titles(), ["Release 1", "Release 2"]);
    parsed.assert_problem("error", "truncated.xml: item 3: truncated: the file ends inside <item>");
    assert_eq!(parsed.code, 1);
}

#[test]
fn undefined_entities_are_read_as_html_or_kept_never_expanded() {
    let parsed = parse_fixture("bad-entity.xml");
    assert_eq!(parsed.titles(), ["Café talks", "Tom &bogus; Jerry", "AT&T & partners"]);
    parsed.assert_problems(&["warning: ", "warning: "]);
    assert!(parsed.problems[0].contains("item 1 (guid \"1 at https://www.cbp.gov\"): undefined entity &eacute;, read as the HTML entity"));
    assert!(parsed.problems[1].contains(
        "item 2 (guid \"2 at https://www.cbp.gov\"): undefined entity &bogus;, kept as written"
    ));
    assert_eq!(parsed.code, 1);
}

#[test]
fn undeclared_namespace_prefixes_still_read() {
    let parsed = parse_fixture("undeclared-prefix.xml");
    assert_eq!(parsed.code, 0, "{:?}", parsed.problems);
    assert_eq!(parsed.titles(), ["Release 1", "Release 2"]);
    assert_eq!(parsed.field("creator"), ["press", "press"]);
    assert_eq!(parsed.field("body"), ["Encoded body 1.", "Body of release 2."]);
}

/// See: issue 13 (item 9).
#[test]
fn missing_guid_falls_back_to_the_link_and_an_item_with_neither_gets_a_derived_id() {
    let parsed = parse_fixture("missing-guid.xml");
    let guids = parsed.guids();
    assert_eq!(
        guids[..2],
        [
            "https://www.cbp.gov/newsroom/national-media-release/release-1",
            "2 at https://www.cbp.gov"
        ]
    );
    assert_eq!(guids.len(), 3);
    assert!(guids[2].starts_with("urn:pressdex:") && guids[2].len() == 45, "{}", guids[2]);
    // The same item read again, from another file of the same feed: the same id.
    let copy = tempfile::tempdir().expect("temp dir");
    let copied = copy.path().join("missing-guid-copy.xml");
    std::fs::copy(fixture("feeds/missing-guid.xml"), &copied).expect("copy");
    assert_eq!(parse(&[copied]).guids(), guids);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.code, 0);
}

#[test]
fn asctime_and_reduced_w3dtf_dates_parse_as_feedparser_reads_them() {
    let parsed = parse_fixture("feedparser-dates.xml");
    assert_eq!(
        parsed.field("published"),
        [
            "2022-07-05T15:27:43Z",
            "2022-07-05T23:27:43Z",
            "2022-07-01T00:00:00Z",
            "2022-01-01T00:00:00Z"
        ]
    );
    assert_eq!((parsed.code, parsed.problems.len()), (0, 0), "{:?}", parsed.problems);
}

#[test]
fn prefixed_rss_dublin_core_by_namespace_and_atom_links() {
    let parsed = parse_fixture("namespaced.xml");
    assert_eq!(parsed.titles(), ["Release 1", "Release 2"]);
    assert_eq!(parsed.field("published"), ["2022-07-05T15:27:43Z", "2022-07-05T15:27:43Z"]);
    assert_eq!((parsed.code, parsed.problems.len()), (0, 0), "{:?}", parsed.problems);
    let parsed = parse_fixture("atom-links.xml");
    assert_eq!(
        parsed.field("link"),
        ["https://www.cbp.gov/newsroom/national-media-release/release-1", ""]
    );
}

#[test]
fn date_deviations_parse_and_a_bad_date_keeps_the_item_without_one() {
    let parsed = parse_fixture("bad-dates.xml");
    assert_eq!(
        parsed.field("published"),
        [
            "2022-07-05T19:27:00Z",
            "2022-07-05T15:27:43Z",
            "2022-07-05T22:27:43Z",
            "2022-07-05T23:27:43Z",
            "2022-07-05T15:27:43Z",
            "null",
        ]
    );
    parsed.assert_problem("warning", "bad-dates.xml: item 6 (guid \"6 at https://www.cbp.gov\"): unparseable date \"the fifth of July\"");
    assert_eq!(parsed.code, 1);
}

#[test]
fn atom_entries() {
    let parsed = parse_fixture("atom.xml");
    assert_eq!(parsed.code, 0, "{:?}", parsed.problems);
    assert_eq!(parsed.guids(), ["urn:uuid:one", "urn:uuid:two"]);
    assert_eq!(parsed.titles(), ["Atom entry one", "Atom entry two"]);
    // The alternate link wins over an enclosure listed first.
    assert_eq!(
        parsed.field("link"),
        ["https://example.gov/news/one", "https://example.gov/news/two"]
    );
    // `published` when there is one, else `updated`.
    assert_eq!(parsed.field("published"), ["2023-09-27T17:01:17Z", "2023-09-26T06:00:00Z"]);
    assert_eq!(parsed.field("creator"), ["Press Office", "null"]);
    assert_eq!(parsed.field("feed"), ["Atom Fixture", "Atom Fixture"]);
    // `content` wins over `summary`; XHTML content keeps its escaped text escaped.
    assert_eq!(parsed.field("body"), ["Full HTML body.", "XHTML & body."]);
}

#[test]
fn rdf_items() {
    let parsed = parse_fixture("rdf.xml");
    assert_eq!(parsed.code, 0, "{:?}", parsed.problems);
    assert_eq!(
        parsed.guids(),
        ["https://example.gov/news/rdf-one", "https://example.gov/news/rdf-two"]
    );
    assert_eq!(parsed.titles(), ["RDF item one", "RDF item two"]);
    assert_eq!(parsed.field("published"), ["2022-07-05T15:27:43Z", "2022-07-06T13:00:00Z"]);
    assert_eq!(parsed.field("feed"), ["RDF Fixture", "RDF Fixture"]);
    assert_eq!(parsed.field("creator"), ["RDF Desk", "null"]);
}

#[test]
fn cdata_sections_are_text() {
    let parsed = parse_fixture("cdata.xml");
    assert_eq!(parsed.code, 0, "{:?}", parsed.problems);
    assert_eq!(parsed.titles(), ["Tom & Jerry <sign> a deal", "Release 2"]);
    assert_eq!(parsed.field("body")[0], "Body in CDATA & entities.");
}

#[test]
fn windows_1252_declared_as_iso_8859_1() {
    let parsed = parse_fixture("windows-1252.xml");
    assert_eq!(parsed.code, 0, "{:?}", parsed.problems);
    assert_eq!(parsed.titles(), ["Café “Quoted” – naïve", "Release 2"]);
}

#[test]
fn undeclared_legacy_bytes_are_read_as_windows_1252_with_a_warning() {
    let parsed = parse_fixture("undeclared-latin1.xml");
    assert_eq!(parsed.titles(), ["Release 1", "Café crisis"]);
    parsed.assert_problem("warning", "undeclared-latin1.xml: encoding: the bytes are not UTF-8");
}

#[test]
fn gzip_is_detected_by_content() {
    let parsed = parse_fixture("gzip.xml.gz");
    assert_eq!(parsed.code, 0, "{:?}", parsed.problems);
    assert_eq!(parsed.titles(), ["Release 1", "Release 2"]);
    // The same bytes under a name without .gz are still gunzipped.
    let sandbox = Sandbox::new();
    let renamed = sandbox.path().join("feed.xml");
    std::fs::copy(fixture("feeds/gzip.xml.gz"), &renamed).unwrap();
    assert_eq!(parse(&[renamed]).titles(), ["Release 1", "Release 2"]);
}

#[test]
fn corrupt_gzip_is_one_error() {
    let parsed = parse_fixture("corrupt.xml.gz");
    assert!(parsed.releases.is_empty());
    parsed.assert_problem("error", "corrupt.xml.gz: gzip: ");
    assert_eq!(parsed.code, 2);
}

/// A gzip snapshot damaged part way says where it stopped and how much was not read.
#[test]
fn gzip_damaged_mid_stream_says_where_it_stopped() {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&std::fs::read(bundled_feed()).unwrap()).unwrap();
    let mut bytes = encoder.finish().unwrap();
    let at = bytes.len() / 3;
    bytes[at..at + 200].fill(0xFF);
    let sandbox = Sandbox::new();
    let damaged = sandbox.path().join("damaged.xml.gz");
    std::fs::write(&damaged, &bytes).unwrap();
    let parsed = parse(&[damaged]);
    // What the decoder reports (a bad block, a checksum) is flate2's; where it stopped is ours.
    parsed.assert_problem("error", "damaged.xml.gz: ");
    let message = &parsed.problems[0];
    assert!(message.contains(": gzip: ") && message.contains(", at compressed byte "), "{message}");
    assert!(message.contains("bytes of the file were not read"), "{message}");
    assert!(parsed.releases.len() < 10, "the releases after the damage are not read");
    assert_eq!(parsed.code, if parsed.releases.is_empty() { 2 } else { 1 });
}

#[test]
fn empty_channel_is_a_feed_with_no_items() {
    let parsed = parse_fixture("empty-channel.xml");
    assert!(parsed.releases.is_empty());
    parsed.assert_problems(&[]);
    assert_eq!(parsed.code, 0);
}

#[test]
fn huge_guid_is_refused_and_the_other_items_kept() {
    let parsed = parse_fixture("huge-guid.xml");
    assert_eq!(parsed.titles(), ["Release 1", "Release 3"]);
    parsed.assert_problem("error", "huge-guid.xml: item 2 (guid \"https://www.cbp.gov/newsroom/national-media-release/release-2\"): guid is 100000 bytes, over the 8192-byte limit");
    assert_eq!(parsed.code, 1);
}

#[test]
fn huge_title_is_refused_and_memory_stays_bounded() {
    let sandbox = Sandbox::new();
    let path = sandbox.path().join("huge-title.xml");
    let feed = std::fs::read_to_string(fixture("feeds/missing-title.xml")).expect("fixture");
    let huge = format!("<title>{}</title>", "x".repeat(10 << 20));
    let feed = feed.replacen("<title>Release 1</title>", &huge, 1);
    std::fs::write(&path, feed).unwrap();
    let parsed = parse(&[path]);
    assert_eq!(parsed.guids(), ["2 at https://www.cbp.gov", "3 at https://www.cbp.gov"]);
    assert!(parsed.problems.iter().any(|line| line.contains("item 1 (guid \"1 at https://www.cbp.gov\"): title is 10485760 bytes, over the 8192-byte limit")), "{:?}", parsed.problems);
}

#[test]
fn content_encoded_is_preferred_over_description() {
    let parsed = parse_fixture("content-encoded.xml");
    assert_eq!(parsed.code, 0, "{:?}", parsed.problems);
    assert_eq!(parsed.field("body"), ["The full encoded body.", "Body of release 2."]);
}

#[test]
fn missing_title_keeps_the_item_with_a_warning() {
    let parsed = parse_fixture("missing-title.xml");
    assert_eq!(parsed.titles(), ["Release 1", "", "Release 3"]);
    parsed.assert_problem(
        "warning",
        "missing-title.xml: item 2 (guid \"2 at https://www.cbp.gov\"): item has no title",
    );
    assert_eq!(parsed.code, 1);
}

/// See: issue 13 (item 7): an XML error inside one item costs that item only.
#[test]
fn malformed_xml_in_an_item_costs_that_item() {
    let parsed = parse_fixture("malformed.xml");
    assert_eq!(parsed.titles(), ["Release 1", "Release 3"]);
    parsed.assert_problem("error", "malformed.xml: item 2: malformed XML at byte ");
    assert!(
        parsed.problems[0].contains("</titel> closes no open element"),
        "{:?}",
        parsed.problems
    );
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    assert_eq!(parsed.code, 1);
}

#[test]
fn one_bad_file_among_good_ones_exits_1_and_a_missing_path_exits_2() {
    let parsed = parse(&[bundled_feed(), fixture("hostile/empty.xml")]);
    assert_eq!(parsed.releases.len(), 10);
    assert_eq!(parsed.code, 1);
    let parsed = parse(&[Path::new("no/such/feed.xml").to_path_buf()]);
    assert_eq!(parsed.code, 2);
    parsed.assert_problems(&["no/such/feed.xml: no such file or folder"]);
}
