//! 범부처 패키지 pages: a ministry's portfolio across regions and cohorts, and a confirmed
//! region's package — where the office and the province plan
//! it and each project's runner records its execution. Amounts are shown in 억 원 as budget
//! tables are written ("단위: 억 원").

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use sandan_domain::package::Money;
use sandan_domain::package::{BudgetLine, Execution, FundingSource, PackagePeriod, Quarter, Runner};
use sandan_domain::quantity::eok;
use sandan_domain::{Action, Region, Subject};
use sandan_store::package::{PackageProject, ProjectFilter, StoredProgram};

use crate::auth::Viewer;
use crate::auth::change;
use crate::clock::timestamp;
use crate::clock::today;
use crate::failure::Failure;
use crate::ui::chart::{Category, Chart, Series};
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::forms::settle;
use crate::ui::layout::Layout;
use crate::ui::money::{read_won, read_won_or_zero};
use crate::ui::params;
use crate::ui::revalidate::json_tag;
use crate::{AppState, Lang};

/// The label of a runner's column: the ministry, or the province's own projects.
pub fn runner_label(ministry: &Option<String>) -> String {
    ministry.clone().unwrap_or_else(|| "시·도 자체".into())
}

pub fn ministry_href(ministry: &str) -> String {
    format!("/package/ministries/{}", ministry)
}

pub fn package_href(round: i32, region: Region) -> String {
    format!("/rounds/{round}/plans/{}/package", region.short_name())
}

pub(crate) fn plan_order(a: &(i32, Region), b: &(i32, Region)) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then(a.1.short_name().cmp(b.1.short_name()))
}

/// One project's row in a portfolio or package: money per year of its period.
pub struct ProjectRow {
    pub project: PackageProject,
    pub years: Vec<(i32, Money)>,
    pub total: Money,
}

impl ProjectRow {
    fn of(project: PackageProject) -> ProjectRow {
        let period = project.period();
        let years = period
            .years()
            .map(|y| {
                let m = Money {
                    planned: FundingSource::ALL
                        .iter()
                        .filter_map(|s| project.budget.planned(y, *s))
                        .sum(),
                    executed: FundingSource::ALL.iter().map(|s| project.budget.executed(y, *s)).sum(),
                };
                (y, m)
            })
            .collect();
        let total = Money {
            planned: project.budget.planned_total(),
            executed: project.budget.executed_total(),
        };
        ProjectRow { project, years, total }
    }

    pub fn program_name(&self) -> String {
        self.project
            .program
            .as_ref()
            .map(|p| p.1.clone())
            .unwrap_or_else(|| "—".into())
    }
}

#[derive(Template)]
#[template(path = "package/package_ministry.html")]
struct MinistryPage {
    layout: Layout,
    rows: Vec<ProjectRow>,
    total: Money,
    chart: String,
    chart_table: String,
}

/// GET /package/ministries/{ministry} — every project a ministry runs, in every region and cohort.
pub async fn ministry(
    State(state): State<AppState>,
    lang: Lang,
    viewer: Viewer,
    Path(ministry): Path<String>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let projects = state
        .store
        .projects(&ProjectFilter::Ministry(ministry.clone()))
        .await
        .map_err(|e| fail(e.into()))?;
    let known = state.store.programs().await.map_err(|e| fail(e.into()))?;
    if projects.is_empty() && !known.iter().any(|p| p.program.ministry == ministry) {
        return Err(fail(Failure::NotFound(format!(
            "'{ministry}' 소관 지원사업이 없습니다."
        ))));
    }
    let mut rows: Vec<ProjectRow> = projects.into_iter().map(ProjectRow::of).collect();
    rows.sort_by(|a, b| {
        plan_order(
            &(a.project.round, a.project.region),
            &(b.project.round, b.project.region),
        )
    });
    let mut by_year: BTreeMap<i32, Money> = BTreeMap::new();
    let mut total = Money::default();
    for r in &rows {
        for (y, m) in &r.years {
            let e = by_year.entry(*y).or_default();
            e.planned += m.planned;
            e.executed += m.executed;
        }
        total.planned += r.total.planned;
        total.executed += r.total.executed;
    }
    let chart = Chart {
        id: "ministry-by-year",
        title: "연도별 계획 대비 집행",
        description: "이 부처가 집행하는 모든 패키지 사업의 연도별 계획액과 집행액입니다.",
        unit: "단위: 억 원",
        series: vec![Series { name: "계획".into() }, Series { name: "집행".into() }],
        categories: by_year
            .iter()
            .map(|(y, m)| Category {
                label: format!("{y}년"),
                href: None,
                values: vec![m.planned, m.executed],
            })
            .collect(),
        format: eok,
    };
    let title = format!("{ministry} 패키지 사업");
    let path = ministry_href(&ministry);
    let page = MinistryPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &path,
            vec![("범부처 패키지 예산".into(), "/package".into()), (title, path.clone())],
        )
        .for_viewer(&viewer),
        rows,
        total,
        chart: chart.columns(),
        chart_table: chart.table(),
    };
    render(&page, lang)
}

