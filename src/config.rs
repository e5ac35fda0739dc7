//! Where things live: the index directory and the default feeds folder, resolved once from
//! flags, environment and the current directory.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// `--index DIR`, else `PRESSDEX_INDEX`, else `index-data/index` when `./index-data` exists,
/// else `pressdex/index` under the user's data directory.
pub fn index_dir(flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("PRESSDEX_INDEX").filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    if Path::new("index-data").is_dir() {
        return Ok(PathBuf::from("index-data/index"));
    }
    let dirs = directories::ProjectDirs::from("", "", "pressdex")
        .context("no home directory to keep the index in: pass --index DIR")?;
    Ok(dirs.data_dir().join("index"))
}

/// `PRESSDEX_FEEDS`, else `index-data/feeds` when it exists.
pub fn feeds_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PRESSDEX_FEEDS").filter(|value| !value.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let bundled = Path::new("index-data/feeds");
    bundled.is_dir().then(|| bundled.to_path_buf())
}
