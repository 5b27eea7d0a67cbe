//! A province's plan through the real server: the deadline refuses a late submission until the
//! office reopens it, a stale save is refused with who saved first, and a complete plan is
//! submitted as a version — on SQLite and PostgreSQL.

mod common;

use common::TestApp;
use sandan_domain::call::Call;
use sandan_domain::round::Milestone;
use sandan_domain::submission::SeoulTime;
use sandan_domain::{Day, Proposal, Region, Role, Round, Step};
use sandan_store::Change;

const PASSWORD: &str = "Sandan#2026plan";
const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-11-25T00:00:00Z",
    source: "test",
};

fn round_closed_on(deadline: Day) -> Round {
    Round {
        year: 2027,
        title: "2027년 산업단지 대개조 공모".into(),
        quota: Some(5),
        applicant_count: None,
        panel: None,
        indicators: vec![],
        bonus_points: vec![],
        milestones: vec![Milestone {
            step: Step::PreliminaryApplication,
            date: Some(deadline),
            planned: true,
            note: None,
        }],
        sources: vec![],
    }
}

/// A session cookie and form token for a new user with `role`.
async fn signed_in(app: &TestApp, login: &str, role: Role) -> (String, String) {
    let store = &app.db.store;
    store
        .create_user(login, login, PASSWORD, &[role], None, &SETUP)
        .await
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let session = store.sign_in(login, PASSWORD, &SETUP, now).await.unwrap();
    (format!("sandan_session={}", session.token), session.csrf)
}

#[tokio::test]
async fn a_late_submission_is_refused_until_the_office_reopens_it_and_stale_saves_are_refused() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        // The deadline passed on 2026-11-02 (a Monday), 18:00 KST.
        store
            .open_round(&round_closed_on(Day::ymd(2026, 11, 2)), &Call::new(2027), &SETUP)
            .await
            .unwrap();
        let (cookie, csrf) = signed_in(
            &app,
            "gg1",
            Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            },
        )
        .await;
        let api = format!("{}/api/v1/rounds/2027/proposals/gyeonggi", app.base);

        let body = serde_json::json!({ "version": 0, "proposal": Proposal { vision: "첫 비전".into(), ..Proposal::default() } });
        let saved = app
            .client
            .put(&api)
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 200, "{}", app.label());
        let stale = app
            .client
            .put(&api)
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), 409);
        let message = stale.json::<serde_json::Value>().await.unwrap()["error"]["message"].to_string();
        assert!(message.contains("gg1") && message.contains("먼저 저장"), "{message}");
        let forged = app
            .client
            .put(&api)
            .header("cookie", &cookie)
            .json(&serde_json::json!({ "version": 1, "proposal": Proposal::default() }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            forged.status(),
            400,
            "a browser session without its form token is refused"
        );

        let submit = |version: i64| {
            app.client
                .post(format!("{api}/submit"))
                .header("cookie", &cookie)
                .header("x-csrf-token", &csrf)
                .json(&serde_json::json!({ "version": version }))
                .send()
        };
        let incomplete = submit(1).await.unwrap();
        assert_eq!(incomplete.status(), 422);
        let message = incomplete.json::<serde_json::Value>().await.unwrap()["error"]["message"].to_string();
        assert!(message.contains("고칠 사항"), "{message}");

        let workspace: serde_json::Value = app
            .client
            .get(&api)
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(workspace["may_submit_now"], false);
        assert!(
            workspace["window"].as_str().unwrap().contains("2026. 11. 2.(월) 18:00"),
            "{workspace}"
        );

        store
            .reopen(
                2027,
                Some(Region::Gyeonggi),
                SeoulTime::parse("2099-12-31 18:00").unwrap(),
                "시스템 장애",
                &SETUP,
            )
            .await
            .unwrap();
        let workspace: serde_json::Value = app
            .client
            .get(&api)
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(workspace["may_submit_now"], true, "{}", app.label());
        assert!(workspace["window"].as_str().unwrap().contains("재개"));
        let other: serde_json::Value = {
            let (busan_cookie, _) = signed_in(&app, "bs1", Role::ProvincialOfficer { region: Region::Busan }).await;
            app.client
                .get(format!("{}/api/v1/rounds/2027/proposals/busan", app.base))
                .header("cookie", &busan_cookie)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        };
        assert_eq!(other["may_submit_now"], false, "reopened for 경기 only");
    }
}
