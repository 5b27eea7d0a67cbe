//! 평가표: an evaluator's own work — her assigned plans, her conflict declarations, and for each
//! plan the frozen submitted version beside her sheet, saved as drafts and then submitted and
//! locked. Nobody else reads a sheet until the panel closes; the page and the API ask the same
//! policy question before revealing anything.

use std::collections::BTreeMap;

use askama::Template;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::evaluation::framework::Item;
use sandan_domain::evaluation::{Bonus, ConflictKind, Mark, Points, ScoreSheet, SheetProblem, Stage};
use sandan_domain::{Action, ComplexId, Proposal, Region, Subject, UserId};
use sandan_store::evaluation::{DeclaredConflict, Reminder, StoredSheet};
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::auth::change;
use crate::call::proposal_forms::{names, project_table};
use crate::clock::timestamp;
use crate::evaluation::panel::{Board, board, read_conflict};
use crate::failure::Failure;
use crate::ui::body::StrictJson;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::ui::params;
use crate::ui::revalidate::{Basis, tagged, version_tag};
use crate::{AppState, Lang};

/// A sheet the viewer may reach, with everything checked: the panel, the plan, the policy.
pub struct SheetAccess {
    pub board: Board,
    pub region: Region,
    pub evaluator: UserId,
    pub plan_version: u32,
}

#[derive(Deserialize, Default)]
pub struct SheetQuery {
    /// The office and the committee name whose sheet to read, once the panel has closed.
    pub evaluator: Option<String>,
}

pub async fn sheet_access(
    state: &AppState,
    viewer: &Viewer,
    year: &str,
    region: &str,
    evaluator: Option<&str>,
    action: Action,
) -> Result<SheetAccess, Failure> {
    let actor = viewer
        .actor()
        .ok_or_else(|| Failure::SignInRequired("로그인이 필요합니다.".into()))?;
    let year = params::year(year)?;
    let region = params::region(region)?;
    let evaluator = match evaluator {
        Some(text) => UserId(
            text.trim()
                .parse()
                .map_err(|_| Failure::BadInput("평가위원 번호가 잘못되었습니다.".into()))?,
        ),
        None => actor.user,
    };
    let board = board(state, year).await?;
    viewer.may(
        action,
        &Subject::ScoreSheet {
            evaluator,
            assigned: board.assigned(evaluator, region),
            sealed: !board.closed(),
        },
    )?;
    let plan_version = board
        .plans
        .iter()
        .find(|p| p.region == region)
        .map(|p| p.version)
        .ok_or_else(|| Failure::NotFound(format!("{}의 계획안은 평가 대상이 아닙니다.", region.short_name())))?;
    Ok(SheetAccess {
        board,
        region,
        evaluator,
        plan_version,
    })
}

/// A sheet's stored state, or a blank one.
async fn stored(state: &AppState, a: &SheetAccess) -> Result<(ScoreSheet, i64, Option<String>), Failure> {
    Ok(match state.store.sheet(a.board.year, a.evaluator, a.region).await? {
        Some(s) => (s.sheet, s.version, s.submitted_at),
        None => (ScoreSheet::blank(&a.board.panel.framework), 0, None),
    })
}

fn sheet_form(sheet: &ScoreSheet, version: i64) -> Fields {
    let mut form = Fields::new();
    for (k, m) in sheet.items.iter().enumerate() {
        form.set(
            format!("points-{k}"),
            m.points.map(|p| p.to_string()).unwrap_or_default(),
        );
        form.set(format!("reason-{k}"), &m.reason);
    }
    for (k, m) in sheet.bonuses.iter().enumerate() {
        form.set(
            format!("bonus-points-{k}"),
            m.points.map(|p| p.to_string()).unwrap_or_default(),
        );
        form.set(format!("bonus-reason-{k}"), &m.reason);
    }
    form.set("opinion", &sheet.opinion);
    form.set("version", version);
    form
}

/// Reads the typed sheet; a figure that is not a score is a problem on its field.
fn read_sheet(form: &Fields, items: usize, bonuses: usize) -> (ScoreSheet, Vec<SheetProblem>) {
    let mut problems = Vec::new();
    let mut mark = |points: &str, reason: &str, field: String| {
        let points = match points.trim() {
            "" => None,
            text => match text.parse::<Points>() {
                Ok(p) => Some(p),
                Err(e) => {
                    problems.push(SheetProblem {
                        field,
                        message: e.to_string(),
                    });
                    None
                }
            },
        };
        Mark {
            points,
            reason: reason.trim().to_string(),
        }
    };
    let items = (0..items)
        .map(|k| {
            mark(
                form.get(&format!("points-{k}")),
                form.get(&format!("reason-{k}")),
                format!("item-{k}"),
            )
        })
        .collect();
    let bonuses = (0..bonuses)
        .map(|k| {
            mark(
                form.get(&format!("bonus-points-{k}")),
                form.get(&format!("bonus-reason-{k}")),
                format!("bonus-{k}"),
            )
        })
        .collect();
    let sheet = ScoreSheet {
        items,
        bonuses,
        opinion: form.get("opinion").trim().to_string(),
    };
    (sheet, problems)
}

