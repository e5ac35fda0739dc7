//! Test helpers: a temporary workspace with chosen snapshots, and a way to run the binary in it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (where `index-data/` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled snapshot.
#[allow(dead_code)]
pub fn bundled_feed() -> PathBuf {
    root().join("index-data/feeds/cbp-international-operations.xml")
}

/// A fixture under `tests/fixtures`.
#[allow(dead_code)]
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
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

    /// `pressdex ARGS` run in the sandbox, with the environment cleared of pressdex settings.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }
}

/// The `pressdex` binary under test, for callers that need `std::process::Command` (to spawn,
/// kill or watch a run).
#[allow(dead_code)]
pub fn pressdex_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pressdex"))
}

impl Sandbox {
    /// Writes `bytes` to `name` inside the sandbox and returns its path.
    #[allow(dead_code)]
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create sandbox folder");
        }
        std::fs::write(&path, bytes).expect("write sandbox file");
        path
    }

    /// Like [`Sandbox::cmd`], as a `std::process::Command` (to spawn, kill or watch a run).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(pressdex_bin());
        cmd.current_dir(self.path())
            .env_remove("PRESSDEX_INDEX")
            .env_remove("PRESSDEX_FEEDS")
            .env("NO_COLOR", "1");
        cmd
    }
}

/// What a finished run printed, with its exit code (`None` when killed by a signal) and peak
/// resident memory in KiB (sampled from `/proc/PID/status` `VmHWM`, a high-water mark, so only
/// the last few milliseconds of the run can escape it).
#[allow(dead_code)]
pub struct Measured {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub peak_rss_kib: u64,
}

#[allow(dead_code)]
impl Measured {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Runs `cmd` to completion, capturing its output and its peak resident memory.
#[allow(dead_code)]
pub fn run_measured(mut cmd: std::process::Command) -> Measured {
    use std::io::Read;
    use std::process::Stdio;

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
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Measured {
        code: status.code(),
        stdout: stdout_reader.join().expect("stdout thread").expect("read stdout"),
        stderr: stderr_reader.join().expect("stderr thread").expect("read stderr"),
        peak_rss_kib,
    }
}

fn vm_hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Writes a snapshot of `copies` x the bundled items, each copy with new guids (~70 KB a
/// copy), and returns the number of items.
#[allow(dead_code)]
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
