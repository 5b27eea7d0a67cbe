//! The plan page's latency and throughput, against the same server's static-file throughput,
//! in one run: `cargo bench -p sandan-web --bench plan_page`.
//!
//! The server runs in-process on a fresh database (SQLite, and PostgreSQL too when
//! SANDAN_TEST_POSTGRES_URL is set) loaded with the bundled record; a keep-alive client with
//! CONCURRENCY connections requests each path for DURATION after a warm-up. Client and server
//! share the machine's cores, so the figures are a floor, comparable between runs on one machine.

use std::time::{Duration, Instant};

use sandan_domain::bundled;
use sandan_store::Change;
use sandan_store::testing::TestDb;
use sandan_web::{AppState, Assets};

const CONCURRENCY: usize = 8;
const WARM_UP: Duration = Duration::from_secs(1);
const DURATION: Duration = Duration::from_secs(5);

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
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = AppState {
            store: db.store.clone(),
        };
        tokio::spawn(async move { sandan_web::serve(listener, state, &Assets::locate()).await });

        println!("\n{}", db.backend().name());
        println!(
            "{:<28} {:>10} {:>9} {:>9} {:>9} {:>9}",
            "path", "req/s", "p50 ms", "p95 ms", "p99 ms", "bytes"
        );
        let mut static_rate = None;
        let mut rates = Vec::new();
        for (name, path) in PATHS {
            let result = measure(&format!("{base}{path}")).await;
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

struct Measured {
    latencies: Vec<Duration>,
    rate: f64,
    bytes: usize,
}

impl Measured {
    fn percentile(&self, p: f64) -> Duration {
        let i = ((p / 100.0) * (self.latencies.len() - 1) as f64).round() as usize;
        self.latencies[i]
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn measure(url: &str) -> Measured {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .unwrap();
    run(&client, url, WARM_UP).await;
    let started = Instant::now();
    let (mut latencies, bytes) = run(&client, url, DURATION).await;
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Measured {
        rate: latencies.len() as f64 / elapsed.as_secs_f64(),
        latencies,
        bytes,
    }
}

/// CONCURRENCY workers requesting `url` until `duration` has passed; every response must be 200.
async fn run(client: &reqwest::Client, url: &str, duration: Duration) -> (Vec<Duration>, usize) {
    let deadline = Instant::now() + duration;
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, url) = (client.clone(), url.to_string());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut bytes = 0;
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let response = client.get(&url).send().await.expect("request");
                    assert_eq!(response.status(), 200, "{url}");
                    bytes = response.bytes().await.expect("body").len();
                    latencies.push(t.elapsed());
                }
                (latencies, bytes)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut bytes = 0;
    for w in workers {
        let (l, b) = w.await.unwrap();
        all.extend(l);
        bytes = b;
    }
    (all, bytes)
}
