//! 현황 파일 반영: the previewed file, read again from where the preview kept it, loaded with the
//! office's decisions in one audited transaction that plans again against the record as it is
//! then; the page shows what was written and what still waits.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sandan_domain::{Action, Subject};

use super::decisions;
use super::file::read_registry_file;
use super::review_page::{self, Imported};
use super::settings::Settings;
use crate::auth::{Viewer, change};
use crate::clock::{timestamp, today};
use crate::failure::Failure;
use crate::offload::offload;
use crate::ui::error::PageFailure;
use crate::ui::fields::Fields;
use crate::{AppState, Lang};

/// `POST /registry/load`. A review form with a decision it cannot read loads nothing: the
/// preview comes back with the problems and the choices as sent.
pub async fn load(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Published).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let settings = Settings::read(&fields).map_err(|errors| fail(Failure::BadInput(errors.join(" "))))?;
    let sha256 = fields.get("sha256").to_string();
    let (name, bytes) = state.store.registry_file(&sha256).await.map_err(|e| fail(e.into()))?;
    let mapping = settings.mapping.clone();
    let (name, read) = offload(move || {
        let read = read_registry_file(&name, &bytes, &mapping);
        (name, read)
    })
    .await
    .map_err(fail)?;
    let read = read.map_err(|message| fail(Failure::Refused(message)))?;
    let (decided, errors) = match decisions::read(&fields, &settings) {
        Ok(decided) => (decided, Vec::new()),
        Err(errors) => (settings.decisions.clone(), errors),
    };
    let dry_run = !errors.is_empty();
    let at = timestamp();
    let changes = state
        .store
        .import_registry(
            &read.rows,
            &settings.provenance(today()),
            &decided,
            dry_run,
            &change(&viewer, &at),
        )
        .await
        .map_err(|e| fail(e.into()))?;
    let imported = Imported {
        file_name: name,
        sha256,
        read,
        changes,
        decisions: decided,
        dry_run,
    };
    let status = if dry_run {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    // After a load the queue is shorter, so the choices sent no longer line up with its rows.
    let form = if dry_run { fields } else { Fields::new() };
    let html = review_page::show(&state, &viewer, lang, &settings, &imported, &form, errors).await?;
    Ok((status, html).into_response())
}
