//! Two `sandan serve` instances on one PostgreSQL database behind a real nginx, as a ministry's
//! IT team would run them: nginx (the trusted proxy, connecting from 127.0.0.2) says the client
//! came over https and alternates requests between the instances. Sessions, CSRF tokens, a
//! saved draft, an evaluator's sealed sheet, the read cache and sign-in throttling must agree
//! across them; a forged X-Forwarded-For from an untrusted peer is ignored; `kill -9` of one
//! instance under write load loses no acknowledged write and nginx carries on with the other.
//!
//! Needs `SANDAN_TEST_POSTGRES_URL` and `SANDAN_TEST_NGINX` (the nginx binary), which `./test`
//! sets after installing Debian's nginx; without them it says so and checks nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::{Method, StatusCode, redirect};
use sandan_domain::call::Call;
use sandan_domain::{ComplexId, Day, Proposal, ProposedHub, Region, Role};
use sandan_store::Change;
use sandan_store::testing::{TEST_PASSWORD, TestDb, framework_form, round_open_until};
use serde_json::{Value, json};

use crate::common;
use common::{Nginx, PROXY};

const YEAR: i32 = 2027;
const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-12-01T00:00:00Z",
    source: "test",
};

/// The servers, stopped however the test ends (a failed assertion included), so none is left
/// holding the test's database and output open.
struct Instances(Vec<std::process::Child>);

impl Drop for Instances {
    fn drop(&mut self) {
        for instance in &mut self.0 {
            instance.kill().ok();
            instance.wait().ok();
        }
    }
}

/// A browser at `address`: keeps its cookies (sent by hand, since a cookie jar would keep
/// `Secure` cookies off plain http) and the form token of its session.
#[derive(Clone)]
struct Browser {
    client: reqwest::Client,
    base: String,
    cookies: Arc<Mutex<BTreeMap<String, String>>>,
    csrf: Arc<Mutex<String>>,
}

struct Answer {
    status: StatusCode,
    upstream: String,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Browser {
    fn new(base: &str, address: &str) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .local_address(address.parse::<std::net::IpAddr>().unwrap())
                .redirect(redirect::Policy::none())
                .build()
                .unwrap(),
            base: base.to_string(),
            cookies: Default::default(),
            csrf: Default::default(),
        }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        build: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Answer {
        let cookie = self
            .cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("cookie", cookie);
        let response = build(request).send().await.unwrap_or_else(|e| panic!("{path}: {e}"));
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers.get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.lock().unwrap().insert(name.to_string(), value.to_string());
        }
        let upstream = headers
            .get("x-upstream")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = response.text().await.unwrap_or_default();
        if let Some(token) = form_token(&body) {
            *self.csrf.lock().unwrap() = token;
        }
        Answer {
            status,
            upstream,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, |r| r).await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> Answer {
        let csrf = self.csrf.lock().unwrap().clone();
        let mut fields = vec![("csrf", csrf.as_str())];
        fields.extend_from_slice(form);
        let fields: Vec<(String, String)> = fields.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        self.send(Method::POST, path, |r| r.form(&fields)).await
    }

    async fn api(&self, method: Method, path: &str, body: Value) -> Answer {
        let csrf = self.csrf.lock().unwrap().clone();
        self.send(method, path, |r| r.header("x-csrf-token", csrf).json(&body))
            .await
    }

    async fn sign_in(&self, login: &str, password: &str) -> Answer {
        self.get("/sign-in").await;
        self.post(
            "/sign-in",
            &[("login", login), ("password", password), ("next", "/account")],
        )
        .await
    }
}

