//! 혁신계획안: the page a province works on and the program office consults on — the draft
//! section by section, what must be fixed before submitting, the goals against the hub's
//! statistics, the submitted versions and what changed between them, comments and answers,
//! revision requests — with the JSON API beside it.

use std::collections::BTreeMap;

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::evaluation::PanelAction;
use sandan_domain::feasibility::{self, Reading};
use sandan_domain::proposal_check::{self, Problem};
use sandan_domain::proposal_diff::{self, SectionDiff};
use sandan_domain::submission::{self, DueBy, Standing};
use sandan_domain::{Action, ComplexId, Day, Proposal, Quantity, Region, Section, Subject, YearBudget};
use sandan_store::consulting::{Comment, RevisionRequest};
use sandan_store::proposals::Submitted;
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::auth::change;
use crate::call::proposal_forms::{Access, access, names, project_table};
use crate::clock::timestamp;
use crate::clock::{now_seoul, today};
use crate::failure::Failure;
use crate::ui::body::{StrictJson, from_tree, merge_patch};
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::ui::revalidate::{Basis, tagged, version_tag};
use crate::{AppState, Lang};

/// Everything the page and the API show about one province's plan.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Workspace {
    pub year: i32,
    pub region: Region,
    pub proposal: Proposal,
    /// Edit version of the draft (0: nothing saved yet); a save must send it back.
    pub version: i64,
    pub standing: Standing,
    pub deadline: Option<String>,
    /// Why a submission would be accepted now, or why not.
    pub window: String,
    pub may_submit_now: bool,
    pub problems: Vec<Problem>,
    pub versions: Vec<Submitted>,
    pub comments: Vec<Comment>,
    pub revision: Option<RevisionRequest>,
    pub budget_by_year: Vec<YearBudget>,
}

async fn workspace(state: &AppState, a: &Access) -> Result<Workspace, Failure> {
    let draft = state.store.draft(a.year, a.region).await?;
    let (proposal, version) = draft.map(|d| (d.proposal, d.version)).unwrap_or_default();
    let versions = state.store.versions(a.year, a.region).await?;
    let latest_doc = match versions.last() {
        Some(v) => state.store.version(a.year, a.region, v.number).await?.map(|(_, p)| p),
        None => None,
    };
    let revision = open_revision(state, a).await?;
    let standing = Standing::of(
        versions
            .last()
            .map(|v| (v.number, latest_doc.as_ref() == Some(&proposal))),
        revision.as_ref().map(|r| r.due),
        &today(),
    );
    let readiness = readiness(state, a, &proposal, revision.as_ref()).await?;
    let budget_by_year = proposal.budget_by_year();
    Ok(Workspace {
        year: a.year,
        region: a.region,
        version,
        standing,
        deadline: a.ctx.deadline.map(|d| d.korean()),
        window: readiness.window,
        may_submit_now: readiness.may_submit_now,
        problems: readiness.problems,
        comments: state.store.comments(a.year, a.region).await?,
        versions,
        revision,
        budget_by_year,
        proposal,
    })
}

/// The revision the office asked for and the province has not yet answered, if any.
async fn open_revision(state: &AppState, a: &Access) -> Result<Option<RevisionRequest>, Failure> {
    Ok(state
        .store
        .revision_requests(a.year, Some(a.region))
        .await?
        .into_iter()
        .rev()
        .find(|r| r.answered_by.is_none()))
}

/// Whether `proposal` may go in now: what must be fixed first, and the submission window.
struct Readiness {
    problems: Vec<Problem>,
    window: String,
    may_submit_now: bool,
}

