//! The deadline week on the national dataset, against the real server in its own process, on
//! SQLite and PostgreSQL: `cargo bench -p sandan --bench deadline_week` (PostgreSQL too with
//! SANDAN_TEST_POSTGRES_URL).
//!
//! Each backend gets a fresh database filled by `sandan generate --scale national`, a round open
//! for applications and a round being scored. Then `sandan serve` runs as a child process and
//! CLIENTS keep-alive clients in this process run the mix for DURATION after a warm-up (see
//! `mix.rs`): every province saving and submitting its plan, a panel of evaluators scoring, the
//! public reading the results. Then the same clients fetch a static file, so each figure can be
//! read as a share of what this server does with no work at all, in the same run.
//!
//! With SANDAN_BENCH_WRITES_ONLY set, only the provinces and the evaluators run: what the
//! writes cost without the public's reads competing for the same two cores.
//!
//! With SANDAN_BENCH_WRITE_EVERY_MS set, each province and evaluator sends one request every
//! that many milliseconds instead of the next as soon as the last is answered. Closed loop, 29
//! writers are always waiting and their latency is 29 ÷ the server's throughput (Little's law);
//! paced, the latency is that of a write at a given rate, which is what an official sees.
//!
//! With SANDAN_BENCH_NGINX naming an nginx binary, the PostgreSQL run is followed by the same
//! mix through nginx in front of one instance and then two on the same database, as a ministry
//! would deploy it for availability.
//!
//! Latency is given twice: as the client saw it, and as the server logged it (the `ms` of its
//! JSON request log, found by the request id the client sent) — the server's own time, without
//! the client's queueing on a machine whose two cores both sides share. Peak memory is the
//! server process's own VmHWM.

// The benchmark starts the server as the tests do; it uses only part of their helpers.
#[path = "../../tests/it/common.rs"]
#[allow(dead_code)]
mod common;
mod mix;
mod setup;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mix::{Kind, Outcome, Samples};
use sandan_store::testing::TestDb;

pub const CLIENTS: usize = 50;
const WARM_UP: Duration = Duration::from_secs(3);
const DURATION: Duration = Duration::from_secs(15);
const STATIC_DURATION: Duration = Duration::from_secs(5);

/// The server's own time for each request, by the kind the request id names.
type ServerTimes = Arc<Mutex<BTreeMap<Kind, Vec<f64>>>>;

/// Reads the server's JSON log as it is written (so the pipe never fills), keeping each
/// request's `ms` under the kind its id starts with.
fn collect_server_times(stderr: std::process::ChildStderr, times: &ServerTimes) {
    let sink = times.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let Ok(entry) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let (Some(id), Some(ms)) = (entry["span"]["id"].as_str(), entry["fields"]["ms"].as_f64()) else {
                continue;
            };
            if let Some(kind) = Kind::of_request_id(id) {
                sink.lock().unwrap().entry(kind).or_default().push(ms);
            }
        }
    });
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((q / 100.0) * (sorted.len() - 1) as f64).round() as usize]
}

fn sorted(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    values
}

