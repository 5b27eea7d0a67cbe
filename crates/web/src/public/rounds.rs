//! 공모 회차: one year's call — its schedule, panel, indicators and the regions it selected.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Html;
use sandan_domain::{ComplexId, Day, Designation, DesignationKind, Plan, Region, Round};
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::layout::Layout;
use crate::ui::links::designation_subject;
use crate::ui::paging::{self, PageQuery, next_link};
use crate::ui::params;
use crate::{AppState, Lang};
use sandan_domain::{Action, Subject};

/// A complex as a plan names it.
#[derive(Clone, Serialize, utoipa::ToSchema)]
pub struct SiteRef {
    pub id: ComplexId,
    pub written_as: String,
}

/// A selected region's plan in one line.
#[derive(Clone, Serialize, utoipa::ToSchema)]
pub struct PlanSummary {
    pub region: Region,
    pub hub: SiteRef,
    pub linked: Vec<SiteRef>,
}

impl PlanSummary {
    fn of(plan: &Plan) -> PlanSummary {
        PlanSummary {
            region: plan.region,
            hub: SiteRef {
                id: plan.hub.complex.clone(),
                written_as: plan.hub.written_as.clone(),
            },
            linked: plan
                .linked
                .iter()
                .map(|l| SiteRef {
                    id: l.complex.clone(),
                    written_as: l.written_as.clone(),
                })
                .collect(),
        }
    }
}

/// A round and the regions it selected, in 가나다 order.
#[derive(Clone, Serialize, utoipa::ToSchema)]
pub struct RoundSummary {
    pub round: Round,
    pub plans: Vec<PlanSummary>,
    /// 예비선정일, from the committee's decisions.
    pub selected_on: Option<Day>,
}

/// Summaries of `rounds`, reading every plan in one query.
pub(crate) async fn round_summaries(
    state: &AppState,
    rounds: &[Round],
    designations: &[Designation],
) -> Result<Vec<RoundSummary>, Failure> {
    let plans = state.store.plans().await?;
    Ok(rounds
        .iter()
        .map(|round| RoundSummary {
            round: round.clone(),
            plans: plans
                .iter()
                .filter(|p| p.round == round.year)
                .map(PlanSummary::of)
                .collect(),
            selected_on: selected_on(designations, round.year),
        })
        .collect())
}

fn selected_on(designations: &[Designation], year: i32) -> Option<Day> {
    designations
        .iter()
        .filter(|d| d.kind == DesignationKind::PreliminarySelection && d.round == Some(year))
        .map(|d| d.date)
        .min()
}

/// A round with everything decided in it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RoundDetail {
    #[serde(flatten)]
    pub summary: RoundSummary,
    /// Decisions on this round's regions and on its hubs, oldest first.
    pub designations: Vec<Designation>,
}

async fn detail(state: &AppState, year_text: &str) -> Result<RoundDetail, Failure> {
    let year = params::year(year_text)?;
    let round = state.store.round(year).await?.ok_or_else(|| {
        Failure::NotFound(format!(
            "{year}년 공모 회차는 기록에 없습니다. 기록된 회차는 2020, 2021, 2022년입니다."
        ))
    })?;
    let all = state.store.designations().await?;
    let summary = round_summaries(state, std::slice::from_ref(&round), &all)
        .await?
        .remove(0);
    let hubs: Vec<&ComplexId> = summary.plans.iter().map(|p| &p.hub.id).collect();
    let designations = all
        .iter()
        .filter(|d| {
            d.round == Some(year) || (d.date.year == year && d.complex.as_ref().is_some_and(|c| hubs.contains(&c)))
        })
        .cloned()
        .collect();
    Ok(RoundDetail { summary, designations })
}

/// Which rounds the list shows.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoundFilter {
    /// 그 시·도의 계획이 선정된 회차만: 경기, 경기도, gyeonggi 또는 행정코드 41
    #[serde(default)]
    region: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/rounds", tag = "rounds",
    params(RoundFilter, PageQuery),
    responses(
        (status = 200, description = "공모 회차(연도순)와 선정 지역(가나다순). limit·after(앞 쪽 마지막 연도)로 나눠 받으면 다음 쪽은 Link 머리글(rel=\"next\")이 알려 줌", body = Vec<RoundSummary>),
        (status = 400, description = "모르는 시·도, 또는 limit·after가 잘못됨", body = crate::ui::error::ErrorBody)))]
