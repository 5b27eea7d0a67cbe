//! 전국 성과 현황: the national overview across cohorts — a map of the selected regions and their
//! hub complexes, the roll-up of jobs, production, firms and budget executed, and every plan's
//! standing. Every figure links to the records it sums.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use sandan_domain::Region;
use sandan_domain::package::Quarter;
use sandan_domain::quantity::eok;
use sandan_domain::results::{RollupMetric, Status};
use sandan_store::package::CellFilter;
use sandan_store::results::PlanRollup;

use crate::auth::Viewer;
use crate::clock::today;
use crate::failure::Failure;
use crate::package::portfolio::{package_href, runner_label};
use crate::results::tracking::results_href;
use crate::ui::chart::{Category, Chart, Series};
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::layout::Layout;
use crate::ui::map::{MapRegion, korea_map};
use crate::{AppState, Lang};
use sandan_domain::package::Money;

/// The path segment of a roll-up figure's page.
pub fn metric_slug(metric: RollupMetric) -> &'static str {
    match metric {
        RollupMetric::Jobs => "jobs",
        RollupMetric::Production => "production",
        RollupMetric::Firms => "firms",
        RollupMetric::BudgetExecuted => "budget",
    }
}

fn metric_of(slug: &str) -> Option<RollupMetric> {
    RollupMetric::ALL.into_iter().find(|m| metric_slug(*m) == slug)
}

/// One national figure with how many plans report it.
pub struct Figure {
    pub metric: RollupMetric,
    pub value: String,
    pub reporting: usize,
    pub href: String,
}

impl Figure {
    pub fn slug(&self) -> &'static str {
        metric_slug(self.metric)
    }
}

/// A funded plan's money and how many of its goals stand at each status.
pub struct Standing {
    pub money: Money,
    counts: Vec<(Status, usize)>,
}

impl Standing {
    fn of(r: &PlanRollup) -> Standing {
        Standing {
            money: Money {
                planned: r.planned,
                executed: r.executed,
            },
            counts: r.status_counts(),
        }
    }

    pub fn count(&self, status: &Status) -> usize {
        self.counts.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n)
    }
}

/// A selected plan's row: its standing if it is funded.
pub struct PlanRow {
    pub round: i32,
    pub region: Region,
    pub hub: String,
    pub standing: Option<Standing>,
}

impl PlanRow {
    pub fn results_href(&self) -> String {
        results_href(self.round, self.region)
    }

    pub fn package_href(&self) -> String {
        package_href(self.round, self.region)
    }
}

#[derive(Template)]
#[template(path = "public/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    as_of: Quarter,
    figures: Vec<Figure>,
    budget: Money,
    map: String,
    plans: Vec<PlanRow>,
    statuses: Vec<Status>,
    ministries: Vec<(String, Money)>,
    chart: String,
    chart_table: String,
    downloads: crate::reports::downloads::Downloads,
    /// 애로사항 of the whole program.
    grievances: crate::grievances::statistics::GrievanceStats,
}

impl DashboardPage {
    /// Where a ministry's figures come from: its portfolio; the provinces' own projects are in
    /// the matrix.
    fn ministry_href(&self, label: &str) -> String {
        if label == runner_label(&None) {
            "/package".into()
        } else {
            format!("/package/ministries/{label}")
        }
    }
}

/// Every plan in the record, oldest round first and 가나다 within a round, with its standing if
/// funded.
fn plan_rows(hubs: &[(i32, Region, String)], rollups: &[PlanRollup]) -> Vec<PlanRow> {
    let mut standing: HashMap<(i32, Region), Standing> =
        rollups.iter().map(|r| ((r.round, r.region), Standing::of(r))).collect();
    let mut rows: Vec<PlanRow> = hubs
        .iter()
        .map(|(round, region, hub)| PlanRow {
            round: *round,
            region: *region,
            hub: hub.clone(),
            standing: standing.remove(&(*round, *region)),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.round
            .cmp(&b.round)
            .then(a.region.short_name().cmp(b.region.short_name()))
    });
    rows
}

