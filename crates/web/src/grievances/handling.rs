//! 처리: the reports routed to a body (all of them for the program office), one report with
//! the filer's contacts (each reading audited), the steps that move it, and the approval of
//! its public text. A signed-in filer reads and rates her own here too.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use sandan_domain::grievance::{Handler, Status, Step};
use sandan_domain::tasks::{self, Task};
use sandan_domain::{Action, Actor, Day, Region, Subject};
use sandan_store::grievances::StoredGrievance;
use serde::Deserialize;

use crate::auth::{Viewer, change};
use crate::clock::{timestamp, today};
use crate::failure::Failure;
use crate::grievances::view::{GrievanceLineView, GrievanceView, Reader};
use crate::ui::body::StrictJson;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::forms::settle;
use crate::ui::layout::Layout;
use crate::ui::paging::{self, PageQuery, next_link};
use crate::ui::params;
use crate::{AppState, Lang};

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct ListQuery {
    /// received, assigned, in_progress, answered, closed
    #[serde(default)]
    status: Option<String>,
    /// 산업단지가 있는 시·도: 경기, 경기도, gyeonggi 또는 행정코드 41
    #[serde(default)]
    region: Option<String>,
}

/// Which reports a list shows.
struct Filter {
    status: Option<Status>,
    region: Option<Region>,
}

impl Filter {
    fn of(q: &ListQuery) -> Result<Filter, Failure> {
        let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(
                s.parse()
                    .map_err(|e: sandan_domain::grievance::StepError| Failure::BadInput(e.to_string()))?,
            ),
        };
        let region = q
            .region
            .as_deref()
            .filter(|r| !r.is_empty())
            .map(|r| params::region(r).map_err(|e| Failure::BadInput(e.public_message())))
            .transpose()?;
        Ok(Filter { status, region })
    }
}

fn signed_in(viewer: &Viewer) -> Result<&Actor, Failure> {
    viewer
        .actor()
        .ok_or_else(|| Failure::SignInRequired("로그인이 필요합니다.".into()))
}

/// What a signed-in user handles (everything for the office) and what she filed.
struct Lists {
    handled: Vec<GrievanceLineView>,
    filed: Vec<GrievanceLineView>,
    handles: bool,
}

async fn lists(state: &AppState, actor: &Actor, filter: &Filter) -> Result<Lists, Failure> {
    let bodies = Handler::of(actor);
    let handled = if actor.is_program_office() {
        state.store.grievances_for(None, filter.status).await?
    } else {
        state.store.grievances_for(Some(&bodies), filter.status).await?
    };
    let filed = state.store.grievances_filed_by(actor.user).await?;
    let shown = |lines: Vec<_>| -> Vec<GrievanceLineView> {
        lines
            .iter()
            .filter(|l: &&sandan_store::grievances::GrievanceLine| filter.region.is_none_or(|r| l.region == r))
            .map(GrievanceLineView::of)
            .collect()
    };
    Ok(Lists {
        handled: shown(handled),
        filed: shown(filed),
        handles: !bodies.is_empty(),
    })
}

/// The inbox's part: every unanswered report routed to a body the actor answers for, due by
/// its deadline (and so reminded of by mail, as every task with a deadline is).
pub(crate) async fn open_tasks(state: &AppState, actor: &Actor, today: Day) -> Result<Vec<Task>, Failure> {
    let bodies = Handler::of(actor);
    if bodies.is_empty() {
        return Ok(Vec::new());
    }
    Ok(state
        .store
        .open_grievances_for(&bodies)
        .await?
        .into_iter()
        .map(|l| tasks::grievance(l.id, &l.receipt, l.progress.status, l.progress.due, today))
        .collect())
}

#[derive(Template)]
#[template(path = "grievances/list.html")]
struct ListPage {
    layout: Layout,
    lists: Lists,
    statuses: Vec<(&'static str, &'static str)>,
    status: String,
}

/// GET /grievances
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let actor = signed_in(&viewer).map_err(fail)?;
    let filter = Filter::of(&q).map_err(fail)?;
    let title = lang.pick("애로사항", "Reports of difficulties");
    let page = ListPage {
        layout: Layout::new(
            lang,
            title,
            "/grievances",
            vec![(title.to_string(), "/grievances".into())],
        )
        .for_viewer(&viewer),
        lists: lists(&state, actor, &filter).await.map_err(fail)?,
        statuses: Status::ALL.iter().map(|s| (s.key(), s.korean())).collect(),
        status: filter.status.map_or("", Status::key).to_string(),
    };
    render(&page, lang)
}

