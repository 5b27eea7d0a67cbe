use std::collections::{BTreeMap, HashMap, HashSet};

use super::grievances::{AS_OF, FIRST_DAY};
use super::*;
use crate::calendar::Calendar;
use crate::complex::ComplexId;
use crate::date::Day;
use crate::designation::DesignationKind;
use crate::goal::GoalKind;
use crate::grievance::{Category, Deadlines, Handler, Progress, Statistics, Status, Step};
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
    assert_eq!(counts.grievances, scale.grievances);
    assert!(counts.grievance_events > counts.grievances, "a filing and steps each");
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

    assert_eq!(counts.grievances, 20_000);
    grievances_fit(&data);
    let s = statistics(&data.grievances);
    let share = |n: u32| f64::from(n) / f64::from(s.total);
    assert!((0.95..0.995).contains(&share(s.answered)), "{s:?}");
    assert!((80.0..92.0).contains(&s.on_time_percent().unwrap()), "{s:?}");
    assert!((0.35..0.5).contains(&share(s.ratings)), "{s:?}");
    let transferred = data.grievances.iter().filter(|g| g.transferred()).count() as f64;
    assert!((0.09..0.15).contains(&(transferred / 20_000.0)));
    let complexes: HashSet<_> = data.grievances.iter().map(|g| &g.filing.complex).collect();
    assert!(
        complexes.len() > 1_200,
        "spread over the complexes: {}",
        complexes.len()
    );
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
    assert_ne!(small().grievances, other.grievances);
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

#[test]
fn every_reports_history_replays_by_the_domains_rules_to_where_it_stands() {
    grievances_fit(&small());
}

/// Each report's filing passes the form's checks unchanged and says it is synthetic, its first
/// line is the filing to the complex's province, every later line is the state the domain's
/// own step leads to, and the last is where the report stands — within the window, in order.
fn grievances_fit(data: &NationalDataset) {
    let (calendar, deadlines) = (Calendar::bundled(), Deadlines::default());
    let regions: HashMap<&ComplexId, Region> = data.record.complexes.iter().map(|c| (&c.id, c.region)).collect();
    let mut previous = FIRST_DAY;
    for (i, g) in data.grievances.iter().enumerate() {
        let serial = g.serial;
        assert_eq!(serial, i as i64 + 1, "numbered in order of receipt");
        assert!(previous <= g.received, "{serial}: oldest first");
        previous = g.received;
        assert_eq!(g.filing.checked().as_ref(), Ok(&g.filing), "{serial}");
        let f = &g.filing.filer;
        assert!(f.name.contains("합성") && f.organisation.contains("합성") && g.filing.title.contains("합성"));
        assert!(f.email.as_deref().is_none_or(|e| e.ends_with("@synthetic.invalid")));

        let (filed, steps) = g.events.split_first().expect("the filing");
        assert_eq!((&filed.step, filed.day), (&None, g.received), "{serial}");
        let mut p = Progress::filed(
            g.filing.category,
            Handler::first_for(regions[&g.filing.complex]),
            &g.received,
            &deadlines,
            &calendar,
        )
        .unwrap();
        assert_eq!(filed.after, p, "{serial}");
        for e in steps {
            let step = e.step.as_ref().expect("every line after the filing is a step");
            p = p
                .apply(step, &e.day, &deadlines, &calendar)
                .unwrap_or_else(|err| panic!("{serial}: {} on {}: {err}", step.korean(), e.day));
            assert_eq!(e.after, p, "{serial}: {}", step.korean());
        }
        assert_eq!(g.progress, p, "{serial}: where it stands is where its steps lead");
        let answered = g.events.iter().find_map(|e| match &e.step {
            Some(Step::Answer { text }) => Some(text.as_str()),
            _ => None,
        });
        assert_eq!(g.answer.as_deref(), answered, "{serial}");
        assert!(
            g.events.windows(2).all(|w| w[0].at() <= w[1].at()),
            "{serial}: in time order"
        );
        assert!(
            g.events.last().is_some_and(|e| e.day <= AS_OF),
            "{serial}: nothing after the window"
        );
    }
}

fn statistics(reports: &[SyntheticGrievance]) -> Statistics {
    let outcomes: Vec<_> = reports.iter().map(SyntheticGrievance::outcome).collect();
    Statistics::of(&outcomes, &TODAY, &Calendar::bundled())
}

#[test]
fn reports_are_mostly_answered_on_time_and_some_late_open_moved_extended_or_rated() {
    let data = small();
    let reports = &data.grievances;
    let s = statistics(reports);
    assert_eq!(s.total, 300);
    assert!(s.answered_on_time > s.answered / 2, "{s:?}");
    assert!(s.answered_on_time < s.answered, "some answered late: {s:?}");
    assert!(s.overdue > 0, "some still open, past their deadline on {TODAY}: {s:?}");
    assert!(s.ratings > 0 && s.mean_rating.is_some_and(|m| (1.0..=5.0).contains(&m)));
    let has = |f: &dyn Fn(&SyntheticGrievance) -> bool| reports.iter().any(f);
    for status in [Status::Assigned, Status::InProgress, Status::Answered, Status::Closed] {
        assert!(has(&|g| g.progress.status == status), "none left {status}");
    }
    for category in Category::ALL {
        assert!(has(&|g| g.progress.category == category), "no {}", category.korean());
    }
    assert!(has(&|g| g.progress.handler == Handler::ComplexAgency));
    assert!(has(&|g| matches!(g.progress.handler, Handler::Ministry(_))));
    assert!(has(&|g| g.progress.extended));
    let scores: HashSet<u8> = reports.iter().filter_map(|g| g.progress.rating).collect();
    assert!(
        scores.iter().all(|r| (1..=5).contains(r)) && scores.len() >= 4,
        "{scores:?}"
    );
    assert!(
        has(&|g| g.filing.filer.business_number.is_none()),
        "a local government files too"
    );
    let receipts: HashSet<_> = reports.iter().map(|g| g.received.year).collect();
    assert_eq!(receipts.len(), 8, "every year 2018–2025");
}
