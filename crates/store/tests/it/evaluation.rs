//! The evaluation panel in the store: a framework frozen when scoring starts, evaluators
//! appointed only with the role, conflicts that take plans off them, sheets saved with edit
//! versions and locked once submitted, closing only when every sheet is in — every change
//! audited without the scores, every refusal writing nothing — on SQLite and PostgreSQL.

use sandan_domain::call::Call;
use sandan_domain::call::ClockTime;
use sandan_domain::evaluation::panel::assignments;
use sandan_domain::evaluation::{
    Aggregation, Bonus, Conflict, ConflictKind, Framework, Mark, Points, ScoreSheet, Stage,
};
use sandan_domain::submission::SeoulTime;
use sandan_domain::{Day, Proposal, Region, Role, Round, UserId};
use sandan_store::testing::{TestDb, round_open_until};
use sandan_store::{Change, EditError, Store};

const YEAR: i32 = 2027;
const PASSWORD: &str = "Sandan#2026plan";

fn by(actor: &'static str) -> Change<'static> {
    Change {
        actor,
        at: "2027-05-10T09:00:00+09:00",
        source: "test",
    }
}

/// Applications close on Monday 29 March 2027 at 18:00, well before the changes' time.
fn round(year: i32) -> Round {
    Round {
        quota: Some(1),
        ..round_open_until(year, Day::ymd(2027, 3, 29))
    }
}

/// Seoul time on a day of 2027.
fn seoul(month: u8, day: u8, hour: u8) -> SeoulTime {
    SeoulTime::at(Day::ymd(2027, month, day), ClockTime { hour, minute: 0 })
}

/// The changes' time, `by`'s: submissions have closed.
fn after_deadline() -> SeoulTime {
    seoul(5, 10, 9)
}

/// The seed's four indicators at 25 points each, two evaluators, the arithmetic mean.
fn framework() -> Framework {
    let mut f = Framework::seed_default(1);
    for indicator in &mut f.indicators {
        indicator.max_points = Some(Points::whole(25));
    }
    f.panel_size = 2;
    f.aggregation = Aggregation::Mean;
    f
}

fn sheet(points: i64, reason: &str) -> ScoreSheet {
    let mut s = ScoreSheet::blank(&framework());
    for mark in &mut s.items {
        *mark = Mark {
            points: Some(Points::whole(points)),
            reason: reason.into(),
        };
    }
    s
}

fn conflict(user: UserId, region: Region) -> Conflict {
    Conflict {
        evaluator: user,
        region,
        kind: ConflictKind::Affiliation,
        note: "  소속 대학이 계획 수립에 참여  ".into(),
    }
}

async fn audit_count(s: &Store) -> usize {
    s.audit_log(10_000).await.unwrap().len()
}

async fn evaluator(s: &Store, login: &str, name: &str) -> UserId {
    s.create_user(login, name, PASSWORD, &[Role::Evaluator], None, &by("admin"))
        .await
        .unwrap()
}

/// A round with a framework, 김평가 and 이평가 appointed, and plans submitted by 경기 and 부산.
async fn set_up(s: &Store) -> (UserId, UserId) {
    s.open_round(&round(YEAR), &Call::new(YEAR), &by("office"))
        .await
        .unwrap();
    s.save_framework(YEAR, &framework(), 0, &by("office")).await.unwrap();
    let kim = evaluator(s, "kim", "김평가").await;
    let lee = evaluator(s, "lee", "이평가").await;
    s.appoint(YEAR, kim, "한국대학교", &by("office")).await.unwrap();
    s.appoint(YEAR, lee, "산업연구원", &by("office")).await.unwrap();
    for region in [Region::Gyeonggi, Region::Busan] {
        let plan = Proposal {
            vision: format!("{} 비전", region.short_name()),
            ..Proposal::default()
        };
        s.save_draft(YEAR, region, &plan, 0, &by("province")).await.unwrap();
        s.submit_draft(YEAR, region, 1, &by("province")).await.unwrap();
    }
    (kim, lee)
}

/// Starts scoring once submissions have closed.
async fn start(s: &Store) {
    start_at(s, after_deadline(), None).await.unwrap();
}

/// Starts scoring at `now` with the assignments the domain works out from the panel as stored.
async fn start_at(s: &Store, now: SeoulTime, early: Option<&str>) -> Result<(), EditError> {
    let members: Vec<_> = s.members(YEAR).await.unwrap().into_iter().map(|m| m.member).collect();
    let conflicts: Vec<_> = s
        .conflicts(YEAR)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.conflict)
        .collect();
    let plans = [Region::Gyeonggi, Region::Busan];
    let pairs = assignments(&members, &plans, &conflicts);
    s.start_scoring(
        YEAR,
        &[(Region::Gyeonggi, 1), (Region::Busan, 1)],
        &pairs,
        now,
        early,
        &by("office"),
    )
    .await
}

