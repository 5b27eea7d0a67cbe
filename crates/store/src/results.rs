//! 성과관리 in the store: how each goal of a funded plan is tracked, its measurements with
//! evidence, and the register of firms its projects supported. Progress is never stored: it is
//! computed from these by the domain whenever it is read.

mod board;
mod entries;
mod firms;

use sandan_domain::package::Quarter;
use sandan_domain::results::{Evidence, GoalSetup, Measurement, Reading};
use sandan_domain::{Day, Plan, Region};
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::docs::{from_doc, to_doc};
use crate::edit::EditError;
use crate::writer::Tx;
use crate::{Store, StoreError};

pub use board::{GoalProgress, PlanRollup};
pub use entries::{EvidenceRef, MeasurementEntry, RowRefusal};
pub use firms::StoredFirm;

/// A measurement with who entered it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredMeasurement {
    pub goal_no: usize,
    pub measurement: Measurement,
    pub entered_by: String,
    pub entered_at: String,
}

/// Evidence as a form gives it: a link, or an uploaded file's name and bytes.
#[derive(Debug, Clone)]
pub enum EvidenceInput {
    Link(String),
    File { name: String, content: Vec<u8> },
}

fn subject(round: i32, region: Region, goal_no: usize) -> String {
    format!("results:{round}:{}:goal-{goal_no}", region.slug())
}

/// The funded plan and its goal at `goal_no`, or why a result cannot be recorded for it.
pub(crate) async fn funded_plan(tx: &mut Tx, round: i32, region: Region) -> Result<Plan, EditError> {
    let row = sqlx::query("SELECT doc FROM plans WHERE round = $1 AND region = $2")
        .bind(i64::from(round))
        .bind(region.short_name())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| EditError::NotFound(format!("{round}년 {} 혁신계획이 없습니다.", region.short_name())))?;
    if !crate::package::is_funded(tx, round, region).await? {
        return Err(EditError::Refused(format!(
            "{round}년 {} 계획은 아직 최종확정되지 않아 성과를 기록할 수 없습니다.",
            region.short_name()
        )));
    }
    Ok(from_doc(&row, "혁신계획")?)
}

pub(crate) async fn setup_of(tx: &mut Tx, round: i32, region: Region, goal_no: usize) -> Result<GoalSetup, EditError> {
    let row = sqlx::query("SELECT doc FROM goal_tracking WHERE round = $1 AND region = $2 AND goal_no = $3")
        .bind(i64::from(round))
        .bind(region.short_name())
        .bind(goal_no as i64)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match row {
        Some(r) => from_doc(&r, "목표 관리 설정")?,
        None => GoalSetup::default(),
    })
}

