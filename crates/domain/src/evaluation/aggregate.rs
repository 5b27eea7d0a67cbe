//! 집계: from submitted score sheets to each plan's score, rank and standing against the cut-off
//! and the quota. Both the arithmetic mean and the mean without the highest and lowest totals
//! are computed; the framework says which one decides.

use std::cmp::Ordering;

use serde::Serialize;

use super::framework::{Aggregation, Framework};
use super::points::Mean;
use super::sheet::ScoreSheet;
use crate::account::UserId;
use crate::region::Region;

/// A submitted sheet as aggregation sees it: who, for which plan, points per indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scores {
    pub evaluator: UserId,
    /// Appointment order on the panel (0 first): which of equal totals trimming leaves out.
    pub seniority: usize,
    pub region: Region,
    /// Tenths of a point, per indicator.
    pub indicators: Vec<i64>,
    /// Tenths of a point, as counted (capped).
    pub bonus: i64,
}

impl Scores {
    pub fn of(
        evaluator: UserId,
        seniority: usize,
        region: Region,
        sheet: &ScoreSheet,
        framework: &Framework,
    ) -> Scores {
        Scores {
            evaluator,
            seniority,
            region,
            indicators: sheet.indicator_points(framework),
            bonus: sheet.bonus_points(framework).0,
        }
    }

    /// Total in tenths × percent: each indicator weighted, the bonus at 100%.
    fn weighted_total(&self, weights: &[i64]) -> i64 {
        self.indicators.iter().zip(weights).map(|(p, w)| p * w).sum::<i64>() + self.bonus * 100
    }
}

/// Tenths of a point times percent.
const SCALE: i64 = 1_000;

/// The weight of each indicator in percent of its points (100 = as the framework says).
pub fn unit_weights(framework: &Framework) -> Vec<i64> {
    vec![100; framework.indicators.len()]
}

/// 평가 결과 구분
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Outcome {
    /// 선정 권고: within the quota.
    Recommended,
    /// 동점으로 선정 경계에 걸림: the committee decides.
    TiedAtQuota,
    /// 선정 규모 밖
    NotWithinQuota,
    /// 과락
    BelowCutOff,
    /// 집계 불가: too few sheets for the rule.
    NotRanked,
}

impl Outcome {
    pub fn korean(self) -> &'static str {
        match self {
            Outcome::Recommended => "선정 권고",
            Outcome::TiedAtQuota => "동점 — 위원회 결정 필요",
            Outcome::NotWithinQuota => "선정 규모 밖",
            Outcome::BelowCutOff => "과락",
            Outcome::NotRanked => "집계 불가 (평가표 부족)",
        }
    }
}

/// One plan's result.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanResult {
    pub region: Region,
    pub sheets: usize,
    /// 산술평균 of the totals.
    pub mean: Mean,
    /// 최고·최저점 제외 평균; None with fewer than three sheets.
    pub trimmed: Option<Mean>,
    /// The score the framework's rule gives.
    pub decisive: Option<Mean>,
    /// Per indicator, under the same rule (the same sheets kept): what ties are broken by.
    pub indicator_means: Vec<Mean>,
    /// Sheets the rule left out (highest, then lowest).
    pub left_out: Vec<UserId>,
    pub rank: Option<u32>,
    /// Plans equal on the score and every tie-break indicator.
    pub tied_with: Vec<Region>,
    pub outcome: Outcome,
}

/// Aggregates the sheets of every plan in `plans`, leaving out `without`'s sheets, with
/// indicator `weights` in percent. The result is in rank order; unranked plans last, in
/// 가나다 order.
pub fn aggregate(
    framework: &Framework,
    plans: &[Region],
    sheets: &[Scores],
    weights: &[i64],
    without: Option<UserId>,
) -> Vec<PlanResult> {
    let mut results: Vec<PlanResult> = plans
        .iter()
        .filter_map(|region| {
            let own: Vec<&Scores> = sheets
                .iter()
                .filter(|s| s.region == *region && Some(s.evaluator) != without)
                .collect();
            plan_result(framework, *region, &own, weights)
        })
        .collect();
    crate::hangul::sort_ganada(&mut results, |r| r.region.short_name());
    results.sort_by(|a, b| order(framework, a, b));
    rank(framework, &mut results);
    results
}

