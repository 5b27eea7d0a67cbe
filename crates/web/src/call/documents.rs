//! 제출 문서 on the web: a province uploads, replaces and removes its draft's documents; each
//! download — by the province, the office, or an evaluator reading the version she scores —
//! is audited with its reader. Files are always sent as attachments, never shown as pages.

use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sandan_domain::documents::{self, DocumentKind, FileType};
use sandan_domain::evaluation::Stage;
use sandan_domain::{Action, Region, Subject};
use sandan_store::documents::{NewDocument, StoredDocument};

use super::proposal_forms::{Access, access};
use super::proposals::page;
use super::sniff::sniff;
use crate::auth::{Viewer, change};
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::reports::downloads::ReportFonts;
use crate::ui::error::PageFailure;
use crate::ui::fields::{Fields, from_multipart};
use crate::ui::links::see_other;
use crate::ui::params;
use crate::ui::zipped::ZipProblem;
use crate::{AppState, Lang};

mod extract;
pub mod publish;
pub mod search;

/// Body limit of an upload: the largest document and the form around it.
pub const UPLOAD_BYTES: usize = documents::MAX_BYTES as usize + 1024 * 1024;

fn back(a: &Access) -> Response {
    see_other(&format!(
        "/rounds/{}/proposals/{}#documents",
        a.year,
        a.region.short_name()
    ))
    .into_response()
}

/// The page again with the refusal, or the failure itself.
async fn refused(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    a: &Access,
    e: Failure,
) -> Result<Response, PageFailure> {
    match e {
        Failure::Refused(m) | Failure::BadInput(m) | Failure::NotFound(m) => {
            let html = page(state, viewer, lang, a, Some(m))
                .await
                .map_err(|e| PageFailure(e, lang))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        other => Err(PageFailure(other, lang)),
    }
}

/// POST …/documents: `kind` and `file`.
pub async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = access(&state, &viewer, &year, &region, Action::Change)
        .await
        .map_err(fail)?;
    let multipart = multipart.map_err(|_| {
        fail(Failure::BadInput(
            "파일 올리기 양식(multipart/form-data)으로 보내 주십시오.".into(),
        ))
    })?;
    let (fields, files) = from_multipart(multipart, "file").await.map_err(fail)?;
    let file = files.into_iter().next();
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    match store(&state, &viewer, &a, &fields, file).await {
        Ok(()) => Ok(back(&a)),
        Err(e) => refused(&state, &viewer, lang, &a, e).await,
    }
}

async fn store(
    state: &AppState,
    viewer: &Viewer,
    a: &Access,
    fields: &Fields,
    file: Option<(String, Vec<u8>)>,
) -> Result<(), Failure> {
    let kind = DocumentKind::from_slug(fields.get("kind"))
        .ok_or_else(|| Failure::BadInput("문서 종류(혁신계획서, 발표자료, 부속서류)를 고르십시오.".into()))?;
    let (name, content) = file.ok_or_else(|| Failure::Refused(documents::DocumentProblem::Empty.to_string()))?;
    let found = {
        let sample = content.clone();
        crate::offload::offload(move || sniff(&sample)).await?
    };
    let found = found.map_err(|e| match e {
        ZipProblem::Inflated => Failure::Refused(format!(
            "'{name}'은(는) 압축을 풀면 {}MB를 넘어 받지 않았습니다. 압축 폭탄이 아닌지 확인하고, 원본 문서를 다시 저장해 올려 주십시오.",
            crate::ui::zipped::MAX_INFLATED_BYTES / 1024 / 1024
        )),
        ZipProblem::Unreadable(_) => Failure::Refused(format!("'{name}'을(를) 읽을 수 없습니다.")),
    })?;
    let (name, file_type) = documents::check(&a.ctx.call, kind, &name, content.len() as u64, found)
        .map_err(|e| Failure::Refused(e.to_string()))?;
    let text = extract::extract(file_type, content.clone()).await;
    let at = timestamp();
    state
        .store
        .add_document(
            a.year,
            a.region,
            &NewDocument {
                kind,
                name: &name,
                file_type,
                content: &content,
                text: &text,
            },
            &change(viewer, &at),
        )
        .await?;
    Ok(())
}

/// POST …/documents/{id}/remove
pub async fn remove(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, id)): Path<(String, String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = access(&state, &viewer, &year, &region, Action::Change)
        .await
        .map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let id = document_id(&id).map_err(fail)?;
    let at = timestamp();
    match state
        .store
        .remove_document(a.year, a.region, id, &change(&viewer, &at))
        .await
    {
        Ok(()) => Ok(back(&a)),
        Err(e) => refused(&state, &viewer, lang, &a, e.into()).await,
    }
}

fn document_id(text: &str) -> Result<i64, Failure> {
    text.parse()
        .map_err(|_| Failure::NotFound("그 문서는 이 계획안에 없습니다.".into()))
}

fn find(docs: Vec<StoredDocument>, id: i64) -> Result<StoredDocument, Failure> {
    docs.into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| Failure::NotFound("그 문서는 이 계획안에 없습니다.".into()))
}

/// GET …/documents/{id}: a draft's document, for its province and the office.
pub async fn draft(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, id)): Path<(String, String, String)>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = access(&state, &viewer, &year, &region, Action::View)
        .await
        .map_err(fail)?;
    let id = document_id(&id).map_err(fail)?;
    let doc = find(
        state
            .store
            .draft_documents(a.year, a.region)
            .await
            .map_err(|e| fail(e.into()))?,
        id,
    )
    .map_err(fail)?;
    send(&state, &viewer, a.year, a.region, None, doc).await.map_err(fail)
}

