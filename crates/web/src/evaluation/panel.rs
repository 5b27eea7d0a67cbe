//! 평가 운영 (공동 주관부처): the round's framework, the panel and its conflicts and assignments
//! in one table, starting the scoring (which freezes the framework), progress and reminders,
//! and closing the panel. What every evaluation page needs is loaded here once.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::evaluation::framework_lines::{
    bonuses_to_lines, indicators_to_lines, parse_bonuses, parse_indicators,
};
use sandan_domain::evaluation::{
    Aggregation, Conflict, ConflictKind, Framework, PlanResult, Points, Scores, Stage, aggregate, panel, unit_weights,
};
use sandan_domain::{Action, Day, Region, Role, Subject, UserId};
use sandan_store::evaluation::{DeclaredConflict, EvaluatedPlan, Panel, PanelMember, Reminder, StoredSheet};

use crate::auth::Viewer;
use crate::auth::change;
use crate::clock::timestamp;
use crate::clock::{now_seconds, now_seoul};
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::ui::params;
use crate::{AppState, Lang};

/// A round's evaluation as stored: the panel, who sits on it, what they may not score, and
/// what each scores.
pub struct Board {
    pub year: i32,
    pub panel: Panel,
    pub members: Vec<PanelMember>,
    pub conflicts: Vec<DeclaredConflict>,
    pub plans: Vec<EvaluatedPlan>,
    pub assignments: Vec<(UserId, Region)>,
}

impl Board {
    pub fn closed(&self) -> bool {
        self.panel.stage == Stage::Closed
    }

    pub fn is_member(&self, user: UserId) -> bool {
        self.members.iter().any(|m| m.member.user == user)
    }

    pub fn assigned(&self, user: UserId, region: Region) -> bool {
        self.assignments.contains(&(user, region))
    }

    pub fn member_name(&self, user: UserId) -> String {
        self.members
            .iter()
            .find(|m| m.member.user == user)
            .map_or_else(|| format!("사용자 {}", user.0), |m| m.member.name.clone())
    }

    pub fn regions(&self) -> Vec<Region> {
        self.plans.iter().map(|p| p.region).collect()
    }

    /// Aggregated results from the submitted sheets, in rank order.
    pub fn results(&self, sheets: &[StoredSheet]) -> Vec<PlanResult> {
        let framework = &self.panel.framework;
        aggregate(
            framework,
            &self.regions(),
            &self.scores(sheets),
            &unit_weights(framework),
            None,
        )
    }

    /// Submitted sheets as aggregation sees them; seniority is the order of appointment.
    pub fn scores(&self, sheets: &[StoredSheet]) -> Vec<Scores> {
        sheets
            .iter()
            .filter(|s| s.submitted_at.is_some())
            .map(|s| {
                let seniority = self
                    .members
                    .iter()
                    .position(|m| m.member.user == s.evaluator)
                    .unwrap_or(usize::MAX);
                Scores::of(s.evaluator, seniority, s.region, &s.sheet, &self.panel.framework)
            })
            .collect()
    }
}

pub async fn board(state: &AppState, year: i32) -> Result<Board, Failure> {
    board_if_any(state, year)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("{year}년 평가는 아직 준비되지 않았습니다.")))
}

/// The board, or None while the office has not saved a framework.
pub async fn board_if_any(state: &AppState, year: i32) -> Result<Option<Board>, Failure> {
    let Some(panel) = state.store.panel(year).await? else {
        return Ok(None);
    };
    Ok(Some(Board {
        year,
        members: state.store.members(year).await?,
        conflicts: state.store.conflicts(year).await?,
        plans: state.store.evaluated_plans(year).await?,
        assignments: state.store.assignments(year).await?,
        panel,
    }))
}

/// One cell of the conflicts-and-assignments table.
pub struct Cell {
    pub text: String,
    pub conflict: bool,
}

/// One evaluator's row: her cells per plan, and how many of her sheets are in.
pub struct PanelRow {
    pub member: PanelMember,
    pub cells: Vec<Cell>,
    pub submitted: usize,
    pub assigned: usize,
}

#[derive(Template)]
#[template(path = "evaluation/evaluation.html")]
struct EvaluationPage {
    layout: Layout,
    csrf: String,
    year: i32,
    panel: Option<Panel>,
    form: Fields,
    errors: Vec<String>,
    start_problems: Vec<String>,
    columns: Vec<Region>,
    rows: Vec<PanelRow>,
    conflicts: Vec<DeclaredConflict>,
    candidates: Vec<(UserId, String)>,
    reminders: Vec<Reminder>,
    aggregations: Vec<(&'static str, &'static str)>,
    conflict_kinds: Vec<(&'static str, &'static str)>,
    regions: Vec<Region>,
}

