//! What the page benchmarks share: the in-process server, the keep-alive client that measures a
//! path, and the figures it reports.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sandan_store::Store;
use sandan_web::{AppState, Assets};

/// The yardstick: 50 concurrent connections, client and server on this machine.
pub const CONCURRENCY: usize = 50;
pub const WARM_UP: Duration = Duration::from_secs(1);
pub const DURATION: Duration = Duration::from_secs(5);
/// A request slower than this is counted as failed rather than holding up the run.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Serves `store` on a free local port in the background; returns the base URL.
pub async fn serve(store: Store) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState {
        store,
        deployment: Default::default(),
    };
    tokio::spawn(async move { sandan_web::serve(listener, state, &Assets::locate()).await });
    base
}

pub struct Measured {
    pub latencies: Vec<Duration>,
    pub rate: f64,
    /// The size of the last response body.
    pub bytes: usize,
    /// Responses by status code; 0 counts requests that got no response.
    pub statuses: BTreeMap<u16, usize>,
}

impl Measured {
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((p / 100.0) * (self.latencies.len() - 1) as f64).round() as usize;
        self.latencies[i]
    }

    /// Whether every response was 200 OK.
    pub fn all_ok(&self) -> bool {
        self.statuses.keys().all(|s| *s == 200)
    }

    /// "200", or "404" — or "200 97%, 500 3%" when responses differed.
    pub fn status(&self) -> String {
        let total: usize = self.statuses.values().sum();
        match self.statuses.len() {
            0 => "-".into(),
            1 => self.statuses.keys().next().map(|s| s.to_string()).unwrap_or_default(),
            _ => self
                .statuses
                .iter()
                .map(|(s, n)| format!("{s} {:.0}%", 100.0 * *n as f64 / total as f64))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CONCURRENCY keep-alive connections request `url` for WARM_UP, then for DURATION measured.
/// Redirects are not followed: a page that sends the client elsewhere shows as its 3xx.
/// Every request carries `sent`: a session's `cookie` makes it a signed-in page, and
/// `accept-encoding: gzip` asks as a browser does (the bytes are counted as they come, not
/// unpacked).
pub async fn measure_as(url: &str, sent: &[(&'static str, &str)]) -> Measured {
    let mut headers = reqwest::header::HeaderMap::new();
    for (name, value) in sent {
        headers.insert(*name, value.parse().expect("a header value"));
    }
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(CONCURRENCY)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .build()
        .unwrap();
    run(&client, url, WARM_UP).await;
    let started = Instant::now();
    let (mut latencies, bytes, statuses) = run(&client, url, DURATION).await;
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Measured {
        rate: latencies.len() as f64 / elapsed.as_secs_f64(),
        latencies,
        bytes,
        statuses,
    }
}

type Run = (Vec<Duration>, usize, BTreeMap<u16, usize>);

/// CONCURRENCY workers requesting `url` until `duration` has passed.
async fn run(client: &reqwest::Client, url: &str, duration: Duration) -> Run {
    let deadline = Instant::now() + duration;
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, url) = (client.clone(), url.to_string());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut bytes = 0;
                let mut statuses = BTreeMap::new();
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let status = match client.get(&url).send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            bytes = response.bytes().await.map(|b| b.len()).unwrap_or(0);
                            status
                        }
                        Err(_) => 0,
                    };
                    latencies.push(t.elapsed());
                    *statuses.entry(status).or_insert(0) += 1;
                }
                (latencies, bytes, statuses)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut bytes = 0;
    let mut statuses = BTreeMap::new();
    for w in workers {
        let (l, b, s) = w.await.unwrap();
        all.extend(l);
        bytes = b;
        for (status, n) in s {
            *statuses.entry(status).or_insert(0) += n;
        }
    }
    (all, bytes, statuses)
}
