//! 현황 파일 올리기와 미리보기: the upload form, and the dry run of the file it sends — read off
//! the request threads, kept by its SHA-256 for the load, planned against the record inside the
//! store's transaction and shown with its review queue.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::{Action, Subject};

use super::file::read_registry_file;
use super::review_page::{self, Imported};
use super::settings::Settings;
use crate::auth::{Viewer, change};
use crate::clock::{timestamp, today};
use crate::failure::Failure;
use crate::offload::offload;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::{Fields, from_multipart};
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "registry/upload.html")]
struct UploadPage {
    layout: Layout,
    csrf: String,
    form: Fields,
    errors: Vec<String>,
}

fn upload_page(viewer: &Viewer, lang: Lang, form: Fields, errors: Vec<String>) -> Result<Html<String>, PageFailure> {
    let title = lang.pick("산업단지 현황 가져오기", "Registry import");
    render(
        &UploadPage {
            layout: Layout::new(lang, title, "/registry", vec![(title.into(), "/registry".into())]).for_viewer(viewer),
            csrf: viewer.csrf().unwrap_or_default().to_string(),
            form,
            errors,
        },
        lang,
    )
}

/// `GET /registry`: the upload form.
pub async fn form(viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    viewer
        .may(Action::Change, &Subject::Published)
        .map_err(|e| PageFailure(e, lang))?;
    upload_page(&viewer, lang, Fields::new(), Vec::new())
}

/// `POST /registry/preview`: what loading the sent file would change; the file is kept for the
/// load, the record is not touched.
pub async fn preview(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Published).map_err(fail)?;
    let multipart = multipart.map_err(|_| {
        fail(Failure::BadInput(
            "파일 올리기 양식(multipart/form-data)으로 보내 주십시오.".into(),
        ))
    })?;
    let (fields, files) = from_multipart(multipart, "file").await.map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let settings = match Settings::read(&fields) {
        Ok(settings) => settings,
        Err(errors) => return refuse(&viewer, lang, fields, errors),
    };
    let Some((name, bytes)) = files.into_iter().next() else {
        return refuse(&viewer, lang, fields, vec!["올릴 현황 파일을 고르십시오.".into()]);
    };
    let imported = match import(&state, &viewer, &settings, name, bytes, true)
        .await
        .map_err(fail)?
    {
        Ok(imported) => imported,
        Err(message) => return refuse(&viewer, lang, fields, vec![message]),
    };
    let html = review_page::show(&state, &viewer, lang, &settings, &imported, &Fields::new(), Vec::new()).await?;
    Ok(html.into_response())
}

/// Reads the uploaded file `name` off the request threads, keeps it and imports it with the
/// settings' decisions (or, `dry_run`, only plans); the refusal in Korean when it cannot be read,
/// in which case nothing is kept.
pub(super) async fn import(
    state: &AppState,
    viewer: &Viewer,
    settings: &Settings,
    name: String,
    bytes: Vec<u8>,
    dry_run: bool,
) -> Result<Result<Imported, String>, Failure> {
    let mapping = settings.mapping.clone();
    let (name, bytes, read) = offload(move || {
        let read = read_registry_file(&name, &bytes, &mapping);
        (name, bytes, read)
    })
    .await?;
    let read = match read {
        Ok(read) => read,
        Err(message) => return Ok(Err(message)),
    };
    let at = timestamp();
    let by = change(viewer, &at);
    let sha256 = state.store.keep_registry_file(&name, &bytes, &by).await?;
    let changes = state
        .store
        .import_registry(
            &read.rows,
            &settings.provenance(today()),
            &settings.decisions,
            dry_run,
            &by,
        )
        .await?;
    Ok(Ok(Imported {
        file_name: name,
        sha256,
        read,
        changes,
        decisions: settings.decisions.clone(),
        dry_run,
    }))
}

/// The form again with what is wrong; nothing was kept or written.
fn refuse(viewer: &Viewer, lang: Lang, fields: Fields, errors: Vec<String>) -> Result<Response, PageFailure> {
    let html = upload_page(viewer, lang, fields, errors)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}
