//! The schema, embedded in the binary so a deployed `sandan` needs no files beside it.

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::{Backend, Store, StoreError};

/// (version, description, SQLite text, PostgreSQL text); the two texts differ in types only.
pub(crate) const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "record",
        include_str!("../migrations/sqlite/0001_record.sql"),
        include_str!("../migrations/postgres/0001_record.sql"),
    ),
    (
        2,
        "accounts",
        include_str!("../migrations/sqlite/0002_accounts.sql"),
        include_str!("../migrations/postgres/0002_accounts.sql"),
    ),
    (
        3,
        "calls",
        include_str!("../migrations/sqlite/0003_calls.sql"),
        include_str!("../migrations/postgres/0003_calls.sql"),
    ),
    (
        4,
        "evaluation",
        include_str!("../migrations/sqlite/0004_evaluation.sql"),
        include_str!("../migrations/postgres/0004_evaluation.sql"),
    ),
    (
        5,
        "package",
        include_str!("../migrations/sqlite/0005_package.sql"),
        include_str!("../migrations/postgres/0005_package.sql"),
    ),
    (
        6,
        "read_version",
        include_str!("../migrations/sqlite/0006_read_version.sql"),
        include_str!("../migrations/postgres/0006_read_version.sql"),
    ),
    (
        7,
        "survey_and_synthetic_users",
        include_str!("../migrations/sqlite/0007_survey_and_synthetic_users.sql"),
        include_str!("../migrations/postgres/0007_survey_and_synthetic_users.sql"),
    ),
    (
        8,
        "account_locks",
        include_str!("../migrations/sqlite/0008_account_locks.sql"),
        include_str!("../migrations/postgres/0008_account_locks.sql"),
    ),
];

fn migrator(backend: Backend) -> Migrator {
    let migrations = MIGRATIONS
        .iter()
        .map(|&(version, description, sqlite, postgres)| {
            let sql = match backend {
                Backend::Sqlite => sqlite,
                Backend::Postgres => postgres,
            };
            Migration::new(
                version,
                description.into(),
                MigrationType::Simple,
                sql.into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

impl Store {
    /// Brings the schema up to date; safe to run on every start.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migrator(self.backend).run(&self.writer).await?;
        Ok(())
    }
}
