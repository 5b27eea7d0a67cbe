//! The schema, embedded in the binary so a deployed `sandan` needs no files beside it.

use sqlx::SqlSafeStr;
use sqlx::migrate::{MigrateError, Migration, MigrationType, Migrator};

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
    (
        9,
        "mail",
        include_str!("../migrations/sqlite/0009_mail.sql"),
        include_str!("../migrations/postgres/0009_mail.sql"),
    ),
    (
        10,
        "documents",
        include_str!("../migrations/sqlite/0010_documents.sql"),
        include_str!("../migrations/postgres/0010_documents.sql"),
    ),
    (
        11,
        "document reading",
        include_str!("../migrations/sqlite/0011_document_reading.sql"),
        include_str!("../migrations/postgres/0011_document_reading.sql"),
    ),
    (
        12,
        "grievances",
        include_str!("../migrations/sqlite/0012_grievances.sql"),
        include_str!("../migrations/postgres/0012_grievances.sql"),
    ),
    (
        13,
        "firm accounts and grievance attachments",
        include_str!("../migrations/sqlite/0013_firm_accounts.sql"),
        include_str!("../migrations/postgres/0013_firm_accounts.sql"),
    ),
    (
        14,
        "complex facts from the registry",
        include_str!("../migrations/sqlite/0014_complex_facts.sql"),
        include_str!("../migrations/postgres/0014_complex_facts.sql"),
    ),
    (
        15,
        "registry files kept between preview and load",
        include_str!("../migrations/sqlite/0015_registry_files.sql"),
        include_str!("../migrations/postgres/0015_registry_files.sql"),
    ),
    (
        16,
        "API token scopes and expiry",
        include_str!("../migrations/sqlite/0016_token_scopes.sql"),
        include_str!("../migrations/postgres/0016_token_scopes.sql"),
    ),
    (
        17,
        "registry quarters and facts outlive a record import",
        include_str!("../migrations/sqlite/0017_registry_outlives_import.sql"),
        include_str!("../migrations/postgres/0017_registry_outlives_import.sql"),
    ),
    (
        18,
        "evidence files uploaded to a plan's results",
        include_str!("../migrations/sqlite/0018_evidence_uploads.sql"),
        include_str!("../migrations/postgres/0018_evidence_uploads.sql"),
    ),
    (
        19,
        "committee meetings on the record's rounds",
        include_str!("../migrations/sqlite/0019_committee_record_rounds.sql"),
        include_str!("../migrations/postgres/0019_committee_record_rounds.sql"),
    ),
    (
        20,
        "the public version the page cache keys on",
        include_str!("../migrations/sqlite/0020_public_version.sql"),
        include_str!("../migrations/postgres/0020_public_version.sql"),
    ),
    (
        21,
        "round_openings",
        include_str!("../migrations/sqlite/0021_round_openings.sql"),
        include_str!("../migrations/postgres/0021_round_openings.sql"),
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

/// Applies the migrations up to `version` only: for the tests of what a migration does to
/// rows written before it.
#[cfg(test)]
pub(crate) async fn migrate_until(store: &Store, version: i64) -> Result<(), MigrateError> {
    let mut migrator = migrator(store.backend);
    migrator.migrations = migrator
        .migrations
        .iter()
        .filter(|m| m.version <= version)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    migrator.run(store.writer.pool()).await
}

impl Store {
    /// Brings the schema up to date; safe to run on every start, and on several instances
    /// starting at once: on PostgreSQL the migrator holds an advisory lock (`pg_advisory_lock`)
    /// while it looks and applies, so the second instance waits and then finds nothing to do.
    /// A database migrated by a newer `sandan` is refused before anything is applied.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migrator(self.backend)
            .run(self.writer.pool())
            .await
            .map_err(|e| match e {
                MigrateError::VersionMissing(applied) => StoreError::SchemaNewer {
                    applied,
                    known: SCHEMA_VERSION,
                },
                MigrateError::Dirty(version) => StoreError::SchemaDirty(version),
                e => StoreError::Migrate(e),
            })
    }
}

