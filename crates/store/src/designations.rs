use std::sync::Arc;

use sandan_domain::{ComplexId, Designation, Meeting, Target};

use crate::docs::from_docs;
use crate::{Store, StoreError};

impl Store {
    /// Every designation, oldest first (record order within a day). Shared, not copied.
    pub async fn designations(&self) -> Result<Arc<Vec<Designation>>, StoreError> {
        self.cached("designations".into(), || {
            self.all("SELECT doc FROM designations ORDER BY date, position", "지정")
        })
        .await
    }

    pub async fn designations_of(&self, complex: &ComplexId) -> Result<Vec<Designation>, StoreError> {
        let rows = sqlx::query("SELECT doc FROM designations WHERE complex_id = $1 ORDER BY date, position")
            .bind(&complex.0)
            .fetch_all(&mut *self.read().await?)
            .await?;
        from_docs(&rows, "지정")
    }

    pub async fn meetings(&self) -> Result<Vec<Meeting>, StoreError> {
        self.all("SELECT doc FROM meetings ORDER BY date, position", "위원회 회의")
            .await
    }

    pub async fn targets(&self) -> Result<Vec<Target>, StoreError> {
        self.all("SELECT doc FROM targets ORDER BY position", "목표").await
    }
}
