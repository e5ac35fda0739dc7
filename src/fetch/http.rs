//! One feed over HTTP: a conditional GET with ureq (rustls, gzip), at most 5 redirects, connect
//! and per-read timeouts, a cap on the body, and retries of 429 and 5xx with backoff that
//! honours `Retry-After`. 4xx is never retried.

use std::thread;
use std::time::Duration;

use chrono::{DateTime, Utc};
use ureq::http::{StatusCode, header};

/// Tries per feed: the first request and two retries.
pub const MAX_TRIES: u32 = 3;

/// Redirects followed before the fetch fails.
pub const MAX_REDIRECTS: u32 = 5;

/// The longest pressdex waits before a retry. A `Retry-After` asking for more is not retried:
/// the server asked to be left alone for longer than one run should block.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// How requests are made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpSettings {
    /// Connect timeout, and the longest wait for any read (headers or body); a whole exchange
    /// may take ten times this.
    pub timeout: Duration,
    /// The largest body accepted, after gzip decoding.
    pub max_bytes: u64,
    /// The wait before the first retry, doubled before each next one (unless the server says
    /// `Retry-After`).
    pub backoff: Duration,
    /// The pause between two requests to one host.
    pub polite_delay: Duration,
}

/// `pressdex/0.1.0 (+REPOSITORY; CONTACT)`: names pressdex and its version, where to read about
/// it (the package's `repository`, when set) and who runs it (the feeds file's `contact`).
pub fn user_agent(contact: Option<&str>) -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let about: Vec<String> = [
        (!repository.is_empty()).then(|| format!("+{repository}")),
        contact.filter(|contact| !contact.is_empty()).map(str::to_string),
    ]
    .into_iter()
    .flatten()
    .collect();
    let name = concat!("pressdex/", env!("CARGO_PKG_VERSION"));
    if about.is_empty() { name.to_string() } else { format!("{name} ({})", about.join("; ")) }
}

/// The conditional GET state of a feed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    /// Sent as `If-None-Match`.
    pub etag: Option<String>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// A response pressdex keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// The final status: 2xx, or 304 (then `body` is `None`).
    pub status: u16,
    /// The response's validators.
    pub validators: Validators,
    /// The body, gzip `Content-Encoding` decoded; `None` for 304.
    pub body: Option<Vec<u8>>,
}

/// Why a fetch got no usable response.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// A status that is neither success nor 304 (after retries, for 429 and 5xx).
    #[error("HTTP {}", describe(*.status, .note.as_deref()))]
    Status {
        /// The status.
        status: u16,
        /// Why it was not retried further, when it could have been.
        note: Option<String>,
    },
    /// The body is larger than `--max-bytes`.
    #[error("the body is over the {limit}-byte limit (--max-bytes); nothing stored")]
    TooLarge {
        /// The status of the response.
        status: u16,
        /// The cap.
        limit: u64,
    },
    /// More than [`MAX_REDIRECTS`] redirects (or a redirect loop).
    #[error("more than {MAX_REDIRECTS} redirects (a redirect loop?)")]
    TooManyRedirects,
    /// No response, or a broken one: refused, reset, timed out, bad TLS, bad HTTP.
    #[error("{0}")]
    Transport(String),
}

impl HttpError {
    /// The HTTP status, when a response came.
    pub fn status(&self) -> Option<u16> {
        match self {
            HttpError::Status { status, .. } | HttpError::TooLarge { status, .. } => Some(*status),
            HttpError::TooManyRedirects | HttpError::Transport(_) => None,
        }
    }

    fn from_ureq(err: ureq::Error, settings: &HttpSettings) -> HttpError {
        match err {
            ureq::Error::TooManyRedirects => HttpError::TooManyRedirects,
            ureq::Error::Timeout(which) => HttpError::Transport(format!(
                "timed out ({which}; --timeout {} s)",
                settings.timeout.as_secs_f64()
            )),
            ureq::Error::Io(io) => HttpError::Transport(io.to_string()),
            ureq::Error::HostNotFound => HttpError::Transport("host not found".into()),
            other => HttpError::Transport(other.to_string()),
        }
    }
}

/// `404 Not Found`, `503 Service Unavailable (3 tries)`.
fn describe(status: u16, note: Option<&str>) -> String {
    let mut text = match StatusCode::from_u16(status).ok().and_then(|code| code.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    };
    if let Some(note) = note {
        text.push_str(&format!(" ({note})"));
    }
    text
}

/// An HTTP client for a whole run (it keeps connections open between requests to one host).
pub struct Client {
    agent: ureq::Agent,
    settings: HttpSettings,
}

/// What one try gave.
enum Try {
    Done(Reply),
    Retry { status: u16, retry_after: Option<Duration>, note: Option<String> },
}

