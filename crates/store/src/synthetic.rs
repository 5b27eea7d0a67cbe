//! 합성 자료 적재: a generated national dataset replaces the record, the programs, every package,
//! every plan's results, the complexes' quarterly survey and the 애로사항, and brings the
//! synthetic accounts in line with it, in one transaction with one audit entry. Rows go in as
//! multi-row INSERTs of a few hundred bound parameters each, so half a million rows load in
//! seconds on either backend.

mod accounts;
mod grievances;

pub(crate) use grievances::delete_all as delete_grievances;

use std::collections::HashMap;

use sandan_domain::complex_survey::QuarterlySurvey;
use sandan_domain::synthetic::NationalDataset;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::{Any, AnyArguments};
use sqlx::query::Query;

use crate::audit::{self, Change};
use crate::docs::to_doc;
use crate::edit::EditError;
use crate::writer::Tx;
use crate::{Store, StoreError};

/// Rows in each table a synthetic load writes: what the audit entry keeps, before and after.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LoadCounts {
    pub complexes: i64,
    pub rounds: i64,
    pub plans: i64,
    pub designations: i64,
    pub programs: i64,
    pub projects: i64,
    pub budget_lines: i64,
    pub executions: i64,
    pub goal_setups: i64,
    pub measurements: i64,
    pub firms: i64,
    /// Rows of the quarterly survey (분기별 산업단지 동향).
    pub surveys: i64,
    /// Synthetic accounts that may sign in; real accounts are not counted.
    pub users: i64,
    /// 애로사항 and the lines of their histories.
    pub grievances: i64,
    pub grievance_events: i64,
}

/// What the database holds as its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordState {
    /// Never loaded.
    Empty,
    /// Generated data (`sandan generate`).
    Synthetic,
    /// The program's record: the bundled one or an import.
    Program,
}

/// The work kept on the record's plans — packages, execution, results and their evidence —
/// children before parents. The record's own tables are replaced by the record's import path.
const PLAN_WORK_IN_DELETE_ORDER: [&str; 8] = [
    "DELETE FROM supported_firms",
    "DELETE FROM measurements",
    "DELETE FROM evidence_uploads",
    "DELETE FROM evidence_files",
    "DELETE FROM goal_tracking",
    "DELETE FROM executions",
    "DELETE FROM budget_lines",
    "DELETE FROM package_projects",
];

/// Deletes the work kept on the record's plans: a synthetic record's is as synthetic as it is.
pub(crate) async fn delete_plan_work(tx: &mut Tx) -> Result<(), sqlx::Error> {
    for delete in PLAN_WORK_IN_DELETE_ORDER {
        sqlx::query(delete).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Bound parameters a statement. Far below the limits (SQLite 32,766, PostgreSQL 65,535) on
/// purpose: SQLite finds a `$N` parameter by a linear scan of the statement's names, so a
/// statement's cost grows with the square of its parameters. Measured on the national dataset
/// (SQLite, debug build): 32,000 a statement took 230 s, 2,000 27 s, 256 8 s, 10 32 s;
/// PostgreSQL was no faster with larger statements.
const MAX_PARAMETERS: usize = 256;

/// One bound value of a bulk insert.
enum Cell {
    Int(i64),
    MaybeInt(Option<i64>),
    Text(String),
    MaybeText(Option<String>),
}

impl From<i64> for Cell {
    fn from(v: i64) -> Cell {
        Cell::Int(v)
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Cell {
        Cell::Text(v)
    }
}

impl From<&str> for Cell {
    fn from(v: &str) -> Cell {
        Cell::Text(v.to_string())
    }
}

impl Cell {
    fn bind<'q>(self, query: Query<'q, Any, AnyArguments>) -> Query<'q, Any, AnyArguments> {
        match self {
            Cell::Int(v) => query.bind(v),
            Cell::MaybeInt(v) => query.bind(v),
            Cell::Text(v) => query.bind(v),
            Cell::MaybeText(v) => query.bind(v),
        }
    }
}

/// `INSERT INTO table (columns) VALUES ($1, …), (…)` for `rows` rows.
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let width = columns.len();
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let params: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", params.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        columns.join(", "),
        tuples.join(", ")
    )
}

