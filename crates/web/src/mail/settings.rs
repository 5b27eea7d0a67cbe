//! 알림 설정: her address (proved by a link sent to it), what she wants mailed, her calendar
//! address and the messages sent to her.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sandan_domain::mail::{self, Email};
use sandan_domain::{Action, Actor, Subject};
use sandan_store::mail::OutboxEntry;
use sandan_store::mail::addresses::MailSettings;
use serde::Deserialize;

use crate::auth::{Viewer, change};
use crate::clock::{now_seconds, timestamp};
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::forms::{form_token, with_form_token};
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "mail/settings.html")]
struct SettingsPage {
    layout: Layout,
    csrf: String,
    settings: MailSettings,
    /// When her calendar address was made, if she has one.
    feed_since: Option<String>,
    /// A calendar address just made: shown this once.
    new_feed: Option<String>,
    sent: Vec<OutboxEntry>,
    message: Option<String>,
    error: Option<String>,
}

/// What the page says above the forms after a change.
pub(super) enum Notice {
    None,
    Done(String),
    Problem(String),
    NewFeed(String),
}

pub(super) fn owner(viewer: &Viewer, action: Action) -> Result<&Actor, Failure> {
    let actor = viewer
        .actor()
        .ok_or_else(|| Failure::SignInRequired("로그인이 필요합니다.".into()))?;
    viewer.may(action, &Subject::Account { owner: actor.user })?;
    Ok(actor)
}

pub(super) async fn show(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    headers: &HeaderMap,
    notice: Notice,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let actor = owner(viewer, Action::View).map_err(fail)?;
    let user = actor.user;
    let title = lang.pick("알림·일정", "Notifications and calendar");
    let (message, error, new_feed, status) = match notice {
        Notice::None => (None, None, None, StatusCode::OK),
        Notice::Done(m) => (Some(m), None, None, StatusCode::OK),
        Notice::Problem(e) => (None, Some(e), None, StatusCode::UNPROCESSABLE_ENTITY),
        Notice::NewFeed(token) => (
            None,
            None,
            Some(format!("{}/calendar/{token}.ics", super::site(state, headers))),
            StatusCode::OK,
        ),
    };
    let page = SettingsPage {
        layout: Layout::new(
            lang,
            title,
            "/account/notifications",
            vec![
                (lang.pick("내 계정", "My account").to_string(), "/account".into()),
                (title.to_string(), "/account/notifications".into()),
            ],
        )
        .for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        settings: state.store.mail_settings(user).await.map_err(|e| fail(e.into()))?,
        feed_since: state
            .store
            .calendar_feed_since(user)
            .await
            .map_err(|e| fail(e.into()))?,
        new_feed,
        sent: state.store.outbox_of(user, 20).await.map_err(|e| fail(e.into()))?,
        message,
        error,
    };
    Ok((status, render(&page, lang)?).into_response())
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    headers: HeaderMap,
) -> Result<Response, PageFailure> {
    show(&state, &viewer, lang, &headers, Notice::None).await
}

#[derive(Deserialize, Default)]
pub struct EmailForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
}

pub async fn set_email(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    headers: HeaderMap,
    Form(form): Form<EmailForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let actor = owner(&viewer, Action::Change).map_err(fail)?;
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    let email = match Email::parse(&form.email) {
        Ok(email) => email,
        Err(e) => return show(&state, &viewer, lang, &headers, Notice::Problem(e.to_string())).await,
    };
    let token = sandan_store::secrets::new_token();
    let letter = mail::verification(
        &actor.login,
        email.as_str(),
        format!("/account/email/verify?token={token}"),
    );
    let at = timestamp();
    state
        .store
        .set_email(
            actor.user,
            &email,
            &token,
            now_seconds(),
            &letter,
            &change(&viewer, &at),
        )
        .await
        .map_err(|e| fail(e.into()))?;
    let done =
        format!("{email}(으)로 확인 메일을 보냈습니다. 메일의 링크를 열어 주소를 확인하면 알림을 받기 시작합니다.");
    show(&state, &viewer, lang, &headers, Notice::Done(done)).await
}

#[derive(Deserialize, Default)]
pub struct PreferencesForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    events: Option<String>,
    #[serde(default)]
    reminders: Option<String>,
}

pub async fn set_preferences(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    headers: HeaderMap,
    Form(form): Form<PreferencesForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let actor = owner(&viewer, Action::Change).map_err(fail)?;
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    let at = timestamp();
    state
        .store
        .set_mail_preferences(
            actor.user,
            form.events.is_some(),
            form.reminders.is_some(),
            &change(&viewer, &at),
        )
        .await
        .map_err(|e| fail(e.into()))?;
    show(
        &state,
        &viewer,
        lang,
        &headers,
        Notice::Done("알림 수신 설정을 저장했습니다.".into()),
    )
    .await
}

#[derive(Template)]
#[template(path = "mail/verify.html")]
struct VerifyPage {
    layout: Layout,
    csrf: String,
    token: String,
    done: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct VerifyQuery {
    #[serde(default)]
    token: String,
}

fn verify_layout(viewer: &Viewer, lang: Lang) -> Layout {
    let title = lang.pick("이메일 주소 확인", "Confirm your e-mail address");
    Layout::new(lang, title, "/account/email/verify", Vec::new()).for_viewer(viewer)
}

/// The link in the mail opens a page with a button rather than confirming at once: mail
/// scanners open links to look at them, and a GET must not change anything.
pub async fn verify_page(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Query(q): Query<VerifyQuery>,
) -> Result<Response, PageFailure> {
    let csrf = form_token(&viewer);
    let page = VerifyPage {
        layout: verify_layout(&viewer, lang),
        csrf: csrf.clone(),
        token: q.token,
        done: None,
        error: None,
    };
    let html = render(&page, lang)?;
    Ok(with_form_token(&state, &viewer, &csrf, html))
}

#[derive(Deserialize, Default)]
pub struct VerifyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
}

pub async fn verify(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Form(form): Form<VerifyForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    let at = timestamp();
    let result = state
        .store
        .verify_email(form.token.trim(), now_seconds(), &change(&viewer, &at))
        .await;
    let (status, done, error) = match result {
        Ok(v) if v.signed_up => (
            StatusCode::OK,
            Some(format!(
                "{} 주소를 확인했습니다. 가입이 끝났습니다. 이제 로그인하여 애로사항을 접수하고 처리 상황을 볼 수 있습니다.",
                v.address
            )),
            None,
        ),
        Ok(v) => (
            StatusCode::OK,
            Some(format!(
                "{} 주소를 확인했습니다. 이제 이 주소로 알림을 보내 드립니다.",
                v.address
            )),
            None,
        ),
        Err(sandan_store::EditError::Refused(m)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(m)),
        Err(e) => return Err(fail(e.into())),
    };
    let page = VerifyPage {
        layout: verify_layout(&viewer, lang),
        csrf: form.csrf,
        token: String::new(),
        done,
        error,
    };
    Ok((status, render(&page, lang)?).into_response())
}
