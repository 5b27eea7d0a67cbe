//! 알림 through the real server on SQLite and PostgreSQL: an official registers her address
//! and proves it, chooses what to receive, subscribes to her deadlines as a calendar; the office
//! reads the outbox and announces; reminders are queued seven business days ahead, once.

use crate::common;

use common::{Session, TestApp};
use sandan_domain::calendar::Calendar;
use sandan_domain::call::Call;
use sandan_domain::mail::{self, Email, Kind};
use sandan_domain::{Region, Role};
use sandan_store::Change;
use sandan_store::testing::round_open_until;
use sandan_web::{AppState, Deployment};

const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-11-25T00:00:00Z",
    source: "test",
};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Proves `address` for `who` through the store, as her link would.
async fn proved(app: &TestApp, who: &Session, address: &str) {
    let store = &app.db.store;
    let token = format!("proof-{}", who.user.0);
    let letter = mail::verification("x", address, "/x".into());
    store
        .set_email(
            who.user,
            &Email::parse(address).unwrap(),
            &token,
            now(),
            &letter,
            &SETUP,
        )
        .await
        .unwrap();
    store.verify_email(&token, now(), &SETUP).await.unwrap();
}

#[tokio::test]
async fn an_official_registers_an_address_and_it_is_mailed_only_once_proved() {
    for app in TestApp::all().await {
        let gg = app
            .signed_in(
                "ggo",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let (status, html) = app
            .post_as(&gg, "/account/notifications/email", &[("email", "hong@@gg")])
            .await;
        assert_eq!(status, 422, "{}", app.label());
        assert!(html.contains("이메일 주소 형식이 아닙니다"), "{html}");
        assert!(
            app.db.store.outbox(None, 10).await.unwrap().is_empty(),
            "a refused address queues nothing"
        );

        let (status, html) = app
            .post_as(&gg, "/account/notifications/email", &[("email", "Hong@GG.go.kr")])
            .await;
        assert_eq!(status, 200);
        assert!(html.contains("Hong@gg.go.kr(으)로 확인 메일을 보냈습니다"), "{html}");
        assert!(html.contains("확인 전"));
        let queued = app.db.store.outbox(None, 10).await.unwrap();
        assert_eq!(
            (queued.len(), queued[0].kind, queued[0].address.as_str()),
            (1, Kind::Verification, "Hong@gg.go.kr")
        );

        // The link opens a page that confirms only when its button is pressed.
        let (status, html) = app.get_as(&gg, "/account/email/verify?token=forged").await;
        assert_eq!(status, 200);
        assert!(html.contains("id=\"verify-button\""));
        let (status, html) = app.post_as(&gg, "/account/email/verify", &[("token", "forged")]).await;
        assert_eq!(status, 422);
        assert!(html.contains("확인 링크가 맞지 않거나"), "{html}");
        assert_eq!(app.db.store.mail_settings(gg.user).await.unwrap().verified_at, None);

        let (status, _) = app
            .post_as(&gg, "/account/notifications/preferences", &[("reminders", "1")])
            .await;
        assert_eq!(status, 200);
        let settings = app.db.store.mail_settings(gg.user).await.unwrap();
        assert_eq!((settings.events, settings.reminders), (false, true));
        assert_eq!(app.get("/account/notifications").await.status(), 401);
    }
}

#[tokio::test]
async fn a_private_calendar_address_serves_her_deadlines_until_replaced_or_revoked() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        let due = sandan_domain::Day::ymd(2027, 3, 31);
        store
            .open_round(&round_open_until(2027, due), &Call::new(2027), &SETUP)
            .await
            .unwrap();
        let gg = app
            .signed_in(
                "ggo",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let feed_of = |html: &str| {
            let page = scraper::Html::parse_document(html);
            common::select(&page, "#feed-url")[0]
                .value()
                .attr("value")
                .unwrap()
                .to_string()
        };
        let (status, html) = app.post_as(&gg, "/account/notifications/calendar", &[]).await;
        assert_eq!(status, 200);
        let first = feed_of(&html);
        let path = first.split_once("://").unwrap().1.split_once('/').unwrap().1;
        let response = app.get(&format!("/{path}")).await;
        assert_eq!(response.status(), 200, "{}", app.label());
        assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
        let ics = response.text().await.unwrap().replace("\r\n ", "");
        assert!(ics.contains("DTSTART;VALUE=DATE:20270331"), "{ics}");
        assert!(ics.contains("SUMMARY:혁신계획안을 작성하여 제출하십시오"), "{ics}");
        assert!(ics.contains("/rounds/2027/proposals/gyeonggi"));

        // A new address cuts the old one off; revoking cuts the new one off.
        let (_, html) = app.post_as(&gg, "/account/notifications/calendar", &[]).await;
        let second = feed_of(&html);
        assert_ne!(first, second);
        assert_eq!(app.get(&format!("/{path}")).await.status(), 404);
        let second_path = second
            .split_once("://")
            .unwrap()
            .1
            .split_once('/')
            .unwrap()
            .1
            .to_string();
        assert_eq!(app.get(&format!("/{second_path}")).await.status(), 200);
        let (status, _) = app.post_as(&gg, "/account/notifications/calendar/revoke", &[]).await;
        assert_eq!(status, 200);
        assert_eq!(app.get(&format!("/{second_path}")).await.status(), 404);
        let (status, _) = app.post_as(&gg, "/account/notifications/calendar/revoke", &[]).await;
        assert_eq!(status, 404, "nothing left to revoke");
    }
}

