//! The public pages and API against the real server, on SQLite and PostgreSQL.

use crate::common;

use common::{TestApp, select, squash, text_of};

#[tokio::test]
async fn every_round_plan_and_complex_in_the_record_has_a_page() {
    for app in TestApp::all().await {
        let (_, rounds) = app.json("/api/v1/rounds").await;
        let mut plans = 0;
        for round in rounds.as_array().unwrap() {
            let year = round["round"]["year"].as_i64().unwrap();
            app.page(&format!("/rounds/{year}")).await;
            for plan in round["plans"].as_array().unwrap() {
                let region = plan["region"].as_str().unwrap();
                let html = app.page(&format!("/rounds/{year}/plans/{region}")).await;
                assert_eq!(select(&html, "h1").len(), 1);
                plans += 1;
            }
        }
        assert_eq!(
            plans,
            21,
            "{}: five regions in each round of 2020–2022, three candidates in 2024 and 2025",
            app.label()
        );
        let (_, complexes) = app.json("/api/v1/complexes").await;
        for c in complexes.as_array().unwrap() {
            let html = app.page(&format!("/complexes/{}", c["id"].as_str().unwrap())).await;
            assert!(text_of(&select(&html, "h1")[0]).contains(c["name"].as_str().unwrap()));
        }
    }
}

#[tokio::test]
async fn the_home_page_lists_each_rounds_regions_and_counts_smart_green_complexes_against_the_targets() {
    for app in TestApp::all().await {
        let html = app.page("/").await;
        let rows: Vec<String> = select(&html, "section[aria-labelledby=rounds-heading] tbody tr")
            .iter()
            .map(|r| squash(&text_of(r)))
            .collect();
        assert_eq!(rows.len(), 5, "{}: {rows:?}", app.label());
        assert!(
            rows[0].starts_with("2020년11개시·도경북·광주·대구·인천·전남"),
            "{}",
            rows[0]
        );
        assert!(
            rows[1].starts_with("2021년8개시·도경기·경남·부산·울산·전북2021.3.24.(수)"),
            "{}",
            rows[1]
        );
        assert!(rows[2].starts_with("2022년7개시·도"), "{}", rows[2]);
        // The committee's later 후보지: no source gives how many 시·도 applied.
        assert!(
            rows[3].starts_with("2024년자료없음강원·경남·전북2024.4.29.(월)"),
            "{}",
            rows[3]
        );
        assert!(
            rows[4].starts_with("2025년자료없음경남·충남·충북2025.5.9.(금)"),
            "{}",
            rows[4]
        );

        let cells = |section: &str| -> Vec<Vec<String>> {
            select(&html, &format!("section[aria-labelledby={section}] tbody tr"))
                .iter()
                .map(|r| r.child_elements().map(|c| squash(&text_of(&c))).collect())
                .collect()
        };
        let selections = cells("selection-heading");
        assert_eq!(
            selections[1],
            ["2021년", "경기·경남·부산·울산·전북", "5", "10", "5"],
            "regions selected, not their hubs"
        );
        let smart_green = cells("smart-green-heading");
        let by_year = |year: &str| {
            smart_green
                .iter()
                .find(|r| r[0] == year)
                .unwrap_or_else(|| panic!("{year} missing: {smart_green:?}"))
        };
        assert_eq!(by_year("2020년")[3..], ["7", "누적7"]);
        assert_eq!(
            by_year("2021년")[1..],
            [
                "명지·녹산국가산업단지·울산·미포국가산업단지·군산국가산업단지",
                "3",
                "10",
                "누적10"
            ]
        );
        assert_eq!(
            by_year("2024년")[1..],
            [
                "후평일반산업단지·사천1·2일반산업단지·전주1·2일반산업단지",
                "3",
                "21",
                ""
            ]
        );
        assert_eq!(
            by_year("2025년")[2..],
            ["0", "21", "누적15"],
            "no decisions yet in 2025; the count carries over"
        );
    }
}

