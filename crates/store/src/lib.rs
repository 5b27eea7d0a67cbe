//! Persistence for Sandan: one SQL text for SQLite (the embedded default) and PostgreSQL
//! (the scale-out backend), through sqlx's runtime `Any` driver. Only the migrations differ.

pub mod accounts;
mod audit;
pub mod backup;
pub mod calls;
pub mod committee;
mod complex_survey;
pub mod complexes;
pub mod consulting;
mod designations;
mod docs;
pub mod documents;
mod edit;
mod error;
pub mod evaluation;
pub mod grievances;
mod health;
pub mod mail;
mod migrate;
pub mod package;
mod plans;
pub mod proposals;
mod read_cache;
mod readers;
mod record;
mod registry;
mod registry_files;
mod remembered_versions;
pub mod results;
mod rounds;
mod rows;
#[cfg(test)]
mod scratch;
pub mod secrets;
mod sources;
mod sqlite_file;
mod statistics;
pub mod synthetic;
#[cfg(feature = "testing")]
pub mod testing;
mod tokens;
mod writer;

use sqlx::any::AnyPoolOptions;

pub use audit::{AuditCheck, AuditEntry, AuditFilter, Change};
pub use edit::{EditError, RowRefusal};
pub use error::StoreError;
pub use migrate::{Inspection, SCHEMA_VERSION};
pub use read_cache::StoreGauges;
pub use record::RecordSize;
pub use sqlite_file::SqliteProblem;
pub use tokens::{ApiToken, RegisteredToken, TokenLookup};

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Reads the backend off a database URL, refusing anything else with a message that says
    /// what is accepted.
    pub fn of_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// Connection pools to the program's database.
#[derive(Clone, Debug)]
pub struct Store {
    /// Reads.
    readers: std::sync::Arc<readers::Readers>,
    /// Changes, one at a time: with one connection here, writers queue in order without holding
    /// a connection readers need. On SQLite the alternative is each writer sleeping in SQLite's
    /// busy loop; on PostgreSQL, where every change takes the audit chain's head row first, it
    /// was each writer holding a pooled connection while it waited for that row — in the
    /// deadline week the 29 writers held all 16 and the public's reads queued behind them.
    /// Several instances still take turns on the head row, each with its one connection. The
    /// changes queued behind one are committed with it (see [`writer`]).
    writer: writer::Writer,
    backend: Backend,
    cache: std::sync::Arc<read_cache::ReadCache>,
    versions: std::sync::Arc<remembered_versions::Versions>,
    /// Where new document files go when not into the database (`documents.directory`).
    document_files: Option<std::sync::Arc<std::path::Path>>,
}

/// Write-ahead logging lets readers go on while a change commits (the default rollback journal
/// locks them out); FULL keeps every acknowledged commit through a power cut, not only a crash.
/// Each connection keeps 1 MB of pages rather than SQLite's 2 MB: the file is in the system's
/// page cache anyway, and nine connections' private copies were a tenth of the server's memory
/// in the deadline week (peak 99 MB with 2 MB, 93 MB with 1 MB, reads as fast).
///
/// A connection is not pinged before each use, as the pool does by default: a file cannot hang
/// up, and each ping was a round trip to the connection's thread for every query on the pool.
fn sqlite_pool(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .test_before_acquire(false)
        .after_connect(|conn, _| {
            Box::pin(async move {
                sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
                sqlx::query("PRAGMA synchronous = FULL").execute(&mut *conn).await?;
                sqlx::query("PRAGMA cache_size = -1024").execute(&mut *conn).await?;
                Ok(())
            })
        })
}

