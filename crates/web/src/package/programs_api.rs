//! 지원사업 목록 through the API: public to read, by ministry and page; the program office adds
//! a program and edits one on the version it read (`If-Match`), under the rules its form keeps
//! (the domain's `Program::new`, the store's unique name and ministry kept once money is spent).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sandan_domain::package::Program;
use sandan_domain::{Action, Subject};
use sandan_store::package::StoredProgram;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{Viewer, change};
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::ui::body::StrictJson;
use crate::ui::error::{ApiFailure, ErrorBody};
use crate::ui::links::location;
use crate::ui::paging::{self, PageQuery, next_link};
use crate::ui::revalidate::{if_match, raced, tag_of};

/// 지원사업: a ministry's program that funds package projects.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = SupportProgram)]
pub struct ProgramView {
    pub id: i64,
    /// 사업명
    pub name: String,
    /// 소관 부처 (…부, …처, …청, …위원회)
    pub ministry: String,
    /// 전담기관
    pub agency: Option<String>,
    /// 출처 (URL 또는 문헌)
    pub source: Option<String>,
    /// 저장할 때마다 1씩 늘어남
    pub version: i64,
}

impl From<StoredProgram> for ProgramView {
    fn from(p: StoredProgram) -> ProgramView {
        ProgramView {
            id: p.id,
            name: p.program.name,
            ministry: p.program.ministry,
            agency: p.program.agency,
            source: p.program.source,
            version: p.version,
        }
    }
}

/// A program as the office writes it; the server trims it and drops empty optional members.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = SupportProgramInput)]
pub struct ProgramInput {
    /// 사업명, 1–100자, 목록에서 하나뿐
    #[schema(min_length = 1, max_length = 100)]
    name: String,
    /// 소관 부처, 30자 이내, 부·처·청·위원회로 끝남 (예: 중소벤처기업부, 산림청)
    #[schema(min_length = 1, max_length = 30)]
    ministry: String,
    /// 전담기관, 300자 이내
    #[serde(default)]
    #[schema(max_length = 300)]
    agency: Option<String>,
    /// 출처, 300자 이내
    #[serde(default)]
    #[schema(max_length = 300)]
    source: Option<String>,
}

impl ProgramInput {
    fn program(&self) -> Result<Program, Failure> {
        Program::new(
            &self.name,
            &self.ministry,
            self.agency.as_deref().unwrap_or_default(),
            self.source.as_deref().unwrap_or_default(),
        )
        .map_err(|e| Failure::Refused(e.to_string()))
    }
}

