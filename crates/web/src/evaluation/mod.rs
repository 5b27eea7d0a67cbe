//! 평가: the panel (framework, members, conflicts, assignments), each evaluator's score
//! sheets, and the results with their exports once the panel closes.
//!
//! Domain: `evaluation` (framework, panel, sheet, tally, robustness); store: `evaluation`
//! (assignments, sheets).

pub mod export;
pub mod panel;
pub mod panel_api;
pub mod results;
pub mod sheets;

use axum::routing::{MethodRouter, get, post};

use crate::AppState;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        (
            "/rounds/{year}/evaluation",
            get(panel::show).post(panel::save_framework),
        ),
        ("/rounds/{year}/evaluation/members", post(panel::appoint)),
        ("/rounds/{year}/evaluation/members/dismiss", post(panel::dismiss)),
        ("/rounds/{year}/evaluation/conflicts", post(panel::record_conflict)),
        ("/rounds/{year}/evaluation/start", post(panel::start)),
        ("/rounds/{year}/evaluation/unassign", post(panel::unassign)),
        ("/rounds/{year}/evaluation/remind", post(panel::remind)),
        ("/rounds/{year}/evaluation/close", post(panel::close)),
        ("/rounds/{year}/evaluation/mine", get(sheets::mine)),
        ("/rounds/{year}/evaluation/mine/conflicts", post(sheets::declare)),
        (
            "/rounds/{year}/evaluation/sheets/{region}",
            get(sheets::show).post(sheets::save),
        ),
        ("/rounds/{year}/evaluation/results", get(results::show)),
        ("/rounds/{year}/evaluation/results/publish", post(results::publish)),
        ("/rounds/{year}/evaluation/export.xlsx", get(results::export)),
        ("/api/v1/rounds/{year}/evaluation", get(panel_api::api_show)),
        (
            "/api/v1/rounds/{year}/evaluation/framework",
            get(panel_api::api_show_framework).put(panel_api::api_framework),
        ),
        ("/api/v1/rounds/{year}/evaluation/members", post(panel_api::api_appoint)),
        ("/api/v1/rounds/{year}/evaluation/start", post(panel_api::api_start)),
        ("/api/v1/rounds/{year}/evaluation/close", post(panel_api::api_close)),
        (
            "/api/v1/rounds/{year}/evaluation/results/publish",
            post(panel_api::api_publish),
        ),
        (
            "/api/v1/rounds/{year}/evaluation/sheets/{region}",
            get(sheets::api_show).put(sheets::api_save),
        ),
        (
            "/api/v1/rounds/{year}/evaluation/sheets/{region}/submit",
            post(sheets::api_submit),
        ),
        ("/api/v1/rounds/{year}/evaluation/results", get(results::api)),
    ]
}
