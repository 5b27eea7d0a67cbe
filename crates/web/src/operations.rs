//! 운영: the health endpoint load balancers and monitors poll, and the request log — every
//! request gets an id (the caller's `x-request-id` when it sends a sane one), logged with its
//! method, path, client address, status and time, and returned in the response so a complaint can be traced.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::Json;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tracing::Instrument;

use crate::AppState;

#[derive(Serialize)]
pub struct Health {
    /// "ok" or "unavailable"
    pub status: &'static str,
    pub database: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<i64>,
    pub version: &'static str,
}

/// GET /health — 200 when the database answers, 503 when it does not. Says nothing private.
pub async fn health(State(state): State<AppState>) -> Response {
    let database = state.store.backend().name();
    let version = env!("CARGO_PKG_VERSION");
    match state.store.schema_version().await {
        Ok(v) => Json(Health {
            status: "ok",
            database,
            schema_version: Some(v),
            version,
        })
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: the database does not answer");
            let body = Health {
                status: "unavailable",
                database,
                schema_version: None,
                version,
            };
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A caller's id is kept if it is short and plain; otherwise the server makes one.
fn request_id(req: &Request) -> String {
    let sent = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    match sent {
        Some(id) => id.to_string(),
        None => format!("{:x}-{}", std::process::id(), NEXT_ID.fetch_add(1, Ordering::Relaxed)),
    }
}

/// The path as the log shows it: a calendar feed's path is its secret token, which would let
/// anyone reading the logs subscribe to that person's deadlines, so it is masked.
fn logged_path(path: &str) -> &str {
    if path.starts_with("/calendar/") {
        "/calendar/(token)"
    } else {
        path
    }
}

pub async fn log_request(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let id = request_id(&req);
    // The client as the proxy rule finds it, the same address the audit trail records.
    let client = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| state.deployment.client(peer.ip(), req.headers()).to_string())
        .unwrap_or_default();
    let span = tracing::info_span!("request", id = %id, method = %req.method(), path = %logged_path(req.uri().path()), client = %client);
    let started = Instant::now();
    let mut response = next.run(req).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, ms, "response");
        } else {
            tracing::info!(status, ms, "response");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::logged_path;

    #[test]
    fn a_calendar_feeds_token_never_reaches_the_log() {
        let token = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assert_eq!(logged_path(&format!("/calendar/{token}.ics")), "/calendar/(token)");
        assert_eq!(
            logged_path("/rounds/2027/proposals/gyeonggi"),
            "/rounds/2027/proposals/gyeonggi"
        );
    }
}
