//! Sandan's web pages and JSON API: thin shells that read the store and hand domain values to
//! templates or to JSON. Each area's pages and API handlers live side by side.

mod account;
mod audit;
mod auth;
mod calls;
pub mod chart;
mod clock;
mod complex_facts;
mod complexes;
mod dashboard;
mod decisions;
mod error;
mod evaluation;
mod evaluation_export;
mod evaluation_results;
mod fields;
mod forms;
mod holidays;
mod home;
mod lang;
mod layout;
mod links;
pub mod map;
mod money;
mod openapi;
mod operations;
mod package;
mod params;
mod plan_results;
mod plans;
mod programs;
mod proposal_forms;
mod proposals;
mod reports;
mod round_results;
mod rounds;
mod score_sheets;
pub mod sheets;
pub mod svg;
mod users;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::routing::{MethodRouter, get, post};
use axum::serve::ListenerExt;
use sandan_store::Store;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub use crate::clock::today;
use crate::error::{Failure, PageFailure};
pub use crate::lang::Lang;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
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

/// Largest project-list file or whole-plan JSON accepted (a 10,000-row list is about 1 MiB).
const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

/// An evidence file (10 MiB, the domain's limit) with the form around it.
const EVIDENCE_LIMIT: usize = 11 * 1024 * 1024;

/// Every page and API route. The authorization matrix test walks this list, so a route added
/// here without an entry in the matrix fails the suite.
fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/", get(home::page)),
        ("/health", get(operations::health)),
        ("/rounds/{year}", get(rounds::page)),
        ("/rounds/{year}/plans/{region}", get(plans::page)),
        ("/rounds/{year}/report/{format}", get(reports::round_file)),
        (
            "/rounds/{year}/plans/{region}/report/{format}",
            get(reports::region_file),
        ),
        ("/dashboard/report/{format}", get(reports::national_file)),
        ("/complexes", get(complexes::index_page)),
        ("/complexes/{id}", get(complexes::page)),
        ("/complexes/{id}/facts", post(complex_facts::save)),
        ("/admin/rounds/new", get(calls::new_round_form).post(calls::open_round)),
        ("/admin/holidays", get(holidays::list).post(holidays::add)),
        ("/admin/holidays/remove", post(holidays::remove)),
        ("/rounds/{year}/call", get(calls::show).post(calls::update)),
        ("/rounds/{year}/call/reopen", post(calls::reopen)),
        ("/rounds/{year}/proposals/{region}", get(proposals::show)),
        (
            "/rounds/{year}/proposals/{region}/edit/{section}",
            get(proposal_forms::edit).post(proposal_forms::save),
        ),
        (
            "/rounds/{year}/proposals/{region}/import",
            post(proposal_forms::import).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        ),
        ("/rounds/{year}/proposals/{region}/submit", post(proposals::submit)),
        ("/rounds/{year}/proposals/{region}/comments", post(proposals::comment)),
        (
            "/rounds/{year}/proposals/{region}/comments/{id}/answer",
            post(proposals::answer),
        ),
        (
            "/rounds/{year}/proposals/{region}/revision",
            post(proposals::request_revision),
        ),
        (
            "/rounds/{year}/proposals/{region}/versions/{number}",
            get(proposals::version),
        ),
        ("/rounds/{year}/proposals/{region}/diff", get(proposals::diff)),
        ("/templates/{file}", get(proposal_forms::template)),
        (
            "/rounds/{year}/evaluation",
            get(evaluation::show).post(evaluation::save_framework),
        ),
        ("/rounds/{year}/evaluation/members", post(evaluation::appoint)),
        ("/rounds/{year}/evaluation/members/dismiss", post(evaluation::dismiss)),
        ("/rounds/{year}/evaluation/conflicts", post(evaluation::record_conflict)),
        ("/rounds/{year}/evaluation/start", post(evaluation::start)),
        ("/rounds/{year}/evaluation/unassign", post(evaluation::unassign)),
        ("/rounds/{year}/evaluation/remind", post(evaluation::remind)),
        ("/rounds/{year}/evaluation/close", post(evaluation::close)),
        ("/rounds/{year}/evaluation/mine", get(score_sheets::mine)),
        ("/rounds/{year}/evaluation/mine/conflicts", post(score_sheets::declare)),
        (
            "/rounds/{year}/evaluation/sheets/{region}",
            get(score_sheets::show).post(score_sheets::save),
        ),
        ("/rounds/{year}/evaluation/results", get(evaluation_results::show)),
        (
            "/rounds/{year}/evaluation/results/publish",
            post(evaluation_results::publish),
        ),
        ("/rounds/{year}/evaluation/export.xlsx", get(evaluation_results::export)),
        (
            "/rounds/{year}/decisions",
            get(decisions::show).post(decisions::record_meeting),
        ),
        ("/rounds/{year}/decisions/{meeting}", post(decisions::record_decision)),
        ("/rounds/{year}/decisions/{meeting}/publish", post(decisions::publish)),
        ("/rounds/{year}/results", get(round_results::page)),
        ("/sign-in", get(account::sign_in_page).post(account::sign_in)),
        ("/sign-out", post(account::sign_out)),
        ("/account", get(account::account)),
        ("/account/password", post(account::change_password)),
        ("/account/tokens", post(account::create_token)),
        ("/account/tokens/{id}/revoke", post(account::revoke_token)),
        ("/session/status", get(account::session_status)),
        ("/session/extend", post(account::extend_session)),
        ("/admin/users", get(users::list).post(users::create)),
        ("/admin/users/{id}/roles", post(users::change_role)),
        ("/admin/audit", get(audit::page)),
        ("/dashboard", get(dashboard::page)),
        ("/dashboard/{metric}", get(dashboard::metric)),
        ("/programs", get(programs::list).post(programs::add)),
        ("/programs/{id}", post(programs::edit)),
        ("/package", get(package::matrix)),
        ("/package/ministries/{ministry}", get(package::ministry)),
        ("/package/projects/{id}/budget", post(package::plan_budget)),
        ("/package/projects/{id}/execution", post(package::record_execution)),
        (
            "/rounds/{year}/plans/{region}/package",
            get(package::region).post(package::add_project),
        ),
        ("/rounds/{year}/plans/{region}/results", get(plan_results::show)),
        (
            "/rounds/{year}/plans/{region}/results/goals/{no}",
            post(plan_results::set_goal),
        ),
        (
            "/rounds/{year}/plans/{region}/results/measurements",
            post(plan_results::measure).layer(DefaultBodyLimit::max(EVIDENCE_LIMIT)),
        ),
        (
            "/rounds/{year}/plans/{region}/results/firms",
            post(plan_results::add_firm),
        ),
        (
            "/rounds/{year}/plans/{region}/results/evidence/{sha256}",
            get(plan_results::evidence),
        ),
        ("/api/v1/overview", get(home::api)),
        ("/api/v1/dashboard", get(dashboard::api)),
        ("/api/v1/rounds", get(rounds::api_list)),
        ("/api/v1/rounds/{year}", get(rounds::api)),
        ("/api/v1/rounds/{year}/plans/{region}", get(plans::api)),
        ("/api/v1/complexes", get(complexes::api_list)),
        ("/api/v1/complexes/{id}", get(complexes::api)),
        ("/api/v1/record", get(home::api_record)),
        ("/api/v1/me", get(account::api_me)),
        (
            "/api/v1/rounds/{year}/evaluation/sheets/{region}",
            get(score_sheets::api_show).put(score_sheets::api_save),
        ),
        (
            "/api/v1/rounds/{year}/evaluation/sheets/{region}/submit",
            post(score_sheets::api_submit),
        ),
        ("/api/v1/rounds/{year}/evaluation/results", get(evaluation_results::api)),
        ("/api/v1/rounds/{year}/results", get(round_results::api)),
        (
            "/api/v1/rounds/{year}/proposals/{region}",
            get(proposals::api_show)
                .put(proposals::api_save)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        ),
        (
            "/api/v1/rounds/{year}/proposals/{region}/submit",
            post(proposals::api_submit),
        ),
        (
            "/api/v1/rounds/{year}/proposals/{region}/diff",
            get(proposals::api_diff),
        ),
        ("/api/v1/openapi.json", get(openapi::document)),
    ]
}

