//! Backups: a database with the record, a package, a measurement with its evidence file and a
//! user is copied out while it runs and restored into an empty database — every table equal,
//! the audit chain intact — on SQLite, on PostgreSQL, and from SQLite into PostgreSQL. A
//! database that holds anything is refused. A damaged file — one character changed in a row, a
//! line cut off — or a backup whose audit chain was already broken restores nothing, and the
//! refusal says where.

use sandan_domain::package::{BudgetLine, FundingSource, Quarter};
use sandan_domain::results::{GoalSetup, Reading};
use sandan_domain::synthetic::{Scale, generate};
use sandan_domain::{Day, Region, Role};
use sandan_store::backup::{RestoreError, TableCopy};
use sandan_store::results::EvidenceInput;
use sandan_store::testing::{TestDb, confirmed_gyeonggi};
use sandan_store::{Change, Store};

const BY: Change<'static> = Change {
    actor: "office",
    at: "2023-06-30T10:00:00+09:00",
    source: "test",
};
const EVIDENCE: &[u8] = &[0, 1, 2, 0xfe, 0xff, b'%', b'P', b'D', b'F', 0];

async fn populate(store: &Store) {
    store.replace_record(&confirmed_gyeonggi(), &BY).await.unwrap();
    store
        .create_user(
            "gyeonggi",
            "경기주무관",
            "Sandan#2026plan",
            &[Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            }],
            None,
            &BY,
        )
        .await
        .unwrap();
    let project = store
        .add_project(2021, Region::Gyeonggi, "산단 환경개선", None, &BY)
        .await
        .unwrap();
    let line = |year, planned| BudgetLine {
        year,
        source: FundingSource::Local,
        planned,
    };
    store
        .plan_budget(project, None, 30, vec![line(2022, 10), line(2023, 20)], &BY)
        .await
        .unwrap();
    let baseline = GoalSetup {
        baseline: Some("25만명".parse().unwrap()),
        ..GoalSetup::default()
    };
    store
        .set_goal_setup(2021, Region::Gyeonggi, 1, baseline, &BY)
        .await
        .unwrap();
    store
        .record_measurement(
            2021,
            Region::Gyeonggi,
            1,
            Quarter::new(2023, 2).unwrap(),
            Reading::Value("25.5만명".parse().unwrap()),
            EvidenceInput::File {
                name: "고용통계.pdf".into(),
                content: EVIDENCE.to_vec(),
            },
            Day::ymd(2023, 6, 30),
            &BY,
        )
        .await
        .unwrap();
}

/// Each table with its rows in a fixed order, to compare two databases.
fn sorted(mut copies: Vec<TableCopy>) -> Vec<TableCopy> {
    for c in &mut copies {
        c.rows.sort();
    }
    copies
}

fn rows_in(copies: &[TableCopy], table: &str) -> usize {
    copies.iter().find(|c| c.table == table).map_or(0, |c| c.rows.len())
}

async fn backup_of(store: &Store) -> Vec<u8> {
    let mut file = Vec::new();
    store.backup(&mut file, "2023-06-30T11:00:00+09:00").await.unwrap();
    file
}

async fn restored_equal(source: &Store, file: &[u8], target: &TestDb, label: &str) {
    let written = target.store.restore(file).await.unwrap().rows;
    let (before, after) = (
        sorted(source.copy_tables().await.unwrap()),
        sorted(target.store.copy_tables().await.unwrap()),
    );
    assert_eq!(written, before.iter().map(|c| c.rows.len()).sum::<usize>(), "{label}");
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a.rows, b.rows, "{label}: table {}", a.table);
    }
    assert_eq!(before.len(), after.len(), "{label}");
    for table in [
        "plans",
        "users",
        "grants",
        "package_projects",
        "budget_lines",
        "measurements",
        "evidence_files",
        "audit_log",
    ] {
        assert!(rows_in(&after, table) > 0, "{label}: {table} came back");
    }
    let check = target.store.verify_audit().await.unwrap();
    assert!(check.is_intact(), "{label}: {check}");
    let evidence = after.iter().find(|c| c.table == "evidence_files").unwrap();
    let hex: String = EVIDENCE.iter().map(|b| format!("{b:02x}")).collect();
    assert!(
        evidence.rows[0]
            .iter()
            .any(|v| *v == sandan_store::backup::Value::Bytes { hex: hex.clone() }),
        "{label}: the evidence file's bytes are exact"
    );
}

#[tokio::test]
async fn a_backup_restores_into_an_empty_database_with_every_table_equal_and_the_chain_intact() {
    for db in TestDb::all().await {
        populate(&db.store).await;
        let file = backup_of(&db.store).await;
        let target = empty_like(&db).await;
        restored_equal(&db.store, &file, &target, db.backend().name()).await;

        // The restored database works on: a new change extends the restored chain.
        target
            .store
            .add_project(2021, Region::Gyeonggi, "산단 안전센터", None, &BY)
            .await
            .unwrap();
        assert!(target.store.verify_audit().await.unwrap().is_intact());

        let again = target.store.restore(file.as_slice()).await.unwrap_err();
        assert!(matches!(again, RestoreError::NotEmpty(_)), "{again}");
        assert!(again.to_string().contains("빈 데이터베이스"), "{again}");
    }
}

/// A fresh database on the same backend as `db`.
async fn empty_like(db: &TestDb) -> TestDb {
    match db.backend() {
        sandan_store::Backend::Sqlite => TestDb::sqlite().await,
        sandan_store::Backend::Postgres => TestDb::postgres(&std::env::var("SANDAN_TEST_POSTGRES_URL").unwrap()).await,
    }
}

