use std::sync::Arc;

use sandan_domain::Source;

use crate::{Store, StoreError};

impl Store {
    /// The record's sources in its order; shared, not copied: the complex and plan pages cite
    /// from them on every request.
    pub async fn sources(&self) -> Result<Arc<Vec<Source>>, StoreError> {
        self.cached("sources".into(), || async {
            self.all("SELECT doc FROM sources ORDER BY position", "출처").await
        })
        .await
    }
}