/// PostgreSQL sends NOTICEs for harmless things — the migrator's `CREATE TABLE IF NOT EXISTS
/// _sqlx_migrations` says "already exists, skipping" on every start — and sqlx relays each as
/// an INFO log line. Warnings and errors still come through.
///
/// A connection is pinged before use only when it has lain idle for a while, when a restarted
/// server or a proxy's timeout may have cut it. The pool's default pings before every query: a
/// round trip to the server each time, under load for a connection used a millisecond ago.
fn postgres_pool(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .after_connect(|conn, _| {
            Box::pin(async move {
                sqlx::query("SET client_min_messages = warning")
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            })
        })
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_WHEN_IDLE {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
}

/// How long a PostgreSQL connection may lie idle before it is pinged on its next use.
const PING_WHEN_IDLE: std::time::Duration = std::time::Duration::from_secs(1);

fn connect_failed(url: &str, e: &sqlx::Error) -> StoreError {
    tracing::warn!(error = %e, "database connection failed");
    StoreError::Connect {
        url: redact(url),
        cause: error::connect_cause(e),
    }
}

impl Store {
    /// Connects without touching the schema; `migrate` brings it up to date. A SQLite file (and
    /// its folder) is made when missing unless the URL's mode forbids it (see [`sqlite_file`]).
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        Store::connect_with(url, None).await
    }

    /// As [`Store::connect`], with at most `max_connections` open connections for reading
    /// (PostgreSQL's default 16, SQLite's 8), and one more for changes.
    pub async fn connect_with(url: &str, max_connections: Option<u32>) -> Result<Store, StoreError> {
        let backend = Backend::of_url(url)?;
        sqlx::any::install_default_drivers();
        let file = (backend == Backend::Sqlite).then(|| sqlite_file::SqliteFile::of(url));
        let open = |options: AnyPoolOptions| {
            let file = file.as_ref();
            async move {
                options.connect(url).await.map_err(|source| {
                    file.and_then(|f| f.connect_error(&source))
                        .unwrap_or_else(|| connect_failed(url, &source))
                })
            }
        };
        let (pool, writer) = match &file {
            Some(file) => {
                let made = file.prepare()?;
                let writer = open(sqlite_pool(1)).await?;
                if let Some(path) = made {
                    tracing::info!("새 SQLite 데이터베이스 파일을 만들었습니다: {}", path.display());
                }
                (open(sqlite_pool(max_connections.unwrap_or(8))).await?, writer)
            }
            None => {
                // One plain connection first: the pool would retry a refused or misnamed
                // server until its timeout and then say only that it timed out.
                let probe = <sqlx::AnyConnection as sqlx::Connection>::connect(url)
                    .await
                    .map_err(|e| connect_failed(url, &e))?;
                sqlx::Connection::close(probe)
                    .await
                    .map_err(|e| connect_failed(url, &e))?;
                let writer = open(postgres_pool(1)).await?;
                (open(postgres_pool(max_connections.unwrap_or(16))).await?, writer)
            }
        };
        let versions = std::sync::Arc::new(remembered_versions::Versions::of(backend));
        Ok(Store {
            readers: std::sync::Arc::new(readers::Readers::new(pool, backend)),
            writer: writer::Writer::new(writer, backend, versions.clone()),
            backend,
            cache: Default::default(),
            versions,
            document_files: None,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.readers.close().await;
    }

    /// A connection to read on outside any change (see [`readers`]).
    pub(crate) async fn read(&self) -> Result<readers::Reader<'_>, sqlx::Error> {
        self.readers.read().await
    }
}

/// A URL fit to print: the password, if any, is hidden.
pub fn redact(url: &str) -> String {
    let (address, query) = url.split_once('?').map_or((url, None), |(a, q)| (a, Some(q)));
    let address = match (address.find("://"), address.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &address[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &address[..scheme_end + 3],
                    &credentials[..colon],
                    &address[at..]
                ),
                None => address.to_string(),
            }
        }
        _ => address.to_string(),
    };
    // PostgreSQL also takes the password as a parameter: postgres://u@h/db?password=…
    let Some(query) = query else { return address };
    let parameters: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
            _ => p.to_string(),
        })
        .collect();
    format!("{address}?{}", parameters.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Row;

    #[tokio::test]
    async fn sqlite_readers_see_a_write_ahead_log_and_every_commit_is_synced() {
        let scratch = scratch::Scratch::new("pragmas", None).await;
        let store = &scratch.store;
        async fn pragma(conn: &mut sqlx::AnyConnection, name: &str) -> sqlx::any::AnyRow {
            sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA {name}")))
                .fetch_one(conn)
                .await
                .unwrap()
        }
        let mut reader = store.read().await.unwrap();
        let mut writer = store.writer.pool().acquire().await.unwrap();
        for conn in [&mut *reader, &mut *writer] {
            let mode: String = pragma(conn, "journal_mode").await.try_get(0).unwrap();
            assert_eq!(mode, "wal");
            // 2 is FULL: an acknowledged commit survives a power cut.
            let synchronous: i64 = pragma(conn, "synchronous").await.try_get(0).unwrap();
            assert_eq!(synchronous, 2);
            let cache: i64 = pragma(conn, "cache_size").await.try_get(0).unwrap();
            assert_eq!(cache, -1024, "1 MB of pages a connection");
        }
        drop((reader, writer));
        assert_eq!(
            store.writer.pool().options().get_max_connections(),
            1,
            "one writer at a time"
        );
        scratch.end().await;
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/sandan"),
            "postgres://app:***@db:5432/sandan"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(redact("sqlite://sandan.db"), "sqlite://sandan.db");
        assert_eq!(
            redact("postgres://app@db/sandan?sslmode=require&Password=s3cret"),
            "postgres://app@db/sandan?sslmode=require&Password=***"
        );
        assert_eq!(
            redact("sqlite://a.db?mode=rwc"),
            "sqlite://a.db?mode=rwc",
            "other parameters stay"
        );
    }

    #[test]
    fn only_sqlite_and_postgres_urls_are_accepted() {
        assert_eq!(Backend::of_url("sqlite://a.db?mode=rwc").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of_url("postgresql://h/db").unwrap(), Backend::Postgres);
        let err = Backend::of_url("mysql://root:pw@h/db").unwrap_err().to_string();
        assert!(
            err.contains("sqlite://") && err.contains("postgres://") && !err.contains("pw"),
            "{err}"
        );
    }
}
