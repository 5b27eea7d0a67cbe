//! A generated dataset loads in one audited transaction and reads back as generated: the funded
//! plans, every package's budget and execution, the measurements, the register, the complexes'
//! quarterly survey, the 애로사항 with their histories and the synthetic accounts — on SQLite and
//! PostgreSQL.

use std::collections::{BTreeMap, BTreeSet};

use sandan_domain::bundled;
use sandan_domain::calendar::Calendar;
use sandan_domain::grievance::{FieldVisit, Outcome, Statistics, VisitKind, participants, receipt_number};
use sandan_domain::package::Quarter;
use sandan_domain::synthetic::{NationalDataset, Scale, SyntheticGrievance, generate};
use sandan_domain::{ComplexId, Day};
use sandan_store::accounts::UserSummary;
use sandan_store::grievances::Scope;
use sandan_store::package::CellFilter;
use sandan_store::synthetic::RecordState;
use sandan_store::testing::TestDb;
use sandan_store::{Change, EditError, Store};

const LOAD: Change<'static> = Change {
    actor: "cli:generate",
    source: "cli",
    at: "2026-12-01T00:00:00Z",
};

/// After the last package year of the small scale (rounds 2019–2020, packages to 2023).
const AS_OF: Quarter = Quarter { year: 2023, quarter: 4 };

async fn assert_reads_back(store: &Store, data: &NationalDataset, backend: &str) {
    let funded: BTreeSet<_> = store.funded_plans().await.unwrap().into_iter().collect();
    let generated: BTreeSet<_> = data.packages.iter().map(|p| (p.round, p.region)).collect();
    assert_eq!(funded, generated, "{backend}: every generated plan is funded");

    let rollups = store.rollups(AS_OF).await.unwrap();
    assert_eq!(rollups.len(), data.packages.len(), "{backend}");
    assert_eq!(
        rollups.iter().map(|r| r.planned).sum::<i64>(),
        data.planned_total(),
        "{backend}"
    );
    assert_eq!(
        rollups.iter().map(|r| r.executed).sum::<i64>(),
        data.executed_total(),
        "{backend}"
    );
    assert_eq!(
        rollups.iter().map(|r| r.firms).sum::<i64>(),
        data.scale.firms as i64,
        "{backend}"
    );

    let cells = store.budget_cells(&CellFilter::default()).await.unwrap();
    assert_eq!(
        cells.iter().map(|c| c.planned).sum::<i64>(),
        data.planned_total(),
        "{backend}"
    );
    assert_eq!(
        cells.iter().map(|c| c.executed).sum::<i64>(),
        data.executed_total(),
        "{backend}"
    );

    for package in &data.packages {
        let stored = store.package(package.round, package.region).await.unwrap();
        let budgets: Vec<_> = stored.iter().map(|p| (&p.name, &p.budget)).collect();
        let generated: Vec<_> = package.projects.iter().map(|p| (&p.name, &p.budget)).collect();
        assert_eq!(budgets, generated, "{backend}: {} {}", package.round, package.region);
        let on_program = stored.iter().filter(|p| p.program.is_some()).count();
        assert_eq!(
            on_program,
            package.projects.iter().filter(|p| p.program.is_some()).count()
        );

        let measured: Vec<_> = store
            .measurements(package.round, package.region)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.goal_no, m.measurement))
            .collect();
        assert_eq!(measured, package.measurements, "{backend}");
        let setups = store.goal_setups(package.round, package.region).await.unwrap();
        assert_eq!(setups, package.setups, "{backend}");
        let firms = store.firms(package.round, package.region).await.unwrap();
        assert_eq!(firms.len(), package.firms.len(), "{backend}");
    }

    for complex in &data.record.complexes {
        let mut generated: Vec<_> = data
            .surveys
            .iter()
            .filter(|s| s.complex == complex.id)
            .cloned()
            .collect();
        generated.reverse();
        let stored = store.survey(&complex.id, usize::MAX).await.unwrap();
        assert_eq!(stored, generated, "{backend}: {} reads back newest first", complex.id.0);
    }
    grievances_read_back(store, data, backend).await;
}

