//! 처리 상황 조회: a filer without an account opens her report with its receipt number and
//! password, follows it for an hour in this browser, and rates the answer.

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::grievance::Step;
use serde::Deserialize;

use crate::auth::{Viewer, change, cookie};
use crate::clock::{now_seconds, timestamp, today};
use crate::failure::Failure;
use crate::grievances::view::{GrievanceView, Reader};
use crate::ui::body::StrictJson;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::forms::{form_token, settle, with_form_token};
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "grievances/follow.html")]
struct FollowPage {
    layout: Layout,
    csrf: String,
    report: Option<GrievanceView>,
    just_filed: bool,
    receipt: String,
    errors: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct FollowQuery {
    #[serde(default)]
    filed: Option<String>,
}

/// The report this browser follows, if its token is alive.
pub(super) async fn followed(state: &AppState, headers: &HeaderMap) -> Result<Option<i64>, Failure> {
    let Some(token) = cookie(headers, state.deployment.cookies().follow_name()) else {
        return Ok(None);
    };
    Ok(state.store.followed_grievance(&token, now_seconds()).await?)
}

async fn follow_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    headers: &HeaderMap,
    just_filed: bool,
    receipt: &str,
    errors: Vec<String>,
) -> Result<(String, Html<String>), Failure> {
    let report = match followed(state, headers).await? {
        Some(id) => state
            .store
            .grievance_unaudited(id)
            .await?
            .map(|g| GrievanceView::of(&g, Reader::Filer)),
        None => None,
    };
    let csrf = form_token(viewer);
    let title = lang.pick("애로사항 처리 상황 조회", "Follow a report");
    let page = FollowPage {
        layout: Layout::new(
            lang,
            title,
            "/grievances/follow",
            vec![(title.to_string(), "/grievances/follow".into())],
        )
        .for_viewer(viewer),
        csrf: csrf.clone(),
        report,
        just_filed,
        receipt: receipt.to_string(),
        errors,
    };
    Ok((csrf, render(&page, lang).map_err(|e| e.0)?))
}

/// GET /grievances/follow
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    headers: HeaderMap,
    Query(q): Query<FollowQuery>,
) -> Result<Response, PageFailure> {
    let (csrf, html) = follow_page(&state, &viewer, lang, &headers, q.filed.is_some(), "", Vec::new())
        .await
        .map_err(|e| PageFailure(e, lang))?;
    Ok(with_form_token(&state, &viewer, &csrf, html))
}

/// POST /grievances/follow — the receipt number and password.
pub async fn open(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    headers: HeaderMap,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let at = timestamp();
    let opened = state
        .store
        .follow_grievance(
            fields.get("receipt"),
            fields.get("password"),
            now_seconds(),
            &change(&viewer, &at),
        )
        .await;
    match opened {
        Ok((_, token)) => Ok((
            [(header::SET_COOKIE, state.deployment.cookies().follow(&token))],
            see_other("/grievances/follow"),
        )
            .into_response()),
        Err(e) => match Failure::from(e) {
            // Wrong numbers (404) and too many tries (429) come back on the form, as typed.
            failure @ (Failure::NotFound(_) | Failure::TooMany(_) | Failure::Refused(_)) => {
                let (_, html) = follow_page(
                    &state,
                    &viewer,
                    lang,
                    &headers,
                    false,
                    fields.get("receipt"),
                    vec![failure.public_message()],
                )
                .await
                .map_err(fail)?;
                Ok((failure.status(), html).into_response())
            }
            other => Err(fail(other)),
        },
    }
}

/// POST /grievances/follow/rating — the filer rates the answer (1–5).
pub async fn rate(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    headers: HeaderMap,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let id = followed(&state, &headers).await.map_err(fail)?.ok_or_else(|| {
        fail(Failure::SignInRequired(
            "조회 시간이 지났습니다. 접수번호와 비밀번호를 다시 입력해 주십시오.".into(),
        ))
    })?;
    let run = async {
        let score = fields
            .get("score")
            .parse()
            .map_err(|_| Failure::Refused("만족도는 1점부터 5점까지로 평가해 주십시오.".into()))?;
        let at = timestamp();
        state
            .store
            .take_grievance_step(id, &Step::Rate { score }, None, &today(), &change(&viewer, &at))
            .await?;
        Ok(())
    };
    settle(lang, run.await, "/grievances/follow", |errors| async {
        follow_page(&state, &viewer, lang, &headers, false, "", errors)
            .await
            .map(|(_, html)| html)
    })
    .await
}

/// 처리 상황 조회 (API)
#[derive(Deserialize, utoipa::ToSchema)]
pub struct FollowBody {
    /// 접수번호, 예: 2612-000042
    pub receipt: String,
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/grievances/follow", tag = "grievances",
    request_body = FollowBody,
    responses(
        (status = 200, description = "신청인이 보는 자신의 애로사항 (처리 공무원의 아이디는 빠짐)", body = GrievanceView),
        (status = 400, description = "본문이 JSON이 아님", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 404, description = "접수번호나 비밀번호가 맞지 않음 (어느 쪽인지는 알려 주지 않음)", body = crate::ui::error::ErrorBody),
        (status = 422, description = "모르는 항목이 있음", body = crate::ui::error::ErrorBody),
        (status = 429, description = "이 주소에서 틀린 시도가 너무 많음: 잠시 뒤에 다시", body = crate::ui::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Result<StrictJson<FollowBody>, ApiFailure>,
) -> Result<Json<GrievanceView>, ApiFailure> {
    let StrictJson(body) = body?;
    let at = timestamp();
    let (id, _) = state
        .store
        .follow_grievance(&body.receipt, &body.password, now_seconds(), &change(&viewer, &at))
        .await?;
    let g = state
        .store
        .grievance_unaudited(id)
        .await?
        .ok_or_else(|| Failure::NotFound("애로사항이 없습니다.".into()))?;
    Ok(Json(GrievanceView::of(&g, Reader::Filer)))
}
