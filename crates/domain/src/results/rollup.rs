//! 전국 종합: the figures summed across regions and cohorts on the national dashboard.

use serde::Serialize;

use super::measurement::Reading;
use crate::goal::Goal;
use crate::quantity::{Quantity, Unit};

/// A figure the national roll-up sums: jobs and production from the goals that measure them,
/// firms from the register, budget from execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RollupMetric {
    /// 일자리 (고용 창출)
    Jobs,
    /// 생산액 증대
    Production,
    /// 지원기업 (distinct firms in the register)
    Firms,
    /// 예산 집행
    BudgetExecuted,
}

impl RollupMetric {
    pub const ALL: [RollupMetric; 4] = [
        RollupMetric::Jobs,
        RollupMetric::Production,
        RollupMetric::Firms,
        RollupMetric::BudgetExecuted,
    ];

    pub fn korean(self) -> &'static str {
        match self {
            RollupMetric::Jobs => "일자리 창출",
            RollupMetric::Production => "생산액 증대",
            RollupMetric::Firms => "지원기업",
            RollupMetric::BudgetExecuted => "예산 집행",
        }
    }

    /// A figure as the dashboard and the reports write it: "10,000명", "5조 원", "4개사".
    pub fn written(self, value: i64) -> String {
        match self {
            RollupMetric::Jobs => format!("{}명", crate::quantity::thousands(value)),
            RollupMetric::Production | RollupMetric::BudgetExecuted => crate::quantity::won_rounded(value),
            RollupMetric::Firms => format!("{}개사", crate::quantity::thousands(value)),
        }
    }

    /// The roll-up figure a goal's measurements feed, read from what the goal measures and the
    /// unit it is counted in: "고용"/"일자리" counted in people, "생산" counted in 원. Anything
    /// else (수출, 탄소, 만족도 …) stays with its region.
    pub fn of_goal(goal: &Goal) -> Option<RollupMetric> {
        let unit = goal.statements.iter().find_map(|s| s.target).map(|t| t.unit);
        let metric = goal.metric.as_str();
        let counted = matches!(unit, Some(Unit::People | Unit::Items));
        if (metric.contains("고용") || metric.contains("일자리")) && counted && !metric.contains("률") {
            Some(RollupMetric::Jobs)
        } else if metric.contains("생산") && unit == Some(Unit::Won) {
            Some(RollupMetric::Production)
        } else {
            None
        }
    }
}

/// What a plan achieved on a measured roll-up figure, from its goals measuring it (latest
/// reading, baseline): each latest value above its baseline, summed. None when no goal has both.
pub fn achieved<'a>(goals: impl IntoIterator<Item = (Option<&'a Reading>, Option<Quantity>)>) -> Option<i64> {
    let mut sum = None;
    for (latest, baseline) in goals {
        if let (Some(Reading::Value(v)), Some(b)) = (latest, baseline) {
            *sum.get_or_insert(0) += v.value - b.value;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goal::{GoalKind, GoalStatement, Place};

    fn goal(metric: &str, text: &str, target: Option<&str>) -> Goal {
        Goal {
            metric: metric.into(),
            kind: GoalKind::Increase,
            statements: vec![GoalStatement {
                place: Place::Sheet,
                text: text.into(),
                target: target.map(|t| t.parse().unwrap()),
            }],
        }
    }

    #[test]
    fn jobs_and_production_goals_feed_the_national_roll_up_and_others_do_not() {
        assert_eq!(
            RollupMetric::of_goal(&goal("고용", "일자리 1만 개 창출", Some("1만개"))),
            Some(RollupMetric::Jobs)
        );
        assert_eq!(
            RollupMetric::of_goal(&goal("생산액", "생산액 5조원 증대", Some("5조원"))),
            Some(RollupMetric::Production)
        );
        assert_eq!(
            RollupMetric::of_goal(&goal("청년고용률", "청년고용률 8% 상승", Some("8%"))),
            None
        );
        assert_eq!(
            RollupMetric::of_goal(&goal("수출액", "수출 20% 증대", Some("20%"))),
            None
        );
        assert_eq!(RollupMetric::of_goal(&goal("고용", "고용 확대", None)), None);
    }

    #[test]
    fn achievement_is_the_latest_value_above_the_baseline_summed_over_goals_with_both() {
        let value = |t: &str| Reading::Value(t.parse().unwrap());
        let (a, b) = (value("25.6만명"), value("1,000명"));
        let base = |t: &str| Some(t.parse::<Quantity>().unwrap());
        assert_eq!(
            achieved([(Some(&a), base("25만명")), (Some(&b), base("400명"))]),
            Some(6_600)
        );
        assert_eq!(
            achieved([(Some(&a), None), (None, base("400명"))]),
            None,
            "nothing measured from a baseline"
        );
        let rated = Reading::Rating(crate::results::Rating::Good);
        assert_eq!(achieved([(Some(&rated), base("0명"))]), None);
    }
}
