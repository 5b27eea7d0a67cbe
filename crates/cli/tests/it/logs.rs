//! Logs. With SANDAN_LOG_FORMAT=json the server writes one JSON object per line, and a
//! request's line carries its id (the one the response returns), method, path, status and time.
//! Plain logs carry no colour codes when they go to a file or a pipe, and a routine command on
//! PostgreSQL logs nothing at the default level (it printed the migrator's NOTICE "relation
//! _sqlx_migrations already exists, skipping" as an INFO line on every run).

use std::process::{Command, Stdio};

use sandan_store::testing::TestDb;

use crate::common;
use common::{sandan_as_deployed, stderr};

#[tokio::test]
async fn json_logs_carry_each_requests_id_status_and_time() {
    let db = TestDb::sqlite().await;
    let (child, base) = common::serve(
        &db.url,
        &[("SANDAN_LOG", "info"), ("SANDAN_LOG_FORMAT", "json")],
        Stdio::piped(),
    );
    let response = reqwest::Client::new()
        .get(format!("{base}/health"))
        .header("x-request-id", "deadline-week-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "deadline-week-42");
    // SIGTERM: the server finishes and flushes its log.
    Command::new("kill").arg(child.id().to_string()).status().unwrap();
    let output = child.wait_with_output().unwrap();
    let logs = String::from_utf8(output.stderr).unwrap();
    let entries: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    let request = entries
        .iter()
        .find(|e| e["span"]["id"] == "deadline-week-42")
        .unwrap_or_else(|| panic!("the request's line: {logs}"));
    assert_eq!(request["span"]["path"], "/health");
    assert_eq!(request["span"]["method"], "GET");
    assert_eq!(request["span"]["client"], "127.0.0.1");
    assert_eq!(request["fields"]["status"], 200);
    assert!(request["fields"]["ms"].as_f64().is_some());
    assert!(request["timestamp"].is_string() && request["level"] == "INFO");
}

#[tokio::test]
async fn migrating_postgresql_again_and_again_logs_nothing_at_the_default_level() {
    let Ok(admin) = std::env::var("SANDAN_TEST_POSTGRES_URL") else {
        return;
    };
    // The test database is migrated once already; these are the second and third runs.
    let db = TestDb::postgres(&admin).await;
    for _ in 0..2 {
        let o = sandan_as_deployed(&db.url, &["migrate"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let logs = stderr(&o);
        assert!(!logs.contains('\x1b'), "no colour codes: {logs:?}");
        assert!(!logs.contains("INFO"), "no INFO line: {logs}");
        assert_eq!(logs, "", "nothing at all to report");
    }
}

#[tokio::test]
async fn log_lines_to_a_pipe_carry_no_colour_codes() {
    let db = TestDb::sqlite().await;
    let out = std::env::temp_dir().join(format!("sandan-plain-logs-{}.json", std::process::id()));
    // The first use of a database loads the bundled record and says so at INFO.
    let o = sandan_as_deployed(&db.url, &["export", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let logs = stderr(&o);
    assert!(logs.contains(" INFO ") && logs.contains("번들 기록"), "{logs}");
    assert!(!logs.contains('\x1b'), "no colour codes: {logs:?}");
    std::fs::remove_file(&out).ok();
}
