//! 사용자 관리 (공동 주관부처): every account with its roles; adding users and granting or
//! revoking roles, each change audited.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sandan_domain::{Action, Region, Role, Subject, UserId};
use sandan_store::accounts::{AccountError, UserSummary};
use serde::Deserialize;

use crate::auth::Viewer;
use crate::auth::change;
use crate::clock::now_seconds;
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "accounts/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserSummary>,
    csrf: String,
    error: Option<String>,
    form: NewUserForm,
    role_choices: Vec<(String, String)>,
}

/// Every role a new user can start with; provinces in 가나다 order.
fn role_choices() -> Vec<(String, String)> {
    let regions = Region::in_ganada_order();
    [Role::ProgramOffice]
        .into_iter()
        .chain(regions.into_iter().map(|region| Role::ProvincialOfficer { region }))
        .chain([Role::Evaluator, Role::CommitteeMember, Role::ComplexAgency])
        .map(|role| (role.to_string(), role.korean()))
        .collect()
}

#[derive(Deserialize, Default, Clone)]
pub struct NewUserForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub role: String,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    error: Option<String>,
    form: NewUserForm,
) -> Result<axum::response::Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let users = state
        .store
        .users(now_seconds())
        .await
        .map_err(|e| fail(Failure::Internal(e.to_string())))?;
    let title = lang.pick("사용자 관리", "Users");
    let page = UsersPage {
        layout: Layout::new(
            lang,
            title,
            "/admin/users",
            vec![(title.to_string(), "/admin/users".to_string())],
        )
        .for_viewer(viewer),
        users,
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        error,
        form: NewUserForm {
            password: String::new(),
            ..form
        },
        role_choices: role_choices(),
    };
    render(&page, lang)
}

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
) -> Result<axum::response::Html<String>, PageFailure> {
    viewer
        .may(Action::View, &Subject::Users)
        .map_err(|e| PageFailure(e, lang))?;
    page(&state, &viewer, lang, None, NewUserForm::default()).await
}

/// Refusals the official can fix are shown on the form; anything else is an internal error.
fn shown(e: AccountError) -> Result<String, Failure> {
    match e {
        AccountError::Store(s) => Err(Failure::Internal(s.to_string())),
        other => Ok(other.to_string()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Form(form): Form<NewUserForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Users).map_err(fail)?;
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    let role = match form.role.parse::<Role>() {
        Ok(role) => role,
        Err(e) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(&state, &viewer, lang, Some(e.to_string()), form).await?,
            )
                .into_response());
        }
    };
    let at = timestamp();
    let by = viewer.actor().map(|a| a.user);
    match state
        .store
        .create_user(
            form.login.trim(),
            &form.name,
            &form.password,
            &[role],
            by,
            &change(&viewer, &at),
        )
        .await
    {
        Ok(_) => Ok(see_other("/admin/users").into_response()),
        Err(e) => {
            let message = shown(e).map_err(fail)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(&state, &viewer, lang, Some(message), form).await?,
            )
                .into_response())
        }
    }
}

#[derive(Deserialize, Default)]
pub struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    revoke: Option<String>,
}

pub async fn change_role(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Users).map_err(fail)?;
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    let user = id
        .parse::<i64>()
        .map(UserId)
        .map_err(|_| fail(Failure::NotFound("사용자를 찾을 수 없습니다.".into())))?;
    let refusal = match form.role.parse::<Role>() {
        Err(e) => Some(e.to_string()),
        Ok(role) => {
            let at = timestamp();
            let done = match form.revoke {
                Some(_) => state.store.revoke_role(user, &role, &change(&viewer, &at)).await,
                None => {
                    state
                        .store
                        .grant_role(user, &role, viewer.actor().map(|a| a.user), &change(&viewer, &at))
                        .await
                }
            };
            match done {
                Ok(()) => None,
                Err(e) => Some(shown(e).map_err(fail)?),
            }
        }
    };
    match refusal {
        None => Ok(see_other("/admin/users").into_response()),
        Some(message) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&state, &viewer, lang, Some(message), NewUserForm::default()).await?,
        )
            .into_response()),
    }
}
