//! The HTTP API of `pressdex serve` over a real socket on 127.0.0.1: every endpoint answers what
//! the matching command prints (the server holds no search logic), mistakes and limits are JSON
//! errors, the reader follows commits made while it runs, many clients at once get no error, and
//! a signal stops it cleanly.

use std::collections::BTreeSet;

use pressdex::wire;
use serde_json::Value;

use super::server::{PATIENCE, Server, bundled_sandbox, encode, request};
use crate::util::{Sandbox, fixture};

const CABO_VERDE: &str = "427630 at https://www.cbp.gov";

/// `pressdex ARGS --json --index idx`, one value per line.
fn cli(sandbox: &Sandbox, args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.push("--json");
    sandbox.run_idx(&all).json_lines()
}

#[test]
fn search_answers_what_the_command_prints() {
    let sandbox = bundled_sandbox();
    let server = Server::start(&sandbox, &[]);
    for (query, args) in [
        ("q=mutual+assistance+agreement", &["search", "mutual assistance agreement"][..]),
        ("agreement=CMAA", &["search", "--agreement", "CMAA"]),
        (
            "q=customs&sort=date&limit=3&offset=2",
            &["search", "customs", "--sort", "date", "--limit", "3", "--offset", "2"],
        ),
        ("q=border+security&all=1", &["search", "border security", "--all"]),
        (
            "q=customs&country=mx&country=cv&since=2022-07",
            &["search", "customs", "--country", "mx", "--country", "cv", "--since", "2022-07"],
        ),
    ] {
        let answer = server.get(&format!("/api/search?{query}"));
        assert_eq!(
            (answer.status, answer.content_type.as_str()),
            (200, "application/json"),
            "{query}"
        );
        // Compared as the JSON written (a score read back into an f32 and written again as a
        // Value would gain digits).
        let hits = answer.json::<Value>()["hits"].clone();
        assert_eq!(
            hits,
            Value::from(cli(&sandbox, args)),
            "{query}: the API's hits are the command's"
        );
        let page: wire::SearchPage = answer.json();
        assert_eq!(page.pressdex_json, wire::VERSION);
        assert!(
            page.total as usize >= page.hits.len() && page.matched_all_words <= page.total,
            "{query}"
        );
    }

    let page: wire::SearchPage = server.get("/api/search?q=mutual+assistance+agreement").json();
    assert_eq!(
        (page.total, page.matched_all_words, page.offset, page.limit),
        (9, 3, 0, 10),
        "README's example"
    );
    assert_eq!(page.query, "mutual assistance agreement");
    let first = &page.hits[0];
    assert_eq!(first.guid, CABO_VERDE);
    let marked: Vec<String> = first
        .title_highlights
        .iter()
        .map(|highlight| {
            first
                .title
                .chars()
                .skip(highlight.chars.0)
                .take(highlight.chars.1 - highlight.chars.0)
                .collect()
        })
        .collect();
    assert_eq!(marked, ["Mutual", "Assistance", "Agreement"]);

    let corrected: wire::SearchPage = server.get("/api/search?q=custms+agreement").json();
    assert!(corrected.total > 0);
    assert_eq!(
        corrected.corrected.as_deref(),
        Some("customs agreement"),
        "the word searched instead, as the command line says it"
    );
    assert_eq!(page.corrected, None);
    let count_only: wire::SearchPage = server.get("/api/search?q=customs&limit=0").json();
    assert!(count_only.hits.is_empty() && count_only.total > 0);
}

