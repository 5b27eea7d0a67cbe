//! 첨부파일 받기: a report's files go to whoever may read the report — its handling body and
//! the office, its filer signed in, or the browser following it by receipt and password — each
//! download recorded in the audit trail.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sandan_domain::{Action, Subject};

use crate::auth::{Viewer, change};
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::grievances::follow::followed;
use crate::ui::download::attachment;
use crate::ui::error::PageFailure;
use crate::{AppState, Lang};

/// GET /grievances/{id}/files/{file}
pub async fn download(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    headers: HeaderMap,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let missing = || fail(Failure::NotFound("그 첨부파일은 이 애로사항에 없습니다.".into()));
    let id: i64 = id.parse().map_err(|_| missing())?;
    let file: i64 = file.parse().map_err(|_| missing())?;
    let following = followed(&state, &headers).await.map_err(fail)? == Some(id);
    if !following {
        if viewer.actor().is_none() {
            return Err(fail(Failure::SignInRequired("로그인이 필요합니다.".into())));
        }
        let g = state
            .store
            .grievance_unaudited(id)
            .await
            .map_err(|e| fail(e.into()))?
            .ok_or_else(|| fail(Failure::NotFound("애로사항을 찾을 수 없습니다.".into())))?;
        let subject = Subject::Grievance {
            handler: g.progress.handler,
            filer: g.filer_user,
        };
        viewer.may(Action::View, &subject).map_err(fail)?;
    }
    let at = timestamp();
    let (stored, content) = state
        .store
        .read_grievance_attachment(id, file, &change(&viewer, &at))
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(attachment(&stored.name, stored.file_type.media_type(), content))
}