async fn readiness(
    state: &AppState,
    a: &Access,
    proposal: &Proposal,
    revision: Option<&RevisionRequest>,
) -> Result<Readiness, Failure> {
    let complexes = state.store.complexes().await?;
    let problems = proposal_check::check(
        proposal,
        &proposal_check::Context {
            call: &a.ctx.call,
            region: a.region,
            call_day: a.ctx.call_day(),
            complexes: &proposal_check::sites_of(proposal, &complexes),
        },
    );
    let reopened = super::calls::reopened_until(state, a.year, Some(a.region)).await?;
    let due = revision.map(|r| submission::SeoulTime::at(r.due, a.ctx.call.closes_at));
    let (window, may_submit_now) = match submission::window(now_seoul(), a.ctx.deadline, &reopened, due) {
        Ok(open) => (open.korean(), true),
        Err(late) => (late.to_string(), false),
    };
    Ok(Readiness {
        problems,
        window,
        may_submit_now,
    })
}

/// One goal's row on the feasibility panel.
pub struct FeasibilityRow {
    pub metric: String,
    pub target: String,
    pub reading: String,
    pub flagged: bool,
}

#[derive(Template)]
#[template(path = "call/proposal.html")]
struct ProposalPage {
    layout: Layout,
    csrf: String,
    base: String,
    w: Workspace,
    proposal: Proposal,
    office: bool,
    /// Why no revision can be asked for, once scoring has started.
    revision_refused: Option<&'static str>,
    writer: bool,
    names: BTreeMap<ComplexId, String>,
    projects: Vec<Vec<String>>,
    feasibility: Vec<FeasibilityRow>,
    sections: Vec<Section>,
    message: Option<String>,
    documents: Vec<sandan_store::documents::StoredDocument>,
    /// Whether documents may still be added and removed (until scoring starts).
    documents_open: bool,
    document_kinds: [sandan_domain::documents::DocumentKind; 3],
    /// The call requires a plan document and the draft has none.
    plan_document_missing: bool,
    /// The call's limit on one document file.
    document_max_mb: u32,
}

impl ProposalPage {
    /// 문서 찾기 in the round's submitted documents.
    fn search_href(&self) -> String {
        format!("/rounds/{}/documents", self.w.year)
    }

    fn name(&self, id: &ComplexId) -> String {
        self.names.get(id).cloned().unwrap_or_else(|| id.0.clone())
    }

    fn won(&self, v: &i64) -> String {
        Quantity::won(*v).to_string()
    }

    fn comments_on(&self, section: &Section) -> Vec<&Comment> {
        self.w.comments.iter().filter(|c| c.section == *section).collect()
    }
}

pub(super) async fn page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    a: &Access,
    message: Option<String>,
) -> Result<Html<String>, Failure> {
    let w = workspace(state, a).await?;
    let statistics = match &w.proposal.hub {
        Some(hub) => state.store.statistics(&hub.complex).await?,
        None => Vec::new(),
    };
    let feasibility = w
        .proposal
        .goals
        .iter()
        .map(|g| {
            let reading = feasibility::weigh(g, &statistics, &a.ctx.call);
            FeasibilityRow {
                metric: g.metric.clone(),
                target: g.target.map(|t| t.to_string()).unwrap_or_default(),
                flagged: reading.flagged(),
                reading: match &reading {
                    Reading::Weighed {
                        basis,
                        statistic,
                        hundredths,
                        range,
                        within,
                    } => format!(
                        "{} {} (기준: {}년 {} {}, 출처 {}){}",
                        basis.korean(),
                        Reading::percent(*hundredths),
                        statistic.year,
                        statistic.metric.korean(),
                        statistic.value,
                        statistic.source,
                        match (range, within) {
                            (Some(r), Some(true)) => format!(" — 적정 범위 {}~{}% 안", r.min_percent, r.max_percent),
                            (Some(r), _) => format!(" — 적정 범위 {}~{}% 밖", r.min_percent, r.max_percent),
                            _ => " — 회차에 적정 범위가 정해지지 않음".to_string(),
                        }
                    ),
                    Reading::NotWeighed { reason } => reason.clone(),
                },
            }
        })
        .collect();
    let base = format!("/rounds/{}/proposals/{}", a.year, a.region.short_name());
    let title = format!("{}년 {} 혁신계획안", a.year, a.region.short_name());
    let complexes = state.store.complexes().await?;
    let stage = super::calls::panel_stage(state, a.year).await?;
    let documents = state.store.draft_documents(a.year, a.region).await?;
    let page = ProposalPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &base,
            vec![
                (format!("{}년 공모 운영", a.year), format!("/rounds/{}/call", a.year)),
                (title, base.clone()),
            ],
        )
        .for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        office: viewer.may(Action::Change, &Subject::Calls).is_ok(),
        revision_refused: PanelAction::RequestRevision.allowed_at(stage).err(),
        plan_document_missing: sandan_domain::documents::ready_to_submit(&a.ctx.call, documents.iter().map(|d| d.kind))
            .is_err(),
        document_max_mb: a.ctx.call.document_max_mb,
        documents,
        documents_open: PanelAction::SubmitPlan.allowed_at(stage).is_ok(),
        document_kinds: sandan_domain::documents::DocumentKind::ALL,
        writer: viewer
            .may(Action::Change, &Subject::Proposal { region: a.region })
            .is_ok(),
        names: names(&complexes, &w.proposal),
        projects: project_table(&w.proposal.key_tasks),
        feasibility,
        sections: Section::ALL.to_vec(),
        message,
        base,
        proposal: w.proposal.clone(),
        w,
    };
    render(&page, lang).map_err(|e| e.0)
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = access(&state, &viewer, &year, &region, Action::View)
        .await
        .map_err(fail)?;
    page(&state, &viewer, lang, &a, None).await.map_err(fail)
}

