//! 집행 일괄 입력: a finance system sends hundreds of quarters' execution in one request, taken
//! all or nothing. Each row is read and held to the rules the execution form is (the domain's
//! batch check, in the store's one transaction); a refused batch names every row's problem.
//! Rows are checked against the caller's permissions first: only a project's runner records
//! its execution, as on the form.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use sandan_domain::package::{Execution, ExecutionRow};
use sandan_store::RowRefusal;
use sandan_store::package::ProjectFilter;
use serde::{Deserialize, Serialize};

use super::portfolio::may_execute;
use super::projects_api::{quarter_of, signed_in, source_of};
use crate::AppState;
use crate::auth::{Viewer, change};
use crate::clock::{timestamp, today};
use crate::failure::Failure;
use crate::ui::body::StrictJson;
use crate::ui::error::{ApiFailure, ErrorBody};
use sandan_domain::batch_size;

/// The body a request may be: 1,000 rows of the longest numbers fit with room to spare.
pub const BODY_LIMIT: usize = 256 * 1024;
pub const BODY_LIMIT_STATED: &str = "256KB";

/// One row: a quarter's execution of a project from one source.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = ExecutionRowInput)]
pub struct RowInput {
    /// 패키지 사업 id
    project: i64,
    /// 분기, 예: 2022-Q3 (사업기간 안, 이미 시작한 분기)
    #[schema(example = "2022-Q3")]
    quarter: String,
    /// 재원: national(국비), local(지방비), private(민자). 한국어 이름도 받음
    #[schema(value_type = sandan_domain::package::FundingSource)]
    source: String,
    /// 그 분기의 집행액 (누계 아님), 원: 0 이상 100조 원 이하
    #[schema(minimum = 0, maximum = 100_000_000_000_000_i64)]
    amount: i64,
}

/// 집행 일괄 입력
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = ExecutionBatch)]
pub struct BatchInput {
    /// 행 (1,000개까지). 같은 사업·분기·재원은 한 번만
    #[schema(max_items = 1000)]
    rows: Vec<RowInput>,
}

/// What a batch did.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ExecutionBatchResult)]
pub struct BatchResult {
    /// 받은 행
    pub rows: usize,
    /// 기록을 바꾼 행 (감사 기록에 한 건씩)
    pub written: usize,
    /// 이미 기록된 것과 같아 바꾸지 않은 행
    pub unchanged: usize,
}

/// The rows read: those that could be, and every problem of those that could not.
fn read(rows: &[RowInput]) -> (Vec<ExecutionRow>, Vec<RowRefusal>) {
    let mut read = Vec::new();
    let mut refused = Vec::new();
    for (row, input) in rows.iter().enumerate() {
        let quarter = quarter_of(&input.quarter);
        let source = source_of(&input.source);
        match (quarter, source) {
            (Ok(quarter), Ok(source)) => read.push(ExecutionRow {
                row,
                project: input.project,
                execution: Execution {
                    quarter,
                    source,
                    amount: input.amount,
                },
            }),
            (quarter, source) => {
                for (field, problem) in [("quarter", quarter.err()), ("source", source.err())] {
                    if let Some(problem) = problem {
                        refused.push(RowRefusal {
                            row,
                            field: Some(field),
                            message: problem.public_message(),
                        });
                    }
                }
            }
        }
    }
    (read, refused)
}

#[utoipa::path(post, path = "/api/v1/package/executions", tag = "package",
    security(("bearer" = [])),
    request_body(content = BatchInput, description = "여러 사업의 분기별 재원별 집행액 (원 단위 정수), 한 번에 1,000행까지. 전부 기록하거나 하나도 기록하지 않음. 이미 기록된 것과 같은 행은 바꾸지 않으므로 같은 요청을 다시 보내도 됨. 각 행은 그 사업의 집행 주체만 (부처 지원사업은 그 부처, 시·도 자체 사업은 그 시·도)"),
    responses(
        (status = 200, description = "모든 행을 한 트랜잭션으로 기록함 (바뀐 행마다 감사 기록)", body = BatchResult),
        (status = 400, description = "본문이 JSON이 아님, 행의 값 형식이 틀림 (message가 위치를 밝힘), 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "집행 주체가 아닌 사업의 행이 있음 (message가 행을 밝힘), 또는 토큰 범위 밖 (token_scope). 아무것도 기록하지 않음", body = ErrorBody),
        (status = 413, description = "본문이 256KB를 넘음", body = ErrorBody),
        (status = 422, description = "rows_refused: 행마다의 문제 (error.rows: row는 0부터, field는 project·quarter·source·amount) — 없는 사업, 분기 형식, 사업기간 밖이나 아직 시작하지 않은 분기, 계획이 없는 재원, 금액 범위, 같은 사업·분기·재원이 두 번, 그해 집행 누계가 계획을 넘음. 아무것도 기록하지 않음. refused: 1,000행 초과, 모르는 항목", body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Result<StrictJson<BatchInput>, ApiFailure>,
) -> Result<Json<BatchResult>, ApiFailure> {
    signed_in(&viewer)?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(batch) = body?;
    batch_size::check(batch.rows.len()).map_err(Failure::Refused)?;
    let (rows, unreadable) = read(&batch.rows);
    let projects = state.store.projects(&ProjectFilter::All).await?;
    let forbidden: Vec<String> = batch
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            projects
                .iter()
                .find(|p| p.id == r.project)
                .is_some_and(|p| may_execute(&viewer, p).is_err())
        })
        .map(|(row, r)| format!("row {row} (사업 {})", r.project))
        .collect();
    if !forbidden.is_empty() {
        // The first few name the kind of mistake; a thousand would bury it.
        const NAMED: usize = 10;
        let more = match forbidden.len().saturating_sub(NAMED) {
            0 => String::new(),
            n => format!(" 외 {n}개 행"),
        };
        return Err(Failure::Forbidden(format!(
            "집행 주체가 아닌 사업의 행이 있어 아무것도 기록하지 않았습니다: {}{more}. 사업의 집행은 그 사업을 맡은 부처(시·도 자체 사업은 그 시·도)만 기록합니다.",
            forbidden[..forbidden.len().min(NAMED)].join(", ")
        ))
        .into());
    }
    let at = timestamp();
    let written = state
        .store
        .record_executions(&rows, unreadable, today(), &change(&viewer, &at))
        .await
        .map_err(Failure::from)?;
    Ok(Json(BatchResult {
        rows: batch.rows.len(),
        written,
        unchanged: batch.rows.len() - written,
    }))
}
