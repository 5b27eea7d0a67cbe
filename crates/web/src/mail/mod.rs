//! 알림: e-mail through a durable outbox, deadline reminders, and calendar feeds of each
//! person's deadlines; the office's outbox and announcements.
//!
//! Domain: `mail`; store: `mail`.

pub mod delivery;
mod feed;
mod outbox;
pub mod reminders;
mod settings;

use axum::routing::{MethodRouter, get, post};

use crate::AppState;

pub use delivery::{Relay, spawn};

/// This area's pages.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/account/notifications", get(settings::page)),
        ("/account/notifications/email", post(settings::set_email)),
        ("/account/notifications/preferences", post(settings::set_preferences)),
        ("/account/notifications/calendar", post(feed::create)),
        ("/account/notifications/calendar/revoke", post(feed::revoke)),
        (
            "/account/email/verify",
            get(settings::verify_page).post(settings::verify),
        ),
        ("/calendar/{file}", get(feed::ics)),
        ("/admin/outbox", get(outbox::page)),
        ("/admin/outbox/announce", post(outbox::announce)),
        ("/admin/outbox/{id}/resend", post(outbox::resend)),
    ]
}

/// The address links in mail and feeds are made under: the configured public address, else
/// what the browser asked for.
pub(crate) fn site(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    state.deployment.public_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
            .unwrap_or("localhost");
        format!("http://{host}")
    })
}