/// What the viewer may do on a region's package page.
pub struct Powers {
    pub plan: bool,
    /// The runners whose execution she records.
    pub runs: Vec<Runner>,
}

impl Powers {
    pub fn executes(&self, project: &PackageProject) -> bool {
        self.runs.contains(&project.runner)
    }
}

#[derive(Template)]
#[template(path = "package/package_region.html")]
struct RegionPage {
    layout: Layout,
    csrf: String,
    round: i32,
    region: Region,
    period: PackagePeriod,
    rows: Vec<ProjectRow>,
    total: Money,
    programs: Vec<StoredProgram>,
    powers: Powers,
    quarters: Vec<Quarter>,
    sources: Vec<FundingSource>,
    form: Fields,
    errors: Vec<String>,
}

impl RegionPage {
    /// What the project's budget form carries of the figures it was drawn with.
    fn budget_seen(&self, row: &ProjectRow) -> String {
        seen(&row.project.budget)
    }

    /// The value a budget input shows: what was typed on a refused form, else what is planned.
    fn budget_value(&self, row: &ProjectRow, year: &i32, source: &FundingSource) -> String {
        let year = *year;
        let name = format!("plan-{year}-{}", source.key());
        if self.form.get("project") == row.project.id.to_string() && self.form.has(&name) {
            return self.form.get(&name).to_string();
        }
        row.project
            .budget
            .planned(year, *source)
            .map(|v| v.to_string())
            .unwrap_or_default()
    }

    fn planned_eok(&self, row: &ProjectRow, year: &i32, source: &FundingSource) -> String {
        row.project
            .budget
            .planned(*year, *source)
            .map(eok)
            .unwrap_or_else(|| "—".into())
    }

    fn executed_in(&self, row: &ProjectRow, quarter: &Quarter) -> String {
        let sum: i64 = row
            .project
            .budget
            .executions
            .iter()
            .filter(|e| e.quarter == *quarter)
            .map(|e| e.amount)
            .sum();
        if sum == 0 { String::new() } else { eok(sum) }
    }
}

fn powers(viewer: &Viewer, region: Region, projects: &[PackageProject]) -> Powers {
    let mut runs: Vec<Runner> = projects.iter().map(|p| p.runner.clone()).collect();
    runs.sort_by_key(|r| r.korean());
    runs.dedup();
    Powers {
        plan: viewer.may(Action::Change, &Subject::Package { region }).is_ok(),
        runs: runs
            .into_iter()
            .filter(|runner| {
                viewer
                    .may(Action::Change, &Subject::Execution { runner: runner.clone() })
                    .is_ok()
            })
            .collect(),
    }
}

