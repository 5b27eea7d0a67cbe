//! The outbox in the store: messages written in the same transaction as the change that causes
//! them, only to verified readers who want them; addresses proved by a one-time link; claims
//! that two workers never share and that lapse when a worker dies; retries, giving up and
//! resending; reminders queued once per key — on SQLite and PostgreSQL.

use sandan_domain::call::Call;
use sandan_domain::mail::{self, Email, Kind, Status};
use sandan_domain::{Day, Proposal, Region, Role, UserId};
use sandan_store::mail::{Audience, OutboxEntry};
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

/// A user with `roles`, and with `address` proved through the link when `verified`.
pub(crate) async fn user(s: &Store, login: &str, roles: &[Role], address: &str, verified: bool) -> UserId {
    let user = s
        .create_user(login, login, PASSWORD, roles, None, &by("admin"))
        .await
        .unwrap();
    let token = format!("token-of-{login}");
    let letter = mail::verification(login, address, format!("/account/email/verify?token={token}"));
    s.set_email(
        user,
        &Email::parse(address).unwrap(),
        &token,
        1_000,
        &letter,
        &by("admin"),
    )
    .await
    .unwrap();
    if verified {
        s.verify_email(&token, 2_000, &by("admin")).await.unwrap();
    }
    user
}

fn officer(region: Region) -> Role {
    Role::ProvincialOfficer { region }
}

async fn of_kind(s: &Store, kind: Kind) -> Vec<OutboxEntry> {
    s.outbox(None, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == kind)
        .collect()
}

async fn submitted_round(s: &Store) {
    s.open_round(
        &round_open_until(YEAR, Day::ymd(2027, 3, 29)),
        &Call::new(YEAR),
        &by("office"),
    )
    .await
    .unwrap();
    let plan = Proposal {
        vision: "경기 비전".into(),
        ..Proposal::default()
    };
    s.save_draft(YEAR, Region::Gyeonggi, &plan, 0, &by("gg1"))
        .await
        .unwrap();
    s.submit_draft(YEAR, Region::Gyeonggi, 1, &by("gg1")).await.unwrap();
}

#[tokio::test]
async fn a_revision_request_mails_the_provinces_verified_officers_who_want_it_in_the_same_transaction() {
    for db in TestDb::all().await {
        let s = &db.store;
        user(s, "gg1", &[officer(Region::Gyeonggi)], "gg1@gg.go.kr", true).await;
        user(s, "gg2", &[officer(Region::Gyeonggi)], "gg2@gg.go.kr", false).await;
        let quiet = user(s, "gg3", &[officer(Region::Gyeonggi)], "gg3@gg.go.kr", true).await;
        s.set_mail_preferences(quiet, false, true, &by("gg3")).await.unwrap();
        user(s, "bs1", &[officer(Region::Busan)], "bs1@busan.go.kr", true).await;
        submitted_round(s).await;

        s.request_revision(
            YEAR,
            Region::Gyeonggi,
            1,
            Day::ymd(2027, 4, 9),
            "재원 계획 보완",
            &by("office"),
        )
        .await
        .unwrap();
        let sent = of_kind(s, Kind::RevisionRequested).await;
        let to: Vec<&str> = sent.iter().map(|m| m.address.as_str()).collect();
        assert_eq!(to, ["gg1@gg.go.kr"], "{:?}", db.backend());
        assert_eq!(sent[0].status, Status::Queued);
        assert!(sent[0].subject.contains("보완 요청 (경기)"));
        assert!(
            !sent[0].body.contains("재원 계획 보완"),
            "the request's words stay behind the page"
        );

        // A refused request (one is still open) writes neither the request nor a message.
        let before = s.outbox(None, 1000).await.unwrap().len();
        let refused = s
            .request_revision(YEAR, Region::Gyeonggi, 1, Day::ymd(2027, 4, 9), "또", &by("office"))
            .await;
        assert!(matches!(refused, Err(EditError::Refused(_))));
        assert_eq!(s.outbox(None, 1000).await.unwrap().len(), before);
    }
}

