//! 산업단지 현황 가져오기 화면: the office uploads 한국산업단지공단's registry file, reads the dry
//! run and its review queue, decides the unknown row and loads the file once; others are
//! refused, and a broken file changes nothing; on SQLite and PostgreSQL.

use crate::common::{Session, TestApp, select, squash, text_of};
use sandan_domain::{Region, Role};

/// A quarter's table as the published workbook holds it: a title line, figures as numbers, a
/// 시·도 subtotal and a source note; 군산 is in the record, 어느새 is not.
fn workbook() -> Vec<u8> {
    workbook_with(&[])
}

/// [`workbook`] with `more` rows before the subtotal.
fn workbook_with(more: &[&[&str]]) -> Vec<u8> {
    let head: &[&[&str]] = &[
        &["2024년 4분기 전국산업단지 현황"],
        &[
            "유형",
            "시도",
            "시군",
            "단지명",
            "지정면적(천제곱미터)",
            "입주업체(개)",
            "가동업체(개)",
            "고용(명)",
            "생산(억원)",
            "수출(백만달러)",
        ],
        &[
            "국가",
            "전북",
            "군산시",
            "군산국가산단",
            "6762",
            "1010",
            "900",
            "15000",
            "30000",
            "900",
        ],
        &[
            "일반",
            "전북",
            "완주군",
            "어느새일반산업단지",
            "10",
            "5",
            "5",
            "20",
            "10",
            "1",
        ],
    ];
    let tail: &[&[&str]] = &[&["", "전북 계"], &["※ 자료: 한국산업단지공단"]];
    let rows: Vec<&[&str]> = head.iter().chain(more).chain(tail).copied().collect();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match value.parse::<f64>() {
                Ok(n) => sheet.write_number(r, c, n).map(|_| ()),
                Err(_) if value.is_empty() => Ok(()),
                Err(_) => sheet.write_string(r, c, *value).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// The upload form sent with `file` as `name`: the status and the page.
async fn preview(app: &TestApp, who: Option<&Session>, name: &str, file: Vec<u8>) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", who.map(|w| w.csrf.clone()).unwrap_or_default())
        .text("quarter", "2024-Q4")
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name(name.to_string()),
        );
    let mut request = app
        .client
        .post(format!("{}/registry/preview", app.base))
        .multipart(form);
    if let Some(who) = who {
        request = request.header("cookie", &who.cookie);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The review form's hidden fields as the page carries them.
fn carried(page: &str) -> Vec<(String, String)> {
    let html = scraper::Html::parse_document(page);
    select(&html, "#review-form input[type=hidden]")
        .iter()
        .filter(|i| i.value().attr("name") != Some("csrf"))
        .map(|i| {
            let v = i.value();
            (
                v.attr("name").unwrap().to_string(),
                v.attr("value").unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The counts table as "항목 건수" pairs squashed into one string.
fn counts(page: &str) -> String {
    let html = scraper::Html::parse_document(page);
    squash(&text_of(&select(&html, "#counts tbody")[0]))
}

async fn audit_lines(app: &TestApp) -> usize {
    app.db.store.audit_log(100_000).await.unwrap().len()
}

#[tokio::test]
async fn the_office_previews_a_registry_file_creates_its_unknown_complex_and_a_second_load_writes_nothing() {
    for app in TestApp::all().await {
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let (status, page) = preview(&app, Some(&office), "2024-Q4.xlsx", workbook()).await;
        assert_eq!(status, 200, "{}: {page}", app.label());
        let shown = counts(&page);
        for expected in ["새산업단지0", "바뀌는현황2", "새분기통계1", "검토대기1"] {
            assert!(shown.contains(expected), "{}: {expected} in {shown}", app.label());
        }
        let html = scraper::Html::parse_document(&page);
        let legend = text_of(&select(&html, "#review-0 legend")[0]);
        assert!(
            legend.contains("4행") && legend.contains("어느새일반산업단지") && legend.contains("전북"),
            "{legend}"
        );
        let offered: Vec<String> = select(&html, "#link-0 option")
            .iter()
            .filter_map(|o| o.value().attr("value").map(str::to_string))
            .collect();
        assert!(
            offered.contains(&"iksan-2".to_string()),
            "전북's 일반산업단지 are offered to link to: {offered:?}"
        );
        let left_out = text_of(&select(&html, "#left-out")[0]);
        assert!(left_out.contains("5행: 합계·소계"), "{left_out}");
        assert!(
            app.db.store.complex_facts().await.unwrap().is_empty(),
            "{}: the preview wrote nothing to the record",
            app.label()
        );

        let mut form = carried(&page);
        form.push(("choice-0".into(), "create".into()));
        form.push(("create-0".into(), "wanju-eoneusae".into()));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (status, loaded) = app.post_as(&office, "/registry/load", &form).await;
        assert_eq!(status, 200, "{}: {loaded}", app.label());
        assert!(loaded.contains("반영했습니다"), "{loaded}");
        assert!(counts(&loaded).contains("새산업단지1"), "{}", counts(&loaded));
        let complex = app.page("/complexes/wanju-eoneusae").await;
        let facts = squash(&text_of(&select(&complex, "#registry tbody")[0]));
        assert!(
            facts.contains("시·군·구완주군한국산업단지공단전국산업단지현황통계2024-Q4"),
            "{facts}"
        );

        let before = audit_lines(&app).await;
        let (status, again) = app.post_as(&office, "/registry/load", &form).await;
        assert_eq!(status, 200);
        assert!(again.contains("바뀐 것이 없습니다"), "{again}");
        assert_eq!(
            audit_lines(&app).await,
            before,
            "{}: the second load wrote nothing",
            app.label()
        );

        let (status, decisions) = app.post_as(&office, "/registry/decisions", &form).await;
        assert_eq!(status, 200);
        let decisions: serde_json::Value = serde_json::from_str(&decisions).unwrap();
        assert_eq!(
            decisions,
            serde_json::json!([{
                "row": {"name": "어느새일반산업단지", "kind": "general", "region": "전북"},
                "resolution": {"action": "create", "complex": "wanju-eoneusae"}
            }]),
            "the decisions download as sandan registry import --resolutions reads them"
        );
    }
}

#[tokio::test]
async fn the_office_creates_every_unmatched_row_at_once_under_the_ids_the_page_suggests() {
    for app in TestApp::all().await {
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let third: &[&str] = &[
            "농공",
            "전북",
            "고창군",
            "저기농공단지",
            "100",
            "3",
            "3",
            "40",
            "20",
            "0",
        ];
        let (status, page) = preview(&app, Some(&office), "2024-Q4.xlsx", workbook_with(&[third])).await;
        assert_eq!(status, 200, "{}: {page}", app.label());
        let html = scraper::Html::parse_document(&page);
        let label = text_of(&select(&html, "#all-unmatched label")[0]);
        assert!(label.contains("(2행)"), "{label}");
        let suggested: Vec<(String, String)> = select(&html, "#review-form input[type=text][name^=create-]")
            .iter()
            .map(|i| {
                let v = i.value();
                (
                    v.attr("name").unwrap().to_string(),
                    v.attr("value").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(suggested.len(), 2, "{suggested:?}");
        assert!(suggested.iter().all(|(_, id)| !id.is_empty()), "{suggested:?}");

        let mut form = carried(&page);
        form.extend(suggested.iter().cloned());
        form.push(("choice-0".into(), "later".into()));
        form.push(("choice-1".into(), "later".into()));
        form.push(("create-unmatched".into(), "1".into()));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (status, loaded) = app.post_as(&office, "/registry/load", &form).await;
        assert_eq!(status, 200, "{}: {loaded}", app.label());
        assert!(counts(&loaded).contains("새산업단지2"), "{}", counts(&loaded));
        for (_, id) in &suggested {
            let complex = app
                .db
                .store
                .complex(&sandan_domain::ComplexId(id.clone()))
                .await
                .unwrap();
            assert!(complex.is_some(), "{}: {id} was created", app.label());
        }
        let loaded = scraper::Html::parse_document(&loaded);
        assert!(
            select(&loaded, "#all-unmatched").is_empty(),
            "no unmatched row is left to offer it for"
        );
    }
}

#[tokio::test]
async fn only_the_office_imports_and_a_broken_file_is_refused_in_korean_writing_nothing() {
    for app in TestApp::all().await {
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let province = app
            .signed_in(
                "jeonbuk",
                &[Role::ProvincialOfficer {
                    region: Region::Jeonbuk,
                }],
            )
            .await;
        assert_eq!(app.get("/registry").await.status(), 401);
        assert_eq!(app.get_as(&province, "/registry").await.0, 403);
        let (status, page) = app.get_as(&office, "/registry").await;
        assert_eq!(status, 200);
        assert!(page.contains("15085874"), "the page names the published dataset");
        assert_eq!(preview(&app, None, "x.xlsx", workbook()).await.0, 401);
        assert_eq!(preview(&app, Some(&province), "x.xlsx", workbook()).await.0, 403);

        let before = audit_lines(&app).await;
        let (status, page) = preview(&app, Some(&office), "현황.csv", "단지명,입주업체\n군산,10\n".into()).await;
        assert_eq!(status, 422, "{page}");
        assert!(page.contains("필수 열을 찾지 못했습니다"), "{page}");
        let (status, page) = preview(&app, Some(&office), "현황.xlsx", b"PK\x03\x04 not a workbook".to_vec()).await;
        assert_eq!(status, 422, "{page}");
        assert!(page.contains("Excel 파일(.xlsx)을 열 수 없습니다"), "{page}");
        assert_eq!(
            audit_lines(&app).await,
            before,
            "{}: nothing was kept or written",
            app.label()
        );
    }
}

#[tokio::test]
async fn a_machine_client_previews_a_registry_file_through_the_api_with_a_token_and_nothing_is_loaded() {
    for app in TestApp::all().await {
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let (_, token) = app
            .db
            .store
            .create_api_token(
                office.user,
                "현황 가져오기",
                &sandan_domain::account::token::TokenScope::writing([sandan_domain::account::token::Area::Record]),
                sandan_domain::account::token::Lifetime::days(30).unwrap(),
                jiff::Timestamp::now().as_second(),
                &sandan_store::Change {
                    actor: "office",
                    source: "test",
                    at: "2026-12-04T00:00:00Z",
                },
            )
            .await
            .unwrap();
        let form = reqwest::multipart::Form::new().text("quarter", "2024-Q4").part(
            "file",
            reqwest::multipart::Part::bytes(workbook()).file_name("2024-Q4.xlsx"),
        );
        let response = app
            .client
            .post(format!("{}/api/v1/registry/imports?dry_run=true", app.base))
            .bearer_auth(&token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{}", app.label());
        let report: serde_json::Value = response.json().await.unwrap();
        assert_eq!(report["dry_run"], true);
        assert_eq!(report["rows"], 2);
        assert_eq!(report["changes"]["new_quarters"].as_array().unwrap().len(), 1);
        assert_eq!(report["changes"]["review"][0]["row"]["name"], "어느새일반산업단지");
        assert_eq!(report["changes"]["review"][0]["reason"]["reason"], "unmatched");
        assert!(
            app.db.store.complex_facts().await.unwrap().is_empty(),
            "{}: a dry run loads nothing",
            app.label()
        );
    }
}
