//! 위원회 의결: the committee's meetings and decisions (preliminary selection, smart green and
//! district designations, final confirmation) and the round's published results.
//!
//! Domain: `evaluation::decision`, `designation`; store: `committee`.

pub mod actions;
pub mod api;
pub mod committee;
pub mod published;
pub mod standing;

use axum::routing::{MethodRouter, get, post};

use crate::AppState;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        (
            "/rounds/{year}/decisions",
            get(committee::show).post(committee::record_meeting),
        ),
        ("/rounds/{year}/decisions/{meeting}", post(committee::record_decision)),
        ("/rounds/{year}/decisions/{meeting}/publish", post(committee::publish)),
        ("/rounds/{year}/results", get(published::page)),
        ("/api/v1/rounds/{year}/results", get(published::api)),
        (
            "/api/v1/rounds/{year}/decisions",
            get(api::api_list).post(api::api_meeting),
        ),
        ("/api/v1/rounds/{year}/decisions/{meeting}", post(api::api_decision)),
        (
            "/api/v1/rounds/{year}/decisions/{meeting}/publish",
            post(api::api_publish),
        ),
    ]
}
