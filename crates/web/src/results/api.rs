//! 성과관리 API: a plan's goals and progress as JSON (the page's figures), how each goal is
//! tracked (read, and set with `If-Match`), and the register of supported firms (paged by
//! cursor, and added to). The rules and the parsing are the pages' (`tracking`).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sandan_domain::package::{PackagePeriod, Quarter};
use sandan_domain::quantity::Unit;
use sandan_domain::results::{Evidence, Rating, Reading, Status, SupportKind};
use sandan_domain::{Action, GoalKind, Quantity, Region, Subject};
use sandan_store::results::{GoalProgress, StoredFirm, StoredMeasurement};
use serde::{Deserialize, Serialize};

use super::tracking::{editable, firm_from, setup_from};
use crate::AppState;
use crate::auth::{Viewer, change};
use crate::clock::{timestamp, today};
use crate::failure::Failure;
use crate::package::portfolio::funded;
use crate::ui::body::StrictJson;
use crate::ui::error::{ApiFailure, ErrorBody};
use crate::ui::links::location;
use crate::ui::paging::{self, PageQuery, next_link};
use crate::ui::revalidate::{if_match, json_tag, raced, tagged};

/// The API's address of a plan's results.
pub(super) fn api_href(round: i32, region: Region) -> String {
    format!("/api/v1/rounds/{round}/plans/{}/results", region.slug())
}

/// A reading as the API writes it: a figure in the goal's unit, or a rating.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ResultsReading)]
pub struct ReadingOut {
    /// 분기, 예: "2024-Q4"
    pub quarter: String,
    /// 수치 측정값 (목표의 단위), 예: "26만 명"
    pub value: Option<Quantity>,
    /// 정성 목표의 등급
    pub rating: Option<Rating>,
}

impl ReadingOut {
    fn of(quarter: Quarter, reading: &Reading) -> ReadingOut {
        let (value, rating) = match reading {
            Reading::Value(q) => (Some(*q), None),
            Reading::Rating(r) => (None, Some(*r)),
        };
        ReadingOut {
            quarter: quarter.to_string(),
            value,
            rating,
        }
    }
}

/// One goal's tracking and progress.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ResultsGoal)]
pub struct GoalOut {
    /// 목표 번호: 계획의 목표 순서 (0부터). 측정·설정 주소와 행의 goal
    pub no: usize,
    /// 지표: 생산액, 고용, 강소기업, …
    pub metric: String,
    pub kind: GoalKind,
    /// 이 목표의 단위 (측정값은 이 단위로): 목표치가 없으면 없음
    pub unit: Option<Unit>,
    /// 기준값
    pub baseline: Option<Quantity>,
    /// 진도를 재는 목표치 (게재 수치가 일치하면 그것, 아니면 확정 목표치)
    pub target: Option<Quantity>,
    /// 지원기업 대장에서 집계하는 목표면 그 지원 유형 (측정값을 입력하지 않음)
    pub counted_from: Option<SupportKind>,
    /// 그 분기까지의 최근 측정값
    pub latest: Option<ReadingOut>,
    /// 진도 (천분율: 500 = 50.0%; 음수는 기준값보다 나빠짐, 1000 초과는 초과 달성)
    pub progress_permille: Option<i64>,
    /// 사업기간 경과 (천분율, 0–1000)
    pub expected_permille: Option<i64>,
    pub status: Status,
    /// 진도를 계산할 수 없는 까닭 (기준값·목표치 없음 등)
    pub problem: Option<String>,
}

impl GoalOut {
    fn of(g: &GoalProgress) -> GoalOut {
        let assessment = g.assessment.as_ref();
        GoalOut {
            no: g.goal_no,
            metric: g.goal.metric.clone(),
            kind: g.goal.kind,
            unit: g.tracking.target.or(g.tracking.baseline).map(|q| q.unit),
            baseline: g.tracking.baseline,
            target: g.tracking.target,
            counted_from: g.setup.counted_from,
            latest: g.latest.as_ref().map(|(q, r)| ReadingOut::of(*q, r)),
            progress_permille: assessment.ok().and_then(|a| a.progress_permille),
            expected_permille: assessment.ok().map(|a| a.expected_permille),
            status: assessment.map_or(Status::NotMeasured, |a| a.status),
            problem: assessment.err().cloned(),
        }
    }
}

/// A measurement with its evidence, as the records list it.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ResultsMeasurement)]
pub struct MeasurementOut {
    /// 목표 번호 (0부터)
    pub goal: usize,
    #[serde(flatten)]
    pub reading: ReadingOut,
    /// 증빙 링크
    pub evidence_url: Option<String>,
    /// 증빙 파일의 SHA-256, 이름, 크기(바이트), 내려받는 주소
    pub evidence_sha256: Option<String>,
    pub evidence_name: Option<String>,
    pub evidence_bytes: Option<u64>,
    pub evidence_href: Option<String>,
    /// 입력한 사람(로그인)과 때
    pub entered_by: String,
    pub entered_at: String,
}

