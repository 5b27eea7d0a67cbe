//! 사업 효과: how the selected hubs changed against comparable aged complexes — the program's
//! estimate (`/impact`), each cohort's (`/impact/{round}`) and the same as JSON. Public, like the
//! dashboard: the survey and the decisions it rests on are public, and so is an estimate of the
//! program's effect. The arithmetic is `sandan_domain::impact`; here it is only written out.

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use sandan_domain::impact::{Analysis, CohortImpact, Estimate, Indicator, IndicatorImpact, ProgramImpact};
use sandan_domain::package::Quarter;
use serde::Deserialize;

use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::event_chart::{EventPoint, event_chart};
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

/// An estimate as the page writes it.
pub struct EstimateView {
    pub percent: String,
    pub interval: String,
    pub p_value: String,
}

impl EstimateView {
    fn of(e: &Estimate) -> EstimateView {
        let [percent, low, high] = e.percent_texts();
        EstimateView {
            percent,
            interval: format!("{low}~{high}"),
            p_value: format!("{:.3}", e.p_value),
        }
    }
}

pub struct ComplexLink {
    pub name: String,
    pub href: String,
}

pub struct EventRow {
    pub event: i32,
    /// The calendar quarter, on a cohort's page.
    pub quarter: Option<String>,
    pub estimate: Option<EstimateView>,
}

pub struct ComparisonRow {
    pub complex: ComplexLink,
    pub hub: ComplexLink,
    pub weight: String,
}

/// One indicator: the summary line and, for the one shown in full, everything behind it.
pub struct IndicatorView {
    pub slug: &'static str,
    pub korean: &'static str,
    pub href: String,
    pub refusal: Option<String>,
    pub sentence: Option<String>,
    pub did: Option<EstimateView>,
    pub parallel: Option<bool>,
}

/// The indicator shown in full.
pub struct Detail {
    pub korean: &'static str,
    pub chart: String,
    pub placebo: Option<EstimateView>,
    pub parallel: Option<bool>,
    pub events: Vec<EventRow>,
    pub treated: Vec<ComplexLink>,
    pub comparison: Vec<ComparisonRow>,
    pub excluded: Vec<(ComplexLink, String)>,
    pub clusters: usize,
    pub treated_elsewhere: usize,
    pub comparison_elsewhere: usize,
    pub eligible: usize,
    pub eligible_with_statistics: usize,
}

pub struct CohortRow {
    pub round: i32,
    pub selected: String,
    pub hubs: usize,
    pub shown: IndicatorView,
    pub href: String,
}

#[derive(Template)]
#[template(path = "public/impact.html")]
struct ImpactPage {
    layout: Layout,
    /// "2020년 선정" on a cohort's page.
    cohort: Option<String>,
    window: Option<String>,
    survey_span: Option<String>,
    indicators: Vec<IndicatorView>,
    current: &'static str,
    detail: Option<Detail>,
    cohorts: Vec<CohortRow>,
}

#[derive(Deserialize)]
pub struct Shown {
    indicator: Option<String>,
}

fn shown(query: &Shown, lang: Lang) -> Result<Indicator, PageFailure> {
    match query.indicator.as_deref() {
        None | Some("") => Ok(Indicator::Employment),
        Some(slug) => Indicator::from_slug(slug).ok_or_else(|| {
            PageFailure(
                Failure::NotFound("지표는 tenants, operating, employment, production, exports 중 하나입니다.".into()),
                lang,
            )
        }),
    }
}

struct Names(HashMap<String, String>);

impl Names {
    fn link(&self, id: &sandan_domain::ComplexId) -> ComplexLink {
        ComplexLink {
            name: self.0.get(&id.0).cloned().unwrap_or_else(|| id.0.clone()),
            href: format!("/complexes/{}", id.0),
        }
    }
}

fn summary(i: &IndicatorImpact, base: &str) -> IndicatorView {
    let analysis = i.analysis();
    IndicatorView {
        slug: i.indicator.slug(),
        korean: i.indicator.korean(),
        href: format!("{base}?indicator={}", i.indicator.slug()),
        refusal: i.refusal().map(ToString::to_string),
        sentence: analysis.map(|a| a.sentence.clone()),
        did: analysis.map(|a| EstimateView::of(&a.did)),
        parallel: analysis.and_then(|a| a.checks.parallel_pre_trends()),
    }
}

