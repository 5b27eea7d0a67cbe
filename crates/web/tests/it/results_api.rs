//! 성과관리 through the API, on SQLite and PostgreSQL: a province's system sets a goal up with
//! `If-Match`, uploads evidence, measures with it and finds the measurement on the page and in
//! the JSON; a batch is written whole or not at all; the register pages by cursor; another
//! province and a read-only token are refused.

use crate::common;

use common::TestApp;
use sandan_domain::account::token::{Area, Lifetime, TokenScope};
use sandan_domain::{Region, Role, UserId};
use sandan_store::Change;
use sandan_store::testing::confirmed_gyeonggi;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-11-25T00:00:00Z",
    source: "test",
};

const API: &str = "/api/v1/rounds/2021/plans/gyeonggi/results";
const PAGE: &str = "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/results";

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn officer(region: Region) -> Role {
    Role::ProvincialOfficer { region }
}

/// 2021 경기 confirmed with one project of its own; its goals are 0 생산액 5조 원, 1 고용 1만 명,
/// 2 강소기업 99개사, 3 디지털 레벨 (정성). Returns the project's id.
async fn confirmed(app: &TestApp) -> i64 {
    let store = &app.db.store;
    store.replace_record(&confirmed_gyeonggi(), &SETUP).await.unwrap();
    store
        .add_project(2021, Region::Gyeonggi, "산단 혁신센터", None, &SETUP)
        .await
        .unwrap()
}

async fn token(app: &TestApp, user: UserId, scope: TokenScope) -> String {
    app.db
        .store
        .create_api_token(
            user,
            "도 성과관리 시스템",
            &scope,
            Lifetime::days(30).unwrap(),
            now(),
            &SETUP,
        )
        .await
        .unwrap()
        .1
}

async fn send(app: &TestApp, token: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn upload(app: &TestApp, token: &str, name: &str, content: &[u8]) -> (u16, Value) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(content.to_vec()).file_name(name.to_string()),
    );
    let response = app
        .client
        .post(format!("{}{API}/evidence", app.base))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn audited(app: &TestApp, action: &str) -> usize {
    let log = app.db.store.audit_log(100_000).await.unwrap();
    log.iter().filter(|e| e.action == action).count()
}