/// The report and how the viewer may read it: its body and the office read everything (and
/// that reading is audited); its signed-in filer reads it as the follow page shows it.
async fn readable(state: &AppState, viewer: &Viewer, id: &str) -> Result<(StoredGrievance, Reader), Failure> {
    // Nobody learns which numbers exist without signing in.
    signed_in(viewer)?;
    let missing = || Failure::NotFound("애로사항을 찾을 수 없습니다.".into());
    let id: i64 = id.parse().map_err(|_| missing())?;
    let g = state.store.grievance_unaudited(id).await?.ok_or_else(missing)?;
    let subject = Subject::Grievance {
        handler: g.progress.handler.clone(),
        filer: g.filer_user,
    };
    viewer.may(Action::View, &subject)?;
    if viewer.may(Action::Change, &subject).is_ok() {
        let at = timestamp();
        state.store.record_filer_reading(id, &change(viewer, &at)).await?;
        Ok((g, Reader::Handler))
    } else {
        Ok((g, Reader::Filer))
    }
}

#[derive(Template)]
#[template(path = "grievances/detail.html")]
struct DetailPage {
    layout: Layout,
    csrf: String,
    r: GrievanceView,
    handler_view: bool,
    /// (key, name) of every body a report may be transferred to.
    bodies: Vec<(String, String)>,
    most_extension: u32,
    /// The 현장 소통 it was filed from, for its handlers.
    visits: Vec<sandan_store::grievances::StoredVisit>,
    form: Fields,
    errors: Vec<String>,
}

async fn bodies(state: &AppState) -> Result<Vec<(String, String)>, Failure> {
    let mut out: Vec<Handler> = Region::in_ganada_order().into_iter().map(Handler::Province).collect();
    let mut ministries: Vec<String> = state
        .store
        .programs()
        .await?
        .into_iter()
        .map(|p| p.program.ministry)
        .collect();
    sandan_domain::hangul::sort_ganada(&mut ministries, |m| m);
    ministries.dedup();
    out.extend(ministries.into_iter().map(Handler::Ministry));
    out.extend([Handler::ComplexAgency, Handler::ProgramOffice]);
    Ok(out.into_iter().map(|h| (h.to_string(), h.korean())).collect())
}

async fn detail(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    id: &str,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    let (g, reader) = readable(state, viewer, id).await?;
    let title = format!("{} {}", lang.pick("애로사항", "Report"), g.receipt);
    let path = format!("/grievances/{}", g.id);
    let deadlines = state.store.grievance_deadlines().await?;
    let page = DetailPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &path,
            vec![
                (lang.pick("애로사항", "Reports").to_string(), "/grievances".into()),
                (title, path.clone()),
            ],
        )
        .for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        most_extension: deadlines.days(g.progress.category),
        visits: if reader == Reader::Handler {
            state.store.visits_of_grievance(g.id).await?
        } else {
            Vec::new()
        },
        r: GrievanceView::of(&g, reader),
        handler_view: reader == Reader::Handler,
        bodies: bodies(state).await?,
        form,
        errors,
    };
    render(&page, lang).map_err(|e| e.0)
}

/// GET /grievances/{id}
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<String>,
) -> Result<Html<String>, PageFailure> {
    detail(&state, &viewer, lang, &id, Fields::new(), Vec::new())
        .await
        .map_err(|e| PageFailure(e, lang))
}

/// A step as a form or an API body names it.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct StepBody {
    /// take (배정), start (처리 시작), transfer (이송), extend (기한 연장), answer (답변), close (종결), rate (만족도, 신청인만)
    #[schema(pattern = "^(take|start|transfer|extend|answer|close|rate)$")]
    pub step: String,
    /// 이송할 처리기관: province:경기, ministry:고용노동부, complex-agency, program-office
    #[serde(default)]
    pub to: Option<String>,
    /// 이송·연장 사유
    #[serde(default)]
    pub reason: Option<String>,
    /// 연장할 영업일 수 (1 ~ 분류의 처리기한)
    #[serde(default)]
    pub days: Option<u32>,
    /// 답변
    #[serde(default)]
    pub text: Option<String>,
    /// 만족도 1–5
    #[serde(default)]
    #[schema(minimum = 1, maximum = 5)]
    pub score: Option<u8>,
    /// 읽은 판 번호: 그 사이 다른 사람이 처리했으면 409
    #[serde(default)]
    pub version: Option<i64>,
}

