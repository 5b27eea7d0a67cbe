//! 산업단지 등록·수정·삭제 through the pages and the API: the office adds a linked area with its
//! facts and a new source, corrects it on the version it read, and deletes it; a stale edit is
//! refused; a complex a plan uses stays. The API's answers carry ETags that `If-None-Match`
//! revalidates and that writes must name with `If-Match`.

use reqwest::header::{ETAG, IF_MATCH, IF_NONE_MATCH, LOCATION};
use sandan_domain::{Region, Role};
use serde_json::json;

use crate::common::{Session, TestApp, select, text_of};

fn form_value(html: &str, name: &str) -> String {
    let html = scraper::Html::parse_document(html);
    select(&html, &format!("#complex-entry [name={name}]"))
        .first()
        .map(|e| {
            e.value()
                .attr("value")
                .map(str::to_string)
                .unwrap_or_else(|| text_of(e))
        })
        .unwrap_or_default()
}

pub(crate) const NEW_AREA: &[(&str, &str)] = &[
    ("id", "siheung-baegot"),
    ("name", "시흥 배곧 연계지역"),
    ("aliases", "배곧\n배곧신도시"),
    ("kind", "other_area"),
    ("region", "경기"),
    ("district", "시흥시"),
    ("managed_by", "시흥시"),
    ("area_m2", "4,900,000"),
    ("designated", "2013"),
    ("new_source_id", "siheung-gazette"),
    ("new_source_title", "시흥시 고시"),
    ("new_source_publisher", "시흥시"),
];

#[tokio::test]
async fn the_office_adds_corrects_and_deletes_a_linked_area_on_its_pages() {
    for app in TestApp::all().await {
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let (status, html) = app.get_as(&office, "/complexes").await;
        assert!(status == 200 && html.contains("id=\"new-complex\""), "{}", app.label());

        let mut bad = NEW_AREA.to_vec();
        bad.retain(|(k, _)| *k != "new_source_title");
        bad.push(("completed", "2010"));
        bad.push(("construction_started", "2014-05"));
        let (status, html) = app.post_as(&office, "/complexes/new", &bad).await;
        assert_eq!(status, 422, "{}: {html}", app.label());
        for expected in ["출처를 하나 이상", "준공일 2010.이(가) 착공일 2014. 5.보다 앞섭니다"] {
            assert!(html.contains(expected), "{expected}");
        }
        assert_eq!(form_value(&html, "district"), "시흥시", "what was typed comes back");

        let (status, _) = app.post_as(&office, "/complexes/new", NEW_AREA).await;
        assert_eq!(status, 303);
        let (status, page) = app.get_as(&office, "/complexes/siheung-baegot").await;
        assert_eq!(status, 200);
        let page = scraper::Html::parse_document(&page);
        assert_eq!(text_of(&select(&page, "#district")[0]), "시흥시");
        assert_eq!(text_of(&select(&page, "#area")[0]), "4,900,000㎡");
        assert_eq!(text_of(&select(&page, "#managed-by")[0]), "시흥시");

        let (_, edit) = app.get_as(&office, "/complexes/siheung-baegot/edit").await;
        let version = form_value(&edit, "version");
        assert_eq!(form_value(&edit, "aliases"), "배곧\n배곧신도시");
        let mut corrected: Vec<(&str, &str)> = NEW_AREA
            .iter()
            .filter(|(k, _)| !k.starts_with("new_source") && *k != "id")
            .copied()
            .collect();
        corrected.extend([
            ("sources", "siheung-gazette"),
            ("version", version.as_str()),
            ("managed_by", "시흥시청"),
        ]);
        corrected.retain(|(k, v)| *k != "managed_by" || *v == "시흥시청");
        let (status, _) = app.post_as(&office, "/complexes/siheung-baegot/edit", &corrected).await;
        assert_eq!(status, 303);
        let (status, html) = app.post_as(&office, "/complexes/siheung-baegot/edit", &corrected).await;
        assert_eq!(status, 409, "the same version a second time is stale");
        assert!(html.contains("office") && html.contains("먼저 저장"), "{html}");

        let (_, edit) = app.get_as(&office, "/complexes/siheung-baegot/edit").await;
        assert_eq!(form_value(&edit, "managed_by"), "시흥시청");
        let version = form_value(&edit, "version");
        let (status, _) = app
            .post_as(&office, "/complexes/siheung-baegot/delete", &[("version", &version)])
            .await;
        assert_eq!(status, 303);
        assert_eq!(app.get("/complexes/siheung-baegot").await.status(), 404);
        let actions: Vec<String> = app
            .db
            .store
            .audit_log(3)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(actions, ["complex.delete", "complex.update", "complex.create"]);
    }
}

