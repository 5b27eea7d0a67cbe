use sandan_domain::Round;

use crate::docs::from_doc;
use crate::{Store, StoreError};

impl Store {
    /// Every round, oldest first.
    pub async fn rounds(&self) -> Result<Vec<Round>, StoreError> {
        self.all("SELECT doc FROM rounds ORDER BY year", "공모 회차").await
    }

    /// Kept in the read cache: a province's every save reads its round's schedule.
    pub async fn round(&self, year: i32) -> Result<Option<Round>, StoreError> {
        self.cached_copy(format!("round:{year}"), || async {
            let row = sqlx::query("SELECT doc FROM rounds WHERE year = $1")
                .bind(i64::from(year))
                .fetch_optional(&mut *self.read().await?)
                .await?;
            row.map(|r| from_doc(&r, "공모 회차")).transpose()
        })
        .await
    }
}
