//! `pressdex update` against a real HTTP server (`server.rs`): it indexes only the snapshots
//! the index has not recorded, and says which releases it added or updated.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use crate::fetch::{bundled, command, feeds_file, fetch, snapshots};
use crate::server::Server;
use crate::util::{Sandbox, run};

/// The bundled feed with the Cabo Verde release edited and one release added.
fn edited_feed() -> Vec<u8> {
    let feed = String::from_utf8(bundled()).expect("the bundled feed is UTF-8");
    let edited = feed.replacen(
        "signed a Customs Mutual Assistance Agreement (CMAA) with Cabo Verde today",
        "signed a Customs Mutual Assistance Agreement (CMAA) with Cabo Verde this week",
        1,
    );
    assert_ne!(edited, feed, "the edit applies");
    let start = edited.find("<item>").expect("an item");
    let end = edited[start..].find("</item>").expect("an item's end") + start + "</item>".len();
    let added = edited[start..end]
        .replace(" at https://www.cbp.gov</guid>", "-new at https://www.cbp.gov</guid>");
    assert_ne!(added, edited[start..end]);
    format!("{}{added}\n{}", &edited[..start], &edited[start..]).into_bytes()
}

#[test]
fn update_twice_indexes_only_the_new_snapshot() {
    let version = std::sync::Arc::new(AtomicUsize::new(1));
    let server = {
        let version = std::sync::Arc::clone(&version);
        let (first, second) = (bundled(), edited_feed());
        Server::start(move |_, reply| {
            let body = if version.load(Ordering::SeqCst) == 1 { &first } else { &second };
            reply.send(200, &[], body);
        })
    };
    let sandbox = Sandbox::new();
    let feeds = feeds_file(&sandbox, &server.url("/feed"));
    let update = || {
        let mut cmd = command(&sandbox, &["update", "--json", "--feeds", &feeds]);
        cmd.args(["--index", "idx"]);
        let run = run(cmd);
        assert!(run.success(), "{}", run.stderr());
        run.json_lines()
    };
    // The run's changes as (guid, change), sorted.
    let changes = |summary: &Value| -> Vec<(String, String)> {
        let mut changes: Vec<(String, String)> = summary["changes"]
            .as_array()
            .expect("a list of changes")
            .iter()
            .map(|change| {
                let text = |key: &str| change[key].as_str().expect("a string").to_string();
                (text("guid"), text("change"))
            })
            .collect();
        changes.sort();
        changes
    };
    let first = update();
    assert_eq!(first.len(), 2, "the feed, then the index summary");
    assert_eq!(first[0]["outcome"], "new");
    assert_eq!((first[1]["files"].as_u64(), first[1]["added"].as_u64()), (Some(1), Some(10)));
    let added = changes(&first[1]);
    assert_eq!(added.len(), 10, "every release is new: {added:?}");
    assert!(added.iter().all(|(_, change)| change == "added"), "{added:?}");

    version.store(2, Ordering::SeqCst);
    let second = update();
    assert_eq!(second[0]["outcome"], "new");
    let summary = &second[1];
    assert_eq!(summary["files"], 1, "only the new snapshot is read: {summary}");
    assert_eq!(
        (summary["added"].as_u64(), summary["updated"].as_u64(), summary["unchanged"].as_u64()),
        (Some(1), Some(1), Some(9)),
        "{summary}"
    );
    // Exactly the release added to the feed and the one edited in it.
    let feed = String::from_utf8(bundled()).expect("UTF-8");
    let item = &feed[feed.find("<item>").expect("an item")..];
    let guid_start = item.find("<guid").expect("a guid");
    let guid = &item[guid_start..];
    let guid = &guid[guid.find('>').expect("a tag") + 1..guid.find("</guid>").expect("an end")];
    let new_guid = guid.replace(" at https://www.cbp.gov", "-new at https://www.cbp.gov");
    assert_eq!(
        changes(summary),
        [
            ("427630 at https://www.cbp.gov".to_string(), "updated".to_string()),
            (new_guid, "added".to_string())
        ],
        "{summary}"
    );
    let shown = sandbox.run_idx(["show", "--json", "427630 at https://www.cbp.gov"]);
    let release = shown.json();
    assert!(release["body"].as_str().unwrap().contains("Cabo Verde this week"), "the edit won");
    assert_eq!(release["provenance"]["revisions"], 2);
    assert_eq!(snapshots(&sandbox).len(), 2);

    // Nothing new: the summary says so and nothing is read.
    let third = update();
    assert_eq!(third[0]["outcome"], "unchanged");
    assert_eq!((third[1]["files"].as_u64(), third[1]["items"].as_u64()), (Some(0), Some(0)));
    assert_eq!(third[1]["changes"], serde_json::json!([]));
}

#[test]
fn update_catches_up_on_snapshots_an_earlier_run_could_not_index() {
    let body = bundled();
    let server = Server::start(move |_, reply| reply.send(200, &[("ETag", "\"same\"")], &body));
    let sandbox = Sandbox::new();
    let feeds = feeds_file(&sandbox, &server.url("/feed"));
    // A fetch alone archives the snapshot, as an update whose indexing failed would.
    assert!(fetch(&sandbox, &["--feeds", &feeds]).success());
    let mut cmd = command(&sandbox, &["update", "--feeds", &feeds]);
    cmd.args(["--index", "idx"]);
    let run = run(cmd);
    assert!(run.success(), "{}", run.stderr());
    let stdout = run.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "cbp: unchanged",
            "indexed 1 file: 10 items, 10 added, 0 updated, 0 unchanged, 0 problems"
        ]
    );
    // Then the releases it added, newest first, each with its date.
    assert_eq!(lines.len(), 12, "{stdout}");
    assert!(lines[2].starts_with("  2023-09-27  added    "), "{stdout}");
    assert!(
        lines
            .iter()
            .any(|line| line.ends_with("CBP, Cabo Verde sign Customs Mutual Assistance Agreement")),
        "{stdout}"
    );
}
