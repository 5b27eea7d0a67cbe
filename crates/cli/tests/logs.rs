//! Structured logs: with SANDAN_LOG_FORMAT=json the server writes one JSON object per line, and a
//! request's line carries its id (the one the response returns), method, path, status and time.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use sandan_store::testing::TestDb;

#[tokio::test]
async fn json_logs_carry_each_requests_id_status_and_time() {
    let db = TestDb::sqlite().await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sandan"))
        .args(["--database-url", &db.url, "serve", "--addr", "127.0.0.1:0"])
        .env("SANDAN_LOG", "info")
        .env("SANDAN_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line.trim().strip_prefix("listening on ").unwrap().to_string();
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