/// Submits the draft the page showed: refused while anything must be fixed or after the deadline.
async fn submit_draft(state: &AppState, viewer: &Viewer, a: &Access, expected: i64) -> Result<u32, Failure> {
    let kinds = state
        .store
        .draft_documents(a.year, a.region)
        .await?
        .into_iter()
        .map(|d| d.kind);
    sandan_domain::documents::ready_to_submit(&a.ctx.call, kinds).map_err(|e| Failure::Refused(e.to_string()))?;
    let proposal = state
        .store
        .draft(a.year, a.region)
        .await?
        .map(|d| d.proposal)
        .unwrap_or_default();
    let revision = open_revision(state, a).await?;
    let readiness = readiness(state, a, &proposal, revision.as_ref()).await?;
    if !readiness.problems.is_empty() {
        return Err(Failure::Refused(format!(
            "제출 전에 고칠 사항이 {}건 있습니다: {}",
            readiness.problems.len(),
            readiness
                .problems
                .iter()
                .map(|p| p.message.as_str())
                .take(3)
                .collect::<Vec<_>>()
                .join(" / ")
        )));
    }
    if !readiness.may_submit_now {
        return Err(Failure::Refused(readiness.window));
    }
    let at = timestamp();
    Ok(state
        .store
        .submit_draft(a.year, a.region, expected, &change(viewer, &at))
        .await?)
}

pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = access(&state, &viewer, &year, &region, Action::Change)
        .await
        .map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let expected = fields.expected_version().map_err(fail)?;
    match submit_draft(&state, &viewer, &a, expected).await {
        Ok(_) => Ok(see_other(&format!(
            "/rounds/{}/proposals/{}#versions",
            a.year,
            a.region.short_name()
        ))
        .into_response()),
        Err(Failure::Refused(m) | Failure::Conflict(m)) => {
            let html = page(&state, &viewer, lang, &a, Some(m)).await.map_err(fail)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(other) => Err(fail(other)),
    }
}

