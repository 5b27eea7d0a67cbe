//! A province's plan through the real server: the deadline refuses a late submission until the
//! office reopens it, a stale save is refused with who saved first, and a complete plan is
//! submitted as a version — on SQLite and PostgreSQL.

use crate::common;

use common::TestApp;
use sandan_domain::call::Call;
use sandan_domain::submission::SeoulTime;
use sandan_domain::{Day, Proposal, Region, Role};
use sandan_store::Change;
use sandan_store::testing::round_open_until;

const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-11-25T00:00:00Z",
    source: "test",
};

/// A session cookie and form token for a new user with `role`.
async fn signed_in(app: &TestApp, login: &str, role: Role) -> (String, String) {
    let session = app.signed_in(login, &[role]).await;
    (session.cookie, session.csrf)
}

/// Round 2027 open until 18:00 KST on `deadline`, and 경기's officer gg1 signed in: her cookie,
/// form token and the API address of her draft.
async fn gyeonggi_drafting_until(app: &TestApp, deadline: Day) -> (String, String, String) {
    app.db
        .store
        .open_round(&round_open_until(2027, deadline), &Call::new(2027), &SETUP)
        .await
        .unwrap();
    let (cookie, csrf) = signed_in(
        app,
        "gg1",
        Role::ProvincialOfficer {
            region: Region::Gyeonggi,
        },
    )
    .await;
    (
        cookie,
        csrf,
        format!("{}/api/v1/rounds/2027/proposals/gyeonggi", app.base),
    )
}

#[tokio::test]
async fn a_late_submission_is_refused_until_the_office_reopens_it_and_stale_saves_are_refused() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        // The deadline passed on 2026-11-02 (a Monday), 18:00 KST.
        let (cookie, csrf, api) = gyeonggi_drafting_until(&app, Day::ymd(2026, 11, 2)).await;

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

/// Posts the overview section's form (industries, vision) at edit `version` as `who`.
async fn save_overview(app: &TestApp, who: &(String, String), version: &str, vision: &str) -> (u16, String) {
    let response = app
        .client
        .post(format!(
            "{}/rounds/2027/proposals/%EA%B2%BD%EA%B8%B0/edit/overview",
            app.base
        ))
        .header("cookie", &who.0)
        .form(&[
            ("csrf", who.1.as_str()),
            ("version", version),
            ("industries", "전기전자"),
            ("vision", vision),
        ])
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn two_officials_saving_the_same_draft_the_second_is_shown_what_the_first_saved() {
    for app in TestApp::all().await {
        app.db
            .store
            .open_round(&round_open_until(2027, Day::ymd(2027, 3, 2)), &Call::new(2027), &SETUP)
            .await
            .unwrap();
        let first = signed_in(
            &app,
            "gg-a",
            Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            },
        )
        .await;
        let second = signed_in(
            &app,
            "gg-b",
            Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            },
        )
        .await;
        // Both opened the form before either saved (edit version 0).
        let (status, _) = save_overview(&app, &first, "0", "첨단 소부장 전진기지").await;
        assert_eq!(status, 303, "{}", app.label());
        let (status, page) = save_overview(&app, &second, "0", "스마트 그린 혁신 거점").await;
        assert_eq!(status, 409, "{}", app.label());
        assert!(page.contains("gg-a") && page.contains("먼저 저장"), "who saved first");
        assert!(
            page.contains("비전: 입력하신 값 스마트 그린 혁신 거점 / 먼저 저장된 값 첨단 소부장 전진기지"),
            "{}: what changed is shown",
            app.label()
        );
        assert!(
            page.contains(">스마트 그린 혁신 거점</textarea>"),
            "what the second typed is kept"
        );
        let draft = app.db.store.draft(2027, Region::Gyeonggi).await.unwrap().unwrap();
        assert_eq!(
            (draft.version, draft.proposal.vision.as_str()),
            (1, "첨단 소부장 전진기지")
        );
    }
}

#[tokio::test]
async fn a_double_clicked_save_or_two_submissions_at_once_make_one_change() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        store
            .open_round(&round_open_until(2027, Day::ymd(2027, 3, 2)), &Call::new(2027), &SETUP)
            .await
            .unwrap();
        let official = signed_in(
            &app,
            "gg-a",
            Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            },
        )
        .await;
        let (a, b) = tokio::join!(
            save_overview(&app, &official, "0", "첨단 소부장 전진기지"),
            save_overview(&app, &official, "0", "첨단 소부장 전진기지"),
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [303, 409], "{}: one save, one refusal", app.label());
        assert_eq!(store.draft(2027, Region::Gyeonggi).await.unwrap().unwrap().version, 1);

        let by = |actor| Change {
            actor,
            at: "2026-12-02T10:00:00+09:00",
            source: "test",
        };
        let (gg_a, gg_b) = (by("gg-a"), by("gg-b"));
        let (one, two) = tokio::join!(
            store.submit_draft(2027, Region::Gyeonggi, 1, &gg_a),
            store.submit_draft(2027, Region::Gyeonggi, 1, &gg_b),
        );
        assert_eq!(
            [one.is_ok(), two.is_ok()].iter().filter(|ok| **ok).count(),
            1,
            "{}: {one:?} {two:?}",
            app.label()
        );
        assert_eq!(
            store.versions(2027, Region::Gyeonggi).await.unwrap().len(),
            1,
            "one version"
        );
    }
}

