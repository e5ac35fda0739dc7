//! Test helpers: a temporary workspace with chosen snapshots, and the one way to run the binary
//! in it ([`Sandbox::run`], or [`run`] for a command built by hand), which also measures peak
//! memory and fails the test on a panic.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The repository root (where `index-data/` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled snapshot.
pub fn bundled_feed() -> PathBuf {
    root().join("index-data/feeds/cbp-international-operations.xml")
}

/// A fixture under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The `pressdex` binary under test.
pub fn pressdex_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pressdex"))
}

/// A temporary directory to run pressdex in, with its own index.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to `name` inside the sandbox and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create sandbox folder");
        }
        std::fs::write(&path, bytes).expect("write sandbox file");
        path
    }

    /// `pressdex` in the sandbox, with the environment cleared of pressdex settings and colour
    /// off, not yet run (to spawn, kill or watch it; else use [`Sandbox::run`]).
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(pressdex_bin());
        cmd.current_dir(self.path())
            .env_remove("PRESSDEX_INDEX")
            .env_remove("PRESSDEX_FEEDS")
            .env_remove("PRESSDEX_FEEDS_FILE")
            .env_remove("PRESSDEX_ARCHIVE")
            .env_remove("PRESSDEX_HTTP_BACKOFF_MS")
            .env("NO_COLOR", "1");
        cmd
    }

    /// `pressdex ARGS` in the sandbox, run to completion.
    pub fn run<S: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = S>) -> Run {
        let mut cmd = self.command();
        cmd.args(args);
        run(cmd)
    }

    /// `pressdex ARGS --index idx`: the sandbox's own index.
    pub fn run_idx<S: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = S>) -> Run {
        let mut cmd = self.command();
        cmd.args(args).args(["--index", "idx"]);
        run(cmd)
    }
}

/// What a finished run printed, with its exit code (`None` when killed by a signal) and peak
/// resident memory in KiB (sampled from `/proc/PID/status` `VmHWM`, a high-water mark, so only
/// the last few milliseconds of the run can escape it).
pub struct Run {
    pub what: String,
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub peak_rss_kib: u64,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// stdout as one JSON value.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|err| {
            panic!(
                "{} printed no JSON ({err}): {}\nstderr: {}",
                self.what,
                self.stdout(),
                self.stderr()
            )
        })
    }

    /// stdout as NDJSON, one value per non-empty line.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout()
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|err| {
                    panic!("{}: bad NDJSON line ({err}): {line:?}", self.what)
                })
            })
            .collect()
    }
}

/// Runs `cmd` to completion, capturing its output and its peak resident memory. Fails the test
/// if pressdex panicked or died of a signal: no input may do that.
pub fn run(mut cmd: Command) -> Run {
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pressdex");
    let mut stdout_pipe = child.stdout.take().expect("piped stdout");
    let mut stderr_pipe = child.stderr.take().expect("piped stderr");
    let stdout_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout_pipe.read_to_end(&mut buf).map(|_| buf)
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stderr_pipe.read_to_end(&mut buf).map(|_| buf)
    });
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_rss_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for pressdex") {
            break status;
        }
        if let Some(hwm) = std::fs::read_to_string(&status_path).ok().and_then(|s| vm_hwm_kib(&s)) {
            peak_rss_kib = peak_rss_kib.max(hwm);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let run = Run {
        what,
        code: status.code(),
        stdout: stdout_reader.join().expect("stdout thread").expect("read stdout"),
        stderr: stderr_reader.join().expect("stderr thread").expect("read stderr"),
        peak_rss_kib,
    };
    assert!(
        !run.stderr().contains("panicked at") && run.code.is_some() && run.code != Some(101),
        "{} crashed (exit {:?}):\n{}",
        run.what,
        run.code,
        run.stderr()
    );
    run
}

fn vm_hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Copies the bundled snapshot to `name` in the sandbox (without its fetch record: dated by the
/// copy's modification time) and returns its path.
pub fn copy_bundled(sandbox: &Sandbox, name: &str) -> PathBuf {
    sandbox.write(name, std::fs::read(bundled_feed()).expect("bundled feed"))
}

/// Writes a snapshot of `copies` x the bundled items, each copy with new guids (~70 KB a
/// copy), and returns the number of items.
pub fn write_repeated_bundled_snapshot(path: &Path, copies: usize) -> usize {
    let feed = std::fs::read_to_string(bundled_feed()).expect("bundled feed");
    let start = feed.find("<item>").expect("an item");
    let end = feed.rfind("</item>").expect("an item") + "</item>".len();
    let items = &feed[start..end];
    let mut out = String::with_capacity(items.len() * copies + 1024);
    out.push_str(&feed[..start]);
    for copy in 0..copies {
        out.push_str(&items.replace(
            " at https://www.cbp.gov</guid>",
            &format!("-{copy} at https://www.cbp.gov</guid>"),
        ));
        out.push('\n');
    }
    out.push_str(&feed[end..]);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, out).expect("write generated snapshot");
    items.matches("<item>").count() * copies
}
