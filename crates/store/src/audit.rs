//! 감사 기록: every change, who made it, from where, when, and the state before and after —
//! written in the same transaction as the change so neither exists without the other.
//!
//! The entries form a hash chain: each entry's `hash` covers the previous entry's hash and its
//! own content, and `audit_head` remembers the last seq and hash. An entry edited or deleted
//! afterwards with plain SQL breaks the chain, and [`Store::verify_audit`] says where. The chain
//! has no secret key: someone able to rewrite every later entry and the head can hide an edit,
//! so it proves the trail was not touched by anything short of that.

mod verify;

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

use crate::remembered_versions::Moved;
use crate::secrets::hex;
use crate::writer::Tx;

use crate::{Store, StoreError};

pub use verify::AuditCheck;
pub(crate) use verify::verify_chain;

/// Who changed what, from where, at which moment (RFC 3339, supplied by the caller: the store
/// keeps no clock).
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub actor: &'a str,
    /// Where the change came from: the client's IP address for a web request, `cli` for the
    /// command line, `system` for the server itself.
    pub source: &'a str,
    pub at: &'a str,
}

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    /// Its position in the chain: 1, 2, 3, … with no gaps.
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub source: String,
    pub action: String,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The `prev_hash` of the first entry.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry's hash covers. It is hashed as the compact JSON object serde_json writes for
/// it — these keys in this order, strings escaped the JSON way, a missing before/after as
/// `null` — so no two different entries share an encoding.
#[derive(Serialize)]
pub(crate) struct Content<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub source: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// An entry's link in the chain: SHA-256 of the previous entry's hash (64 hex digits, as
/// stored) followed by the entry's content, in lowercase hex. Writing and verifying both use
/// this one function.
pub(crate) fn chain_hash(prev_hash: &str, content: &Content<'_>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(serde_json::to_vec(content).expect("strings and integers always serialise"));
    hex(&hasher.finalize())
}

/// The chain's head as a group of changes moves it (see the writer's group commit): read from
/// `audit_head` at the group's first entry and written back once, just before its COMMIT. The
/// group holds the write lock from its start, so nobody else can move the head meanwhile, and
/// each entry costs one statement instead of three.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    seq: i64,
    hash: String,
    read_seq: i64,
    public_seq: i64,
    /// Ahead of what `audit_head` holds.
    moved: bool,
    /// Which of the two versions the entries since the head was read have moved.
    versions_moved: Moved,
}

impl Head {
    pub(crate) async fn read(conn: &mut AnyConnection) -> Result<Head, sqlx::Error> {
        let row = sqlx::query("SELECT seq, hash, read_seq, public_seq FROM audit_head WHERE id = 1")
            .fetch_one(conn)
            .await?;
        Ok(Head {
            seq: row.try_get("seq")?,
            hash: row.try_get("hash")?,
            read_seq: row.try_get("read_seq")?,
            public_seq: row.try_get("public_seq")?,
            moved: false,
            versions_moved: Moved::default(),
        })
    }

    /// Writes the head back if entries have moved it.
    pub(crate) async fn write(&mut self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        if !self.moved {
            return Ok(());
        }
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2, read_seq = $3, public_seq = $4 WHERE id = 1")
            .bind(self.seq)
            .bind(&self.hash)
            .bind(self.read_seq)
            .bind(self.public_seq)
            .execute(conn)
            .await?;
        self.moved = false;
        Ok(())
    }

    /// Which of the read cache's and the public's versions the entries since the head was read
    /// have moved.
    pub(crate) fn versions_moved(&self) -> Moved {
        self.versions_moved
    }

    /// The head once the entry `seq` with `hash`, recording `action`, is appended. The read
    /// cache's and the public's versions move only with the changes they can see.
    fn after(&self, seq: i64, hash: String, action: &str) -> Head {
        let reads = !crate::read_cache::leaves_reads_alone(action);
        let public = reads || !crate::read_cache::unseen_by_the_public(action);
        Head {
            seq,
            hash,
            read_seq: if reads { seq } else { self.read_seq },
            public_seq: if public { seq } else { self.public_seq },
            moved: true,
            versions_moved: Moved {
                reads: self.versions_moved.reads || reads,
                public: self.versions_moved.public || public,
            },
        }
    }
}