#[tokio::test]
async fn busans_conflicting_production_goals_are_both_shown_and_flagged() {
    for app in TestApp::all().await {
        let html = app.page("/rounds/2021/plans/부산").await;
        let notice = squash(&text_of(&select(&html, ".notice")[0]));
        assert!(
            notice.contains("5조원") && notice.contains("1.3조원") && notice.contains("확정하지않았습니다"),
            "{notice}"
        );
        let flagged: Vec<String> = select(&html, "#goals tr.disagrees th")
            .iter()
            .map(|t| text_of(t))
            .collect();
        assert_eq!(flagged.len(), 1, "{}: only the production goal disagrees", app.label());
        assert!(
            select(&app.page("/rounds/2021/plans/경기").await, ".notice").is_empty(),
            "경기 states one figure per goal"
        );
    }
}

#[tokio::test]
async fn a_complex_page_shows_its_part_in_plans_and_its_designations() {
    for app in TestApp::all().await {
        let html = app.page("/complexes/banwol-sihwa").await;
        let roles = squash(&text_of(&select(&html, "#roles tbody")[0]));
        assert!(
            roles.starts_with("2021년경기거점단지반월시화국가산업단지(기여도)생산액63.8조원(12%)"),
            "{roles}"
        );
        let designations = squash(&text_of(&select(&html, "#designations tbody")[0]));
        assert!(designations.contains("2019.2.19.(화)스마트그린산단"), "{designations}");
        let facts = squash(&text_of(&select(&html, ".facts")[0]));
        assert!(
            facts.contains("국가산업단지") && facts.contains("경기도") && facts.contains("착공1977.(출처:"),
            "{facts}"
        );
    }
}

#[tokio::test]
async fn a_hubs_page_shows_its_dates_with_their_sources_and_its_age_under_the_law() {
    for app in TestApp::all().await {
        let html = app.page("/complexes/gunsan").await;
        let construction = &select(&html, "#construction")[0];
        assert!(
            text_of(construction).contains("1989. 2. 20."),
            "{}",
            text_of(construction)
        );
        let link = select(&html, "#construction a")[0].value().attr("href").unwrap();
        assert!(link.starts_with("https://www.hankyung.com/"), "{link}");
        assert!(text_of(&select(&html, "#aged")[0]).contains("노후산단"));
        assert!(
            !select(&html, "#dates-note").is_empty(),
            "a later article disagrees, and the page says so"
        );

        let html = app.page("/complexes/pohang").await;
        assert!(text_of(&select(&html, "#aged")[0]).contains("착공일 자료 없음"));
        let html = app.page("/complexes/gwangju-cheomdan").await;
        assert!(text_of(&select(&html, "#designated")[0]).contains("1990. 7. 21."));
    }
}