fn detail(a: &Analysis, names: &Names, selected: Option<Quarter>) -> Detail {
    let title = format!("{} 이벤트 스터디", a.indicator.korean());
    let points: Vec<EventPoint> = a
        .events
        .iter()
        .map(|p| EventPoint {
            event: p.event,
            percent: p.estimate.as_ref().map(|e| {
                let (low, high) = e.percent_interval();
                (e.percent(), low, high)
            }),
        })
        .collect();
    let chart = event_chart(
        &format!("impact-{}", a.indicator.slug()),
        &title,
        &format!(
            "선정 분기 전후 분기마다 선정 거점산단과 비교 산단의 {} 차이(%)와 95% 신뢰구간입니다. 선정 직전 분기(-1)가 기준(0)입니다. 값은 아래 표에 있습니다.",
            a.indicator.korean()
        ),
        &points,
    );
    Detail {
        korean: a.indicator.korean(),
        chart,
        placebo: a.checks.placebo.as_ref().map(EstimateView::of),
        parallel: a.checks.parallel_pre_trends(),
        events: a
            .events
            .iter()
            .map(|p| EventRow {
                event: p.event,
                quarter: selected.map(|q| q.offset(p.event).korean()),
                estimate: p.estimate.as_ref().map(EstimateView::of),
            })
            .collect(),
        treated: a.treated.iter().map(|id| names.link(id)).collect(),
        comparison: a
            .comparison
            .iter()
            .map(|c| ComparisonRow {
                complex: names.link(&c.complex),
                hub: names.link(&c.matched_to),
                weight: format!("{:.2}", c.weight),
            })
            .collect(),
        excluded: a
            .excluded
            .iter()
            .map(|e| (names.link(&e.complex), e.reason.clone()))
            .collect(),
        clusters: a.clusters,
        treated_elsewhere: a.checks.treated_in_other_programs,
        comparison_elsewhere: a.checks.comparison_in_other_programs,
        eligible: a.checks.eligible,
        eligible_with_statistics: a.checks.eligible_with_statistics,
    }
}

async fn names(state: &AppState) -> Result<Names, Failure> {
    let complexes = state.store.complexes().await?;
    Ok(Names(
        complexes.iter().map(|c| (c.id.0.clone(), c.name.clone())).collect(),
    ))
}

fn span(impact: &ProgramImpact) -> Option<String> {
    impact
        .survey_span
        .map(|(first, last)| format!("{} ~ {}", first.korean(), last.korean()))
}

/// GET /impact — the program's estimate (cohorts stacked) and every cohort's.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Query(query): Query<Shown>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let indicator = shown(&query, lang)?;
    let impact = state.store.impact().await.map_err(|e| fail(e.into()))?;
    let names = names(&state).await.map_err(fail)?;
    let position = Indicator::ALL.iter().position(|i| *i == indicator).unwrap_or(2);
    let title = "사업 효과".to_string();
    let page = ImpactPage {
        layout: Layout::new(lang, title.clone(), "/impact", vec![(title, "/impact".into())]).for_viewer(&viewer),
        cohort: None,
        window: None,
        survey_span: span(&impact),
        indicators: impact.overall.iter().map(|i| summary(i, "/impact")).collect(),
        current: indicator.slug(),
        detail: impact.overall[position].analysis().map(|a| detail(a, &names, None)),
        cohorts: impact
            .cohorts
            .iter()
            .map(|c| CohortRow {
                round: c.round,
                selected: c.selected().korean(),
                hubs: c.hubs.len(),
                shown: summary(&c.indicators[position], &cohort_href(c)),
                href: format!("{}?indicator={}", cohort_href(c), indicator.slug()),
            })
            .collect(),
    };
    render(&page, lang)
}

fn cohort_href(c: &CohortImpact) -> String {
    format!("/impact/{}", c.round)
}

/// GET /impact/{round} — one cohort's estimates.
pub async fn cohort(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(round): Path<String>,
    Query(query): Query<Shown>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let indicator = shown(&query, lang)?;
    let impact = state.store.impact().await.map_err(|e| fail(e.into()))?;
    let c = round
        .parse::<i32>()
        .ok()
        .and_then(|r| impact.cohort(r))
        .ok_or_else(|| {
            fail(Failure::NotFound(format!(
                "{round}년에 선정되어 예산이 확정된 거점산단이 없습니다."
            )))
        })?;
    let names = names(&state).await.map_err(fail)?;
    let position = Indicator::ALL.iter().position(|i| *i == indicator).unwrap_or(2);
    let path = cohort_href(c);
    let title = format!("{}년 선정 사업 효과", c.round);
    let page = ImpactPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &path,
            vec![("사업 효과".into(), "/impact".into()), (title, path.clone())],
        )
        .for_viewer(&viewer),
        cohort: Some(format!("{}년 선정", c.round)),
        window: Some(format!(
            "선정 {} ({}) · 짝짓기 {}부터 · 추정 {} ~ {}",
            c.selected().korean(),
            c.selected_on.korean(),
            c.first_quarter.korean(),
            c.estimated_from.korean(),
            c.last_quarter.korean()
        )),
        survey_span: span(&impact),
        indicators: c.indicators.iter().map(|i| summary(i, &path)).collect(),
        current: indicator.slug(),
        detail: c.indicators[position]
            .analysis()
            .map(|a| detail(a, &names, Some(c.selected()))),
        cohorts: Vec::new(),
    };
    render(&page, lang)
}

