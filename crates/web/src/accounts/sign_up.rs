//! 입주기업 회원가입: a firm's staff member opens her own account to file and follow 애로사항.
//! The account waits for the link mailed to her address; staff of the provinces, ministries
//! and the office are still given accounts by the office.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sandan_domain::account::registration::FirmRegistration;
use sandan_domain::mail;
use sandan_store::accounts::AccountError;

use crate::auth::Viewer;
use crate::clock::{now_seconds, timestamp};
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::forms::{HONEYPOT, form_token, with_form_token};
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "accounts/sign_up.html")]
struct SignUpPage {
    layout: Layout,
    csrf: String,
    form: Fields,
    errors: Vec<String>,
    /// The address the link went to, once the sign-up is kept.
    sent_to: Option<String>,
}

fn layout(viewer: &Viewer, lang: Lang) -> Layout {
    let title = lang.pick("입주기업 회원가입", "Sign up as a firm");
    Layout::new(lang, title, "/sign-up", vec![(title.to_string(), "/sign-up".into())]).for_viewer(viewer)
}

/// GET /sign-up
pub async fn form(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Response, PageFailure> {
    if viewer.actor().is_some() {
        return Ok(see_other("/account").into_response());
    }
    let csrf = form_token(&viewer);
    let page = SignUpPage {
        layout: layout(&viewer, lang),
        csrf: csrf.clone(),
        form: Fields::new(),
        errors: Vec::new(),
        sent_to: None,
    };
    let html = render(&page, lang)?;
    Ok(with_form_token(&state, &viewer, &csrf, html))
}

/// POST /sign-up
pub async fn sign_up(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    if viewer.actor().is_some() {
        return Ok(see_other("/account").into_response());
    }
    let form = FirmRegistration {
        login: fields.get("login").into(),
        name: fields.get("name").into(),
        firm: fields.get("firm").into(),
        business_number: fields.get("business_number").into(),
        email: fields.get("email").into(),
        password: fields.get("password").into(),
        password_again: fields.get("password_again").into(),
    };
    let refused = |status: StatusCode, errors: Vec<String>| -> Result<Response, PageFailure> {
        // What was typed comes back, the passwords excepted.
        let kept = Fields(
            fields
                .0
                .iter()
                .filter(|(k, _)| !k.starts_with("password"))
                .cloned()
                .collect(),
        );
        let page = SignUpPage {
            layout: layout(&viewer, lang),
            csrf: fields.get("csrf").to_string(),
            form: kept,
            errors,
            sent_to: None,
        };
        Ok((status, render(&page, lang)?).into_response())
    };
    if !fields.get(HONEYPOT).is_empty() {
        return refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["자동으로 채운 양식은 받지 않습니다.".into()],
        );
    }
    let registration = match form.checked() {
        Ok(r) => r,
        Err(problems) => {
            return refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                problems.iter().map(ToString::to_string).collect(),
            );
        }
    };
    let token = sandan_store::secrets::new_token();
    let letter = mail::sign_up(
        &registration.name,
        &registration.firm,
        registration.email.as_str(),
        format!("/account/email/verify?token={token}"),
    );
    let at = timestamp();
    let attempt = sandan_store::Change {
        actor: &registration.login,
        at: &at,
        source: &viewer.source,
    };
    match state
        .store
        .register_firm(&registration, &token, now_seconds(), &letter, &attempt)
        .await
    {
        Ok(_) => {
            let page = SignUpPage {
                layout: layout(&viewer, lang),
                csrf: String::new(),
                form: Fields::new(),
                errors: Vec::new(),
                sent_to: Some(registration.email.to_string()),
            };
            Ok(render(&page, lang)?.into_response())
        }
        Err(e @ AccountError::LoginTaken(_)) => refused(StatusCode::UNPROCESSABLE_ENTITY, vec![e.to_string()]),
        Err(e @ AccountError::TooManySignUps) => refused(StatusCode::TOO_MANY_REQUESTS, vec![e.to_string()]),
        Err(e) => Err(fail(Failure::Internal(e.to_string()))),
    }
}