#[tokio::test]
async fn a_framework_saves_with_versions_and_is_refused_once_scoring_has_started() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (_, _) = set_up(s).await;
        let mut changed = framework();
        changed.quota = 2;
        assert_eq!(s.save_framework(YEAR, &changed, 1, &by("office")).await.unwrap(), 2);
        let panel = s.panel(YEAR).await.unwrap().unwrap();
        assert_eq!(
            (panel.stage, panel.version, panel.framework.quota),
            (Stage::Setup, 2, 2)
        );
        start(s).await;
        let panel = s.panel(YEAR).await.unwrap().unwrap();
        assert_eq!(panel.stage, Stage::Scoring);
        assert_eq!(panel.started_at.as_deref(), Some("2027-05-10T09:00:00+09:00"));

        let before = audit_count(s).await;
        changed.quota = 3;
        let refused = s.save_framework(YEAR, &changed, 2, &by("office")).await;
        assert!(
            matches!(&refused, Err(EditError::Refused(m)) if m == "평가가 시작되어 평가틀을 바꿀 수 없습니다."),
            "{:?}: {refused:?}",
            db.backend()
        );
        assert_eq!(audit_count(s).await, before, "a refused save writes nothing");
        let panel = s.panel(YEAR).await.unwrap().unwrap();
        assert_eq!((panel.version, panel.framework.quota), (2, 2));
        let started = s.audit_log(10).await.unwrap();
        assert!(
            started
                .iter()
                .any(|e| e.action == "evaluation.start" && e.subject == "evaluation:2027")
        );
    }
}

#[tokio::test]
async fn a_framework_saved_from_a_stale_form_is_refused_and_names_who_saved_first() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.open_round(&round(YEAR), &Call::new(YEAR), &by("office"))
            .await
            .unwrap();
        s.save_framework(YEAR, &framework(), 0, &by("kim-office"))
            .await
            .unwrap();
        let twin = s.save_framework(YEAR, &framework(), 0, &by("lee-office")).await;
        assert!(
            matches!(&twin, Err(EditError::Stale { by, .. }) if by == "kim-office"),
            "a second first save is stale: {twin:?}"
        );
        let mut mine = framework();
        mine.quota = 4;
        s.save_framework(YEAR, &mine, 1, &by("kim-office")).await.unwrap();
        let before = audit_count(s).await;
        let stale = s
            .save_framework(YEAR, &framework(), 1, &by("lee-office"))
            .await
            .unwrap_err();
        assert!(
            matches!(&stale, EditError::Stale { by, .. } if by == "kim-office"),
            "{:?}: {stale:?}",
            db.backend()
        );
        assert_eq!(audit_count(s).await, before);
        assert_eq!(s.panel(YEAR).await.unwrap().unwrap().framework.quota, 4);
        let nowhere = s.save_framework(2031, &framework(), 0, &by("office")).await;
        assert!(matches!(nowhere, Err(EditError::NotFound(_))), "no call for 2031");
    }
}

#[tokio::test]
async fn only_users_holding_the_evaluator_role_are_appointed_and_only_once() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.open_round(&round(YEAR), &Call::new(YEAR), &by("office"))
            .await
            .unwrap();
        let officer = s
            .create_user("park", "박주무관", PASSWORD, &[Role::ProgramOffice], None, &by("admin"))
            .await
            .unwrap();
        let before = audit_count(s).await;
        let refused = s.appoint(YEAR, officer, "국토교통부", &by("office")).await;
        assert!(
            matches!(&refused, Err(EditError::Refused(m)) if m == "평가위원 역할이 있는 사용자만 위촉할 수 있습니다."),
            "{refused:?}"
        );
        assert!(
            s.appoint(YEAR, UserId(9_999), "어디", &by("office")).await.is_err(),
            "no such user"
        );
        assert_eq!(audit_count(s).await, before);

        let lee = evaluator(s, "lee", "이평가").await;
        let kim = evaluator(s, "kim", "김평가").await;
        assert!(
            s.appoint(YEAR, lee, "   ", &by("office")).await.is_err(),
            "affiliation required"
        );
        assert!(s.appoint(YEAR, lee, &"가".repeat(101), &by("office")).await.is_err());
        s.appoint(YEAR, lee, "  산업연구원 ", &by("office")).await.unwrap();
        s.appoint(YEAR, kim, "한국대학교", &by("office")).await.unwrap();
        let twice = s.appoint(YEAR, lee, "산업연구원", &by("office")).await;
        assert!(matches!(twice, Err(EditError::Refused(m)) if m.contains("이미 위촉")));
        let members = s.members(YEAR).await.unwrap();
        let seen: Vec<(&str, &str, i64)> = members
            .iter()
            .map(|m| (m.member.name.as_str(), m.member.affiliation.as_str(), m.position))
            .collect();
        assert_eq!(seen, vec![("이평가", "산업연구원", 0), ("김평가", "한국대학교", 1)]);
        assert!(
            s.panel(YEAR).await.unwrap().is_none(),
            "appointing needs no framework yet"
        );
    }
}