/// Every report reads back where it stands under its receipt, the statistics the pages show are
/// those of the generated reports, and the longest history reads back line for line.
async fn grievances_read_back(store: &Store, data: &NationalDataset, backend: &str) {
    let receipt = |g: &SyntheticGrievance| receipt_number(&g.received, g.serial);
    let stored: BTreeMap<String, _> = store
        .grievances_for(None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.receipt, (l.id, l.progress, l.received_on, l.title)))
        .collect();
    let generated: BTreeMap<String, _> = data
        .grievances
        .iter()
        .map(|g| (receipt(g), (g.progress.clone(), g.received, g.filing.title.clone())))
        .collect();
    assert_eq!(
        stored
            .iter()
            .map(|(r, (_, p, d, t))| (r.clone(), (p.clone(), *d, t.clone())))
            .collect::<BTreeMap<_, _>>(),
        generated,
        "{backend}: every report, where it stands"
    );

    let (calendar, today) = (Calendar::bundled(), Day::ymd(2026, 12, 1));
    let outcomes: Vec<Outcome> = data.grievances.iter().map(SyntheticGrievance::outcome).collect();
    let program: Vec<Outcome> = store
        .grievance_outcomes(Scope::Program)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    let expected = Statistics::of(&outcomes, &today, &calendar);
    assert_eq!(Statistics::of(&program, &today, &calendar), expected, "{backend}");
    assert!(
        expected.answered > 0 && expected.overdue > 0 && expected.ratings > 0,
        "{expected:?}"
    );

    let busiest = busiest_complex(&data.grievances);
    let here = store.grievance_outcomes(Scope::Complex(busiest)).await.unwrap();
    let count = data.grievances.iter().filter(|g| &g.filing.complex == busiest).count();
    assert_eq!(here.len(), count, "{backend}: {}", busiest.0);

    let longest = data.grievances.iter().max_by_key(|g| g.events.len()).unwrap();
    let id = stored[&receipt(longest)].0;
    let read = store.grievance_unaudited(id).await.unwrap().unwrap();
    assert_eq!(
        (&read.filer, read.filer_user),
        (&longest.filing.filer, None),
        "{backend}"
    );
    assert_eq!(read.answer, longest.answer, "{backend}");
    let history: Vec<_> = read
        .events
        .iter()
        .map(|e| {
            (
                e.at.clone(),
                e.step.clone(),
                e.handler.clone(),
                e.status,
                e.due,
                e.note.clone(),
            )
        })
        .collect();
    let lines: Vec<_> = longest
        .events
        .iter()
        .map(|e| {
            let note = e.step.as_ref().and_then(|s| s.note()).map(str::to_string);
            (
                e.at(),
                e.name().to_string(),
                e.after.handler.clone(),
                e.after.status,
                e.after.due,
                note,
            )
        })
        .collect();
    assert_eq!(history, lines, "{backend}: the longest history, line for line");
}

fn busiest_complex(reports: &[SyntheticGrievance]) -> &ComplexId {
    let mut counts: BTreeMap<&ComplexId, usize> = BTreeMap::new();
    for g in reports {
        *counts.entry(&g.filing.complex).or_default() += 1;
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c).unwrap()
}

