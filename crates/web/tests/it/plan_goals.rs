//! A plan decided in Sandan carries its goals into results tracking, on SQLite and PostgreSQL:
//! 부산 submits a plan with a production goal (기준값 12조 원, 5조 원 증대) and a qualitative one,
//! the panel ranks it first, the committee's selection and final confirmation are published
//! through the API; the results API then shows both goals with the baseline, a measurement
//! recorded through the measurements API shows progress, and the plan page, the region's report
//! and the record file state the goal as it was submitted.

use crate::common;
use crate::round_api::{call, framework, get, round_with_plans, sheet};

use common::{Session, TestApp, select, text_of};
use reqwest::Method;
use sandan_domain::{GoalKind, ProposedGoal, Record, Region, Role};
use serde_json::json;

/// A round whose package years (2024–2026) have begun, so a quarter can be measured.
const YEAR: i32 = 2023;
const RESULTS: &str = "/api/v1/rounds/2023/plans/busan/results";

fn busan_goals(region: Region) -> Vec<ProposedGoal> {
    if region != Region::Busan {
        return Vec::new();
    }
    let q = |t: &str| Some(t.parse().unwrap());
    vec![
        ProposedGoal {
            metric: "생산액".into(),
            kind: GoalKind::Increase,
            measures: None,
            baseline: q("12조원"),
            baseline_year: Some(2022),
            target: q("5조원"),
            target_year: Some(2026),
        },
        ProposedGoal {
            metric: "디지털 전환 수준 향상".into(),
            kind: GoalKind::Qualitative,
            measures: None,
            baseline: None,
            baseline_year: None,
            target: None,
            target_year: None,
        },
    ]
}

/// The office runs the panel through the API; every evaluator ranks 부산 above 경기.
async fn panel_ranks_busan_first(app: &TestApp, office: &Session, evaluators: &[Session]) {
    let base = format!("/api/v1/rounds/{YEAR}/evaluation");
    let label = app.label();
    let body = json!({ "version": 0, "framework": framework(evaluators.len() as u32) });
    let (status, _, saved) = call(app, office, Method::PUT, &format!("{base}/framework"), Some(body), &[]).await;
    assert_eq!(status, 200, "{label}: {saved}");
    for e in evaluators {
        let member = json!({ "user": e.user.0, "affiliation": "산업연구원" });
        let (status, _, panel) = call(app, office, Method::POST, &format!("{base}/members"), Some(member), &[]).await;
        assert_eq!(status, 200, "{label}: {panel}");
    }
    let early = json!({ "early_reason": "위원회 일정에 맞춤" });
    let (status, _, started) = call(app, office, Method::POST, &format!("{base}/start"), Some(early), &[]).await;
    assert_eq!(status, 200, "{label}: {started}");
    for e in evaluators {
        for (region, points) in [("busan", (350, 520)), ("gyeonggi", (300, 450))] {
            let path = format!("{base}/sheets/{region}");
            let (_, _, blank) = get(app, e, &path).await;
            let body = json!({ "version": blank["version"], "sheet": sheet(points.0, points.1) });
            let (status, _, saved) = call(app, e, Method::PUT, &path, Some(body), &[]).await;
            assert_eq!(status, 200, "{label}: {saved}");
            let submit = json!({ "version": saved["version"] });
            let (status, _, _) = call(app, e, Method::POST, &format!("{path}/submit"), Some(submit), &[]).await;
            assert_eq!(status, 200, "{label}");
        }
    }
    let (status, _, closed) = call(app, office, Method::POST, &format!("{base}/close"), None, &[]).await;
    assert_eq!(status, 200, "{label}: {closed}");
}