/// Consulting actions share one shape: check, act, show the page again with any refusal.
async fn act<F, Fut>(state: &AppState, viewer: &Viewer, lang: Lang, a: &Access, run: F) -> Result<Response, PageFailure>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(), Failure>>,
{
    let fail = |e: Failure| PageFailure(e, lang);
    match run().await {
        Ok(()) => Ok(see_other(&format!(
            "/rounds/{}/proposals/{}#consulting",
            a.year,
            a.region.short_name()
        ))
        .into_response()),
        Err(Failure::Refused(m) | Failure::Conflict(m) | Failure::BadInput(m)) => {
            let html = page(state, viewer, lang, a, Some(m)).await.map_err(fail)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(other) => Err(fail(other)),
    }
}

fn version_of(text: &str) -> Result<u32, Failure> {
    text.trim()
        .parse()
        .map_err(|_| Failure::BadInput("판 번호를 목록에서 고르십시오.".into()))
}

pub async fn comment(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = access(&state, &viewer, &year, &region, Action::View)
        .await
        .map_err(fail)?;
    viewer.may(Action::Change, &Subject::Calls).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    act(&state, &viewer, lang, &a, || async {
        let version = version_of(fields.get("version"))?;
        let section = Section::from_slug(fields.get("section"))
            .ok_or_else(|| Failure::BadInput("의견을 남길 항목을 고르십시오.".into()))?;
        let at = timestamp();
        state
            .store
            .add_comment(
                a.year,
                a.region,
                version,
                section,
                fields.get("body"),
                &change(&viewer, &at),
            )
            .await?;
        Ok(())
    })
    .await
}

pub async fn answer(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, id)): Path<(String, String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = access(&state, &viewer, &year, &region, Action::Change)
        .await
        .map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let id: i64 = id
        .parse()
        .map_err(|_| fail(Failure::NotFound("답변할 검토 의견을 찾을 수 없습니다.".into())))?;
    act(&state, &viewer, lang, &a, || async {
        let at = timestamp();
        state
            .store
            .answer_comment(a.year, a.region, id, fields.get("body"), &change(&viewer, &at))
            .await?;
        Ok(())
    })
    .await
}

/// 보완 요청: the due day is a date, or a count of business days from today.
pub async fn request_revision(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = access(&state, &viewer, &year, &region, Action::View)
        .await
        .map_err(fail)?;
    viewer.may(Action::Change, &Subject::Calls).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    act(&state, &viewer, lang, &a, || async {
        let version = version_of(fields.get("version"))?;
        let by = match (fields.get("due").trim(), fields.get("business_days").trim()) {
            ("", "") => {
                return Err(Failure::BadInput(
                    "보완 기한을 날짜나 영업일 수로 적어 주십시오.".into(),
                ));
            }
            ("", days) => DueBy::BusinessDays(
                days.parse()
                    .map_err(|_| Failure::BadInput("영업일 수를 5처럼 숫자로 적어 주십시오.".into()))?,
            ),
            (date, _) => DueBy::Date(
                date.parse()
                    .ok()
                    .filter(|d: &Day| d.day.is_some())
                    .ok_or_else(|| Failure::BadInput("보완 기한을 2027-04-02처럼 적어 주십시오.".into()))?,
            ),
        };
        let due =
            submission::revision_due(&a.ctx.calendar, &today(), by).map_err(|e| Failure::Refused(e.to_string()))?;
        let at = timestamp();
        state
            .store
            .request_revision(
                a.year,
                a.region,
                version,
                due,
                fields.get("note"),
                &change(&viewer, &at),
            )
            .await?;
        Ok(())
    })
    .await
}

#[derive(Template)]
#[template(path = "call/proposal_version.html")]
struct VersionPage {
    layout: Layout,
    base: String,
    submitted: Submitted,
    proposal: Proposal,
    names: BTreeMap<ComplexId, String>,
    projects: Vec<Vec<String>>,
    documents: Vec<sandan_store::documents::StoredDocument>,
    documents_href: String,
    /// Whether the viewer is the office, who may publish a selected region's documents.
    publishable: bool,
    csrf: String,
}

impl VersionPage {
    fn name(&self, id: &ComplexId) -> String {
        self.names.get(id).cloned().unwrap_or_else(|| id.0.clone())
    }
}

