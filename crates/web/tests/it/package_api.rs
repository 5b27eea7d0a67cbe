//! The package through the API, on SQLite and PostgreSQL: the office keeps the programs on the
//! version it read; the province and the office plan a project's budget, its runner records
//! execution one quarter at a time or hundreds of rows at once — all or nothing, every bad row
//! named — and everything written reads back through the GETs, the matrix included. Each write
//! is refused outside the writer's own, and to a read-only token.

use reqwest::Method;
use reqwest::header::{ETAG, IF_MATCH, LOCATION};
use sandan_domain::account::token::{Area, Lifetime, TokenScope};
use sandan_domain::package::sourced_programs;
use sandan_domain::{Region, Role};
use sandan_store::Change;
use sandan_store::testing::confirmed_gyeonggi;
use serde_json::{Value, json};

use crate::common::{Session, TestApp};

const SETUP: Change<'static> = Change {
    actor: "setup",
    source: "test",
    at: "2026-11-25T00:00:00Z",
};

const EOK: i64 = 100_000_000;

/// A JSON request as `who`, signed in by cookie with her token in `X-CSRF-Token`.
fn api(app: &TestApp, who: &Session, method: Method, path: &str) -> reqwest::RequestBuilder {
    app.client
        .request(method, format!("{}{path}", app.base))
        .header("cookie", &who.cookie)
        .header("x-csrf-token", &who.csrf)
}

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

fn tag(response: &reqwest::Response) -> String {
    response.headers()[ETAG].to_str().unwrap().to_string()
}

/// 2021 경기 confirmed, the sourced programs loaded, and two projects: one on 중소벤처기업부's
/// 스마트공장 program, one the province runs itself.
async fn set_up(app: &TestApp) -> (i64, i64) {
    let store = &app.db.store;
    store.replace_record(&confirmed_gyeonggi(), &SETUP).await.unwrap();
    store.load_programs_if_empty(&sourced_programs(), &SETUP).await.unwrap();
    let smart = store
        .programs()
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.program.name == "스마트공장 구축 및 고도화")
        .unwrap()
        .id;
    let sme = store
        .add_project(2021, Region::Gyeonggi, "스마트공장 고도화", Some(smart), &SETUP)
        .await
        .unwrap();
    let own = store
        .add_project(2021, Region::Gyeonggi, "산단 혁신센터", None, &SETUP)
        .await
        .unwrap();
    (sme, own)
}

struct People {
    office: Session,
    province: Session,
    busan: Session,
    sme: Session,
    forest: Session,
}

