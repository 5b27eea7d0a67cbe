//! 산업단지: every complex the record names — its type, province, names, its parts in plans,
//! the designations it received and its latest quarters of the survey (분기별 동향).

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Html;
use sandan_domain::complex::facts::{ComplexFacts, FactField};
use sandan_domain::complex_survey::{QuarterlySurvey, year_on_year};
use sandan_domain::quantity::{Quantity, thousands};
use sandan_domain::{Complex, Designation, PlanRole, SiteKind, Source};
use serde::Serialize;

use crate::auth::Viewer;
use crate::clock::today;
use crate::failure::Failure;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::fields::from_key;
use crate::ui::layout::Layout;
use crate::ui::paging::{self, PageQuery, next_link};
use crate::ui::params;
use crate::{AppState, Lang};
use sandan_domain::{Action, Subject};

/// Complex names by id, for labelling links to them.
pub(crate) async fn complex_names(state: &AppState) -> Result<HashMap<String, String>, Failure> {
    Ok(state
        .store
        .complexes()
        .await?
        .iter()
        .map(|c| (c.id.0.clone(), c.name.clone()))
        .collect())
}

/// Quarters of the survey a complex's page and API show: two years, enough for the latest
/// quarter's year-on-year change. The whole 20-year series would make the survey in every
/// complex's response ten times as long, for what a trend chart rather than this summary needs.
const SURVEY_QUARTERS_SHOWN: usize = 8;

/// A complex with its parts in plans, its designations and its latest survey quarters.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplexDetail {
    pub complex: Complex,
    /// 노후 (착공 20년 이상) as of today in Korea; absent when the construction date is unknown.
    pub aged: Option<bool>,
    pub roles: Vec<PlanRole>,
    pub designations: Vec<Designation>,
    /// 분기별 산업단지 동향: the latest eight quarters, newest first, each with its source.
    pub survey: Vec<QuarterlySurvey>,
    /// 단지 현황 as the last registry file loaded gave it, each fact with its source and 기준일.
    #[schema(value_type = Object)]
    pub registry: ComplexFacts,
}

pub(crate) async fn detail(state: &AppState, id_text: &str) -> Result<ComplexDetail, Failure> {
    let id = params::complex_id(id_text)?;
    let complex = state.store.complex(&id).await?.ok_or_else(|| {
        Failure::NotFound(format!(
            "'{id_text}'(이)라는 산업단지는 기록에 없습니다. 산업단지 목록(/complexes)에서 찾아 주십시오."
        ))
    })?;
    let roles = state.store.roles_of(&id).await?;
    let survey = state.store.survey(&id, SURVEY_QUARTERS_SHOWN).await?;
    Ok(ComplexDetail {
        registry: state.store.complex_facts_of(&id).await?,
        aged: complex.is_aged_on(&today()),
        roles,
        designations: state.store.designations_of(&id).await?,
        survey,
        complex,
    })
}

/// What the complex list is filtered by.
#[derive(serde::Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComplexFilter {
    /// 시·도: 경기, 경기도, gyeonggi 또는 행정코드 41
    #[serde(default)]
    region: Option<String>,
    /// 유형
    #[serde(default)]
    #[param(value_type = Option<SiteKind>)]
    kind: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/complexes", tag = "complexes",
    params(ComplexFilter, PageQuery),
    responses(
        (status = 200, description = "산업단지(시·도, 이름 가나다순). limit을 주면 그만큼씩: 다음 페이지는 Link 머리글(rel=\"next\")", body = Vec<Complex>),
        (status = 400, description = "모르는 시·도나 유형, 잘못된 limit, 목록에 없는 after", body = crate::ui::error::ErrorBody)))]
pub async fn api_list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(filter): Query<ComplexFilter>,
    Query(paging): Query<PageQuery>,
) -> Result<(HeaderMap, Json<Vec<Complex>>), ApiFailure> {
    viewer.may(Action::View, &Subject::Published)?;
    let region = filter
        .region
        .as_deref()
        .map(|r| params::region(r).map_err(|e| Failure::BadInput(e.public_message())))
        .transpose()?;
    let kind = filter
        .kind
        .as_deref()
        .map(|k| {
            from_key::<SiteKind>(k).ok_or_else(|| {
                Failure::BadInput(format!(
                    "유형 '{k}'을(를) 모릅니다. national, general, urban_high_tech, agro_industrial, free_economic_zone, smart_city, other_area 가운데 하나로 적어 주십시오."
                ))
            })
        })
        .transpose()?;
    let all = state.store.complexes().await?;
    let chosen: Vec<&Complex> = all
        .iter()
        .filter(|c| region.is_none_or(|r| c.region == r) && kind.is_none_or(|k| c.kind == k))
        .collect();
    let (items, next) = paging::page(&chosen, |c: &&Complex| c.id.0.as_str(), &paging)?;
    let headers = match next {
        Some(next) => next_link(
            "/api/v1/complexes",
            &[
                ("region", filter.region.as_deref().unwrap_or_default()),
                ("kind", filter.kind.as_deref().unwrap_or_default()),
            ],
            paging.limit.as_deref(),
            &next,
        ),
        None => HeaderMap::new(),
    };
    Ok((headers, Json(items.iter().map(|c| (*c).clone()).collect())))
}

