use std::collections::HashSet;

use super::*;
use crate::date::Day;
use crate::designation::DesignationKind;
use crate::goal::GoalKind;
use crate::package::{FundingSource, ProjectBudget};
use crate::results::{BusinessNumber, RollupMetric};

/// After every generated date: the platform runs in 2026.
const TODAY: Day = Day {
    year: 2026,
    month: Some(12),
    day: Some(1),
};

fn small() -> NationalDataset {
    generate(Scale::small(), 7).unwrap()
}

#[test]
fn a_small_dataset_is_a_synthetic_record_with_no_problems() {
    let data = small();
    assert!(data.record.synthetic);
    assert_eq!(data.record.check(), vec![], "the record passes the import gate");
    assert!(data.record.sources.iter().all(|s| s.title == SOURCE_TITLE));
    assert!(
        data.record.rounds.iter().all(|r| r.year <= 2023),
        "every package year is past"
    );
    assert!(
        data.record
            .rounds
            .iter()
            .all(|r| r.panel.as_ref().is_some_and(|p| (9..=15).contains(&p.evaluators))),
        "every round's panel has 9 to 15 evaluators"
    );
}

#[test]
fn counts_match_the_scale() {
    let scale = Scale::small();
    let counts = small().counts();
    assert_eq!(counts.complexes, scale.complexes);
    assert_eq!(counts.rounds, scale.rounds);
    assert_eq!(counts.plans, scale.plans());
    assert_eq!(counts.projects, scale.plans() * scale.projects_per_plan);
    assert_eq!(counts.firms, scale.firms);
    assert_eq!(counts.measurements, scale.measurements);
    assert_eq!(counts.goal_setups, counts.goals, "every goal has a setup");
}

#[test]
fn the_national_scale_hits_the_issues_numbers() {
    let data = generate(Scale::national(), 1).unwrap();
    let counts = data.counts();
    assert_eq!(
        (counts.complexes, counts.rounds, counts.firms, counts.measurements),
        (1_330, 10, 50_000, 200_000)
    );
    assert_eq!((counts.plans, counts.projects), (170, 8_500));
    assert!(data.record.plans.iter().all(|p| p.projects.declared_total == Some(50)));
    assert!(data.record.plan(2015, Region::Gyeonggi).is_some());
    assert_eq!(data.record.check(), vec![]);
    budgets_add_up(&data);
    results_fit(&data);
}

#[test]
fn every_plan_is_selected_confirmed_and_has_a_goal_of_every_kind() {
    let data = small();
    let kinds = [
        GoalKind::Increase,
        GoalKind::ReachLevel,
        GoalKind::RaiseBy,
        GoalKind::DriveToZero,
        GoalKind::Qualitative,
    ];
    for plan in &data.record.plans {
        for kind in kinds {
            assert!(
                plan.goals.iter().any(|g| g.kind == kind),
                "{} {} lacks {kind:?}",
                plan.round,
                plan.region
            );
        }
        for kind in [
            DesignationKind::PreliminarySelection,
            DesignationKind::FinalConfirmation,
        ] {
            assert!(
                data.record
                    .designations
                    .iter()
                    .any(|d| d.kind == kind && d.round == Some(plan.round) && d.region == Some(plan.region))
            );
        }
        let rolled: Vec<RollupMetric> = plan.goals.iter().filter_map(RollupMetric::of_goal).collect();
        assert_eq!(
            rolled,
            [RollupMetric::Production, RollupMetric::Jobs],
            "each plan feeds the roll-up once"
        );
    }
}

#[test]
fn budgets_add_up_and_execution_never_exceeds_the_plan() {
    budgets_add_up(&small());
}

fn budgets_add_up(data: &NationalDataset) {
    for package in &data.packages {
        for project in &package.projects {
            let b = &project.budget;
            let planned = ProjectBudget::default()
                .replan(package.period(), b.total, b.lines.clone())
                .unwrap_or_else(|e| panic!("{}: {e:?}", project.name));
            let mut replayed = planned;
            for e in &b.executions {
                replayed = replayed.execute(package.period(), *e, TODAY).unwrap();
            }
            assert_eq!(
                &replayed, b,
                "execution entered quarter by quarter gives the same budget"
            );
            for year in package.period().years() {
                for source in FundingSource::ALL {
                    assert!(b.executed(year, source) <= b.planned(year, source).unwrap_or(0));
                }
            }
            assert_eq!(project.program.is_some(), matches!(project.runner, Runner::Ministry(_)));
        }
    }
}

#[test]
fn firms_have_valid_distinct_numbers_and_dates_in_the_package_period() {
    let data = small();
    let mut numbers = HashSet::new();
    for package in &data.packages {
        for (project, firm) in &package.firms {
            assert!(*project < package.projects.len());
            let again = SupportedFirm::new(
                &firm.number.to_string(),
                &firm.name,
                firm.support.key(),
                firm.date,
                package.period(),
                TODAY,
            );
            assert_eq!(again.as_ref(), Ok(firm));
            assert_eq!(firm.number.to_string().parse::<BusinessNumber>(), Ok(firm.number));
            assert!(numbers.insert(firm.number), "{} twice", firm.number);
        }
    }
}

#[test]
fn setups_fit_their_goals_and_measurements_fit_their_tracking() {
    results_fit(&small());
}

fn results_fit(data: &NationalDataset) {
    for package in &data.packages {
        let plan = data.record.plan(package.round, package.region).unwrap();
        for (no, setup) in &package.setups {
            assert_eq!(
                setup.problems(&plan.goals[*no]),
                Vec::<String>::new(),
                "{}",
                plan.goals[*no].metric
            );
        }
        let mut seen = HashSet::new();
        for (no, m) in &package.measurements {
            let setup = package.setups.iter().find(|(n, _)| n == no).unwrap().1;
            assert_eq!(setup.counted_from, None, "counted goals are never entered");
            setup.tracking(&plan.goals[*no]).progress(&m.reading).unwrap();
            assert!(package.period().contains(m.quarter.year));
            assert!(seen.insert((*no, m.quarter)), "one measurement per goal and quarter");
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    assert_eq!(small(), small());
    assert_ne!(small().packages, generate(Scale::small(), 8).unwrap().packages);
}

#[test]
fn an_impossible_scale_is_refused() {
    let too_many = Scale {
        plans_per_round: 18,
        ..Scale::small()
    };
    assert_eq!(
        generate(too_many, 1).unwrap_err().to_string(),
        "합성 자료 규모의 회차당 계획 수(18)는 1~17 사이여야 합니다."
    );
}