/// Inserts every row, a statement at a time; returns how many.
async fn bulk_insert(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<usize, sqlx::Error> {
    let per_statement = MAX_PARAMETERS / columns.len();
    let full = insert_sql(table, columns, per_statement);
    let mut rows = rows.into_iter().peekable();
    let mut inserted = 0;
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Cell>> = rows.by_ref().take(per_statement).collect();
        let sql = if chunk.len() == per_statement {
            full.clone()
        } else {
            insert_sql(table, columns, chunk.len())
        };
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        inserted += chunk.len();
        for row in chunk {
            debug_assert_eq!(row.len(), columns.len());
            for cell in row {
                query = cell.bind(query);
            }
        }
        query.execute(&mut **tx).await?;
    }
    Ok(inserted)
}

/// Rows `from` a table, with a condition if it says one ("users WHERE …").
async fn count(tx: &mut Tx, from: &str) -> Result<i64, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) AS n FROM {from}")))
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")
}

async fn counts(tx: &mut Tx) -> Result<LoadCounts, sqlx::Error> {
    Ok(LoadCounts {
        complexes: count(tx, "complexes").await?,
        rounds: count(tx, "rounds").await?,
        plans: count(tx, "plans").await?,
        designations: count(tx, "designations").await?,
        programs: count(tx, "programs").await?,
        projects: count(tx, "package_projects").await?,
        budget_lines: count(tx, "budget_lines").await?,
        executions: count(tx, "executions").await?,
        goal_setups: count(tx, "goal_tracking").await?,
        measurements: count(tx, "measurements").await?,
        firms: count(tx, "supported_firms").await?,
        surveys: count(tx, "complex_surveys").await?,
        users: count(tx, "users WHERE synthetic = 1 AND disabled = 0").await?,
        grievances: count(tx, "grievances").await?,
        grievance_events: count(tx, "grievance_events").await?,
    })
}

impl Store {
    /// Whether the database holds no record, a synthetic one, or the program's.
    pub async fn record_state(&self) -> Result<RecordState, StoreError> {
        let rows = sqlx::query("SELECT key, value FROM record_meta WHERE key IN ('loaded_at', 'synthetic')")
            .fetch_all(&mut *self.read().await?)
            .await?;
        let mut meta = HashMap::new();
        for r in rows {
            meta.insert(r.try_get::<String, _>("key")?, r.try_get::<String, _>("value")?);
        }
        Ok(
            match (meta.get("loaded_at"), meta.get("synthetic").map(String::as_str)) {
                (None, _) => RecordState::Empty,
                (Some(_), Some("true")) => RecordState::Synthetic,
                (Some(_), _) => RecordState::Program,
            },
        )
    }

    /// Whether the record the pages show is synthetic: every page asks, to say so, so the
    /// answer is kept with the shared reads until the record changes.
    pub async fn shows_synthetic(&self) -> Result<bool, StoreError> {
        let state = self.cached("record_state".into(), || self.record_state()).await?;
        Ok(*state == RecordState::Synthetic)
    }