#[tokio::test]
async fn a_round_without_a_selection_offers_no_document_and_says_why() {
    for app in TestApp::all().await {
        app.db
            .store
            .open_round(&round_open_until(2027, Day::ymd(2027, 3, 2)), &Call::new(2027), &SETUP)
            .await
            .unwrap();
        let page = app.get("/rounds/2027").await.text().await.unwrap();
        assert!(
            page.contains("2027년 공모에는 아직 예비선정 결정이 없어"),
            "{}",
            app.label()
        );
        assert!(!page.contains("/rounds/2027/report/"), "{}: no links", app.label());
        let file = app.get("/rounds/2027/report/csv").await;
        assert_eq!(file.status(), 404, "{}", app.label());
        assert!(file.text().await.unwrap().contains("예비선정 결정이 없어"));
    }
}

#[tokio::test]
async fn a_client_names_the_draft_it_read_with_if_match_and_a_stale_one_is_refused_with_412_writing_nothing() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        let (cookie, csrf, api) = gyeonggi_drafting_until(&app, Day::ymd(2099, 11, 2)).await;
        let send = |method: reqwest::Method, tag: Option<&str>, body: serde_json::Value| {
            let mut request = app
                .client
                .request(method, &api)
                .header("cookie", &cookie)
                .header("x-csrf-token", &csrf)
                .json(&body);
            if let Some(tag) = tag {
                request = request.header("if-match", tag);
            }
            request.send()
        };
        let tag_of = |r: &reqwest::Response| r.headers()["etag"].to_str().unwrap().to_string();
        let read = app.client.get(&api).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(tag_of(&read), "\"v0\"", "{}: nothing saved yet", app.label());

        let first = serde_json::json!({ "proposal": Proposal { vision: "첫 비전".into(), ..Proposal::default() } });
        let saved = send(reqwest::Method::PUT, Some("\"v0\""), first.clone()).await.unwrap();
        assert_eq!(saved.status(), 200);
        assert_eq!(tag_of(&saved), "\"v1\"", "the answer names the version it made");

        let second = serde_json::json!({ "proposal": Proposal { vision: "둘째 비전".into(), ..Proposal::default() } });
        for (tag, status, says) in [
            (Some("\"v0\""), 412, "먼저 저장"),
            (Some("*"), 412, "If-Match"),
            (Some("\"v1\", \"v2\""), 412, "If-Match"),
            (None, 428, "If-Match"),
        ] {
            let refused = send(reqwest::Method::PUT, tag, second.clone()).await.unwrap();
            assert_eq!(refused.status(), status, "{tag:?}");
            let body: serde_json::Value = refused.json().await.unwrap();
            assert!(body["error"]["message"].as_str().unwrap().contains(says), "{body}");
        }
        let patch = serde_json::json!({ "proposal": { "vision": "둘째 비전" } });
        let stale_patch = send(reqwest::Method::PATCH, Some("\"v0\""), patch.clone())
            .await
            .unwrap();
        assert_eq!(stale_patch.status(), 412);
        let message = stale_patch.json::<serde_json::Value>().await.unwrap()["error"]["message"].to_string();
        assert!(
            message.contains("gg1") && message.contains("먼저 저장"),
            "who saved first: {message}"
        );
        let draft = store.draft(2027, Region::Gyeonggi).await.unwrap().unwrap();
        assert_eq!(
            (draft.version, draft.proposal.vision.as_str()),
            (1, "첫 비전"),
            "nothing written"
        );

        let patched = send(reqwest::Method::PATCH, Some("\"v1\""), patch).await.unwrap();
        assert_eq!(patched.status(), 200);
        assert_eq!(tag_of(&patched), "\"v2\"");
        let workspace: serde_json::Value = patched.json().await.unwrap();
        assert_eq!(workspace["proposal"]["vision"], "둘째 비전");
        // A client written before If-Match still sends the version in the body.
        let by_body = serde_json::json!({ "version": 2, "proposal": { "vision": "셋째 비전" } });
        assert_eq!(send(reqwest::Method::PATCH, None, by_body).await.unwrap().status(), 200);
    }
}
