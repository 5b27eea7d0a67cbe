//! 발송함: messages written in the same transaction as the change that causes them, sent by a
//! worker that any number of instances may run at once.
//!
//! A worker claims a message with one conditional `UPDATE … RETURNING`: on PostgreSQL the row
//! lock makes a second claimer wait and then find the condition false; on SQLite there is one
//! writer. A claim is a lease: a worker that dies while sending leaves the message to be
//! claimed again when the lease ends, and it goes out again with the same Message-ID. Delivery
//! is therefore at least once, and a relay or mailbox that sees the same Message-ID twice can
//! drop the copy; the documented window is a crash between the relay's acceptance and the
//! `sent` record.

pub mod addresses;
pub mod feeds;
mod recipients;

use sandan_domain::mail::{Class, Kind, Letter, MAX_ATTEMPTS, Status};
use sandan_domain::{Actor, UserId};
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::secrets::new_token;
use crate::writer::Tx;
use crate::{EditError, Store, StoreError};

pub use recipients::Audience;

/// A message as a worker sends it.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    /// The unique part of the Message-ID header, the same on every attempt.
    pub message_id: String,
    pub address: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    /// Attempts so far, this one included.
    pub attempts: u32,
}

/// A message as the office sees it in the outbox.
#[derive(Debug, Clone, Serialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub created_at: String,
    pub created_by: String,
    pub kind: Kind,
    pub round: Option<i32>,
    pub login: String,
    pub address: String,
    pub subject: String,
    pub body: String,
    pub status: Status,
    pub attempts: u32,
    /// The relay's answer to the last failed attempt.
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}

/// Messages by status, for the outbox page and `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OutboxCounts {
    pub queued: i64,
    pub sending: i64,
    pub sent: i64,
    pub failed: i64,
}

/// Adds `letter` for every reader in `audience`, inside the caller's transaction, so the
/// message exists exactly when the change that causes it does. Returns how many were queued.
pub(crate) async fn enqueue(
    tx: &mut Tx,
    audience: Audience<'_>,
    letter: &Letter,
    change: &Change<'_>,
) -> Result<usize, sqlx::Error> {
    let readers = recipients::of(tx, &audience, letter.kind.class()).await?;
    for (user, address) in &readers {
        insert(tx, *user, address, letter, None, change).await?;
    }
    Ok(readers.len())
}

