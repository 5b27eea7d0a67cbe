//! Structured logs: with SANDAN_LOG_FORMAT=json the server writes one JSON object per line, and a
//! request's line carries its id (the one the response returns), method, path, status and time.

use std::process::{Command, Stdio};

use sandan_store::testing::TestDb;

use crate::common;

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
    assert_eq!(request["fields"]["status"], 200);
    assert!(request["fields"]["ms"].as_f64().is_some());
    assert!(request["timestamp"].is_string() && request["level"] == "INFO");
}
