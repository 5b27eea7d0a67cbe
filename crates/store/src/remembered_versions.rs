//! 판 기억: the two versions the caches are keyed on — the read cache's (see
//! [`crate::Store::data_version`]) and the public's (see [`crate::Store::public_seq`]) — as
//! last read, so that a kept value is not a round trip to the database each time. On PostgreSQL
//! that round trip was most of a kept page's cost; on SQLite, in the deadline week, it was one of
//! the ten statements of every plan save. A change committed through this store forgets the
//! versions it moved at once; one committed by another instance or process is seen within
//! [`REMEMBERED_FOR`].
//!
//! Except the read cache's version on PostgreSQL, which is read every time: there several
//! instances share one database, and an official signed in on one must see on her next request
//! what she just changed through the other (the instances test). An anonymous page may be 50 ms
//! behind; her own change may not. On SQLite the other writer is the command line on the same
//! file.

use std::future::Future;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::Backend;

pub(crate) const REMEMBERED_FOR: Duration = Duration::from_millis(50);

/// Both versions; the store and its writer share one.
#[derive(Debug)]
pub(crate) struct Versions {
    pub(crate) reads: Remembered,
    pub(crate) public: Remembered,
}

impl Versions {
    pub(crate) fn of(backend: Backend) -> Versions {
        Versions {
            reads: Remembered {
                always_read: backend == Backend::Postgres,
                ..Remembered::default()
            },
            public: Remembered::default(),
        }
    }

    /// After a group of changes committed, moving the read cache's version or the public's:
    /// the next read of a moved one asks the database. A group of drafts and sign-ins moves
    /// neither, and in the deadline week nearly every group is one.
    pub(crate) fn forget(&self, moved: Moved) {
        if moved.reads {
            self.reads.forget();
        }
        if moved.public {
            self.public.forget();
        }
    }
}

/// Which versions a group of changes moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Moved {
    pub(crate) reads: bool,
    pub(crate) public: bool,
}

impl Moved {
    /// When what a group did to the versions is not known (the audit head was replaced).
    pub(crate) const BOTH: Moved = Moved {
        reads: true,
        public: true,
    };
}

/// One version as last read.
#[derive(Debug, Default)]
pub(crate) struct Remembered {
    last: Mutex<Option<(i64, Instant)>>,
    /// Held while the number is read from the database, so the others wait for that read.
    reading: tokio::sync::Mutex<()>,
    /// How many times it was forgotten: a read that began before a change committed must not
    /// be remembered as current after it.
    forgotten: AtomicU64,
    /// Never remembered: every caller reads the database.
    always_read: bool,
}

impl Remembered {
    /// The number while it is fresh, else `read` from the database — once for all who find it
    /// forgotten at once: fifty readers asking the database together every 50 ms queued on
    /// PostgreSQL's pool.
    pub(crate) async fn or_read<F, Fut, E>(&self, read: F) -> Result<i64, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<i64, E>>,
    {
        if self.always_read {
            return read().await;
        }
        if let Some(seq) = self.remembered() {
            return Ok(seq);
        }
        let _reading = self.reading.lock().await;
        if let Some(seq) = self.remembered() {
            return Ok(seq);
        }
        let mark = self.mark();
        let seq = read().await?;
        self.remember(seq, mark);
        Ok(seq)
    }

    /// The remembered number while it is fresh.
    fn remembered(&self) -> Option<i64> {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.filter(|(_, at)| at.elapsed() < REMEMBERED_FOR).map(|(seq, _)| seq)
    }

    /// Where a read of the database begins: hand the mark back to [`Self::remember`].
    pub(crate) fn mark(&self) -> u64 {
        self.forgotten.load(Ordering::Acquire)
    }

