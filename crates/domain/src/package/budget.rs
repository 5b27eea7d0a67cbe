//! 예산과 집행: a project's budget planned per year and source, and its quarterly execution.
//! Amounts are integer 원.

use serde::{Deserialize, Serialize};

use super::period::{PackagePeriod, Quarter};
use crate::date::Day;
use crate::quantity::Quantity;

/// 재원
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FundingSource {
    /// 국비
    National,
    /// 지방비
    Local,
    /// 민자
    Private,
}

impl FundingSource {
    pub const ALL: [FundingSource; 3] = [FundingSource::National, FundingSource::Local, FundingSource::Private];

    pub fn korean(self) -> &'static str {
        match self {
            FundingSource::National => "국비",
            FundingSource::Local => "지방비",
            FundingSource::Private => "민자",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            FundingSource::National => "national",
            FundingSource::Local => "local",
            FundingSource::Private => "private",
        }
    }

    /// Read from its key or its Korean name.
    pub fn parse(text: &str) -> Result<FundingSource, String> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|s| s.key() == text || s.korean() == text)
            .ok_or_else(|| format!("재원 '{text}'을(를) 알 수 없습니다. 국비, 지방비, 민자 중 하나를 쓰십시오."))
    }
}

/// 연도별 재원별 계획액
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetLine {
    /// 예산 연도
    pub year: i32,
    pub source: FundingSource,
    /// 계획액, 원
    pub planned: i64,
}

/// 분기별 집행액: what was spent in one quarter from one source (not a running total).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Execution {
    pub quarter: Quarter,
    pub source: FundingSource,
    pub amount: i64,
}

/// Why a budget or an execution was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    #[error("{year}년은 사업기간({period})이 아닙니다.")]
    OutsidePeriod { year: i32, period: String },
    #[error("금액은 0원 이상이어야 합니다 ({what}: {amount}원).")]
    Negative { what: String, amount: i64 },
    #[error("금액은 100조 원 이하여야 합니다 ({what}: {amount}원).")]
    TooLarge { what: String, amount: i64 },
    #[error("{year}년 {fund} 계획이 두 번 적혀 있습니다.")]
    Duplicate { year: i32, fund: &'static str },
    #[error("연도별 계획의 합계 {sum}이(가) 총사업비 {total}과(와) 맞지 않습니다 (차이 {gap}).")]
    DoesNotAddUp {
        sum: Quantity,
        total: Quantity,
        gap: Quantity,
    },
    #[error("{year}년 {fund} 계획 {planned}이(가) 이미 집행된 {executed}보다 적습니다.")]
    BelowExecuted {
        year: i32,
        fund: &'static str,
        planned: Quantity,
        executed: Quantity,
    },
    #[error("{year}년 {fund} 계획이 없어 집행을 기록할 수 없습니다.")]
    NotPlanned { year: i32, fund: &'static str },
    #[error("{quarter}는 아직 시작하지 않았습니다.")]
    FutureQuarter { quarter: String },
    #[error(
        "{year}년 {fund} 집행 누계 {executed}이(가) 계획 {planned}을(를) 넘습니다 (초과 {excess}). 계획을 먼저 변경하십시오."
    )]
    OverExecuted {
        year: i32,
        fund: &'static str,
        planned: Quantity,
        executed: Quantity,
        excess: Quantity,
    },
}

impl PackagePeriod {
    /// Whether anything can be reported for `quarter` on `today`: execution and measurements
    /// alike belong to a quarter of the period that has begun.
    pub fn admits(&self, quarter: Quarter, today: Day) -> Result<(), BudgetError> {
        if !self.contains(quarter.year) {
            return Err(BudgetError::OutsidePeriod {
                year: quarter.year,
                period: self.korean(),
            });
        }
        if quarter > Quarter::of(&today) {
            return Err(BudgetError::FutureQuarter {
                quarter: quarter.korean(),
            });
        }
        Ok(())
    }
}