#[tokio::test]
async fn a_province_cannot_enter_complexes_and_a_complex_a_plan_uses_is_kept() {
    for app in TestApp::all().await {
        let province = app
            .signed_in(
                "gyeonggi",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        assert_eq!(app.post_as(&province, "/complexes/new", NEW_AREA).await.0, 403);
        let (_, complexes) = app.get_as(&province, "/complexes").await;
        assert!(!complexes.contains("new-complex"), "no button to a page it may not use");

        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let (_, edit) = app.get_as(&office, "/complexes/gunsan/edit").await;
        let version = form_value(&edit, "version");
        let (status, html) = app
            .post_as(&office, "/complexes/gunsan/delete", &[("version", &version)])
            .await;
        assert_eq!(status, 422, "{}", app.label());
        assert!(html.contains("혁신계획") && html.contains("지울 수 없습니다"), "{html}");
        assert_eq!(app.get("/complexes/gunsan").await.status(), 200);
    }
}

/// A JSON request as `who`, signed in by cookie with her token in `X-CSRF-Token`.
fn api(app: &TestApp, who: &Session, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    app.client
        .request(method, format!("{}{path}", app.base))
        .header("cookie", &who.cookie)
        .header("x-csrf-token", &who.csrf)
}

fn tag(response: &reqwest::Response) -> String {
    response.headers()[ETAG].to_str().unwrap().to_string()
}

#[tokio::test]
async fn api_reads_carry_etags_that_revalidate_and_writes_must_name_the_current_one() {
    use reqwest::Method;
    for app in TestApp::all().await {
        let first = app.get("/api/v1/complexes/gunsan").await;
        let gunsan = tag(&first);
        let again = app
            .client
            .get(format!("{}/api/v1/complexes/gunsan", app.base))
            .header(IF_NONE_MATCH, &gunsan)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{}", app.label());
        assert_eq!(tag(&again), gunsan);
        assert!(again.bytes().await.unwrap().is_empty());
        let head = app
            .client
            .head(format!("{}/api/v1/complexes/gunsan", app.base))
            .send()
            .await
            .unwrap();
        assert!(
            head.headers().get(ETAG).is_none(),
            "no tag of an empty body passed off as the GET's"
        );

        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let entry = json!({
            "complex": {
                "id": "siheung-baegot", "name": "시흥 배곧 연계지역", "kind": "other_area", "region": "경기",
                "district": "시흥시", "area_m2": 4_900_000, "designated": "2013", "sources": []
            },
            "new_source": { "id": "siheung-gazette", "title": "시흥시 고시", "publisher": "시흥시" }
        });
        let created = api(&app, &office, Method::POST, "/api/v1/complexes")
            .json(&entry)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        assert_eq!(created.headers()[LOCATION], "/api/v1/complexes/siheung-baegot");
        let v1 = tag(&created);
        assert_eq!(
            tag(&app.get("/api/v1/complexes/siheung-baegot").await),
            v1,
            "the tag a GET gives"
        );

        let mut corrected = entry.clone();
        corrected["complex"]["managed_by"] = json!("시흥시청");
        corrected["complex"]["sources"] = json!(["siheung-gazette"]);
        corrected.as_object_mut().unwrap().remove("new_source");
        let put = |tag: Option<&str>| {
            let request = api(&app, &office, Method::PUT, "/api/v1/complexes/siheung-baegot").json(&corrected);
            match tag {
                Some(t) => request.header(IF_MATCH, t),
                None => request,
            }
            .send()
        };
        let blind = put(None).await.unwrap();
        assert_eq!(blind.status(), 428);
        let body: serde_json::Value = blind.json().await.unwrap();
        assert_eq!(body["error"]["code"], "precondition_required");
        assert_eq!(put(Some("\"old\"")).await.unwrap().status(), 412);
        let saved = put(Some(&v1)).await.unwrap();
        assert_eq!(saved.status(), 200);
        let v2 = tag(&saved);
        assert_ne!(v2, v1);
        let detail: serde_json::Value = saved.json().await.unwrap();
        assert_eq!(detail["complex"]["managed_by"], "시흥시청");
        assert_eq!(put(Some(&v1)).await.unwrap().status(), 412, "the first version is gone");

        let province = app
            .signed_in(
                "gyeonggi",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let refused = api(&app, &province, Method::DELETE, "/api/v1/complexes/siheung-baegot")
            .header(IF_MATCH, &v2)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
        let kept = api(&app, &office, Method::DELETE, "/api/v1/complexes/gunsan")
            .header(IF_MATCH, &gunsan)
            .send()
            .await
            .unwrap();
        assert_eq!(kept.status(), 422, "a plan uses 군산");
        let gone = api(&app, &office, Method::DELETE, "/api/v1/complexes/siheung-baegot")
            .header(IF_MATCH, &v2)
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), 204);
        assert_eq!(app.get("/api/v1/complexes/siheung-baegot").await.status(), 404);
    }
}

#[tokio::test]
async fn the_complex_list_filters_by_region_and_kind_and_pages_by_cursor_to_the_same_whole() {
    for app in TestApp::all().await {
        let (status, whole) = app.json("/api/v1/complexes?region=%EA%B2%BD%EA%B8%B0").await;
        assert_eq!(status, 200);
        let whole: Vec<String> = whole
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect();
        assert!(whole.len() >= 3, "{}: {whole:?}", app.label());
        let national = app.json("/api/v1/complexes?region=gyeonggi&kind=national").await.1;
        let national = national.as_array().unwrap();
        assert!(
            !national.is_empty()
                && national
                    .iter()
                    .all(|c| c["region"] == "경기" && c["kind"] == "national")
        );

        let mut paged = Vec::new();
        for items in app
            .pages("/api/v1/complexes?region=%EA%B2%BD%EA%B8%B0&limit=2", |r| r)
            .await
        {
            assert!(items.as_array().unwrap().len() <= 2);
            paged.extend(
                items
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_str().unwrap().to_string()),
            );
        }
        assert_eq!(paged, whole, "the pages put together are the list");

        for bad in [
            "kind=castle",
            "region=atlantis",
            "limit=0",
            "limit=many",
            "after=nowhere",
        ] {
            let (status, body) = app.json(&format!("/api/v1/complexes?{bad}")).await;
            assert_eq!(
                (status, body["error"]["code"].as_str()),
                (400, Some("bad_input")),
                "{bad}: {body}"
            );
        }
    }
}
