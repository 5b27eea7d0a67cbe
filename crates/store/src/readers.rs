//! 읽기 연결: the connections reads run on, outside any change.
//!
//! sqlx's pool pings every connection handed back to it before another reader may have it, to
//! catch one a cancelled query left broken. On SQLite that ping is a round trip to the
//! connection's own thread after every read — in the deadline week a third of the round trips
//! of a plan save, each two context switches on a machine whose two cores the server shares.
//! A SQLite connection is a file handle on its own thread: a cancelled read leaves its command
//! queued on that thread, which the next reader's command waits behind, and nothing cuts it. So
//! on SQLite the connections are taken from the pool once and kept here, handed from reader to
//! reader as they are, and as many are open as the pool allows. On PostgreSQL, where a restarted
//! server or a proxy's timeout does cut connections, every read goes through the pool and its
//! check as before.

use std::ops::{Deref, DerefMut};
use std::sync::Mutex;

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::Backend;

#[derive(Debug)]
pub(crate) struct Readers {
    pool: AnyPool,
    /// SQLite's connections between readers; None on PostgreSQL.
    kept: Option<Kept>,
}

#[derive(Debug)]
struct Kept {
    /// None once closing: a reader finishing then hands her connection back to the pool.
    idle: Mutex<Option<Vec<PoolConnection<Any>>>>,
    /// One for each connection the pool may open: a reader holding one either finds a kept
    /// connection idle or is sure the pool has one to give.
    turns: Semaphore,
}

impl Readers {
    pub(crate) fn new(pool: AnyPool, backend: Backend) -> Readers {
        let kept = (backend == Backend::Sqlite).then(|| Kept {
            idle: Mutex::new(Some(Vec::new())),
            turns: Semaphore::new(pool.options().get_max_connections() as usize),
        });
        Readers { pool, kept }
    }

    /// A connection for one reader, until the reader is dropped. Waits as long as the pool
    /// would for a free connection, and fails the same way when none frees up.
    pub(crate) async fn read(&self) -> Result<Reader<'_>, sqlx::Error> {
        let Some(kept) = &self.kept else {
            return Ok(Reader {
                conn: Some(self.pool.acquire().await?),
                kept: None,
            });
        };
        let turn = tokio::time::timeout(self.pool.options().get_acquire_timeout(), kept.turns.acquire())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
            .map_err(|_| sqlx::Error::PoolClosed)?;
        let idle = kept
            .idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
            .and_then(Vec::pop);
        let conn = match idle {
            Some(conn) => conn,
            None => self.pool.acquire().await?,
        };
        Ok(Reader {
            conn: Some(conn),
            kept: Some((kept, turn)),
        })
    }

    /// Connections open for reading, and how many of them wait unused.
    pub(crate) fn gauges(&self) -> (u32, usize) {
        let kept = self.kept.as_ref().map_or(0, |k| {
            k.idle
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
                .map_or(0, Vec::len)
        });
        (self.pool.size(), self.pool.num_idle() + kept)
    }

    /// Hands the kept connections back so the pool can close them all.
    pub(crate) async fn close(&self) {
        if let Some(kept) = &self.kept {
            kept.turns.close();
            kept.idle.lock().unwrap_or_else(|e| e.into_inner()).take();
        }
        self.pool.close().await;
    }
}

/// One reader's connection: back to the next reader (SQLite) or the pool (PostgreSQL) when
/// dropped.
pub(crate) struct Reader<'a> {
    conn: Option<PoolConnection<Any>>,
    kept: Option<(&'a Kept, SemaphorePermit<'a>)>,
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        // The connection is back among the idle before the turn is given up (the permit is
        // dropped after this body), so whoever gets the turn finds it.
        if let (Some((kept, _turn)), Some(conn)) = (&self.kept, self.conn.take())
            && let Some(idle) = kept.idle.lock().unwrap_or_else(|e| e.into_inner()).as_mut()
        {
            idle.push(conn);
        }
    }
}

impl Deref for Reader<'_> {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        self.conn
            .as_deref()
            .expect("a reader holds its connection until dropped")
    }
}

impl DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.conn
            .as_deref_mut()
            .expect("a reader holds its connection until dropped")
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::scratch::Scratch;

    #[tokio::test]
    async fn a_connection_goes_from_reader_to_reader_and_no_more_are_open_than_allowed() {
        let scratch = Scratch::new("readers-turns", Some(2)).await;
        let store = &scratch.store;
        for _ in 0..20 {
            sqlx::query("SELECT 1")
                .execute(&mut *store.read().await.unwrap())
                .await
                .unwrap();
        }
        assert_eq!(
            store.readers.gauges(),
            (1, 1),
            "one connection, kept idle between readers"
        );
        let first = store.read().await.unwrap();
        let second = store.read().await.unwrap();
        assert_eq!(store.readers.gauges(), (2, 0));
        let waited = tokio::time::timeout(Duration::from_millis(100), store.read()).await;
        assert!(waited.is_err(), "a third reader waits while two hold both connections");
        drop(waited);
        drop(first);
        let third = tokio::time::timeout(Duration::from_secs(5), store.read()).await;
        assert!(third.is_ok(), "and gets the first one's connection once it is done");
        assert_eq!(store.readers.gauges().0, 2, "no third connection was opened");
        drop((second, third));
        scratch.end().await;
    }

    #[tokio::test]
    async fn closing_waits_for_a_reader_still_at_work_and_then_ends() {
        let scratch = Scratch::new("readers-close", Some(2)).await;
        let store = &scratch.store;
        sqlx::query("SELECT 1")
            .execute(&mut *store.read().await.unwrap())
            .await
            .unwrap();
        let busy = store.read().await.unwrap();
        let closing = store.clone();
        let closed = tokio::spawn(async move { closing.close().await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!closed.is_finished(), "the reader's connection is still out");
        drop(busy);
        tokio::time::timeout(Duration::from_secs(5), closed)
            .await
            .expect("closed once the reader was done")
            .unwrap();
        assert!(store.read().await.is_err(), "a closed store has no readers");
        scratch.end().await;
    }
}
