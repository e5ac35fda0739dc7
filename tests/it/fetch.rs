//! `pressdex fetch` and `pressdex update` against a real HTTP server on 127.0.0.1 (`server.rs`),
//! one handler per scenario, serving the bundled snapshot's bytes. Nothing here leaves the
//! loopback address. See: issue 11.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::server::{Reply, Request, Server};
use crate::util::{Run, Sandbox, bundled_feed, run};

const FEED: &str = "cbp";

pub(crate) fn bundled() -> Vec<u8> {
    std::fs::read(bundled_feed()).expect("bundled feed")
}

/// `pressdex ARGS` in the sandbox with the archive `archive`, no polite delay, a 10 ms base
/// backoff and a 5 s timeout unless ARGS give one.
pub(crate) fn command(sandbox: &Sandbox, args: &[&str]) -> Command {
    let mut cmd = sandbox.command();
    cmd.env("PRESSDEX_HTTP_BACKOFF_MS", "10").args(args).args([
        "--archive",
        "archive",
        "--delay",
        "0",
    ]);
    if !args.contains(&"--timeout") {
        cmd.args(["--timeout", "5"]);
    }
    cmd
}

pub(crate) fn fetch(sandbox: &Sandbox, args: &[&str]) -> Run {
    run(command(sandbox, &[&["fetch"][..], args].concat()))
}

/// Writes a feeds file naming one feed, `cbp`, at `url`.
pub(crate) fn feeds_file(sandbox: &Sandbox, url: &str) -> String {
    sandbox.write("feeds.toml", format!("[[feed]]\nname = \"{FEED}\"\nurl = \"{url}\"\n"));
    "feeds.toml".to_string()
}

/// `fetch --json --feeds feeds.toml` of one feed at `url`: its JSON record.
fn fetch_one(sandbox: &Sandbox, url: &str, extra: &[&str]) -> (Run, Value) {
    let feeds = feeds_file(sandbox, url);
    let run = fetch(sandbox, &[&["--json", "--feeds", feeds.as_str()][..], extra].concat());
    let mut lines = run.json_lines();
    assert_eq!(lines.len(), 1, "one line per feed: {}\n{}", run.stdout(), run.stderr());
    let line = lines.remove(0);
    (run, line)
}

fn feed_dir(sandbox: &Sandbox) -> PathBuf {
    sandbox.path().join("archive").join(FEED)
}

/// The snapshot files of the feed (not the manifest, lock or temporary files).
pub(crate) fn snapshots(sandbox: &Sandbox) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(feed_dir(sandbox)) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            let name = path.file_name().expect("a file name").to_string_lossy();
            name.ends_with(".xml") || name.ends_with(".xml.gz")
        })
        .collect();
    found.sort();
    found
}

/// Every file in the feed's folder but the lock file.
fn files(sandbox: &Sandbox) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(feed_dir(sandbox)) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".pressdex-fetch.lock")
        .collect();
    names.sort();
    names
}

fn manifest(sandbox: &Sandbox) -> Vec<Value> {
    let Ok(text) = std::fs::read_to_string(feed_dir(sandbox).join("manifest.jsonl")) else {
        return Vec::new();
    };
    text.lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect()
}

/// A handler that serves the bundled feed with `headers`, and 304 to a request whose
/// `conditional` header equals `value`.
fn conditional(
    conditional: &'static str,
    value: &'static str,
    headers: &'static [(&'static str, &'static str)],
) -> impl Fn(&Request, &mut Reply<'_>) + Send + Sync {
    let body = bundled();
    move |request, reply| {
        if request.header(conditional) == Some(value) {
            reply.send(304, headers, b"");
        } else {
            reply.send(200, headers, &body);
        }
    }
}