#[derive(Template)]
#[template(path = "evaluation/score_sheet.html")]
struct SheetPage {
    layout: Layout,
    csrf: String,
    base: String,
    own: bool,
    locked: bool,
    submitted_at: Option<String>,
    evaluator_name: String,
    plan_version: u32,
    items: Vec<Item>,
    bonuses: Vec<Bonus>,
    bonus_limit: String,
    total: String,
    form: Fields,
    problems: Vec<SheetProblem>,
    proposal: Proposal,
    names: BTreeMap<ComplexId, String>,
    projects: Vec<Vec<String>>,
    due: String,
    /// The version's documents, read through the route that checks she may.
    documents: Vec<sandan_store::documents::StoredDocument>,
    documents_href: String,
    /// 문서 찾기 in the round's documents this evaluator may read.
    search_href: String,
}

impl SheetPage {
    fn name(&self, id: &ComplexId) -> String {
        self.names.get(id).cloned().unwrap_or_else(|| id.0.clone())
    }

    fn problem(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.as_str())
    }

    fn max(&self, p: &Option<Points>) -> String {
        p.map(|p| p.to_string()).unwrap_or_else(|| "—".into())
    }
}

async fn sheet_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    a: &SheetAccess,
    form: Option<Fields>,
    problems: Vec<SheetProblem>,
) -> Result<Html<String>, Failure> {
    let year = a.board.year;
    let framework = &a.board.panel.framework;
    let (sheet, version, submitted_at) = stored(state, a).await?;
    let (_, proposal) = state
        .store
        .version(year, a.region, a.plan_version)
        .await?
        .ok_or_else(|| Failure::NotFound("평가 대상 제출본을 찾을 수 없습니다.".into()))?;
    let complexes = state.store.complexes().await?;
    let own = viewer.actor().is_some_and(|actor| actor.user == a.evaluator);
    let base = format!("/rounds/{year}/evaluation/sheets/{}", a.region.short_name());
    let title = format!("{year}년 {} 혁신계획 평가표", a.region.short_name());
    let crumbs = if own {
        vec![(format!("{year}년 나의 평가"), format!("/rounds/{year}/evaluation/mine"))]
    } else {
        vec![(
            format!("{year}년 평가 결과"),
            format!("/rounds/{year}/evaluation/results"),
        )]
    };
    let mut crumbs = crumbs;
    crumbs.push((title.clone(), base.clone()));
    let page = SheetPage {
        layout: Layout::new(lang, title, &base, crumbs).for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        own,
        locked: submitted_at.is_some() || a.board.panel.stage != Stage::Scoring || !own,
        submitted_at,
        evaluator_name: a.board.member_name(a.evaluator),
        plan_version: a.plan_version,
        items: framework.items(),
        bonuses: framework.bonuses.clone(),
        bonus_limit: framework.bonus_limit().to_string(),
        total: sheet.total(framework).to_string(),
        form: form.unwrap_or_else(|| sheet_form(&sheet, version)),
        problems,
        names: names(&complexes, &proposal),
        projects: project_table(&proposal.key_tasks),
        proposal,
        due: framework
            .scoring_due
            .map(|d| d.korean())
            .unwrap_or_else(|| "미정".into()),
        documents: state.store.version_documents(year, a.region, a.plan_version).await?,
        documents_href: format!(
            "/rounds/{year}/proposals/{}/versions/{}/documents",
            a.region.short_name(),
            a.plan_version
        ),
        search_href: format!("/rounds/{year}/documents"),
        base,
    };
    render(&page, lang).map_err(|e| e.0)
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
    Query(q): Query<SheetQuery>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = sheet_access(&state, &viewer, &year, &region, q.evaluator.as_deref(), Action::View)
        .await
        .map_err(fail)?;
    sheet_page(&state, &viewer, lang, &a, None, Vec::new())
        .await
        .map_err(fail)
}

