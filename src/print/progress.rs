//! The progress bar of an indexing run, on stderr: bytes read (counted by
//! `ProgressBar::wrap_read` around each snapshot file), files and items done, the phase.

use std::io::{self, IsTerminal, Read};
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressBarIter, ProgressDrawTarget, ProgressStyle};

/// Whether to draw progress: only when stderr is a terminal.
pub fn wanted() -> bool {
    io::stderr().is_terminal()
}

/// The progress of one run: drawn when asked, else hidden (and nearly free).
pub struct Progress {
    bar: ProgressBar,
    files: AtomicU64,
    total_files: AtomicU64,
    items: AtomicU64,
}

impl Progress {
    /// A bar over `total_bytes` in `total_files` files, drawn on stderr when `visible`.
    pub fn new(visible: bool, total_bytes: u64, total_files: usize) -> Progress {
        let bar = if visible {
            ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        let style = ProgressStyle::with_template(
            "{msg:>10} [{wide_bar}] {binary_bytes}/{binary_total_bytes} \
             {binary_bytes_per_sec} ETA {eta} {prefix}",
        )
        .expect("the template is valid")
        .progress_chars("=> ");
        bar.set_style(style);
        Progress {
            bar,
            files: AtomicU64::new(0),
            total_files: AtomicU64::new(total_files as u64),
            items: AtomicU64::new(0),
        }
    }

    /// `reader`, counting the bytes read into the bar.
    pub fn wrap_read<R: Read>(&self, reader: R) -> ProgressBarIter<R> {
        self.bar.wrap_read(reader)
    }

    /// Names the phase (`scanning`, `indexing`, `committing`).
    pub fn phase(&self, name: &'static str) {
        self.bar.set_message(name);
        self.redraw();
    }

    /// Starts a new pass over `total_bytes` in `total_files` files.
    pub fn restart(&self, name: &'static str, total_bytes: u64, total_files: usize) {
        self.files.store(0, Ordering::Relaxed);
        self.items.store(0, Ordering::Relaxed);
        self.total_files.store(total_files as u64, Ordering::Relaxed);
        self.bar.reset();
        self.bar.set_length(total_bytes);
        self.phase(name);
    }

    /// `bytes` more to read in this pass (a file read twice).
    pub fn extend(&self, bytes: u64) {
        self.bar.inc_length(bytes);
    }

    /// One more item read.
    pub fn item(&self) {
        let items = self.items.fetch_add(1, Ordering::Relaxed) + 1;
        if items.is_multiple_of(64) {
            self.redraw();
        }
    }

    /// One more file done.
    pub fn file_done(&self) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.redraw();
    }

    /// Runs `print` (a diagnostic on stderr) with the bar out of the way.
    pub fn suspend(&self, print: impl FnOnce()) {
        self.bar.suspend(print);
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn redraw(&self) {
        if self.bar.is_hidden() {
            return;
        }
        self.bar.set_prefix(format!(
            "files {}/{}, items {}",
            self.files.load(Ordering::Relaxed),
            self.total_files.load(Ordering::Relaxed),
            self.items.load(Ordering::Relaxed)
        ));
    }
}
