//! The yearly call in the store: a round opened with its call, drafts saved with edit versions,
//! numbered submissions, consulting and revision requests, reopenings and holidays — every
//! change audited, every refusal writing nothing — on SQLite and PostgreSQL.

use sandan_domain::calendar::Holiday;
use sandan_domain::call::Call;
use sandan_domain::proposal::Section;
use sandan_domain::submission::SeoulTime;
use sandan_domain::{Day, Proposal, Region, Round};
use sandan_store::testing::TestDb;
use sandan_store::{Change, EditError};

fn by(actor: &'static str) -> Change<'static> {
    Change {
        actor,
        at: "2026-11-25T00:00:00Z",
        source: "test",
    }
}

fn round(year: i32) -> Round {
    Round {
        year,
        title: format!("{year}년 산업단지 대개조 공모"),
        quota: Some(5),
        applicant_count: None,
        panel: None,
        indicators: vec![],
        bonus_points: vec![],
        milestones: vec![],
        sources: vec![],
    }
}

fn vision(text: &str) -> Proposal {
    Proposal {
        vision: text.into(),
        ..Proposal::default()
    }
}

async fn audit_count(db: &TestDb) -> usize {
    db.store.audit_log(10_000).await.unwrap().len()
}

#[tokio::test]
async fn a_round_is_opened_once_with_its_call() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.open_round(&round(2027), &Call::new(2027), &by("office"))
            .await
            .unwrap();
        assert_eq!(
            s.round(2027).await.unwrap().unwrap().title,
            "2027년 산업단지 대개조 공모"
        );
        let stored = s.call(2027).await.unwrap().unwrap();
        assert_eq!((stored.call, stored.version), (Call::new(2027), 1));
        let again = s.open_round(&round(2027), &Call::new(2027), &by("office")).await;
        assert!(
            matches!(again, Err(EditError::Refused(m)) if m.contains("이미")),
            "{:?}",
            db.backend()
        );
        let entries = s.audit_log(10).await.unwrap();
        assert_eq!(entries[0].action, "round.open");
    }
}

#[tokio::test]
async fn a_call_changed_by_someone_else_since_the_form_was_opened_is_not_overwritten() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.open_round(&round(2027), &Call::new(2027), &by("office"))
            .await
            .unwrap();
        let first = Call {
            text: "첫 공고".into(),
            ..Call::new(2027)
        };
        s.update_call(&round(2027), &first, 1, &by("kim")).await.unwrap();
        let second = Call {
            text: "다른 공고".into(),
            ..Call::new(2027)
        };
        let stale = s.update_call(&round(2027), &second, 1, &by("lee")).await.unwrap_err();
        assert!(
            matches!(&stale, EditError::Stale { by, .. } if by == "kim"),
            "{stale:?}"
        );
        assert!(stale.to_string().contains("kim"));
        assert_eq!(s.call(2027).await.unwrap().unwrap().call.text, "첫 공고");
    }
}

