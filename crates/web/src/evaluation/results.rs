//! 평가 결과 (내부): once the panel has closed, the office and the committee read both
//! aggregations with their formulas, the ranks, ties, cut-off and quota, how robust the
//! selection is, and every evaluator's totals; the office may publish the scores and export
//! the evaluation as XLSX.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::evaluation::{Aggregation, PlanResult, Robustness, Scenario, analyse};
use sandan_domain::{Action, Region, Subject, UserId};
use sandan_store::evaluation::StoredSheet;
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::auth::change;
use crate::clock::timestamp;
use crate::evaluation::export::{Copy, Evaluation};
use crate::evaluation::panel::{Board, board};
use crate::failure::Failure;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::ui::params;
use crate::{AppState, Lang};

/// Weight change tried by the robustness analysis, in percent.
pub const WEIGHT_STEP: i64 = 10;

/// The closed evaluation, for those allowed to read it.
pub struct Closed {
    pub board: Board,
    pub sheets: Vec<StoredSheet>,
    pub results: Vec<PlanResult>,
}

pub async fn closed(state: &AppState, viewer: &Viewer, year: &str) -> Result<Closed, Failure> {
    let year = params::year(year)?;
    // Ask with closed: true first, so whoever could never read results learns nothing more.
    viewer.may(Action::View, &Subject::Evaluation { closed: true })?;
    let board = board(state, year).await?;
    viewer.may(Action::View, &Subject::Evaluation { closed: board.closed() })?;
    if !board.closed() {
        return Err(Failure::Refused(
            "평가가 끝나지 않아 점수를 볼 수 없습니다. 평가를 종료하면 결과가 집계됩니다.".into(),
        ));
    }
    let sheets = state.store.sheets(year).await?;
    let results = board.results(&sheets);
    Ok(Closed { board, sheets, results })
}

/// One evaluator's totals, plan by plan in the results' order.
pub struct EvaluatorRow {
    pub user: UserId,
    pub name: String,
    pub totals: Vec<Option<String>>,
}

#[derive(Template)]
#[template(path = "evaluation/evaluation_results.html")]
struct ResultsPage {
    layout: Layout,
    csrf: String,
    year: i32,
    office: bool,
    published: bool,
    rule: Aggregation,
    formulas: Vec<(&'static str, &'static str)>,
    cut_off: String,
    quota: u32,
    tie_break: String,
    indicators: Vec<String>,
    results: Vec<PlanResult>,
    robustness: Robustness,
    scenarios: Vec<(String, String)>,
    evaluators: Vec<EvaluatorRow>,
}

impl ResultsPage {
    fn shown(&self, m: &Option<sandan_domain::evaluation::Mean>) -> String {
        m.map(|m| m.shown()).unwrap_or_else(|| "—".into())
    }

    fn stability(&self, region: &Region) -> String {
        self.robustness
            .plans
            .iter()
            .find(|p| p.region == *region)
            .map(|p| {
                format!(
                    "{} / {}{}",
                    p.holds_in,
                    self.robustness.scenarios.len(),
                    if p.margin { " — 경계선" } else { "" }
                )
            })
            .unwrap_or_default()
    }

