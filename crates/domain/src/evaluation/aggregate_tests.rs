//! Hand-worked examples: every figure below was computed by hand from the sheets above it.

use super::*;
use crate::evaluation::fixtures::{s, two_indicators};
use crate::evaluation::points::Points;

fn framework(aggregation: Aggregation, quota: u32, tie_break: Vec<usize>) -> Framework {
    two_indicators(aggregation, quota, tie_break)
}

/// 경기 totals 80, 90, 70, 85; 부산 totals 50, 95, 84, 84.
fn two_plans() -> Vec<Scores> {
    vec![
        s(1, Region::Gyeonggi, 40, 40),
        s(2, Region::Gyeonggi, 45, 45),
        s(3, Region::Gyeonggi, 35, 35),
        s(4, Region::Gyeonggi, 40, 45),
        s(1, Region::Busan, 25, 25),
        s(2, Region::Busan, 50, 45),
        s(3, Region::Busan, 42, 42),
        s(4, Region::Busan, 44, 40),
    ]
}

fn table(results: &[PlanResult]) -> Vec<(Region, Option<u32>, String, Outcome)> {
    results
        .iter()
        .map(|r| {
            (
                r.region,
                r.rank,
                r.decisive.map(|m| m.shown()).unwrap_or_default(),
                r.outcome,
            )
        })
        .collect()
}

const PLANS: [Region; 2] = [Region::Busan, Region::Gyeonggi];

#[test]
fn the_arithmetic_mean_averages_every_total() {
    let f = framework(Aggregation::Mean, 1, vec![0, 1]);
    let results = aggregate(&f, &PLANS, &two_plans(), &unit_weights(&f), None);
    // 경기 (80+90+70+85)/4 = 81.25; 부산 (50+95+84+84)/4 = 78.25.
    assert_eq!(
        table(&results),
        vec![
            (Region::Gyeonggi, Some(1), "81.25".into(), Outcome::Recommended),
            (Region::Busan, Some(2), "78.25".into(), Outcome::NotWithinQuota),
        ]
    );
    assert!(results[0].left_out.is_empty());
    assert_eq!(
        results[0].trimmed.unwrap().shown(),
        "82.50",
        "both means are always shown"
    );
}

#[test]
fn the_trimmed_mean_leaves_out_one_highest_and_one_lowest_total_and_can_reverse_the_order() {
    let f = framework(Aggregation::TrimmedMean, 1, vec![0, 1]);
    let results = aggregate(&f, &PLANS, &two_plans(), &unit_weights(&f), None);
    // 부산 without 95 and 50: (84+84)/2 = 84; 경기 without 90 and 70: (80+85)/2 = 82.5.
    assert_eq!(
        table(&results),
        vec![
            (Region::Busan, Some(1), "84.00".into(), Outcome::Recommended),
            (Region::Gyeonggi, Some(2), "82.50".into(), Outcome::NotWithinQuota),
        ]
    );
    assert_eq!(results[0].left_out, vec![UserId(2), UserId(1)]);
    assert_eq!(results[1].left_out, vec![UserId(2), UserId(3)]);
    // The indicators are averaged over the same two sheets: 부산 A (42+44)/2 = 43, B (42+40)/2 = 41.
    assert_eq!(results[0].indicator_means[0].shown(), "43.00");
    assert_eq!(results[0].indicator_means[1].shown(), "41.00");
}

#[test]
fn of_equal_totals_trimming_leaves_out_the_earliest_appointed_evaluators_sheets() {
    let f = framework(Aggregation::TrimmedMean, 1, vec![0, 1]);
    let sheets = vec![
        s(1, Region::Ulsan, 50, 30),
        s(2, Region::Ulsan, 30, 50),
        s(3, Region::Ulsan, 40, 40),
    ];
    let results = aggregate(&f, &[Region::Ulsan], &sheets, &unit_weights(&f), None);
    assert_eq!(results[0].left_out, vec![UserId(1), UserId(2)]);
    assert_eq!(results[0].indicator_means[0].shown(), "40.00");
}

#[test]
fn with_fewer_than_three_sheets_the_trimmed_mean_cannot_rank_a_plan() {
    let f = framework(Aggregation::TrimmedMean, 2, vec![0, 1]);
    let mut sheets = two_plans();
    sheets.push(s(1, Region::Ulsan, 50, 50));
    sheets.push(s(2, Region::Ulsan, 50, 50));
    let results = aggregate(
        &f,
        &[Region::Ulsan, Region::Busan, Region::Gyeonggi],
        &sheets,
        &unit_weights(&f),
        None,
    );
    let last = results.last().unwrap();
    assert_eq!(
        (last.region, last.rank, last.outcome),
        (Region::Ulsan, None, Outcome::NotRanked)
    );
    assert_eq!(last.mean.shown(), "100.00");
    assert_eq!(recommended(&results), vec![Region::Busan, Region::Gyeonggi]);
}

