//! 화면 캐시: the public pages and JSON an anonymous visitor reads, kept as sent until anything
//! they show changes. Every change appends to the audit chain and, unless nobody outside can see
//! it (a draft saved, a score sheet, a sign-in), moves its public sequence number; so an answer
//! kept under the number read before it was drawn is exactly what drawing it again would give —
//! on every instance, since the number is read from the shared database (remembered for 50 ms
//! at most, and forgotten at once by a change made through the same instance). What changes
//! with the clock alone (a call's 접수 중 turning 마감) is drawn again after [`FRESH_FOR`].
//!
//! Only requests without a cookie or a token are served from here: whatever a signed-in
//! official sees may depend on who she is, and a visitor's first sign-in form sets a cookie.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;
use crate::metrics::{Metrics, Route};

/// How long an answer is kept when nothing changes: what a page says of the clock (a deadline
/// passed, 처리 기한 D-day) is at most this late.
const FRESH_FOR: Duration = Duration::from_secs(60);
/// The largest answer kept; larger ones are drawn every time. The national dashboard's JSON
/// (2.7 MB at national scale) fits: drawn each time, it ran at 3 % of the static file.
const LARGEST: usize = 4 << 20;
/// All kept answers together: within the 100 MB the server is to run in.
const BUDGET: usize = 24 << 20;

/// Paths never kept: live figures and files served from disk anyway.
const LIVE: [&str; 3] = ["/health", "/metrics", "/static/"];

struct Kept {
    /// The route template it was drawn by, to count a kept answer where a drawn one counts.
    route: Option<Route>,
    version: i64,
    at: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// The kept answers, by host and address; shared by the instance's request threads.
#[derive(Clone, Default)]
pub struct PageCache {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    kept: Mutex<(HashMap<String, Kept>, usize)>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl PageCache {
    /// Answers served from the cache, and answers drawn for it, since the start.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.inner.hits.load(Ordering::Relaxed),
            self.inner.misses.load(Ordering::Relaxed),
        )
    }

    fn get(&self, key: &str, version: i64) -> Option<(Response, Option<Route>)> {
        let kept = self.inner.kept.lock().unwrap_or_else(|e| e.into_inner());
        let k = kept.0.get(key)?;
        if k.version != version || k.at.elapsed() > FRESH_FOR {
            return None;
        }
        let mut response = Response::new(Body::from(k.body.clone()));
        *response.status_mut() = k.status;
        *response.headers_mut() = k.headers.clone();
        Some((response, k.route.clone()))
    }

    fn put(&self, key: String, kept: Kept) {
        let mut guard = self.inner.kept.lock().unwrap_or_else(|e| e.into_inner());
        let (map, size) = &mut *guard;
        if *size + kept.body.len() > BUDGET {
            // Whatever is old goes first; if the rest still fills the budget, everything does
            // (a crawler walking every page must not grow the server).
            map.retain(|_, k| k.at.elapsed() <= FRESH_FOR);
            *size = map.values().map(|k| k.body.len()).sum();
            if *size + kept.body.len() > BUDGET {
                map.clear();
                *size = 0;
            }
        }
        *size += kept.body.len();
        if let Some(old) = map.insert(key, kept) {
            *size -= old.body.len();
        }
    }
}