#[tokio::test]
async fn dismissing_a_member_removes_the_conflicts_she_declared() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, lee) = set_up(s).await;
        s.declare_conflict(YEAR, &conflict(kim, Region::Busan), &by("kim"))
            .await
            .unwrap();
        s.declare_conflict(YEAR, &conflict(lee, Region::Busan), &by("lee"))
            .await
            .unwrap();
        let twice = s
            .declare_conflict(YEAR, &conflict(kim, Region::Busan), &by("kim"))
            .await;
        assert!(matches!(twice, Err(EditError::Refused(m)) if m.contains("이미 신고")));
        let declared = s.conflicts(YEAR).await.unwrap();
        assert_eq!(declared[0].conflict.note, "소속 대학이 계획 수립에 참여", "trimmed");
        assert_eq!(declared[0].declared_by, "kim");
        s.dismiss(YEAR, kim, &by("office")).await.unwrap();
        let left: Vec<UserId> = s
            .conflicts(YEAR)
            .await
            .unwrap()
            .iter()
            .map(|c| c.conflict.evaluator)
            .collect();
        assert_eq!(left, vec![lee]);
        assert_eq!(s.members(YEAR).await.unwrap().len(), 1);
        assert!(matches!(
            s.dismiss(YEAR, kim, &by("office")).await,
            Err(EditError::NotFound(_))
        ));
        let stranger = s
            .declare_conflict(YEAR, &conflict(kim, Region::Gyeonggi), &by("kim"))
            .await;
        assert!(matches!(stranger, Err(EditError::Refused(_))), "only members declare");
    }
}

