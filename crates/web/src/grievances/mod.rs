//! 애로사항: firms and local governments file their difficulties about a complex, the body
//! it is routed to handles it to an answer within its deadline, the filer follows and rates
//! it, and everyone sees the statistics.
//!
//! Domain: `grievance`; store: `grievances`.

pub mod deadlines;
mod files;
pub mod filing;
pub mod follow;
pub mod handling;
pub mod retention;
pub mod statistics;
pub mod view;
pub mod visits;

use axum::routing::{MethodRouter, get, post};

use crate::AppState;
use crate::ui::body::limited;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        (
            "/grievances/new",
            get(filing::form).merge(limited(post(filing::file), filing::FILING_BYTES, "31MB")),
        ),
        ("/grievances/follow", get(follow::page).post(follow::open)),
        ("/grievances/follow/rating", post(follow::rate)),
        ("/grievances", get(handling::list)),
        ("/grievances/statistics", get(statistics::page)),
        ("/grievances/deadlines", get(deadlines::page).post(deadlines::set)),
        ("/grievances/visits", get(visits::page).post(visits::record)),
        ("/grievances/{id}", get(handling::show)),
        ("/grievances/{id}/steps", post(handling::step)),
        ("/grievances/{id}/publish", post(handling::publish)),
        ("/grievances/{id}/files/{file}", get(files::download)),
        ("/api/v1/grievances", get(handling::api_list).post(filing::api)),
        ("/api/v1/grievances/follow", post(follow::api)),
        ("/api/v1/grievances/statistics", get(statistics::api)),
        ("/api/v1/grievances/{id}", get(handling::api_show)),
        ("/api/v1/grievances/{id}/steps", post(handling::api_step)),
    ]
}