/// The key of a request the cache may answer, or `None` when it must be drawn: not a plain
/// anonymous GET, a live path, or a revalidation (answered by the ETag layer within).
fn key_of(request: &Request) -> Option<String> {
    let headers = request.headers();
    let path = request.uri().path();
    let personal = [header::COOKIE, header::AUTHORIZATION, header::IF_NONE_MATCH]
        .iter()
        .any(|h| headers.contains_key(h));
    if request.method() != Method::GET || personal || LIVE.iter().any(|live| path.starts_with(live)) {
        return None;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    Some(format!("{host} {}", request.uri()))
}

/// Whether `response` may be kept: a whole page or JSON, small enough, setting nothing.
fn keepable(response: &Response) -> bool {
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && (kind.starts_with("text/html") || kind.starts_with("application/json"))
        && response.body().size_hint().exact().is_some_and(|n| n <= LARGEST as u64)
}

/// Serves an anonymous read from the cache when nothing has changed since it was drawn, and
/// keeps what it draws.
pub async fn serve_kept(
    State((state, cache, metrics)): State<(AppState, PageCache, Arc<Metrics>)>,
    request: Request,
    next: Next,
) -> Response {
    let Some(key) = key_of(&request) else {
        return next.run(request).await;
    };
    let started = Instant::now();
    // Read before drawing: a change committing meanwhile leaves the answer under the older
    // number, drawn again on the next request rather than served as newer than it is.
    let version = match state.store.public_seq().await {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the change number; the page is drawn");
            return next.run(request).await;
        }
    };
    if let Some((kept, route)) = cache.get(&key, version) {
        cache.inner.hits.fetch_add(1, Ordering::Relaxed);
        if let Some(Route(route)) = route {
            metrics.observe(&route, "GET", kept.status(), started.elapsed());
        }
        return kept;
    }
    cache.inner.misses.fetch_add(1, Ordering::Relaxed);
    let response = next.run(request).await;
    if !keepable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, LARGEST).await else {
        // The size was known, so this is a body that failed while it was read.
        let mut failed = Response::new(Body::empty());
        *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        return failed;
    };
    cache.put(
        key,
        Kept {
            route: parts.extensions.get::<Route>().cloned(),
            version,
            at: Instant::now(),
            status: parts.status,
            headers: parts.headers.clone(),
            body: body.clone(),
        },
    );
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(version: i64, bytes: usize) -> Kept {
        Kept {
            route: None,
            version,
            at: Instant::now(),
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; bytes]),
        }
    }

    #[test]
    fn an_answer_is_served_only_under_the_change_number_it_was_drawn_at() {
        let cache = PageCache::default();
        cache.put("h /".into(), kept(7, 10));
        assert!(cache.get("h /", 7).is_some());
        assert!(cache.get("h /", 8).is_none(), "a change since makes it stale");
        assert!(cache.get("h /other", 7).is_none());
    }

    #[test]
    fn the_kept_answers_never_hold_more_than_the_budget() {
        let cache = PageCache::default();
        for n in 0..100 {
            cache.put(format!("h /{n}"), kept(1, LARGEST));
            let (map, size) = &*cache.inner.kept.lock().unwrap();
            assert!(*size <= BUDGET, "{size}");
            assert_eq!(*size, map.values().map(|k| k.body.len()).sum::<usize>());
        }
        cache.put("h /0".into(), kept(1, 5));
        cache.put("h /0".into(), kept(2, 3));
        let (map, size) = &*cache.inner.kept.lock().unwrap();
        assert_eq!(
            *size,
            map.values().map(|k| k.body.len()).sum::<usize>(),
            "a replaced answer is not counted twice"
        );
    }

    #[test]
    fn only_a_plain_anonymous_get_of_a_page_is_looked_up() {
        let plain = Request::get("/rounds/2021")
            .header(header::HOST, "sandan.go.kr")
            .body(Body::empty())
            .unwrap();
        assert_eq!(key_of(&plain).as_deref(), Some("sandan.go.kr /rounds/2021"));
        for personal in [header::COOKIE, header::AUTHORIZATION, header::IF_NONE_MATCH] {
            let r = Request::get("/").header(personal, "x").body(Body::empty()).unwrap();
            assert_eq!(key_of(&r), None);
        }
        for path in ["/health", "/metrics", "/static/app.css"] {
            assert_eq!(key_of(&Request::get(path).body(Body::empty()).unwrap()), None);
        }
        assert_eq!(key_of(&Request::post("/").body(Body::empty()).unwrap()), None);
    }
}
