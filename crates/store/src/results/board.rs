//! 성과 현황: every goal's latest reading and assessment, and each plan's contribution to the
//! national roll-up — read for one plan or for all in a fixed number of queries.

use std::collections::HashMap;
use std::sync::Arc;

use sandan_domain::package::{PackagePeriod, Quarter};
use sandan_domain::results::{Assessment, GoalSetup, Reading, RollupMetric, Status, Tracking, assess};
use sandan_domain::{Goal, Plan, Quantity, Region};
use serde::Serialize;
use sqlx::Row;

use crate::docs::from_doc;
use crate::evaluation::region_of;
use crate::{Store, StoreError};

/// One goal of a plan as of a quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalProgress {
    pub goal_no: usize,
    pub goal: Goal,
    pub setup: GoalSetup,
    pub tracking: Tracking,
    /// The latest reading up to the quarter: entered, or counted from the register.
    pub latest: Option<(Quarter, Reading)>,
    /// Why progress cannot be computed (no baseline, no target), or the assessment.
    pub assessment: Result<Assessment, String>,
    pub rollup: Option<RollupMetric>,
}

/// One funded plan's figures in the national roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRollup {
    pub round: i32,
    pub region: Region,
    pub goals: Vec<GoalProgress>,
    /// Distinct firms in the register.
    pub firms: i64,
    pub planned: i64,
    pub executed: i64,
}

impl PlanRollup {
    /// How many of the plan's goals stand at each status, in [`Status::ALL`] order.
    pub fn status_counts(&self) -> Vec<(Status, usize)> {
        let status = |g: &GoalProgress| g.assessment.as_ref().map_or(Status::NotMeasured, |a| a.status);
        Status::ALL
            .iter()
            .map(|s| (*s, self.goals.iter().filter(|g| status(g) == *s).count()))
            .collect()
    }

    /// What the plan achieved on a roll-up metric: the latest reading above its baseline, summed
    /// over the goals measuring it. None when no such goal has a reading and a baseline.
    pub fn achieved(&self, metric: RollupMetric) -> Option<i64> {
        match metric {
            RollupMetric::Firms => return Some(self.firms),
            RollupMetric::BudgetExecuted => return Some(self.executed),
            _ => {}
        }
        sandan_domain::results::achieved(
            self.goals
                .iter()
                .filter(|g| g.rollup == Some(metric))
                .map(|g| (g.latest.as_ref().map(|l| &l.1), g.tracking.baseline)),
        )
    }
}

type PlanKey = (i32, String);

fn key(r: &sqlx::any::AnyRow) -> Result<PlanKey, StoreError> {
    Ok((r.try_get::<i64, _>("round")? as i32, r.try_get("region")?))
}

impl Store {
    /// Every funded plan's roll-up as of a quarter, oldest round first, kept until the next change.
    pub async fn rollups(&self, as_of: Quarter) -> Result<Arc<Vec<PlanRollup>>, StoreError> {
        self.cached(format!("rollups:{as_of}"), || self.load_rollups(None, as_of))
            .await
    }

    /// One plan's goals and figures as of a quarter.
    pub async fn plan_rollup(
        &self,
        round: i32,
        region: Region,
        as_of: Quarter,
    ) -> Result<Option<PlanRollup>, StoreError> {
        Ok(self.load_rollups(Some((round, region)), as_of).await?.pop())
    }

