//! What an outside probe found, held: no request reaches a header unencoded or answers 5xx,
//! sign-in never sends anyone off the site, bodies over a route's limit are refused with 413
//! and the limit in Korean, a zip bomb is refused early without starving the pages, API
//! bodies with unknown fields are refused by name, and error pages know who is signed in.

use std::time::{Duration, Instant};

use crate::common;

use common::TestApp;
use sandan_domain::call::Call;
use sandan_domain::{Day, Region, Role};
use sandan_store::Change;
use sandan_store::testing::{TEST_PASSWORD, round_open_until};

const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-12-03T00:00:00Z",
    source: "test",
};

/// What a probe puts where a path parameter goes.
const HOSTILE_SEGMENTS: &[&str] = &["%0d%0a", "%00", "%01", "2021%0d%0aX-Probe:%201", "%ff%fe", "..%2f..%2f"];

#[tokio::test]
async fn no_path_parameter_on_any_route_answers_5xx_or_breaks_a_header() {
    for app in TestApp::all().await {
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        for template in sandan_web::route_paths() {
            for hostile in HOSTILE_SEGMENTS {
                let path = fill(template, hostile);
                for post in [false, true] {
                    let url = format!("{}{path}", app.base);
                    let request = if post {
                        app.client.post(&url).form(&[("csrf", office.csrf.as_str())])
                    } else {
                        app.client.get(&url)
                    };
                    let response = request.header("cookie", &office.cookie).send().await.unwrap();
                    let status = response.status().as_u16();
                    assert!(
                        status < 500,
                        "{} {} {path}: {status}",
                        app.label(),
                        if post { "POST" } else { "GET" }
                    );
                    if let Some(location) = response.headers().get("location") {
                        assert!(
                            location.as_bytes().iter().all(u8::is_ascii_graphic),
                            "{path}: {location:?}"
                        );
                    }
                }
            }
        }
        // A NUL in a form's text reaches no database that cannot hold it.
        let (status, _) = app
            .post_as(
                &office,
                "/programs",
                &[("name", "스마트\u{0}공장"), ("ministry", "중소벤처기업부")],
            )
            .await;
        assert!((400..500).contains(&status), "{}: {status}", app.label());
        // The alias redirect itself still works, with the Korean name encoded.
        let response = app.get("/rounds/2021/plans/gyeonggi").await;
        assert_eq!(response.status(), 308, "{}", app.label());
        assert_eq!(response.headers()["location"], "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0");
    }
}

