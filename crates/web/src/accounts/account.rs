//! 로그인·로그아웃·내 계정: sign-in with lockout and slow-down, sign-out (here or everywhere),
//! changing one's own password, and keeping a session alive when its expiry warning shows.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Json};
use sandan_domain::account::token::{Area, Lifetime};
use sandan_domain::{Action, Subject};
use sandan_store::accounts::{AccountError, LockNotice};
use serde::Deserialize;

use super::tokens::TokenLine;
use crate::auth::{Viewer, change};
use crate::clock::now_seconds;
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::forms::{form_token, with_form_token};
use crate::ui::layout::Layout;
use crate::ui::links::same_site_path;
use crate::ui::links::see_other;
use crate::{AppState, Lang};
use sandan_store::Change;

#[derive(Template)]
#[template(path = "accounts/sign_in.html")]
struct SignInPage {
    layout: Layout,
    csrf: String,
    login: String,
    next: String,
    error: Option<String>,
}

/// Shown once after a sign-in when the account was locked since its owner last signed in:
/// the sign-in form tells nobody, so its owner is told here.
#[derive(Template)]
#[template(path = "accounts/lock_notice.html")]
struct LockNoticePage {
    layout: Layout,
    locks: Vec<LockNotice>,
    next: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only paths on this site may follow a sign-in, never another host.
fn safe_next(next: &str) -> String {
    same_site_path(next).unwrap_or_else(|| "/account".to_string())
}

pub async fn sign_in_page(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Query(q): Query<NextQuery>,
) -> Result<Response, PageFailure> {
    let csrf = form_token(&viewer);
    let page = SignInPage {
        layout: Layout::new(lang, lang.pick("로그인", "Sign in"), "/sign-in", Vec::new()).for_viewer(&viewer),
        csrf: csrf.clone(),
        login: String::new(),
        next: safe_next(&q.next),
        error: None,
    };
    let html = render(&page, lang)?;
    Ok(with_form_token(&state, &viewer, &csrf, html))
}

#[derive(Deserialize, Default)]
pub struct SignInForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Form(form): Form<SignInForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    let now = now_seconds();
    // Each recent failure from this address costs the next attempt a little more time.
    let failures = state
        .store
        .recent_failures(&viewer.source, now)
        .await
        .map_err(|e| fail(Failure::Internal(e.to_string())))?;
    tokio::time::sleep(std::time::Duration::from_millis(sandan_domain::signin::slow_down_ms(
        failures,
    )))
    .await;
    let at = timestamp();
    let attempt = Change {
        actor: form.login.as_str(),
        at: &at,
        source: &viewer.source,
    };
    match state
        .store
        .sign_in(form.login.trim(), &form.password, &attempt, now)
        .await
    {
        Ok(session) if !session.locks.is_empty() => {
            let page = LockNoticePage {
                layout: Layout::new(
                    lang,
                    lang.pick("계정 잠김 알림", "Your account was locked"),
                    "/sign-in",
                    Vec::new(),
                ),
                locks: session.locks.clone(),
                next: safe_next(&form.next),
            };
            Ok((
                [(header::SET_COOKIE, state.deployment.cookies().session(&session.token))],
                render(&page, lang)?,
            )
                .into_response())
        }
        Ok(session) => Ok((
            StatusCode::SEE_OTHER,
            [
                (header::SET_COOKIE, state.deployment.cookies().session(&session.token)),
                (header::LOCATION, safe_next(&form.next)),
            ],
        )
            .into_response()),
        Err(e) => {
            let status = match e {
                // A locked account answers as a wrong password does: the form never tells a
                // stranger which logins exist. The owner is told after her next sign-in.
                AccountError::SignInRefused => StatusCode::UNAUTHORIZED,
                AccountError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
                AccountError::AddressUnproved => StatusCode::FORBIDDEN,
                other => return Err(fail(Failure::Internal(other.to_string()))),
            };
            let page = SignInPage {
                layout: Layout::new(lang, lang.pick("로그인", "Sign in"), "/sign-in", Vec::new()),
                csrf: form.csrf,
                login: form.login,
                next: safe_next(&form.next),
                error: Some(e.to_string()),
            };
            Ok((status, render(&page, lang)?).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    everywhere: Option<String>,
}

pub async fn sign_out(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Form(form): Form<SignOutForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    if let Some(token) = &viewer.token {
        viewer.check_csrf(&form.csrf).map_err(fail)?;
        let at = timestamp();
        state
            .store
            .sign_out(token, form.everywhere.is_some(), &change(&viewer, &at))
            .await
            .map_err(|e| fail(Failure::Internal(e.to_string())))?;
    }
    Ok((
        [(header::SET_COOKIE, state.deployment.cookies().cleared_session())],
        see_other("/"),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    layout: Layout,
    login: String,
    roles: Vec<String>,
    csrf: String,
    message: Option<String>,
    error: Option<String>,
    tokens: Vec<TokenLine>,
    /// What a new token may be given: its write areas and lifetimes.
    areas: [Area; 7],
    lifetimes: [i64; 3],
    default_days: i64,
    /// Rounds whose panel she sits on: the way to her score sheets.
    panels: Vec<i32>,
    /// Whether she runs the program: the way to users, the audit trail and the outbox.
    office: bool,
}

pub(super) async fn account_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    message: Option<String>,
    error: Option<String>,
) -> Result<Html<String>, PageFailure> {
    let session = viewer
        .session
        .as_ref()
        .ok_or_else(|| PageFailure(Failure::SignInRequired("로그인이 필요합니다.".into()), lang))?;
    let now = now_seconds();
    let tokens = state
        .store
        .api_tokens(session.actor.user)
        .await
        .map_err(|e| PageFailure(Failure::Internal(e.to_string()), lang))?
        .iter()
        .map(|t| TokenLine::of(t, lang, now))
        .collect();
    let title = lang.pick("내 계정", "My account");
    let page = AccountPage {
        layout: Layout::new(
            lang,
            title,
            "/account",
            vec![(title.to_string(), "/account".to_string())],
        )
        .for_viewer(viewer),
        login: session.actor.login.clone(),
        roles: session.actor.roles.iter().map(|r| r.korean()).collect(),
        office: session.actor.is_program_office(),
        csrf: session.csrf.clone(),
        message,
        error,
        tokens,
        areas: Area::ALL,
        lifetimes: Lifetime::CHOICES,
        default_days: Lifetime::DEFAULT_DAYS,
        panels: state
            .store
            .panels_of(session.actor.user)
            .await
            .map_err(|e| PageFailure(e.into(), lang))?,
    };
    render(&page, lang)
}

pub async fn account(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    let owner = viewer.actor().map(|a| a.user);
    if let Some(owner) = owner {
        viewer
            .may(Action::View, &Subject::Account { owner })
            .map_err(|e| PageFailure(e, lang))?;
    }
    account_page(&state, &viewer, lang, None, None).await
}

#[derive(Deserialize, Default)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let owner = viewer
        .actor()
        .map(|a| a.user)
        .ok_or_else(|| fail(Failure::SignInRequired("로그인이 필요합니다.".into())))?;
    viewer.may(Action::Change, &Subject::Account { owner }).map_err(fail)?;
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    if form.new != form.confirm {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            account_page(
                &state,
                &viewer,
                lang,
                None,
                Some("새 비밀번호와 확인 값이 다릅니다.".into()),
            )
            .await?,
        )
            .into_response());
    }
    let at = timestamp();
    let token = viewer.token.clone().unwrap_or_default();
    match state
        .store
        .change_password(owner, &form.current, &form.new, &token, &change(&viewer, &at))
        .await
    {
        Ok(()) => Ok(account_page(
            &state,
            &viewer,
            lang,
            Some("비밀번호를 바꾸었습니다. 다른 곳의 로그인은 모두 끝났습니다.".into()),
            None,
        )
        .await?
        .into_response()),
        Err(e @ (AccountError::WrongCurrentPassword | AccountError::Password(_))) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            account_page(&state, &viewer, lang, None, Some(e.to_string())).await?,
        )
            .into_response()),
        Err(e) => Err(fail(Failure::Internal(e.to_string()))),
    }
}

