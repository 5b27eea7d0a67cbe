//! 혁신계획안: a province's draft (saved with an edit version, so two officials never overwrite
//! each other) and its submitted versions (numbered, never changed). Submitting answers any open
//! revision request.

use sandan_domain::evaluation::PanelAction;
use sandan_domain::{Proposal, Region};
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::calls::last_change;
use crate::docs::{from_doc, to_doc};
use crate::edit::EditError;
use crate::evaluation::allowed;
use crate::{Store, StoreError};

/// The working draft and who saved it last.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub proposal: Proposal,
    /// Edit version: 1 after the first save, +1 on every save.
    pub version: i64,
    pub updated_at: String,
    pub updated_by: String,
}

/// 제출본: a numbered, frozen version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submitted {
    pub number: u32,
    pub submitted_at: String,
    pub submitted_by: String,
}

/// One province's row in a round's table.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    pub region: Region,
    pub latest: Option<Submitted>,
    /// Whether the draft still equals the latest version.
    pub unchanged: bool,
    pub updated_at: String,
}

fn subject(year: i32, region: Region) -> String {
    format!("proposal:{year}:{}", region.short_name())
}

impl Store {
    pub async fn draft(&self, year: i32, region: Region) -> Result<Option<Draft>, StoreError> {
        let row =
            sqlx::query("SELECT doc, version, updated_at, updated_by FROM proposals WHERE round = $1 AND region = $2")
                .bind(i64::from(year))
                .bind(region.short_name())
                .fetch_optional(&mut *self.read().await?)
                .await?;
        row.map(|r| {
            Ok(Draft {
                proposal: from_doc(&r, "혁신계획안")?,
                version: r.try_get("version")?,
                updated_at: r.try_get("updated_at")?,
                updated_by: r.try_get("updated_by")?,
            })
        })
        .transpose()
    }