async fn people(app: &TestApp) -> People {
    let ministry = |m: &str| Role::MinistryOfficer { ministry: m.into() };
    People {
        office: app.signed_in("office", &[Role::ProgramOffice]).await,
        province: app
            .signed_in(
                "gyeonggi",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await,
        busan: app
            .signed_in("busan", &[Role::ProvincialOfficer { region: Region::Busan }])
            .await,
        sme: app.signed_in("sme", &[ministry("중소벤처기업부")]).await,
        forest: app.signed_in("forest", &[ministry("산림청")]).await,
    }
}

/// Plans `project`'s budget as `who` on the version a GET gives: the status and answer.
async fn plan(app: &TestApp, who: &Session, project: i64, budget: &Value) -> (u16, Value) {
    let path = format!("/api/v1/package/projects/{project}");
    let current = tag(&app.get(&path).await);
    let response = api(app, who, Method::PUT, &format!("{path}/budget"))
        .header(IF_MATCH, current)
        .json(budget)
        .send()
        .await
        .unwrap();
    answer(response).await
}

fn line(year: i32, source: &str, eok: i64) -> Value {
    json!({"year": year, "source": source, "planned": eok * EOK})
}

/// 60억: 2022 국비 20억, 2022 지방비 10억, 2023 국비 30억.
fn sme_budget() -> Value {
    json!({"total": 60 * EOK, "lines": [line(2022, "national", 20), line(2022, "local", 10), line(2023, "국비", 30)]})
}

fn row(project: i64, quarter: &str, source: &str, eok: i64) -> Value {
    json!({"project": project, "quarter": quarter, "source": source, "amount": eok * EOK})
}

/// A year of quarters from one source at `eok` each.
fn year_of_rows(project: i64, year: i32, source: &str, eok: i64) -> Vec<Value> {
    (1..=4)
        .map(|q| row(project, &format!("{year}-Q{q}"), source, eok))
        .collect()
}

async fn bulk(app: &TestApp, who: &Session, rows: &[Value]) -> (u16, Value) {
    let response = api(app, who, Method::POST, "/api/v1/package/executions")
        .json(&json!({ "rows": rows }))
        .send()
        .await
        .unwrap();
    answer(response).await
}

fn executions_logged(log: &[sandan_store::AuditEntry]) -> usize {
    log.iter().filter(|e| e.action == "package.execution").count()
}

#[tokio::test]
async fn the_office_keeps_programs_on_the_version_it_read_and_only_the_office_may() {
    for app in TestApp::all().await {
        let label = app.label();
        set_up(&app).await;
        let who = people(&app).await;
        let program = json!({"name": "산단 녹지 조성", "ministry": "산림청", "agency": " 한국임업진흥원 "});
        let refused = api(&app, &who.province, Method::POST, "/api/v1/programs")
            .json(&program)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403, "{label}: a province keeps no programs");
        let created = api(&app, &who.office, Method::POST, "/api/v1/programs")
            .json(&program)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201, "{label}");
        let place = created.headers()[LOCATION].to_str().unwrap().to_string();
        let v1 = tag(&created);
        let body: Value = created.json().await.unwrap();
        assert_eq!(place, format!("/api/v1/programs/{}", body["id"]), "{label}");
        assert_eq!(
            (body["agency"].as_str(), body["version"].as_i64()),
            (Some("한국임업진흥원"), Some(1)),
            "{label}: trimmed as the form trims"
        );
        let read = app.get(&place).await;
        assert_eq!(tag(&read), v1, "{label}: the tag a GET gives");

        let mut edited = program.clone();
        edited["agency"] = json!("산림청 산림정책과");
        let put = |tag: Option<&str>| {
            let request = api(&app, &who.office, Method::PUT, &place).json(&edited);
            match tag {
                Some(t) => request.header(IF_MATCH, t),
                None => request,
            }
            .send()
        };
        assert_eq!(put(None).await.unwrap().status(), 428, "{label}");
        let saved = put(Some(&v1)).await.unwrap();
        assert_eq!(saved.status(), 200, "{label}");
        assert_eq!(put(Some(&v1)).await.unwrap().status(), 412, "{label}: v1 is gone");
        let (status, listed) = app.json("/api/v1/programs?ministry=%EC%82%B0%EB%A6%BC%EC%B2%AD").await;
        assert_eq!(status, 200, "{label}");
        let names: Vec<(&str, &str)> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap(), p["agency"].as_str().unwrap_or("")))
            .collect();
        assert_eq!(
            names,
            [("미세먼지 차단숲", ""), ("산단 녹지 조성", "산림청 산림정책과")],
            "{label}: 산림청's, in 가나다 order, the edit read back"
        );

        let (status, body) = answer(
            api(&app, &who.office, Method::POST, "/api/v1/programs")
                .json(&json!({"name": "차단숲", "ministry": "경기도"}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (422, Some("refused")),
            "{label}"
        );
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("부처·청 이름이 아닙니다")
        );
    }
}

