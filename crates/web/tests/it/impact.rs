//! 사업 효과: the pages and the API say why there is no estimate on the bundled record (it has no
//! survey), and show on a synthetic survey exactly the domain's estimate.

use sandan_domain::impact::{Indicator, analyse};
use sandan_domain::synthetic::{Scale, generate};

use crate::common::{TestApp, select, squash, text_of};

#[tokio::test]
async fn without_a_survey_every_estimate_is_refused_and_with_one_the_page_shows_the_domains() {
    let data = generate(Scale::two_cohorts(), 4).unwrap();
    let expected = analyse(&data.record, &data.surveys);
    let employment = expected.overall[2].analysis().expect("an estimate on this scale");
    for app in TestApp::all().await {
        let html = app.page("/impact").await;
        let rows = select(&html, "#impact-summary tbody tr");
        assert_eq!(rows.len(), 5, "{}", app.label());
        for row in &rows {
            let text = squash(&text_of(row));
            assert!(
                text.contains("분기별산업단지동향자료가없어효과를추정할수없습니다"),
                "{text}"
            );
        }
        assert!(
            select(&html, "#impact-events").is_empty(),
            "no estimate, no event table"
        );
        let (status, body) = app.json("/api/v1/impact").await;
        assert_eq!(status, 200);
        assert_eq!(body["survey_first"], serde_json::Value::Null);
        assert!(
            body["overall"][2]["refusal"]
                .as_str()
                .unwrap()
                .contains("동향 자료가 없어")
        );
        assert_eq!(app.get("/impact?indicator=jobs").await.status(), 404);
        assert_eq!(app.get("/impact/1999").await.status(), 404);

        let change = sandan_store::Change {
            actor: "test",
            source: "test",
            at: "2026-12-04T00:00:00Z",
        };
        app.db.store.load_national(&data, &change).await.unwrap();
        // The cached refusal gives way to the new data.
        let html = app.page("/impact").await;
        let row = squash(&text_of(&select(&html, "#indicator-employment")[0]));
        let [percent, low, high] = employment.did.percent_texts();
        assert!(
            row.contains(&format!("{percent}{low}~{high}")),
            "{}: {row}",
            app.label()
        );
        assert!(row.contains(&squash(&employment.sentence)), "{row}");
        assert_eq!(select(&html, "#impact-events tbody tr").len(), employment.events.len());
        assert_eq!(select(&html, "svg.event-chart[role=img]").len(), 1);
        assert_eq!(
            select(&html, "#impact-comparison tbody tr").len(),
            employment.comparison.len()
        );
        assert_eq!(select(&html, "#impact-cohorts tbody tr").len(), 2);

        let cohort = &expected.cohorts[1];
        let page = app
            .page(&format!("/impact/{}?indicator=production", cohort.round))
            .await;
        let window = text_of(&select(&page, "#impact-window")[0]);
        assert!(window.contains(&cohort.selected().korean()), "{window}");
        let current = select(&page, "#impact-summary a[aria-current=page]");
        assert_eq!(text_of(&current[0]), Indicator::Production.korean());
        if let Some(a) = cohort.indicators[3].analysis() {
            let first = squash(&text_of(&select(&page, "#impact-events tbody tr")[0]));
            assert!(first.starts_with(&format!("{}(", a.events[0].event)), "{first}");
        }

        let (status, body) = app.json("/api/v1/impact").await;
        assert_eq!(status, 200);
        assert_eq!(body["synthetic"], true);
        let estimate = &body["overall"][2]["estimate"];
        assert!((estimate["log_points"].as_f64().unwrap() - employment.did.coefficient).abs() < 1e-12);
        assert_eq!(body["cohorts"].as_array().unwrap().len(), 2);
        assert_eq!(body["cohorts"][1]["selected"], cohort.selected().to_string());
    }
}