    /// Saves the draft if it is still at edit version `expected` (0: no draft yet). There is one
    /// draft per province per round: the table's key guarantees it.
    pub async fn save_draft(
        &self,
        year: i32,
        region: Region,
        proposal: &Proposal,
        expected: i64,
        change: &Change<'_>,
    ) -> Result<i64, EditError> {
        let subject = subject(year, region);
        let mut tx = self.writer.begin().await?;
        let before = sqlx::query("SELECT doc FROM proposals WHERE round = $1 AND region = $2")
            .bind(i64::from(year))
            .bind(region.short_name())
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get::<String, _>("doc"))
            .transpose()?;
        let doc = to_doc(proposal);
        let written = if expected == 0 && before.is_none() {
            sqlx::query(
                "INSERT INTO proposals (round, region, doc, version, updated_at, updated_by) VALUES ($1, $2, $3, 1, $4, $5) \
                 ON CONFLICT (round, region) DO NOTHING",
            )
            .bind(i64::from(year))
            .bind(region.short_name())
            .bind(&doc)
            .bind(change.at)
            .bind(change.actor)
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query(
                "UPDATE proposals SET doc = $1, version = version + 1, updated_at = $2, updated_by = $3 \
                 WHERE round = $4 AND region = $5 AND version = $6",
            )
            .bind(&doc)
            .bind(change.at)
            .bind(change.actor)
            .bind(i64::from(year))
            .bind(region.short_name())
            .bind(expected)
            .execute(&mut *tx)
            .await?
        };
        if written.rows_affected() == 0 {
            let (by, at) = last_change(&mut tx, &subject).await?;
            return Err(EditError::Stale { by, at });
        }
        audit::record(&mut tx, change, "proposal.save", &subject, before, Some(doc)).await?;
        tx.commit().await?;
        Ok(expected + 1)
    }

    /// Freezes the draft at edit version `expected` as the next numbered version, unless
    /// scoring has started on the versions frozen then.
    pub async fn submit_draft(
        &self,
        year: i32,
        region: Region,
        expected: i64,
        change: &Change<'_>,
    ) -> Result<u32, EditError> {
        let subject = subject(year, region);
        let mut tx = self.writer.begin().await?;
        allowed(&mut tx, year, PanelAction::SubmitPlan).await?;
        let draft = sqlx::query("SELECT doc, version FROM proposals WHERE round = $1 AND region = $2")
            .bind(i64::from(year))
            .bind(region.short_name())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| EditError::NotFound("제출할 혁신계획안이 없습니다. 먼저 작성하여 저장하십시오.".into()))?;
        if draft.try_get::<i64, _>("version")? != expected {
            let (by, at) = last_change(&mut tx, &subject).await?;
            return Err(EditError::Stale { by, at });
        }
        let doc: String = draft.try_get("doc")?;
        let latest = sqlx::query(
            "SELECT number, doc FROM proposal_versions WHERE round = $1 AND region = $2 ORDER BY number DESC LIMIT 1",
        )
        .bind(i64::from(year))
        .bind(region.short_name())
        .fetch_optional(&mut *tx)
        .await?;
        let documents: Vec<_> = crate::documents::of_draft(&mut tx, year, region)
            .await?
            .iter()
            .map(|d| d.as_ref())
            .collect();
        let unchanged = match &latest {
            Some(r) if r.try_get::<String, _>("doc")? == doc => {
                let number = r.try_get::<i64, _>("number")?;
                crate::documents::refs_of_version(&mut tx, year, region, number).await? == documents
            }
            _ => false,
        };
        let number = match &latest {
            Some(r) if unchanged => {
                return Err(EditError::Refused(format!(
                    "제{}판과 달라진 내용이 없어 새 판으로 제출하지 않았습니다.",
                    r.try_get::<i64, _>("number")?
                )));
            }
            Some(r) => r.try_get::<i64, _>("number")? + 1,
            None => 1,
        };
        sqlx::query(
            "INSERT INTO proposal_versions (round, region, number, doc, submitted_at, submitted_by) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(i64::from(year))
        .bind(region.short_name())
        .bind(number)
        .bind(&doc)
        .bind(change.at)
        .bind(change.actor)
        .execute(&mut *tx)
        .await?;
        crate::documents::freeze(&mut tx, year, region, number).await?;
        sqlx::query(
            "UPDATE revision_requests SET answered_by_version = $1 WHERE round = $2 AND region = $3 AND answered_by_version IS NULL",
        )
        .bind(number)
        .bind(i64::from(year))
        .bind(region.short_name())
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "version": number }).to_string();
        audit::record(&mut tx, change, "proposal.submit", &subject, None, Some(after)).await?;
        tx.commit().await?;
        Ok(u32::try_from(number).unwrap_or(u32::MAX))
    }

    /// Every submitted version, oldest first.
    pub async fn versions(&self, year: i32, region: Region) -> Result<Vec<Submitted>, StoreError> {
        let rows = sqlx::query(
            "SELECT number, submitted_at, submitted_by FROM proposal_versions WHERE round = $1 AND region = $2 ORDER BY number",
        )
        .bind(i64::from(year))
        .bind(region.short_name())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(submitted).collect()
    }

    pub async fn version(
        &self,
        year: i32,
        region: Region,
        number: u32,
    ) -> Result<Option<(Submitted, Proposal)>, StoreError> {
        let row = sqlx::query(
            "SELECT number, submitted_at, submitted_by, doc FROM proposal_versions WHERE round = $1 AND region = $2 AND number = $3",
        )
        .bind(i64::from(year))
        .bind(region.short_name())
        .bind(i64::from(number))
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(|r| Ok((submitted(&r)?, from_doc(&r, "혁신계획 제출본")?)))
            .transpose()
    }

    /// Each province with a draft in the round: its latest version and whether it changed since.
    pub async fn standings(&self, year: i32) -> Result<Vec<Standing>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.region, p.updated_at, v.number, v.submitted_at, v.submitted_by, \
                    CAST(CASE WHEN v.doc = p.doc THEN 1 ELSE 0 END AS BIGINT) AS unchanged \
             FROM proposals p \
             LEFT JOIN proposal_versions v ON v.round = p.round AND v.region = p.region \
               AND v.number = (SELECT MAX(number) FROM proposal_versions w WHERE w.round = p.round AND w.region = p.region) \
             WHERE p.round = $1",
        )
        .bind(i64::from(year))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                let region: String = r.try_get("region")?;
                let number: Option<i64> = r.try_get("number")?;
                let latest = match number {
                    Some(_) => Some(submitted(r)?),
                    None => None,
                };
                Ok(Standing {
                    region: region.parse().map_err(|_| StoreError::corrupt_region(&region))?,
                    latest,
                    unchanged: r.try_get::<i64, _>("unchanged")? == 1,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }
}

fn submitted(r: &sqlx::any::AnyRow) -> Result<Submitted, StoreError> {
    Ok(Submitted {
        number: u32::try_from(r.try_get::<i64, _>("number")?).unwrap_or(u32::MAX),
        submitted_at: r.try_get("submitted_at")?,
        submitted_by: r.try_get("submitted_by")?,
    })
}
