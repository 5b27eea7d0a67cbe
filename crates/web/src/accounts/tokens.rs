//! API 토큰: issuing one's own with a scope and a lifetime on the account page, revoking it,
//! and the office's register of every user's tokens — as a page and as JSON.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Json};
use sandan_domain::account::token::{Area, Lifetime, TokenScope, UnknownScope, is_expired};
use sandan_domain::{Action, Subject, UserId};
use sandan_store::accounts::AccountError;
use sandan_store::{ApiToken, RegisteredToken};

use super::account::{CsrfForm, account_page};
use crate::auth::{Viewer, change};
use crate::clock::{now_seconds, timestamp};
use crate::failure::Failure;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::ui::time::{expiry, kst};
use crate::{AppState, Lang};

/// A token as the account page and the register show it.
pub struct TokenLine {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub scope: String,
    pub expires: String,
    pub expired: bool,
    pub last_used: Option<String>,
}

impl TokenLine {
    pub fn of(token: &ApiToken, lang: Lang, now: i64) -> TokenLine {
        TokenLine {
            id: token.id,
            name: token.name.clone(),
            created: kst(&token.created_at),
            scope: match lang {
                Lang::Ko => token.scope.korean(),
                Lang::En => token.scope.english(),
            },
            expires: expiry(token.expires_at),
            expired: is_expired(token.expires_at, now),
            last_used: token.last_used_at.map(expiry),
        }
    }
}

fn internal(e: AccountError) -> Failure {
    Failure::Internal(e.to_string())
}

fn missing() -> Failure {
    Failure::NotFound("API 토큰을 찾을 수 없습니다.".into())
}

