//! 위원회 의결 (공동 주관부처): the committee meeting — date, body, members present — and the
//! decisions it takes, each checked by the program's rules before it is recorded, then
//! published together into the public record.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::evaluation::decision::{self, CommitteeMeeting};
use sandan_domain::evaluation::{PlanResult, Stage, recommended};
use sandan_domain::publication::published_plan;
use sandan_domain::{Action, ComplexId, Day, Designation, DesignationKind, Region, Source, SourceId, Subject};
use sandan_store::committee::StoredMeeting;

use crate::auth::Viewer;
use crate::auth::change;
use crate::clock::timestamp;
use crate::evaluation::panel::board_if_any;
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::ui::params;
use crate::{AppState, Lang};

/// The committee that decides on the program.
pub const COMMITTEE: &str = "노후거점산업단지 경쟁력강화추진위원회";

/// What the decisions of a round are checked against and shown with.
pub struct Standing {
    pub stage: Stage,
    pub quota: u32,
    pub results: Vec<PlanResult>,
    /// Each evaluated plan's hub.
    pub hubs: Vec<(Region, ComplexId)>,
    /// Whether the office has published ranks and scores.
    pub scores_published: bool,
}

/// The round's evaluation as decisions need it; a round without an evaluation still has its
/// districts to designate.
pub async fn standing(state: &AppState, year: i32) -> Result<Standing, Failure> {
    let quota = state.store.round(year).await?.and_then(|r| r.quota).unwrap_or(0);
    let Some(b) = board_if_any(state, year).await? else {
        return Ok(Standing {
            stage: Stage::Setup,
            quota,
            results: Vec::new(),
            hubs: Vec::new(),
            scores_published: false,
        });
    };
    let mut hubs = Vec::new();
    for plan in &b.plans {
        if let Some((_, proposal)) = state.store.version(year, plan.region, plan.version).await?
            && let Some(hub) = proposal.hub
        {
            hubs.push((plan.region, hub.complex));
        }
    }
    let results = if b.closed() {
        b.results(&state.store.sheets(year).await?)
    } else {
        Vec::new()
    };
    Ok(Standing {
        stage: b.panel.stage,
        quota: b.panel.framework.quota,
        results,
        hubs,
        scores_published: b.panel.scores_published,
    })
}

#[derive(Template)]
#[template(path = "decisions/decisions.html")]
struct DecisionsPage {
    layout: Layout,
    csrf: String,
    year: i32,
    meetings: Vec<StoredMeeting>,
    recommended: String,
    /// The evaluation results can be read (the panel has closed): only then is it linked.
    results_open: bool,
    kinds: Vec<(String, &'static str)>,
    regions: Vec<Region>,
    hubs: Vec<(String, String)>,
    names: BTreeMap<ComplexId, String>,
    form: Fields,
    errors: Vec<String>,
}

impl DecisionsPage {
    fn target(&self, d: &Designation) -> String {
        match (&d.region, &d.complex) {
            (Some(r), _) => r.short_name().to_string(),
            (None, Some(c)) => self.names.get(c).cloned().unwrap_or_else(|| c.0.clone()),
            _ => String::new(),
        }
    }
}

pub const KINDS: [DesignationKind; 4] = [
    DesignationKind::PreliminarySelection,
    DesignationKind::SmartGreen,
    DesignationKind::CompetitivenessDistrict,
    DesignationKind::FinalConfirmation,
];

pub fn kind_key(kind: DesignationKind) -> String {
    crate::ui::fields::key(kind)
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    year: i32,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    state
        .store
        .round(year)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("{year}년 공모 회차가 없습니다.")))?;
    let s = standing(state, year).await?;
    let complexes = state.store.complexes().await?;
    let names: BTreeMap<ComplexId, String> = complexes.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
    let path = format!("/rounds/{year}/decisions");
    let title = format!("{year}년 위원회 의결");
    let mut form = form;
    if !form.has("body") {
        form.set("body", COMMITTEE);
    }
    let page = DecisionsPage {
        layout: Layout::new(lang, title.clone(), &path, vec![(title, path.clone())]).for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        year,
        meetings: state.store.meetings_of(year).await?,
        results_open: s.stage == Stage::Closed,
        recommended: if s.stage == Stage::Closed {
            recommended(&s.results)
                .iter()
                .map(|r| r.short_name())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            "평가가 끝나지 않았습니다".into()
        },
        kinds: KINDS.iter().map(|k| (kind_key(*k), k.korean())).collect(),
        regions: Region::in_ganada_order(),
        hubs: s
            .hubs
            .iter()
            .map(|(r, c)| {
                (
                    c.0.clone(),
                    format!(
                        "{} {}",
                        r.short_name(),
                        names.get(c).cloned().unwrap_or_else(|| c.0.clone())
                    ),
                )
            })
            .collect(),
        names,
        form,
        errors,
    };
    render(&page, lang).map_err(|e| e.0)
}

