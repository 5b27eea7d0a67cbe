//! Accounts end to end: who may reach which route, sign-in and its defences, and the audit trail
//! they leave — on SQLite and PostgreSQL.

use crate::common;

use common::{TestApp, select, text_of};
use sandan_domain::{Region, Role};
use sandan_store::Change;
use sandan_store::testing::TEST_PASSWORD as PASSWORD;

/// (method, path template, concrete path, form, statuses for [anonymous, office, province, evaluator])
type MatrixRow<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, &'a str)], [u16; 4]);

fn setup_change() -> Change<'static> {
    Change {
        actor: "test",
        at: "2026-11-25T00:00:00Z",
        source: "test",
    }
}

/// A signed-in identity for requests: its cookie and form token; anonymous has neither session.
struct As {
    name: &'static str,
    cookie: String,
    csrf: String,
}

async fn sign_in_as(app: &TestApp, name: &'static str, login: &str, roles: &[Role]) -> As {
    let session = sandan_store::testing::signed_in(&app.db.store, login, name, roles).await;
    As {
        name,
        cookie: session.cookie,
        csrf: session.csrf,
    }
}

fn anonymous() -> As {
    // A pre-session token that matches its cookie, so refusals come from the policy, not CSRF.
    let token = "a".repeat(64);
    As {
        name: "anonymous",
        cookie: format!("sandan_csrf={token}"),
        csrf: token,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn send(app: &TestApp, who: &As, method: &str, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let url = format!("{}{path}", app.base);
    let request = match method {
        "GET" => app.client.get(url),
        "DELETE" => app.client.delete(url).header("x-csrf-token", &who.csrf),
        // An API replacement, with the form's token in its header but no If-Match: once
        // authorised, the precondition is what refuses it (428).
        "PUT" => app
            .client
            .put(url)
            .header("x-csrf-token", &who.csrf)
            .header("content-type", "application/json")
            .body("{}"),
        _ => {
            let mut fields: Vec<(&str, &str)> = vec![("csrf", who.csrf.as_str())];
            fields.extend_from_slice(form);
            app.client.post(url).form(&fields)
        }
    };
    request.header("cookie", &who.cookie).send().await.expect("request")
}

#[tokio::test]
async fn every_route_answers_each_role_as_the_policy_says() {
    for app in TestApp::all().await {
        let office = sign_in_as(&app, "program office", "office", &[Role::ProgramOffice]).await;
        let province = sign_in_as(
            &app,
            "경기 officer",
            "gyeonggi",
            &[Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            }],
        )
        .await;
        let evaluator = sign_in_as(&app, "evaluator", "evaluator", &[Role::Evaluator]).await;
        let anon = anonymous();
        let someone_else = app
            .db
            .store
            .users(now())
            .await
            .unwrap()
            .iter()
            .find(|u| u.login == "evaluator")
            .unwrap()
            .id
            .0;
        let roles_of_someone_else = format!("/admin/users/{someone_else}/roles");
        // An 애로사항 about a 경기 complex, filed without an account: 경기 handles it.
        let grievance = app
            .db
            .store
            .file_grievance(
                &sandan_domain::grievance::Filing {
                    complex: sandan_domain::ComplexId("banwol-sihwa".into()),
                    category: sandan_domain::grievance::Category::Workforce,
                    title: "인력 부족".into(),
                    body: "생산직 인력이 부족합니다.".into(),
                    filer: sandan_domain::grievance::Filer {
                        name: "김민수".into(),
                        organisation: "(주)시화정밀".into(),
                        business_number: None,
                        phone: Some("031-123-4567".into()),
                        email: None,
                    },
                    wants_public: false,
                },
                sandan_store::grievances::FiledBy::Password("Follow#2026"),
                &[sandan_store::grievances::NewAttachment {
                    name: "현장.png",
                    file_type: sandan_domain::documents::FileType::Png,
                    content: b"\x89PNG\r\n\x1a\n",
                }],
                &sandan_domain::Day::ymd(2026, 3, 9),
                now(),
                &setup_change(),
            )
            .await
            .unwrap();
        let grievance_file = format!(
            "/grievances/{}/files/{}",
            grievance.id,
            app.db.store.grievance_attachments(grievance.id).await.unwrap()[0].id
        );
        let (grievance_page, grievance_steps, grievance_publish, grievance_api, grievance_api_steps) = (
            format!("/grievances/{}", grievance.id),
            format!("/grievances/{}/steps", grievance.id),
            format!("/grievances/{}/publish", grievance.id),
            format!("/api/v1/grievances/{}", grievance.id),
            format!("/api/v1/grievances/{}/steps", grievance.id),
        );
        let deadlines_form: Vec<(&str, &str)> = sandan_domain::grievance::Category::ALL
            .iter()
            .map(|c| (c.key(), "10"))
            .collect();
        let evaluators_token = || async {
            app.db
                .store
                .create_api_token(
                    sandan_domain::UserId(someone_else),
                    "평가위원 토큰",
                    &sandan_domain::account::token::TokenScope::read_only(),
                    sandan_domain::account::token::Lifetime::days(30).unwrap(),
                    now(),
                    &setup_change(),
                )
                .await
                .unwrap()
                .0
        };
        let revoke_others_token = format!("/account/tokens/{}/revoke", evaluators_token().await);
        let revoke_in_register = format!("/admin/tokens/{}/revoke", evaluators_token().await);
        let delete_token = format!("/api/v1/tokens/{}", evaluators_token().await);
        let new_user = [
            ("login", "newbie"),
            ("name", "새 사용자"),
            ("password", PASSWORD),
            ("role", "evaluator"),
        ];
        let grant = [("role", "committee-member")];
        let wrong_password = [("current", "wrong"), ("new", PASSWORD), ("confirm", PASSWORD)];
        let bad_sign_in = [("login", "nobody"), ("password", "wrong")];

        let store = &app.db.store;
        // The package half: 2021 경기 confirmed, one project on 중소벤처기업부's program and one the
        // province runs, each with a 2022 budget; a rated goal with an evidence file.
        // Set up first: it replaces the record, which a round opened in Sandan then joins.
        let package = Package::set_up(store).await;
        // A round run in Sandan: 경기 has submitted version 1 and has a comment to answer; 부산 has a draft.
        let round = sandan_domain::Round {
            year: 2027,
            title: "2027년 산업단지 대개조 공모".into(),
            quota: Some(5),
            applicant_count: None,
            panel: None,
            indicators: vec![],
            bonus_points: vec![],
            milestones: vec![],
            sources: vec![],
        };
        store
            .open_round(&round, &sandan_domain::call::Call::new(2027), &setup_change())
            .await
            .unwrap();
        let draft = sandan_domain::Proposal::default();
        store
            .save_draft(2027, Region::Gyeonggi, &draft, 0, &setup_change())
            .await
            .unwrap();
        store
            .save_draft(2027, Region::Busan, &draft, 0, &setup_change())
            .await
            .unwrap();
        store
            .submit_draft(2027, Region::Gyeonggi, 1, &setup_change())
            .await
            .unwrap();
        let comment = store
            .add_comment(
                2027,
                Region::Gyeonggi,
                1,
                sandan_domain::Section::Goals,
                "목표 근거를 보완하십시오.",
                &setup_change(),
            )
            .await
            .unwrap();
        let answer_path = format!("/rounds/2027/proposals/%EA%B2%BD%EA%B8%B0/comments/{comment}/answer");
        store
            .add_holiday(
                &sandan_domain::calendar::Holiday {
                    day: sandan_domain::Day::ymd(2027, 3, 4),
                    name: "임시공휴일".into(),
                },
                &setup_change(),
            )
            .await
            .unwrap();
        // The round's evaluation is under way: the evaluator scores 경기, the only plan submitted.
        let mut framework = sandan_domain::evaluation::Framework::seed_default(5);
        for indicator in &mut framework.indicators {
            indicator.max_points = Some(sandan_domain::evaluation::Points::whole(25));
        }
        framework.panel_size = 1;
        framework.aggregation = sandan_domain::evaluation::Aggregation::Mean;
        store
            .save_framework(2027, &framework, 0, &setup_change())
            .await
            .unwrap();
        let evaluator_id = sandan_domain::UserId(someone_else);
        store
            .appoint(2027, evaluator_id, "시험대학교", &setup_change())
            .await
            .unwrap();
        store
            .start_scoring(
                2027,
                &[(Region::Gyeonggi, 1)],
                &[(evaluator_id, Region::Gyeonggi)],
                sandan_domain::submission::SeoulTime::at(
                    sandan_domain::Day::ymd(2027, 3, 5),
                    sandan_domain::call::ClockTime { hour: 9, minute: 0 },
                ),
                // The call has no deadline: the office starts early, with a reason.
                Some("시험: 마감일 없이 평가 개시"),
                &setup_change(),
            )
            .await
            .unwrap();
        let meeting = store
            .record_meeting(
                2027,
                &sandan_domain::evaluation::CommitteeMeeting {
                    date: sandan_domain::Day::ymd(2027, 3, 24),
                    body: "노후거점산업단지 경쟁력강화추진위원회".into(),
                    members_present: vec!["위원장".into()],
                    note: String::new(),
                },
                &setup_change(),
            )
            .await
            .unwrap();
        let (decide, publish_meeting) = (
            format!("/rounds/2027/decisions/{meeting}"),
            format!("/rounds/2027/decisions/{meeting}/publish"),
        );
        let (api_decide, api_publish_meeting) = (
            format!("/api/v1/rounds/2027/decisions/{meeting}"),
            format!("/api/v1/rounds/2027/decisions/{meeting}/publish"),
        );
        let own_sheet = "/rounds/2027/evaluation/sheets/%EA%B2%BD%EA%B8%B0";
        let sheet_by_id = format!("{own_sheet}?evaluator={someone_else}");
        let sheet = [
            ("version", "0"),
            ("intent", "save"),
            ("points-0", "20"),
            ("reason-0", "근거"),
        ];
        let office_conflict = [
            ("user", evaluator_id.0.to_string()),
            ("region", "부산".to_string()),
            ("kind", "affiliation".to_string()),
        ];
        let office_conflict: Vec<(&str, &str)> = office_conflict.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let own_conflict = [("region", "울산"), ("kind", "affiliation")];
        let remind = [("user", "all"), ("note", "마감이 다가옵니다.")];
        let framework_form = [
            ("version", "1"),
            ("indicators", "지표 | | 10"),
            ("aggregation", "mean"),
            ("quota", "5"),
            ("panel_size", "1"),
        ];

        let (goal_path, measure_path, firms_path) = (
            format!("{GG_RESULTS}/goals/1"),
            format!("{GG_RESULTS}/measurements"),
            format!("{GG_RESULTS}/firms"),
        );
        let (budget_path, sme_execution, own_execution, evidence_path) = (
            format!("/package/projects/{}/budget", package.sme_project),
            format!("/package/projects/{}/execution", package.sme_project),
            format!("/package/projects/{}/execution", package.own_project),
            format!("{GG_RESULTS}/evidence/{}", package.evidence),
        );
        let api_evidence = format!("{GG_RESULTS_API}/evidence/{}", package.evidence);
        let budget_form = [("total", "20억"), ("plan-2022-national", "20억")];
        let execution_form = [("quarter", "2022-Q1"), ("source", "national"), ("amount", "1억")];
        let program_edit = format!("/programs/{}", package.forest_program);
        let (api_program, api_project, api_budget, api_own_execution) = (
            format!("/api/v1/programs/{}", package.forest_program),
            format!("/api/v1/package/projects/{}", package.sme_project),
            format!("/api/v1/package/projects/{}/budget", package.sme_project),
            format!("/api/v1/package/projects/{}/execution", package.own_project),
        );
        let program_form = [
            ("version", "1"),
            ("name", "미세먼지 차단숲"),
            ("ministry", "산림청"),
            ("agency", "한국임업진흥원"),
        ];
        let firm_form = [
            ("number", "124-81-00998"),
            ("name", "(주)반월정밀"),
            ("project", package.own_project_text.as_str()),
            ("support", "scaleup"),
            ("date", "2023-03-02"),
        ];

        let call_form = [
            ("version", "1"),
            ("title", "2027년 공모"),
            ("quota", "5"),
            ("closes_at", "18:00"),
            ("linked_min", "2"),
            ("linked_max", "3"),
            ("first_budget_year", "2028"),
            ("budget_years", "3"),
        ];
        let statistic = [
            ("year", "2020"),
            ("metric", "employment"),
            ("value", "1만명"),
            ("source", "시험 자료"),
        ];
        let gg = "/rounds/2027/proposals/%EA%B2%BD%EA%B8%B0";
        let bs = "/rounds/2027/proposals/%EB%B6%80%EC%82%B0";
        let plan = "/rounds/{year}/proposals/{region}";
        let (gg_versions, gg_diff, gg_edit_goals, gg_edit_overview) = (
            format!("{gg}/versions/1"),
            format!("{gg}/diff?from=1&to=1"),
            format!("{gg}/edit/goals"),
            format!("{gg}/edit/overview"),
        );
        let (bs_documents, gg_document, gg_document_remove, gg_version_document, gg_document_publish) = (
            format!("{bs}/documents"),
            format!("{gg}/documents/999"),
            format!("{gg}/documents/999/remove"),
            format!("{gg}/versions/1/documents/999"),
            format!("{gg}/versions/1/documents/999/publish"),
        );
        let (bs_edit, bs_import, bs_submit, gg_comments, gg_revision) = (
            format!("{bs}/edit/goals"),
            format!("{bs}/import"),
            format!("{bs}/submit"),
            format!("{gg}/comments"),
            format!("{gg}/revision"),
        );

        // (method, path template, concrete path, form, [anonymous, office, province, evaluator])
        let matrix: Vec<MatrixRow> = vec![
            ("GET", "/", "/", &[], [200; 4]),
            ("GET", "/health", "/health", &[], [200; 4]),
            // Operational, for this machine by default: the test connects from it.
            ("GET", "/metrics", "/metrics", &[], [200; 4]),
            ("GET", "/rounds/{year}", "/rounds/2021", &[], [200; 4]),
            (
                "GET",
                "/rounds/{year}/plans/{region}",
                "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0",
                &[],
                [200; 4],
            ),
            ("GET", "/complexes", "/complexes", &[], [200; 4]),
            ("GET", "/complexes/{id}", "/complexes/gunsan", &[], [200; 4]),
            ("GET", "/complexes/new", "/complexes/new", &[], [401, 200, 403, 403]),
            (
                "POST",
                "/complexes/new",
                "/complexes/new",
                &[
                    ("id", "matrix-area"),
                    ("name", "권한 시험 연계지역"),
                    ("kind", "other_area"),
                    ("region", "세종"),
                    ("new_source_id", "matrix-source"),
                    ("new_source_title", "권한 시험 출처"),
                    ("new_source_publisher", "공동 주관부처"),
                ],
                [401, 303, 403, 403],
            ),
            (
                "GET",
                "/complexes/{id}/edit",
                "/complexes/gunsan/edit",
                &[],
                [401, 200, 403, 403],
            ),
            // Authorised, the office's edit and deletion based on a stale version are refused.
            (
                "POST",
                "/complexes/{id}/edit",
                "/complexes/gunsan/edit",
                &[
                    ("version", "stale"),
                    ("name", "군산"),
                    ("kind", "national"),
                    ("region", "전북"),
                ],
                [401, 409, 403, 403],
            ),
            (
                "POST",
                "/complexes/{id}/delete",
                "/complexes/gunsan/delete",
                &[("version", "stale")],
                [401, 409, 403, 403],
            ),
            (
                "POST",
                "/complexes/{id}/facts",
                "/complexes/gunsan/facts",
                &statistic,
                [401, 303, 403, 403],
            ),
            // 산업단지 현황 가져오기: the office only. A plain form is not the multipart upload
            // (400), a load names no previewed file (404), and decisions with no row download
            // as an empty list.
            ("GET", "/registry", "/registry", &[], [401, 200, 403, 403]),
            (
                "POST",
                "/registry/preview",
                "/registry/preview",
                &[],
                [401, 400, 403, 403],
            ),
            (
                "POST",
                "/registry/load",
                "/registry/load",
                &[("sha256", "0")],
                [401, 404, 403, 403],
            ),
            (
                "POST",
                "/registry/decisions",
                "/registry/decisions",
                &[],
                [401, 200, 403, 403],
            ),
            // A cookie session's API write needs the X-CSRF-Token header this form lacks.
            (
                "POST",
                "/api/v1/registry/imports",
                "/api/v1/registry/imports",
                &[],
                [401, 400, 403, 403],
            ),
            (
                "GET",
                "/admin/rounds/new",
                "/admin/rounds/new",
                &[],
                [401, 200, 403, 403],
            ),
            (
                "POST",
                "/admin/rounds/new",
                "/admin/rounds/new",
                &[("year", "2028"), ("title", "2028년 공모"), ("quota", "5")],
                [401, 303, 403, 403],
            ),
            ("GET", "/admin/holidays", "/admin/holidays", &[], [401, 200, 403, 403]),
            (
                "POST",
                "/admin/holidays",
                "/admin/holidays",
                &[("day", "2027-03-03"), ("name", "임시공휴일")],
                [401, 303, 403, 403],
            ),
            (
                "POST",
                "/admin/holidays/remove",
                "/admin/holidays/remove",
                &[("day", "2027-03-04")],
                [401, 303, 403, 403],
            ),
            // A province sees its own row of the round's table; an evaluator sees none.
            (
                "GET",
                "/rounds/{year}/call",
                "/rounds/2027/call",
                &[],
                [401, 200, 200, 403],
            ),
            // Scoring has started in this round: the office may change the call, reopen
            // submissions and ask for a revision, and the round's rule refuses each (422).
            (
                "POST",
                "/rounds/{year}/call",
                "/rounds/2027/call",
                &call_form,
                [401, 422, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/call/reopen",
                "/rounds/2027/call/reopen",
                &[
                    ("region", "부산"),
                    ("until_day", "2099-01-01"),
                    ("until_time", "18:00"),
                    ("reason", "장애"),
                ],
                [401, 422, 403, 403],
            ),
            // Another province's plan: the office reads it, 경기 may not.
            ("GET", plan, bs, &[], [401, 200, 403, 403]),
            ("GET", plan, gg, &[], [401, 200, 200, 403]),
            // Only the province writes its plan; the office consults.
            (
                "GET",
                "/rounds/{year}/proposals/{region}/edit/{section}",
                &gg_edit_goals,
                &[],
                [401, 403, 200, 403],
            ),
            (
                "GET",
                "/rounds/{year}/proposals/{region}/edit/{section}",
                &bs_edit,
                &[],
                [401, 403, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/proposals/{region}/edit/{section}",
                &gg_edit_overview,
                &[("version", "1"), ("industries", "자동차부품"), ("vision", "비전")],
                [401, 403, 303, 403],
            ),
            (
                "POST",
                "/rounds/{year}/proposals/{region}/import",
                &bs_import,
                &[],
                [401, 403, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/proposals/{region}/documents",
                &bs_documents,
                &[],
                [401, 403, 403, 403],
            ),
            (
                "GET",
                "/rounds/{year}/proposals/{region}/documents/{id}",
                &gg_document,
                &[],
                [401, 404, 404, 403],
            ),
            (
                "POST",
                "/rounds/{year}/proposals/{region}/documents/{id}/remove",
                &gg_document_remove,
                &[],
                [401, 403, 422, 403],
            ),
            // The evaluator scores 경기's version 1 here: she may read its documents, and this
            // one does not exist.
            (
                "GET",
                "/rounds/{year}/proposals/{region}/versions/{number}/documents/{id}",
                &gg_version_document,
                &[],
                [401, 404, 404, 404],
            ),
            // Only the office publishes, and only a selected region's documents (경기 is not).
            (
                "POST",
                "/rounds/{year}/proposals/{region}/versions/{number}/documents/{id}/publish",
                &gg_document_publish,
                &[("public", "1")],
                [401, 422, 403, 403],
            ),
            // Anyone signed in may search, within the versions she may read.
            (
                "GET",
                "/rounds/{year}/documents",
                "/rounds/2027/documents?q=%EC%82%B0%EB%8B%A8",
                &[],
                [401, 200, 200, 200],
            ),
            // A document nobody published is not there for anyone.
            (
                "GET",
                "/rounds/{year}/documents/{id}",
                "/rounds/2027/documents/999",
                &[],
                [404, 404, 404, 404],
            ),
            (
                "POST",
                "/rounds/{year}/proposals/{region}/submit",
                &bs_submit,
                &[("version", "1")],
                [401, 403, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/proposals/{region}/comments",
                &gg_comments,
                &[("version", "1"), ("section", "goals"), ("body", "근거 자료?")],
                [401, 303, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/proposals/{region}/comments/{id}/answer",
                &answer_path,
                &[("body", "보완했습니다.")],
                [401, 403, 303, 403],
            ),
            (
                "POST",
                "/rounds/{year}/proposals/{region}/revision",
                &gg_revision,
                &[("version", "1"), ("business_days", "5"), ("note", "목표 보완")],
                [401, 422, 403, 403],
            ),
            (
                "GET",
                "/rounds/{year}/proposals/{region}/versions/{number}",
                &gg_versions,
                &[],
                [401, 200, 200, 403],
            ),
            (
                "GET",
                "/rounds/{year}/proposals/{region}/diff",
                &gg_diff,
                &[],
                [401, 200, 200, 403],
            ),
            ("GET", "/templates/{file}", "/templates/project-list.csv", &[], [200; 4]),
            // The package and results: budgets, execution and progress are public; the office
            // and the province plan the package; only a project's runner records its execution;
            // only the province reads and writes its results records.
            ("GET", "/dashboard", "/dashboard", &[], [200; 4]),
            ("GET", "/dashboard/{metric}", "/dashboard/jobs", &[], [200; 4]),
            ("GET", "/impact", "/impact", &[], [200; 4]),
            ("GET", "/impact/{round}", "/impact/2020", &[], [200; 4]),
            ("GET", "/api/v1/dashboard", "/api/v1/dashboard", &[], [200; 4]),
            ("GET", "/api/v1/impact", "/api/v1/impact", &[], [200; 4]),
            // Official outputs are made from the public record only, so everyone may download.
            (
                "GET",
                "/dashboard/report/{format}",
                "/dashboard/report/csv",
                &[],
                [200; 4],
            ),
            (
                "GET",
                "/rounds/{year}/report/{format}",
                "/rounds/2021/report/xlsx",
                &[],
                [200; 4],
            ),
            (
                "GET",
                "/rounds/{year}/plans/{region}/report/{format}",
                "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/report/hwpx",
                &[],
                [200; 4],
            ),
            ("GET", "/api/v1/report/{format}", "/api/v1/report/csv", &[], [200; 4]),
            (
                "GET",
                "/api/v1/rounds/{year}/report/{format}",
                "/api/v1/rounds/2021/report/xlsx",
                &[],
                [200; 4],
            ),
            (
                "GET",
                "/api/v1/rounds/{year}/plans/{region}/report/{format}",
                "/api/v1/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/report/csv",
                &[],
                [200; 4],
            ),
            ("GET", "/programs", "/programs", &[], [200; 4]),
            (
                "POST",
                "/programs",
                "/programs",
                &[("name", "시험 지원사업"), ("ministry", "산림청")],
                [401, 303, 403, 403],
            ),
            (
                "POST",
                "/programs/{id}",
                &program_edit,
                &program_form,
                [401, 303, 403, 403],
            ),
            ("GET", "/package", "/package", &[], [200; 4]),
            (
                "GET",
                "/package/ministries/{ministry}",
                "/package/ministries/%EC%A4%91%EC%86%8C%EB%B2%A4%EC%B2%98%EA%B8%B0%EC%97%85%EB%B6%80",
                &[],
                [200; 4],
            ),
            (
                "GET",
                "/rounds/{year}/plans/{region}/package",
                GG_PACKAGE,
                &[],
                [200; 4],
            ),
            // The province may add too; the office's project of the same name was first (422).
            (
                "POST",
                "/rounds/{year}/plans/{region}/package",
                GG_PACKAGE,
                &[("name", "산단 안전센터")],
                [401, 303, 422, 403],
            ),
            (
                "POST",
                "/package/projects/{id}/budget",
                &budget_path,
                &budget_form,
                [401, 303, 303, 403],
            ),
            // Nobody here runs 중소벤처기업부's program; the province runs its own project.
            (
                "POST",
                "/package/projects/{id}/execution",
                &sme_execution,
                &execution_form,
                [401, 403, 403, 403],
            ),
            (
                "POST",
                "/package/projects/{id}/execution",
                &own_execution,
                &execution_form,
                [401, 403, 303, 403],
            ),
            // The package through the API: public to read. A cookie session's API write needs
            // the X-CSRF-Token header a plain form lacks (400) once the policy lets it through;
            // a replacement with the header but no If-Match is refused as unconditional (428).
            ("GET", "/api/v1/programs", "/api/v1/programs", &[], [200; 4]),
            (
                "POST",
                "/api/v1/programs",
                "/api/v1/programs",
                &[],
                [401, 400, 403, 403],
            ),
            ("GET", "/api/v1/programs/{id}", &api_program, &[], [200; 4]),
            ("PUT", "/api/v1/programs/{id}", &api_program, &[], [401, 428, 403, 403]),
            ("GET", "/api/v1/package", "/api/v1/package", &[], [200; 4]),
            (
                "GET",
                "/api/v1/package/projects",
                "/api/v1/package/projects",
                &[],
                [200; 4],
            ),
            // Whose package it is depends on the body, read after the CSRF header (400 here).
            (
                "POST",
                "/api/v1/package/projects",
                "/api/v1/package/projects",
                &[],
                [401, 400, 400, 400],
            ),
            ("GET", "/api/v1/package/projects/{id}", &api_project, &[], [200; 4]),
            (
                "PUT",
                "/api/v1/package/projects/{id}/budget",
                &api_budget,
                &[],
                [401, 428, 428, 403],
            ),
            // Only the province runs its own project.
            (
                "POST",
                "/api/v1/package/projects/{id}/execution",
                &api_own_execution,
                &[],
                [401, 403, 400, 403],
            ),
            (
                "POST",
                "/api/v1/package/executions",
                "/api/v1/package/executions",
                &[],
                [401, 400, 400, 400],
            ),
            (
                "GET",
                "/rounds/{year}/plans/{region}/results",
                GG_RESULTS,
                &[],
                [200; 4],
            ),
            (
                "POST",
                "/rounds/{year}/plans/{region}/results/goals/{no}",
                &goal_path,
                &[("baseline", "25만명")],
                [401, 403, 303, 403],
            ),
            // The province passes the policy; a plain form is not the multipart one required (400).
            (
                "POST",
                "/rounds/{year}/plans/{region}/results/measurements",
                &measure_path,
                &[("goal", "1")],
                [401, 403, 400, 403],
            ),
            (
                "POST",
                "/rounds/{year}/plans/{region}/results/firms",
                &firms_path,
                &firm_form,
                [401, 403, 303, 403],
            ),
            (
                "GET",
                "/rounds/{year}/plans/{region}/results/evidence/{sha256}",
                &evidence_path,
                &[],
                [401, 200, 200, 403],
            ),
            // The results API: progress and goal setups are public, the records are read as on
            // the page; only the province writes, and a cookie session's API write needs the
            // X-CSRF-Token header these forms lack (400), a PUT its If-Match (428).
            (
                "GET",
                "/api/v1/rounds/{year}/plans/{region}/results",
                GG_RESULTS_API,
                &[],
                [200; 4],
            ),
            (
                "GET",
                "/api/v1/rounds/{year}/plans/{region}/results/goals/{no}",
                "/api/v1/rounds/2021/plans/gyeonggi/results/goals/1",
                &[],
                [200; 4],
            ),
            (
                "PUT",
                "/api/v1/rounds/{year}/plans/{region}/results/goals/{no}",
                "/api/v1/rounds/2021/plans/gyeonggi/results/goals/1",
                &[],
                [401, 403, 428, 403],
            ),
            (
                "GET",
                "/api/v1/rounds/{year}/plans/{region}/results/firms",
                "/api/v1/rounds/2021/plans/gyeonggi/results/firms",
                &[],
                [401, 200, 200, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/plans/{region}/results/firms",
                "/api/v1/rounds/2021/plans/gyeonggi/results/firms",
                &[],
                [401, 403, 400, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/plans/{region}/results/evidence",
                "/api/v1/rounds/2021/plans/gyeonggi/results/evidence",
                &[],
                [401, 403, 400, 403],
            ),
            (
                "GET",
                "/api/v1/rounds/{year}/plans/{region}/results/evidence/{sha256}",
                &api_evidence,
                &[],
                [401, 200, 200, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/plans/{region}/results/measurements",
                "/api/v1/rounds/2021/plans/gyeonggi/results/measurements",
                &[],
                [401, 403, 400, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/plans/{region}/results/measurements/bulk",
                "/api/v1/rounds/2021/plans/gyeonggi/results/measurements/bulk",
                &[],
                [401, 403, 400, 403],
            ),
            // Evaluation: the office runs it; the evaluator reaches only her own work; a
            // province reaches none of it.
            (
                "GET",
                "/rounds/{year}/evaluation",
                "/rounds/2027/evaluation",
                &[],
                [401, 200, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation",
                "/rounds/2027/evaluation",
                &framework_form,
                [401, 422, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation/members",
                "/rounds/2027/evaluation/members",
                &[("user", "1"), ("affiliation", "대학")],
                [401, 422, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation/members/dismiss",
                "/rounds/2027/evaluation/members/dismiss",
                &[("user", "1")],
                [401, 422, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation/conflicts",
                "/rounds/2027/evaluation/conflicts",
                &office_conflict,
                [401, 303, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation/start",
                "/rounds/2027/evaluation/start",
                &[],
                [401, 422, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation/unassign",
                "/rounds/2027/evaluation/unassign",
                &[("user", "1"), ("region", "부산")],
                [401, 404, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation/remind",
                "/rounds/2027/evaluation/remind",
                &remind,
                [401, 303, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation/close",
                "/rounds/2027/evaluation/close",
                &[],
                [401, 422, 403, 403],
            ),
            (
                "GET",
                "/rounds/{year}/evaluation/mine",
                "/rounds/2027/evaluation/mine",
                &[],
                [401, 403, 403, 200],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation/mine/conflicts",
                "/rounds/2027/evaluation/mine/conflicts",
                &own_conflict,
                [401, 403, 403, 303],
            ),
            (
                "GET",
                "/rounds/{year}/evaluation/sheets/{region}",
                own_sheet,
                &[],
                [401, 403, 403, 200],
            ),
            // Sealed while scoring goes on, even for the office.
            (
                "GET",
                "/rounds/{year}/evaluation/sheets/{region}",
                &sheet_by_id,
                &[],
                [401, 403, 403, 200],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation/sheets/{region}",
                own_sheet,
                &sheet,
                [401, 403, 403, 303],
            ),
            (
                "GET",
                "/rounds/{year}/evaluation/results",
                "/rounds/2027/evaluation/results",
                &[],
                [401, 422, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/evaluation/results/publish",
                "/rounds/2027/evaluation/results/publish",
                &[("published", "1")],
                [401, 422, 403, 403],
            ),
            (
                "GET",
                "/rounds/{year}/evaluation/export.xlsx",
                "/rounds/2027/evaluation/export.xlsx",
                &[],
                [401, 422, 403, 403],
            ),
            (
                "GET",
                "/rounds/{year}/decisions",
                "/rounds/2027/decisions",
                &[],
                [401, 200, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/decisions",
                "/rounds/2027/decisions",
                &[("date", "2027-03-25"), ("body", "위원회"), ("members", "위원장")],
                [401, 303, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/decisions/{meeting}",
                &decide,
                &[("kind", "competitiveness_district"), ("region", "경기")],
                [401, 422, 403, 403],
            ),
            (
                "POST",
                "/rounds/{year}/decisions/{meeting}/publish",
                &publish_meeting,
                &[],
                [401, 422, 403, 403],
            ),
            ("GET", "/rounds/{year}/results", "/rounds/2027/results", &[], [200; 4]),
            (
                "GET",
                "/api/v1/rounds/{year}/evaluation/sheets/{region}",
                "/api/v1/rounds/2027/evaluation/sheets/gyeonggi",
                &[],
                [401, 403, 403, 200],
            ),
            // A cookie session must send X-CSRF-Token to write through the API.
            (
                "POST",
                "/api/v1/rounds/{year}/evaluation/sheets/{region}/submit",
                "/api/v1/rounds/2027/evaluation/sheets/gyeonggi/submit",
                &[],
                [401, 403, 403, 400],
            ),
            // The office runs the panel through the API; a form is not the JSON these read,
            // and with the form's token but no header the office's writes are refused (400).
            (
                "GET",
                "/api/v1/rounds/{year}/evaluation",
                "/api/v1/rounds/2027/evaluation",
                &[],
                [401, 200, 403, 403],
            ),
            (
                "GET",
                "/api/v1/rounds/{year}/evaluation/framework",
                "/api/v1/rounds/2027/evaluation/framework",
                &[],
                [401, 200, 403, 403],
            ),
            (
                "PUT",
                "/api/v1/rounds/{year}/evaluation/framework",
                "/api/v1/rounds/2027/evaluation/framework",
                &[],
                [401, 400, 403, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/evaluation/members",
                "/api/v1/rounds/2027/evaluation/members",
                &[],
                [401, 400, 403, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/evaluation/start",
                "/api/v1/rounds/2027/evaluation/start",
                &[],
                [401, 400, 403, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/evaluation/close",
                "/api/v1/rounds/2027/evaluation/close",
                &[],
                [401, 400, 403, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/evaluation/results/publish",
                "/api/v1/rounds/2027/evaluation/results/publish",
                &[],
                [401, 400, 403, 403],
            ),
            // Opening a round and setting its call: the office's; a PUT without If-Match is 428.
            ("POST", "/api/v1/rounds", "/api/v1/rounds", &[], [401, 400, 403, 403]),
            (
                "GET",
                "/api/v1/rounds/{year}/call",
                "/api/v1/rounds/2027/call",
                &[],
                [401, 200, 403, 403],
            ),
            (
                "PUT",
                "/api/v1/rounds/{year}/call",
                "/api/v1/rounds/2027/call",
                &[],
                [401, 428, 403, 403],
            ),
            (
                "GET",
                "/api/v1/rounds/{year}/evaluation/results",
                "/api/v1/rounds/2027/evaluation/results",
                &[],
                [401, 422, 403, 403],
            ),
            (
                "GET",
                "/api/v1/rounds/{year}/results",
                "/api/v1/rounds/2027/results",
                &[],
                [200; 4],
            ),
            // Anyone reads the published meetings (the office the working ones too); only the
            // office writes — the policy lets her by, and a form is not the JSON these read.
            (
                "GET",
                "/api/v1/rounds/{year}/decisions",
                "/api/v1/rounds/2027/decisions",
                &[],
                [200; 4],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/decisions",
                "/api/v1/rounds/2027/decisions",
                &[],
                [401, 400, 403, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/decisions/{meeting}",
                &api_decide,
                &[],
                [401, 400, 403, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/decisions/{meeting}/publish",
                &api_publish_meeting,
                &[],
                [401, 400, 403, 403],
            ),
            (
                "GET",
                "/api/v1/rounds/{year}/proposals/{region}",
                "/api/v1/rounds/2027/proposals/busan",
                &[],
                [401, 200, 403, 403],
            ),
            (
                "POST",
                "/api/v1/rounds/{year}/proposals/{region}/submit",
                "/api/v1/rounds/2027/proposals/busan/submit",
                &[],
                [401, 403, 403, 403],
            ),
            (
                "GET",
                "/api/v1/rounds/{year}/proposals/{region}/diff",
                "/api/v1/rounds/2027/proposals/gyeonggi/diff?from=1&to=1",
                &[],
                [401, 200, 200, 403],
            ),
            ("GET", "/sign-in", "/sign-in", &[], [200; 4]),
            ("POST", "/sign-in", "/sign-in", &bad_sign_in, [401; 4]),
            // 회원가입 is for firms not signed in; whoever is signed in is sent to her account.
            ("GET", "/sign-up", "/sign-up", &[], [200, 303, 303, 303]),
            (
                "POST",
                "/sign-up",
                "/sign-up",
                &[("login", "1"), ("business_number", "123-45-67890")],
                [422, 303, 303, 303],
            ),
            ("GET", "/account", "/account", &[], [401, 200, 200, 200]),
            ("GET", "/tasks", "/tasks", &[], [401, 200, 200, 200]),
            ("GET", "/api/v1/tasks", "/api/v1/tasks", &[], [401, 200, 200, 200]),
            (
                "POST",
                "/account/password",
                "/account/password",
                &wrong_password,
                [401, 422, 422, 422],
            ),
            (
                "POST",
                "/account/tokens",
                "/account/tokens",
                &[("name", "통계 연계")],
                [401, 200, 200, 200],
            ),
            // Someone else's token: not found for everyone else, so its existence is not revealed.
            (
                "POST",
                "/account/tokens/{id}/revoke",
                &revoke_others_token,
                &[],
                [401, 404, 404, 303],
            ),
            (
                "GET",
                "/account/notifications",
                "/account/notifications",
                &[],
                [401, 200, 200, 200],
            ),
            (
                "POST",
                "/account/notifications/email",
                "/account/notifications/email",
                &[("email", "not-an-address")],
                [401, 422, 422, 422],
            ),
            (
                "POST",
                "/account/notifications/preferences",
                "/account/notifications/preferences",
                &[("events", "1")],
                [401, 200, 200, 200],
            ),
            (
                "POST",
                "/account/notifications/calendar",
                "/account/notifications/calendar",
                &[],
                [401, 200, 200, 200],
            ),
            (
                "POST",
                "/account/notifications/calendar/revoke",
                "/account/notifications/calendar/revoke",
                &[],
                [401, 200, 200, 200],
            ),
            // The link's token is the key: anyone holding it may open the page and confirm.
            (
                "GET",
                "/account/email/verify",
                "/account/email/verify?token=x",
                &[],
                [200; 4],
            ),
            (
                "POST",
                "/account/email/verify",
                "/account/email/verify",
                &[("token", "not-a-token")],
                [422; 4],
            ),
            ("GET", "/calendar/{file}", "/calendar/not-a-token.ics", &[], [404; 4]),
            ("GET", "/admin/outbox", "/admin/outbox", &[], [401, 200, 403, 403]),
            (
                "POST",
                "/admin/outbox/announce",
                "/admin/outbox/announce",
                &[("round", "2027"), ("subject", "안내"), ("body", "내용")],
                [401, 422, 403, 403],
            ),
            (
                "POST",
                "/admin/outbox/{id}/resend",
                "/admin/outbox/999999/resend",
                &[],
                [401, 422, 403, 403],
            ),
            ("GET", "/session/status", "/session/status", &[], [200; 4]),
            ("POST", "/session/extend", "/session/extend", &[], [401, 200, 200, 200]),
            ("GET", "/admin/users", "/admin/users", &[], [401, 200, 403, 403]),
            ("GET", "/admin/tokens", "/admin/tokens", &[], [401, 200, 403, 403]),
            (
                "POST",
                "/admin/tokens/{id}/revoke",
                &revoke_in_register,
                &[],
                [401, 303, 403, 403],
            ),
            ("GET", "/api/v1/tokens", "/api/v1/tokens", &[], [401, 200, 403, 403]),
            // The office revokes anyone's; once revoked it is not found, even by its owner.
            (
                "DELETE",
                "/api/v1/tokens/{id}",
                &delete_token,
                &[],
                [401, 204, 404, 404],
            ),
            ("POST", "/admin/users", "/admin/users", &new_user, [401, 303, 403, 403]),
            (
                "POST",
                "/admin/users/{id}/roles",
                &roles_of_someone_else,
                &grant,
                [401, 303, 403, 403],
            ),
            (
                "GET",
                "/admin/audit",
                "/admin/audit?actor=office",
                &[],
                [401, 200, 403, 403],
            ),
            ("GET", "/api/v1/overview", "/api/v1/overview", &[], [200; 4]),
            ("GET", "/api/v1/rounds", "/api/v1/rounds", &[], [200; 4]),
            ("GET", "/api/v1/rounds/{year}", "/api/v1/rounds/2021", &[], [200; 4]),
            (
                "GET",
                "/api/v1/rounds/{year}/plans/{region}",
                "/api/v1/rounds/2021/plans/gyeonggi",
                &[],
                [200; 4],
            ),
            ("GET", "/api/v1/complexes", "/api/v1/complexes", &[], [200; 4]),
            (
                "GET",
                "/api/v1/complexes/{id}",
                "/api/v1/complexes/gunsan",
                &[],
                [200; 4],
            ),
            ("GET", "/api/v1/record", "/api/v1/record", &[], [200; 4]),
            ("GET", "/api/v1/me", "/api/v1/me", &[], [401, 200, 200, 200]),
            // 애로사항: anyone files and follows; the body it is routed to (경기 here) and the
            // office handle it; statistics and deadlines are public; only the office sets those.
            ("GET", "/grievances/new", "/grievances/new", &[], [200; 4]),
            (
                "POST",
                "/grievances/new",
                "/grievances/new",
                &[("title", "제목")],
                [422; 4],
            ),
            ("GET", "/grievances/follow", "/grievances/follow", &[], [200; 4]),
            (
                "POST",
                "/grievances/follow",
                "/grievances/follow",
                &[("receipt", "0000-000000"), ("password", "Follow#2026")],
                [404; 4],
            ),
            // Nobody follows a report in these browsers.
            (
                "POST",
                "/grievances/follow/rating",
                "/grievances/follow/rating",
                &[("score", "5")],
                [401; 4],
            ),
            ("GET", "/grievances", "/grievances", &[], [401, 200, 200, 200]),
            ("GET", "/grievances/statistics", "/grievances/statistics", &[], [200; 4]),
            ("GET", "/grievances/deadlines", "/grievances/deadlines", &[], [200; 4]),
            (
                "POST",
                "/grievances/deadlines",
                "/grievances/deadlines",
                &deadlines_form,
                [401, 303, 403, 403],
            ),
            ("GET", "/grievances/{id}", &grievance_page, &[], [401, 200, 200, 403]),
            (
                "GET",
                "/grievances/{id}/files/{file}",
                &grievance_file,
                &[],
                [401, 200, 200, 403],
            ),
            // 현장 소통: the office and the provinces record and read them; an evaluator neither.
            (
                "GET",
                "/grievances/visits",
                "/grievances/visits",
                &[],
                [401, 200, 200, 403],
            ),
            (
                "POST",
                "/grievances/visits",
                "/grievances/visits",
                &[("kind", "meeting")],
                [401, 422, 422, 403],
            ),
            // Closing before an answer is refused by the rules, for those the policy lets try.
            (
                "POST",
                "/grievances/{id}/steps",
                &grievance_steps,
                &[("step", "close")],
                [401, 422, 422, 403],
            ),
            (
                "POST",
                "/grievances/{id}/publish",
                &grievance_publish,
                &[("public_title", "제목")],
                [401, 422, 422, 403],
            ),
            (
                "GET",
                "/api/v1/grievances",
                "/api/v1/grievances",
                &[],
                [401, 200, 200, 200],
            ),
            // A form is not the JSON these read.
            ("POST", "/api/v1/grievances", "/api/v1/grievances", &[], [400; 4]),
            (
                "POST",
                "/api/v1/grievances/follow",
                "/api/v1/grievances/follow",
                &[],
                [400; 4],
            ),
            (
                "GET",
                "/api/v1/grievances/statistics",
                "/api/v1/grievances/statistics",
                &[],
                [200; 4],
            ),
            (
                "GET",
                "/api/v1/grievances/{id}",
                &grievance_api,
                &[],
                [401, 200, 200, 403],
            ),
            (
                "POST",
                "/api/v1/grievances/{id}/steps",
                &grievance_api_steps,
                &[],
                [401, 400, 400, 400],
            ),
            ("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", &[], [200; 4]),
            // Last, since it ends the sessions it is sent with.
            ("POST", "/sign-out", "/sign-out", &[], [303; 4]),
        ];
        for path in sandan_web::route_paths() {
            assert!(
                matrix.iter().any(|(_, template, ..)| *template == path),
                "route {path} has no entry in the authorization matrix"
            );
        }
        for (method, _, path, form, expected) in &matrix {
            for (who, want) in [&anon, &office, &province, &evaluator].into_iter().zip(expected) {
                let status = send(&app, who, method, path, form).await.status().as_u16();
                assert_eq!(status, *want, "{}: {method} {path} as {}", app.label(), who.name);
            }
        }
        let users = app.db.store.users(now()).await.unwrap();
        assert!(
            users.iter().any(|u| u.login == "newbie"),
            "the office's POST created the user"
        );
        let evaluator_roles: Vec<String> = users
            .iter()
            .find(|u| u.login == "evaluator")
            .unwrap()
            .grants
            .iter()
            .map(|g| g.role.to_string())
            .collect();
        assert_eq!(
            evaluator_roles,
            ["evaluator", "committee-member"],
            "only the office's grant took effect"
        );
    }
}

#[tokio::test]
async fn a_user_signs_in_sees_her_account_and_signs_out() {
    for app in TestApp::all().await {
        app.db
            .store
            .create_user(
                "kim",
                "김주무관",
                PASSWORD,
                &[Role::ProvincialOfficer {
                    region: Region::Jeonbuk,
                }],
                None,
                &setup_change(),
            )
            .await
            .unwrap();
        let (cookie, csrf) = app.sign_in_form().await;

        let forged = app
            .client
            .post(format!("{}/sign-in", app.base))
            .header("cookie", &cookie)
            .form(&[
                ("login", "kim"),
                ("password", PASSWORD),
                ("csrf", "0".repeat(64).as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 400, "a form without the matching token is refused");

        let signed = app
            .client
            .post(format!("{}/sign-in", app.base))
            .header("cookie", &cookie)
            .form(&[
                ("login", "kim"),
                ("password", PASSWORD),
                ("csrf", csrf.as_str()),
                ("next", "https://evil.example/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(signed.status(), 303);
        assert_eq!(
            signed.headers()["location"],
            "/account",
            "never sent to another site after sign-in"
        );
        let set = signed.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
        let session = set.split(';').next().unwrap().to_string();

        let account = app
            .client
            .get(format!("{}/account", app.base))
            .header("cookie", &session)
            .send()
            .await
            .unwrap();
        let html = scraper::Html::parse_document(&account.text().await.unwrap());
        let facts = text_of(&select(&html, ".facts")[0]);
        assert!(
            facts.contains("kim") && facts.contains("시·도 담당자 (전북)"),
            "{facts}"
        );
        let csrf = select(&html, "form[action='/sign-out'] input[name=csrf]")[0]
            .value()
            .attr("value")
            .unwrap()
            .to_string();
        assert!(
            !select(&html, "meta[name=sandan-session-expires]").is_empty(),
            "the expiry warning knows when the session ends"
        );

        let out = app
            .client
            .post(format!("{}/sign-out", app.base))
            .header("cookie", &session)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 303);
        let after = app
            .client
            .get(format!("{}/account", app.base))
            .header("cookie", &session)
            .send()
            .await
            .unwrap();
        assert_eq!(after.status(), 401, "the old cookie opens nothing");

        let actions: Vec<String> = app
            .db
            .store
            .audit_log(20)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert!(
            actions.contains(&"auth.sign_in".to_string()) && actions.contains(&"auth.sign_out".to_string()),
            "{actions:?}"
        );
    }
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account_slow_the_address_and_are_audited() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        store
            .create_user("lee", "이주무관", PASSWORD, &[Role::Evaluator], None, &setup_change())
            .await
            .unwrap();
        let anon = anonymous();
        let attempt = |password: &'static str| {
            let anon = &anon;
            let app = &app;
            async move {
                send(
                    app,
                    anon,
                    "POST",
                    "/sign-in",
                    &[("login", "lee"), ("password", password)],
                )
                .await
            }
        };
        for _ in 0..4 {
            assert_eq!(attempt("wrong-password-1").await.status(), 401);
        }
        let started = std::time::Instant::now();
        let fifth = attempt("wrong-password-1").await;
        let waited = started.elapsed();
        // Locked now, and answered exactly as a login that does not exist is.
        assert_eq!(fifth.status(), 401);
        let locked_says = refusal_text(fifth).await;
        assert!(
            waited >= std::time::Duration::from_millis(800),
            "four earlier failures cost the fifth attempt at least 0.8 s, took {waited:?}"
        );
        let right = attempt(PASSWORD).await;
        assert_eq!(
            right.status(),
            401,
            "{}: even the right password waits out the lock",
            app.label()
        );
        let nobody = send(
            &app,
            &anon,
            "POST",
            "/sign-in",
            &[("login", "nobody-here"), ("password", "wrong-password-1")],
        )
        .await;
        assert_eq!(nobody.status(), 401);
        assert_eq!(
            refusal_text(nobody).await,
            locked_says,
            "an unknown login reads the same"
        );

        // Once the lock has passed, its owner is told on signing in, and only once.
        app.db
            .execute_raw("UPDATE users SET locked_until = 0 WHERE login = 'lee'")
            .await;
        let told = attempt(PASSWORD).await;
        assert_eq!(told.status(), 200, "{}", app.label());
        let page = told.text().await.unwrap();
        assert!(
            page.contains("id=\"lock-notice\"") && page.contains("연속 실패 5회"),
            "{page}"
        );
        assert_eq!(attempt(PASSWORD).await.status(), 303, "told once");

        let log = store.audit_log(50).await.unwrap();
        let count = |action: &str| log.iter().filter(|e| e.action == action).count();
        assert_eq!(
            (
                count("auth.sign_in_failed"),
                count("auth.account_locked"),
                count("auth.sign_in_locked")
            ),
            (5, 1, 1),
            "four failures of lee's, one of the unknown login's; the lock; the sign-in refused while locked"
        );
        assert!(
            log.iter()
                .filter(|e| e.action.starts_with("auth.") && e.subject != "login:nobody-here")
                .all(|e| e.source == "127.0.0.1" && e.subject == "login:lee")
        );
    }
}

/// The refusal a sign-in page shows.
async fn refusal_text(response: reqwest::Response) -> String {
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    select(&html, "[role=alert]").iter().map(text_of).collect()
}

#[tokio::test]
async fn the_program_office_filters_the_audit_trail_and_downloads_it_as_csv() {
    for app in TestApp::all().await {
        let office = sign_in_as(&app, "program office", "office", &[Role::ProgramOffice]).await;
        let _other = sign_in_as(&app, "evaluator", "evaluator", &[Role::Evaluator]).await;
        let page = send(&app, &office, "GET", "/admin/audit?subject=login%3Aevaluator", &[]).await;
        assert_eq!(page.status(), 200);
        let html = scraper::Html::parse_document(&page.text().await.unwrap());
        let subjects: Vec<String> = select(&html, "#audit tbody tr td:nth-child(6)")
            .iter()
            .map(|td| text_of(td))
            .collect();
        assert!(
            !subjects.is_empty() && subjects.iter().all(|s| s == "login:evaluator"),
            "{}: {subjects:?}",
            app.label()
        );

        let csv = send(&app, &office, "GET", "/admin/audit?actor=test&format=csv", &[]).await;
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.unwrap();
        let rows: Vec<&str> = text.lines().collect();
        assert!(rows[0].starts_with("\u{feff}순번,일시,사용자"), "{}", rows[0]);
        assert!(
            rows.len() > 1 && rows[1..].iter().all(|r| r.split(',').nth(2) == Some("\"test\"")),
            "{rows:?}"
        );

        let bad = send(&app, &office, "GET", "/admin/audit?from=yesterday", &[]).await;
        assert_eq!(bad.status(), 400);
        assert!(bad.text().await.unwrap().contains("연-월-일"));
    }
}

#[tokio::test]
async fn an_api_token_acts_with_its_users_roles_until_revoked() {
    for app in TestApp::all().await {
        let office = sign_in_as(&app, "program office", "office", &[Role::ProgramOffice]).await;
        let made = send(&app, &office, "POST", "/account/tokens", &[("name", "통계 연계")]).await;
        let html = scraper::Html::parse_document(&made.text().await.unwrap());
        let message = text_of(&select(&html, ".notice-ok")[0]);
        let token = message.rsplit(' ').next().unwrap().trim().to_string();
        assert_eq!(token.len(), 64, "{message}");

        let bearer = |path: &str| app.client.get(format!("{}{path}", app.base)).bearer_auth(&token).send();
        let me: serde_json::Value = bearer("/api/v1/me").await.unwrap().json().await.unwrap();
        assert_eq!(me["roles"], serde_json::json!(["program-office"]), "{}", app.label());
        let created = app
            .client
            .post(format!("{}/admin/users", app.base))
            .bearer_auth(&token)
            .form(&[
                ("login", "viatoken"),
                ("name", "토큰으로"),
                ("password", PASSWORD),
                ("role", "evaluator"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            created.status(),
            403,
            "a token writes through the API only: the pages' forms are for people signed in"
        );

        let office_id = app
            .db
            .store
            .users(0)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.login == "office")
            .unwrap()
            .id;
        let id = app.db.store.api_tokens(office_id).await.unwrap()[0].id;
        let revoked = send(&app, &office, "POST", &format!("/account/tokens/{id}/revoke"), &[]).await;
        assert_eq!(revoked.status(), 303);
        let refused = bearer("/api/v1/me").await.unwrap();
        assert_eq!(refused.status(), 401, "a revoked token opens nothing");
        let body: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(
            body["error"]["code"], "sign_in_required",
            "API refusals are JSON: {body}"
        );
        assert_eq!(
            bearer("/api/v1/rounds").await.unwrap().status(),
            401,
            "a bad token is refused, not quietly treated as anonymous"
        );
        let unknown = app
            .client
            .get(format!("{}/api/v1/me", app.base))
            .bearer_auth("f".repeat(64))
            .send()
            .await
            .unwrap();
        assert_eq!(unknown.status(), 401);
        let actions: Vec<String> = app
            .db
            .store
            .audit_log(30)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert!(actions.contains(&"token.create".to_string()) && actions.contains(&"token.revoke".to_string()));
    }
}

const GG_PACKAGE: &str = "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/package";
const GG_RESULTS: &str = "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/results";
const GG_RESULTS_API: &str = "/api/v1/rounds/2021/plans/gyeonggi/results";

/// 2021 경기 confirmed with a small package and one measured goal.
struct Package {
    sme_project: i64,
    own_project: i64,
    own_project_text: String,
    forest_program: i64,
    evidence: String,
}

impl Package {
    async fn set_up(store: &sandan_store::Store) -> Package {
        use sandan_domain::package::{BudgetLine, FundingSource, Quarter, sourced_programs};
        store
            .replace_record(&sandan_store::testing::confirmed_gyeonggi(), &setup_change())
            .await
            .unwrap();
        store
            .load_programs_if_empty(&sourced_programs(), &setup_change())
            .await
            .unwrap();
        let programs = store.programs().await.unwrap();
        let id_of = |name: &str| programs.iter().find(|p| p.program.name == name).unwrap().id;
        let change = setup_change();
        let add = |name: &'static str, program| store.add_project(2021, Region::Gyeonggi, name, program, &change);
        let sme_project = add("스마트공장 고도화", Some(id_of("스마트공장 구축 및 고도화")))
            .await
            .unwrap();
        let own_project = add("산단 혁신센터", None).await.unwrap();
        for id in [sme_project, own_project] {
            let line = BudgetLine {
                year: 2022,
                source: FundingSource::National,
                planned: 2_000_000_000,
            };
            store
                .plan_budget(id, None, 2_000_000_000, vec![line], &setup_change())
                .await
                .unwrap();
        }
        store
            .record_measurement(
                2021,
                Region::Gyeonggi,
                3,
                Quarter::new(2023, 1).unwrap(),
                sandan_domain::results::Reading::Rating(sandan_domain::results::Rating::Good),
                sandan_store::results::EvidenceInput::File {
                    name: "진단.pdf".into(),
                    content: b"%PDF-1.4".to_vec(),
                },
                sandan_domain::Day::ymd(2023, 6, 30),
                &setup_change(),
            )
            .await
            .unwrap();
        let evidence = match &store.measurements(2021, Region::Gyeonggi).await.unwrap()[0]
            .measurement
            .evidence
        {
            sandan_domain::results::Evidence::File { sha256, .. } => sha256.clone(),
            other => panic!("{other:?}"),
        };
        Package {
            sme_project,
            own_project,
            own_project_text: own_project.to_string(),
            forest_program: id_of("미세먼지 차단숲"),
            evidence,
        }
    }
}

#[tokio::test]
async fn a_ministry_records_only_its_own_programs_execution_and_reads_but_never_writes_results() {
    for app in TestApp::all().await {
        let package = Package::set_up(&app.db.store).await;
        let sme = sign_in_as(
            &app,
            "중소벤처기업부 officer",
            "sme",
            &[Role::MinistryOfficer {
                ministry: "중소벤처기업부".into(),
            }],
        )
        .await;
        let forest = sign_in_as(
            &app,
            "산림청 officer",
            "forest",
            &[Role::MinistryOfficer {
                ministry: "산림청".into(),
            }],
        )
        .await;
        let execution = [("quarter", "2022-Q1"), ("source", "national"), ("amount", "1억")];
        let sme_path = format!("/package/projects/{}/execution", package.sme_project);
        let own_path = format!("/package/projects/{}/execution", package.own_project);
        for (who, path, want) in [
            (&sme, &sme_path, 303),
            (&sme, &own_path, 403),
            (&forest, &sme_path, 403),
        ] {
            let status = send(&app, who, "POST", path, &execution).await.status().as_u16();
            assert_eq!(status, want, "{}: {} POST {path}", app.label(), who.name);
        }
        let over = [("quarter", "2022-Q2"), ("source", "national"), ("amount", "19.5억")];
        let response = send(&app, &sme, "POST", &sme_path, &over).await;
        assert_eq!(response.status().as_u16(), 422, "{}", app.label());
        assert!(
            response.text().await.unwrap().contains("초과 5,000만 원"),
            "{}: the refusal says by how much",
            app.label()
        );
        let project = app
            .db
            .store
            .package_project(package.sme_project)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            project.budget.executed_total(),
            100_000_000,
            "{}: only the first stands",
            app.label()
        );

        for (method, path, form, want) in [
            ("GET", GG_RESULTS.to_string(), &[][..], 200),
            (
                "GET",
                format!("{GG_RESULTS}/evidence/{}", package.evidence),
                &[][..],
                200,
            ),
            (
                "POST",
                format!("{GG_RESULTS}/goals/1"),
                &[("baseline", "25만명")][..],
                403,
            ),
            (
                "POST",
                format!("/package/projects/{}/budget", package.sme_project),
                &[("total", "1억")][..],
                403,
            ),
            ("POST", GG_PACKAGE.to_string(), &[("name", "부처 사업")][..], 403),
        ] {
            let status = send(&app, &sme, method, &path, form).await.status().as_u16();
            assert_eq!(status, want, "{}: {method} {path} as a ministry officer", app.label());
        }
        let page = send(&app, &sme, "GET", GG_RESULTS, &[]).await.text().await.unwrap();
        assert!(
            page.contains("id=\"measurements\""),
            "{}: a ministry reads the records",
            app.label()
        );
        assert!(
            !page.contains("id=\"measure-form\""),
            "{}: but is given no form to write them",
            app.label()
        );
        let public = send(&app, &anonymous(), "GET", GG_RESULTS, &[])
            .await
            .text()
            .await
            .unwrap();
        assert!(public.contains("id=\"goals\""), "{}: progress is public", app.label());
        assert!(!public.contains("진단.pdf"), "{}: the evidence is not", app.label());
    }
}
