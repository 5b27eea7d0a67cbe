//! The end of a form that changes something: on success the browser goes on to the page that
//! shows the change (303); on a refusal it gets the same page again with the message and what
//! was typed (422), so nothing typed is lost; anything else is an error page.

use std::future::Future;

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::error::PageFailure;
use crate::ui::links::see_other;
use crate::{AppState, Lang};

pub async fn settle<Again, Shown>(
    lang: Lang,
    result: Result<(), Failure>,
    done: &str,
    again: Again,
) -> Result<Response, PageFailure>
where
    Again: FnOnce(Vec<String>) -> Shown,
    Shown: Future<Output = Result<Html<String>, Failure>>,
{
    let fail = |e: Failure| PageFailure(e, lang);
    match result {
        Ok(()) => Ok(see_other(done).into_response()),
        Err(Failure::Refused(m) | Failure::BadInput(m) | Failure::Conflict(m)) => {
            let html = again(vec![m]).await.map_err(fail)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(other) => Err(fail(other)),
    }
}

/// A field people never see, on the forms anyone may send: a form that fills it was filled by
/// a program.
pub const HONEYPOT: &str = "homepage";

/// The token a form must echo: the session's, or for a visitor not signed in a fresh one that
/// [`with_form_token`] sets as the pre-session cookie with the page.
pub fn form_token(viewer: &Viewer) -> String {
    viewer
        .csrf()
        .map(str::to_string)
        .unwrap_or_else(sandan_store::secrets::new_token)
}

/// A page carrying a form that visitors without a session may send.
pub fn with_form_token(state: &AppState, viewer: &Viewer, csrf: &str, html: Html<String>) -> Response {
    if viewer.session.is_some() {
        return html.into_response();
    }
    (
        [(header::SET_COOKIE, state.deployment.cookies().pre_session(csrf))],
        html,
    )
        .into_response()
}
