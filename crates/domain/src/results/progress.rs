//! 진도: how far a goal has come, read by its kind, and whether that keeps pace with the time
//! that has passed in the package period.
//!
//! Progress is in thousandths of the way from the baseline to the target:
//! - 증가 (increase from a baseline, and counts, whose baseline is 0): (value − baseline) ÷ target
//! - 수준 달성 (a level): (value − baseline) ÷ (level − baseline), or value ÷ level with no baseline
//! - 비율 상승 (a rate raised by percentage points): (rate − baseline rate) ÷ target points
//! - 제로화 (driven to zero): (baseline − value) ÷ baseline
//! - 정성 (qualitative): the rating's step (우수 100%, 양호 75%, 보통 50%, 미흡 25%, 부진 0%)
//!
//! Status compares progress with the share of the period elapsed: on track at 90% of the pace
//! or better, at risk from 60%, off track below. Qualitative goals take their status from the
//! rating. These thresholds are Sandan's, stated on every results page; the program publishes none.

use serde::{Deserialize, Serialize};

use super::measurement::Reading;
use crate::goal::GoalKind;
use crate::package::{PackagePeriod, Quarter};
use crate::quantity::Quantity;

/// 정성 평가 등급
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// 부진
    Failing,
    /// 미흡
    Poor,
    /// 보통
    Fair,
    /// 양호
    Good,
    /// 우수
    Excellent,
}

impl Rating {
    pub const ALL: [Rating; 5] = [
        Rating::Excellent,
        Rating::Good,
        Rating::Fair,
        Rating::Poor,
        Rating::Failing,
    ];

    pub fn korean(self) -> &'static str {
        match self {
            Rating::Excellent => "우수",
            Rating::Good => "양호",
            Rating::Fair => "보통",
            Rating::Poor => "미흡",
            Rating::Failing => "부진",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Rating::Excellent => "excellent",
            Rating::Good => "good",
            Rating::Fair => "fair",
            Rating::Poor => "poor",
            Rating::Failing => "failing",
        }
    }

    pub fn parse(text: &str) -> Option<Rating> {
        let text = text.trim();
        Self::ALL.into_iter().find(|r| r.key() == text || r.korean() == text)
    }

    fn permille(self) -> i64 {
        self as i64 * 250
    }
}

/// 진행 상태
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Status {
    /// 정상 추진
    OnTrack,
    /// 주의
    AtRisk,
    /// 부진
    OffTrack,
    /// 측정 전
    NotMeasured,
}

impl Status {
    /// In the order pages and reports list them.
    pub const ALL: [Status; 4] = [Status::OnTrack, Status::AtRisk, Status::OffTrack, Status::NotMeasured];

    pub fn korean(self) -> &'static str {
        match self {
            Status::OnTrack => "정상 추진",
            Status::AtRisk => "주의",
            Status::OffTrack => "부진",
            Status::NotMeasured => "측정 전",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::NotMeasured => "not-measured",
        }
    }
}

