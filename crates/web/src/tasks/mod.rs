//! 할 일: each signed-in person's open tasks across the rounds run in Sandan, as a page and as
//! JSON, worked out from the record on every request.
//!
//! Domain: `tasks`, `submission`; store: `calls`, `proposals`, `consulting`, `evaluation`.

pub mod inbox;
mod reports;

use axum::routing::{MethodRouter, get};

use crate::AppState;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![("/tasks", get(inbox::page)), ("/api/v1/tasks", get(inbox::api))]
}
