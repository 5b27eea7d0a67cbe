//! 혁신계획안 작성: one form per section, and the project list imported from a file. A form that
//! cannot be read is shown again with what the official typed and a message at each field; a
//! save based on an older draft is refused. Either way nothing is written.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::goal::GoalKind;
use sandan_domain::plan::{LinkRole, Metric};
use sandan_domain::proposal_check::{self, Problem};
use sandan_domain::proposal_diff::diff_section;
use sandan_domain::{
    Action, Complex, ComplexId, Proposal, ProposedGoal, ProposedHub, ProposedSite, ProposedTask, Quantity, Region,
    Section, Subject, project_rows,
};

use crate::auth::Viewer;
use crate::auth::change;
use crate::call::calls::{CallContext, context};
use crate::call::project_list;
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::offload::offload;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::{Fields, from_key, key};
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::ui::params;
use crate::{AppState, Lang};

/// Most project rows edited in the browser; longer lists are imported from a file.
pub const MAX_FORM_ROWS: usize = 300;
/// Blank rows offered for adding.
const SPARE_ROWS: usize = 3;

pub const GOAL_KINDS: [GoalKind; 5] = [
    GoalKind::Increase,
    GoalKind::ReachLevel,
    GoalKind::RaiseBy,
    GoalKind::DriveToZero,
    GoalKind::Qualitative,
];

/// Who may write this plan, and the round it belongs to.
pub struct Access {
    pub year: i32,
    pub region: Region,
    pub ctx: CallContext,
}

/// Checks the viewer first, so a plan's existence is not revealed to those who may not see it.
pub async fn access(
    state: &AppState,
    viewer: &Viewer,
    year: &str,
    region: &str,
    action: Action,
) -> Result<Access, Failure> {
    let year = params::year(year)?;
    let region = params::region(region)?;
    viewer.may(action, &Subject::Proposal { region })?;
    let ctx = context(state, year).await?;
    Ok(Access { year, region, ctx })
}

