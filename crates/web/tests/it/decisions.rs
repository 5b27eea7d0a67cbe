//! The committee's later decisions on a round the record holds but Sandan did not run (2021's
//! 최종확정), recorded on the decisions page and through the API, published into the record and
//! shown on the round's pages — on SQLite and PostgreSQL.

use crate::common;

use common::{Session, TestApp, select, text_of};
use sandan_domain::{DesignationKind, Region, Role};
use serde_json::{Value, json};

const DECISIONS: &str = "/rounds/2021/decisions";
const REVIEW: &str = "세부사업 34개 적정성 검토 결과 적정";

async fn office(app: &TestApp) -> Session {
    app.signed_in("office", &[Role::ProgramOffice]).await
}

async fn province(app: &TestApp) -> Session {
    app.signed_in(
        "gyeonggi",
        &[Role::ProvincialOfficer {
            region: Region::Gyeonggi,
        }],
    )
    .await
}

async fn audit_count(app: &TestApp) -> usize {
    app.db.store.audit_log(100_000).await.unwrap().len()
}

async fn api(app: &TestApp, who: Option<&Session>, path: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{}{path}", app.base);
    let mut request = match &body {
        Some(body) => app.client.post(url).json(body),
        None => app.client.get(url),
    };
    if let Some(who) = who {
        request = request.header("cookie", &who.cookie).header("x-csrf-token", &who.csrf);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_office_records_and_publishes_2021s_final_confirmation_on_the_decisions_page() {
    for app in TestApp::all().await {
        let (office, gyeonggi) = (office(&app).await, province(&app).await);
        let (status, html) = app.get_as(&office, DECISIONS).await;
        assert_eq!(status, 200, "{}", app.label());
        let html = scraper::Html::parse_document(&html);
        assert_eq!(
            text_of(&select(&html, "#recommended")[0]),
            "경기, 경남, 부산, 울산, 전북",
            "the record's 2021 plans are what the committee decides on"
        );
        let round_page = scraper::Html::parse_document(&app.get_as(&office, "/rounds/2021").await.1);
        assert_eq!(
            select(&round_page, "#round-links a[href='/rounds/2021/decisions']").len(),
            1
        );

        let meeting = [
            ("date", "2021-12-20"),
            ("body", "노후거점산업단지 경쟁력강화추진위원회"),
            ("members", "국토교통부 제1차관\n산업통상자원부 차관"),
        ];
        assert_eq!(app.post_as(&office, DECISIONS, &meeting).await.0, 303);
        let meetings = app.db.store.meetings_of(2021).await.unwrap();
        assert_eq!(meetings.len(), 1, "{}", app.label());
        let at = format!("{DECISIONS}/{}", meetings[0].id);

        // 대구 had no plan in 2021: refused, and nothing written, not even to the audit trail.
        let before = audit_count(&app).await;
        let (status, body) = app
            .post_as(
                &office,
                &at,
                &[("kind", "final_confirmation"), ("region", "대구"), ("note", REVIEW)],
            )
            .await;
        assert_eq!(status, 422, "{}", app.label());
        assert!(
            body.contains("2021년 기록에 대구의 혁신계획이 없어 의결할 수 없습니다."),
            "{body}"
        );
        assert_eq!(audit_count(&app).await, before);
        assert!(app.db.store.round_decisions(2021).await.unwrap().is_empty());

        // A province may neither read the page nor record.
        assert_eq!(app.get_as(&gyeonggi, DECISIONS).await.0, 403);
        let confirm = [("kind", "final_confirmation"), ("region", "경기"), ("note", REVIEW)];
        assert_eq!(app.post_as(&gyeonggi, &at, &confirm).await.0, 403);
        assert_eq!(app.post_as(&gyeonggi, DECISIONS, &meeting).await.0, 403);
        assert_eq!(app.db.store.meetings_of(2021).await.unwrap().len(), 1);
        assert_eq!(audit_count(&app).await, before);

        assert_eq!(app.post_as(&office, &at, &confirm).await.0, 303);
        let html = app.page("/rounds/2021/results").await;
        assert_eq!(select(&html, "#no-results").len(), 1, "not public before publication");
        assert_eq!(
            app.post_as(&office, &format!("{at}/publish"), &[]).await.0,
            303,
            "{}",
            app.label()
        );

        let html = app.page("/rounds/2021/results").await;
        let confirmed: Vec<String> = select(&html, "ul.confirmed li").iter().map(text_of).collect();
        assert_eq!(confirmed, [format!("경기 — {REVIEW}")], "{}", app.label());
        assert!(text_of(&select(&html, "section.published-meeting h2")[0]).contains("2021. 12. 20."));
        let html = app.page("/rounds/2021").await;
        let rows: Vec<String> = select(&html, "#decisions-heading + div tbody tr")
            .iter()
            .map(text_of)
            .collect();
        assert!(
            rows.iter()
                .any(|r| r.contains("2021. 12. 20.") && r.contains("최종확정") && r.contains("경기")),
            "{rows:?}"
        );

        let record = app.db.store.record().await.unwrap();
        assert_eq!(record.check(), vec![], "{}", app.label());
        let published: Vec<_> = record
            .designations
            .iter()
            .filter(|d| d.kind == DesignationKind::FinalConfirmation && d.round == Some(2021))
            .collect();
        assert_eq!(published.len(), 1);
        assert_eq!(
            (
                published[0].region,
                published[0].note.as_deref(),
                published[0].sources[0].0.as_str()
            ),
            (
                Some(Region::Gyeonggi),
                Some(REVIEW),
                format!("sandan-committee-2021-{}", meetings[0].id).as_str()
            )
        );
        let actions: Vec<String> = app
            .db
            .store
            .audit_log(100)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .filter(|a| a.starts_with("committee."))
            .collect();
        assert_eq!(
            actions,
            ["committee.publish", "committee.decision", "committee.meeting"],
            "newest first; the refused decision left none"
        );
    }
}

#[tokio::test]
async fn the_api_records_a_meeting_and_a_decision_on_a_record_round_and_publishes_them() {
    for app in TestApp::all().await {
        let (office, gyeonggi) = (office(&app).await, province(&app).await);
        let list = "/api/v1/rounds/2021/decisions";
        let meeting = json!({
            "date": "2021-12-20",
            "body": "노후거점산업단지 경쟁력강화추진위원회",
            "members_present": ["국토교통부 제1차관", "산업통상자원부 차관"],
        });
        let (status, body) = api(&app, Some(&gyeonggi), list, Some(meeting.clone())).await;
        assert_eq!((status, body["error"]["code"].as_str()), (403, Some("forbidden")));
        let (status, created) = api(&app, Some(&office), list, Some(meeting)).await;
        assert_eq!(status, 201, "{}: {created}", app.label());
        assert_eq!(created["date"], "2021-12-20");
        assert!(created["published_at"].is_null());
        let id = created["id"].as_i64().unwrap();
        let at = format!("{list}/{id}");

        let before = audit_count(&app).await;
        let (status, body) = api(
            &app,
            Some(&office),
            &at,
            Some(json!({"kind": "final_confirmation", "region": "daegu", "note": REVIEW})),
        )
        .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (422, Some("refused")),
            "{body}"
        );
        assert_eq!(audit_count(&app).await, before, "nothing written");
        let (status, body) = api(
            &app,
            Some(&office),
            &at,
            Some(json!({"kind": "final_confirmation", "region": "gyeonggi", "note": REVIEW, "extra": 1})),
        )
        .await;
        assert_eq!(status, 422, "an unknown member is refused: {body}");
        assert_eq!(audit_count(&app).await, before);

        let (status, decision) = api(
            &app,
            Some(&office),
            &at,
            Some(json!({"kind": "final_confirmation", "region": "gyeonggi", "note": REVIEW})),
        )
        .await;
        assert_eq!(status, 201, "{decision}");
        assert_eq!(
            (
                &decision["kind"],
                &decision["region"],
                &decision["round"],
                &decision["date"]
            ),
            (
                &json!("final_confirmation"),
                &json!("경기"),
                &json!(2021),
                &json!("2021-12-20")
            )
        );

        // Working records are the office's: anyone else sees published meetings only.
        let (_, theirs) = api(&app, None, list, None).await;
        assert_eq!(
            (
                theirs["working_included"].as_bool(),
                theirs["meetings"].as_array().unwrap().len()
            ),
            (Some(false), 0)
        );
        let (_, ours) = api(&app, Some(&office), list, None).await;
        assert_eq!(ours["meetings"][0]["decisions"].as_array().unwrap().len(), 1);

        let publish = format!("{at}/publish");
        let (status, _) = api(&app, Some(&gyeonggi), &publish, Some(json!({}))).await;
        assert_eq!(status, 403);
        let (status, published) = api(&app, Some(&office), &publish, Some(json!({}))).await;
        assert_eq!(status, 200, "{published}");
        assert!(published["published_at"].is_string());
        assert_eq!(
            published["decisions"][0]["sources"],
            json!([format!("sandan-committee-2021-{id}")])
        );
        let (status, again) = api(&app, Some(&office), &publish, Some(json!({}))).await;
        assert_eq!((status, again["error"]["code"].as_str()), (422, Some("refused")));

        let (_, public) = api(&app, None, list, None).await;
        assert_eq!(public["meetings"][0]["decisions"][0]["region"], "경기");
        let (_, results) = app.json("/api/v1/rounds/2021/results").await;
        assert_eq!(results["meetings"][0]["confirmed"][0]["name"], "경기");
        let (_, round) = app.json("/api/v1/rounds/2021").await;
        assert!(
            round["designations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["kind"] == "final_confirmation" && d["region"] == "경기"),
            "{round}"
        );
    }
}
