//! 화면 캐시: the public pages and JSON an anonymous visitor reads, kept as sent until anything
//! they show changes. Every change appends to the audit chain and, unless nobody outside can see
//! it (a draft saved, a score sheet, a sign-in), moves its public sequence number; so an answer
//! kept under the number read before it was drawn is exactly what drawing it again would give —
//! on every instance, since the number is read from the shared database (remembered for 50 ms
//! at most, and forgotten at once by a change made through the same instance). What changes
//! with the clock alone (a call's 접수 중 turning 마감) is drawn again after [`FRESH_FOR`].
//!
//! A page nobody has kept yet is drawn once however many ask for it at the same moment: the
//! others wait for that drawing and are served what it kept. After a public change the readers
//! of the national dashboard would otherwise each add up the whole program at once, the same
//! work and the same memory many times over.
//!
//! Only requests without a cookie or a token are served from here: whatever a signed-in
//! official sees may depend on who she is, and a visitor's first sign-in form sets a cookie.
//!
//! A kept answer is also kept gzip-compressed, once, and sent so to every client that accepts
//! it (every browser does): compressing on each request would cost more than drawing the page,
//! and the national dashboard's JSON goes out as 125 KB of its 2.7 MB. A kept page carries an
//! ETag (the JSON has its own), so a browser that holds it asks again with `If-None-Match` and
//! gets 304 without the page being drawn or sent.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::watch;

use crate::AppState;
use crate::metrics::{Metrics, Route};
use crate::ui::revalidate::{lists, tag_of};

/// How long an answer is kept when nothing changes: what a page says of the clock (a deadline
/// passed, 처리 기한 D-day) is at most this late.
const FRESH_FOR: Duration = Duration::from_secs(60);
/// The largest answer kept; larger ones are drawn every time. The national dashboard's JSON
/// (2.7 MB at national scale) fits: drawn each time, it ran at 3 % of the static file.
const LARGEST: usize = 4 << 20;
/// All kept answers together: within the 100 MB the server is to run in.
const BUDGET: usize = 24 << 20;

/// Answers smaller than this go out as they are: compressing them saves too little.
const GZIP_FROM: usize = 1 << 10;

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
    /// `body` gzip-compressed, when that is smaller.
    gzipped: Option<Bytes>,
}

impl Kept {
    /// What it holds, in bytes.
    fn size(&self) -> usize {
        self.body.len() + self.gzipped.as_ref().map_or(0, Bytes::len)
    }

    /// The answer as sent to a client that does or does not accept gzip; 304 with no body when
    /// the client's `If-None-Match` (`known`) names it.
    fn response(&self, gzip: bool, known: Option<&str>) -> Response {
        let mut headers = self.headers.clone();
        let unchanged = known.is_some_and(|known| {
            headers
                .get(header::ETAG)
                .and_then(|t| t.to_str().ok())
                .is_some_and(|tag| lists(known, tag, true))
        });
        let body = match &self.gzipped {
            Some(gzipped) if gzip => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                headers.remove(header::CONTENT_LENGTH);
                // The compressed bytes are another representation: its tag is only weakly the
                // same (a revalidation compares weakly, so it still matches).
                if let Some(tag) = headers.get(header::ETAG).and_then(|t| t.to_str().ok())
                    && !tag.starts_with("W/")
                    && let Ok(weak) = HeaderValue::from_str(&format!("W/{tag}"))
                {
                    headers.insert(header::ETAG, weak);
                }
                gzipped.clone()
            }
            _ => self.body.clone(),
        };
        if unchanged {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
                for value in headers.get_all(&name) {
                    response.headers_mut().append(&name, value.clone());
                }
            }
            return response;
        }
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = self.status;
        *response.headers_mut() = headers;
        response
    }
}

/// `plain` gzip-compressed, if that makes it smaller.
fn gzipped(plain: &[u8]) -> Option<Bytes> {
    use std::io::Write;
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(plain.len() / 4), flate2::Compression::default());
    encoder.write_all(plain).ok()?;
    let compressed = encoder.finish().ok()?;
    (compressed.len() < plain.len()).then(|| Bytes::from(compressed))
}