fn plan_result(framework: &Framework, region: Region, own: &[&Scores], weights: &[i64]) -> Option<PlanResult> {
    let mean = Mean::of(own.iter().map(|s| s.weighted_total(weights)), SCALE)?;
    let kept = trimmed_set(own, weights);
    let trimmed = kept
        .as_ref()
        .and_then(|(kept, _)| Mean::of(kept.iter().map(|s| s.weighted_total(weights)), SCALE));
    let (decisive, basis, left_out): (Option<Mean>, Vec<&Scores>, Vec<UserId>) = match framework.aggregation {
        Aggregation::Mean => (Some(mean), own.to_vec(), Vec::new()),
        Aggregation::TrimmedMean => match kept {
            Some((kept, left)) => (trimmed, kept, left),
            None => (None, own.to_vec(), Vec::new()),
        },
    };
    let indicator_means = (0..framework.indicators.len())
        .map(|i| {
            Mean::of(basis.iter().map(|s| s.indicators[i] * weights[i]), SCALE).unwrap_or(Mean {
                sum: 0,
                count: 1,
                scale: SCALE,
            })
        })
        .collect();
    Some(PlanResult {
        region,
        sheets: own.len(),
        mean,
        trimmed,
        decisive,
        indicator_means,
        left_out,
        rank: None,
        tied_with: Vec::new(),
        outcome: Outcome::NotRanked,
    })
}

/// The sheets kept after leaving out one highest and one lowest total, and who was left out.
/// Of equal totals, the earliest-appointed evaluator's sheet goes.
fn trimmed_set<'a>(own: &[&'a Scores], weights: &[i64]) -> Option<(Vec<&'a Scores>, Vec<UserId>)> {
    if own.len() < 3 {
        return None;
    }
    let highest = own
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| {
            a.weighted_total(weights)
                .cmp(&b.weighted_total(weights))
                .then(b.seniority.cmp(&a.seniority))
        })
        .map(|(k, _)| k)?;
    let lowest = own
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != highest)
        .min_by(|(_, a), (_, b)| {
            a.weighted_total(weights)
                .cmp(&b.weighted_total(weights))
                .then(a.seniority.cmp(&b.seniority))
        })
        .map(|(k, _)| k)?;
    let kept = own
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != highest && *k != lowest)
        .map(|(_, s)| *s)
        .collect();
    Some((kept, vec![own[highest].evaluator, own[lowest].evaluator]))
}

/// Higher score first; then the tie-break indicators in order; unranked last.
fn order(framework: &Framework, a: &PlanResult, b: &PlanResult) -> Ordering {
    match (a.decisive, b.decisive) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| {
            framework
                .tie_break
                .iter()
                .map(|&i| b.indicator_means[i].cmp(&a.indicator_means[i]))
                .find(|o| *o != Ordering::Equal)
                .unwrap_or(Ordering::Equal)
        }),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn rank(framework: &Framework, results: &mut [PlanResult]) {
    let cut_off = framework.cut_off.map(|c| Mean {
        sum: c.0 * 100,
        count: 1,
        scale: SCALE,
    });
    // Groups of plans equal on every key, in order.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for k in 0..results.len() {
        match groups.last_mut() {
            Some((start, end)) if order(framework, &results[*start], &results[k]) == Ordering::Equal => *end = k + 1,
            _ => groups.push((k, k + 1)),
        }
    }
    let mut selected = 0usize;
    let quota = framework.quota as usize;
    for (start, end) in groups {
        let members: Vec<Region> = results[start..end].iter().map(|r| r.region).collect();
        let Some(score) = results[start].decisive else {
            continue;
        };
        let eligible = cut_off.is_none_or(|c| score >= c);
        let outcome = if !eligible {
            Outcome::BelowCutOff
        } else if selected + members.len() <= quota {
            Outcome::Recommended
        } else if selected < quota {
            Outcome::TiedAtQuota
        } else {
            Outcome::NotWithinQuota
        };
        if eligible {
            selected = (selected + members.len()).min(quota);
        }
        for r in &mut results[start..end] {
            r.rank = Some(start as u32 + 1);
            r.tied_with = members.iter().copied().filter(|m| *m != r.region).collect();
            r.outcome = outcome;
        }
    }
}

/// The plans recommended for selection, in rank order.
pub fn recommended(results: &[PlanResult]) -> Vec<Region> {
    results
        .iter()
        .filter(|r| r.outcome == Outcome::Recommended)
        .map(|r| r.region)
        .collect()
}

#[cfg(test)]
#[path = "aggregate_tests.rs"]
mod tests;