/// Saves the sheet as typed, then submits it if asked: a refused submission keeps the draft.
pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = sheet_access(&state, &viewer, &year, &region, None, Action::Change)
        .await
        .map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let expected = fields.expected_version().map_err(fail)?;
    let framework = &a.board.panel.framework;
    let (sheet, mut problems) = read_sheet(&fields, framework.items().len(), framework.bonuses.len());
    problems.extend(sheet.draft_problems(framework));
    let submit = fields.get("intent") == "submit";
    if problems.is_empty() {
        let at = timestamp();
        match write(&state, &viewer, &a, &sheet, expected, submit, &at).await {
            Ok(missing) if !missing.is_empty() => {
                problems.push(SheetProblem {
                    field: "sheet".into(),
                    message: format!(
                        "임시 저장했습니다. 제출하려면 고칠 사항이 {}건 있습니다.",
                        missing.len()
                    ),
                });
                problems.extend(missing);
            }
            Ok(_) => {
                let to = if submit {
                    format!("/rounds/{}/evaluation/mine", a.board.year)
                } else {
                    format!(
                        "/rounds/{}/evaluation/sheets/{}#sheet",
                        a.board.year,
                        a.region.short_name()
                    )
                };
                return Ok(see_other(&to).into_response());
            }
            Err(Failure::Refused(m) | Failure::Conflict(m)) => problems.push(SheetProblem {
                field: "sheet".into(),
                message: m,
            }),
            Err(other) => return Err(fail(other)),
        }
    }
    // Show what was typed, on the saved version if the save went through before a refusal.
    let mut form = fields;
    if let Some(stored) = state
        .store
        .sheet(a.board.year, a.evaluator, a.region)
        .await
        .map_err(|e| fail(e.into()))?
    {
        form.0.retain(|(k, _)| k != "version");
        form.set("version", stored.version);
    }
    let html = sheet_page(&state, &viewer, lang, &a, Some(form), problems)
        .await
        .map_err(fail)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

/// Saves, then submits if asked and the sheet is complete. What a submission still lacks is
/// returned line by line, the draft kept.
async fn write(
    state: &AppState,
    viewer: &Viewer,
    a: &SheetAccess,
    sheet: &ScoreSheet,
    expected: i64,
    submit: bool,
    at: &str,
) -> Result<Vec<SheetProblem>, Failure> {
    let year = a.board.year;
    let version = state
        .store
        .save_sheet(year, a.evaluator, a.region, sheet, expected, &change(viewer, at))
        .await?;
    if submit {
        let missing = sheet.submit_problems(&a.board.panel.framework);
        if !missing.is_empty() {
            return Ok(missing);
        }
        state
            .store
            .submit_sheet(year, a.evaluator, a.region, version, &change(viewer, at))
            .await?;
    }
    Ok(Vec::new())
}

/// 나의 평가: what an evaluator has to do in a round.
#[derive(Template)]
#[template(path = "evaluation/evaluation_mine.html")]
struct MinePage {
    layout: Layout,
    csrf: String,
    year: i32,
    stage: Stage,
    due: String,
    rows: Vec<(Region, &'static str)>,
    conflicts: Vec<DeclaredConflict>,
    reminders: Vec<Reminder>,
    regions: Vec<Region>,
    conflict_kinds: Vec<(&'static str, &'static str)>,
    errors: Vec<String>,
}

async fn mine_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    year: &str,
    errors: Vec<String>,
) -> Result<(Html<String>, i32), Failure> {
    let actor = viewer
        .actor()
        .ok_or_else(|| Failure::SignInRequired("로그인이 필요합니다.".into()))?;
    let year = params::year(year)?;
    let b = match board(state, year).await {
        Err(Failure::NotFound(_)) => {
            return Err(Failure::Forbidden("이 회차의 평가위원으로 위촉되지 않았습니다.".into()));
        }
        other => other?,
    };
    viewer.may(
        Action::View,
        &Subject::Panelist {
            member: b.is_member(actor.user),
        },
    )?;
    let sheets: Vec<StoredSheet> = state
        .store
        .sheets(year)
        .await?
        .into_iter()
        .filter(|s| s.evaluator == actor.user)
        .collect();
    let rows = b
        .assignments
        .iter()
        .filter(|(u, _)| *u == actor.user)
        .map(|(_, region)| {
            let status = match sheets.iter().find(|s| s.region == *region) {
                Some(s) if s.submitted_at.is_some() => "제출 완료",
                Some(_) => "작성 중",
                None => "미작성",
            };
            (*region, status)
        })
        .collect();
    let path = format!("/rounds/{year}/evaluation/mine");
    let title = format!("{year}년 나의 평가");
    let page = MinePage {
        layout: Layout::new(lang, title.clone(), &path, vec![(title, path.clone())]).for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        year,
        stage: b.panel.stage,
        due: b
            .panel
            .framework
            .scoring_due
            .map(|d| d.korean())
            .unwrap_or_else(|| "미정".into()),
        rows,
        conflicts: b
            .conflicts
            .into_iter()
            .filter(|c| c.conflict.evaluator == actor.user)
            .collect(),
        reminders: state
            .store
            .reminders(year)
            .await?
            .into_iter()
            .filter(|r| r.evaluator.is_none_or(|u| u == actor.user))
            .collect(),
        regions: Region::in_ganada_order(),
        conflict_kinds: ConflictKind::ALL.iter().map(|k| (k.key(), k.korean())).collect(),
        errors,
    };
    Ok((render(&page, lang).map_err(|e| e.0)?, year))
}

