//! 운영 지표: `/metrics` in the Prometheus text format — requests by route template, method and
//! status with their latency, the read cache's hits and misses, the connection pools — for the
//! IT team's monitoring. It answers only the addresses the deployment allows (loopback unless
//! configured): what it shows is operational, but not the public's.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::AppState;
use crate::failure::Failure;
use crate::page_cache::PageCache;
use crate::ui::error::PageFailure;
use crate::ui::lang::Lang;

/// A gauge and how it reads its value from the store's counts.
type StoreGauge = (IntGauge, fn(&sandan_store::StoreGauges) -> i64);

/// This server's registry: one per router, so that servers in one process never mix.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    seconds: HistogramVec,
    gauges: [StoreGauge; 7],
    /// Messages in the outbox by status: alert on `failed` rising or `queued` not falling.
    mail: IntGaugeVec,
    /// Anonymous reads answered from the page cache, and drawn for it.
    kept: IntGaugeVec,
}

fn gauge(registry: &Registry, name: &str, help: &str) -> IntGauge {
    let gauge = IntGauge::new(name, help).expect("a valid gauge");
    registry.register(Box::new(gauge.clone())).expect("registered once");
    gauge
}

impl Metrics {
    pub fn new() -> Arc<Metrics> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "sandan_http_requests_total",
                "Requests answered, by route template, method and status.",
            ),
            &["route", "method", "status"],
        )
        .expect("valid counter");
        let seconds = HistogramVec::new(
            HistogramOpts::new(
                "sandan_http_request_duration_seconds",
                "Time to answer, by route template and method.",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["route", "method"],
        )
        .expect("valid histogram");
        registry.register(Box::new(requests.clone())).expect("registered once");
        registry.register(Box::new(seconds.clone())).expect("registered once");
        let gauges: [StoreGauge; 7] = [
            (
                gauge(
                    &registry,
                    "sandan_read_cache_hits_total",
                    "Shared reads answered from the cache.",
                ),
                |g| g.cache_hits as i64,
            ),
            (
                gauge(
                    &registry,
                    "sandan_read_cache_misses_total",
                    "Shared reads computed afresh.",
                ),
                |g| g.cache_misses as i64,
            ),
            (
                gauge(
                    &registry,
                    "sandan_db_read_connections",
                    "Connections open in the read pool.",
                ),
                |g| i64::from(g.read_connections),
            ),
            (
                gauge(&registry, "sandan_db_read_idle", "Idle connections in the read pool."),
                |g| g.read_idle as i64,
            ),
            (
                gauge(
                    &registry,
                    "sandan_db_write_connections",
                    "Connections open in the writer pool.",
                ),
                |g| i64::from(g.write_connections),
            ),
            (
                gauge(
                    &registry,
                    "sandan_db_write_idle",
                    "Idle connections in the writer pool.",
                ),
                |g| g.write_idle as i64,
            ),
            (
                gauge(
                    &registry,
                    "sandan_db_write_groups_total",
                    "Groups of changes committed together, under one flush to disk, since the start.",
                ),
                |g| g.write_groups as i64,
            ),
        ];
        let mail = IntGaugeVec::new(
            Opts::new("sandan_mail_messages", "Messages in the outbox, by status."),
            &["status"],
        )
        .expect("valid gauge");
        registry.register(Box::new(mail.clone())).expect("registered once");
        let kept = IntGaugeVec::new(
            Opts::new(
                "sandan_page_cache_total",
                "Anonymous reads answered from the page cache (hit) or drawn for it (miss) since the start.",
            ),
            &["result"],
        )
        .expect("valid gauge");
        registry.register(Box::new(kept.clone())).expect("registered once");
        Arc::new(Metrics {
            registry,
            requests,
            seconds,
            gauges,
            mail,
            kept,
        })
    }
}

/// The route template a response was routed by, left on it for the page cache, which answers
/// later requests of the same page without routing them and counts them under it.
#[derive(Clone, Debug)]
pub struct Route(pub Arc<str>);

impl Metrics {
    /// Counts one answer under its route template and times it.
    pub fn observe(&self, route: &str, method: &str, status: axum::http::StatusCode, took: std::time::Duration) {
        self.seconds
            .with_label_values(&[route, method])
            .observe(took.as_secs_f64());
        self.requests.with_label_values(&[route, method, status.as_str()]).inc();
    }
}

/// Counts and times every routed request under its route template (`/rounds/{year}`), never
/// its raw path, so the series stay few.
pub async fn record(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route: Arc<str> = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| Arc::from("unmatched"), |m| Arc::from(m.as_str()));
    let method = request.method().to_string();
    let started = Instant::now();
    let mut response = next.run(request).await;
    metrics.observe(&route, &method, response.status(), started.elapsed());
    response.extensions_mut().insert(Route(route));
    response
}

/// GET /metrics, for the addresses the deployment allows.
pub async fn scrape(
    State(state): State<AppState>,
    axum::Extension(metrics): axum::Extension<Arc<Metrics>>,
    axum::Extension(page_cache): axum::Extension<PageCache>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Response {
    // Through a proxy on this machine every request comes from loopback: the client the proxy
    // forwards for is the one that must be allowed.
    if !state
        .deployment
        .may_scrape(state.deployment.client(peer.ip(), &headers))
    {
        let refused = Failure::Forbidden(
            "이 주소에서는 운영 지표를 볼 수 없습니다. 서버 설정 server.metrics_from(--metrics-from)에 있는 주소에서만 볼 수 있습니다."
                .into(),
        );
        return PageFailure(refused, Lang::Ko).into_response();
    }
    let store = state.store.gauges();
    let (hits, misses) = page_cache.counts();
    metrics.kept.with_label_values(&["hit"]).set(hits as i64);
    metrics.kept.with_label_values(&["miss"]).set(misses as i64);
    for (gauge, read) in &metrics.gauges {
        gauge.set(read(&store));
    }
    match state.store.outbox_counts().await {
        Ok(c) => {
            for (status, n) in [
                ("queued", c.queued),
                ("sending", c.sending),
                ("sent", c.sent),
                ("failed", c.failed),
            ] {
                metrics.mail.with_label_values(&[status]).set(n);
            }
        }
        Err(e) => tracing::warn!(error = %e, "발송함 수를 읽지 못했습니다"),
    }
    let mut text = Vec::new();
    if let Err(e) = TextEncoder::new().encode(&metrics.registry.gather(), &mut text) {
        tracing::error!(error = %e, "metrics could not be written");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        text,
    )
        .into_response()
}
