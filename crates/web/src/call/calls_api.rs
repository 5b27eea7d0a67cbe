//! 공모 열기와 공모 설정 API: the office opens a round and sets its call through `/api/v1`, with
//! the form's checks (the body is read into the form's fields and through the same reader) and
//! the form's store calls. The call's edit version is its ETag; a write names it in `If-Match`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use sandan_domain::call::Call;
use sandan_domain::round::Milestone;
use sandan_domain::{Action, Day, Round, Step, Subject};
use serde::{Deserialize, Serialize};

use super::calls::{CallContext, SCHEDULE, context, form_of, open, read_new_round, save_settings};
use crate::AppState;
use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::body::StrictJson;
use crate::ui::error::ApiFailure;
use crate::ui::links::location;
use crate::ui::params;
use crate::ui::revalidate::{if_match, raced, tagged, version_tag};

/// 새 공모: the year, the quota and the title, as on the form that opens a round.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewRound {
    /// 공모 연도 (2020~2100)
    pub year: i64,
    /// 공모 이름 (200자 이내)
    pub title: String,
    /// 선정 규모 (1~17곳)
    pub quota: i64,
}

/// One dated step of the round's schedule.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScheduledStep {
    /// call, pre_consulting, preliminary_application, main_consulting, evaluation,
    /// preliminary_selection, detail_review, final_confirmation 중 하나
    pub step: Step,
    /// 날짜, 예: 2027-03-02 (일까지)
    #[schema(value_type = String, example = "2027-03-02")]
    pub date: Day,
}

/// 공모 설정: what the call page's settings form holds.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = CallSettings)]
pub struct CallSettings {
    /// 공모 이름 (200자 이내)
    pub title: String,
    /// 선정 규모 (1~17곳)
    pub quota: u32,
    /// 일정: 적힌 단계만 날짜가 정해짐. 접수 마감일은 예비접수(preliminary_application) 날짜, 그 시각은 call.closes_at
    pub schedule: Vec<ScheduledStep>,
    /// 공고문·신청 자격·연계지역 수·사업 기간·목표 적정 범위 (call.year는 주소의 연도와 같아야 함)
    pub call: Call,
}

/// A round's call as the API shows it, with its edit version (also its ETag).
#[derive(Serialize, utoipa::ToSchema)]
pub struct CallView {
    pub year: i32,
    pub settings: CallSettings,
    /// 수정 판: PUT의 If-Match에는 ETag(예: "v3")를 그대로 보냄
    pub version: i64,
    /// 접수 마감 (한국 시간), 일정이 정해지지 않았으면 null
    pub deadline: Option<String>,
    /// 공휴일 자료가 마감 연도를 다루지 못할 때의 경고
    pub calendar_warning: Option<String>,
}

fn settings_of(round: &Round, call: &Call) -> CallSettings {
    CallSettings {
        title: round.title.clone(),
        quota: round.quota.unwrap_or(0),
        schedule: SCHEDULE
            .iter()
            .filter_map(|step| {
                let m = round.milestones.iter().find(|m| m.step == *step)?;
                let date = m.date.filter(|d| d.day.is_some())?;
                Some(ScheduledStep { step: *step, date })
            })
            .collect(),
        call: call.clone(),
    }
}

fn view_of(ctx: &CallContext) -> CallView {
    CallView {
        year: ctx.round.year,
        settings: settings_of(&ctx.round, &ctx.call),
        version: ctx.version,
        deadline: ctx.deadline.map(|d| d.korean()),
        calendar_warning: ctx.calendar_warning.clone(),
    }
}

/// The call's ETag: its edit version, as every record edited by version tags it.
fn tag_of(ctx: &CallContext) -> String {
    version_tag(ctx.version)
}

fn office(viewer: &Viewer) -> Result<(), Failure> {
    viewer.may(Action::Change, &Subject::Calls)
}

fn refused(errors: Vec<String>) -> ApiFailure {
    Failure::Refused(errors.join(" / ")).into()
}