/// What a database holds, as seen without changing it (for `sandan config check`).
#[derive(Debug, PartialEq, Eq)]
pub enum Inspection {
    /// The SQLite file does not exist yet; the first start makes it.
    NoFileYet(std::path::PathBuf),
    /// The newest schema version applied, None on an empty database.
    Schema(Option<i64>),
}

impl Store {
    /// Connects and reads the schema version, creating nothing: a missing SQLite file is
    /// reported, not made.
    pub async fn inspect(url: &str) -> Result<Inspection, StoreError> {
        if Backend::of_url(url)? == Backend::Sqlite
            && let Some(path) = crate::sqlite_file::SqliteFile::of(url).path()
            && !path.exists()
        {
            return Ok(Inspection::NoFileYet(path.to_path_buf()));
        }
        let store = Store::connect(url).await?;
        let version = store.applied_schema().await;
        store.close().await;
        Ok(Inspection::Schema(version?))
    }

    /// The schema version applied, None when the migrations table is not there yet.
    async fn applied_schema(&self) -> Result<Option<i64>, StoreError> {
        let table = match self.backend {
            Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
            Backend::Postgres => "SELECT COUNT(*) FROM pg_tables WHERE tablename = '_sqlx_migrations'",
        };
        let exists: i64 = sqlx::query_scalar(table).fetch_one(&mut *self.read().await?).await?;
        if exists == 0 {
            return Ok(None);
        }
        Ok(Some(self.schema_version().await?))
    }
}

/// The newest schema this binary knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestDb;

    #[tokio::test]
    async fn a_database_migrated_by_a_newer_sandan_is_refused_untouched() {
        for db in TestDb::all().await {
            let store = Store::connect(&db.url).await.unwrap();
            let newer = SCHEMA_VERSION + 1;
            sqlx::query(
                "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                 VALUES ($1, 'from a newer sandan', TRUE, $2, 0)",
            )
            .bind(newer)
            .bind(vec![0u8; 48])
            .execute(store.writer.pool())
            .await
            .unwrap();
            let refusal = store.migrate().await.unwrap_err();
            assert!(
                matches!(refusal, StoreError::SchemaNewer { applied, known } if applied == newer && known == SCHEMA_VERSION),
                "{refusal:?}"
            );
            assert!(refusal.to_string().contains("새 버전의 sandan"), "{refusal}");
            assert_eq!(
                store.schema_version().await.unwrap(),
                newer,
                "nothing was rolled back or added"
            );
        }
    }

    #[tokio::test]
    async fn inspecting_a_sqlite_file_that_is_not_there_makes_nothing() {
        let dir = std::env::temp_dir().join(format!("sandan-inspect-{}", std::process::id()));
        let file = dir.join("later/sandan.db");
        let url = format!("sqlite://{}", file.display());
        assert_eq!(Store::inspect(&url).await.unwrap(), Inspection::NoFileYet(file.clone()));
        assert!(!dir.exists(), "neither the file nor its folder was made");
    }

    #[tokio::test]
    async fn instances_migrating_one_database_at_once_both_start_on_the_whole_schema() {
        let Ok(admin) = std::env::var("SANDAN_TEST_POSTGRES_URL") else {
            return;
        };
        // No schema yet, so both instances find every migration still to do.
        let fresh = TestDb::postgres_empty(&admin).await;
        assert_eq!(Store::inspect(&fresh.url).await.unwrap(), Inspection::Schema(None));
        let (a, b) = tokio::join!(Store::connect(&fresh.url), Store::connect(&fresh.url));
        let (a, b) = (a.unwrap(), b.unwrap());
        let (first, second) = tokio::join!(a.migrate(), b.migrate());
        first.unwrap();
        second.unwrap();
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(a.writer.pool())
            .await
            .unwrap();
        let known: Vec<i64> = MIGRATIONS.iter().map(|m| m.0).collect();
        assert_eq!(applied, known, "each migration applied once");
        assert_eq!(
            Store::inspect(&fresh.url).await.unwrap(),
            Inspection::Schema(Some(SCHEMA_VERSION))
        );
    }
}