#[tokio::test]
async fn a_draft_saves_with_versions_and_a_stale_save_changes_nothing() {
    for db in TestDb::all().await {
        let s = &db.store;
        let v1 = s
            .save_draft(2027, Region::Gyeonggi, &vision("첫 비전"), 0, &by("gg1"))
            .await
            .unwrap();
        assert_eq!(v1, 1);
        s.save_draft(2027, Region::Gyeonggi, &vision("둘째 비전"), 1, &by("gg1"))
            .await
            .unwrap();
        let before = audit_count(&db).await;
        let stale = s
            .save_draft(2027, Region::Gyeonggi, &vision("덮어쓰기"), 1, &by("gg2"))
            .await;
        assert!(matches!(stale, Err(EditError::Stale { .. })), "{:?}", db.backend());
        let twin = s
            .save_draft(2027, Region::Gyeonggi, &vision("새 초안"), 0, &by("gg2"))
            .await;
        assert!(
            matches!(twin, Err(EditError::Stale { .. })),
            "one plan per province per round: a second first draft is refused"
        );
        let draft = s.draft(2027, Region::Gyeonggi).await.unwrap().unwrap();
        assert_eq!((draft.proposal.vision.as_str(), draft.version), ("둘째 비전", 2));
        assert_eq!(
            audit_count(&db).await,
            before,
            "a refused save is not audited as a change"
        );
        assert!(s.draft(2027, Region::Busan).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn submitting_freezes_a_numbered_version_and_an_unchanged_draft_is_not_submitted_twice() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.save_draft(2027, Region::Gyeonggi, &vision("비전 1"), 0, &by("gg1"))
            .await
            .unwrap();
        assert_eq!(s.submit_draft(2027, Region::Gyeonggi, 1, &by("gg1")).await.unwrap(), 1);
        let twice = s.submit_draft(2027, Region::Gyeonggi, 1, &by("gg1")).await;
        assert!(
            matches!(twice, Err(EditError::Refused(m)) if m.contains("제1판")),
            "double submit"
        );
        s.save_draft(2027, Region::Gyeonggi, &vision("비전 2"), 1, &by("gg1"))
            .await
            .unwrap();
        let stale = s.submit_draft(2027, Region::Gyeonggi, 1, &by("gg1")).await;
        assert!(matches!(stale, Err(EditError::Stale { .. })));
        let standing = s.standings(2027).await.unwrap();
        assert_eq!(standing.len(), 1);
        assert!(!standing[0].unchanged, "edited since version 1");
        assert_eq!(s.submit_draft(2027, Region::Gyeonggi, 2, &by("gg1")).await.unwrap(), 2);
        let versions = s.versions(2027, Region::Gyeonggi).await.unwrap();
        assert_eq!(versions.iter().map(|v| v.number).collect::<Vec<_>>(), vec![1, 2]);
        let (_, first) = s.version(2027, Region::Gyeonggi, 1).await.unwrap().unwrap();
        assert_eq!(first.vision, "비전 1", "a submitted version never changes");
        assert!(s.standings(2027).await.unwrap()[0].unchanged);
        assert!(s.submit_draft(2027, Region::Busan, 0, &by("bs")).await.is_err());
    }
}

#[tokio::test]
async fn the_office_comments_the_province_answers_once_and_a_new_version_answers_the_revision_request() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.save_draft(2027, Region::Gyeonggi, &vision("비전"), 0, &by("gg1"))
            .await
            .unwrap();
        let missing = s
            .add_comment(2027, Region::Gyeonggi, 1, Section::Goals, "목표 근거?", &by("office"))
            .await;
        assert!(matches!(missing, Err(EditError::NotFound(_))), "no version 1 yet");
        s.submit_draft(2027, Region::Gyeonggi, 1, &by("gg1")).await.unwrap();
        let id = s
            .add_comment(
                2027,
                Region::Gyeonggi,
                1,
                Section::Goals,
                "목표 근거를 보완하십시오.",
                &by("office"),
            )
            .await
            .unwrap();
        assert!(
            s.add_comment(2027, Region::Gyeonggi, 1, Section::Goals, "   ", &by("office"))
                .await
                .is_err()
        );
        assert!(
            s.answer_comment(2027, Region::Busan, id, "남의 답", &by("bs"))
                .await
                .is_err(),
            "a comment is answered only on its own plan"
        );
        s.answer_comment(2027, Region::Gyeonggi, id, "근거 자료를 붙였습니다.", &by("gg1"))
            .await
            .unwrap();
        assert!(
            s.answer_comment(2027, Region::Gyeonggi, id, "다시", &by("gg1"))
                .await
                .is_err()
        );
        let comments = s.comments(2027, Region::Gyeonggi).await.unwrap();
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].answer.as_ref().unwrap().by, "gg1");

        let due = Day::ymd(2027, 4, 2);
        s.request_revision(2027, Region::Gyeonggi, 1, due, "목표를 고치십시오", &by("office"))
            .await
            .unwrap();
        assert!(
            s.request_revision(2027, Region::Gyeonggi, 1, due, "또", &by("office"))
                .await
                .is_err(),
            "one open request at a time"
        );
        s.save_draft(2027, Region::Gyeonggi, &vision("고친 비전"), 1, &by("gg1"))
            .await
            .unwrap();
        s.submit_draft(2027, Region::Gyeonggi, 2, &by("gg1")).await.unwrap();
        let requests = s.revision_requests(2027, Some(Region::Gyeonggi)).await.unwrap();
        assert_eq!(requests[0].answered_by, Some(2));
        let actions: Vec<String> = s.audit_log(20).await.unwrap().into_iter().map(|e| e.action).collect();
        for action in [
            "consulting.comment",
            "consulting.answer",
            "consulting.request_revision",
            "proposal.submit",
        ] {
            assert!(actions.iter().any(|a| a == action), "{action} audited");
        }
    }
}

#[tokio::test]
async fn reopenings_and_added_holidays_are_kept_and_audited() {
    for db in TestDb::all().await {
        let s = &db.store;
        let until = SeoulTime::parse("2027-04-01 18:00").unwrap();
        s.reopen(2027, Some(Region::Busan), until, "서버 장애로 제출 못함", &by("office"))
            .await
            .unwrap();
        let reopened = s.reopenings(2027).await.unwrap();
        assert_eq!(
            (reopened[0].region, reopened[0].until.as_str()),
            (Some(Region::Busan), "2027-04-01 18:00")
        );
        assert_eq!(s.audit_log(1).await.unwrap()[0].action, "submission.reopen");

        let day = Day::ymd(2027, 3, 3);
        let calendar = s.calendar().await.unwrap();
        assert_eq!(calendar.is_business_day(&day), Ok(true));
        let holiday = Holiday {
            day,
            name: "임시공휴일".into(),
        };
        s.add_holiday(&holiday, &by("office")).await.unwrap();
        assert!(s.add_holiday(&holiday, &by("office")).await.is_err(), "added once");
        assert_eq!(s.calendar().await.unwrap().is_business_day(&day), Ok(false));
        s.remove_holiday(&day, &by("office")).await.unwrap();
        assert_eq!(s.calendar().await.unwrap().is_business_day(&day), Ok(true));
        assert!(s.remove_holiday(&day, &by("office")).await.is_err());
    }
}