impl EvaluationPage {
    fn frozen(&self) -> bool {
        self.panel.as_ref().is_some_and(|p| p.stage != Stage::Setup)
    }

    fn stage(&self) -> &'static str {
        self.panel.as_ref().map_or("평가틀 미설정", |p| p.stage.korean())
    }

    fn scoring(&self) -> bool {
        self.panel.as_ref().is_some_and(|p| p.stage == Stage::Scoring)
    }

    fn closed(&self) -> bool {
        self.panel.as_ref().is_some_and(|p| p.stage == Stage::Closed)
    }
}

/// The framework as the form shows it.
fn framework_form(f: &Framework) -> Fields {
    let mut form = Fields::new();
    form.set("indicators", indicators_to_lines(&f.indicators));
    form.set("bonuses", bonuses_to_lines(&f.bonuses));
    form.set("bonus_cap", f.bonus_cap.map(|p| p.to_string()).unwrap_or_default());
    form.set("cut_off", f.cut_off.map(|p| p.to_string()).unwrap_or_default());
    form.set("aggregation", f.aggregation.key());
    form.set(
        "tie_break",
        f.tie_break
            .iter()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(", "),
    );
    form.set("quota", f.quota);
    form.set("panel_size", f.panel_size);
    form.set("scoring_due", f.scoring_due.map(|d| d.to_string()).unwrap_or_default());
    form
}

/// Reads the framework form, every problem named.
fn read_framework(form: &Fields) -> Result<Framework, Vec<String>> {
    let mut errors = Vec::new();
    let indicators = parse_indicators(form.get("indicators")).unwrap_or_else(|p| {
        errors.extend(p);
        Vec::new()
    });
    let bonuses = parse_bonuses(form.get("bonuses")).unwrap_or_else(|p| {
        errors.extend(p);
        Vec::new()
    });
    let mut optional_points = |name: &str, label: &str| match form.get(name).trim() {
        "" => None,
        text => text
            .parse::<Points>()
            .map_err(|e| errors.push(format!("{label}: {e}")))
            .ok(),
    };
    let bonus_cap = optional_points("bonus_cap", "가점 합계 상한");
    let cut_off = optional_points("cut_off", "과락 기준");
    let aggregation = Aggregation::from_key(form.get("aggregation")).unwrap_or_else(|| {
        errors.push("집계 방식을 고르십시오.".into());
        Aggregation::TrimmedMean
    });
    let tie_break: Vec<usize> = form
        .get("tie_break")
        .split([',', ' '])
        .filter(|t| !t.is_empty())
        .filter_map(|t| match t.parse::<usize>() {
            Ok(n) if n >= 1 => Some(n - 1),
            _ => {
                errors.push(format!("동점 처리 순서의 '{t}'은(는) 평가지표 번호(1부터)가 아닙니다."));
                None
            }
        })
        .collect();
    let mut count = |name: &str, label: &str| match form.get(name).trim().parse::<u32>() {
        Ok(n) => n,
        Err(_) => {
            errors.push(format!("{label}을(를) 숫자로 쓰십시오."));
            0
        }
    };
    let quota = count("quota", "선정 규모");
    let panel_size = count("panel_size", "평가위원 수");
    let scoring_due = match form.get("scoring_due").trim() {
        "" => None,
        text => match text.parse::<Day>() {
            Ok(d) if d.day.is_some() => Some(d),
            _ => {
                errors.push("평가 마감일을 2027-04-30처럼 쓰십시오.".into());
                None
            }
        },
    };
    let framework = Framework {
        indicators,
        bonuses,
        bonus_cap,
        cut_off,
        aggregation,
        tie_break,
        quota,
        panel_size,
        scoring_due,
    };
    errors.extend(framework_problems(&framework));
    if errors.is_empty() { Ok(framework) } else { Err(errors) }
}

/// What keeps a framework from being saved. Points may wait until scoring starts; everything
/// else must be right.
fn framework_problems(framework: &Framework) -> Vec<String> {
    framework
        .problems()
        .into_iter()
        .filter(|p| !p.contains("배점을 정하십시오"))
        .collect()
}