fn fill(template: &str, value: &str) -> String {
    template
        .split('/')
        .map(|part| if part.starts_with('{') { value } else { part })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn sign_in_sends_back_only_to_a_path_on_this_site() {
    let app = TestApp::all().await.remove(0);
    let store = &app.db.store;
    store
        .create_user("lee", "이주무관", TEST_PASSWORD, &[Role::ProgramOffice], None, &SETUP)
        .await
        .unwrap();
    for (next, expected) in [
        ("/rounds/2021/plans/경기", "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0"),
        ("/\t/evil.example", "/account"),
        ("/\n/evil.example", "/account"),
        ("/ /evil.example", "/account"),
        ("/\\evil.example", "/account"),
        ("//evil.example", "/account"),
        ("\t//evil.example", "/account"),
        ("/account\r\nSet-Cookie: x=1", "/account"),
    ] {
        let (cookie, csrf) = app.sign_in_form().await;
        let signed = app
            .client
            .post(format!("{}/sign-in", app.base))
            .header("cookie", &cookie)
            .form(&[
                ("login", "lee"),
                ("password", TEST_PASSWORD),
                ("csrf", &csrf),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(signed.status(), 303, "{next:?}");
        assert_eq!(signed.headers()["location"], expected, "{next:?}");
        assert!(
            signed.headers().contains_key("set-cookie"),
            "{next:?}: the session is delivered"
        );
    }
}

async fn open_2028_with_gyeonggi(app: &TestApp) -> common::Session {
    app.db
        .store
        .open_round(&round_open_until(2028, Day::ymd(2028, 3, 2)), &Call::new(2028), &SETUP)
        .await
        .unwrap();
    app.signed_in(
        "gg-officer",
        &[Role::ProvincialOfficer {
            region: Region::Gyeonggi,
        }],
    )
    .await
}

async fn upload(app: &TestApp, who: &common::Session, name: &str, bytes: Vec<u8>) -> (u16, String, Duration) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", who.csrf.clone())
        .text("version", "0")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
    let started = Instant::now();
    let response = app
        .client
        .post(format!("{}/rounds/2028/proposals/%EA%B2%BD%EA%B8%B0/import", app.base))
        .header("cookie", &who.cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap(), started.elapsed())
}

#[tokio::test]
async fn bodies_over_a_routes_limit_are_refused_with_413_and_the_limit_in_korean() {
    let app = TestApp::all().await.remove(0);
    let official = open_2028_with_gyeonggi(&app).await;
    let (status, page, _) = upload(&app, &official, "목록.csv", vec![b'a'; 25 * 1024 * 1024]).await;
    assert_eq!(status, 413);
    assert!(page.contains("20MB 이하"), "{page}");
    assert!(page.contains("gg-officer"), "the page still shows who is signed in");

    let evidence = reqwest::multipart::Form::new()
        .text("csrf", official.csrf.clone())
        .part(
            "evidence_file",
            reqwest::multipart::Part::bytes(vec![0u8; 12 * 1024 * 1024]).file_name("증빙.pdf"),
        );
    let response = app
        .client
        .post(format!(
            "{}/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/results/measurements",
            app.base
        ))
        .header("cookie", &official.cookie)
        .multipart(evidence)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("증빙 파일 10MB 이하"));

    let response = app
        .client
        .put(format!("{}/api/v1/rounds/2028/proposals/%EA%B2%BD%EA%B8%B0", app.base))
        .header("cookie", &official.cookie)
        .header("x-csrf-token", &official.csrf)
        .header("content-type", "application/json")
        .body(vec![b' '; 25 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_large");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("20MB 이하"),
        "{body}"
    );

    // A form over the 64 KB forms get.
    let (status, page) = app
        .post_as(&official, "/account/password", &[("current", &"가".repeat(70_000))])
        .await;
    assert_eq!(status, 413);
    assert!(page.contains("64KB 이하"), "{page}");
}

/// An XLSX whose one sheet inflates to `inflated` bytes of nothing.
fn zip_bomb(inflated: usize) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..inflated / chunk.len() {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn a_zip_bomb_is_refused_early_and_pages_are_answered_meanwhile() {
    let app = TestApp::all().await.remove(0);
    let official = open_2028_with_gyeonggi(&app).await;
    let bomb = zip_bomb(1100 * 1024 * 1024);
    assert!(bomb.len() < 20 * 1024 * 1024, "small enough to pass the upload limit");

    let first = upload(&app, &official, "폭탄1.xlsx", bomb.clone());
    let second = upload(&app, &official, "폭탄2.xlsx", bomb);
    let pages = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut slowest = Duration::ZERO;
        for _ in 0..5 {
            let started = Instant::now();
            assert_eq!(app.get("/").await.status(), 200);
            slowest = slowest.max(started.elapsed());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        slowest
    };
    let ((s1, page1, t1), (s2, _, t2), slowest) = tokio::join!(first, second, pages);
    for (status, took) in [(s1, t1), (s2, t2)] {
        assert_eq!(status, 422);
        assert!(took < Duration::from_secs(15), "refused in {took:?}");
    }
    assert!(page1.contains("100MB"), "says why: {page1}");
    assert!(
        slowest < Duration::from_secs(1),
        "a page waited {slowest:?} behind the uploads"
    );
    assert!(
        app.db.store.draft(2028, Region::Gyeonggi).await.unwrap().is_none(),
        "nothing written"
    );
}

#[tokio::test]
async fn an_api_draft_with_a_misspelt_or_missing_section_changes_nothing() {
    let app = TestApp::all().await.remove(0);
    let official = open_2028_with_gyeonggi(&app).await;
    let url = format!("{}/api/v1/rounds/2028/proposals/%EA%B2%BD%EA%B8%B0", app.base);
    let send = |method: reqwest::Method, body: serde_json::Value| {
        app.client
            .request(method, &url)
            .header("cookie", &official.cookie)
            .header("x-csrf-token", &official.csrf)
            .json(&body)
            .send()
    };
    let whole = serde_json::to_value(sandan_domain::Proposal {
        vision: "첨단 제조 거점".into(),
        conditions: "노후 산단".into(),
        ..Default::default()
    })
    .unwrap();
    let response = send(
        reqwest::Method::PUT,
        serde_json::json!({"version": 0, "proposal": whole}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 200);

    let mut misspelt = whole.clone();
    misspelt["visoin"] = "오타".into();
    let response = send(
        reqwest::Method::PUT,
        serde_json::json!({"version": 1, "proposal": misspelt}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["error"]["message"].as_str().unwrap().contains("proposal.visoin"),
        "{body}"
    );

    let response = send(
        reqwest::Method::PUT,
        serde_json::json!({"version": 1, "proposal": {"vision": "비전만"}}),
    )
    .await
    .unwrap();
    assert_eq!(
        response.status(),
        422,
        "a PUT that leaves sections out would blank them"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("proposal.conditions") && message.contains("PATCH"),
        "{message}"
    );

    let response = send(
        reqwest::Method::PUT,
        serde_json::json!({"version": "하나", "proposal": whole}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("'version'") && message.contains("형식"), "{message}");

    let draft = app.db.store.draft(2028, Region::Gyeonggi).await.unwrap().unwrap();
    assert_eq!(
        (draft.version, draft.proposal.vision.as_str()),
        (1, "첨단 제조 거점"),
        "nothing changed"
    );

    // PATCH is checked as PUT is: nobody else's province, nobody signed out.
    let busan = app
        .signed_in("bs-officer", &[Role::ProvincialOfficer { region: Region::Busan }])
        .await;
    let patch = serde_json::json!({"version": 1, "proposal": {"vision": "남의 비전"}});
    let other = app
        .client
        .patch(&url)
        .header("cookie", &busan.cookie)
        .header("x-csrf-token", &busan.csrf)
        .json(&patch)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 403);
    let anonymous = app.client.patch(&url).json(&patch).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let forged = app
        .client
        .patch(&url)
        .header("cookie", &official.cookie)
        .json(&patch)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 400, "a browser session's PATCH needs its CSRF token");

    // PATCH changes only what it names.
    let response = send(
        reqwest::Method::PATCH,
        serde_json::json!({"version": 1, "proposal": {"vision": "새 비전"}}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    let draft = app.db.store.draft(2028, Region::Gyeonggi).await.unwrap().unwrap();
    assert_eq!(draft.proposal.vision, "새 비전");
    assert_eq!(draft.proposal.conditions, "노후 산단", "kept");
}

#[tokio::test]
async fn an_error_page_keeps_the_signed_in_header_and_speaks_korean_for_the_framework() {
    let app = TestApp::all().await.remove(0);
    let office = app.signed_in("office", &[Role::ProgramOffice]).await;
    let (status, page) = app.get_as(&office, "/rounds/1999").await;
    assert_eq!(status, 404);
    let html = scraper::Html::parse_document(&page);
    let header = common::select(&html, "header")
        .iter()
        .map(common::text_of)
        .collect::<String>();
    assert!(header.contains("office") && header.contains("로그아웃"), "{header}");
    assert!(!header.contains("로그인"), "{header}");

    // The framework's own refusals, in Korean, on pages and in the API.
    let response = app
        .client
        .delete(format!("{}/dashboard", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert!(response.headers().contains_key("allow"));
    assert!(response.text().await.unwrap().contains("DELETE 요청을 받지 않습니다"));
    let response = app
        .client
        .put(format!("{}/api/v1/rounds/2028/proposals/%EA%B2%BD%EA%B8%B0", app.base))
        .header("cookie", &office.cookie)
        .header("x-csrf-token", &office.csrf)
        .body("{}")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap();
    assert!((400..500).contains(&status), "{status}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.chars().any(|c| ('가'..='힣').contains(&c))),
        "{body}"
    );
}

#[tokio::test]
async fn a_fresh_install_explains_its_empty_pages_and_says_how_to_see_them() {
    for app in TestApp::all().await {
        // The README's examples, on the bundled record alone.
        for path in [
            "/rounds/2020/plans/%EA%B2%BD%EB%B6%81/package",
            "/rounds/2020/plans/%EA%B2%BD%EB%B6%81/results",
            "/dashboard",
            "/package",
        ] {
            let html = app.page(path).await.html();
            assert!(
                !html.contains("id=\"synthetic-notice\""),
                "{path}: the real record is not marked synthetic"
            );
        }
        let package = app.page("/rounds/2020/plans/%EA%B2%BD%EB%B6%81/package").await.html();
        assert!(
            package.contains("id=\"no-projects\"") && package.contains("보도자료에는"),
            "{}",
            app.label()
        );
        assert!(package.contains("./run --demo"));
        let results = app.page("/rounds/2020/plans/%EA%B2%BD%EB%B6%81/results").await.html();
        assert!(results.contains("id=\"no-goals\"") && results.contains("지어 넣지 않았습니다"));
        let dashboard = app.page("/dashboard").await.html();
        assert!(dashboard.contains("id=\"nothing-reported\"") && dashboard.contains("./run --demo"));
        // A plan not confirmed says why it has no package and where one is.
        let response = app.get("/rounds/2021/plans/%EA%B2%BD%EA%B8%B0/package").await;
        assert_eq!(response.status(), 404);
        let said = response.text().await.unwrap();
        assert!(
            said.contains("최종확정") && said.contains("/rounds/2020/plans/경북/package"),
            "{said}"
        );
    }
}
