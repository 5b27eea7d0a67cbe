//! 범부처 패키지: the ministries' support programs and each confirmed plan's projects, their
//! yearly budget by funding source and quarterly execution; the region × ministry tables.
//!
//! Domain: `package` (budget, execution, portfolio); store: `package`, `programs`.

pub mod bulk;
pub mod matrix;
pub mod portfolio;
pub mod programs;
pub mod programs_api;
pub mod projects_api;

use axum::routing::{MethodRouter, get, post, put};

use crate::ui::body::limited;

use crate::AppState;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/programs", get(programs::list).post(programs::add)),
        ("/programs/{id}", post(programs::edit)),
        ("/package", get(matrix::page)),
        ("/package/ministries/{ministry}", get(portfolio::ministry)),
        ("/package/projects/{id}/budget", post(portfolio::plan_budget)),
        ("/package/projects/{id}/execution", post(portfolio::record_execution)),
        (
            "/rounds/{year}/plans/{region}/package",
            get(portfolio::region).post(portfolio::add_project),
        ),
        ("/api/v1/programs", get(programs_api::list).post(programs_api::add)),
        ("/api/v1/programs/{id}", get(programs_api::show).put(programs_api::edit)),
        ("/api/v1/package", get(matrix::api)),
        (
            "/api/v1/package/projects",
            get(projects_api::list).post(projects_api::add),
        ),
        ("/api/v1/package/projects/{id}", get(projects_api::show)),
        ("/api/v1/package/projects/{id}/budget", put(projects_api::plan_budget)),
        (
            "/api/v1/package/projects/{id}/execution",
            post(projects_api::record_execution),
        ),
        (
            "/api/v1/package/executions",
            limited(post(bulk::record), bulk::BODY_LIMIT, bulk::BODY_LIMIT_STATED),
        ),
    ]
}
