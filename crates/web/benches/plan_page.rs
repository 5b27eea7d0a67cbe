//! The plan page's latency and throughput, against the same server's static-file throughput,
//! in one run: `cargo bench -p sandan-web --bench plan_page`.
//!
//! The server runs in-process on a fresh database (SQLite, and PostgreSQL too when
//! SANDAN_TEST_POSTGRES_URL is set) loaded with the bundled record; a keep-alive client with
//! CONCURRENCY connections requests each path for DURATION after a warm-up. Client and server
//! share the machine's cores, so the figures are a floor, comparable between runs on one machine.

mod common;

use common::{CONCURRENCY, DURATION, WARM_UP, measure_as, ms};
use sandan_domain::bundled;
use sandan_store::Change;
use sandan_store::testing::TestDb;

const PATHS: [(&str, &str); 4] = [
    ("plan page (2021 경기)", "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0"),
    ("plan JSON (2021 경기)", "/api/v1/rounds/2021/plans/%EA%B2%BD%EA%B8%B0"),
    ("home page", "/"),
    ("static file (sandan.css)", "/static/sandan.css"),
];

#[tokio::main]
async fn main() {
    println!(
        "concurrency {CONCURRENCY}, {}s per path after {}s warm-up",
        DURATION.as_secs(),
        WARM_UP.as_secs()
    );
    for db in TestDb::all().await {
        db.store
            .load_if_empty(
                &bundled(),
                &Change {
                    actor: "bench",
                    source: "bench",
                    at: "2026-11-25T00:00:00Z",
                },
            )
            .await
            .expect("load the bundled record");
        let base = common::serve(db.store.clone()).await;

        println!("\n{}", db.backend().name());
        println!(
            "{:<28} {:>10} {:>9} {:>9} {:>9} {:>9}",
            "path", "req/s", "p50 ms", "p95 ms", "p99 ms", "bytes"
        );
        let mut static_rate = None;
        let mut rates = Vec::new();
        for (name, path) in PATHS {
            let url = format!("{base}{path}");
            let result = measure_as(&url, &[]).await;
            assert!(result.all_ok(), "{url}: {}", result.status());
            println!(
                "{name:<28} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>9}",
                result.rate,
                ms(result.percentile(50.0)),
                ms(result.percentile(95.0)),
                ms(result.percentile(99.0)),
                result.bytes
            );
            if path.starts_with("/static") {
                static_rate = Some(result.rate);
            }
            rates.push((name, result.rate));
        }
        if let Some(s) = static_rate {
            for (name, rate) in rates.iter().filter(|(n, _)| !n.starts_with("static")) {
                println!("{name}: {:.0}% of static-file throughput", 100.0 * rate / s);
            }
        }
    }
}
