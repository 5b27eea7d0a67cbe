//! Test support: a fresh, migrated database per test on every backend the machine offers.
//! SQLite always; PostgreSQL when `SANDAN_TEST_POSTGRES_URL` names a server (the project's
//! `./test` sets it). A named server that cannot be reached fails the test rather than
//! quietly testing one backend.

use std::sync::atomic::{AtomicU64, Ordering};

use sandan_domain::round::Milestone;
use sandan_domain::{Day, Designation, DesignationKind, Record, Region, Role, Round, SourceId, Step, UserId, bundled};

use crate::{Backend, Change, Store};

/// The bundled record with the committee's final confirmation of 2021 경기 added, as the office
/// records it after the December meeting the seed announces — a test fixture (the seed gives no
/// date for it), so a region of the record has a package to plan.
pub fn confirmed_gyeonggi() -> Record {
    let mut record = bundled();
    record.designations.push(Designation {
        kind: DesignationKind::FinalConfirmation,
        date: Day::ymd(2021, 12, 22),
        body: "노후거점산업단지 경쟁력강화추진위원회".into(),
        round: Some(2021),
        region: Some(Region::Gyeonggi),
        complex: None,
        note: Some("세부사업 적정성 검토 결과 적정".into()),
        sources: vec![SourceId("molit-2021-03-24".into())],
    });
    record
}

/// A round of `year` taking preliminary applications until `deadline` (18:00 KST that day), as
/// the office opens it in Sandan — the fixture for tests that save and submit plans.
pub fn round_open_until(year: i32, deadline: Day) -> Round {
    Round {
        year,
        title: format!("{year}년 산업단지 대개조 공모"),
        quota: Some(5),
        applicant_count: None,
        panel: None,
        indicators: vec![],
        bonus_points: vec![],
        milestones: vec![Milestone {
            step: Step::PreliminaryApplication,
            date: Some(deadline),
            planned: true,
            note: None,
        }],
        sources: vec![],
    }
}

/// The evaluation framework as the office enters it on the panel page, for a panel of
/// `panel_size` scoring by `scoring_due`: the seed's four indicators with points of the tests' own
/// (the seed publishes none), a bonus, a cut-off of 60 and a trimmed mean.
pub fn framework_form<'a>(panel_size: &'a str, scoring_due: &'a str) -> [(&'static str, &'a str); 10] {
    [
        ("version", "0"),
        (
            "indicators",
            "지역진단 전략성 | 현황 진단 | 10\n지역진단 전략성 | 발전 전략 | 15\n거점·연계지역 적절성 | | 25\n혁신계획 타당성 | | 25\n성과목표 실현가능성 | | 25",
        ),
        ("bonuses", "한국판 뉴딜 연계 | 3"),
        ("bonus_cap", "3"),
        ("cut_off", "60"),
        ("aggregation", "trimmed_mean"),
        ("tie_break", "1, 2, 3, 4"),
        ("quota", "5"),
        ("panel_size", panel_size),
        ("scoring_due", scoring_due),
    ]
}

/// The password every test account is made with.
pub const TEST_PASSWORD: &str = "Sandan#2026plan";

/// A signed-in test account: its id, the session cookie and the form token a browser would send.
pub struct TestSession {
    pub user: UserId,
    pub cookie: String,
    pub csrf: String,
}

/// Makes an account with `roles` and signs it in, as the tests and benchmarks that drive the
/// real server need.
pub async fn signed_in(store: &Store, login: &str, name: &str, roles: &[Role]) -> TestSession {
    let change = Change {
        actor: "test",
        source: "test",
        at: "2026-11-25T00:00:00Z",
    };
    let user = store
        .create_user(login, name, TEST_PASSWORD, roles, None, &change)
        .await
        .expect("create the test account");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let session = store
        .sign_in(login, TEST_PASSWORD, &change, now)
        .await
        .expect("sign the test account in");
    TestSession {
        user,
        cookie: format!("sandan_session={}", session.token),
        csrf: session.csrf,
    }
}

/// A database made for one test and dropped with it.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteDir(std::path::PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

static NEXT: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "sandan_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

