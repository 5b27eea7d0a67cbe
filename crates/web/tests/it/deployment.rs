//! Behind a TLS-terminating proxy: forwarding headers are believed only from the configured
//! proxies, so the client address that sign-in throttling and the audit trail use is the real
//! client's; on an https deployment cookies are `Secure` with the `__Host-` prefix, HSTS is
//! sent and plain HTTP forwarded by the proxy is redirected; `/metrics` answers its allowed
//! addresses only.

use crate::common;

use common::TestApp;
use sandan_domain::Role;
use sandan_store::testing::TEST_PASSWORD;
use sandan_web::Deployment;

const SETUP: sandan_store::Change<'static> = sandan_store::Change {
    actor: "setup",
    at: "2026-12-03T00:00:00Z",
    source: "test",
};

/// A failed sign-in sent as `client` says (X-Forwarded-For); its status.
async fn fail_as(app: &TestApp, client: &str) -> u16 {
    let (cookie, csrf) = app.sign_in_form().await;
    app.client
        .post(format!("{}/sign-in", app.base))
        .header("cookie", cookie)
        .header("x-forwarded-for", client)
        .form(&[("login", "nobody"), ("password", "wrong-password-1"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn audited_sources(app: &TestApp) -> Vec<String> {
    let log = app.db.store.audit_log(200).await.unwrap();
    log.iter()
        .filter(|e| e.action.starts_with("auth."))
        .map(|e| e.source.clone())
        .collect()
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_clients_failures_do_not_stop_another() {
    let proxy = Deployment::parse(None, "127.0.0.1").unwrap();
    let app = TestApp::all_deployed(proxy).await.remove(0);
    let mut refused = false;
    for _ in 0..30 {
        if fail_as(&app, "198.51.100.1, 203.0.113.5").await == 429 {
            refused = true;
            break;
        }
    }
    assert!(refused, "more than 20 failures from one client are refused");
    assert_eq!(fail_as(&app, "203.0.113.6").await, 401, "another client is not");
    let sources = audited_sources(&app).await;
    assert!(
        sources.iter().all(|s| s == "203.0.113.5" || s == "203.0.113.6"),
        "{sources:?}"
    );
}

#[tokio::test]
async fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
    let app = TestApp::all().await.remove(0);
    assert_eq!(fail_as(&app, "203.0.113.5").await, 401);
    assert_eq!(
        audited_sources(&app).await,
        ["127.0.0.1"],
        "the forged address is not believed"
    );
}

#[tokio::test]
async fn an_https_deployment_sends_secure_host_cookies_hsts_and_redirects_plain_http() {
    let https = Deployment::parse(Some("https://sandan.example.go.kr"), "127.0.0.1").unwrap();
    let app = TestApp::all_deployed(https).await.remove(0);
    app.db
        .store
        .create_user("lee", "이주무관", TEST_PASSWORD, &[Role::ProgramOffice], None, &SETUP)
        .await
        .unwrap();
    let form_page = app
        .client
        .get(format!("{}/sign-in", app.base))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(
        form_page.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let set = form_page.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set.starts_with("__Host-sandan_csrf=") && set.contains("; Secure") && set.contains("Path=/"),
        "{set}"
    );
    let cookie = set.split(';').next().unwrap().to_string();
    let html = scraper::Html::parse_document(&form_page.text().await.unwrap());
    let csrf = common::select(&html, "input[name=csrf]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_string();
    let signed = app
        .client
        .post(format!("{}/sign-in", app.base))
        .header("cookie", cookie)
        .header("x-forwarded-proto", "https")
        .form(&[("login", "lee"), ("password", TEST_PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 303);
    let session = signed.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        session.starts_with("__Host-sandan_session=") && session.contains("; Secure"),
        "{session}"
    );
    let account = app
        .client
        .get(format!("{}/account", app.base))
        .header("cookie", session.split(';').next().unwrap())
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(account.status(), 200, "the __Host- session is read back");

    let plain = app
        .client
        .get(format!("{}/rounds/2021?lang=en", app.base))
        .header("x-forwarded-proto", "http")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 308);
    assert_eq!(
        plain.headers()["location"],
        "https://sandan.example.go.kr/rounds/2021?lang=en"
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_answer_only_allowed_addresses() {
    for app in TestApp::all().await {
        let kim = app.signed_in("kim", &[sandan_domain::Role::Evaluator]).await;
        let letter = sandan_domain::mail::verification("kim", "kim@univ.ac.kr", "/x".into());
        let address = sandan_domain::mail::Email::parse("kim@univ.ac.kr").unwrap();
        let change = sandan_store::Change {
            actor: "kim",
            source: "test",
            at: "2026-12-03T00:00:00Z",
        };
        app.db
            .store
            .set_email(kim.user, &address, "t", 0, &letter, &change)
            .await
            .unwrap();
        for _ in 0..3 {
            assert_eq!(app.get("/rounds/2021").await.status(), 200);
        }
        assert_eq!(app.get("/rounds/1999").await.status(), 404);
        let response = app.get("/metrics").await;
        assert_eq!(response.status(), 200, "{}: this machine may read them", app.label());
        let text = response.text().await.unwrap();
        let count = |line: &str| {
            text.lines()
                .find(|l| l.starts_with(line))
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap_or_else(|| panic!("{line} in {text}"))
        };
        assert_eq!(
            count(r#"sandan_http_requests_total{method="GET",route="/rounds/{year}",status="200"}"#),
            3.0
        );
        assert_eq!(
            count(r#"sandan_http_requests_total{method="GET",route="/rounds/{year}",status="404"}"#),
            1.0
        );
        assert!(count(r#"sandan_http_request_duration_seconds_count{method="GET",route="/rounds/{year}"}"#) >= 4.0);
        assert!(
            count("sandan_read_cache_hits_total") >= 1.0,
            "the second view of a round is a hit"
        );
        assert!(count("sandan_db_read_connections") >= 1.0);
        assert_eq!(
            count(r#"sandan_mail_messages{status="queued"}"#),
            1.0,
            "the verification link waits"
        );
        assert_eq!(count(r#"sandan_mail_messages{status="failed"}"#), 0.0);
        assert!(!text.contains("/rounds/2021"), "raw paths never become series");
    }
    let elsewhere = Deployment::parse_with_metrics(None, "", "10.0.0.0/8").unwrap();
    let app = TestApp::all_deployed(elsewhere).await.remove(0);
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("metrics_from"));

    // Behind a proxy on this machine, the proxy's loopback address is not the client's: the
    // internet client it forwards for is refused, the monitoring host it forwards for is let in.
    let proxied = Deployment::parse_with_metrics(None, "127.0.0.1", "10.9.0.0/16").unwrap();
    let app = TestApp::all_deployed(proxied).await.remove(0);
    for (client, status) in [("203.0.113.9", 403), ("10.9.0.5", 200)] {
        let response = app
            .client
            .get(format!("{}/metrics", app.base))
            .header("x-forwarded-for", client)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "forwarded for {client}");
    }
    let local_default = Deployment::parse_with_metrics(None, "127.0.0.1", "").unwrap();
    let app = TestApp::all_deployed(local_default).await.remove(0);
    let response = app
        .client
        .get(format!("{}/metrics", app.base))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        403,
        "a proxy on loopback does not make its clients local"
    );
}