/// What progress on a goal is measured from and towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    pub kind: GoalKind,
    /// 기준값: the value when the package began.
    pub baseline: Option<Quantity>,
    /// The target all the goal's statements agree on, or the one the office adopted.
    pub target: Option<Quantity>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgressError {
    #[error("{kind} 목표는 기준값이 있어야 진도를 계산할 수 있습니다.")]
    NoBaseline { kind: &'static str },
    #[error("목표치가 정해지지 않아 진도를 계산할 수 없습니다.")]
    NoTarget,
    #[error("정성 목표에는 등급(우수·양호·보통·미흡·부진)을 입력하십시오.")]
    RatingNeeded,
    #[error("{kind} 목표에는 등급이 아니라 수치를 입력하십시오.")]
    ValueNeeded { kind: &'static str },
    #[error("측정값 {value}의 단위가 목표 {target}와(과) 맞지 않습니다.")]
    Unit { value: Quantity, target: Quantity },
}

/// Progress and status of one goal as of a quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// Thousandths of the way to the target; below 0 when the value moved away from it, above
    /// 1000 when the target is exceeded.
    pub progress_permille: Option<i64>,
    /// Share of the period elapsed, in thousandths: the pace progress is compared with.
    pub expected_permille: i64,
    pub status: Status,
}

impl Tracking {
    /// Whether a reading can be entered for this goal at all.
    pub fn check(&self, reading: &Reading) -> Result<(), ProgressError> {
        match (self.kind, reading) {
            (GoalKind::Qualitative, Reading::Rating(_)) => Ok(()),
            (GoalKind::Qualitative, Reading::Value(_)) => Err(ProgressError::RatingNeeded),
            (kind, Reading::Rating(_)) => Err(ProgressError::ValueNeeded { kind: kind.korean() }),
            (_, Reading::Value(value)) => match self.target.or(self.baseline) {
                Some(reference) if !value.comparable(&reference) => Err(ProgressError::Unit {
                    value: *value,
                    target: reference,
                }),
                _ => Ok(()),
            },
        }
    }

    /// Thousandths of the way to the target for a reading.
    pub fn progress(&self, reading: &Reading) -> Result<i64, ProgressError> {
        self.check(reading)?;
        let value = match reading {
            Reading::Rating(r) => return Ok(r.permille()),
            Reading::Value(v) => v.value,
        };
        let baseline = self.baseline.map(|b| b.value);
        let need_baseline = || ProgressError::NoBaseline {
            kind: self.kind.korean(),
        };
        let target = self.target.map(|t| t.value);
        Ok(match self.kind {
            GoalKind::Increase | GoalKind::RaiseBy => {
                let target = target.ok_or(ProgressError::NoTarget)?;
                ratio(value - baseline.ok_or_else(need_baseline)?, target)
            }
            GoalKind::ReachLevel => {
                let level = target.ok_or(ProgressError::NoTarget)?;
                let from = baseline.unwrap_or(0);
                if level == from {
                    if value >= level { 1000 } else { 0 }
                } else {
                    ratio(value - from, level - from)
                }
            }
            GoalKind::DriveToZero => {
                let from = baseline.ok_or_else(need_baseline)?;
                if from == 0 {
                    if value == 0 { 1000 } else { 0 }
                } else {
                    ratio(from - value, from)
                }
            }
            GoalKind::Qualitative => unreachable!("checked above: qualitative goals take a rating"),
        })
    }
}

/// a ÷ b in thousandths, rounded towards zero, without overflow.
fn ratio(a: i64, b: i64) -> i64 {
    if b == 0 {
        return 0;
    }
    (i128::from(a) * 1000 / i128::from(b)) as i64
}

/// The goal's progress at its latest reading and its status as of `as_of`: a reading that is
/// not refreshed falls behind as time passes.
pub fn assess(
    tracking: &Tracking,
    latest: Option<&Reading>,
    period: PackagePeriod,
    as_of: Quarter,
) -> Result<Assessment, ProgressError> {
    let expected = period.elapsed_permille(as_of);
    let Some(reading) = latest else {
        return Ok(Assessment {
            progress_permille: None,
            expected_permille: expected,
            status: Status::NotMeasured,
        });
    };
    let progress = tracking.progress(reading)?;
    let status = match reading {
        Reading::Rating(Rating::Excellent | Rating::Good) => Status::OnTrack,
        Reading::Rating(Rating::Fair) => Status::AtRisk,
        Reading::Rating(_) => Status::OffTrack,
        Reading::Value(_) if progress * 10 >= expected * 9 => Status::OnTrack,
        Reading::Value(_) if progress * 10 >= expected * 6 => Status::AtRisk,
        Reading::Value(_) => Status::OffTrack,
    };
    Ok(Assessment {
        progress_permille: Some(progress),
        expected_permille: expected,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quantity {
        text.parse().unwrap()
    }

    fn tracking(kind: GoalKind, baseline: Option<&str>, target: Option<&str>) -> Tracking {
        Tracking {
            kind,
            baseline: baseline.map(q),
            target: target.map(q),
        }
    }

    fn value(text: &str) -> Reading {
        Reading::Value(q(text))
    }

    #[test]
    fn an_increase_is_measured_from_its_baseline() {
        // 생산액 5조 원 증대 from 63.8조 원: 66.3조 원 is half way.
        let t = tracking(GoalKind::Increase, Some("63.8조원"), Some("5조원"));
        assert_eq!(t.progress(&value("66.3조원")), Ok(500));
        assert_eq!(
            t.progress(&value("62.8조원")),
            Ok(-200),
            "a fall shows as negative progress"
        );
        assert_eq!(
            tracking(GoalKind::Increase, None, Some("1만명")).progress(&value("5000명")),
            Err(ProgressError::NoBaseline { kind: "증가" })
        );
    }

    #[test]
    fn a_count_is_an_increase_from_zero() {
        // 강소기업 99개사 육성, counted from the register.
        let t = tracking(GoalKind::Increase, Some("0개사"), Some("99개사"));
        assert_eq!(t.progress(&value("33개사")), Ok(333));
        assert_eq!(t.progress(&value("99개사")), Ok(1000));
        assert_eq!(t.progress(&value("120개사")), Ok(1212), "over-achievement is kept");
    }

    #[test]
    fn a_level_is_measured_from_the_baseline_to_the_level() {
        // 만족도 지수 80점 from 60점.
        let t = tracking(GoalKind::ReachLevel, Some("60점"), Some("80점"));
        assert_eq!(t.progress(&value("75점")), Ok(750));
        let no_baseline = tracking(GoalKind::ReachLevel, None, Some("30%"));
        assert_eq!(no_baseline.progress(&value("12%")), Ok(400));
        let already = tracking(GoalKind::ReachLevel, Some("80점"), Some("80점"));
        assert_eq!(already.progress(&value("80점")), Ok(1000));
        assert_eq!(already.progress(&value("79점")), Ok(0));
    }

    #[test]
    fn a_rate_rises_by_percentage_points() {
        // 청년고용 증가율 8%p 상승 from 2%: 6% is half way.
        let t = tracking(GoalKind::RaiseBy, Some("2%"), Some("8%p"));
        assert_eq!(t.progress(&value("6%")), Ok(500));
    }

    #[test]
    fn driving_to_zero_counts_the_fall_from_the_baseline() {
        let t = tracking(GoalKind::DriveToZero, Some("12건"), None);
        assert_eq!(t.progress(&value("3건")), Ok(750));
        assert_eq!(t.progress(&value("0건")), Ok(1000));
        assert_eq!(
            tracking(GoalKind::DriveToZero, Some("0건"), None).progress(&value("1건")),
            Ok(0)
        );
    }

    #[test]
    fn a_qualitative_goal_takes_a_rating_and_nothing_else() {
        let t = tracking(GoalKind::Qualitative, None, None);
        assert_eq!(t.progress(&Reading::Rating(Rating::Good)), Ok(750));
        assert_eq!(t.progress(&value("3건")), Err(ProgressError::RatingNeeded));
        let numeric = tracking(GoalKind::Increase, Some("0명"), Some("1만명"));
        assert_eq!(
            numeric.progress(&Reading::Rating(Rating::Good)),
            Err(ProgressError::ValueNeeded { kind: "증가" })
        );
        assert_eq!(
            numeric.progress(&value("5억원")),
            Err(ProgressError::Unit {
                value: q("5억원"),
                target: q("1만명")
            })
        );
        assert_eq!(
            numeric.progress(&value("5000개")),
            Ok(500),
            "jobs written as 개 are people"
        );
    }

    #[test]
    fn status_compares_progress_with_the_time_elapsed() {
        let period = PackagePeriod::of_round(2021);
        let t = tracking(GoalKind::Increase, Some("0명"), Some("1만명"));
        let mid = Quarter::new(2023, 2).unwrap(); // half the period
        let status = |v: &str, as_of| assess(&t, Some(&value(v)), period, as_of).unwrap().status;
        assert_eq!(status("4500명", mid), Status::OnTrack);
        assert_eq!(status("4499명", mid), Status::AtRisk);
        assert_eq!(status("3000명", mid), Status::AtRisk);
        assert_eq!(status("2999명", mid), Status::OffTrack);
        // The same figure a year later, not refreshed, falls behind.
        assert_eq!(status("4500명", Quarter::new(2023, 4).unwrap()), Status::AtRisk);
        assert_eq!(status("4500명", Quarter::new(2024, 2).unwrap()), Status::OffTrack);
        assert_eq!(
            status("0명", Quarter::new(2021, 4).unwrap()),
            Status::OnTrack,
            "nothing due before the start"
        );
        let unmeasured = assess(&t, None, period, mid).unwrap();
        assert_eq!(
            (unmeasured.status, unmeasured.expected_permille),
            (Status::NotMeasured, 500)
        );
        let rated = tracking(GoalKind::Qualitative, None, None);
        let by_rating = |r| assess(&rated, Some(&Reading::Rating(r)), period, mid).unwrap().status;
        assert_eq!(by_rating(Rating::Excellent), Status::OnTrack);
        assert_eq!(by_rating(Rating::Fair), Status::AtRisk);
        assert_eq!(by_rating(Rating::Failing), Status::OffTrack);
    }
}
