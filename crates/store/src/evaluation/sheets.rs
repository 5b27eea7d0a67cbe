//! 평가표: an evaluator's sheet for a plan assigned to her, saved as a draft with an edit version
//! and locked once submitted; reminders to evaluators; closing the panel once every sheet is in;
//! and publishing the scores.
//!
//! The audit trail is read by the program office while scoring is under way, yet nobody may
//! see an evaluator's scores before the panel closes. So a sheet's audit entries never hold the
//! sheet: only its version and a digest. The digest is SHA-256 over a random per-sheet salt and
//! the sheet's JSON — a bare hash of a sheet with few lines and no reasons could be matched
//! against every possible score in minutes, which would give the scores away. The salt stays
//! in `score_sheets`; with it, the digest proves after closing which sheet was saved when.

use sandan_domain::evaluation::{Framework, PanelAction, ScoreSheet, SheetProblem, Stage, panel};
use sandan_domain::hangul::ganada_cmp;
use sandan_domain::mail;
use sandan_domain::{Region, UserId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{is_member, region_of, require, stage, stage_of, subject};
use crate::audit::{self, Change};
use crate::calls::last_change;
use crate::docs::{from_doc, to_doc};
use crate::edit::EditError;
use crate::mail::Audience;
use crate::secrets::{hex, new_token};
use crate::writer::Tx;
use crate::{Store, StoreError};

/// A score sheet as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredSheet {
    pub evaluator: UserId,
    pub region: Region,
    pub sheet: ScoreSheet,
    /// Edit version: 1 after the first save.
    pub version: i64,
    pub updated_at: String,
    /// Set when submitted; the sheet is locked from then on.
    pub submitted_at: Option<String>,
}

/// 제출 독촉
#[derive(Debug, Clone, Serialize)]
pub struct Reminder {
    /// None: every evaluator with sheets outstanding.
    pub evaluator: Option<UserId>,
    pub note: String,
    pub by: String,
    pub at: String,
}

fn sheet_subject(year: i32, user: UserId, region: Region) -> String {
    format!("sheet:{year}:{}:{}", user.0, region.short_name())
}

/// What the audit trail keeps of a sheet: see the module's comment for why not the sheet.
fn sealed(version: i64, salt: &str, doc: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(doc.as_bytes());
    serde_json::json!({ "version": version, "sha256": hex(&hasher.finalize()) }).to_string()
}

/// The framework frozen when scoring started, which every sheet of the round is checked against,
/// once the panel's stage allows scoring and `region`'s plan is assigned to `user` — refused in
/// that order. One statement for the three: it runs in the write lock, where each statement
/// holds back every change queued behind it.
async fn scoring_framework(tx: &mut Tx, year: i32, user: UserId, region: Region) -> Result<Framework, EditError> {
    let row = sqlx::query(
        "SELECT p.stage, p.framework AS doc, \
         (SELECT COUNT(*) FROM assignments a WHERE a.round = p.round AND a.user_id = $2 AND a.region = $3) AS assigned \
         FROM panels p WHERE p.round = $1",
    )
    .bind(i64::from(year))
    .bind(user.0)
    .bind(region.short_name())
    .fetch_optional(&mut **tx)
    .await?;
    let now = match &row {
        Some(r) => stage_of(&r.try_get::<String, _>("stage")?)?,
        None => stage(tx, year).await?,
    };
    PanelAction::Score
        .allowed_at(now)
        .map_err(|why| EditError::Refused(why.into()))?;
    let row = row.ok_or_else(|| EditError::NotFound("평가틀이 아직 없습니다.".into()))?;
    if row.try_get::<i64, _>("assigned")? == 0 {
        return Err(EditError::NotFound("배정되지 않은 계획안입니다.".into()));
    }
    Ok(from_doc(&row, "평가틀")?)
}