/// The paths the app routes, for tests that must cover every one.
pub fn route_paths() -> Vec<&'static str> {
    routes().into_iter().map(|(path, _)| path).collect()
}

pub fn router(state: AppState, assets: &Assets) -> Router {
    let app = routes()
        .into_iter()
        .fold(Router::new(), |router, (path, methods)| router.route(path, methods));
    let statics = Router::new()
        .nest_service("/static/krds", ServeDir::new(assets.krds_dir()))
        .nest_service("/static", ServeDir::new(assets.web_dir.join("static")));
    app.with_state(state)
        .layer(axum::Extension(reports::ReportFonts::load(&assets.web_dir)))
        .merge(statics)
        .fallback(not_found)
        // Forms are small; the routes that take files or whole plans raise this for themselves.
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(axum::middleware::from_fn(operations::log_request))
}

async fn not_found(lang: Lang) -> PageFailure {
    PageFailure(
        Failure::NotFound("요청하신 주소에 해당하는 페이지가 없습니다. 주소를 다시 확인해 주십시오.".into()),
        lang,
    )
}

/// The page language from `?lang=en`; never fails, Korean by default.
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Lang, Self::Rejection> {
        let english = parts
            .uri
            .query()
            .is_some_and(|q| q.split('&').any(|pair| pair == "lang=en"));
        Ok(if english { Lang::En } else { Lang::Ko })
    }
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
