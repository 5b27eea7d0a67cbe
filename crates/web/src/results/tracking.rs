//! 성과 현황 of a confirmed plan: each goal's latest value, progress and status against the
//! time elapsed (public), and for those who run the program the records behind them —
//! measurements with evidence and the register of supported firms — which the region's
//! officers enter.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{Html, Response};
use sandan_domain::package::{PackagePeriod, Quarter};
use sandan_domain::results::{GoalSetup, Rating, Reading, Status, SupportKind, SupportedFirm};
use sandan_domain::{Action, Day, Quantity, Region, Subject};
use sandan_store::package::PackageProject;
use sandan_store::results::{EvidenceInput, GoalProgress, PlanRollup, StoredFirm, StoredMeasurement};

use crate::auth::Viewer;
use crate::auth::change;
use crate::clock::timestamp;
use crate::clock::today;
use crate::failure::Failure;
use crate::package::portfolio::funded;
use crate::ui::chart::{Category, Chart, Series};
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::{Fields, from_multipart};
use crate::ui::forms::settle;
use crate::ui::layout::Layout;
use crate::ui::params;
use crate::{AppState, Lang};

/// Thousandths as a percentage with one decimal: 500 → "50.0%".
pub fn percent(permille: i64) -> String {
    let sign = if permille < 0 { "-" } else { "" };
    let a = permille.unsigned_abs();
    format!("{sign}{}.{}%", a / 10, a % 10)
}

pub fn results_href(round: i32, region: Region) -> String {
    format!("/rounds/{round}/plans/{}/results", region.short_name())
}

/// A goal as the page shows it.
pub struct GoalRow {
    pub g: GoalProgress,
}

impl GoalRow {
    pub fn target(&self) -> String {
        match (self.g.tracking.target, self.g.goal.target()) {
            (Some(t), _) => t.to_string(),
            (None, Err(_)) => "게재 수치 불일치 — 확정 필요".into(),
            (None, Ok(_)) => "—".into(),
        }
    }

    pub fn baseline(&self) -> String {
        self.g
            .tracking
            .baseline
            .map(|b| b.to_string())
            .unwrap_or_else(|| "—".into())
    }

    pub fn latest(&self) -> String {
        match &self.g.latest {
            Some((q, r)) => format!("{} ({})", r.written(), q.korean()),
            None => "—".into(),
        }
    }

    pub fn progress(&self) -> String {
        match &self.g.assessment {
            Ok(a) => a.progress_permille.map(percent).unwrap_or_else(|| "—".into()),
            Err(why) => why.clone(),
        }
    }

    pub fn expected(&self) -> String {
        self.g
            .assessment
            .as_ref()
            .map(|a| percent(a.expected_permille))
            .unwrap_or_default()
    }

    pub fn status(&self) -> Status {
        self.g
            .assessment
            .as_ref()
            .map(|a| a.status)
            .unwrap_or(Status::NotMeasured)
    }

    pub fn source(&self) -> String {
        match self.g.setup.counted_from {
            Some(s) => format!("지원기업 대장 집계 ({})", s.korean()),
            None => "측정값 입력".into(),
        }
    }

    /// The statements' figures when they disagree: the choices for the adopted target.
    pub fn stated_targets(&self) -> Vec<Quantity> {
        if self.g.goal.target().is_ok() {
            return Vec::new();
        }
        self.g.goal.statements.iter().filter_map(|s| s.target).collect()
    }
}

#[derive(Template)]
#[template(path = "results/plan_results.html")]
struct ResultsPage {
    layout: Layout,
    csrf: String,
    round: i32,
    region: Region,
    period: PackagePeriod,
    as_of: Quarter,
    goals: Vec<GoalRow>,
    firms_total: i64,
    chart: String,
    chart_table: String,
    /// The records, for those who may read them.
    records: Option<Records>,
    editor: bool,
    quarters: Vec<Quarter>,
    projects: Vec<PackageProject>,
    supports: Vec<SupportKind>,
    ratings: Vec<Rating>,
    form: Fields,
    errors: Vec<String>,
    downloads: crate::reports::downloads::Downloads,
}

pub struct Records {
    pub measurements: Vec<StoredMeasurement>,
    pub firms: Vec<StoredFirm>,
}

impl ResultsPage {
    fn metric(&self, goal_no: &usize) -> String {
        self.goals
            .get(*goal_no)
            .map(|g| g.g.goal.metric.clone())
            .unwrap_or_default()
    }

    fn counts(&self, goal: &GoalRow, support: &SupportKind) -> bool {
        goal.g.setup.counted_from == Some(*support)
    }

    fn evidence_href(&self, sha256: &str) -> String {
        format!("{}/evidence/{sha256}", results_href(self.round, self.region))
    }
}

