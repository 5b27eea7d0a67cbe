//! A complex's facts the office keeps up to date: its construction start (for the 20-year
//! rule) and its statistics by year (for the feasibility panel). Audited like every change.

use sandan_domain::feasibility::HubStatistic;
use sandan_domain::{ComplexId, Day};

use crate::audit::{self, Change};
use crate::docs::{from_docs, to_doc};
use crate::edit::EditError;
use crate::{Store, StoreError};

impl Store {
    pub async fn set_construction_start(&self, id: &ComplexId, day: Day, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let mut complex: sandan_domain::Complex = {
            let row = sqlx::query("SELECT doc FROM complexes WHERE id = $1")
                .bind(&id.0)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| EditError::NotFound(format!("산업단지 '{}'을(를) 찾을 수 없습니다.", id.0)))?;
            crate::docs::from_doc(&row, "산업단지")?
        };
        let before = to_doc(&complex);
        complex.construction_started = Some(day);
        // Entered by hand: whatever source gave the date before no longer gives this one; the
        // audit line keeps both.
        complex.construction_source = None;
        let after = to_doc(&complex);
        crate::complexes::write_complex(&mut tx, &complex).await?;
        audit::record(
            &mut tx,
            change,
            "complex.construction_start",
            &format!("complex:{}", id.0),
            Some(before),
            Some(after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records (or replaces) a complex's figure for a year.
    pub async fn set_statistic(&self, statistic: &HubStatistic, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let metric = serde_json::to_value(statistic.metric)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let before: Option<String> =
            sqlx::query("SELECT doc FROM complex_statistics WHERE complex_id = $1 AND year = $2 AND metric = $3")
                .bind(&statistic.complex.0)
                .bind(i64::from(statistic.year))
                .bind(&metric)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| sqlx::Row::try_get(&r, "doc"))
                .transpose()?;
        let doc = to_doc(statistic);
        if before.is_some() {
            sqlx::query("UPDATE complex_statistics SET doc = $1 WHERE complex_id = $2 AND year = $3 AND metric = $4")
                .bind(&doc)
                .bind(&statistic.complex.0)
                .bind(i64::from(statistic.year))
                .bind(&metric)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("INSERT INTO complex_statistics (complex_id, year, metric, doc) VALUES ($1, $2, $3, $4)")
                .bind(&statistic.complex.0)
                .bind(i64::from(statistic.year))
                .bind(&metric)
                .bind(&doc)
                .execute(&mut *tx)
                .await?;
        }
        audit::record(
            &mut tx,
            change,
            "complex.statistic",
            &format!("complex:{}", statistic.complex.0),
            before,
            Some(doc),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A complex's statistics, newest year first.
    pub async fn statistics(&self, id: &ComplexId) -> Result<Vec<HubStatistic>, StoreError> {
        let rows = sqlx::query("SELECT doc FROM complex_statistics WHERE complex_id = $1 ORDER BY year DESC, metric")
            .bind(&id.0)
            .fetch_all(&mut *self.read().await?)
            .await?;
        from_docs(&rows, "산업단지 통계")
    }
}
