//! The committee in the store: meetings and decisions recorded as working records, each decision
//! checked against every decision already taken for the round, and a meeting published into the
//! record with its source — on SQLite and PostgreSQL.

use sandan_domain::call::Call;
use sandan_domain::evaluation::CommitteeMeeting;
use sandan_domain::{ComplexId, Day, Designation, DesignationKind, Record, Region, Round, Source, SourceId, bundled};
use sandan_store::testing::TestDb;
use sandan_store::{Change, EditError, Store};

const YEAR: i32 = 2027;
const BODY: &str = "노후거점산업단지 경쟁력강화추진위원회";

fn by(actor: &'static str) -> Change<'static> {
    Change {
        actor,
        at: "2027-06-01T15:00:00+09:00",
        source: "test",
    }
}

fn round() -> Round {
    Round {
        year: YEAR,
        title: "2027년 산업단지 대개조 공모".into(),
        quota: Some(2),
        applicant_count: None,
        panel: None,
        indicators: vec![],
        bonus_points: vec![],
        milestones: vec![],
        sources: vec![SourceId("molit-2021-03-24".into())],
    }
}

fn meeting(day: u8) -> CommitteeMeeting {
    CommitteeMeeting {
        date: Day::ymd(YEAR, 6, day),
        body: BODY.into(),
        members_present: vec!["산업통상자원부 차관".into(), "국토교통부 제1차관".into()],
        note: String::new(),
    }
}

/// A decision as the office enters it: the store fills in the date, body and round.
fn decision(kind: DesignationKind, region: Option<Region>, complex: Option<&str>) -> Designation {
    Designation {
        kind,
        date: Day::ymd(2000, 1, 1),
        body: "아무 기관".into(),
        // As the record writes them: decisions on a region's plan name its round.
        round: region.map(|_| YEAR),
        region,
        complex: complex.map(|c| ComplexId(c.into())),
        note: None,
        sources: vec![],
    }
}

fn press_release() -> Source {
    Source {
        id: SourceId("molit-2027-06-01".into()),
        title: "2027년 산업단지 대개조 예비선정 결과".into(),
        publisher: "국토교통부·산업통상자원부".into(),
        published: Some(Day::ymd(YEAR, 6, 1)),
        url: None,
        note: None,
    }
}

/// The bundled record with round 2027 and 충북's plan in it, and the 2027 call opened in Sandan.
async fn set_up(s: &Store) -> Record {
    s.open_round(&round(), &Call::new(YEAR), &by("office")).await.unwrap();
    let mut record = bundled();
    record.rounds.push(round());
    let mut plan = record
        .plans
        .iter()
        .find(|p| p.round == 2022 && p.region == Region::Chungbuk)
        .unwrap()
        .clone();
    plan.round = YEAR;
    record.plans.push(plan);
    s.replace_record(&record, &by("import")).await.unwrap();
    record
}

async fn audit_count(s: &Store) -> usize {
    s.audit_log(10_000).await.unwrap().len()
}

#[tokio::test]
async fn a_decision_takes_the_meetings_date_and_body_and_the_check_sees_every_decision_of_the_round() {
    for db in TestDb::all().await {
        let s = &db.store;
        set_up(s).await;
        let first = s.record_meeting(YEAR, &meeting(1), &by("office")).await.unwrap();
        let second = s.record_meeting(YEAR, &meeting(8), &by("office")).await.unwrap();
        s.record_decision(
            YEAR,
            first,
            &decision(DesignationKind::PreliminarySelection, Some(Region::Chungbuk), None),
            |decided| {
                assert!(decided.is_empty());
                Ok(())
            },
            &by("office"),
        )
        .await
        .unwrap();
        s.record_decision(
            YEAR,
            second,
            &decision(DesignationKind::SmartGreen, None, Some("cheongju")),
            |decided| {
                assert_eq!(decided.len(), 1, "decisions of every meeting of the round");
                Ok(())
            },
            &by("office"),
        )
        .await
        .unwrap();
        let meetings = s.meetings_of(YEAR).await.unwrap();
        assert_eq!(meetings.iter().map(|m| m.id).collect::<Vec<_>>(), vec![first, second]);
        let d = &meetings[1].decisions[0].designation;
        assert_eq!(
            (d.date, d.body.as_str(), d.round),
            (Day::ymd(YEAR, 6, 8), BODY, None),
            "the meeting's date and body; the round as given (smart green names none)"
        );
        assert_eq!(s.round_decisions(YEAR).await.unwrap().len(), 2);
        let unknown = s
            .record_decision(
                YEAR,
                second,
                &decision(DesignationKind::SmartGreen, None, Some("no-such-complex")),
                |_| Ok(()),
                &by("office"),
            )
            .await;
        assert!(matches!(unknown, Err(EditError::Refused(m)) if m.contains("no-such-complex")));
        let elsewhere = s
            .record_decision(
                2031,
                first,
                &decision(DesignationKind::SmartGreen, None, Some("cheongju")),
                |_| Ok(()),
                &by("office"),
            )
            .await;
        assert!(
            matches!(elsewhere, Err(EditError::NotFound(_))),
            "the meeting belongs to 2027"
        );
        let bad = CommitteeMeeting {
            date: Day {
                year: YEAR,
                month: Some(6),
                day: None,
            },
            ..meeting(1)
        };
        assert!(
            s.record_meeting(YEAR, &bad, &by("office")).await.is_err(),
            "a day is needed"
        );
        assert!(matches!(
            s.record_meeting(2031, &meeting(1), &by("office")).await,
            Err(EditError::NotFound(_))
        ));
    }
}

#[tokio::test]
async fn a_decision_the_rules_refuse_writes_nothing() {
    for db in TestDb::all().await {
        let s = &db.store;
        set_up(s).await;
        let id = s.record_meeting(YEAR, &meeting(1), &by("office")).await.unwrap();
        let before = audit_count(s).await;
        let refused = s
            .record_decision(
                YEAR,
                id,
                &decision(DesignationKind::PreliminarySelection, Some(Region::Busan), None),
                |_| Err("부산의 계획안은 과락이어서 선정할 수 없습니다.".to_string()),
                &by("office"),
            )
            .await;
        assert!(
            matches!(&refused, Err(EditError::Refused(m)) if m == "부산의 계획안은 과락이어서 선정할 수 없습니다."),
            "{:?}: {refused:?}",
            db.backend()
        );
        assert_eq!(audit_count(s).await, before, "the audit entry went with the refusal");
        assert!(s.round_decisions(YEAR).await.unwrap().is_empty());
        assert!(s.meetings_of(YEAR).await.unwrap()[0].decisions.is_empty());
        assert!(s.verify_audit().await.unwrap().is_intact());
    }
}

#[tokio::test]
async fn publishing_a_meeting_puts_its_source_meeting_and_decisions_into_the_record() {
    for db in TestDb::all().await {
        let s = &db.store;
        let imported = set_up(s).await;
        let id = s.record_meeting(YEAR, &meeting(1), &by("office")).await.unwrap();
        let empty = s.publish_meeting(YEAR, id, &press_release(), &[], &by("office")).await;
        assert!(
            matches!(empty, Err(EditError::Refused(m)) if m.contains("의결이 없는")),
            "nothing to publish"
        );
        for d in [
            decision(DesignationKind::PreliminarySelection, Some(Region::Chungbuk), None),
            decision(DesignationKind::SmartGreen, None, Some("cheongju")),
        ] {
            s.record_decision(YEAR, id, &d, |_| Ok(()), &by("office"))
                .await
                .unwrap();
        }
        let mut clash = press_release();
        clash.id = SourceId("molit-2021-03-24".into());
        let before = audit_count(s).await;
        let taken = s.publish_meeting(YEAR, id, &clash, &[], &by("office")).await;
        assert!(matches!(taken, Err(EditError::Refused(m)) if m.contains("molit-2021-03-24")));
        assert_eq!(audit_count(s).await, before);

        s.publish_meeting(YEAR, id, &press_release(), &[], &by("office"))
            .await
            .unwrap();
        let record = s.record().await.unwrap();
        assert_eq!(
            record.check(),
            vec![],
            "{:?}: the published record passes its checks",
            db.backend()
        );
        assert_eq!(record.sources.last(), Some(&press_release()));
        assert_eq!(record.sources.len(), imported.sources.len() + 1);
        let cited = vec![press_release().id];
        let published = record.meetings.last().unwrap();
        assert_eq!(
            (published.date, published.body.as_str(), &published.sources),
            (Day::ymd(YEAR, 6, 1), BODY, &cited)
        );
        let added = &record.designations[imported.designations.len()..];
        let seen: Vec<_> = added.iter().map(|d| (d.kind, d.region, d.round, &d.sources)).collect();
        assert_eq!(
            seen,
            vec![
                (
                    DesignationKind::PreliminarySelection,
                    Some(Region::Chungbuk),
                    Some(YEAR),
                    &cited
                ),
                (DesignationKind::SmartGreen, None, None, &cited),
            ]
        );
        let designations = s.designations().await.unwrap();
        assert!(designations.iter().any(|d| d.round == Some(YEAR)
            && d.region == Some(Region::Chungbuk)
            && d.kind == DesignationKind::PreliminarySelection));
        assert_eq!(
            s.designations_of(&ComplexId("cheongju".into()))
                .await
                .unwrap()
                .last()
                .map(|d| d.date),
            Some(Day::ymd(YEAR, 6, 1))
        );
        let stored = &s.meetings_of(YEAR).await.unwrap()[0];
        assert_eq!(stored.published_at.as_deref(), Some("2027-06-01T15:00:00+09:00"));
        assert_eq!(stored.decisions[0].designation.sources, cited);

        let again = s.publish_meeting(YEAR, id, &press_release(), &[], &by("office")).await;
        assert!(matches!(again, Err(EditError::Refused(m)) if m.contains("이미 공개")));
        let late = s
            .record_decision(
                YEAR,
                id,
                &decision(DesignationKind::SmartGreen, None, Some("cheongju")),
                |_| Ok(()),
                &by("office"),
            )
            .await;
        assert!(matches!(late, Err(EditError::Refused(m)) if m == "공개된 회의에는 의결을 더할 수 없습니다."));
        // A second meeting announced by the same press release cites it without a second copy.
        let other = s.record_meeting(YEAR, &meeting(1), &by("office")).await.unwrap();
        s.record_decision(
            YEAR,
            other,
            &decision(DesignationKind::SmartGreen, None, Some("gumi")),
            |_| Ok(()),
            &by("office"),
        )
        .await
        .unwrap();
        s.publish_meeting(YEAR, other, &press_release(), &[], &by("office"))
            .await
            .unwrap();
        let record = s.record().await.unwrap();
        assert_eq!(record.sources.len(), imported.sources.len() + 1);
        assert!(record.check().is_empty());
        s.replace_record(&record, &by("import"))
            .await
            .expect("the record with published meetings imports again");
        assert!(s.verify_audit().await.unwrap().is_intact());
    }
}

#[tokio::test]
async fn two_decisions_recorded_at_once_are_checked_one_after_the_other() {
    for db in TestDb::all().await {
        let s = &db.store;
        set_up(s).await;
        let id = s.record_meeting(YEAR, &meeting(1), &by("office")).await.unwrap();
        // A rule that allows one decision in all: both pass it alone, only one may pass it.
        let only_one = |decided: &[Designation]| match decided.len() {
            0 => Ok(()),
            _ => Err("선정 규모를 이미 채웠습니다.".to_string()),
        };
        let gyeonggi = decision(DesignationKind::PreliminarySelection, Some(Region::Gyeonggi), None);
        let busan = decision(DesignationKind::PreliminarySelection, Some(Region::Busan), None);
        let office = by("office");
        let (a, b) = tokio::join!(
            s.record_decision(YEAR, id, &gyeonggi, only_one, &office),
            s.record_decision(YEAR, id, &busan, only_one, &office),
        );
        let refused = [&a, &b]
            .iter()
            .filter(|r| matches!(r, Err(EditError::Refused(m)) if m == "선정 규모를 이미 채웠습니다."))
            .count();
        assert_eq!(
            (a.is_ok() as usize + b.is_ok() as usize, refused),
            (1, 1),
            "{:?}: {a:?} {b:?}",
            db.backend()
        );
        assert_eq!(s.round_decisions(YEAR).await.unwrap().len(), 1);
    }
}

/// 2021's 최종확정 as the office records it on the decisions page: the round is the record's,
/// with no call in Sandan.
fn confirmation_2021(region: Region) -> Designation {
    Designation {
        kind: DesignationKind::FinalConfirmation,
        date: Day::ymd(2000, 1, 1),
        body: String::new(),
        round: Some(2021),
        region: Some(region),
        complex: None,
        note: Some("세부사업 적정".into()),
        sources: vec![],
    }
}

fn sandan_source(id: i64) -> Source {
    Source {
        id: SourceId(format!("sandan-committee-2021-{id}")),
        title: "2021. 12. 20. 위원회 의결".into(),
        publisher: "국토교통부·산업통상자원부".into(),
        published: Some(Day::ymd(2021, 12, 20)),
        url: None,
        note: None,
    }
}

#[tokio::test]
async fn a_round_the_record_holds_takes_meetings_and_publishes_only_what_the_record_checks_allow() {
    for db in TestDb::all().await {
        let s = &db.store;
        let bundled = bundled();
        s.replace_record(&bundled, &by("import")).await.unwrap();
        let december = CommitteeMeeting {
            date: Day::ymd(2021, 12, 20),
            ..meeting(1)
        };
        let id = s.record_meeting(2021, &december, &by("office")).await.unwrap();
        // 대구 has no 2021 plan: the rules' check is the web's, so here it lets the decision
        // through, and the record's own checks refuse the publication.
        s.record_decision(2021, id, &confirmation_2021(Region::Daegu), |_| Ok(()), &by("office"))
            .await
            .unwrap();
        let before = audit_count(s).await;
        let refused = s
            .publish_meeting(2021, id, &sandan_source(id), &[], &by("office"))
            .await;
        assert!(
            matches!(&refused, Err(EditError::Refused(m)) if m.contains("2021년 대구의 혁신계획이 없습니다")),
            "{:?}: {refused:?}",
            db.backend()
        );
        assert_eq!(audit_count(s).await, before);
        assert_eq!(s.record().await.unwrap(), bundled, "nothing published");
        assert!(s.meetings_of(2021).await.unwrap()[0].published_at.is_none());

        // An unpublished meeting holds its round: an import that keeps 2021 goes through (the
        // round is deleted and written again in one transaction), one without it does not.
        s.replace_record(&bundled, &by("import")).await.unwrap();
        let mut without = bundled.clone();
        without.designations.retain(|d| d.round != Some(2021));
        without.plans.retain(|p| p.round != 2021);
        without.rounds.retain(|r| r.year != 2021);
        let dropped = s.replace_record(&without, &by("import")).await;
        assert!(
            matches!(&dropped, Err(sandan_store::StoreError::MeetingsDropped(m)) if m == &["2021년 공모의 2021. 12. 20.(월) 회의".to_string()]),
            "{:?}: {dropped:?}",
            db.backend()
        );

        let good = s.record_meeting(2021, &december, &by("office")).await.unwrap();
        s.record_decision(
            2021,
            good,
            &confirmation_2021(Region::Gyeonggi),
            |_| Ok(()),
            &by("office"),
        )
        .await
        .unwrap();
        s.publish_meeting(2021, good, &sandan_source(good), &[], &by("office"))
            .await
            .unwrap();
        let published = s.record().await.unwrap();
        assert!(published.check().is_empty());
        assert_eq!(published.designations.len(), bundled.designations.len() + 1);
        // The bundled record again would drop the published decision: refused, naming it.
        let again = s.replace_record(&bundled, &by("import")).await;
        assert!(
            matches!(&again, Err(sandan_store::StoreError::MeetingsDropped(m)) if m == &["2021년 공모의 2021. 12. 20.(월) 회의".to_string()]),
            "{:?}: {again:?}",
            db.backend()
        );
        assert_eq!(s.record().await.unwrap(), published);
        s.replace_record(&published, &by("import"))
            .await
            .expect("the record as exported keeps the decision and imports again");
        assert!(s.verify_audit().await.unwrap().is_intact());
    }
}