#[tokio::test]
async fn a_budget_and_execution_written_through_the_api_read_back_in_the_project_and_the_matrix() {
    for app in TestApp::all().await {
        let label = app.label();
        let (sme, own) = set_up(&app).await;
        let who = people(&app).await;
        let (status, planned) = plan(&app, &who.office, sme, &sme_budget()).await;
        assert_eq!(status, 200, "{label}: {planned}");
        let own_budget = json!({"total": 12 * EOK, "lines": [line(2022, "local", 12)]});
        assert_eq!(
            plan(&app, &who.busan, own, &own_budget).await.0,
            403,
            "{label}: 부산 plans no 경기 project"
        );
        assert_eq!(plan(&app, &who.sme, own, &own_budget).await.0, 403, "{label}");
        assert_eq!(plan(&app, &who.province, own, &own_budget).await.0, 200, "{label}");
        let (status, body) = plan(
            &app,
            &who.province,
            own,
            &json!({"total": 5 * EOK, "lines": [line(2022, "local", 4), line(2026, "local", 1)]}),
        )
        .await;
        assert_eq!(status, 422, "{label}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("2026년은 사업기간(2022~2024년)이 아닙니다"),
            "{label}: {message}"
        );

        let execution = |project: i64| format!("/api/v1/package/projects/{project}/execution");
        let spend = json!({"quarter": "2022-Q1", "source": "national", "amount": 5 * EOK});
        for (whom, project, want) in [
            (&who.forest, sme, 403),
            (&who.sme, own, 403),
            (&who.office, sme, 403),
            (&who.sme, sme, 200),
        ] {
            let response = api(&app, whom, Method::POST, &execution(project))
                .json(&spend)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), want, "{label}: project {project}");
        }
        let local = json!({"quarter": "2022-Q2", "source": "지방비", "amount": 3 * EOK});
        let (status, project) = answer(
            api(&app, &who.province, Method::POST, &execution(own))
                .json(&local)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 200, "{label}: {project}");

        let (_, read) = app.json(&format!("/api/v1/package/projects/{sme}")).await;
        assert_eq!(read["total"], 60 * EOK, "{label}");
        assert_eq!(
            read["lines"][2],
            json!({"year": 2023, "source": "national", "planned": 30 * EOK})
        );
        assert_eq!(
            read["executions"],
            json!([{"quarter": "2022-Q1", "source": "national", "amount": 5 * EOK}]),
            "{label}"
        );
        assert_eq!(
            (read["runner"]["kind"].as_str(), read["runner"]["name"].as_str()),
            (Some("ministry"), Some("중소벤처기업부"))
        );
        let (status, matrix) = app.json("/api/v1/package?round=2021&region=gyeonggi&year=2022").await;
        assert_eq!(status, 200, "{label}: {matrix}");
        assert_eq!(matrix["ministries"], json!(["시·도 자체", "중소벤처기업부"]), "{label}");
        assert_eq!(matrix["rows"].as_array().unwrap().len(), 1, "{label}");
        assert_eq!(
            matrix["rows"][0]["cells"],
            json!([
                {"planned": 12 * EOK, "executed": 3 * EOK, "rate_permille": 250},
                {"planned": 30 * EOK, "executed": 5 * EOK, "rate_permille": 166},
            ]),
            "{label}"
        );
        let (_, sme_only) = app
            .json("/api/v1/package?ministry=%EC%A4%91%EC%86%8C%EB%B2%A4%EC%B2%98%EA%B8%B0%EC%97%85%EB%B6%80")
            .await;
        assert_eq!(sme_only["ministries"], json!(["중소벤처기업부"]), "{label}");
        assert_eq!(sme_only["total"]["planned"], 60 * EOK, "{label}: all years");
        let (status, bad) = app.json("/api/v1/package?region=atlantis").await;
        assert_eq!((status, bad["error"]["code"].as_str()), (400, Some("bad_input")));
    }
}