#[test]
fn fetch_then_not_modified_by_etag() {
    let server = Server::start(conditional("If-None-Match", "\"v1\"", &[("ETag", "\"v1\"")]));
    let sandbox = Sandbox::new();
    let feeds = feeds_file(&sandbox, &server.url("/feed"));

    let first = fetch(&sandbox, &["--feeds", &feeds]);
    assert!(first.success(), "{}", first.stderr());
    assert_eq!(first.stdout(), "cbp: new snapshot, 10 items\n");
    let stored = snapshots(&sandbox);
    assert_eq!(stored.len(), 1);
    assert_eq!(std::fs::read(&stored[0]).unwrap(), bundled(), "stored byte for byte");
    let name = stored[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(is_snapshot_name(&name), "{name}");

    let second = fetch(&sandbox, &["--feeds", &feeds]);
    assert!(second.success(), "{}", second.stderr());
    assert_eq!(second.stdout(), "cbp: not modified\n");
    assert_eq!(snapshots(&sandbox).len(), 1, "a 304 stores nothing");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|request| request.method == "GET"), "{requests:?}");
    assert_eq!(requests[0].header("If-None-Match"), None);
    assert_eq!(requests[1].header("If-None-Match"), Some("\"v1\""));
    let agent = requests[0].header("User-Agent").expect("a User-Agent");
    assert!(agent.starts_with(concat!("pressdex/", env!("CARGO_PKG_VERSION"))), "{agent}");

    let records = manifest(&sandbox);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["outcome"], "new");
    assert_eq!(records[0]["snapshot"], name.as_str());
    assert_eq!(records[0]["etag"], "\"v1\"");
    assert_eq!(records[0]["items"], 10);
    assert_eq!(records[0]["bytes"], bundled().len());
    assert_eq!(records[0]["url"], server.url("/feed"));
    // The snapshot's name is its fetch time.
    let fetched_at = records[0]["fetched_at"].as_str().unwrap().replace(':', "-");
    assert_eq!(format!("{fetched_at}.xml"), name);
    assert_eq!(records[1]["outcome"], "not-modified");
    assert_eq!(records[1]["http_status"], 304);
    assert_eq!(records[1]["snapshot"], Value::Null);
}

/// `2026-11-30T04-28-11Z.xml`.
fn is_snapshot_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".xml") else { return false };
    chrono::NaiveDateTime::parse_from_str(stem, "%Y-%m-%dT%H-%M-%SZ").is_ok()
}

#[test]
fn fetch_then_not_modified_by_last_modified() {
    const DATE: &str = "Thu, 28 Sep 2023 12:00:00 GMT";
    let server = Server::start(conditional("If-Modified-Since", DATE, &[("Last-Modified", DATE)]));
    let sandbox = Sandbox::new();
    let (_, first) = fetch_one(&sandbox, &server.url("/feed"), &[]);
    assert_eq!((first["outcome"].as_str(), first["items"].as_u64()), (Some("new"), Some(10)));
    let (run, second) = fetch_one(&sandbox, &server.url("/feed"), &[]);
    assert!(run.success());
    assert_eq!(second["outcome"], "not-modified");
    assert_eq!(second["http_status"], 304);
    assert_eq!(server.requests()[1].header("If-Modified-Since"), Some(DATE));
    assert_eq!(manifest(&sandbox)[1]["last_modified"], DATE, "still in force after the 304");
    assert_eq!(snapshots(&sandbox).len(), 1);
}

#[test]
fn gzip_content_encoding_is_decoded_before_storing() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&bundled()).unwrap();
    let gzipped = encoder.finish().unwrap();
    let server = Server::start(move |request, reply| {
        if request.header("Accept-Encoding").is_some_and(|value| value.contains("gzip")) {
            reply.send(200, &[("Content-Encoding", "gzip")], &gzipped);
        } else {
            reply.send(406, &[], b"gzip only");
        }
    });
    let sandbox = Sandbox::new();
    let (run, record) = fetch_one(&sandbox, &server.url("/feed"), &[]);
    assert!(run.success(), "{}", run.stderr());
    assert_eq!(record["outcome"], "new");
    assert_eq!(record["bytes"], bundled().len(), "the decoded size");
    let stored = snapshots(&sandbox);
    assert_eq!(std::fs::read(&stored[0]).unwrap(), bundled());
    assert_eq!(
        record["snapshot"],
        stored[0].strip_prefix(sandbox.path()).unwrap().to_str().unwrap()
    );
}

/// `/hop/N` redirects to `/hop/N-1`; `/hop/0` is the feed; `/loop/a` and `/loop/b` redirect to
/// each other.
fn redirects() -> impl Fn(&Request, &mut Reply<'_>) + Send + Sync {
    let body = bundled();
    move |request, reply| {
        if let Some(n) = request.path.strip_prefix("/hop/").and_then(|n| n.parse::<u32>().ok()) {
            if n == 0 {
                reply.send(200, &[], &body);
            } else {
                reply.redirect(&format!("/hop/{}", n - 1));
            }
        } else if request.path == "/loop/a" {
            reply.redirect("/loop/b");
        } else {
            reply.redirect("/loop/a");
        }
    }
}

