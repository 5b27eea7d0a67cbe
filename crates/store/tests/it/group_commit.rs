//! Group commit: the changes queued behind one are committed with it; one that fails is undone
//! alone, its audit entry with it; none is acknowledged before its group's commit, and when that commit fails every
//! change in the group is told so — on SQLite and PostgreSQL.
//!
//! Each test spawns its changes at once on the test's one thread, so they queue for the writer
//! in the order spawned and the first to finish asks for the flush behind all the others: one
//! group, whatever the machine's speed.

use sandan_domain::call::Call;
use sandan_domain::{Day, Proposal, Region};
use sandan_store::backup::{TableCopy, Value};
use sandan_store::testing::{TestDb, change_raw, round_open_until};
use sandan_store::{AuditCheck, Change, EditError, Store};
use tokio::task::JoinHandle;

const YEAR: i32 = 2027;

fn by(actor: &'static str) -> Change<'static> {
    Change {
        actor,
        at: "2026-12-05T00:00:00Z",
        source: "test",
    }
}

async fn with_round() -> Vec<TestDb> {
    let dbs = TestDb::all().await;
    for db in &dbs {
        let round = round_open_until(YEAR, Day::ymd(YEAR, 3, 31));
        db.store
            .open_round(&round, &Call::new(YEAR), &by("office"))
            .await
            .unwrap();
    }
    dbs
}

/// A province's first save of its draft, on a task of its own.
fn save(store: &Store, region: Region) -> JoinHandle<Result<i64, EditError>> {
    let store = store.clone();
    tokio::spawn(async move {
        let draft = Proposal {
            vision: format!("{} 스마트 그린 산단", region.short_name()),
            ..Proposal::default()
        };
        store.save_draft(YEAR, region, &draft, 0, &by("province")).await
    })
}

fn raw(db: &TestDb, sql: &'static str, keep: bool) -> JoinHandle<Result<(), String>> {
    let store = db.store.clone();
    tokio::spawn(async move { change_raw(&store, sql, keep).await })
}

async fn groups(db: &TestDb) -> u64 {
    db.store.gauges().write_groups
}

#[tokio::test]
async fn changes_queued_behind_one_are_committed_with_it_in_one_group() {
    for db in with_round().await {
        let before = groups(&db).await;
        let saves: Vec<_> = Region::all().map(|r| save(&db.store, r)).collect();
        let n = saves.len();
        for s in saves {
            assert_eq!(s.await.unwrap().unwrap(), 1, "{:?}", db.backend());
        }
        assert_eq!(
            groups(&db).await - before,
            1,
            "{:?}: {n} changes queued at once",
            db.backend()
        );
        for region in Region::all() {
            let draft = db.store.draft(YEAR, region).await.unwrap();
            assert_eq!(draft.map(|d| d.version), Some(1), "{:?} {region:?}", db.backend());
        }
        assert_eq!(
            db.store.verify_audit().await.unwrap(),
            AuditCheck::Intact { entries: 1 + n as u64 },
            "{:?}: every change's entry, chained in the order the changes ran",
            db.backend()
        );
    }
}

#[tokio::test]
async fn a_change_refused_after_writing_is_undone_alone_and_its_group_goes_on() {
    for db in with_round().await {
        db.execute_raw("CREATE TABLE group_notes (note TEXT NOT NULL)").await;
        let before = groups(&db).await;
        let first = save(&db.store, Region::Busan);
        let refused = raw(&db, "INSERT INTO group_notes VALUES ('undone')", false);
        let kept = raw(&db, "INSERT INTO group_notes VALUES ('kept')", true);
        let last = save(&db.store, Region::Ulsan);
        assert_eq!(first.await.unwrap().unwrap(), 1);
        assert_eq!(refused.await.unwrap(), Err("refused after writing".into()));
        assert_eq!(kept.await.unwrap(), Ok(()));
        assert_eq!(last.await.unwrap().unwrap(), 1);
        assert_eq!(
            groups(&db).await - before,
            1,
            "{:?}: the four ran in one group",
            db.backend()
        );
        assert_eq!(
            db.execute_raw("DELETE FROM group_notes WHERE note = 'undone'").await,
            0,
            "{:?}: the refused change's row is gone",
            db.backend()
        );
        assert_eq!(db.execute_raw("DELETE FROM group_notes WHERE note = 'kept'").await, 1);
        for region in [Region::Busan, Region::Ulsan] {
            assert!(
                db.store.draft(YEAR, region).await.unwrap().is_some(),
                "{:?}",
                db.backend()
            );
        }
        assert_eq!(
            db.store.verify_audit().await.unwrap(),
            AuditCheck::Intact { entries: 4 },
            "{:?}: the refused change's entry went with it and the next continued the chain",
            db.backend()
        );
        assert_eq!(
            db.store.data_version().await.unwrap(),
            3,
            "{:?}: the head the group moved was written back — read version at the kept change's entry",
            db.backend()
        );
    }
}

#[tokio::test]
async fn when_a_groups_commit_fails_every_change_in_it_is_told_and_none_is_kept() {
    for db in with_round().await {
        // A reference checked only at commit: the change that breaks it is accepted statement
        // by statement, and its whole group's COMMIT is refused.
        db.execute_raw(
            "CREATE TABLE group_parents (id INTEGER PRIMARY KEY); \
             CREATE TABLE group_children (parent INTEGER REFERENCES group_parents (id) DEFERRABLE INITIALLY DEFERRED)",
        )
        .await;
        let before = groups(&db).await;
        let innocent = save(&db.store, Region::Busan);
        let breaking = raw(&db, "INSERT INTO group_children VALUES (42)", true);
        assert!(
            innocent.await.unwrap().is_err(),
            "{:?}: a save in a group that was not committed is not acknowledged",
            db.backend()
        );
        assert!(breaking.await.unwrap().is_err(), "{:?}", db.backend());
        assert_eq!(groups(&db).await, before, "{:?}", db.backend());
        assert!(
            db.store.draft(YEAR, Region::Busan).await.unwrap().is_none(),
            "{:?}",
            db.backend()
        );
        assert_eq!(
            db.execute_raw("DELETE FROM group_children").await,
            0,
            "{:?}",
            db.backend()
        );
        assert_eq!(
            db.store.verify_audit().await.unwrap(),
            AuditCheck::Intact { entries: 1 },
            "{:?}",
            db.backend()
        );
        // The line goes on after the failed group.
        assert_eq!(
            save(&db.store, Region::Busan).await.unwrap().unwrap(),
            1,
            "{:?}",
            db.backend()
        );
        assert_eq!(groups(&db).await, before + 1, "{:?}", db.backend());
    }
}

/// The copy's `audit_head.seq` and its last `audit_log.seq`.
fn head_and_last_entry(copies: &[TableCopy]) -> (Value, Value) {
    let column = |table: &str, name: &str| {
        let copy = copies.iter().find(|c| c.table == table).expect("copied");
        let i = copy.columns.iter().position(|c| c == name).expect("a column");
        copy.rows.iter().map(|r| r[i].clone()).collect::<Vec<_>>()
    };
    let heads = column("audit_head", "seq");
    let entries = column("audit_log", "seq");
    (
        heads[0].clone(),
        entries
            .into_iter()
            .max_by_key(|v| match v {
                Value::Int(i) => *i,
                _ => i64::MIN,
            })
            .expect("entries"),
    )
}

#[tokio::test]
async fn a_backup_taken_inside_a_group_holds_the_chains_head_as_the_group_moved_it() {
    for db in with_round().await {
        let saved = save(&db.store, Region::Busan);
        let store = db.store.clone();
        let copied = tokio::spawn(async move { store.copy_tables().await });
        assert_eq!(saved.await.unwrap().unwrap(), 1);
        let copies = copied.await.unwrap().unwrap();
        let (head, last) = head_and_last_entry(&copies);
        assert_eq!(head, Value::Int(2), "{:?}", db.backend());
        assert_eq!(
            last,
            Value::Int(2),
            "{:?}: the save's entry is in the copy",
            db.backend()
        );
    }
}
