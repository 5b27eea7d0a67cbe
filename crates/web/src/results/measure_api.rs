//! 성과 측정 API: evidence files uploaded on their own (multipart, answered with their SHA-256),
//! then measurements as JSON rows naming a file by that digest or a link — one row, or a batch
//! of up to 1,000 written all together or not at all.
//!
//! Why not one multipart request per measurement, as the page's form is: a province's system
//! that reports a quarter sends many goals' figures, often backed by one file (a statistics
//! release). Uploading each file once and citing it by digest keeps every measurement a plain
//! JSON row the system already holds, lets a batch be checked as a whole, and never sends the
//! same file twice.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sandan_domain::Region;
use sandan_domain::package::Quarter;
use sandan_domain::results::Evidence;
use sandan_store::results::{EvidenceRef, MeasurementEntry};
use serde::{Deserialize, Serialize};

use super::api::{MeasurementOut, api_href};
use super::tracking::{editable, evidence_file, reading_from};
use crate::AppState;
use crate::auth::{Viewer, change};
use crate::clock::{timestamp, today};
use crate::failure::{Failure, RowProblem};
use crate::package::portfolio::funded;
use crate::ui::body::StrictJson;
use crate::ui::error::{ApiFailure, ErrorBody};
use crate::ui::fields::from_multipart;

/// The multipart body of an upload, as the document describes it.
#[derive(utoipa::ToSchema)]
#[schema(as = EvidenceUpload)]
#[allow(dead_code)] // never built: it only describes the form's parts
pub struct EvidenceUpload {
    /// 증빙 파일 (10MB 이하, 이름 200자 이내)
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// An evidence file kept for the plan.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = EvidenceFile)]
pub struct EvidenceOut {
    /// 측정 행의 evidence_sha256에 적을 값
    pub sha256: String,
    pub name: String,
    /// 바이트
    pub bytes: u64,
    /// 내려받는 주소
    pub href: String,
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/plans/{region}/results/evidence", tag = "results",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도")),
    request_body(content = EvidenceUpload, content_type = "multipart/form-data", description = "증빙 파일 하나 (file 항목). 같은 파일을 다시 올리면 이름만 바뀜. 그 시·도의 담당자만"),
    responses(
        (status = 201, description = "보관한 파일: 측정 행에서 sha256으로 가리킴", body = EvidenceOut),
        (status = 400, description = "multipart가 아님, file 항목이 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "그 시·도의 담당자가 아님, 또는 토큰 범위 밖 (token_scope)", body = ErrorBody),
        (status = 404, description = "최종확정되지 않은 계획", body = ErrorBody),
        (status = 413, description = "10MB를 넘음", body = ErrorBody),
        (status = 422, description = "빈 파일, 너무 긴 이름", body = ErrorBody)))]
pub async fn api_upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiFailure> {
    editable(&viewer, &year, &region)?;
    viewer.check_api_csrf(&headers)?;
    let (round, region) = funded(&state, &year, &region).await?;
    let multipart = multipart
        .map_err(|_| Failure::BadInput("증빙 파일을 multipart/form-data의 file 항목으로 보내 주십시오.".into()))?;
    let (_, files) = from_multipart(multipart, "file").await?;
    let (name, content) = files.into_iter().next().ok_or_else(|| {
        Failure::BadInput("증빙 파일을 file 항목으로 보내 주십시오 (빈 파일은 받지 않습니다).".into())
    })?;
    let at = timestamp();
    let evidence = state
        .store
        .upload_evidence(round, region, &name, content, &change(&viewer, &at))
        .await
        .map_err(Failure::from)?;
    let Evidence::File { name, sha256, bytes } = evidence else {
        return Err(Failure::Internal("an upload kept no file".into()).into());
    };
    let out = EvidenceOut {
        href: format!("{}/evidence/{sha256}", api_href(round, region)),
        sha256,
        name,
        bytes,
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/plans/{region}/results/evidence/{sha256}", tag = "results",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도"),
        ("sha256" = String, Path, description = "증빙 파일의 SHA-256 (소문자 16진수 64자)")),
    responses(
        (status = 200, description = "증빙 파일 (올린 이름으로 내려받음)", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, description = "연도 형식이 잘못됨", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "기록을 볼 수 없음", body = ErrorBody),
        (status = 404, description = "이 계획의 증빙이 아님", body = ErrorBody)))]
