//! `pressdex show` finds what you mean (issue 14): the guid, the number of the guid, the link
//! with or without its trailing slash over http or https, or a unique start of the title; when
//! several releases match it lists them and exits 1.

use pressdex::wire;

use crate::util::{Sandbox, bundled_feed};

/// The Cabo Verde CMAA release of the bundled snapshot.
const CABO_VERDE: &str = "427630 at https://www.cbp.gov";
const LINK: &str = "https://www.cbp.gov/newsroom/national-media-release/cbp-cabo-verde-sign-customs-mutual-assistance-agreement";

fn bundled() -> Sandbox {
    let sandbox = Sandbox::new();
    let run = sandbox.run_idx([std::ffi::OsStr::new("index"), bundled_feed().as_os_str()]);
    assert!(run.success(), "{}", run.stderr());
    sandbox
}

/// The guid `show ID --json` finds, or the exit code and stderr when it finds none.
fn shown(sandbox: &Sandbox, id: &[&str]) -> Result<String, (Option<i32>, String)> {
    let run = sandbox.run_idx([&["show", "--json"][..], id].concat());
    if run.code != Some(0) {
        return Err((run.code, run.stderr()));
    }
    let release: wire::Release = serde_json::from_slice(&run.stdout).expect("one JSON object");
    Ok(release.guid)
}

#[test]
fn show_by_each_accepted_form() {
    let sandbox = bundled();
    let http = LINK.replace("https://", "http://");
    for id in [
        vec![CABO_VERDE],
        vec!["427630"],
        vec![" 427630 "],
        vec![LINK],
        vec![&format!("{LINK}/")],
        vec![&http],
        vec![&format!("{http}/")],
        vec!["CBP, Cabo Verde sign Customs Mutual Assistance Agreement"],
        vec!["cbp, cabo verde sign"],
        vec!["CBP,", "Cabo", "Verde"],
        vec!["CBP, Cabo Ver"],
    ] {
        assert_eq!(shown(&sandbox, &id), Ok(CABO_VERDE.to_string()), "{id:?}");
    }
}

#[test]
fn several_matches_are_listed_and_exit_1() {
    let sandbox = bundled();
    let run = sandbox.run_idx(["show", "CBP"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty(), "{}", run.stdout());
    let stderr = run.stderr();
    assert!(stderr.starts_with("pressdex: "), "{stderr}");
    assert!(stderr.contains(" releases match \"CBP\"; show one by its guid:"), "{stderr}");
    let listed: Vec<&str> = stderr.lines().skip(1).collect();
    assert!(listed.len() >= 2, "{stderr}");
    for line in &listed {
        let guid = line.split("  ").nth(2).expect("date  guid  title");
        assert_eq!(
            shown(&sandbox, &[guid]),
            Ok(guid.to_string()),
            "each listed guid shows one release"
        );
    }
    assert_eq!(shown(&sandbox, &["no such release"]).map_err(|(code, _)| code), Err(Some(1)));
    assert_eq!(shown(&sandbox, &["999999"]).map_err(|(code, _)| code), Err(Some(1)));
}

#[test]
fn text_prints_the_guid_the_labelled_evidence_and_a_citation() {
    let sandbox = bundled();
    let run = sandbox.run_idx(["show", "427630", "--color", "never"]);
    assert_eq!(run.code, Some(0));
    let text = run.stdout();
    assert!(text.lines().any(|line| line == format!("guid: {CABO_VERDE}")), "{text}");
    assert!(
        text.contains(
            "Agreement: CMAA (Cabo Verde, 2023-09-26) — \"CBP, Cabo Verde sign Customs Mutual \
             Assistance\n  Agreement\""
        ),
        "{text}"
    );
    let cite = text.lines().find(|line| line.starts_with("Cite: ")).expect("a citation");
    assert!(
        cite.contains("\"CBP, Cabo Verde sign Customs Mutual Assistance Agreement.\""),
        "{cite}"
    );
    assert!(cite.contains("International Operations (www.cbp.gov), 2023-09-26."), "{cite}");
    assert!(cite.contains(LINK) && cite.contains("Retrieved from snapshot "), "{cite}");

    let markdown = sandbox.run_idx(["show", CABO_VERDE, "--format", "markdown"]).stdout();
    assert!(markdown.starts_with("# CBP, Cabo Verde sign Customs Mutual Assistance Agreement\n"));
    assert!(markdown.contains(&format!("- **Link:** <{LINK}>")), "{markdown}");
    let citation = markdown.split("\n## Citation\n\n").nth(1).expect("a citation block");
    assert!(citation.contains(&format!("<{LINK}>")), "{citation}");
}
