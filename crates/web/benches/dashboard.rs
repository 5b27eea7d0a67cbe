//! The dashboards, the impact pages, the 애로사항 statistics and the complex with the most reports,
//! and the 할 일 inbox of the office, a ministry and a province, on a national-scale synthetic
//! dataset — 1,330 complexes, 10 rounds of 17 plans, 50 projects a plan, 50,000 firms, 200,000
//! measurements, 20,000 애로사항 — against the same server's static-file throughput, with the
//! memory the process holds: `cargo bench -p sandan-web --bench dashboard`.
//!
//! The dataset is generated once into a SQLite file under target/bench-data (rebuilt when missing,
//! unfinished, or made by another generator version) and, when SANDAN_TEST_POSTGRES_URL is set,
//! loaded into a fresh PostgreSQL database each run. The server runs in-process; requests go as in
//! plan_page.rs. A path that does not answer 200 is measured and reported with its status, so the
//! bench runs before every dashboard route exists.

mod common;
mod memory;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{CONCURRENCY, DURATION, WARM_UP, measure_as, ms};
use memory::memory;
use sandan_domain::Role;
use sandan_domain::synthetic::{GENERATOR_VERSION, NationalDataset, Scale, generate};
use sandan_store::synthetic::{LoadCounts, RecordState};
use sandan_store::testing::TestDb;
use sandan_store::{Change, Store};

const SEED: u64 = 1;

/// The headers a measured request carries (name, value).
type Sent<'a> = Vec<(&'static str, &'a str)>;
const RESULTS_ROUND: i32 = 2015;

const LOAD: Change<'static> = Change {
    actor: "bench:generate",
    source: "bench",
    at: "2026-12-01T00:00:00Z",
};

#[tokio::main]
async fn main() {
    println!(
        "concurrency {CONCURRENCY}, {}s per path after {}s warm-up",
        DURATION.as_secs(),
        WARM_UP.as_secs()
    );
    let started = Instant::now();
    let data = generate(Scale::national(), SEED).expect("the national scale is valid");
    println!(
        "generated the national dataset (seed {SEED}) in {:.1}s: {:?}",
        secs(started.elapsed()),
        data.counts()
    );
    let paths = paths(&data);
    let readers = readers(&data);

    let mut stores: Vec<(String, Store)> = vec![("SQLite".into(), sqlite(&data).await)];
    let postgres = match std::env::var("SANDAN_TEST_POSTGRES_URL") {
        Ok(admin) => {
            let db = TestDb::postgres(&admin).await;
            let started = Instant::now();
            let counts = db
                .store
                .load_national(&data, &LOAD)
                .await
                .expect("load into PostgreSQL");
            println!(
                "PostgreSQL: loaded in {:.1}s ({})",
                secs(started.elapsed()),
                rows(&counts)
            );
            stores.push(("PostgreSQL".into(), db.store.clone()));
            Some(db)
        }
        Err(_) => None,
    };
    drop(data);
    println!("memory after loading (dataset dropped): {}", memory());

    for (name, store) in stores {
        let mut sessions = Vec::new();
        for (login, role) in &readers {
            // The cached SQLite file keeps earlier runs' accounts: each run signs in its own.
            let login = format!("{login}-{}", std::process::id());
            let session = sandan_store::testing::signed_in(&store, &login, &login, std::slice::from_ref(role)).await;
            sessions.push((format!("할 일 ({})", role.korean()), session.cookie));
        }
        let base = common::serve(store).await;
        println!("\n{name}");
        println!(
            "{:<30} {:>7} {:>6} {:>9} {:>10} {:>10} {:>10} {:>9}",
            "path", "status", "n", "req/s", "p50 ms", "p95 ms", "p99 ms", "bytes"
        );
        let mut results = Vec::new();
        let signed_in = sessions
            .iter()
            .map(|(label, cookie)| (label.clone(), "/tasks".to_string(), vec![("cookie", cookie.as_str())]));
        // The public reads ask for gzip, as browsers do; the national JSON also without, as a
        // script that does not ask would read it.
        let plain = (
            "JSON dashboard, uncompressed".to_string(),
            "/api/v1/dashboard".to_string(),
            vec![],
        );
        let all: Vec<(String, String, Sent)> = paths
            .iter()
            .map(|(label, path)| (label.clone(), path.clone(), vec![("accept-encoding", "gzip")]))
            .chain(std::iter::once(plain))
            .chain(signed_in)
            .collect();
        for (label, path, sent) in &all {
            let result = measure_as(&format!("{base}{path}"), sent).await;
            println!(
                "{label:<30} {:>7} {:>6} {:>9.1} {:>10.1} {:>10.1} {:>10.1} {:>9}",
                result.status(),
                result.latencies.len(),
                result.rate,
                ms(result.percentile(50.0)),
                ms(result.percentile(95.0)),
                ms(result.percentile(99.0)),
                result.bytes
            );
            results.push((label, path, result));
        }
        let static_rate = results
            .iter()
            .find(|(_, path, r)| path.starts_with("/static") && r.all_ok())
            .map(|(_, _, r)| r.rate);
        if let Some(s) = static_rate {
            for (label, _, r) in results.iter().filter(|(_, path, _)| !path.starts_with("/static")) {
                let note = if r.all_ok() {
                    String::new()
                } else {
                    format!(" (status {}, not the page)", r.status())
                };
                println!("{label}: {:.2}% of static-file throughput{note}", 100.0 * r.rate / s);
            }
        }
        println!("memory after the {name} run: {}", memory());
    }
    drop(postgres);
}

