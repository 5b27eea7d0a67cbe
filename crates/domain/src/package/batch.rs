//! 집행 일괄 입력: many projects' quarterly execution sent at once by a finance system, taken
//! all or nothing. Each row is held to the rules one execution is held to; the plan is checked
//! against what the year holds once every row is in place, so rows that correct each other
//! pass in any order, and a year over its plan is told once.

use std::collections::{BTreeSet, HashMap};

use super::budget::{BudgetError, Execution, FundingSource, ProjectBudget};
use super::period::{PackagePeriod, Quarter};
use crate::date::Day;

/// One row of a batch: the execution for a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExecutionRow {
    /// The row's position in what was sent, from 0, so a refusal names it.
    pub row: usize,
    pub project: i64,
    pub execution: Execution,
}

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowFault {
    #[error("패키지 사업 {0}이(가) 없습니다. 사업 번호를 확인하십시오.")]
    UnknownProject(i64),
    #[error("같은 사업·분기·재원이 앞의 행(row {earlier})에도 있습니다. 한 번만 보내 주십시오.")]
    Repeated { earlier: usize },
    #[error("{0}")]
    Budget(BudgetError),
}

impl RowFault {
    /// The member of the row the fault is in.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RowFault::UnknownProject(_) => Some("project"),
            RowFault::Repeated { .. } => None,
            RowFault::Budget(e) => Some(match e {
                BudgetError::OutsidePeriod { .. } | BudgetError::FutureQuarter { .. } => "quarter",
                BudgetError::NotPlanned { .. } => "source",
                _ => "amount",
            }),
        }
    }
}

/// A project's period and money, as the batch is checked against it.
pub type Budgets = HashMap<i64, (PackagePeriod, ProjectBudget)>;

/// Checks every row of a batch against `budgets` on `today`. The rows that change what is
/// recorded, by position in `rows`; a row that repeats what is recorded changes nothing. Else
/// every row's fault, in row order.
pub fn check_rows(budgets: &Budgets, rows: &[ExecutionRow], today: Day) -> Result<Vec<usize>, Vec<(usize, RowFault)>> {
    let mut faults = Vec::new();
    let mut seen: HashMap<(i64, Quarter, FundingSource), usize> = HashMap::new();
    let mut next: HashMap<i64, ProjectBudget> = HashMap::new();
    let mut groups: BTreeSet<(i64, i32, FundingSource)> = BTreeSet::new();
    let mut changed = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Some((period, budget)) = budgets.get(&row.project) else {
            faults.push((row.row, RowFault::UnknownProject(row.project)));
            continue;
        };
        let Execution { quarter, source, .. } = row.execution;
        if let Some(earlier) = seen.insert((row.project, quarter, source), row.row) {
            faults.push((row.row, RowFault::Repeated { earlier }));
            continue;
        }
        if let Err(e) = budget.admit(*period, row.execution, today) {
            faults.push((row.row, RowFault::Budget(e)));
            continue;
        }
        if budget.recorded(quarter, source) != Some(row.execution.amount) {
            changed.push(i);
        }
        let project = next.entry(row.project).or_insert_with(|| budget.clone());
        *project = project.with(row.execution);
        groups.insert((row.project, quarter.year, source));
    }
    // The plan, with every admitted row in place. A year over it is told at its last row: the
    // one that, read in order, takes the year past its plan.
    for (project, year, source) in groups {
        if let Err(e) = next[&project].within_plan(year, source) {
            let last = rows
                .iter()
                .filter(|r| r.project == project && r.execution.quarter.year == year && r.execution.source == source)
                .map(|r| r.row)
                .max();
            faults.extend(last.map(|row| (row, RowFault::Budget(e))));
        }
    }
    if faults.is_empty() {
        Ok(changed)
    } else {
        faults.sort_by_key(|(row, _)| *row);
        Err(faults)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::BudgetLine;
    use FundingSource::*;

    const EOK: i64 = 100_000_000;

    fn budgets() -> Budgets {
        let period = PackagePeriod::of_round(2021);
        let planned = ProjectBudget::default()
            .replan(
                period,
                30 * EOK,
                vec![
                    BudgetLine {
                        year: 2022,
                        source: National,
                        planned: 20 * EOK,
                    },
                    BudgetLine {
                        year: 2022,
                        source: Local,
                        planned: 10 * EOK,
                    },
                ],
            )
            .unwrap()
            .execute(period, spend("2022-Q1", National, 8), today())
            .unwrap();
        HashMap::from([(7, (period, planned))])
    }

    fn spend(quarter: &str, source: FundingSource, eok: i64) -> Execution {
        Execution {
            quarter: quarter.parse().unwrap(),
            source,
            amount: eok * EOK,
        }
    }

    fn row(row: usize, project: i64, quarter: &str, source: FundingSource, eok: i64) -> ExecutionRow {
        ExecutionRow {
            row,
            project,
            execution: spend(quarter, source, eok),
        }
    }

    fn today() -> Day {
        Day::ymd(2023, 5, 2)
    }

    #[test]
    fn rows_that_correct_each_other_pass_in_any_order_and_a_repeat_of_the_record_changes_nothing() {
        // 8 (recorded) lowered to 2 lets Q2 take 18: over the 20 only if read before the correction.
        let rows = [
            row(0, 7, "2022-Q2", National, 18),
            row(1, 7, "2022-Q1", National, 2),
            row(2, 7, "2022-Q3", Local, 0),
        ];
        assert_eq!(check_rows(&budgets(), &rows, today()), Ok(vec![0, 1, 2]));
        let again = [row(0, 7, "2022-Q1", National, 8)];
        assert_eq!(check_rows(&budgets(), &again, today()), Ok(vec![]), "as recorded");
    }

    #[test]
    fn a_year_over_its_plan_is_told_once_at_its_last_row() {
        let rows = [
            row(0, 7, "2022-Q2", Local, 6),
            row(1, 7, "2022-Q2", National, 1),
            row(2, 7, "2022-Q3", Local, 6),
        ];
        let faults = check_rows(&budgets(), &rows, today()).unwrap_err();
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].0, 2);
        assert!(faults[0].1.to_string().contains("초과 2억 원"), "{}", faults[0].1);
    }

    #[test]
    fn every_bad_row_is_named_with_the_member_at_fault() {
        let rows = [
            row(0, 7, "2022-Q2", National, 5),
            row(1, 8, "2022-Q2", National, 1),
            row(2, 7, "2022-Q2", National, 5),
            row(3, 7, "2022-Q2", Private, 1),
            row(4, 7, "2023-Q3", Local, 1),
            row(5, 7, "2022-Q4", Local, 11),
        ];
        let faults = check_rows(&budgets(), &rows, today()).unwrap_err();
        let found: Vec<(usize, Option<&str>)> = faults.iter().map(|(r, f)| (*r, f.field())).collect();
        assert_eq!(
            found,
            [
                (1, Some("project")),
                (2, None),
                (3, Some("source")),
                (4, Some("quarter")),
                (5, Some("amount")),
            ]
        );
        assert_eq!(
            faults[1].1.to_string(),
            "같은 사업·분기·재원이 앞의 행(row 0)에도 있습니다. 한 번만 보내 주십시오."
        );
        assert!(faults[4].1.to_string().contains("초과 1억 원"), "{}", faults[4].1);
    }
}
