//! 범부처 패키지: the ministries' support programs and each confirmed plan's projects, their
//! yearly budget by funding source and quarterly execution; the region × ministry tables.
//!
//! Domain: `package` (budget, execution, portfolio); store: `package`, `programs`.

pub mod portfolio;
pub mod programs;

use axum::routing::{MethodRouter, get, post};

use crate::AppState;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/programs", get(programs::list).post(programs::add)),
        ("/programs/{id}", post(programs::edit)),
        ("/package", get(portfolio::matrix)),
        ("/package/ministries/{ministry}", get(portfolio::ministry)),
        ("/package/projects/{id}/budget", post(portfolio::plan_budget)),
        ("/package/projects/{id}/execution", post(portfolio::record_execution)),
        (
            "/rounds/{year}/plans/{region}/package",
            get(portfolio::region).post(portfolio::add_project),
        ),
    ]
}
