//! Opening a round, setting its call and running its panel through `/api/v1`, on SQLite and
//! PostgreSQL: the office may, a province and an evaluator are refused; bad input is refused in
//! Korean and writes nothing; a stale `If-Match` or version is refused; an evaluator never sees
//! the panel's state or another's sheet before it closes.

use crate::common;

use common::{Session, TestApp};
use reqwest::Method;
use sandan_domain::{ComplexId, Proposal, ProposedGoal, ProposedHub, Region, Role};
use sandan_store::Change;
use serde_json::{Value, json};

const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-11-25T00:00:00Z",
    source: "test",
};
const YEAR: i32 = 2031;

/// A JSON call as `who` (cookie session, with the CSRF header), with extra headers.
pub(crate) async fn call(
    app: &TestApp,
    who: &Session,
    method: Method,
    path: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (u16, Option<String>, Value) {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.base))
        .header("cookie", &who.cookie)
        .header("x-csrf-token", &who.csrf);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let tag = response.headers().get("etag").map(|t| t.to_str().unwrap().to_string());
    (status, tag, response.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn get(app: &TestApp, who: &Session, path: &str) -> (u16, Option<String>, Value) {
    call(app, who, Method::GET, path, None, &[]).await
}

fn korean(body: &Value) -> String {
    let message = body["error"]["message"].as_str().unwrap_or_default().to_string();
    assert!(
        message.chars().any(|c| ('가'..='힣').contains(&c)),
        "the refusal is said in Korean: {body}"
    );
    message
}

struct People {
    office: Session,
    province: Session,
    evaluator: Session,
}

async fn people(app: &TestApp) -> People {
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
        evaluator: app.signed_in("evaluator", &[Role::Evaluator]).await,
    }
}

/// The settings body from a call's view, with `edit` applied.
fn settings(view: &Value, edit: impl FnOnce(&mut Value)) -> Value {
    let mut s = view["settings"].clone();
    edit(&mut s);
    s
}