/// The domain's problems with a sheet as one refusal: the store holds the rule for every path
/// (page, API, command line), not only for the callers that checked first.
fn refuse(problems: Vec<SheetProblem>) -> Result<(), EditError> {
    if problems.is_empty() {
        return Ok(());
    }
    let messages: Vec<String> = problems.into_iter().map(|p| p.message).collect();
    Err(EditError::Refused(messages.join(" ")))
}

fn read_sheet(r: &AnyRow) -> Result<StoredSheet, StoreError> {
    Ok(StoredSheet {
        evaluator: UserId(r.try_get("user_id")?),
        region: region_of(&r.try_get::<String, _>("region")?)?,
        sheet: from_doc(r, "평가표")?,
        version: r.try_get("version")?,
        updated_at: r.try_get("updated_at")?,
        submitted_at: r.try_get("submitted_at")?,
    })
}

impl Store {
    pub async fn sheet(&self, year: i32, user: UserId, region: Region) -> Result<Option<StoredSheet>, StoreError> {
        let row = sqlx::query(
            "SELECT user_id, region, doc, version, updated_at, submitted_at FROM score_sheets \
             WHERE round = $1 AND user_id = $2 AND region = $3",
        )
        .bind(i64::from(year))
        .bind(user.0)
        .bind(region.short_name())
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.as_ref().map(read_sheet).transpose()
    }

