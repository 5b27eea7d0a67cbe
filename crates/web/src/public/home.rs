//! 홈: the program at a glance — its rounds and the regions selected in each, the smart green
//! complexes against their targets, and the committee's decisions.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::Html;
use sandan_domain::{Designation, DesignationKind, Record, Round, Target, tally_by_year};
use serde::Serialize;

use crate::auth::Viewer;
use crate::failure::Failure;
use crate::public::complexes::complex_names;
use crate::public::rounds::{RoundSummary, round_summaries};
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::layout::Layout;
use crate::ui::links::designation_subject;
use crate::{AppState, Lang};
use sandan_domain::{Action, Subject};

/// The program at a glance.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Overview {
    pub rounds: Vec<RoundSummary>,
    pub designations: Vec<Designation>,
    pub targets: Vec<Target>,
}

async fn overview(state: &AppState) -> Result<Overview, Failure> {
    let rounds: Vec<Round> = state.store.rounds().await?;
    let designations = state.store.designations().await?;
    Ok(Overview {
        rounds: round_summaries(state, &rounds, &designations).await?,
        designations: designations.to_vec(),
        targets: state.store.targets().await?,
    })
}

#[utoipa::path(get, path = "/api/v1/overview", tag = "program",
    responses((status = 200, description = "공모 회차별 선정 지역, 지정 결정과 목표", body = Overview)))]
pub async fn api(State(state): State<AppState>, viewer: Viewer) -> Result<Json<Overview>, ApiFailure> {
    viewer.may(Action::View, &Subject::Published)?;
    Ok(Json(overview(&state).await?))
}

#[utoipa::path(get, path = "/api/v1/record", tag = "program",
    responses((status = 200, description = "기록 전체 (sandan export와 같은 내용)", body = Record)))]
pub async fn api_record(State(state): State<AppState>, viewer: Viewer) -> Result<Json<Record>, ApiFailure> {
    viewer.may(Action::View, &Subject::Published)?;
    Ok(Json(state.store.record().await?))
}

struct TallyRow {
    year: String,
    subjects: Vec<(String, String)>,
    in_year: usize,
    cumulative: u32,
    target: String,
}

#[derive(Template)]
#[template(path = "public/home.html")]
struct HomePage {
    layout: Layout,
    overview: Overview,
    smart_green: Vec<TallyRow>,
    selections: Vec<TallyRow>,
}

pub async fn page(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    viewer
        .may(Action::View, &Subject::Published)
        .map_err(|e| PageFailure(e, lang))?;
    let fail = |e: Failure| PageFailure(e, lang);
    let overview = overview(&state).await.map_err(fail)?;
    let names = complex_names(&state).await.map_err(fail)?;
    let rows = |kind| {
        tally_by_year(kind, &overview.designations, &overview.targets)
            .into_iter()
            .map(|t| TallyRow {
                year: lang.pick("{}년", "{}").replace("{}", &t.year.to_string()),
                subjects: t
                    .designated
                    .iter()
                    .map(|d| designation_subject(d, &names, lang))
                    .collect(),
                in_year: t.designated.len(),
                cumulative: t.cumulative,
                target: t
                    .target
                    .map(|t| match t.cumulative {
                        true => format!("{} {}", lang.labels().cumulative, t.count),
                        false => t.count.to_string(),
                    })
                    .unwrap_or_default(),
            })
            .collect::<Vec<_>>()
    };
    let smart_green = rows(DesignationKind::SmartGreen);
    let selections = rows(DesignationKind::PreliminarySelection);
    let title = lang.pick("산업단지 대개조 한눈에 보기", "The Grand Transformation at a glance");
    let page = HomePage {
        layout: Layout::new(lang, title, "/", Vec::new()).for_viewer(&viewer),
        overview,
        smart_green,
        selections,
    };
    render(&page, lang)
}