#[test]
fn facets_releases_stats_and_health_answer_what_the_commands_print() {
    let sandbox = bundled_sandbox();
    let server = Server::start(&sandbox, &[]);

    let page: wire::FacetsPage =
        server.get("/api/facets?agreement=CMAA&field=country&field=date&by=year").json();
    let expected: Vec<Value> =
        cli(&sandbox, &["facets", "--agreement", "CMAA", "--field", "country"])
            .into_iter()
            .chain(cli(
                &sandbox,
                &["facets", "--agreement", "CMAA", "--field", "date", "--by", "year"],
            ))
            .map(|mut facet| {
                facet.as_object_mut().expect("an object").remove("pressdex_json");
                facet
            })
            .collect();
    assert_eq!(serde_json::to_value(&page.facets).expect("facets"), Value::from(expected));
    assert_eq!(page.facets[0].counts[0].label, "Cabo Verde");
    let every: wire::FacetsPage = server.get("/api/facets").json();
    let fields: Vec<&str> = every.facets.iter().map(|facet| facet.field.as_str()).collect();
    assert_eq!(fields, ["country", "agreement", "date", "feed", "kind"]);
    assert!(every.facets[2].counts.iter().all(|count| count.value.len() == 7), "months by default");

    let by_guid = server.get(&format!("/api/releases/{}", encode(CABO_VERDE)));
    assert_eq!(by_guid.status, 200);
    let shown = cli(&sandbox, &["show", CABO_VERDE]);
    assert_eq!(by_guid.json::<Value>(), shown[0], "the release is `show --json`");
    let release: wire::Release = by_guid.json();
    assert!(release.provenance.is_some() && release.agreements[0].evidence.contains("Cabo Verde"));
    // By link, slashes as they are.
    let by_link: wire::Release = server.get(&format!("/api/releases/{}", release.link)).json();
    assert_eq!(by_link.guid, CABO_VERDE);

    let stats = server.get("/api/stats");
    let mut expected = cli(&sandbox, &["stats"]).remove(0);
    let mut answered: Value = stats.json();
    // The index's size on disk may move between the two reads (Tantivy's lock files).
    for value in [&mut expected, &mut answered] {
        value["size_bytes"] = Value::from(0);
    }
    assert_eq!(answered, expected);

    let health: wire::Health = server.get("/healthz").json();
    assert_eq!(health, wire::Health { status: "ok".into(), releases: 10 });
}

/// The error of an answer, which must have `status`.
fn error(server: &Server, path: &str, status: u16) -> wire::ErrorDetail {
    let answer = server.get(path);
    assert_eq!(answer.status, status, "{path}: {}", answer.text());
    assert_eq!(answer.content_type, "application/json", "{path}");
    let text = answer.text();
    assert!(!text.contains("panicked") && !text.contains("src/"), "{path}: no trace: {text}");
    answer.json::<wire::ApiError>().error
}

#[test]
fn mistakes_limits_and_missing_things_are_json_errors() {
    let sandbox = bundled_sandbox();
    let server = Server::start(&sandbox, &[]);

    let bad = error(&server, "/api/search?q=trade+%22open", 400);
    assert_eq!((bad.code.as_str(), bad.position), ("bad_query", Some(6)), "the CLI's caret column");
    assert!(bad.message.contains("unbalanced quote"), "{}", bad.message);
    let accented = error(&server, &format!("/api/search?q={}", encode("sécurité \"open")), 400);
    assert_eq!(accented.position, Some(9), "characters, not bytes");
    for (path, code, start) in [
        ("/api/search?country=atlantis", "bad_parameter", "country: unknown country"),
        ("/api/search?since=2024&until=2023", "bad_parameter", "since/until: "),
        ("/api/search?limit=1001", "bad_parameter", "limit: 1001 is over the largest page, 1000"),
        ("/api/search?offset=many", "bad_parameter", "offset: "),
        ("/api/search?sort=best", "bad_parameter", "sort: "),
        ("/api/search?qq=cmaa", "unknown_parameter", "unknown parameter `qq`"),
        ("/api/facets?field=colour", "bad_parameter", "field: unknown facet `colour`"),
        ("/api/facets?by=week", "bad_parameter", "by: "),
        ("/api/search.csv?q=%22open", "bad_query", "unbalanced quote"),
    ] {
        let detail = error(&server, path, 400);
        assert_eq!(detail.code, code, "{path}");
        assert!(detail.message.starts_with(start), "{path}: {}", detail.message);
    }
    assert_eq!(server.get("/api/search?limit=1000").status, 200, "the largest page");

    let long = format!("/api/search?q={}", "a".repeat(2049));
    let too_long = error(&server, &long, 413);
    assert_eq!(too_long.code, "too_large");
    assert_eq!(
        server.get(&format!("/api/search?q={}", "a".repeat(2048))).status,
        200,
        "2 KB is fine"
    );

    let missing = error(&server, "/api/releases/no%20such%20guid", 404);
    assert_eq!(missing.code, "not_found");
    assert!(missing.message.contains("no such guid"), "{}", missing.message);
    assert_eq!(error(&server, "/api/nothing", 404).code, "not_found");
    assert_eq!(error(&server, "/no/such/page", 404).code, "not_found");

    // Read-only: no method but GET (and HEAD) is answered.
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let answer = server.request(method, "/api/search?q=cmaa", &[]);
        assert_eq!(answer.status, 405, "{method}");
        let detail = answer.json::<wire::ApiError>().error;
        assert_eq!(detail.code, "method_not_allowed", "{method}");
    }
    let head = server.request("HEAD", "/api/search?q=cmaa", &[]);
    assert_eq!((head.status, head.content_type.as_str()), (200, "application/json"));

    // Exports wait for the export writers of `search --format csv|markdown`: 501 until then.
    for path in ["/api/search.csv?q=cmaa", "/api/search.md?q=cmaa"] {
        assert_eq!(error(&server, path, 501).code, "not_implemented", "{path}");
    }
}