/// GET …/versions/{number}/documents/{id}: a submitted version's document, for its province,
/// the office, and a member of the panel reading the version she was assigned — never a
/// plan she declared a conflict with, never before scoring starts.
pub async fn version(
    State(state): State<AppState>,
    Extension(fonts): Extension<ReportFonts>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, number, id)): Path<(String, String, String, String)>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let (year, region) = (
        params::year(&year).map_err(fail)?,
        params::region(&region).map_err(fail)?,
    );
    let number: u32 = number
        .parse()
        .map_err(|_| fail(Failure::NotFound("그 판은 제출되지 않았습니다.".into())))?;
    let panelist = viewer.may(Action::View, &Subject::Proposal { region }).is_err();
    if panelist
        && !panelist_versions(&state, &viewer, year)
            .await
            .map_err(fail)?
            .contains(&(region, number))
    {
        viewer.may(Action::View, &Subject::Proposal { region }).map_err(fail)?;
    }
    let id = document_id(&id).map_err(fail)?;
    let docs = state
        .store
        .version_documents(year, region, number)
        .await
        .map_err(|e| fail(e.into()))?;
    let doc = find(docs, id).map_err(fail)?;
    if panelist && doc.file_type == FileType::Pdf {
        return watermarked(&state, &viewer, year, region, number, doc, fonts)
            .await
            .map_err(fail);
    }
    send(&state, &viewer, year, region, Some(number), doc)
        .await
        .map_err(fail)
}

/// The versions of round `year` the viewer sits on the panel to read: the versions under
/// evaluation assigned to her, once scoring has started, never a plan she declared a conflict
/// with. Empty for anyone else.
async fn panelist_versions(state: &AppState, viewer: &Viewer, year: i32) -> Result<Vec<(Region, u32)>, Failure> {
    let Some(actor) = viewer.actor() else {
        return Ok(Vec::new());
    };
    let member = state
        .store
        .members(year)
        .await?
        .iter()
        .any(|m| m.member.user == actor.user);
    let stage = state.store.panel(year).await?.map(|p| p.stage);
    if viewer.may(Action::View, &Subject::Panelist { member }).is_err()
        || !matches!(stage, Some(Stage::Scoring | Stage::Closed))
    {
        return Ok(Vec::new());
    }
    let assigned = state.store.assignments(year).await?;
    let conflicts = state.store.conflicts(year).await?;
    let conflicted = |region: Region| {
        conflicts
            .iter()
            .any(|c| c.conflict.evaluator == actor.user && c.conflict.region == region)
    };
    Ok(state
        .store
        .evaluated_plans(year)
        .await?
        .into_iter()
        .filter(|p| assigned.contains(&(actor.user, p.region)) && !conflicted(p.region))
        .map(|p| (p.region, p.version))
        .collect())
}

/// Every submitted version of round `year` the viewer may read: each region's latest for whom
/// the policy lets read its plan (the office, the province), and a panelist's own.
async fn readable_versions(state: &AppState, viewer: &Viewer, year: i32) -> Result<Vec<(Region, u32)>, Failure> {
    let mut versions: Vec<(Region, u32)> = state
        .store
        .standings(year)
        .await?
        .into_iter()
        .filter(|s| {
            viewer
                .may(Action::View, &Subject::Proposal { region: s.region })
                .is_ok()
        })
        .filter_map(|s| s.latest.map(|latest| (s.region, latest.number)))
        .collect();
    for version in panelist_versions(state, viewer, year).await? {
        if !versions.contains(&version) {
            versions.push(version);
        }
    }
    Ok(versions)
}

/// An evaluator's copy of a PDF: every page carries her name, her login and the time she
/// downloaded it. A file the watermark cannot be laid on (damaged, or fonts missing) is sent
/// as it is (the server log says so): the panel must still read it.
async fn watermarked(
    state: &AppState,
    viewer: &Viewer,
    year: i32,
    region: Region,
    number: u32,
    doc: StoredDocument,
    fonts: ReportFonts,
) -> Result<Response, Failure> {
    let at = timestamp();
    let reader = viewer
        .actor()
        .ok_or(Failure::Internal("panelist without an account".into()))?;
    let name = state
        .store
        .members(year)
        .await?
        .into_iter()
        .find(|m| m.member.user == reader.user)
        .map_or_else(String::new, |m| m.member.name);
    let line = format!(
        "평가위원 {name}({}) 열람 {} · {year}년 {} 제{number}판 · 평가 외 사용·유출 금지",
        reader.login,
        crate::ui::time::kst(&at),
        region.short_name()
    );
    let content = state
        .store
        .read_document(year, region, Some(number), &doc, &change(viewer, &at))
        .await?;
    let Some(fonts) = fonts.fonts() else {
        tracing::warn!(
            document = doc.id,
            "PDF fonts missing: an evaluator's PDF is sent without its watermark"
        );
        return Ok(crate::ui::download::attachment(
            &doc.name,
            doc.file_type.media_type(),
            content,
        ));
    };
    let original = content.clone();
    let marked = crate::offload::offload(move || sandan_report::watermark::watermark(&original, &line, &fonts)).await?;
    let content = match marked {
        Ok(marked) => marked,
        Err(e) => {
            tracing::warn!(document = doc.id, error = %e, "an evaluator's PDF is sent without its watermark");
            content
        }
    };
    Ok(crate::ui::download::attachment(
        &doc.name,
        doc.file_type.media_type(),
        content,
    ))
}

async fn send(
    state: &AppState,
    viewer: &Viewer,
    year: i32,
    region: Region,
    version: Option<u32>,
    doc: StoredDocument,
) -> Result<Response, Failure> {
    let at = timestamp();
    let content = state
        .store
        .read_document(year, region, version, &doc, &change(viewer, &at))
        .await?;
    Ok(crate::ui::download::attachment(
        &doc.name,
        doc.file_type.media_type(),
        content,
    ))
}
