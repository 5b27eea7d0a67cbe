//! API tokens' scopes and expiry through the real server, and the office's token register —
//! on SQLite and PostgreSQL.

use crate::common;

use common::{Session, TestApp, select};
use sandan_domain::account::token::{Area, Lifetime, TokenScope};
use sandan_domain::call::Call;
use sandan_domain::{Day, Proposal, Region, Role, UserId};
use sandan_store::Change;
use sandan_store::testing::round_open_until;

const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-11-25T00:00:00Z",
    source: "test",
};

const DAY: i64 = 86_400;

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn gyeonggi() -> Role {
    Role::ProvincialOfficer {
        region: Region::Gyeonggi,
    }
}

/// A token for `user` with `scope`, issued `days_ago` days ago for `lifetime` days.
async fn token(app: &TestApp, user: UserId, scope: TokenScope, lifetime: i64, days_ago: i64) -> (i64, String) {
    app.db
        .store
        .create_api_token(
            user,
            "연계 프로그램",
            &scope,
            Lifetime::days(lifetime).unwrap(),
            now() - days_ago * DAY,
            &SETUP,
        )
        .await
        .unwrap()
}

/// Saves 경기's 2027 draft with `token`: the status and the error code, if any.
async fn save_proposal(app: &TestApp, token: &str) -> (u16, String) {
    let body = serde_json::json!({ "version": 0, "proposal": Proposal { vision: "토큰으로 쓴 비전".into(), ..Proposal::default() } });
    let response = app
        .client
        .put(format!("{}/api/v1/rounds/2027/proposals/gyeonggi", app.base))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    (status, body["error"]["code"].as_str().unwrap_or_default().to_string())
}

async fn open_2027(app: &TestApp) {
    app.db
        .store
        .open_round(&round_open_until(2027, Day::ymd(2099, 11, 2)), &Call::new(2027), &SETUP)
        .await
        .unwrap();
}

