//! 산업단지 현황 가져오기 (공동 주관부처): 한국산업단지공단's published registry file uploaded,
//! previewed against the record with its review queue, and loaded with the office's decisions —
//! what `sandan registry import` does, on a page and as `POST /api/v1/registry/imports`.
//!
//! Domain: `registry`; store: `registry`, `registry_files`.

pub(crate) mod api;
mod decisions;
pub mod file;
mod load;
mod review_page;
mod settings;
mod upload;

use axum::routing::{MethodRouter, get, post};

use crate::AppState;
use crate::ui::body::limited;

/// The review form: a hidden field and four choices a row, for a first file's thousand rows.
const REVIEW_LIMIT: usize = 4 * 1024 * 1024;

/// This area's pages and API route.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/registry", get(upload::form)),
        (
            "/registry/preview",
            // The file and the form's few fields around it.
            limited(post(upload::preview), file::MAX_BYTES + 64 * 1024, "20MB"),
        ),
        ("/registry/load", limited(post(load::load), REVIEW_LIMIT, "4MB")),
        (
            "/registry/decisions",
            limited(post(decisions::download), REVIEW_LIMIT, "4MB"),
        ),
        (
            "/api/v1/registry/imports",
            limited(post(api::api_import), file::MAX_BYTES + 64 * 1024, "20MB"),
        ),
    ]
}