impl TestDb {
    /// One fresh database on each available backend.
    pub async fn all() -> Vec<TestDb> {
        let mut dbs = vec![TestDb::sqlite().await];
        if let Ok(admin) = std::env::var("SANDAN_TEST_POSTGRES_URL") {
            dbs.push(TestDb::postgres(&admin).await);
        }
        dbs
    }

    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(unique_name());
        std::fs::create_dir_all(&dir).expect("create a temp dir for the test database");
        let url = format!("sqlite://{}/sandan.db?mode=rwc", dir.display());
        TestDb::open(url, Cleanup::SqliteDir(dir)).await
    }

    /// One fresh database on each available backend with no schema yet, for the tests of
    /// migrating itself.
    pub async fn all_empty() -> Vec<TestDb> {
        let dir = std::env::temp_dir().join(unique_name());
        std::fs::create_dir_all(&dir).expect("create a temp dir for the test database");
        let url = format!("sqlite://{}/sandan.db?mode=rwc", dir.display());
        let store = Store::connect(&url).await.expect("connect to the test database");
        let mut dbs = vec![TestDb {
            store,
            url,
            cleanup: Cleanup::SqliteDir(dir),
        }];
        if let Ok(admin) = std::env::var("SANDAN_TEST_POSTGRES_URL") {
            dbs.push(TestDb::postgres_empty(&admin).await);
        }
        dbs
    }

    pub async fn postgres(admin_url: &str) -> TestDb {
        let (url, cleanup) = TestDb::postgres_database(admin_url).await;
        TestDb::open(url, cleanup).await
    }

    /// A fresh PostgreSQL database with no schema yet, for the tests of migrating itself.
    pub async fn postgres_empty(admin_url: &str) -> TestDb {
        let (url, cleanup) = TestDb::postgres_database(admin_url).await;
        let store = Store::connect(&url).await.expect("connect to the test database");
        TestDb { store, url, cleanup }
    }

    async fn postgres_database(admin_url: &str) -> (String, Cleanup) {
        let name = unique_name();
        let admin = Store::connect(admin_url)
            .await
            .unwrap_or_else(|e| panic!("SANDAN_TEST_POSTGRES_URL is set but unusable: {e}"));
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut *admin.read().await.expect("a connection to the server"))
            .await
            .expect("create the test database");
        admin.close().await;
        let url = format!("{}/{name}", admin_url.trim_end_matches('/'));
        let cleanup = Cleanup::PostgresDatabase {
            admin_url: admin_url.to_string(),
            name,
        };
        (url, cleanup)
    }

    async fn open(url: String, cleanup: Cleanup) -> TestDb {
        let store = Store::connect(&url).await.expect("connect to the test database");
        store.migrate().await.expect("migrate the test database");
        TestDb { store, url, cleanup }
    }

    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    /// Runs `sql` on a connection of its own, as someone with direct access to the database
    /// would, bypassing the store (and its audit trail); returns the rows affected.
    pub async fn execute_raw(&self, sql: &str) -> u64 {
        use sqlx::Connection;
        let mut conn = sqlx::AnyConnection::connect(&self.url)
            .await
            .expect("open a second connection");
        let done = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut conn)
            .await;
        let affected = done.unwrap_or_else(|e| panic!("{sql}: {e}")).rows_affected();
        conn.close().await.ok();
        affected
    }
}

/// Runs `sql` as one change in the store's line of changes, as the store's own changes run, with
/// its audit entry (`test.raw`, which counts as a public change): kept when `keep`, otherwise
/// refused after it wrote, as a change whose last check fails. For the tests of group commit.
pub async fn change_raw(store: &Store, sql: &str, keep: bool) -> Result<(), String> {
    let mut tx = store.writer.begin().await.map_err(|e| e.to_string())?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    let change = crate::Change {
        actor: "test",
        source: "test",
        at: "2026-12-05T00:00:00Z",
    };
    crate::audit::record(&mut tx, &change, "test.raw", "test", None, Some(sql.to_string()))
        .await
        .map_err(|e| e.to_string())?;
    if !keep {
        return Err("refused after writing".into());
    }
    tx.commit().await.map_err(|e| e.to_string())
}

impl TestDb {
    /// The link of the newest message queued for `address`, as the reader of that mailbox gets
    /// it (the office's outbox page never shows links, which may carry one-time tokens).
    pub async fn mailed_link(&self, address: &str) -> Option<String> {
        use sqlx::Row;
        sqlx::query("SELECT link FROM outbox WHERE address = $1 ORDER BY id DESC")
            .bind(address)
            .fetch_optional(&mut *self.store.read().await.expect("a connection to read on"))
            .await
            .expect("read the outbox")
            .map(|r| r.try_get("link").expect("a link"))
    }

    /// The tables the migrations made, from the database's own catalogue.
    pub async fn table_names(&self) -> Vec<String> {
        use sqlx::Row;
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'"
            }
        };
        sqlx::query(sql)
            .fetch_all(&mut *self.store.read().await.expect("a connection to read on"))
            .await
            .expect("read the catalogue")
            .iter()
            .map(|r| r.try_get::<String, _>("name").expect("a table name"))
            .collect()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs outside async; a throwaway runtime on its own thread does the drop.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    rt.block_on(async {
                        let admin = Store::connect(&admin_url).await.ok()?;
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        sqlx::query(sqlx::AssertSqlSafe(sql))
                            .execute(&mut *admin.read().await.expect("a connection to the server"))
                            .await
                            .ok()?;
                        admin.close().await;
                        Some(())
                    })
                })
                .join();
            }
        }
    }
}