impl Client {
    /// A client with `settings`, naming `contact` in its User-Agent.
    pub fn new(settings: HttpSettings, contact: Option<&str>) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(MAX_REDIRECTS)
            .user_agent(user_agent(contact))
            .timeout_connect(Some(settings.timeout))
            .timeout_per_read(Some(settings.timeout))
            .timeout_per_call(Some(settings.timeout.saturating_mul(10)))
            .build()
            .new_agent();
        Client { agent, settings }
    }

    /// The settings requests are made with.
    pub fn settings(&self) -> &HttpSettings {
        &self.settings
    }

    /// GETs `url`, conditionally on `validators`, retrying 429 and 5xx up to [`MAX_TRIES`]
    /// times in all, pausing between tries as the server asks (`Retry-After`, at most
    /// [`MAX_WAIT`]) or with doubling backoff, and never less than the polite delay.
    ///
    /// # Errors
    /// Any status but 2xx and 304 (after the retries), a body over the cap, too many
    /// redirects, a timeout or another transport failure.
    pub fn get(&self, url: &str, validators: &Validators) -> Result<Reply, HttpError> {
        let mut tries = 0;
        loop {
            tries += 1;
            let (status, retry_after, note) = match self.try_once(url, validators)? {
                Try::Done(reply) => return Ok(reply),
                Try::Retry { status, retry_after, note } => (status, retry_after, note),
            };
            if note.is_some() {
                return Err(HttpError::Status { status, note });
            }
            if tries >= MAX_TRIES {
                let note = Some(format!("{tries} tries"));
                return Err(HttpError::Status { status, note });
            }
            let backoff = self.settings.backoff.saturating_mul(1 << (tries - 1));
            let wait = retry_after.unwrap_or(backoff).max(self.settings.polite_delay);
            thread::sleep(wait.min(MAX_WAIT));
        }
    }

    fn try_once(&self, url: &str, validators: &Validators) -> Result<Try, HttpError> {
        let mut request = self.agent.get(url);
        if let Some(etag) = &validators.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(last_modified) = &validators.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, last_modified);
        }
        let settings = &self.settings;
        let mut response = request.call().map_err(|err| HttpError::from_ureq(err, settings))?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let text = |name: header::HeaderName| {
            headers.get(name).and_then(|value| value.to_str().ok()).map(|value| value.to_string())
        };
        let validators =
            Validators { etag: text(header::ETAG), last_modified: text(header::LAST_MODIFIED) };
        if status == 304 {
            return Ok(Try::Done(Reply { status, validators, body: None }));
        }
        if status == 429 || (500..600).contains(&status) {
            let (retry_after, note) = match text(header::RETRY_AFTER) {
                None => (None, None),
                Some(value) => match retry_after(&value, Utc::now()) {
                    Some(wait) if wait > MAX_WAIT => (
                        None,
                        Some(format!("Retry-After {value} is over {MAX_WAIT:?}; not retried")),
                    ),
                    wait => (wait, None),
                },
            };
            return Ok(Try::Retry { status, retry_after, note });
        }
        if !(200..300).contains(&status) {
            return Err(HttpError::Status { status, note: None });
        }
        let limit = settings.max_bytes;
        let declared = text(header::CONTENT_LENGTH).and_then(|len| len.trim().parse::<u64>().ok());
        // A declared length over the cap is refused before a byte of the body is read.
        if declared.is_some_and(|len| len > limit) && text(header::CONTENT_ENCODING).is_none() {
            return Err(HttpError::TooLarge { status, limit });
        }
        let body =
            response.body_mut().with_config().limit(limit).read_to_vec().map_err(
                |err| match err {
                    ureq::Error::BodyExceedsLimit(_) => HttpError::TooLarge { status, limit },
                    other => HttpError::from_ureq(other, settings),
                },
            )?;
        Ok(Try::Done(Reply { status, validators, body: Some(body) }))
    }
}

/// `Retry-After` as a wait from `now`: seconds (`120`) or an HTTP date (a date in the past is
/// no wait). `None` when it is neither.
fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?.with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn check(value: &str, expected: Option<u64>) {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 4, 28, 11).unwrap();
        assert_eq!(retry_after(value, now), expected.map(Duration::from_secs), "{value}");
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        check("1", Some(1));
        check(" 120 ", Some(120));
        check("Mon, 30 Nov 2026 04:28:41 GMT", Some(30));
        check("Mon, 30 Nov 2026 04:00:00 GMT", Some(0));
        check("soon", None);
        check("-5", None);
    }

    #[test]
    fn the_user_agent_names_pressdex_its_version_and_the_contact() {
        let version = env!("CARGO_PKG_VERSION");
        assert!(user_agent(None).starts_with(&format!("pressdex/{version}")));
        let with = user_agent(Some("ops@example.org"));
        assert!(with.starts_with(&format!("pressdex/{version} (")), "{with}");
        assert!(with.ends_with("ops@example.org)"), "{with}");
    }

    #[test]
    fn errors_read_as_sentences() {
        let status = HttpError::Status { status: 404, note: None };
        assert_eq!(status.to_string(), "HTTP 404 Not Found");
        let retried = HttpError::Status { status: 503, note: Some("3 tries".into()) };
        assert_eq!(retried.to_string(), "HTTP 503 Service Unavailable (3 tries)");
        assert_eq!(retried.status(), Some(503));
        assert_eq!(HttpError::TooManyRedirects.status(), None);
    }
}