#[tokio::test]
async fn scoring_does_not_start_with_an_assignment_the_panel_no_longer_allows() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, lee) = set_up(s).await;
        // The office worked the assignments out before 김평가 declared a conflict for 부산.
        let pairs = vec![(kim, Region::Gyeonggi), (kim, Region::Busan), (lee, Region::Gyeonggi)];
        s.declare_conflict(YEAR, &conflict(kim, Region::Busan), &by("kim"))
            .await
            .unwrap();
        let before = audit_count(s).await;
        let refused = s
            .start_scoring(
                YEAR,
                &[(Region::Gyeonggi, 1), (Region::Busan, 1)],
                &pairs,
                after_deadline(),
                None,
                &by("office"),
            )
            .await;
        assert!(matches!(refused, Err(EditError::Refused(_))), "{refused:?}");
        assert_eq!(audit_count(s).await, before);
        assert_eq!(s.panel(YEAR).await.unwrap().unwrap().stage, Stage::Setup);
        assert!(s.assignments(YEAR).await.unwrap().is_empty());
        assert!(s.evaluated_plans(YEAR).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn scoring_waits_for_the_deadline_and_every_reopening_and_records_when_submissions_closed() {
    for db in TestDb::all().await {
        let s = &db.store;
        set_up(s).await;
        let before = audit_count(s).await;
        let early = start_at(s, seoul(3, 29, 17), None).await;
        assert!(
            matches!(&early, Err(EditError::Refused(m))
                if m.contains("접수 중 — 2027. 3. 29.(월) 18:00 마감") && m.contains("조기 개시 사유")),
            "{:?}: {early:?}",
            db.backend()
        );
        s.reopen(YEAR, Some(Region::Busan), seoul(5, 12, 18), "전산 장애", &by("office"))
            .await
            .unwrap();
        let reopened = start_at(s, after_deadline(), None).await;
        assert!(
            matches!(&reopened, Err(EditError::Refused(m)) if m.contains("마감 후 재개됨 — 2027. 5. 12.(수) 18:00까지")),
            "{reopened:?}"
        );
        s.request_revision(YEAR, Region::Gyeonggi, 1, Day::ymd(2027, 5, 14), "보완", &by("office"))
            .await
            .unwrap();
        let revising = start_at(s, seoul(5, 13, 9), None).await;
        assert!(
            matches!(&revising, Err(EditError::Refused(m)) if m.contains("보완 제출 기한")),
            "an unanswered revision request keeps submissions open: {revising:?}"
        );
        assert_eq!(audit_count(s).await, before + 2, "only the reopening and the request");
        assert_eq!(s.panel(YEAR).await.unwrap().unwrap().stage, Stage::Setup);
        assert!(s.assignments(YEAR).await.unwrap().is_empty());

        start_at(s, seoul(5, 14, 18), None)
            .await
            .expect_err("open until the revision's closing minute");
        start_at(s, seoul(5, 17, 9), None).await.unwrap();
        let entry = &s.audit_log(1).await.unwrap()[0];
        assert_eq!(entry.action, "evaluation.start");
        let after: serde_json::Value = serde_json::from_str(entry.after.as_deref().unwrap()).unwrap();
        assert_eq!(
            after["submissions"],
            serde_json::json!({ "closed_at": "2027-03-29 18:00" })
        );
    }
}

#[tokio::test]
async fn an_early_start_needs_a_reason_is_audited_with_it_and_refuses_every_later_submission() {
    for db in TestDb::all().await {
        let s = &db.store;
        set_up(s).await;
        let blank = start_at(s, seoul(3, 29, 17), Some("   ")).await;
        assert!(matches!(blank, Err(EditError::Refused(_))), "{blank:?}");
        start_at(s, seoul(3, 29, 17), Some(" 평가위원 일정상 불가피 "))
            .await
            .unwrap();
        let entry = &s.audit_log(1).await.unwrap()[0];
        let after: serde_json::Value = serde_json::from_str(entry.after.as_deref().unwrap()).unwrap();
        assert_eq!(
            after["submissions"],
            serde_json::json!({
                "early_start": "평가위원 일정상 불가피",
                "open": "접수 중 — 2027. 3. 29.(월) 18:00 마감",
            }),
            "{:?}",
            db.backend()
        );

        let revised = Proposal {
            vision: "경기 비전 (수정)".into(),
            ..Proposal::default()
        };
        s.save_draft(YEAR, Region::Gyeonggi, &revised, 1, &by("province"))
            .await
            .unwrap();
        let before = audit_count(s).await;
        let late = s.submit_draft(YEAR, Region::Gyeonggi, 2, &by("province")).await;
        assert!(
            matches!(&late, Err(EditError::Refused(m)) if m.starts_with("평가가 시작되어 혁신계획안을 제출할 수 없습니다.")),
            "{:?}: {late:?}",
            db.backend()
        );
        assert_eq!(audit_count(s).await, before, "a refused submission writes nothing");
        assert_eq!(s.versions(YEAR, Region::Gyeonggi).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn once_scoring_starts_the_call_cannot_change_reopen_or_ask_for_a_revision() {
    for db in TestDb::all().await {
        let s = &db.store;
        set_up(s).await;
        start(s).await;
        let before = audit_count(s).await;
        let call = s.call(YEAR).await.unwrap().unwrap();
        let changed = s
            .update_call(&round(YEAR), &call.call, call.version, &by("office"))
            .await;
        let reopened = s
            .reopen(YEAR, Some(Region::Busan), seoul(4, 10, 18), "보완 접수", &by("office"))
            .await;
        let revision = s
            .request_revision(
                YEAR,
                Region::Gyeonggi,
                1,
                Day::ymd(YEAR, 4, 10),
                "재원 계획 보완",
                &by("office"),
            )
            .await;
        for (what, outcome, refusal) in [
            ("call", changed, "평가가 시작되어 공모 내용을 바꿀 수 없습니다."),
            ("reopen", reopened, "평가가 시작되어 접수를 다시 열 수 없습니다."),
            ("revision", revision, "평가가 시작되어 보완을 요청할 수 없습니다."),
        ] {
            assert!(
                matches!(&outcome, Err(EditError::Refused(m)) if m.starts_with(refusal)),
                "{what} on {:?}: {outcome:?}",
                db.backend()
            );
        }
        assert_eq!(audit_count(s).await, before, "a refusal writes nothing");
        assert!(s.reopenings(YEAR).await.unwrap().is_empty());
        assert!(
            s.revision_requests(YEAR, Some(Region::Gyeonggi))
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn a_conflict_declared_during_scoring_takes_the_plan_and_its_draft_off_the_evaluator() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, lee) = set_up(s).await;
        let early = s
            .save_sheet(YEAR, kim, Region::Busan, &sheet(20, "초안"), 0, &by("kim"))
            .await;
        assert!(
            matches!(&early, Err(EditError::Refused(_))),
            "{:?}: no sheet before scoring starts: {early:?}",
            db.backend()
        );
        start(s).await;
        assert_eq!(
            s.assignments(YEAR).await.unwrap(),
            vec![
                (kim, Region::Gyeonggi),
                (kim, Region::Busan),
                (lee, Region::Gyeonggi),
                (lee, Region::Busan)
            ],
            "appointment order, then 가나다"
        );
        let plans = s.evaluated_plans(YEAR).await.unwrap();
        assert_eq!(
            plans.iter().map(|p| (p.region, p.version)).collect::<Vec<_>>(),
            vec![(Region::Gyeonggi, 1), (Region::Busan, 1)]
        );
        s.save_sheet(YEAR, kim, Region::Busan, &sheet(20, "초안"), 0, &by("kim"))
            .await
            .unwrap();
        s.declare_conflict(YEAR, &conflict(kim, Region::Busan), &by("kim"))
            .await
            .unwrap();
        assert!(!s.assignments(YEAR).await.unwrap().contains(&(kim, Region::Busan)));
        assert!(
            s.sheet(YEAR, kim, Region::Busan).await.unwrap().is_none(),
            "draft deleted"
        );
        let entry = &s.audit_log(1).await.unwrap()[0];
        assert_eq!(entry.action, "evaluation.conflict");
        let after = entry.after.as_deref().unwrap();
        assert!(
            after.contains("\"draft_deleted\":1") && !after.contains("초안"),
            "{after}"
        );
        let again = s
            .save_sheet(YEAR, kim, Region::Busan, &sheet(20, "다시"), 0, &by("kim"))
            .await;
        assert!(matches!(again, Err(EditError::NotFound(m)) if m == "배정되지 않은 계획안입니다."));
    }
}

#[tokio::test]
async fn a_conflict_is_refused_once_the_sheet_for_that_plan_was_submitted() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, _) = set_up(s).await;
        start(s).await;
        s.save_sheet(YEAR, kim, Region::Busan, &sheet(20, "근거"), 0, &by("kim"))
            .await
            .unwrap();
        s.submit_sheet(YEAR, kim, Region::Busan, 1, &by("kim")).await.unwrap();
        let before = audit_count(s).await;
        let refused = s
            .declare_conflict(YEAR, &conflict(kim, Region::Busan), &by("kim"))
            .await;
        assert!(
            matches!(&refused, Err(EditError::Refused(m))
                if m == "이미 제출한 평가표가 있어 신고로 바꿀 수 없습니다. 사무국에 알려 주십시오."),
            "{:?}: {refused:?}",
            db.backend()
        );
        assert_eq!(audit_count(s).await, before);
        assert!(s.conflicts(YEAR).await.unwrap().is_empty());
        assert!(s.assignments(YEAR).await.unwrap().contains(&(kim, Region::Busan)));
        assert!(s.sheet(YEAR, kim, Region::Busan).await.unwrap().is_some());
        let unassign = s.unassign(YEAR, kim, Region::Busan, &by("office")).await;
        assert!(
            matches!(unassign, Err(EditError::Refused(_))),
            "a submitted sheet stays"
        );
    }
}

#[tokio::test]
async fn a_sheet_saves_as_drafts_submits_once_and_is_locked_after() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, _) = set_up(s).await;
        let early = s
            .save_sheet(YEAR, kim, Region::Gyeonggi, &sheet(10, "a"), 0, &by("kim"))
            .await;
        assert!(matches!(early, Err(EditError::Refused(m)) if m == "평가 기간이 아닙니다."));
        start(s).await;
        let not_saved = s.submit_sheet(YEAR, kim, Region::Gyeonggi, 0, &by("kim")).await;
        assert!(matches!(not_saved, Err(EditError::Refused(_))), "nothing saved yet");
        assert_eq!(
            s.save_sheet(YEAR, kim, Region::Gyeonggi, &sheet(10, "첫 근거"), 0, &by("kim"))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            s.save_sheet(YEAR, kim, Region::Gyeonggi, &sheet(21, "둘째 근거"), 1, &by("kim"))
                .await
                .unwrap(),
            2
        );
        s.submit_sheet(YEAR, kim, Region::Gyeonggi, 2, &by("kim"))
            .await
            .unwrap();
        let stored = s.sheet(YEAR, kim, Region::Gyeonggi).await.unwrap().unwrap();
        assert_eq!(
            (stored.version, stored.sheet.items[0].reason.as_str()),
            (2, "둘째 근거")
        );
        assert_eq!(stored.submitted_at.as_deref(), Some("2027-05-10T09:00:00+09:00"));

        let before = audit_count(s).await;
        let locked = s
            .save_sheet(YEAR, kim, Region::Gyeonggi, &sheet(25, "고침"), 2, &by("kim"))
            .await;
        assert!(matches!(locked, Err(EditError::Refused(m)) if m == "제출한 평가표는 고칠 수 없습니다."));
        let twice = s.submit_sheet(YEAR, kim, Region::Gyeonggi, 2, &by("kim")).await;
        assert!(matches!(twice, Err(EditError::Refused(_))));
        assert_eq!(audit_count(s).await, before);
        assert_eq!(s.sheets(YEAR).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_score_below_zero_or_above_its_points_and_an_incomplete_sheet_are_refused_by_the_store_itself() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, _) = set_up(s).await;
        let mut with_bonus = framework();
        with_bonus.bonuses = vec![Bonus {
            name: "뉴딜 연계".into(),
            max_points: Points::whole(3),
        }];
        s.save_framework(YEAR, &with_bonus, 1, &by("office")).await.unwrap();
        start(s).await;
        let scored = |item: i64, bonus: i64| {
            let mut sheet = sheet(20, "근거");
            sheet.items[0].points = Some(Points(item));
            sheet.bonuses = vec![Mark {
                points: Some(Points(bonus)),
                reason: "가점 근거".into(),
            }];
            sheet
        };
        let before = audit_count(s).await;
        for (sheet, why) in [
            (scored(-50, 0), "0점보다 낮은 점수"),
            (scored(200, -10), "0점보다 낮은 점수"),
            (scored(260, 0), "25점까지"),
            (scored(200, 40), "3점까지"),
        ] {
            let refused = s.save_sheet(YEAR, kim, Region::Busan, &sheet, 0, &by("kim")).await;
            assert!(
                matches!(&refused, Err(EditError::Refused(m)) if m.contains(why)),
                "{:?}: {why}: {refused:?}",
                db.backend()
            );
        }
        assert_eq!(audit_count(s).await, before, "a refused sheet writes nothing");
        assert!(s.sheet(YEAR, kim, Region::Busan).await.unwrap().is_none());

        let mut unfinished = scored(200, 0);
        unfinished.items[1].points = None;
        s.save_sheet(YEAR, kim, Region::Busan, &unfinished, 0, &by("kim"))
            .await
            .unwrap();
        let early = s.submit_sheet(YEAR, kim, Region::Busan, 1, &by("kim")).await;
        assert!(
            matches!(&early, Err(EditError::Refused(m)) if m.contains("점수를 입력하십시오")),
            "{:?}: {early:?}",
            db.backend()
        );
        let stored = s.sheet(YEAR, kim, Region::Busan).await.unwrap().unwrap();
        assert_eq!((stored.version, stored.submitted_at), (1, None));
        s.save_sheet(YEAR, kim, Region::Busan, &scored(200, 30), 1, &by("kim"))
            .await
            .unwrap();
        s.submit_sheet(YEAR, kim, Region::Busan, 2, &by("kim")).await.unwrap();
    }
}