/// Writes goal `goal_no`'s tracking setup in place of `before`, audited.
pub(crate) async fn write_goal_setup(
    tx: &mut Tx,
    (round, region, goal_no): (i32, Region, usize),
    before: &GoalSetup,
    setup: &GoalSetup,
    change: &Change<'_>,
) -> Result<(), EditError> {
    sqlx::query("DELETE FROM goal_tracking WHERE round = $1 AND region = $2 AND goal_no = $3")
        .bind(i64::from(round))
        .bind(region.short_name())
        .bind(goal_no as i64)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO goal_tracking (round, region, goal_no, doc, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(i64::from(round))
    .bind(region.short_name())
    .bind(goal_no as i64)
    .bind(to_doc(setup))
    .bind(change.actor)
    .bind(change.at)
    .execute(&mut **tx)
    .await?;
    audit::record(
        tx,
        change,
        "results.goal",
        &subject(round, region, goal_no),
        Some(to_doc(before)),
        Some(to_doc(setup)),
    )
    .await?;
    Ok(())
}

fn goal_at(plan: &Plan, goal_no: usize) -> Result<&sandan_domain::Goal, EditError> {
    plan.goals
        .get(goal_no)
        .ok_or_else(|| EditError::NotFound(format!("{}번째 목표가 계획에 없습니다.", goal_no + 1)))
}

impl Store {
    /// Every goal's tracking setup of a plan, by goal position (goals without one get the default).
    pub async fn goal_setups(&self, round: i32, region: Region) -> Result<Vec<(usize, GoalSetup)>, StoreError> {
        let rows =
            sqlx::query("SELECT goal_no, doc FROM goal_tracking WHERE round = $1 AND region = $2 ORDER BY goal_no")
                .bind(i64::from(round))
                .bind(region.short_name())
                .fetch_all(&mut *self.read().await?)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get::<i64, _>("goal_no")? as usize, from_doc(r, "목표 관리 설정")?)))
            .collect()
    }

    /// Sets how a goal is tracked. A goal that already has measurements keeps being measured
    /// the same way: switching it to the register would orphan them.
    pub async fn set_goal_setup(
        &self,
        round: i32,
        region: Region,
        goal_no: usize,
        setup: GoalSetup,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        self.replace_goal_setup(round, region, goal_no, setup, None, change)
            .await
    }

    /// As [`Store::set_goal_setup`], refused as stale when the goal's setup is no longer
    /// `expected`, the one the caller read (the API's `If-Match`): the setup carries no version
    /// of its own, so the value itself is compared.
    pub async fn replace_goal_setup(
        &self,
        round: i32,
        region: Region,
        goal_no: usize,
        setup: GoalSetup,
        expected: Option<&GoalSetup>,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let plan = funded_plan(&mut tx, round, region).await?;
        let goal = goal_at(&plan, goal_no)?;
        let problems = setup.problems(goal);
        if !problems.is_empty() {
            return Err(EditError::Refused(problems.join(" ")));
        }
        let before = setup_of(&mut tx, round, region, goal_no).await?;
        if expected.is_some_and(|e| *e != before) {
            let row = sqlx::query(
                "SELECT set_by, set_at FROM goal_tracking WHERE round = $1 AND region = $2 AND goal_no = $3",
            )
            .bind(i64::from(round))
            .bind(region.short_name())
            .bind(goal_no as i64)
            .fetch_one(&mut *tx)
            .await?;
            return Err(EditError::Stale {
                by: row.try_get("set_by")?,
                at: row.try_get("set_at")?,
            });
        }
        let measured: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM measurements WHERE round = $1 AND region = $2 AND goal_no = $3")
                .bind(i64::from(round))
                .bind(region.short_name())
                .bind(goal_no as i64)
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        setup.may_follow(&before, measured, goal).map_err(EditError::Refused)?;
        write_goal_setup(&mut tx, (round, region, goal_no), &before, &setup, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a goal's value at the end of a quarter with its evidence, replacing an earlier
    /// entry for that quarter. Counted goals are refused: the register is their only source.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_measurement(
        &self,
        round: i32,
        region: Region,
        goal_no: usize,
        quarter: Quarter,
        reading: Reading,
        evidence: EvidenceInput,
        today: Day,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let plan = funded_plan(&mut tx, round, region).await?;
        goal_at(&plan, goal_no)?;
        let setups = entries::setups_in(&mut tx, round, region).await?;
        let problems = entries::entry_problems(&plan, &setups, today, (goal_no, quarter, &reading));
        if !problems.is_empty() {
            let messages: Vec<String> = problems.into_iter().map(|(_, m)| m).collect();
            return Err(EditError::Refused(messages.join(" ")));
        }
        let evidence = match evidence {
            EvidenceInput::Link(url) => Evidence::link(&url).map_err(|e| EditError::Refused(e.to_string()))?,
            EvidenceInput::File { name, content } => {
                entries::keep_file(&mut tx, round, region, &name, content, change).await?
            }
        };
        let measurement = Measurement {
            quarter,
            reading,
            evidence,
        };
        entries::put_measurement(&mut tx, round, region, goal_no, &measurement, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A plan's measurements, by goal and then quarter.
    /// The goals (by position) measured for `quarter`.
    pub async fn measured_goals(&self, round: i32, region: Region, quarter: Quarter) -> Result<Vec<usize>, StoreError> {
        let rows = sqlx::query(
            "SELECT goal_no FROM measurements WHERE round = $1 AND region = $2 AND year = $3 AND quarter = $4",
        )
        .bind(i64::from(round))
        .bind(region.short_name())
        .bind(i64::from(quarter.year))
        .bind(i64::from(quarter.quarter))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<i64, _>("goal_no")? as usize))
            .collect()
    }

    pub async fn measurements(&self, round: i32, region: Region) -> Result<Vec<StoredMeasurement>, StoreError> {
        let rows = sqlx::query(
            "SELECT goal_no, doc, entered_by, entered_at FROM measurements WHERE round = $1 AND region = $2 \
             ORDER BY goal_no, year, quarter",
        )
        .bind(i64::from(round))
        .bind(region.short_name())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredMeasurement {
                    goal_no: r.try_get::<i64, _>("goal_no")? as usize,
                    measurement: from_doc(r, "성과 측정")?,
                    entered_by: r.try_get("entered_by")?,
                    entered_at: r.try_get("entered_at")?,
                })
            })
            .collect()
    }

    /// An evidence file of a plan's measurement, or one uploaded to the plan and not yet cited,
    /// with the name it was uploaded under.
    pub async fn evidence_file(
        &self,
        round: i32,
        region: Region,
        sha256: &str,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let name = self
            .measurements(round, region)
            .await?
            .into_iter()
            .find_map(|m| match m.measurement.evidence {
                Evidence::File { name, sha256: d, .. } if d == sha256 => Some(name),
                _ => None,
            });
        let name = match name {
            Some(name) => Some(name),
            None => sqlx::query("SELECT name FROM evidence_uploads WHERE round = $1 AND region = $2 AND sha256 = $3")
                .bind(i64::from(round))
                .bind(region.short_name())
                .bind(sha256)
                .fetch_optional(&mut *self.read().await?)
                .await?
                .map(|r| r.try_get::<String, _>("name"))
                .transpose()?,
        };
        let Some(name) = name else { return Ok(None) };
        let row = sqlx::query("SELECT content FROM evidence_files WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&mut *self.read().await?)
            .await?;
        Ok(row
            .map(|r| r.try_get::<Vec<u8>, _>("content"))
            .transpose()?
            .map(|c| (name, c)))
    }
}
