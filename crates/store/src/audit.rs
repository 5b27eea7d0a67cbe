//! 감사 기록: every change, who made it, when, and the state before and after — written in the
//! same transaction as the change so neither exists without the other.

use serde::Serialize;
use sqlx::any::Any;
use sqlx::{Row, Transaction};

use crate::{Store, StoreError};

/// Who changed what, at which moment (RFC 3339, supplied by the caller: the store keeps no clock).
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub actor: &'a str,
    pub at: &'a str,
}

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub(crate) async fn record(
    tx: &mut Transaction<'_, Any>,
    change: &Change<'_>,
    action: &str,
    subject: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, subject, before, after) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(change.at)
        .bind(change.actor)
        .bind(action)
        .bind(subject)
        .bind(before)
        .bind(after)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// The audit trail, newest first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, actor, action, subject, before, after FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    subject: r.try_get("subject")?,
                    before: r.try_get("before")?,
                    after: r.try_get("after")?,
                })
            })
            .collect()
    }
}