fn office(viewer: &Viewer) -> Result<(), Failure> {
    viewer.may(Action::Change, &Subject::Evaluation { closed: true })
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    office(&viewer).map_err(fail)?;
    let year = params::year(&year).map_err(fail)?;
    page(&state, &viewer, lang, year, Fields::new(), Vec::new())
        .await
        .map_err(fail)
}

async fn act<F, Fut>(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    year: &str,
    fields: Fields,
    run: F,
) -> Result<Response, PageFailure>
where
    F: FnOnce(i32, Fields) -> Fut,
    Fut: std::future::Future<Output = (Fields, Result<(), Failure>)>,
{
    let fail = |e: Failure| PageFailure(e, lang);
    office(viewer).map_err(fail)?;
    let year = params::year(year).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    match run(year, fields).await {
        (_, Ok(())) => Ok(see_other(&format!("/rounds/{year}/decisions")).into_response()),
        (fields, Err(Failure::Refused(m) | Failure::Conflict(m) | Failure::BadInput(m))) => {
            let html = page(state, viewer, lang, year, fields, vec![m]).await.map_err(fail)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        (_, Err(other)) => Err(fail(other)),
    }
}

fn read_meeting(fields: &Fields) -> Result<CommitteeMeeting, Failure> {
    let date = fields
        .get("date")
        .trim()
        .parse::<Day>()
        .map_err(|_| Failure::BadInput("회의 날짜를 2027-03-24처럼 쓰십시오.".into()))?;
    let meeting = CommitteeMeeting {
        date,
        body: fields.get("body").trim().to_string(),
        members_present: fields
            .get("members")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        note: fields.get("note").trim().to_string(),
    };
    let problems = meeting.problems();
    if problems.is_empty() {
        Ok(meeting)
    } else {
        Err(Failure::BadInput(problems.join(" ")))
    }
}

pub async fn record_meeting(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer) = (&state, &viewer);
    act(state, viewer, lang, &year, fields, move |year, fields| async move {
        let result = async {
            let meeting = read_meeting(&fields)?;
            let at = timestamp();
            state.store.record_meeting(year, &meeting, &change(viewer, &at)).await?;
            Ok(())
        }
        .await;
        (fields, result)
    })
    .await
}

/// The evaluated version of each plan this round's decisions name, as the record will show it.
async fn plans_decided(
    state: &AppState,
    year: i32,
    meeting: &StoredMeeting,
    source: &Source,
) -> Result<Vec<sandan_domain::Plan>, Failure> {
    let names: BTreeMap<ComplexId, String> = state
        .store
        .complexes()
        .await?
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let evaluated = state.store.evaluated_plans(year).await?;
    let mut plans = Vec::new();
    for d in &meeting.decisions {
        let (Some(region), Some(round)) = (d.designation.region, d.designation.round) else {
            continue;
        };
        let Some(plan) = evaluated.iter().find(|p| p.region == region && round == year) else {
            continue;
        };
        if let Some((_, proposal)) = state.store.version(year, region, plan.version).await?
            && let Some(published) =
                published_plan(year, region, &proposal, |id| names.get(id).cloned(), source.id.clone())
            && !plans.iter().any(|p: &sandan_domain::Plan| p.region == region)
        {
            plans.push(published);
        }
    }
    Ok(plans)
}

