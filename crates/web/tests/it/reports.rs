//! 공식 문서 API: a machine client downloads the very files the pages link to, and is told in the
//! API's JSON, not an HTML page, what it asked for wrongly; on SQLite and PostgreSQL.

use crate::common::TestApp;

#[tokio::test]
async fn the_api_serves_the_pages_report_files_and_answers_a_wrong_request_in_json() {
    for app in TestApp::all().await {
        let label = app.label();
        for (page, api) in [
            ("/rounds/2021/report/csv", "/api/v1/rounds/2021/report/csv"),
            (
                "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/report/csv",
                "/api/v1/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/report/csv",
            ),
        ] {
            let from_page = app.get(page).await;
            let from_api = app.get(api).await;
            assert_eq!(
                (from_page.status().as_u16(), from_api.status().as_u16()),
                (200, 200),
                "{label}: {api}"
            );
            assert_eq!(from_api.headers()["content-type"], "text/csv; charset=utf-8");
            assert!(
                from_api.headers()["content-disposition"]
                    .to_str()
                    .unwrap()
                    .starts_with("attachment;")
            );
            let (page_text, api_text) = (from_page.text().await.unwrap(), from_api.text().await.unwrap());
            assert!(api_text.contains("경기"), "{label}: {api_text}");
            assert_eq!(page_text, api_text, "{label}: one file, two addresses");
        }
        let xlsx = app.get("/api/v1/report/xlsx").await;
        assert_eq!(xlsx.status(), 200, "{label}");
        assert!(
            xlsx.bytes().await.unwrap().starts_with(b"PK"),
            "{label}: a workbook is a zip"
        );

        for (path, status, says) in [
            ("/api/v1/report/docx", 404, "hwpx, pdf, xlsx, csv"),
            ("/api/v1/rounds/1999/report/csv", 404, "1999년"),
            ("/api/v1/rounds/20x1/report/csv", 400, "연도"),
        ] {
            let (got, body) = app.json(path).await;
            assert_eq!(got, status, "{label}: {path} {body}");
            let message = body["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains(says), "{label}: {path} says {message}");
        }
    }
}