/// Appends an entry to the chain inside the caller's change.
pub(crate) async fn record(
    tx: &mut Tx,
    change: &Change<'_>,
    action: &str,
    subject: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<(), StoreError> {
    let head = tx.audit_head().await?.clone();
    let seq = head.seq + 1;
    let hash = chain_hash(
        &head.hash,
        &Content {
            seq,
            at: change.at,
            actor: change.actor,
            source: change.source,
            action,
            subject,
            before: before.as_deref(),
            after: after.as_deref(),
        },
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, source, action, subject, before, after, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(seq)
    .bind(change.at)
    .bind(change.actor)
    .bind(change.source)
    .bind(action)
    .bind(subject)
    .bind(before)
    .bind(after)
    .bind(&head.hash)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    *tx.audit_head().await? = head.after(seq, hash, action);
    Ok(())
}

/// Which entries to show: empty fields match everything. Dates are YYYY-MM-DD, inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: String,
    pub subject: String,
    pub from: String,
    pub to: String,
}

impl Store {
    /// The audit trail, newest first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_search(&AuditFilter::default(), limit).await
    }

    /// Entries matching `filter`, newest first.
    pub async fn audit_search(&self, filter: &AuditFilter, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, seq, at, actor, source, action, subject, before, after FROM audit_log \
             WHERE ($1 = '' OR actor = $1) AND ($2 = '' OR subject = $2) \
               AND ($3 = '' OR substr(at, 1, 10) >= $3) AND ($4 = '' OR substr(at, 1, 10) <= $4) \
             ORDER BY seq DESC LIMIT $5",
        )
        .bind(&filter.actor)
        .bind(&filter.subject)
        .bind(&filter.from)
        .bind(&filter.to)
        .bind(limit)
        .fetch_all(&mut *self.read().await?)
        .await?;
        Ok(rows.iter().map(AuditEntry::read).collect::<Result<_, _>>()?)
    }
}

impl AuditEntry {
    pub(crate) fn read(r: &sqlx::any::AnyRow) -> Result<AuditEntry, sqlx::Error> {
        Ok(AuditEntry {
            id: r.try_get("id")?,
            seq: r.try_get("seq")?,
            at: r.try_get("at")?,
            actor: r.try_get("actor")?,
            source: r.try_get("source")?,
            action: r.try_get("action")?,
            subject: r.try_get("subject")?,
            before: r.try_get("before")?,
            after: r.try_get("after")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(seq: i64, actor: &str) -> Content<'_> {
        Content {
            seq,
            at: "2026-11-25T01:02:03Z",
            actor,
            source: "cli",
            action: "record.replace",
            subject: "record",
            before: None,
            after: Some("{}"),
        }
    }

    #[test]
    fn the_hash_is_sha256_of_the_previous_hash_and_the_entry_as_json() {
        let json = concat!(
            r#"{"seq":1,"at":"2026-11-25T01:02:03Z","actor":"cli:import","source":"cli","#,
            r#""action":"record.replace","subject":"record","before":null,"after":"{}"}"#
        );
        let expected: String = Sha256::digest(format!("{GENESIS}{json}"))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(chain_hash(GENESIS, &content(1, "cli:import")), expected);
    }

    #[test]
    fn every_field_and_the_previous_hash_change_the_hash() {
        let base = chain_hash(GENESIS, &content(1, "a"));
        assert_ne!(base, chain_hash(GENESIS, &content(2, "a")));
        assert_ne!(base, chain_hash(GENESIS, &content(1, "b")));
        assert_ne!(base, chain_hash(&base, &content(1, "a")));
        let moved = Content {
            before: Some("{}"),
            after: None,
            ..content(1, "a")
        };
        assert_ne!(
            base,
            chain_hash(GENESIS, &moved),
            "before and after are not interchangeable"
        );
    }
}
