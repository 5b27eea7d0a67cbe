//! 목표 관리 설정: how one goal of a confirmed plan is tracked — its baseline, the target adopted
//! where the publication states two, and whether it is counted from the register of firms.

use serde::{Deserialize, Serialize};

use super::firm::SupportKind;
use super::measurement::Reading;
use super::progress::Tracking;
use crate::goal::{Goal, GoalKind};
use crate::quantity::{Quantity, Unit};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalSetup {
    /// 기준값
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Quantity>,
    /// 확정 목표치: only where the goal's statements disagree (부산 생산액: 5조 원 in the body,
    /// 1.3조원 in the sheet); it must be one of the stated figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted_target: Option<Quantity>,
    /// Counted from the register: the number of distinct firms given this support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted_from: Option<SupportKind>,
}

impl GoalSetup {
    /// Every reason this setup does not fit the goal, in the official's words.
    pub fn problems(&self, goal: &Goal) -> Vec<String> {
        let mut problems = Vec::new();
        let stated: Vec<Quantity> = goal.statements.iter().filter_map(|s| s.target).collect();
        match (goal.target(), self.adopted_target) {
            (Ok(_), Some(_)) => problems.push(format!(
                "'{}' 목표는 게재된 목표치가 하나뿐이어서 따로 확정할 필요가 없습니다.",
                goal.metric
            )),
            (Err(_), Some(t)) if !stated.iter().any(|s| s.same_amount(&t)) => problems.push(format!(
                "확정 목표치 {t}은(는) 게재된 목표치({}) 중 하나여야 합니다.",
                stated.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            )),
            _ => {}
        }
        let reference = self.adopted_target.or_else(|| stated.first().copied());
        if let (Some(b), Some(t)) = (self.baseline, reference)
            && !b.comparable(&t)
        {
            problems.push(format!("기준값 {b}의 단위가 목표치 {t}와(과) 맞지 않습니다."));
        }
        if goal.kind == GoalKind::Qualitative && self.baseline.is_some() {
            problems.push("정성 목표에는 기준값을 두지 않습니다.".into());
        }
        if self.counted_from.is_some() {
            let counted = matches!(reference.map(|t| t.unit), Some(Unit::Firms | Unit::Items | Unit::Cases));
            if goal.kind != GoalKind::Increase || !counted {
                problems.push(format!(
                    "'{}' 목표는 개수(개사·개·건)로 세는 증가 목표가 아니어서 지원기업 대장에서 집계할 수 없습니다.",
                    goal.metric
                ));
            }
            if self.baseline.is_some() {
                problems.push("지원기업 대장에서 집계하는 목표의 기준값은 0으로 정해져 있습니다.".into());
            }
        }
        problems
    }

    /// Whether a value may be typed in for the goal: counted goals take theirs from the register
    /// only, and the reading must fit the goal's kind and unit.
    pub fn check_entry(&self, goal: &Goal, reading: &Reading) -> Result<(), String> {
        if let Some(support) = self.counted_from {
            return Err(format!(
                "'{}' 목표는 지원기업 대장({})에서 집계되므로 직접 입력하지 않습니다.",
                goal.metric,
                support.korean()
            ));
        }
        self.tracking(goal).check(reading).map_err(|e| e.to_string())
    }

    /// Whether this setup may replace `before` on a goal with `measured` values entered: a
    /// measured goal keeps being measured, since counting it from the register would orphan them.
    pub fn may_follow(&self, before: &GoalSetup, measured: i64, goal: &Goal) -> Result<(), String> {
        if self.counted_from.is_some() && before.counted_from.is_none() && measured > 0 {
            return Err(format!(
                "'{}' 목표에는 이미 입력한 측정값이 {measured}건 있어 지원기업 대장 집계로 바꿀 수 없습니다.",
                goal.metric
            ));
        }
        Ok(())
    }