impl MeasurementOut {
    pub(super) fn of(round: i32, region: Region, m: &StoredMeasurement) -> MeasurementOut {
        let mut out = MeasurementOut {
            goal: m.goal_no,
            reading: ReadingOut::of(m.measurement.quarter, &m.measurement.reading),
            evidence_url: None,
            evidence_sha256: None,
            evidence_name: None,
            evidence_bytes: None,
            evidence_href: None,
            entered_by: m.entered_by.clone(),
            entered_at: m.entered_at.clone(),
        };
        match &m.measurement.evidence {
            Evidence::Link { url } => out.evidence_url = Some(url.clone()),
            Evidence::File { name, sha256, bytes } => {
                out.evidence_href = Some(format!("{}/evidence/{sha256}", api_href(round, region)));
                out.evidence_sha256 = Some(sha256.clone());
                out.evidence_name = Some(name.clone());
                out.evidence_bytes = Some(*bytes);
            }
        }
        out
    }
}

/// A funded plan's results.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PlanResults)]
pub struct ResultsOut {
    pub round: i32,
    pub region: Region,
    /// 사업기간 (예산 연도): 측정 분기는 이 안에서, 지난 분기까지
    pub first_year: i32,
    pub last_year: i32,
    /// 기준 분기 (오늘이 속한 분기, 예: "2026-Q4")
    pub as_of: String,
    pub goals: Vec<GoalOut>,
    /// 지원기업 대장의 서로 다른 기업 수 (개사)
    pub firms: i64,
    /// 측정 기록과 증빙: 기록을 볼 수 있는 사람(공동 주관부처, 위원, 부처, 그 시·도)에게만
    pub measurements: Option<Vec<MeasurementOut>>,
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/plans/{region}/results", tag = "results",
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도: 경기, gyeonggi 또는 행정코드 41")),
    responses(
        (status = 200, description = "목표마다 기준값·목표치·최근 측정값·진도·상태 (성과 현황 화면과 같은 계산), 기록을 볼 수 있으면 측정 기록과 증빙", body = ResultsOut),
        (status = 400, description = "연도 형식이 잘못됨", body = ErrorBody),
        (status = 404, description = "없는 시·도, 또는 최종확정되지 않은 계획", body = ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
) -> Result<Json<ResultsOut>, ApiFailure> {
    viewer.may(Action::View, &Subject::Published)?;
    let (round, region) = funded(&state, &year, &region).await?;
    let as_of = Quarter::of(&today());
    let plan = state
        .store
        .plan_rollup(round, region, as_of)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("{round}년 {} 혁신계획이 없습니다.", region.short_name())))?;
    let measurements = match viewer.may(Action::View, &Subject::Results { region }) {
        Ok(()) => Some(
            state
                .store
                .measurements(round, region)
                .await?
                .iter()
                .map(|m| MeasurementOut::of(round, region, m))
                .collect(),
        ),
        Err(_) => None,
    };
    let period = PackagePeriod::of_round(round);
    Ok(Json(ResultsOut {
        round,
        region,
        first_year: period.first_year,
        last_year: period.last_year(),
        as_of: as_of.to_string(),
        goals: plan.goals.iter().map(GoalOut::of).collect(),
        firms: plan.firms,
        measurements,
    }))
}

/// How one goal is tracked: what `PUT` replaces, and the representation its ETag is of.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ResultsGoalSetup)]
pub struct GoalSetupOut {
    /// 목표 번호 (0부터)
    pub no: usize,
    pub metric: String,
    pub kind: GoalKind,
    /// 게재된 목표치, 문구마다: 서로 다르면 adopted_target으로 그 가운데 하나를 확정
    pub stated_targets: Vec<Quantity>,
    pub baseline: Option<Quantity>,
    pub adopted_target: Option<Quantity>,
    pub counted_from: Option<SupportKind>,
}

/// A goal's setup as `PUT` takes it; an absent or blank member is none.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = ResultsGoalSetupInput)]
pub struct GoalSetupIn {
    /// 기준값: 숫자와 단위 (예: "25만명", "63.8조원", "12%"). 정성 목표와 대장 집계 목표에는 없음
    #[serde(default)]
    baseline: Option<String>,
    /// 확정 목표치: 게재된 목표치가 서로 다를 때만, 그 가운데 하나
    #[serde(default)]
    adopted_target: Option<String>,
    /// 지원기업 대장에서 집계: startup, scaleup, smart_factory, technology, employment, other (개사·개·건으로 세는 증가 목표만)
    #[serde(default)]
    counted_from: Option<String>,
}

