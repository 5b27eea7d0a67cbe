//! How a failure is shown: as an HTML page in the visitor's language, or as the API's JSON
//! error body.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sandan_store::{EditError, StoreError};

use serde::Serialize;

use crate::auth::Viewer;
use crate::failure::{Failure, RowProblem};
use crate::ui::lang::Lang;
use crate::ui::layout::Layout;

/// A failure on a page: rendered as a page in the visitor's language.
#[derive(Clone, Debug)]
pub struct PageFailure(pub Failure, pub Lang);

#[derive(Template)]
#[template(path = "ui/error.html")]
struct ErrorPage {
    layout: Layout,
    message: String,
    sign_in: bool,
}

impl IntoResponse for PageFailure {
    /// The page is drawn by [`show_failures`], which knows who is signed in; here the failure
    /// only travels with its status.
    fn into_response(self) -> Response {
        let PageFailure(failure, lang) = self;
        if let Failure::Internal(detail) = &failure {
            tracing::error!(%detail, "page failed");
        }
        let mut response = failure.status().into_response();
        response.extensions_mut().insert(PageFailure(failure, lang));
        response
    }
}

/// The error page of `failure` for `viewer`, in `lang`.
pub fn error_page(failure: &Failure, status: StatusCode, lang: Lang, viewer: Option<&Viewer>) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => lang.pick("페이지를 찾을 수 없습니다", "Page not found"),
        StatusCode::BAD_REQUEST => lang.pick("요청을 확인해 주십시오", "Please check your request"),
        StatusCode::UNAUTHORIZED => lang.pick("로그인이 필요합니다", "Sign-in required"),
        StatusCode::FORBIDDEN => lang.pick("권한이 없습니다", "Not permitted"),
        StatusCode::CONFLICT => lang.pick("다른 사용자가 먼저 저장했습니다", "Changed by someone else"),
        StatusCode::PAYLOAD_TOO_LARGE => lang.pick("보낸 내용이 너무 큽니다", "Too large"),
        StatusCode::UNPROCESSABLE_ENTITY => lang.pick("처리할 수 없는 요청입니다", "Request refused"),
        StatusCode::TOO_MANY_REQUESTS => lang.pick("잠시 뒤에 다시 시도해 주십시오", "Please try again later"),
        s if s.is_client_error() => lang.pick("요청을 확인해 주십시오", "Please check your request"),
        _ => lang.pick("일시적인 오류", "Temporary error"),
    };
    let layout = Layout::new(lang, title, "/", Vec::new());
    let page = ErrorPage {
        layout: match viewer {
            Some(v) => layout.for_viewer(v),
            None => layout,
        },
        message: failure.public_message(),
        sign_in: matches!(failure, Failure::SignInRequired(_)) && viewer.is_none_or(|v| v.actor().is_none()),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (status, failure.public_message()).into_response()
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

impl From<EditError> for ApiFailure {
    fn from(e: EditError) -> ApiFailure {
        ApiFailure(e.into())
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
    /// not_found, bad_input, sign_in_required, forbidden, conflict, refused, rows_refused or
    /// internal
    pub code: String,
    /// In Korean, saying what to fix.
    pub message: String,
    /// With `rows_refused` only: every row's problem. Nothing of the batch was written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowProblem>,
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
                rows: self.0.rows().to_vec(),
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
