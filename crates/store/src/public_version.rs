//! 공개 판 기억: the public sequence (see [`crate::Store::public_seq`]) as last read, so that a
//! page served from the web's cache is not a round trip to the database each time — on
//! PostgreSQL that round trip was most of a kept page's cost. A change committed through this
//! store forgets it at once; one committed by another instance or process is seen within
//! [`REMEMBERED_FOR`].

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub(crate) const REMEMBERED_FOR: Duration = Duration::from_millis(50);

#[derive(Debug, Default)]
pub(crate) struct PublicVersion {
    last: Mutex<Option<(i64, Instant)>>,
    /// Held while the number is read from the database, so the others wait for that read.
    pub(crate) reading: tokio::sync::Mutex<()>,
    /// How many times it was forgotten: a read that began before a change committed must not
    /// be remembered as current after it.
    forgotten: AtomicU64,
}

impl PublicVersion {
    /// The remembered number while it is fresh.
    pub(crate) fn remembered(&self) -> Option<i64> {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.filter(|(_, at)| at.elapsed() < REMEMBERED_FOR).map(|(seq, _)| seq)
    }

    /// Where a read of the database begins: hand the mark back to [`Self::remember`].
    pub(crate) fn mark(&self) -> u64 {
        self.forgotten.load(Ordering::Acquire)
    }

    /// Keeps `seq`, read since `mark`, unless a change committed meanwhile.
    pub(crate) fn remember(&self, seq: i64, mark: u64) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if self.forgotten.load(Ordering::Acquire) == mark {
            *last = Some((seq, Instant::now()));
        }
    }

    /// After a change committed: the next read asks the database.
    pub(crate) fn forget(&self) {
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
        let version = PublicVersion::default();
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
}
