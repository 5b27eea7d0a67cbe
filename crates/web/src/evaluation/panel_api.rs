//! 평가 운영 API (공동 주관부처): the panel's state, its framework, appointments, starting and
//! closing the scoring and publishing the scores, with the page's checks and store calls
//! (`panel`). Scores never appear here: only whether each assigned sheet is in, as on the page.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use sandan_domain::evaluation::{Framework, Stage};
use sandan_domain::{Action, Region, Subject, UserId};
use serde::{Deserialize, Serialize};

use super::panel::{
    appoint_member, board_if_any, candidates, close_panel, office, plans_and_start_problems, start_scoring,
    store_framework,
};
use super::results::publish_scores;
use crate::AppState;
use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::body::StrictJson;
use crate::ui::error::ApiFailure;
use crate::ui::params;
use crate::ui::revalidate::{Basis, tagged, version_tag};

/// 평가위원
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PanelMemberView)]
pub struct MemberView {
    pub user: UserId,
    pub name: String,
    /// 소속
    pub affiliation: String,
}

/// 위촉할 수 있는 사용자 (평가위원 역할, 아직 위촉되지 않음)
#[derive(Serialize, utoipa::ToSchema)]
pub struct Candidate {
    pub user: UserId,
    pub name: String,
    pub login: String,
}

/// 이해충돌
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PanelConflictView)]
pub struct ConflictView {
    pub evaluator: UserId,
    pub region: Region,
    /// affiliation, plan_role, personal, other 중 하나
    pub kind: String,
    pub note: String,
}

/// 배정: an evaluator scores a plan; `sheet` is missing, draft or submitted (never the scores).
#[derive(Serialize, utoipa::ToSchema)]
pub struct AssignmentView {
    pub evaluator: UserId,
    pub region: Region,
    pub sheet: String,
}

/// The round's evaluation as the office runs it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PanelView {
    pub year: i32,
    /// setup(준비), scoring(평가 중), closed(마감); 평가틀이 저장되기 전에도 setup
    pub stage: Stage,
    /// 평가틀의 수정 판: PUT …/framework에 version으로 보냄 (저장 전 0)
    pub version: i64,
    /// 평가틀 (저장 전에는 null)
    pub framework: Option<Framework>,
    pub members: Vec<MemberView>,
    pub candidates: Vec<Candidate>,
    pub conflicts: Vec<ConflictView>,
    /// 평가 대상 시·도: 준비 중에는 제출한 시·도, 평가가 시작되면 그때 고정된 계획
    pub plans: Vec<Region>,
    pub assignments: Vec<AssignmentView>,
    /// 지금 평가를 시작하지 못하는 이유 (없으면 빈 목록)
    pub start_problems: Vec<String>,
    pub scores_published: bool,
}

async fn view(state: &AppState, year: i32) -> Result<PanelView, Failure> {
    state
        .store
        .round(year)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("{year}년 공모 회차가 없습니다.")))?;
    let Some(b) = board_if_any(state, year).await? else {
        return Ok(PanelView {
            year,
            stage: Stage::Setup,
            version: 0,
            framework: None,
            members: Vec::new(),
            candidates: listed(candidates(state, &[]).await?),
            conflicts: Vec::new(),
            plans: Vec::new(),
            assignments: Vec::new(),
            start_problems: vec!["평가틀을 먼저 저장하십시오.".into()],
            scores_published: false,
        });
    };
    let sheets = state.store.sheets(year).await?;
    let (plans, start_problems) = plans_and_start_problems(state, &b).await?;
    let on_panel: Vec<UserId> = b.members.iter().map(|m| m.member.user).collect();
    Ok(PanelView {
        year,
        stage: b.panel.stage,
        version: b.panel.version,
        framework: Some(b.panel.framework.clone()),
        members: b
            .members
            .iter()
            .map(|m| MemberView {
                user: m.member.user,
                name: m.member.name.clone(),
                affiliation: m.member.affiliation.clone(),
            })
            .collect(),
        candidates: listed(candidates(state, &on_panel).await?),
        conflicts: b
            .conflicts
            .iter()
            .map(|c| ConflictView {
                evaluator: c.conflict.evaluator,
                region: c.conflict.region,
                kind: c.conflict.kind.key().to_string(),
                note: c.conflict.note.clone(),
            })
            .collect(),
        assignments: b
            .assignments
            .iter()
            .map(|&(evaluator, region)| AssignmentView {
                evaluator,
                region,
                sheet: match sheets.iter().find(|s| s.evaluator == evaluator && s.region == region) {
                    Some(s) if s.submitted_at.is_some() => "submitted",
                    Some(_) => "draft",
                    None => "missing",
                }
                .to_string(),
            })
            .collect(),
        plans,
        start_problems: if b.panel.stage == Stage::Setup {
            start_problems
        } else {
            Vec::new()
        },
        scores_published: b.panel.scores_published,
    })
}

