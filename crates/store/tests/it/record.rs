//! The record goes into the database and comes back unchanged, on SQLite and PostgreSQL.

use sandan_domain::hangul::ganada_key;
use sandan_domain::{ComplexId, DesignationKind, Region, SiteRole, bundled};
use sandan_store::testing::{TestDb, confirmed_gyeonggi};
use sandan_store::{Change, StoreError};

const IMPORT: Change<'static> = Change {
    actor: "test",
    source: "test",
    at: "2026-11-25T00:00:00Z",
};

#[tokio::test]
async fn importing_then_exporting_gives_back_the_bundled_file_byte_for_byte() {
    for db in TestDb::all().await {
        let record = bundled();
        db.store.replace_record(&record, &IMPORT).await.unwrap();
        let exported = db.store.record().await.unwrap();
        assert_eq!(exported, record, "{:?}", db.backend());
        let text = serde_json::to_string_pretty(&exported).unwrap() + "\n";
        assert!(
            text == sandan_domain::bundled::BUNDLED_JSON,
            "{:?}: export differs from data/record.json",
            db.backend()
        );
    }
}

#[tokio::test]
async fn a_record_with_problems_is_refused_and_changes_nothing() {
    for db in TestDb::all().await {
        let good = bundled();
        db.store.replace_record(&good, &IMPORT).await.unwrap();
        let mut bad = good.clone();
        bad.plans[0].hub.complex = ComplexId("no-such-complex".into());
        bad.rounds.clear();
        let err = db.store.replace_record(&bad, &IMPORT).await.unwrap_err();
        let StoreError::InvalidRecord(problems) = &err else {
            panic!("{:?}: {err}", db.backend())
        };
        assert!(
            problems.iter().any(|p| p.message.contains("no-such-complex")),
            "{problems:?}"
        );
        assert!(err.to_string().contains("아무것도 바꾸지 않았습니다"), "{err}");
        assert_eq!(db.store.record().await.unwrap(), good, "{:?}", db.backend());
        assert_eq!(
            db.store.audit_log(10).await.unwrap().len(),
            1,
            "a refused import leaves no audit entry"
        );
    }
}

#[tokio::test]
async fn the_bundled_record_is_loaded_into_an_empty_database_only() {
    for db in TestDb::all().await {
        assert!(db.store.load_if_empty(&bundled(), &IMPORT).await.unwrap());
        let mut edited = bundled();
        edited.targets.pop();
        db.store.replace_record(&edited, &IMPORT).await.unwrap();
        assert!(
            !db.store.load_if_empty(&bundled(), &IMPORT).await.unwrap(),
            "second start must not reload"
        );
        assert_eq!(
            db.store.record().await.unwrap(),
            edited,
            "{:?}: later edits survive a restart",
            db.backend()
        );
    }
}

#[tokio::test]
async fn every_replacement_is_audited_with_who_when_and_the_sizes_before_and_after() {
    for db in TestDb::all().await {
        db.store
            .replace_record(
                &bundled(),
                &Change {
                    actor: "cli:import",
                    source: "cli",
                    at: "2026-11-25T01:02:03Z",
                },
            )
            .await
            .unwrap();
        let log = db.store.audit_log(10).await.unwrap();
        assert_eq!(log.len(), 1);
        let entry = &log[0];
        assert_eq!(
            (entry.actor.as_str(), entry.at.as_str(), entry.action.as_str()),
            ("cli:import", "2026-11-25T01:02:03Z", "record.replace")
        );
        let before: serde_json::Value = serde_json::from_str(entry.before.as_deref().unwrap()).unwrap();
        let after: serde_json::Value = serde_json::from_str(entry.after.as_deref().unwrap()).unwrap();
        assert_eq!(before["plans"], 0);
        assert_eq!(after["plans"], bundled().plans.len());
    }
}

#[tokio::test]
async fn lookups_answer_what_the_pages_ask() {
    for db in TestDb::all().await {
        db.store.replace_record(&bundled(), &IMPORT).await.unwrap();
        let b = db.backend();
        let regions: Vec<&str> = db
            .store
            .plans()
            .await
            .unwrap()
            .iter()
            .filter(|p| p.round == 2021)
            .map(|p| p.region.short_name())
            .collect();
        assert_eq!(regions, ["경기", "경남", "부산", "울산", "전북"], "{b:?}");

        let plan = db.store.plan(2021, Region::Busan).await.unwrap().expect("부산 2021");
        assert_eq!(plan.hub.complex.0, "myeongji-noksan");
        assert!(db.store.plan(2021, Region::Seoul).await.unwrap().is_none());

        let sinpyeong = ComplexId("sinpyeong-jangnim".into());
        let roles = db.store.roles_of(&sinpyeong).await.unwrap();
        assert_eq!(roles.len(), 1, "{b:?}");
        assert_eq!(
            (roles[0].round, roles[0].region, roles[0].role),
            (2021, Region::Busan, SiteRole::LinkedComplex)
        );
        let kinds: Vec<_> = db
            .store
            .designations_of(&sinpyeong)
            .await
            .unwrap()
            .iter()
            .map(|d| (d.kind, d.date.year))
            .collect();
        assert_eq!(
            kinds,
            [(DesignationKind::SmartGreen, 2023)],
            "{b:?}: 신평·장림 became smart green in 2023"
        );

        assert_eq!(db.store.round(2021).await.unwrap().unwrap().applicant_count, Some(8));
        assert!(db.store.round(1999).await.unwrap().is_none());
        let complexes = db.store.complexes().await.unwrap();
        assert_eq!(complexes.len(), bundled().complexes.len());
        let keys: Vec<_> = complexes
            .iter()
            .map(|c| (ganada_key(c.region.short_name()), ganada_key(&c.name)))
            .collect();
        assert!(
            keys.windows(2).all(|w| w[0] <= w[1]),
            "{b:?}: complexes come in 가나다 order of region, then name"
        );
        assert_eq!(
            complexes[0].region,
            Region::Gangwon,
            "강원 is first of the regions the record names"
        );
    }
}

