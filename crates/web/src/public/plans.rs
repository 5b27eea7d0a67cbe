//! 혁신계획: a region's plan, laid out as the press release's reference sheet lays it out
//! (개요 · 지역여건 · 혁신계획 구성), followed by what the body text says and where the two
//! disagree.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use sandan_domain::plan::{Correction, LinkRole, Paragraph, StrategyGroup};
use sandan_domain::{Place, Plan, Source};
use serde::Serialize;

use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::layout::Layout;
use crate::ui::links::moved_permanently;
use crate::ui::params;
use crate::{AppState, Lang};
use sandan_domain::{Action, Subject};

/// A plan with the sources it cites.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PlanDetail {
    pub plan: Plan,
    pub sources: Vec<Source>,
}

async fn detail(state: &AppState, year_text: &str, region_text: &str) -> Result<PlanDetail, Failure> {
    let year = params::year(year_text)?;
    let region = params::region(region_text)?;
    let plan = state.store.plan(year, region).await?.ok_or_else(|| {
        Failure::NotFound(format!(
            "{year}년 공모에 {}의 혁신계획은 기록에 없습니다. /rounds/{year}에서 선정 지역을 확인해 주십시오.",
            region.official_name()
        ))
    })?;
    let sources = state
        .store
        .sources()
        .await?
        .iter()
        .filter(|s| plan.sources.contains(&s.id))
        .cloned()
        .collect();
    Ok(PlanDetail { plan, sources })
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/plans/{region}", tag = "plans",
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도: 경기, 경기도, gyeonggi 또는 행정코드 41")),
    responses(
        (status = 200, description = "혁신계획 전체와 출처", body = PlanDetail),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 시·도 또는 기록에 없는 계획", body = crate::ui::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
) -> Result<Json<PlanDetail>, ApiFailure> {
    viewer.may(Action::View, &Subject::Published)?;
    Ok(Json(detail(&state, &year, &region).await?))
}

/// One row of the 대상지역 table; `group` is set on the first row of each group with its span.
struct SiteRow {
    group: Option<(&'static str, usize)>,
    name: String,
    href: String,
    rest: String,
}

/// One goal with its statement at each of the table's places (empty where it has none).
struct GoalRow {
    metric: String,
    texts: Vec<String>,
    target: String,
    disagrees: bool,
}

#[derive(Template)]
#[template(path = "public/plan.html")]
struct PlanPage {
    layout: Layout,
    heading: String,
    plan: Plan,
    industries: String,
    /// The goals as the plan's own summary states them: the reference sheet's, or the
    /// submitted plan's.
    goals_summary: String,
    sites: Vec<SiteRow>,
    tasks: Vec<(String, String)>,
    /// The places the goals are stated at, as the goal table's columns.
    goal_places: Vec<&'static str>,
    goals: Vec<GoalRow>,
    discrepancies: Vec<String>,
    conditions: Vec<Paragraph>,
    structure: Vec<StrategyGroup>,
    corrections: Vec<Correction>,
    sources: Vec<Source>,
    downloads: crate::reports::downloads::Downloads,
    /// 애로사항 of the region's complexes, counted for the whole 시·도.
    grievances: crate::grievances::statistics::GrievanceStats,
}

fn site_rows(plan: &Plan, lang: Lang) -> Vec<SiteRow> {
    let href = |id: &str| lang.href(&format!("/complexes/{id}"));
    let mut rows = vec![SiteRow {
        group: Some(("거점단지", 1)),
        name: plan.hub.written_as.clone(),
        href: href(&plan.hub.complex.0),
        rest: plan.hub.weight_written().unwrap_or_default(),
    }];
    for role in [LinkRole::LinkedComplex, LinkRole::LinkedArea] {
        let sites: Vec<_> = plan.linked.iter().filter(|l| l.role == role).collect();
        for (i, site) in sites.iter().enumerate() {
            rows.push(SiteRow {
                group: (i == 0).then(|| (role.korean(), sites.len())),
                name: site.written_as.clone(),
                href: href(&site.complex.0),
                rest: site
                    .function
                    .as_ref()
                    .map(|f| format!("(연계기능) {f}"))
                    .unwrap_or_default(),
            });
        }
    }
    rows
}

/// The places the plan's goals are stated at, in the order the table shows them: the press
/// release's sheet and body for a plan of the record, the submitted plan for one decided in Sandan.
fn goal_places(plan: &Plan) -> Vec<Place> {
    [Place::Sheet, Place::Body, Place::Submitted]
        .into_iter()
        .filter(|place| plan.goals.iter().any(|g| g.statement_at(*place).is_some()))
        .collect()
}

fn place_label(place: Place, lang: Lang) -> &'static str {
    let l = lang.labels();
    match place {
        Place::Sheet => l.in_sheet,
        Place::Body => l.in_body,
        Place::Submitted => l.in_submitted,
    }
}

fn goal_rows(plan: &Plan, places: &[Place], lang: Lang) -> (Vec<GoalRow>, Vec<String>) {
    let mut discrepancies = Vec::new();
    let rows = plan
        .goals
        .iter()
        .map(|g| {
            let text = |place: &Place| g.statement_at(*place).map(|s| s.text.clone()).unwrap_or_default();
            let (target, disagrees) = match g.target() {
                Ok(Some(t)) => (t.to_string(), false),
                Ok(None) => (lang.pick(g.kind.korean(), "qualitative").to_string(), false),
                Err(d) => {
                    discrepancies.push(format!(
                        "{} 목표가 {}에는 '{}', {}에는 '{}'로 서로 다르게 게재되었습니다. 두 문구를 모두 기록하고 목표치는 확정하지 않았습니다.",
                        d.metric,
                        d.first.place.korean(),
                        d.first.text,
                        d.second.place.korean(),
                        d.second.text
                    ));
                    (lang.labels().discrepancy.to_string(), true)
                }
            };
            GoalRow { metric: g.metric.clone(), texts: places.iter().map(text).collect(), target, disagrees }
        })
        .collect();
    (rows, discrepancies)
}

/// The plan page. Other ways of writing the region (gyeonggi, 경기도, 41) redirect to the one
/// address the page is known by, /rounds/2021/plans/경기.
pub async fn page(
    State(state): State<AppState>,
    Path((year, region)): Path<(String, String)>,
    viewer: Viewer,
    lang: Lang,
) -> Result<Response, PageFailure> {
    viewer
        .may(Action::View, &Subject::Published)
        .map_err(|e| PageFailure(e, lang))?;
    let canonical = params::region(&region).map_err(|e| PageFailure(e, lang))?;
    if region != canonical.short_name() {
        // The year goes into a header: only a year that parses as one gets there.
        let year = params::year(&year).map_err(|e| PageFailure(e, lang))?;
        let path = lang.href(&format!("/rounds/{year}/plans/{}", canonical.short_name()));
        return Ok(moved_permanently(&path).into_response());
    }
    let PlanDetail { plan, sources } = detail(&state, &year, &region).await.map_err(|e| PageFailure(e, lang))?;
    let downloads = crate::reports::downloads::region_downloads(&state, &plan, lang)
        .await
        .map_err(|e| PageFailure(e, lang))?;
    let l = lang.labels();
    let goals_summary = plan
        .goals
        .iter()
        .filter_map(|g| g.statement_at(Place::Sheet).or(g.statement_at(Place::Submitted)))
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let places = goal_places(&plan);
    let (goals, discrepancies) = goal_rows(&plan, &places, lang);
    let round_title = format!("{}{}", plan.round, l.round_of);
    let heading = format!("{} {}", plan.region.official_name(), l.plan_of);
    let path = format!("/rounds/{}/plans/{}", plan.round, plan.region.short_name());
    let layout = Layout::new(
        lang,
        format!("{} {}", plan.round, heading),
        &path,
        vec![
            (round_title, format!("/rounds/{}", plan.round)),
            (heading.clone(), path.clone()),
        ],
    )
    .for_viewer(&viewer);
    let grievances = crate::grievances::statistics::GrievanceStats::of(
        &state,
        sandan_store::grievances::Scope::Region(plan.region),
        plan.region.slug(),
        lang.pick("분류별 애로사항", "Reports by category"),
    )
    .await
    .map_err(|e| PageFailure(e, lang))?;
    let page = PlanPage {
        grievances,
        layout,
        heading,
        industries: plan.main_industries.join(", "),
        goals_summary,
        sites: site_rows(&plan, lang),
        tasks: plan
            .projects
            .key_tasks
            .iter()
            .map(|t| (t.name.clone(), t.projects_written()))
            .collect(),
        goal_places: places.into_iter().map(|p| place_label(p, lang)).collect(),
        goals,
        discrepancies,
        conditions: plan.conditions.clone(),
        structure: plan.structure.clone(),
        corrections: plan.corrections.clone(),
        sources,
        downloads,
        plan,
    };
    Ok(render(&page, lang)?.into_response())
}