#[derive(serde::Serialize)]
pub struct SessionStatus {
    /// Unix seconds; absent when no session is open.
    expires_at: Option<i64>,
}

/// For the expiry warning: when the session ends, without extending it.
pub async fn session_status(viewer: Viewer) -> Json<SessionStatus> {
    Json(SessionStatus {
        expires_at: viewer.session.map(|s| s.expires_at),
    })
}

#[derive(Deserialize, Default)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// "연장": any authenticated request restarts the idle timer; this one only reports the result.
pub async fn extend_session(
    viewer: Viewer,
    Form(form): Form<CsrfForm>,
) -> Result<Json<SessionStatus>, crate::ui::error::ApiFailure> {
    if viewer.session.is_none() {
        return Err(Failure::SignInRequired("로그인이 필요합니다.".into()).into());
    }
    viewer.check_csrf(&form.csrf)?;
    Ok(Json(SessionStatus {
        expires_at: viewer.session.map(|s| s.expires_at),
    }))
}

/// Who the API caller is.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Me {
    pub login: String,
    /// Roles as written in grants: "program-office", "provincial-officer:경기", …
    pub roles: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "로그인한 사용자(세션 또는 API 토큰)와 역할", body = Me),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api_me(viewer: Viewer) -> Result<Json<Me>, crate::ui::error::ApiFailure> {
    let actor = viewer.actor().ok_or_else(|| {
        Failure::SignInRequired("로그인하거나 API 토큰을 보내 주십시오 (Authorization: Bearer …).".into())
    })?;
    viewer.may(Action::View, &Subject::Account { owner: actor.user })?;
    Ok(Json(Me {
        login: actor.login.clone(),
        roles: actor.roles.iter().map(|r| r.to_string()).collect(),
    }))
}