#[tokio::test]
async fn a_bulk_call_is_all_or_nothing_names_every_bad_row_and_repeats_harmlessly() {
    for app in TestApp::all().await {
        let label = app.label();
        let (sme, own) = set_up(&app).await;
        let who = people(&app).await;
        assert_eq!(plan(&app, &who.office, sme, &sme_budget()).await.0, 200, "{label}");
        // 2022 국비 5억 × 4, 지방비 2억 × 4, 2023 국비 7억 × 4: 12 rows within the plan.
        let good: Vec<Value> = [
            year_of_rows(sme, 2022, "national", 5),
            year_of_rows(sme, 2022, "local", 2),
            year_of_rows(sme, 2023, "national", 7),
        ]
        .concat();
        let mut bad = good.clone();
        bad[2]["quarter"] = json!("2022-Q5");
        bad[11]["amount"] = json!(10 * EOK);
        let before = app.json(&format!("/api/v1/package/projects/{sme}")).await.1;
        let logged = executions_logged(&app.db.store.audit_log(500).await.unwrap());
        let (status, refused) = bulk(&app, &who.sme, &bad).await;
        assert_eq!(status, 422, "{label}: {refused}");
        assert_eq!(refused["error"]["code"], "rows_refused", "{label}");
        let rows = refused["error"]["rows"].as_array().unwrap();
        let found: Vec<(i64, &str)> = rows
            .iter()
            .map(|r| (r["row"].as_i64().unwrap(), r["field"].as_str().unwrap()))
            .collect();
        assert_eq!(found, [(2, "quarter"), (11, "amount")], "{label}: {refused}");
        assert!(
            rows[1]["message"].as_str().unwrap().contains("초과 1억 원"),
            "{label}: 2023 국비 31억 against 30억"
        );
        assert_eq!(
            app.json(&format!("/api/v1/package/projects/{sme}")).await.1,
            before,
            "{label}: nothing written"
        );
        assert_eq!(
            executions_logged(&app.db.store.audit_log(500).await.unwrap()),
            logged,
            "{label}: nothing audited"
        );

        let mut trespass = good.clone();
        trespass.push(row(own, "2022-Q1", "local", 1));
        let (status, body) = bulk(&app, &who.sme, &trespass).await;
        assert_eq!(status, 403, "{label}: the province's own project is not the ministry's");
        assert!(body["error"]["message"].as_str().unwrap().contains("row 12"), "{body}");

        let (status, done) = bulk(&app, &who.sme, &good).await;
        assert_eq!(status, 200, "{label}: {done}");
        assert_eq!(done, json!({"rows": 12, "written": 12, "unchanged": 0}), "{label}");
        let (status, again) = bulk(&app, &who.sme, &good).await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(
            again,
            json!({"rows": 12, "written": 0, "unchanged": 12}),
            "{label}: idempotent"
        );
        assert_eq!(
            executions_logged(&app.db.store.audit_log(500).await.unwrap()),
            logged + 12,
            "{label}: one audit entry per row that changed the record"
        );
        let (_, read) = app.json(&format!("/api/v1/package/projects/{sme}")).await;
        assert_eq!(read["executed"], (20 + 8 + 28) * EOK, "{label}");
        assert_eq!(read["executions"].as_array().unwrap().len(), 12, "{label}");

        let too_many: Vec<Value> = (0..1_001).map(|_| row(sme, "2022-Q1", "national", 0)).collect();
        let (status, body) = bulk(&app, &who.sme, &too_many).await;
        assert_eq!((status, body["error"]["code"].as_str()), (422, Some("refused")));
        assert!(
            body["error"]["message"].as_str().unwrap().contains("1,000개까지"),
            "{body}"
        );
    }
}

/// A 30-day API token of `who`'s with `scope`.
async fn token(app: &TestApp, who: &Session, scope: TokenScope) -> String {
    let now = jiff::Timestamp::now().as_second();
    let lifetime = Lifetime::days(30).unwrap();
    let (_, token) = app
        .db
        .store
        .create_api_token(who.user, "재정 시스템", &scope, lifetime, now, &SETUP)
        .await
        .unwrap();
    token
}

#[tokio::test]
async fn a_read_only_token_reads_the_package_but_writes_none_of_it() {
    for app in TestApp::all().await {
        let label = app.label();
        let (sme, _) = set_up(&app).await;
        let who = people(&app).await;
        assert_eq!(plan(&app, &who.office, sme, &sme_budget()).await.0, 200, "{label}");
        let read_only = token(&app, &who.sme, TokenScope::read_only()).await;
        let writer = token(&app, &who.sme, TokenScope::writing([Area::Package])).await;
        let rows = json!({"rows": [row(sme, "2022-Q1", "national", 1)]});
        let send = |token: &str, path: &str, body: &Value| {
            app.client
                .post(format!("{}{path}", app.base))
                .bearer_auth(token)
                .json(body)
                .send()
        };
        let read = app
            .client
            .get(format!("{}/api/v1/package/projects/{sme}", app.base))
            .bearer_auth(&read_only)
            .send()
            .await
            .unwrap();
        assert_eq!(read.status(), 200, "{label}");
        let single = json!({"quarter": "2022-Q1", "source": "national", "amount": EOK});
        let execution = format!("/api/v1/package/projects/{sme}/execution");
        for (path, body) in [("/api/v1/package/executions", &rows), (execution.as_str(), &single)] {
            let (status, refused) = answer(send(&read_only, path, body).await.unwrap()).await;
            assert_eq!(
                (status, refused["error"]["code"].as_str()),
                (403, Some("token_scope")),
                "{label}: {path}"
            );
        }
        let (status, done) = answer(send(&writer, "/api/v1/package/executions", &rows).await.unwrap()).await;
        assert_eq!((status, done["written"].as_i64()), (200, Some(1)), "{label}: {done}");
    }
}

/// Every page of `path` at `limit`, following `Link: rel=next` to the end: the ids in order.
async fn paged_ids(app: &TestApp, first: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for items in app.pages(first, |r| r).await {
        assert!(items.as_array().unwrap().len() <= 3, "{first}");
        ids.extend(items.as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()));
    }
    ids
}

