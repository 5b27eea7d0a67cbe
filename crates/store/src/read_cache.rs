//! 조회 캐시: read models that sum the whole program (the national roll-up, the budget matrix)
//! kept until the next change. Every change appends to the audit chain in its own transaction, so
//! the chain's head is a version of everything: a cached value computed at the current head is
//! exactly what a fresh read would give. A value computed while a change commits is stored under
//! the older head and so read again on the next request — never served as newer than it is.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use sqlx::Row;

use crate::{Store, StoreError};

type Entry = (i64, Arc<dyn Any + Send + Sync>);

#[derive(Default)]
pub(crate) struct ReadCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReadCache")
    }
}

impl Store {
    /// The head of the audit chain: it moves with every change to anything.
    pub async fn data_version(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT seq FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?
            .try_get("seq")?)
    }

    /// The value under `key` if nothing has changed since it was computed, else `compute`d now.
    pub(crate) async fn cached<T, F, Fut>(&self, key: String, compute: F) -> Result<Arc<T>, StoreError>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        let version = self.data_version().await?;
        let hit = {
            let entries = self.cache.entries.lock().unwrap_or_else(|e| e.into_inner());
            entries
                .get(&key)
                .filter(|(v, _)| *v == version)
                .map(|(_, value)| value.clone())
        };
        if let Some(value) = hit.and_then(|v| v.downcast::<T>().ok()) {
            return Ok(value);
        }
        let value = Arc::new(compute().await?);
        let mut entries = self.cache.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.insert(key, (version, value.clone()));
        Ok(value)
    }
}
