//! The package and results end to end over HTTP, on SQLite and PostgreSQL: the committee's
//! confirmation opens 2021 경기's package; the office plans it, the ministry and the province
//! record three years of execution, the province tracks the goals, measures them with evidence
//! and registers the firms supported; the dashboard, its figures' pages, the matrix and the
//! ministry portfolio add up to exactly what was entered.

use crate::common;

use common::{TestApp, select, text_of};
use sandan_domain::package::sourced_programs;
use sandan_domain::results::{BusinessNumber, RollupMetric, Status};
use sandan_domain::{Region, Role};
use sandan_store::Change;
use sandan_store::testing::confirmed_gyeonggi;

const PACKAGE: &str = "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/package";
const RESULTS: &str = "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/results";
const RESULTS_REPORT: &str = "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/report";

const SETUP: Change<'static> = Change {
    actor: "test",
    source: "test",
    at: "2026-11-25T00:00:00Z",
};

fn quarters() -> Vec<String> {
    (2022..=2024)
        .flat_map(|y| (1..=4).map(move |q| format!("{y}-Q{q}")))
        .collect()
}

async fn measure(app: &TestApp, who: &common::Session, goal: &str, quarter: &str, value: &str, rating: &str) -> u16 {
    let form = reqwest::multipart::Form::new()
        .text("csrf", who.csrf.clone())
        .text("goal", goal.to_string())
        .text("quarter", quarter.to_string())
        .text("value", value.to_string())
        .text("rating", rating.to_string())
        .text("evidence_url", format!("https://stat.gg.go.kr/{quarter}"))
        .part(
            "evidence_file",
            reqwest::multipart::Part::bytes(if rating.is_empty() {
                Vec::new()
            } else {
                b"%PDF-1.4 level".to_vec()
            })
            .file_name("디지털레벨.pdf"),
        );
    app.client
        .post(format!("{}{RESULTS}/measurements", app.base))
        .header("cookie", &who.cookie)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_confirmed_region_is_funded_executed_measured_and_rolled_up_for_three_years() {
    for app in TestApp::all().await {
        let label = app.label();
        let store = &app.db.store;
        store.load_programs_if_empty(&sourced_programs(), &SETUP).await.unwrap();
        assert_eq!(
            app.get(PACKAGE).await.status(),
            404,
            "{label}: no package before confirmation"
        );
        store.replace_record(&confirmed_gyeonggi(), &SETUP).await.unwrap();
        assert_eq!(
            app.get(PACKAGE).await.status(),
            200,
            "{label}: confirmed, the package opens"
        );

        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let ministry = app
            .signed_in(
                "sme",
                &[Role::MinistryOfficer {
                    ministry: "중소벤처기업부".into(),
                }],
            )
            .await;
        let province = app
            .signed_in(
                "gyeonggi",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;

        // The office plans the package.
        let programs = store.programs().await.unwrap();
        let smart = programs
            .iter()
            .find(|p| p.program.name == "스마트공장 구축 및 고도화")
            .unwrap()
            .id
            .to_string();
        let (status, _) = app
            .post_as(&office, PACKAGE, &[("name", "스마트공장 고도화"), ("program", &smart)])
            .await;
        assert_eq!(status, 303, "{label}");
        let (status, _) = app
            .post_as(&office, PACKAGE, &[("name", "산단 혁신센터"), ("program", "")])
            .await;
        assert_eq!(status, 303, "{label}");
        let projects = store.package(2021, Region::Gyeonggi).await.unwrap();
        let (sme_id, own_id) = (projects[0].id, projects[1].id);
        let budget = |id: i64| format!("/package/projects/{id}/budget");
        let sme_plan = [
            ("total", "90억"),
            ("plan-2022-national", "20억"),
            ("plan-2022-local", "10억"),
            ("plan-2023-national", "20억"),
            ("plan-2023-local", "10억"),
            ("plan-2024-national", "20억"),
            ("plan-2024-local", "10억"),
        ];
        let (status, page) = app
            .post_as(
                &office,
                &budget(sme_id),
                &[&sme_plan[..], &[("plan-2024-private", "1억")]].concat(),
            )
            .await;
        assert_eq!(status, 422, "{label}: 91억 of lines against a 90억 total");
        assert!(
            page.contains("총사업비 90억 원"),
            "{label}: the refusal names the total"
        );
        assert!(page.contains("value=\"1억\""), "{label}: what was typed is kept");
        assert_eq!(app.post_as(&office, &budget(sme_id), &sme_plan).await.0, 303, "{label}");
        let own_plan = [
            ("total", "3,000,000,000"),
            ("plan-2022-local", "10억"),
            ("plan-2023-local", "10억"),
            ("plan-2024-local", "10억"),
        ];
        assert_eq!(
            app.post_as(&province, &budget(own_id), &own_plan).await.0,
            303,
            "{label}"
        );

        // Two officials have the page open. The province moves money between years; the
        // office's save, made on the figures the province replaced, is refused and changes
        // nothing, with what the office typed kept; on the page as it is now, it goes through.
        let (_, provinces_page) = app.get_as(&province, PACKAGE).await;
        let (_, offices_page) = app.get_as(&office, PACKAGE).await;
        let provinces_seen = seen_budget(&provinces_page, own_id);
        let moved = [
            ("total", "30억"),
            ("plan-2022-local", "12억"),
            ("plan-2023-local", "9억"),
            ("plan-2024-local", "9억"),
            ("seen", provinces_seen.as_str()),
        ];
        assert_eq!(app.post_as(&province, &budget(own_id), &moved).await.0, 303, "{label}");
        let offices_seen = seen_budget(&offices_page, own_id);
        let stale = [&own_plan[..], &[("seen", offices_seen.as_str())]].concat();
        let (status, page) = app.post_as(&office, &budget(own_id), &stale).await;
        assert_eq!(status, 422, "{label}: saved on figures changed since");
        assert!(
            page.contains("다른 사람이 이 사업의 예산이나 집행을 바꾸었습니다"),
            "{label}"
        );
        assert!(
            page.contains("value=\"3,000,000,000\""),
            "{label}: what the office typed is kept"
        );
        let planned_2022 = |budget: &sandan_domain::package::ProjectBudget| {
            budget.planned(2022, sandan_domain::package::FundingSource::Local)
        };
        let now = store.package_project(own_id).await.unwrap().unwrap();
        assert_eq!(
            planned_2022(&now.budget),
            Some(1_200_000_000),
            "{label}: the province's plan stands"
        );
        let refreshed = seen_budget(&page, own_id);
        let fresh = [&own_plan[..], &[("seen", refreshed.as_str())]].concat();
        assert_eq!(app.post_as(&office, &budget(own_id), &fresh).await.0, 303, "{label}");
        let now = store.package_project(own_id).await.unwrap().unwrap();
        assert_eq!(planned_2022(&now.budget), Some(1_000_000_000), "{label}");

        // Three years of quarterly execution by each project's runner.
        let execution = |id: i64| format!("/package/projects/{id}/execution");
        for quarter in quarters() {
            for (source, amount) in [("national", "5억"), ("local", "2.5억")] {
                let form = [("quarter", quarter.as_str()), ("source", source), ("amount", amount)];
                assert_eq!(
                    app.post_as(&ministry, &execution(sme_id), &form).await.0,
                    303,
                    "{label} {quarter}"
                );
            }
            let form = [("quarter", quarter.as_str()), ("source", "local"), ("amount", "2억")];
            assert_eq!(
                app.post_as(&province, &execution(own_id), &form).await.0,
                303,
                "{label} {quarter}"
            );
        }
        let over = [("quarter", "2024-Q4"), ("source", "national"), ("amount", "6억")];
        let (status, page) = app.post_as(&ministry, &execution(sme_id), &over).await;
        assert_eq!(status, 422, "{label}");
        assert!(page.contains("초과 1억 원"), "{label}");
        let not_theirs = [("quarter", "2022-Q1"), ("source", "local"), ("amount", "1억")];
        assert_eq!(
            app.post_as(&ministry, &execution(own_id), &not_theirs).await.0,
            403,
            "{label}"
        );

        // The province sets up the goals (0 생산액 5조 원, 1 고용 1만 명, 2 강소기업 99개사, 3 디지털 레벨)
        // and measures them each year-end; 강소기업 is counted from the register.
        let goal = |no: usize| format!("{RESULTS}/goals/{no}");
        for (no, form) in [
            (0, [("baseline", "63.8조원"), ("counted_from", "")]),
            (1, [("baseline", "25만명"), ("counted_from", "")]),
            (2, [("baseline", ""), ("counted_from", "scaleup")]),
        ] {
            assert_eq!(
                app.post_as(&province, &goal(no), &form).await.0,
                303,
                "{label} goal {no}"
            );
        }
        for (quarter, production, jobs) in [
            ("2022-Q4", "65조원", "25.3만명"),
            ("2023-Q4", "66.5조원", "25.6만명"),
            ("2024-Q4", "68.8조원", "26만명"),
        ] {
            assert_eq!(
                measure(&app, &province, "0", quarter, production, "").await,
                303,
                "{label}"
            );
            assert_eq!(measure(&app, &province, "1", quarter, jobs, "").await, 303, "{label}");
        }
        assert_eq!(
            measure(&app, &province, "2", "2024-Q4", "50개사", "").await,
            422,
            "{label}: counted, not typed"
        );
        assert_eq!(
            measure(&app, &province, "3", "2024-Q4", "", "good").await,
            303,
            "{label}: rated, with a file"
        );
        assert_eq!(
            measure(&app, &ministry, "1", "2024-Q4", "30만명", "").await,
            403,
            "{label}: not the ministry's"
        );

        let firms = [1u32, 2, 3].map(|n| BusinessNumber::completing(100_000_000 + n).to_string());
        for (number, support, date) in [
            (&firms[0], "scaleup", "2022-05-02"),
            (&firms[1], "scaleup", "2023-05-02"),
            (&firms[2], "scaleup", "2024-05-02"),
            (&firms[0], "scaleup", "2024-06-03"),
            (&"124-81-00998".to_string(), "startup", "2023-09-01"),
        ] {
            let form = [
                ("number", number.as_str()),
                ("name", "(주)반월정밀"),
                ("project", &sme_id.to_string()),
                ("support", support),
                ("date", date),
            ];
            assert_eq!(
                app.post_as(&province, &format!("{RESULTS}/firms"), &form).await.0,
                303,
                "{label} {number}"
            );
        }
        let wrong = [
            ("number", "124-81-00997"),
            ("name", "x"),
            ("project", &sme_id.to_string()),
            ("support", "startup"),
            ("date", "2023-09-01"),
        ];
        let (status, page) = app.post_as(&province, &format!("{RESULTS}/firms"), &wrong).await;
        assert_eq!(status, 422, "{label}");
        assert!(page.contains("검증번호"), "{label}: the check digit is named");

        // The roll-ups add up to what was entered.
        let as_of = sandan_domain::package::Quarter::new(2026, 4).unwrap();
        let plan = store.plan_rollup(2021, Region::Gyeonggi, as_of).await.unwrap().unwrap();
        assert_eq!(plan.achieved(RollupMetric::Jobs), Some(10_000), "{label}");
        assert_eq!(
            plan.achieved(RollupMetric::Production),
            Some(5_000_000_000_000),
            "{label}"
        );
        assert_eq!(
            plan.achieved(RollupMetric::Firms),
            Some(4),
            "{label}: four distinct firms"
        );
        let eok = 100_000_000;
        assert_eq!(
            plan.achieved(RollupMetric::BudgetExecuted),
            Some(114 * eok),
            "{label}: 3 × (30억 + 8억)"
        );
        assert_eq!(plan.planned, 120 * eok, "{label}");
        let statuses: Vec<Status> = plan
            .goals
            .iter()
            .map(|g| g.assessment.as_ref().unwrap().status)
            .collect();
        assert_eq!(
            statuses,
            [Status::OnTrack, Status::OnTrack, Status::OffTrack, Status::OnTrack],
            "{label}: 3 of 99 강소기업 lags the finished period"
        );

        let dashboard = app.page("/dashboard").await;
        let figure = |slug: &str| text_of(&select(&dashboard, &format!("#figure-{slug} .figure-value"))[0]);
        assert_eq!(figure("jobs"), "10,000명", "{label}");
        assert_eq!(figure("production"), "5조 원", "{label}");
        assert_eq!(figure("firms"), "4개사", "{label}");
        assert_eq!(figure("budget"), "114억 원", "{label}");
        for (slug, value, href) in [("jobs", "10,000명", RESULTS), ("budget", "114억 원", PACKAGE)] {
            let page = app.page(&format!("/dashboard/{slug}")).await;
            assert_eq!(text_of(&select(&page, "#metric-total")[0]), value, "{label} {slug}");
            let link = select(&page, "#contributions a")
                .into_iter()
                .find(|a| text_of(a) == value)
                .unwrap_or_else(|| panic!("{label}: 2021 경기's {slug} links to its records"));
            let decoded = href.replace("%EA%B2%BD%EA%B8%B0", "경기");
            assert_eq!(link.value().attr("href"), Some(decoded.as_str()), "{label}");
        }
        let (status, api) = app.json("/api/v1/dashboard").await;
        assert_eq!(status, 200, "{label}");
        let gg = api["plans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["region"] == "경기")
            .unwrap();
        assert_eq!(
            (gg["executed"].as_i64(), gg["jobs"].as_i64(), gg["firms"].as_i64()),
            (Some(114 * eok), Some(10_000), Some(4)),
            "{label}"
        );
        assert_eq!(gg["goals"][2]["status"], "off_track", "{label}");
        // One cohort's part of the national answer is exactly its plans.
        for round in [2021, 2015] {
            let (status, cohort) = app.json(&format!("/api/v1/dashboard?round={round}")).await;
            assert_eq!(status, 200, "{label}");
            let whole: Vec<&serde_json::Value> = api["plans"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["round"] == round)
                .collect();
            let part: Vec<&serde_json::Value> = cohort["plans"].as_array().unwrap().iter().collect();
            assert_eq!(part, whole, "{label} {round}");
        }
        let (_, cohort) = app.json("/api/v1/dashboard?round=2021").await;
        assert!(
            cohort["plans"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["region"] == "경기"),
            "{label}"
        );
        let (status, refused) = app.json("/api/v1/dashboard?round=올해").await;
        assert_eq!(status, 400, "{label}");
        assert!(
            refused["error"]["message"].as_str().unwrap().contains("연도"),
            "{label}: {refused}"
        );
        let matrix = app.page("/package").await;
        assert_eq!(
            text_of(&select(&matrix, "#matrix-total")[0]).trim(),
            "120.0 (114.0)",
            "{label}"
        );
        let portfolio = app
            .page("/package/ministries/%EC%A4%91%EC%86%8C%EB%B2%A4%EC%B2%98%EA%B8%B0%EC%97%85%EB%B6%80")
            .await;
        assert_eq!(text_of(&select(&portfolio, "#ministry-total")[0]), "90.0", "{label}");
        let public = app.get(RESULTS).await.text().await.unwrap();
        assert!(
            public.contains("정상 추진") && public.contains("부진"),
            "{label}: statuses are public"
        );
        assert!(!public.contains(&firms[0]), "{label}: the register is not");

        // The official outputs show the same figures as the pages, and nothing of the register.
        let national = app.get("/dashboard/report/csv").await;
        assert_eq!(national.status(), 200, "{label}");
        assert_eq!(national.headers()["content-type"], "text/csv; charset=utf-8");
        let disposition = national.headers()["content-disposition"].to_str().unwrap().to_string();
        assert!(
            disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''"),
            "{disposition}"
        );
        let national = national.text().await.unwrap();
        for figure in ["10,000명", "5조 원", "4개사", "114억 원"] {
            assert!(
                national.contains(figure),
                "{label}: the national report states {figure}"
            );
        }
        let workbook = app.get(&format!("{RESULTS_REPORT}/xlsx")).await.bytes().await.unwrap();
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(workbook.to_vec())).unwrap();
        use calamine::{DataType, Reader};
        let package_sheet = book.worksheet_range("경기 패키지 사업").unwrap();
        let total = package_sheet
            .rows()
            .find(|r| r[0] == calamine::Data::String("합계".into()))
            .unwrap();
        assert_eq!(
            (total[3].as_f64(), total[4].as_f64()),
            (Some(120.0), Some(114.0)),
            "{label}: planned and executed in 억 원, as numbers"
        );
        let goals_sheet = book.worksheet_range("경기 성과목표").unwrap();
        let statuses: Vec<String> = goals_sheet.rows().skip(2).take(4).map(|r| r[6].to_string()).collect();
        assert_eq!(statuses, ["정상 추진", "정상 추진", "부진", "정상 추진"], "{label}");
        let region_csv = app.get(&format!("{RESULTS_REPORT}/csv")).await.text().await.unwrap();
        assert!(
            !region_csv.contains(&firms[0]),
            "{label}: the register stays out of reports"
        );
        let pdf = app.get(&format!("{RESULTS_REPORT}/pdf")).await;
        assert_eq!(pdf.headers()["content-type"], "application/pdf", "{label}");
        assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"), "{label}");
        let unknown = app.get("/dashboard/report/docx").await;
        assert_eq!(unknown.status(), 404, "{label}");
        assert!(
            unknown.text().await.unwrap().contains("hwpx, pdf, xlsx, csv"),
            "{label}"
        );

        let log = store.audit_log(500).await.unwrap();
        let count = |action: &str| log.iter().filter(|e| e.action == action).count();
        assert_eq!(
            count("package.execution"),
            36,
            "{label}: every quarter, nothing for the refusals"
        );
        assert_eq!(count("results.measurement"), 7, "{label}");
        assert_eq!(count("results.firm"), 5, "{label}");
    }
}

/// The fingerprint of the figures the budget form of project `id` was drawn with.
fn seen_budget(page: &str, id: i64) -> String {
    let form = &page[page
        .find(&format!("action=\"/package/projects/{id}/budget\""))
        .unwrap_or_else(|| panic!("project {id}'s budget form"))..];
    let field = "name=\"seen\" value=\"";
    let value = &form[form.find(field).expect("the seen field") + field.len()..];
    value[..value.find('"').unwrap()].to_string()
}