fn memory_mb(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn report(backend: &str, samples: Samples, server: &BTreeMap<Kind, Vec<f64>>, elapsed: Duration, statics: f64) {
    println!("\n{backend} — static file alone: {statics:.0} req/s ({CLIENTS} clients)");
    println!(
        "{:<38} {:>7} {:>8}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  statuses",
        "request", "req/s", "÷static", "p50", "p95", "p99", "p50", "p95", "p99"
    );
    println!(
        "{:<38} {:>7} {:>8}  {:^20}  {:^20}",
        "", "", "", "client ms", "server ms"
    );
    let mut total = 0.0;
    let mut all_server = Vec::new();
    for (kind, Outcome { latencies, statuses }) in samples {
        let client = sorted(latencies);
        let own = sorted(server.get(&kind).cloned().unwrap_or_default());
        all_server.extend_from_slice(&own);
        let rate = client.len() as f64 / elapsed.as_secs_f64();
        total += rate;
        println!(
            "{:<38} {rate:>7.0} {:>7.1}%  {:>6.1} {:>6.1} {:>6.1}  {:>6.1} {:>6.1} {:>6.1}  {statuses:?}",
            kind.label(),
            100.0 * rate / statics,
            percentile(&client, 50.0),
            percentile(&client, 95.0),
            percentile(&client, 99.0),
            percentile(&own, 50.0),
            percentile(&own, 95.0),
            percentile(&own, 99.0),
        );
    }
    let all_server = sorted(all_server);
    println!(
        "{:<38} {total:>7.0} {:>7.1}%  {:>20}  {:>6.1} {:>6.1} {:>6.1}",
        "all dynamic requests together",
        100.0 * total / statics,
        "",
        percentile(&all_server, 50.0),
        percentile(&all_server, 95.0),
        percentile(&all_server, 99.0),
    );
}

#[tokio::main]
async fn main() {
    println!(
        "{CLIENTS} clients ({} provinces saving and submitting, {} evaluators scoring, the rest reading) \
         for {}s after {}s warm-up, on the national synthetic dataset",
        mix::PROVINCES,
        mix::EVALUATORS,
        DURATION.as_secs(),
        WARM_UP.as_secs()
    );
    for db in TestDb::all().await {
        let started = Instant::now();
        let actors = setup::prepare(&db).await;
        let times = ServerTimes::default();
        let (server, base) = start_server(&db.url, &[], &times);
        setup::start_scoring(&base, &actors).await;
        println!(
            "\n{}: generated, prepared and started in {:.1}s",
            db.backend().name(),
            started.elapsed().as_secs_f64()
        );
        let state = mix::State::new(actors);
        measure(db.backend().name(), &base, &state, &times).await;
        println!(
            "server process memory: peak {:.0} MB resident (VmHWM), {:.0} MB now (VmRSS)",
            memory_mb(server.id(), "VmHWM:"),
            memory_mb(server.id(), "VmRSS:")
        );
        stop(server);
        let nginx = std::env::var("SANDAN_BENCH_NGINX").ok();
        if let (sandan_store::Backend::Postgres, Some(nginx)) = (db.backend(), nginx) {
            for count in [1, 2] {
                let times = ServerTimes::default();
                let env = [("SANDAN_TRUSTED_PROXIES", common::PROXY)];
                let servers: Vec<_> = (0..count).map(|_| start_server(&db.url, &env, &times)).collect();
                let upstreams: Vec<&str> = servers
                    .iter()
                    .map(|(_, base)| base.trim_start_matches("http://"))
                    .collect();
                let proxy = common::Nginx::start(&nginx, &upstreams);
                measure(
                    &format!("PostgreSQL through nginx, {count} instance(s)"),
                    &proxy.base,
                    &state,
                    &times,
                )
                .await;
                for (server, _) in servers {
                    stop(server);
                }
            }
        }
    }
}

/// `sandan serve` on `url` with its JSON request log read into `times`.
fn start_server(url: &str, env: &[(&str, &str)], times: &ServerTimes) -> (std::process::Child, String) {
    let mut env = env.to_vec();
    env.extend([("SANDAN_LOG", "info"), ("SANDAN_LOG_FORMAT", "json")]);
    let (mut server, base) = common::serve(url, &env, std::process::Stdio::piped());
    collect_server_times(server.stderr.take().expect("the server's log"), times);
    (server, base)
}

fn stop(mut server: std::process::Child) {
    server.kill().ok();
    server.wait().ok();
}

/// The warm-up, the measured mix and the static baseline against `base`, reported as `label`.
async fn measure(label: &str, base: &str, state: &Arc<mix::State>, times: &ServerTimes) {
    mix::run(base, state, WARM_UP).await;
    times.lock().unwrap().clear();
    let (samples, elapsed) = mix::run(base, state, DURATION).await;
    let server_times = std::mem::take(&mut *times.lock().unwrap());
    let statics = mix::static_rate(base, STATIC_DURATION).await;
    report(label, samples, &server_times, elapsed, statics);
    println!(
        "writers: {}",
        mix::Pace::from_env().describe(mix::PROVINCES + mix::EVALUATORS)
    );
}