#[tokio::test]
async fn an_import_that_would_leave_sandans_own_work_hanging_is_refused_and_changes_nothing() {
    for db in TestDb::all().await {
        let s = &db.store;
        let record = bundled();
        s.replace_record(&record, &IMPORT).await.unwrap();
        // A round opened in Sandan, and a package on a plan the record funds.
        let round = sandan_store::testing::round_open_until(2027, sandan_domain::Day::ymd(2027, 3, 31));
        s.open_round(&round, &sandan_domain::call::Call::new(2027), &IMPORT)
            .await
            .unwrap();
        let (year, region) = s.funded_plans().await.unwrap()[0];
        s.add_project(year, region, "산단 혁신센터", None, &IMPORT)
            .await
            .unwrap();
        let held = s.record().await.unwrap();
        let entries = s.audit_log(10_000).await.unwrap().len();

        // The bundled file without that plan's round: neither the round opened here nor the
        // plan the package hangs off.
        let mut without = record.clone();
        without.designations.retain(|d| d.round != Some(year));
        without.plans.retain(|p| p.round != year);
        without.rounds.retain(|r| r.year != year);
        assert!(without.check().is_empty());
        let refused = s.replace_record(&without, &IMPORT).await;
        assert!(
            matches!(&refused, Err(StoreError::WorkDropped(work)) if work == &[
                "Sandan에서 연 2027년 공모".to_string(),
                format!("{year}년 {} 혁신계획의 패키지·성과", region.short_name()),
            ]),
            "{:?}: {refused:?}",
            db.backend()
        );
        assert!(refused.unwrap_err().to_string().contains("sandan export"));
        assert_eq!(s.record().await.unwrap(), held, "{:?}: nothing changed", db.backend());
        assert_eq!(s.audit_log(10_000).await.unwrap().len(), entries);

        // The record as exported keeps both, and imports again.
        s.replace_record(&held, &IMPORT).await.unwrap();
        assert!(s.round(2027).await.unwrap().is_some(), "{:?}", db.backend());
    }
}

/// 경기's plan of 2021 in `record`.
fn gyeonggi_2021(record: &mut sandan_domain::Record) -> &mut sandan_domain::Plan {
    let plan = record
        .plans
        .iter_mut()
        .find(|p| p.round == 2021 && p.region == Region::Gyeonggi);
    plan.expect("경기 2021")
}

#[tokio::test]
async fn an_import_that_would_give_a_tracked_goals_place_to_another_is_refused_and_changes_nothing() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&confirmed_gyeonggi(), &IMPORT).await.unwrap();
        // 경기 2021's second goal, 고용, has its baseline set in Sandan.
        let jobs = sandan_domain::results::GoalSetup {
            baseline: Some("25만명".parse().unwrap()),
            ..Default::default()
        };
        s.set_goal_setup(2021, Region::Gyeonggi, 1, jobs, &IMPORT)
            .await
            .unwrap();
        let held = s.record().await.unwrap();
        let entries = s.audit_log(10_000).await.unwrap().len();

        let mut reordered = held.clone();
        gyeonggi_2021(&mut reordered).goals.swap(0, 1);
        let refused = s.replace_record(&reordered, &IMPORT).await;
        assert!(
            matches!(&refused, Err(StoreError::GoalsMoved(moved)) if moved == &[
                "2021년 경기 혁신계획의 성과목표 2번 '고용'(새 기록에서는 '생산액')".to_string()
            ]),
            "{:?}: {refused:?}",
            db.backend()
        );
        assert!(refused.unwrap_err().to_string().contains("끝에 덧붙이십시오"));
        assert_eq!(s.record().await.unwrap(), held, "{:?}: nothing changed", db.backend());
        assert_eq!(s.audit_log(10_000).await.unwrap().len(), entries);

        // A new goal added at the end leaves every tracked goal in its place.
        let mut extended = held.clone();
        let goals = &mut gyeonggi_2021(&mut extended).goals;
        goals.push(goals[0].clone());
        s.replace_record(&extended, &IMPORT).await.unwrap();
        assert_eq!(s.record().await.unwrap(), extended, "{:?}", db.backend());
    }
}