impl StepBody {
    fn of(fields: &Fields) -> StepBody {
        let text = |name: &str| Some(fields.get(name).to_string());
        StepBody {
            step: fields.get("step").to_string(),
            to: text("to"),
            reason: text("reason"),
            days: fields.get("days").trim().parse().ok(),
            text: text("text"),
            score: fields.get("score").parse().ok(),
            version: fields.get("version").parse().ok(),
        }
    }

    fn step(&self) -> Result<Step, Failure> {
        let reason = || self.reason.clone().unwrap_or_default();
        Ok(match self.step.as_str() {
            "take" => Step::Take,
            "start" => Step::Start,
            "transfer" => Step::Transfer {
                to: self
                    .to
                    .as_deref()
                    .unwrap_or_default()
                    .parse()
                    .map_err(|e: sandan_domain::grievance::StepError| Failure::Refused(e.to_string()))?,
                reason: reason(),
            },
            "extend" => Step::Extend {
                days: self
                    .days
                    .ok_or_else(|| Failure::Refused("연장할 영업일 수를 적어 주십시오.".into()))?,
                reason: reason(),
            },
            "answer" => Step::Answer {
                text: self.text.clone().unwrap_or_default(),
            },
            "close" => Step::Close,
            "rate" => Step::Rate {
                score: self.score.unwrap_or(0),
            },
            other => {
                return Err(Failure::BadInput(format!(
                    "처리 단계 '{other}'을(를) 알 수 없습니다. take, start, transfer, extend, answer, close, rate 가운데 하나를 쓰십시오."
                )));
            }
        })
    }
}

/// Takes a step on report `id` for `viewer`: the rating is the filer's, every other step the
/// handling body's or the office's.
async fn take(state: &AppState, viewer: &Viewer, id: &str, body: &StepBody) -> Result<(), Failure> {
    signed_in(viewer)?;
    let missing = || Failure::NotFound("애로사항을 찾을 수 없습니다.".into());
    let id: i64 = id.parse().map_err(|_| missing())?;
    let g = state.store.grievance_unaudited(id).await?.ok_or_else(missing)?;
    let step = body.step()?;
    let subject = if step.by_filer() {
        Subject::GrievanceRating { filer: g.filer_user }
    } else {
        Subject::Grievance {
            handler: g.progress.handler.clone(),
            filer: g.filer_user,
        }
    };
    viewer.may(Action::Change, &subject)?;
    let at = timestamp();
    state
        .store
        .take_grievance_step(id, &step, body.version, &today(), &change(viewer, &at))
        .await?;
    Ok(())
}

/// POST /grievances/{id}/steps
pub async fn step(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    viewer
        .check_csrf(fields.get("csrf"))
        .map_err(|e| PageFailure(e, lang))?;
    let result = take(&state, &viewer, &id, &StepBody::of(&fields)).await;
    back_to_report(&state, &viewer, lang, &id, &fields, result).await
}

/// The report's page after a form on it: the page again on success, or with the refusal and
/// what was typed.
async fn back_to_report(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    id: &str,
    fields: &Fields,
    result: Result<(), Failure>,
) -> Result<Response, PageFailure> {
    settle(lang, result, &format!("/grievances/{id}"), |errors| {
        detail(state, viewer, lang, id, Fields(fields.0.clone()), errors)
    })
    .await
}

/// POST /grievances/{id}/publish — the handler approves the public text.
pub async fn publish(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    viewer
        .check_csrf(fields.get("csrf"))
        .map_err(|e| PageFailure(e, lang))?;
    let run = async {
        let (g, reader) = readable(&state, &viewer, &id).await?;
        if reader != Reader::Handler {
            return Err(Failure::Forbidden("이 작업을 할 권한이 없습니다.".into()));
        }
        let at = timestamp();
        state
            .store
            .publish_grievance(
                g.id,
                fields.get("public_title"),
                fields.get("public_body"),
                fields.get("public_answer"),
                &change(&viewer, &at),
            )
            .await?;
        Ok(())
    };
    let result = run.await;
    back_to_report(&state, &viewer, lang, &id, &fields, result).await
}

/// 처리할 애로사항과 내가 접수한 애로사항 (API)
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GrievanceLists {
    /// 처리기관으로서 맡은 것 (공동 주관부처는 전부)
    pub handled: Vec<GrievanceLineView>,
    /// 로그인하고 접수한 것
    pub filed: Vec<GrievanceLineView>,
}

