//! 조회 캐시: read models that sum the whole program (the national roll-up, the budget matrix)
//! kept until the next change that can alter them. Every change appends to the audit chain in its
//! own transaction and, unless its action is one of [`QUIET`], moves the head's `read_seq` with
//! it: a cached value computed at the current `read_seq` is exactly what a fresh read would give.
//! A value computed while a change commits is stored under the older version and so read again on
//! the next request — never served as newer than it is. The quiet actions are listed, not the
//! loud ones, so a new kind of change invalidates the cache until someone decides otherwise.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sqlx::Row;

use crate::remembered_versions::Remembered;
use crate::{Store, StoreError};

type Entry = (i64, Arc<dyn Any + Send + Sync>);

/// How many keys the cache holds before it starts again from empty. Keys carry a year, a day or
/// a filter from the request, so without a bound anyone could grow the server's memory a key at
/// a time; the program's real keys (a few per round, one a day) stay far below it.
const KEYS_AT_MOST: usize = 1024;

/// `map` with room for one more key: emptied when full. Everything in it can be computed again.
fn with_room<V>(map: &mut HashMap<String, V>) -> &mut HashMap<String, V> {
    if map.len() >= KEYS_AT_MOST {
        map.clear();
    }
    map
}

#[derive(Default)]
pub(crate) struct ReadCache {
    entries: Mutex<HashMap<String, Entry>>,
    /// One computation per key at a time: a cold national roll-up reads the whole program, and
    /// twenty readers arriving together each held a copy (the deadline-week benchmark's peak).
    turns: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Reads answered from the cache, and reads that had to compute, since the start.
    hits: AtomicU64,
    misses: AtomicU64,
}

impl ReadCache {
    fn hit<T: Send + Sync + 'static>(&self, key: &str, version: i64) -> Option<Arc<T>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(v, _)| *v == version)
            .and_then(|(_, value)| value.clone().downcast::<T>().ok())
    }

    fn turn(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut turns = self.turns.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(turn) = turns.get(key) {
            return turn.clone();
        }
        with_room(&mut turns).entry(key.to_string()).or_default().clone()
    }
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReadCache")
    }
}

/// Changes that cannot alter a cached read model (the complexes, plans, designations, packages,
/// programs and results it holds, and the rounds, calls and calendar every save reads): drafts
/// and their consulting, accounts and sign-ins, the evaluators' sheets and reminders. Matched as
/// action prefixes. A complex's facts (construction start, statistics) are not quiet: the
/// complexes are cached.
const QUIET: [&str; 13] = [
    // Reading a report's filer, and following a report, change nothing a read model shows.
    "grievance.read_personal",
    "grievance.follow",
    "proposal.",
    "consulting.",
    "submission.",
    "auth.",
    "user.",
    "role.",
    "token.",
    "evaluation.sheet.",
    "evaluation.remind",
    "committee.meeting",
    // A registry file kept for its preview: nothing is read from it until it is loaded.
    "registry.upload",
];

/// Whether a change with this audit action leaves every cached read model as it was.
pub(crate) fn leaves_reads_alone(action: &str) -> bool {
    QUIET.iter().any(|quiet| action.starts_with(quiet))
}

/// Changes no anonymous page or JSON shows: a province's draft, its submitted versions and its
/// files until published, the office's consulting with a province, an evaluator's sheet,
/// accounts and sign-ins, and reading or following a report. Each is also [`QUIET`]. Matched as action prefixes; like
/// [`QUIET`], listed so that a new kind of change counts as public until someone decides.
const PRIVATE: [&str; 15] = [
    "proposal.save",
    // A submitted version is read by the office, its province and its panel; the public sees
    // the plan when the committee's decision on it is published.
    "proposal.submit",
    "proposal.document_add",
    "proposal.document_remove",
    "proposal.document_read",
    "consulting.",
    "evaluation.sheet.",
    "evaluation.remind",
    "auth.",
    "user.",
    "role.",
    "token.",
    "grievance.read_personal",
    "grievance.follow",
    "registry.upload",
];

/// Whether a change with this audit action leaves every answer to an anonymous reader as it
/// was: what the page cache may go on serving.
pub(crate) fn unseen_by_the_public(action: &str) -> bool {
    PRIVATE.iter().any(|private| action.starts_with(private))
}

/// What an operator watches of the store: the read cache's hits and misses since the start, the
/// connection pools' size and idle connections, and how many groups of changes were committed.
#[derive(Debug, Clone, Copy, Default)]
pub struct StoreGauges {
    pub cache_hits: u64,
    pub cache_misses: u64,
    pub read_connections: u32,
    pub read_idle: usize,
    pub write_connections: u32,
    pub write_idle: usize,
    /// Groups committed since the start (see the writer's group commit): fewer than the
    /// changes when writers queue.
    pub write_groups: u64,
}

impl Store {
    /// The figures `/metrics` reports.
    pub fn gauges(&self) -> StoreGauges {
        let (read_connections, read_idle) = self.readers.gauges();
        StoreGauges {
            cache_hits: self.cache.hits.load(Ordering::Relaxed),
            cache_misses: self.cache.misses.load(Ordering::Relaxed),
            read_connections,
            read_idle,
            write_connections: self.writer.pool().size(),
            write_idle: self.writer.pool().num_idle(),
            write_groups: self.writer.groups_committed(),
        }
    }

