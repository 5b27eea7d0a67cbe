//! 애로사항 over HTTP: a firm files without an account and follows its report by cookie and by
//! receipt; the province it is routed to reads the contacts (audited), takes and answers it;
//! another province sees nothing; the firm rates it; the API files, follows and counts; and no
//! public page or list shows who filed.

use sandan_domain::Region;
use sandan_domain::Role;
use sandan_domain::grievance::Category;

use crate::common::{TestApp, select, squash, text_of};

const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// A browser without an account, holding a pre-session token and, once it has one, a follow
/// token.
struct Visitor {
    cookie: String,
}

impl Visitor {
    fn new() -> Visitor {
        Visitor {
            cookie: format!("sandan_csrf={TOKEN}"),
        }
    }

    async fn post(&mut self, app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let mut fields = vec![("csrf", TOKEN)];
        fields.extend_from_slice(form);
        let response = app
            .client
            .post(format!("{}{path}", app.base))
            .header("cookie", &self.cookie)
            .form(&fields)
            .send()
            .await
            .unwrap();
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().unwrap();
            if let Some(rest) = set.strip_prefix("sandan_follow=") {
                let token = rest.split(';').next().unwrap();
                self.cookie = format!("sandan_csrf={TOKEN}; sandan_follow={token}");
            }
        }
        response
    }

    async fn get(&self, app: &TestApp, path: &str) -> (u16, String) {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }
}

fn filing<'a>(category: &'a str, password: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("complex", "banwol-sihwa"),
        ("category", category),
        ("title", "외국인 근로자 고용 한도"),
        ("body", "생산직 인력이 모자라 고용 한도를 늘려 주십시오."),
        ("name", "김민수"),
        ("organisation", "(주)시화정밀"),
        ("business_number", "124-81-00998"),
        ("phone", "031-123-4567"),
        ("email", ""),
        ("password", password),
        ("password_again", password),
        ("homepage", ""),
    ]
}