#[tokio::test]
async fn a_measurement_written_through_the_api_is_on_the_page_and_in_the_json_with_its_evidence() {
    for app in TestApp::all().await {
        let label = app.label();
        confirmed(&app).await;
        let gg = app.signed_in("gg1", &[officer(Region::Gyeonggi)]).await;
        let writer = token(&app, gg.user, TokenScope::writing([Area::Results])).await;

        // The goal's setup is changed only on the version read.
        let goal = format!("{API}/goals/1");
        let (status, body) = send(
            &app,
            &writer,
            reqwest::Method::PUT,
            &goal,
            Some(json!({"baseline": "25만명"})),
        )
        .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (428, Some("precondition_required")),
            "{label}"
        );
        let read = app.get(&goal).await;
        let tag = read.headers()["etag"].to_str().unwrap().to_string();
        let before: Value = read.json().await.unwrap();
        assert_eq!(
            (before["metric"].as_str(), before["baseline"].as_str()),
            (Some("고용"), None),
            "{label}"
        );
        let put = app
            .client
            .put(format!("{}{goal}", app.base))
            .bearer_auth(&writer)
            .header("if-match", &tag)
            .json(&json!({"baseline": "25만명"}))
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), 200, "{label}");
        let new_tag = put.headers()["etag"].to_str().unwrap().to_string();
        let after: Value = put.json().await.unwrap();
        assert_eq!(after["baseline"], "25만 명", "{label}");
        assert_eq!(
            app.get(&goal).await.headers()["etag"].to_str().unwrap(),
            new_tag,
            "{label}: the write answers with the tag a read now gives"
        );
        let stale = app
            .client
            .put(format!("{}{goal}", app.base))
            .bearer_auth(&writer)
            .header("if-match", &tag)
            .json(&json!({"baseline": "20만명"}))
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), 412, "{label}: the old version is refused");

        // Evidence first, then the measurement citing it by digest.
        let content = b"%PDF-1.4 2023 4Q employment".as_slice();
        let (status, file) = upload(&app, &writer, "고용통계_2023Q4.pdf", content).await;
        assert_eq!(status, 201, "{label}: {file}");
        let sha256: String = Sha256::digest(content).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(file["sha256"], sha256.as_str(), "{label}");
        assert_eq!(file["bytes"], content.len(), "{label}");
        let row = json!({"goal": 1, "quarter": "2023-Q4", "value": "25.6만명", "evidence_sha256": sha256});
        let (status, measured) = send(
            &app,
            &writer,
            reqwest::Method::POST,
            &format!("{API}/measurements"),
            Some(row),
        )
        .await;
        assert_eq!(status, 201, "{label}: {measured}");
        assert_eq!(measured["evidence_name"], "고용통계_2023Q4.pdf", "{label}");

        // In the JSON: progress for everyone, the records for those who may read them.
        let (status, public) = app.json(API).await;
        assert_eq!(status, 200, "{label}");
        let jobs = &public["goals"][1];
        assert_eq!(
            (
                jobs["latest"]["value"].as_str(),
                jobs["latest"]["quarter"].as_str(),
                jobs["unit"].as_str()
            ),
            (Some("25.6만 명"), Some("2023-Q4"), Some("people")),
            "{label}"
        );
        assert_eq!(jobs["progress_permille"], 600, "{label}: 6,000 of 10,000 jobs");
        assert!(public["measurements"].is_null(), "{label}: the records are not public");
        let (_, records) = send(&app, &writer, reqwest::Method::GET, API, None).await;
        let listed = &records["measurements"][0];
        assert_eq!(
            (
                listed["goal"].as_u64(),
                listed["evidence_sha256"].as_str(),
                listed["entered_by"].as_str()
            ),
            (Some(1), Some(sha256.as_str()), Some("gg1")),
            "{label}"
        );

        // The evidence downloads through the API and the page alike, not for anyone.
        let href = listed["evidence_href"].as_str().unwrap();
        for path in [href.to_string(), format!("{PAGE}/evidence/{sha256}")] {
            let download = app
                .client
                .get(format!("{}{path}", app.base))
                .bearer_auth(&writer)
                .send()
                .await
                .unwrap();
            assert_eq!(download.status(), 200, "{label} {path}");
            assert_eq!(download.bytes().await.unwrap().as_ref(), content, "{label} {path}");
            assert_eq!(app.get(&path).await.status(), 401, "{label} {path}: not anonymously");
        }
        // Each read within its documented schema (the OpenAPI test reads an unfunded plan).
        let (_, doc) = app.json("/api/v1/openapi.json").await;
        let (_, setup) = app.json(&goal).await;
        let template = "/api/v1/rounds/{year}/plans/{region}/results";
        for (path, body) in [
            (template.to_string(), &public),
            (template.to_string(), &records),
            (format!("{template}/goals/{{no}}"), &setup),
        ] {
            let schema = crate::openapi::answer_schema(&doc, &path, "get");
            let problems = crate::openapi::departures(&doc, schema, body, "");
            assert!(problems.is_empty(), "{label} {path}: {problems:#?}");
        }
        let (status, page) = app.get_as(&gg, PAGE).await;
        assert_eq!(status, 200, "{label}");
        assert!(
            page.contains("고용통계_2023Q4.pdf") && page.contains("25.6만 명"),
            "{label}: the page lists the measurement with its file"
        );
    }
}

