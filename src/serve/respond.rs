//! Building responses: JSON through the one JSON writer every command uses
//! (`print::json::write_line`, so the API escapes what could steer a terminal exactly as
//! `--json` does) and the embedded page's files.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

use crate::print;

/// `value` as a JSON response with `status`.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let mut body = Vec::with_capacity(1024);
    if let Err(err) = print::json::write_line(&mut body, value) {
        // Serializing a wire type into memory cannot fail on input; say so rather than panic.
        print::serve::request_failed("writing JSON", &err);
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n");
    }
    with_type(status, Body::from(body), "application/json")
}

/// One of the page's files (embedded in the binary).
pub fn asset(body: &'static [u8], content_type: &'static str) -> Response {
    let mut response = with_type(StatusCode::OK, Body::from(body), content_type);
    // The page is part of the binary: a new pressdex may change it, so browsers revalidate.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    with_type(status, Body::from(text), "text/plain; charset=utf-8")
}

fn with_type(status: StatusCode, body: Body, content_type: &'static str) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}