/// What the program list is narrowed to.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgramFilter {
    /// 소관 부처 (정확히 같은 이름), 예: 산업통상자원부. 지원사업에는 연도가 없어 연도로는 거르지 않음
    #[serde(default)]
    ministry: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/programs", tag = "package",
    params(ProgramFilter, PageQuery),
    responses(
        (status = 200, description = "지원사업 (소관 부처, 사업명 가나다순). limit을 주면 그만큼씩: 다음 페이지는 Link 머리글(rel=\"next\")", body = Vec<ProgramView>),
        (status = 400, description = "잘못된 limit, 목록에 없는 after", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Query(filter): Query<ProgramFilter>,
    Query(paging): Query<PageQuery>,
) -> Result<(HeaderMap, Json<Vec<ProgramView>>), ApiFailure> {
    let ministry = filter.ministry.as_deref().filter(|m| !m.is_empty());
    let chosen: Vec<(String, StoredProgram)> = state
        .store
        .programs()
        .await?
        .into_iter()
        .filter(|p| ministry.is_none_or(|m| p.program.ministry == m))
        .map(|p| (p.id.to_string(), p))
        .collect();
    let (items, next) = paging::page(&chosen, |(key, _)| key.as_str(), &paging)?;
    let headers = match next {
        Some(next) => next_link(
            "/api/v1/programs",
            &[("ministry", ministry.unwrap_or_default())],
            paging.limit.as_deref(),
            &next,
        ),
        None => HeaderMap::new(),
    };
    Ok((headers, Json(items.iter().map(|(_, p)| p.clone().into()).collect())))
}

async fn stored(state: &AppState, id: &str) -> Result<StoredProgram, Failure> {
    let missing = || {
        Failure::NotFound(format!(
            "지원사업 '{id}'을(를) 찾을 수 없습니다. 목록(/api/v1/programs)의 id를 쓰십시오."
        ))
    };
    let id: i64 = id.parse().map_err(|_| missing())?;
    state.store.program(id).await?.ok_or_else(missing)
}

/// The program as `GET /api/v1/programs/{id}` gives it, with that answer's ETag.
fn answer(program: StoredProgram) -> Result<(ProgramView, String), Failure> {
    let view = ProgramView::from(program);
    let bytes = serde_json::to_vec(&view).map_err(|e| Failure::Internal(e.to_string()))?;
    Ok((view, tag_of(&bytes)))
}

fn tagged(status: StatusCode, view: ProgramView, tag: &str) -> Response {
    let mut response = (status, Json(view)).into_response();
    if let Ok(value) = HeaderValue::from_str(tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

#[utoipa::path(get, path = "/api/v1/programs/{id}", tag = "package",
    params(("id" = i64, Path, description = "지원사업 id")),
    responses(
        (status = 200, description = "지원사업 (ETag: 고칠 때 If-Match로 보낼 판)", body = ProgramView),
        (status = 404, description = "없는 지원사업", body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<ProgramView>, ApiFailure> {
    Ok(Json(stored(&state, &id).await?.into()))
}

/// Why a program is refused (422).
const PROGRAM_REFUSED: &str = "규칙에 맞지 않음: 빈 사업명이나 소관 부처, 부·처·청·위원회가 아닌 소관 부처, 너무 긴 값, 이미 있는 사업명, 집행 실적이 있는 사업의 소관 부처 변경, 모르는 항목";

#[utoipa::path(post, path = "/api/v1/programs", tag = "package",
    security(("bearer" = [])),
    request_body(content = ProgramInput, description = "새 지원사업. 공동 주관부처만"),
    responses(
        (status = 201, description = "등록한 지원사업 (Location, ETag)", body = ProgramView),
        (status = 400, description = "본문이 JSON이 아님, 저장할 수 없는 글자, 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 또는 토큰 범위 밖 (token_scope)", body = ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = ErrorBody),
        (status = 422, description = PROGRAM_REFUSED, body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Result<StrictJson<ProgramInput>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    viewer.may(Action::Change, &Subject::Programs)?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(input) = body?;
    let at = timestamp();
    let id = state
        .store
        .add_program(&input.program()?, &change(&viewer, &at))
        .await
        .map_err(Failure::from)?;
    let (view, tag) = answer(stored(&state, &id.to_string()).await?)?;
    let mut response = tagged(StatusCode::CREATED, view, &tag);
    if let Ok(place) = HeaderValue::from_str(&location(&format!("/api/v1/programs/{id}"))) {
        response.headers_mut().insert(header::LOCATION, place);
    }
    Ok(response)
}

#[utoipa::path(put, path = "/api/v1/programs/{id}", tag = "package",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "지원사업 id"),
        ("If-Match" = String, Header, description = "GET /api/v1/programs/{id}가 준 ETag: 그사이 바뀌었으면 412")),
    request_body(content = ProgramInput, description = "지원사업 전체. 공동 주관부처만"),
    responses(
        (status = 200, description = "고친 지원사업 (새 ETag)", body = ProgramView),
        (status = 400, description = "본문이 JSON이 아님, 저장할 수 없는 글자, 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 또는 토큰 범위 밖 (token_scope)", body = ErrorBody),
        (status = 404, description = "없는 지원사업", body = ErrorBody),
        (status = 412, description = "If-Match의 ETag가 지금 판과 다름: 다시 받아 확인할 것", body = ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = ErrorBody),
        (status = 422, description = PROGRAM_REFUSED, body = ErrorBody),
        (status = 428, description = "If-Match 머리글이 없음", body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<ProgramInput>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    viewer.may(Action::Change, &Subject::Programs)?;
    viewer.check_api_csrf(&headers)?;
    let current = stored(&state, &id).await?;
    let (id, version) = (current.id, current.version);
    let (_, tag) = answer(current)?;
    if_match(&headers, &tag)?;
    let StrictJson(input) = body?;
    let at = timestamp();
    state
        .store
        .edit_program(id, &input.program()?, version, &change(&viewer, &at))
        .await
        .map_err(|e| raced(e.into()))?;
    let (view, tag) = answer(stored(&state, &id.to_string()).await?)?;
    Ok(tagged(StatusCode::OK, view, &tag))
}