    fn tied(&self, r: &PlanResult) -> String {
        r.tied_with
            .iter()
            .map(|t| t.short_name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn regions(list: &[Region]) -> String {
    if list.is_empty() {
        "—".into()
    } else {
        list.iter().map(|r| r.short_name()).collect::<Vec<_>>().join(", ")
    }
}

pub fn robustness(c: &Closed) -> Robustness {
    let panel: Vec<UserId> = c.board.members.iter().map(|m| m.member.user).collect();
    analyse(
        &c.board.panel.framework,
        &c.board.regions(),
        &c.board.scores(&c.sheets),
        &panel,
        WEIGHT_STEP,
    )
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let c = closed(&state, &viewer, &year).await.map_err(fail)?;
    let framework = &c.board.panel.framework;
    let robustness = robustness(&c);
    let scenarios = robustness
        .scenarios
        .iter()
        .filter(|s| !s.entered.is_empty() || !s.left.is_empty())
        .map(|s| {
            let what = match s.scenario {
                Scenario::Without { evaluator } => format!("{} 제외", c.board.member_name(evaluator)),
                Scenario::Weight { indicator, percent } => {
                    format!("'{}' 가중치 {percent}%", framework.indicators[indicator].name)
                }
            };
            (
                what,
                format!("빠짐: {} / 들어옴: {}", regions(&s.left), regions(&s.entered)),
            )
        })
        .collect();
    let evaluators = c
        .board
        .members
        .iter()
        .map(|m| EvaluatorRow {
            user: m.member.user,
            name: m.member.name.clone(),
            totals: c
                .results
                .iter()
                .map(|r| {
                    c.sheets
                        .iter()
                        .find(|s| s.evaluator == m.member.user && s.region == r.region && s.submitted_at.is_some())
                        .map(|s| s.sheet.total(framework).to_string())
                })
                .collect(),
        })
        .collect();
    let year = c.board.year;
    let path = format!("/rounds/{year}/evaluation/results");
    let title = format!("{year}년 평가 결과");
    let page = ResultsPage {
        layout: Layout::new(lang, title.clone(), &path, vec![(title, path.clone())]).for_viewer(&viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        year,
        office: viewer
            .may(Action::Change, &Subject::Evaluation { closed: true })
            .is_ok(),
        published: c.board.panel.scores_published,
        rule: framework.aggregation,
        formulas: Aggregation::ALL.iter().map(|a| (a.korean(), a.formula())).collect(),
        cut_off: framework.cut_off.map_or("없음".into(), |p| format!("{p}점")),
        quota: framework.quota,
        tie_break: framework
            .tie_break
            .iter()
            .map(|&i| framework.indicators[i].name.clone())
            .collect::<Vec<_>>()
            .join(" → "),
        indicators: framework.indicators.iter().map(|i| i.name.clone()).collect(),
        robustness,
        scenarios,
        evaluators,
        results: c.results,
    };
    render(&page, lang)
}

pub async fn publish(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer
        .may(Action::Change, &Subject::Evaluation { closed: true })
        .map_err(fail)?;
    let year = params::year(&year).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    publish_scores(&state, &viewer, year, fields.get("published") == "1")
        .await
        .map_err(fail)?;
    Ok(see_other(&format!("/rounds/{year}/evaluation/results")).into_response())
}

/// 점수 공개 (or withdrawing it): whether the closed panel's scores are shown with the
/// published decisions.
pub(crate) async fn publish_scores(
    state: &AppState,
    viewer: &Viewer,
    year: i32,
    published: bool,
) -> Result<(), Failure> {
    let at = timestamp();
    state
        .store
        .publish_scores(year, published, &change(viewer, &at))
        .await?;
    Ok(())
}

#[derive(Deserialize)]
pub struct ExportQuery {
    pub copy: Option<String>,
}

pub async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let copy = match q.copy.as_deref() {
        None | Some("internal") => Copy::Internal,
        Some("published") => Copy::Published,
        Some(other) => {
            return Err(fail(Failure::BadInput(format!(
                "'{other}'은(는) 없는 사본 종류입니다. copy=internal(내부용) 또는 copy=published(공개용, 평가위원 익명)로 쓰십시오."
            ))));
        }
    };
    let c = closed(&state, &viewer, &year).await.map_err(fail)?;
    let bytes = Evaluation {
        year: c.board.year,
        framework: &c.board.panel.framework,
        results: &c.results,
        members: &c.board.members,
        sheets: &c.sheets,
    }
    .workbook(copy)
    .map_err(|e| fail(Failure::Internal(e.to_string())))?;
    let file = match copy {
        Copy::Internal => format!("evaluation-{}-internal.xlsx", c.board.year),
        Copy::Published => format!("evaluation-{}-published.xlsx", c.board.year),
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// The results as the API gives them to the office and the committee.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ResultsView {
    pub year: i32,
    pub aggregation: Aggregation,
    pub scores_published: bool,
    pub results: Vec<PlanResult>,
    pub robustness: Robustness,
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/evaluation/results", tag = "evaluation",
    security(("bearer" = [])),
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2027")),
    responses(
        (status = 200, description = "패널이 닫힌 뒤의 평가 결과: 계획별 점수(0.1점 단위 정수)와 순위, 집계 방식, 견고성 점검", body = ResultsView),
        (status = 400, description = "연도·시·도·쿼리 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "주관부처·위원회가 아님, 또는 패널이 아직 닫히지 않음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차이거나 평가 패널이 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(year): Path<String>,
) -> Result<Json<ResultsView>, ApiFailure> {
    let c = closed(&state, &viewer, &year).await?;
    Ok(Json(ResultsView {
        year: c.board.year,
        aggregation: c.board.panel.framework.aggregation,
        scores_published: c.board.panel.scores_published,
        robustness: robustness(&c),
        results: c.results,
    }))
}