/// The paths measured: the home page, a round, the complexes, the national dashboards, the
/// package matrix, one generated plan's results page, the 애로사항 statistics, the page of the
/// complex with the most reports (its statistics are counted on every request), the JSON twins,
/// and a static file as the yardstick.
fn paths(data: &NationalDataset) -> Vec<(String, String)> {
    let region = data
        .packages
        .iter()
        .find(|p| p.round == RESULTS_ROUND)
        .map(|p| p.region)
        .expect("the national scale has plans in 2015");
    let busiest = busiest_complex(data);
    vec![
        ("home".into(), "/".into()),
        (format!("round {RESULTS_ROUND}"), format!("/rounds/{RESULTS_ROUND}")),
        ("complexes index".into(), "/complexes".into()),
        ("national overview".into(), "/dashboard".into()),
        ("jobs dashboard".into(), "/dashboard/jobs".into()),
        ("package matrix".into(), "/package".into()),
        ("impact (cached estimate)".into(), "/impact".into()),
        ("impact cohort 2015".into(), "/impact/2015".into()),
        (
            format!("plan results ({RESULTS_ROUND} {})", region.short_name()),
            format!("/rounds/{RESULTS_ROUND}/plans/{}/results", encode(region.short_name())),
        ),
        ("grievance statistics".into(), "/grievances/statistics".into()),
        (
            format!("complex page ({} reports)", busiest.1),
            format!("/complexes/{}", busiest.0),
        ),
        ("JSON overview".into(), "/api/v1/overview".into()),
        ("JSON dashboard".into(), "/api/v1/dashboard".into()),
        (
            format!("JSON dashboard, cohort {RESULTS_ROUND}"),
            format!("/api/v1/dashboard?round={RESULTS_ROUND}"),
        ),
        (
            format!("JSON round {RESULTS_ROUND}"),
            format!("/api/v1/rounds/{RESULTS_ROUND}"),
        ),
        ("JSON complexes (100)".into(), "/api/v1/complexes?limit=100".into()),
        ("static file (sandan.css)".into(), "/static/sandan.css".into()),
    ]
}

/// The complex most reports name, and how many.
fn busiest_complex(data: &NationalDataset) -> (String, usize) {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for g in &data.grievances {
        *counts.entry(g.filing.complex.0.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
        .map(|(id, n)| (id.to_string(), n))
        .expect("the national scale has reports")
}

/// Who reads the inbox: the office, the ministry of the first program, the region of the first
/// package — each signed in afresh on each database.
fn readers(data: &NationalDataset) -> Vec<(String, Role)> {
    vec![
        ("bench-office".into(), Role::ProgramOffice),
        (
            "bench-ministry".into(),
            Role::MinistryOfficer {
                ministry: data.programs[0].ministry.clone(),
            },
        ),
        (
            "bench-province".into(),
            Role::ProvincialOfficer {
                region: data.packages[0].region,
            },
        ),
    ]
}

/// The cached SQLite database, loaded first if it is missing or was never finished.
async fn sqlite(data: &NationalDataset) -> Store {
    let file = cache_dir().join(format!("national-g{GENERATOR_VERSION}-s{SEED}.db"));
    let timing = file.with_extension("load-time");
    if let Some(store) = cached(&file).await {
        let first = std::fs::read_to_string(&timing).unwrap_or_else(|_| "?".into());
        println!(
            "SQLite: cached {} (first load took {}s; delete the file to load again)",
            file.display(),
            first.trim()
        );
        return store;
    }
    for stale in [
        file.clone(),
        file.with_extension("db-wal"),
        file.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(stale);
    }
    std::fs::create_dir_all(file.parent().unwrap()).expect("create target/bench-data");
    let store = open(&file).await.expect("create the SQLite database");
    let started = Instant::now();
    let counts = store.load_national(data, &LOAD).await.expect("load into SQLite");
    let took = secs(started.elapsed());
    let _ = std::fs::write(&timing, format!("{took:.1}"));
    println!("SQLite: loaded {} in {took:.1}s ({})", file.display(), rows(&counts));
    store
}

async fn cached(file: &Path) -> Option<Store> {
    if !file.exists() {
        return None;
    }
    let store = open(file).await.ok()?;
    (store.record_state().await.ok()? == RecordState::Synthetic).then_some(store)
}

async fn open(file: &Path) -> Result<Store, sandan_store::StoreError> {
    let store = Store::connect(&format!("sqlite://{}?mode=rwc", file.display())).await?;
    store.migrate().await?;
    Ok(store)
}

fn cache_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("bench-data")
}

fn rows(c: &LoadCounts) -> String {
    format!(
        "{} projects, {} budget lines, {} executions, {} measurements, {} firms, {} 애로사항 with {} history lines",
        c.projects, c.budget_lines, c.executions, c.measurements, c.firms, c.grievances, c.grievance_events
    )
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// Percent-encodes everything but unreserved ASCII, as a path segment needs.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