/// The committee selects and confirms 부산 at one meeting, and the office publishes it.
async fn busan_confirmed_and_published(app: &TestApp, office: &Session) {
    let label = app.label();
    let list = format!("/api/v1/rounds/{YEAR}/decisions");
    let meeting = json!({
        "date": "2023-03-24",
        "body": "노후거점산업단지 경쟁력강화추진위원회",
        "members_present": ["위원장", "민간위원 3명"],
    });
    let (status, _, created) = call(app, office, Method::POST, &list, Some(meeting), &[]).await;
    assert_eq!(status, 201, "{label}: {created}");
    let at = format!("{list}/{}", created["id"]);
    for (kind, note) in [
        ("preliminary_selection", ""),
        ("final_confirmation", "세부사업 적정성 검토 결과 적정"),
    ] {
        let decision = json!({ "kind": kind, "region": "busan", "note": note });
        let (status, _, body) = call(app, office, Method::POST, &at, Some(decision), &[]).await;
        assert_eq!(status, 201, "{label}: {kind}: {body}");
    }
    let (status, _, published) = call(app, office, Method::POST, &format!("{at}/publish"), None, &[]).await;
    assert_eq!(status, 200, "{label}: {published}");
}

#[tokio::test]
async fn a_goal_submitted_in_sandan_is_tracked_from_its_baseline_once_the_decision_is_published() {
    for app in TestApp::all().await {
        let label = app.label();
        round_with_plans(&app, YEAR, busan_goals).await;
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let busan = app
            .signed_in("bs1", &[Role::ProvincialOfficer { region: Region::Busan }])
            .await;
        let evaluators = [
            app.signed_in("eval1", &[Role::Evaluator]).await,
            app.signed_in("eval2", &[Role::Evaluator]).await,
        ];
        panel_ranks_busan_first(&app, &office, &evaluators).await;
        busan_confirmed_and_published(&app, &office).await;

        // Both goals are tracked; the production goal from the baseline the province gave.
        let (status, results) = app.json(RESULTS).await;
        assert_eq!(status, 200, "{label}: {results}");
        let goals = results["goals"].as_array().unwrap();
        let tracked: Vec<(&str, &str, Option<&str>, Option<&str>)> = goals
            .iter()
            .map(|g| {
                (
                    g["metric"].as_str().unwrap(),
                    g["kind"].as_str().unwrap(),
                    g["baseline"].as_str(),
                    g["target"].as_str(),
                )
            })
            .collect();
        assert_eq!(
            tracked,
            [
                ("생산액", "increase", Some("12조 원"), Some("5조 원")),
                ("디지털 전환 수준 향상", "qualitative", None, None),
            ],
            "{label}: {results}"
        );
        assert_eq!(goals[0]["status"], "not_measured", "{label}");
        let setup_written: Vec<_> = app
            .db
            .store
            .audit_log(100)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "results.goal")
            .map(|e| (e.actor, e.subject, e.after.unwrap_or_default()))
            .collect();
        assert_eq!(setup_written.len(), 1, "{label}: only the goal with a baseline");
        assert_eq!(
            (setup_written[0].0.as_str(), setup_written[0].1.as_str()),
            ("office", "results:2023:busan:goal-0"),
            "{label}: audited as the office's publication"
        );
        assert!(setup_written[0].2.contains("12조 원"), "{label}: {setup_written:?}");

        // A quarter measured through the API shows progress: 14조 원 is 2조 of the 5조 원 증대.
        let row = json!({
            "goal": 0,
            "quarter": "2025-Q4",
            "value": "14조원",
            "evidence_url": "https://stat.busan.go.kr/production/2025Q4",
        });
        let (status, _, measured) = call(
            &app,
            &busan,
            Method::POST,
            &format!("{RESULTS}/measurements"),
            Some(row),
            &[],
        )
        .await;
        assert_eq!(status, 201, "{label}: {measured}");
        let (_, results) = app.json(RESULTS).await;
        let production = &results["goals"][0];
        assert_eq!(
            (
                production["latest"]["value"].as_str(),
                production["progress_permille"].as_i64()
            ),
            (Some("14조 원"), Some(400)),
            "{label}: {production}"
        );

        // The plan states the goal as submitted, on its page, in its report and in the record.
        let html = app.page(&format!("/rounds/{YEAR}/plans/%EB%B6%80%EC%82%B0")).await;
        let head: Vec<String> = select(&html, "#goals thead th").iter().map(text_of).collect();
        assert_eq!(head, ["목표", "제출 혁신계획", "목표치"], "{label}");
        let first: Vec<String> = select(&html, "#goals tbody tr:first-child > *")
            .iter()
            .map(text_of)
            .collect();
        assert_eq!(first, ["생산액", "생산액 5조 원 증대 (2026년)", "5조 원"], "{label}");
        let report = app.get(&format!("/api/v1/rounds/{YEAR}/plans/busan/report/csv")).await;
        assert_eq!(report.status(), 200, "{label}");
        let csv = report.text().await.unwrap();
        assert!(
            csv.contains("생산액 5조 원 증대 (2026년)") && csv.contains("12조 원"),
            "{label}: the report's goals carry the statement and the baseline:\n{csv}"
        );
        let (_, doc) = app.json("/api/v1/openapi.json").await;
        let (_, plan) = app.json(&format!("/api/v1/rounds/{YEAR}/plans/busan")).await;
        assert_eq!(
            plan["plan"]["goals"][0]["statements"][0]["place"], "submitted",
            "{label}"
        );
        let schema = crate::openapi::answer_schema(&doc, "/api/v1/rounds/{year}/plans/{region}", "get");
        let problems = crate::openapi::departures(&doc, schema, &plan, "");
        assert!(problems.is_empty(), "{label}: {problems:#?}");

        let record = app.db.store.record().await.unwrap();
        assert_eq!(record.check(), vec![], "{label}");
        let file = serde_json::to_string_pretty(&record).unwrap();
        let read: Record = serde_json::from_str(&file).unwrap();
        app.db
            .store
            .replace_record(
                &read,
                &sandan_store::Change {
                    actor: "office",
                    source: "test",
                    at: "2026-12-01T00:00:00Z",
                },
            )
            .await
            .unwrap();
        assert_eq!(
            app.db.store.record().await.unwrap(),
            record,
            "{label}: the record file round-trips"
        );
    }
}