async fn get_with(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_read_only_token_reads_but_never_writes_though_its_user_could() {
    for app in TestApp::all().await {
        open_2027(&app).await;
        let officer = app.signed_in("gg1", &[gyeonggi()]).await;
        let (_, read_only) = token(&app, officer.user, TokenScope::read_only(), 90, 0).await;
        let read = get_with(&app, &read_only, "/api/v1/rounds/2027/proposals/gyeonggi").await;
        assert_eq!(read.status(), 200, "{}", app.label());

        let (status, code) = save_proposal(&app, &read_only).await;
        assert_eq!((status, code.as_str()), (403, "token_scope"), "{}", app.label());
        let (_, writer) = token(&app, officer.user, TokenScope::writing([Area::Proposals]), 90, 0).await;
        assert_eq!(
            save_proposal(&app, &writer).await.0,
            200,
            "the same user with a proposals token saves"
        );

        let form = app
            .client
            .post(format!("{}/rounds/2027/proposals/gyeonggi/submit", app.base))
            .bearer_auth(&writer)
            .form(&[("version", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            form.status(),
            403,
            "a token writes through the API only, never a page's form"
        );
    }
}

#[tokio::test]
async fn a_token_scoped_to_grievances_cannot_save_a_proposal() {
    for app in TestApp::all().await {
        open_2027(&app).await;
        let officer = app.signed_in("gg1", &[gyeonggi()]).await;
        let (_, grievances) = token(&app, officer.user, TokenScope::writing([Area::Grievances]), 30, 0).await;
        let response = app
            .client
            .put(format!("{}/api/v1/rounds/2027/proposals/gyeonggi", app.base))
            .bearer_auth(&grievances)
            .json(&serde_json::json!({ "version": 0, "proposal": Proposal::default() }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{}", app.label());
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "token_scope");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("혁신계획안") && message.contains("애로사항"),
            "{message}"
        );
        assert!(app.db.store.draft(2027, Region::Gyeonggi).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn an_expired_token_is_refused_with_token_expired_and_says_when() {
    for app in TestApp::all().await {
        let officer = app.signed_in("gg1", &[gyeonggi()]).await;
        let (_, old) = token(&app, officer.user, TokenScope::read_only(), 30, 31).await;
        let refused = get_with(&app, &old, "/api/v1/me").await;
        assert_eq!(refused.status(), 401, "{}", app.label());
        let body: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["code"], "token_expired");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("유효기간") && message.contains("새 토큰"), "{message}");

        let (_, fresh) = token(&app, officer.user, TokenScope::read_only(), 30, 29).await;
        assert_eq!(get_with(&app, &fresh, "/api/v1/me").await.status(), 200);
    }
}

#[tokio::test]
async fn a_token_notes_its_last_use_at_most_once_an_hour() {
    for app in TestApp::all().await {
        let officer = app.signed_in("gg1", &[gyeonggi()]).await;
        let (_, secret) = token(&app, officer.user, TokenScope::read_only(), 90, 0).await;
        let last_used = || async { app.db.store.api_tokens(officer.user).await.unwrap()[0].last_used_at };
        assert_eq!(last_used().await, None);
        get_with(&app, &secret, "/api/v1/me").await;
        let first = last_used().await.expect("the first use is noted");
        assert!((first - now()).abs() < 60, "{}", app.label());
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        get_with(&app, &secret, "/api/v1/me").await;
        assert_eq!(
            last_used().await,
            Some(first),
            "a second call within the hour writes nothing"
        );
    }
}

#[tokio::test]
async fn the_office_lists_and_revokes_another_users_token_and_it_stops_working() {
    for app in TestApp::all().await {
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let officer = app.signed_in("gg1", &[gyeonggi()]).await;
        let (id, secret) = token(&app, officer.user, TokenScope::writing([Area::Proposals]), 365, 0).await;
        let (_, office_token) = token(&app, office.user, TokenScope::writing([Area::Accounts]), 30, 0).await;

        let listed: serde_json::Value = get_with(&app, &office_token, "/api/v1/tokens")
            .await
            .json()
            .await
            .unwrap();
        let entry = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap_or_else(|| panic!("{listed}"));
        assert_eq!(entry["owner"], "gg1", "{}", app.label());
        assert_eq!(entry["scope"], "write:proposals");
        assert!(entry.get("token_hash").is_none() && !listed.to_string().contains(&secret));
        let (status, page) = app.get_as(&office, "/admin/tokens").await;
        assert_eq!(status, 200);
        let html = scraper::Html::parse_document(&page);
        assert!(select(&html, "#token-register tbody tr").len() >= 2, "{page}");

        assert_eq!(get_with(&app, &secret, "/api/v1/me").await.status(), 200);
        let revoked = app
            .client
            .delete(format!("{}/api/v1/tokens/{id}", app.base))
            .bearer_auth(&office_token)
            .send()
            .await
            .unwrap();
        assert_eq!(revoked.status(), 204);
        assert_eq!(
            get_with(&app, &secret, "/api/v1/me").await.status(),
            401,
            "revoked at once"
        );
        let audit = app.db.store.audit_log(5).await.unwrap();
        let entry = audit.iter().find(|e| e.action == "token.revoke").unwrap();
        assert_eq!(
            (entry.actor.as_str(), entry.subject.clone()),
            ("office", format!("user:{}", officer.user.0)),
            "who revoked whose token"
        );

        // The register's form does the same for a browser session.
        let (second, second_secret) = token(&app, officer.user, TokenScope::read_only(), 30, 0).await;
        let (status, _) = app
            .post_as(&office, &format!("/admin/tokens/{second}/revoke"), &[])
            .await;
        assert_eq!(status, 303);
        assert_eq!(get_with(&app, &second_secret, "/api/v1/me").await.status(), 401);
    }
}

#[tokio::test]
async fn a_token_owner_revokes_her_own_through_the_api_but_not_anothers() {
    for app in TestApp::all().await {
        let officer = app.signed_in("gg1", &[gyeonggi()]).await;
        let other = app.signed_in("bs1", &[Role::Evaluator]).await;
        let (mine, secret) = token(&app, officer.user, TokenScope::writing([Area::Accounts]), 30, 0).await;
        let (theirs, _) = token(&app, other.user, TokenScope::read_only(), 30, 0).await;
        let delete = |id: i64| {
            app.client
                .delete(format!("{}/api/v1/tokens/{id}", app.base))
                .bearer_auth(&secret)
                .send()
        };
        assert_eq!(delete(theirs).await.unwrap().status(), 404, "{}", app.label());
        assert_eq!(delete(mine).await.unwrap().status(), 204);

        let (_, read_only) = token(&app, officer.user, TokenScope::read_only(), 30, 0).await;
        let (own, _) = token(&app, officer.user, TokenScope::read_only(), 30, 0).await;
        let refused = app
            .client
            .delete(format!("{}/api/v1/tokens/{own}", app.base))
            .bearer_auth(&read_only)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403, "revoking is a write: a read-only token may not");
    }
}

#[tokio::test]
async fn a_province_user_cannot_see_the_register() {
    for app in TestApp::all().await {
        let officer = app.signed_in("gg1", &[gyeonggi()]).await;
        assert_eq!(app.get_as(&officer, "/admin/tokens").await.0, 403, "{}", app.label());
        let (_, secret) = token(&app, officer.user, TokenScope::writing(Area::ALL), 30, 0).await;
        let refused = get_with(&app, &secret, "/api/v1/tokens").await;
        assert_eq!(refused.status(), 403);
    }
}

#[tokio::test]
async fn the_account_page_issues_a_token_with_the_chosen_scope_and_lifetime() {
    for app in TestApp::all().await {
        let officer: Session = app.signed_in("gg1", &[gyeonggi()]).await;
        let (status, _) = app
            .post_as(
                &officer,
                "/account/tokens",
                &[
                    ("name", "계획 연계"),
                    ("write", "proposals"),
                    ("write", "results"),
                    ("days", "30"),
                ],
            )
            .await;
        assert_eq!(status, 200, "{}", app.label());
        let made = &app.db.store.api_tokens(officer.user).await.unwrap()[0];
        assert_eq!(made.scope, TokenScope::writing([Area::Proposals, Area::Results]));
        assert!((made.expires_at - (now() + 30 * DAY)).abs() < 60);
        let (_, page) = app.get_as(&officer, "/account").await;
        let html = scraper::Html::parse_document(&page);
        let row = common::text_of(&select(&html, "#tokens tbody tr")[0]);
        assert!(
            row.contains("혁신계획안·성과·측정") && row.contains("쓰지 않음"),
            "{row}"
        );

        for (field, value, says) in [("days", "400", "최대 1년"), ("write", "budget", "쓰기 영역")] {
            let (status, page) = app
                .post_as(&officer, "/account/tokens", &[("name", "잘못"), (field, value)])
                .await;
            assert_eq!(status, 422, "{field}={value}");
            assert!(page.contains(says), "{field}={value}");
        }
        assert_eq!(
            app.db.store.api_tokens(officer.user).await.unwrap().len(),
            1,
            "nothing made"
        );
    }
}
