//! 공모와 혁신계획 작성: opening a round and running its call (schedule, deadline, holidays),
//! and the provinces writing, importing and submitting their plans.
//!
//! Domain: `call`, `calendar`, `submission`, `proposal`, `proposal_check`, `proposal_diff`,
//! `project_rows`; store: `rounds`, `calls`, `proposals`, `holidays`.

pub mod calls;
pub mod calls_api;
mod documents;
pub mod holidays;
pub mod project_list;
pub mod proposal_forms;
pub mod proposals;
pub(crate) mod sniff;

use axum::routing::{MethodRouter, get, post};

use crate::AppState;
use crate::ui::body::limited;

/// Largest project-list file or whole-plan JSON accepted (a 10,000-row list is about 1 MiB).
const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
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
            limited(post(proposal_forms::import), UPLOAD_LIMIT, "20MB"),
        ),
        ("/rounds/{year}/proposals/{region}/submit", post(proposals::submit)),
        (
            "/rounds/{year}/proposals/{region}/documents",
            limited(post(documents::upload), documents::UPLOAD_BYTES, "51MB"),
        ),
        (
            "/rounds/{year}/proposals/{region}/documents/{id}",
            get(documents::draft),
        ),
        (
            "/rounds/{year}/proposals/{region}/documents/{id}/remove",
            post(documents::remove),
        ),
        (
            "/rounds/{year}/proposals/{region}/versions/{number}/documents/{id}",
            get(documents::version),
        ),
        (
            "/rounds/{year}/proposals/{region}/versions/{number}/documents/{id}/publish",
            post(documents::publish::publish),
        ),
        ("/rounds/{year}/documents", get(documents::search::page)),
        ("/rounds/{year}/documents/{id}", get(documents::publish::download)),
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
            "/api/v1/rounds/{year}/proposals/{region}",
            limited(
                get(proposals::api_show)
                    .put(proposals::api_save)
                    .patch(proposals::api_patch),
                UPLOAD_LIMIT,
                "20MB",
            ),
        ),
        (
            "/api/v1/rounds/{year}/call",
            get(calls_api::api_show).put(calls_api::api_update),
        ),
        (
            "/api/v1/rounds/{year}/proposals/{region}/submit",
            post(proposals::api_submit),
        ),
        (
            "/api/v1/rounds/{year}/proposals/{region}/diff",
            get(proposals::api_diff),
        ),
    ]
}