/// Stores a framework (the form's, or the API's body) over the edit version `expected`, once
/// it has no problems: Ok(Err) lists them; Err is the store's refusal (`Failure::Conflict`
/// when someone saved since, `Failure::Refused` once scoring has started).
pub(crate) async fn store_framework(
    state: &AppState,
    viewer: &Viewer,
    year: i32,
    framework: &Framework,
    expected: i64,
) -> Result<Result<(), Vec<String>>, Failure> {
    let problems = framework_problems(framework);
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let at = timestamp();
    state
        .store
        .save_framework(year, framework, expected, &change(viewer, &at))
        .await
        .map_err(Failure::from)?;
    Ok(Ok(()))
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    year: i32,
    form: Option<Fields>,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    let round = state
        .store
        .round(year)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("{year}년 공모 회차가 없습니다.")))?;
    let board = board_if_any(state, year).await?;
    let panel = board.as_ref().map(|b| b.panel.clone());
    let (columns, rows, conflicts, start_problems, reminders) = match board {
        Some(b) => {
            let sheets = state.store.sheets(year).await?;
            let (columns, start) = plans_and_start_problems(state, &b).await?;
            let rows = panel_rows(&b, &columns, &sheets);
            let reminders = state.store.reminders(year).await?;
            (columns, rows, b.conflicts, start, reminders)
        }
        None => (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new()),
    };
    let framework = panel
        .as_ref()
        .map(|p| p.framework.clone())
        .unwrap_or_else(|| Framework::seed_default(round.quota.unwrap_or(5)));
    let mut form = form.unwrap_or_else(|| framework_form(&framework));
    if !form.has("version") {
        form.set("version", panel.as_ref().map_or(0, |p| p.version));
    }
    let on_panel: Vec<UserId> = rows.iter().map(|r| r.member.member.user).collect();
    let candidates = candidates(state, &on_panel)
        .await?
        .into_iter()
        .map(|(id, name, login)| (id, format!("{name} ({login})")))
        .collect();
    let path = format!("/rounds/{year}/evaluation");
    let title = format!("{year}년 평가 운영");
    // A round bundled from the record has no call run here: its crumb leads to the round.
    let round_crumb = if state.store.call(year).await?.is_some() {
        (format!("{year}년 공모 운영"), format!("/rounds/{year}/call"))
    } else {
        (format!("{year}년 공모"), format!("/rounds/{year}"))
    };
    let page = EvaluationPage {
        layout: Layout::new(lang, title.clone(), &path, vec![round_crumb, (title, path.clone())]).for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        year,
        panel,
        form,
        errors,
        start_problems,
        columns,
        rows,
        conflicts,
        candidates,
        reminders,
        aggregations: Aggregation::ALL.iter().map(|a| (a.key(), a.korean())).collect(),
        conflict_kinds: ConflictKind::ALL.iter().map(|k| (k.key(), k.korean())).collect(),
        regions: Region::in_ganada_order(),
    };
    render(&page, lang).map_err(|e| e.0)
}

/// Who may be appointed: unlocked users with the evaluator role not yet on the panel, as
/// (id, name, login).
pub(crate) async fn candidates(
    state: &AppState,
    on_panel: &[UserId],
) -> Result<Vec<(UserId, String, String)>, Failure> {
    Ok(state
        .store
        .users(now_seconds())
        .await
        .map_err(|e| Failure::Internal(e.to_string()))?
        .into_iter()
        .filter(|u| !u.locked && u.grants.iter().any(|g| g.role == Role::Evaluator) && !on_panel.contains(&u.id))
        .map(|u| (u.id, u.name, u.login))
        .collect())
}

/// The plans the panel scores (those submitted, while it is being set up) and what keeps
/// scoring from starting now.
pub(crate) async fn plans_and_start_problems(
    state: &AppState,
    b: &Board,
) -> Result<(Vec<Region>, Vec<String>), Failure> {
    let p = &b.panel;
    let columns = if p.stage == Stage::Setup {
        submitted_regions(state, b.year).await?
    } else {
        b.regions()
    };
    let conflicted: Vec<Conflict> = b.conflicts.iter().map(|c| c.conflict.clone()).collect();
    let members: Vec<_> = b.members.iter().map(|m| m.member.clone()).collect();
    let mut start = p.framework.problems();
    start.extend(panel::start_problems(
        p.framework.panel_size,
        &members,
        &columns,
        &conflicted,
    ));
    Ok((columns, start))
}

/// Regions with a submitted plan, in 가나다 order: who will be evaluated if scoring starts now.
async fn submitted_regions(state: &AppState, year: i32) -> Result<Vec<Region>, Failure> {
    let submitted: Vec<Region> = state
        .store
        .standings(year)
        .await?
        .into_iter()
        .filter(|s| s.latest.is_some())
        .map(|s| s.region)
        .collect();
    Ok(Region::in_ganada_order()
        .into_iter()
        .filter(|r| submitted.contains(r))
        .collect())
}