pub async fn version(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, number)): Path<(String, String, String)>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = access(&state, &viewer, &year, &region, Action::View)
        .await
        .map_err(fail)?;
    let number = version_of(&number).map_err(|_| fail(Failure::NotFound("없는 판입니다.".into())))?;
    let (submitted, proposal) = state
        .store
        .version(a.year, a.region, number)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| fail(Failure::NotFound(format!("제{number}판은 제출되지 않았습니다."))))?;
    let base = format!("/rounds/{}/proposals/{}", a.year, a.region.short_name());
    let title = format!("{}년 {} 혁신계획 제{number}판", a.year, a.region.short_name());
    let complexes = state.store.complexes().await.map_err(|e| fail(e.into()))?;
    let documents_href = format!("{base}/versions/{number}/documents");
    let page = VersionPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &format!("{base}/versions/{number}"),
            vec![(title, format!("{base}/versions/{number}"))],
        )
        .for_viewer(&viewer),
        base,
        submitted,
        projects: project_table(&proposal.key_tasks),
        names: names(&complexes, &proposal),
        proposal,
        documents: state
            .store
            .version_documents(a.year, a.region, number)
            .await
            .map_err(|e| fail(e.into()))?,
        documents_href,
        publishable: viewer
            .may(Action::Change, &Subject::Evaluation { closed: true })
            .is_ok(),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
    };
    render(&page, lang)
}

#[derive(Deserialize)]
pub struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

/// Two versions and what changed between them, section by section.
async fn diff_of(state: &AppState, a: &Access, q: &DiffQuery) -> Result<(u32, u32, Vec<SectionDiff>), Failure> {
    let read = |t: &Option<String>| version_of(t.as_deref().unwrap_or(""));
    let (from, to) = (read(&q.from)?, read(&q.to)?);
    let load = |n: u32| async move {
        state
            .store
            .version(a.year, a.region, n)
            .await?
            .map(|(_, p)| p)
            .ok_or_else(|| Failure::NotFound(format!("제{n}판은 제출되지 않았습니다.")))
    };
    let (before, after) = (load(from).await?, load(to).await?);
    Ok((from, to, proposal_diff::diff(&before, &after)))
}

#[derive(Template)]
#[template(path = "call/proposal_diff.html")]
struct DiffPage {
    layout: Layout,
    base: String,
    from: u32,
    to: u32,
    diff: Vec<SectionDiff>,
    /// Documents added, removed and replaced between the two versions.
    documents: Vec<sandan_domain::documents::DocumentChange>,
}

