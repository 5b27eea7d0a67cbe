//! What the aggregation and robustness tests score: two indicators of 50 points, A and B, and
//! sheets written as whole points per indicator.

use super::aggregate::Scores;
use super::framework::{Aggregation, Framework, Indicator};
use super::points::Points;
use crate::account::UserId;
use crate::region::Region;

pub fn two_indicators(aggregation: Aggregation, quota: u32, tie_break: Vec<usize>) -> Framework {
    let indicator = |name: &str| Indicator {
        name: name.into(),
        max_points: Some(Points::whole(50)),
        sub_items: vec![],
    };
    Framework {
        indicators: vec![indicator("A"), indicator("B")],
        bonuses: vec![],
        bonus_cap: None,
        cut_off: None,
        aggregation,
        tie_break,
        quota,
        panel_size: 4,
        scoring_due: None,
    }
}

/// Evaluator `evaluator` (appointed in that order) gives `a` and `b` points.
pub fn s(evaluator: i64, region: Region, a: i64, b: i64) -> Scores {
    Scores {
        evaluator: UserId(evaluator),
        seniority: evaluator as usize,
        region,
        indicators: vec![a * 10, b * 10],
        bonus: 0,
    }
}