#[tokio::test]
async fn a_batch_with_two_bad_rows_names_both_and_writes_nothing_and_a_good_one_is_written_whole() {
    for app in TestApp::all().await {
        let label = app.label();
        confirmed(&app).await;
        let gg = app.signed_in("gg1", &[officer(Region::Gyeonggi)]).await;
        let writer = token(&app, gg.user, TokenScope::writing([Area::Results])).await;
        let bulk = format!("{API}/measurements/bulk");
        let link = |q: &str| format!("https://stat.gg.go.kr/jobs/{q}");
        let quarters: Vec<String> = (2022..=2024)
            .flat_map(|y| (1..=4).map(move |q| format!("{y}-Q{q}")))
            .collect();
        let mut rows: Vec<Value> = quarters
            .iter()
            .map(|q| json!({"goal": 1, "quarter": q, "value": "25만명", "evidence_url": link(q)}))
            .collect();
        // Row 2: a quarter after the package period; row 5: a figure for the qualitative goal
        // and a file never uploaded.
        rows[2] = json!({"goal": 1, "quarter": "2025-Q1", "value": "26만명", "evidence_url": link("x")});
        rows[5] = json!({"goal": 3, "quarter": "2022-Q2", "value": "3건", "evidence_sha256": "ab".repeat(32)});
        let audit_before = app.db.store.audit_log(100_000).await.unwrap().len();
        let (status, body) = send(&app, &writer, reqwest::Method::POST, &bulk, Some(json!({"rows": rows}))).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (422, Some("rows_refused")),
            "{label}: {body}"
        );
        let problems: Vec<(u64, &str)> = body["error"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["row"].as_u64().unwrap(), p["field"].as_str().unwrap()))
            .collect();
        assert_eq!(
            problems,
            [(2, "quarter"), (5, "value"), (5, "evidence_sha256")],
            "{label}: every problem of both rows"
        );
        assert!(
            body["error"]["rows"][0]["message"]
                .as_str()
                .unwrap()
                .contains("2022~2024년"),
            "{label}: {body}"
        );
        assert!(
            app.db
                .store
                .measurements(2021, Region::Gyeonggi)
                .await
                .unwrap()
                .is_empty(),
            "{label}"
        );
        assert_eq!(
            app.db.store.audit_log(100_000).await.unwrap().len(),
            audit_before,
            "{label}: nothing written, nothing audited"
        );

        rows[2] = json!({"goal": 0, "quarter": "2022-Q4", "value": "65조원", "evidence_url": link("p")});
        rows[5] = json!({"goal": 3, "quarter": "2022-Q2", "rating": "good", "evidence_url": link("d")});
        let (status, body) = send(&app, &writer, reqwest::Method::POST, &bulk, Some(json!({"rows": rows}))).await;
        assert_eq!((status, body["recorded"].as_u64()), (200, Some(12)), "{label}: {body}");
        assert_eq!(
            app.db.store.measurements(2021, Region::Gyeonggi).await.unwrap().len(),
            12,
            "{label}"
        );
        assert_eq!(
            audited(&app, "results.measurement").await,
            12,
            "{label}: each row audited"
        );

        let repeated = json!({"rows": [rows[0], rows[0]]});
        let (status, body) = send(&app, &writer, reqwest::Method::POST, &bulk, Some(repeated)).await;
        assert_eq!(
            (status, body["error"]["rows"][0]["row"].as_u64()),
            (422, Some(1)),
            "{label}: {body}"
        );

        let many: Vec<Value> = (0..1001).map(|_| rows[0].clone()).collect();
        let (status, body) = send(&app, &writer, reqwest::Method::POST, &bulk, Some(json!({"rows": many}))).await;
        assert_eq!(status, 422, "{label}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("1,000개까지"),
            "{label}: {body}"
        );
    }
}