/// `letter` once to each reader of any of `audiences`, inside the caller's transaction.
pub(crate) async fn announce_in(
    tx: &mut Tx,
    audiences: &[Audience<'_>],
    letter: &Letter,
    change: &Change<'_>,
) -> Result<usize, sqlx::Error> {
    let mut seen = std::collections::BTreeSet::new();
    for audience in audiences {
        for (user, address) in recipients::of(tx, audience, letter.kind.class()).await? {
            if seen.insert(user) {
                insert(tx, user, &address, letter, None, change).await?;
            }
        }
    }
    Ok(seen.len())
}

pub(crate) async fn insert(
    tx: &mut Tx,
    user: UserId,
    address: &str,
    letter: &Letter,
    dedup_key: Option<&str>,
    change: &Change<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO outbox (message_id, dedup_key, user_id, address, kind, round, subject, body, link, \
         created_at, created_by, status, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'queued', 0) \
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(new_token())
    .bind(dedup_key)
    .bind(user.0)
    .bind(address)
    .bind(letter.kind.slug())
    .bind(letter.round.map(i64::from))
    .bind(&letter.subject)
    .bind(&letter.body)
    .bind(&letter.link)
    .bind(change.at)
    .bind(change.actor)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

fn entry(row: &sqlx::any::AnyRow) -> Result<OutboxEntry, StoreError> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    Ok(OutboxEntry {
        id: row.try_get("id")?,
        created_at: row.try_get("created_at")?,
        created_by: row.try_get("created_by")?,
        kind: Kind::from_slug(&kind).ok_or_else(|| StoreError::BadValue(format!("알림 종류 '{kind}'")))?,
        round: row.try_get::<Option<i64>, _>("round")?.map(|r| r as i32),
        login: row.try_get("login")?,
        address: row.try_get("address")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        status: Status::from_slug(&status).ok_or_else(|| StoreError::BadValue(format!("발송 상태 '{status}'")))?,
        attempts: row.try_get::<i64, _>("attempts")? as u32,
        last_error: row.try_get("last_error")?,
        sent_at: row.try_get("sent_at")?,
    })
}

/// A message a worker may take at $1: queued and due, or held by a worker whose lease ran out.
macro_rules! due {
    () => {
        "((status = 'queued' AND next_attempt_at <= $1) OR (status = 'sending' AND claimed_until < $1))"
    };
}

impl Store {
    /// Claims up to `limit` messages due at `now` (Unix seconds) for `worker` until
    /// `now + lease`: those queued and due, and those whose last worker's lease ran out.
    pub async fn claim_mail(
        &self,
        worker: &str,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<Outgoing>, StoreError> {
        let ids: Vec<i64> = sqlx::query(concat!("SELECT id FROM outbox WHERE ", due!(), " ORDER BY id LIMIT $2"))
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *self.read().await?)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
        let mut claimed = Vec::new();
        for id in ids {
            let row = sqlx::query(concat!(
                "UPDATE outbox SET status = 'sending', claimed_by = $2, claimed_until = $3, attempts = attempts + 1 \
                 WHERE id = $4 AND ",
                due!(),
                " RETURNING id, message_id, address, subject, body, link, attempts"
            ))
            .bind(now)
            .bind(worker)
            .bind(now + lease)
            .bind(id)
            .fetch_optional(self.writer.pool())
            .await?;
            if let Some(row) = row {
                claimed.push(Outgoing {
                    id: row.try_get("id")?,
                    message_id: row.try_get("message_id")?,
                    address: row.try_get("address")?,
                    subject: row.try_get("subject")?,
                    body: row.try_get("body")?,
                    link: row.try_get("link")?,
                    attempts: row.try_get::<i64, _>("attempts")? as u32,
                });
            }
        }
        Ok(claimed)
    }

    /// Records that the relay accepted a message `worker` holds. False when its lease had
    /// ended and another worker holds it now.
    pub async fn mail_sent(&self, id: i64, worker: &str, at: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'sent', sent_at = $1, last_error = NULL, claimed_by = NULL, claimed_until = NULL \
             WHERE id = $2 AND claimed_by = $3 AND status = 'sending'",
        )
        .bind(at)
        .bind(id)
        .bind(worker)
        .execute(self.writer.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a failed attempt with the relay's answer: tried again at `retry_at`, or given up
    /// when the refusal is permanent (`None`) or the attempts are spent.
    pub async fn mail_failed(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<(), StoreError> {
        let error: String = error.chars().take(500).collect();
        sqlx::query(
            "UPDATE outbox SET \
               status = CASE WHEN $1 IS NULL OR attempts >= $2 THEN 'failed' ELSE 'queued' END, \
               next_attempt_at = COALESCE($1, next_attempt_at), last_error = $3, \
               claimed_by = NULL, claimed_until = NULL \
             WHERE id = $4 AND claimed_by = $5 AND status = 'sending'",
        )
        .bind(retry_at)
        .bind(i64::from(MAX_ATTEMPTS))
        .bind(&error)
        .bind(id)
        .bind(worker)
        .execute(self.writer.pool())
        .await?;
        Ok(())
    }

    /// The newest messages first, of one status or all.
    pub async fn outbox(&self, status: Option<Status>, limit: i64) -> Result<Vec<OutboxEntry>, StoreError> {
        sqlx::query(
            "SELECT o.id, o.created_at, o.created_by, o.kind, o.round, u.login, o.address, o.subject, o.body, \
                    o.status, o.attempts, o.last_error, o.sent_at \
             FROM outbox o JOIN users u ON u.id = o.user_id \
             WHERE $1 IS NULL OR o.status = $1 ORDER BY o.id DESC LIMIT $2",
        )
        .bind(status.map(Status::slug))
        .bind(limit)
        .fetch_all(&mut *self.read().await?)
        .await?
        .iter()
        .map(entry)
        .collect()
    }

    /// Messages one user was sent or will be, newest first: what her inbox of mail shows her.
    pub async fn outbox_of(&self, user: UserId, limit: i64) -> Result<Vec<OutboxEntry>, StoreError> {
        sqlx::query(
            "SELECT o.id, o.created_at, o.created_by, o.kind, o.round, u.login, o.address, o.subject, o.body, \
                    o.status, o.attempts, o.last_error, o.sent_at \
             FROM outbox o JOIN users u ON u.id = o.user_id \
             WHERE o.user_id = $1 ORDER BY o.id DESC LIMIT $2",
        )
        .bind(user.0)
        .bind(limit)
        .fetch_all(&mut *self.read().await?)
        .await?
        .iter()
        .map(entry)
        .collect()
    }

    pub async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
            .fetch_all(&mut *self.read().await?)
            .await?;
        let mut counts = OutboxCounts::default();
        for row in rows {
            let n: i64 = row.try_get("n")?;
            match Status::from_slug(&row.try_get::<String, _>("status")?) {
                Some(Status::Queued) => counts.queued = n,
                Some(Status::Sending) => counts.sending = n,
                Some(Status::Sent) => counts.sent = n,
                Some(Status::Failed) => counts.failed = n,
                None => {}
            }
        }
        Ok(counts)
    }

    /// 재발송: a failed message goes back in the queue with its attempts reset, due at `now`.
    pub async fn resend(&self, id: i64, now: i64, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = $1, last_error = NULL \
             WHERE id = $2 AND status = 'failed'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(EditError::Refused(
                "발송에 실패한 메일만 다시 보낼 수 있습니다. 목록을 새로 고쳐 상태를 확인하십시오.".into(),
            ));
        }
        audit::record(&mut tx, change, "mail.resend", &format!("outbox/{id}"), None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// 공지: the office's message to every reader of `audience` in a round. Returns how many
    /// were queued; none is not an error (nobody may have a verified address yet).
    pub async fn announce(
        &self,
        audience: &[Audience<'_>],
        letter: &Letter,
        change: &Change<'_>,
    ) -> Result<usize, EditError> {
        let mut tx = self.writer.begin().await?;
        let readers = announce_in(&mut tx, audience, letter, change).await?;
        let after = serde_json::json!({
            "round": letter.round, "subject": letter.subject, "readers": readers,
            "audience": audience.iter().map(Audience::describe).collect::<Vec<_>>(),
        });
        let subject = letter.round.map_or("mail".to_string(), |r| format!("round/{r}"));
        audit::record(
            &mut tx,
            change,
            "mail.announce",
            &subject,
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(readers)
    }

    /// A scheduled reminder, queued once per `key` however many instances or passes try.
    /// Nothing is queued when she has no verified address or turned reminders off.
    pub async fn remind_by_mail(
        &self,
        user: UserId,
        letter: &Letter,
        key: &str,
        change: &Change<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        let readers = recipients::of(&mut tx, &Audience::User(user), Class::Reminder).await?;
        let mut queued = false;
        for (user, address) in readers {
            queued |= insert(&mut tx, user, &address, letter, Some(key), change).await?;
        }
        tx.commit().await?;
        Ok(queued)
    }

    /// Everyone who wants reminders and has an address to receive them, with her roles.
    pub async fn reminder_readers(&self) -> Result<Vec<Actor>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, login FROM users WHERE disabled = 0 AND mail_reminders = 1 \
             AND email IS NOT NULL AND email_verified_at IS NOT NULL ORDER BY id",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        let mut actors = Vec::with_capacity(rows.len());
        for row in rows {
            let actor = self
                .actor(UserId(row.try_get("id")?), row.try_get("login")?)
                .await
                .map_err(|e| match e {
                    crate::accounts::AccountError::Store(e) => e,
                    _ => StoreError::BadValue("사용자의 역할".into()),
                })?;
            actors.push(actor);
        }
        Ok(actors)
    }
}