#[tokio::test]
async fn the_office_opens_a_round_and_sets_its_call_through_the_api_and_no_one_else_may() {
    for app in TestApp::all().await {
        let label = app.label();
        let p = people(&app).await;
        let new = json!({ "year": YEAR, "title": "2031년 산업단지 대개조 공모", "quota": 3 });
        for who in [&p.province, &p.evaluator] {
            let (status, _, body) = call(&app, who, Method::POST, "/api/v1/rounds", Some(new.clone()), &[]).await;
            assert_eq!(status, 403, "{label}: {body}");
            korean(&body);
        }
        let bad = json!({ "year": 1999, "title": " ", "quota": 40 });
        let (status, _, body) = call(&app, &p.office, Method::POST, "/api/v1/rounds", Some(bad), &[]).await;
        assert_eq!(status, 422, "{label}: {body}");
        let message = korean(&body);
        assert!(
            message.contains("공모 연도") && message.contains("공모 이름") && message.contains("선정 규모"),
            "{label}: every problem is named: {message}"
        );
        assert!(
            app.db.store.round(YEAR).await.unwrap().is_none() && app.db.store.round(1999).await.unwrap().is_none(),
            "{label}: refused openings wrote no round"
        );

        let (status, tag, opened) = call(&app, &p.office, Method::POST, "/api/v1/rounds", Some(new.clone()), &[]).await;
        assert_eq!(status, 201, "{label}: {opened}");
        assert_eq!(opened["settings"]["title"], "2031년 산업단지 대개조 공모");
        assert_eq!(opened["settings"]["quota"], 3);
        assert_eq!(opened["settings"]["call"]["linked_min"], 2, "the program's usual call");
        let tag = tag.expect("the answer carries the call's ETag");
        assert_eq!(
            tag,
            format!("\"v{}\"", opened["version"]),
            "{label}: the ETag is the version"
        );
        let (again, _, body) = call(&app, &p.office, Method::POST, "/api/v1/rounds", Some(new), &[]).await;
        assert_eq!(again, 422, "{label}: a year opens once: {body}");
        korean(&body);

        let path = format!("/api/v1/rounds/{YEAR}/call");
        for who in [&p.province, &p.evaluator] {
            assert_eq!(
                get(&app, who, &path).await.0,
                403,
                "{label}: only the office reads the call"
            );
        }
        let (status, read_tag, view) = get(&app, &p.office, &path).await;
        assert_eq!(
            (status, read_tag.as_deref()),
            (200, Some(tag.as_str())),
            "{label}: {view}"
        );

        let body = settings(&view, |s| {
            s["schedule"] = json!([
                // Within the holidays the bundled calendar knows, so the deadline can be worked out.
                { "step": "call", "date": "2027-03-02" },
                { "step": "preliminary_application", "date": "2027-04-30" },
            ]);
            s["call"]["text"] = json!("2031년 공고문");
            s["call"]["linked_max"] = json!(4);
        });
        for who in [&p.province, &p.evaluator] {
            let (status, _, refused) =
                call(&app, who, Method::PUT, &path, Some(body.clone()), &[("if-match", &tag)]).await;
            assert_eq!(status, 403, "{label}: {refused}");
        }
        let (status, _, missing) = call(&app, &p.office, Method::PUT, &path, Some(body.clone()), &[]).await;
        assert_eq!(status, 428, "{label}: a write names its version: {missing}");
        korean(&missing);
        let (status, _, stale) = call(
            &app,
            &p.office,
            Method::PUT,
            &path,
            Some(body.clone()),
            &[("if-match", "\"v0\"")],
        )
        .await;
        assert_eq!(status, 412, "{label}: {stale}");
        korean(&stale);
        let wrong = settings(&view, |s| {
            s["call"]["linked_min"] = json!(5);
            s["call"]["linked_max"] = json!(2);
            s["schedule"] = json!([{ "step": "call", "date": "2031-02" }]);
        });
        let (status, _, refused) = call(&app, &p.office, Method::PUT, &path, Some(wrong), &[("if-match", &tag)]).await;
        assert_eq!(status, 422, "{label}: {refused}");
        let message = korean(&refused);
        assert!(
            message.contains("연계지역") && message.contains("공고"),
            "{label}: {message}"
        );
        let (_, unchanged_tag, unchanged) = get(&app, &p.office, &path).await;
        assert_eq!(
            unchanged_tag.as_deref(),
            Some(tag.as_str()),
            "{label}: refused writes changed nothing"
        );
        assert_eq!(unchanged["settings"]["schedule"], json!([]));

        let (status, new_tag, saved) =
            call(&app, &p.office, Method::PUT, &path, Some(body), &[("if-match", &tag)]).await;
        assert_eq!(status, 200, "{label}: {saved}");
        assert_ne!(
            new_tag.as_deref(),
            Some(tag.as_str()),
            "{label}: a save makes a new version"
        );
        assert_eq!(saved["settings"]["call"]["text"], "2031년 공고문");
        assert_eq!(saved["settings"]["call"]["linked_max"], 4);
        assert_eq!(saved["settings"]["schedule"][1]["date"], "2027-04-30");
        assert!(
            saved["deadline"].as_str().is_some_and(|d| d.contains("2027")),
            "{label}: the deadline follows from the schedule: {saved}"
        );
        let (status, _, _) = call(
            &app,
            &p.office,
            Method::PUT,
            &path,
            Some(settings(&saved, |_| {})),
            &[("if-match", &tag)],
        )
        .await;
        assert_eq!(status, 412, "{label}: the old version is stale once saved over");
        let round = app.db.store.round(YEAR).await.unwrap().unwrap();
        assert_eq!(round.milestones.len(), 2, "{label}: the schedule was stored");
    }
}

/// A round of `year` with 경기 and 부산's plans submitted, opened as the store's tests do;
/// `goals` gives each plan's 성과목표.
pub(crate) async fn round_with_plans(app: &TestApp, year: i32, goals: impl Fn(Region) -> Vec<ProposedGoal>) {
    let store = &app.db.store;
    let round = sandan_domain::Round {
        year,
        title: format!("{year}년 공모"),
        quota: Some(1),
        applicant_count: None,
        panel: None,
        indicators: vec![],
        bonus_points: vec![],
        milestones: vec![],
        sources: vec![],
    };
    store
        .open_round(&round, &sandan_domain::call::Call::new(year), &SETUP)
        .await
        .unwrap();
    for (region, hub) in [(Region::Gyeonggi, "banwol-sihwa"), (Region::Busan, "myeongji-noksan")] {
        let plan = Proposal {
            vision: format!("{} 혁신계획", region.short_name()),
            goals: goals(region),
            hub: Some(ProposedHub {
                complex: ComplexId(hub.into()),
                focus: "스마트 제조".into(),
            }),
            ..Proposal::default()
        };
        store.save_draft(year, region, &plan, 0, &SETUP).await.unwrap();
        store.submit_draft(year, region, 1, &SETUP).await.unwrap();
    }
}

