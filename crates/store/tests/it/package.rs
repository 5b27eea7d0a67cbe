//! The package and results in the store: only a confirmed plan gets a package; budgets that do
//! not add up, over-execution and measurements that do not fit their goal are refused with
//! nothing written; the register counts goals; the roll-ups sum what was recorded — on SQLite and
//! PostgreSQL.

use sandan_domain::package::{BudgetLine, Execution, FundingSource, PackagePeriod, Quarter, Runner, sourced_programs};
use sandan_domain::results::{GoalSetup, Rating, Reading, RollupMetric, Status, SupportKind, SupportedFirm};
use sandan_domain::{Day, Region};
use sandan_store::package::CellFilter;
use sandan_store::results::EvidenceInput;
use sandan_store::testing::{TestDb, confirmed_gyeonggi};
use sandan_store::{Change, EditError, Store};

const EOK: i64 = 100_000_000;
const TODAY: Day = Day {
    year: 2023,
    month: Some(6),
    day: Some(30),
};

fn by(actor: &'static str) -> Change<'static> {
    Change {
        actor,
        at: "2023-06-30T10:00:00+09:00",
        source: "test",
    }
}

async fn ready(db: &TestDb) -> &Store {
    let store = &db.store;
    store
        .replace_record(&confirmed_gyeonggi(), &by("office"))
        .await
        .unwrap();
    assert!(
        store
            .load_programs_if_empty(&sourced_programs(), &by("system"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .load_programs_if_empty(&sourced_programs(), &by("system"))
            .await
            .unwrap()
    );
    store
}

async fn program_id(store: &Store, name: &str) -> i64 {
    store
        .programs()
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.program.name == name)
        .unwrap()
        .id
}

fn refused(e: EditError) -> String {
    match e {
        EditError::Refused(m) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn line(year: i32, source: FundingSource, eok: i64) -> BudgetLine {
    BudgetLine {
        year,
        source,
        planned: eok * EOK,
    }
}

fn spend(quarter: &str, eok: i64) -> Execution {
    Execution {
        quarter: quarter.parse().unwrap(),
        source: FundingSource::National,
        amount: eok * EOK,
    }
}

#[tokio::test]
async fn a_confirmed_plans_package_is_planned_and_executed_within_its_budget() {
    for db in TestDb::all().await {
        let store = ready(&db).await;
        let funded = store.funded_plans().await.unwrap();
        assert_eq!(
            funded.len(),
            7,
            "the five 2020 districts, 2021 경기 and 2024 강원 (designated 2025-05): {funded:?}"
        );
        assert_eq!(funded[5], (2021, Region::Gyeonggi));
        assert_eq!(funded[6], (2024, Region::Gangwon));

        let refusal = store
            .add_project(2021, Region::Gyeongnam, "스마트공장", None, &by("office"))
            .await
            .unwrap_err();
        assert!(refused(refusal).contains("최종확정"));

        let smart = program_id(store, "스마트공장 구축 및 고도화").await;
        let id = store
            .add_project(
                2021,
                Region::Gyeonggi,
                " 스마트공장 고도화 ",
                Some(smart),
                &by("office"),
            )
            .await
            .unwrap();
        let own = store
            .add_project(2021, Region::Gyeonggi, "산단 환경개선", None, &by("gyeonggi"))
            .await
            .unwrap();
        let twice = store
            .add_project(2021, Region::Gyeonggi, "산단 환경개선", None, &by("gyeonggi"))
            .await
            .unwrap_err();
        assert!(refused(twice).contains("이미 패키지에"));

        let not_adding_up = store
            .plan_budget(
                id,
                None,
                60 * EOK,
                vec![line(2022, FundingSource::National, 20)],
                &by("office"),
            )
            .await
            .unwrap_err();
        assert!(refused(not_adding_up).contains("총사업비 60억 원"));
        assert_eq!(
            store.package_project(id).await.unwrap().unwrap().budget.total,
            0,
            "nothing written"
        );

        let lines = vec![
            line(2022, FundingSource::National, 20),
            line(2022, FundingSource::Local, 10),
            line(2023, FundingSource::National, 30),
        ];
        let seen = store.package_project(id).await.unwrap().unwrap().budget;
        store
            .plan_budget(id, Some(&seen), 60 * EOK, lines.clone(), &by("office"))
            .await
            .unwrap();
        store
            .record_execution(id, spend("2022-Q1", 15), TODAY, &by("sme"))
            .await
            .unwrap();
        // A plan made on the money as it was before the office's plan and the execution is
        // refused, naming the last change, and writes nothing.
        let stale = store
            .plan_budget(id, Some(&seen), 90 * EOK, lines, &by("gyeonggi"))
            .await
            .unwrap_err();
        assert!(
            matches!(&stale, EditError::Stale { by, .. } if by == "sme"),
            "{}: {stale:?}",
            db.backend().name()
        );
        assert_eq!(store.package_project(id).await.unwrap().unwrap().budget.total, 60 * EOK);
        let over = store
            .record_execution(id, spend("2022-Q2", 6), TODAY, &by("sme"))
            .await
            .unwrap_err();
        assert!(refused(over).contains("초과 1억 원"));
        let future = store
            .record_execution(id, spend("2023-Q3", 1), TODAY, &by("sme"))
            .await
            .unwrap_err();
        assert!(refused(future).contains("아직 시작하지"));

        let project = store.package_project(id).await.unwrap().unwrap();
        assert_eq!(project.name, "스마트공장 고도화");
        assert_eq!(project.runner, Runner::Ministry("중소벤처기업부".into()));
        assert_eq!(project.budget.executed_total(), 15 * EOK);
        let own = store.package_project(own).await.unwrap().unwrap();
        assert_eq!(own.runner, Runner::Province(Region::Gyeonggi));

        let cells = store
            .budget_cells(&CellFilter {
                ministry: Some("중소벤처기업부".into()),
                ..CellFilter::default()
            })
            .await
            .unwrap();
        let by_year: Vec<(i32, i64, i64)> = cells.iter().map(|c| (c.year, c.planned, c.executed)).collect();
        assert_eq!(by_year, [(2022, 30 * EOK, 15 * EOK), (2023, 30 * EOK, 0)]);

        // The ministry that spent the money stays the one that answers for it.
        let program = store.program(smart).await.unwrap().unwrap();
        let mut moved = program.program.clone();
        moved.ministry = "산업통상자원부".into();
        let refusal = store
            .edit_program(smart, &moved, program.version, &by("office"))
            .await
            .unwrap_err();
        assert!(refused(refusal).contains("소관 부처를 바꿀 수 없습니다"));

        let log = store.audit_log(50).await.unwrap();
        for action in [
            "program.add",
            "package.project.add",
            "package.budget",
            "package.execution",
        ] {
            assert!(
                log.iter().any(|e| e.action == action),
                "{action} audited on {}",
                db.backend().name()
            );
        }
        assert_eq!(
            log.iter().filter(|e| e.action == "package.execution").count(),
            1,
            "refusals write nothing"
        );
    }
}

#[tokio::test]
async fn results_are_measured_with_evidence_counted_from_the_register_and_rolled_up() {
    for db in TestDb::all().await {
        let store = ready(&db).await;
        let smart = program_id(store, "스마트공장 구축 및 고도화").await;
        let project = store
            .add_project(2021, Region::Gyeonggi, "스마트공장 고도화", Some(smart), &by("office"))
            .await
            .unwrap();
        store
            .plan_budget(
                project,
                None,
                10 * EOK,
                vec![line(2022, FundingSource::National, 10)],
                &by("office"),
            )
            .await
            .unwrap();
        store
            .record_execution(project, spend("2022-Q4", 4), TODAY, &by("sme"))
            .await
            .unwrap();
        // 경기 goals: 0 생산액 5조 원, 1 고용 1만 명, 2 강소기업 99개사, 3 디지털 레벨 (정성)
        let counted = GoalSetup {
            counted_from: Some(SupportKind::Scaleup),
            ..GoalSetup::default()
        };
        store
            .set_goal_setup(2021, Region::Gyeonggi, 2, counted, &by("gyeonggi"))
            .await
            .unwrap();
        let jobs = GoalSetup {
            baseline: Some("25만명".parse().unwrap()),
            ..GoalSetup::default()
        };
        store
            .set_goal_setup(2021, Region::Gyeonggi, 1, jobs, &by("gyeonggi"))
            .await
            .unwrap();
        let wrong = GoalSetup {
            baseline: Some("3억원".parse().unwrap()),
            ..GoalSetup::default()
        };
        let refusal = store
            .set_goal_setup(2021, Region::Gyeonggi, 1, wrong, &by("gyeonggi"))
            .await
            .unwrap_err();
        assert!(refused(refusal).contains("단위"));

        let q2 = Quarter::new(2023, 2).unwrap();
        let link = || EvidenceInput::Link("https://www.gg.go.kr/stat/2023-2".into());
        const PROVINCE: Change<'static> = Change {
            actor: "gyeonggi",
            at: "2023-06-30T10:00:00+09:00",
            source: "test",
        };
        let measure = |goal, reading, evidence| {
            store.record_measurement(2021, Region::Gyeonggi, goal, q2, reading, evidence, TODAY, &PROVINCE)
        };
        measure(1, Reading::Value("25.5만명".parse().unwrap()), link())
            .await
            .unwrap();
        let typed = measure(2, Reading::Value("50개사".parse().unwrap()), link())
            .await
            .unwrap_err();
        assert!(refused(typed).contains("지원기업 대장"));
        let unrated = measure(3, Reading::Value("3건".parse().unwrap()), link())
            .await
            .unwrap_err();
        assert!(refused(unrated).contains("등급"));
        let no_evidence = measure(3, Reading::Rating(Rating::Good), EvidenceInput::Link(" ".into()))
            .await
            .unwrap_err();
        assert!(refused(no_evidence).contains("증빙"));
        let file = EvidenceInput::File {
            name: "디지털레벨_진단.pdf".into(),
            content: b"%PDF-1.4 evidence".to_vec(),
        };
        measure(3, Reading::Rating(Rating::Good), file).await.unwrap();
        let stored = store.measurements(2021, Region::Gyeonggi).await.unwrap();
        assert_eq!(stored.len(), 2);
        let sha = match &stored[1].measurement.evidence {
            sandan_domain::results::Evidence::File { sha256, .. } => sha256.clone(),
            other => panic!("{other:?}"),
        };
        let (name, bytes) = store
            .evidence_file(2021, Region::Gyeonggi, &sha)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (name.as_str(), bytes.as_slice()),
            ("디지털레벨_진단.pdf", b"%PDF-1.4 evidence".as_slice())
        );
        assert!(
            store.evidence_file(2021, Region::Busan, &sha).await.unwrap().is_none(),
            "only its plan's file"
        );

        let period = PackagePeriod::of_round(2021);
        let firm = |number: &str, support: &str, day: u8| {
            SupportedFirm::new(number, "(주)반월정밀", support, Day::ymd(2023, 3, day), period, TODAY).unwrap()
        };
        let a = "124-81-00998";
        let b = "220-81-62517";
        for f in [
            firm(a, "scaleup", 2),
            firm(a, "scaleup", 9),
            firm(b, "강소기업 육성", 3),
            firm(b, "startup", 4),
        ] {
            store
                .add_firm(2021, Region::Gyeonggi, project, &f, &by("gyeonggi"))
                .await
                .unwrap();
        }
        let again = store
            .add_firm(2021, Region::Gyeonggi, project, &firm(a, "scaleup", 2), &by("gyeonggi"))
            .await;
        assert!(refused(again.unwrap_err()).contains("이미 대장에"));
        assert_eq!(store.firms(2021, Region::Gyeonggi).await.unwrap().len(), 4);

        let plan = store.plan_rollup(2021, Region::Gyeonggi, q2).await.unwrap().unwrap();
        let status = |no: usize| {
            plan.goals[no]
                .assessment
                .as_ref()
                .map(|a| (a.progress_permille, a.status))
                .unwrap()
        };
        assert_eq!(status(0), (None, Status::NotMeasured));
        assert_eq!(status(1), (Some(500), Status::OnTrack), "5천 명 of 1만 at half time");
        assert_eq!(
            status(2),
            (Some(20), Status::OffTrack),
            "2 distinct firms of 99, counted"
        );
        assert_eq!(status(3), (Some(750), Status::OnTrack));
        assert_eq!(plan.achieved(RollupMetric::Jobs), Some(5_000));
        assert_eq!(plan.achieved(RollupMetric::Production), None);
        assert_eq!(plan.achieved(RollupMetric::Firms), Some(2));
        assert_eq!(plan.achieved(RollupMetric::BudgetExecuted), Some(4 * EOK));
        // Before the firms were supported, the register counts none.
        let earlier = store
            .plan_rollup(2021, Region::Gyeonggi, Quarter::new(2022, 4).unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(earlier.firms, 0);

        let all = store.rollups(q2).await.unwrap();
        assert_eq!(all.len(), 7);
        let executed: i64 = all.iter().map(|p| p.executed).sum();
        assert_eq!(executed, 4 * EOK);
        // Kept while nothing changes; read again after any change.
        assert!(
            std::sync::Arc::ptr_eq(&all, &store.rollups(q2).await.unwrap()),
            "unchanged: the same value"
        );
        store
            .record_execution(project, spend("2022-Q3", 1), TODAY, &by("sme"))
            .await
            .unwrap();
        let after = store.rollups(q2).await.unwrap();
        assert_eq!(
            after.iter().map(|p| p.executed).sum::<i64>(),
            5 * EOK,
            "a change is seen at once"
        );
        let cells = store.budget_cells(&CellFilter::default()).await.unwrap();
        assert_eq!(cells.iter().map(|c| c.executed).sum::<i64>(), 5 * EOK);
    }
}
