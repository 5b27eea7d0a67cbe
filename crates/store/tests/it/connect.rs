//! Opening a SQLite database by a URL without `?mode=rwc`: the file and its folder are made on
//! first start; a path that cannot hold a database is refused in Korean, naming the cause,
//! without SQLite's "unable to open database file (code 14)". A PostgreSQL connection cut
//! while idle is replaced on its next use.

use sandan_store::{Change, SqliteProblem, Store, StoreError};

const BY: Change<'static> = Change {
    actor: "test",
    source: "test",
    at: "2026-11-25T00:00:00Z",
};

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sandan-connect-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn a_url_without_a_mode_makes_the_file_and_its_folder() {
    let dir = temp_dir("fresh");
    let file = dir.join("var/lib/sandan/sandan.db");
    let url = format!("sqlite://{}", file.display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    assert!(store.load_if_empty(&sandan_domain::bundled(), &BY).await.unwrap());
    store.close().await;
    assert!(file.is_file());

    // The second start opens the same file, with the record in it.
    let again = Store::connect(&url).await.unwrap();
    again.migrate().await.unwrap();
    assert!(!again.load_if_empty(&sandan_domain::bundled(), &BY).await.unwrap());
    again.close().await;
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_path_under_a_file_is_refused_in_korean_naming_the_file() {
    let dir = temp_dir("blocked");
    let blocker = dir.join("sandan-data");
    std::fs::write(&blocker, "not a folder").unwrap();
    let err = Store::connect(&format!("sqlite://{}/sandan.db", blocker.display()))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::SqliteFile { problem: SqliteProblem::NotAFolder(p), .. } if *p == blocker),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("폴더가 아니라 파일입니다"), "{message}");
    assert!(
        !message.contains("code") && !message.contains("error"),
        "no driver text: {message}"
    );
    assert!(
        std::error::Error::source(&err).is_none(),
        "no error chain to print after it"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn an_explicit_mode_keeps_a_missing_file_missing_and_says_how_to_make_it() {
    let dir = temp_dir("mode");
    let file = dir.join("sandan.db");
    let err = Store::connect(&format!("sqlite://{}?mode=rw", file.display()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("파일이 없습니다") && err.contains("mode=rw를 빼십시오"),
        "{err}"
    );
    assert!(!file.exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_named_as_such() {
    let dir = temp_dir("notdb");
    let file = dir.join("sandan.db");
    std::fs::write(&file, "이것은 데이터베이스가 아닙니다. ".repeat(100)).unwrap();
    let err = Store::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("SQLite 데이터베이스 파일이 아닙니다"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The operator's screen shows one Korean cause, never the driver's English account.
fn korean_only(message: &str) {
    for english in [
        "error returned from database",
        "pool timed out",
        "Connection refused",
        "os error",
    ] {
        assert!(!message.contains(english), "{message}");
    }
}

#[tokio::test]
async fn a_postgresql_server_that_refuses_is_named_at_once_in_korean() {
    let started = std::time::Instant::now();
    let err = Store::connect("postgres://postgres@127.0.0.1:1/sandan")
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("접속을 받지 않습니다"), "{message}");
    korean_only(&message);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "no wait for a pool timeout"
    );
}

#[tokio::test]
async fn a_missing_postgresql_database_says_how_to_make_it() {
    let Ok(admin) = std::env::var("SANDAN_TEST_POSTGRES_URL") else {
        eprintln!("SANDAN_TEST_POSTGRES_URL is not set: the PostgreSQL case is skipped");
        return;
    };
    let url = format!(
        "{}/sandan_no_such_database_{}",
        admin.trim_end_matches('/'),
        std::process::id()
    );
    let message = Store::connect(&url).await.unwrap_err().to_string();
    assert!(
        message.contains("데이터베이스가 없습니다") && message.contains("createdb"),
        "{message}"
    );
    korean_only(&message);
}

#[tokio::test]
async fn postgresql_connections_cut_while_idle_are_replaced_on_their_next_use() {
    let dbs = sandan_store::testing::TestDb::all().await;
    for db in dbs.iter().filter(|db| db.backend() == sandan_store::Backend::Postgres) {
        let s = &db.store;
        s.load_if_empty(&sandan_domain::bundled(), &BY).await.unwrap();
        // A restart of the server, or a proxy's idle timeout, as the pools see it.
        let cut = db
            .execute_raw(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            )
            .await;
        assert!(cut >= 2, "the pool's reading and writing connections were cut ({cut})");
        tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
        assert!(s.record().await.is_ok(), "a read after the cut");
        let round = sandan_store::testing::round_open_until(2027, sandan_domain::Day::ymd(2027, 3, 31));
        s.open_round(&round, &sandan_domain::call::Call::new(2027), &BY)
            .await
            .expect("a change after the cut");
    }
}