pub(crate) fn framework(panel_size: u32) -> Value {
    json!({
        "indicators": [
            { "name": "지역진단 전략성", "max_points": 400 },
            { "name": "혁신계획 타당성", "max_points": 600 },
        ],
        "aggregation": "mean",
        "tie_break": [0, 1],
        "quota": 1,
        "panel_size": panel_size,
    })
}

pub(crate) fn sheet(first: i64, second: i64) -> Value {
    json!({
        "items": [
            { "points": first, "reason": "진단이 구체적임" },
            { "points": second, "reason": "사업 구성이 타당함" },
        ],
        "bonuses": [],
        "opinion": "",
    })
}

#[tokio::test]
async fn the_office_runs_the_panel_through_the_api_and_evaluators_see_only_their_own_sheets() {
    for app in TestApp::all().await {
        let label = app.label();
        let p = people(&app).await;
        let second = app.signed_in("evaluator2", &[Role::Evaluator]).await;
        round_with_plans(&app, YEAR, |_| vec![]).await;
        let base = format!("/api/v1/rounds/{YEAR}/evaluation");

        let (status, _, before) = get(&app, &p.office, &base).await;
        assert_eq!(status, 200, "{label}: {before}");
        assert_eq!(
            (before["stage"].as_str(), before["version"].as_i64()),
            (Some("setup"), Some(0))
        );
        let ids: Vec<i64> = ["evaluator", "evaluator2"]
            .iter()
            .map(|login| {
                before["candidates"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["login"] == *login)
                    .unwrap_or_else(|| panic!("{label}: {login} is a candidate: {before}"))["user"]
                    .as_i64()
                    .unwrap()
            })
            .collect();
        for who in [&p.province, &p.evaluator] {
            assert_eq!(
                get(&app, who, &base).await.0,
                403,
                "{label}: only the office reads the panel"
            );
        }

        let framework_path = format!("{base}/framework");
        let (status, unsaved_tag, unsaved) = get(&app, &p.office, &framework_path).await;
        assert_eq!(status, 200, "{label}: {unsaved}");
        assert_eq!(
            (unsaved_tag.as_deref(), unsaved["framework"].is_null()),
            (Some("\"v0\""), true),
            "{label}: {unsaved}"
        );
        let body = json!({ "version": 0, "framework": framework(2) });
        for who in [&p.province, &p.evaluator] {
            assert_eq!(get(&app, who, &framework_path).await.0, 403, "{label}");
            let (status, _, refused) = call(&app, who, Method::PUT, &framework_path, Some(body.clone()), &[]).await;
            assert_eq!(status, 403, "{label}: {refused}");
        }
        let mut wrong = framework(0);
        wrong["tie_break"] = json!([5]);
        let (status, _, refused) = call(
            &app,
            &p.office,
            Method::PUT,
            &framework_path,
            Some(json!({ "version": 0, "framework": wrong })),
            &[],
        )
        .await;
        assert_eq!(status, 422, "{label}: {refused}");
        let message = korean(&refused);
        assert!(
            message.contains("평가위원 수") && message.contains("동점"),
            "{label}: {message}"
        );
        assert!(
            app.db.store.panel(YEAR).await.unwrap().is_none(),
            "{label}: a refused framework is not stored"
        );
        let (status, _, saved) = call(&app, &p.office, Method::PUT, &framework_path, Some(body.clone()), &[]).await;
        assert_eq!(status, 200, "{label}: {saved}");
        assert_eq!(saved["version"], 1);
        assert_eq!(saved["framework"]["panel_size"], 2);
        let (status, _, stale) = call(&app, &p.office, Method::PUT, &framework_path, Some(body), &[]).await;
        assert_eq!(status, 409, "{label}: a stale version is refused: {stale}");
        korean(&stale);
        // The same edit by If-Match, as the framework's GET tags it: a stale tag fails (412),
        // the current one saves and answers with the next.
        let (_, tag, current) = get(&app, &p.office, &framework_path).await;
        assert_eq!(
            (tag.as_deref(), current["version"].as_i64(), current["stage"].as_str()),
            (Some("\"v1\""), Some(1), Some("setup")),
            "{label}: {current}"
        );
        assert_eq!(current["framework"]["panel_size"], 2, "{label}");
        let unversioned = json!({ "framework": framework(2) });
        let (status, _, refused) = call(
            &app,
            &p.office,
            Method::PUT,
            &framework_path,
            Some(unversioned.clone()),
            &[],
        )
        .await;
        assert_eq!(status, 428, "{label}: neither If-Match nor a version: {refused}");
        korean(&refused);
        let (status, _, refused) = call(
            &app,
            &p.office,
            Method::PUT,
            &framework_path,
            Some(unversioned.clone()),
            &[("if-match", unsaved_tag.as_deref().unwrap())],
        )
        .await;
        assert_eq!(status, 412, "{label}: {refused}");
        korean(&refused);
        let (status, next_tag, saved) = call(
            &app,
            &p.office,
            Method::PUT,
            &framework_path,
            Some(unversioned),
            &[("if-match", tag.as_deref().unwrap())],
        )
        .await;
        assert_eq!((status, next_tag.as_deref()), (200, Some("\"v2\"")), "{label}: {saved}");
        assert_eq!(saved["version"], 2, "{label}");

        let members = format!("{base}/members");
        let province_id = app
            .db
            .store
            .users(0)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.login == "gyeonggi")
            .unwrap()
            .id
            .0;
        let (status, _, refused) = call(
            &app,
            &p.office,
            Method::POST,
            &members,
            Some(json!({ "user": province_id, "affiliation": "경기도청" })),
            &[],
        )
        .await;
        assert_eq!(status, 422, "{label}: only an evaluator is appointed: {refused}");
        korean(&refused);
        let appoint = json!({ "user": ids[0], "affiliation": "부산대학교" });
        for who in [&p.province, &p.evaluator] {
            let (status, _, _) = call(&app, who, Method::POST, &members, Some(appoint.clone()), &[]).await;
            assert_eq!(status, 403, "{label}");
        }
        for (id, affiliation) in ids.iter().zip(["부산대학교", "서울대학교"]) {
            let (status, _, panel) = call(
                &app,
                &p.office,
                Method::POST,
                &members,
                Some(json!({ "user": id, "affiliation": affiliation })),
                &[],
            )
            .await;
            assert_eq!(status, 200, "{label}: {panel}");
        }
        let (_, _, ready) = get(&app, &p.office, &base).await;
        assert_eq!(ready["members"].as_array().unwrap().len(), 2, "{label}: {ready}");
        assert_eq!(ready["plans"], json!(["경기", "부산"]), "{label}: in 가나다 order");

        let start = format!("{base}/start");
        for who in [&p.province, &p.evaluator] {
            let (status, _, _) = call(
                &app,
                who,
                Method::POST,
                &start,
                Some(json!({ "early_reason": "일정" })),
                &[],
            )
            .await;
            assert_eq!(status, 403, "{label}");
        }
        let (status, _, refused) = call(&app, &p.office, Method::POST, &start, Some(json!({})), &[]).await;
        assert_eq!(
            status, 422,
            "{label}: the call is still open, so a reason is needed: {refused}"
        );
        assert!(korean(&refused).contains("조기 개시"), "{label}");
        assert_eq!(get(&app, &p.office, &base).await.2["stage"], "setup", "{label}");
        let (status, _, started) = call(
            &app,
            &p.office,
            Method::POST,
            &start,
            Some(json!({ "early_reason": "위원회 일정에 맞춤" })),
            &[],
        )
        .await;
        assert_eq!(status, 200, "{label}: {started}");
        assert_eq!(started["stage"], "scoring");
        assert_eq!(
            started["assignments"].as_array().unwrap().len(),
            4,
            "{label}: {started}"
        );

        // Each evaluator scores both plans; the first may not read the second's sheet.
        for who in [&p.evaluator, &second] {
            for (region, points) in [("gyeonggi", (300, 500)), ("busan", (200, 400))] {
                let sheet_path = format!("{base}/sheets/{region}");
                let (status, _, blank) = get(&app, who, &sheet_path).await;
                assert_eq!(status, 200, "{label}: {blank}");
                let (status, _, saved) = call(
                    &app,
                    who,
                    Method::PUT,
                    &sheet_path,
                    Some(json!({ "version": blank["version"], "sheet": sheet(points.0, points.1) })),
                    &[],
                )
                .await;
                assert_eq!(status, 200, "{label}: {saved}");
                let (status, _, submitted) = call(
                    &app,
                    who,
                    Method::POST,
                    &format!("{sheet_path}/submit"),
                    Some(json!({ "version": saved["version"] })),
                    &[],
                )
                .await;
                assert_eq!(status, 200, "{label}: {submitted}");
            }
        }
        let (status, _, other) = get(
            &app,
            &p.evaluator,
            &format!("{base}/sheets/gyeonggi?evaluator={}", ids[1]),
        )
        .await;
        assert_eq!(
            status, 403,
            "{label}: no evaluator reads another's sheet before close: {other}"
        );
        assert_eq!(get(&app, &p.evaluator, &base).await.0, 403, "{label}");
        let (_, _, progress) = get(&app, &p.office, &base).await;
        assert!(
            progress["assignments"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["sheet"] == "submitted" && a.get("points").is_none()),
            "{label}: the office sees that sheets are in, never their scores: {progress}"
        );

        let close = format!("{base}/close");
        for who in [&p.province, &p.evaluator] {
            assert_eq!(call(&app, who, Method::POST, &close, None, &[]).await.0, 403, "{label}");
        }
        let publish = format!("{base}/results/publish");
        let (status, _, early) = call(
            &app,
            &p.office,
            Method::POST,
            &publish,
            Some(json!({ "published": true })),
            &[],
        )
        .await;
        assert_eq!(status, 422, "{label}: scores are published only after close: {early}");
        korean(&early);
        let (status, _, closed) = call(&app, &p.office, Method::POST, &close, None, &[]).await;
        assert_eq!(status, 200, "{label}: {closed}");
        assert_eq!(closed["stage"], "closed");
        let (status, _, results) = get(&app, &p.office, &format!("{base}/results")).await;
        assert_eq!(status, 200, "{label}: {results}");
        assert_eq!(results["results"][0]["region"], "경기", "{label}: {results}");
        for who in [&p.province, &p.evaluator] {
            let (status, _, _) = call(
                &app,
                who,
                Method::POST,
                &publish,
                Some(json!({ "published": true })),
                &[],
            )
            .await;
            assert_eq!(status, 403, "{label}");
        }
        let (status, _, published) = call(
            &app,
            &p.office,
            Method::POST,
            &publish,
            Some(json!({ "published": true })),
            &[],
        )
        .await;
        assert_eq!(status, 200, "{label}: {published}");
        assert_eq!(published["scores_published"], true);
    }
}

