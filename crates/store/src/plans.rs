use sandan_domain::hangul::ganada_key;
use sandan_domain::{ComplexId, Plan, PlanRole, Region};

use std::sync::Arc;

use sqlx::Row;

use crate::docs::from_doc;
use crate::{Store, StoreError};

impl Store {
    /// Every plan, by round and then in 가나다 order of region. Shared, not copied: pages read it
    /// on every view.
    pub async fn plans(&self) -> Result<Arc<Vec<Plan>>, StoreError> {
        self.cached("plans".into(), || async {
            let mut plans: Vec<Plan> = self
                .all("SELECT doc FROM plans ORDER BY round, position", "혁신계획")
                .await?;
            plans.sort_by_cached_key(|p| (p.round, ganada_key(p.region.short_name())));
            Ok(plans)
        })
        .await
    }

    /// Every plan's round, region and hub complex's name, without reading the plans themselves;
    /// kept with the other shared reads (the dashboard asks on every view).
    pub async fn plan_hubs(&self) -> Result<Arc<Vec<(i32, Region, String)>>, StoreError> {
        self.cached("plan_hubs".into(), || async {
            let rows = sqlx::query(
                "SELECT s.round, s.region, c.name FROM plan_sites s JOIN complexes c ON c.id = s.complex_id \
                 WHERE s.role = 'hub' ORDER BY s.round",
            )
            .fetch_all(&mut *self.read().await?)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        r.try_get::<i64, _>("round")? as i32,
                        crate::evaluation::region_of(&r.try_get::<String, _>("region")?)?,
                        r.try_get("name")?,
                    ))
                })
                .collect()
        })
        .await
    }

    pub async fn plan(&self, year: i32, region: Region) -> Result<Option<Plan>, StoreError> {
        let row = sqlx::query("SELECT doc FROM plans WHERE round = $1 AND region = $2")
            .bind(i64::from(year))
            .bind(region.short_name())
            .fetch_optional(&mut *self.read().await?)
            .await?;
        row.map(|r| from_doc(&r, "혁신계획")).transpose()
    }

    /// The part `complex` plays in every plan that names it, read from the shared plans (a hub
    /// is in a plan every round, and parsing each of those plans on every view of its page was
    /// most of the page's time at national scale).
    pub async fn roles_of(&self, complex: &ComplexId) -> Result<Vec<PlanRole>, StoreError> {
        Ok(self.plans().await?.iter().filter_map(|p| p.role_of(complex)).collect())
    }
}
