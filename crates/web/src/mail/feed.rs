//! 일정 구독: her calendar address, and the feed it serves to calendar programs, which cannot
//! sign in: the secret address is the key, and making a new one or revoking cuts the old off.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use sandan_domain::mail::ics;
use serde::Deserialize;

use super::settings::{Notice, owner, show};
use crate::auth::{Viewer, change};
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::tasks::inbox::tasks_of;
use crate::ui::error::PageFailure;
use crate::{AppState, Lang};
use sandan_domain::Action;

#[derive(Deserialize, Default)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let actor = owner(&viewer, Action::Change).map_err(fail)?;
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    let at = timestamp();
    let token = state
        .store
        .new_calendar_feed(actor.user, &change(&viewer, &at))
        .await
        .map_err(|e| fail(e.into()))?;
    show(&state, &viewer, lang, &headers, Notice::NewFeed(token)).await
}

pub async fn revoke(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let actor = owner(&viewer, Action::Change).map_err(fail)?;
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    let at = timestamp();
    state
        .store
        .revoke_calendar_feed(actor.user, &change(&viewer, &at))
        .await
        .map_err(|e| fail(e.into()))?;
    let done = "일정 구독 주소를 폐기했습니다. 그 주소로는 더 이상 일정을 받을 수 없습니다.";
    show(&state, &viewer, lang, &headers, Notice::Done(done.into())).await
}

/// `/calendar/<token>.ics`: her deadlines now, for her roles now.
pub async fn ics(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let unknown = || {
        Failure::NotFound("일정 구독 주소가 맞지 않거나 폐기되었습니다. '알림·일정'에서 새 주소를 만드십시오.".into())
    };
    let token = file.strip_suffix(".ics").ok_or_else(|| fail(unknown()))?;
    let reader = state
        .store
        .calendar_feed_reader(token)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| fail(unknown()))?;
    let tasks = tasks_of(&state, &reader).await.map_err(fail)?;
    let site = super::site(&state, &headers);
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let body = ics::calendar("산업단지 대개조 마감 일정", &ics::events(&tasks, &site), &stamp);
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        body,
    )
        .into_response())
}
