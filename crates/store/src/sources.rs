use sandan_domain::Source;

use crate::{Store, StoreError};

impl Store {
    pub async fn sources(&self) -> Result<Vec<Source>, StoreError> {
        self.all("SELECT doc FROM sources ORDER BY position", "출처").await
    }
}