fn panel_rows(b: &Board, columns: &[Region], sheets: &[StoredSheet]) -> Vec<PanelRow> {
    b.members
        .iter()
        .map(|m| {
            let user = m.member.user;
            let cells = columns
                .iter()
                .map(|region| {
                    if let Some(c) = b
                        .conflicts
                        .iter()
                        .find(|c| c.conflict.evaluator == user && c.conflict.region == *region)
                    {
                        return Cell {
                            text: format!("이해충돌 ({})", c.conflict.kind.korean()),
                            conflict: true,
                        };
                    }
                    let text = if !b.assigned(user, *region) {
                        if b.panel.stage == Stage::Setup {
                            "배정 예정"
                        } else {
                            "미배정"
                        }
                    } else {
                        match sheets.iter().find(|s| s.evaluator == user && s.region == *region) {
                            Some(s) if s.submitted_at.is_some() => "제출",
                            Some(_) => "작성 중",
                            None => "미작성",
                        }
                    };
                    Cell {
                        text: text.to_string(),
                        conflict: false,
                    }
                })
                .collect();
            let mine = |s: &&StoredSheet| s.evaluator == user && s.submitted_at.is_some();
            PanelRow {
                member: m.clone(),
                cells,
                submitted: sheets.iter().filter(mine).count(),
                assigned: b.assignments.iter().filter(|(u, _)| *u == user).count(),
            }
        })
        .collect()
}

pub(crate) fn office(viewer: &Viewer) -> Result<(), Failure> {
    viewer.may(Action::Change, &Subject::Evaluation { closed: false })
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
    page(&state, &viewer, lang, year, None, Vec::new()).await.map_err(fail)
}

/// Runs an office action and shows the page again, with the refusal if there was one.
async fn act<F, Fut>(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    year: &str,
    fields: &Fields,
    run: F,
) -> Result<Response, PageFailure>
where
    F: FnOnce(i32) -> Fut,
    Fut: std::future::Future<Output = Result<(), Failure>>,
{
    let fail = |e: Failure| PageFailure(e, lang);
    office(viewer).map_err(fail)?;
    let year = params::year(year).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    match run(year).await {
        Ok(()) => Ok(see_other(&format!("/rounds/{year}/evaluation")).into_response()),
        Err(Failure::Refused(m) | Failure::Conflict(m) | Failure::BadInput(m)) => {
            let html = page(state, viewer, lang, year, None, vec![m]).await.map_err(fail)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(other) => Err(fail(other)),
    }
}

pub async fn save_framework(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    office(&viewer).map_err(fail)?;
    let year = params::year(&year).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let expected = fields.expected_version().map_err(fail)?;
    let stored = match read_framework(&fields) {
        Ok(framework) => store_framework(&state, &viewer, year, &framework, expected).await,
        Err(errors) => Ok(Err(errors)),
    };
    let (status, errors) = match stored {
        Ok(Ok(())) => return Ok(see_other(&format!("/rounds/{year}/evaluation")).into_response()),
        Ok(Err(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(Failure::Conflict(m)) => (StatusCode::CONFLICT, vec![m]),
        Err(Failure::Refused(m)) => (StatusCode::UNPROCESSABLE_ENTITY, vec![m]),
        Err(other) => return Err(fail(other)),
    };
    let html = page(&state, &viewer, lang, year, Some(fields), errors)
        .await
        .map_err(fail)?;
    Ok((status, html).into_response())
}

fn user_of(text: &str) -> Result<UserId, Failure> {
    text.trim()
        .parse()
        .map(UserId)
        .map_err(|_| Failure::BadInput("평가위원을 목록에서 고르십시오.".into()))
}

pub async fn appoint(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer, fields) = (&state, &viewer, &fields);
    act(state, viewer, lang, &year, fields, move |year| async move {
        appoint_member(
            state,
            viewer,
            year,
            user_of(fields.get("user"))?,
            fields.get("affiliation"),
        )
        .await
    })
    .await
}

/// 위촉: puts `user` (who must hold the evaluator role) on the round's panel.
pub(crate) async fn appoint_member(
    state: &AppState,
    viewer: &Viewer,
    year: i32,
    user: UserId,
    affiliation: &str,
) -> Result<(), Failure> {
    let at = timestamp();
    state
        .store
        .appoint(year, user, affiliation, &change(viewer, &at))
        .await?;
    Ok(())
}

pub async fn dismiss(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer, fields) = (&state, &viewer, &fields);
    act(state, viewer, lang, &year, fields, move |year| async move {
        let user = user_of(fields.get("user"))?;
        let at = timestamp();
        state.store.dismiss(year, user, &change(viewer, &at)).await?;
        Ok(())
    })
    .await
}

/// Reads a conflict declaration; `evaluator` is who it concerns.
pub fn read_conflict(fields: &Fields, evaluator: UserId) -> Result<Conflict, Failure> {
    let region = params::region(fields.get("region"))
        .map_err(|_| Failure::BadInput("이해충돌이 있는 시·도를 고르십시오.".into()))?;
    let kind = ConflictKind::from_key(fields.get("kind"))
        .ok_or_else(|| Failure::BadInput("이해충돌 유형을 고르십시오.".into()))?;
    Ok(Conflict {
        evaluator,
        region,
        kind,
        note: fields.get("note").trim().to_string(),
    })
}

/// The office records a conflict on an evaluator's behalf (e.g. one found by checking her
/// affiliation); evaluators declare their own on their page.
pub async fn record_conflict(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer, fields) = (&state, &viewer, &fields);
    act(state, viewer, lang, &year, fields, move |year| async move {
        let conflict = read_conflict(fields, user_of(fields.get("user"))?)?;
        let at = timestamp();
        state
            .store
            .declare_conflict(year, &conflict, &change(viewer, &at))
            .await?;
        Ok(())
    })
    .await
}

