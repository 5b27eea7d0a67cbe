//! The audit trail is a hash chain: entries edited or deleted behind the store's back are found,
//! and named, on SQLite and PostgreSQL.

use sandan_domain::bundled;
use sandan_store::testing::TestDb;
use sandan_store::{AuditCheck, Change};
use serde::Serialize;
use sha2::{Digest, Sha256};

const WRITERS: [(&str, &str, &str); 4] = [
    ("system:bundled-record", "system", "2026-11-25T01:00:00Z"),
    ("cli:import", "cli", "2026-11-25T02:00:00Z"),
    ("kim", "203.0.113.7", "2026-11-25T03:00:00Z"),
    ("lee", "198.51.100.20", "2026-11-25T04:00:00Z"),
];

/// A database whose trail holds one record replacement by each of `WRITERS`, seq 1 to 4.
async fn with_four_entries() -> Vec<TestDb> {
    let mut dbs = TestDb::all().await;
    for db in &mut dbs {
        let mut record = bundled();
        for (actor, source, at) in WRITERS {
            record.targets.pop();
            db.store
                .replace_record(&record, &Change { actor, source, at })
                .await
                .unwrap();
        }
    }
    dbs
}

async fn verify(db: &TestDb) -> AuditCheck {
    db.store.verify_audit().await.unwrap()
}

/// The entry's content exactly as the chain hashes it (documented in the store's audit module).
#[derive(Serialize)]
struct Content {
    seq: i64,
    at: String,
    actor: String,
    source: String,
    action: String,
    subject: String,
    before: Option<String>,
    after: Option<String>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn an_untouched_trail_is_intact_and_counts_every_entry() {
    for db in TestDb::all().await {
        assert_eq!(
            verify(&db).await,
            AuditCheck::Intact { entries: 0 },
            "{:?}: an empty trail",
            db.backend()
        );
    }
    for db in with_four_entries().await {
        let check = verify(&db).await;
        assert_eq!(check, AuditCheck::Intact { entries: 4 }, "{:?}", db.backend());
        assert_eq!(check.to_string(), "감사 기록 4건의 해시 사슬이 온전합니다.");
    }
}

#[tokio::test]
async fn entries_carry_their_place_in_the_chain_and_where_the_change_came_from() {
    for db in with_four_entries().await {
        let log = db.store.audit_log(10).await.unwrap();
        let read: Vec<_> = log
            .iter()
            .map(|e| (e.seq, e.actor.as_str(), e.source.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                (4, "lee", "198.51.100.20"),
                (3, "kim", "203.0.113.7"),
                (2, "cli:import", "cli"),
                (1, "system:bundled-record", "system")
            ],
            "{:?}: newest first",
            db.backend()
        );
    }
}

#[tokio::test]
async fn an_entry_edited_afterwards_is_named_by_its_seq() {
    for db in with_four_entries().await {
        assert_eq!(
            db.execute_raw("UPDATE audit_log SET actor = 'park' WHERE seq = 2")
                .await,
            1
        );
        let check = verify(&db).await;
        let AuditCheck::Altered {
            seq: 2,
            ref actor,
            ref action,
            ref at,
            ..
        } = check
        else {
            panic!("{:?}: {check:?}", db.backend())
        };
        assert_eq!(
            (actor.as_str(), action.as_str(), at.as_str()),
            ("park", "record.replace", "2026-11-25T02:00:00Z")
        );
        assert_eq!(
            check.to_string(),
            "감사 기록 2번 항목(2026-11-25T02:00:00Z, park, record.replace)의 내용이 기록 후 변경되었습니다."
        );
    }
}

#[tokio::test]
async fn a_deleted_entry_in_the_middle_is_reported_as_removed() {
    for db in with_four_entries().await {
        db.execute_raw("DELETE FROM audit_log WHERE seq = 3").await;
        let check = verify(&db).await;
        assert_eq!(
            check,
            AuditCheck::Removed {
                after_seq: 2,
                expected_seq: 3,
                found_seq: 4
            },
            "{:?}",
            db.backend()
        );
        assert_eq!(
            check.to_string(),
            "감사 기록 2번 항목 다음의 3번 항목이 삭제되었습니다."
        );
    }
}

#[tokio::test]
async fn deleting_the_first_entries_is_reported_as_removed_from_the_start() {
    for db in with_four_entries().await {
        db.execute_raw("DELETE FROM audit_log WHERE seq <= 2").await;
        let check = verify(&db).await;
        assert_eq!(
            check,
            AuditCheck::Removed {
                after_seq: 0,
                expected_seq: 1,
                found_seq: 3
            },
            "{:?}",
            db.backend()
        );
        assert_eq!(check.to_string(), "감사 기록의 맨 앞 1~2번 항목 2건이 삭제되었습니다.");
    }
}

#[tokio::test]
async fn a_deleted_last_entry_is_reported_as_a_truncated_end() {
    for db in with_four_entries().await {
        db.execute_raw("DELETE FROM audit_log WHERE seq = 4").await;
        let check = verify(&db).await;
        assert_eq!(
            check,
            AuditCheck::TruncatedEnd {
                head_seq: 4,
                last_seq: 3
            },
            "{:?}",
            db.backend()
        );
        assert_eq!(
            check.to_string(),
            "감사 기록은 4번 항목까지 있어야 하는데 3번 항목까지만 남아 있습니다. 마지막 1건이 삭제되었습니다."
        );
        db.execute_raw("DELETE FROM audit_log").await;
        assert_eq!(
            verify(&db).await,
            AuditCheck::TruncatedEnd {
                head_seq: 4,
                last_seq: 0
            },
            "{:?}",
            db.backend()
        );
    }
}

/// Rewrites entry `seq` with `actor` and a hash computed by `rehash(prev_hash, new content)`,
/// as someone with the database's password and this crate's source could.
async fn rewrite(db: &TestDb, seq: i64, actor: &str, rehash: impl Fn(&str, &Content) -> String) {
    use sqlx::Connection;
    let entry = db
        .store
        .audit_log(100)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.seq == seq)
        .unwrap();
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let prev_hash: String = sqlx::query_scalar("SELECT prev_hash FROM audit_log WHERE seq = $1")
        .bind(seq)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let content = Content {
        seq,
        at: entry.at,
        actor: actor.to_string(),
        source: entry.source,
        action: entry.action,
        subject: entry.subject,
        before: entry.before,
        after: entry.after,
    };
    let hash = rehash(&prev_hash, &content);
    let sql = format!("UPDATE audit_log SET actor = '{actor}', hash = '{hash}' WHERE seq = {seq}");
    assert_eq!(db.execute_raw(&sql).await, 1);
}