    /// Keeps `seq`, read since `mark`, unless a change committed meanwhile.
    fn remember(&self, seq: i64, mark: u64) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if self.forgotten.load(Ordering::Acquire) == mark {
            *last = Some((seq, Instant::now()));
        }
    }

    /// After a change committed: the next read asks the database.
    fn forget(&self) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        self.forgotten.fetch_add(1, Ordering::AcqRel);
        *last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_read_while_a_change_committed_is_not_remembered() {
        let version = Remembered::default();
        let before = version.mark();
        version.forget();
        version.remember(3, before);
        assert_eq!(version.remembered(), None, "read before the change: asked again");
        let after = version.mark();
        version.remember(4, after);
        assert_eq!(version.remembered(), Some(4));
        version.forget();
        assert_eq!(version.remembered(), None, "a change forgets it");
    }

    #[test]
    fn a_group_forgets_only_the_versions_it_moved() {
        let versions = Versions::of(Backend::Sqlite);
        let remember_both = |seq| {
            let (reads, public) = (versions.reads.mark(), versions.public.mark());
            versions.reads.remember(seq, reads);
            versions.public.remember(seq, public);
        };
        remember_both(7);
        versions.forget(Moved::default());
        assert_eq!(
            (versions.reads.remembered(), versions.public.remembered()),
            (Some(7), Some(7))
        );
        versions.forget(Moved {
            reads: false,
            public: true,
        });
        assert_eq!(
            (versions.reads.remembered(), versions.public.remembered()),
            (Some(7), None)
        );
        remember_both(8);
        versions.forget(Moved::BOTH);
        assert_eq!(
            (versions.reads.remembered(), versions.public.remembered()),
            (None, None)
        );
    }

    /// Through the writer: the group commit decides from its entries' actions what to forget.
    #[tokio::test]
    async fn a_group_of_private_changes_keeps_both_versions_and_a_public_one_forgets_both() {
        let scratch = crate::scratch::Scratch::new("versions", None).await;
        let store = &scratch.store;
        let change = crate::audit::Change {
            actor: "admin",
            source: "cli",
            at: "2027-03-02T09:00:00+09:00",
        };
        let forgotten = |store: &crate::Store| (store.versions.reads.mark(), store.versions.public.mark());
        let start = forgotten(store);
        store
            .create_user("kim", "김평가", "a long enough passphrase 9", &[], None, &change)
            .await
            .unwrap();
        assert_eq!(forgotten(store), start, "an account moves neither version");
        let holiday = sandan_domain::calendar::Holiday {
            day: sandan_domain::Day::ymd(2027, 3, 3),
            name: "임시공휴일".into(),
        };
        store.add_holiday(&holiday, &change).await.unwrap();
        assert_eq!(forgotten(store), (start.0 + 1, start.1 + 1), "a holiday moves both");
        scratch.end().await;
    }

    #[tokio::test]
    async fn a_forgotten_version_is_read_once_and_then_remembered() {
        let version = Remembered::default();
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let read = || async {
            reads.fetch_add(1, Ordering::SeqCst);
            Ok::<i64, ()>(5)
        };
        assert_eq!(version.or_read(read).await, Ok(5));
        assert_eq!(version.or_read(read).await, Ok(5));
        assert_eq!(
            reads.load(Ordering::SeqCst),
            1,
            "the second answer is the remembered one"
        );
        version.forget();
        assert_eq!(version.or_read(read).await, Ok(5));
        assert_eq!(reads.load(Ordering::SeqCst), 2, "a forgotten version is read again");
    }

    #[tokio::test]
    async fn on_postgresql_the_read_cache_version_is_read_every_time_and_the_public_one_remembered() {
        let versions = Versions::of(Backend::Postgres);
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let read = || async {
            reads.fetch_add(1, Ordering::SeqCst);
            Ok::<i64, ()>(5)
        };
        versions.reads.or_read(read).await.unwrap();
        versions.reads.or_read(read).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        versions.public.or_read(read).await.unwrap();
        versions.public.or_read(read).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 3);
        let sqlite = Versions::of(Backend::Sqlite);
        sqlite.reads.or_read(read).await.unwrap();
        sqlite.reads.or_read(read).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 4, "one file: remembered");
    }
}
