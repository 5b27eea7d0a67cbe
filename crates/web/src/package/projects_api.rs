//! 패키지 사업 through the API: every project with its budget and execution, public to read;
//! its plan per year and source written by the office or its region's officers, and one
//! quarter's execution by its runner — the same permissions and store calls as the region's
//! package page. Money is integer 원; quarters are written as the forms take them, "2022-Q3".

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sandan_domain::package::{BudgetLine, Execution, FundingSource, MAX_WON, Quarter, Runner};
use sandan_domain::{Actor, Region};
use sandan_store::package::{PackageProject, ProjectFilter};
use serde::{Deserialize, Serialize};

use super::portfolio::{may_execute, may_plan, new_project, project_of};
use crate::AppState;
use crate::auth::{Viewer, change};
use crate::clock::{timestamp, today};
use crate::failure::Failure;
use crate::ui::body::StrictJson;
use crate::ui::error::{ApiFailure, ErrorBody};
use crate::ui::paging::{self, PageQuery, next_link};
use crate::ui::params;
use crate::ui::revalidate::{if_match, raced, tag_of};

/// 집행 주체의 종류
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunnerKind {
    /// 부처 지원사업: 그 부처가 집행을 기록
    Ministry,
    /// 시·도 자체 사업: 그 시·도가 기록
    Province,
}

/// 집행 주체: who records the project's execution.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PackageRunner)]
pub struct RunnerView {
    pub kind: RunnerKind,
    /// 부처 이름, 또는 시·도 (경기)
    pub name: String,
}

/// The program a project draws on.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PackageProjectProgram)]
pub struct ProgramRef {
    pub id: i64,
    pub name: String,
}

/// 분기별 집행액: spent in one quarter from one source, 원.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PackageExecution)]
pub struct ExecutionView {
    /// 분기, 예: 2022-Q3
    pub quarter: String,
    pub source: FundingSource,
    /// 집행액, 원
    pub amount: i64,
}

/// 패키지 사업: a confirmed plan's project with its budget and execution, all in 원.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PackageProjectView)]
pub struct ProjectView {
    pub id: i64,
    /// 선정 연도 (공모 회차)
    pub round: i32,
    pub region: Region,
    pub name: String,
    pub program: Option<ProgramRef>,
    pub runner: RunnerView,
    /// 사업기간 첫해 (선정 이듬해)와 끝해: 3년
    pub first_year: i32,
    pub last_year: i32,
    /// 총사업비, 원
    pub total: i64,
    /// 연도별 재원별 계획액 (연도, 재원 순)
    pub lines: Vec<BudgetLine>,
    /// 분기별 재원별 집행액 (분기, 재원 순)
    pub executions: Vec<ExecutionView>,
    /// 계획액 합계, 원
    pub planned: i64,
    /// 집행액 합계, 원
    pub executed: i64,
}

impl From<PackageProject> for ProjectView {
    fn from(p: PackageProject) -> ProjectView {
        let period = p.period();
        ProjectView {
            id: p.id,
            round: p.round,
            region: p.region,
            name: p.name,
            program: p.program.map(|(id, name)| ProgramRef { id, name }),
            runner: match p.runner {
                Runner::Ministry(name) => RunnerView {
                    kind: RunnerKind::Ministry,
                    name,
                },
                Runner::Province(region) => RunnerView {
                    kind: RunnerKind::Province,
                    name: region.short_name().to_string(),
                },
            },
            first_year: period.first_year,
            last_year: period.last_year(),
            total: p.budget.total,
            planned: p.budget.planned_total(),
            executed: p.budget.executed_total(),
            executions: p
                .budget
                .executions
                .iter()
                .map(|e| ExecutionView {
                    quarter: e.quarter.to_string(),
                    source: e.source,
                    amount: e.amount,
                })
                .collect(),
            lines: p.budget.lines,
        }
    }
}