#[utoipa::path(get, path = "/api/v1/grievances", tag = "grievances",
    security(("bearer" = [])),
    params(ListQuery, PageQuery),
    responses(
        (status = 200, description = "처리기관(시·도, 부처, 한국산업단지공단)이 맡은 애로사항과 로그인해 접수한 애로사항; 공동 주관부처는 전부. 목록에는 개인정보가 없음. limit·after(앞 쪽 마지막 접수번호)는 handled를 나눠 주고, 다음 쪽은 Link 머리글(rel=\"next\")이 알려 줌", body = GrievanceLists),
        (status = 400, description = "모르는 처리 상태·시·도, 또는 limit·after가 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api_list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
    Query(paging): Query<PageQuery>,
) -> Result<(HeaderMap, Json<GrievanceLists>), ApiFailure> {
    let actor = signed_in(&viewer)?;
    let lists = lists(&state, actor, &Filter::of(&q)?).await?;
    let (handled, next) = paging::page(&lists.handled, |l| l.receipt.as_str(), &paging)?;
    let headers = match next {
        Some(next) => next_link(
            "/api/v1/grievances",
            &[
                ("status", q.status.as_deref().unwrap_or_default()),
                ("region", q.region.as_deref().unwrap_or_default()),
            ],
            paging.limit.as_deref(),
            &next,
        ),
        None => HeaderMap::new(),
    };
    Ok((
        headers,
        Json(GrievanceLists {
            handled: handled.to_vec(),
            filed: lists.filed,
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/grievances/{id}", tag = "grievances",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "애로사항 번호")),
    responses(
        (status = 200, description = "애로사항 전체: 처리기관과 공동 주관부처는 신청인 연락처와 처리자를 봄 (열람은 감사 기록에 남음); 로그인해 접수한 신청인은 자신의 것", body = GrievanceView),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "다른 처리기관의 애로사항", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 애로사항", body = crate::ui::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Json<GrievanceView>, ApiFailure> {
    let (g, reader) = readable(&state, &viewer, &id).await?;
    Ok(Json(GrievanceView::of(&g, reader)))
}

#[utoipa::path(post, path = "/api/v1/grievances/{id}/steps", tag = "grievances",
    security(("bearer" = [])),
    request_body = StepBody,
    params(("id" = String, Path, description = "애로사항 번호")),
    responses(
        (status = 200, description = "처리한 뒤의 애로사항", body = GrievanceView),
        (status = 400, description = "모르는 단계, 본문이 JSON이 아님, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "처리기관이 아님 (만족도는 신청인만)", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 애로사항", body = crate::ui::error::ErrorBody),
        (status = 409, description = "다른 사람이 먼저 처리함: 최신 version으로 다시 보내야 함", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = "지금 상태에서 할 수 없는 단계, 빠진 사유·답변, 연장 한도 초과 등: message가 이유를 말함", body = crate::ui::error::ErrorBody)))]
pub async fn api_step(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<StepBody>, ApiFailure>,
) -> Result<Json<GrievanceView>, ApiFailure> {
    signed_in(&viewer)?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(body) = body?;
    take(&state, &viewer, &id, &body).await?;
    let (g, reader) = readable(&state, &viewer, &id).await?;
    Ok(Json(GrievanceView::of(&g, reader)))
}

#[cfg(test)]
mod tests {
    use utoipa::OpenApi;

    use super::*;

    /// Every step the document names is one `step` knows (refused, if at all, by the step's own
    /// rules, never as an unknown step), and a name outside it is unknown.
    #[test]
    fn the_documented_steps_are_the_steps_taken() {
        let doc = serde_json::to_value(crate::openapi::ApiDoc::openapi()).unwrap();
        let pattern = doc["components"]["schemas"]["StepBody"]["properties"]["step"]["pattern"]
            .as_str()
            .unwrap()
            .to_string();
        let names: Vec<&str> = pattern
            .trim_start_matches("^(")
            .trim_end_matches(")$")
            .split('|')
            .collect();
        assert_eq!(names.len(), 7, "{pattern}");
        let step = |name: &str| {
            StepBody {
                step: name.to_string(),
                days: Some(1),
                ..StepBody::default()
            }
            .step()
        };
        for name in names {
            assert!(!matches!(step(name), Err(Failure::BadInput(_))), "{name}");
        }
        assert!(matches!(step("reopen"), Err(Failure::BadInput(_))));
    }
}