/// A project's money: its total cost, the plan per year and source, and what has been executed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectBudget {
    /// 총사업비
    pub total: i64,
    pub lines: Vec<BudgetLine>,
    pub executions: Vec<Execution>,
}

impl ProjectBudget {
    pub fn planned(&self, year: i32, source: FundingSource) -> Option<i64> {
        self.lines
            .iter()
            .find(|l| l.year == year && l.source == source)
            .map(|l| l.planned)
    }

    pub fn executed(&self, year: i32, source: FundingSource) -> i64 {
        self.executions
            .iter()
            .filter(|e| e.quarter.year == year && e.source == source)
            .map(|e| e.amount)
            .sum()
    }

    pub fn planned_total(&self) -> i64 {
        self.lines.iter().map(|l| l.planned).sum()
    }

    pub fn executed_total(&self) -> i64 {
        self.executions.iter().map(|e| e.amount).sum()
    }

    /// A new plan for the project: every line in the period, none negative or repeated, the
    /// lines adding up to the total, and no line below what was already executed under it.
    pub fn replan(
        &self,
        period: PackagePeriod,
        total: i64,
        lines: Vec<BudgetLine>,
    ) -> Result<ProjectBudget, Vec<BudgetError>> {
        let mut errors = Vec::new();
        if let Err(e) = in_range("총사업비", total) {
            errors.push(e);
        }
        for (i, line) in lines.iter().enumerate() {
            let source = line.source.korean();
            if !period.contains(line.year) {
                errors.push(BudgetError::OutsidePeriod {
                    year: line.year,
                    period: period.korean(),
                });
            }
            if let Err(e) = in_range(&format!("{}년 {source}", line.year), line.planned) {
                errors.push(e);
            }
            if lines[..i]
                .iter()
                .any(|l| l.year == line.year && l.source == line.source)
            {
                errors.push(BudgetError::Duplicate {
                    year: line.year,
                    fund: source,
                });
            }
        }
        // Saturating: an amount out of range is refused above, and must not overflow the sum first.
        let sum = lines.iter().fold(0i64, |sum, l| sum.saturating_add(l.planned));
        if sum != total {
            errors.push(BudgetError::DoesNotAddUp {
                sum: Quantity::won(sum),
                total: Quantity::won(total),
                gap: Quantity::won(sum.saturating_sub(total).saturating_abs()),
            });
        }
        let next = ProjectBudget {
            total,
            lines,
            executions: self.executions.clone(),
        };
        for year in period.years() {
            for source in FundingSource::ALL {
                let executed = next.executed(year, source);
                let planned = next.planned(year, source).unwrap_or(0);
                if executed > planned {
                    errors.push(BudgetError::BelowExecuted {
                        year,
                        fund: source.korean(),
                        planned: Quantity::won(planned),
                        executed: Quantity::won(executed),
                    });
                }
            }
        }
        if errors.is_empty() { Ok(next) } else { Err(errors) }
    }

    /// Records one quarter's execution from one source, replacing what that quarter had. The
    /// quarter must have begun by `today`, lie in the period, and keep the year's execution
    /// within its plan.
    pub fn execute(
        &self,
        period: PackagePeriod,
        execution: Execution,
        today: Day,
    ) -> Result<ProjectBudget, BudgetError> {
        self.admit(period, execution, today)?;
        let next = self.with(execution);
        next.within_plan(execution.quarter.year, execution.source)?;
        Ok(next)
    }

    /// Whether `execution` may be recorded at all, whatever else is executed that year: a
    /// quarter of the period that has begun, an amount from 0 to [`MAX_WON`], a planned line.
    pub fn admit(&self, period: PackagePeriod, execution: Execution, today: Day) -> Result<(), BudgetError> {
        let Execution {
            quarter,
            source,
            amount,
        } = execution;
        period.admits(quarter, today)?;
        in_range(&format!("{} {}", quarter.korean(), source.korean()), amount)?;
        self.planned(quarter.year, source).ok_or(BudgetError::NotPlanned {
            year: quarter.year,
            fund: source.korean(),
        })?;
        Ok(())
    }

