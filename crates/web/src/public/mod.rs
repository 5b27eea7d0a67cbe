//! 공개 페이지: what anyone may read — the program overview, each round, each region's plan,
//! the complexes and the national dashboard — and their JSON.
//!
//! Domain: `plan`, `round`, `complex`, `designation`, `results::rollup`; store: `record`,
//! `read_cache`, `complexes`.

pub mod complex_entry;
pub mod complex_facts;
pub mod complexes;
pub mod dashboard;
pub mod home;
pub mod impact;
pub mod plans;
pub mod rounds;

use axum::routing::{MethodRouter, get, post};

use crate::AppState;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/", get(home::page)),
        ("/rounds/{year}", get(rounds::page)),
        ("/rounds/{year}/plans/{region}", get(plans::page)),
        ("/complexes", get(complexes::index_page)),
        ("/complexes/new", get(complex_entry::new_form).post(complex_entry::save)),
        ("/complexes/{id}", get(complexes::page)),
        (
            "/complexes/{id}/edit",
            get(complex_entry::edit_form).post(complex_entry::save),
        ),
        ("/complexes/{id}/delete", post(complex_entry::delete)),
        ("/complexes/{id}/facts", post(complex_facts::save)),
        ("/dashboard", get(dashboard::page)),
        ("/dashboard/{metric}", get(dashboard::metric)),
        ("/impact", get(impact::page)),
        ("/impact/{round}", get(impact::cohort)),
        ("/api/v1/overview", get(home::api)),
        ("/api/v1/dashboard", get(dashboard::api)),
        ("/api/v1/impact", get(impact::api)),
        // Opening a round is the call area's (crate::call::calls_api); the list is public.
        (
            "/api/v1/rounds",
            get(rounds::api_list).post(crate::call::calls_api::api_open),
        ),
        ("/api/v1/rounds/{year}", get(rounds::api)),
        ("/api/v1/rounds/{year}/plans/{region}", get(plans::api)),
        (
            "/api/v1/complexes",
            get(complexes::api_list).post(complex_entry::api_create),
        ),
        (
            "/api/v1/complexes/{id}",
            get(complexes::api)
                .put(complex_entry::api_update)
                .delete(complex_entry::api_delete),
        ),
        ("/api/v1/record", get(home::api_record)),
    ]
}
