//! 목표 적정성: each goal weighed against its hub complex's own statistics. Jobs and firms are
//! read as a share of what the hub has now; production and exports as growth per year over the
//! hub's baseline (target ÷ baseline ÷ years, simple not compound, so an official can redo it
//! with a calculator). A goal outside the range the call sets is flagged, not refused: the
//! panel informs consulting, the evaluators judge.

use serde::{Deserialize, Serialize};

use crate::call::{Call, FeasibilityRange};
use crate::complex::ComplexId;
use crate::goal::GoalKind;
use crate::plan::Metric;
use crate::proposal::ProposedGoal;
use crate::quantity::Quantity;

/// 기준 통계: one of a complex's figures for a year, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HubStatistic {
    pub complex: ComplexId,
    pub year: i32,
    pub metric: Metric,
    pub value: Quantity,
    /// 출처 (e.g. "한국산업단지공단 산업단지 현황조사 2020. 4분기").
    pub source: String,
}

/// How a goal is weighed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 거점산단 현재 규모 대비 비율
    ShareOfHub,
    /// 기준값 대비 연평균 증가율 (단순)
    GrowthPerYear,
}

impl Basis {
    pub fn of(metric: Metric) -> Basis {
        match metric {
            Metric::Employment | Metric::Firms => Basis::ShareOfHub,
            Metric::Production | Metric::Exports => Basis::GrowthPerYear,
        }
    }

    pub fn korean(self) -> &'static str {
        match self {
            Basis::ShareOfHub => "거점산단 현재 규모 대비",
            Basis::GrowthPerYear => "기준값 대비 연평균(단순) 증가율",
        }
    }
}

/// The panel's reading of one goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Reading {
    /// The ratio in hundredths of a percent, and whether the call's range holds it.
    Weighed {
        basis: Basis,
        statistic: HubStatistic,
        hundredths: i64,
        range: Option<FeasibilityRange>,
        within: Option<bool>,
    },
    /// Why the goal cannot be weighed (no statistic, another unit, not an increase …).
    NotWeighed { reason: String },
}

impl Reading {
    /// "4.00%"
    pub fn percent(hundredths: i64) -> String {
        let sign = if hundredths < 0 { "-" } else { "" };
        let h = hundredths.unsigned_abs();
        format!("{sign}{}.{:02}%", h / 100, h % 100)
    }

    pub fn flagged(&self) -> bool {
        matches!(
            self,
            Reading::Weighed {
                within: Some(false),
                ..
            }
        )
    }
}

/// Weighs `goal` against the newest of `statistics` for the metric it measures.
pub fn weigh(goal: &ProposedGoal, statistics: &[HubStatistic], call: &Call) -> Reading {
    let not = |reason: &str| Reading::NotWeighed { reason: reason.into() };
    let Some(metric) = goal.measures else {
        return not("거점산단 통계와 견줄 지표가 지정되지 않았습니다.");
    };
    if goal.kind != GoalKind::Increase {
        return not("증가 목표만 거점산단 통계와 견줍니다.");
    }
    let Some(target) = goal.target else {
        return not("목표값이 없습니다.");
    };
    let Some(statistic) = statistics.iter().filter(|s| s.metric == metric).max_by_key(|s| s.year) else {
        return Reading::NotWeighed {
            reason: format!("거점산단의 {} 기준 통계가 등록되어 있지 않습니다.", metric.korean()),
        };
    };
    if !statistic.value.comparable(&target) || statistic.value.unit.scale() != target.unit.scale() {
        return not("목표값과 기준 통계의 단위가 달라 견줄 수 없습니다.");
    }
    if statistic.value.value <= 0 {
        return not("기준 통계가 0이라 비율을 낼 수 없습니다.");
    }
    let basis = Basis::of(metric);
    let share = i128::from(target.value) * 10_000 / i128::from(statistic.value.value);
    let hundredths = match basis {
        Basis::ShareOfHub => share,
        Basis::GrowthPerYear => {
            let Some(years) = goal.target_year.map(|y| y - statistic.year).filter(|y| *y > 0) else {
                return not("목표연도가 기준 통계 연도보다 뒤여야 연평균을 낼 수 있습니다.");
            };
            share / i128::from(years)
        }
    };
    let hundredths = i64::try_from(hundredths).unwrap_or(i64::MAX);
    let range = call.range_for(metric).copied();
    let within = range.map(|r| (i64::from(r.min_percent) * 100..=i64::from(r.max_percent) * 100).contains(&hundredths));
    Reading::Weighed {
        basis,
        statistic: statistic.clone(),
        hundredths,
        range,
        within,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(metric: Metric, year: i32, value: &str) -> HubStatistic {
        HubStatistic {
            complex: ComplexId("banwol-sihwa".into()),
            year,
            metric,
            value: value.parse().unwrap(),
            source: "시험 자료".into(),
        }
    }

    fn goal(metric: Metric, target: &str, target_year: i32) -> ProposedGoal {
        ProposedGoal {
            metric: metric.korean().into(),
            kind: GoalKind::Increase,
            measures: Some(metric),
            baseline: None,
            baseline_year: None,
            target: Some(target.parse().unwrap()),
            target_year: Some(target_year),
        }
    }

    fn call(metric: Metric, min: u32, max: u32) -> Call {
        Call {
            feasibility: vec![FeasibilityRange {
                metric,
                min_percent: min,
                max_percent: max,
            }],
            ..Call::new(2021)
        }
    }

    #[test]
    fn jobs_are_weighed_as_a_share_of_the_hubs_employment() {
        // 1만 명 on 25만 명 is 4%.
        let reading = weigh(
            &goal(Metric::Employment, "1만명", 2024),
            &[stat(Metric::Employment, 2020, "25만명")],
            &call(Metric::Employment, 1, 10),
        );
        let Reading::Weighed { hundredths, within, .. } = reading else {
            panic!("{reading:?}")
        };
        assert_eq!((Reading::percent(hundredths), within), ("4.00%".into(), Some(true)));
    }

    #[test]
    fn production_is_weighed_as_growth_per_year_and_flagged_outside_the_range() {
        // 5조 on 63.8조 over 2020→2024 is 7.83% ÷ 4 = 1.95% a year.
        let statistics = [
            stat(Metric::Production, 2019, "60조원"),
            stat(Metric::Production, 2020, "63.8조원"),
        ];
        let reading = weigh(
            &goal(Metric::Production, "5조원", 2024),
            &statistics,
            &call(Metric::Production, 3, 10),
        );
        assert!(reading.flagged(), "{reading:?}");
        let Reading::Weighed {
            hundredths, statistic, ..
        } = reading
        else {
            unreachable!()
        };
        assert_eq!(
            (hundredths, statistic.year),
            (195, 2020),
            "the newest statistic is used"
        );
    }

    #[test]
    fn a_goal_is_not_weighed_without_a_statistic_or_in_another_unit() {
        let c = Call::new(2021);
        let none = weigh(&goal(Metric::Exports, "10억$", 2024), &[], &c);
        assert!(matches!(&none, Reading::NotWeighed { reason } if reason.contains("수출액")));
        let other_unit = weigh(
            &goal(Metric::Exports, "10억$", 2024),
            &[stat(Metric::Exports, 2020, "1조원")],
            &c,
        );
        assert!(matches!(&other_unit, Reading::NotWeighed { reason } if reason.contains("단위")));
        let no_range = weigh(
            &goal(Metric::Employment, "1만명", 2024),
            &[stat(Metric::Employment, 2020, "25만명")],
            &c,
        );
        assert!(!no_range.flagged() && matches!(no_range, Reading::Weighed { within: None, .. }));
    }
}