#[tokio::test]
async fn a_firm_files_follows_and_rates_while_only_its_province_handles_it() {
    for app in TestApp::all().await {
        let mut firm = Visitor::new();
        // A weak password and a filled trap are refused with what was typed kept.
        let weak = firm.post(&app, "/grievances/new", &filing("workforce", "1234")).await;
        assert_eq!(weak.status(), 422, "{}", app.label());
        let body = weak.text().await.unwrap();
        assert!(body.contains("조회 비밀번호"), "{body}");
        assert!(body.contains("외국인 근로자 고용 한도"), "the title is kept");
        let mut trapped = filing("workforce", "Follow#2026");
        trapped.retain(|(k, _)| *k != "homepage");
        trapped.push(("homepage", "http://spam.example"));
        assert_eq!(firm.post(&app, "/grievances/new", &trapped).await.status(), 422);

        let filed = firm
            .post(&app, "/grievances/new", &filing("workforce", "Follow#2026"))
            .await;
        assert_eq!(filed.status(), 303, "{}", app.label());
        assert_eq!(filed.headers()["location"], "/grievances/follow?filed=1");
        let (status, page) = firm.get(&app, "/grievances/follow?filed=1").await;
        assert_eq!(status, 200);
        let html = scraper::Html::parse_document(&page);
        let receipt = text_of(&select(&html, "#receipt")[0]);
        assert!(receipt.len() == 11 && receipt.contains('-'), "{receipt}");
        assert_eq!(text_of(&select(&html, "#status")[0]).trim(), "접수");
        assert_eq!(text_of(&select(&html, "#handler")[0]), "경기도");
        assert!(!select(&html, "#filed").is_empty());

        // 경기 reads it whole (and the reading is audited); 부산 sees nothing of it.
        let gyeonggi = app
            .signed_in(
                "gg-officer",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let busan = app
            .signed_in("bs-officer", &[Role::ProvincialOfficer { region: Region::Busan }])
            .await;
        let (_, list) = app.get_as(&gyeonggi, "/grievances").await;
        let list = scraper::Html::parse_document(&list);
        let rows = select(&list, "#handled tbody tr");
        assert_eq!(rows.len(), 1);
        let row = squash(&text_of(&rows[0]));
        assert!(
            row.contains("김*수") && row.contains("031-***-4567"),
            "the list masks: {row}"
        );
        let link = rows[0].select(&scraper::Selector::parse("a").unwrap()).next().unwrap();
        let path = link.value().attr("href").unwrap().to_string();
        let (status, detail) = app.get_as(&gyeonggi, &path).await;
        assert_eq!(status, 200);
        assert!(detail.contains("031-123-4567") && detail.contains("124-81-00998"));
        let reads = app
            .db
            .store
            .audit_log(1_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "grievance.read_personal" && e.actor == "gg-officer")
            .count();
        assert_eq!(reads, 1);
        let (_, tasks) = app.get_as(&gyeonggi, "/tasks").await;
        assert!(
            tasks.contains(&format!("애로사항 {receipt} 배정·답변")),
            "경기's inbox holds it"
        );
        assert!(
            !app.get_as(&busan, "/tasks").await.1.contains(&receipt),
            "부산's does not"
        );
        let (_, busan_list) = app.get_as(&busan, "/grievances").await;
        assert!(!busan_list.contains("외국인 근로자"), "부산's list is empty of it");
        assert_eq!(app.get_as(&busan, &path).await.0, 403);
        assert_eq!(
            app.post_as(&busan, &format!("{path}/steps"), &[("step", "take")])
                .await
                .0,
            403
        );

        // 경기 records the 간담회 the report came from; 부산 may neither record nor read it.
        let meeting = [
            ("kind", "meeting"),
            ("day", "2026-11-20"),
            ("complex", "banwol-sihwa"),
            ("participants", "경기도청 2\n시흥시청 1\n입주기업 협의회 9"),
            ("issues", "외국인 근로자 고용 한도, 통근버스"),
            ("receipts", receipt.as_str()),
        ];
        assert_eq!(app.post_as(&busan, "/grievances/visits", &meeting).await.0, 403);
        assert_eq!(app.post_as(&gyeonggi, "/grievances/visits", &meeting).await.0, 303);
        let (_, visits) = app.get_as(&gyeonggi, "/grievances/visits").await;
        assert!(
            visits.contains("입주기업 협의회 9명") && visits.contains(&receipt),
            "{visits}"
        );
        assert!(visits.contains("합계 12명"), "the organisations' numbers add up");
        assert!(!app.get_as(&busan, "/grievances/visits").await.1.contains("통근버스"));
        assert!(
            app.get_as(&gyeonggi, &path)
                .await
                .1
                .contains("이 애로사항이 나온 현장 소통")
        );

        // The filer may not rate before an answer; 경기 takes and answers it.
        let early = firm.post(&app, "/grievances/follow/rating", &[("score", "4")]).await;
        assert_eq!(early.status(), 422);
        assert_eq!(
            app.post_as(&gyeonggi, &format!("{path}/steps"), &[("step", "take")])
                .await
                .0,
            303
        );
        let (status, refused) = app
            .post_as(
                &gyeonggi,
                &format!("{path}/steps"),
                &[("step", "answer"), ("text", " ")],
            )
            .await;
        assert_eq!(status, 422);
        assert!(refused.contains("답변의 사유나 내용을 입력해"), "{refused}");
        let answer = [("step", "answer"), ("text", "고용허가제 한도 특례를 안내합니다.")];
        assert_eq!(app.post_as(&gyeonggi, &format!("{path}/steps"), &answer).await.0, 303);
        assert!(
            !app.get_as(&gyeonggi, "/tasks").await.1.contains(&receipt),
            "answered, so done"
        );
        assert_eq!(
            firm.post(&app, "/grievances/follow/rating", &[("score", "4")])
                .await
                .status(),
            303
        );
        let (_, page) = firm.get(&app, "/grievances/follow").await;
        let html = scraper::Html::parse_document(&page);
        assert_eq!(text_of(&select(&html, "#status")[0]).trim(), "종결");
        assert_eq!(text_of(&select(&html, "#rating")[0]), "4 / 5");
        assert!(text_of(&select(&html, "#answer")[0]).contains("특례"));
        assert!(!page.contains("gg-officer"), "the filer sees bodies, not officials");

        // Another browser follows it by receipt number and password.
        let mut other = Visitor::new();
        let wrong = other
            .post(
                &app,
                "/grievances/follow",
                &[("receipt", receipt.as_str()), ("password", "Wrong#2026x")],
            )
            .await;
        assert_eq!(wrong.status(), 404, "no report has that number and password");
        assert!(
            wrong
                .text()
                .await
                .unwrap()
                .contains("접수번호나 비밀번호가 맞지 않습니다")
        );
        let opened = other
            .post(
                &app,
                "/grievances/follow",
                &[("receipt", receipt.as_str()), ("password", "Follow#2026")],
            )
            .await;
        assert_eq!(opened.status(), 303);
        assert!(other.get(&app, "/grievances/follow").await.1.contains("특례"));

        // The API files (201 with the receipt), follows and counts.
        let body = serde_json::json!({
            "complex": "banwol-sihwa", "category": Category::Regulation, "title": "공장 증설 허가",
            "body": "허가가 늦어집니다.",
            "filer": {"name": "이영희", "organisation": "(주)반월", "email": "lee@banwol.kr"},
            "password": "Follow#2026"
        });
        let response = app
            .client
            .post(format!("{}/api/v1/grievances", app.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let filed: serde_json::Value = response.json().await.unwrap();
        assert_eq!(filed["handler"], "province:경기");
        let follow = serde_json::json!({"receipt": filed["receipt"], "password": "Follow#2026"});
        let response = app
            .client
            .post(format!("{}/api/v1/grievances/follow", app.base))
            .json(&follow)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let view: serde_json::Value = response.json().await.unwrap();
        assert_eq!(
            (view["status"].as_str(), view["history"][0].get("by")),
            (Some("received"), None)
        );
        let (status, stats) = app.json("/api/v1/grievances/statistics?complex=banwol-sihwa").await;
        assert_eq!(status, 200);
        assert_eq!(
            (
                stats["total"].as_u64(),
                stats["answered"].as_u64(),
                stats["ratings"].as_u64()
            ),
            (Some(2), Some(1), Some(1))
        );
        assert_eq!(stats["mean_rating"].as_f64(), Some(4.0));
        let within = "/api/v1/grievances/statistics?region=경기&complex=banwol-sihwa";
        assert_eq!(app.json(within).await.1["total"].as_u64(), Some(2));
        let outside = "/api/v1/grievances/statistics?region=부산&complex=banwol-sihwa";
        assert_eq!(app.json(outside).await.0, 404, "the complex is not in 부산");
        assert_eq!(app.json("/api/v1/grievances/statistics?region=M").await.0, 404);
        assert_eq!(app.json("/api/v1/grievances/statistics?complex=nowhere").await.0, 404);

        // Public pages count; none names a filer.
        for public in [
            "/grievances/statistics",
            "/complexes/banwol-sihwa",
            "/dashboard",
            "/rounds/2021/plans/경기",
        ] {
            let (status, page) = Visitor::new().get(&app, public).await;
            assert_eq!(status, 200, "{public}");
            for personal in ["김민수", "031-123-4567", "이영희", "lee@banwol.kr", "124-81-00998"] {
                assert!(!page.contains(personal), "{public} shows {personal}");
            }
        }
        let stats_page = app.page("/grievances/statistics").await;
        assert_eq!(
            squash(&text_of(&select(&stats_page, "#grievance-regions tbody tr")[0])),
            "경기21100.0%0.0일04.0점(1명)"
        );
        let plan = app.page("/rounds/2021/plans/경기").await;
        let region = squash(&text_of(&select(&plan, "#grievance-stats-gyeonggi")[0]));
        assert!(
            region.starts_with("접수2건답변1건"),
            "the region plan counts its province's: {region}"
        );
    }
}

impl Visitor {
    /// The filing form as the page sends it: multipart, with `files` (name, bytes).
    async fn file_with(&mut self, app: &TestApp, form: &[(&str, &str)], files: &[(&str, &[u8])]) -> reqwest::Response {
        let mut multipart = reqwest::multipart::Form::new().text("csrf", TOKEN);
        for (k, v) in form {
            multipart = multipart.text(k.to_string(), v.to_string());
        }
        for (name, bytes) in files {
            multipart = multipart.part(
                "files",
                reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
            );
        }
        let response = app
            .client
            .post(format!("{}/grievances/new", app.base))
            .header("cookie", &self.cookie)
            .multipart(multipart)
            .send()
            .await
            .unwrap();
        for set in response.headers().get_all("set-cookie") {
            if let Some(rest) = set.to_str().unwrap().strip_prefix("sandan_follow=") {
                let token = rest.split(';').next().unwrap();
                self.cookie = format!("sandan_csrf={TOKEN}; sandan_follow={token}");
            }
        }
        response
    }
}

#[tokio::test]
async fn files_go_with_a_report_to_its_filer_and_its_body_only_and_each_download_is_audited() {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR site photo";
    for app in TestApp::all().await {
        let mut firm = Visitor::new();
        let form = filing("infrastructure", "Follow#2026");
        let exe = firm
            .file_with(&app, &form, &[("사진.png", b"MZ\x90\x00 not a picture")])
            .await;
        assert_eq!(exe.status(), 422, "{}", app.label());
        let body = exe.text().await.unwrap();
        assert!(
            body.contains("첨부파일: &#39;사진.png&#39;") && body.contains("PDF"),
            "{body}"
        );
        let four: Vec<(&str, &[u8])> = vec![("a.png", PNG); 4];
        assert_eq!(firm.file_with(&app, &form, &four).await.status(), 422);
        assert!(
            app.db.store.grievances_for(None, None).await.unwrap().is_empty(),
            "a refused filing keeps nothing"
        );

        let filed = firm.file_with(&app, &form, &[("도로 파손.png", PNG)]).await;
        assert_eq!(filed.status(), 303, "{}", app.label());
        let (_, page) = firm.get(&app, "/grievances/follow").await;
        let html = scraper::Html::parse_document(&page);
        let link = select(&html, "#files a")[0].value().attr("href").unwrap().to_string();
        assert!(link.starts_with("/grievances/") && link.contains("/files/"), "{link}");
        let response = app
            .client
            .get(format!("{}{link}", app.base))
            .header("cookie", &firm.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "the filer following it downloads it");
        assert_eq!(response.headers()["content-type"], "image/png");
        assert!(
            response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        assert_eq!(response.bytes().await.unwrap().as_ref(), PNG);

        let gyeonggi = app
            .signed_in(
                "gg-files",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let busan = app
            .signed_in("bs-files", &[Role::ProvincialOfficer { region: Region::Busan }])
            .await;
        assert_eq!(app.get_as(&gyeonggi, &link).await.0, 200);
        assert_eq!(app.get_as(&busan, &link).await.0, 403, "another province reads no file");
        assert_eq!(app.get(&link).await.status(), 401, "a stranger is asked to sign in");
        let (status, _) = app.get_as(&gyeonggi, &format!("{link}9")).await;
        assert_eq!(status, 404);
        let audited: Vec<String> = app
            .db
            .store
            .audit_log(500)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "grievance.read_file")
            .map(|e| e.actor)
            .collect();
        assert_eq!(audited.len(), 2, "{audited:?}: the filer's and 경기's downloads");
        assert!(audited.contains(&"gg-files".to_string()));
    }
}

#[tokio::test]
async fn a_firm_signs_up_proves_its_address_and_files_with_its_details_filled_in() {
    for app in TestApp::all().await {
        let mut visitor = Visitor::new();
        let mut form = vec![
            ("login", "kim.sihwa"),
            ("name", "김민수"),
            ("firm", "(주)시화정밀"),
            ("business_number", "124-81-00990"),
            ("email", "kim@sihwa-precision.co.kr"),
            ("password", "Sandan-firm-2026"),
            ("password_again", "Sandan-firm-2026"),
            ("homepage", ""),
        ];
        let wrong = visitor.post(&app, "/sign-up", &form).await;
        assert_eq!(wrong.status(), 422, "{}", app.label());
        let body = wrong.text().await.unwrap();
        assert!(body.contains("검증번호") && body.contains("(주)시화정밀"), "{body}");
        assert!(!body.contains("Sandan-firm-2026"), "the password is not sent back");

        form[3] = ("business_number", "124-81-00998");
        let sent = visitor.post(&app, "/sign-up", &form).await;
        assert_eq!(sent.status(), 200);
        assert!(sent.text().await.unwrap().contains("kim@sihwa-precision.co.kr"));
        let link = app
            .db
            .mailed_link("kim@sihwa-precision.co.kr")
            .await
            .expect("the link is mailed");
        let token = link.split("token=").nth(1).unwrap().to_string();

        let (cookie, csrf) = app.sign_in_form().await;
        let sign_in = || {
            app.client
                .post(format!("{}/sign-in", app.base))
                .header("cookie", &cookie)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("login", "kim.sihwa"),
                    ("password", "Sandan-firm-2026"),
                ])
                .send()
        };
        let before = sign_in().await.unwrap();
        assert_eq!(before.status(), 403, "not before the address is proved");
        assert!(before.text().await.unwrap().contains("이메일 주소를 확인한 뒤에"));

        let proved = visitor
            .post(&app, "/account/email/verify", &[("token", token.as_str())])
            .await;
        assert_eq!(proved.status(), 200);
        assert!(proved.text().await.unwrap().contains("가입이 끝났습니다"));

        let session = sign_in().await.unwrap();
        assert_eq!(session.status(), 303);
        let session = session.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let page = app
            .client
            .get(format!("{}/grievances/new", app.base))
            .header("cookie", &session)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let html = scraper::Html::parse_document(&page);
        let value = |id: &str| {
            select(&html, &format!("#{id}"))[0]
                .value()
                .attr("value")
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(
            (value("organisation"), value("business_number"), value("email")),
            (
                "(주)시화정밀".to_string(),
                "124-81-00998".to_string(),
                "kim@sihwa-precision.co.kr".to_string()
            )
        );
        let status = app
            .client
            .get(format!("{}/admin/users", app.base))
            .header("cookie", &session)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 403, "a firm's account holds no role");
    }
}

#[tokio::test]
async fn the_office_pages_through_the_reports_it_handles_and_filters_them_by_province_and_status() {
    for app in TestApp::all().await {
        let label = app.label();
        for (complex, title) in [
            ("banwol-sihwa", "인력 부족"),
            ("gumi", "전력 요금"),
            ("banwol-sihwa", "주차 공간"),
            ("gwangju-cheomdan", "폐수 처리"),
        ] {
            let body = serde_json::json!({
                "complex": complex, "category": Category::Workforce, "title": title, "body": "도와 주십시오.",
                "filer": {"name": "이영희", "organisation": "(주)산단", "email": "lee@sandan.kr"},
                "password": "Follow#2026"
            });
            let response = app
                .client
                .post(format!("{}/api/v1/grievances", app.base))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 201, "{label}");
        }
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let cookie = |r: reqwest::RequestBuilder| r.header("cookie", &office.cookie);
        let receipts = |lists: &[serde_json::Value]| -> Vec<String> {
            lists
                .iter()
                .flat_map(|l| l["handled"].as_array().unwrap().clone())
                .map(|g| g["receipt"].as_str().unwrap().to_string())
                .collect()
        };
        let whole = receipts(&app.pages("/api/v1/grievances", cookie).await);
        assert_eq!(whole.len(), 4, "{label}");
        let pages = app.pages("/api/v1/grievances?limit=3", cookie).await;
        assert_eq!(pages.len(), 2, "{label}: three, then one");
        assert_eq!(receipts(&pages), whole, "{label}: the pages put together are the list");

        let gyeonggi = app
            .pages("/api/v1/grievances?region=%EA%B2%BD%EA%B8%B0&limit=1", cookie)
            .await;
        assert_eq!(gyeonggi.len(), 2, "{label}: two in 경기, one a page");
        for page in &gyeonggi {
            assert!(
                page["handled"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|g| g["region"] == "경기"),
                "{page}"
            );
        }
        let closed = app
            .pages("/api/v1/grievances?status=closed&region=gyeongbuk", cookie)
            .await;
        assert_eq!(receipts(&closed), Vec::<String>::new(), "{label}: none closed yet");

        for bad in ["region=atlantis", "status=lost", "limit=0", "after=nowhere"] {
            let (status, body) = app.get_as(&office, &format!("/api/v1/grievances?{bad}")).await;
            assert_eq!(status, 400, "{label} {bad}: {body}");
            assert!(body.contains("bad_input"), "{body}");
        }
    }
}
