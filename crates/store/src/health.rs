//! 상태 점검: whether the database answers, and at which schema version, for the health endpoint.

use sqlx::Row;

use crate::{Store, StoreError};

impl Store {
    /// The schema version the database is at; an error when the database does not answer.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let version: Option<i64> = sqlx::query("SELECT MAX(version) AS v FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&mut *self.read().await?)
            .await?
            .try_get("v")?;
        Ok(version.unwrap_or(0))
    }
}