fn form_token(html: &str) -> Option<String> {
    let at = html.find(r#"name="csrf" value=""#)? + r#"name="csrf" value=""#.len();
    Some(html[at..].split('"').next()?.to_string())
}

/// Tenths of a point for each of the framework's five indicators, with reasons.
fn sheet() -> Value {
    let items: Vec<Value> = [80, 120, 200, 200, 200]
        .iter()
        .map(|p| json!({ "points": p, "reason": "근거" }))
        .collect();
    json!({ "items": items, "bonuses": [{ "points": 0, "reason": "" }], "opinion": "" })
}

#[tokio::test]
async fn two_instances_behind_nginx_behave_as_one() {
    let (Ok(admin), Ok(nginx_binary)) = (
        std::env::var("SANDAN_TEST_POSTGRES_URL"),
        std::env::var("SANDAN_TEST_NGINX"),
    ) else {
        eprintln!("SANDAN_TEST_POSTGRES_URL and SANDAN_TEST_NGINX are not both set: the two-instance test did not run");
        return;
    };
    let db = TestDb::postgres(&admin).await;
    let store = &db.store;
    // As the first `sandan serve` would; loaded after the round, it would replace it.
    store.load_if_empty(&sandan_domain::bundled(), &SETUP).await.unwrap();
    store
        .open_round(&round_open_until(YEAR, Day::ymd(YEAR, 3, 31)), &Call::new(YEAR), &SETUP)
        .await
        .unwrap();
    let busan = Proposal {
        vision: "부산 혁신계획".into(),
        hub: Some(ProposedHub {
            complex: ComplexId("myeongji-noksan".into()),
            focus: "스마트 제조".into(),
        }),
        ..Proposal::default()
    };
    store.save_draft(YEAR, Region::Busan, &busan, 0, &SETUP).await.unwrap();
    store.submit_draft(YEAR, Region::Busan, 1, &SETUP).await.unwrap();
    let mut ids = BTreeMap::new();
    for (login, roles) in [
        ("office", vec![Role::ProgramOffice]),
        (
            "gyeonggi",
            vec![Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            }],
        ),
        ("eval1", vec![Role::Evaluator]),
        ("eval2", vec![Role::Evaluator]),
        ("eval3", vec![Role::Evaluator]),
    ] {
        let id = store
            .create_user(login, login, TEST_PASSWORD, &roles, None, &SETUP)
            .await
            .unwrap();
        ids.insert(login, id.0.to_string());
    }

    let env = [
        ("SANDAN_PUBLIC_URL", "https://sandan.example.go.kr"),
        ("SANDAN_TRUSTED_PROXIES", PROXY),
    ];
    let (a, a_base) = common::serve(&db.url, &env, Stdio::inherit());
    let (b, b_base) = common::serve(&db.url, &env, Stdio::inherit());
    let mut instances = Instances(vec![a, b]);
    let upstream = |base: &str| base.trim_start_matches("http://").to_string();
    let (a_addr, b_addr) = (upstream(&a_base), upstream(&b_base));
    let nginx = Nginx::start(&nginx_binary, &[&a_addr, &b_addr]);
    let both: BTreeSet<String> = [a_addr.clone(), b_addr.clone()].into();

    // Signing in through nginx: https cookies with the __Host- prefix, and HSTS.
    let office = Browser::new(&nginx.base, "127.0.0.3");
    let form = office.get("/sign-in").await;
    assert_eq!(form.status, 200);
    assert!(form.headers.contains_key("strict-transport-security"), "HSTS");
    let signed = office
        .post(
            "/sign-in",
            &[("login", "office"), ("password", TEST_PASSWORD), ("next", "/account")],
        )
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let cookie = signed.headers["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("__Host-") && cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert_ne!(
        form.upstream, signed.upstream,
        "nginx alternates: the form came from one instance, the sign-in went to the other"
    );

    // The session (and its form token) is good on both instances.
    let mut seen = BTreeSet::new();
    for _ in 0..4 {
        let page = office.get("/account").await;
        assert_eq!(page.status, 200, "{}", page.upstream);
        assert!(page.body.contains("office"), "signed in on {}", page.upstream);
        seen.insert(page.upstream);
    }
    assert_eq!(seen, both, "both instances answered");

    // The read cache: a change made on one instance is seen on the next request, by the other.
    let before = office.get("/api/v1/complexes/gunsan").await;
    assert!(!before.body.contains("1979-05-17"));
    let changed = office
        .post("/complexes/gunsan/facts", &[("construction_started", "1979-05-17")])
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let after = office.get("/api/v1/complexes/gunsan").await;
    assert_ne!(after.upstream, changed.upstream);
    assert!(
        after.body.contains("1979-05-17"),
        "the other instance's cache saw the change: {}",
        after.body
    );

    // A province's draft saved through one instance is read back through both.
    let province = Browser::new(&nginx.base, "127.0.0.3");
    assert_eq!(
        province.sign_in("gyeonggi", TEST_PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    province.get("/account").await;
    let draft = format!("/api/v1/rounds/{YEAR}/proposals/gyeonggi");
    let saved = province
        .api(
            Method::PATCH,
            &draft,
            json!({ "version": 0, "proposal": { "vision": "경기 반월·시화 대개조" } }),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let mut seen = BTreeSet::new();
    for _ in 0..2 {
        let read = province.get(&draft).await;
        assert!(
            read.body.contains("경기 반월·시화 대개조"),
            "{}: {}",
            read.upstream,
            read.body
        );
        seen.insert(read.upstream);
    }
    assert_eq!(seen, both);

    // The panel: framework, three members, an early start; one sheet saved, sealed on both instances.
    office.get("/account").await;
    let panel = format!("/rounds/{YEAR}/evaluation");
    let framework = framework_form("3", "2027-04-10");
    let saved = office.post(&panel, &framework).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    for login in ["eval1", "eval2", "eval3"] {
        let member = [("user", ids[login].as_str()), ("affiliation", "대학교")];
        assert_eq!(
            office.post(&format!("{panel}/members"), &member).await.status,
            StatusCode::SEE_OTHER
        );
    }
    let start = office
        .post(&format!("{panel}/start"), &[("early_reason", "위원회 일정")])
        .await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let (eval1, eval2) = (
        Browser::new(&nginx.base, "127.0.0.3"),
        Browser::new(&nginx.base, "127.0.0.3"),
    );
    for (browser, login) in [(&eval1, "eval1"), (&eval2, "eval2")] {
        assert_eq!(
            browser.sign_in(login, TEST_PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        browser.get("/account").await;
    }
    let sheet_api = format!("/api/v1/rounds/{YEAR}/evaluation/sheets/busan");
    let current: Value = serde_json::from_str(&eval1.get(&sheet_api).await.body).unwrap();
    let saved = eval1
        .api(
            Method::PUT,
            &sheet_api,
            json!({ "version": current["version"], "sheet": sheet() }),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let saved: Value = serde_json::from_str(&saved.body).unwrap();
    let others = format!("{panel}/sheets/busan?evaluator={}", ids["eval1"]);
    let (mut own_seen, mut peek_seen) = (BTreeSet::new(), BTreeSet::new());
    for _ in 0..2 {
        let own = eval1.get(&sheet_api).await;
        let own_sheet: Value = serde_json::from_str(&own.body).unwrap();
        assert_eq!(
            own_sheet["version"], saved["version"],
            "her saved sheet on {}",
            own.upstream
        );
        own_seen.insert(own.upstream);
    }
    for _ in 0..2 {
        let peek = eval2.get(&others).await;
        assert_eq!(peek.status, 403, "sealed on {}", peek.upstream);
        peek_seen.insert(peek.upstream);
    }
    assert_eq!((own_seen, peek_seen), (both.clone(), both.clone()));

    // Sign-in throttling counts the client behind nginx, not nginx: 20 failures from .5 stop
    // .5, not .6.
    let attacker = Browser::new(&nginx.base, "127.0.0.5");
    attacker.get("/sign-in").await;
    let failures: Vec<_> = (0..20)
        .map(|k| {
            let attacker = attacker.clone();
            tokio::spawn(async move {
                let login = format!("nobody{k}");
                attacker
                    .post("/sign-in", &[("login", login.as_str()), ("password", "wrong")])
                    .await
                    .status
            })
        })
        .collect();
    for failure in failures {
        assert_eq!(failure.await.unwrap(), StatusCode::UNAUTHORIZED);
    }
    let refused = attacker
        .post("/sign-in", &[("login", "office"), ("password", TEST_PASSWORD)])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the 21st attempt from .5"
    );
    let neighbour = Browser::new(&nginx.base, "127.0.0.6");
    assert_eq!(
        neighbour.sign_in("office", TEST_PASSWORD).await.status,
        StatusCode::SEE_OTHER,
        "another client address is not stopped"
    );

    // From an untrusted peer, X-Forwarded-For is ignored: 20 failures each claiming another
    // address all count against the peer itself.
    let direct = Browser::new(&a_base, "127.0.0.7");
    direct.get("/sign-in").await;
    let forged: Vec<_> = (0..20)
        .map(|k| {
            let direct = direct.clone();
            tokio::spawn(async move {
                let csrf = direct.csrf.lock().unwrap().clone();
                direct
                    .send(Method::POST, "/sign-in", |r| {
                        r.header("x-forwarded-for", format!("203.0.113.{k}")).form(&[
                            ("csrf", csrf.as_str()),
                            ("login", "nobody"),
                            ("password", "wrong"),
                        ])
                    })
                    .await
                    .status
            })
        })
        .collect();
    for failure in forged {
        assert_eq!(failure.await.unwrap(), StatusCode::UNAUTHORIZED);
    }
    let csrf = direct.csrf.lock().unwrap().clone();
    let refused = direct
        .send(Method::POST, "/sign-in", |r| {
            r.header("x-forwarded-for", "198.51.100.1").form(&[
                ("csrf", csrf.as_str()),
                ("login", "office"),
                ("password", TEST_PASSWORD),
            ])
        })
        .await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the forged address did not help"
    );

    // kill -9 of one instance under write load: every acknowledged write is kept, and nginx
    // carries on with the other instance.
    const LOADED: [&str; 3] = ["gunsan", "banwol-sihwa", "changwon"];
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = LOADED
        .into_iter()
        .map(|complex| {
            let (office, acknowledged, stop) = (office.clone(), acknowledged.clone(), stop.clone());
            tokio::spawn(async move {
                for year in 1960..=2100 {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        return;
                    }
                    let (year_text, value) = (year.to_string(), format!("{}명", 1000 + year));
                    let answer = office
                        .post(
                            &format!("/complexes/{complex}/facts"),
                            &[
                                ("year", &year_text),
                                ("metric", "employment"),
                                ("value", &value),
                                ("source", "부하 시험"),
                            ],
                        )
                        .await;
                    if answer.status == StatusCode::SEE_OTHER {
                        acknowledged.lock().unwrap().insert((complex, year));
                    }
                    tokio::time::sleep(Duration::from_millis(40)).await;
                }
                panic!("the writers ran out of years before the test stopped them");
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(700)).await;
    let killed = &mut instances.0[0];
    Command::new("kill")
        .args(["-9", &killed.id().to_string()])
        .status()
        .unwrap();
    killed.wait().unwrap();
    let before_kill = acknowledged.lock().unwrap().len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(before_kill > 0, "writes went through before the kill");
    assert!(
        acknowledged.len() > before_kill + 10,
        "nginx carried on with the other instance"
    );
    let mut kept = BTreeSet::new();
    for complex in LOADED {
        for statistic in store.statistics(&ComplexId(complex.into())).await.unwrap() {
            kept.insert((complex, statistic.year));
        }
    }
    let lost: Vec<_> = acknowledged.difference(&kept).collect();
    assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");
    for _ in 0..4 {
        let page = office.get("/account").await;
        assert_eq!(page.status, 200);
        assert!(
            page.upstream.ends_with(&b_addr),
            "the survivor answers: {}",
            page.upstream
        );
    }

    drop(nginx);
    drop(instances);
}