/// What the project list is narrowed to.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectQuery {
    /// 선정 연도 (공모 회차, 네 자리), 예: 2021
    #[serde(default)]
    #[param(value_type = Option<i32>, minimum = 1900, maximum = 2999)]
    round: Option<String>,
    /// 시·도: 경기, 경기도, gyeonggi 또는 행정코드 41
    #[serde(default)]
    region: Option<String>,
    /// 집행 부처 (정확히 같은 이름), 예: 중소벤처기업부
    #[serde(default)]
    ministry: Option<String>,
    /// 지원사업 id
    #[serde(default)]
    #[param(value_type = Option<i64>)]
    program: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/package/projects", tag = "package",
    params(ProjectQuery, PageQuery),
    responses(
        (status = 200, description = "패키지 사업 (등록 순). limit을 주면 그만큼씩: 다음 페이지는 Link 머리글(rel=\"next\")", body = Vec<ProjectView>),
        (status = 400, description = "연도가 네 자리가 아님, 모르는 시·도, 숫자가 아닌 program, 잘못된 limit, 목록에 없는 after", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ProjectQuery>,
    Query(paging): Query<PageQuery>,
) -> Result<(HeaderMap, Json<Vec<ProjectView>>), ApiFailure> {
    // An empty `round=` or `program=` is not a number, so it is refused as the document says;
    // the names, which any text may be, read an empty one as not given.
    let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    let round = q.round.as_deref().map(params::year).transpose()?;
    let region = given(&q.region)
        .map(|r| params::region(&r).map_err(|e| Failure::BadInput(e.public_message())))
        .transpose()?;
    let program = q
        .program
        .as_deref()
        .map(|p| {
            p.parse::<i64>()
                .map_err(|_| Failure::BadInput(format!("program '{p}'은(는) 지원사업 id(숫자)여야 합니다.")))
        })
        .transpose()?;
    let ministry = given(&q.ministry);
    let chosen: Vec<(String, PackageProject)> = state
        .store
        .projects(&ProjectFilter::All)
        .await?
        .into_iter()
        .filter(|p| {
            round.is_none_or(|r| p.round == r)
                && region.is_none_or(|r| p.region == r)
                && program.is_none_or(|id| p.program.as_ref().is_some_and(|(pid, _)| *pid == id))
                && ministry
                    .as_ref()
                    .is_none_or(|m| p.runner == Runner::Ministry(m.clone()))
        })
        .map(|p| (p.id.to_string(), p))
        .collect();
    let (items, next) = paging::page(&chosen, |(key, _)| key.as_str(), &paging)?;
    let headers = match next {
        Some(next) => next_link(
            "/api/v1/package/projects",
            &[
                ("round", q.round.as_deref().unwrap_or_default()),
                ("region", q.region.as_deref().unwrap_or_default()),
                ("ministry", q.ministry.as_deref().unwrap_or_default()),
                ("program", q.program.as_deref().unwrap_or_default()),
            ],
            paging.limit.as_deref(),
            &next,
        ),
        None => HeaderMap::new(),
    };
    Ok((headers, Json(items.iter().map(|(_, p)| p.clone().into()).collect())))
}

#[utoipa::path(get, path = "/api/v1/package/projects/{id}", tag = "package",
    params(("id" = i64, Path, description = "패키지 사업 id")),
    responses(
        (status = 200, description = "패키지 사업과 예산·집행 (ETag: 예산을 고칠 때 If-Match로 보낼 판)", body = ProjectView),
        (status = 404, description = "없는 사업", body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<ProjectView>, ApiFailure> {
    Ok(Json(project_of(&state, &id).await?.into()))
}

/// The project as `GET /api/v1/package/projects/{id}` gives it, with its ETag on the answer.
async fn answer(state: &AppState, id: i64) -> Result<Response, Failure> {
    let view = ProjectView::from(project_of(state, &id.to_string()).await?);
    let bytes = serde_json::to_vec(&view).map_err(|e| Failure::Internal(e.to_string()))?;
    let mut response = Json(view).into_response();
    if let Ok(value) = HeaderValue::from_str(&tag_of(&bytes)) {
        response.headers_mut().insert(header::ETAG, value);
    }
    Ok(response)
}

/// A write through the API needs someone signed in (or a token) before anything is looked up.
pub(crate) fn signed_in(viewer: &Viewer) -> Result<&Actor, Failure> {
    viewer
        .actor()
        .ok_or_else(|| Failure::SignInRequired("로그인이 필요합니다.".into()))
}

/// A source as the forms take it: its key (national, local, private) or its Korean name.
pub(crate) fn source_of(text: &str) -> Result<FundingSource, Failure> {
    FundingSource::parse(text).map_err(Failure::Refused)
}

/// A new project in a confirmed plan's package.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = NewPackageProject)]
pub struct ProjectInput {
    /// 공모 연도 (그 회차에서 최종확정된 계획)
    round: i32,
    /// 시·도: '경기', '경기도', 'gyeonggi' 또는 행정코드
    region: String,
    /// 사업명 (200자 이내)
    name: String,
    /// 부처 지원사업 id (GET /api/v1/programs); 없으면 시·도 자체 사업
    #[serde(default)]
    program: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/package/projects", tag = "package",
    security(("bearer" = [])),
    request_body(content = ProjectInput, description = "최종확정된 계획의 패키지에 사업 하나를 더함 (예산은 PUT …/budget으로). 공동 주관부처와 그 시·도 담당자만"),
    responses(
        (status = 201, description = "더한 사업 (ETag: 예산을 정할 때 If-Match로 보낼 판)", body = ProjectView),
        (status = 400, description = "본문이 JSON이 아님, 쿠키 로그인에서 X-CSRF-Token 머리글이 없음, 또는 시·도를 알 수 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "그 시·도 담당자나 공동 주관부처가 아님, 또는 토큰 범위 밖 (token_scope)", body = ErrorBody),
        (status = 404, description = "없는 시·도", body = ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = ErrorBody),
        (status = 422, description = "최종확정된 계획이 없음, 사업명이 비었거나 너무 김, 같은 이름의 사업, 없는 지원사업, 모르는 항목: message가 이유를 밝힘", body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Result<StrictJson<ProjectInput>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    signed_in(&viewer)?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(input) = body?;
    let region = params::region(&input.region)?;
    viewer.may(
        sandan_domain::Action::Change,
        &sandan_domain::Subject::Package { region },
    )?;
    let id = new_project(&state, &viewer, input.round, region, &input.name, input.program).await?;
    let mut response = answer(&state, id).await?;
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

/// One year's plan from one source.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = BudgetLineInput)]
pub struct LineInput {
    /// 예산 연도: 사업기간 (선정 이듬해부터 3년) 안
    year: i32,
    /// 재원: national(국비), local(지방비), private(민자). 한국어 이름도 받음
    #[schema(value_type = FundingSource)]
    source: String,
    /// 계획액, 원 (0 이상 100조 원 이하)
    #[schema(minimum = 0, maximum = 100_000_000_000_000_i64)]
    planned: i64,
}

/// A project's whole plan: it replaces what was planned.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = BudgetInput)]
pub struct BudgetInput {
    /// 총사업비, 원: lines의 합과 같아야 함
    #[schema(minimum = 0, maximum = 100_000_000_000_000_i64)]
    total: i64,
    /// 연도별 재원별 계획액. 연도·재원마다 한 번, 이미 집행된 금액 이상
    lines: Vec<LineInput>,
}

const BUDGET_REFUSED: &str = "규칙에 맞지 않음 (message가 모두 밝힘): 사업기간 밖의 연도, 0 미만이나 100조 원 초과의 금액, 같은 연도·재원이 두 번, 합계가 총사업비와 다름, 이미 집행된 금액보다 적은 계획, 모르는 재원이나 항목";

#[utoipa::path(put, path = "/api/v1/package/projects/{id}/budget", tag = "package",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "패키지 사업 id"),
        ("If-Match" = String, Header, description = "GET /api/v1/package/projects/{id}가 준 ETag: 그사이 예산이나 집행이 바뀌었으면 412")),
    request_body(content = BudgetInput, description = "총사업비와 연도별 재원별 계획 전체 (금액은 원 단위 정수). 공동 주관부처와 그 시·도 담당자만"),
    responses(
        (status = 200, description = "예산을 고친 사업 (새 ETag)", body = ProjectView),
        (status = 400, description = "본문이 JSON이 아님, 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "그 시·도 담당자나 공동 주관부처가 아님, 또는 토큰 범위 밖 (token_scope)", body = ErrorBody),
        (status = 404, description = "없는 사업", body = ErrorBody),
        (status = 412, description = "If-Match의 ETag가 지금 판과 다름", body = ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = ErrorBody),
        (status = 422, description = BUDGET_REFUSED, body = ErrorBody),
        (status = 428, description = "If-Match 머리글이 없음", body = ErrorBody)))]
pub async fn plan_budget(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<BudgetInput>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    signed_in(&viewer)?;
    let project = project_of(&state, &id).await?;
    may_plan(&viewer, &project)?;
    viewer.check_api_csrf(&headers)?;
    let current =
        serde_json::to_vec(&ProjectView::from(project.clone())).map_err(|e| Failure::Internal(e.to_string()))?;
    if_match(&headers, &tag_of(&current))?;
    let StrictJson(input) = body?;
    let lines = input
        .lines
        .iter()
        .map(|l| {
            Ok(BudgetLine {
                year: l.year,
                source: source_of(&l.source)?,
                planned: l.planned,
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let at = timestamp();
    state
        .store
        .plan_budget(
            project.id,
            Some(&project.budget),
            input.total,
            lines,
            &change(&viewer, &at),
        )
        .await
        .map_err(|e| raced(e.into()))?;
    Ok(answer(&state, project.id).await?)
}

/// One quarter's execution from one source: it replaces what the quarter had.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = ExecutionInput)]
pub struct ExecutionInput {
    /// 분기, 예: 2022-Q3 (사업기간 안, 이미 시작한 분기)
    #[schema(example = "2022-Q3")]
    quarter: String,
    /// 재원: national(국비), local(지방비), private(민자). 한국어 이름도 받음. 그해 계획이 있는 재원
    #[schema(value_type = FundingSource)]
    source: String,
    /// 그 분기의 집행액 (누계 아님), 원: 0 이상, 그해 그 재원의 집행 누계가 계획을 넘지 않게
    #[schema(minimum = 0, maximum = 100_000_000_000_000_i64)]
    amount: i64,
}

/// A quarter as the forms take it, "2022-Q3".
pub(crate) fn quarter_of(text: &str) -> Result<Quarter, Failure> {
    text.parse().map_err(Failure::Refused)
}

const EXECUTION_REFUSED: &str = "규칙에 맞지 않음: 분기 형식 (2022-Q3), 사업기간 밖이나 아직 시작하지 않은 분기, 그해 계획이 없는 재원, 0 미만이나 100조 원 초과의 금액, 그해 집행 누계가 계획을 넘음, 모르는 항목";

#[utoipa::path(post, path = "/api/v1/package/projects/{id}/execution", tag = "package",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "패키지 사업 id")),
    request_body(content = ExecutionInput, description = "한 분기 한 재원의 집행액 (원). 같은 분기·재원을 다시 보내면 바꿔 씀. 그 사업의 집행 주체만 (부처 지원사업은 그 부처, 시·도 자체 사업은 그 시·도). If-Match는 받지 않음: 분기 하나를 통째로 바꿔 쓰므로 다시 보내도 같음"),
    responses(
        (status = 200, description = "집행을 기록한 사업", body = ProjectView),
        (status = 400, description = "본문이 JSON이 아님, 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "그 사업의 집행 주체가 아님, 또는 토큰 범위 밖 (token_scope)", body = ErrorBody),
        (status = 404, description = "없는 사업", body = ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = ErrorBody),
        (status = 422, description = EXECUTION_REFUSED, body = ErrorBody)))]
pub async fn record_execution(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<ExecutionInput>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    signed_in(&viewer)?;
    let project = project_of(&state, &id).await?;
    may_execute(&viewer, &project)?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(input) = body?;
    let execution = Execution {
        quarter: quarter_of(&input.quarter)?,
        source: source_of(&input.source)?,
        amount: input.amount,
    };
    let at = timestamp();
    state
        .store
        .record_execution(project.id, execution, today(), &change(&viewer, &at))
        .await
        .map_err(Failure::from)?;
    Ok(answer(&state, project.id).await?)
}

// The maximum the schemas above state is the domain's bound: the build fails if they part.
const _: () = assert!(MAX_WON == 100_000_000_000_000);
