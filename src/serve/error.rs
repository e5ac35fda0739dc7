//! Errors as the API answers them: a status and `{"error": {"code", "message", "position"}}`
//! (`wire::ApiError`). A fault of the index or the machine is logged on stderr and answered
//! with a sentence that names no path and carries no trace.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pressdex::wire;
use pressdex_index::{QueryError, UserError};

use super::respond;
use crate::print;

/// A request the server will not answer with what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// 400, 404, 405, 413, 500, 501 or 503.
    pub status: StatusCode,
    /// See `wire::ErrorDetail::code`.
    pub code: &'static str,
    /// One sentence for a person.
    pub message: String,
    /// Where in `q` a query mistake is, in characters.
    pub position: Option<usize>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), position: None }
    }

    /// 400: a mistake in the query `text`, at its caret position (as the command line shows
    /// it: characters of the query before the mistake).
    pub fn bad_query(text: &str, error: &QueryError) -> ApiError {
        let position =
            text.get(..error.position.min(text.len())).map_or(0, |before| before.chars().count());
        ApiError {
            position: Some(position),
            ..ApiError::new(StatusCode::BAD_REQUEST, "bad_query", error.kind.to_string())
        }
    }

    /// 400: a parameter whose value is not valid.
    pub fn bad_parameter(name: &str, message: impl std::fmt::Display) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_parameter", format!("{name}: {message}"))
    }

    /// 400: a parameter the endpoint does not take.
    pub fn unknown_parameter(name: &str, known: &[&str]) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "unknown_parameter",
            format!("unknown parameter `{name}` (known: {})", known.join(", ")),
        )
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 405: only GET (and HEAD) are answered; nothing writes.
    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "the API is read-only: only GET is allowed",
        )
    }

    /// 413: a request over one of the limits.
    pub fn too_large(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    }

    /// 503: every search worker is busy and the queue is full.
    pub fn busy() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "the server is busy: too many searches are waiting; try again shortly",
        )
    }

    /// 503: the search did not finish within the request timeout.
    pub fn timeout(seconds: u64) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!("the search did not finish within {seconds} s"),
        )
    }

    /// 501: an endpoint that waits for a library function.
    pub fn not_implemented(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_IMPLEMENTED, "not_implemented", message)
    }

    /// 500 (logged): something broke that the client cannot fix.
    pub fn internal(context: &str, err: &dyn std::fmt::Display) -> ApiError {
        print::serve::request_failed(context, err);
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server could not answer this request; its log says why",
        )
    }

    /// The answer to an error of the index library: a query mistake is the client's (400), an
    /// index that went missing or changed version is unavailable (503), the rest is internal.
    pub fn from_index(context: &str, text: &str, err: &pressdex_index::Error) -> ApiError {
        match err.as_user_error() {
            Some(UserError::Query(query)) => ApiError::bad_query(text, query),
            Some(user) => {
                print::serve::request_failed(context, user);
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "index_unavailable",
                    "the index cannot be read right now (missing, rebuilt with another version, \
                     or locked); its log says why",
                )
            }
            None => ApiError::internal(context, err),
        }
    }

    /// The wire form.
    pub fn to_wire(&self) -> wire::ApiError {
        wire::ApiError {
            error: wire::ErrorDetail {
                code: self.code.to_string(),
                message: self.message.clone(),
                position: self.position.map(|position| position as u64),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        respond::json(self.status, &self.to_wire())
    }
}

#[cfg(test)]
mod tests {
    use pressdex_index::Query;

    use super::*;

    fn check_position(text: &str, expected: usize) {
        let error = Query::parse(text).expect_err("a bad query");
        let api = ApiError::bad_query(text, &error);
        assert_eq!(
            (api.status, api.code, api.position),
            (StatusCode::BAD_REQUEST, "bad_query", Some(expected))
        );
        assert!(!api.message.is_empty());
    }

    #[test]
    fn query_mistakes_point_at_characters() {
        check_position("trade \"open", 6);
        // "é" is two bytes and one character.
        check_position("café \"open", 5);
        // A bad filter value: the caret under the value, after `country:`.
        check_position("country:atlantis", 8);
    }

    #[test]
    fn the_wire_form_keeps_every_key() {
        let wire = ApiError::not_found("no release with guid \"x\"").to_wire();
        let json = serde_json::to_value(&wire).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({"error": {"code": "not_found", "message": "no release with guid \"x\"", "position": null}})
        );
    }
}
