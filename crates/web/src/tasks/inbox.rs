//! The inbox: for each round with a call, what the viewer's roles leave to do in it.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::Html;
use sandan_domain::evaluation::Stage;
use sandan_domain::submission::{self, SeoulTime};
use sandan_domain::tasks::{self, EvaluatorRound, OfficeRound, ProvinceRound, Sheet, Task};
use sandan_domain::{Action, Actor, Day, Region, Role, Subject};
use sandan_store::evaluation::Panel;
use serde::Serialize;

use crate::auth::Viewer;
use crate::call::calls::{CallContext, reopened_until};
use crate::clock::{now_seoul, today};
use crate::failure::Failure;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "tasks/inbox.html")]
struct InboxPage {
    layout: Layout,
    today: Day,
    tasks: Vec<Task>,
}

/// The viewer's tasks as the API gives them.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Inbox {
    /// Today in Korea (KST), from which each `d_day` is counted.
    pub today: Day,
    pub tasks: Vec<InboxTask>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InboxTask {
    #[serde(flatten)]
    pub task: Task,
    /// "D-3", "D-day" or "2일 지남"; none without a deadline.
    pub d_day: Option<String>,
}

pub async fn page(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let actor = signed_in(&viewer).map_err(fail)?;
    let tasks = tasks_of(&state, actor).await.map_err(fail)?;
    let title = lang.pick("할 일", "My tasks");
    let page = InboxPage {
        layout: Layout::new(lang, title, "/tasks", vec![(title.to_string(), "/tasks".into())]).for_viewer(&viewer),
        today: today(),
        tasks,
    };
    render(&page, lang)
}

#[utoipa::path(get, path = "/api/v1/tasks", tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "로그인한 사용자의 역할에 따른 할 일 (마감이 급한 순서)", body = Inbox),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api(State(state): State<AppState>, viewer: Viewer) -> Result<Json<Inbox>, ApiFailure> {
    let actor = signed_in(&viewer)?;
    let today = today();
    let tasks = tasks_of(&state, actor).await?;
    Ok(Json(Inbox {
        today,
        tasks: tasks
            .into_iter()
            .map(|task| InboxTask {
                d_day: task.d_day(today),
                task,
            })
            .collect(),
    }))
}

fn signed_in(viewer: &Viewer) -> Result<&Actor, Failure> {
    let actor = viewer
        .actor()
        .ok_or_else(|| Failure::SignInRequired("할 일을 보려면 로그인하십시오.".into()))?;
    viewer.may(Action::View, &Subject::Account { owner: actor.user })?;
    Ok(actor)
}

/// Every task of every role the actor holds, the most pressing first.
pub(crate) async fn tasks_of(state: &AppState, actor: &Actor) -> Result<Vec<Task>, Failure> {
    let today = today();
    let mut all = Vec::new();
    let calendar = state.store.calendar().await?;
    let mut calls = state.store.calls().await?;
    for round in state.store.rounds().await? {
        let Some(call) = calls.remove(&round.year) else {
            continue;
        };
        let ctx = CallContext::new(round, call, calendar.clone());
        let panel = state.store.panel(ctx.round.year).await?;
        let stage = panel.as_ref().map_or(Stage::Setup, |p| p.stage);
        for role in &actor.roles {
            match role {
                Role::ProvincialOfficer { region } => {
                    all.extend(province(state, &ctx, stage, *region, today).await?);
                }
                Role::Evaluator => all.extend(evaluator(state, actor, &ctx, panel.as_ref(), today).await?),
                Role::ProgramOffice => all.extend(office(state, &ctx, panel.as_ref(), today).await?),
                _ => {}
            }
        }
    }
    all.extend(super::reports::tasks_of(state, actor, today).await?);
    all.extend(crate::grievances::handling::open_tasks(state, actor, today).await?);
    Ok(tasks::in_order(all))
}