/// 평가 개시: checks the framework and the panel, assigns every plan to every evaluator
/// without a conflict, freezes the latest submitted version of each plan.
pub async fn start(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer, fields) = (&state, &viewer, &fields);
    act(state, viewer, lang, &year, fields, move |year| {
        start_scoring(state, viewer, year, Some(fields.get("early_reason")))
    })
    .await
}

/// Starts the scoring (see `start`); `early` is the office's reason for starting while the
/// call is still open, required then.
pub(crate) async fn start_scoring(
    state: &AppState,
    viewer: &Viewer,
    year: i32,
    early: Option<&str>,
) -> Result<(), Failure> {
    let b = board(state, year).await?;
    let standings = state.store.standings(year).await?;
    let plans: Vec<(Region, u32)> = standings
        .iter()
        .filter_map(|s| s.latest.as_ref().map(|v| (s.region, v.number)))
        .collect();
    let regions: Vec<Region> = plans.iter().map(|(r, _)| *r).collect();
    let members: Vec<_> = b.members.iter().map(|m| m.member.clone()).collect();
    let conflicts: Vec<Conflict> = b.conflicts.iter().map(|c| c.conflict.clone()).collect();
    let mut problems = b.panel.framework.problems();
    problems.extend(panel::start_problems(
        b.panel.framework.panel_size,
        &members,
        &regions,
        &conflicts,
    ));
    if !problems.is_empty() {
        return Err(Failure::Refused(format!(
            "평가를 시작할 수 없습니다: {}",
            problems.join(" / ")
        )));
    }
    let assignments = panel::assignments(&members, &regions, &conflicts);
    let early = early.map(str::trim).filter(|r| !r.is_empty());
    let at = timestamp();
    state
        .store
        .start_scoring(year, &plans, &assignments, now_seoul(), early, &change(viewer, &at))
        .await?;
    Ok(())
}

pub async fn unassign(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer, fields) = (&state, &viewer, &fields);
    act(state, viewer, lang, &year, fields, move |year| async move {
        let user = user_of(fields.get("user"))?;
        let region = params::region(fields.get("region"))?;
        let at = timestamp();
        state.store.unassign(year, user, region, &change(viewer, &at)).await?;
        Ok(())
    })
    .await
}

pub async fn remind(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer, fields) = (&state, &viewer, &fields);
    act(state, viewer, lang, &year, fields, move |year| async move {
        let who = match fields.get("user") {
            "all" | "" => None,
            text => Some(user_of(text)?),
        };
        let at = timestamp();
        state
            .store
            .remind(year, who, fields.get("note"), &change(viewer, &at))
            .await?;
        Ok(())
    })
    .await
}

pub async fn close(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer, fields) = (&state, &viewer, &fields);
    act(state, viewer, lang, &year, fields, move |year| {
        close_panel(state, viewer, year)
    })
    .await
}

/// 평가 마감: no sheet changes after, and the results can be read.
pub(crate) async fn close_panel(state: &AppState, viewer: &Viewer, year: i32) -> Result<(), Failure> {
    let at = timestamp();
    state.store.close_panel(year, &change(viewer, &at)).await?;
    Ok(())
}