#[derive(Template)]
#[template(path = "call/proposal_edit.html")]
struct EditPage {
    layout: Layout,
    csrf: String,
    base: String,
    section: Section,
    version: i64,
    form: Fields,
    problems: Vec<Problem>,
    rows: usize,
    too_many_rows: bool,
    kinds: Vec<(String, &'static str)>,
    metrics: Vec<(String, &'static str)>,
    complexes: std::sync::Arc<Vec<Complex>>,
    region_complexes: Vec<Complex>,
    headers: [&'static str; 9],
    span: String,
}

impl EditPage {
    fn invalid(&self, field: &str) -> bool {
        self.problems.iter().any(|p| p.field == field)
    }

    fn message(&self, field: &str) -> String {
        self.problems
            .iter()
            .filter(|p| p.field == field)
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn value(&self, name: String) -> &str {
        self.form.get(&name)
    }
}

/// The form of a section, filled from the draft.
fn form_of(section: Section, p: &Proposal) -> (Fields, usize) {
    let mut f = Fields::new();
    let rows = match section {
        Section::Overview => {
            f.set("industries", p.main_industries.join("\n"));
            f.set("vision", &p.vision);
            0
        }
        Section::Goals => {
            for (i, g) in p.goals.iter().enumerate() {
                f.set(format!("goals-{i}-metric"), &g.metric);
                f.set(format!("goals-{i}-kind"), key(g.kind));
                f.set(format!("goals-{i}-measures"), g.measures.map(key).unwrap_or_default());
                let q = |q: Option<Quantity>| q.map(|q| q.to_string()).unwrap_or_default();
                let y = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
                f.set(format!("goals-{i}-baseline"), q(g.baseline));
                f.set(format!("goals-{i}-baseline_year"), y(g.baseline_year));
                f.set(format!("goals-{i}-target"), q(g.target));
                f.set(format!("goals-{i}-target_year"), y(g.target_year));
            }
            p.goals.len() + SPARE_ROWS
        }
        Section::Sites => {
            if let Some(hub) = &p.hub {
                f.set("sites-hub", &hub.complex.0);
                f.set("sites-hub-focus", &hub.focus);
            }
            for (i, s) in p.linked.iter().enumerate() {
                f.set(format!("sites-linked-{i}-complex"), &s.complex.0);
                f.set(format!("sites-linked-{i}-role"), key(s.role));
                f.set(format!("sites-linked-{i}-function"), &s.function);
            }
            p.linked.len() + SPARE_ROWS
        }
        Section::Projects => {
            let sheet = project_rows::to_rows(&p.key_tasks);
            for (i, row) in sheet.iter().skip(1).enumerate() {
                for (c, cell) in row.iter().take(8).enumerate() {
                    f.set(format!("projects-{i}-{c}"), cell);
                }
            }
            sheet.len().saturating_sub(1) + SPARE_ROWS
        }
        Section::Implementation => {
            f.set("implementation", &p.implementation);
            0
        }
        Section::Conditions => {
            f.set("conditions", &p.conditions);
            0
        }
        Section::Structure => {
            f.set("structure", &p.structure);
            0
        }
    };
    (f, rows)
}

/// Rows a repeating form sent: as many as it has fields for, up to a sane limit.
fn sent_rows(f: &Fields, prefix: &str, first: &str) -> usize {
    (0..=MAX_FORM_ROWS + SPARE_ROWS)
        .take_while(|i| f.has(&format!("{prefix}-{i}-{first}")))
        .count()
}

fn problem(section: Section, field: String, message: String) -> Problem {
    Problem {
        section,
        field,
        message,
    }
}

/// Reads a section's form into a copy of the draft, or says what to fix at which field.
fn read(section: Section, f: &Fields, draft: &Proposal, ctx: &CallContext) -> Result<Proposal, Vec<Problem>> {
    let mut p = draft.clone();
    let mut problems = Vec::new();
    let text = |name: &str| f.get(name).replace("\r\n", "\n").trim().to_string();
    match section {
        Section::Overview => {
            p.main_industries = text("industries")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            p.vision = text("vision");
        }
        Section::Goals => {
            p.goals.clear();
            for i in 0..sent_rows(f, "goals", "metric") {
                let field = |n: &str| format!("goals-{i}-{n}");
                let get = |n: &str| f.get(&field(n)).trim().to_string();
                let metric = get("metric");
                if metric.is_empty()
                    && ["baseline", "target", "baseline_year", "target_year"]
                        .iter()
                        .all(|n| get(n).is_empty())
                {
                    continue;
                }
                let mut bad = |n: &str, m: String| problems.push(problem(section, field(n), m));
                let kind = from_key::<GoalKind>(&get("kind")).unwrap_or_else(|| {
                    bad("kind", format!("{}번째 줄의 목표 유형을 고르십시오.", i + 1));
                    GoalKind::Increase
                });
                let measures = match get("measures").as_str() {
                    "" => None,
                    m => from_key::<Metric>(m).or_else(|| {
                        bad("measures", "비교 통계를 목록에서 고르십시오.".into());
                        None
                    }),
                };
                let mut quantity = |n: &str, label: &str| match get(n).as_str() {
                    "" => None,
                    t => t
                        .parse::<Quantity>()
                        .map_err(|e| bad(n, format!("{label}: {e}. 예: 5조원, 1만명, 8%p")))
                        .ok(),
                };
                let baseline = quantity("baseline", "기준값");
                let target = quantity("target", "목표값");
                let mut year = |n: &str, label: &str| match get(n).as_str() {
                    "" => None,
                    t => t.parse::<i32>().ok().filter(|y| (1900..=2100).contains(y)).or_else(|| {
                        bad(n, format!("{label} '{t}'을(를) 2024처럼 네 자리로 적어 주십시오."));
                        None
                    }),
                };
                let baseline_year = year("baseline_year", "기준연도");
                let target_year = year("target_year", "목표연도");
                p.goals.push(ProposedGoal {
                    metric,
                    kind,
                    measures,
                    baseline,
                    baseline_year,
                    target,
                    target_year,
                });
            }
        }
        Section::Sites => {
            p.hub = match text("sites-hub").as_str() {
                "" => None,
                id => Some(ProposedHub {
                    complex: ComplexId(id.to_string()),
                    focus: text("sites-hub-focus"),
                }),
            };
            p.linked.clear();
            for i in 0..sent_rows(f, "sites-linked", "complex") {
                let field = |n: &str| format!("sites-linked-{i}-{n}");
                let id = f.get(&field("complex")).trim().to_string();
                if id.is_empty() {
                    continue;
                }
                let role = from_key::<LinkRole>(f.get(&field("role"))).unwrap_or_else(|| {
                    problems.push(problem(
                        section,
                        field("role"),
                        "연계산단인지 연계지역인지 고르십시오.".into(),
                    ));
                    LinkRole::LinkedComplex
                });
                p.linked.push(ProposedSite {
                    complex: ComplexId(id),
                    role,
                    function: f.get(&field("function")).trim().to_string(),
                });
            }
        }
        Section::Projects => {
            let n = sent_rows(f, "projects", "0");
            let mut sheet = vec![project_rows::HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
            for i in 0..n {
                let mut row: Vec<String> = (0..8)
                    .map(|c| f.get(&format!("projects-{i}-{c}")).to_string())
                    .collect();
                row.push(String::new());
                sheet.push(row);
            }
            match project_rows::parse(&sheet, ctx.call.budget_span()) {
                Ok(tasks) => p.key_tasks = tasks,
                Err(found) => problems.extend(found.into_iter().map(|rp| {
                    let field = rp
                        .row
                        .map(|r| format!("projects-{}-0", r.saturating_sub(2)))
                        .unwrap_or_default();
                    problem(section, field, rp.to_string())
                })),
            }
        }
        Section::Implementation => p.implementation = text("implementation"),
        Section::Conditions => p.conditions = text("conditions"),
        Section::Structure => p.structure = text("structure"),
    }
    if problems.is_empty() { Ok(p) } else { Err(problems) }
}

#[allow(clippy::too_many_arguments)]
async fn edit_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    access: &Access,
    section: Section,
    version: i64,
    form: Fields,
    rows: usize,
    problems: Vec<Problem>,
) -> Result<Html<String>, Failure> {
    let complexes = state.store.complexes().await?;
    let region_complexes = complexes
        .iter()
        .filter(|c| c.region == access.region)
        .cloned()
        .collect();
    let base = format!("/rounds/{}/proposals/{}", access.year, access.region.short_name());
    let plan_title = format!("{}년 {} 혁신계획안", access.year, access.region.short_name());
    let title = format!("{plan_title} — {}", lang.pick(section.korean(), section.english()));
    let span = access.ctx.call.budget_span();
    let page = EditPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &format!("{base}/edit/{}", section.slug()),
            vec![
                (plan_title, base.clone()),
                (title, format!("{base}/edit/{}", section.slug())),
            ],
        )
        .for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        base,
        section,
        version,
        form,
        problems,
        rows: rows.min(MAX_FORM_ROWS + SPARE_ROWS),
        too_many_rows: rows > MAX_FORM_ROWS + SPARE_ROWS,
        kinds: GOAL_KINDS.iter().map(|k| (key(*k), k.korean())).collect(),
        metrics: Metric::ALL.iter().map(|m| (key(*m), m.korean())).collect(),
        complexes,
        region_complexes,
        headers: project_rows::HEADERS,
        span: format!("{}~{}", span.start(), span.end()),
    };
    render(&page, lang).map_err(|e| e.0)
}

fn section_of(slug: &str) -> Result<Section, Failure> {
    Section::from_slug(slug).ok_or_else(|| {
        Failure::NotFound(format!(
            "'{slug}'(이)라는 항목은 없습니다. overview, goals, sites, projects, implementation, conditions, structure 중 하나입니다."
        ))
    })
}

pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, slug)): Path<(String, String, String)>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let access = access(&state, &viewer, &year, &region, Action::Change)
        .await
        .map_err(fail)?;
    let section = section_of(&slug).map_err(fail)?;
    let draft = state
        .store
        .draft(access.year, access.region)
        .await
        .map_err(|e| fail(e.into()))?;
    let (proposal, version) = draft.map(|d| (d.proposal, d.version)).unwrap_or_default();
    let (form, rows) = form_of(section, &proposal);
    edit_page(&state, &viewer, lang, &access, section, version, form, rows, Vec::new())
        .await
        .map_err(fail)
}

pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, slug)): Path<(String, String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let access = access(&state, &viewer, &year, &region, Action::Change)
        .await
        .map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let section = section_of(&slug).map_err(fail)?;
    let expected = fields.expected_version().map_err(fail)?;
    let draft = state
        .store
        .draft(access.year, access.region)
        .await
        .map_err(|e| fail(e.into()))?;
    let current = draft.map(|d| d.proposal).unwrap_or_default();
    let rows = match section {
        Section::Goals => sent_rows(&fields, "goals", "metric"),
        Section::Sites => sent_rows(&fields, "sites-linked", "complex"),
        Section::Projects => sent_rows(&fields, "projects", "0"),
        _ => 0,
    };
    let refused = |status: StatusCode, problems: Vec<Problem>, fields: Fields| {
        let (state, viewer, access) = (&state, &viewer, &access);
        async move {
            let html = edit_page(state, viewer, lang, access, section, expected, fields, rows, problems)
                .await
                .map_err(fail)?;
            Ok::<Response, PageFailure>((status, html).into_response())
        }
    };
    let proposal = match read(section, &fields, &current, &access.ctx) {
        Ok(p) => p,
        Err(problems) => return refused(StatusCode::UNPROCESSABLE_ENTITY, problems, fields).await,
    };
    let at = timestamp();
    match state
        .store
        .save_draft(access.year, access.region, &proposal, expected, &change(&viewer, &at))
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/rounds/{}/proposals/{}#section-{}",
            access.year,
            access.region.short_name(),
            section.slug()
        ))
        .into_response()),
        Err(e) => match Failure::from(e) {
            Failure::Conflict(message) => {
                // What the other official saved, against what this one typed: the fields to
                // reconcile before saving again.
                let saved = state
                    .store
                    .draft(access.year, access.region)
                    .await
                    .map_err(|e| fail(e.into()))?
                    .map(|d| d.proposal)
                    .unwrap_or_default();
                let mut problems = vec![problem(section, String::new(), message)];
                problems.extend(diff_section(section, &proposal, &saved).into_iter().map(|c| {
                    let none = || "(없음)".to_string();
                    problem(
                        section,
                        String::new(),
                        format!(
                            "먼저 저장된 내용과 다른 항목 — {}: 입력하신 값 {} / 먼저 저장된 값 {}",
                            c.item,
                            c.before.unwrap_or_else(none),
                            c.after.unwrap_or_else(none)
                        ),
                    )
                }));
                refused(StatusCode::CONFLICT, problems, fields).await
            }
            other => Err(fail(other)),
        },
    }
}

