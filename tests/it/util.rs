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
        let mut cmd = Command::cargo_bin("pressdex").expect("pressdex binary");
        cmd.current_dir(self.path())
            .env_remove("PRESSDEX_INDEX")
            .env_remove("PRESSDEX_FEEDS")
            .env("NO_COLOR", "1");
        cmd
    }
}