/// The goal at `no` of the plan and its setup, as `GET …/goals/{no}` answers, with its ETag.
async fn goal_setup(
    state: &AppState,
    (round, region): (i32, Region),
    no: &str,
) -> Result<(GoalSetupOut, sandan_domain::results::GoalSetup, String), Failure> {
    let missing = || {
        Failure::NotFound(format!(
            "목표 '{no}'이(가) {round}년 {} 계획에 없습니다. 목표 번호는 0부터 셉니다.",
            region.short_name()
        ))
    };
    let no: usize = no.parse().map_err(|_| missing())?;
    let plan = state
        .store
        .plan(round, region)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("{round}년 {} 혁신계획이 없습니다.", region.short_name())))?;
    let goal = plan.goals.get(no).ok_or_else(missing)?;
    let setup = state
        .store
        .goal_setups(round, region)
        .await?
        .into_iter()
        .find(|(n, _)| *n == no)
        .map(|(_, s)| s)
        .unwrap_or_default();
    let out = GoalSetupOut {
        no,
        metric: goal.metric.clone(),
        kind: goal.kind,
        stated_targets: goal.statements.iter().filter_map(|s| s.target).collect(),
        baseline: setup.baseline,
        adopted_target: setup.adopted_target,
        counted_from: setup.counted_from,
    };
    let tag = json_tag(&out)?;
    Ok((out, setup, tag))
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/plans/{region}/results/goals/{no}", tag = "results",
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도"),
        ("no" = usize, Path, minimum = 0, description = "목표 번호 (0부터)")),
    responses(
        (status = 200, description = "목표 관리 설정 (ETag: 고칠 때 If-Match로 보냄)", body = GoalSetupOut),
        (status = 400, description = "연도 형식이 잘못됨", body = ErrorBody),
        (status = 404, description = "최종확정되지 않은 계획, 또는 없는 목표", body = ErrorBody)))]
pub async fn api_goal(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region, no)): Path<(String, String, String)>,
) -> Result<Json<GoalSetupOut>, ApiFailure> {
    viewer.may(Action::View, &Subject::Published)?;
    let plan = funded(&state, &year, &region).await?;
    Ok(Json(goal_setup(&state, plan, &no).await?.0))
}

#[utoipa::path(put, path = "/api/v1/rounds/{year}/plans/{region}/results/goals/{no}", tag = "results",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도"),
        ("no" = usize, Path, minimum = 0, description = "목표 번호 (0부터)"),
        ("If-Match" = String, Header, description = "GET이 준 ETag: 그사이 바뀌었으면 412")),
    request_body(content = GoalSetupIn, description = "목표 관리 설정 전체 (빠진 항목은 없음으로). 그 시·도의 담당자만"),
    responses(
        (status = 200, description = "바뀐 설정 (새 ETag)", body = GoalSetupOut),
        (status = 400, description = "본문이 JSON이 아님, 수치·지원 유형을 읽을 수 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "그 시·도의 담당자가 아님, 또는 토큰 범위 밖 (token_scope)", body = ErrorBody),
        (status = 404, description = "최종확정되지 않은 계획, 또는 없는 목표", body = ErrorBody),
        (status = 412, description = "If-Match의 ETag가 지금 판과 다름, 또는 확인과 저장 사이에 다른 사람이 먼저 바꿈", body = ErrorBody),
        (status = 422, description = "모르는 항목, 또는 목표에 맞지 않는 설정 (단위가 다른 기준값, 게재되지 않은 확정 목표치, 측정값이 있는 목표를 대장 집계로 바꿈 …)", body = ErrorBody),
        (status = 428, description = "If-Match 머리글이 없음", body = ErrorBody)))]
pub async fn api_set_goal(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region, no)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Result<StrictJson<GoalSetupIn>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    editable(&viewer, &year, &region)?;
    viewer.check_api_csrf(&headers)?;
    let plan = funded(&state, &year, &region).await?;
    let (current, before, tag) = goal_setup(&state, plan, &no).await?;
    if_match(&headers, &tag)?;
    let StrictJson(input) = body?;
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    let setup = setup_from(
        &text(&input.baseline),
        &text(&input.adopted_target),
        &text(&input.counted_from),
    )?;
    let at = timestamp();
    state
        .store
        .replace_goal_setup(plan.0, plan.1, current.no, setup, Some(&before), &change(&viewer, &at))
        .await
        .map_err(|e| raced(e.into()))?;
    let (out, _, tag) = goal_setup(&state, plan, &no).await?;
    Ok(tagged(StatusCode::OK, out, &tag))
}