#[utoipa::path(post, path = "/api/v1/rounds", tag = "call",
    security(("bearer" = [])),
    request_body(content = NewRound, description = "새 공모 회차: 연도, 이름, 선정 규모(곳). 공고 설정은 공모의 기본값(연계지역 2~3곳, 다음 해부터 3년 사업, 18:00 마감)으로 시작하고 PUT …/call로 고침. 공동 주관부처만"),
    responses(
        (status = 201, description = "연 공모의 설정 (ETag: 설정을 고칠 때 If-Match로 보낼 판)", body = CallView),
        (status = 400, description = "본문이 JSON이 아님 (Content-Type: application/json 필요)", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 토큰의 범위(record)가 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = "연도·이름·선정 규모가 범위를 벗어남, 모르는 항목, 또는 그 연도의 회차가 이미 있음: message가 이유를 모두 밝힘", body = crate::ui::error::ErrorBody)))]
pub async fn api_open(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Result<StrictJson<NewRound>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    office(&viewer)?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(body) = body?;
    let round = read_new_round(Some(body.year), Some(body.quota), &body.title).map_err(refused)?;
    open(&state, &viewer, &round).await?;
    let ctx = context(&state, round.year).await?;
    let mut response = tagged(StatusCode::CREATED, view_of(&ctx), &tag_of(&ctx));
    if let Ok(place) = HeaderValue::from_str(&location(&format!("/api/v1/rounds/{}/call", round.year))) {
        response.headers_mut().insert(header::LOCATION, place);
    }
    Ok(response)
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/call", tag = "call",
    security(("bearer" = [])),
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027")),
    responses(
        (status = 200, description = "공모 설정, 일정, 접수 마감 (ETag: 판)", body = CallView),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차, 또는 Sandan에서 접수하지 않은 회차", body = crate::ui::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
) -> Result<Response, ApiFailure> {
    office(&viewer)?;
    let year = params::year(&year)?;
    let ctx = context(&state, year).await?;
    Ok(tagged(StatusCode::OK, view_of(&ctx), &tag_of(&ctx)))
}

#[utoipa::path(put, path = "/api/v1/rounds/{year}/call", tag = "call",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027"),
        ("If-Match" = String, Header, description = "GET이 준 ETag (공모 설정의 판): 그사이 바뀌었으면 412")),
    request_body(content = CallSettings, description = "공모 설정 전체 (공모 운영 화면의 설정 양식과 같은 검사). 공동 주관부처만, 평가가 시작되기 전까지"),
    responses(
        (status = 200, description = "저장한 공모 설정 (새 ETag)", body = CallView),
        (status = 400, description = "연도 형식이 잘못됨, 또는 본문이 JSON이 아님", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 토큰의 범위(record)가 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차", body = crate::ui::error::ErrorBody),
        (status = 412, description = "If-Match의 ETag가 지금 판과 다름, 또는 확인과 저장 사이에 다른 사람이 먼저 저장함: 다시 받아 확인할 것", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = "모르는 항목, 범위를 벗어난 값, 잘못된 날짜, 또는 평가가 시작되어 바꿀 수 없음: message가 이유를 모두 밝힘", body = crate::ui::error::ErrorBody),
        (status = 428, description = "If-Match 머리글이 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api_update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<CallSettings>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    office(&viewer)?;
    viewer.check_api_csrf(&headers)?;
    let year = params::year(&year)?;
    let ctx = context(&state, year).await?;
    if_match(&headers, &tag_of(&ctx))?;
    let StrictJson(body) = body?;
    let mut errors = Vec::new();
    if body.call.year != year {
        errors.push(format!(
            "본문의 call.year({})가 주소의 연도({year})와 다릅니다.",
            body.call.year
        ));
    }
    if let Some(s) = body.schedule.iter().find(|s| !SCHEDULE.contains(&s.step)) {
        errors.push(format!("일정에 '{}' 단계는 적을 수 없습니다.", s.step.korean()));
    }
    if !errors.is_empty() {
        return Err(refused(errors));
    }
    // The body goes through the form's fields and reader: one set of checks for both.
    let proposed = Round {
        title: body.title,
        quota: Some(body.quota),
        milestones: body
            .schedule
            .iter()
            .map(|s| Milestone {
                step: s.step,
                date: Some(s.date),
                planned: true,
                note: None,
            })
            .collect(),
        ..ctx.round.clone()
    };
    let fields = form_of(&proposed, &body.call);
    save_settings(&state, &viewer, &fields, &ctx, ctx.version)
        .await
        .map_err(raced)?
        .map_err(refused)?;
    let ctx = context(&state, year).await?;
    Ok(tagged(StatusCode::OK, view_of(&ctx), &tag_of(&ctx)))
}