/// Whether the request's `Accept-Encoding` takes gzip (by name, or by `*`), not refused with
/// `q=0`.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut any = false;
    for item in headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let mut parameters = item.split(';');
        let coding = parameters.next().unwrap_or_default().trim();
        let refused = parameters.any(|p| {
            let p = p.trim();
            let q = p.strip_prefix("q=").or_else(|| p.strip_prefix("Q="));
            q.and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q == 0.0)
        });
        if coding.eq_ignore_ascii_case("gzip") {
            return !refused;
        }
        if coding == "*" {
            any = !refused;
        }
    }
    any
}

/// The kept answers, by host and address; shared by the instance's request threads.
#[derive(Clone, Default)]
pub struct PageCache {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    kept: Mutex<(HashMap<String, Kept>, usize)>,
    /// The keys being drawn now, each with what ends when its drawing does.
    drawing: Mutex<HashMap<String, watch::Receiver<()>>>,
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

    fn get(&self, key: &str, version: i64, gzip: bool, known: Option<&str>) -> Option<(Response, Option<Route>)> {
        let kept = self.inner.kept.lock().unwrap_or_else(|e| e.into_inner());
        let k = kept.0.get(key)?;
        if k.version != version || k.at.elapsed() > FRESH_FOR {
            return None;
        }
        Some((k.response(gzip, known), k.route.clone()))
    }

    fn put(&self, key: String, kept: Kept) {
        let mut guard = self.inner.kept.lock().unwrap_or_else(|e| e.into_inner());
        let (map, size) = &mut *guard;
        if *size + kept.size() > BUDGET {
            // Whatever is old goes first; if the rest still fills the budget, everything does
            // (a crawler walking every page must not grow the server).
            map.retain(|_, k| k.at.elapsed() <= FRESH_FOR);
            *size = map.values().map(Kept::size).sum();
            if *size + kept.size() > BUDGET {
                map.clear();
                *size = 0;
            }
        }
        *size += kept.size();
        if let Some(old) = map.insert(key, kept) {
            *size -= old.size();
        }
    }
}

/// Whose turn it is to draw a page that is not kept.
enum Turn {
    /// This request draws it; the others wait until the guard is dropped.
    Draw(Drawing),
    /// Another request is drawing it: this ends (with an error, as the sender goes) when it has.
    Wait(watch::Receiver<()>),
}

/// A key being drawn: dropped when the drawing is kept, fails or is abandoned (the client went
/// away), so nobody waits for a drawing that will not come.
struct Drawing {
    inner: Arc<Inner>,
    key: String,
    _done: watch::Sender<()>,
}