#[tokio::test]
async fn a_loaded_registry_file_shows_on_the_complex_page_with_its_source_and_date() {
    use sandan_domain::registry::{ColumnMapping, Provenance, Table, read_table};
    for app in TestApp::all().await {
        let rows: Vec<Vec<String>> = [
            ["유형", "시도", "시군", "단지명", "지정면적(천제곱미터)", "관리기관"],
            [
                "국가",
                "전북",
                "군산시",
                "군산국가산단",
                "6,762",
                "한국산업단지공단 전북지역본부",
            ],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let read = read_table(&Table::from_rows(rows), &ColumnMapping::kicox()).unwrap();
        let provenance = Provenance {
            source: "한국산업단지공단 전국산업단지 현황통계 2024-Q4".into(),
            as_of: sandan_domain::Day::ymd(2024, 12, 31),
            quarter: None,
            source_id: None,
        };
        let by = sandan_store::Change {
            actor: "cli:registry",
            source: "cli",
            at: "2026-12-04T00:00:00Z",
        };
        app.db
            .store
            .import_registry(&read.rows, &provenance, &[], false, &by)
            .await
            .unwrap();
        let html = app.page("/complexes/gunsan").await;
        let table = squash(&text_of(&select(&html, "#registry tbody")[0]));
        assert!(
            table.contains("지정면적6,762,000㎡한국산업단지공단전국산업단지현황통계2024-Q42024.12.31.(화)"),
            "{table}"
        );
        assert!(table.contains("관리기관한국산업단지공단전북지역본부"), "{table}");
        let (_, json) = app.json("/api/v1/complexes/gunsan").await;
        assert_eq!(json["registry"]["area_m2"]["value"], 6_762_000);
    }
}

#[tokio::test]
async fn a_complex_page_shows_its_latest_quarters_of_the_survey_with_their_source() {
    use sandan_domain::quantity::thousands;
    use sandan_domain::synthetic::{SOURCE_TITLE, Scale, generate};

    let data = generate(Scale::small(), 1).unwrap();
    let complex = &data.record.complexes[0];
    let newest = data.surveys.iter().rfind(|s| s.complex == complex.id).unwrap();
    for app in TestApp::all().await {
        let bundled = app.page("/complexes/banwol-sihwa").await;
        let none = squash(&text_of(
            &select(&bundled, "section[aria-labelledby=survey-heading]")[0],
        ));
        assert!(none.contains("등록된분기별동향이없습니다"), "{none}");

        let change = sandan_store::Change {
            actor: "test",
            source: "test",
            at: "2026-11-25T00:00:00Z",
        };
        app.db.store.load_national(&data, &change).await.unwrap();
        let path = format!("/complexes/{}", complex.id.0);
        let html = app.page(&path).await;
        assert_eq!(select(&html, "#survey thead th[scope=col]").len(), 6);
        let rows = select(&html, "#survey tbody tr");
        assert_eq!(rows.len(), 8, "{}: the latest eight quarters", app.label());
        let cells: Vec<String> = rows[0].child_elements().map(|c| squash(&text_of(&c))).collect();
        assert_eq!(cells[0], "2023년4분기", "newest first");
        assert_eq!(cells[1], thousands(newest.tenants));
        assert_eq!(cells[4], thousands(newest.production_eok), "억 원 with separators");
        assert_eq!(
            select(&html, "#survey tbody td.num").len(),
            8 * 5,
            "figures right-aligned"
        );
        let caption = text_of(&select(&html, "#survey caption")[0]);
        assert!(caption.contains(SOURCE_TITLE), "{caption}");
        let footer = squash(&text_of(&select(&html, "#survey tfoot")[0]));
        assert!(footer.starts_with("전년동기대비(2023년4분기)"), "{footer}");

        let english = app.page(&format!("{path}?lang=en")).await;
        let heading = text_of(&select(&english, "#survey-heading")[0]);
        assert_eq!(heading, "Quarterly survey");

        let (status, detail) = app.json(&format!("/api/v1/complexes/{}", complex.id.0)).await;
        assert_eq!(status, 200);
        let survey = detail["survey"].as_array().unwrap();
        assert_eq!(survey.len(), 8);
        assert_eq!(survey[0]["quarter"], serde_json::json!({"year": 2023, "quarter": 4}));
        assert_eq!(survey[0]["source"], SOURCE_TITLE);
    }
}

#[tokio::test]
async fn other_spellings_of_a_region_lead_to_the_plans_one_address() {
    for app in TestApp::all().await {
        for spelling in ["gyeonggi", "%EA%B2%BD%EA%B8%B0%EB%8F%84", "41"] {
            let response = app.get(&format!("/rounds/2021/plans/{spelling}?lang=en")).await;
            assert_eq!(response.status(), 308, "{spelling}");
            assert_eq!(
                response.headers()["location"],
                "/rounds/2021/plans/%EA%B2%BD%EA%B8%B0?lang=en"
            );
        }
        let response = app.get("/rounds/2021/plans/%EC%A0%84%EB%9D%BC%EB%B6%81%EB%8F%84").await;
        assert_eq!(
            response.headers()["location"],
            "/rounds/2021/plans/%EC%A0%84%EB%B6%81",
            "전라북도, the seed's name, finds 전북"
        );
    }
}

#[tokio::test]
async fn bad_addresses_get_a_korean_explanation_on_pages_and_in_the_api() {
    for app in TestApp::all().await {
        let cases = [
            ("/rounds/abc", 400, "네 자리 연도"),
            ("/rounds/1999", 404, "기록된 회차는 2020, 2021, 2022년"),
            (
                "/rounds/2021/plans/%EC%84%9C%EC%9A%B8X",
                404,
                "시·도를 찾을 수 없습니다",
            ),
            (
                "/rounds/2021/plans/%EC%84%9C%EC%9A%B8",
                404,
                "서울특별시의 혁신계획은 기록에 없습니다",
            ),
            ("/complexes/NO_SUCH", 404, "산업단지를 찾을 수 없습니다"),
            ("/complexes/no-such", 404, "기록에 없습니다"),
            ("/nowhere/%FF%FE", 404, "페이지가 없습니다"),
        ];
        for (path, status, words) in cases {
            let response = app.get(path).await;
            assert_eq!(response.status(), status, "{} {path}", app.label());
            let html = scraper::Html::parse_document(&response.text().await.unwrap());
            assert_eq!(select(&html, "h1").len(), 1, "{path}");
            assert!(
                text_of(&select(&html, "main")[0]).contains(words),
                "{path}: '{words}' missing"
            );
            if path.starts_with("/nowhere") {
                continue;
            }
            let (api_status, body) = app.json(&format!("/api/v1{path}")).await;
            assert_eq!(api_status, status, "/api/v1{path}");
            assert!(
                body["error"]["message"].as_str().unwrap().contains(words),
                "/api/v1{path}: {body}"
            );
            assert_eq!(
                body["error"]["code"],
                if status == 400 { "bad_input" } else { "not_found" }
            );
        }
    }
}

#[tokio::test]
async fn english_pages_translate_the_interface_and_keep_the_published_korean() {
    for app in TestApp::all().await {
        let html = app.page("/rounds/2021/plans/%EA%B2%BD%EA%B8%B0?lang=en").await;
        assert_eq!(select(&html, "html")[0].value().attr("lang"), Some("en"));
        assert!(text_of(&select(&html, "h1")[0]).contains("innovation plan"));
        assert!(text_of(&select(&html, "#sites")[0]).contains("반월시화국가산업단지"));
        let links: Vec<&str> = select(&html, "main a")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(
            links
                .iter()
                .filter(|h| h.starts_with('/'))
                .all(|h| h.ends_with("?lang=en")),
            "{links:?}"
        );
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    for app in TestApp::all().await {
        for path in ["/", "/api/v1/rounds", "/static/sandan.css", "/nowhere"] {
            let response = app.get(path).await;
            let headers = response.headers();
            assert!(
                headers["content-security-policy"]
                    .to_str()
                    .unwrap()
                    .contains("default-src 'self'"),
                "{path}"
            );
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        }
    }
}

#[tokio::test]
async fn the_rounds_list_pages_by_year_and_filters_by_the_province_selected() {
    for app in TestApp::all().await {
        let label = app.label();
        let years = |pages: Vec<serde_json::Value>| -> Vec<i64> {
            pages
                .iter()
                .flat_map(|p| p.as_array().unwrap().clone())
                .map(|r| r["round"]["year"].as_i64().unwrap())
                .collect()
        };
        let whole = years(app.pages("/api/v1/rounds", |r| r).await);
        assert!(whole.len() >= 5 && whole.is_sorted(), "{label}: {whole:?}");
        assert_eq!(
            years(app.pages("/api/v1/rounds?limit=2", |r| r).await),
            whole,
            "{label}"
        );

        let (_, all) = app.json("/api/v1/rounds").await;
        let with_gyeongnam: Vec<i64> = all
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["plans"].as_array().unwrap().iter().any(|p| p["region"] == "경남"))
            .map(|r| r["round"]["year"].as_i64().unwrap())
            .collect();
        assert!(
            !with_gyeongnam.is_empty() && with_gyeongnam.len() < whole.len(),
            "{with_gyeongnam:?}"
        );
        assert_eq!(
            years(app.pages("/api/v1/rounds?region=gyeongnam&limit=1", |r| r).await),
            with_gyeongnam
        );

        for bad in ["region=atlantis", "limit=1001", "after=1999"] {
            let (status, body) = app.json(&format!("/api/v1/rounds?{bad}")).await;
            assert_eq!(
                (status, body["error"]["code"].as_str()),
                (400, Some("bad_input")),
                "{label} {bad}"
            );
        }
    }
}