/// A line of the register of supported firms.
#[derive(Clone, Serialize, utoipa::ToSchema)]
#[schema(as = SupportedFirmLine)]
pub struct FirmOut {
    /// 대장 줄 번호: 목록의 after 커서
    pub id: i64,
    /// 지원한 패키지 사업의 id와 이름
    pub project_id: i64,
    pub project: String,
    /// 사업자등록번호 "123-45-67891"
    pub number: String,
    pub name: String,
    pub support: SupportKind,
    /// 지원일 "2023-05-16"
    pub date: String,
    pub entered_by: String,
    pub entered_at: String,
}

impl FirmOut {
    fn of(f: &StoredFirm) -> FirmOut {
        FirmOut {
            id: f.id,
            project_id: f.project_id,
            project: f.project.clone(),
            number: f.firm.number.to_string(),
            name: f.firm.name.clone(),
            support: f.firm.support,
            date: f.firm.date.to_string(),
            entered_by: f.entered_by.clone(),
            entered_at: f.entered_at.clone(),
        }
    }
}

/// A register line as `POST` takes it.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = SupportedFirmInput)]
pub struct FirmIn {
    /// 지원한 사업: 이 계획의 패키지 사업 id
    project: i64,
    /// 사업자등록번호 (검증번호까지 맞아야 함): "123-45-67891" 또는 "1234567891"
    number: String,
    /// 기업명 (100자 이내)
    name: String,
    /// startup(신규창업), scaleup(강소기업 육성), smart_factory, technology, employment, other — 한국어 이름도 됨
    support: String,
    /// 지원일 "2023-05-16": 사업기간 안, 오늘까지
    date: String,
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/plans/{region}/results/firms", tag = "results",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도"),
        PageQuery),
    responses(
        (status = 200, description = "지원기업 대장 (지원일 최신순). limit을 주면 그만큼씩: 다음 페이지는 Link 머리글(rel=\"next\")", body = Vec<FirmOut>),
        (status = 400, description = "잘못된 limit, 목록에 없는 after", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "기록을 볼 수 없음 (공동 주관부처, 위원, 부처, 그 시·도만)", body = ErrorBody),
        (status = 404, description = "최종확정되지 않은 계획", body = ErrorBody)))]
pub async fn api_firms(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    Query(paging): Query<PageQuery>,
) -> Result<(HeaderMap, Json<Vec<FirmOut>>), ApiFailure> {
    viewer.may(
        Action::View,
        &Subject::Results {
            region: crate::ui::params::region(&region)?,
        },
    )?;
    let (round, region) = funded(&state, &year, &region).await?;
    let firms: Vec<(String, FirmOut)> = state
        .store
        .firms(round, region)
        .await?
        .iter()
        .map(|f| (f.id.to_string(), FirmOut::of(f)))
        .collect();
    let (page, next) = paging::page(&firms, |(key, _)| key.as_str(), &paging)?;
    let chosen: Vec<FirmOut> = page.iter().map(|(_, f)| f.clone()).collect();
    let headers = match next {
        Some(next) => next_link(
            &format!("{}/firms", api_href(round, region)),
            &[],
            paging.limit.as_deref(),
            &next,
        ),
        None => HeaderMap::new(),
    };
    Ok((headers, Json(chosen)))
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/plans/{region}/results/firms", tag = "results",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도")),
    request_body(content = FirmIn, description = "지원기업 대장 한 줄. 그 시·도의 담당자만"),
    responses(
        (status = 201, description = "대장에 더한 줄 (Location: 대장 주소)", body = FirmOut),
        (status = 400, description = "본문이 JSON이 아님, 사업자등록번호·기업명·지원 유형·지원일이 규칙에 맞지 않음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = ErrorBody),
        (status = 403, description = "그 시·도의 담당자가 아님, 또는 토큰 범위 밖 (token_scope)", body = ErrorBody),
        (status = 404, description = "최종확정되지 않은 계획", body = ErrorBody),
        (status = 422, description = "모르는 항목, 이 계획의 사업이 아님, 같은 날 같은 지원이 이미 대장에 있음", body = ErrorBody)))]
pub async fn api_add_firm(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<StrictJson<FirmIn>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    editable(&viewer, &year, &region)?;
    viewer.check_api_csrf(&headers)?;
    let (round, region) = funded(&state, &year, &region).await?;
    let StrictJson(input) = body?;
    let firm = firm_from(round, &input.number, &input.name, &input.support, &input.date)?;
    let at = timestamp();
    let id = state
        .store
        .add_firm(round, region, input.project, &firm, &change(&viewer, &at))
        .await
        .map_err(Failure::from)?;
    let added = state
        .store
        .firms(round, region)
        .await?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or_else(|| Failure::Internal(format!("firm {id} not read back")))?;
    let mut response = (StatusCode::CREATED, Json(FirmOut::of(&added))).into_response();
    if let Ok(place) = HeaderValue::from_str(&location(&format!("{}/firms", api_href(round, region)))) {
        response.headers_mut().insert(header::LOCATION, place);
    }
    Ok(response)
}
