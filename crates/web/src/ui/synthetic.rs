//! 합성 자료 표시: a record made by the generator (the demo, a benchmark's dataset) is said to
//! be synthetic on every page. Whether it is is found once per page request and carried to the
//! layout for that request.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

tokio::task_local! {
    /// Whether the record this request's page shows is synthetic, found once per page request.
    static SYNTHETIC: bool;
}

/// Whether the page being drawn shows a synthetic record (false outside a page request).
pub fn shows_synthetic() -> bool {
    SYNTHETIC.try_with(|s| *s).unwrap_or(false)
}

/// Finds, for a page request, whether the record is synthetic, so that every page drawn for it
/// says so; API calls and static files skip the look-up.
pub async fn mark_synthetic(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("/api/") || path.starts_with("/static/") {
        return next.run(request).await;
    }
    let synthetic = state.store.shows_synthetic().await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "could not tell whether the record is synthetic");
        false
    });
    SYNTHETIC.scope(synthetic, next.run(request)).await
}
