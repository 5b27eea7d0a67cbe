//! 성과관리: a confirmed plan's goals tracked quarter by quarter — setup, measurements with
//! evidence, and the register of supported firms.
//!
//! Domain: `results` (progress, measurement, firm, rollup); store: `results`.

pub mod api;
pub mod measure_api;
pub mod tracking;

use axum::routing::{MethodRouter, get, post};

use crate::AppState;
use crate::ui::body::limited;

/// An evidence file (10 MiB, the domain's limit) with the form around it.
const EVIDENCE_LIMIT: usize = 11 * 1024 * 1024;

/// A batch of measurements: 1,000 rows with links of 500 characters each fit.
const BATCH_LIMIT: usize = 2 * 1024 * 1024;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/rounds/{year}/plans/{region}/results", get(tracking::show)),
        (
            "/rounds/{year}/plans/{region}/results/goals/{no}",
            post(tracking::set_goal),
        ),
        (
            "/rounds/{year}/plans/{region}/results/measurements",
            limited(post(tracking::measure), EVIDENCE_LIMIT, "증빙 파일 10MB"),
        ),
        ("/rounds/{year}/plans/{region}/results/firms", post(tracking::add_firm)),
        (
            "/rounds/{year}/plans/{region}/results/evidence/{sha256}",
            get(tracking::evidence),
        ),
        ("/api/v1/rounds/{year}/plans/{region}/results", get(api::api_show)),
        (
            "/api/v1/rounds/{year}/plans/{region}/results/goals/{no}",
            get(api::api_goal).put(api::api_set_goal),
        ),
        (
            "/api/v1/rounds/{year}/plans/{region}/results/firms",
            get(api::api_firms).post(api::api_add_firm),
        ),
        (
            "/api/v1/rounds/{year}/plans/{region}/results/evidence",
            limited(post(measure_api::api_upload), EVIDENCE_LIMIT, "증빙 파일 10MB"),
        ),
        (
            "/api/v1/rounds/{year}/plans/{region}/results/evidence/{sha256}",
            get(measure_api::api_evidence),
        ),
        (
            "/api/v1/rounds/{year}/plans/{region}/results/measurements",
            post(measure_api::api_measure),
        ),
        (
            "/api/v1/rounds/{year}/plans/{region}/results/measurements/bulk",
            limited(post(measure_api::api_bulk), BATCH_LIMIT, "2MB"),
        ),
    ]
}
