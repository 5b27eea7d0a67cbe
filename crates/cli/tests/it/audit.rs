//! `sandan audit verify` as an operator runs it, on SQLite and PostgreSQL.

use crate::common;

use common::{sandan, stderr, stdout};
use sandan_domain::bundled::BUNDLED_JSON;
use sandan_store::testing::TestDb;

/// The bundled load (entry 1) and an import (entry 2), both through the command.
fn two_entries(db: &TestDb) {
    assert!(sandan(&db.url, &["export"]).status.success());
    let file = std::env::temp_dir().join(format!(
        "sandan-audit-{}-{}.json",
        std::process::id(),
        db.backend().name()
    ));
    std::fs::write(
        &file,
        BUNDLED_JSON.replace("\"applicant_count\": 8", "\"applicant_count\": 9"),
    )
    .unwrap();
    let imported = sandan(&db.url, &["import", file.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    std::fs::remove_file(&file).ok();
}

#[tokio::test]
async fn verifying_an_untouched_trail_succeeds_and_says_how_many_entries_it_checked() {
    for db in TestDb::all().await {
        two_entries(&db);
        let o = sandan(&db.url, &["audit", "verify"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(
            stdout(&o),
            "감사 기록 2건의 해시 사슬이 온전합니다.\n",
            "{}",
            db.backend().name()
        );
        let sources: Vec<_> = db
            .store
            .audit_log(10)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.source)
            .collect();
        assert_eq!(
            sources,
            ["cli", "system"],
            "import from the command line, bundled load by the server"
        );
    }
}

#[tokio::test]
async fn verifying_a_tampered_trail_fails_and_names_the_entry() {
    for db in TestDb::all().await {
        two_entries(&db);
        db.execute_raw("UPDATE audit_log SET after = '{}' WHERE seq = 1").await;
        let o = sandan(&db.url, &["audit", "verify"]);
        assert_eq!(o.status.code(), Some(1), "{}", db.backend().name());
        let err = stderr(&o);
        assert!(err.starts_with("오류: 감사 기록 1번 항목("), "{err}");
        assert!(
            err.contains(", system:bundled-record, record.replace)의 내용이 기록 후 변경되었습니다."),
            "{err}"
        );
        assert_eq!(stdout(&o), "");

        db.execute_raw("DELETE FROM audit_log WHERE seq = 2").await;
        let err = stderr(&sandan(&db.url, &["audit", "verify"]));
        assert!(
            err.contains("감사 기록 1번 항목("),
            "the first problem is reported first: {err}"
        );
    }
}

#[tokio::test]
async fn verifying_a_fresh_database_loads_nothing_and_finds_an_empty_trail_intact() {
    for db in TestDb::all().await {
        let o = sandan(&db.url, &["audit", "verify"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o), "감사 기록 0건의 해시 사슬이 온전합니다.\n");
        let log = db.store.audit_log(10).await.unwrap();
        assert!(
            log.is_empty(),
            "{}: verifying must not load the bundled record",
            db.backend().name()
        );
    }
}
