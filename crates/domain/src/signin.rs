//! 로그인 규칙: when an account locks, when an address is slowed or refused, and how long a
//! session lives. Times are Unix seconds supplied by the caller; the domain keeps no clock.

/// Failed sign-ins in a row before an account locks, and for how long.
pub const LOCK_AFTER: i64 = 5;
pub const LOCK_SECONDS: i64 = 15 * 60;
/// Failed sign-ins from one address within the window before it is refused outright.
pub const SOURCE_LIMIT: i64 = 20;
pub const SOURCE_WINDOW: i64 = 15 * 60;
/// A session ends after this much idle time, and in any case after its maximum age.
pub const IDLE_SECONDS: i64 = 30 * 60;
pub const MAX_AGE_SECONDS: i64 = 12 * 60 * 60;
/// Each recent failure from an address delays its next attempt this much, up to a cap.
const SLOW_DOWN_MS: u64 = 200;
const SLOW_DOWN_CAP: i64 = 10;

/// What one more wrong password does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Counted; the account stays open.
    Counted { failed: i64 },
    /// The account is locked until then after `failed` failures in a row, and the count starts
    /// again. Whoever tried is answered as for any wrong password — a lock answered otherwise
    /// would tell a stranger that the login exists — and the owner is told at her next sign-in.
    Locked { until: i64, failed: i64 },
}

pub fn after_failure(failed_before: i64, now: i64) -> AfterFailure {
    let failed = failed_before + 1;
    if failed >= LOCK_AFTER {
        AfterFailure::Locked {
            until: now + LOCK_SECONDS,
            failed,
        }
    } else {
        AfterFailure::Counted { failed }
    }
}

/// Whether an account locked until `locked_until` is locked at `now`.
pub fn is_locked(locked_until: i64, now: i64) -> bool {
    locked_until > now
}

/// Whether an address with this many recent failures is refused without a password check.
pub fn source_refused(recent_failures: i64) -> bool {
    recent_failures >= SOURCE_LIMIT
}

/// How long to hold an attempt from an address with this many recent failures.
pub fn slow_down_ms(recent_failures: i64) -> u64 {
    SLOW_DOWN_MS * recent_failures.clamp(0, SLOW_DOWN_CAP) as u64
}

/// A session's lifetime: opened at `created`, ending at `expires_at` unless used again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionTimes {
    pub created: i64,
    pub expires_at: i64,
}

impl SessionTimes {
    pub fn open(now: i64) -> SessionTimes {
        SessionTimes {
            created: now,
            expires_at: now + IDLE_SECONDS,
        }
    }

    pub fn is_alive(&self, now: i64) -> bool {
        now < self.expires_at && now < self.created + MAX_AGE_SECONDS
    }

    /// Whether use at `now` moves the expiry by a minute or more: smaller moves are not worth a
    /// database write on every request.
    pub fn worth_extending(&self, now: i64) -> bool {
        self.used(now).expires_at - self.expires_at >= 60
    }

    /// Used at `now`: the idle timer restarts, never past the maximum age.
    pub fn used(&self, now: i64) -> SessionTimes {
        SessionTimes {
            created: self.created,
            expires_at: (now + IDLE_SECONDS).min(self.created + MAX_AGE_SECONDS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_wrong_password_in_a_row_locks_the_account_for_fifteen_minutes() {
        assert_eq!(after_failure(0, 100), AfterFailure::Counted { failed: 1 });
        assert_eq!(after_failure(3, 100), AfterFailure::Counted { failed: 4 });
        assert_eq!(
            after_failure(4, 100),
            AfterFailure::Locked {
                until: 100 + 15 * 60,
                failed: 5
            }
        );
        assert!(is_locked(100 + 15 * 60, 100));
        assert!(!is_locked(100, 100), "unlocked at the moment the lock ends");
    }

    #[test]
    fn an_address_is_slowed_with_each_failure_and_refused_after_twenty() {
        assert_eq!(slow_down_ms(0), 0);
        assert_eq!(slow_down_ms(4), 800);
        assert_eq!(slow_down_ms(50), 2000, "capped");
        assert!(!source_refused(19));
        assert!(source_refused(20));
    }

    #[test]
    fn a_session_lives_thirty_idle_minutes_and_twelve_hours_at_most() {
        let s = SessionTimes::open(0);
        assert!(s.is_alive(IDLE_SECONDS - 1));
        assert!(!s.is_alive(IDLE_SECONDS));
        let late = SessionTimes {
            created: 0,
            expires_at: MAX_AGE_SECONDS - 60,
        }
        .used(MAX_AGE_SECONDS - 60);
        assert_eq!(late.expires_at, MAX_AGE_SECONDS, "use near the end cannot stretch it");
        assert!(!late.is_alive(MAX_AGE_SECONDS));
    }

    #[test]
    fn a_session_used_again_within_a_minute_is_not_rewritten() {
        let s = SessionTimes::open(0);
        assert!(!s.worth_extending(59));
        assert!(s.worth_extending(60));
    }
}
