//! Walking the audit chain from the first entry to the head, stopping at the first place where
//! the trail is not as it was written.

use std::fmt;

use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{AuditEntry, Content, GENESIS, chain_hash};
use crate::{Store, StoreError};

/// What `sandan audit verify` finds: an intact chain, or the first problem in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AuditCheck {
    /// Every entry is as it was written and none is missing.
    Intact { entries: u64 },
    /// The entry at `seq` no longer holds what was written: its content does not match its hash,
    /// or (rewritten together with its hash) it no longer matches what the next entry or the
    /// head recorded of it.
    Altered {
        seq: i64,
        id: i64,
        at: String,
        actor: String,
        action: String,
    },
    /// Entries `expected_seq..found_seq` are missing: the next entry after `after_seq` is
    /// `found_seq`.
    Removed {
        after_seq: i64,
        expected_seq: i64,
        found_seq: i64,
    },
    /// The head counts `head_seq` entries but the trail ends at `last_seq`: the last ones were
    /// deleted.
    TruncatedEnd { head_seq: i64, last_seq: i64 },
}

impl AuditCheck {
    pub fn is_intact(&self) -> bool {
        matches!(self, AuditCheck::Intact { .. })
    }
}

impl fmt::Display for AuditCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditCheck::Intact { entries } => write!(f, "감사 기록 {entries}건의 해시 사슬이 온전합니다."),
            AuditCheck::Altered {
                seq, at, actor, action, ..
            } => {
                write!(
                    f,
                    "감사 기록 {seq}번 항목({at}, {actor}, {action})의 내용이 기록 후 변경되었습니다."
                )
            }
            AuditCheck::Removed {
                after_seq,
                expected_seq,
                found_seq,
            } => {
                let missing = match found_seq - expected_seq {
                    1 => format!("{expected_seq}번 항목이"),
                    n => format!("{expected_seq}~{}번 항목 {n}건이", found_seq - 1),
                };
                if *after_seq == 0 {
                    write!(f, "감사 기록의 맨 앞 {missing} 삭제되었습니다.")
                } else {
                    write!(f, "감사 기록 {after_seq}번 항목 다음의 {missing} 삭제되었습니다.")
                }
            }
            AuditCheck::TruncatedEnd { head_seq, last_seq } => {
                let missing = head_seq - last_seq;
                if *last_seq == 0 {
                    write!(
                        f,
                        "감사 기록은 {head_seq}건이어야 하는데 하나도 남아 있지 않습니다. {missing}건 모두 삭제되었습니다."
                    )
                } else {
                    write!(
                        f,
                        "감사 기록은 {head_seq}번 항목까지 있어야 하는데 {last_seq}번 항목까지만 남아 있습니다. 마지막 {missing}건이 삭제되었습니다."
                    )
                }
            }
        }
    }
}

/// Entries read per query: the chain may be long, so it is read a page at a time.
const PAGE: i64 = 500;

/// An entry as stored, with its link fields.
struct Stored {
    entry: AuditEntry,
    prev_hash: String,
    hash: String,
}

impl Stored {
    fn read(r: &AnyRow) -> Result<Stored, sqlx::Error> {
        Ok(Stored {
            entry: AuditEntry::read(r)?,
            prev_hash: r.try_get("prev_hash")?,
            hash: r.try_get("hash")?,
        })
    }

    fn seq(&self) -> i64 {
        self.entry.seq
    }

    fn recomputed_hash(&self) -> String {
        let e = &self.entry;
        chain_hash(
            &self.prev_hash,
            &Content {
                seq: e.seq,
                at: &e.at,
                actor: &e.actor,
                source: &e.source,
                action: &e.action,
                subject: &e.subject,
                before: e.before.as_deref(),
                after: e.after.as_deref(),
            },
        )
    }

    fn altered(&self) -> AuditCheck {
        let e = &self.entry;
        AuditCheck::Altered {
            seq: e.seq,
            id: e.id,
            at: e.at.clone(),
            actor: e.actor.clone(),
            action: e.action.clone(),
        }
    }
}

impl Store {
    /// Recomputes the audit chain from the first entry and reports the first place it breaks.
    pub async fn verify_audit(&self) -> Result<AuditCheck, StoreError> {
        verify_chain(&mut *self.read().await?).await
    }
}

/// The check itself, on one connection: a restore runs it inside its transaction, on the chain
/// it has written but not yet committed.
pub(crate) async fn verify_chain(conn: &mut AnyConnection) -> Result<AuditCheck, StoreError> {
    // The head is read first: entries written while the check runs only extend the chain
    // past it, and are checked as links like the rest.
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
    let mut previous: Option<Stored> = None;
    let mut entries = 0u64;
    loop {
        let after = previous.as_ref().map_or(i64::MIN, Stored::seq);
        let rows = sqlx::query(
            "SELECT id, seq, at, actor, source, action, subject, before, after, prev_hash, hash \
             FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(&mut *conn)
        .await?;
        let full_page = rows.len() as i64 == PAGE;
        for row in &rows {
            let entry = Stored::read(row)?;
            if let Some(problem) = link_problem(previous.as_ref(), &entry, head_seq, &head_hash) {
                return Ok(problem);
            }
            entries += 1;
            previous = Some(entry);
        }
        if !full_page {
            break;
        }
    }
    let last_seq = previous.as_ref().map_or(0, Stored::seq);
    if last_seq < head_seq {
        return Ok(AuditCheck::TruncatedEnd { head_seq, last_seq });
    }
    Ok(AuditCheck::Intact { entries })
}

/// What is wrong, if anything, between `previous` (none for the first entry) and `entry`.
fn link_problem(previous: Option<&Stored>, entry: &Stored, head_seq: i64, head_hash: &str) -> Option<AuditCheck> {
    let after_seq = previous.map_or(0, Stored::seq);
    let expected_seq = after_seq + 1;
    if entry.seq() > expected_seq {
        return Some(AuditCheck::Removed {
            after_seq,
            expected_seq,
            found_seq: entry.seq(),
        });
    }
    // A seq below the expected one (only possible for the first entry) was written over.
    if entry.seq() < expected_seq || entry.recomputed_hash() != entry.hash {
        return Some(entry.altered());
    }
    // The entry is as written, so its prev_hash is what the previous entry's hash was then: a
    // difference means the previous entry was rewritten, hash and all.
    match previous {
        Some(p) if p.hash != entry.prev_hash => return Some(p.altered()),
        None if entry.prev_hash != GENESIS => return Some(entry.altered()),
        _ => {}
    }
    // The same holds for the last entry against the head.
    if entry.seq() == head_seq && entry.hash != head_hash {
        return Some(entry.altered());
    }
    None
}