#[tokio::test]
async fn programs_and_projects_page_by_cursor_to_the_same_whole() {
    for app in TestApp::all().await {
        let label = app.label();
        set_up(&app).await;
        let store = &app.db.store;
        for n in 0..5 {
            store
                .add_project(2021, Region::Gyeonggi, &format!("시험 사업 {n}"), None, &SETUP)
                .await
                .unwrap();
        }
        for (whole, first) in [
            ("/api/v1/programs", "/api/v1/programs?limit=3"),
            (
                "/api/v1/package/projects?region=%EA%B2%BD%EA%B8%B0",
                "/api/v1/package/projects?region=%EA%B2%BD%EA%B8%B0&limit=3",
            ),
        ] {
            let (_, all) = app.json(whole).await;
            let all: Vec<i64> = all
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap())
                .collect();
            assert!(all.len() >= 7, "{label} {whole}: {all:?}");
            assert_eq!(paged_ids(&app, first).await, all, "{label}: {whole} put together");
        }
        for bad in ["limit=0", "after=nowhere", "round=21", "program=x"] {
            let (status, body) = app.json(&format!("/api/v1/package/projects?{bad}")).await;
            assert_eq!(
                (status, body["error"]["code"].as_str()),
                (400, Some("bad_input")),
                "{bad}"
            );
        }
    }
}

#[tokio::test]
async fn a_project_is_added_through_the_api_to_a_confirmed_plan_only_by_its_province_or_the_office() {
    for app in TestApp::all().await {
        let label = app.label();
        set_up(&app).await;
        let p = people(&app).await;
        let evaluator = app.signed_in("evaluator", &[Role::Evaluator]).await;
        let count = |app: &TestApp| {
            let store = app.db.store.clone();
            async move {
                store
                    .projects(&sandan_store::package::ProjectFilter::All)
                    .await
                    .unwrap()
                    .len()
            }
        };
        let before = count(&app).await;
        let new = json!({ "round": 2021, "region": "경기", "name": "AI 공정 실증" });
        for who in [&p.busan, &p.sme, &evaluator] {
            let (status, body) = answer(
                api(&app, who, Method::POST, "/api/v1/package/projects")
                    .json(&new)
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
            assert_eq!(status, 403, "{label}: {body}");
        }
        // 부산's 2021 plan was never confirmed: its package cannot be written.
        let unconfirmed = json!({ "round": 2021, "region": "부산", "name": "AI 공정 실증" });
        let (status, body) = answer(
            api(&app, &p.busan, Method::POST, "/api/v1/package/projects")
                .json(&unconfirmed)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 422, "{label}: {body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("최종확정"),
            "{label}: {body}"
        );
        let blank = json!({ "round": 2021, "region": "경기", "name": " " });
        let (status, body) = answer(
            api(&app, &p.province, Method::POST, "/api/v1/package/projects")
                .json(&blank)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 422, "{label}: a project has a name: {body}");
        assert_eq!(count(&app).await, before, "{label}: refused additions wrote nothing");

        let response = api(&app, &p.province, Method::POST, "/api/v1/package/projects")
            .json(&new)
            .send()
            .await
            .unwrap();
        let etag = tag(&response);
        let (status, added) = answer(response).await;
        assert_eq!(status, 201, "{label}: {added}");
        assert_eq!(
            (added["name"].as_str(), added["region"].as_str()),
            (Some("AI 공정 실증"), Some("경기"))
        );
        assert_eq!(
            added["runner"]["kind"], "province",
            "{label}: without a program the province runs it"
        );
        let id = added["id"].as_i64().unwrap();
        let (status, read) = answer(
            api(&app, &p.office, Method::GET, &format!("/api/v1/package/projects/{id}"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!((status, &read), (200, &added), "{label}");
        let budget = json!({ "total": 3 * EOK, "lines": [line(2022, "national", 1), line(2023, "national", 1), line(2024, "national", 1)] });
        let planned = api(
            &app,
            &p.office,
            Method::PUT,
            &format!("/api/v1/package/projects/{id}/budget"),
        )
        .header(IF_MATCH, etag)
        .json(&budget)
        .send()
        .await
        .unwrap();
        assert_eq!(
            planned.status(),
            200,
            "{label}: the answer's ETag is the one to plan with"
        );
        assert_eq!(count(&app).await, before + 1, "{label}");
    }
}