fn listed(users: Vec<(UserId, String, String)>) -> Vec<Candidate> {
    users
        .into_iter()
        .map(|(user, name, login)| Candidate { user, name, login })
        .collect()
}

/// The office's check, the CSRF check for a cookie session, and the year.
fn checked(viewer: &Viewer, headers: &HeaderMap, year: &str) -> Result<i32, Failure> {
    office(viewer)?;
    viewer.check_api_csrf(headers)?;
    params::year(year)
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/evaluation", tag = "evaluation",
    security(("bearer" = [])),
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027")),
    responses(
        (status = 200, description = "평가 운영 현황: 평가틀, 평가위원, 위촉할 수 있는 사용자, 이해충돌, 배정과 평가표 제출 여부(점수는 없음)", body = PanelView),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님 (평가위원·시·도는 볼 수 없음)", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차", body = crate::ui::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
) -> Result<Json<PanelView>, ApiFailure> {
    office(&viewer)?;
    let year = params::year(&year)?;
    Ok(Json(view(&state, year).await?))
}

/// 평가틀, as `GET …/evaluation/framework` gives it: what a `PUT` replaces, tagged with its edit
/// version for `If-Match`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FrameworkView {
    pub year: i32,
    /// setup(준비), scoring(평가 중), closed(마감): 평가틀은 준비 중에만 고칠 수 있음
    pub stage: Stage,
    /// 평가틀의 수정 판 (저장 전 0). ETag는 "v{version}"
    pub version: i64,
    /// 평가틀 (저장 전에는 null)
    pub framework: Option<Framework>,
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/evaluation/framework", tag = "evaluation",
    security(("bearer" = [])),
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027")),
    responses(
        (status = 200, description = "평가틀과 그 수정 판. ETag는 수정 판(\"v{version}\", 저장 전 \"v0\"): PUT할 때 If-Match로 보냄", body = FrameworkView),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차", body = crate::ui::error::ErrorBody)))]
pub async fn api_show_framework(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
) -> Result<Response, ApiFailure> {
    office(&viewer)?;
    let year = params::year(&year)?;
    round_exists(&state, year).await?;
    let view = match board_if_any(&state, year).await? {
        Some(b) => FrameworkView {
            year,
            stage: b.panel.stage,
            version: b.panel.version,
            framework: Some(b.panel.framework),
        },
        None => FrameworkView {
            year,
            stage: Stage::Setup,
            version: 0,
            framework: None,
        },
    };
    let tag = version_tag(view.version);
    Ok(tagged(StatusCode::OK, view, &tag))
}

/// 평가틀 저장: the framework and the edit version it was read at.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct FrameworkBody {
    /// GET이 준 version (처음 저장할 때 0). If-Match 머리글을 보내면 필요 없음 (머리글이 우선)
    #[serde(default)]
    pub version: Option<i64>,
    pub framework: Framework,
}

/// The errors the office's writes share.
const REFUSED: &str = "모르는 항목·잘못된 값, 또는 지금 단계에서 할 수 없는 일 (평가 시작 뒤 평가틀 변경, 평가위원 역할이 없는 사용자 위촉, 시작 조건 미충족 …): message가 이유를 모두 밝힘";

#[utoipa::path(put, path = "/api/v1/rounds/{year}/evaluation/framework", tag = "evaluation",
    security(("bearer" = [])),
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027")),
    request_body(content = FrameworkBody, description = "평가틀: 평가지표와 배점(점수는 0.1점 단위 정수, 예: 100 = 10점), 가점, 과락 기준, 집계 방식, 동점 처리 순서(0부터), 선정 규모(곳), 평가위원 수(명), 평가 마감일. 평가 시작 전까지만. 공동 주관부처만"),
    responses(
        (status = 200, description = "저장한 뒤의 평가 운영 현황", body = PanelView),
        (status = 400, description = "연도 형식이 잘못됨, 또는 본문이 JSON이 아님", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 토큰의 범위(evaluation)가 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차", body = crate::ui::error::ErrorBody),
        (status = 409, description = "다른 사람이 먼저 저장함: 최신 version으로 다시 보내야 함 (본문 version으로 보낸 경우)", body = crate::ui::error::ErrorBody),
        (status = 412, description = "If-Match의 판이 지금 판과 다름, 또는 ETag 형식이 아님", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = REFUSED, body = crate::ui::error::ErrorBody),
        (status = 428, description = "If-Match 머리글도 본문의 version도 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api_framework(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<FrameworkBody>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    let year = checked(&viewer, &headers, &year)?;
    let StrictJson(body) = body?;
    let basis = Basis::of(&headers, body.version)?;
    round_exists(&state, year).await?;
    store_framework(&state, &viewer, year, &body.framework, basis.version())
        .await
        .map_err(|e| basis.refusal(e))?
        .map_err(|problems| Failure::Refused(problems.join(" / ")))?;
    let view = view(&state, year).await?;
    let tag = version_tag(view.version);
    Ok(tagged(StatusCode::OK, view, &tag))
}

async fn round_exists(state: &AppState, year: i32) -> Result<(), Failure> {
    state
        .store
        .round(year)
        .await?
        .map(|_| ())
        .ok_or_else(|| Failure::NotFound(format!("{year}년 공모 회차가 없습니다.")))
}

/// 위촉: who (a user with the evaluator role: see `candidates`) and her affiliation.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Appointment {
    pub user: UserId,
    /// 소속, 예: 부산대학교
    pub affiliation: String,
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/evaluation/members", tag = "evaluation",
    security(("bearer" = [])),
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027")),
    request_body(content = Appointment, description = "평가위원 위촉: 평가위원 역할이 있는 사용자의 id와 소속. 평가 시작 전까지만. 공동 주관부처만"),
    responses(
        (status = 200, description = "위촉한 뒤의 평가 운영 현황", body = PanelView),
        (status = 400, description = "연도 형식이 잘못됨, 또는 본문이 JSON이 아님", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 토큰의 범위(evaluation)가 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차, 또는 평가틀이 아직 없음", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = REFUSED, body = crate::ui::error::ErrorBody)))]
pub async fn api_appoint(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<Appointment>, ApiFailure>,
) -> Result<Json<PanelView>, ApiFailure> {
    let year = checked(&viewer, &headers, &year)?;
    let StrictJson(body) = body?;
    round_exists(&state, year).await?;
    appoint_member(&state, &viewer, year, body.user, &body.affiliation).await?;
    Ok(Json(view(&state, year).await?))
}

/// 평가 개시
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Start {
    /// 접수 마감 전에 시작하는 이유 (마감 전에는 필수, 감사 기록에 남음)
    #[serde(default)]
    pub early_reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/evaluation/start", tag = "evaluation",
    security(("bearer" = [])),
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027")),
    request_body(content = Start, description = "평가 개시: 평가틀과 평가위원을 점검하고, 이해충돌이 없는 모든 평가위원에게 제출된 모든 계획을 배정하고, 각 계획의 최신 제출본을 고정함. 이후 시·도는 제출할 수 없음. 공동 주관부처만"),
    responses(
        (status = 200, description = "시작한 뒤의 평가 운영 현황 (배정 포함)", body = PanelView),
        (status = 400, description = "연도 형식이 잘못됨, 또는 본문이 JSON이 아님", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 토큰의 범위(evaluation)가 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차, 또는 평가틀이 아직 없음", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = REFUSED, body = crate::ui::error::ErrorBody)))]
pub async fn api_start(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<Start>, ApiFailure>,
) -> Result<Json<PanelView>, ApiFailure> {
    let year = checked(&viewer, &headers, &year)?;
    let StrictJson(body) = body?;
    start_scoring(&state, &viewer, year, body.early_reason.as_deref()).await?;
    Ok(Json(view(&state, year).await?))
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/evaluation/close", tag = "evaluation",
    security(("bearer" = [])),
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027")),
    responses(
        (status = 200, description = "마감한 뒤의 평가 운영 현황: 이제 …/evaluation/results로 결과를 읽음", body = PanelView),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 토큰의 범위(evaluation)가 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차, 또는 평가틀이 아직 없음", body = crate::ui::error::ErrorBody),
        (status = 422, description = "평가 중이 아니어서 마감할 수 없음: message가 이유를 밝힘", body = crate::ui::error::ErrorBody)))]
pub async fn api_close(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
    headers: HeaderMap,
) -> Result<Json<PanelView>, ApiFailure> {
    let year = checked(&viewer, &headers, &year)?;
    close_panel(&state, &viewer, year).await?;
    Ok(Json(view(&state, year).await?))
}

/// 점수 공개 여부
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Publication {
    /// true: 지정 결정과 함께 계획별 점수를 공개함; false: 공개를 거둠
    pub published: bool,
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/evaluation/results/publish", tag = "evaluation",
    security(("bearer" = [])),
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027")),
    request_body(content = Publication, description = "패널이 닫힌 뒤 계획별 점수의 공개 여부. 공동 주관부처만"),
    responses(
        (status = 200, description = "바꾼 뒤의 평가 운영 현황 (scores_published)", body = PanelView),
        (status = 400, description = "연도 형식이 잘못됨, 또는 본문이 JSON이 아님", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 토큰의 범위(evaluation)가 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차, 또는 평가틀이 아직 없음", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = "패널이 아직 닫히지 않음, 또는 모르는 항목", body = crate::ui::error::ErrorBody)))]
pub async fn api_publish(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<Publication>, ApiFailure>,
) -> Result<Json<PanelView>, ApiFailure> {
    // As on the results page: whoever may act on a closed panel's results.
    viewer.may(Action::Change, &Subject::Evaluation { closed: true })?;
    viewer.check_api_csrf(&headers)?;
    let year = params::year(&year)?;
    let StrictJson(body) = body?;
    publish_scores(&state, &viewer, year, body.published).await?;
    Ok(Json(view(&state, year).await?))
}