pub async fn mine(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
) -> Result<Html<String>, PageFailure> {
    let (html, _) = mine_page(&state, &viewer, lang, &year, Vec::new())
        .await
        .map_err(|e| PageFailure(e, lang))?;
    Ok(html)
}

/// An evaluator declares her own conflict; a draft for that plan is withdrawn with it.
pub async fn declare(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let actor = viewer
        .actor()
        .ok_or_else(|| fail(Failure::SignInRequired("로그인이 필요합니다.".into())))?
        .clone();
    let y = params::year(&year).map_err(fail)?;
    let b = board(&state, y).await.map_err(fail)?;
    viewer
        .may(
            Action::Change,
            &Subject::Panelist {
                member: b.is_member(actor.user),
            },
        )
        .map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let result = async {
        let conflict = read_conflict(&fields, actor.user)?;
        let at = timestamp();
        state
            .store
            .declare_conflict(y, &conflict, &change(&viewer, &at))
            .await?;
        Ok::<(), Failure>(())
    }
    .await;
    match result {
        Ok(()) => Ok(see_other(&format!("/rounds/{y}/evaluation/mine")).into_response()),
        Err(Failure::Refused(m) | Failure::BadInput(m) | Failure::Conflict(m)) => {
            let (html, _) = mine_page(&state, &viewer, lang, &year, vec![m]).await.map_err(fail)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(other) => Err(fail(other)),
    }
}

/// A sheet as the API shows it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SheetView {
    pub year: i32,
    pub region: Region,
    pub evaluator: UserId,
    /// The submitted version of the plan being scored.
    pub plan_version: u32,
    pub stage: Stage,
    /// Edit version: send it back to save.
    pub version: i64,
    pub submitted_at: Option<String>,
    pub items: Vec<Item>,
    pub bonuses: Vec<Bonus>,
    pub sheet: ScoreSheet,
    pub total: Points,
}