    /// The budget with `execution` in place of what its quarter and source had.
    pub fn with(&self, execution: Execution) -> ProjectBudget {
        let mut next = self.clone();
        next.executions
            .retain(|e| !(e.quarter == execution.quarter && e.source == execution.source));
        next.executions.push(execution);
        next.executions.sort_by_key(|e| (e.quarter, e.source));
        next
    }

    /// What is recorded for a quarter from a source, if anything.
    pub fn recorded(&self, quarter: Quarter, source: FundingSource) -> Option<i64> {
        self.executions
            .iter()
            .find(|e| e.quarter == quarter && e.source == source)
            .map(|e| e.amount)
    }

    /// The year's execution from `source` stays within its plan.
    pub fn within_plan(&self, year: i32, source: FundingSource) -> Result<(), BudgetError> {
        let planned = self.planned(year, source).unwrap_or(0);
        let executed = self.executed(year, source);
        if executed > planned {
            return Err(BudgetError::OverExecuted {
                year,
                fund: source.korean(),
                planned: Quantity::won(planned),
                executed: Quantity::won(executed),
                excess: Quantity::won(executed - planned),
            });
        }
        Ok(())
    }
}

/// The most one amount may be: 100조 원, above any project's budget (a whole national budget is
/// some 600조). Bounding each amount keeps every sum over projects, years and quarters far
/// from the limit of the integers they are added in.
pub const MAX_WON: i64 = 100_000_000_000_000;