#[tokio::test]
async fn another_province_and_a_read_only_token_are_refused() {
    for app in TestApp::all().await {
        let label = app.label();
        let project = confirmed(&app).await;
        let gg = app.signed_in("gg1", &[officer(Region::Gyeonggi)]).await;
        let busan = app.signed_in("bs1", &[officer(Region::Busan)]).await;
        let read_only = token(&app, gg.user, TokenScope::read_only()).await;
        let busan_writer = token(&app, busan.user, TokenScope::writing([Area::Results])).await;
        let row =
            json!({"goal": 1, "quarter": "2023-Q4", "value": "26만명", "evidence_url": "https://stat.gg.go.kr/1"});
        let firm = json!({"project": project, "number": "124-81-00998", "name": "(주)반월정밀", "support": "scaleup", "date": "2023-03-02"});
        for (path, body) in [
            (format!("{API}/measurements"), row.clone()),
            (format!("{API}/measurements/bulk"), json!({"rows": [row]})),
            (format!("{API}/firms"), firm),
        ] {
            let (status, refused) = send(&app, &read_only, reqwest::Method::POST, &path, Some(body.clone())).await;
            assert_eq!(
                (status, refused["error"]["code"].as_str()),
                (403, Some("token_scope")),
                "{label} {path}"
            );
            let (status, refused) = send(&app, &busan_writer, reqwest::Method::POST, &path, Some(body)).await;
            assert_eq!(
                (status, refused["error"]["code"].as_str()),
                (403, Some("forbidden")),
                "{label} {path}"
            );
        }
        let (status, _) = send(&app, &read_only, reqwest::Method::GET, &format!("{API}/firms"), None).await;
        assert_eq!(status, 200, "{label}: a read-only token reads the register");
        assert!(
            app.db
                .store
                .measurements(2021, Region::Gyeonggi)
                .await
                .unwrap()
                .is_empty(),
            "{label}"
        );
        assert!(
            app.db.store.firms(2021, Region::Gyeonggi).await.unwrap().is_empty(),
            "{label}"
        );
    }
}

#[tokio::test]
async fn the_firm_register_is_added_to_and_paged_by_following_link_to_its_end() {
    for app in TestApp::all().await {
        let label = app.label();
        let project = confirmed(&app).await;
        let gg = app.signed_in("gg1", &[officer(Region::Gyeonggi)]).await;
        let writer = token(&app, gg.user, TokenScope::writing([Area::Results])).await;
        let mut added = Vec::new();
        for n in 1..=5u32 {
            let number = sandan_domain::results::BusinessNumber::completing(200_000_000 + n).to_string();
            let firm = json!({"project": project, "number": number, "name": format!("(주)시화{n}"), "support": "startup", "date": format!("2023-0{n}-10")});
            let (status, line) = send(
                &app,
                &writer,
                reqwest::Method::POST,
                &format!("{API}/firms"),
                Some(firm),
            )
            .await;
            assert_eq!(status, 201, "{label}: {line}");
            assert_eq!(line["number"], number.as_str(), "{label}");
            added.push(line["id"].as_i64().unwrap());
        }
        let wrong = json!({"project": project, "number": "124-81-00997", "name": "x", "support": "startup", "date": "2023-01-10"});
        let (status, body) = send(
            &app,
            &writer,
            reqwest::Method::POST,
            &format!("{API}/firms"),
            Some(wrong),
        )
        .await;
        assert_eq!(status, 400, "{label}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("검증번호"),
            "{label}"
        );

        let (_, doc) = app.json("/api/v1/openapi.json").await;
        let (mut seen, mut pages) = (Vec::new(), 0);
        for page in app
            .pages(&format!("{API}/firms?limit=2"), |r| r.bearer_auth(&writer))
            .await
        {
            let schema =
                crate::openapi::answer_schema(&doc, "/api/v1/rounds/{year}/plans/{region}/results/firms", "get");
            let problems = crate::openapi::departures(&doc, schema, &page, "");
            assert!(problems.is_empty(), "{label}: {problems:#?}");
            let page = page.as_array().unwrap();
            seen.extend(page.iter().map(|f| f["id"].as_i64().unwrap()));
            pages += 1;
        }
        added.reverse();
        assert_eq!((seen, pages), (added, 3), "{label}: newest support first, two a page");
        assert_eq!(
            app.get(&format!("{API}/firms")).await.status(),
            401,
            "{label}: not public"
        );
    }
}