#[tokio::test]
async fn a_generated_dataset_replaces_everything_in_one_audited_transaction_and_reads_back() {
    let data = generate(Scale::small(), 11).unwrap();
    for db in TestDb::all().await {
        let backend = db.backend().name();
        let store = &db.store;
        assert_eq!(store.record_state().await.unwrap(), RecordState::Empty);
        store.load_if_empty(&bundled(), &LOAD).await.unwrap();
        assert_eq!(store.record_state().await.unwrap(), RecordState::Program);
        let entries = store.audit_log(1_000).await.unwrap().len();

        let counts = store.load_national(&data, &LOAD).await.unwrap();
        let expected = data.counts();
        assert_eq!(
            [
                counts.complexes,
                counts.rounds,
                counts.plans,
                counts.programs,
                counts.projects,
                counts.budget_lines,
                counts.executions,
                counts.goal_setups,
                counts.measurements,
                counts.firms,
                counts.surveys,
                counts.users,
                counts.grievances,
                counts.grievance_events,
            ],
            [
                expected.complexes,
                expected.rounds,
                expected.plans,
                expected.programs,
                expected.projects,
                expected.budget_lines,
                expected.executions,
                expected.goal_setups,
                expected.measurements,
                expected.firms,
                expected.surveys,
                expected.users,
                expected.grievances,
                expected.grievance_events,
            ]
            .map(|n| n as i64),
            "{backend}"
        );
        assert_eq!(counts.measurements, 500);
        assert_eq!(counts.surveys, 68 * 2 * 4, "68 complexes, two years of quarters");
        assert_eq!(counts.grievances, 300);
        assert_eq!(counts.designations, 2 * expected.plans as i64);
        assert_eq!(store.record_state().await.unwrap(), RecordState::Synthetic);
        assert_eq!(
            store.record().await.unwrap(),
            data.record,
            "{backend}: the record round-trips"
        );
        assert_reads_back(store, &data, backend).await;

        let log = store.audit_log(1_000).await.unwrap();
        assert_eq!(log.len(), entries + 1, "{backend}: one audit entry for the whole load");
        assert_eq!(log[0].action, "synthetic.load");
        let after: serde_json::Value = serde_json::from_str(log[0].after.as_deref().unwrap()).unwrap();
        assert_eq!(after["measurements"], 500);
        assert_eq!(after["firms"], data.scale.firms);
        let before: serde_json::Value = serde_json::from_str(log[0].before.as_deref().unwrap()).unwrap();
        assert_eq!(before["measurements"], 0);
        assert_eq!(after["grievances"], 300);

        // Loading again replaces rather than adds.
        let again = store.load_national(&data, &LOAD).await.unwrap();
        assert_eq!(again, counts, "{backend}");
        assert_reads_back(store, &data, backend).await;
        let check = store.verify_audit().await.unwrap();
        assert!(check.is_intact(), "{backend}: {check}");
    }
}

#[tokio::test]
async fn a_record_not_marked_synthetic_is_refused_and_changes_nothing() {
    let mut data = generate(Scale::small(), 3).unwrap();
    data.record.synthetic = false;
    for db in TestDb::all().await {
        db.store.load_if_empty(&bundled(), &LOAD).await.unwrap();
        let err = db.store.load_national(&data, &LOAD).await.unwrap_err();
        assert!(matches!(err, EditError::Refused(_)), "{err}");
        assert_eq!(db.store.record().await.unwrap(), bundled());
        assert_eq!(db.store.record_state().await.unwrap(), RecordState::Program);
        assert!(db.store.programs().await.unwrap().is_empty());
    }
}

/// The synthetic accounts: login → (name, roles held now).
async fn synthetic_accounts(store: &Store) -> BTreeMap<String, (String, Vec<String>)> {
    store
        .users(0)
        .await
        .unwrap()
        .into_iter()
        .filter(|u| u.login.starts_with("synthetic-"))
        .map(|u| (u.login, (u.name, u.grants.iter().map(|g| g.role.to_string()).collect())))
        .collect()
}

fn real(store_users: Vec<UserSummary>) -> Vec<UserSummary> {
    store_users
        .into_iter()
        .filter(|u| !u.login.starts_with("synthetic-"))
        .collect()
}

#[tokio::test]
async fn generating_again_keeps_one_synthetic_account_a_login_and_leaves_real_accounts_alone() {
    let data = generate(Scale::small(), 5).unwrap();
    let fewer = generate(
        Scale {
            users: 5,
            ..Scale::small()
        },
        5,
    )
    .unwrap();
    let wanted: BTreeMap<String, (String, Vec<String>)> = data
        .users
        .iter()
        .map(|u| {
            (
                u.login.clone(),
                (u.name.clone(), u.roles.iter().map(ToString::to_string).collect()),
            )
        })
        .collect();
    for db in TestDb::all().await {
        let (store, backend) = (&db.store, db.backend().name());
        store
            .create_user(
                "gyeonggi",
                "경기주무관",
                "Sandan#2026plan",
                &[sandan_domain::Role::Evaluator],
                None,
                &LOAD,
            )
            .await
            .unwrap();
        let real_before = real(store.users(0).await.unwrap());

        let counts = store.load_national(&data, &LOAD).await.unwrap();
        assert_eq!(counts.users, 12, "{backend}: exactly the scale's accounts");
        assert_eq!(
            synthetic_accounts(store).await,
            wanted,
            "{backend}: named 합성, one role each"
        );
        let ids: Vec<_> = store.users(0).await.unwrap().iter().map(|u| u.id).collect();

        let again = store.load_national(&data, &LOAD).await.unwrap();
        assert_eq!(again.users, 12, "{backend}");
        let after: Vec<_> = store.users(0).await.unwrap().iter().map(|u| u.id).collect();
        assert_eq!(after, ids, "{backend}: the same accounts, none added");
        assert_eq!(
            synthetic_accounts(store).await,
            wanted,
            "{backend}: no role granted twice"
        );

        // A smaller scale disables the accounts it lacks; the full one brings them back.
        assert_eq!(store.load_national(&fewer, &LOAD).await.unwrap().users, 5, "{backend}");
        let held = synthetic_accounts(store).await;
        assert_eq!(held.len(), 12, "{backend}: disabled, not deleted");
        assert!(held["synthetic-0012"].1.is_empty(), "{backend}: its roles revoked");
        assert_eq!(store.load_national(&data, &LOAD).await.unwrap().users, 12, "{backend}");
        assert_eq!(synthetic_accounts(store).await, wanted, "{backend}");

        assert_eq!(
            real(store.users(0).await.unwrap()),
            real_before,
            "{backend}: the real account is untouched"
        );
        assert!(store.verify_audit().await.unwrap().is_intact(), "{backend}");
    }
}