/// A version submitted before submission refused such goals (here, a 증가 goal without its
/// target) is not published with the goal left out: the publication is refused, naming it.
#[tokio::test]
async fn a_decided_plan_whose_goal_the_record_cannot_state_is_not_published() {
    for app in TestApp::all().await {
        let label = app.label();
        let untargeted = |region: Region| {
            busan_goals(region)
                .into_iter()
                .map(|g| ProposedGoal { target: None, ..g })
                .collect()
        };
        round_with_plans(&app, YEAR, untargeted).await;
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let evaluators = [
            app.signed_in("eval1", &[Role::Evaluator]).await,
            app.signed_in("eval2", &[Role::Evaluator]).await,
        ];
        panel_ranks_busan_first(&app, &office, &evaluators).await;
        let list = format!("/api/v1/rounds/{YEAR}/decisions");
        let meeting = json!({ "date": "2023-03-24", "body": "노후거점산업단지 경쟁력강화추진위원회", "members_present": ["위원장"] });
        let (_, _, created) = call(&app, &office, Method::POST, &list, Some(meeting), &[]).await;
        let at = format!("{list}/{}", created["id"]);
        let decision = json!({ "kind": "preliminary_selection", "region": "busan" });
        let (status, _, _) = call(&app, &office, Method::POST, &at, Some(decision), &[]).await;
        assert_eq!(status, 201, "{label}");
        let (status, _, refused) = call(&app, &office, Method::POST, &format!("{at}/publish"), None, &[]).await;
        assert_eq!(status, 422, "{label}: {refused}");
        let message = refused["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("부산 혁신계획의 1번째 성과목표")
                && message.contains("목표 수치")
                && message.contains("제1판"),
            "{label}: {message}"
        );
        assert!(
            app.db.store.plan(YEAR, Region::Busan).await.unwrap().is_none(),
            "{label}: nothing published"
        );
    }
}
