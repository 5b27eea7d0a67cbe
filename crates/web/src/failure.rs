//! One failure type for pages and API: each case has a status and a message an official can
//! act on. How it is shown (an HTML page or JSON) is the ui layer's; internals go to the log only.

use axum::http::StatusCode;
use sandan_store::{EditError, StoreError};

#[derive(Clone, Debug)]
pub enum Failure {
    /// The thing asked for does not exist; the message names it.
    NotFound(String),
    /// The request itself is malformed; the message says how to write it.
    BadInput(String),
    /// The request needs a signed-in user.
    SignInRequired(String),
    /// The signed-in user may not do this.
    Forbidden(String),
    /// The API token was valid but its time is up; a new one must be issued.
    TokenExpired(String),
    /// The API token's scope does not cover this write, whatever its user may do.
    TokenScope(String),
    /// Someone else changed the record since the request was based on it.
    Conflict(String),
    /// A write's `If-Match` names a version that is no longer current.
    PreconditionFailed(String),
    /// A write that must name the version it is based on (`If-Match`) did not.
    PreconditionRequired(String),
    /// Well-formed, but the program's rules refuse it; the message says why.
    Refused(String),
    /// A batch of rows (a bulk API call) refused as a whole: the message says nothing was
    /// written, and each problem names the row it is in, so a finance system can fix them all
    /// in one pass.
    RowsRefused(String, Vec<RowProblem>),
    /// The body is larger than the route reads; the message names the limit.
    TooLarge(String),
    /// Too many requests from one address in a while; the message says when to come back.
    TooMany(String),
    /// A part the server needs is not installed (the PDF fonts); the message says which.
    Unavailable(String),
    /// Our fault; details are logged, not shown.
    Internal(String),
}

impl Failure {
    pub fn status(&self) -> StatusCode {
        match self {
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::BadInput(_) => StatusCode::BAD_REQUEST,
            Failure::SignInRequired(_) => StatusCode::UNAUTHORIZED,
            Failure::Forbidden(_) => StatusCode::FORBIDDEN,
            Failure::TokenExpired(_) => StatusCode::UNAUTHORIZED,
            Failure::TokenScope(_) => StatusCode::FORBIDDEN,
            Failure::Conflict(_) => StatusCode::CONFLICT,
            Failure::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            Failure::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            Failure::Refused(_) | Failure::RowsRefused(..) => StatusCode::UNPROCESSABLE_ENTITY,
            Failure::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Failure::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            Failure::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Failure::NotFound(_) => "not_found",
            Failure::BadInput(_) => "bad_input",
            Failure::SignInRequired(_) => "sign_in_required",
            Failure::Forbidden(_) => "forbidden",
            Failure::TokenExpired(_) => "token_expired",
            Failure::TokenScope(_) => "token_scope",
            Failure::Conflict(_) => "conflict",
            Failure::PreconditionFailed(_) => "precondition_failed",
            Failure::PreconditionRequired(_) => "precondition_required",
            Failure::Refused(_) => "refused",
            Failure::RowsRefused(..) => "rows_refused",
            Failure::TooLarge(_) => "too_large",
            Failure::TooMany(_) => "too_many",
            Failure::Unavailable(_) => "unavailable",
            Failure::Internal(_) => "internal",
        }
    }

    pub fn public_message(&self) -> String {
        match self {
            Failure::NotFound(m)
            | Failure::BadInput(m)
            | Failure::SignInRequired(m)
            | Failure::Forbidden(m)
            | Failure::TokenExpired(m)
            | Failure::TokenScope(m)
            | Failure::Conflict(m)
            | Failure::PreconditionFailed(m)
            | Failure::PreconditionRequired(m)
            | Failure::Refused(m)
            | Failure::RowsRefused(m, _)
            | Failure::TooLarge(m)
            | Failure::TooMany(m)
            | Failure::Unavailable(m) => m.clone(),
            Failure::Internal(_) => {
                "서버에서 문제가 생겨 요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주십시오.".to_string()
            }
        }
    }
}

impl Failure {
    /// The rows a bulk call was refused for; empty for every other failure.
    pub fn rows(&self) -> &[RowProblem] {
        match self {
            Failure::RowsRefused(_, rows) => rows,
            _ => &[],
        }
    }
}

/// One row's problem in a refused batch.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct RowProblem {
    /// The row's position in the request's array, from 0.
    pub row: usize,
    /// The member of the row that is wrong, where one is; absent when the row as a whole is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// In Korean, saying what to fix in that row.
    pub message: String,
}

impl From<EditError> for Failure {
    fn from(e: EditError) -> Failure {
        match e {
            EditError::Stale { .. } => Failure::Conflict(e.to_string()),
            EditError::Refused(m) => Failure::Refused(m),
            EditError::NotFound(m) => Failure::NotFound(m),
            EditError::TooMany(m) => Failure::TooMany(m),
            EditError::Rows(ref rows) => Failure::RowsRefused(
                e.to_string(),
                rows.iter()
                    .map(|r| RowProblem {
                        row: r.row,
                        field: r.field.map(str::to_string),
                        message: r.message.clone(),
                    })
                    .collect(),
            ),
            EditError::Store(s) => s.into(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        if matches!(
            e,
            StoreError::ComplexesInUse(_)
                | StoreError::MeetingsDropped(_)
                | StoreError::WorkDropped(_)
                | StoreError::GoalsMoved(_)
                | StoreError::InvalidRecord(_)
        ) {
            return Failure::Refused(e.to_string());
        }
        if e.is_unstorable_text() {
            Failure::BadInput(
                "입력한 글자 가운데 저장할 수 없는 제어 문자(NUL)가 있습니다. 그 글자를 지우고 다시 보내 주십시오."
                    .into(),
            )
        } else {
            Failure::Internal(e.to_string())
        }
    }
}
