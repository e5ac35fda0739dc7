//! A `pressdex serve` under test: the real binary on a free port of 127.0.0.1, the URL read from
//! what it prints, a plain HTTP client, and a clean stop (SIGTERM) or a kill when dropped.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::util::{Sandbox, bundled_feed};

/// How long the server may take to start or stop, and a request to answer: generous bounds for
/// a loaded machine, so that a hang fails the test instead of blocking it.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// A running `pressdex serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub base: String,
    stderr: mpsc::Receiver<String>,
    agent: ureq::Agent,
}

/// An answer: status, the headers the tests look at, the body.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!("not the JSON expected ({err}), status {}: {}", self.status, self.text())
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A sandbox whose index `idx` holds the bundled snapshot.
pub fn bundled_sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    let run = sandbox.run_idx(["index".as_ref(), bundled_feed().as_os_str()]);
    assert!(run.success(), "{}", run.stderr());
    sandbox
}

impl Server {
    /// `pressdex serve --index idx --bind 127.0.0.1:0 EXTRA` in `sandbox`, once it listens.
    pub fn start(sandbox: &Sandbox, extra: &[&str]) -> Server {
        Server::start_in(
            sandbox,
            &["serve", "--index", "idx", "--bind", "127.0.0.1:0"],
            extra,
            None,
        )
    }

    /// `pressdex ARGS EXTRA` in `sandbox` with `path` first in PATH when given, once it prints
    /// the URL it serves.
    pub fn start_in(
        sandbox: &Sandbox,
        args: &[&str],
        extra: &[&str],
        path: Option<&Path>,
    ) -> Server {
        let mut command = sandbox.command();
        command
            .args(args)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(dir) = path {
            let old = std::env::var_os("PATH").unwrap_or_default();
            let mut paths = vec![dir.to_path_buf()];
            paths.extend(std::env::split_paths(&old));
            command.env("PATH", std::env::join_paths(paths).expect("a PATH"));
        }
        let mut child = command.spawn().expect("spawn pressdex serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        let (url_sender, url_receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = url_sender.send(line);
            }
        });
        let (error_sender, error_receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = BufReader::new(stderr).read_to_string(&mut text);
            let _ = error_sender.send(text);
        });
        let line = url_receiver.recv_timeout(PATIENCE).unwrap_or_else(|_| {
            let _ = child.kill();
            let stderr = error_receiver.recv_timeout(PATIENCE).unwrap_or_default();
            panic!("pressdex serve printed no URL: {stderr}")
        });
        let start = line.find("http://").unwrap_or_else(|| panic!("no URL in {line:?}"));
        let url = line[start..].split_whitespace().next().expect("a URL");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(PATIENCE))
            .build()
            .into();
        Server { child, base: url.trim_end_matches('/').to_string(), stderr: error_receiver, agent }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.base.rsplit(':').next().and_then(|port| port.parse().ok()).expect("a port")
    }

    /// `GET path` (`/api/...`).
    pub fn get(&self, path: &str) -> Answer {
        self.request("GET", path, &[])
    }

    /// `METHOD path` with `headers`.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
        request(&self.agent, method, &format!("{}{path}", self.base), headers)
    }

    /// A client for other threads.
    pub fn agent(&self) -> ureq::Agent {
        self.agent.clone()
    }

    /// Sends SIGTERM (or another signal) and waits for the exit; returns it with stderr.
    pub fn stop(mut self, signal: &str) -> (ExitStatus, String) {
        let status = std::process::Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal} failed");
        let deadline = Instant::now() + PATIENCE;
        let exit = loop {
            if let Some(exit) = self.child.try_wait().expect("wait for pressdex") {
                break exit;
            }
            assert!(Instant::now() < deadline, "pressdex serve did not stop on SIG{signal}");
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = self.stderr.recv_timeout(PATIENCE).unwrap_or_default();
        (exit, stderr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `METHOD url` with `headers` through `agent`, whatever the status.
pub fn request(agent: &ureq::Agent, method: &str, url: &str, headers: &[(&str, &str)]) -> Answer {
    let mut builder = ureq::http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder.body(()).expect("a request");
    let mut response = agent.run(request).unwrap_or_else(|err| panic!("{method} {url}: {err}"));
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap_or_default().to_string()))
        .collect();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let mut body = Vec::new();
    if method != "HEAD" {
        response
            .body_mut()
            .as_reader()
            .read_to_end(&mut body)
            .unwrap_or_else(|err| panic!("{method} {url}: reading the body: {err}"));
    }
    Answer { status, content_type, headers, body }
}

/// `text` percent-encoded for a query string or a path segment.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
