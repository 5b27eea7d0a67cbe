//! A whole evaluation round through the real server, on SQLite and PostgreSQL: 8 provinces'
//! plans, 9 evaluators of whom two declare conflicts, scoring through the API, closing,
//! aggregation, the committee's selection of 5, smart green and district designations,
//! publication — and at every step, who may see what.

use crate::common;

use common::{Session, TestApp, select, text_of};
use sandan_domain::call::Call;
use sandan_domain::{ComplexId, Proposal, ProposedHub, Region, Role, Round};
use sandan_store::Change;
use serde_json::{Value, json};

const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-11-25T00:00:00Z",
    source: "test",
};
const YEAR: i32 = 2023;

/// Eight applicants, their hubs and the total every evaluator starts from (hand-set so the
/// outcome can be worked out by hand): 충북 is under the cut-off of 60.
const PLANS: [(Region, &str, i64); 8] = [
    (Region::Busan, "myeongji-noksan", 90),
    (Region::Gwangju, "bitgreen", 88),
    (Region::Gyeonggi, "banwol-sihwa", 85),
    (Region::Jeonbuk, "gunsan", 82),
    (Region::Gyeongnam, "changwon", 80),
    (Region::Ulsan, "ulsan-mipo", 75),
    (Region::Incheon, "juan-bupyeong", 70),
    (Region::Chungbuk, "osong", 55),
];

/// What each of the nine evaluators adds to every plan's total; they cancel out, and the
/// trimmed mean drops the +5 and the −5.
const LEAN: [i64; 9] = [3, -3, 1, -1, 0, 2, -2, 5, -5];

async fn signed_in(app: &TestApp, login: &str, name: &str, roles: &[Role]) -> Session {
    sandan_store::testing::signed_in(&app.db.store, login, name, roles).await
}

async fn get(app: &TestApp, s: &Session, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.base))
        .header("cookie", &s.cookie)
        .send()
        .await
        .unwrap()
}