#[tokio::test]
async fn the_audit_trail_keeps_a_salted_digest_of_each_sheet_and_never_its_scores() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, lee) = set_up(s).await;
        start(s).await;
        s.save_sheet(YEAR, kim, Region::Busan, &sheet(17, "비밀 사유"), 0, &by("kim"))
            .await
            .unwrap();
        s.save_sheet(YEAR, kim, Region::Busan, &sheet(18, "비밀 사유"), 1, &by("kim"))
            .await
            .unwrap();
        s.save_sheet(YEAR, lee, Region::Busan, &sheet(18, "비밀 사유"), 0, &by("lee"))
            .await
            .unwrap();
        s.submit_sheet(YEAR, kim, Region::Busan, 2, &by("kim")).await.unwrap();
        let entries: Vec<_> = s
            .audit_log(100)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action.starts_with("evaluation.sheet."))
            .collect();
        assert_eq!(entries.len(), 4);
        for json in entries.iter().flat_map(|e| [&e.before, &e.after]).flatten() {
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            let mut keys: Vec<&String> = v.as_object().unwrap().keys().collect();
            keys.sort();
            assert_eq!(
                keys,
                ["sha256", "version"],
                "nothing but a version and a digest: {json}"
            );
        }
        let digest = |json: &str| -> (i64, String) {
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            (
                v["version"].as_i64().unwrap(),
                v["sha256"].as_str().unwrap().to_string(),
            )
        };
        let submit = digest(entries[0].after.as_deref().unwrap());
        let second = digest(entries[2].after.as_deref().unwrap());
        let first = digest(entries[3].after.as_deref().unwrap());
        let lees = digest(entries[1].after.as_deref().unwrap());
        assert_eq!(entries[2].subject, format!("sheet:2027:{}:부산", kim.0));
        assert_eq!(submit, second, "the submitted sheet is the one saved at version 2");
        assert_eq!(digest(entries[2].before.as_deref().unwrap()), first);
        assert_eq!(second.1.len(), 64);
        assert_ne!(first.1, second.1);
        assert_ne!(
            lees.1, second.1,
            "the same scores on two sheets give different digests: they are salted"
        );
    }
}