#[test]
fn five_redirects_are_followed_and_a_loop_is_an_error() {
    let server = Server::start(redirects());
    let sandbox = Sandbox::new();
    let (run, record) = fetch_one(&sandbox, &server.url("/hop/5"), &[]);
    assert!(run.success(), "{}", run.stderr());
    assert_eq!(
        (record["outcome"].as_str(), record["http_status"].as_u64()),
        (Some("new"), Some(200))
    );
    assert_eq!(server.requests().len(), 6);

    for path in ["/hop/6", "/loop/a"] {
        let other = Sandbox::new();
        let (run, record) = fetch_one(&other, &server.url(path), &[]);
        assert_eq!(run.code, Some(1), "{path}: {}", run.stderr());
        assert_eq!(record["outcome"], "error", "{path}");
        assert!(record["error"].as_str().unwrap().contains("redirects"), "{record}");
        assert!(snapshots(&other).is_empty(), "{path}");
        assert_eq!(manifest(&other)[0]["outcome"], "error");
    }
}

#[test]
fn feeds_of_one_host_are_fetched_in_turn_with_the_polite_delay_and_the_contact() {
    let body = bundled();
    let server = Server::start(move |_, reply| reply.send(200, &[], &body));
    let sandbox = Sandbox::new();
    let (one, two) = (server.url("/one"), server.url("/two"));
    sandbox.write(
        "feeds.toml",
        format!(
            "contact = \"ops@example.org\"\n[[feed]]\nname = \"one\"\nurl = \"{one}\"\nagency = \"CBP\"\n[[feed]]\nname = \"two\"\nurl = \"{two}\"\n"
        ),
    );
    let mut cmd = sandbox.command();
    cmd.args(["fetch", "--feeds", "feeds.toml", "--archive", "archive", "--delay", "0.4"]);
    let run = run(cmd);
    assert!(run.success(), "{}", run.stderr());
    assert_eq!(run.stdout(), "one: new snapshot, 10 items\ntwo: new snapshot, 10 items\n");
    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(|request| request.path.as_str()).collect();
    assert_eq!(paths, ["/one", "/two"], "in the feeds file's order, one after the other");
    // A lower bound only (the client sleeps at least --delay between the two): had the two
    // requests run side by side, they would have come together.
    assert!(requests[1].at - requests[0].at >= Duration::from_millis(400));
    for request in &requests {
        let agent = request.header("User-Agent").expect("a User-Agent");
        assert!(agent.starts_with("pressdex/") && agent.ends_with("ops@example.org)"), "{agent}");
    }
    for feed in ["one", "two"] {
        assert!(sandbox.path().join("archive").join(feed).join("manifest.jsonl").is_file());
    }
}

#[test]
fn not_found_is_one_request_and_no_retry() {
    let server = Server::start(|_, reply| reply.send(404, &[], b"<html>gone</html>"));
    let sandbox = Sandbox::new();
    let feeds = feeds_file(&sandbox, &server.url("/feed"));
    let run = fetch(&sandbox, &["--feeds", &feeds]);
    assert_eq!(run.code, Some(1), "{}", run.stderr());
    assert_eq!(run.stdout(), "cbp: error: HTTP 404 Not Found\n");
    assert_eq!(server.requests().len(), 1, "4xx is never retried");
    let records = manifest(&sandbox);
    assert_eq!(
        (records[0]["outcome"].as_str(), records[0]["http_status"].as_u64()),
        (Some("error"), Some(404))
    );
    assert!(snapshots(&sandbox).is_empty());
}