/// The confirmed plan a path names; a plan not (yet) confirmed has no package and no results.
pub async fn funded(state: &AppState, year: &str, region: &str) -> Result<(i32, Region), Failure> {
    let (round, region) = (params::year(year)?, params::region(region)?);
    if !state.store.is_funded(round, region).await? {
        return Err(Failure::NotFound(format!(
            "{round}년 {} 계획은 최종확정되지 않아 범부처 패키지와 성과 관리 대상이 아닙니다. \
             기록에 최종확정 의결이 없습니다(위원회가 의결하면 /rounds/{round}/decisions에서 기록합니다). \
             2020년 선정 지역은 경쟁력강화사업지구 지정으로 패키지를 받습니다(예: /rounds/2020/plans/경북/package).",
            region.short_name()
        )));
    }
    Ok((round, region))
}

async fn region_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    round: i32,
    region: Region,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    let projects = state.store.package(round, region).await?;
    let powers = powers(viewer, region, &projects);
    let period = PackagePeriod::of_round(round);
    let now = Quarter::of(&today());
    let quarters = period
        .years()
        .flat_map(|y| (1..=4).map(move |q| Quarter { year: y, quarter: q }))
        .filter(|q| *q <= now)
        .collect();
    let rows: Vec<ProjectRow> = projects.into_iter().map(ProjectRow::of).collect();
    let total = Money {
        planned: rows.iter().map(|r| r.total.planned).sum(),
        executed: rows.iter().map(|r| r.total.executed).sum(),
    };
    let title = format!("{round}년 {} 범부처 패키지", region.short_name());
    let path = package_href(round, region);
    let page = RegionPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &path,
            vec![
                (format!("{round}년"), format!("/rounds/{round}")),
                (
                    format!("{} 혁신계획", region.short_name()),
                    format!("/rounds/{round}/plans/{}", region.short_name()),
                ),
                (title, path.clone()),
            ],
        )
        .for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        round,
        region,
        period,
        rows,
        total,
        programs: state.store.programs().await?,
        powers,
        quarters,
        sources: FundingSource::ALL.to_vec(),
        form,
        errors,
    };
    render(&page, lang).map_err(|e| e.0)
}

/// GET /rounds/{year}/plans/{region}/package
pub async fn region(
    State(state): State<AppState>,
    lang: Lang,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let (round, region) = funded(&state, &year, &region).await.map_err(fail)?;
    region_page(&state, &viewer, lang, round, region, Fields::new(), Vec::new())
        .await
        .map_err(fail)
}

/// Runs a package form and shows the package again, or the page with the refusal.
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
    settle(lang, run.await, &package_href(plan.0, plan.1), |errors| {
        region_page(state, viewer, lang, plan.0, plan.1, fields, errors)
    })
    .await
}

/// POST /rounds/{year}/plans/{region}/package — adds a project.
pub async fn add_project(
    State(state): State<AppState>,
    lang: Lang,
    viewer: Viewer,
    Path((year, region)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let (round, region) = (
        params::year(&year).map_err(fail)?,
        params::region(&region).map_err(fail)?,
    );
    viewer.may(Action::Change, &Subject::Package { region }).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        let program = match fields.get("program").trim() {
            "" => None,
            id => Some(
                id.parse::<i64>()
                    .map_err(|_| Failure::BadInput("지원사업을 목록에서 고르십시오.".into()))?,
            ),
        };
        new_project(&state, &viewer, round, region, fields.get("name"), program).await?;
        Ok(())
    };
    act(&state, &viewer, lang, (round, region), Fields(fields.0.clone()), run).await
}

/// Adds a project to a confirmed plan's package (the page's form and the API): its id.
pub(crate) async fn new_project(
    state: &AppState,
    viewer: &Viewer,
    round: i32,
    region: Region,
    name: &str,
    program: Option<i64>,
) -> Result<i64, Failure> {
    let at = timestamp();
    Ok(state
        .store
        .add_project(round, region, name, program, &change(viewer, &at))
        .await?)
}

/// What was typed on a project's form, marked as that project's so the page shows it there.
fn kept_for(fields: &Fields, project: i64) -> Fields {
    let mut kept = Fields(fields.0.iter().filter(|(k, _)| k != "project").cloned().collect());
    kept.set("project", project);
    kept
}