/// The scope and lifetime a form asks for. Left out, they are the narrowest scope (read-only)
/// and the default lifetime, so a bare name still makes a safe token.
fn requested(form: &Fields) -> Result<(TokenScope, Lifetime), String> {
    let areas = form
        .all("write")
        .map(|key| Area::of_key(key).ok_or_else(|| UnknownScope(key.to_string()).to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let days = match form.get("days").trim() {
        "" => Lifetime::DEFAULT_DAYS,
        text => text
            .parse()
            .map_err(|_| "유효기간을 30일, 90일, 365일 중에서 고르십시오 (최대 1년).".to_string())?,
    };
    let lifetime = Lifetime::days(days).map_err(|e| e.to_string())?;
    Ok((TokenScope::writing(areas), lifetime))
}

/// Makes an API token and shows it once.
pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    form: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let owner = viewer
        .actor()
        .map(|a| a.user)
        .ok_or_else(|| fail(Failure::SignInRequired("로그인이 필요합니다.".into())))?;
    viewer.may(Action::Change, &Subject::Account { owner }).map_err(fail)?;
    viewer.check_csrf(form.get("csrf")).map_err(fail)?;
    let (scope, lifetime) = match requested(&form) {
        Ok(asked) => asked,
        Err(message) => return refused(&state, &viewer, lang, message).await,
    };
    let at = timestamp();
    match state
        .store
        .create_api_token(
            owner,
            form.get("name"),
            &scope,
            lifetime,
            now_seconds(),
            &change(&viewer, &at),
        )
        .await
    {
        Ok((_, token)) => {
            let message = format!("API 토큰을 만들었습니다. 지금 한 번만 보여 드립니다: {token}");
            Ok(account_page(&state, &viewer, lang, Some(message), None)
                .await?
                .into_response())
        }
        Err(AccountError::BadName) => {
            refused(
                &state,
                &viewer,
                lang,
                "토큰 이름을 100자 이내로 입력해 주십시오.".into(),
            )
            .await
        }
        Err(e) => Err(fail(internal(e))),
    }
}

/// The account page again, with what was wrong in the form.
async fn refused(state: &AppState, viewer: &Viewer, lang: Lang, message: String) -> Result<Response, PageFailure> {
    let page = account_page(state, viewer, lang, None, Some(message)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Revokes token `id` if the viewer may: its owner or the office (`only_of` narrows it to one
/// owner's). Anyone else is told it does not exist, so its existence is not revealed.
async fn revoke(state: &AppState, viewer: &Viewer, id: &str, only_of: Option<UserId>) -> Result<(), Failure> {
    if viewer.actor().is_none() {
        return Err(Failure::SignInRequired("로그인하거나 API 토큰을 보내 주십시오.".into()));
    }
    let id = id.parse::<i64>().map_err(|_| missing())?;
    let owner = state
        .store
        .api_token_owner(id)
        .await
        .map_err(internal)?
        .filter(|owner| only_of.is_none_or(|only| only == *owner))
        .ok_or_else(missing)?;
    viewer
        .may(Action::Change, &Subject::ApiToken { owner })
        .map_err(|_| missing())?;
    let at = timestamp();
    match state.store.revoke_api_token(owner, id, &change(viewer, &at)).await {
        Ok(()) => Ok(()),
        Err(AccountError::UnknownToken) => Err(missing()),
        Err(e) => Err(internal(e)),
    }
}

/// The account page's "회수": one's own tokens only.
pub async fn revoke_own(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let owner = viewer
        .actor()
        .map(|a| a.user)
        .ok_or_else(|| fail(Failure::SignInRequired("로그인이 필요합니다.".into())))?;
    viewer.may(Action::Change, &Subject::Account { owner }).map_err(fail)?;
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    revoke(&state, &viewer, &id, Some(owner)).await.map_err(fail)?;
    Ok(see_other("/account").into_response())
}

/// One line of the office's register.
pub struct RegisterLine {
    pub token: TokenLine,
    pub owner_login: String,
    pub owner_name: String,
    pub revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/tokens.html")]
struct RegisterPage {
    layout: Layout,
    csrf: String,
    tokens: Vec<RegisterLine>,
}

/// 토큰 대장 (공동 주관부처): every token of every user, to see which are alive and stop any.
pub async fn register(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::View, &Subject::Users).map_err(fail)?;
    let now = now_seconds();
    let tokens = state
        .store
        .token_register()
        .await
        .map_err(|e| fail(internal(e)))?
        .into_iter()
        .map(|r| RegisterLine {
            token: TokenLine::of(&r.token, lang, now),
            owner_login: r.owner_login,
            owner_name: r.owner_name,
            revoked: r.revoked_at.as_deref().map(kst),
        })
        .collect();
    let title = lang.pick("API 토큰 대장", "API token register");
    let page = RegisterPage {
        layout: Layout::new(
            lang,
            title,
            "/admin/tokens",
            vec![(title.to_string(), "/admin/tokens".to_string())],
        )
        .for_viewer(&viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        tokens,
    };
    render(&page, lang)
}

/// The register's "회수": any user's token, audited with who revoked whose.
pub async fn revoke_any(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Users).map_err(fail)?;
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    revoke(&state, &viewer, &id, None).await.map_err(fail)?;
    Ok(see_other("/admin/tokens").into_response())
}

/// An API token as the register's JSON gives it; never its secret.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = ApiTokenEntry)]
pub struct TokenEntry {
    pub id: i64,
    /// The owner's login.
    pub owner: String,
    pub name: String,
    /// "read", or "write:" and the areas it may write, comma-separated.
    pub scope: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub expires_at: String,
    /// To the hour; absent if never used.
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds).map_or_else(|_| seconds.to_string(), |t| t.to_string())
}

impl TokenEntry {
    fn of(r: RegisteredToken) -> TokenEntry {
        TokenEntry {
            id: r.token.id,
            owner: r.owner_login,
            name: r.token.name,
            scope: r.token.scope.to_string(),
            created_at: r.token.created_at,
            expires_at: rfc3339(r.token.expires_at),
            last_used_at: r.token.last_used_at.map(rfc3339),
            revoked_at: r.revoked_at,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    security(("bearer" = [])),
    description = "API 토큰 대장: 모든 사용자의 모든 토큰(회수된 것 포함, 최신 순). 공동 주관부처(program-office)만 부를 수 있습니다.",
    responses(
        (status = 200, description = "모든 토큰 (비밀 값은 없음)", body = [TokenEntry]),
        (status = 401, description = "로그인이나 API 토큰이 없거나, 토큰의 유효기간이 지남 (code token_expired)", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님", body = crate::ui::error::ErrorBody)))]
pub async fn api_list(State(state): State<AppState>, viewer: Viewer) -> Result<Json<Vec<TokenEntry>>, ApiFailure> {
    viewer.may(Action::View, &Subject::Users)?;
    let tokens = state.store.token_register().await.map_err(internal)?;
    Ok(Json(tokens.into_iter().map(TokenEntry::of).collect()))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts",
    security(("bearer" = [])),
    description = "API 토큰 회수: 토큰의 주인이나 공동 주관부처(program-office)가 부를 수 있습니다. 회수는 누가 누구의 토큰을 회수했는지 감사 기록에 남습니다.",
    params(("id" = String, Path, description = "토큰 번호")),
    responses(
        (status = 204, description = "회수함: 그 토큰은 더 이상 열리지 않음"),
        (status = 400, description = "쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "토큰 범위에 계정·토큰(accounts) 쓰기가 없음 (code token_scope)", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없거나 이미 회수된 토큰, 또는 다른 사람의 토큰", body = crate::ui::error::ErrorBody)))]
pub async fn api_revoke(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiFailure> {
    if viewer.actor().is_some() {
        viewer.check_api_csrf(&headers)?;
    }
    revoke(&state, &viewer, &id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