pub async fn diff(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
    Query(q): Query<DiffQuery>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let a = access(&state, &viewer, &year, &region, Action::View)
        .await
        .map_err(fail)?;
    let (from, to, diff) = diff_of(&state, &a, &q).await.map_err(fail)?;
    let refs = |docs: Vec<sandan_store::documents::StoredDocument>| docs.iter().map(|d| d.as_ref()).collect::<Vec<_>>();
    let documents = sandan_domain::documents::diff(
        &refs(
            state
                .store
                .version_documents(a.year, a.region, from)
                .await
                .map_err(|e| fail(e.into()))?,
        ),
        &refs(
            state
                .store
                .version_documents(a.year, a.region, to)
                .await
                .map_err(|e| fail(e.into()))?,
        ),
    );
    let base = format!("/rounds/{}/proposals/{}", a.year, a.region.short_name());
    let title = format!(
        "{}년 {} 혁신계획 제{from}판 → 제{to}판 변경 내용",
        a.year,
        a.region.short_name()
    );
    let page = DiffPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &format!("{base}/diff"),
            vec![(title, format!("{base}/diff"))],
        )
        .for_viewer(&viewer),
        base,
        from,
        to,
        diff,
        documents,
    };
    render(&page, lang)
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/proposals/{region}", tag = "proposals",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027"),
        ("region" = String, Path, description = "시·도: 경기, 경기도, gyeonggi 또는 행정코드 41")),
    responses(
        (status = 200, description = "시·도의 혁신계획안: 초안, 제출 상태, 고칠 사항, 제출본 목록, 의견, 보완 요청, 연도별 예산(원). ETag는 초안의 편집 판(\"v{version}\"): 고칠 때 If-Match로 보냄", body = Workspace),
        (status = 400, description = "연도·시·도·쿼리 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "이 시·도의 계획을 볼 권한이 없음 (다른 시·도)", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차·시·도", body = crate::ui::error::ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
) -> Result<Response, ApiFailure> {
    let a = access(&state, &viewer, &year, &region, Action::View).await?;
    Ok(tagged_workspace(workspace(&state, &a).await?))
}

/// The API's answer with a workspace: tagged with the draft's edit version, for `If-Match`.
fn tagged_workspace(w: Workspace) -> Response {
    let tag = version_tag(w.version);
    tagged(StatusCode::OK, w, &tag)
}

/// `PUT` replaces the whole draft: every section of the proposal must be sent (an empty one
/// as empty), so that a client that leaves one out does not blank it by accident. `PATCH`
/// changes only the sections it sends (a JSON merge patch of the proposal).
#[utoipa::path(put, path = "/api/v1/rounds/{year}/proposals/{region}", tag = "proposals",
    security(("bearer" = [])),
    request_body = DraftChange,
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027"),
        ("region" = String, Path, description = "시·도: 경기, 경기도, gyeonggi 또는 행정코드 41"),
        ("If-Match" = Option<String>, Header, description = "GET이 준 ETag(편집 판, 예: \"v3\"): 있으면 본문의 version 대신 쓰고, 그사이 바뀌었으면 412")),
    responses(
        (status = 200, description = "저장한 뒤의 혁신계획안", body = Workspace),
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
    headers: axum::http::HeaderMap,
    body: Result<StrictJson<DraftChange>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    let a = access(&state, &viewer, &year, &region, Action::Change).await?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(body) = body?;
    let basis = Basis::of(&headers, body.version)?;
    let sections = serde_json::to_value(Proposal::default()).map_err(|e| Failure::Internal(e.to_string()))?;
    let missing: Vec<&str> = sections
        .as_object()
        .into_iter()
        .flat_map(|all| all.keys())
        .filter(|name| !body.proposal.contains_key(*name))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Refused(format!(
            "PUT은 초안 전체를 바꾸므로 모든 항목을 보내야 합니다. 빠진 항목: {}. 일부 항목만 바꾸려면 PATCH로 보내 주십시오.",
            missing.iter().map(|m| format!("proposal.{m}")).collect::<Vec<_>>().join(", ")
        ))
        .into());
    }
    save_api_draft(&state, &viewer, &a, serde_json::Value::Object(body.proposal), basis).await
}

/// `PATCH`: the sections sent replace the draft's, the others stay as saved.
#[utoipa::path(patch, path = "/api/v1/rounds/{year}/proposals/{region}", tag = "proposals",
    security(("bearer" = [])),
    request_body = DraftChange,
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027"),
        ("region" = String, Path, description = "시·도: 경기, 경기도, gyeonggi 또는 행정코드 41"),
        ("If-Match" = Option<String>, Header, description = "GET이 준 ETag(편집 판, 예: \"v3\"): 있으면 본문의 version 대신 쓰고, 그사이 바뀌었으면 412")),
    responses(
        (status = 200, description = "저장한 뒤의 혁신계획안", body = Workspace),
        (status = 400, description = "연도·시·도 형식이 잘못됨, 또는 본문이 JSON이 아님 (Content-Type: application/json 필요)", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "권한이 없음, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차·시·도", body = crate::ui::error::ErrorBody),
        (status = 409, description = "다른 사람이 먼저 저장함: 최신 version으로 다시 보내야 함 (본문 version으로 보낸 경우)", body = crate::ui::error::ErrorBody),
        (status = 412, description = "If-Match의 판이 지금 판과 다름, 또는 ETag 형식이 아님", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = "모르는 항목·잘못된 값이 있거나 사업 규칙에 맞지 않음 (마감 지남, 고칠 사항 등): message가 이유를 말함", body = crate::ui::error::ErrorBody),
        (status = 428, description = "If-Match 머리글도 본문의 version도 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api_patch(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
    body: Result<StrictJson<DraftChange>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    let a = access(&state, &viewer, &year, &region, Action::Change).await?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(body) = body?;
    let basis = Basis::of(&headers, body.version)?;
    let saved = state
        .store
        .draft(a.year, a.region)
        .await?
        .map(|d| d.proposal)
        .unwrap_or_default();
    let mut proposal = serde_json::to_value(saved).map_err(|e| Failure::Internal(e.to_string()))?;
    merge_patch(&mut proposal, &serde_json::Value::Object(body.proposal));
    save_api_draft(&state, &viewer, &a, proposal, basis).await
}

/// A draft sent through the API: the edit version it is based on and the proposal's sections.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct DraftChange {
    /// The `version` the draft was read at (0 before the first save). Not needed with
    /// `If-Match`, which takes precedence.
    #[serde(default)]
    pub version: Option<i64>,
    /// The proposal's sections: PUT sends all of them, PATCH only those it changes (a JSON
    /// merge patch).
    #[schema(value_type = Proposal)]
    pub proposal: serde_json::Map<String, serde_json::Value>,
}