#[test]
fn unavailable_is_retried_as_retry_after_says() {
    let served = AtomicUsize::new(0);
    let body = bundled();
    let server = Server::start(move |request, reply| match request.path.as_str() {
        "/busy" if served.fetch_add(1, Ordering::SeqCst) == 0 => {
            reply.send(503, &[("Retry-After", "1")], b"busy");
        }
        "/busy" => reply.send(200, &[], &body),
        "/down" => reply.send(503, &[], b"down"),
        _ => reply.send(429, &[("Retry-After", "3600")], b"slow down"),
    });
    let sandbox = Sandbox::new();
    let (run, record) = fetch_one(&sandbox, &server.url("/busy"), &[]);
    assert!(run.success(), "{}", run.stderr());
    assert_eq!(record["outcome"], "new");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "retried once");
    // Retry-After: 1 is honoured over the 10 ms base backoff. A lower bound only: the client
    // sleeps at least that long, so load cannot make it fail.
    assert!(requests[1].at - requests[0].at >= Duration::from_millis(950));

    let (run, record) = fetch_one(&Sandbox::new(), &server.url("/down"), &[]);
    assert_eq!(run.code, Some(1));
    assert_eq!(record["error"], "HTTP 503 Service Unavailable (3 tries)");
    assert_eq!(server.requests().len(), 2 + 3, "at most 3 tries");

    let (run, record) = fetch_one(&Sandbox::new(), &server.url("/slow"), &[]);
    assert_eq!(run.code, Some(1));
    let error = record["error"].as_str().unwrap();
    assert!(error.starts_with("HTTP 429 Too Many Requests (Retry-After 3600"), "{error}");
    assert_eq!(server.requests().len(), 2 + 3 + 1, "a wait over the cap is not retried");
}

