//! 산업단지 현황 가져오기 API: what the page does, for machine clients — the file and its
//! settings in one multipart request, previewed (`dry_run=true`) or loaded with the decisions
//! given as the `--resolutions` JSON.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::HeaderMap;
use sandan_domain::registry::{RegistryChanges, outcome};
use sandan_domain::{Action, Subject};
use serde::{Deserialize, Serialize};

use super::settings::Settings;
use super::upload::import;
use crate::AppState;
use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::error::ApiFailure;
use crate::ui::fields::from_multipart;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// true: 반영하지 않고 바뀔 것만 계산 (미리보기)
    #[serde(default)]
    dry_run: bool,
}

/// The multipart body, as the OpenAPI document describes it; the handler reads its parts by name.
#[derive(utoipa::ToSchema)]
#[schema(as = RegistryImportUpload)]
#[allow(dead_code)] // never built: it only describes the form's parts
pub struct ImportUpload {
    /// 현황 파일 (XLSX, 또는 UTF-8·CP949 CSV, 20MB 이하). 파일 이름의 확장자로 형식을 정함
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// 통계 분기 (예: 2024-Q4). 행마다 분기 열이 있으면 생략
    quarter: Option<String>,
    /// 출처 제목 (생략하면 "한국산업단지공단 전국산업단지 현황통계 2024-Q4")
    source: Option<String>,
    /// 열 대응표 JSON: {"headers": [{"header": "업체수", "field": "tenants"}]}
    mapping: Option<String>,
    /// 검토 결정 JSON: [{"row": {"name", "kind", "region"}, "resolution": {"action": "link"|"create"|"skip", "complex"}}]
    decisions: Option<String>,
}

/// What a registry file changes (or changed).
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = RegistryImport)]
pub struct ImportReport {
    /// 보관한 파일의 SHA-256
    sha256: String,
    dry_run: bool,
    /// 결과 한 문장 (한국어)
    outcome: &'static str,
    /// 읽은 단지 행 수
    rows: usize,
    /// 값을 읽지 못한 칸: "3행 '지정면적': …"
    problems: Vec<String>,
    /// 새 산업단지, 바뀌는 현황, 새·고쳐지는 분기 통계, 그대로인 행 수, 결정으로 제외한 행, 검토 대기 행
    #[schema(value_type = Object)]
    changes: RegistryChanges,
}

#[utoipa::path(post, path = "/api/v1/registry/imports", tag = "registry",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "반영한 것 (dry_run이면 반영하면 바뀔 것)과 검토가 필요한 행", body = ImportReport),
        (status = 400, description = "multipart가 아님, 파일 없음, 분기·열 대응표·검토 결정의 형식이 틀림, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 20MB를 넘음", body = crate::ui::error::ErrorBody),
        (status = 422, description = "읽을 수 없는 파일 (형식, 인코딩, 필수 열 없음): message가 까닭을 말함", body = crate::ui::error::ErrorBody)))]
pub async fn api_import(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    query: Result<Query<ImportQuery>, QueryRejection>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<ImportReport>, ApiFailure> {
    viewer.may(Action::Change, &Subject::Published)?;
    viewer.check_api_csrf(&headers)?;
    let Query(query) = query.map_err(|_| Failure::BadInput("dry_run은 true 또는 false로 적어 주십시오.".into()))?;
    let multipart = multipart.map_err(|_| {
        Failure::BadInput("파일과 설정을 multipart/form-data로 보내 주십시오 (파일은 file 항목).".into())
    })?;
    let (fields, files) = from_multipart(multipart, "file").await?;
    let settings = Settings::read(&fields).map_err(|errors| Failure::BadInput(errors.join(" ")))?;
    let (name, bytes) = files
        .into_iter()
        .next()
        .ok_or_else(|| Failure::BadInput("현황 파일을 file 항목으로 보내 주십시오.".into()))?;
    let imported = import(&state, &viewer, &settings, name, bytes, query.dry_run)
        .await?
        .map_err(Failure::Refused)?;
    Ok(Json(ImportReport {
        sha256: imported.sha256,
        dry_run: imported.dry_run,
        outcome: outcome(imported.dry_run, &imported.changes),
        rows: imported.read.rows.len(),
        problems: imported.read.problems.iter().map(ToString::to_string).collect(),
        changes: imported.changes,
    }))
}
