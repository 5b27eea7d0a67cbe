//! Every refusal shown alike. A handler's page failure is drawn here, after the handler ran,
//! with the signed-in header of whoever asked; and the framework's own refusals (a body over
//! the route's limit, an unreadable form or path, a wrong method or content type), which
//! arrive as short English text, become the same Korean page or, under `/api/`, the same JSON
//! error body as every other failure.

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::failure::Failure;
use crate::ui::body::BodyLimit;
use crate::ui::error::{ApiFailure, PageFailure, error_page};
use crate::ui::lang::Lang;
use crate::ui::request::viewer_of;

pub async fn show_failures(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let lang = Lang::of_query(request.uri().query());
    let method = request.method().clone();
    let (parts, body) = request.into_parts();
    let head = parts.clone();
    let response = if has_control_characters(parts.uri.path()) {
        // No address of ours holds one, so there is no such page; answered here, it never
        // reaches a header or a query.
        StatusCode::NOT_FOUND.into_response()
    } else {
        next.run(Request::from_parts(parts, body)).await
    };

    let status = response.status();
    let failure = if let Some(PageFailure(failure, _)) = response.extensions().get::<PageFailure>() {
        failure.clone()
    } else if status == StatusCode::PAYLOAD_TOO_LARGE {
        // Whatever noticed first (the declared length, the body reader, a multipart field),
        // the visitor is told the route's limit.
        let limit = response.extensions().get::<BodyLimit>().copied().unwrap_or_default();
        Failure::TooLarge(limit.refusal())
    } else if status.is_client_error() && from_framework(&response) {
        Failure::BadInput(framework_refusal(status, &method))
    } else {
        return response;
    };
    let keep = response.headers().get(header::ALLOW).cloned();
    let mut shown = if api {
        let mut r = ApiFailure(failure).into_response();
        *r.status_mut() = status;
        r
    } else {
        // The error page costs a session read only when a page fails.
        let viewer = viewer_of(&head, &state, false).await.ok();
        error_page(&failure, status, lang, viewer.as_ref())
    };
    if let Some(allow) = keep {
        shown.headers_mut().insert(header::ALLOW, allow);
    }
    shown
}

/// Whether the path, once its %XX escapes are decoded, holds a control character.
fn has_control_characters(path: &str) -> bool {
    percent_encoding::percent_decode_str(path).any(|byte| byte < 0x20 || byte == 0x7f)
}

/// A refusal the framework wrote: short plain text or nothing, never one of our pages or
/// JSON bodies (those carry their own content type).
fn from_framework(response: &Response) -> bool {
    match response.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(kind) => kind.to_str().is_ok_and(|k| k.starts_with("text/plain")),
    }
}

fn framework_refusal(status: StatusCode, method: &Method) -> String {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => format!("이 주소는 {method} 요청을 받지 않습니다. 주소를 확인해 주십시오."),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "보낸 내용의 형식(Content-Type)이 이 주소가 받는 형식이 아닙니다. API는 application/json, 양식은 보통의 양식 전송으로 보내 주십시오.".into()
        }
        StatusCode::NOT_FOUND => "요청하신 주소에 해당하는 페이지가 없습니다. 주소를 다시 확인해 주십시오.".into(),
        _ => "요청을 읽을 수 없습니다. 주소와 입력한 값을 확인해 주십시오.".into(),
    }
}