async fn save_api_draft(
    state: &AppState,
    viewer: &Viewer,
    a: &Access,
    proposal: serde_json::Value,
    basis: Basis,
) -> Result<Response, ApiFailure> {
    let proposal: Proposal = from_tree(proposal, "proposal.")?;
    let at = timestamp();
    state
        .store
        .save_draft(a.year, a.region, &proposal, basis.version(), &change(viewer, &at))
        .await
        .map_err(|e| basis.refusal(e.into()))?;
    Ok(tagged_workspace(workspace(state, a).await?))
}

#[utoipa::path(post, path = "/api/v1/rounds/{year}/proposals/{region}/submit", tag = "proposals",
    security(("bearer" = [])),
    request_body = crate::ui::body::EditVersion,
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027"),
        ("region" = String, Path, description = "시·도: 경기, 경기도, gyeonggi 또는 행정코드 41"),
        ("If-Match" = Option<String>, Header, description = "GET이 준 ETag(편집 판, 예: \"v3\"): 있으면 본문의 version 대신 쓰고, 그사이 바뀌었으면 412")),
    responses(
        (status = 200, description = "제출한 뒤의 혁신계획안 (새 제출본이 versions에 있음)", body = Workspace),
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
    headers: axum::http::HeaderMap,
    body: Result<StrictJson<crate::ui::body::EditVersion>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    let a = access(&state, &viewer, &year, &region, Action::Change).await?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(body) = body?;
    let basis = Basis::of(&headers, body.version)?;
    submit_draft(&state, &viewer, &a, basis.version())
        .await
        .map_err(|e| basis.refusal(e))?;
    Ok(tagged_workspace(workspace(&state, &a).await?))
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/proposals/{region}/diff", tag = "proposals",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027"),
        ("region" = String, Path, description = "시·도: 경기, 경기도, gyeonggi 또는 행정코드 41"),
        ("from" = u32, Query, minimum = 1, description = "비교할 앞 제출본 번호 (1부터)"),
        ("to" = u32, Query, minimum = 1, description = "비교할 뒤 제출본 번호")),
    responses(
        (status = 200, description = "두 제출본 사이에 바뀐 항목, 장(section)별", body = Vec<SectionDiff>),
        (status = 400, description = "연도·시·도·쿼리 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "이 시·도의 계획을 볼 권한이 없음 (다른 시·도)", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차·시·도", body = crate::ui::error::ErrorBody)))]
pub async fn api_diff(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    Query(q): Query<DiffQuery>,
) -> Result<Json<Vec<SectionDiff>>, ApiFailure> {
    let a = access(&state, &viewer, &year, &region, Action::View).await?;
    Ok(Json(diff_of(&state, &a, &q).await?.2))
}