/// The uploaded project list: every row or none, each bad row named.
pub async fn import(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let access = access(&state, &viewer, &year, &region, Action::Change)
        .await
        .map_err(fail)?;
    let mut multipart = multipart.map_err(|_| {
        fail(Failure::BadInput(
            "파일 올리기 양식(multipart/form-data)으로 보내 주십시오.".into(),
        ))
    })?;
    let (mut csrf, mut version, mut file) = (String::new(), String::new(), None);
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| fail(Failure::BadInput(format!("올린 파일을 읽지 못했습니다: {e}"))))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| fail(Failure::BadInput(format!("올린 파일을 읽지 못했습니다: {e}"))))?;
        match name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "version" => version = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => file = Some((file_name.unwrap_or_default(), bytes)),
            _ => {}
        }
    }
    viewer.check_csrf(&csrf).map_err(fail)?;
    let mut expected_fields = Fields::new();
    expected_fields.set("version", &version);
    let expected = expected_fields.expected_version().map_err(fail)?;
    let draft = state
        .store
        .draft(access.year, access.region)
        .await
        .map_err(|e| fail(e.into()))?;
    let current = draft.map(|d| d.proposal).unwrap_or_default();
    let problems: Vec<Problem> = match file.filter(|(name, bytes)| !name.is_empty() || !bytes.is_empty()) {
        None => vec![problem(
            Section::Projects,
            "import-file".into(),
            "올릴 파일을 고르십시오.".into(),
        )],
        Some((name, bytes)) => match offload(move || project_list::read_rows(&name, &bytes))
            .await
            .map_err(fail)?
        {
            Err(e) => vec![problem(Section::Projects, "import-file".into(), e.to_string())],
            Ok(rows) => match project_rows::parse(&rows, access.ctx.call.budget_span()) {
                Err(found) => found
                    .into_iter()
                    .map(|rp| problem(Section::Projects, "import-file".into(), rp.to_string()))
                    .collect(),
                Ok(tasks) => {
                    let proposal = Proposal {
                        key_tasks: tasks,
                        ..current.clone()
                    };
                    let at = timestamp();
                    match state
                        .store
                        .save_draft(access.year, access.region, &proposal, expected, &change(&viewer, &at))
                        .await
                    {
                        Ok(_) => {
                            return Ok(see_other(&format!(
                                "/rounds/{}/proposals/{}#section-projects",
                                access.year,
                                access.region.short_name()
                            ))
                            .into_response());
                        }
                        Err(e) => match Failure::from(e) {
                            Failure::Conflict(m) => vec![problem(Section::Projects, "import-file".into(), m)],
                            other => return Err(fail(other)),
                        },
                    }
                }
            },
        },
    };
    let (form, rows) = form_of(Section::Projects, &current);
    let html = edit_page(
        &state,
        &viewer,
        lang,
        &access,
        Section::Projects,
        expected,
        form,
        rows,
        problems,
    )
    .await
    .map_err(fail)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

/// The project-list template, as CSV (UTF-8 with BOM, which Korean Excel opens) or XLSX.
pub async fn template(Path(file): Path<String>) -> Result<Response, PageFailure> {
    let (bytes, mime) = match file.as_str() {
        "project-list.csv" => (project_list::template_csv(), "text/csv; charset=utf-8"),
        "project-list.xlsx" => (
            project_list::template_xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => {
            return Err(PageFailure(
                Failure::NotFound("서식은 project-list.csv와 project-list.xlsx 두 가지입니다.".into()),
                Lang::Ko,
            ));
        }
    };
    let disposition = format!("attachment; filename=\"{file}\"");
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// The names of the complexes `proposal` names, by id, for pages that show its sites.
pub fn names(complexes: &[Complex], proposal: &Proposal) -> BTreeMap<ComplexId, String> {
    proposal_check::sites_of(proposal, complexes)
        .into_iter()
        .map(|(id, c)| (id, c.name))
        .collect()
}

/// The tasks as the project list's rows, for display.
pub fn project_table(tasks: &[ProposedTask]) -> Vec<Vec<String>> {
    project_rows::to_rows(tasks).into_iter().skip(1).collect()
}