#[test]
fn the_page_and_its_files_are_served_with_a_content_security_policy() {
    let sandbox = bundled_sandbox();
    let server = Server::start(&sandbox, &[]);
    let csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";
    for (path, content_type, holds) in [
        ("/", "text/html; charset=utf-8", "<script type=\"module\" src=\"/app.js\"></script>"),
        ("/?q=cmaa&country=MX", "text/html; charset=utf-8", "<input id=\"q\""),
        ("/app.js", "text/javascript; charset=utf-8", "/api/search?"),
        ("/dom.js", "text/javascript; charset=utf-8", "export function highlighted("),
        ("/timeline.js", "text/javascript; charset=utf-8", "export function renderTimeline("),
        ("/app.css", "text/css; charset=utf-8", "@media (max-width: 760px)"),
        ("/favicon.svg", "image/svg+xml", "<svg"),
        ("/api/search?q=cmaa", "application/json", "\"hits\""),
        ("/api/nothing", "application/json", "not_found"),
    ] {
        let answer = server.get(path);
        assert_eq!(answer.content_type, content_type, "{path}");
        assert!(answer.text().contains(holds), "{path}: {}", answer.text());
        let policy = answer.header("content-security-policy").unwrap_or_default();
        assert!(policy.starts_with(csp), "{path}: {policy:?}");
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"), "{path}");
    }
    // Compressed for a client that asks. Read over a bare socket: the test client (ureq, built
    // with gzip for `pressdex fetch`) would decode the body and drop the header.
    let compressed = raw_get(server.port(), "/app.js", "Accept-Encoding: gzip\r\n");
    let plain = raw_get(server.port(), "/app.js", "");
    let (head, body) = split_response(&compressed);
    assert!(head.to_ascii_lowercase().contains("\r\ncontent-encoding: gzip\r\n"), "{head}");
    assert!(body.windows(2).take(16).any(|pair| pair == [0x1f, 0x8b]), "gzip's magic bytes");
    let (plain_head, plain_body) = split_response(&plain);
    assert!(!plain_head.to_ascii_lowercase().contains("content-encoding"), "{plain_head}");
    assert!(body.len() < plain_body.len());
}

/// `GET path` over a bare HTTP/1.1 connection: the whole response, as sent.
fn raw_get(port: u16, path: &str, headers: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).expect("a timeout");
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("sends");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("reads");
    response
}

/// A raw response's head (as text) and the bytes after it.
fn split_response(response: &[u8]) -> (String, &[u8]) {
    let end = response.windows(4).position(|four| four == b"\r\n\r\n").expect("a head");
    (String::from_utf8_lossy(&response[..end + 2]).into_owned(), &response[end + 4..])
}

#[test]
fn a_commit_made_while_the_server_runs_is_searched_without_a_restart() {
    let sandbox = bundled_sandbox();
    let server = Server::start(&sandbox, &[]);
    let found =
        |word: &str| server.get(&format!("/api/search?q={word}")).json::<wire::SearchPage>().total;
    assert_eq!(found("quokkaquest"), 0, "only the second snapshot has it");
    let before: wire::Health = server.get("/healthz").json();

    let second = fixture("index/second-snapshot.xml");
    let run = sandbox.run_idx(["index".as_ref(), second.as_os_str()]);
    assert!(run.success(), "{}", run.stderr());

    // Tantivy's reader notices the commit within a second or so; wait for it, boundedly.
    let deadline = std::time::Instant::now() + PATIENCE;
    while found("quokkaquest") == 0 {
        assert!(std::time::Instant::now() < deadline, "the server never saw the commit");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(found("quokkaquest"), 1);
    let after: wire::Health = server.get("/healthz").json();
    assert_eq!((before.releases, after.releases), (10, 12), "two new releases");
    let stats: wire::Stats = server.get("/api/stats").json();
    assert_eq!((stats.releases, stats.snapshots.len()), (12, 2));
}

#[test]
fn thirty_two_clients_making_two_hundred_requests_each_get_no_error() {
    const CLIENTS: usize = 32;
    const REQUESTS: usize = 200;
    let sandbox = bundled_sandbox();
    let server = Server::start(&sandbox, &[]);
    let paths = [
        "/api/search?q=mutual+assistance+agreement",
        "/api/search?q=customs&sort=date&limit=5",
        "/api/search?agreement=CMAA",
        "/api/facets?q=border",
        &format!("/api/releases/{}", encode(CABO_VERDE)),
        "/healthz",
    ];
    let expected: Vec<Vec<u8>> = paths
        .iter()
        .map(|path| {
            let answer = server.get(path);
            assert_eq!(answer.status, 200, "{path}");
            redact_took(&answer.body)
        })
        .collect();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let agent = server.agent();
            let base = server.base.clone();
            let paths: Vec<String> = paths.iter().map(|path| path.to_string()).collect();
            let expected = expected.clone();
            std::thread::spawn(move || {
                let mut seen = BTreeSet::new();
                for index in 0..REQUESTS {
                    let which = (client + index) % paths.len();
                    let answer = request(&agent, "GET", &format!("{base}{}", paths[which]), &[]);
                    assert_eq!(
                        answer.status,
                        200,
                        "client {client}, request {index}: {}",
                        answer.text()
                    );
                    assert_eq!(
                        redact_took(&answer.body),
                        expected[which],
                        "client {client}: same answer"
                    );
                    seen.insert(which);
                }
                seen.len()
            })
        })
        .collect();
    for client in clients {
        assert_eq!(client.join().expect("a client thread"), paths.len());
    }
}

