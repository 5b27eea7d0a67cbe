//! 범부처 패키지 in the store: the ministries' programs, each confirmed plan's projects with
//! their budget per year and source, and quarterly execution. Every change is checked by the
//! domain's budget rules inside the transaction that writes it, and audited there.

mod programs;
mod views;

use sandan_domain::Region;
use sandan_domain::package::{
    BudgetLine, Budgets, Execution, ExecutionRow, FundingSource, PackagePeriod, ProjectBudget, Quarter, Runner,
    check_rows,
};
use sandan_domain::{Day, DesignationKind};
use serde::Serialize;
use std::collections::HashMap;

use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::{Any, AnyArguments, AnyRow};
use sqlx::query::Query;

use crate::audit::{self, Change};
use crate::docs::{from_doc, to_doc};
use crate::edit::{EditError, RowRefusal};
use crate::evaluation::region_of;
use crate::writer::Tx;
use crate::{Store, StoreError};

pub use programs::StoredProgram;
pub use views::{BudgetCell, CellFilter};

/// One project of a confirmed plan's package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageProject {
    pub id: i64,
    pub round: i32,
    pub region: Region,
    pub name: String,
    /// The program it draws on, with the program's name.
    pub program: Option<(i64, String)>,
    pub runner: Runner,
    pub budget: ProjectBudget,
}

impl PackageProject {
    pub fn period(&self) -> PackagePeriod {
        PackagePeriod::of_round(self.round)
    }
}

/// Which projects to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectFilter {
    All,
    Id(i64),
    Plan(i32, Region),
    /// A ministry's portfolio: every project it runs, in every region and cohort.
    Ministry(String),
    /// The projects a ministry runs in the cohorts of some rounds (first and last included).
    MinistryRounds(String, i32, i32),
    Program(i64),
}

impl ProjectFilter {
    fn condition(&self) -> &'static str {
        match self {
            ProjectFilter::All => "1 = 1",
            ProjectFilter::Id(_) => "p.id = $1",
            ProjectFilter::Plan(..) => "p.round = $1 AND p.region = $2",
            ProjectFilter::Ministry(_) => "p.ministry = $1",
            ProjectFilter::MinistryRounds(..) => "p.ministry = $1 AND p.round >= $2 AND p.round <= $3",
            ProjectFilter::Program(_) => "p.program_id = $1",
        }
    }

    fn bind<'q>(&'q self, query: Query<'q, Any, AnyArguments>) -> Query<'q, Any, AnyArguments> {
        match self {
            ProjectFilter::All => query,
            ProjectFilter::Id(id) | ProjectFilter::Program(id) => query.bind(*id),
            ProjectFilter::Plan(round, region) => query.bind(i64::from(*round)).bind(region.short_name()),
            ProjectFilter::Ministry(m) => query.bind(m.as_str()),
            ProjectFilter::MinistryRounds(m, first, last) => {
                query.bind(m.as_str()).bind(i64::from(*first)).bind(i64::from(*last))
            }
        }
    }
}

fn subject(id: i64) -> String {
    format!("package-project:{id}")
}

fn source_of(text: &str) -> Result<FundingSource, StoreError> {
    FundingSource::parse(text).map_err(|_| StoreError::BadValue(format!("재원 '{text}'")))
}

fn kind_key(kind: DesignationKind) -> String {
    to_doc(&kind).trim_matches('"').to_string()
}

pub(crate) async fn is_funded(conn: &mut AnyConnection, round: i32, region: Region) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM designations WHERE round = $1 AND region = $2 AND kind IN ($3, $4)")
            .bind(i64::from(round))
            .bind(region.short_name())
            .bind(kind_key(DesignationKind::FUNDING[0]))
            .bind(kind_key(DesignationKind::FUNDING[1]))
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
    Ok(n > 0)
}