pub async fn page(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let as_of = Quarter::of(&today());
    let store = &state.store;
    let rollups = store.rollups(as_of).await.map_err(|e| fail(e.into()))?;
    let plans = plan_rows(&store.plan_hubs().await.map_err(|e| fail(e.into()))?, &rollups);
    let funded: Vec<&PlanRollup> = rollups.iter().collect();
    let figures = RollupMetric::ALL
        .into_iter()
        .map(|metric| {
            let values: Vec<i64> = funded.iter().filter_map(|r| r.achieved(metric)).collect();
            Figure {
                metric,
                value: metric.written(values.iter().sum()),
                reporting: values.len(),
                href: format!("/dashboard/{}", metric_slug(metric)),
            }
        })
        .collect();
    let budget = Money {
        planned: funded.iter().map(|r| r.planned).sum(),
        executed: funded.iter().map(|r| r.executed).sum(),
    };
    // The map: each selected region with its cohorts and hubs, linked to its latest plan.
    let mut by_region: BTreeMap<Region, Vec<&PlanRow>> = BTreeMap::new();
    for p in &plans {
        by_region.entry(p.region).or_default().push(p);
    }
    let map_regions: Vec<MapRegion> = by_region
        .iter()
        .map(|(region, rows)| {
            let latest = rows.last().expect("a region in the map has a plan");
            MapRegion {
                region: *region,
                selected: true,
                href: Some(format!("/rounds/{}/plans/{}", latest.round, region.short_name())),
                note: Some(
                    rows.iter()
                        .map(|r| format!("{}년 선정 · 거점: {}", r.round, r.hub))
                        .collect::<Vec<_>>()
                        .join(" / "),
                ),
            }
        })
        .collect();
    let map = korea_map(
        "selected-map",
        "선정 지역과 거점산업단지",
        &format!(
            "산업단지 대개조에 선정된 {}개 시·도를 빗금과 이름으로 표시한 지도입니다. 지역을 누르면 최근 혁신계획으로 갑니다. 지역별 선정 연도와 거점산업단지는 아래 표에 있습니다.",
            by_region.len()
        ),
        &map_regions,
    );
    let mut cohorts: BTreeMap<i32, Money> = BTreeMap::new();
    for r in &funded {
        let m = cohorts.entry(r.round).or_default();
        m.planned += r.planned;
        m.executed += r.executed;
    }
    let chart = Chart {
        id: "cohort-budget",
        title: "선정 연도별 패키지 예산 계획과 집행",
        description: "선정 연도(코호트)마다 확정된 지역들의 패키지 예산 계획액과 집행액 합계입니다.",
        unit: "단위: 억 원",
        series: vec![Series { name: "계획".into() }, Series { name: "집행".into() }],
        categories: cohorts
            .iter()
            .map(|(round, m)| Category {
                label: format!("{round}년 선정"),
                href: Some("/dashboard/budget".into()),
                values: vec![m.planned, m.executed],
            })
            .collect(),
        format: eok,
    };
    let mut ministries: BTreeMap<String, Money> = BTreeMap::new();
    for cell in state
        .store
        .budget_cells(&CellFilter::default())
        .await
        .map_err(|e| fail(e.into()))?
        .iter()
    {
        let m = ministries.entry(runner_label(&cell.ministry)).or_default();
        m.planned += cell.planned;
        m.executed += cell.executed;
    }
    let title = "전국 성과 현황".to_string();
    let page = DashboardPage {
        layout: Layout::new(lang, title.clone(), "/dashboard", vec![(title, "/dashboard".into())]).for_viewer(&viewer),
        as_of,
        figures,
        budget,
        map,
        plans,
        statuses: Status::ALL.to_vec(),
        ministries: ministries.into_iter().collect(),
        chart: chart.columns(),
        chart_table: chart.table(),
        downloads: crate::reports::downloads::national_downloads(lang),
        grievances: crate::grievances::statistics::GrievanceStats::of(
            &state,
            sandan_store::grievances::Scope::Program,
            "program",
            lang.pick("분류별 애로사항", "Reports by category"),
        )
        .await
        .map_err(fail)?,
    };
    render(&page, lang)
}

/// One plan's part of a national figure.
pub struct Contribution {
    pub round: i32,
    pub region: Region,
    pub value: Option<String>,
    pub href: String,
}

#[derive(Template)]
#[template(path = "public/dashboard_metric.html")]
struct MetricPage {
    layout: Layout,
    as_of: Quarter,
    metric: RollupMetric,
    rows: Vec<Contribution>,
    total: String,
}

