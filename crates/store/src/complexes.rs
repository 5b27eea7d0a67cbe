use std::sync::Arc;

use sandan_domain::hangul::ganada_key;
use sandan_domain::{Complex, ComplexId};

use crate::docs::from_doc;
use crate::{Store, StoreError};

impl Store {
    pub async fn complex(&self, id: &ComplexId) -> Result<Option<Complex>, StoreError> {
        let row = sqlx::query("SELECT doc FROM complexes WHERE id = $1")
            .bind(&id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| from_doc(&r, "산업단지")).transpose()
    }

    /// Every complex, in 가나다 order of region and then of name. Shared, not copied.
    pub async fn complexes(&self) -> Result<Arc<Vec<Complex>>, StoreError> {
        self.cached("complexes".into(), || async {
            let mut all: Vec<Complex> = self
                .all("SELECT doc FROM complexes ORDER BY position", "산업단지")
                .await?;
            all.sort_by_cached_key(|c| (ganada_key(c.region.short_name()), ganada_key(&c.name)));
            Ok(all)
        })
        .await
    }
}
