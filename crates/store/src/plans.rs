use sandan_domain::hangul::sort_ganada;
use sandan_domain::{ComplexId, Plan, Region};

use crate::docs::{from_doc, from_docs};
use crate::{Store, StoreError};

impl Store {
    /// A round's plans in 가나다 order of their regions.
    pub async fn plans_in(&self, year: i32) -> Result<Vec<Plan>, StoreError> {
        let rows = sqlx::query("SELECT doc FROM plans WHERE round = $1")
            .bind(i64::from(year))
            .fetch_all(&self.pool)
            .await?;
        let mut plans: Vec<Plan> = from_docs(&rows, "혁신계획")?;
        sort_ganada(&mut plans, |p| p.region.short_name());
        Ok(plans)
    }

    pub async fn plan(&self, year: i32, region: Region) -> Result<Option<Plan>, StoreError> {
        let row = sqlx::query("SELECT doc FROM plans WHERE round = $1 AND region = $2")
            .bind(i64::from(year))
            .bind(region.short_name())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| from_doc(&r, "혁신계획")).transpose()
    }

    /// Every plan a complex takes part in (as hub or linked site), oldest round first.
    pub async fn plans_with(&self, complex: &ComplexId) -> Result<Vec<Plan>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.doc FROM plans p \
             WHERE EXISTS (SELECT 1 FROM plan_sites s \
                           WHERE s.round = p.round AND s.region = p.region AND s.complex_id = $1) \
             ORDER BY p.round, p.position",
        )
        .bind(&complex.0)
        .fetch_all(&self.pool)
        .await?;
        from_docs(&rows, "혁신계획")
    }
}
