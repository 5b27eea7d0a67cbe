//! 계정: signing in and out, one's own account and API tokens, the office's user management
//! and the audit trail.
//!
//! Domain: `account` (and `account::token`), `password`, `policy`; store: `accounts`, `audit`,
//! `tokens`.

pub mod account;
pub mod audit;
mod sign_up;
pub mod tokens;
pub mod users;

use axum::routing::{MethodRouter, delete, get, post};

use crate::AppState;

/// This area's pages and API routes.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/sign-in", get(account::sign_in_page).post(account::sign_in)),
        ("/sign-out", post(account::sign_out)),
        ("/sign-up", get(sign_up::form).post(sign_up::sign_up)),
        ("/account", get(account::account)),
        ("/account/password", post(account::change_password)),
        ("/account/tokens", post(tokens::create)),
        ("/account/tokens/{id}/revoke", post(tokens::revoke_own)),
        ("/session/status", get(account::session_status)),
        ("/session/extend", post(account::extend_session)),
        ("/admin/users", get(users::list).post(users::create)),
        ("/admin/users/{id}/roles", post(users::change_role)),
        ("/admin/tokens", get(tokens::register)),
        ("/admin/tokens/{id}/revoke", post(tokens::revoke_any)),
        ("/admin/audit", get(audit::page)),
        ("/api/v1/me", get(account::api_me)),
        ("/api/v1/tokens", get(tokens::api_list)),
        ("/api/v1/tokens/{id}", delete(tokens::api_revoke)),
    ]
}