async fn post(app: &TestApp, s: &Session, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let mut fields = vec![("csrf", s.csrf.as_str())];
    fields.extend_from_slice(form);
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .header("cookie", &s.cookie)
        .form(&fields)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn api(app: &TestApp, s: &Session, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
    let response = app
        .client
        .request(method, format!("{}{path}", app.base))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// As [`api`], naming what the client read with `If-Match` instead of a version in the body;
/// also the answer's ETag.
async fn api_if_match(
    app: &TestApp,
    s: &Session,
    method: reqwest::Method,
    path: &str,
    tag: &str,
    body: Value,
) -> (u16, Value, String) {
    let response = app
        .client
        .request(method, format!("{}{path}", app.base))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .header("if-match", tag)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let etag = etag_of(&response);
    (status, response.json().await.unwrap_or(Value::Null), etag)
}

fn etag_of(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("etag")
        .map(|t| t.to_str().unwrap().to_string())
        .unwrap_or_default()
}

async fn api_get(app: &TestApp, s: &Session, path: &str) -> (u16, Value) {
    let response = get(app, s, path).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Tenths of a point for a total of `total`: 현황 8, 전략 12, 혁신계획 20 + lean, and the rest
/// split evenly between the last two indicators.
fn sheet_for(total: i64, lean: i64, evaluator: usize) -> Value {
    let rest = (total - 40) * 10;
    let points = [80, 120, 200 + lean * 10, rest / 2, rest - rest / 2];
    let items: Vec<Value> = points
        .iter()
        .enumerate()
        .map(|(k, p)| json!({ "points": p, "reason": format!("위원 {evaluator}의 근거 {k}") }))
        .collect();
    json!({ "items": items, "bonuses": [{ "points": 0, "reason": "" }], "opinion": "" })
}

fn seg(region: Region) -> &'static str {
    region.slug()
}

async fn open_round_with_plans(app: &TestApp) {
    let store = &app.db.store;
    let round = Round {
        year: YEAR,
        title: format!("{YEAR}년 산업단지 대개조 공모"),
        quota: Some(5),
        applicant_count: None,
        panel: None,
        indicators: vec![],
        bonus_points: vec![],
        milestones: vec![],
        sources: vec![],
    };
    store.open_round(&round, &Call::new(YEAR), &SETUP).await.unwrap();
    for (region, hub, _) in PLANS {
        let plan = Proposal {
            vision: format!("{} 혁신계획", region.short_name()),
            hub: Some(ProposedHub {
                complex: ComplexId(hub.into()),
                focus: "스마트 제조".into(),
            }),
            ..Proposal::default()
        };
        store.save_draft(YEAR, region, &plan, 0, &SETUP).await.unwrap();
        store.submit_draft(YEAR, region, 1, &SETUP).await.unwrap();
    }
}

fn results_of(v: &Value) -> Vec<(String, Option<u64>, f64, String)> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let d = &r["decisive"];
            let value = d["sum"].as_f64().unwrap() / (d["count"].as_f64().unwrap() * d["scale"].as_f64().unwrap());
            (
                r["region"].as_str().unwrap().to_string(),
                r["rank"].as_u64(),
                value,
                r["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_whole_round_is_evaluated_selected_designated_and_published() {
    for app in TestApp::all().await {
        open_round_with_plans(&app).await;
        let office = signed_in(&app, "office", "사무국", &[Role::ProgramOffice]).await;
        let committee = signed_in(&app, "chair", "위원장", &[Role::CommitteeMember]).await;
        let gyeonggi = signed_in(
            &app,
            "gyeonggi",
            "경기 담당",
            &[Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            }],
        )
        .await;
        let mut evaluators = Vec::new();
        for k in 1..=9 {
            evaluators.push(signed_in(&app, &format!("eval{k}"), &format!("전문가{k}"), &[Role::Evaluator]).await);
        }
        let base = format!("/rounds/{YEAR}/evaluation");

        // The framework: points the office sets (the seed publishes none), a bonus, a cut-off.
        let framework = sandan_store::testing::framework_form("9", "2023-03-10");
        assert_eq!(post(&app, &office, &base, &framework).await.0, 303, "{}", app.label());
        let (status, body) = post(&app, &office, &base, &framework).await;
        assert_eq!(status, 409, "a save based on version 0 is stale once saved: {body}");
        for (k, e) in evaluators.iter().enumerate() {
            let form = [
                ("user", e.user.0.to_string()),
                ("affiliation", format!("{}대학교", k + 1)),
            ];
            let form: Vec<(&str, &str)> = form.iter().map(|(a, b)| (*a, b.as_str())).collect();
            assert_eq!(post(&app, &office, &format!("{base}/members"), &form).await.0, 303);
        }
        let account = get(&app, &evaluators[0], "/account").await.text().await.unwrap();
        assert!(
            account.contains(&format!("/rounds/{YEAR}/evaluation/mine")),
            "her account page leads to her evaluation"
        );
        // Two conflicts: one declared by the evaluator, one recorded by the office.
        let (status, _) = post(
            &app,
            &evaluators[0],
            &format!("{base}/mine/conflicts"),
            &[("region", "부산"), ("kind", "affiliation"), ("note", "부산대학교 겸임")],
        )
        .await;
        assert_eq!(status, 303);
        let second = evaluators[1].user.0.to_string();
        let (status, _) = post(
            &app,
            &office,
            &format!("{base}/conflicts"),
            &[
                ("user", &second),
                ("region", "울산"),
                ("kind", "plan_role"),
                ("note", "계획 수립 용역 참여"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        // The call is still open: scoring starts only with a reason, kept in the audit trail.
        let (status, refused) = post(&app, &office, &format!("{base}/start"), &[]).await;
        assert_eq!(status, 422);
        assert!(refused.contains("접수가 아직 끝나지 않아"), "{refused}");
        let early = [("early_reason", "위원회 일정에 맞추어 조기 개시")];
        assert_eq!(post(&app, &office, &format!("{base}/start"), &early).await.0, 303);

        // From now the call, its reopening and revision requests are refused; the pages say so
        // in place of forms that could only be refused.
        let call = get(&app, &office, &format!("/rounds/{YEAR}/call"))
            .await
            .text()
            .await
            .unwrap();
        assert!(call.contains(r#"id="reopen-refused""#) && call.contains(r#"id="call-refused""#));
        assert!(
            !call.contains("/call/reopen\"") && !call.contains("설정 저장"),
            "no form left to refuse"
        );
        let plan = get(
            &app,
            &office,
            &format!("/rounds/{YEAR}/proposals/{}", seg(Region::Busan)),
        )
        .await
        .text()
        .await
        .unwrap();
        assert!(plan.contains("평가가 시작되어 보완을 요청할 수 없습니다") && !plan.contains("/revision\""));

        // Frozen: the framework cannot change once scoring has started.
        let version = [("version", "1")];
        let mut frozen = framework.to_vec();
        frozen[0] = version[0];
        let (status, body) = post(&app, &office, &base, &frozen).await;
        assert_eq!(status, 422);
        assert!(
            body.contains("평가가 시작되어 평가틀을 바꿀 수 없습니다"),
            "{}",
            app.label()
        );
        let panel_page = scraper::Html::parse_document(&get(&app, &office, &base).await.text().await.unwrap());
        let conflicts = select(&panel_page, "#assignments td.disagrees");
        assert_eq!(conflicts.len(), 2, "the office sees both conflicts in the one table");

        // A conflicted evaluator cannot open that plan, by page or API; nobody reads another's sheet.
        let busan = format!("{base}/sheets/{}", seg(Region::Busan));
        let gyeonggi_sheet = format!("{base}/sheets/{}", seg(Region::Gyeonggi));
        let api_base = format!("/api/v1/rounds/{YEAR}/evaluation/sheets");
        assert_eq!(get(&app, &evaluators[0], &busan).await.status(), 403);
        assert_eq!(api_get(&app, &evaluators[0], &format!("{api_base}/busan")).await.0, 403);
        let others = format!("{gyeonggi_sheet}?evaluator={}", evaluators[1].user.0);
        assert_eq!(get(&app, &evaluators[0], &others).await.status(), 403);
        assert_eq!(
            get(&app, &office, &others).await.status(),
            403,
            "sealed even for the office"
        );
        assert_eq!(get(&app, &evaluators[0], &gyeonggi_sheet).await.status(), 200);

        // Scoring through the API: save a draft, then submit; a submitted sheet is locked.
        for (e, session) in evaluators.iter().enumerate() {
            for (region, _, total) in PLANS {
                if (e == 0 && region == Region::Busan) || (e == 1 && region == Region::Ulsan) {
                    continue;
                }
                let path = format!("{api_base}/{}", seg(region));
                if e == 0 && region == Region::Gyeonggi {
                    // On the page, a submission without reasons is refused line by line, the draft kept.
                    let (status, body) = post(
                        &app,
                        session,
                        &gyeonggi_sheet,
                        &[
                            ("version", "0"),
                            ("intent", "submit"),
                            ("points-0", "8"),
                            ("points-1", "12.5"),
                        ],
                    )
                    .await;
                    assert_eq!(status, 422);
                    assert!(body.contains("임시 저장했습니다") && body.contains("평가 사유를 쓰십시오"));
                    assert!(
                        body.contains(r#"id="item-0-points" name="points-0" value="8" size="6" aria-invalid="true""#)
                    );
                }
                let (_, current) = api_get(&app, session, &path).await;
                if e == 0 && region == Region::Gyeonggi {
                    // Through the API too, a score or a bonus below zero is refused and not saved.
                    for (line, field) in [("items", 0), ("bonuses", 0)] {
                        let mut negative = sheet_for(total, LEAN[e], e + 1);
                        negative[line][field]["points"] = json!(-10);
                        let (status, body) = api(
                            &app,
                            session,
                            reqwest::Method::PUT,
                            &path,
                            json!({ "version": current["version"], "sheet": negative }),
                        )
                        .await;
                        assert_eq!(status, 422, "{line}: {body}");
                        assert!(body.to_string().contains("0점보다 낮은"), "{line}: {body}");
                    }
                    assert_eq!(api_get(&app, session, &path).await.1["version"], current["version"]);
                }
                let sheet = sheet_for(total, LEAN[e], e + 1);
                if e == 2 {
                    // This evaluator's client names what it read with If-Match (the GET's
                    // ETag) instead of a version in the body; a stale one writes nothing.
                    let read = get(&app, session, &path).await;
                    let tag = etag_of(&read);
                    assert_eq!(tag, format!("\"v{}\"", current["version"]), "{}", app.label());
                    let put = reqwest::Method::PUT;
                    let stale = format!("\"v{}\"", current["version"].as_i64().unwrap() + 5);
                    let body = json!({ "sheet": sheet });
                    let (status, refused, _) =
                        api_if_match(&app, session, put.clone(), &path, &stale, body.clone()).await;
                    assert_eq!(status, 412, "{refused}");
                    assert_eq!(api_get(&app, session, &path).await.1, current, "nothing written");
                    let (status, saved, tag) = api_if_match(&app, session, put, &path, &tag, body).await;
                    assert_eq!(status, 200, "{saved}");
                    assert_eq!(tag, format!("\"v{}\"", saved["version"]));
                    let submit = format!("{path}/submit");
                    let post = reqwest::Method::POST;
                    let (status, _, _) = api_if_match(&app, session, post.clone(), &submit, &stale, json!({})).await;
                    assert_eq!(status, 412);
                    let (status, submitted, _) = api_if_match(&app, session, post, &submit, &tag, json!({})).await;
                    assert_eq!(status, 200, "{submitted}");
                    assert!(submitted["submitted_at"].is_string(), "{submitted}");
                    continue;
                }
                let (status, saved) = api(
                    &app,
                    session,
                    reqwest::Method::PUT,
                    &path,
                    json!({ "version": current["version"], "sheet": sheet }),
                )
                .await;
                assert_eq!(status, 200, "{} e{e} {region:?}: {saved}", app.label());
                if e == 8 && region == Region::Chungbuk {
                    // The last sheet stays a draft for a moment: closing must wait for it.
                    let (status, body) = post(&app, &office, &format!("{base}/close"), &[]).await;
                    assert_eq!(status, 422);
                    assert!(body.contains("전문가9 — 충북"), "the missing sheet is named");
                    let (status, _) =
                        api_get(&app, &office, &format!("/api/v1/rounds/{YEAR}/evaluation/results")).await;
                    assert_eq!(status, 422, "no results before the panel closes");
                }
                let (status, submitted) = api(
                    &app,
                    session,
                    reqwest::Method::POST,
                    &format!("{path}/submit"),
                    json!({ "version": saved["version"] }),
                )
                .await;
                assert_eq!(status, 200, "{submitted}");
            }
        }
        let (status, locked) = api(
            &app,
            &evaluators[0],
            reqwest::Method::PUT,
            &format!("{api_base}/gyeonggi"),
            json!({ "version": 2, "sheet": sheet_for(85, 0, 1) }),
        )
        .await;
        assert_eq!(status, 422, "{locked}");
        assert!(
            locked["error"]["message"]
                .as_str()
                .unwrap()
                .contains("제출한 평가표는 고칠 수 없습니다"),
            "{locked}"
        );
        assert_eq!(
            get(&app, &evaluators[0], &others).await.status(),
            403,
            "still not after submitting"
        );
        assert_eq!(
            api_get(&app, &gyeonggi, &format!("/api/v1/rounds/{YEAR}/evaluation/results"))
                .await
                .0,
            403
        );

        assert_eq!(post(&app, &office, &format!("{base}/close"), &[]).await.0, 303);

        // Aggregation, worked by hand: 부산 lost evaluator 1 (+3) to a conflict, so its trimmed
        // mean is 90 + (−3+1−1+0+2−2)/6 = 89.5; 울산 lost evaluator 2 (−3): 75 + 3/6 = 75.5.
        let (status, results) = api_get(&app, &committee, &format!("/api/v1/rounds/{YEAR}/evaluation/results")).await;
        assert_eq!(status, 200, "the committee reads results once closed");
        let table = results_of(&results);
        let expected = [
            ("부산", 89.5, "recommended"),
            ("광주", 88.0, "recommended"),
            ("경기", 85.0, "recommended"),
            ("전북", 82.0, "recommended"),
            ("경남", 80.0, "recommended"),
            ("울산", 75.5, "not_within_quota"),
            ("인천", 70.0, "not_within_quota"),
            ("충북", 55.0, "below_cut_off"),
        ];
        for (k, ((region, rank, value, outcome), (want_region, want_value, want_outcome))) in
            table.iter().zip(expected).enumerate()
        {
            assert_eq!(
                (region.as_str(), *rank, outcome.as_str()),
                (want_region, Some(k as u64 + 1), want_outcome),
                "{}",
                app.label()
            );
            assert!((value - want_value).abs() < 1e-9, "{region}: {value}");
        }
        let busan_mean = &results["results"][0]["mean"];
        assert_eq!(busan_mean["count"], 8, "부산 has eight sheets");
        assert_eq!(results["robustness"]["gap"].as_f64().unwrap(), 80.0 - 75.5);
        assert!(
            results["robustness"]["scenarios"].as_array().unwrap().len() == 9 + 8,
            "each evaluator left out, each indicator at 90% and 110%"
        );
        // After closing the office reads any sheet; an evaluator still only her own.
        assert_eq!(get(&app, &office, &others).await.status(), 200);
        assert_eq!(get(&app, &evaluators[0], &others).await.status(), 403);
        assert_eq!(get(&app, &evaluators[0], &busan).await.status(), 403);
        assert_eq!(
            api_get(&app, &gyeonggi, &format!("/api/v1/rounds/{YEAR}/evaluation/results"))
                .await
                .0,
            403,
            "a province never sees scores unless published"
        );
        // The XLSX: a summary and a sheet per evaluator; the copy to publish names nobody.
        for (copy, first_sheet, named) in [("internal", "전문가1", true), ("published", "평가위원 A", false)] {
            let response = get(&app, &office, &format!("{base}/export.xlsx?copy={copy}")).await;
            assert_eq!(response.status(), 200);
            let bytes = response.bytes().await.unwrap().to_vec();
            let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
            let names = calamine::Reader::sheet_names(&book);
            assert_eq!(names.len(), 1 + 9, "{copy}: {names:?}");
            assert_eq!((names[0].as_str(), names[1].as_str()), ("요약", first_sheet));
            let text: String = names
                .iter()
                .map(|n| {
                    let range = calamine::Reader::worksheet_range(&mut book, n).unwrap();
                    range
                        .rows()
                        .flatten()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect();
            assert_eq!(text.contains("전문가9") || text.contains("1대학교"), named, "{copy}");
            assert!(text.contains("위원 1의 근거 0"), "the reasons are in both copies");
        }
        assert_eq!(get(&app, &gyeonggi, &format!("{base}/export.xlsx")).await.status(), 403);
        let page = get(&app, &office, &format!("{base}/results"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("최고 총점 1개") && page.contains("평가표 수"),
            "formulas are shown"
        );

        // The committee meets and decides.
        let decisions = format!("/rounds/{YEAR}/decisions");
        let meeting = [
            ("date", "2023-03-24"),
            ("body", "노후거점산업단지 경쟁력강화추진위원회"),
            ("members", "위원장\n기획재정부 차관\n민간위원 3명"),
        ];
        assert_eq!(post(&app, &office, &decisions, &meeting).await.0, 303);
        let meetings = app.db.store.meetings_of(YEAR).await.unwrap();
        let at = format!("{decisions}/{}", meetings[0].id);
        for region in ["부산", "광주", "경기", "전북", "경남"] {
            let (status, body) = post(
                &app,
                &office,
                &at,
                &[("kind", "preliminary_selection"), ("region", region)],
            )
            .await;
            assert_eq!(status, 303, "{region}: {body}");
        }
        for (form, why) in [
            (
                vec![("kind", "preliminary_selection"), ("region", "울산")],
                "선정 규모 5곳",
            ),
            (vec![("kind", "preliminary_selection"), ("region", "충북")], "과락"),
            (
                vec![("kind", "smart_green"), ("complex", "ulsan-mipo")],
                "거점산단 가운데",
            ),
            (
                vec![("kind", "smart_green"), ("complex", "banwol-sihwa")],
                "2019. 2. 19.",
            ),
            (
                vec![("kind", "competitiveness_district"), ("region", "경기")],
                "2022년 선정 지역이 아닙니다",
            ),
        ] {
            let (status, body) = post(&app, &office, &at, &form).await;
            assert_eq!(status, 422, "{form:?}");
            assert!(body.contains(why), "{form:?} should say {why}");
        }
        for form in [
            vec![("kind", "smart_green"), ("complex", "bitgreen")],
            vec![("kind", "competitiveness_district"), ("region", "경북")],
            vec![("kind", "competitiveness_district"), ("region", "충남")],
        ] {
            assert_eq!(post(&app, &office, &at, &form).await.0, 303, "{form:?}");
        }

        // Nothing is public before the office publishes the meeting.
        let public = format!("/rounds/{YEAR}/results");
        let html = app.page(&public).await;
        assert_eq!(select(&html, "#no-results").len(), 1);
        assert_eq!(post(&app, &office, &format!("{at}/publish"), &[]).await.0, 303);
        let html = app.page(&public).await;
        let selected: Vec<String> = select(&html, "ul.selected li").iter().map(text_of).collect();
        assert_eq!(
            selected
                .iter()
                .map(|s| s.split(' ').next().unwrap())
                .collect::<Vec<_>>(),
            ["경기", "경남", "광주", "부산", "전북"],
            "가나다 order, not rank order"
        );
        assert!(selected[0].contains("반월·시화국가산업단지"), "{selected:?}");
        assert_eq!(
            select(&html, "ul.smart-green li")
                .iter()
                .map(text_of)
                .collect::<Vec<_>>(),
            ["빛그린국가산업단지"]
        );
        assert_eq!(select(&html, "ul.districts li").len(), 2);
        assert!(select(&html, "#published-scores").is_empty(), "scores stay internal");
        let (_, public_api) = app.json(&format!("/api/v1/rounds/{YEAR}/results")).await;
        assert!(public_api["scores"].is_null());

        // Published decisions join the public record, citing the meeting.
        let record = app.db.store.record().await.unwrap();
        assert!(record.check().is_empty(), "{:?}", record.check());
        let ours: Vec<_> = record
            .designations
            .iter()
            .filter(|d| d.sources.iter().any(|s| s.0.starts_with("sandan-committee-2023")))
            .collect();
        assert_eq!(ours.len(), 8);

        // Final confirmation after the detail review, at a later meeting.
        let december = [
            ("date", "2023-12-20"),
            ("body", "노후거점산업단지 경쟁력강화추진위원회"),
            ("members", "위원장"),
        ];
        assert_eq!(post(&app, &office, &decisions, &december).await.0, 303);
        let later = app.db.store.meetings_of(YEAR).await.unwrap()[1].id;
        let at = format!("{decisions}/{later}");
        let (status, body) = post(
            &app,
            &office,
            &at,
            &[("kind", "final_confirmation"), ("region", "경기")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(body.contains("적정성 검토"));
        let confirm = [
            ("kind", "final_confirmation"),
            ("region", "경기"),
            ("note", "세부사업 적정"),
        ];
        assert_eq!(post(&app, &office, &at, &confirm).await.0, 303);

        // Once the office publishes the scores, anyone — the province included — may read them.
        assert_eq!(
            post(&app, &office, &format!("{base}/results/publish"), &[("published", "1")])
                .await
                .0,
            303
        );
        let html = scraper::Html::parse_document(&get(&app, &gyeonggi, &public).await.text().await.unwrap());
        let first = select(&html, "#published-scores tbody tr");
        assert_eq!(first.len(), 8);
        assert!(text_of(&first[0]).contains("부산") && text_of(&first[0]).contains("89.50"));
    }
}