fn meeting_id(text: &str) -> Result<i64, Failure> {
    text.parse().map_err(|_| Failure::NotFound("없는 회의입니다.".into()))
}

pub async fn record_decision(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, meeting)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer) = (&state, &viewer);
    act(state, viewer, lang, &year, fields, move |year, fields| async move {
        let result = async {
            let meeting = meeting_id(&meeting)?;
            let kind = KINDS
                .into_iter()
                .find(|k| kind_key(*k) == fields.get("kind"))
                .ok_or_else(|| Failure::BadInput("의결 종류를 고르십시오.".into()))?;
            let s = standing(state, year).await?;
            let record = state.store.designations().await?;
            // As the record writes them: a selection names the region and its hub; a district
            // belongs to the round its plan was selected in; smart green names a complex only.
            let (round, region, complex) = match kind {
                DesignationKind::SmartGreen => (None, None, Some(params::complex_id(fields.get("complex"))?)),
                DesignationKind::CompetitivenessDistrict => {
                    let region = params::region(fields.get("region"))?;
                    let hub = record
                        .iter()
                        .find(|d| {
                            d.kind == DesignationKind::PreliminarySelection
                                && d.round == Some(year - 1)
                                && d.region == Some(region)
                        })
                        .and_then(|d| d.complex.clone());
                    (Some(year - 1), Some(region), hub)
                }
                _ => {
                    let region = params::region(fields.get("region"))?;
                    let hub = s.hubs.iter().find(|(r, _)| *r == region).map(|(_, c)| c.clone());
                    (Some(year), Some(region), hub)
                }
            };
            let note = Some(fields.get("note").trim().to_string()).filter(|n| !n.is_empty());
            let meetings = state.store.meetings_of(year).await?;
            let date = meetings
                .iter()
                .find(|m| m.id == meeting)
                .map(|m| m.meeting.date)
                .ok_or_else(|| Failure::NotFound("없는 회의입니다.".into()))?;
            let proposed = Designation {
                kind,
                date,
                body: String::new(),
                round,
                region,
                complex,
                note,
                sources: vec![],
            };
            let at = timestamp();
            state
                .store
                .record_decision(
                    year,
                    meeting,
                    &proposed,
                    |decided: &[Designation]| {
                        decision::check(
                            &proposed,
                            &decision::Context {
                                year,
                                stage: s.stage,
                                quota: s.quota,
                                results: &s.results,
                                hubs: &s.hubs,
                                decided,
                                record: &record,
                            },
                        )
                    },
                    &change(viewer, &at),
                )
                .await?;
            Ok(())
        }
        .await;
        (fields, result)
    })
    .await
}

/// Publishes a meeting's decisions into the public record, citing the meeting as their source.
pub async fn publish(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, meeting)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer) = (&state, &viewer);
    act(state, viewer, lang, &year, fields, move |year, fields| async move {
        let result = async {
            let id = meeting_id(&meeting)?;
            let m = state
                .store
                .meetings_of(year)
                .await?
                .into_iter()
                .find(|m| m.id == id)
                .ok_or_else(|| Failure::NotFound("없는 회의입니다.".into()))?;
            let source = Source {
                id: SourceId(format!("sandan-committee-{year}-{id}")),
                title: format!("{} {} 의결 ({}년 공모)", m.meeting.date.korean(), m.meeting.body, year),
                publisher: "국토교통부·산업통상자원부 (Sandan 위원회 기록)".into(),
                published: Some(m.meeting.date),
                url: Some(format!("/rounds/{year}/results")),
                note: Some(format!("참석 위원: {}", m.meeting.members_present.join(", "))),
            };
            let plans = plans_decided(state, year, &m, &source).await?;
            let at = timestamp();
            state
                .store
                .publish_meeting(year, id, &source, &plans, &change(viewer, &at))
                .await?;
            Ok(())
        }
        .await;
        (fields, result)
    })
    .await
}
