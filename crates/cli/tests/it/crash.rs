//! Crash safety: the real server, under write load from several clients, is killed with SIGKILL
//! mid-stream, on SQLite and PostgreSQL. Afterwards every write the server acknowledged is in
//! the database, every write that is there is whole (the program and its audit entry, in one
//! transaction), the audit chain verifies, and the server starts again on the same database.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sandan_domain::Role;
use sandan_store::Store;
use sandan_store::testing::{TestDb, signed_in};

use crate::common;

const CLIENTS: usize = 6;
const PREFIX: &str = "충돌시험 지원사업";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_server_loses_no_acknowledged_write_and_leaves_none_half_done() {
    for db in TestDb::all().await {
        let label = db.backend().name();
        let office = signed_in(&db.store, "office", "주관부처", &[Role::ProgramOffice]).await;
        let (cookie, csrf) = (office.cookie, office.csrf);
        let (mut child, base) = common::serve(&db.url, &[], Stdio::null());
        let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let mut tasks = Vec::new();
        for c in 0..CLIENTS {
            let (client, base, cookie, csrf, acknowledged) = (
                client.clone(),
                base.clone(),
                cookie.clone(),
                csrf.clone(),
                acknowledged.clone(),
            );
            tasks.push(tokio::spawn(async move {
                for i in 0.. {
                    let name = format!("{PREFIX} {c}-{i}");
                    let form = [("csrf", csrf.as_str()), ("name", name.as_str()), ("ministry", "산림청")];
                    match client
                        .post(format!("{base}/programs"))
                        .header("cookie", &cookie)
                        .form(&form)
                        .send()
                        .await
                    {
                        Ok(r) if r.status() == 303 => acknowledged.lock().unwrap().push(name),
                        Ok(r) => panic!("{name}: {}", r.status()),
                        Err(_) => break, // the server is gone
                    }
                }
            }));
        }
        // Kill once a good number of writes are in and more are in flight.
        while acknowledged.lock().unwrap().len() < 60 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        child.kill().expect("SIGKILL the server");
        child.wait().unwrap();
        for t in tasks {
            t.await.unwrap();
        }
        let acknowledged = acknowledged.lock().unwrap().clone();

        let store = Store::connect(&db.url).await.unwrap();
        let stored: Vec<String> = store
            .programs()
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.program.name)
            .filter(|n| n.starts_with(PREFIX))
            .collect();
        for name in &acknowledged {
            assert!(stored.contains(name), "{label}: acknowledged {name} was lost");
        }
        let audited = store
            .audit_log(100_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "program.add" && e.after.as_deref().is_some_and(|a| a.contains(PREFIX)))
            .count();
        assert_eq!(
            audited,
            stored.len(),
            "{label}: every stored program has its audit entry and no more"
        );
        assert!(stored.len() >= acknowledged.len(), "{label}");
        let check = store.verify_audit().await.unwrap();
        assert!(check.is_intact(), "{label}: {check}");

        let (mut again, base) = common::serve(&db.url, &[], Stdio::null());
        let health = client.get(format!("{base}/health")).send().await.unwrap();
        assert_eq!(health.status(), 200, "{label}: the server starts again");
        again.kill().ok();
        again.wait().ok();
        println!(
            "{label}: {} acknowledged, {} stored (in flight at the kill: {})",
            acknowledged.len(),
            stored.len(),
            stored.len() - acknowledged.len()
        );
    }
}