#[tokio::test]
async fn a_real_account_holding_a_synthetic_login_stops_the_load_and_changes_nothing() {
    let data = generate(Scale::small(), 5).unwrap();
    for db in TestDb::all().await {
        db.store.load_if_empty(&bundled(), &LOAD).await.unwrap();
        db.store
            .create_user("synthetic-0003", "실제 사용자", "Sandan#2026plan", &[], None, &LOAD)
            .await
            .unwrap();
        let err = db.store.load_national(&data, &LOAD).await.unwrap_err();
        assert!(err.to_string().contains("synthetic-0003"), "{err}");
        assert_eq!(db.store.record().await.unwrap(), bundled());
        assert_eq!(db.store.users(0).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn importing_the_programs_record_removes_the_synthetic_survey_reports_and_packages_with_its_complexes_and_plans()
{
    let data = generate(Scale::small(), 5).unwrap();
    let complex = &data.record.complexes[0].id;
    for db in TestDb::all().await {
        let backend = db.backend().name();
        db.store.load_national(&data, &LOAD).await.unwrap();
        assert_eq!(db.store.survey(complex, usize::MAX).await.unwrap().len(), 8);
        assert_eq!(db.store.grievance_outcomes(Scope::Program).await.unwrap().len(), 300);
        let all = sandan_store::package::ProjectFilter::All;
        assert!(!db.store.projects(&all).await.unwrap().is_empty());
        db.store.replace_record(&bundled(), &LOAD).await.unwrap();
        assert_eq!(
            db.store.projects(&all).await.unwrap().len(),
            0,
            "{backend}: no synthetic package outlives the plans it was on"
        );
        assert_eq!(db.store.survey(complex, usize::MAX).await.unwrap(), vec![], "{backend}");
        assert!(
            db.store.grievance_outcomes(Scope::Program).await.unwrap().is_empty(),
            "{backend}: no synthetic report outlives its record"
        );
    }
}

#[tokio::test]
async fn loading_again_replaces_the_reports_and_the_site_visits_they_were_filed_at() {
    let data = generate(Scale::small(), 5).unwrap();
    let first = &data.grievances[0];
    let visit = FieldVisit {
        kind: VisitKind::Meeting,
        day: first.received,
        complex: first.filing.complex.clone(),
        participants: participants("입주기업 협의회 12").unwrap(),
        issues: "합성 간담회".into(),
    };
    for db in TestDb::all().await {
        let (store, backend) = (&db.store, db.backend().name());
        store.load_national(&data, &LOAD).await.unwrap();
        let receipt = receipt_number(&first.received, first.serial);
        store.record_visit(&visit, &[receipt], &LOAD).await.unwrap();
        assert_eq!(store.visits(None).await.unwrap()[0].reports.len(), 1, "{backend}");
        let again = store.load_national(&data, &LOAD).await.unwrap();
        assert_eq!(again.grievances, 300, "{backend}");
        assert!(
            store.visits(None).await.unwrap().is_empty(),
            "{backend}: the visit went with its record"
        );
    }
}