/// A project's round (its package period) and money, or NotFound.
async fn load_project(tx: &mut Tx, id: i64) -> Result<(i32, ProjectBudget), EditError> {
    let row = sqlx::query("SELECT round, total FROM package_projects WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| EditError::NotFound("패키지 사업을 찾을 수 없습니다.".into()))?;
    let lines = sqlx::query("SELECT year, source, planned FROM budget_lines WHERE project_id = $1")
        .bind(id)
        .fetch_all(&mut **tx)
        .await?;
    let executions = sqlx::query("SELECT year, quarter, source, amount FROM executions WHERE project_id = $1")
        .bind(id)
        .fetch_all(&mut **tx)
        .await?;
    let round = row.try_get::<i64, _>("round")? as i32;
    Ok((round, budget_of(row.try_get("total")?, &lines, &executions)?))
}

fn budget_of(total: i64, lines: &[AnyRow], executions: &[AnyRow]) -> Result<ProjectBudget, StoreError> {
    let mut budget = ProjectBudget {
        total,
        lines: Vec::new(),
        executions: Vec::new(),
    };
    for r in lines {
        budget.lines.push(BudgetLine {
            year: r.try_get::<i64, _>("year")? as i32,
            source: source_of(&r.try_get::<String, _>("source")?)?,
            planned: r.try_get("planned")?,
        });
    }
    for r in executions {
        let (year, quarter) = (r.try_get::<i64, _>("year")?, r.try_get::<i64, _>("quarter")?);
        budget.executions.push(Execution {
            quarter: Quarter::new(year as i32, quarter as u8).map_err(StoreError::BadValue)?,
            source: source_of(&r.try_get::<String, _>("source")?)?,
            amount: r.try_get("amount")?,
        });
    }
    budget.lines.sort_by_key(|l| (l.year, l.source));
    budget.executions.sort_by_key(|e| (e.quarter, e.source));
    Ok(budget)
}

/// [`Store::projects`] on a connection, so a transaction reads what it is about to change.
async fn projects_on(conn: &mut AnyConnection, filter: &ProjectFilter) -> Result<Vec<PackageProject>, StoreError> {
    let condition = filter.condition();
    let rows = filter
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT p.id, p.round, p.region, p.name, p.program_id, g.name AS program_name, p.runner, p.total \
                 FROM package_projects p LEFT JOIN programs g ON g.id = p.program_id WHERE {condition} ORDER BY p.id"
        ))))
        .fetch_all(&mut *conn)
        .await?;
    let lines = filter
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT b.project_id, b.year, b.source, b.planned FROM budget_lines b \
                 JOIN package_projects p ON p.id = b.project_id WHERE {condition}"
        ))))
        .fetch_all(&mut *conn)
        .await?;
    let executions = filter
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT e.project_id, e.year, e.quarter, e.source, e.amount FROM executions e \
                 JOIN package_projects p ON p.id = e.project_id WHERE {condition}"
        ))))
        .fetch_all(&mut *conn)
        .await?;
    let mut by_project: HashMap<i64, (Vec<AnyRow>, Vec<AnyRow>)> = HashMap::new();
    for r in lines {
        by_project.entry(r.try_get("project_id")?).or_default().0.push(r);
    }
    for r in executions {
        by_project.entry(r.try_get("project_id")?).or_default().1.push(r);
    }
    let mut projects = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let (lines, executions) = by_project.remove(&id).unwrap_or_default();
        let program = match r.try_get::<Option<i64>, _>("program_id")? {
            Some(pid) => Some((pid, r.try_get::<Option<String>, _>("program_name")?.unwrap_or_default())),
            None => None,
        };
        let runner: String = r.try_get("runner")?;
        projects.push(PackageProject {
            id,
            round: r.try_get::<i64, _>("round")? as i32,
            region: region_of(&r.try_get::<String, _>("region")?)?,
            name: r.try_get("name")?,
            program,
            runner: serde_json::from_str(&runner).map_err(|_| StoreError::BadValue("집행 주체".into()))?,
            budget: budget_of(r.try_get("total")?, &lines, &executions)?,
        });
    }
    Ok(projects)
}

impl Store {
    /// Whether a plan has been confirmed (or its district designated), so its package may be
    /// planned.
    pub async fn is_funded(&self, round: i32, region: Region) -> Result<bool, StoreError> {
        let mut conn = self.read().await?;
        Ok(is_funded(&mut conn, round, region).await?)
    }