pub fn goal_chart(id: &'static str, plan: &PlanRollup) -> Chart<'static> {
    Chart {
        id,
        title: "목표별 진도와 경과 기간",
        description: "목표마다 목표치까지 온 정도(진도)와 사업기간 중 지난 기간의 비율(경과)을 백분율로 비교합니다. 진도가 경과의 90% 이상이면 정상 추진, 60% 이상이면 주의, 그 아래는 부진입니다.",
        unit: "단위: %",
        series: vec![Series { name: "진도".into() }, Series { name: "경과".into() }],
        categories: plan
            .goals
            .iter()
            .filter_map(|g| {
                let a = g.assessment.as_ref().ok()?;
                Some(Category {
                    label: g.goal.metric.clone(),
                    href: None,
                    values: vec![a.progress_permille.unwrap_or(0), a.expected_permille],
                })
            })
            .collect(),
        format: percent,
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    round: i32,
    region: Region,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    let as_of = Quarter::of(&today());
    let plan = state
        .store
        .plan_rollup(round, region, as_of)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("{round}년 {} 혁신계획이 없습니다.", region.short_name())))?;
    let chart = goal_chart("goal-progress", &plan);
    let subject = Subject::Results { region };
    let records = match viewer.may(Action::View, &subject) {
        Ok(()) => Some(Records {
            measurements: state.store.measurements(round, region).await?,
            firms: state.store.firms(round, region).await?,
        }),
        Err(_) => None,
    };
    let editor = viewer.may(Action::Change, &subject).is_ok();
    let period = PackagePeriod::of_round(round);
    let title = format!("{round}년 {} 성과 현황", region.short_name());
    let path = results_href(round, region);
    let page = ResultsPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &path,
            vec![("전국 성과 현황".into(), "/dashboard".into()), (title, path.clone())],
        )
        .for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        round,
        region,
        period,
        as_of,
        firms_total: plan.firms,
        chart: chart.bars(),
        chart_table: chart.table(),
        goals: plan.goals.into_iter().map(|g| GoalRow { g }).collect(),
        records,
        editor,
        quarters: period
            .years()
            .flat_map(|y| (1..=4).map(move |q| Quarter { year: y, quarter: q }))
            .filter(|q| *q <= as_of)
            .collect(),
        projects: if editor {
            state.store.package(round, region).await?
        } else {
            Vec::new()
        },
        supports: SupportKind::ALL.to_vec(),
        ratings: Rating::ALL.to_vec(),
        form,
        errors,
        downloads: match state.store.plan(round, region).await? {
            Some(record) => crate::reports::downloads::region_downloads(state, &record, lang).await?,
            None => {
                return Err(Failure::NotFound(format!(
                    "{round}년 {} 혁신계획이 없습니다.",
                    region.short_name()
                )));
            }
        },
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
    let (round, region) = funded(&state, &year, &region).await.map_err(fail)?;
    page(&state, &viewer, lang, round, region, Fields::new(), Vec::new())
        .await
        .map_err(fail)
}

async fn act<Fut>(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    plan: (i32, Region),
    fields: Fields,
    run: Fut,
) -> Result<Response, PageFailure>
where
    Fut: std::future::Future<Output = Result<(), Failure>>,
{
    settle(lang, run.await, &results_href(plan.0, plan.1), |errors| {
        page(state, viewer, lang, plan.0, plan.1, fields, errors)
    })
    .await
}

/// The plan named by the path, and a refusal unless the viewer may change its records.
pub(super) fn editable(viewer: &Viewer, year: &str, region: &str) -> Result<(i32, Region), Failure> {
    let (round, region) = (params::year(year)?, params::region(region)?);
    viewer.may(Action::Change, &Subject::Results { region })?;
    Ok((round, region))
}

fn quantity(text: &str, what: &str) -> Result<Option<Quantity>, Failure> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|e| Failure::BadInput(format!("{what}: {e} (예: 25만명, 63.8조원, 12%)")))
}

/// How a goal is tracked, from what the form or the API wrote: blanks are "none".
pub(super) fn setup_from(baseline: &str, adopted_target: &str, counted_from: &str) -> Result<GoalSetup, Failure> {
    let counted_from = match counted_from.trim() {
        "" => None,
        key => Some(SupportKind::parse(key).map_err(|e| Failure::BadInput(e.to_string()))?),
    };
    Ok(GoalSetup {
        baseline: quantity(baseline, "기준값")?,
        adopted_target: quantity(adopted_target, "확정 목표치")?,
        counted_from,
    })
}

