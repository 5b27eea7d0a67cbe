//! 민감도 분석: does each selection survive leaving out any one evaluator, and small changes of
//! the indicator weights? Which plans sit at the margin?

use serde::Serialize;

use super::aggregate::{Outcome, PlanResult, Scores, aggregate, recommended, unit_weights};
use super::framework::Framework;
use crate::account::UserId;
use crate::region::Region;

/// One way the evaluation could have gone differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Scenario {
    /// 평가위원 한 명 제외
    Without { evaluator: UserId },
    /// 지표 가중치 변경: one indicator at `percent` of its points, the others as set.
    Weight { indicator: usize, percent: i64 },
}

/// What a scenario selects, against the actual recommendation.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioOutcome {
    pub scenario: Scenario,
    pub selected: Vec<Region>,
    /// Selected here, not in the actual result.
    pub entered: Vec<Region>,
    /// Selected in the actual result, not here.
    pub left: Vec<Region>,
}

/// One plan across every scenario.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stability {
    pub region: Region,
    pub selected: bool,
    /// In how many scenarios its selection (or non-selection) holds.
    pub holds_in: usize,
    /// 경계선: its selection changes in some scenario, or it is tied at the quota.
    pub margin: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Robustness {
    /// The change of weight tried, in percent (e.g. 10: each indicator at 90% and at 110%).
    pub step_percent: i64,
    pub baseline: Vec<Region>,
    pub scenarios: Vec<ScenarioOutcome>,
    pub plans: Vec<Stability>,
    /// Score gap between the last plan recommended and the first eligible one not, in points.
    pub gap: Option<f64>,
}

impl Robustness {
    /// Whether every selection survives every scenario.
    pub fn stable(&self) -> bool {
        self.scenarios.iter().all(|s| s.entered.is_empty() && s.left.is_empty())
    }
}

/// Re-runs the aggregation without each evaluator in `panel` in turn, and with each indicator's
/// weight moved down and up by `step_percent`.
pub fn analyse(
    framework: &Framework,
    plans: &[Region],
    sheets: &[Scores],
    panel: &[UserId],
    step_percent: i64,
) -> Robustness {
    let weights = unit_weights(framework);
    let actual = aggregate(framework, plans, sheets, &weights, None);
    let baseline = recommended(&actual);
    let mut scenarios: Vec<Scenario> = panel.iter().map(|&evaluator| Scenario::Without { evaluator }).collect();
    for indicator in 0..framework.indicators.len() {
        for percent in [100 - step_percent, 100 + step_percent] {
            scenarios.push(Scenario::Weight { indicator, percent });
        }
    }
    let outcomes: Vec<ScenarioOutcome> = scenarios
        .into_iter()
        .map(|scenario| {
            let results = match scenario {
                Scenario::Without { evaluator } => aggregate(framework, plans, sheets, &weights, Some(evaluator)),
                Scenario::Weight { indicator, percent } => {
                    let mut w = weights.clone();
                    w[indicator] = percent;
                    aggregate(framework, plans, sheets, &w, None)
                }
            };
            let selected = recommended(&results);
            ScenarioOutcome {
                scenario,
                entered: selected.iter().copied().filter(|r| !baseline.contains(r)).collect(),
                left: baseline.iter().copied().filter(|r| !selected.contains(r)).collect(),
                selected,
            }
        })
        .collect();
    let plans_stability = actual
        .iter()
        .map(|r| {
            let selected = baseline.contains(&r.region);
            let holds_in = outcomes
                .iter()
                .filter(|o| o.selected.contains(&r.region) == selected)
                .count();
            Stability {
                region: r.region,
                selected,
                holds_in,
                margin: holds_in < outcomes.len() || r.outcome == Outcome::TiedAtQuota,
            }
        })
        .collect();
    Robustness {
        step_percent,
        gap: gap(&actual),
        baseline,
        scenarios: outcomes,
        plans: plans_stability,
    }
}

fn gap(results: &[PlanResult]) -> Option<f64> {
    let last_in = results.iter().rev().find(|r| r.outcome == Outcome::Recommended)?;
    let first_out = results
        .iter()
        .find(|r| matches!(r.outcome, Outcome::NotWithinQuota | Outcome::TiedAtQuota))?;
    Some(last_in.decisive?.value() - first_out.decisive?.value())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::fixtures::{s, two_indicators};
    use crate::evaluation::framework::Aggregation;

    fn framework() -> Framework {
        two_indicators(Aggregation::Mean, 1, vec![0, 1])
    }

    #[test]
    fn a_selection_carried_by_one_evaluator_is_at_the_margin() {
        // 경기 totals 80, 80, 80 (mean 80); 부산 totals 95, 70, 70 (mean 78.33): 경기 is selected,
        // but without evaluator 2 or 3 부산 averages 82.5 and wins.
        let sheets = vec![
            s(1, Region::Gyeonggi, 40, 40),
            s(2, Region::Gyeonggi, 40, 40),
            s(3, Region::Gyeonggi, 40, 40),
            s(1, Region::Busan, 50, 45),
            s(2, Region::Busan, 35, 35),
            s(3, Region::Busan, 35, 35),
        ];
        let panel = [UserId(1), UserId(2), UserId(3)];
        let r = analyse(&framework(), &[Region::Busan, Region::Gyeonggi], &sheets, &panel, 10);
        assert_eq!(r.baseline, vec![Region::Gyeonggi]);
        assert_eq!(r.scenarios.len(), 3 + 4);
        let flipped: Vec<Scenario> = r
            .scenarios
            .iter()
            .filter(|o| o.left == vec![Region::Gyeonggi])
            .map(|o| o.scenario)
            .collect();
        assert_eq!(
            flipped,
            vec![
                Scenario::Without { evaluator: UserId(2) },
                Scenario::Without { evaluator: UserId(3) }
            ]
        );
        assert!(!r.stable());
        assert!(r.plans.iter().all(|p| p.margin));
        assert_eq!(r.plans[0].holds_in, 5);
        assert!((r.gap.unwrap() - (80.0 - 235.0 / 3.0)).abs() < 1e-9);
    }

    #[test]
    fn a_clear_winner_survives_every_scenario() {
        let sheets = vec![
            s(1, Region::Gyeonggi, 45, 45),
            s(2, Region::Gyeonggi, 44, 46),
            s(1, Region::Busan, 30, 30),
            s(2, Region::Busan, 31, 29),
        ];
        let r = analyse(
            &framework(),
            &[Region::Busan, Region::Gyeonggi],
            &sheets,
            &[UserId(1), UserId(2)],
            10,
        );
        assert!(r.stable());
        assert!(r.plans.iter().all(|p| !p.margin && p.holds_in == 6));
    }
}
