//! 선정 결과 (공개): what the committee decided in a round, once published from Sandan —
//! selected regions in 가나다 order as the press release lists them, never by rank, with their
//! hubs; smart green complexes; districts; final confirmations. Ranks and scores appear only
//! if the office has published them.

use std::collections::BTreeMap;

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Html;
use sandan_domain::hangul::sort_ganada;
use sandan_domain::{ComplexId, Designation, DesignationKind, Region};
use serde::Serialize;

use crate::auth::Viewer;
use crate::decisions::standing::standing;
use crate::failure::Failure;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::layout::Layout;
use crate::ui::params;
use crate::{AppState, Lang};

/// A published decision as the public reads it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Named {
    pub region: Option<Region>,
    /// The region, or the complex's name.
    pub name: String,
    /// For a selected region: its hub's name.
    pub hub: Option<String>,
    pub note: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublishedMeeting {
    pub date: String,
    pub body: String,
    pub selected: Vec<Named>,
    pub smart_green: Vec<Named>,
    pub districts: Vec<Named>,
    pub confirmed: Vec<Named>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublishedScore {
    pub rank: Option<u32>,
    pub region: Region,
    pub score: String,
    pub outcome: &'static str,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicResults {
    pub year: i32,
    pub meetings: Vec<PublishedMeeting>,
    /// Only when the office has published them.
    pub scores: Option<Vec<PublishedScore>>,
}

async fn public_results(state: &AppState, year: &str) -> Result<PublicResults, Failure> {
    let year = params::year(year)?;
    state
        .store
        .round(year)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("{year}년 공모 회차가 없습니다.")))?;
    let names: BTreeMap<ComplexId, String> = state
        .store
        .complexes()
        .await?
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let s = standing(state, year).await?;
    let hub_of = |region: Region| {
        s.hubs
            .iter()
            .find(|(r, _)| *r == region)
            .map(|(_, c)| names.get(c).cloned().unwrap_or_else(|| c.0.clone()))
    };
    let named = |d: &Designation| Named {
        region: d.region,
        name: match (d.region, &d.complex) {
            (Some(r), _) => r.short_name().to_string(),
            (None, Some(c)) => names.get(c).cloned().unwrap_or_else(|| c.0.clone()),
            _ => String::new(),
        },
        hub: d
            .region
            .filter(|_| d.kind == DesignationKind::PreliminarySelection)
            .and_then(hub_of),
        note: d.note.clone(),
    };
    let meetings = state
        .store
        .meetings_of(year)
        .await?
        .into_iter()
        .filter(|m| m.published_at.is_some())
        .map(|m| {
            let of = |kind: DesignationKind| {
                let mut list: Vec<Named> = m
                    .decisions
                    .iter()
                    .filter(|d| d.designation.kind == kind)
                    .map(|d| named(&d.designation))
                    .collect();
                sort_ganada(&mut list, |n| n.name.as_str());
                list
            };
            PublishedMeeting {
                date: m.meeting.date.korean(),
                body: m.meeting.body.clone(),
                selected: of(DesignationKind::PreliminarySelection),
                smart_green: of(DesignationKind::SmartGreen),
                districts: of(DesignationKind::CompetitivenessDistrict),
                confirmed: of(DesignationKind::FinalConfirmation),
            }
        })
        .collect();
    // `standing` has results only once the panel has closed.
    let scores = (s.scores_published && s.results.iter().any(|r| r.decisive.is_some())).then(|| {
        s.results
            .iter()
            .map(|r| PublishedScore {
                rank: r.rank,
                region: r.region,
                score: r.decisive.map(|m| m.shown()).unwrap_or_else(|| "—".into()),
                outcome: r.outcome.korean(),
            })
            .collect()
    });
    Ok(PublicResults { year, meetings, scores })
}

#[derive(Template)]
#[template(path = "decisions/round_results.html")]
struct ResultsPage {
    layout: Layout,
    r: PublicResults,
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let r = public_results(&state, &year).await.map_err(fail)?;
    let path = format!("/rounds/{}/results", r.year);
    let title = format!("{}년 산업단지 대개조 선정 결과", r.year);
    render(
        &ResultsPage {
            layout: Layout::new(
                lang,
                title.clone(),
                &path,
                vec![
                    (format!("{}년", r.year), format!("/rounds/{}", r.year)),
                    (title, path.clone()),
                ],
            )
            .for_viewer(&viewer),
            r,
        },
        lang,
    )
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/results", tag = "rounds",
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027")),
    responses(
        (status = 200, description = "공개된 위원회 회의와 의결, 그리고 주관부처가 공개한 경우에만 점수와 순위", body = PublicResults),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차", body = crate::ui::error::ErrorBody)))]
pub async fn api(State(state): State<AppState>, Path(year): Path<String>) -> Result<Json<PublicResults>, ApiFailure> {
    Ok(Json(public_results(&state, &year).await?))
}
