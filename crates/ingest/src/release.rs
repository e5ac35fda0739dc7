//! FeedItem -> PressRelease: read the item's HTML, then enrich; [`try_build_release`] does it
//! with one item's fault costing that item only.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;

use crate::{Diagnostic, FeedItem, PressRelease, ProblemKind, ReleaseKind, Severity, enrich, html};

/// Stack of the thread [`try_build_release`] builds on. The HTML step never recurses deeper
/// than its nesting cap allows (`html/tree.rs`); this is the second guard, and costs address
/// space only (pages of it are touched only when used).
pub(crate) const BUILD_STACK_BYTES: usize = 64 << 20;

/// The name of the thread [`try_build_release`] builds on, so a front end's panic hook can
/// leave its panics (reported as the item's problem) to the caller.
pub const BUILD_THREAD_NAME: &str = "pressdex-build";

/// Turns one feed item into a release: the text of its HTML, its kind, its facets.
pub fn build_release(item: FeedItem) -> PressRelease {
    #[cfg(any(test, feature = "fault-injection"))]
    inject_fault(&item);
    let page = html::html_to_text(&item.html);
    let mut release = PressRelease {
        kind: ReleaseKind::from_link(&item.link),
        guid: item.guid,
        link: item.link,
        title: item.title,
        published: item.published,
        creator: item.creator,
        feed: item.feed,
        summary: page.summary,
        body: page.body,
        captions: page.captions,
        location: page.location,
        contact: page.contact,
        release_date: page.release_date,
        countries: Vec::new(),
        mentions: Vec::new(),
        agreements: Vec::new(),
        event_date: None,
        raw_hash: item.raw_hash,
    };
    enrich::enrich(&mut release);
    release
}

/// [`build_release`] on a thread with a 64 MiB stack, and a panic caught: a fault in one item
/// (a bug in the HTML step or the enrichment) is that item's problem, named by `source` (the
/// snapshot) and the item, and the caller goes on with the others.
///
/// The thread is the calling thread's own builder thread, started at its first item and
/// kept for the next: spawning a thread per item (a 64 MiB stack mapped and unmapped each time)
/// was a quarter of the CPU of a first index.
///
/// # Errors
/// A [`Diagnostic`] of kind [`ProblemKind::BuildFailed`] when building panicked.
pub fn try_build_release(source: &str, item: FeedItem) -> Result<PressRelease, Diagnostic> {
    let (position, guid) = (item.position, item.guid.clone());
    let failed = |message: String| Diagnostic {
        source: source.to_owned(),
        position: Some(position),
        guid: Some(guid.clone()),
        severity: Severity::Error,
        kind: ProblemKind::BuildFailed(message),
    };
    BUILDER.with(|builder| {
        let mut builder = builder.borrow_mut();
        if builder.is_none() {
            *builder = Some(
                Builder::start().map_err(|err| failed(format!("no thread to build on: {err}")))?,
            );
        }
        let built = builder.as_ref().and_then(|running| running.build(item));
        match built {
            Some(Ok(release)) => Ok(release),
            Some(Err(message)) => Err(failed(message)),
            None => {
                // The builder is gone (it cannot be, panics are caught there): the next item
                // starts another.
                *builder = None;
                Err(failed("the build thread stopped".to_owned()))
            }
        }
    })
}

thread_local! {
    /// The calling thread's builder, for its lifetime.
    static BUILDER: std::cell::RefCell<Option<Builder>> = const { std::cell::RefCell::new(None) };
}

/// A thread with a 64 MiB stack that builds the items one caller sends it, one at a time,
/// catching the panic of each. It ends when its caller's thread does (the channel closes).
struct Builder {
    items: mpsc::Sender<FeedItem>,
    built: mpsc::Receiver<Result<PressRelease, String>>,
}

impl Builder {
    fn start() -> std::io::Result<Builder> {
        let (items, jobs) = mpsc::channel::<FeedItem>();
        let (done, built) = mpsc::channel();
        std::thread::Builder::new()
            .name(BUILD_THREAD_NAME.to_owned())
            .stack_size(BUILD_STACK_BYTES)
            .spawn(move || {
                for item in jobs {
                    let result = panic::catch_unwind(AssertUnwindSafe(|| build_release(item)))
                        .map_err(|payload| panic_message(payload.as_ref()));
                    if done.send(result).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Builder { items, built })
    }

    /// The item built, or the message of its panic; `None` when the thread is gone.
    fn build(&self, item: FeedItem) -> Option<Result<PressRelease, String>> {
        self.items.send(item).ok()?;
        self.built.recv().ok()
    }
}

/// The text a panic carries (`panic!` with a message gives a `&str` or a `String`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
        (Some(message), _) => (*message).to_owned(),
        (_, Some(message)) => message.clone(),
        _ => "a panic".to_owned(),
    }
}

/// Panics for the item whose title is `PRESSDEX_INJECT_PANIC` (test builds only, see the
/// `fault-injection` feature), or, in this crate's unit tests, [`TEST_PANIC_TITLE`].
#[cfg(any(test, feature = "fault-injection"))]
fn inject_fault(item: &FeedItem) {
    let chosen = std::env::var("PRESSDEX_INJECT_PANIC").is_ok_and(|title| title == item.title);
    if chosen || (cfg!(test) && item.title == TEST_PANIC_TITLE) {
        panic!("injected fault in {:?}", item.title);
    }
}

/// The title that panics in this crate's unit tests.
#[cfg(any(test, feature = "fault-injection"))]
const TEST_PANIC_TITLE: &str = "pressdex unit test: panic here";

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, html: String) -> FeedItem {
        FeedItem {
            position: 3,
            guid: "g".to_owned(),
            link: String::new(),
            title: title.to_owned(),
            published: None,
            creator: None,
            feed: "F".to_owned(),
            html,
            raw_hash: 0,
        }
    }

    #[test]
    fn a_panic_is_the_items_problem() {
        let failed = try_build_release("s.xml", item(TEST_PANIC_TITLE, String::new()))
            .expect_err("the injected panic is caught");
        assert_eq!(failed.position, Some(3));
        let expected = format!(
            "s.xml: item 3 (guid \"g\"): internal error while building the \
            release (injected fault in {TEST_PANIC_TITLE:?}); the item is skipped"
        );
        assert_eq!(failed.to_string(), format!("error: {expected}"));
        let built = try_build_release("s.xml", item("fine", "<p>Body.</p>".to_owned()));
        assert_eq!(built.map(|release| release.body).ok().as_deref(), Some("Body."));
    }

    #[test]
    fn deep_html_builds_on_its_thread() {
        let html = format!("{}deep{}", "<span>".repeat(20_000), "</span>".repeat(20_000));
        let release = try_build_release("s.xml", item("deep", html)).expect("built");
        assert_eq!(release.body, "deep");
    }
}
