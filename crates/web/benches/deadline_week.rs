//! The deadline week: all 17 provinces saving their plans at once while the public reads the
//! results, against the same server's static-file throughput, on SQLite and PostgreSQL:
//! `cargo bench -p sandan-web --bench deadline_week` (PostgreSQL too with SANDAN_TEST_POSTGRES_URL).
//!
//! CLIENTS keep-alive clients run together for DURATION after a warm-up: one per province saving
//! its draft's overview section (each save at the version the last one returned, so every save
//! is a real write through the audit chain), the rest reading the round, a plan, the dashboard
//! and the published results in turn. Then the same number of clients fetch a static file. The
//! server and the clients share the process and the machine's two cores, so the figures are a
//! floor; peak memory (VmHWM) is the whole process's, clients included.

#[allow(dead_code)] // this bench uses the server, not the single-path client
mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::ms;
use sandan_domain::call::Call;
use sandan_domain::{Day, Region, Role, bundled};
use sandan_store::testing::{TestDb, round_open_until, signed_in};
use sandan_store::{Change, Store};

const CLIENTS: usize = 50;
const WARM_UP: Duration = Duration::from_secs(2);
const DURATION: Duration = Duration::from_secs(10);
const SETUP: Change<'static> = Change {
    actor: "bench",
    source: "bench",
    at: "2026-12-02T00:00:00Z",
};
const READS: [(&str, &str); 4] = [
    ("read: round page", "/rounds/2021"),
    ("read: plan page", "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0"),
    ("read: dashboard", "/dashboard"),
    ("read: round JSON", "/api/v1/rounds/2021"),
];

type Samples = BTreeMap<&'static str, (Vec<Duration>, BTreeMap<u16, usize>)>;

async fn ready(store: &Store) -> Vec<(Region, String, String)> {
    store.load_if_empty(&bundled(), &SETUP).await.unwrap();
    let round = round_open_until(2027, Day::ymd(2099, 3, 2));
    store.open_round(&round, &Call::new(2027), &SETUP).await.unwrap();
    let mut sessions = Vec::new();
    for region in Region::all() {
        let login = format!("officer-{}", region.slug());
        let s = signed_in(store, &login, &login, &[Role::ProvincialOfficer { region }]).await;
        sessions.push((region, s.cookie, s.csrf));
    }
    sessions
}

fn record(samples: &mut Samples, kind: &'static str, t: Instant, status: u16) {
    let entry = samples.entry(kind).or_default();
    entry.0.push(t.elapsed());
    *entry.1.entry(status).or_insert(0) += 1;
}

/// Each province's draft version, carried from one run to the next as an official's open form is.
type Versions = Arc<std::sync::Mutex<BTreeMap<Region, i64>>>;

async fn mixed(
    base: &str,
    sessions: &[(Region, String, String)],
    versions: &Versions,
    duration: Duration,
) -> (Samples, Duration) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let mut workers = Vec::new();
    for (region, cookie, csrf) in sessions.iter().cloned() {
        let (client, base, versions) = (client.clone(), base.to_string(), versions.clone());
        workers.push(tokio::spawn(async move {
            let mut samples = Samples::new();
            let url = format!("{base}/rounds/2027/proposals/{}/edit/overview", region.slug());
            let mut n = 0;
            while Instant::now() < deadline {
                let version = *versions.lock().unwrap().entry(region).or_insert(0);
                let vision = format!("{} 혁신 비전 {n}", region.short_name());
                let form = [
                    ("csrf", csrf.as_str()),
                    ("version", &version.to_string()),
                    ("industries", "전기전자\n기계장비"),
                    ("vision", vision.as_str()),
                ];
                let t = Instant::now();
                let status = match client.post(&url).header("cookie", &cookie).form(&form).send().await {
                    Ok(r) => r.status().as_u16(),
                    Err(_) => 0,
                };
                if status == 303 {
                    versions.lock().unwrap().insert(region, version + 1);
                }
                record(&mut samples, "write: province saves its draft", t, status);
                n += 1;
            }
            samples
        }));
    }
    for i in 0..CLIENTS - sessions.len() {
        let (client, base) = (client.clone(), base.to_string());
        workers.push(tokio::spawn(async move {
            let mut samples = Samples::new();
            let mut k = i;
            while Instant::now() < deadline {
                let (kind, path) = READS[k % READS.len()];
                k += 1;
                let t = Instant::now();
                let status = match client.get(format!("{base}{path}")).send().await {
                    Ok(r) => {
                        let s = r.status().as_u16();
                        let _ = r.bytes().await;
                        s
                    }
                    Err(_) => 0,
                };
                record(&mut samples, kind, t, status);
            }
            samples
        }));
    }
    let mut all = Samples::new();
    for w in workers {
        for (kind, (lat, statuses)) in w.await.unwrap() {
            let entry = all.entry(kind).or_default();
            entry.0.extend(lat);
            for (s, n) in statuses {
                *entry.1.entry(s).or_insert(0) += n;
            }
        }
    }
    (all, started.elapsed())
}

async fn static_rate(base: &str) -> f64 {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (client, url) = (client.clone(), format!("{base}/static/sandan.css"));
            tokio::spawn(async move {
                let mut n = 0usize;
                while Instant::now() < deadline {
                    if let Ok(r) = client.get(&url).send().await {
                        let _ = r.bytes().await;
                    }
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut total = 0;
    for w in workers {
        total += w.await.unwrap();
    }
    total as f64 / started.elapsed().as_secs_f64()
}

fn peak_memory_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    println!(
        "{CLIENTS} clients (17 provinces writing, the rest reading) for {}s after {}s warm-up",
        DURATION.as_secs(),
        WARM_UP.as_secs()
    );
    for db in TestDb::all().await {
        let sessions = ready(&db.store).await;
        let base = common::serve(db.store.clone()).await;
        let versions = Versions::default();
        mixed(&base, &sessions, &versions, WARM_UP).await;
        let (samples, elapsed) = mixed(&base, &sessions, &versions, DURATION).await;
        let statics = static_rate(&base).await;
        println!("\n{} — static file alone: {statics:.0} req/s", db.backend().name());
        println!(
            "{:<34} {:>8} {:>8} {:>8} {:>8} {:>9}  statuses",
            "request", "req/s", "p50 ms", "p95 ms", "p99 ms", "÷ static"
        );
        let mut total = 0.0;
        for (kind, (mut latencies, statuses)) in samples {
            latencies.sort_unstable();
            let p = |q: f64| ms(latencies[((q / 100.0) * (latencies.len() - 1) as f64).round() as usize]);
            let rate = latencies.len() as f64 / elapsed.as_secs_f64();
            total += rate;
            println!(
                "{kind:<34} {rate:>8.0} {:>8.1} {:>8.1} {:>8.1} {:>8.1}%  {statuses:?}",
                p(50.0),
                p(95.0),
                p(99.0),
                100.0 * rate / statics
            );
        }
        println!(
            "{:<34} {total:>8.0} {:>36.1}%",
            "all dynamic requests together",
            100.0 * total / statics
        );
        println!(
            "peak memory of the process so far (server and clients): {:.0} MB",
            peak_memory_mb()
        );
    }
}