pub(crate) async fn project_of(state: &AppState, id: &str) -> Result<PackageProject, Failure> {
    let id: i64 = id
        .parse()
        .map_err(|_| Failure::NotFound("패키지 사업을 찾을 수 없습니다.".into()))?;
    state
        .store
        .package_project(id)
        .await?
        .ok_or_else(|| Failure::NotFound("패키지 사업을 찾을 수 없습니다.".into()))
}

/// Whether the viewer plans the project's budget: the office, or its region's officers.
pub(crate) fn may_plan(viewer: &Viewer, project: &PackageProject) -> Result<(), Failure> {
    viewer.may(Action::Change, &Subject::Package { region: project.region })
}

/// Whether the viewer records the project's execution: only its runner.
pub(crate) fn may_execute(viewer: &Viewer, project: &PackageProject) -> Result<(), Failure> {
    viewer.may(
        Action::Change,
        &Subject::Execution {
            runner: project.runner.clone(),
        },
    )
}

/// The fingerprint of a budget as a form showed it. A save made on figures someone has changed
/// since is refused, as the API refuses a stale `If-Match`; the page then shows the new figures
/// above the official's own, kept in the form.
fn seen(budget: &sandan_domain::package::ProjectBudget) -> String {
    json_tag(budget).unwrap_or_default().trim_matches('"').to_string()
}

/// POST /package/projects/{id}/budget — the total and the plan per year and source. A form
/// without `seen` (a script's) is saved on the figures as they are, as before forms carried it.
pub async fn plan_budget(
    State(state): State<AppState>,
    lang: Lang,
    viewer: Viewer,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let project = project_of(&state, &id).await.map_err(fail)?;
    may_plan(&viewer, &project).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        let shown = fields.get("seen");
        if !shown.is_empty() && shown != seen(&project.budget) {
            return Err(Failure::Conflict(
                "이 화면을 연 뒤 다른 사람이 이 사업의 예산이나 집행을 바꾸었습니다. 표의 새 금액을 확인하고 다시 저장하십시오. 입력하신 금액은 그대로 두었습니다.".into(),
            ));
        }
        let mut lines = Vec::new();
        for year in project.period().years() {
            for source in FundingSource::ALL {
                let name = format!("plan-{year}-{}", source.key());
                let field = format!("{year}년 {}", source.korean());
                if !fields.get(&name).trim().is_empty() {
                    lines.push(BudgetLine {
                        year,
                        source,
                        planned: read_won_or_zero(fields.get(&name), &field)?,
                    });
                }
            }
        }
        let total = read_won(fields.get("total"), "총사업비")?;
        let at = timestamp();
        state
            .store
            .plan_budget(project.id, Some(&project.budget), total, lines, &change(&viewer, &at))
            .await?;
        Ok(())
    };
    act(
        &state,
        &viewer,
        lang,
        (project.round, project.region),
        kept_for(&fields, project.id),
        run,
    )
    .await
}

/// POST /package/projects/{id}/execution — one quarter's execution from one source.
pub async fn record_execution(
    State(state): State<AppState>,
    lang: Lang,
    viewer: Viewer,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let project = project_of(&state, &id).await.map_err(fail)?;
    may_execute(&viewer, &project).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        let quarter: Quarter = fields.get("quarter").parse().map_err(Failure::BadInput)?;
        let source = FundingSource::parse(fields.get("source")).map_err(Failure::BadInput)?;
        let amount = read_won(fields.get("amount"), "집행액")?;
        let at = timestamp();
        state
            .store
            .record_execution(
                project.id,
                Execution {
                    quarter,
                    source,
                    amount,
                },
                today(),
                &change(&viewer, &at),
            )
            .await?;
        Ok(())
    };
    act(
        &state,
        &viewer,
        lang,
        (project.round, project.region),
        kept_for(&fields, project.id),
        run,
    )
    .await
}
