//! 위원회 의결 through the API: a round's meetings with their decisions (the office sees the
//! working ones too; everyone else what has been published), and the office's writes — a
//! meeting, a decision, a publication — through the same actions as the decisions page.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use sandan_domain::{Action, Day, Designation, Subject};
use sandan_store::committee::StoredMeeting;
use serde::Serialize;

use crate::AppState;
use crate::auth::Viewer;
use crate::decisions::actions::{self, DecisionEntry, MeetingEntry, meeting_id, meeting_of, office, round_exists};
use crate::failure::Failure;
use crate::ui::body::StrictJson;
use crate::ui::error::ApiFailure;
use crate::ui::params;

/// A decision as recorded: once its meeting is published, with the source that announced it.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = CommitteeDecision)]
pub struct DecisionOut {
    pub id: i64,
    #[serde(flatten)]
    pub designation: Designation,
}

/// A committee meeting with its decisions in the order taken.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = CommitteeMeetingRecord)]
pub struct MeetingOut {
    pub id: i64,
    pub date: Day,
    pub body: String,
    pub members_present: Vec<String>,
    pub note: String,
    /// When the office published it into the record; absent while it is a working record.
    pub published_at: Option<String>,
    pub decisions: Vec<DecisionOut>,
}

impl MeetingOut {
    fn of(m: StoredMeeting) -> MeetingOut {
        MeetingOut {
            id: m.id,
            date: m.meeting.date,
            body: m.meeting.body,
            members_present: m.meeting.members_present,
            note: m.meeting.note,
            published_at: m.published_at,
            decisions: m
                .decisions
                .into_iter()
                .map(|d| DecisionOut {
                    id: d.id,
                    designation: d.designation,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = RoundDecisions)]
pub struct RoundDecisions {
    pub year: i32,
    /// Whether unpublished meetings are included: only for the office.
    pub working_included: bool,
    pub meetings: Vec<MeetingOut>,
}

/// Why the rules refuse a write (422).
const REFUSED: &str = "규칙에 맞지 않음 (참석 위원이 없는 회의, 기록에 혁신계획이 없는 시·도, 예비선정 없는 최종확정, 선정 규모 초과, 이미 공개된 회의, 의결이 없는 회의의 공개, 공개하면 기록 검사에 어긋남 …): message가 까닭을 밝힘";

#[utoipa::path(get, path = "/api/v1/rounds/{year}/decisions", tag = "decisions",
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021")),
    responses(
        (status = 200, description = "회차의 위원회 회의와 의결 (공동 주관부처는 공개 전의 것까지, 그 밖에는 공개된 것만)", body = RoundDecisions),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차", body = crate::ui::error::ErrorBody)))]
pub async fn api_list(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
) -> Result<Json<RoundDecisions>, ApiFailure> {
    viewer.may(Action::View, &Subject::Published)?;
    let year = params::year(&year)?;
    round_exists(&state, year).await?;
    let working_included = office(&viewer).is_ok();
    let meetings = state
        .store
        .meetings_of(year)
        .await
        .map_err(Failure::from)?
        .into_iter()
        .filter(|m| working_included || m.published_at.is_some())
        .map(MeetingOut::of)
        .collect();
    Ok(Json(RoundDecisions {
        year,
        working_included,
        meetings,
    }))
}

/// The office, and a cookie session's token (a bearer token's scope is checked before).
fn may_write(viewer: &Viewer, headers: &HeaderMap) -> Result<(), Failure> {
    office(viewer)?;
    viewer.check_api_csrf(headers)
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/decisions", tag = "decisions",
    security(("bearer" = [])),
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도: Sandan에서 운영한 회차든 기록에만 있는 회차든")),
    request_body(content = MeetingEntry, description = "위원회 회의. 공동 주관부처만"),
    responses(
        (status = 201, description = "기록한 회의 (아직 공개 전)", body = MeetingOut),
        (status = 400, description = "본문이 JSON이 아님, 날짜나 연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님 (쿠키 로그인은 X-CSRF-Token 머리글 필요)", body = crate::ui::error::ErrorBody),
        (status = 404, description = "기록에 없는 회차", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = REFUSED, body = crate::ui::error::ErrorBody)))]
pub async fn api_meeting(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<MeetingEntry>, ApiFailure>,
) -> Result<(StatusCode, Json<MeetingOut>), ApiFailure> {
    may_write(&viewer, &headers)?;
    let year = params::year(&year)?;
    let StrictJson(entry) = body?;
    let id = actions::record_meeting(&state, &viewer, year, &entry).await?;
    Ok((
        StatusCode::CREATED,
        Json(MeetingOut::of(meeting_of(&state, year, id).await?)),
    ))
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/decisions/{meeting}", tag = "decisions",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도"),
        ("meeting" = i64, Path, description = "회의 id")),
    request_body(content = DecisionEntry, description = "그 회의의 의결 하나. 공동 주관부처만"),
    responses(
        (status = 201, description = "기록한 의결 (회의의 날짜와 회의체를 따름)", body = DecisionOut),
        (status = 400, description = "본문이 JSON이 아님, 의결 종류가 없거나 연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님 (쿠키 로그인은 X-CSRF-Token 머리글 필요)", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차·회의, 또는 알 수 없는 시·도·산업단지", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = REFUSED, body = crate::ui::error::ErrorBody)))]
pub async fn api_decision(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, meeting)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<StrictJson<DecisionEntry>, ApiFailure>,
) -> Result<(StatusCode, Json<DecisionOut>), ApiFailure> {
    may_write(&viewer, &headers)?;
    let year = params::year(&year)?;
    let meeting = meeting_id(&meeting)?;
    let StrictJson(entry) = body?;
    let id = actions::record_decision(&state, &viewer, year, meeting, &entry).await?;
    let decision = meeting_of(&state, year, meeting)
        .await?
        .decisions
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| Failure::Internal(format!("recorded decision {id} not found")))?;
    Ok((
        StatusCode::CREATED,
        Json(DecisionOut {
            id,
            designation: decision.designation,
        }),
    ))
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/decisions/{meeting}/publish", tag = "decisions",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도"),
        ("meeting" = i64, Path, description = "회의 id")),
    responses(
        (status = 200, description = "공개한 회의: 의결마다 회의를 출처로 달아 공개 기록(회차 화면, 선정 결과)에 더함", body = MeetingOut),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님 (쿠키 로그인은 X-CSRF-Token 머리글 필요)", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차·회의", body = crate::ui::error::ErrorBody),
        (status = 422, description = REFUSED, body = crate::ui::error::ErrorBody)))]
pub async fn api_publish(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, meeting)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<MeetingOut>, ApiFailure> {
    may_write(&viewer, &headers)?;
    let year = params::year(&year)?;
    let meeting = meeting_id(&meeting)?;
    actions::publish(&state, &viewer, year, meeting).await?;
    Ok(Json(MeetingOut::of(meeting_of(&state, year, meeting).await?)))
}
