//! 위원회 의결: the committee's meetings and decisions (preliminary selection, smart green and
//! district designations, final confirmation) and the round's published results.
//!
//! Domain: `committee`, `designation`; store: `committee`.

pub mod committee;
pub mod published;

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
    ]
}
