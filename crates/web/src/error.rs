//! One failure type for pages and API: each case has a status and a message an official can
//! act on. Pages render it as an HTML page, the API as JSON; internals go to the log only.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sandan_store::{EditError, StoreError};
use serde::Serialize;

use crate::lang::Lang;
use crate::layout::Layout;

#[derive(Debug)]
pub enum Failure {
    /// The thing asked for does not exist; the message names it.
    NotFound(String),
    /// The request itself is malformed; the message says how to write it.
    BadInput(String),
    /// The request needs a signed-in user.
    SignInRequired(String),
    /// The signed-in user may not do this.
    Forbidden(String),
    /// Someone else changed the record since the request was based on it.
    Conflict(String),
    /// Well-formed, but the program's rules refuse it; the message says why.
    Refused(String),
    /// A part the server needs is not installed (the PDF fonts); the message says which.
    Unavailable(String),
    /// Our fault; details are logged, not shown.
    Internal(String),
}

impl Failure {
    fn status(&self) -> StatusCode {
        match self {
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::BadInput(_) => StatusCode::BAD_REQUEST,
            Failure::SignInRequired(_) => StatusCode::UNAUTHORIZED,
            Failure::Forbidden(_) => StatusCode::FORBIDDEN,
            Failure::Conflict(_) => StatusCode::CONFLICT,
            Failure::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Failure::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Failure::NotFound(_) => "not_found",
            Failure::BadInput(_) => "bad_input",
            Failure::SignInRequired(_) => "sign_in_required",
            Failure::Forbidden(_) => "forbidden",
            Failure::Conflict(_) => "conflict",
            Failure::Refused(_) => "refused",
            Failure::Unavailable(_) => "unavailable",
            Failure::Internal(_) => "internal",
        }
    }

    fn public_message(&self) -> String {
        match self {
            Failure::NotFound(m)
            | Failure::BadInput(m)
            | Failure::SignInRequired(m)
            | Failure::Forbidden(m)
            | Failure::Conflict(m)
            | Failure::Refused(m)
            | Failure::Unavailable(m) => m.clone(),
            Failure::Internal(_) => {
                "서버에서 문제가 생겨 요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주십시오.".to_string()
            }
        }
    }
}

impl From<EditError> for Failure {
    fn from(e: EditError) -> Failure {
        match e {
            EditError::Stale { .. } => Failure::Conflict(e.to_string()),
            EditError::Refused(m) => Failure::Refused(m),
            EditError::NotFound(m) => Failure::NotFound(m),
            EditError::Store(s) => s.into(),
        }
    }
}

impl From<EditError> for ApiFailure {
    fn from(e: EditError) -> ApiFailure {
        ApiFailure(e.into())
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::Internal(e.to_string())
    }
}

/// A failure on a page: rendered as a page in the visitor's language.
#[derive(Debug)]
pub struct PageFailure(pub Failure, pub Lang);

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    message: String,
    sign_in: bool,
}

impl IntoResponse for PageFailure {
    fn into_response(self) -> Response {
        let PageFailure(failure, lang) = self;
        if let Failure::Internal(detail) = &failure {
            tracing::error!(%detail, "page failed");
        }
        let title = match failure.status() {
            StatusCode::NOT_FOUND => lang.pick("페이지를 찾을 수 없습니다", "Page not found"),
            StatusCode::BAD_REQUEST => lang.pick("요청을 확인해 주십시오", "Please check your request"),
            StatusCode::UNAUTHORIZED => lang.pick("로그인이 필요합니다", "Sign-in required"),
            StatusCode::FORBIDDEN => lang.pick("권한이 없습니다", "Not permitted"),
            StatusCode::CONFLICT => lang.pick("다른 사용자가 먼저 저장했습니다", "Changed by someone else"),
            StatusCode::UNPROCESSABLE_ENTITY => lang.pick("처리할 수 없는 요청입니다", "Request refused"),
            StatusCode::TOO_MANY_REQUESTS => lang.pick("잠시 뒤에 다시 시도해 주십시오", "Please try again later"),
            _ => lang.pick("일시적인 오류", "Temporary error"),
        };
        let sign_in = matches!(failure, Failure::SignInRequired(_));
        let page = ErrorPage {
            layout: Layout::new(lang, title, "/", Vec::new()),
            message: failure.public_message(),
            sign_in,
        };
        match page.render() {
            Ok(html) => (failure.status(), Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                (failure.status(), failure.public_message()).into_response()
            }
        }
    }
}

/// A failure on the API: `{"error": {"code": …, "message": …}}`.
#[derive(Debug)]
pub struct ApiFailure(pub Failure);

impl From<Failure> for ApiFailure {
    fn from(f: Failure) -> ApiFailure {
        ApiFailure(f)
    }
}

impl From<StoreError> for ApiFailure {
    fn from(e: StoreError) -> ApiFailure {
        ApiFailure(e.into())
    }
}

/// The body of every API error.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// not_found, bad_input, sign_in_required, forbidden, conflict, refused or internal
    pub code: String,
    /// In Korean, saying what to fix.
    pub message: String,
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        if let Failure::Internal(detail) = &self.0 {
            tracing::error!(%detail, "api call failed");
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.0.code().to_string(),
                message: self.0.public_message(),
            },
        };
        (self.0.status(), Json(body)).into_response()
    }
}

/// Renders a page template, turning a template failure into a logged 500.
pub fn render(page: &impl Template, lang: Lang) -> Result<Html<String>, PageFailure> {
    page.render()
        .map(Html)
        .map_err(|e| PageFailure(Failure::Internal(e.to_string()), lang))
}
