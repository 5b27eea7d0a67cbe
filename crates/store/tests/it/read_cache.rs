//! The read cache is scoped to what it holds: a change to a complex, the record or a package is
//! seen at once; a quiet change (a new account) leaves the cached models — and their version —
//! as they were. On SQLite and PostgreSQL.

use sandan_domain::{ComplexId, Day, Role, bundled};
use sandan_store::Change;
use sandan_store::testing::TestDb;

const BY: Change<'static> = Change {
    actor: "office",
    at: "2026-12-02T10:00:00+09:00",
    source: "test",
};

#[tokio::test]
async fn a_complexs_facts_are_seen_at_once_and_a_new_account_leaves_the_cache_alone() {
    for db in TestDb::all().await {
        let store = &db.store;
        store.replace_record(&bundled(), &BY).await.unwrap();
        let pohang = ComplexId("pohang".into());
        let started = |complexes: &[sandan_domain::Complex]| {
            complexes.iter().find(|c| c.id == pohang).unwrap().construction_started
        };
        assert_eq!(
            started(&store.complexes().await.unwrap()),
            None,
            "cached before the change"
        );
        let version = store.data_version().await.unwrap();

        store
            .create_user(
                "newcomer",
                "신규 담당자",
                "Sandan#2026plan",
                &[Role::Evaluator],
                None,
                &BY,
            )
            .await
            .unwrap();
        assert_eq!(store.data_version().await.unwrap(), version, "an account is quiet");

        store
            .set_construction_start(&pohang, Day::ymd(1968, 11, 14), &BY)
            .await
            .unwrap();
        assert!(
            store.data_version().await.unwrap() > version,
            "a complex's fact moves the version"
        );
        assert_eq!(
            started(&store.complexes().await.unwrap()),
            Some(Day::ymd(1968, 11, 14)),
            "{}: seen at once",
            db.backend().name()
        );
    }
}
