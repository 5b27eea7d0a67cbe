use super::estimate::{cr1, did, event_study, placebo};
use super::panel::{Sample, Unit};
use super::*;
use crate::complex::ComplexId;

/// A unit in a set of its own, so clusters are units as in the textbook cases.
fn unit(id: &str, treated: bool, values: &[f64]) -> Unit {
    Unit {
        complex: ComplexId(id.into()),
        set: ComplexId(id.into()),
        weight: 1.0,
        treated,
        logs: values.to_vec(),
    }
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

/// Card and Krueger (1994), table 3: full-time-equivalent employment per store before and after
/// New Jersey's minimum wage rose, New Jersey (treated) against eastern Pennsylvania. Their
/// difference-in-differences is 2.75 (their 2.76 is from unrounded means).
#[test]
fn the_textbook_two_period_difference_in_differences() {
    let sample = Sample {
        first_event: -1,
        units: vec![unit("nj", true, &[20.44, 21.03]), unit("pa", false, &[23.33, 21.17])],
    };
    let (estimate, clusters) = did(&[&sample]).unwrap();
    assert!(close(estimate.coefficient, 2.75, 1e-9), "{estimate:?}");
    assert_eq!(clusters, 2);
}

/// Two periods: the fixed-effects estimate is the difference of the mean changes, and its
/// clustered variance is the heteroskedasticity-robust variance of that difference — Σ ê²/n² in
/// each group — times the CR1 factor, worked here by hand.
#[test]
fn clustered_errors_match_the_hand_worked_two_period_case() {
    let treated = [(5.0, 1.0), (1.0, 2.0), (3.0, 4.0)];
    let control = [(2.0, 0.0), (7.0, 1.0), (4.0, 1.0), (6.0, 2.0)];
    let mut units = Vec::new();
    for (i, (level, change)) in treated.iter().enumerate() {
        units.push(unit(&format!("t{i}"), true, &[*level, level + change]));
    }
    for (i, (level, change)) in control.iter().enumerate() {
        units.push(unit(&format!("c{i}"), false, &[*level, level + change]));
    }
    let sample = Sample { first_event: -1, units };
    let (estimate, clusters) = did(&[&sample]).unwrap();
    // Mean changes 7/3 and 1.
    assert!(close(estimate.coefficient, 4.0 / 3.0, 1e-12));
    // Residual changes −4/3, −1/3, 5/3 (sum of squares 42/9, over 3²) and −1, 0, 0, 1 (2, over 4²).
    let hc0: f64 = 42.0 / 81.0 + 2.0 / 16.0;
    // Seven clusters, fourteen rows, the regressor and the two quarter effects.
    assert_eq!(clusters, 7);
    let expected = (hc0 * 7.0 / 6.0 * 13.0 / 11.0).sqrt();
    assert!(close(cr1(7, 14, 3), 91.0 / 66.0, 1e-12));
    assert!(
        close(estimate.std_error, expected, 1e-12),
        "{} vs {expected}",
        estimate.std_error
    );
    assert_eq!(estimate.degrees_of_freedom, 6);
    // t(6) at 97.5% is 2.446912.
    assert!(close(estimate.high - estimate.coefficient, 2.446912 * expected, 1e-5));
}

/// A panel of complex and quarter effects plus a known effect at each event time and no noise:
/// the event study returns each effect against the quarter before selection, exactly.
#[test]
fn the_event_study_recovers_planted_effects_against_the_quarter_before() {
    let effect = [0.0, 0.0, 0.0, 0.0, 0.01, 0.05, 0.08];
    let season = [0.3, -0.1, 0.2, 0.0, 0.4, -0.2, 0.1];
    let mut units = Vec::new();
    for i in 0..6 {
        let treated = i < 3;
        let level = 2.0 + f64::from(i) * 0.7;
        let logs: Vec<f64> = (0..7)
            .map(|q| level + season[q] + if treated { effect[q] } else { 0.0 })
            .collect();
        let mut u = unit(&format!("u{i}"), treated, &logs);
        // Comparison weights as matching leaves them: the transformation stays exact.
        u.weight = if treated { 1.0 } else { 1.0 / f64::from(i) };
        units.push(u);
    }
    let sample = Sample { first_event: -4, units };
    let points = event_study(&[&sample]).unwrap();
    let events: Vec<i32> = points.iter().map(|p| p.event).collect();
    assert_eq!(events, [-4, -3, -2, -1, 0, 1, 2]);
    assert!(points[3].estimate.is_none(), "the reference quarter");
    for (point, planted) in points.iter().zip(effect) {
        if let Some(e) = &point.estimate {
            assert!(close(e.coefficient, planted - effect[3], 1e-9), "{point:?}");
        }
    }
    // The difference-in-differences is the mean after less the mean before: 0.14/3 − 0.
    let (estimate, _) = did(&[&sample]).unwrap();
    assert!(close(estimate.coefficient, 0.14 / 3.0, 1e-9));
    // Parallel before selection: the placebo finds exactly nothing.
    assert!(close(placebo(&[&sample]).unwrap().coefficient, 0.0, 1e-9));
}

#[test]
fn a_placebo_finds_hubs_that_were_already_pulling_ahead() {
    let noise = [0.01, -0.02, 0.015, -0.005, 0.0, 0.02, -0.01, 0.005];
    let mut units = Vec::new();
    for i in 0..12 {
        let treated = i < 4;
        let logs: Vec<f64> = (0..10)
            .map(|q| {
                let drift = if treated { 0.05 * q as f64 } else { 0.0 };
                3.0 + f64::from(i) * 0.1 + drift + noise[(q + i as usize) % noise.len()]
            })
            .collect();
        units.push(unit(&format!("u{i}"), treated, &logs));
    }
    let sample = Sample { first_event: -8, units };
    let p = placebo(&[&sample]).unwrap();
    assert!(p.is_significant() && p.coefficient > 0.1, "{p:?}");
    let checks = Checks {
        placebo: Some(p),
        treated_in_other_programs: 0,
        comparison_in_other_programs: 0,
        eligible: 0,
        eligible_with_statistics: 0,
    };
    assert_eq!(checks.parallel_pre_trends(), Some(false));
}

#[test]
fn stacked_cohorts_keep_their_own_effects() {
    // Two cohorts whose levels differ by a constant: each cohort's own complex and quarter
    // effects absorb it, and the common effect of 0.1 is found exactly.
    let cohort = |shift: f64, tag: &str| Sample {
        first_event: -2,
        units: (0..4)
            .map(|i| {
                let treated = i < 2;
                let logs: Vec<f64> = (0..4)
                    .map(|q| shift + f64::from(i) + q as f64 * shift + if treated && q >= 2 { 0.1 } else { 0.0 })
                    .collect();
                unit(&format!("{tag}{i}"), treated, &logs)
            })
            .collect(),
    };
    let (a, b) = (cohort(1.0, "a"), cohort(5.0, "b"));
    let (estimate, clusters) = did(&[&a, &b]).unwrap();
    assert!(close(estimate.coefficient, 0.1, 1e-9), "{estimate:?}");
    assert_eq!(clusters, 8);
}

#[test]
fn the_sentence_gives_direction_size_and_interval_or_says_no_clear_difference() {
    let estimate = |coefficient: f64, std_error: f64| {
        let sample = Sample {
            first_event: -1,
            units: vec![unit("a", true, &[0.0, 0.0]), unit("b", false, &[0.0, 0.0])],
        };
        // Any estimate with the wanted numbers: take one and set them.
        let (mut e, _) = did(&[&sample]).unwrap();
        e.coefficient = coefficient;
        e.std_error = std_error;
        e.low = coefficient - 1.96 * std_error;
        e.high = coefficient + 1.96 * std_error;
        e.p_value = if (coefficient / std_error).abs() > 1.96 {
            0.01
        } else {
            0.5
        };
        e
    };
    let up = wording::sentence(Indicator::Employment, &estimate(0.0488, 0.009));
    assert!(
        up.starts_with("선정 거점산단의 고용은 선정 후 비교 산단보다 평균 5.0% 더 많았습니다 (95% 신뢰구간 "),
        "{up}"
    );
    let down = wording::sentence(Indicator::Tenants, &estimate(-0.1, 0.02));
    assert!(
        down.contains("입주업체는") && down.contains("평균 9.5% 더 적었습니다"),
        "{down}"
    );
    let none = wording::sentence(Indicator::Exports, &estimate(0.01, 0.05));
    assert!(none.contains("뚜렷한 차이가 확인되지 않습니다 (추정 1.0%"), "{none}");
}

#[test]
fn percentages_are_exponentials_of_log_points() {
    let sample = Sample {
        first_event: -1,
        units: vec![unit("a", true, &[0.0, 0.05f64.ln_1p()]), unit("b", false, &[0.0, 0.0])],
    };
    let (e, _) = did(&[&sample]).unwrap();
    assert!(close(e.percent(), 5.0, 1e-9));
}

mod record {
    use super::*;
    use crate::date::Day;
    use crate::designation::{Designation, DesignationKind};
    use crate::region::Region;
    use crate::synthetic::{Scale, generate};

    fn decision(kind: DesignationKind, date: Day, round: i32, region: Region) -> Designation {
        Designation {
            kind,
            date,
            body: "위원회".into(),
            round: Some(round),
            region: Some(region),
            complex: None,
            note: None,
            sources: vec![],
        }
    }

    #[test]
    fn a_funded_hub_counts_from_its_first_selection_and_an_unfunded_one_not_at_all() {
        let mut record = generate(Scale::small(), 7).unwrap().record;
        let plans: Vec<(i32, Region, ComplexId)> = record
            .plans
            .iter()
            .map(|p| (p.round, p.region, p.hub.complex.clone()))
            .collect();
        let (round, region, hub) = plans[0].clone();
        let (unfunded_round, unfunded_region, unfunded_hub) = plans[1].clone();
        record.designations.retain(|d| {
            !(d.round == Some(unfunded_round)
                && d.region == Some(unfunded_region)
                && DesignationKind::FUNDING.contains(&d.kind))
        });
        // A second funding decision later does not move the selection.
        record.designations.push(decision(
            DesignationKind::CompetitivenessDistrict,
            Day::ymd(round + 1, 6, 1),
            round,
            region,
        ));
        let all = selections(&record);
        let first = all.iter().find(|s| s.complex == hub).unwrap();
        assert_eq!((first.round, first.day), (round, Day::ymd(round, 9, 15)));
        assert_eq!(
            first.quarter(),
            Quarter {
                year: round,
                quarter: 3
            }
        );
        assert!(
            all.iter()
                .all(|s| s.complex != unfunded_hub || s.round != unfunded_round)
        );
    }

    #[test]
    fn without_a_survey_every_estimate_is_refused_with_the_reason() {
        let impact = analyse(&crate::bundled(), &[]);
        assert!(!impact.cohorts.is_empty(), "the record's funded rounds are cohorts");
        for c in &impact.cohorts {
            for i in &c.indicators {
                assert_eq!(i.refusal(), Some(&Refusal::NoSurvey));
            }
        }
        assert!(impact.overall.iter().all(|i| i.refusal() == Some(&Refusal::NoSurvey)));
        assert_eq!(
            Refusal::NoSurvey.to_string(),
            "분기별 산업단지 동향 자료가 없어 효과를 추정할 수 없습니다."
        );
    }

    #[test]
    fn a_survey_too_short_before_selection_is_refused() {
        // The small scale surveys two years (2022–2023): its 2019 and 2020 cohorts have no
        // quarter before selection.
        let data = generate(Scale::small(), 3).unwrap();
        let impact = analyse(&data.record, &data.surveys);
        for c in &impact.cohorts {
            assert!(
                matches!(c.indicators[2].refusal(), Some(Refusal::TooFewQuarters { pre: 0, .. })),
                "{:?}",
                c.indicators[2]
            );
        }
    }
}

/// The generator's national survey with a known effect planted on the funded hubs' employment
/// from the second quarter after selection (`synthetic::Scale::planted_effect_permille`).
mod planted {
    use super::*;
    use crate::synthetic::{Scale, generate};

    /// National complexes, rounds and survey; little of the rest, which the estimate never reads.
    fn scale(effect: usize) -> Scale {
        Scale {
            projects_per_plan: 1,
            firms: 0,
            measurements: 0,
            users: 0,
            planted_effect_permille: effect,
            ..Scale::national()
        }
    }

    fn employment(impact: &ProgramImpact) -> Vec<(i32, Estimate)> {
        impact
            .cohorts
            .iter()
            .filter_map(|c| Some((c.round, c.indicators[2].analysis()?.did.clone())))
            .collect()
    }

    #[test]
    fn a_planted_five_percent_is_recovered_within_its_interval() {
        let data = generate(scale(50), 1).unwrap();
        let impact = analyse(&data.record, &data.surveys);
        assert_eq!(impact.cohorts.len(), 10);
        let overall = impact.overall[2].analysis().expect("an overall estimate");
        // The effect is ln 1.05 from event 2 on, none at 0 and 1: over the 14 quarters from
        // selection to the package's end the average is 12/14 of it.
        let expected = 1.05f64.ln() * 12.0 / 14.0;
        assert!(
            overall.did.low <= expected && expected <= overall.did.high && overall.did.is_significant(),
            "{:?}",
            overall.did
        );
        // The jump comes two quarters after selection, whatever the reference quarter's noise.
        let mean = |events: std::ops::RangeInclusive<i32>| {
            let values: Vec<f64> = overall
                .events
                .iter()
                .filter(|p| events.contains(&p.event))
                .map(|p| p.estimate.as_ref().unwrap().coefficient)
                .collect();
            values.iter().sum::<f64>() / values.len() as f64
        };
        let jump = mean(2..=13) - mean(0..=1);
        assert!(close(jump, 1.05f64.ln(), 0.01), "jump {jump}");
        assert!(
            overall
                .sentence
                .starts_with("선정 거점산단의 고용은 선정 후 비교 산단보다 평균 ")
        );
        // Tenants carry no planted effect and every cohort is estimated.
        for c in &impact.cohorts {
            assert!(c.indicators.iter().all(|i| i.analysis().is_some()), "{}", c.round);
        }
    }

    #[test]
    fn a_zero_effect_is_found_no_more_often_than_the_level() {
        let (mut found, mut trials) = (0, 0);
        for seed in 1..=20 {
            let data = generate(scale(0), seed).unwrap();
            for (_, e) in employment(&analyse(&data.record, &data.surveys)) {
                trials += 1;
                found += usize::from(e.is_significant());
            }
        }
        assert_eq!(trials, 200);
        // At the 5% level 10 are expected; 17 or more would happen by chance about once in a
        // hundred. Clustering by complex instead of matched set found 18 to 21.
        assert!(found <= 16, "{found} of {trials} cohorts found a zero effect");
    }
}