#[tokio::test]
async fn the_office_announces_to_chosen_roles_and_reads_the_outbox() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        store
            .open_round(
                &round_open_until(2027, sandan_domain::Day::ymd(2027, 3, 31)),
                &Call::new(2027),
                &SETUP,
            )
            .await
            .unwrap();
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let gg = app
            .signed_in(
                "ggo",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let bs = app
            .signed_in("bso", &[Role::ProvincialOfficer { region: Region::Busan }])
            .await;
        let kim = app.signed_in("kim", &[Role::Evaluator]).await;
        for (who, address) in [(&gg, "gg@gg.go.kr"), (&bs, "bs@busan.go.kr"), (&kim, "kim@univ.ac.kr")] {
            proved(&app, who, address).await;
        }
        let (status, html) = app
            .post_as(
                &office,
                "/admin/outbox/announce",
                &[("round", "2027"), ("subject", "설명회"), ("body", "12월 10일")],
            )
            .await;
        assert_eq!(status, 422);
        assert!(html.contains("받을 사람을 하나 이상 고르십시오"));
        let (status, html) = app
            .post_as(
                &office,
                "/admin/outbox/announce",
                &[
                    ("round", "2027"),
                    ("readers", "provincial-officer"),
                    ("subject", "설명회 안내"),
                    ("body", "12월 10일 14시"),
                ],
            )
            .await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("공지를 2명에게"), "{html}");
        let announced: Vec<String> = store
            .outbox(None, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.kind == Kind::Announcement)
            .map(|m| m.address)
            .collect();
        assert_eq!(announced, ["bs@busan.go.kr", "gg@gg.go.kr"]);
        let (status, page) = app.get_as(&office, "/admin/outbox?status=queued").await;
        assert_eq!(status, 200);
        assert!(page.contains("[산업단지 대개조] 설명회 안내") && page.contains("gg@gg.go.kr"));
        assert_eq!(app.get_as(&office, "/admin/outbox?status=lost").await.0, 400);
        assert_eq!(app.get_as(&gg, "/admin/outbox").await.0, 403);
        assert!(
            store
                .audit_log(5)
                .await
                .unwrap()
                .iter()
                .any(|e| e.action == "mail.announce")
        );
    }
}

#[tokio::test]
async fn a_deadline_is_reminded_seven_business_days_ahead_once_however_often_the_pass_runs() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        let calendar = Calendar::bundled();
        let today = calendar.next_business_day_from(&sandan_web::today()).unwrap();
        let due = calendar.add_business_days(&today, 7).unwrap();
        store
            .open_round(&round_open_until(due.year, due), &Call::new(due.year), &SETUP)
            .await
            .unwrap();
        let gg = app
            .signed_in(
                "ggo",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let bs = app
            .signed_in("bso", &[Role::ProvincialOfficer { region: Region::Busan }])
            .await;
        proved(&app, &gg, "gg@gg.go.kr").await;
        proved(&app, &bs, "bs@busan.go.kr").await;
        store.set_mail_preferences(bs.user, true, false, &SETUP).await.unwrap();
        let state = AppState {
            store: store.clone(),
            deployment: std::sync::Arc::new(Deployment::default()),
        };
        let queued = sandan_web::mail::reminders::queue_reminders(&state, today)
            .await
            .unwrap();
        assert_eq!(queued, 1, "{}: only 경기 wants reminders", app.label());
        assert_eq!(
            sandan_web::mail::reminders::queue_reminders(&state, today)
                .await
                .unwrap(),
            0
        );
        let next = calendar.add_business_days(&today, 1).unwrap();
        assert_eq!(
            sandan_web::mail::reminders::queue_reminders(&state, next)
                .await
                .unwrap(),
            0,
            "D-6 is not a reminder day"
        );
        let reminders: Vec<_> = store
            .outbox(None, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.kind == Kind::Deadline)
            .collect();
        assert_eq!(reminders.len(), 1);
        assert_eq!(reminders[0].address, "gg@gg.go.kr");
        assert!(
            reminders[0]
                .subject
                .contains("마감까지 7영업일 남았습니다: 혁신계획안을 작성하여 제출하십시오"),
            "{}",
            reminders[0].subject
        );
    }
}