/// `body` with the one value that varies between equal searches, `took_ms`, set to 0.
fn redact_took(body: &[u8]) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(body).expect("JSON");
    if let Some(took) = value.get_mut("took_ms") {
        *took = Value::from(0);
    }
    serde_json::to_vec(&value).expect("serializes")
}

#[test]
fn sigterm_and_ctrl_c_stop_the_server_cleanly() {
    let sandbox = bundled_sandbox();
    for signal in ["TERM", "INT"] {
        let server = Server::start(&sandbox, &[]);
        assert_eq!(server.get("/healthz").status, 200);
        let port = server.port();
        let (exit, stderr) = server.stop(signal);
        assert_eq!(exit.code(), Some(0), "SIG{signal}: {stderr}");
        assert!(stderr.contains("pressdex: stopped"), "SIG{signal}: {stderr}");
        // The port is free again.
        std::net::TcpListener::bind(("127.0.0.1", port)).expect("the port is released");
    }
}

#[test]
fn binding_options_warnings_and_failures() {
    let sandbox = bundled_sandbox();
    // All interfaces: a warning that anyone who reaches it can read the index; the printed URL
    // is one this machine opens.
    let everywhere =
        Server::start_in(&sandbox, &["serve", "--index", "idx", "--bind", "0.0.0.0:0"], &[], None);
    assert!(everywhere.base.starts_with("http://127.0.0.1:"), "{}", everywhere.base);
    assert_eq!(everywhere.get("/healthz").status, 200);
    let (exit, stderr) = everywhere.stop("TERM");
    assert_eq!(exit.code(), Some(0));
    assert!(
        stderr.contains("warning: listening on 0.0.0.0:") && stderr.contains("no authentication"),
        "{stderr}"
    );

    // The port in use, an address that is not one, an index that is not there: exit 2.
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let taken = busy.local_addr().expect("an address").to_string();
    for (args, message) in [
        (vec!["serve", "--index", "idx", "--bind", taken.as_str()], "listening on 127.0.0.1:"),
        (
            vec!["serve", "--index", "idx", "--bind", "nowhere"],
            "--bind nowhere: not an address and port",
        ),
        (vec!["serve", "--index", "missing", "--bind", "127.0.0.1:0"], "no index at missing"),
    ] {
        let run = sandbox.run(&args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr());
        assert!(run.stderr().contains(message), "{args:?}: {}", run.stderr());
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn open_hands_the_url_to_the_desktop_opener() {
    let sandbox = bundled_sandbox();
    // A stand-in `xdg-open` that writes down the URL it was given.
    let bin = sandbox.path().join("bin");
    std::fs::create_dir_all(&bin).expect("a bin folder");
    let opened = sandbox.path().join("opened.txt");
    let script = format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display());
    let opener = bin.join("xdg-open");
    std::fs::write(&opener, script).expect("write the opener");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let server = Server::start_in(
        &sandbox,
        &["serve", "--index", "idx", "--bind", "127.0.0.1:0"],
        &["--open"],
        Some(&bin),
    );
    let deadline = std::time::Instant::now() + PATIENCE;
    while std::fs::read_to_string(&opened).unwrap_or_default().is_empty() {
        assert!(std::time::Instant::now() < deadline, "the opener was never run");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&opened).expect("read"), format!("{}/", server.base));
}