#[tokio::test]
async fn an_address_is_proved_once_by_its_latest_link_within_a_day() {
    for db in TestDb::all().await {
        let s = &db.store;
        let kim = user(s, "kim", &[Role::Evaluator], "kim@univ.ac.kr", false).await;
        // The link itself is mailed though the address is not proved yet.
        let links = of_kind(s, Kind::Verification).await;
        assert_eq!(links.len(), 1);
        assert!(links[0].body.contains("24시간"));
        assert_eq!(s.mail_settings(kim).await.unwrap().verified_at, None);

        // A newer address replaces the older link.
        let letter = mail::verification("kim", "kim@new.ac.kr", "/x".into());
        s.set_email(
            kim,
            &Email::parse("kim@new.ac.kr").unwrap(),
            "second",
            1_000,
            &letter,
            &by("kim"),
        )
        .await
        .unwrap();
        assert!(matches!(
            s.verify_email("token-of-kim", 2_000, &by("kim")).await,
            Err(EditError::Refused(_))
        ));
        assert!(
            matches!(
                s.verify_email("second", 1_000 + 24 * 3600, &by("kim")).await,
                Err(EditError::Refused(_))
            ),
            "a day later the link has lapsed"
        );
        let v = s.verify_email("second", 2_000, &by("kim")).await.unwrap();
        let (who, address) = (v.user, v.address);
        assert!(
            !v.signed_up,
            "an account the office made was not waiting for its address"
        );
        assert_eq!((who, address.as_str()), (kim, "kim@new.ac.kr"));
        assert!(s.mail_settings(kim).await.unwrap().verified_at.is_some());
        assert!(
            matches!(
                s.verify_email("second", 2_001, &by("kim")).await,
                Err(EditError::Refused(_))
            ),
            "used once"
        );
        let audit = s.audit_log(5).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "account.email_verified"));
    }
}

#[tokio::test]
async fn two_workers_never_hold_the_same_message_and_a_lapsed_claim_is_taken_again() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.open_round(
            &round_open_until(YEAR, Day::ymd(2027, 3, 29)),
            &Call::new(YEAR),
            &by("office"),
        )
        .await
        .unwrap();
        for i in 0..12 {
            user(
                s,
                &format!("gg{i}"),
                &[officer(Region::Gyeonggi)],
                &format!("gg{i}@gg.go.kr"),
                true,
            )
            .await;
        }
        let letter = mail::announcement(YEAR, "설명회", "12월 10일").unwrap();
        let n = s
            .announce(&[Audience::Role("provincial-officer")], &letter, &by("office"))
            .await
            .unwrap();
        assert_eq!(n, 12);
        let verifications = of_kind(s, Kind::Verification).await.len() as i64;
        // Verification links first: send them out of the way.
        for m in s.claim_mail("w0", 10, 60, verifications).await.unwrap() {
            assert!(s.mail_sent(m.id, "w0", "t").await.unwrap());
        }

        let (a, b) = tokio::join!(s.claim_mail("wa", 100, 60, 12), s.claim_mail("wb", 100, 60, 12));
        let (a, b) = (a.unwrap(), b.unwrap());
        let mut ids: Vec<i64> = a.iter().chain(&b).map(|m| m.id).collect();
        ids.sort_unstable();
        let distinct = ids.len();
        ids.dedup();
        assert_eq!(
            (distinct, ids.len()),
            (12, 12),
            "{:?}: each message held by one worker",
            db.backend()
        );
        assert!(
            s.claim_mail("wc", 120, 60, 50).await.unwrap().is_empty(),
            "nothing while the leases run"
        );

        for m in &b {
            assert!(s.mail_sent(m.id, "wb", "t").await.unwrap());
        }
        // wa dies; after its lease wc takes its messages again, same Message-ID, a new attempt.
        let lapsed = s.claim_mail("wc", 161, 60, 50).await.unwrap();
        assert_eq!(
            lapsed.iter().map(|m| m.id).collect::<Vec<_>>(),
            a.iter().map(|m| m.id).collect::<Vec<_>>()
        );
        assert_eq!(
            lapsed.iter().map(|m| &m.message_id).collect::<Vec<_>>(),
            a.iter().map(|m| &m.message_id).collect::<Vec<_>>()
        );
        assert!(lapsed.iter().all(|m| m.attempts == 2));
        if let Some(first) = a.first() {
            assert!(
                !s.mail_sent(first.id, "wa", "t").await.unwrap(),
                "a lapsed worker cannot record"
            );
            assert!(s.mail_sent(first.id, "wc", "t").await.unwrap());
        }
        let counts = s.outbox_counts().await.unwrap();
        assert_eq!(
            counts.sent as usize,
            verifications as usize + b.len() + usize::from(!a.is_empty())
        );
    }
}

