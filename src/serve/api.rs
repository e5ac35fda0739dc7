//! The API's handlers. Each reads its parameters (`params`), runs the same `pressdex-index`
//! call as the matching command on the search pool (`pool`), and answers with the same
//! `pressdex::wire` type as that command's `--json`. None of them writes.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use pressdex::wire;
use pressdex_index::{FacetOrder, Query, ReleaseSearcher, SearchRequest, index_stats};

use super::download;
use super::error::ApiError;
use super::params::{self, Counting};
use super::pool::Pool;
use super::respond;
use crate::config::SearchFormat;
use crate::print;
use crate::print::search::Page;
use crate::print::style::Style;

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

/// `GET /api/search`: a [`wire::SearchResults`], as `search --format json` prints it (the same
/// summary and hits, read the same way), with `took_ms`.
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
            let searching = |err| ApiError::from_index("searching", &params.text, &err);
            let prepared = searcher.prepare(&params.request).map_err(searching)?;
            let mut page = wire::SearchResults::summary(&params.text, &prepared, &params.request);
            prepared
                .for_each_hit(|hit| {
                    page.hits.push(wire::Hit::from(&hit));
                    Ok::<(), pressdex_index::Error>(())
                })
                .map_err(searching)?;
            page.took_ms = Some(u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
            Ok(page)
        })
        .await?;
    Ok(respond::json(StatusCode::OK, &page))
}

/// `GET /api/search.csv` and `.md`: what `pressdex search --format csv|markdown` prints for
/// the same query and filters, byte for byte (the same `print::search::print_hits`), as a
/// download that streams from the search pool (`download`).
pub async fn export(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    format: SearchFormat,
) -> Result<Response, ApiError> {
    let params = params::export(raw.as_deref())?;
    let (content_type, extension) = match format {
        SearchFormat::Markdown => ("text/markdown; charset=utf-8", "md"),
        _ => ("text/csv; charset=utf-8", "csv"),
    };
    let attachment = download::attachment(&params.text, extension);
    let searcher = Arc::clone(&state.searcher);
    let body = download::stream(&state.pool, move |out| {
        let started = Instant::now();
        let exporting = |err: &pressdex_index::Error| {
            ApiError::from_index("exporting a search", &params.text, err)
        };
        let prepared = searcher.prepare(&params.request).map_err(|err| exporting(&err))?;
        let summary = wire::SearchResults::summary(&params.text, &prepared, &params.request);
        let page = Page { summary, words: prepared.words(), all_words: params.request.all_words };
        print::search::print_hits(out, format, page, Style::plain(80), &prepared, started).map_err(
            |err| match err.downcast_ref::<pressdex_index::Error>() {
                Some(index) => exporting(index),
                // Nobody is left to answer or to log for: the job just ends.
                None if out.hung_up() => ApiError::hung_up(),
                None => ApiError::internal("exporting a search", &format!("{err:#}")),
            },
        )
    })
    .await?;
    Ok(respond::download(body, content_type, &attachment))
}

/// `GET /api/facets`: a [`wire::FacetsPage`] as `facets --json` counts it, or with `field` and
/// `by` a second facet the [`wire::Pivot`] `facets --field A --by B --json` prints.
pub async fn facets(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = params::facets(raw.as_deref())?;
    let searcher = Arc::clone(&state.searcher);
    match params.counting.clone() {
        Counting::Facets { dimensions, buckets } => {
            let page = state
                .pool
                .run(move || {
                    let counting =
                        |err| ApiError::from_index("counting facets", &params.text, &err);
                    let counts = searcher
                        .facets(&params.query, params.all_words, &dimensions, buckets)
                        .map_err(counting)?;
                    Ok(wire::FacetsPage::new(&counts))
                })
                .await?;
            Ok(respond::json(StatusCode::OK, &page))
        }
        Counting::Pivot { rows, columns } => {
            let table = state
                .pool
                .run(move || {
                    let counting =
                        |err| ApiError::from_index("counting facets", &params.text, &err);
                    let mut pivot = searcher
                        .pivot(&params.query, params.all_words, rows, columns)
                        .map_err(counting)?;
                    // Every value, in the order `facets --json` lists them.
                    pivot.arrange(FacetOrder::default(), FacetOrder::default());
                    Ok(wire::Pivot::from(&pivot))
                })
                .await?;
            Ok(respond::json(StatusCode::OK, &table))
        }
    }
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