#[tokio::test]
async fn a_generated_dataset_with_its_survey_and_synthetic_accounts_restores_table_for_table() {
    let data = generate(Scale::small(), 2).unwrap();
    let complex = &data.record.complexes[0].id;
    for db in TestDb::all().await {
        db.store.load_national(&data, &BY).await.unwrap();
        let target = empty_like(&db).await;
        target
            .store
            .restore(backup_of(&db.store).await.as_slice())
            .await
            .unwrap();
        let (before, after) = (
            sorted(db.store.copy_tables().await.unwrap()),
            sorted(target.store.copy_tables().await.unwrap()),
        );
        assert_eq!(before, after, "{}", db.backend().name());
        assert_eq!(rows_in(&after, "complex_surveys"), data.surveys.len());
        assert_eq!(target.store.survey(complex, usize::MAX).await.unwrap().len(), 8);
        let synthetic = target.store.load_national(&data, &BY).await.unwrap();
        assert_eq!(
            synthetic.users, 12,
            "the restored accounts are still known as synthetic"
        );
    }
}

#[tokio::test]
async fn a_sqlite_backup_moves_into_postgresql() {
    let Ok(admin) = std::env::var("SANDAN_TEST_POSTGRES_URL") else {
        return;
    };
    let source = TestDb::sqlite().await;
    populate(&source.store).await;
    let file = backup_of(&source.store).await;
    restored_equal(
        &source.store,
        &file,
        &TestDb::postgres(&admin).await,
        "SQLite → PostgreSQL",
    )
    .await;
}

/// Asserts that `target` holds nothing but the empty chain's head a fresh database starts with.
async fn assert_nothing_written(target: &TestDb, label: &str) {
    let copies = target.store.copy_tables().await.unwrap();
    let total: usize = copies
        .iter()
        .filter(|c| c.table != "audit_head")
        .map(|c| c.rows.len())
        .sum();
    assert_eq!(total, 0, "{label}: nothing written");
    assert_eq!(
        rows_in(&copies, "audit_head"),
        1,
        "{label}: the empty chain's head is back"
    );
}

/// `file` with one character of the first row of `table` that holds `from` changed to `to`.
fn one_character_changed(file: &str, table: &str, from: &str, to: &str) -> String {
    assert_eq!(from.chars().count(), to.chars().count());
    let start = file
        .find(&format!("{{\"table\":\"{table}\""))
        .unwrap_or_else(|| panic!("table {table} in the backup"));
    let at = start + file[start..].find(from).unwrap_or_else(|| panic!("{from} in {table}"));
    let row_start = file[..at].rfind('\n').unwrap() + 1;
    assert!(row_start > start, "{from} is in a row, not in the table's own line");
    format!("{}{to}{}", &file[..at], &file[at + from.len()..])
}

#[tokio::test]
async fn a_damaged_backup_restores_nothing_and_says_where() {
    for db in TestDb::all().await {
        let label = db.backend().name();
        populate(&db.store).await;
        let file = String::from_utf8(backup_of(&db.store).await).unwrap();
        let lines: Vec<&str> = file.lines().collect();
        let without_end = lines[..lines.len() - 1].join("\n");
        let half = lines[..lines.len() / 2].join("\n");
        let mut garbled = lines.clone();
        garbled[5] = "{\"not\": \"a row\"";
        let garbled = garbled.join("\n");
        let data_row = one_character_changed(&file, "users", "경기주무관", "경기주무곤");
        let audit_row = one_character_changed(&file, "audit_log", "office", "offica");
        let v1 = file.replacen("\"version\":2", "\"version\":1", 1);
        for (damaged, expected) in [
            (without_end, "끊겼습니다"),
            (half, "끊겼습니다"),
            (garbled, "6번째 줄"),
            ("hello".to_string(), "1번째 줄"),
            (data_row, "표 'users'("),
            (audit_row, "표 'audit_log'("),
            (v1, "형식 1판"),
        ] {
            let target = empty_like(&db).await;
            let err = target.store.restore(damaged.as_bytes()).await.unwrap_err();
            let message = err.to_string();
            assert!(message.contains(expected), "{label}: {message}");
            assert!(
                matches!(err, RestoreError::FormatVersion { .. }) || message.contains("아무것도 복원하지 않았습니다"),
                "{label}: {message}"
            );
            assert_nothing_written(&target, label).await;
        }
    }
}

#[tokio::test]
async fn a_backup_of_a_database_whose_audit_chain_was_altered_restores_nothing() {
    for db in TestDb::all().await {
        let label = db.backend().name();
        populate(&db.store).await;
        // Someone with direct access rewrote an entry: the file's checksums are sound, the chain
        // in it is not.
        assert_eq!(
            db.execute_raw("UPDATE audit_log SET actor = 'park' WHERE seq = 2")
                .await,
            1
        );
        let target = empty_like(&db).await;
        let err = target
            .store
            .restore(backup_of(&db.store).await.as_slice())
            .await
            .unwrap_err();
        assert!(matches!(err, RestoreError::BrokenChain(_)), "{label}: {err}");
        assert!(err.to_string().contains("감사 기록 2번 항목"), "{label}: {err}");
        assert_nothing_written(&target, label).await;
    }
}

#[tokio::test]
async fn a_backup_copies_every_table_the_database_has() {
    for db in TestDb::all().await {
        let mut copied: Vec<String> = db
            .store
            .copy_tables()
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.table)
            .collect();
        let mut in_database = db.table_names().await;
        copied.sort();
        in_database.sort();
        assert_eq!(copied, in_database, "a table added by a migration is backed up too");
    }
}
