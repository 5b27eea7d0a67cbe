//! 예산 집계: planned and executed money summed by plan, runner and year in the database, for the
//! region × ministry × year matrix, a ministry's portfolio and a region's package totals.

use std::collections::BTreeMap;
use std::sync::Arc;

use sandan_domain::Region;
use serde::Serialize;
use sqlx::Row;

use crate::evaluation::region_of;
use crate::{Store, StoreError};

/// Planned and executed 원 of one plan's projects run by one runner in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetCell {
    pub round: i32,
    pub region: Region,
    /// The runner's ministry; None for the province's own projects.
    pub ministry: Option<String>,
    pub year: i32,
    pub planned: i64,
    pub executed: i64,
}

/// Which cells to sum; every field left None matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellFilter {
    pub round: Option<i32>,
    pub region: Option<Region>,
    pub ministry: Option<String>,
    pub year: Option<i32>,
}

enum Value {
    Int(i64),
    Text(String),
}

impl CellFilter {
    /// The WHERE clause over `p` (projects) and `year_column`, with its values in order.
    fn clause(&self, year_column: &str) -> (String, Vec<Value>) {
        let mut terms = vec!["1 = 1".to_string()];
        let mut values = Vec::new();
        let mut add = |term: String, value: Value| {
            values.push(value);
            terms.push(format!("{term} = ${}", values.len()));
        };
        if let Some(round) = self.round {
            add("p.round".into(), Value::Int(i64::from(round)));
        }
        if let Some(region) = self.region {
            add("p.region".into(), Value::Text(region.short_name().into()));
        }
        if let Some(ministry) = &self.ministry {
            add("p.ministry".into(), Value::Text(ministry.clone()));
        }
        if let Some(year) = self.year {
            add(year_column.into(), Value::Int(i64::from(year)));
        }
        (terms.join(" AND "), values)
    }
}

type Key = (i32, String, Option<String>, i32);

impl Store {
    /// Budget summed by plan, runner and year (two grouped queries, however many projects), kept
    /// until the next change.
    pub async fn budget_cells(&self, filter: &CellFilter) -> Result<Arc<Vec<BudgetCell>>, StoreError> {
        self.cached(format!("budget:{filter:?}"), || self.sum_budget(filter))
            .await
    }

    async fn sum_budget(&self, filter: &CellFilter) -> Result<Vec<BudgetCell>, StoreError> {
        let mut cells: BTreeMap<Key, (i64, i64)> = BTreeMap::new();
        for (table, amount, executed) in [("budget_lines", "planned", false), ("executions", "amount", true)] {
            let alias = if executed { "e" } else { "b" };
            let (clause, values) = filter.clause(&format!("{alias}.year"));
            let sql = format!(
                "SELECT p.round, p.region, p.ministry, {alias}.year, CAST(SUM({alias}.{amount}) AS BIGINT) AS amount \
                 FROM {table} {alias} JOIN package_projects p ON p.id = {alias}.project_id \
                 WHERE {clause} GROUP BY p.round, p.region, p.ministry, {alias}.year"
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for v in values {
                query = match v {
                    Value::Int(i) => query.bind(i),
                    Value::Text(t) => query.bind(t),
                };
            }
            let rows = query.fetch_all(&mut *self.read().await?).await?;
            for r in rows {
                let key: Key = (
                    r.try_get::<i64, _>("round")? as i32,
                    r.try_get("region")?,
                    r.try_get("ministry")?,
                    r.try_get::<i64, _>("year")? as i32,
                );
                let sum: i64 = r.try_get("amount")?;
                let entry = cells.entry(key).or_default();
                if executed {
                    entry.1 += sum;
                } else {
                    entry.0 += sum;
                }
            }
        }
        cells
            .into_iter()
            .map(|((round, region, ministry, year), (planned, executed))| {
                Ok(BudgetCell {
                    round,
                    region: region_of(&region)?,
                    ministry,
                    year,
                    planned,
                    executed,
                })
            })
            .collect()
    }
}