/// An amount from 0 to [`MAX_WON`].
fn in_range(what: &str, amount: i64) -> Result<(), BudgetError> {
    if amount < 0 {
        return Err(BudgetError::Negative {
            what: what.to_string(),
            amount,
        });
    }
    if amount > MAX_WON {
        return Err(BudgetError::TooLarge {
            what: what.to_string(),
            amount,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use FundingSource::*;

    const EOK: i64 = 100_000_000;

    fn period() -> PackagePeriod {
        PackagePeriod::of_round(2021)
    }

    fn line(year: i32, source: FundingSource, eok: i64) -> BudgetLine {
        BudgetLine {
            year,
            source,
            planned: eok * EOK,
        }
    }

    fn planned() -> ProjectBudget {
        ProjectBudget::default()
            .replan(
                period(),
                60 * EOK,
                vec![
                    line(2022, National, 20),
                    line(2022, Local, 10),
                    line(2023, National, 30),
                ],
            )
            .unwrap()
    }

    fn spend(quarter: &str, source: FundingSource, eok: i64) -> Execution {
        Execution {
            quarter: quarter.parse().unwrap(),
            source,
            amount: eok * EOK,
        }
    }

    fn today() -> Day {
        Day::ymd(2023, 5, 2)
    }

    #[test]
    fn a_plan_that_does_not_add_up_to_its_total_is_refused_with_the_gap() {
        let errors = ProjectBudget::default()
            .replan(
                period(),
                50 * EOK,
                vec![line(2022, National, 20), line(2023, Local, 25)],
            )
            .unwrap_err();
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["연도별 계획의 합계 45억 원이(가) 총사업비 50억 원과(와) 맞지 않습니다 (차이 5억 원)."]
        );
    }

    #[test]
    fn a_plan_names_every_line_outside_the_period_negative_or_repeated() {
        let errors = ProjectBudget::default()
            .replan(
                period(),
                0,
                vec![line(2021, National, 10), line(2022, Local, -10), line(2022, Local, 0)],
            )
            .unwrap_err();
        assert!(errors.contains(&BudgetError::OutsidePeriod {
            year: 2021,
            period: "2022~2024년".into()
        }));
        assert!(errors.iter().any(|e| matches!(e, BudgetError::Negative { .. })));
        assert!(errors.contains(&BudgetError::Duplicate {
            year: 2022,
            fund: "지방비"
        }));
    }

    #[test]
    fn execution_accumulates_by_year_and_source_and_may_not_exceed_the_plan() {
        let b = planned();
        let b = b.execute(period(), spend("2022-Q1", National, 5), today()).unwrap();
        let b = b.execute(period(), spend("2022-Q2", National, 12), today()).unwrap();
        assert_eq!(b.executed(2022, National), 17 * EOK);
        let over = b.execute(period(), spend("2022-Q3", National, 4), today()).unwrap_err();
        assert_eq!(
            over.to_string(),
            "2022년 국비 집행 누계 21억 원이(가) 계획 20억 원을(를) 넘습니다 (초과 1억 원). 계획을 먼저 변경하십시오."
        );
        // Re-entering a quarter replaces it rather than adding to it.
        let corrected = b.execute(period(), spend("2022-Q2", National, 15), today()).unwrap();
        assert_eq!(corrected.executed(2022, National), 20 * EOK);
        assert_eq!(corrected.executed_total(), 20 * EOK);
    }

    #[test]
    fn execution_needs_a_planned_line_a_begun_quarter_and_the_period() {
        let b = planned();
        assert_eq!(
            b.execute(period(), spend("2022-Q1", Private, 1), today()),
            Err(BudgetError::NotPlanned {
                year: 2022,
                fund: "민자"
            })
        );
        assert_eq!(
            b.execute(period(), spend("2023-Q3", National, 1), today()),
            Err(BudgetError::FutureQuarter {
                quarter: "2023년 3분기".into()
            })
        );
        assert!(b.execute(period(), spend("2023-Q2", National, 1), today()).is_ok());
        assert!(matches!(
            b.execute(period(), spend("2021-Q4", National, 1), today()),
            Err(BudgetError::OutsidePeriod { year: 2021, .. })
        ));
    }

    #[test]
    fn a_plan_may_not_fall_below_what_was_already_spent() {
        let b = planned()
            .execute(period(), spend("2022-Q4", Local, 8), today())
            .unwrap();
        let errors = b
            .replan(
                period(),
                55 * EOK,
                vec![line(2022, National, 20), line(2022, Local, 5), line(2023, National, 30)],
            )
            .unwrap_err();
        assert_eq!(
            errors,
            [BudgetError::BelowExecuted {
                year: 2022,
                fund: "지방비",
                planned: Quantity::won(5 * EOK),
                executed: Quantity::won(8 * EOK),
            }]
        );
    }

    #[test]
    fn an_amount_beyond_any_budget_is_refused_before_it_is_added_up() {
        let huge = Execution {
            amount: i64::MAX,
            ..spend("2022-Q1", National, 0)
        };
        assert!(matches!(
            planned().execute(period(), huge, today()),
            Err(BudgetError::TooLarge { .. })
        ));
        let errors = ProjectBudget::default()
            .replan(
                period(),
                0,
                vec![
                    line(2022, National, 0),
                    BudgetLine {
                        planned: i64::MAX,
                        ..line(2022, Local, 0)
                    },
                ],
            )
            .unwrap_err();
        assert!(
            errors.iter().any(|e| matches!(e, BudgetError::TooLarge { .. })),
            "{errors:?}"
        );
    }

    #[test]
    fn sources_are_read_by_key_or_korean_name() {
        assert_eq!(FundingSource::parse("국비"), Ok(National));
        assert_eq!(FundingSource::parse("private"), Ok(Private));
        assert!(FundingSource::parse("기금").unwrap_err().contains("국비, 지방비, 민자"));
    }

    #[test]
    fn a_quarter_is_reported_only_within_the_period_once_it_has_begun() {
        let q = |t: &str| t.parse::<Quarter>().unwrap();
        assert_eq!(period().admits(q("2023-Q2"), today()), Ok(()));
        assert!(matches!(
            period().admits(q("2025-Q1"), today()),
            Err(BudgetError::OutsidePeriod { year: 2025, .. })
        ));
        assert_eq!(
            period().admits(q("2023-Q3"), today()),
            Err(BudgetError::FutureQuarter {
                quarter: "2023년 3분기".into()
            })
        );
    }
}
