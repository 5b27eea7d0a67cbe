//! The deadline-week mix. Every province's officer saves the overview of the 2027 draft at the
//! version the last save returned (each save a real write through the audit chain) and submits a
//! new version after every fourth save; each evaluator opens a plan's sheet, saves scores on it
//! SAVES_PER_SHEET times through the API, submits it and goes back to the list of her sheets,
//! plan after plan, and keeps revising her last sheet until the run ends, so she writes for the
//! whole run however fast the server is; the remaining clients read what the public reads.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sandan_domain::Region;
use serde_json::{Value, json};

use crate::CLIENTS;
use crate::setup::{APPLYING, Actors, SCORING};

pub const PROVINCES: usize = 17;
pub const EVALUATORS: usize = 12;
const SAVES_PER_SHEET: usize = 20;
const SUBMIT_EVERY: usize = 4;

/// What a request does; its code starts the request id, so the server's log can be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    ProvinceSaves,
    ProvinceSubmits,
    EvaluatorOpensSheet,
    EvaluatorSaves,
    EvaluatorSubmits,
    EvaluatorReadsOwnList,
    RoundPage,
    PlanPage,
    Dashboard,
    ComplexPage,
    RoundJson,
    ResultsJson,
}

impl Kind {
    const ALL: [Kind; 12] = [
        Kind::ProvinceSaves,
        Kind::ProvinceSubmits,
        Kind::EvaluatorOpensSheet,
        Kind::EvaluatorSaves,
        Kind::EvaluatorSubmits,
        Kind::EvaluatorReadsOwnList,
        Kind::RoundPage,
        Kind::PlanPage,
        Kind::Dashboard,
        Kind::ComplexPage,
        Kind::RoundJson,
        Kind::ResultsJson,
    ];

    fn code(self) -> &'static str {
        match self {
            Kind::ProvinceSaves => "save",
            Kind::ProvinceSubmits => "submit",
            Kind::EvaluatorOpensSheet => "sheet",
            Kind::EvaluatorSaves => "score",
            Kind::EvaluatorSubmits => "lock",
            Kind::EvaluatorReadsOwnList => "mine",
            Kind::RoundPage => "round",
            Kind::PlanPage => "plan",
            Kind::Dashboard => "dashboard",
            Kind::ComplexPage => "complex",
            Kind::RoundJson => "roundjson",
            Kind::ResultsJson => "results",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::ProvinceSaves => "write: province saves its draft",
            Kind::ProvinceSubmits => "write: province submits a version",
            Kind::EvaluatorOpensSheet => "read: evaluator opens a plan's sheet",
            Kind::EvaluatorSaves => "write: evaluator saves scores (API)",
            Kind::EvaluatorSubmits => "write: evaluator submits a sheet",
            Kind::EvaluatorReadsOwnList => "read: evaluator's list of sheets",
            Kind::RoundPage => "read: round page",
            Kind::PlanPage => "read: plan page",
            Kind::Dashboard => "read: national dashboard",
            Kind::ComplexPage => "read: complex page",
            Kind::RoundJson => "read: round JSON",
            Kind::ResultsJson => "read: round results JSON",
        }
    }

    pub fn of_request_id(id: &str) -> Option<Kind> {
        let code = id.split('-').next()?;
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Default)]
pub struct Outcome {
    /// Milliseconds from sending to the last byte of the body.
    pub latencies: Vec<f64>,
    pub statuses: BTreeMap<u16, usize>,
}

pub type Samples = BTreeMap<Kind, Outcome>;

/// An evaluator's place in her sheets: which plan, how many saves on it, its edit version.
#[derive(Clone, Copy, Default)]
struct Scoring {
    plan: usize,
    saves: usize,
    version: i64,
}

/// What carries from the warm-up into the measured run, as an official's open form does.
pub struct State {
    actors: Arc<Actors>,
    drafts: Mutex<BTreeMap<Region, i64>>,
    scoring: Mutex<Vec<Scoring>>,
}