    /// Replaces the record, the programs, every package, all results, the quarterly survey and
    /// every 애로사항 (with the site visits) with a generated dataset and brings the synthetic
    /// accounts in line with it (see `accounts`), in one transaction with one audit entry
    /// ("synthetic.load", row counts before and after). Refuses a record that is not marked
    /// synthetic, a record, survey row or report that does not pass its checks, and a dataset
    /// login a real account holds.
    pub async fn load_national(&self, data: &NationalDataset, change: &Change<'_>) -> Result<LoadCounts, EditError> {
        if !data.record.synthetic {
            return Err(EditError::Refused(
                "합성 자료로 표시되지 않은 기록은 합성 자료로 적재할 수 없습니다.".into(),
            ));
        }
        let problems = data.record.check();
        if !problems.is_empty() {
            return Err(StoreError::InvalidRecord(problems).into());
        }
        if let Some((row, problem)) = data
            .surveys
            .iter()
            .find_map(|s| s.problems().into_iter().next().map(|p| (s, p)))
        {
            return Err(EditError::Refused(format!(
                "산업단지 '{}'의 분기별 동향: {problem}",
                row.complex.0
            )));
        }
        if let Some((g, problem)) = data
            .grievances
            .iter()
            .find_map(|g| g.filing.checked().err().map(|e| (g, e)))
        {
            return Err(EditError::Refused(format!("합성 애로사항 {}번: {problem}", g.serial)));
        }
        let mut tx = self.writer.begin().await?;
        let before = counts(&mut tx).await?;
        delete_plan_work(&mut tx).await?;
        sqlx::query("DELETE FROM programs").execute(&mut *tx).await?;
        crate::record::delete_registry_figures(&mut tx).await?;
        crate::record::overwrite(&mut tx, &data.record, change).await?;
        insert_packages(&mut tx, data, change).await?;
        insert_surveys(&mut tx, &data.surveys).await?;
        grievances::replace(&mut tx, &data.grievances, change).await?;
        accounts::sync(&mut tx, &data.users, change).await?;
        let after = counts(&mut tx).await?;
        audit::record(
            &mut tx,
            change,
            "synthetic.load",
            "record",
            Some(to_doc(&before)),
            Some(to_doc(&after)),
        )
        .await?;
        tx.commit().await?;
        // Fresh statistics for the planner: the tables just grew from nothing to many rows. The
        // load has committed by now, so a failure here is only worth a warning.
        if let Err(e) = sqlx::query("ANALYZE").execute(self.writer.pool()).await {
            tracing::warn!("합성 자료 적재 후 통계(ANALYZE)를 갱신하지 못했습니다: {e}");
        }
        Ok(after)
    }
}

/// Quarters of the survey, many to a statement: a synthetic load and a registry import both
/// write a complex's 20 years at once.
pub(crate) async fn insert_surveys<'a>(
    tx: &mut Tx,
    surveys: impl IntoIterator<Item = &'a QuarterlySurvey>,
) -> Result<(), sqlx::Error> {
    const COLUMNS: [&str; 9] = [
        "complex_id",
        "year",
        "quarter",
        "tenants",
        "operating",
        "employment",
        "production_eok",
        "exports_musd",
        "source",
    ];
    // The cells are made before each await, a bounded batch at a time: an iterator adapter held
    // across the await made every caller's future not `Send` (rustc #100013), and a web
    // handler's must be.
    const BATCH: usize = 10_000;
    let mut surveys = surveys.into_iter().peekable();
    while surveys.peek().is_some() {
        let rows: Vec<Vec<Cell>> = surveys.by_ref().take(BATCH).map(survey_cells).collect();
        bulk_insert(tx, "complex_surveys", &COLUMNS, rows).await?;
    }
    Ok(())
}

fn survey_cells(s: &QuarterlySurvey) -> Vec<Cell> {
    vec![
        s.complex.0.as_str().into(),
        i64::from(s.quarter.year).into(),
        i64::from(s.quarter.quarter).into(),
        s.tenants.into(),
        s.operating.into(),
        s.employment.into(),
        s.production_eok.into(),
        s.exports_musd.into(),
        s.source.as_str().into(),
    ]
}

