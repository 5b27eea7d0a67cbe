//! Sandan's web pages and JSON API: thin shells that read the store and hand domain values to
//! templates or to JSON.
//!
//! One folder per area of the program, mirroring the domain and the store; each declares its
//! routes, with its page and API handlers side by side (see each area's doc for the domain and
//! store modules it stands on):
//!
//! | area | what |
//! |---|---|
//! | [`public`] | overview, rounds, plans, complexes, dashboard |
//! | [`call`] | opening a round, the call, provinces' proposals and imports |
//! | [`evaluation`] | the panel, score sheets, results and exports |
//! | [`decisions`] | the committee's decisions and published results |
//! | [`package`] | support programs, projects' budgets and execution |
//! | [`results`] | goal tracking, measurements, the firm register |
//! | [`reports`] | official documents for download |
//! | [`accounts`] | sign-in, account, tokens, users, audit trail |
//! | [`registry`] | loading 한국산업단지공단's registry file |
//!
//! Beneath the areas: [`ui`] (layout, errors, forms, charts, map), [`auth`] (who is asking),
//! [`failure`] (what went wrong), [`clock`], [`offload`] (heavy work off the request
//! threads) and [`deployment`] (proxies, the client's address, https). Nothing beneath imports
//! an area.

mod accounts;
mod auth;
mod call;
mod clock;
mod decisions;
mod deployment;
mod evaluation;
mod failure;
mod grievances;
pub mod mail;
mod metrics;
mod offload;
mod openapi;
mod operations;
mod package;
mod page_cache;
mod public;
mod registry;
mod reports;
mod results;
mod tasks;
pub mod tls;
mod ui;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::routing::{MethodRouter, get};
use axum::serve::ListenerExt;
use sandan_store::Store;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub use crate::call::project_list;
pub use crate::clock::today;
pub use crate::deployment::{Deployment, networks};
use crate::failure::Failure;
pub use crate::registry::file::read_registry_file;
use crate::ui::error::PageFailure;
pub use crate::ui::lang::Lang;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// How this instance is reached: its public address and the proxies in front of it.
    pub deployment: std::sync::Arc<Deployment>,
}

/// Where the front-end files are: `web/` of the repository, holding `static/` (ours) and
/// `node_modules/` (KRDS, installed by `./run` and `./test`).
#[derive(Clone, Debug)]
pub struct Assets {
    pub web_dir: PathBuf,
}

impl Assets {
    /// `web/` under the working directory, else the one beside this crate's source (so a
    /// binary run from elsewhere in the checkout still finds it).
    pub fn locate() -> Assets {
        let here = PathBuf::from("web");
        let web_dir = if here.join("static").is_dir() {
            here
        } else {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web")
        };
        Assets { web_dir }
    }

    pub fn krds_dir(&self) -> PathBuf {
        self.web_dir.join("node_modules/krds-uiux/resources")
    }

    /// Whether KRDS is installed; the pages are usable without it, but not styled.
    pub fn has_krds(&self) -> bool {
        self.krds_dir().join("css/component/output.css").is_file()
    }
}

/// Every page and API route. The authorization matrix test walks this list, so a route added
/// here without an entry in the matrix fails the suite.
fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let mut routes = vec![
        ("/health", get(operations::health)),
        ("/metrics", get(metrics::scrape)),
        ("/api/v1/openapi.json", get(openapi::document)),
    ];
    for area in [
        public::routes,
        call::routes,
        evaluation::routes,
        decisions::routes,
        package::routes,
        results::routes,
        reports::routes,
        accounts::routes,
        tasks::routes,
        mail::routes,
        grievances::routes,
        registry::routes,
    ] {
        routes.extend(area());
    }
    routes
}

/// The paths the app routes, for tests that must cover every one.
pub fn route_paths() -> Vec<&'static str> {
    routes().into_iter().map(|(path, _)| path).collect()
}