#[tokio::test]
async fn an_entry_rewritten_with_a_freshly_computed_hash_is_still_found() {
    let naive = |_prev: &str, c: &Content| sha256_hex(&serde_json::to_vec(c).unwrap());
    let exact = |prev: &str, c: &Content| sha256_hex(format!("{prev}{}", serde_json::to_string(c).unwrap()).as_bytes());
    for db in with_four_entries().await {
        rewrite(&db, 2, "park", naive).await;
        assert!(
            matches!(verify(&db).await, AuditCheck::Altered { seq: 2, .. }),
            "{:?}: naive rehash",
            db.backend()
        );
    }
    for db in with_four_entries().await {
        // Entry 2 now agrees with its own hash; entry 3 still remembers the old one.
        rewrite(&db, 2, "park", exact).await;
        assert!(
            matches!(verify(&db).await, AuditCheck::Altered { seq: 2, .. }),
            "{:?}: exact rehash",
            db.backend()
        );
    }
    for db in with_four_entries().await {
        // The last entry has no successor; the head remembers its hash.
        rewrite(&db, 4, "park", exact).await;
        assert!(
            matches!(verify(&db).await, AuditCheck::Altered { seq: 4, .. }),
            "{:?}: last entry",
            db.backend()
        );
    }
}

#[tokio::test]
async fn concurrent_replacements_take_turns_and_never_fork_the_chain() {
    for db in TestDb::all().await {
        let writes = WRITERS.map(|(actor, source, at)| {
            let store = db.store.clone();
            tokio::spawn(async move { store.replace_record(&bundled(), &Change { actor, source, at }).await })
        });
        for write in writes {
            write.await.unwrap().unwrap();
        }
        assert_eq!(
            db.store.gauges().write_connections,
            1,
            "{:?}: the writers queued for one connection instead of each holding one of the readers'",
            db.backend()
        );
        assert_eq!(
            verify(&db).await,
            AuditCheck::Intact { entries: 4 },
            "{:?}",
            db.backend()
        );
        let mut seqs: Vec<i64> = db.store.audit_log(10).await.unwrap().iter().map(|e| e.seq).collect();
        seqs.sort();
        assert_eq!(seqs, [1, 2, 3, 4], "{:?}", db.backend());
    }
}