/// What was measured, from a figure or a rating (exactly one); a refusal names the member.
pub(super) fn reading_from(value: &str, rating: &str) -> Result<Reading, (&'static str, String)> {
    Ok(match (rating.trim(), value.trim()) {
        ("", "") => return Err(("value", "측정값(수치) 또는 등급을 입력하십시오.".into())),
        (rating, "") => Reading::Rating(
            Rating::parse(rating).ok_or(("rating", "등급은 우수·양호·보통·미흡·부진 중 하나입니다.".to_string()))?,
        ),
        ("", value) => Reading::Value(
            quantity(value, "측정값")
                .map_err(|e| ("value", e.public_message()))?
                .expect("not blank"),
        ),
        _ => return Err(("rating", "측정값과 등급 중 하나만 입력하십시오.".into())),
    })
}

/// A register line from what the form or the API wrote, checked by the domain.
pub(super) fn firm_from(
    round: i32,
    number: &str,
    name: &str,
    support: &str,
    date: &str,
) -> Result<SupportedFirm, Failure> {
    let date: Day = date
        .trim()
        .parse()
        .map_err(|_| Failure::BadInput("지원일을 2023-05-16처럼 쓰십시오.".into()))?;
    SupportedFirm::new(number, name, support, date, PackagePeriod::of_round(round), today())
        .map_err(|e| Failure::BadInput(e.to_string()))
}

/// POST …/results/goals/{no} — how a goal is tracked.
pub async fn set_goal(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, no)): Path<(String, String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let plan = editable(&viewer, &year, &region).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        let no: usize = no.parse().map_err(|_| Failure::NotFound("없는 목표입니다.".into()))?;
        let setup = setup_from(
            fields.get("baseline"),
            fields.get("adopted_target"),
            fields.get("counted_from"),
        )?;
        let at = timestamp();
        state
            .store
            .set_goal_setup(plan.0, plan.1, no, setup, &change(&viewer, &at))
            .await?;
        Ok(())
    };
    act(&state, &viewer, lang, plan, Fields(fields.0.clone()), run).await
}

/// POST …/results/measurements — a goal's value at a quarter's end, with a link or a file.
pub async fn measure(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let plan = editable(&viewer, &year, &region).map_err(fail)?;
    let multipart = multipart.map_err(|_| {
        fail(Failure::BadInput(
            "파일 올리기 양식(multipart/form-data)으로 보내 주십시오.".into(),
        ))
    })?;
    let (fields, files) = from_multipart(multipart, "evidence_file").await.map_err(fail)?;
    let file = files.into_iter().next();
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        let no: usize = fields
            .get("goal")
            .parse()
            .map_err(|_| Failure::BadInput("측정할 목표를 고르십시오.".into()))?;
        let quarter: Quarter = fields.get("quarter").parse().map_err(Failure::BadInput)?;
        let reading =
            reading_from(fields.get("value"), fields.get("rating")).map_err(|(_, why)| Failure::BadInput(why))?;
        let evidence = match file {
            Some((name, content)) => EvidenceInput::File { name, content },
            None => EvidenceInput::Link(fields.get("evidence_url").to_string()),
        };
        let at = timestamp();
        state
            .store
            .record_measurement(
                plan.0,
                plan.1,
                no,
                quarter,
                reading,
                evidence,
                today(),
                &change(&viewer, &at),
            )
            .await?;
        Ok(())
    };
    act(&state, &viewer, lang, plan, Fields(fields.0.clone()), run).await
}

/// POST …/results/firms — a line of the register of supported firms.
pub async fn add_firm(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let plan = editable(&viewer, &year, &region).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        let project: i64 = fields
            .get("project")
            .parse()
            .map_err(|_| Failure::BadInput("지원한 사업을 고르십시오.".into()))?;
        let firm = firm_from(
            plan.0,
            fields.get("number"),
            fields.get("name"),
            fields.get("support"),
            fields.get("date"),
        )?;
        let at = timestamp();
        state
            .store
            .add_firm(plan.0, plan.1, project, &firm, &change(&viewer, &at))
            .await?;
        Ok(())
    };
    act(&state, &viewer, lang, plan, Fields(fields.0.clone()), run).await
}

/// GET …/results/evidence/{sha256} — an evidence file, for those who may read the records.
pub async fn evidence(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, sha256)): Path<(String, String, String)>,
) -> Result<Response, PageFailure> {
    evidence_file(&state, &viewer, &year, &region, &sha256)
        .await
        .map_err(|e| PageFailure(e, lang))
}

/// The evidence file named by the path, as the page and the API download it.
pub(super) async fn evidence_file(
    state: &AppState,
    viewer: &Viewer,
    year: &str,
    region: &str,
    sha256: &str,
) -> Result<Response, Failure> {
    let (round, region) = (params::year(year)?, params::region(region)?);
    viewer.may(Action::View, &Subject::Results { region })?;
    let (name, content) = state
        .store
        .evidence_file(round, region, sha256)
        .await?
        .ok_or_else(|| Failure::NotFound("증빙 파일을 찾을 수 없습니다.".into()))?;
    Ok(crate::ui::download::attachment(
        &name,
        "application/octet-stream",
        content,
    ))
}