    /// Every sheet of a round, drafts included: evaluators in appointment order, plans in
    /// 가나다 order. Who may see which is the caller's to decide.
    pub async fn sheets(&self, year: i32) -> Result<Vec<StoredSheet>, StoreError> {
        let rows = sqlx::query(
            "SELECT s.user_id, s.region, s.doc, s.version, s.updated_at, s.submitted_at, m.position \
             FROM score_sheets s JOIN panel_members m ON m.round = s.round AND m.user_id = s.user_id \
             WHERE s.round = $1",
        )
        .bind(i64::from(year))
        .fetch_all(&mut *self.read().await?)
        .await?;
        let mut found = rows
            .iter()
            .map(|r| Ok((r.try_get::<i64, _>("position")?, read_sheet(r)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        found.sort_by(|(a, x), (b, y)| {
            a.cmp(b)
                .then_with(|| ganada_cmp(x.region.short_name(), y.region.short_name()))
        });
        Ok(found.into_iter().map(|(_, s)| s).collect())
    }

    /// Saves a draft of an assigned plan's sheet if it is still at `expected` (0: first save);
    /// returns the new version. A score out of its line's range is refused.
    pub async fn save_sheet(
        &self,
        year: i32,
        user: UserId,
        region: Region,
        sheet: &ScoreSheet,
        expected: i64,
        change: &Change<'_>,
    ) -> Result<i64, EditError> {
        let subject = sheet_subject(year, user, region);
        let mut tx = self.writer.begin().await?;
        refuse(sheet.draft_problems(&scoring_framework(&mut tx, year, user, region).await?))?;
        let stored = sqlx::query(
            "SELECT doc, version, salt, submitted_at FROM score_sheets WHERE round = $1 AND user_id = $2 AND region = $3",
        )
        .bind(i64::from(year))
        .bind(user.0)
        .bind(region.short_name())
        .fetch_optional(&mut *tx)
        .await?;
        let doc = to_doc(sheet);
        let (before, salt) = match &stored {
            Some(r) => {
                if r.try_get::<Option<String>, _>("submitted_at")?.is_some() {
                    return Err(EditError::Refused("제출한 평가표는 고칠 수 없습니다.".into()));
                }
                let version: i64 = r.try_get("version")?;
                if version != expected {
                    let (by, at) = last_change(&mut tx, &subject).await?;
                    return Err(EditError::Stale { by, at });
                }
                let salt: String = r.try_get("salt")?;
                sqlx::query(
                    "UPDATE score_sheets SET doc = $1, version = version + 1, updated_at = $2 \
                     WHERE round = $3 AND user_id = $4 AND region = $5",
                )
                .bind(&doc)
                .bind(change.at)
                .bind(i64::from(year))
                .bind(user.0)
                .bind(region.short_name())
                .execute(&mut *tx)
                .await?;
                (Some(sealed(version, &salt, &r.try_get::<String, _>("doc")?)), salt)
            }
            None if expected != 0 => {
                let (by, at) = last_change(&mut tx, &subject).await?;
                return Err(EditError::Stale { by, at });
            }
            None => {
                let salt = new_token();
                sqlx::query(
                    "INSERT INTO score_sheets (round, user_id, region, doc, version, salt, updated_at) \
                     VALUES ($1, $2, $3, $4, 1, $5, $6)",
                )
                .bind(i64::from(year))
                .bind(user.0)
                .bind(region.short_name())
                .bind(&doc)
                .bind(&salt)
                .bind(change.at)
                .execute(&mut *tx)
                .await?;
                (None, salt)
            }
        };
        let version = expected + 1;
        let after = sealed(version, &salt, &doc);
        audit::record(&mut tx, change, "evaluation.sheet.save", &subject, before, Some(after)).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Submits the saved sheet at version `expected`, locking it: only a complete one, every
    /// line scored within its range and with its reason.
    pub async fn submit_sheet(
        &self,
        year: i32,
        user: UserId,
        region: Region,
        expected: i64,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let subject = sheet_subject(year, user, region);
        let mut tx = self.writer.begin().await?;
        let framework = scoring_framework(&mut tx, year, user, region).await?;
        let stored = sqlx::query(
            "SELECT doc, version, salt, submitted_at FROM score_sheets WHERE round = $1 AND user_id = $2 AND region = $3",
        )
        .bind(i64::from(year))
        .bind(user.0)
        .bind(region.short_name())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| EditError::Refused("저장된 평가표가 없습니다. 먼저 저장한 뒤 제출하십시오.".into()))?;
        if stored.try_get::<Option<String>, _>("submitted_at")?.is_some() {
            return Err(EditError::Refused("이미 제출한 평가표입니다.".into()));
        }
        if stored.try_get::<i64, _>("version")? != expected {
            let (by, at) = last_change(&mut tx, &subject).await?;
            return Err(EditError::Stale { by, at });
        }
        let sheet: ScoreSheet = from_doc(&stored, "평가표")?;
        refuse(sheet.submit_problems(&framework))?;
        sqlx::query("UPDATE score_sheets SET submitted_at = $1 WHERE round = $2 AND user_id = $3 AND region = $4")
            .bind(change.at)
            .bind(i64::from(year))
            .bind(user.0)
            .bind(region.short_name())
            .execute(&mut *tx)
            .await?;
        let after = sealed(
            expected,
            &stored.try_get::<String, _>("salt")?,
            &stored.try_get::<String, _>("doc")?,
        );
        audit::record(&mut tx, change, "evaluation.sheet.submit", &subject, None, Some(after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// 제출 독촉 to one member, or (None) to everyone with sheets outstanding.
    pub async fn remind(
        &self,
        year: i32,
        evaluator: Option<UserId>,
        note: &str,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let text = panel::note(note, "독촉 내용").map_err(EditError::Refused)?;
        let mut tx = self.writer.begin().await?;
        require(&mut tx, year, PanelAction::Remind).await?;
        if let Some(user) = evaluator
            && !is_member(&mut tx, year, user).await?
        {
            return Err(EditError::NotFound("위촉된 평가위원이 아닙니다.".into()));
        }
        sqlx::query("INSERT INTO reminders (round, user_id, note, by_login, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(i64::from(year))
            .bind(evaluator.map(|u| u.0))
            .bind(&text)
            .bind(change.actor)
            .bind(change.at)
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "evaluator": evaluator, "note": text });
        audit::record(
            &mut tx,
            change,
            "evaluation.remind",
            &subject(year),
            None,
            Some(after.to_string()),
        )
        .await?;
        let chased = match evaluator {
            Some(user) => vec![user],
            None => outstanding(&mut tx, year).await?,
        };
        let letter = mail::chased(year, &text);
        for user in chased {
            crate::mail::enqueue(&mut tx, Audience::User(user), &letter, change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Reminders of a round, newest first.
    pub async fn reminders(&self, year: i32) -> Result<Vec<Reminder>, StoreError> {
        let rows = sqlx::query("SELECT user_id, note, by_login, at FROM reminders WHERE round = $1 ORDER BY id DESC")
            .bind(i64::from(year))
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Reminder {
                    evaluator: r.try_get::<Option<i64>, _>("user_id")?.map(UserId),
                    note: r.try_get("note")?,
                    by: r.try_get("by_login")?,
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }

    /// Scoring → Closed, once every assigned sheet has been submitted.
    pub async fn close_panel(&self, year: i32, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        require(&mut tx, year, PanelAction::Close).await?;
        let rows = sqlx::query(
            "SELECT u.name, m.position, a.region, \
                    CAST(CASE WHEN s.submitted_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS submitted \
             FROM assignments a \
             JOIN panel_members m ON m.round = a.round AND m.user_id = a.user_id \
             JOIN users u ON u.id = a.user_id \
             LEFT JOIN score_sheets s ON s.round = a.round AND s.user_id = a.user_id AND s.region = a.region \
             WHERE a.round = $1",
        )
        .bind(i64::from(year))
        .fetch_all(&mut *tx)
        .await?;
        let mut missing = Vec::new();
        for r in &rows {
            if r.try_get::<i64, _>("submitted")? == 0 {
                let region = region_of(&r.try_get::<String, _>("region")?)?;
                missing.push((
                    r.try_get::<i64, _>("position")?,
                    r.try_get::<String, _>("name")?,
                    region,
                ));
            }
        }
        if !missing.is_empty() {
            missing.sort_by(|(a, _, x), (b, _, y)| a.cmp(b).then_with(|| ganada_cmp(x.short_name(), y.short_name())));
            let list: Vec<String> = missing
                .iter()
                .map(|(_, name, region)| format!("{name} — {}", region.short_name()))
                .collect();
            return Err(EditError::Refused(format!(
                "제출되지 않은 평가표가 {}장 있습니다: {}",
                missing.len(),
                list.join(", ")
            )));
        }
        sqlx::query("UPDATE panels SET stage = $1, closed_at = $2 WHERE round = $3")
            .bind(Stage::Closed.key())
            .bind(change.at)
            .bind(i64::from(year))
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "stage": Stage::Closed.key(), "sheets": rows.len() });
        audit::record(
            &mut tx,
            change,
            "evaluation.close",
            &subject(year),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Shows (or hides again) each evaluator's scores once the panel is closed.
    pub async fn publish_scores(&self, year: i32, published: bool, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        require(&mut tx, year, PanelAction::PublishScores).await?;
        let before: i64 = sqlx::query("SELECT scores_published FROM panels WHERE round = $1")
            .bind(i64::from(year))
            .fetch_one(&mut *tx)
            .await?
            .try_get("scores_published")?;
        sqlx::query("UPDATE panels SET scores_published = $1 WHERE round = $2")
            .bind(i64::from(published))
            .bind(i64::from(year))
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            change,
            "evaluation.publish_scores",
            &subject(year),
            Some(serde_json::json!({ "scores_published": before != 0 }).to_string()),
            Some(serde_json::json!({ "scores_published": published }).to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Members with a sheet assigned to them that is not submitted: whom a round-wide 독촉 reaches.
async fn outstanding(tx: &mut Tx, year: i32) -> Result<Vec<UserId>, sqlx::Error> {
    sqlx::query(
        "SELECT DISTINCT a.user_id FROM assignments a LEFT JOIN score_sheets s \
           ON s.round = a.round AND s.user_id = a.user_id AND s.region = a.region \
         WHERE a.round = $1 AND s.submitted_at IS NULL ORDER BY a.user_id",
    )
    .bind(i64::from(year))
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| Ok(UserId(r.try_get("user_id")?)))
    .collect()
}
