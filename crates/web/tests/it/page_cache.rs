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