/// An estimate in the API: log points as estimated, and the percentages officials read.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiEstimate {
    /// The coefficient on the logarithm.
    pub log_points: f64,
    pub std_error: f64,
    /// 100 × (e^β − 1), and the 95% interval's ends likewise.
    pub percent: f64,
    pub percent_low: f64,
    pub percent_high: f64,
    pub p_value: f64,
    pub degrees_of_freedom: usize,
}

impl ApiEstimate {
    fn of(e: &Estimate) -> ApiEstimate {
        let (percent_low, percent_high) = e.percent_interval();
        ApiEstimate {
            log_points: e.coefficient,
            std_error: e.std_error,
            percent: e.percent(),
            percent_low,
            percent_high,
            p_value: e.p_value,
            degrees_of_freedom: e.degrees_of_freedom,
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiEvent {
    /// Quarters from selection; -1 is the reference and has no estimate.
    pub event: i32,
    pub estimate: Option<ApiEstimate>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiComparison {
    pub complex: String,
    /// The hub whose matched set it is in.
    pub matched_to: String,
    pub weight: f64,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiIndicator {
    /// tenants (입주업체), operating (가동업체), employment (고용), production (생산), exports (수출)
    pub indicator: String,
    /// Why there is no estimate, in Korean; null when there is one.
    pub refusal: Option<String>,
    pub sentence: Option<String>,
    pub estimate: Option<ApiEstimate>,
    pub placebo: Option<ApiEstimate>,
    pub parallel_pre_trends: Option<bool>,
    pub events: Vec<ApiEvent>,
    pub treated: Vec<String>,
    pub comparison: Vec<ApiComparison>,
    pub clusters: Option<usize>,
}

impl ApiIndicator {
    fn of(i: &IndicatorImpact) -> ApiIndicator {
        let a = i.analysis();
        ApiIndicator {
            indicator: i.indicator.slug().into(),
            refusal: i.refusal().map(ToString::to_string),
            sentence: a.map(|a| a.sentence.clone()),
            estimate: a.map(|a| ApiEstimate::of(&a.did)),
            placebo: a.and_then(|a| a.checks.placebo.as_ref()).map(ApiEstimate::of),
            parallel_pre_trends: a.and_then(|a| a.checks.parallel_pre_trends()),
            events: a.map_or_else(Vec::new, |a| {
                a.events
                    .iter()
                    .map(|p| ApiEvent {
                        event: p.event,
                        estimate: p.estimate.as_ref().map(ApiEstimate::of),
                    })
                    .collect()
            }),
            treated: a.map_or_else(Vec::new, |a| a.treated.iter().map(|c| c.0.clone()).collect()),
            comparison: a.map_or_else(Vec::new, |a| {
                a.comparison
                    .iter()
                    .map(|c| ApiComparison {
                        complex: c.complex.0.clone(),
                        matched_to: c.matched_to.0.clone(),
                        weight: c.weight,
                    })
                    .collect()
            }),
            clusters: a.map(|a| a.clusters),
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiCohort {
    pub round: i32,
    /// "2020-Q3"
    pub selected: String,
    pub first_quarter: String,
    pub estimated_from: String,
    pub last_quarter: String,
    pub hubs: Vec<String>,
    pub indicators: Vec<ApiIndicator>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiImpact {
    /// The record is generated demo data.
    pub synthetic: bool,
    /// The survey's first and last quarter ("2004-Q1"), null without a survey.
    pub survey_first: Option<String>,
    pub survey_last: Option<String>,
    /// The cohorts stacked.
    pub overall: Vec<ApiIndicator>,
    pub cohorts: Vec<ApiCohort>,
}

#[utoipa::path(get, path = "/api/v1/impact", tag = "program",
    responses(
        (status = 200, description = "사업 효과: 지표마다 선정 거점산단과 비교 산단의 이중차분 추정(로그·백분율, 95% 구간), 이벤트 스터디, 위약 검정, 비교 산단 목록 — 코호트 누적과 코호트별. 추정할 수 없으면 refusal에 이유", body = ApiImpact)))]
/// GET /api/v1/impact — the program's and every cohort's impact estimates.
pub async fn api(State(state): State<AppState>) -> Result<Json<ApiImpact>, ApiFailure> {
    let impact = state.store.impact().await.map_err(|e| ApiFailure(e.into()))?;
    Ok(Json(ApiImpact {
        synthetic: impact.synthetic,
        survey_first: impact.survey_span.map(|s| s.0.to_string()),
        survey_last: impact.survey_span.map(|s| s.1.to_string()),
        overall: impact.overall.iter().map(ApiIndicator::of).collect(),
        cohorts: impact
            .cohorts
            .iter()
            .map(|c| ApiCohort {
                round: c.round,
                selected: c.selected().to_string(),
                first_quarter: c.first_quarter.to_string(),
                estimated_from: c.estimated_from.to_string(),
                last_quarter: c.last_quarter.to_string(),
                hubs: c.hubs.iter().map(|h| h.0.clone()).collect(),
                indicators: c.indicators.iter().map(ApiIndicator::of).collect(),
            })
            .collect(),
    }))
}
