//! 문서 공개: after a region's selection is in the record, the office may make its submitted
//! documents public; anyone may then download them from the round's page. Until then the
//! public never reads a plan's files.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use sandan_domain::{Action, Subject};

use super::document_id;
use crate::auth::{Viewer, change};
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::ui::error::PageFailure;
use crate::ui::fields::Fields;
use crate::ui::links::see_other;
use crate::ui::params;
use crate::{AppState, Lang};

/// POST …/versions/{number}/documents/{id}/publish: `public` is "1" to publish, "0" to take
/// the document back.
pub async fn publish(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, number, id)): Path<(String, String, String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer
        .may(Action::Change, &Subject::Evaluation { closed: true })
        .map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let (year, region) = (
        params::year(&year).map_err(fail)?,
        params::region(&region).map_err(fail)?,
    );
    let id = document_id(&id).map_err(fail)?;
    let public = match fields.get("public") {
        "1" => true,
        "0" => false,
        _ => {
            return Err(fail(Failure::BadInput(
                "공개(1) 또는 비공개(0)를 골라 주십시오.".into(),
            )));
        }
    };
    let at = timestamp();
    state
        .store
        .publish_document(year, region, id, public, &change(&viewer, &at))
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(see_other(&format!(
        "/rounds/{year}/proposals/{}/versions/{number}#documents",
        region.short_name()
    ))
    .into_response())
}

/// GET /rounds/{year}/documents/{id}: a published document, for anyone; the download is
/// audited like every other.
pub async fn download(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, id)): Path<(String, String)>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::View, &Subject::Published).map_err(fail)?;
    let year = params::year(&year).map_err(fail)?;
    let id = document_id(&id).map_err(fail)?;
    let published = state
        .store
        .published_documents(Some(year))
        .await
        .map_err(|e| fail(e.into()))?
        .into_iter()
        .find(|p| p.document.id == id)
        .ok_or_else(|| fail(Failure::NotFound("공개된 문서가 아닙니다.".into())))?;
    let at = timestamp();
    let content = state
        .store
        .read_document(
            year,
            published.region,
            Some(published.number),
            &published.document,
            &change(&viewer, &at),
        )
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::ui::download::attachment(
        &published.document.name,
        published.document.file_type.media_type(),
        content,
    ))
}