async fn view(state: &AppState, a: &SheetAccess) -> Result<SheetView, Failure> {
    let (sheet, version, submitted_at) = stored(state, a).await?;
    let framework = &a.board.panel.framework;
    Ok(SheetView {
        year: a.board.year,
        region: a.region,
        evaluator: a.evaluator,
        plan_version: a.plan_version,
        stage: a.board.panel.stage,
        version,
        submitted_at,
        items: framework.items(),
        bonuses: framework.bonuses.clone(),
        total: sheet.total(framework),
        sheet,
    })
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/evaluation/sheets/{region}", tag = "evaluation",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027"),
        ("region" = String, Path, description = "시·도: 경기, 경기도, gyeonggi 또는 행정코드 41"),
        ("evaluator" = Option<String>, Query, description = "패널이 닫힌 뒤 주관부처·위원회가 볼 평가위원의 아이디")),
    responses(
        (status = 200, description = "평가표: 지표별 점수(점수는 0.1점 단위 정수, 예: 125 = 12.5점), 가점, 총점. ETag는 평가표의 편집 판(\"v{version}\"): 고칠 때 If-Match로 보냄", body = SheetView),
        (status = 400, description = "연도·시·도·쿼리 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "배정되지 않았거나 이해충돌을 신고한 계획, 또는 패널이 닫히기 전 남의 평가표", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차·시·도·평가위원", body = crate::ui::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    Query(q): Query<SheetQuery>,
) -> Result<Response, ApiFailure> {
    let a = sheet_access(&state, &viewer, &year, &region, q.evaluator.as_deref(), Action::View).await?;
    Ok(answer(view(&state, &a).await?))
}

/// The API's answer with a sheet: tagged with its edit version, for `If-Match`.
fn answer(v: SheetView) -> Response {
    let tag = version_tag(v.version);
    tagged(StatusCode::OK, v, &tag)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SheetBody {
    /// The edit `version` the sheet was read at. Not needed with `If-Match`, which takes
    /// precedence.
    #[serde(default)]
    pub version: Option<i64>,
    pub sheet: ScoreSheet,
}

fn problems_failure(problems: &[SheetProblem]) -> Failure {
    Failure::Refused(
        problems
            .iter()
            .map(|p| format!("[{}] {}", p.field, p.message))
            .collect::<Vec<_>>()
            .join(" / "),
    )
}

#[utoipa::path(put, path = "/api/v1/rounds/{year}/evaluation/sheets/{region}", tag = "evaluation",
    security(("bearer" = [])),
    request_body = SheetBody,
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027"),
        ("region" = String, Path, description = "시·도: 경기, 경기도, gyeonggi 또는 행정코드 41"),
        ("If-Match" = Option<String>, Header, description = "GET이 준 ETag(편집 판, 예: \"v3\"): 있으면 본문의 version 대신 쓰고, 그사이 바뀌었으면 412")),
    responses(
        (status = 200, description = "저장한 뒤의 평가표", body = SheetView),
        (status = 400, description = "연도·시·도 형식이 잘못됨, 또는 본문이 JSON이 아님 (Content-Type: application/json 필요)", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "권한이 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차·시·도", body = crate::ui::error::ErrorBody),
        (status = 409, description = "다른 사람이 먼저 저장함: 최신 version으로 다시 보내야 함 (본문 version으로 보낸 경우)", body = crate::ui::error::ErrorBody),
        (status = 412, description = "If-Match의 판이 지금 판과 다름, 또는 ETag 형식이 아님", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = "모르는 항목·잘못된 값이 있거나 사업 규칙에 맞지 않음 (마감 지남, 고칠 사항 등): message가 이유를 말함", body = crate::ui::error::ErrorBody),
        (status = 428, description = "If-Match 머리글도 본문의 version도 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api_save(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<StrictJson<SheetBody>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    let a = sheet_access(&state, &viewer, &year, &region, None, Action::Change).await?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(body) = body?;
    let basis = Basis::of(&headers, body.version)?;
    let problems = body.sheet.draft_problems(&a.board.panel.framework);
    if !problems.is_empty() {
        return Err(problems_failure(&problems).into());
    }
    let at = timestamp();
    write(&state, &viewer, &a, &body.sheet, basis.version(), false, &at)
        .await
        .map_err(|e| basis.refusal(e))?;
    Ok(answer(view(&state, &a).await?))
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/evaluation/sheets/{region}/submit", tag = "evaluation",
    security(("bearer" = [])),
    request_body = crate::ui::body::EditVersion,
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027"),
        ("region" = String, Path, description = "시·도: 경기, 경기도, gyeonggi 또는 행정코드 41"),
        ("If-Match" = Option<String>, Header, description = "GET이 준 ETag(편집 판, 예: \"v3\"): 있으면 본문의 version 대신 쓰고, 그사이 바뀌었으면 412")),
    responses(
        (status = 200, description = "제출한 뒤의 평가표", body = SheetView),
        (status = 400, description = "연도·시·도 형식이 잘못됨, 또는 본문이 JSON이 아님 (Content-Type: application/json 필요)", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "권한이 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차·시·도", body = crate::ui::error::ErrorBody),
        (status = 409, description = "다른 사람이 먼저 저장함: 최신 version으로 다시 보내야 함 (본문 version으로 보낸 경우)", body = crate::ui::error::ErrorBody),
        (status = 412, description = "If-Match의 판이 지금 판과 다름, 또는 ETag 형식이 아님", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = "모르는 항목·잘못된 값이 있거나 사업 규칙에 맞지 않음 (마감 지남, 고칠 사항 등): message가 이유를 말함", body = crate::ui::error::ErrorBody),
        (status = 428, description = "If-Match 머리글도 본문의 version도 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<StrictJson<crate::ui::body::EditVersion>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    let a = sheet_access(&state, &viewer, &year, &region, None, Action::Change).await?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(body) = body?;
    let basis = Basis::of(&headers, body.version)?;
    let (sheet, version, _) = stored(&state, &a).await?;
    if version != basis.version() {
        return Err(basis
            .refusal(Failure::Conflict(
                "평가표가 그 사이 바뀌었습니다. 최신 평가표를 읽은 뒤 다시 제출하십시오.".into(),
            ))
            .into());
    }
    let problems = sheet.submit_problems(&a.board.panel.framework);
    if !problems.is_empty() {
        return Err(problems_failure(&problems).into());
    }
    let at = timestamp();
    state
        .store
        .submit_sheet(a.board.year, a.evaluator, a.region, version, &change(&viewer, &at))
        .await
        .map_err(|e| basis.refusal(e.into()))?;
    Ok(answer(view(&state, &a).await?))
}