pub fn router(state: AppState, assets: &Assets) -> Router {
    let failures = axum::middleware::from_fn_with_state(state.clone(), ui::refusals::show_failures);
    let synthetic = axum::middleware::from_fn_with_state(state.clone(), ui::synthetic::mark_synthetic);
    let https = axum::middleware::from_fn_with_state(state.clone(), deployment::enforce_https);
    let log = axum::middleware::from_fn_with_state(state.clone(), operations::log_request);
    let measured = metrics::Metrics::new();
    let page_cache = page_cache::PageCache::default();
    let kept = axum::middleware::from_fn_with_state(
        (state.clone(), page_cache.clone(), measured.clone()),
        page_cache::serve_kept,
    );
    let app = routes()
        .into_iter()
        .fold(Router::new(), |router, (path, methods)| router.route(path, methods))
        .route_layer(axum::middleware::from_fn_with_state(measured.clone(), metrics::record));
    let statics = Router::new()
        .nest_service("/static/krds", ServeDir::new(assets.krds_dir()))
        .nest_service("/static", ServeDir::new(assets.web_dir.join("static")));
    app.with_state(state)
        .layer(axum::Extension(reports::downloads::ReportFonts::load(&assets.web_dir)))
        .layer(axum::Extension(measured))
        .layer(axum::Extension(page_cache))
        .merge(statics)
        .fallback(not_found)
        .layer(axum::middleware::from_fn(ui::revalidate::tag_api_reads))
        .layer(failures)
        .layer(synthetic)
        .layer(kept)
        // Forms are small; the routes that take files or whole plans raise this for themselves.
        .layer(DefaultBodyLimit::max(ui::body::FORM_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(https)
        .layer(log)
}

async fn not_found(lang: Lang) -> PageFailure {
    PageFailure(
        Failure::NotFound("요청하신 주소에 해당하는 페이지가 없습니다. 주소를 다시 확인해 주십시오.".into()),
        lang,
    )
}

/// Starts the background work every instance runs whatever its mail: the destruction of
/// 애로사항 filers' data past its retention period.
pub fn spawn_workers(state: AppState) {
    tokio::spawn(grievances::retention::schedule(state));
}

/// Serves until Ctrl-C or SIGTERM, finishing requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState, assets: &Assets) -> std::io::Result<()> {
    let app = router(state, assets);
    // Without TCP_NODELAY a streamed file's last small write waits on the client's delayed
    // ACK (~40 ms a response); the benchmark showed it on every static file.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// As [`serve`], speaking TLS with `certificates`; [`on_hangup`] has them read again on SIGHUP.
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    certificates: tls::Certificates,
    state: AppState,
    assets: &Assets,
) -> std::io::Result<()> {
    let app = router(state, assets);
    // tap_io gives the listener axum's connect-info for its address type.
    let listener = tls::TlsListener::new(listener, certificates)?.tap_io(|_| {});
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// SIGHUP (`systemctl reload sandan`) reads the TLS certificate again when there is one.
/// Without one it is only noted: left to its default, SIGHUP would end the process, and
/// systemd counts that as a clean stop that `Restart=on-failure` does not undo. Call it before
/// announcing the address, so no SIGHUP can arrive before the handler is in place.
#[cfg(unix)]
pub fn on_hangup(certificates: Option<tls::Certificates>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hangups) = signal(SignalKind::hangup()) else {
        tracing::warn!("SIGHUP을 받을 수 없습니다");
        return;
    };
    tokio::spawn(async move {
        while hangups.recv().await.is_some() {
            match certificates.as_ref().map(tls::Certificates::reload) {
                Some(Ok(())) => tracing::info!("TLS 인증서를 다시 읽었습니다"),
                Some(Err(e)) => tracing::warn!("TLS 인증서를 다시 읽지 못해 쓰던 인증서를 그대로 씁니다: {e}"),
                None => tracing::info!(
                    "SIGHUP: 내장 TLS를 쓰지 않아 다시 읽을 것이 없습니다. 설정을 바꾸었다면 다시 시작하십시오"
                ),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