pub async fn api_evidence(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region, sha256)): Path<(String, String, String)>,
) -> Result<Response, ApiFailure> {
    Ok(evidence_file(&state, &viewer, &year, &region, &sha256).await?)
}

/// One measurement: a goal's value (or rating) at a quarter's end and its evidence.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = MeasurementRow)]
pub struct RowIn {
    /// 목표 번호 (0부터, GET …/results의 goals[].no)
    goal: usize,
    /// 분기 "2024-Q4": 사업기간 안, 지난 분기나 이번 분기
    quarter: String,
    /// 수치 목표의 측정값: 숫자와 목표의 단위 (예: "26만명", "68.8조원", "12.5%", "33개사"). rating과 둘 중 하나
    #[serde(default)]
    value: Option<String>,
    /// 정성 목표의 등급: excellent, good, fair, poor, failing (또는 우수·양호·보통·미흡·부진)
    #[serde(default)]
    rating: Option<String>,
    /// 증빙 링크 (http:// 또는 https://, 500자 이내). evidence_sha256과 둘 중 하나
    #[serde(default)]
    evidence_url: Option<String>,
    /// 이 계획에 올린 증빙 파일의 SHA-256 (POST …/results/evidence의 응답)
    #[serde(default)]
    evidence_sha256: Option<String>,
}

impl RowIn {
    /// The row in the domain's terms, or every problem of its shape by member.
    fn read(&self) -> Result<MeasurementEntry, Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        let quarter = self
            .quarter
            .parse::<Quarter>()
            .map_err(|e| problems.push(("quarter", e)))
            .ok();
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        let reading = reading_from(&text(&self.value), &text(&self.rating))
            .map_err(|p| problems.push(p))
            .ok();
        let evidence = match (text(&self.evidence_url).trim(), text(&self.evidence_sha256).trim()) {
            (url, "") => Some(EvidenceRef::Link(url.to_string())),
            ("", sha256) => Some(EvidenceRef::Uploaded(sha256.to_ascii_lowercase())),
            _ => {
                problems.push((
                    "evidence_sha256",
                    "증빙은 evidence_url과 evidence_sha256 가운데 하나만 적어 주십시오.".into(),
                ));
                None
            }
        };
        match (quarter, reading, evidence) {
            (Some(quarter), Some(reading), Some(evidence)) => Ok(MeasurementEntry {
                goal_no: self.goal,
                quarter,
                reading,
                evidence,
            }),
            _ => Err(problems),
        }
    }
}

/// A batch of measurements.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = MeasurementBatch)]
pub struct BatchIn {
    /// 1–1000행. 한 행이라도 틀리면 아무것도 기록하지 않음
    rows: Vec<RowIn>,
}

/// What a batch recorded.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = MeasurementBatchRecorded)]
pub struct BatchOut {
    /// 기록한 행 수 (같은 목표·분기의 이전 값은 바뀜)
    pub recorded: usize,
}