async fn province(
    state: &AppState,
    ctx: &CallContext,
    stage: Stage,
    region: Region,
    today: Day,
) -> Result<Vec<Task>, Failure> {
    let year = ctx.round.year;
    let latest = state
        .store
        .standings(year)
        .await?
        .into_iter()
        .find(|s| s.region == region)
        .and_then(|s| s.latest.map(|l| (l.number, s.unchanged)));
    let revision = state
        .store
        .revision_requests(year, Some(region))
        .await?
        .into_iter()
        .rev()
        .find(|r| r.answered_by.is_none())
        .map(|r| r.due);
    let standing = submission::Standing::of(latest, revision, &today);
    let window = submission::window(
        now_seoul(),
        ctx.deadline,
        &reopened_until(state, year, Some(region)).await?,
        revision.map(|due| SeoulTime::at(due, ctx.call.closes_at)),
    );
    let unanswered_comments = state
        .store
        .comments(year, region)
        .await?
        .iter()
        .filter(|c| c.answer.is_none())
        .count();
    let round = ProvinceRound {
        year,
        region,
        stage,
        standing: &standing,
        window: &window,
        unanswered_comments,
    };
    Ok(tasks::province(&round, today))
}

async fn evaluator(
    state: &AppState,
    actor: &Actor,
    ctx: &CallContext,
    panel: Option<&Panel>,
    today: Day,
) -> Result<Vec<Task>, Failure> {
    let year = ctx.round.year;
    let Some(panel) = panel else {
        return Ok(Vec::new());
    };
    if !state
        .store
        .members(year)
        .await?
        .iter()
        .any(|m| m.member.user == actor.user)
    {
        return Ok(Vec::new());
    }
    let sheets = state.store.sheets(year).await?;
    let mine = state
        .store
        .assignments(year)
        .await?
        .into_iter()
        .filter(|(user, _)| *user == actor.user)
        .map(|(_, region)| {
            let sheet = sheets.iter().find(|s| s.evaluator == actor.user && s.region == region);
            let state = match sheet {
                Some(s) if s.submitted_at.is_some() => Sheet::Submitted,
                Some(_) => Sheet::Saved,
                None => Sheet::NotStarted,
            };
            (region, state)
        })
        .collect();
    let round = EvaluatorRound {
        year,
        stage: panel.stage,
        due: panel.framework.scoring_due,
        sheets: mine,
    };
    Ok(tasks::evaluator(&round, today))
}

async fn office(state: &AppState, ctx: &CallContext, panel: Option<&Panel>, today: Day) -> Result<Vec<Task>, Failure> {
    let year = ctx.round.year;
    let stage = panel.map_or(Stage::Setup, |p| p.stage);
    let submitted = state
        .store
        .standings(year)
        .await?
        .iter()
        .filter(|s| s.latest.is_some())
        .count();
    let accepting = submission::window(
        now_seoul(),
        ctx.deadline,
        &reopened_until(state, year, None).await?,
        None,
    )
    .is_ok();
    let overdue_revisions = state
        .store
        .revision_requests(year, None)
        .await?
        .into_iter()
        .filter(|r| r.answered_by.is_none() && r.due < today)
        .map(|r| (r.region, r.due))
        .collect();
    let (sheets, scoring_due) = match stage {
        Stage::Scoring => {
            let assigned = state.store.assignments(year).await?.len();
            let submitted = state
                .store
                .sheets(year)
                .await?
                .iter()
                .filter(|s| s.submitted_at.is_some())
                .count();
            ((submitted, assigned), panel.and_then(|p| p.framework.scoring_due))
        }
        _ => ((0, 0), None),
    };
    let round = OfficeRound {
        year,
        stage,
        submitted,
        accepting,
        overdue_revisions,
        sheets,
        scoring_due,
    };
    let mut found = tasks::office(&round, today);
    if stage == Stage::Closed {
        let meetings = state.store.meetings_of(year).await?;
        let published = meetings.iter().any(|m| m.published_at.is_some());
        found.extend(tasks::decisions(year, meetings.len(), published, today));
    }
    Ok(found)
}