    /// Every funded plan, oldest round first and regions in 가나다 order within a round.
    pub async fn funded_plans(&self) -> Result<Vec<(i32, Region)>, StoreError> {
        let rows = sqlx::query("SELECT DISTINCT round, region FROM designations WHERE kind IN ($1, $2) AND round IS NOT NULL AND region IS NOT NULL")
            .bind(kind_key(DesignationKind::FUNDING[0]))
            .bind(kind_key(DesignationKind::FUNDING[1]))
            .fetch_all(&mut *self.read().await?)
            .await?;
        let mut plans = Vec::new();
        for r in rows {
            plans.push((
                r.try_get::<i64, _>("round")? as i32,
                region_of(&r.try_get::<String, _>("region")?)?,
            ));
        }
        plans.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.short_name().cmp(b.1.short_name())));
        Ok(plans)
    }

    /// Projects with no yearly budget yet, counted by plan, in the rounds from `first` on.
    pub async fn unplanned_projects(&self, first: i32) -> Result<Vec<(i32, Region, usize)>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.round, p.region, COUNT(*) AS n FROM package_projects p \
             WHERE p.round >= $1 AND NOT EXISTS (SELECT 1 FROM budget_lines b WHERE b.project_id = p.id) \
             GROUP BY p.round, p.region ORDER BY p.round, p.region",
        )
        .bind(i64::from(first))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<i64, _>("round")? as i32,
                    region_of(&r.try_get::<String, _>("region")?)?,
                    r.try_get::<i64, _>("n")? as usize,
                ))
            })
            .collect()
    }

    /// A plan's package, projects in the order they were added.
    pub async fn package(&self, round: i32, region: Region) -> Result<Vec<PackageProject>, StoreError> {
        self.projects(&ProjectFilter::Plan(round, region)).await
    }

    pub async fn package_project(&self, id: i64) -> Result<Option<PackageProject>, StoreError> {
        Ok(self.projects(&ProjectFilter::Id(id)).await?.pop())
    }

    /// Projects with their budgets and execution: three queries however many projects match.
    pub async fn projects(&self, filter: &ProjectFilter) -> Result<Vec<PackageProject>, StoreError> {
        let mut conn = self.read().await?;
        projects_on(&mut conn, filter).await
    }

    /// Adds a project to a confirmed plan's package. A project on a program is run by the
    /// program's ministry; one without, by the province.
    pub async fn add_project(
        &self,
        round: i32,
        region: Region,
        name: &str,
        program: Option<i64>,
        change: &Change<'_>,
    ) -> Result<i64, EditError> {
        let name = sandan_domain::package::project_name(name).map_err(EditError::Refused)?;
        let mut tx = self.writer.begin().await?;
        if !is_funded(&mut tx, round, region).await? {
            return Err(EditError::Refused(format!(
                "{round}년 {} 계획은 아직 최종확정(또는 경쟁력강화사업지구 지정)되지 않아 패키지를 편성할 수 없습니다.",
                region.short_name()
            )));
        }
        let runner = match program {
            Some(pid) => {
                let row = sqlx::query("SELECT doc FROM programs WHERE id = $1")
                    .bind(pid)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| EditError::Refused("선택한 지원사업이 목록에 없습니다.".into()))?;
                let p: sandan_domain::package::Program = from_doc(&row, "지원사업")?;
                Runner::Ministry(p.ministry)
            }
            None => Runner::Province(region),
        };
        let taken: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM package_projects WHERE round = $1 AND region = $2 AND name = $3")
                .bind(i64::from(round))
                .bind(region.short_name())
                .bind(&name)
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        if taken > 0 {
            return Err(EditError::Refused(format!("'{name}' 사업이 이미 패키지에 있습니다.")));
        }
        let ministry = match &runner {
            Runner::Ministry(m) => Some(m.clone()),
            Runner::Province(_) => None,
        };
        let id: i64 = sqlx::query(
            "INSERT INTO package_projects (round, region, name, program_id, runner, ministry, total) \
             VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id",
        )
        .bind(i64::from(round))
        .bind(region.short_name())
        .bind(&name)
        .bind(program)
        .bind(to_doc(&runner))
        .bind(ministry)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let after = serde_json::json!({"round": round, "region": region.short_name(), "name": name, "program": program, "runner": runner});
        audit::record(
            &mut tx,
            change,
            "package.project.add",
            &subject(id),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a project's total and its plan per year and source; refused whole, with every
    /// reason, when the lines do not add up or fall below what was executed, and as stale when
    /// the money is no longer the `expected` the client read.
    pub async fn plan_budget(
        &self,
        id: i64,
        expected: Option<&ProjectBudget>,
        total: i64,
        lines: Vec<BudgetLine>,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let (round, before) = load_project(&mut tx, id).await?;
        if expected.is_some_and(|seen| *seen != before) {
            let (by, at) = crate::calls::last_change(&mut tx, &subject(id)).await?;
            return Err(EditError::Stale { by, at });
        }
        let after = before
            .replan(PackagePeriod::of_round(round), total, lines)
            .map_err(|errors| {
                EditError::Refused(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))
            })?;
        sqlx::query("DELETE FROM budget_lines WHERE project_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for line in &after.lines {
            sqlx::query("INSERT INTO budget_lines (project_id, year, source, planned) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(i64::from(line.year))
                .bind(line.source.key())
                .bind(line.planned)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE package_projects SET total = $1 WHERE id = $2")
            .bind(total)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let doc = |b: &ProjectBudget| serde_json::json!({"total": b.total, "lines": b.lines}).to_string();
        audit::record(
            &mut tx,
            change,
            "package.budget",
            &subject(id),
            Some(doc(&before)),
            Some(doc(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records one quarter's execution from one source, replacing what the quarter had.
    pub async fn record_execution(
        &self,
        id: i64,
        execution: Execution,
        today: Day,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let (round, budget) = load_project(&mut tx, id).await?;
        let previous = previous(&budget, execution);
        budget
            .execute(PackagePeriod::of_round(round), execution, today)
            .map_err(|e| EditError::Refused(e.to_string()))?;
        write_execution(&mut tx, id, execution, change).await?;
        audit::record(
            &mut tx,
            change,
            "package.execution",
            &subject(id),
            previous,
            Some(to_doc(&execution)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records many quarters' execution at once, all or nothing, as a finance system sends
    /// them: each row is held to the rules one execution is, the plans to what every row puts
    /// in place. `unreadable` are the rows the caller could not read; their problems are told
    /// with the others' and nothing is written. A row that repeats what is recorded writes and
    /// audits nothing, so sending a batch twice changes nothing the second time. Says how many
    /// rows changed the record.
    pub async fn record_executions(
        &self,
        rows: &[ExecutionRow],
        unreadable: Vec<RowRefusal>,
        today: Day,
        change: &Change<'_>,
    ) -> Result<usize, EditError> {
        let mut tx = self.writer.begin().await?;
        let budgets: Budgets = projects_on(&mut tx, &ProjectFilter::All)
            .await?
            .into_iter()
            .map(|p| (p.id, (p.period(), p.budget)))
            .collect();
        let mut refusals = unreadable;
        let changed = match check_rows(&budgets, rows, today) {
            Ok(changed) => changed,
            Err(faults) => {
                refusals.extend(faults.into_iter().map(|(row, fault)| RowRefusal {
                    row,
                    field: fault.field(),
                    message: fault.to_string(),
                }));
                Vec::new()
            }
        };
        if !refusals.is_empty() {
            refusals.sort_by_key(|r| r.row);
            return Err(EditError::Rows(refusals));
        }
        for &i in &changed {
            let ExecutionRow { project, execution, .. } = rows[i];
            let previous = previous(&budgets[&project].1, execution);
            write_execution(&mut tx, project, execution, change).await?;
            audit::record(
                &mut tx,
                change,
                "package.execution",
                &subject(project),
                previous,
                Some(to_doc(&execution)),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(changed.len())
    }
}

/// What a quarter and source had before `execution` replaces it, as the audit trail keeps it.
fn previous(budget: &ProjectBudget, execution: Execution) -> Option<String> {
    budget
        .executions
        .iter()
        .find(|e| e.quarter == execution.quarter && e.source == execution.source)
        .map(to_doc)
}

/// Puts one quarter's execution from one source in place of what it had.
async fn write_execution(tx: &mut Tx, id: i64, execution: Execution, change: &Change<'_>) -> Result<(), sqlx::Error> {
    let Execution {
        quarter,
        source,
        amount,
    } = execution;
    sqlx::query("DELETE FROM executions WHERE project_id = $1 AND year = $2 AND quarter = $3 AND source = $4")
        .bind(id)
        .bind(i64::from(quarter.year))
        .bind(i64::from(quarter.quarter))
        .bind(source.key())
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO executions (project_id, year, quarter, source, amount, entered_by, entered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(i64::from(quarter.year))
    .bind(i64::from(quarter.quarter))
    .bind(source.key())
    .bind(amount)
    .bind(change.actor)
    .bind(change.at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