#[tokio::test]
async fn a_sheet_saved_from_a_stale_form_is_refused() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, _) = set_up(s).await;
        start(s).await;
        s.save_sheet(YEAR, kim, Region::Busan, &sheet(10, "탭 1"), 0, &by("kim"))
            .await
            .unwrap();
        s.save_sheet(YEAR, kim, Region::Busan, &sheet(11, "탭 1 다시"), 1, &by("kim"))
            .await
            .unwrap();
        let before = audit_count(s).await;
        let stale = s
            .save_sheet(YEAR, kim, Region::Busan, &sheet(12, "탭 2"), 1, &by("kim"))
            .await;
        assert!(
            matches!(&stale, Err(EditError::Stale { by, .. }) if by == "kim"),
            "{stale:?}"
        );
        let first_again = s
            .save_sheet(YEAR, kim, Region::Busan, &sheet(12, "탭 3"), 0, &by("kim"))
            .await;
        assert!(matches!(first_again, Err(EditError::Stale { .. })));
        let stale_submit = s.submit_sheet(YEAR, kim, Region::Busan, 1, &by("kim")).await;
        assert!(matches!(stale_submit, Err(EditError::Stale { .. })));
        assert_eq!(audit_count(s).await, before);
        let stored = s.sheet(YEAR, kim, Region::Busan).await.unwrap().unwrap();
        assert_eq!(
            (stored.version, stored.sheet.items[0].reason.as_str()),
            (2, "탭 1 다시")
        );
        assert!(stored.submitted_at.is_none());
    }
}