    async fn load_rollups(&self, only: Option<(i32, Region)>, as_of: Quarter) -> Result<Vec<PlanRollup>, StoreError> {
        let funded = self.funded_plans().await?;
        let funded: Vec<(i32, Region)> = funded.into_iter().filter(|p| only.is_none_or(|o| o == *p)).collect();
        if funded.is_empty() {
            return Ok(Vec::new());
        }
        // Each query reads every plan (or the one asked for); the rows are grouped in memory. The
        // moment, where a query has one, is bound first ($1) and the plan after it.
        let plan_filter = |prefix: &str, first: usize| match only {
            Some(_) => format!("{prefix}round = ${first} AND {prefix}region = ${}", first + 1),
            None => "1 = 1".to_string(),
        };
        let bind_plan = |q: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>| match only {
            Some((round, region)) => q.bind(i64::from(round)).bind(region.short_name()),
            None => q,
        };
        let query = |sql: String| sqlx::query(sqlx::AssertSqlSafe(sql));
        let mut plans: HashMap<PlanKey, Plan> = HashMap::new();
        let sql = format!("SELECT round, region, doc FROM plans WHERE {}", plan_filter("", 1));
        let rows = bind_plan(query(sql)).fetch_all(&mut *self.read().await?).await?;
        for r in rows {
            plans.insert(key(&r)?, from_doc(&r, "혁신계획")?);
        }
        let mut setups: HashMap<(PlanKey, usize), GoalSetup> = HashMap::new();
        let sql = format!(
            "SELECT round, region, goal_no, doc FROM goal_tracking WHERE {}",
            plan_filter("", 1)
        );
        let rows = bind_plan(query(sql)).fetch_all(&mut *self.read().await?).await?;
        for r in rows {
            setups.insert(
                (key(&r)?, r.try_get::<i64, _>("goal_no")? as usize),
                from_doc(&r, "목표 관리 설정")?,
            );
        }
        let mut latest: HashMap<(PlanKey, usize), (Quarter, Reading)> = HashMap::new();
        // The latest quarter of each goal up to the moment, then that quarter's row: a grouped
        // scan of the key, where a correlated subquery would probe it once a row.
        let sql = format!(
            "SELECT m.round, m.region, m.goal_no, m.doc FROM measurements m \
             JOIN (SELECT round, region, goal_no, MAX(year * 4 + quarter) AS at FROM measurements \
             WHERE year * 4 + quarter <= $1 AND {} GROUP BY round, region, goal_no) l \
             ON l.round = m.round AND l.region = m.region AND l.goal_no = m.goal_no AND m.year * 4 + m.quarter = l.at",
            plan_filter("", 2)
        );
        let until = i64::from(as_of.year) * 4 + i64::from(as_of.quarter);
        let rows = bind_plan(query(sql).bind(until))
            .fetch_all(&mut *self.read().await?)
            .await?;
        for r in rows {
            let m: sandan_domain::results::Measurement = from_doc(&r, "성과 측정")?;
            latest.insert(
                (key(&r)?, r.try_get::<i64, _>("goal_no")? as usize),
                (m.quarter, m.reading),
            );
        }
        let last_day = as_of.last_day().to_string();
        let mut counted: HashMap<(PlanKey, String), i64> = HashMap::new();
        let mut firms: HashMap<PlanKey, i64> = HashMap::new();
        let count_sql = |group: &str| {
            format!(
                "SELECT round, region{group}, COUNT(DISTINCT business_number) AS n FROM supported_firms \
                 WHERE supported_on <= $1 AND {} GROUP BY round, region{group}",
                plan_filter("", 2)
            )
        };
        let rows = bind_plan(query(count_sql(", support")).bind(last_day.clone()))
            .fetch_all(&mut *self.read().await?)
            .await?;
        for r in rows {
            counted.insert((key(&r)?, r.try_get("support")?), r.try_get("n")?);
        }
        let rows = bind_plan(query(count_sql("")).bind(last_day))
            .fetch_all(&mut *self.read().await?)
            .await?;
        for r in rows {
            firms.insert(key(&r)?, r.try_get("n")?);
        }
        let mut money: HashMap<PlanKey, (i64, i64)> = HashMap::new();
        for cell in self
            .budget_cells(&crate::package::CellFilter {
                round: only.map(|o| o.0),
                region: only.map(|o| o.1),
                ..Default::default()
            })
            .await?
            .iter()
        {
            let entry = money
                .entry((cell.round, cell.region.short_name().to_string()))
                .or_default();
            entry.0 += cell.planned;
            entry.1 += cell.executed;
        }
        let mut out = Vec::with_capacity(funded.len());
        for (round, region) in funded {
            let k: PlanKey = (round, region.short_name().to_string());
            let Some(plan) = plans.get(&k) else { continue };
            let period = PackagePeriod::of_round(round);
            let goals = plan
                .goals
                .iter()
                .enumerate()
                .map(|(no, goal)| {
                    let setup = setups.get(&(k.clone(), no)).copied().unwrap_or_default();
                    let tracking = setup.tracking(goal);
                    let latest = match setup.counted_from {
                        Some(support) => tracking.target.map(|t| {
                            let n = counted
                                .get(&(k.clone(), support.key().to_string()))
                                .copied()
                                .unwrap_or(0);
                            (as_of, Reading::Value(Quantity::new(n, t.unit)))
                        }),
                        None => latest.get(&(k.clone(), no)).copied(),
                    };
                    let assessment =
                        assess(&tracking, latest.as_ref().map(|l| &l.1), period, as_of).map_err(|e| e.to_string());
                    GoalProgress {
                        goal_no: no,
                        goal: goal.clone(),
                        setup,
                        tracking,
                        latest,
                        assessment,
                        rollup: RollupMetric::of_goal(goal),
                    }
                })
                .collect();
            let (planned, executed) = money.get(&k).copied().unwrap_or_default();
            out.push(PlanRollup {
                round,
                region: region_of(&k.1)?,
                goals,
                firms: firms.get(&k).copied().unwrap_or(0),
                planned,
                executed,
            });
        }
        Ok(out)
    }
}