/// 울산 A 40 B 40, 전북 A 30 B 50, 경남 A 40 B 40: all three average 80.
fn level() -> Vec<Scores> {
    let mut sheets = Vec::new();
    for e in 1..=2 {
        sheets.push(s(e, Region::Ulsan, 40, 40));
        sheets.push(s(e, Region::Jeonbuk, 30, 50));
        sheets.push(s(e, Region::Gyeongnam, 40, 40));
    }
    sheets
}

const LEVEL: [Region; 3] = [Region::Ulsan, Region::Jeonbuk, Region::Gyeongnam];

#[test]
fn ties_are_broken_by_the_indicators_in_the_configured_order() {
    let b_first = framework(Aggregation::Mean, 1, vec![1, 0]);
    let results = aggregate(&b_first, &LEVEL, &level(), &unit_weights(&b_first), None);
    assert_eq!(
        table(&results),
        vec![
            (Region::Jeonbuk, Some(1), "80.00".into(), Outcome::Recommended),
            (Region::Gyeongnam, Some(2), "80.00".into(), Outcome::NotWithinQuota),
            (Region::Ulsan, Some(2), "80.00".into(), Outcome::NotWithinQuota),
        ]
    );
    assert_eq!(
        results[1].tied_with,
        vec![Region::Ulsan],
        "경남 and 울산 stay tied, in 가나다 order"
    );
}

#[test]
fn a_tie_that_straddles_the_quota_is_left_to_the_committee() {
    let a_first = framework(Aggregation::Mean, 1, vec![0, 1]);
    let results = aggregate(&a_first, &LEVEL, &level(), &unit_weights(&a_first), None);
    assert_eq!(
        table(&results),
        vec![
            (Region::Gyeongnam, Some(1), "80.00".into(), Outcome::TiedAtQuota),
            (Region::Ulsan, Some(1), "80.00".into(), Outcome::TiedAtQuota),
            (Region::Jeonbuk, Some(3), "80.00".into(), Outcome::NotWithinQuota),
        ]
    );
    assert!(recommended(&results).is_empty());
    let two = framework(Aggregation::Mean, 2, vec![0, 1]);
    let results = aggregate(&two, &LEVEL, &level(), &unit_weights(&two), None);
    assert_eq!(recommended(&results), vec![Region::Gyeongnam, Region::Ulsan]);
}

#[test]
fn a_plan_under_the_cut_off_is_not_eligible_and_takes_no_place_in_the_quota() {
    let mut f = framework(Aggregation::Mean, 2, vec![0, 1]);
    f.cut_off = Some(Points::whole(80));
    let mut sheets = two_plans();
    sheets.push(s(1, Region::Ulsan, 40, 40));
    let results = aggregate(
        &f,
        &[Region::Ulsan, Region::Busan, Region::Gyeonggi],
        &sheets,
        &unit_weights(&f),
        None,
    );
    // 경기 81.25 passes, 울산 exactly 80 passes, 부산 78.25 does not.
    assert_eq!(
        table(&results),
        vec![
            (Region::Gyeonggi, Some(1), "81.25".into(), Outcome::Recommended),
            (Region::Ulsan, Some(2), "80.00".into(), Outcome::Recommended),
            (Region::Busan, Some(3), "78.25".into(), Outcome::BelowCutOff),
        ]
    );
    f.cut_off = Some(Points(813));
    let results = aggregate(
        &f,
        &[Region::Busan, Region::Gyeonggi],
        &two_plans(),
        &unit_weights(&f),
        None,
    );
    assert_eq!(
        recommended(&results),
        Vec::<Region>::new(),
        "81.25 < 81.3: nobody passes"
    );
}

#[test]
fn leaving_out_an_evaluator_and_reweighting_an_indicator_recompute_the_scores() {
    let f = framework(Aggregation::Mean, 1, vec![0, 1]);
    let results = aggregate(&f, &PLANS, &two_plans(), &unit_weights(&f), Some(UserId(2)));
    // 경기 without e2: (80+70+85)/3 = 78.33…
    assert_eq!(results[0].mean.shown(), "78.33");
    assert_eq!(results[0].sheets, 3);
    // A at 110%, B at 90%: 울산 44+36 = 80, 전북 33+45 = 78.
    let results = aggregate(&f, &LEVEL, &level(), &[110, 90], None);
    assert_eq!(results[0].region, Region::Gyeongnam);
    assert_eq!(results[2].region, Region::Jeonbuk);
    assert_eq!(results[2].mean.shown(), "78.00");
}