#[tokio::test]
async fn the_office_unassigns_a_plan_with_its_draft_and_reminds_evaluators_while_scoring() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, lee) = set_up(s).await;
        let early = s.remind(YEAR, None, "제출해 주십시오", &by("office")).await;
        assert!(matches!(early, Err(EditError::Refused(_))), "not before scoring");
        start(s).await;
        s.save_sheet(YEAR, lee, Region::Gyeonggi, &sheet(10, "초안"), 0, &by("lee"))
            .await
            .unwrap();
        s.unassign(YEAR, lee, Region::Gyeonggi, &by("office")).await.unwrap();
        assert!(s.sheet(YEAR, lee, Region::Gyeonggi).await.unwrap().is_none());
        assert!(matches!(
            s.unassign(YEAR, lee, Region::Gyeonggi, &by("office")).await,
            Err(EditError::NotFound(_))
        ));
        s.remind(YEAR, None, "  마감이 다가옵니다 ", &by("office"))
            .await
            .unwrap();
        s.remind(YEAR, Some(kim), "부산 평가표를 제출해 주십시오", &by("office2"))
            .await
            .unwrap();
        assert!(
            s.remind(YEAR, Some(kim), &"가".repeat(501), &by("office"))
                .await
                .is_err()
        );
        assert!(
            s.remind(YEAR, Some(UserId(9_999)), "누구", &by("office"))
                .await
                .is_err()
        );
        let reminders = s.reminders(YEAR).await.unwrap();
        let seen: Vec<(Option<UserId>, &str, &str)> = reminders
            .iter()
            .map(|r| (r.evaluator, r.note.as_str(), r.by.as_str()))
            .collect();
        assert_eq!(
            seen,
            vec![
                (Some(kim), "부산 평가표를 제출해 주십시오", "office2"),
                (None, "마감이 다가옵니다", "office"),
            ]
        );
    }
}

