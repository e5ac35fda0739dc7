//! `pressdex serve`: the HTTP API and the search page, over the same library calls as the
//! command line. No search logic lives here: `api` calls `pressdex-index` and answers with
//! `pressdex::wire` types; `params` turns query strings into the library's requests with the
//! same parsers the flags use; `pool` runs searches on a bounded blocking pool; `download`
//! streams the CSV and Markdown exports from it; `page` is the
//! embedded page (`web/`); `error` the JSON errors; `respond` builds responses.
//!
//! Every response carries a Content-Security-Policy that allows scripts, styles and images from
//! the server only (no inline script or style), so text from a feed can never run as code; the
//! page inserts feed text as text nodes besides.

mod api;
mod download;
mod error;
mod page;
mod params;
mod pool;
mod respond;

use std::any::Any;
use std::future::{Future, IntoFuture};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use pressdex_index::ReleaseSearcher;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use self::api::AppState;
use self::error::ApiError;
use self::pool::Pool;
use crate::config::PoolLimits;
use crate::config::SearchFormat;

/// The policy every response carries: nothing but this server's own scripts, styles and
/// images (and `data:` images), no inline script or style, no framing by other sites.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// How long a graceful stop waits for requests in flight before it gives up on them.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// The routes, their middleware and their state.
pub fn router(searcher: ReleaseSearcher, limits: PoolLimits) -> Router {
    let state = AppState { searcher: Arc::new(searcher), pool: Pool::new(limits) };
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/dom.js", get(page::dom_script))
        .route("/timeline.js", get(page::timeline_script))
        .route("/app.css", get(page::style))
        .route("/favicon.svg", get(page::icon))
        .route("/healthz", get(api::healthz))
        .route("/api/search", get(api::search))
        .route(
            "/api/search.csv",
            get(|state: State<AppState>, raw: RawQuery| api::export(state, raw, SearchFormat::Csv)),
        )
        .route(
            "/api/search.md",
            get(|state: State<AppState>, raw: RawQuery| {
                api::export(state, raw, SearchFormat::Markdown)
            }),
        )
        .route("/api/facets", get(api::facets))
        .route("/api/releases/{*id}", get(api::release))
        .route("/api/stats", get(api::stats))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::REFERRER_POLICY, "no-referrer"))
        .layer(CatchPanicLayer::custom(|_: Box<dyn Any + Send + 'static>| {
            ApiError::internal("a request", &"its handler panicked").into_response()
        }))
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// Serves `router` on `listener` until `stop` completes, then lets requests in flight finish
/// (for [`STOP_GRACE`] at most).
///
/// # Errors
/// The listener cannot be handed to tokio.
pub async fn serve(
    listener: std::net::TcpListener,
    router: Router,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signal = Arc::clone(&stopping);
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
        stop.await;
        signal.notify_one();
    });
    tokio::select! {
        served = server.into_future() => served,
        () = async {
            stopping.notified().await;
            tokio::time::sleep(STOP_GRACE).await;
        } => Ok(()),
    }
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM.
pub async fn stop_signal() {
    let interrupt = async {
        // If the handler cannot be installed, the default (an immediate exit) stays.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// The URL a person opens for a server bound to `address`: an unspecified address (all
/// interfaces) is reached on this machine through loopback.
pub fn url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_url(address: &str, expected: &str) {
        assert_eq!(url(address.parse().expect("an address")), expected);
    }

    #[test]
    fn urls_a_person_can_open() {
        check_url("127.0.0.1:7700", "http://127.0.0.1:7700/");
        check_url("0.0.0.0:8080", "http://127.0.0.1:8080/");
        check_url("[::]:7700", "http://[::1]:7700/");
        check_url("[::1]:7700", "http://[::1]:7700/");
        check_url("192.0.2.7:80", "http://192.0.2.7:80/");
    }
}