pub async fn api_list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(filter): Query<RoundFilter>,
    Query(paging): Query<PageQuery>,
) -> Result<(HeaderMap, Json<Vec<RoundSummary>>), ApiFailure> {
    viewer.may(Action::View, &Subject::Published)?;
    let region = filter
        .region
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(|r| params::region(r).map_err(|e| Failure::BadInput(e.public_message())))
        .transpose()?;
    let rounds = state.store.rounds().await?;
    let designations = state.store.designations().await?;
    let chosen: Vec<(String, RoundSummary)> = round_summaries(&state, &rounds, &designations)
        .await?
        .into_iter()
        .filter(|r| region.is_none_or(|region| r.plans.iter().any(|p| p.region == region)))
        .map(|r| (r.round.year.to_string(), r))
        .collect();
    let (items, next) = paging::page(&chosen, |(key, _)| key.as_str(), &paging)?;
    let headers = match next {
        Some(next) => next_link(
            "/api/v1/rounds",
            &[("region", filter.region.as_deref().unwrap_or_default())],
            paging.limit.as_deref(),
            &next,
        ),
        None => HeaderMap::new(),
    };
    Ok((headers, Json(items.iter().map(|(_, r)| r.clone()).collect())))
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}", tag = "rounds",
    params(("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021")),
    responses(
        (status = 200, description = "공모 회차, 선정 지역과 관련 결정", body = RoundDetail),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 404, description = "기록에 없는 회차", body = crate::ui::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
) -> Result<Json<RoundDetail>, ApiFailure> {
    viewer.may(Action::View, &Subject::Published)?;
    Ok(Json(detail(&state, &year).await?))
}

struct PlanRow {
    region: &'static str,
    href: String,
    hub: (String, String),
    linked: Vec<(String, String)>,
}

struct MilestoneRow {
    step: &'static str,
    date: String,
    note: String,
}

struct DecisionRow {
    date: String,
    kind: &'static str,
    subject: (String, String),
    body: String,
}

#[derive(Template)]
#[template(path = "public/round.html")]
struct RoundPage {
    layout: Layout,
    round: Round,
    points_published: bool,
    plans: Vec<PlanRow>,
    milestones: Vec<MilestoneRow>,
    decisions: Vec<DecisionRow>,
    downloads: crate::reports::downloads::Downloads,
    /// Submitted documents the office made public after selection.
    published: Vec<sandan_store::documents::reading::PublishedDocument>,
    /// The office records the committee's decisions on any round, run in Sandan or not.
    office: bool,
}

pub async fn page(
    State(state): State<AppState>,
    Path(year): Path<String>,
    viewer: Viewer,
    lang: Lang,
) -> Result<Html<String>, PageFailure> {
    viewer
        .may(Action::View, &Subject::Published)
        .map_err(|e| PageFailure(e, lang))?;
    let detail = detail(&state, &year).await.map_err(|e| PageFailure(e, lang))?;
    let selected = detail.summary.selected_on.is_some();
    let downloads = crate::reports::downloads::round_downloads(&state, detail.summary.round.year, selected, lang)
        .await
        .map_err(|e| PageFailure(e, lang))?;
    let names = crate::public::complexes::complex_names(&state)
        .await
        .map_err(|e| PageFailure(e, lang))?;
    let RoundDetail { summary, designations } = detail;
    let round = summary.round;
    let l = lang.labels();
    let site = |id: &ComplexId, written: &str| (written.to_string(), lang.href(&format!("/complexes/{}", id.0)));
    let plans = summary
        .plans
        .iter()
        .map(|p| PlanRow {
            region: p.region.short_name(),
            href: lang.href(&format!("/rounds/{}/plans/{}", round.year, p.region.short_name())),
            hub: site(&p.hub.id, &p.hub.written_as),
            linked: p.linked.iter().map(|s| site(&s.id, &s.written_as)).collect(),
        })
        .collect();
    let milestones = round
        .milestones
        .iter()
        .map(|m| MilestoneRow {
            step: lang.pick(m.step.korean(), m.step.english()),
            date: m.date.map(|d| d.korean()).unwrap_or_else(|| l.no_data.to_string()),
            note: [m.planned.then(|| l.planned.to_string()), m.note.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();
    let decisions = designations
        .iter()
        .map(|d| DecisionRow {
            date: d.date.korean(),
            kind: lang.pick(d.kind.korean(), d.kind.english()),
            subject: designation_subject(d, &names, lang),
            body: d.body.clone(),
        })
        .collect();
    let title = format!("{}{}", round.year, l.round_of);
    let layout = Layout::new(
        lang,
        title.clone(),
        &format!("/rounds/{}", round.year),
        vec![(title, format!("/rounds/{}", round.year))],
    )
    .for_viewer(&viewer);
    let points_published = round.indicators.iter().any(|i| i.max_points.is_some());
    let published = state
        .store
        .published_documents(Some(round.year))
        .await
        .map_err(|e| PageFailure(e.into(), lang))?;
    render(
        &RoundPage {
            layout,
            round,
            points_published,
            plans,
            milestones,
            decisions,
            downloads,
            published,
            office: crate::decisions::actions::office(&viewer).is_ok(),
        },
        lang,
    )
}