#[tokio::test]
async fn a_failed_attempt_waits_its_turn_a_refusal_gives_up_and_the_office_can_resend() {
    for db in TestDb::all().await {
        let s = &db.store;
        user(s, "kim", &[Role::Evaluator], "kim@univ.ac.kr", false).await;
        let m = s.claim_mail("w", 100, 60, 10).await.unwrap().remove(0);
        s.mail_failed(m.id, "w", "421 4.3.0 try later", Some(200))
            .await
            .unwrap();
        assert!(s.claim_mail("w", 199, 60, 10).await.unwrap().is_empty());
        let again = s.claim_mail("w", 200, 60, 10).await.unwrap();
        assert_eq!((again.len(), again[0].attempts), (1, 2));
        let entry = &s.outbox(Some(Status::Sending), 10).await.unwrap()[0];
        assert_eq!(entry.last_error.as_deref(), Some("421 4.3.0 try later"));

        let refused = s.resend(m.id, 300, &by("office")).await;
        assert!(
            matches!(refused, Err(EditError::Refused(_))),
            "only a failed message is resent"
        );
        s.mail_failed(m.id, "w", "550 5.1.1 no such user", None).await.unwrap();
        assert_eq!(s.outbox(Some(Status::Failed), 10).await.unwrap().len(), 1);
        assert!(s.claim_mail("w", 10_000, 60, 10).await.unwrap().is_empty(), "given up");

        s.resend(m.id, 300, &by("office")).await.unwrap();
        let resent = s.claim_mail("w", 300, 60, 10).await.unwrap();
        assert_eq!((resent[0].id, resent[0].attempts), (m.id, 1));
        assert!(s.audit_log(3).await.unwrap().iter().any(|e| e.action == "mail.resend"));

        // Out of attempts, a transient failure gives up too.
        for attempt in 1..mail::MAX_ATTEMPTS {
            s.mail_failed(m.id, "w", "421", Some(0)).await.unwrap();
            let again = s.claim_mail("w", 400 + i64::from(attempt), 60, 10).await.unwrap();
            assert_eq!(again[0].attempts, attempt + 1);
        }
        s.mail_failed(m.id, "w", "421", Some(0)).await.unwrap();
        assert_eq!(s.outbox(Some(Status::Failed), 10).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_reminder_is_queued_once_per_key_and_only_for_those_who_want_reminders() {
    for db in TestDb::all().await {
        let s = &db.store;
        let gg = user(s, "gg1", &[officer(Region::Gyeonggi)], "gg1@gg.go.kr", true).await;
        let unproved = user(s, "gg2", &[officer(Region::Gyeonggi)], "gg2@gg.go.kr", false).await;
        let task = sandan_domain::tasks::Task {
            round: Some(YEAR),
            what: "혁신계획안을 작성하여 제출하십시오".into(),
            due: Some(Day::ymd(2027, 3, 29)),
            overdue: false,
            link: "/rounds/2027/proposals/gyeonggi".into(),
            quarter: None,
        };
        let letter = mail::deadline(&task, 7).unwrap();
        assert!(
            s.remind_by_mail(gg, &letter, "deadline:gg1:D-7", &by("system"))
                .await
                .unwrap()
        );
        assert!(
            !s.remind_by_mail(gg, &letter, "deadline:gg1:D-7", &by("system"))
                .await
                .unwrap()
        );
        assert!(
            !s.remind_by_mail(unproved, &letter, "deadline:gg2:D-7", &by("system"))
                .await
                .unwrap()
        );
        assert_eq!(of_kind(s, Kind::Deadline).await.len(), 1);
        let readers: Vec<String> = s
            .reminder_readers()
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.login)
            .collect();
        assert_eq!(readers, ["gg1"]);
        s.set_mail_preferences(gg, true, false, &by("gg1")).await.unwrap();
        assert!(s.reminder_readers().await.unwrap().is_empty());
        assert!(
            !s.remind_by_mail(gg, &letter, "deadline:gg1:D-1", &by("system"))
                .await
                .unwrap()
        );
    }
}

#[tokio::test]
async fn a_comment_mails_the_province_and_an_appointment_the_evaluator_and_nobody_else() {
    for db in TestDb::all().await {
        let s = &db.store;
        user(s, "gg1", &[officer(Region::Gyeonggi)], "gg1@gg.go.kr", true).await;
        user(s, "bs1", &[officer(Region::Busan)], "bs1@busan.go.kr", true).await;
        let kim = user(s, "kim", &[Role::Evaluator], "kim@univ.ac.kr", true).await;
        user(s, "lee", &[Role::Evaluator], "lee@univ.ac.kr", true).await;
        submitted_round(s).await;
        s.save_framework(
            YEAR,
            &sandan_domain::evaluation::Framework::seed_default(1),
            0,
            &by("office"),
        )
        .await
        .unwrap();

        s.add_comment(
            YEAR,
            Region::Gyeonggi,
            1,
            sandan_domain::proposal::Section::Goals,
            "목표 근거 보완",
            &by("office"),
        )
        .await
        .unwrap();
        s.appoint(YEAR, kim, "한국대학교", &by("office")).await.unwrap();
        let to = |kind| async move {
            of_kind(s, kind)
                .await
                .into_iter()
                .map(|m| m.address)
                .collect::<Vec<_>>()
        };
        assert_eq!(to(Kind::CommentReceived).await, ["gg1@gg.go.kr"], "{:?}", db.backend());
        assert_eq!(to(Kind::Appointed).await, ["kim@univ.ac.kr"]);
        let comment = &of_kind(s, Kind::CommentReceived).await[0];
        assert!(
            !comment.body.contains("목표 근거 보완"),
            "the comment stays behind the page"
        );
        assert!(comment.subject.contains("컨설팅 의견이 등록되었습니다 (경기)"));
    }
}