#[utoipa::path(get, path = "/api/v1/complexes/{id}", tag = "complexes",
    params(("id" = String, Path, description = "산업단지 id, 예: banwol-sihwa")),
    responses(
        (status = 200, description = "산업단지, 혁신계획에서의 역할, 지정 이력, 최근 8분기 동향", body = ComplexDetail),
        (status = 404, description = "기록에 없는 산업단지", body = crate::ui::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Json<ComplexDetail>, ApiFailure> {
    viewer.may(Action::View, &Subject::Published)?;
    Ok(Json(detail(&state, &id).await?))
}

struct ComplexRow {
    region: &'static str,
    name: String,
    href: String,
    kind: &'static str,
}

#[derive(Template)]
#[template(path = "public/complexes.html")]
struct IndexPage {
    layout: Layout,
    rows: Vec<ComplexRow>,
    /// Whether the viewer keeps the complexes (the office): adds them, loads registry files.
    may_enter: bool,
}

pub async fn index_page(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
) -> Result<Html<String>, PageFailure> {
    viewer
        .may(Action::View, &Subject::Published)
        .map_err(|e| PageFailure(e, lang))?;
    let complexes = state.store.complexes().await.map_err(|e| PageFailure(e.into(), lang))?;
    let rows = complexes
        .iter()
        .map(|c| ComplexRow {
            region: c.region.short_name(),
            name: c.name.clone(),
            href: lang.href(&format!("/complexes/{}", c.id.0)),
            kind: lang.pick(c.kind.korean(), c.kind.english()),
        })
        .collect();
    let title = lang.labels().complexes;
    let layout = Layout::new(
        lang,
        title,
        "/complexes",
        vec![(title.to_string(), "/complexes".to_string())],
    )
    .for_viewer(&viewer);
    let may_enter = viewer.may(Action::Change, &Subject::Published).is_ok();
    render(
        &IndexPage {
            layout,
            rows,
            may_enter,
        },
        lang,
    )
}

struct RoleRow {
    plan: String,
    href: String,
    role: &'static str,
    written_as: String,
    contribution: String,
}

struct DesignationRow {
    date: String,
    kind: &'static str,
    body: String,
    note: String,
}

fn cited(sources: &[Source], id: &Option<sandan_domain::SourceId>) -> Option<Source> {
    id.as_ref().and_then(|id| sources.iter().find(|s| &s.id == id).cloned())
}

/// A row of the survey table, figures written out; the footer's row holds the changes.
struct SurveyRow {
    quarter: String,
    figures: [String; 5],
}

impl SurveyRow {
    fn of(s: &QuarterlySurvey, lang: Lang) -> SurveyRow {
        SurveyRow {
            quarter: quarter_label(s.quarter, lang),
            figures: [s.tenants, s.operating, s.employment, s.production_eok, s.exports_musd].map(thousands),
        }
    }

    /// 전년 동기 대비 for the latest of `rows`, if the year before is among them.
    fn change(rows: &[QuarterlySurvey], lang: Lang) -> Option<SurveyRow> {
        let c = year_on_year(rows)?;
        let signed = |q: Option<Quantity>| match q {
            Some(q) if q.value > 0 => format!("+{q}"),
            Some(q) => q.to_string(),
            None => "—".to_string(),
        };
        Some(SurveyRow {
            quarter: format!(
                "{} ({})",
                lang.pick("전년 동기 대비", "Year on year"),
                quarter_label(c.quarter, lang)
            ),
            figures: [c.tenants, c.operating, c.employment, c.production, c.exports].map(signed),
        })
    }
}

fn quarter_label(q: sandan_domain::package::Quarter, lang: Lang) -> String {
    match lang {
        Lang::Ko => q.korean(),
        Lang::En => q.to_string(),
    }
}

#[derive(Template)]
#[template(path = "public/complex.html")]
struct ComplexPage {
    layout: Layout,
    complex: Complex,
    kind: &'static str,
    province: String,
    designated: String,
    construction: String,
    completed: Option<String>,
    /// 지정면적 as officials write it: ㎡ with thousands separators.
    area: Option<String>,
    aged: String,
    /// The sources of the designation date and the construction start, where the record has them.
    designation_source: Option<Source>,
    construction_source: Option<Source>,
    registry: Vec<(&'static str, String, String, String)>,
    roles: Vec<RoleRow>,
    designations: Vec<DesignationRow>,
    statistics: Vec<sandan_domain::feasibility::HubStatistic>,
    survey: Vec<SurveyRow>,
    survey_change: Option<SurveyRow>,
    /// Every source the shown quarters cite, for the table's caption.
    survey_sources: String,
    edit_href: String,
    file_grievance_href: String,
    /// The office's token, when the viewer may keep the complex's facts up to date.
    editor_csrf: Option<String>,
    /// 애로사항: counts, and the reports published with their filer's consent.
    grievances: crate::grievances::statistics::GrievanceStats,
    public_grievances: Vec<(
        String,
        sandan_domain::grievance::Status,
        sandan_store::grievances::PublicText,
    )>,
}

pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
    lang: Lang,
) -> Result<Html<String>, PageFailure> {
    viewer
        .may(Action::View, &Subject::Published)
        .map_err(|e| PageFailure(e, lang))?;
    let ComplexDetail {
        complex,
        aged,
        roles,
        designations,
        survey,
        registry,
    } = detail(&state, &id).await.map_err(|e| PageFailure(e, lang))?;
    // (fact, value, 출처, 기준일), in the registry's column order.
    let registry: Vec<(&'static str, String, String, String)> = FactField::ALL
        .into_iter()
        .filter_map(|field| {
            registry
                .get(field)
                .map(|f| (field.korean(), f.value.to_string(), f.source, f.as_of.korean()))
        })
        .collect();
    let l = lang.labels();
    let province = match complex.region.former_name() {
        Some(former) => format!(
            "{} ({} {})",
            complex.region.official_name(),
            lang.pick("옛 이름", "formerly"),
            former.name
        ),
        None => complex.region.official_name().to_string(),
    };
    let roles = roles
        .into_iter()
        .map(|r| RoleRow {
            plan: format!("{}{} {}", r.round, lang.pick("년", ""), r.region.short_name()),
            href: lang.href(&format!("/rounds/{}/plans/{}", r.round, r.region.short_name())),
            role: lang.pick(r.role.korean(), r.role.english()),
            written_as: r.written_as,
            contribution: r.contribution.unwrap_or_default(),
        })
        .collect();
    let designations = designations
        .into_iter()
        .map(|d| DesignationRow {
            date: d.date.korean(),
            kind: lang.pick(d.kind.korean(), d.kind.english()),
            body: d.body,
            note: d.note.unwrap_or_default(),
        })
        .collect();
    let mut survey_sources: Vec<&str> = Vec::new();
    for s in &survey {
        if !survey_sources.contains(&s.source.as_str()) {
            survey_sources.push(&s.source);
        }
    }
    let survey_sources = survey_sources.join(", ");
    let survey_change = SurveyRow::change(&survey, lang);
    let survey = survey.iter().map(|s| SurveyRow::of(s, lang)).collect();
    let path = format!("/complexes/{}", complex.id.0);
    let layout = Layout::new(
        lang,
        complex.name.clone(),
        &path,
        vec![
            (l.complexes.to_string(), "/complexes".to_string()),
            (complex.name.clone(), path.clone()),
        ],
    )
    .for_viewer(&viewer);
    let grievances = crate::grievances::statistics::GrievanceStats::of(
        &state,
        sandan_store::grievances::Scope::Complex(&complex.id),
        &complex.id.0,
        lang.pick("분류별 애로사항", "Reports by category"),
    )
    .await
    .map_err(|e| PageFailure(e, lang))?;
    let public_grievances = state
        .store
        .public_grievances(&complex.id)
        .await
        .map_err(|e| PageFailure(e.into(), lang))?;
    let sources = state.store.sources().await.map_err(|e| PageFailure(e.into(), lang))?;
    let page = ComplexPage {
        registry,
        grievances,
        public_grievances,
        layout,
        kind: lang.pick(complex.kind.korean(), complex.kind.english()),
        province,
        designated: complex
            .designated
            .map(|d| d.korean())
            .unwrap_or_else(|| l.no_data.to_string()),
        construction: complex
            .construction_started
            .map(|d| d.korean())
            .unwrap_or_else(|| l.no_data.to_string()),
        designation_source: cited(&sources, &complex.designation_source),
        construction_source: cited(&sources, &complex.construction_source),
        completed: complex.completed.map(|d| d.korean()),
        edit_href: lang.href(&format!("/complexes/{}/edit", complex.id.0)),
        file_grievance_href: lang.href(&format!("/grievances/new?complex={}", complex.id.0)),
        area: complex.area_m2.map(|a| format!("{}㎡", thousands(a))),
        aged: match aged {
            Some(true) => lang.pick("노후산단 (착공 후 20년 이상)", "Yes (20+ years)").to_string(),
            Some(false) => lang
                .pick("해당 없음 (착공 후 20년 미만)", "No (under 20 years)")
                .to_string(),
            None if complex.construction_started.is_some() => lang
                .pick(
                    "판단할 수 없음 (착공 시기가 연·월까지만 알려져 있어 20년이 되었는지 가릴 수 없음)",
                    "Unknown (the start is known only to the year or month)",
                )
                .to_string(),
            None => lang
                .pick("판단할 수 없음 (착공일 자료 없음)", "Unknown (no construction date)")
                .to_string(),
        },
        roles,
        designations,
        survey,
        survey_change,
        survey_sources,
        statistics: state
            .store
            .statistics(&complex.id)
            .await
            .map_err(|e| PageFailure(e.into(), lang))?,
        editor_csrf: viewer
            .may(Action::Change, &Subject::Published)
            .ok()
            .map(|()| viewer.csrf().unwrap_or_default().to_string()),
        complex,
    };
    render(&page, lang)
}