    /// What progress is read against: a counted goal starts from zero in its own unit.
    pub fn tracking(&self, goal: &Goal) -> Tracking {
        let target = goal.target().ok().flatten().or(self.adopted_target);
        let baseline = match (self.counted_from, target) {
            (Some(_), Some(t)) => Some(Quantity::new(0, t.unit)),
            _ => self.baseline,
        };
        Tracking {
            kind: goal.kind,
            baseline,
            target,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goal::{GoalStatement, Place};

    fn goal(metric: &str, kind: GoalKind, targets: &[(Place, &str)]) -> Goal {
        Goal {
            metric: metric.into(),
            kind,
            statements: targets
                .iter()
                .map(|(place, t)| GoalStatement {
                    place: *place,
                    text: format!("{metric} {t}"),
                    target: Some(t.parse().unwrap()),
                })
                .collect(),
        }
    }

    #[test]
    fn a_discrepant_goal_is_tracked_against_the_target_the_office_adopts_from_those_stated() {
        let busan = goal(
            "생산액",
            GoalKind::Increase,
            &[(Place::Body, "5조원"), (Place::Sheet, "1.3조원")],
        );
        let unset = GoalSetup::default();
        assert_eq!(unset.tracking(&busan).target, None, "no target until one is adopted");
        let adopted = GoalSetup {
            adopted_target: Some("1.3조원".parse().unwrap()),
            baseline: Some("20조원".parse().unwrap()),
            ..GoalSetup::default()
        };
        assert!(adopted.problems(&busan).is_empty());
        assert_eq!(adopted.tracking(&busan).target, Some("1.3조원".parse().unwrap()));
        let invented = GoalSetup {
            adopted_target: Some("3조원".parse().unwrap()),
            ..GoalSetup::default()
        };
        assert_eq!(
            invented.problems(&busan),
            ["확정 목표치 3조 원은(는) 게재된 목표치(5조 원, 1.3조 원) 중 하나여야 합니다."]
        );
    }

    #[test]
    fn only_count_goals_are_counted_from_the_register_and_they_start_at_zero() {
        let scaleups = goal("강소기업", GoalKind::Increase, &[(Place::Sheet, "99개사")]);
        let counted = GoalSetup {
            counted_from: Some(SupportKind::Scaleup),
            ..GoalSetup::default()
        };
        assert!(counted.problems(&scaleups).is_empty());
        assert_eq!(
            counted.tracking(&scaleups).baseline,
            Some(Quantity::new(0, Unit::Firms))
        );
        let production = goal("생산액", GoalKind::Increase, &[(Place::Sheet, "5조원")]);
        assert_eq!(counted.problems(&production).len(), 1);
        let wrong_unit = GoalSetup {
            baseline: Some("3명".parse().unwrap()),
            ..GoalSetup::default()
        };
        assert_eq!(
            wrong_unit.problems(&production),
            ["기준값 3명의 단위가 목표치 5조 원와(과) 맞지 않습니다."]
        );
    }

    #[test]
    fn a_counted_goal_takes_no_typed_value_and_a_measured_goal_is_not_switched_to_counting() {
        let scaleups = goal("강소기업", GoalKind::Increase, &[(Place::Sheet, "99개사")]);
        let counted = GoalSetup {
            counted_from: Some(SupportKind::Scaleup),
            ..GoalSetup::default()
        };
        let typed = Reading::Value("50개사".parse().unwrap());
        assert!(
            counted
                .check_entry(&scaleups, &typed)
                .unwrap_err()
                .contains("지원기업 대장")
        );
        assert_eq!(GoalSetup::default().check_entry(&scaleups, &typed), Ok(()));
        let rated = Reading::Rating(crate::results::Rating::Good);
        assert!(
            GoalSetup::default()
                .check_entry(&scaleups, &rated)
                .unwrap_err()
                .contains("수치")
        );
        let measured = GoalSetup::default();
        assert!(counted.may_follow(&measured, 3, &scaleups).unwrap_err().contains("3건"));
        assert_eq!(counted.may_follow(&measured, 0, &scaleups), Ok(()));
        assert_eq!(counted.may_follow(&counted, 3, &scaleups), Ok(()), "already counted");
        assert_eq!(measured.may_follow(&counted, 3, &scaleups), Ok(()), "back to typing");
    }
}
