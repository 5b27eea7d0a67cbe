//! The end of a form that changes something: on success the browser goes on to the page that
//! shows the change (303); on a refusal it gets the same page again with the message and what
//! was typed (422), so nothing typed is lost; anything else is an error page.

use std::future::Future;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::Lang;
use crate::failure::Failure;
use crate::ui::error::PageFailure;
use crate::ui::links::see_other;

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