async fn insert_packages(tx: &mut Tx, data: &NationalDataset, change: &Change<'_>) -> Result<(), StoreError> {
    let (actor, at) = (change.actor, change.at);
    bulk_insert(
        tx,
        "programs",
        &["name", "ministry", "doc", "version"],
        data.programs.iter().map(|p| {
            vec![
                p.name.as_str().into(),
                p.ministry.as_str().into(),
                to_doc(p).into(),
                1i64.into(),
            ]
        }),
    )
    .await?;
    // Ids are the databases' own; read them back by the unique names they were given.
    let mut program_ids = HashMap::new();
    for r in sqlx::query("SELECT id, name FROM programs")
        .fetch_all(&mut **tx)
        .await?
    {
        program_ids.insert(r.try_get::<String, _>("name")?, r.try_get::<i64, _>("id")?);
    }
    let program_id = |i: usize| program_ids.get(&data.programs[i].name).copied();
    let projects = data
        .packages
        .iter()
        .flat_map(|pk| pk.projects.iter().map(move |p| (pk, p)));
    bulk_insert(
        tx,
        "package_projects",
        &["round", "region", "name", "program_id", "runner", "ministry", "total"],
        projects.clone().map(|(pk, p)| {
            let ministry = match &p.runner {
                sandan_domain::package::Runner::Ministry(m) => Some(m.clone()),
                sandan_domain::package::Runner::Province(_) => None,
            };
            vec![
                i64::from(pk.round).into(),
                pk.region.short_name().into(),
                p.name.as_str().into(),
                Cell::MaybeInt(p.program.and_then(program_id)),
                to_doc(&p.runner).into(),
                Cell::MaybeText(ministry),
                p.budget.total.into(),
            ]
        }),
    )
    .await?;
    let mut project_ids = HashMap::new();
    for r in sqlx::query("SELECT id, round, region, name FROM package_projects")
        .fetch_all(&mut **tx)
        .await?
    {
        let key = (
            r.try_get::<i64, _>("round")?,
            r.try_get::<String, _>("region")?,
            r.try_get::<String, _>("name")?,
        );
        project_ids.insert(key, r.try_get::<i64, _>("id")?);
    }
    let id_of = |pk: &sandan_domain::synthetic::SyntheticPlanPackage, name: &str| {
        project_ids
            .get(&(
                i64::from(pk.round),
                pk.region.short_name().to_string(),
                name.to_string(),
            ))
            .copied()
            .ok_or_else(|| StoreError::BadValue(format!("패키지 사업 '{name}'")))
    };
    let mut ids = Vec::new();
    for (pk, p) in projects.clone() {
        ids.push(id_of(pk, &p.name)?);
    }
    let with_ids = || projects.clone().zip(ids.iter().copied());
    bulk_insert(
        tx,
        "budget_lines",
        &["project_id", "year", "source", "planned"],
        with_ids().flat_map(|((_, p), id)| {
            p.budget.lines.iter().map(move |l| {
                vec![
                    id.into(),
                    i64::from(l.year).into(),
                    l.source.key().into(),
                    l.planned.into(),
                ]
            })
        }),
    )
    .await?;
    bulk_insert(
        tx,
        "executions",
        &[
            "project_id",
            "year",
            "quarter",
            "source",
            "amount",
            "entered_by",
            "entered_at",
        ],
        with_ids().flat_map(|((_, p), id)| {
            p.budget.executions.iter().map(move |e| {
                vec![
                    id.into(),
                    i64::from(e.quarter.year).into(),
                    i64::from(e.quarter.quarter).into(),
                    e.source.key().into(),
                    e.amount.into(),
                    actor.into(),
                    at.into(),
                ]
            })
        }),
    )
    .await?;
    bulk_insert(
        tx,
        "goal_tracking",
        &["round", "region", "goal_no", "doc", "set_by", "set_at"],
        data.packages.iter().flat_map(|pk| {
            pk.setups.iter().map(move |(no, setup)| {
                vec![
                    i64::from(pk.round).into(),
                    pk.region.short_name().into(),
                    (*no as i64).into(),
                    to_doc(setup).into(),
                    actor.into(),
                    at.into(),
                ]
            })
        }),
    )
    .await?;
    bulk_insert(
        tx,
        "measurements",
        &[
            "round",
            "region",
            "goal_no",
            "year",
            "quarter",
            "doc",
            "entered_by",
            "entered_at",
        ],
        data.packages.iter().flat_map(|pk| {
            pk.measurements.iter().map(move |(no, m)| {
                vec![
                    i64::from(pk.round).into(),
                    pk.region.short_name().into(),
                    (*no as i64).into(),
                    i64::from(m.quarter.year).into(),
                    i64::from(m.quarter.quarter).into(),
                    to_doc(m).into(),
                    actor.into(),
                    at.into(),
                ]
            })
        }),
    )
    .await?;
    let mut firms = Vec::new();
    for pk in &data.packages {
        for (project, firm) in &pk.firms {
            firms.push((pk, id_of(pk, &pk.projects[*project].name)?, firm));
        }
    }
    bulk_insert(
        tx,
        "supported_firms",
        &[
            "round",
            "region",
            "project_id",
            "business_number",
            "name",
            "support",
            "supported_on",
            "entered_by",
            "entered_at",
        ],
        firms.into_iter().map(|(pk, id, f)| {
            vec![
                i64::from(pk.round).into(),
                pk.region.short_name().into(),
                id.into(),
                f.number.to_string().into(),
                f.name.as_str().into(),
                f.support.key().into(),
                f.date.to_string().into(),
                actor.into(),
                at.into(),
            ]
        }),
    )
    .await?;
    Ok(())
}
