//! 화면 캐시: an anonymous visitor's second read of a page comes from the cache, and the first read
//! after any change the public can see shows the change, while a private one (a draft saved)
//! leaves it kept; a signed-in official's reads are never served from it; on SQLite and
//! PostgreSQL.

use crate::common::TestApp;
use crate::complex_entry::NEW_AREA;
use sandan_domain::call::Call;
use sandan_domain::{Day, Proposal, Region, Role};
use sandan_store::Change;
use sandan_store::testing::round_open_until;

const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-12-04T00:00:00Z",
    source: "test",
};

/// The page cache's hits and misses as `/metrics` reports them.
async fn kept(app: &TestApp) -> (i64, i64) {
    let text = app.get("/metrics").await.text().await.unwrap();
    let read = |result: &str| {
        let series = format!("sandan_page_cache_total{{result=\"{result}\"}} ");
        text.lines()
            .find_map(|l| l.strip_prefix(&series))
            .map(|n| n.parse::<i64>().unwrap())
            .unwrap_or(0)
    };
    (read("hit"), read("miss"))
}

#[tokio::test]
async fn an_anonymous_read_is_kept_until_a_change_and_a_signed_in_one_is_never_kept() {
    for app in TestApp::all().await {
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let first = app.get("/complexes").await.text().await.unwrap();
        let (hits, misses) = kept(&app).await;
        let second = app.get("/complexes").await.text().await.unwrap();
        assert_eq!(first, second);
        assert_eq!(
            kept(&app).await,
            (hits + 1, misses),
            "{}: the second read was kept",
            app.label()
        );
        assert!(!first.contains("배곧"), "{}", app.label());

        let (status, _) = app.post_as(&office, "/complexes/new", NEW_AREA).await;
        assert_eq!(status, 303, "{}", app.label());
        let after = app.get("/complexes").await.text().await.unwrap();
        assert!(
            after.contains("배곧"),
            "{}: the change shows on the next read",
            app.label()
        );
        assert_eq!(kept(&app).await, (hits + 1, misses + 1));

        let (status, signed_in) = app.get_as(&office, "/complexes").await;
        assert_eq!(status, 200);
        assert!(
            signed_in.contains("id=\"new-complex\""),
            "the office's own page, not the kept one"
        );
        assert_eq!(
            kept(&app).await,
            (hits + 1, misses + 1),
            "a signed-in read passes the cache by"
        );

        // Opening a round is public; a province's draft saved in it is not, and leaves the
        // public pages kept through the deadline week's saves.
        let store = &app.db.store;
        store
            .open_round(&round_open_until(2027, Day::ymd(2099, 3, 31)), &Call::new(2027), &SETUP)
            .await
            .unwrap();
        let drawn = app.get("/complexes").await.text().await.unwrap();
        let (hits, misses) = kept(&app).await;
        let draft = Proposal {
            vision: "비공개 초안".into(),
            ..Proposal::default()
        };
        store
            .save_draft(2027, Region::Gyeonggi, &draft, 0, &SETUP)
            .await
            .unwrap();
        assert_eq!(app.get("/complexes").await.text().await.unwrap(), drawn);
        assert_eq!(
            kept(&app).await,
            (hits + 1, misses),
            "{}: a draft saved leaves the kept page standing",
            app.label()
        );
    }
}

/// `path` read anonymously with `accept` as its `Accept-Encoding`.
async fn read_accepting(app: &TestApp, path: &str, accept: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.base))
        .header("accept-encoding", accept)
        .send()
        .await
        .expect("request")
}

fn gunzip(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a gzip stream of UTF-8");
    text
}