impl Drop for Drawing {
    fn drop(&mut self) {
        self.inner
            .drawing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

impl PageCache {
    /// Draw `key`, or wait for the request already drawing it.
    fn turn(&self, key: &str) -> Turn {
        let mut drawing = self.inner.drawing.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = drawing.get(key) {
            return Turn::Wait(done.clone());
        }
        let (done, receiver) = watch::channel(());
        drawing.insert(key.to_string(), receiver);
        Turn::Draw(Drawing {
            inner: self.inner.clone(),
            key: key.to_string(),
            _done: done,
        })
    }
}

/// The key of a request the cache may answer, or `None` when it must be drawn: not a plain
/// anonymous GET, or a live path.
fn key_of(request: &Request) -> Option<String> {
    let headers = request.headers();
    let path = request.uri().path();
    let personal = [header::COOKIE, header::AUTHORIZATION]
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
    let gzip = accepts_gzip(request.headers());
    let known = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // Read before drawing: a change committing meanwhile leaves the answer under the older
    // number, drawn again on the next request rather than served as newer than it is.
    let version = match state.store.public_seq().await {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the change number; the page is drawn");
            return next.run(request).await;
        }
    };
    // Kept, or drawn by this request, or kept by the one drawing it when this asked; a second
    // wait is not taken (what was drawn could not be kept, or is already older than asked).
    let mut waited = false;
    let _drawing = loop {
        if let Some((kept, route)) = cache.get(&key, version, gzip, known.as_deref()) {
            cache.inner.hits.fetch_add(1, Ordering::Relaxed);
            if let Some(Route(route)) = route {
                metrics.observe(&route, "GET", kept.status(), started.elapsed());
            }
            return kept;
        }
        match cache.turn(&key) {
            Turn::Draw(drawing) => break Some(drawing),
            Turn::Wait(mut done) if !waited => {
                waited = true;
                // Never sent on: it ends when the drawing's sender is dropped.
                let _ = done.changed().await;
            }
            Turn::Wait(_) => break None,
        }
    };
    cache.inner.misses.fetch_add(1, Ordering::Relaxed);
    let response = next.run(request).await;
    if !keepable(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, LARGEST).await else {
        // The size was known, so this is a body that failed while it was read.
        let mut failed = Response::new(Body::empty());
        *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        return failed;
    };
    // A cache between here and the client must keep the two encodings apart.
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    // A page is tagged here, once; the JSON was tagged within. Either is used only after
    // asking whether it is still current, and only by the browser that asked.
    if !parts.headers.contains_key(header::ETAG)
        && let Ok(tag) = HeaderValue::from_str(&tag_of(&body))
    {
        parts.headers.insert(header::ETAG, tag);
        parts
            .headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("private, no-cache"));
    }
    let gzipped = if body.len() >= GZIP_FROM {
        let plain = body.clone();
        tokio::task::spawn_blocking(move || gzipped(&plain))
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    let kept = Kept {
        route: parts.extensions.get::<Route>().cloned(),
        version,
        at: Instant::now(),
        status: parts.status,
        headers: parts.headers.clone(),
        body,
        gzipped,
    };
    let mut response = kept.response(gzip, known.as_deref());
    *response.extensions_mut() = parts.extensions;
    cache.put(key, kept);
    response
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
            gzipped: None,
        }
    }

    fn accepting(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn gzip_is_sent_where_it_is_named_or_wildcarded_and_not_refused() {
        for yes in [
            "gzip",
            "gzip, deflate, br, zstd",
            "br;q=1.0, GZIP;q=0.5",
            "*",
            "deflate, *;q=0.1",
        ] {
            assert!(accepts_gzip(&accepting(yes)), "{yes}");
        }
        for no in [
            "",
            "identity",
            "gzip;q=0",
            "gzip; q=0.0",
            "*;q=0",
            "gzip;q=0, *",
            "deflate, br",
        ] {
            assert!(!accepts_gzip(&accepting(no)), "{no}");
        }
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn the_budget_counts_both_encodings_of_an_answer() {
        let cache = PageCache::default();
        let mut both = kept(1, 100);
        both.gzipped = gzipped(&both.body);
        let compressed = both.gzipped.as_ref().map(Bytes::len).expect("repeated bytes compress");
        cache.put("h /".into(), both);
        assert_eq!(cache.inner.kept.lock().unwrap().1, 100 + compressed);
    }

    #[test]
    fn an_answer_is_served_only_under_the_change_number_it_was_drawn_at() {
        let cache = PageCache::default();
        cache.put("h /".into(), kept(7, 10));
        assert!(cache.get("h /", 7, false, None).is_some());
        assert!(
            cache.get("h /", 8, true, None).is_none(),
            "a change since makes it stale"
        );
        assert!(cache.get("h /other", 7, false, None).is_none());
    }

    #[tokio::test]
    async fn one_request_draws_a_page_and_the_others_wait_until_it_is_done() {
        let cache = PageCache::default();
        let Turn::Draw(first) = cache.turn("h /") else {
            panic!("the first draws")
        };
        let Turn::Wait(mut waiting) = cache.turn("h /") else {
            panic!("the second waits")
        };
        assert!(
            matches!(cache.turn("h /other"), Turn::Draw(_)),
            "another page is drawn at once"
        );
        let waiter = tokio::spawn(async move { waiting.changed().await.is_err() });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished(), "still waiting while the page is drawn");
        drop(first);
        assert!(waiter.await.unwrap(), "released when the drawing ends");
        assert!(matches!(cache.turn("h /"), Turn::Draw(_)), "the next draws again");
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
        let revalidation = Request::get("/rounds/2021")
            .header(header::IF_NONE_MATCH, "\"a\"")
            .body(Body::empty())
            .unwrap();
        assert!(
            key_of(&revalidation).is_some(),
            "a revalidation is answered from the cache"
        );
        for personal in [header::COOKIE, header::AUTHORIZATION] {
            let r = Request::get("/").header(personal, "x").body(Body::empty()).unwrap();
            assert_eq!(key_of(&r), None);
        }
        for path in ["/health", "/metrics", "/static/app.css"] {
            assert_eq!(key_of(&Request::get(path).body(Body::empty()).unwrap()), None);
        }
        assert_eq!(key_of(&Request::post("/").body(Body::empty()).unwrap()), None);
    }
}