/// The office's token for `areas`.
async fn office_token(app: &TestApp, who: &Session, areas: &[sandan_domain::account::token::Area]) -> String {
    use sandan_domain::account::token::{Lifetime, TokenScope};
    app.db
        .store
        .create_api_token(
            who.user,
            "공모 운영 연계",
            &TokenScope::writing(areas.iter().copied()),
            Lifetime::days(30).unwrap(),
            jiff::Timestamp::now().as_second(),
            &SETUP,
        )
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn opening_a_round_and_setting_its_call_take_a_record_token_and_running_the_panel_an_evaluation_one() {
    use sandan_domain::account::token::Area;
    for app in TestApp::all().await {
        let label = app.label();
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let evaluation = office_token(&app, &office, &[Area::Evaluation]).await;
        let record = office_token(&app, &office, &[Area::Record]).await;
        let send = |token: &str, method: Method, path: &str, body: Value| {
            app.client
                .request(method, format!("{}{path}", app.base))
                .bearer_auth(token)
                .json(&body)
                .send()
        };
        let new = json!({ "year": YEAR, "title": "2031년 공모", "quota": 2 });
        let refused = send(&evaluation, Method::POST, "/api/v1/rounds", new.clone())
            .await
            .unwrap();
        assert_eq!(refused.status(), 403, "{label}");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["code"], "token_scope", "{label}: {body}");
        assert!(app.db.store.round(YEAR).await.unwrap().is_none(), "{label}");
        let opened = send(&record, Method::POST, "/api/v1/rounds", new).await.unwrap();
        assert_eq!(opened.status(), 201, "{label}");
        let framework_path = format!("/api/v1/rounds/{YEAR}/evaluation/framework");
        let body = json!({ "version": 0, "framework": framework(2) });
        let refused = send(&record, Method::PUT, &framework_path, body.clone()).await.unwrap();
        assert_eq!(refused.status(), 403, "{label}: the panel is the evaluation area's");
        let saved = send(&evaluation, Method::PUT, &framework_path, body).await.unwrap();
        assert_eq!(saved.status(), 200, "{label}");
    }
}
