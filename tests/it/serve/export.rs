//! `/api/search.csv` and `/api/search.md`: the bytes `pressdex search --format csv|markdown`
//! prints for the same query and filters, as downloads named after the query; every match of a
//! large index streams out whole.

use std::io::{Read, Write};
use std::net::TcpStream;

use pressdex_corpus::{Corpus, CorpusConfig};

use super::server::{Answer, Server, bundled_sandbox};
use crate::util::Sandbox;

/// `pressdex search ARGS --index idx`'s stdout, which must succeed.
fn printed(sandbox: &Sandbox, args: &[&str]) -> Vec<u8> {
    let run = sandbox.run_idx(args);
    assert!(run.success(), "{args:?}: {}", run.stderr());
    run.stdout
}

fn check_download(answer: &Answer, content_type: &str, file: &str) {
    assert_eq!((answer.status, answer.content_type.as_str()), (200, content_type), "{file}");
    assert_eq!(
        answer.header("content-disposition"),
        Some(format!("attachment; filename=\"{file}\"").as_str())
    );
}

#[test]
fn exports_are_the_bytes_the_command_prints() {
    let sandbox = bundled_sandbox();
    let server = Server::start(&sandbox, &[]);
    for (query, args, file) in [
        (
            "q=mutual+assistance+agreement",
            &["search", "mutual assistance agreement"][..],
            "pressdex-mutual-assistance-agreement",
        ),
        (
            "agreement=CMAA&all_results=1",
            &["search", "--agreement", "CMAA", "--all-results"],
            "pressdex-search",
        ),
        (
            "q=customs&sort=date&limit=3&offset=2",
            &["search", "customs", "--sort", "date", "--limit", "3", "--offset", "2"],
            "pressdex-customs",
        ),
        (
            "q=border+security&all=1&all_results=true",
            &["search", "border security", "--all", "--all-results"],
            "pressdex-border-security",
        ),
        (
            "q=custms&country=mx&country=cv&since=2022-07&all_results=1",
            &[
                "search",
                "custms",
                "--country",
                "mx",
                "--country",
                "cv",
                "--since",
                "2022-07",
                "--all-results",
            ],
            "pressdex-custms",
        ),
    ] {
        for (path, format, content_type, extension) in [
            ("/api/search.csv", "csv", "text/csv; charset=utf-8", "csv"),
            ("/api/search.md", "markdown", "text/markdown; charset=utf-8", "md"),
        ] {
            let answer = server.get(&format!("{path}?{query}"));
            check_download(&answer, content_type, &format!("{file}.{extension}"));
            let mut command = args.to_vec();
            command.extend(["--format", format]);
            let expected = printed(&sandbox, &command);
            assert!(!expected.is_empty(), "{command:?}");
            assert_eq!(answer.text(), String::from_utf8_lossy(&expected), "{path}?{query}");
            assert_eq!(answer.body, expected, "{path}?{query}: byte for byte");
        }
    }
    // `all_results` is a download's: a page of JSON has its cap.
    let page = server.get("/api/search?q=customs&all_results=1");
    assert_eq!(page.status, 400, "{}", page.text());
    let bad = server.get("/api/search.csv?all_results=maybe");
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert!(bad.text().contains("all_results: "), "{}", bad.text());
}

#[test]
fn every_match_of_a_large_index_streams_out_whole() {
    let sandbox = Sandbox::new();
    let corpus = Corpus::new(CorpusConfig::new(600, 7)).expect("a corpus");
    let written = corpus.write_files(&sandbox.path().join("feed.xml")).expect("written");
    let mut index = vec!["index".to_string()];
    index.extend(written.iter().map(|snapshot| snapshot.path.display().to_string()));
    let run = sandbox.run_idx(&index);
    assert!(run.success(), "{}", run.stderr());
    let server = Server::start(&sandbox, &[]);

    let expected =
        printed(&sandbox, &["search", "--sort", "date", "--all-results", "--format", "csv"]);
    let answer = server.get("/api/search.csv?sort=date&all_results=1");
    check_download(&answer, "text/csv; charset=utf-8", "pressdex-search.csv");
    // Several chunks (64 KiB each), so the body streamed from the pool.
    assert!(answer.body.len() > 3 * 64 * 1024, "{} bytes", answer.body.len());
    assert_eq!(answer.body, expected, "byte for byte");
    let rows = csv::Reader::from_reader(answer.body.as_slice()).records().count();
    assert_eq!(rows, 600, "every release, however many pages");

    let expected = printed(&sandbox, &["search", "--all-results", "--format", "markdown"]);
    let answer = server.get("/api/search.md?all_results=1");
    check_download(&answer, "text/markdown; charset=utf-8", "pressdex-search.md");
    assert_eq!(answer.body, expected, "byte for byte, the sources after the table");

    // Clients that hang up mid-download cost nothing: the server goes on, its log stays quiet.
    for _ in 0..3 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port())).expect("connects");
        stream
            .write_all(
                b"GET /api/search.csv?sort=date&all_results=1 HTTP/1.1\r\nHost: pressdex\r\n\r\n",
            )
            .expect("asks");
        let mut start = [0_u8; 1024];
        stream.read_exact(&mut start).expect("the download starts");
        assert!(start.starts_with(b"HTTP/1.1 200 OK"), "{}", String::from_utf8_lossy(&start));
    }
    assert_eq!(server.get("/healthz").status, 200);
    let (exit, log) = server.stop("TERM");
    assert!(exit.success(), "{log}");
    assert!(!log.contains("error"), "a client's hang-up is no error: {log}");
}