#[tokio::test]
async fn a_kept_answer_goes_out_gzip_compressed_to_a_client_that_accepts_it_and_plain_to_one_that_does_not() {
    for app in TestApp::all().await {
        for path in ["/complexes", "/api/v1/complexes"] {
            let plain = app.get(path).await;
            assert_eq!(plain.headers().get("content-encoding"), None, "{path}");
            let vary = plain
                .headers()
                .get_all("vary")
                .iter()
                .map(|v| v.to_str().unwrap().to_string())
                .collect::<Vec<_>>();
            assert!(vary.iter().any(|v| v == "accept-encoding"), "{path}: {vary:?}");
            let tag = plain.headers().get("etag").map(|t| t.to_str().unwrap().to_string());
            let plain = plain.text().await.unwrap();

            // Drawn for the plain client, kept, and now sent compressed from the cache.
            let (hits, _) = kept(&app).await;
            let compressed = read_accepting(&app, path, "br;q=1.0, gzip;q=0.8").await;
            assert_eq!(kept(&app).await.0, hits + 1, "{path}: served from the cache");
            assert_eq!(compressed.headers()["content-encoding"], "gzip", "{path}");
            let compressed_tag = compressed
                .headers()
                .get("etag")
                .map(|t| t.to_str().unwrap().to_string());
            let bytes = compressed.bytes().await.unwrap();
            assert!(
                bytes.len() * 3 < plain.len(),
                "{path}: {} of {} bytes",
                bytes.len(),
                plain.len()
            );
            assert_eq!(gunzip(&bytes), plain, "{}: {path}", app.label());
            assert_eq!(
                compressed_tag,
                tag.map(|t| format!("W/{t}")),
                "{path}: a weak tag for the other encoding"
            );

            for refused in ["gzip;q=0", "identity", "*;q=0", "deflate, br"] {
                let response = read_accepting(&app, path, refused).await;
                assert_eq!(response.headers().get("content-encoding"), None, "{path} {refused}");
                assert_eq!(response.text().await.unwrap(), plain, "{path} {refused}");
            }
            let any = read_accepting(&app, path, "*").await;
            assert_eq!(any.headers()["content-encoding"], "gzip", "{path}: * takes gzip");
        }

        // Either encoding's tag revalidates the page and the JSON from the cache: 304, no body.
        for path in ["/complexes", "/api/v1/complexes"] {
            for accept in ["gzip", "identity"] {
                let read = read_accepting(&app, path, accept).await;
                let tag = read.headers()["etag"].to_str().unwrap().to_string();
                let (hits, misses) = kept(&app).await;
                let again = app
                    .client
                    .get(format!("{}{path}", app.base))
                    .header("accept-encoding", accept)
                    .header("if-none-match", &tag)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(again.status(), 304, "{} {path} {accept}", app.label());
                assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);
                assert_eq!(again.headers()["cache-control"], "private, no-cache", "{path}");
                assert!(again.bytes().await.unwrap().is_empty());
                assert_eq!(kept(&app).await, (hits + 1, misses), "{path}: answered by the cache");
            }
        }
        let stale = app
            .client
            .get(format!("{}/complexes", app.base))
            .header("if-none-match", "\"0123456789abcdef0123456789abcdef\"")
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), 200, "{}: another tag gets the page", app.label());
    }
}

#[tokio::test]
async fn a_page_asked_for_by_many_at_once_is_drawn_once() {
    for app in TestApp::all().await {
        let (hits, misses) = kept(&app).await;
        let reads: Vec<_> = (0..12)
            .map(|_| {
                let (client, url) = (app.client.clone(), format!("{}/rounds/2021", app.base));
                tokio::spawn(async move {
                    let response = client.get(url).send().await.unwrap();
                    (response.status(), response.text().await.unwrap())
                })
            })
            .collect();
        let mut pages = Vec::new();
        for read in reads {
            let (status, page) = read.await.unwrap();
            assert_eq!(status, 200);
            pages.push(page);
        }
        assert!(pages.windows(2).all(|w| w[0] == w[1]), "{}", app.label());
        assert_eq!(
            kept(&app).await,
            (hits + 11, misses + 1),
            "{}: one drawing, eleven served what it kept",
            app.label()
        );
    }
}
