//! The steps that move a report (each checked by the domain against its status and deadline),
//! the office's deadlines per category, and the approval of a report's public text.

use sandan_domain::grievance::{Category, Deadlines, Progress, Step};
use sandan_domain::{Day, mail};
use sqlx::Row;

use super::{StoredGrievance, subject};
use crate::audit::{self, Change};
use crate::edit::EditError;
use crate::mail::Audience;
use crate::writer::Tx;
use crate::{Store, StoreError};

pub(super) async fn record_event(
    tx: &mut Tx,
    id: i64,
    change: &Change<'_>,
    step: &str,
    after: &Progress,
    note: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO grievance_events (grievance, at, by_login, step, handler, status, due, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(change.at)
    .bind(change.actor)
    .bind(step)
    .bind(after.handler.to_string())
    .bind(after.status.key())
    .bind(after.due.to_string())
    .bind(note.map(str::trim))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn stale(current: &StoredGrievance) -> EditError {
    let last = current.events.last();
    EditError::Stale {
        by: last.map_or_else(String::new, |e| e.by.clone()),
        at: last.map_or_else(String::new, |e| e.at.clone()),
    }
}

impl Store {
    /// Takes `step` on `today`, if the report is still at `expected_version` (when given) and
    /// the domain allows it. Who may take it is the caller's to check.
    pub async fn take_grievance_step(
        &self,
        id: i64,
        step: &Step,
        expected_version: Option<i64>,
        today: &Day,
        change: &Change<'_>,
    ) -> Result<Progress, EditError> {
        let deadlines = self.grievance_deadlines().await?;
        let calendar = self.calendar().await?;
        let mut tx = self.writer.begin().await?;
        // Read after the write lock is held, so the step applies to the report as it is now.
        let current = self
            .grievance_unaudited(id)
            .await?
            .ok_or_else(|| EditError::NotFound(format!("애로사항 {id}번이 없습니다.")))?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(stale(&current));
        }
        let next = current
            .progress
            .apply(step, today, &deadlines, &calendar)
            .map_err(|e| EditError::Refused(e.to_string()))?;
        let answer = match step {
            Step::Answer { text } => Some(text.trim().to_string()),
            _ => None,
        };
        let updated = sqlx::query(
            "UPDATE grievances SET status = $1, handler = $2, due = $3, extended = $4, answered_on = $5, \
             rating = $6, answer = COALESCE($7, answer), answered_by = COALESCE($8, answered_by), \
             version = version + 1 WHERE id = $9 AND version = $10",
        )
        .bind(next.status.key())
        .bind(next.handler.to_string())
        .bind(next.due.to_string())
        .bind(i64::from(next.extended))
        .bind(next.answered.as_ref().map(ToString::to_string))
        .bind(next.rating.map(i64::from))
        .bind(&answer)
        .bind(answer.as_ref().map(|_| change.actor))
        .bind(id)
        .bind(current.version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            return Err(stale(&current));
        }
        record_event(&mut tx, id, change, step.korean(), &next, step.note()).await?;
        // The new body hears of a transfer; a filer with an account hears of the answer.
        if let Step::Transfer { to, .. } = step {
            let letter = mail::grievance_routed(id, &current.receipt, &to.korean(), &next.due);
            crate::mail::enqueue(&mut tx, Audience::Holders(to.role()), &letter, change).await?;
        }
        if let (Step::Answer { .. }, Some(filer)) = (step, current.filer_user) {
            let letter = mail::grievance_answered(id, &current.receipt);
            crate::mail::enqueue(&mut tx, Audience::User(filer), &letter, change).await?;
        }
        let json = |p: &Progress| serde_json::to_string(p).expect("a progress always serialises");
        let mut after = serde_json::to_value(&next).expect("a progress always serialises");
        if let Some(note) = step.note() {
            after["note"] = note.trim().into();
        }
        audit::record(
            &mut tx,
            change,
            &format!("grievance.{}", step.key()),
            &subject(id),
            Some(json(&current.progress)),
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// 처리기한 per category: the defaults, with the office's changes.
    pub async fn grievance_deadlines(&self) -> Result<Deadlines, StoreError> {
        let mut deadlines = Deadlines::default();
        let rows = sqlx::query("SELECT category, days FROM grievance_deadlines")
            .fetch_all(&mut *self.read().await?)
            .await?;
        for row in rows {
            let key: String = row.try_get("category")?;
            let days: i64 = row.try_get("days")?;
            if let (Ok(category), Ok(days)) = (key.parse::<Category>(), u32::try_from(days)) {
                deadlines = deadlines
                    .with(category, days)
                    .map_err(|_| StoreError::BadValue(format!("grievance_deadlines: {key} {days}")))?;
            }
        }
        Ok(deadlines)
    }

    /// The office sets one category's period; reports already filed keep their deadline.
    pub async fn set_grievance_deadline(
        &self,
        category: Category,
        days: u32,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let before = self.grievance_deadlines().await?.days(category);
        Deadlines::default()
            .with(category, days)
            .map_err(|e| EditError::Refused(e.to_string()))?;
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO grievance_deadlines (category, days, set_by, set_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (category) DO UPDATE SET days = $2, set_by = $3, set_at = $4",
        )
        .bind(category.key())
        .bind(i64::from(days))
        .bind(change.actor)
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            change,
            "grievance.deadline",
            &format!("grievance-deadline:{}", category.key()),
            Some(before.to_string()),
            Some(days.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// 공개 승인: the handler's public text, shown on the complex's page.
    pub async fn publish_grievance(
        &self,
        id: i64,
        title: &str,
        body: &str,
        answer: &str,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let current = self
            .grievance_unaudited(id)
            .await?
            .ok_or_else(|| EditError::NotFound(format!("애로사항 {id}번이 없습니다.")))?;
        current
            .progress
            .may_publish(current.wants_public, title, body, answer)
            .map_err(|e| EditError::Refused(e.to_string()))?;
        sqlx::query(
            "UPDATE grievances SET public_title = $1, public_body = $2, public_answer = $3, version = version + 1 \
             WHERE id = $4",
        )
        .bind(title.trim())
        .bind(body.trim())
        .bind(answer.trim())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "title": title.trim(), "body": body.trim(), "answer": answer.trim() });
        audit::record(
            &mut tx,
            change,
            "grievance.publish",
            &subject(id),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
