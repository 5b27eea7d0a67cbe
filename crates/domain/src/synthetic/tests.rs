use std::collections::{BTreeMap, HashSet};

use super::*;
use crate::complex::ComplexId;
use crate::date::Day;
use crate::designation::DesignationKind;
use crate::goal::GoalKind;
use crate::package::{FundingSource, ProjectBudget, Quarter};
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
    assert_eq!(counts.surveys, scale.complexes * scale.survey_years * 4);
    assert_eq!(counts.users, scale.users);
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

    assert_eq!(counts.surveys, 106_400, "1,330 complexes × 20 years × 4 quarters");
    assert!(
        data.surveys.iter().all(|s| s.source == SOURCE_TITLE),
        "every survey row is marked synthetic"
    );
    surveys_fit(&data);
    let first = data.surveys.iter().map(|s| s.quarter).min();
    assert_eq!(first, Some(Quarter { year: 2004, quarter: 1 }));

    assert_eq!(counts.users, 500);
    let held = roles_held(&data.users);
    assert_eq!(held["program-office"], 10);
    assert_eq!(held["provincial-officer:경기"], 10);
    assert_eq!(held.keys().filter(|k| k.starts_with("provincial-officer:")).count(), 17);
    assert_eq!(held["ministry-officer:산업통상자원부"], 20);
    assert_eq!(held["committee-member"], 30);
    assert_eq!(held["evaluator"], 190);
}

/// How many accounts hold each role.
fn roles_held(users: &[SyntheticUser]) -> BTreeMap<String, usize> {
    let mut held = BTreeMap::new();
    for role in users.iter().flat_map(|u| &u.roles) {
        *held.entry(role.to_string()).or_default() += 1;
    }
    held
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
fn every_complex_is_surveyed_once_a_quarter_up_to_the_last_package_year() {
    surveys_fit(&small());
}

fn surveys_fit(data: &NationalDataset) {
    let mut quarters: BTreeMap<&ComplexId, Vec<Quarter>> = BTreeMap::new();
    for row in &data.surveys {
        assert_eq!(row.problems(), vec![], "{} {}", row.complex.0, row.quarter);
        quarters.entry(&row.complex).or_default().push(row.quarter);
    }
    assert_eq!(quarters.len(), data.record.complexes.len(), "every complex");
    let last = Quarter { year: 2023, quarter: 4 };
    for (complex, seen) in quarters {
        assert_eq!(seen.len(), data.scale.survey_years * 4, "{}", complex.0);
        assert!(
            seen.windows(2).all(|w| w[0] < w[1]),
            "{}: oldest first, once each",
            complex.0
        );
        assert_eq!(seen.last(), Some(&last), "{}", complex.0);
    }
    // Complexes opened long before 2023 are busy by its last quarter.
    let open = |c: &ComplexId| {
        let complex = data.record.complexes.iter().find(|x| &x.id == c).unwrap();
        complex.construction_started.is_some_and(|d| d.year <= 2015)
    };
    let latest: Vec<_> = data
        .surveys
        .iter()
        .filter(|s| s.quarter == last && open(&s.complex))
        .collect();
    assert!(!latest.is_empty());
    assert!(
        latest.iter().all(|s| s.employment > 0 && s.production_eok > 0),
        "open complexes employ and produce"
    );
}

#[test]
fn accounts_are_numbered_say_synthetic_and_hold_every_kind_of_role() {
    let users = small().users;
    assert_eq!(users.len(), Scale::small().users);
    assert_eq!(users[0].login, "synthetic-0001");
    assert_eq!(users[11].name, "합성 사용자 0012");
    assert!(
        users
            .iter()
            .all(|u| u.name.contains("합성") && u.login.starts_with("synthetic-"))
    );
    assert_eq!(
        users.iter().map(|u| &u.login).collect::<HashSet<_>>().len(),
        users.len()
    );
    let held = roles_held(&users);
    for key in [
        "program-office",
        "provincial-officer:",
        "ministry-officer:",
        "committee-member",
        "evaluator",
    ] {
        assert!(held.keys().any(|k| k.starts_with(key)), "{key} missing: {held:?}");
    }
    assert_eq!(
        users[0].roles,
        [Role::ProgramOffice],
        "the office's accounts come first"
    );
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    assert_eq!(small(), small());
    let other = generate(Scale::small(), 8).unwrap();
    assert_ne!(small().packages, other.packages);
    assert_ne!(small().surveys, other.surveys);
    assert_eq!(small().users, other.users, "the accounts depend on the scale alone");
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