#[tokio::test]
async fn closing_is_refused_while_a_sheet_is_missing_and_the_message_lists_each_one() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, lee) = set_up(s).await;
        let early = s.close_panel(YEAR, &by("office")).await;
        assert!(matches!(early, Err(EditError::Refused(_))), "not while setting up");
        start(s).await;
        s.save_sheet(YEAR, kim, Region::Gyeonggi, &sheet(20, "근거"), 0, &by("kim"))
            .await
            .unwrap();
        s.submit_sheet(YEAR, kim, Region::Gyeonggi, 1, &by("kim"))
            .await
            .unwrap();
        s.save_sheet(YEAR, lee, Region::Gyeonggi, &sheet(20, "근거"), 0, &by("lee"))
            .await
            .unwrap();
        s.submit_sheet(YEAR, lee, Region::Gyeonggi, 1, &by("lee"))
            .await
            .unwrap();
        // 김평가's 부산 sheet is a draft; 이평가 never opened hers.
        s.save_sheet(YEAR, kim, Region::Busan, &sheet(20, "근거"), 0, &by("kim"))
            .await
            .unwrap();
        let before = audit_count(s).await;
        let refused = s.close_panel(YEAR, &by("office")).await;
        assert!(
            matches!(&refused, Err(EditError::Refused(m))
                if m == "제출되지 않은 평가표가 2장 있습니다: 김평가 — 부산, 이평가 — 부산"),
            "{:?}: {refused:?}",
            db.backend()
        );
        assert_eq!(audit_count(s).await, before);
        assert_eq!(s.panel(YEAR).await.unwrap().unwrap().stage, Stage::Scoring);
        let publish = s.publish_scores(YEAR, true, &by("office")).await;
        assert!(
            matches!(publish, Err(EditError::Refused(_))),
            "scores stay hidden until closing"
        );
    }
}

#[tokio::test]
async fn closing_works_once_every_sheet_is_in_and_then_freezes_the_sheets() {
    for db in TestDb::all().await {
        let s = &db.store;
        let (kim, lee) = set_up(s).await;
        start(s).await;
        for (user, login) in [(kim, "kim"), (lee, "lee")] {
            for region in [Region::Gyeonggi, Region::Busan] {
                s.save_sheet(YEAR, user, region, &sheet(20, "근거"), 0, &by(login))
                    .await
                    .unwrap();
                s.submit_sheet(YEAR, user, region, 1, &by(login)).await.unwrap();
            }
        }
        s.close_panel(YEAR, &by("office")).await.unwrap();
        let panel = s.panel(YEAR).await.unwrap().unwrap();
        assert_eq!(panel.stage, Stage::Closed);
        assert!(panel.closed_at.is_some() && !panel.scores_published);
        assert!(s.close_panel(YEAR, &by("office")).await.is_err(), "closed once");
        let late = s
            .declare_conflict(YEAR, &conflict(kim, Region::Busan), &by("kim"))
            .await;
        assert!(matches!(late, Err(EditError::Refused(_))));
        let sheets = s.sheets(YEAR).await.unwrap();
        assert_eq!(sheets.len(), 4);
        assert_eq!((sheets[0].evaluator, sheets[0].region), (kim, Region::Gyeonggi));
        s.publish_scores(YEAR, true, &by("office")).await.unwrap();
        assert!(s.panel(YEAR).await.unwrap().unwrap().scores_published);
        s.publish_scores(YEAR, false, &by("office")).await.unwrap();
        assert!(!s.panel(YEAR).await.unwrap().unwrap().scores_published);
        let actions: Vec<String> = s.audit_log(3).await.unwrap().into_iter().map(|e| e.action).collect();
        assert_eq!(
            actions,
            vec![
                "evaluation.publish_scores",
                "evaluation.publish_scores",
                "evaluation.close"
            ]
        );
        assert!(s.verify_audit().await.unwrap().is_intact(), "the chain holds");
    }
}

#[test]
fn the_stores_futures_can_run_on_a_multithreaded_server() {
    fn send<T: Send>(_: T) {}
    let _ = |s: Store, c: Conflict| async move {
        send(s.declare_conflict(YEAR, &c, &by("kim")));
        send(s.save_sheet(YEAR, UserId(1), Region::Busan, &ScoreSheet::default(), 0, &by("kim")));
        send(s.close_panel(YEAR, &by("office")));
        send(s.record_decision(YEAR, 1, &dummy(), |_| Ok(()), &by("office")));
    };
}

fn dummy() -> sandan_domain::Designation {
    sandan_domain::Designation {
        kind: sandan_domain::DesignationKind::PreliminarySelection,
        date: sandan_domain::Day::ymd(2027, 6, 1),
        body: String::new(),
        round: None,
        region: Some(Region::Busan),
        complex: None,
        note: None,
        sources: vec![],
    }
}
