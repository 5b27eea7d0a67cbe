//! 할 일 through the real server on SQLite and PostgreSQL: each role is told what is its to do
//! in a round run in Sandan, with the deadline, D-day and the page where it is done — and
//! nothing of another province's plan.

use crate::common;

use common::{Session, TestApp};
use sandan_domain::call::Call;
use sandan_domain::proposal::Section;
use sandan_domain::{Day, Proposal, Region, Role};
use sandan_store::Change;
use sandan_store::testing::{framework_form, round_open_until};
use serde_json::Value;

const YEAR: i32 = 2027;
const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-11-25T00:00:00Z",
    source: "test",
};

async fn inbox(app: &TestApp, who: &Session) -> Vec<Value> {
    inbox_of(app, who).await.1
}

/// Today as the server counts it, and the tasks.
async fn inbox_of(app: &TestApp, who: &Session) -> (Day, Vec<Value>) {
    let (status, body) = app.get_as(who, "/api/v1/tasks").await;
    assert_eq!(status, 200, "{body}");
    let inbox: Value = serde_json::from_str(&body).unwrap();
    let today = serde_json::from_value(inbox["today"].clone()).unwrap();
    (today, inbox["tasks"].as_array().unwrap().clone())
}

fn whats(tasks: &[Value]) -> Vec<String> {
    tasks.iter().map(|t| t["what"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn each_role_is_told_what_is_its_to_do_with_deadline_and_link() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        let deadline = Day::ymd(YEAR, 3, 31);
        store
            .open_round(&round_open_until(YEAR, deadline), &Call::new(YEAR), &SETUP)
            .await
            .unwrap();
        let busan_plan = Proposal {
            vision: "부산 혁신계획".into(),
            ..Proposal::default()
        };
        store
            .save_draft(YEAR, Region::Busan, &busan_plan, 0, &SETUP)
            .await
            .unwrap();
        store.submit_draft(YEAR, Region::Busan, 1, &SETUP).await.unwrap();
        store
            .add_comment(
                YEAR,
                Region::Busan,
                1,
                Section::Overview,
                "비전을 구체화하십시오",
                &SETUP,
            )
            .await
            .unwrap();
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let gyeonggi = app
            .signed_in(
                "gyeonggi",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let busan = app
            .signed_in("busan", &[Role::ProvincialOfficer { region: Region::Busan }])
            .await;
        let mut evaluators = Vec::new();
        for k in 1..=3 {
            evaluators.push(app.signed_in(&format!("eval{k}"), &[Role::Evaluator]).await);
        }

        // 경기 has not submitted: one task, due on the deadline, counted in days from today.
        let (today, tasks) = inbox_of(&app, &gyeonggi).await;
        assert_eq!(whats(&tasks), ["혁신계획안을 작성하여 제출하십시오"], "{}", app.label());
        assert_eq!(tasks[0]["due"], "2027-03-31");
        assert_eq!(tasks[0]["link"], "/rounds/2027/proposals/gyeonggi");
        let days = deadline.days_after(&today).unwrap();
        assert_eq!(tasks[0]["d_day"], format!("D-{days}"));
        // 부산 submitted: only the consultant's comment is left, and 경기 never sees it.
        let tasks = inbox(&app, &busan).await;
        assert_eq!(whats(&tasks), ["컨설팅 의견 1건에 답하십시오"]);
        assert!(tasks[0]["due"].is_null() && tasks[0]["d_day"].is_null());

        // The panel: appointed evaluators are asked about conflicts before scoring starts.
        let panel = format!("/rounds/{YEAR}/evaluation");
        assert_eq!(
            app.post_as(&office, &panel, &framework_form("3", "2027-04-10")).await.0,
            303
        );
        for e in &evaluators {
            let id = e.user.0.to_string();
            let form = [("user", id.as_str()), ("affiliation", "대학교")];
            assert_eq!(app.post_as(&office, &format!("{panel}/members"), &form).await.0, 303);
        }
        let tasks = inbox(&app, &evaluators[0]).await;
        assert_eq!(tasks.len(), 1);
        assert!(whats(&tasks)[0].contains("이해충돌"));
        let outsider = app.signed_in("outsider", &[Role::Evaluator]).await;
        assert!(
            inbox(&app, &outsider).await.is_empty(),
            "not on the panel, nothing to do"
        );

        // Scoring starts early: the evaluators' sheets and the office's progress appear, and 경기
        // can no longer submit to this round.
        let (status, body) = app
            .post_as(&office, &format!("{panel}/start"), &[("early_reason", "위원회 일정")])
            .await;
        assert_eq!(status, 303, "{body}");
        let tasks = inbox(&app, &evaluators[0]).await;
        assert_eq!(whats(&tasks), ["부산 혁신계획 평가표를 작성하여 제출하십시오"]);
        assert_eq!(tasks[0]["link"], "/rounds/2027/evaluation/sheets/busan");
        assert_eq!(tasks[0]["due"], "2027-04-10");
        assert_eq!(
            whats(&inbox(&app, &office).await),
            ["평가표 3건 중 0건이 제출되었습니다. 남은 평가위원에게 독촉하십시오"]
        );
        assert!(inbox(&app, &gyeonggi).await.is_empty());

        // The page: the same tasks, linked, and the header leads to it.
        let (status, html) = app.get_as(&evaluators[0], "/tasks").await;
        assert_eq!(status, 200);
        let page = scraper::Html::parse_document(&html);
        let rows = common::select(&page, "#tasks tbody tr");
        assert_eq!(rows.len(), 1);
        assert!(common::text_of(&rows[0]).contains("부산 혁신계획 평가표"));
        assert_eq!(
            common::select(&page, "#tasks tbody a")[0].value().attr("href"),
            Some("/rounds/2027/evaluation/sheets/busan")
        );
        assert_eq!(common::select(&page, r#".site-nav a[href="/tasks"]"#).len(), 1);

        // Signed out: refused, as the page and as the API.
        assert_eq!(app.get("/api/v1/tasks").await.status(), 401);
        assert_eq!(app.get("/tasks").await.status(), 401);
    }
}

/// The bundled record with 경기's 2021 plan also made the plan of round `year`, confirmed in
/// December of that year — a fixture, so that a package runs in the quarter reported on now.
fn funded(year: i32) -> sandan_domain::Record {
    let mut record = sandan_store::testing::confirmed_gyeonggi();
    let mut round = record.rounds.iter().find(|r| r.year == 2021).unwrap().clone();
    round.year = year;
    round.title = format!("{year}년 산업단지 대개조 (시험용)");
    let mut plan = record
        .plans
        .iter()
        .find(|p| p.round == 2021 && p.region == Region::Gyeonggi)
        .unwrap()
        .clone();
    plan.round = year;
    let mut confirmed = record.designations.last().unwrap().clone();
    // The fixture's year is this one's before; a round the record holds for it makes way.
    record.rounds.retain(|r| r.year != year);
    record.plans.retain(|p| p.round != year);
    record.designations.retain(|d| d.round != Some(year));
    confirmed.round = Some(year);
    confirmed.date = Day::ymd(year, 12, 22);
    record.rounds.push(round);
    record.plans.push(plan);
    record.designations.push(confirmed);
    record
}

#[tokio::test]
async fn each_quarter_runners_are_asked_for_execution_provinces_for_measurements_and_the_office_for_budgets() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        let quarter = sandan_domain::tasks::reporting_quarter(&sandan_web::today());
        let year = quarter.year - 1;
        store.replace_record(&funded(year), &SETUP).await.unwrap();
        store
            .load_programs_if_empty(&sandan_domain::package::sourced_programs(), &SETUP)
            .await
            .unwrap();
        let smart = store
            .programs()
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.program.name == "스마트공장 구축 및 고도화")
            .unwrap()
            .id;
        let sme_project = store
            .add_project(year, Region::Gyeonggi, "스마트공장 고도화", Some(smart), &SETUP)
            .await
            .unwrap();
        store
            .add_project(year, Region::Gyeonggi, "산단 혁신센터", None, &SETUP)
            .await
            .unwrap();
        let line = sandan_domain::package::BudgetLine {
            year: quarter.year,
            source: sandan_domain::package::FundingSource::National,
            planned: 2_000_000_000,
        };
        store
            .plan_budget(sme_project, None, 2_000_000_000, vec![line], &SETUP)
            .await
            .unwrap();
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let sme = app
            .signed_in(
                "sme",
                &[Role::MinistryOfficer {
                    ministry: "중소벤처기업부".into(),
                }],
            )
            .await;
        let gg = app
            .signed_in(
                "ggo",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let results = format!("/rounds/{year}/plans/gyeonggi/results");
        assert_eq!(
            app.post_as(
                &gg,
                &format!("{results}/goals/1"),
                &[("baseline", "25만명"), ("counted_from", "")]
            )
            .await
            .0,
            303,
            "{}",
            app.label()
        );

        let executing = format!(
            "경기 '스마트공장 고도화'의 {} 집행 실적을 입력하십시오",
            quarter.korean()
        );
        let measuring = format!("{} 성과목표 1개의 측정값을 입력하십시오", quarter.korean());
        let sme_tasks = inbox(&app, &sme).await;
        assert_eq!(whats(&sme_tasks), [executing.as_str()], "{}", app.label());
        let gg_tasks = inbox(&app, &gg).await;
        assert_eq!(
            whats(&gg_tasks),
            [measuring.as_str()],
            "the province's own project has no budget yet"
        );
        assert!(
            whats(&inbox(&app, &office).await)
                .contains(&"경기 패키지 사업 1개의 연도별 예산을 편성하십시오".to_string())
        );
        for (who, task) in [(&sme, &sme_tasks[0]), (&gg, &gg_tasks[0])] {
            let link = task["link"].as_str().unwrap();
            assert_eq!(app.get_as(who, link).await.0, 200, "{link}");
            assert!(task["due"].is_null(), "the program sets no reporting deadline");
        }

        // The ministry is told once by mail that the quarter's report is due.
        let letter = sandan_domain::mail::verification("sme", "sme@mss.go.kr", "/x".into());
        let address = sandan_domain::mail::Email::parse("sme@mss.go.kr").unwrap();
        store
            .set_email(sme.user, &address, "sme-proof", 0, &letter, &SETUP)
            .await
            .unwrap();
        store.verify_email("sme-proof", 1, &SETUP).await.unwrap();
        let state = sandan_web::AppState {
            store: store.clone(),
            deployment: std::sync::Arc::new(sandan_web::Deployment::default()),
        };
        let calendar = sandan_domain::calendar::Calendar::bundled();
        let day = calendar.next_business_day_from(&sandan_web::today()).unwrap();
        assert_eq!(
            sandan_web::mail::reminders::queue_reminders(&state, day).await.unwrap(),
            1
        );
        assert_eq!(
            sandan_web::mail::reminders::queue_reminders(&state, day).await.unwrap(),
            0,
            "once"
        );
        let reports: Vec<_> = store
            .outbox(None, 10)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.kind == sandan_domain::mail::Kind::Report)
            .collect();
        assert_eq!(reports.len(), 1);
        assert_eq!(
            reports[0].subject,
            format!("[산업단지 대개조] {} 실적 입력 안내", quarter.korean())
        );
        assert_eq!(reports[0].address, "sme@mss.go.kr");

        // Once reported, the tasks are gone.
        let form = [
            ("quarter", quarter.to_string()),
            ("source", "national".into()),
            ("amount", "0".into()),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            app.post_as(&sme, &format!("/package/projects/{sme_project}/execution"), &form)
                .await
                .0,
            303
        );
        assert!(inbox(&app, &sme).await.is_empty());
        let measured = reqwest::multipart::Form::new()
            .text("csrf", gg.csrf.clone())
            .text("goal", "1")
            .text("quarter", quarter.to_string())
            .text("value", "25.1만명")
            .text("rating", "")
            .text("evidence_url", "https://stat.gg.go.kr/jobs")
            .part(
                "evidence_file",
                reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
            );
        let status = app
            .client
            .post(format!("{}{results}/measurements", app.base))
            .header("cookie", &gg.cookie)
            .multipart(measured)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 303);
        assert!(inbox(&app, &gg).await.is_empty());
    }
}