    /// The version of everything the read cache holds: the audit sequence number of the last
    /// change that could alter it. Remembered for a moment (see [`crate::remembered_versions`]).
    pub async fn data_version(&self) -> Result<i64, StoreError> {
        self.head_number(&self.versions.reads, "SELECT read_seq FROM audit_head WHERE id = 1")
            .await
    }

    /// The version of everything an anonymous reader can see: the audit sequence number of the
    /// last change that is not private (see [`PRIVATE`]). Remembered for a moment, as
    /// [`Self::data_version`] is.
    pub async fn public_seq(&self) -> Result<i64, StoreError> {
        self.head_number(&self.versions.public, "SELECT public_seq FROM audit_head WHERE id = 1")
            .await
    }

    /// One of `audit_head`'s numbers, as `remembered` or else read by `sql`.
    async fn head_number(&self, remembered: &Remembered, sql: &'static str) -> Result<i64, StoreError> {
        remembered
            .or_read(|| async { Ok(sqlx::query(sql).fetch_one(&mut *self.read().await?).await?.try_get(0)?) })
            .await
    }

    /// A copy of [`Self::cached`]'s value, for the small reads most requests make (a round, its
    /// call, the calendar, a panel) whose callers go on to own them.
    pub(crate) async fn cached_copy<T, F, Fut>(&self, key: String, compute: F) -> Result<T, StoreError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        Ok(T::clone(&*self.cached(key, compute).await?))
    }

    /// The value under `key` if nothing has changed since it was computed, else `compute`d now.
    pub(crate) async fn cached<T, F, Fut>(&self, key: String, compute: F) -> Result<Arc<T>, StoreError>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        if let Some(value) = self.cache.hit(&key, self.data_version().await?) {
            self.cache.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(value);
        }
        let turn = self.cache.turn(&key);
        let _turn = turn.lock().await;
        // Whoever held the turn may have just computed it.
        let version = self.data_version().await?;
        if let Some(value) = self.cache.hit(&key, version) {
            return Ok(value);
        }
        self.cache.misses.fetch_add(1, Ordering::Relaxed);
        let value = Arc::new(compute().await?);
        let mut entries = self.cache.entries.lock().unwrap_or_else(|e| e.into_inner());
        if !entries.contains_key(&key) {
            with_room(&mut entries);
        }
        entries.insert(key, (version, value.clone()));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_and_sign_ins_leave_the_cache_while_the_record_packages_and_results_move_it() {
        for quiet in [
            "proposal.save",
            "proposal.submit",
            "auth.sign_in",
            "evaluation.sheet.save",
            "consulting.comment",
        ] {
            assert!(leaves_reads_alone(quiet), "{quiet}");
        }
        for loud in [
            "record.replace",
            "synthetic.load",
            "package.budget",
            "package.execution",
            "results.measurement",
            "results.firm",
            "results.goal",
            "program.edit",
            "committee.publish",
            "committee.decision",
            "complex.statistic",
            "complex.construction_start",
            "round.open",
            "call.update",
            "holiday.add",
            "holiday.remove",
            "evaluation.framework",
            "evaluation.appoint",
            "evaluation.conflict",
            "evaluation.start",
            "something.new",
        ] {
            assert!(!leaves_reads_alone(loud), "{loud}");
        }
    }

    #[test]
    fn drafts_sheets_and_sign_ins_are_private_while_submissions_publications_and_calls_are_seen() {
        for private in [
            "proposal.save",
            "proposal.submit",
            "proposal.document_add",
            "evaluation.sheet.save",
            "evaluation.sheet.submit",
            "auth.sign_in",
            "token.create",
            "consulting.comment",
            "grievance.read_personal",
        ] {
            assert!(unseen_by_the_public(private), "{private}");
        }
        for seen in [
            "proposal.document_publish",
            "evaluation.publish_scores",
            "evaluation.appoint",
            "call.update",
            "holiday.add",
            "round.open",
            "grievance.step",
            "record.replace",
            "something.new",
        ] {
            assert!(!unseen_by_the_public(seen), "{seen}");
        }
        // What nobody outside sees cannot alter a read model the public pages are drawn from.
        for private in PRIVATE {
            assert!(leaves_reads_alone(private), "{private}");
        }
    }

    #[tokio::test]
    async fn keys_from_requests_cannot_grow_the_cache_without_bound() {
        let scratch = crate::scratch::Scratch::new("read-cache-keys", None).await;
        let store = &scratch.store;
        for year in 0..(3 * KEYS_AT_MOST as i32) {
            assert_eq!(store.round(year).await.unwrap(), None);
        }
        let entries = store.cache.entries.lock().unwrap().len();
        let turns = store.cache.turns.lock().unwrap().len();
        assert!(entries <= KEYS_AT_MOST && turns <= KEYS_AT_MOST, "{entries} {turns}");
        assert!(entries > 0, "what was asked last is still kept");
        scratch.end().await;
    }

    #[tokio::test]
    async fn a_cold_value_is_computed_once_however_many_ask_for_it_at_once() {
        let scratch = crate::scratch::Scratch::new("read-cache", None).await;
        let store = &scratch.store;
        let computed = std::sync::atomic::AtomicUsize::new(0);
        let ask = || {
            store.cached("cold".into(), || async {
                computed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                // Long enough that every caller arrives while the first is still computing.
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                Ok(42)
            })
        };
        let (a, b, c, d) = tokio::join!(ask(), ask(), ask(), ask());
        for value in [a, b, c, d] {
            assert_eq!(*value.unwrap(), 42);
        }
        assert_eq!(computed.load(std::sync::atomic::Ordering::SeqCst), 1);
        scratch.end().await;
    }
}
