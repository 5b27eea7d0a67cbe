//! 개인정보 파기: once the retention period after an answer has passed, the filer's identity,
//! contacts, follow password and attached files are destroyed; the report, its answer and its history stay for
//! the statistics. One audited transaction per pass.

use sandan_domain::Day;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::{Store, StoreError};

/// What a destroyed name or organisation reads as.
pub const PURGED: &str = "(보존기간 경과로 파기)";

impl Store {
    /// Destroys the filer's data of every report answered before `cutoff` and not yet purged,
    /// on `today`; returns the reports' ids.
    pub async fn purge_grievance_filers(
        &self,
        cutoff: &Day,
        today: &Day,
        change: &Change<'_>,
    ) -> Result<Vec<i64>, StoreError> {
        let mut tx = self.writer.begin().await?;
        let ids: Vec<i64> = sqlx::query(
            "UPDATE grievances SET filer_name = $1, filer_organisation = $1, business_number = NULL, phone = NULL, \
             email = NULL, password_hash = NULL, personal_data_purged_on = $2 \
             WHERE personal_data_purged_on IS NULL AND answered_on IS NOT NULL AND answered_on < $3 RETURNING id",
        )
        .bind(PURGED)
        .bind(today.to_string())
        .bind(cutoff.to_string())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
        if ids.is_empty() {
            return Ok(ids);
        }
        let mut files = 0;
        for id in &ids {
            sqlx::query("DELETE FROM grievance_follows WHERE grievance = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            files += super::attachments::destroy(&mut tx, *id).await?;
        }
        let after = serde_json::json!({ "answered_before": cutoff, "reports": ids, "files": files });
        audit::record(
            &mut tx,
            change,
            "grievance.purge_filers",
            "grievances",
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(ids)
    }
}