/// GET /dashboard/{metric} — the plans a national figure sums, each linked to its records.
pub async fn metric(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(slug): Path<String>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let metric = metric_of(&slug).ok_or_else(|| {
        fail(Failure::NotFound(
            "성과 지표는 jobs, production, firms, budget 중 하나입니다.".into(),
        ))
    })?;
    let as_of = Quarter::of(&today());
    let plans = state.store.rollups(as_of).await.map_err(|e| fail(e.into()))?;
    let rows: Vec<Contribution> = plans
        .iter()
        .map(|p| Contribution {
            round: p.round,
            region: p.region,
            value: p.achieved(metric).map(|v| metric.written(v)),
            href: match metric {
                RollupMetric::BudgetExecuted => package_href(p.round, p.region),
                _ => results_href(p.round, p.region),
            },
        })
        .collect();
    let total = metric.written(plans.iter().filter_map(|p| p.achieved(metric)).sum());
    let title = format!("전국 {}", metric.korean());
    let path = format!("/dashboard/{slug}");
    let page = MetricPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &path,
            vec![("전국 성과 현황".into(), "/dashboard".into()), (title, path.clone())],
        )
        .for_viewer(&viewer),
        as_of,
        metric,
        rows,
        total,
    };
    render(&page, lang)
}

/// One goal in the national API.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiGoal {
    pub metric: String,
    pub kind: sandan_domain::GoalKind,
    pub progress_permille: Option<i64>,
    pub expected_permille: Option<i64>,
    pub status: Status,
    /// Why progress cannot be computed, when it cannot.
    pub problem: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiPlan {
    pub round: i32,
    pub region: Region,
    /// 원
    pub planned: i64,
    pub executed: i64,
    pub firms: i64,
    pub jobs: Option<i64>,
    pub production: Option<i64>,
    pub goals: Vec<ApiGoal>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiDashboard {
    /// "2026-Q4"
    pub as_of: String,
    pub plans: Vec<ApiPlan>,
}

/// Which plans the national answer holds.
#[derive(serde::Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Cohort {
    /// 그 연도에 선정된 계획(코호트)만, 예: 2015. 없으면 전부
    #[serde(default)]
    #[param(value_type = Option<i32>, minimum = 1900, maximum = 2999)]
    round: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/dashboard", tag = "program",
    params(Cohort),
    responses(
        (status = 200, description = "예산이 편성된 계획마다 집행액(원), 지원 기업 수, 목표별 진척(천분율)과 상태 — 성과 현황 화면과 같은 합계. round를 주면 그 연도 선정 계획만", body = ApiDashboard),
        (status = 400, description = "round가 연도가 아님", body = crate::ui::error::ErrorBody)))]
/// GET /api/v1/dashboard — every funded plan's figures and goal statuses, as the dashboard sums
/// them; one cohort's with `round` (the whole nation is megabytes at national scale).
pub async fn api(
    State(state): State<AppState>,
    Query(cohort): Query<Cohort>,
) -> Result<Json<ApiDashboard>, ApiFailure> {
    let round = cohort.round.as_deref().map(crate::ui::params::year).transpose()?;
    let as_of = Quarter::of(&today());
    let plans = state.store.rollups(as_of).await.map_err(|e| ApiFailure(e.into()))?;
    Ok(Json(ApiDashboard {
        as_of: as_of.to_string(),
        plans: plans
            .iter()
            .filter(|p| round.is_none_or(|round| p.round == round))
            .map(|p| ApiPlan {
                round: p.round,
                region: p.region,
                planned: p.planned,
                executed: p.executed,
                firms: p.firms,
                jobs: p.achieved(RollupMetric::Jobs),
                production: p.achieved(RollupMetric::Production),
                goals: p
                    .goals
                    .iter()
                    .map(|g| ApiGoal {
                        metric: g.goal.metric.clone(),
                        kind: g.goal.kind,
                        progress_permille: g.assessment.as_ref().ok().and_then(|a| a.progress_permille),
                        expected_permille: g.assessment.as_ref().ok().map(|a| a.expected_permille),
                        status: g.assessment.as_ref().map(|a| a.status).unwrap_or(Status::NotMeasured),
                        problem: g.assessment.as_ref().err().cloned(),
                    })
                    .collect(),
            })
            .collect(),
    }))
}
