//! 애로사항 통계: for the program, a region or a complex — reports by category and status, the
//! median business days to an answer, the share answered within the deadline and satisfaction.
//! Public: counts only, nothing about who filed. The same section sits on the complex page and
//! the dashboard.

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::Html;
use sandan_domain::grievance::{RegionalStatistics, Statistics, Tally};
use sandan_domain::{ComplexId, Region};
use sandan_store::grievances::Scope;
use serde::Deserialize;

use crate::clock::today;
use crate::failure::Failure;
use crate::ui::chart::{Category, Chart, Series};
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

/// The statistics of a scope, with their chart and its table drawn.
pub struct GrievanceStats {
    pub s: Statistics,
    /// Where the numbers are of, for ids and captions: "program", a region's slug, a complex id.
    pub id: String,
    pub chart: String,
    pub chart_table: String,
}

fn count(n: i64) -> String {
    format!("{n}건")
}

fn category(t: &Tally) -> Category {
    Category {
        label: t.label.to_string(),
        href: None,
        values: vec![i64::from(t.count)],
    }
}

impl GrievanceStats {
    /// Every scope's figures come from the store's cache, computed once per change and day.
    pub async fn of(state: &AppState, scope: Scope<'_>, id: &str, title: &str) -> Result<GrievanceStats, Failure> {
        let today = today();
        let s = match scope {
            Scope::Program => state.store.grievance_statistics(&today).await?.program.clone(),
            Scope::Region(region) => match state
                .store
                .grievance_statistics(&today)
                .await?
                .regions
                .iter()
                .find(|(r, _)| *r == region)
            {
                Some((_, s)) => s.clone(),
                None => Statistics::of(&[], &today, &state.store.calendar().await?),
            },
            Scope::Complex(complex) => state.store.complex_grievance_statistics(complex, &today).await?,
        };
        Ok(GrievanceStats::drawn(s, id, title))
    }

    fn drawn(s: Statistics, id: &str, title: &str) -> GrievanceStats {
        let chart_id = format!("grievances-{id}");
        let c = Chart {
            id: &chart_id,
            title,
            description: "분류별 접수 건수",
            unit: "단위: 건",
            series: vec![Series { name: "접수".into() }],
            categories: s.by_category.iter().map(category).collect(),
            format: count,
        };
        GrievanceStats {
            chart: c.bars(),
            chart_table: c.table(),
            id: id.to_string(),
            s,
        }
    }

    /// "73.4%" of those answered within the deadline, or "—".
    pub fn on_time(&self) -> String {
        self.s.on_time_percent().map_or("—".into(), |p| format!("{p:.1}%"))
    }

    /// "5.5일", or "—" before any answer.
    pub fn median_days(&self) -> String {
        self.s.median_days_to_answer.map_or("—".into(), |d| format!("{d:.1}일"))
    }

    /// "3.8점 (12명)", or "—".
    pub fn satisfaction(&self) -> String {
        self.s
            .mean_rating
            .map_or("—".into(), |m| format!("{m:.1}점 ({}명)", self.s.ratings))
    }
}

#[derive(Template)]
#[template(path = "grievances/statistics.html")]
struct StatisticsPage {
    layout: Layout,
    program: GrievanceStats,
    /// The regions with reports, in 가나다 order.
    regions: Vec<(Region, GrievanceStats)>,
}

/// GET /grievances/statistics
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    viewer: crate::auth::Viewer,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let title = lang.pick("애로사항 처리 통계", "Statistics of reported difficulties");
    let counted = state
        .store
        .grievance_statistics(&today())
        .await
        .map_err(|e| fail(e.into()))?;
    let counted = RegionalStatistics::clone(&counted);
    let program = GrievanceStats::drawn(counted.program, "program", title);
    let regions = counted
        .regions
        .into_iter()
        .map(|(region, s)| (region, GrievanceStats::drawn(s, region.slug(), region.short_name())))
        .collect();
    let page = StatisticsPage {
        layout: Layout::new(
            lang,
            title,
            "/grievances/statistics",
            vec![(title.to_string(), "/grievances/statistics".into())],
        )
        .for_viewer(&viewer),
        program,
        regions,
    };
    render(&page, lang)
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct StatisticsQuery {
    /// 시·도 (약칭, 예: 경남): 그 시·도 산업단지의 애로사항만
    #[serde(default)]
    region: Option<String>,
    /// 산업단지 id (예: changwon): 그 산업단지의 애로사항만 (region과 함께 쓰면 그 시·도의 산업단지여야 함)
    #[serde(default)]
    complex: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/grievances/statistics", tag = "grievances",
    params(StatisticsQuery),
    responses(
        (status = 200, description = "애로사항 통계: 분류·상태별 건수, 답변까지 영업일 중앙값, 기한 내 답변 건수, 만족도 평균(1–5). 개인정보 없음", body = Statistics),
        (status = 404, description = "없는 시·도나 산업단지, 또는 region에 없는 complex", body = crate::ui::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    Query(q): Query<StatisticsQuery>,
) -> Result<Json<Statistics>, ApiFailure> {
    let region = match q.region.as_deref().filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => Some(
            r.parse::<Region>()
                .map_err(|_| Failure::NotFound(format!("시·도 '{r}'이(가) 없습니다.")))?,
        ),
    };
    let complex = q
        .complex
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(|c| ComplexId(c.to_string()));
    let scope = match (&complex, region) {
        (Some(c), region) => {
            let found = state
                .store
                .complex(c)
                .await?
                .filter(|found| region.is_none_or(|r| found.region == r));
            found.ok_or_else(|| Failure::NotFound(format!("산업단지 '{}'이(가) 없습니다.", c.0)))?;
            Scope::Complex(c)
        }
        (None, Some(region)) => Scope::Region(region),
        (None, None) => Scope::Program,
    };
    let stats = GrievanceStats::of(&state, scope, "api", "").await?;
    Ok(Json(stats.s))
}
