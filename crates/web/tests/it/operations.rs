//! Operations: the health endpoint says whether the database answers, and every response carries
//! the id its request is logged under — on SQLite and PostgreSQL.

use crate::common;

use common::TestApp;

#[tokio::test]
async fn health_reports_the_database_and_turns_503_when_it_stops_answering() {
    for app in TestApp::all().await {
        let label = app.label();
        let (status, body) = app.json("/health").await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(body["status"], "ok", "{label}");
        assert_eq!(body["database"], label, "{label}");
        assert!(body["schema_version"].as_i64().unwrap() >= 5, "{label}: {body}");

        app.db.store.close().await;
        let (status, body) = app.json("/health").await;
        assert_eq!(status, 503, "{label}");
        assert_eq!(body["status"], "unavailable", "{label}");
        assert!(body.get("schema_version").is_none(), "{label}");
    }
}

#[tokio::test]
async fn every_response_carries_its_request_id_and_a_callers_sane_id_is_kept() {
    for app in TestApp::all().await {
        let label = app.label();
        let first = app.get("/").await;
        let second = app.get("/no-such-page").await;
        let id = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_string();
        assert_ne!(id(&first), id(&second), "{label}: each request its own id");
        assert_eq!(second.status(), 404, "{label}: errors carry one too");
        let send = |sent: &'static str| {
            app.client
                .get(format!("{}/health", app.base))
                .header("x-request-id", sent)
                .send()
        };
        assert_eq!(id(&send("lb-7f3a-0001").await.unwrap()), "lb-7f3a-0001", "{label}");
        let made = id(&send("<script>").await.unwrap());
        assert_ne!(made, "<script>", "{label}: an unsafe id is replaced");
        assert!(
            made.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
            "{label}: {made}"
        );
    }
}