impl State {
    pub fn new(actors: Actors) -> Arc<State> {
        Arc::new(State {
            // prepare() saved each 2027 draft once.
            drafts: Mutex::new(actors.provinces.iter().map(|(r, _)| (*r, 1)).collect()),
            scoring: Mutex::new(vec![Scoring::default(); actors.evaluators.len()]),
            actors: Arc::new(actors),
        })
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// Sends `request` as `kind`, reads the whole body, and records the time and status.
async fn send(samples: &mut Samples, kind: Kind, request: reqwest::RequestBuilder) -> (u16, Vec<u8>) {
    let id = format!("{}-{}", kind.code(), NEXT_ID.fetch_add(1, Ordering::Relaxed));
    let t = Instant::now();
    let (status, body) = match request.header("x-request-id", id).send().await {
        Ok(r) => {
            let status = r.status().as_u16();
            (status, r.bytes().await.map(|b| b.to_vec()).unwrap_or_default())
        }
        Err(_) => (0, Vec::new()),
    };
    let outcome = samples.entry(kind).or_default();
    outcome.latencies.push(t.elapsed().as_secs_f64() * 1000.0);
    *outcome.statuses.entry(status).or_insert(0) += 1;
    (status, body)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// How often a writer sends: as fast as answered (closed loop), or one request every `every`
/// (SANDAN_BENCH_WRITE_EVERY_MS), so the write rate is set by the officials and not by the server.
#[derive(Clone, Copy)]
pub struct Pace {
    every: Option<Duration>,
}

impl Pace {
    pub fn from_env() -> Pace {
        let every = std::env::var("SANDAN_BENCH_WRITE_EVERY_MS")
            .ok()
            .map(|ms| Duration::from_millis(ms.parse().expect("SANDAN_BENCH_WRITE_EVERY_MS: milliseconds")));
        Pace { every }
    }

    pub fn describe(self, writers: usize) -> String {
        match self.every {
            None => format!("{writers} writers, each sending as soon as answered"),
            Some(every) => format!(
                "{writers} writers, each sending once every {} ms: {:.0} requests a second in all",
                every.as_millis(),
                writers as f64 / every.as_secs_f64()
            ),
        }
    }

    /// The first turn of writer `who` of `writers`: the writers' turns are spread evenly over
    /// the interval, as officials' saves are, rather than all falling at once.
    fn first_turn(self, who: usize, writers: usize) -> Instant {
        let offset = self
            .every
            .map_or(Duration::ZERO, |every| every * who as u32 / writers as u32);
        Instant::now() + offset
    }

    /// Waits for this writer's next turn; a writer that fell behind goes at once, without
    /// catching up in a burst.
    async fn wait(self, next: &mut Instant) {
        if let Some(every) = self.every {
            tokio::time::sleep_until((*next).into()).await;
            *next = (*next + every).max(Instant::now());
        }
    }
}

async fn province(base: String, state: Arc<State>, who: usize, deadline: Instant, pace: Pace) -> Samples {
    let (region, session) = &state.actors.provinces[who];
    let base = base.as_str();
    let client = client();
    let mut samples = Samples::new();
    let draft = format!("{base}/rounds/{APPLYING}/proposals/{}", region.slug());
    let mut n = 0;
    let mut turn = pace.first_turn(who, PROVINCES + EVALUATORS);
    while Instant::now() < deadline {
        pace.wait(&mut turn).await;
        let version = state.drafts.lock().unwrap()[region];
        let vision = format!(
            "{} 스마트 제조혁신 {}",
            region.short_name(),
            NEXT_ID.load(Ordering::Relaxed)
        );
        let form = [
            ("csrf", session.csrf.as_str()),
            ("version", &version.to_string()),
            ("industries", "전기전자\n기계장비"),
            ("vision", &vision),
        ];
        let request = client
            .post(format!("{draft}/edit/overview"))
            .header("cookie", &session.cookie)
            .form(&form);
        if send(&mut samples, Kind::ProvinceSaves, request).await.0 != 303 {
            continue;
        }
        state.drafts.lock().unwrap().insert(*region, version + 1);
        n += 1;
        if n % SUBMIT_EVERY == 0 {
            pace.wait(&mut turn).await;
            let form = [("csrf", session.csrf.as_str()), ("version", &(version + 1).to_string())];
            let request = client
                .post(format!("{draft}/submit"))
                .header("cookie", &session.cookie)
                .form(&form);
            send(&mut samples, Kind::ProvinceSubmits, request).await;
        }
    }
    samples
}

/// A sheet whose points move with each save, so every save writes something new.
fn sheet(saves: usize) -> Value {
    let lean = (saves % 5) as i64;
    let points = [80, 120, 200 + lean, 200, 200];
    let items: Vec<Value> = points
        .iter()
        .map(|p| json!({ "points": p, "reason": "계획의 근거와 실현 가능성을 검토함" }))
        .collect();
    json!({ "items": items, "bonuses": [{ "points": 0, "reason": "" }], "opinion": "" })
}

async fn evaluator(base: String, state: Arc<State>, who: usize, deadline: Instant, pace: Pace) -> Samples {
    let session = &state.actors.evaluators[who];
    let base = base.as_str();
    let client = client();
    let regions: Vec<Region> = Region::all().collect();
    let mut samples = Samples::new();
    let mut turn = pace.first_turn(PROVINCES + who, PROVINCES + EVALUATORS);
    while Instant::now() < deadline {
        pace.wait(&mut turn).await;
        let at = state.scoring.lock().unwrap()[who];
        let region = regions[at.plan];
        let last = at.plan + 1 == regions.len();
        let page = format!("{base}/rounds/{SCORING}/evaluation/sheets/{}", region.slug());
        let api = format!("{base}/api/v1/rounds/{SCORING}/evaluation/sheets/{}", region.slug());
        if at.saves == 0 {
            let request = client.get(&page).header("cookie", &session.cookie);
            send(&mut samples, Kind::EvaluatorOpensSheet, request).await;
        }
        let mut next = at;
        // Her last sheet stays open: an evaluator who has submitted all the others keeps
        // revising it. Reading her list instead would make a faster server's loop a reading one.
        if at.saves < SAVES_PER_SHEET || last {
            let request = client
                .put(&api)
                .header("cookie", &session.cookie)
                .header("x-csrf-token", &session.csrf)
                .json(&json!({ "version": at.version, "sheet": sheet(at.saves) }));
            let (status, body) = send(&mut samples, Kind::EvaluatorSaves, request).await;
            if status == 200 {
                let saved: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                next.version = saved["version"].as_i64().unwrap_or(at.version);
                next.saves += 1;
            }
        } else {
            let request = client
                .post(format!("{api}/submit"))
                .header("cookie", &session.cookie)
                .header("x-csrf-token", &session.csrf)
                .json(&json!({ "version": at.version }));
            if send(&mut samples, Kind::EvaluatorSubmits, request).await.0 == 200 {
                pace.wait(&mut turn).await;
                let request = client
                    .get(format!("{base}/rounds/{SCORING}/evaluation/mine"))
                    .header("cookie", &session.cookie);
                send(&mut samples, Kind::EvaluatorReadsOwnList, request).await;
                next = Scoring {
                    plan: at.plan + 1,
                    ..Scoring::default()
                };
            }
        }
        state.scoring.lock().unwrap()[who] = next;
    }
    samples
}

async fn reader(base: String, state: Arc<State>, who: usize, deadline: Instant) -> Samples {
    let reads = [
        (Kind::RoundPage, "/rounds/2020".to_string()),
        (Kind::PlanPage, "/rounds/2020/plans/%EA%B2%BD%EA%B8%B0".to_string()),
        (Kind::Dashboard, "/dashboard".to_string()),
        (Kind::ComplexPage, format!("/complexes/{}", state.actors.complex.0)),
        (Kind::RoundJson, "/api/v1/rounds/2020".to_string()),
        (Kind::ResultsJson, "/api/v1/rounds/2020/results".to_string()),
    ];
    let client = client();
    let mut samples = Samples::new();
    let mut k = who;
    while Instant::now() < deadline {
        let (kind, path) = &reads[k % reads.len()];
        k += 1;
        // As a browser asks: the kept pages go out compressed.
        let request = client.get(format!("{base}{path}")).header("accept-encoding", "gzip");
        send(&mut samples, *kind, request).await;
    }
    samples
}

/// Runs the mix for `duration`; returns what each kind of request measured and the time taken.
/// Each client is its own task, so the clients run on both of the runtime's threads.
pub async fn run(base: &str, state: &Arc<State>, duration: Duration) -> (Samples, Duration) {
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let (provinces, evaluators) = (state.actors.provinces.len(), state.actors.evaluators.len());
    let pace = Pace::from_env();
    let mut clients = Vec::new();
    for who in 0..provinces {
        clients.push(tokio::spawn(province(base.into(), state.clone(), who, deadline, pace)));
    }
    for who in 0..evaluators {
        clients.push(tokio::spawn(evaluator(base.into(), state.clone(), who, deadline, pace)));
    }
    // Without the public, what the writers cost alone (SANDAN_BENCH_WRITES_ONLY).
    let readers = match std::env::var_os("SANDAN_BENCH_WRITES_ONLY") {
        Some(_) => 0,
        None => CLIENTS - provinces - evaluators,
    };
    for who in 0..readers {
        clients.push(tokio::spawn(reader(base.into(), state.clone(), who, deadline)));
    }
    let mut all = Samples::new();
    for client in clients {
        for (kind, outcome) in client.await.expect("a client task") {
            let into = all.entry(kind).or_default();
            into.latencies.extend(outcome.latencies);
            for (status, n) in outcome.statuses {
                *into.statuses.entry(status).or_insert(0) += n;
            }
        }
    }
    (all, started.elapsed())
}

/// How many requests a second CLIENTS clients get for a static file from the same server.
pub async fn static_rate(base: &str, duration: Duration) -> f64 {
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let url = format!("{base}/static/sandan.css");
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                let client = client();
                let mut n = 0usize;
                while Instant::now() < deadline {
                    if let Ok(r) = client.get(&url).send().await
                        && r.bytes().await.is_ok()
                    {
                        n += 1;
                    }
                }
                n
            })
        })
        .collect();
    let mut total = 0;
    for client in clients {
        total += client.await.expect("a client task");
    }
    total as f64 / started.elapsed().as_secs_f64()
}
