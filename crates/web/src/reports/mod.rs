//! 공식 문서: the downloads of each page's official document in HWPX, PDF, XLSX and CSV.
//!
//! Composed and written by the `sandan-report` crate from the same store reads as the pages.

pub mod downloads;

use axum::routing::{MethodRouter, get};

use crate::AppState;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/rounds/{year}/report/{format}", get(downloads::round_file)),
        (
            "/rounds/{year}/plans/{region}/report/{format}",
            get(downloads::region_file),
        ),
        ("/dashboard/report/{format}", get(downloads::national_file)),
        ("/api/v1/rounds/{year}/report/{format}", get(downloads::api_round_file)),
        (
            "/api/v1/rounds/{year}/plans/{region}/report/{format}",
            get(downloads::api_region_file),
        ),
        ("/api/v1/report/{format}", get(downloads::api_national_file)),
    ]
}
