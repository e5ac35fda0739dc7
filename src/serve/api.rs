//! The API's handlers. Each reads its parameters (`params`), runs the same `pressdex-index`
//! call as the matching command on the search pool (`pool`), and answers with the same
//! `pressdex::wire` type as that command's `--json`. None of them writes.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use pressdex::wire;
use pressdex_index::{Query, ReleaseSearcher, SearchRequest, index_stats};

use super::error::ApiError;
use super::params;
use super::pool::Pool;
use super::respond;

/// Values `/api/stats` lists per facet, as `pressdex stats`.
const STATS_TOP: usize = 10;

/// What every handler shares: one searcher, whose reader follows the index's commits, and the
/// pool searches run on.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The open index.
    pub searcher: Arc<ReleaseSearcher>,
    /// The bounded search pool.
    pub pool: Pool,
}

/// `GET /api/search`: a [`wire::SearchPage`].
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = params::search(raw.as_deref())?;
    let searcher = Arc::clone(&state.searcher);
    let page = state
        .pool
        .run(move || {
            let started = Instant::now();
            let results = searcher
                .search(&params.request)
                .map_err(|err| ApiError::from_index("searching", &params.text, &err))?;
            Ok(wire::SearchPage::new(&params.text, &params.request, &results, started.elapsed()))
        })
        .await?;
    Ok(respond::json(StatusCode::OK, &page))
}

/// `GET /api/search.csv` and `.md`: the export formats of `pressdex search --format csv|markdown`
/// as downloads. They answer 501 until the export writers land (issue 14): the server will
/// call those writers, never one of its own.
pub async fn export(RawQuery(raw): RawQuery, format: &'static str) -> Result<Response, ApiError> {
    // The parameters are checked now, so a bad query is a 400 today as it will be then.
    params::search(raw.as_deref())?;
    Err(ApiError::not_implemented(format!(
        "{format} export arrives with the export formats of `pressdex search --format {format}`"
    )))
}

/// `GET /api/facets`: a [`wire::FacetsPage`].
pub async fn facets(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = params::facets(raw.as_deref())?;
    let searcher = Arc::clone(&state.searcher);
    let page = state
        .pool
        .run(move || {
            let counts = searcher
                .facets(&params.query, params.all_words, &params.dimensions, params.buckets)
                .map_err(|err| ApiError::from_index("counting facets", &params.text, &err))?;
            Ok(wire::FacetsPage::new(&counts))
        })
        .await?;
    Ok(respond::json(StatusCode::OK, &page))
}

/// `GET /api/releases/{id}`: the [`wire::Release`] whose guid or link is `id`, as
/// `pressdex show --json`; 404 when there is none.
pub async fn release(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let searcher = Arc::clone(&state.searcher);
    let release = state
        .pool
        .run(move || {
            let found = searcher
                .get(&id)
                .map_err(|err| ApiError::from_index("looking up a release", &id, &err))?;
            found.map(|release| wire::Release::from(&release)).ok_or_else(|| {
                ApiError::not_found(format!("no release with the guid or link {id:?}"))
            })
        })
        .await?;
    Ok(respond::json(StatusCode::OK, &release))
}

/// `GET /api/stats`: [`wire::Stats`], as `pressdex stats --json`.
pub async fn stats(State(state): State<AppState>) -> Result<Response, ApiError> {
    let searcher = Arc::clone(&state.searcher);
    let stats = state
        .pool
        .run(move || {
            let stats = index_stats(searcher.index(), STATS_TOP)
                .map_err(|err| ApiError::from_index("reading stats", "", &err))?;
            Ok(wire::Stats::from(&stats))
        })
        .await?;
    Ok(respond::json(StatusCode::OK, &stats))
}

/// `GET /healthz`: [`wire::Health`] when the index answers a search.
pub async fn healthz(State(state): State<AppState>) -> Result<Response, ApiError> {
    let searcher = Arc::clone(&state.searcher);
    let health = state
        .pool
        .run(move || {
            let mut count = SearchRequest::new(Query::default());
            count.limit = 0;
            let results = searcher
                .search(&count)
                .map_err(|err| ApiError::from_index("checking health", "", &err))?;
            Ok(wire::Health { status: "ok".to_string(), releases: results.total as u64 })
        })
        .await?;
    Ok(respond::json(StatusCode::OK, &health))
}

/// Any other path: 404 JSON.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such page or endpoint")
}

/// Any method but GET and HEAD: 405 JSON.
pub async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}