#[test]
fn a_hanging_server_times_out() {
    // The server stalls until it is dropped, after the fetch returns (or MAX_STALL, then it
    // hangs up). So a fetch that ends with "timed out" was ended by its own --timeout: no
    // wall-clock assertion needed (none that a loaded machine could break).
    let server = Server::start(|_, reply| reply.stall());
    let sandbox = Sandbox::new();
    let (run, record) = fetch_one(&sandbox, &server.url("/feed"), &["--timeout", "0.5"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr());
    assert_eq!(record["outcome"], "error");
    assert_eq!(record["http_status"], Value::Null);
    assert!(record["error"].as_str().unwrap().contains("timed out"), "{record}");
    assert!(snapshots(&sandbox).is_empty());
}

#[test]
fn an_oversized_body_is_refused_and_nothing_stored() {
    let body = bundled();
    let server = Server::start(move |request, reply| {
        if request.path == "/declared" {
            reply.send(200, &[], &body);
        } else {
            // No Content-Length: the cap is met while reading.
            reply.head(200, &[("Transfer-Encoding", "chunked")], None);
            for chunk in body.chunks(4096) {
                reply.raw(format!("{:x}\r\n", chunk.len()).as_bytes());
                reply.raw(chunk);
                reply.raw(b"\r\n");
            }
            reply.raw(b"0\r\n\r\n");
        }
    });
    for path in ["/declared", "/chunked"] {
        let sandbox = Sandbox::new();
        let (run, record) = fetch_one(&sandbox, &server.url(path), &["--max-bytes", "16K"]);
        assert_eq!(run.code, Some(1), "{path}: {}", run.stderr());
        assert_eq!(record["outcome"], "error");
        let error = record["error"].as_str().unwrap();
        assert!(error.contains("over the 16384-byte limit"), "{path}: {error}");
        assert_eq!(files(&sandbox), ["manifest.jsonl"], "{path}: only the record of the failure");
    }
    // The same body under the default cap (64 MiB) is stored.
    let (run, record) = fetch_one(&Sandbox::new(), &server.url("/chunked"), &[]);
    assert!(run.success(), "{}", run.stderr());
    assert_eq!(record["bytes"], bundled().len());
}

#[test]
fn what_is_not_a_feed_is_not_archived() {
    let feed = bundled();
    let half = feed[..feed.len() / 2].to_vec();
    let server = Server::start(move |request, reply| {
        match request.path.as_str() {
        "/html" => reply.send(200, &[("Content-Type", "text/html")], b"<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body><p>Back soon.</p></body></html>"),
        "/empty" => reply.send(200, &[], b""),
        "/cut" => reply.send(200, &[], &half),
        _ => reply.send(200, &[], b"<rss version=\"2.0\"><channel><title>t</title></channel></rss>"),
    }
    });
    for (path, why) in [
        ("/html", "not a feed: the root element is <html>"),
        ("/empty", "not a feed: the file is empty"),
        ("/cut", "truncated"),
        ("/no-items", "the feed lists no item"),
    ] {
        let sandbox = Sandbox::new();
        let feeds = feeds_file(&sandbox, &server.url(path));
        let run = fetch(&sandbox, &["--feeds", &feeds]);
        assert_eq!(run.code, Some(1), "{path}: {}", run.stderr());
        assert!(
            run.stdout().starts_with(&format!("cbp: error: {why}")),
            "{path}: {}",
            run.stdout()
        );
        assert!(snapshots(&sandbox).is_empty(), "{path}");
        let record = &manifest(&sandbox)[0];
        assert_eq!(
            (record["outcome"].as_str(), record["http_status"].as_u64()),
            (Some("error"), Some(200))
        );
    }
}

#[test]
fn an_identical_body_is_recorded_but_not_stored_again() {
    let body = bundled();
    let server = Server::start(move |_, reply| reply.send(200, &[], &body));
    let sandbox = Sandbox::new();
    let (_, first) = fetch_one(&sandbox, &server.url("/feed"), &[]);
    let (run, second) = fetch_one(&sandbox, &server.url("/feed"), &[]);
    assert!(run.success(), "{}", run.stderr());
    assert_eq!(
        (first["outcome"].as_str(), second["outcome"].as_str()),
        (Some("new"), Some("unchanged"))
    );
    assert_eq!(second["snapshot"], Value::Null);
    assert_eq!(second["items"], 10);
    assert_eq!(snapshots(&sandbox).len(), 1);
    let records = manifest(&sandbox);
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["outcome"], "unchanged");
    assert_eq!(records[0]["sha256"], records[1]["sha256"]);
    assert_eq!(records[0]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn a_fetch_killed_mid_body_leaves_nothing_and_the_next_run_succeeds() {
    let body = bundled();
    let sent_half = std::sync::Arc::new(AtomicUsize::new(0));
    let server = {
        let sent_half = std::sync::Arc::clone(&sent_half);
        Server::start(move |request, reply| {
            if request.path == "/stall" {
                reply.head(200, &[], Some(body.len()));
                reply.raw(&body[..body.len() / 2]);
                sent_half.fetch_add(1, Ordering::SeqCst);
                reply.stall();
            } else {
                reply.send(200, &[], &body);
            }
        })
    };
    let sandbox = Sandbox::new();
    let feeds = feeds_file(&sandbox, &server.url("/stall"));
    let mut child = command(&sandbox, &["fetch", "--feeds", &feeds, "--timeout", "60"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn pressdex fetch");
    let deadline = Instant::now() + Duration::from_secs(30);
    while sent_half.load(Ordering::SeqCst) == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(sent_half.load(Ordering::SeqCst), 1, "the server sent half the body");
    // Let the client read what was sent, then kill it mid-body.
    std::thread::sleep(Duration::from_millis(200));
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    assert!(snapshots(&sandbox).is_empty(), "no partial snapshot");
    assert!(manifest(&sandbox).is_empty(), "no manifest line");
    assert!(files(&sandbox).iter().all(|name| !name.ends_with(".xml")), "{:?}", files(&sandbox));

    let feeds = feeds_file(&sandbox, &server.url("/feed"));
    let run = fetch(&sandbox, &["--feeds", &feeds]);
    assert!(run.success(), "{}", run.stderr());
    assert_eq!(run.stdout(), "cbp: new snapshot, 10 items\n");
    assert_eq!(std::fs::read(&snapshots(&sandbox)[0]).unwrap(), bundled());
    assert_eq!(files(&sandbox).len(), 2, "one snapshot and its manifest: {:?}", files(&sandbox));
}

#[test]
fn bad_feeds_files_are_usage_errors() {
    let sandbox = Sandbox::new();
    sandbox.write("bad.toml", "[[feed]]\nname = \"../up\"\nurl = \"https://example.org/rss\"\n");
    let run = fetch(&sandbox, &["--feeds", "bad.toml"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr().contains("feeds file bad.toml: feed 1 (name = \"../up\")"),
        "{}",
        run.stderr()
    );
    let missing = fetch(&sandbox, &["--feeds", "nope.toml"]);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr().contains("no feeds file at nope.toml"), "{}", missing.stderr());
    assert!(!sandbox.path().join("archive").exists(), "nothing fetched, nothing created");
}