/// Records `rows` as one change; every row's problems, or the number written.
async fn record(
    state: &AppState,
    viewer: &Viewer,
    (round, region): (i32, Region),
    rows: &[RowIn],
) -> Result<usize, Failure> {
    let mut problems = Vec::new();
    let entries: Vec<Option<MeasurementEntry>> = rows
        .iter()
        .enumerate()
        .map(|(row, r)| {
            r.read()
                .map_err(|found| {
                    problems.extend(found.into_iter().map(|(field, message)| RowProblem {
                        row,
                        field: Some(field.to_string()),
                        message,
                    }))
                })
                .ok()
        })
        .collect();
    let at = timestamp();
    let refused = match state
        .store
        .record_measurements(round, region, &entries, today(), &change(viewer, &at))
        .await
        .map_err(Failure::from)?
    {
        Ok(recorded) => return Ok(recorded),
        Err(refused) => refused,
    };
    problems.extend(refused.into_iter().map(|r| RowProblem {
        row: r.row,
        field: r.field.map(str::to_string),
        message: r.message,
    }));
    problems.sort_by_key(|p| p.row);
    Err(Failure::RowsRefused(
        format!(
            "{}개 행에 문제가 있어 아무것도 기록하지 않았습니다. rows에서 행마다 고칠 점을 확인해 주십시오.",
            problems
                .iter()
                .map(|p| p.row)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        ),
        problems,
    ))
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/plans/{region}/results/measurements", tag = "results",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도")),
    request_body(content = RowIn, description = "측정값 하나 (같은 목표·분기의 이전 값을 바꿈). 그 시·도의 담당자만"),
    responses(
        (status = 201, description = "기록한 측정값", body = MeasurementOut),
        (status = 400, description = "본문이 JSON이 아님, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "그 시·도의 담당자가 아님, 또는 토큰 범위 밖 (token_scope)", body = ErrorBody),
        (status = 404, description = "최종확정되지 않은 계획", body = ErrorBody),
        (status = 422, description = "rows_refused: 분기·측정값·증빙이 규칙에 맞지 않음 (rows[0]에 항목별로)", body = ErrorBody)))]
pub async fn api_measure(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<StrictJson<RowIn>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    editable(&viewer, &year, &region)?;
    viewer.check_api_csrf(&headers)?;
    let (round, region) = funded(&state, &year, &region).await?;
    let StrictJson(row) = body?;
    record(&state, &viewer, (round, region), std::slice::from_ref(&row)).await?;
    let quarter = row.quarter.trim();
    let stored = state
        .store
        .measurements(round, region)
        .await?
        .into_iter()
        .find(|m| m.goal_no == row.goal && m.measurement.quarter.to_string() == quarter)
        .ok_or_else(|| Failure::Internal("a recorded measurement was not read back".into()))?;
    Ok((StatusCode::CREATED, Json(MeasurementOut::of(round, region, &stored))).into_response())
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/plans/{region}/results/measurements/bulk", tag = "results",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도")),
    request_body(content = BatchIn, description = "측정값 여러 행 (1,000행까지, 본문 2MB까지). 모두 한 번에 기록하거나, 한 행이라도 틀리면 하나도 기록하지 않음. 그 시·도의 담당자만"),
    responses(
        (status = 200, description = "모든 행을 기록함", body = BatchOut),
        (status = 400, description = "본문이 JSON이 아님, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "그 시·도의 담당자가 아님, 또는 토큰 범위 밖 (token_scope)", body = ErrorBody),
        (status = 404, description = "최종확정되지 않은 계획", body = ErrorBody),
        (status = 413, description = "본문이 2MB를 넘음", body = ErrorBody),
        (status = 422, description = "rows_refused: 틀린 행마다 row(0부터)·field·message, 아무것도 기록하지 않음. 1,000행을 넘거나 모르는 항목이 있으면 refused", body = ErrorBody)))]
pub async fn api_bulk(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<StrictJson<BatchIn>, ApiFailure>,
) -> Result<Json<BatchOut>, ApiFailure> {
    editable(&viewer, &year, &region)?;
    viewer.check_api_csrf(&headers)?;
    let plan = funded(&state, &year, &region).await?;
    let StrictJson(batch) = body?;
    if batch.rows.is_empty() {
        return Err(Failure::Refused("rows가 비어 있습니다. 기록할 측정값을 한 행 이상 보내 주십시오.".into()).into());
    }
    let recorded = record(&state, &viewer, plan, &batch.rows).await?;
    Ok(Json(BatchOut { recorded }))
}
