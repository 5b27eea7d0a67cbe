//! 지원기업 대장 in the store.

use sandan_domain::Region;
use sandan_domain::results::SupportedFirm;
use serde::Serialize;
use sqlx::Row;

use super::funded_plan;
use crate::audit::{self, Change};
use crate::docs::to_doc;
use crate::edit::EditError;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredFirm {
    pub id: i64,
    pub project_id: i64,
    pub project: String,
    pub firm: SupportedFirm,
    pub entered_by: String,
    pub entered_at: String,
}

impl Store {
    /// Adds a line to a plan's register; the project must be one of the plan's package.
    pub async fn add_firm(
        &self,
        round: i32,
        region: Region,
        project_id: i64,
        firm: &SupportedFirm,
        change: &Change<'_>,
    ) -> Result<i64, EditError> {
        let mut tx = self.writer.begin().await?;
        funded_plan(&mut tx, round, region).await?;
        let ours: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM package_projects WHERE id = $1 AND round = $2 AND region = $3")
                .bind(project_id)
                .bind(i64::from(round))
                .bind(region.short_name())
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        if ours == 0 {
            return Err(EditError::Refused(
                "지원한 사업을 이 계획의 패키지 사업 중에서 고르십시오.".into(),
            ));
        }
        let duplicate: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM supported_firms WHERE project_id = $1 AND business_number = $2 AND support = $3 AND supported_on = $4",
        )
        .bind(project_id)
        .bind(firm.number.to_string())
        .bind(firm.support.key())
        .bind(firm.date.to_string())
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        if duplicate > 0 {
            return Err(EditError::Refused(format!(
                "{} ({})의 같은 날 같은 지원이 이미 대장에 있습니다.",
                firm.name, firm.number
            )));
        }
        let id: i64 = sqlx::query(
            "INSERT INTO supported_firms (round, region, project_id, business_number, name, support, supported_on, entered_by, entered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(i64::from(round))
        .bind(region.short_name())
        .bind(project_id)
        .bind(firm.number.to_string())
        .bind(&firm.name)
        .bind(firm.support.key())
        .bind(firm.date.to_string())
        .bind(change.actor)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let subject = format!("results:{round}:{}:firm-{id}", region.slug());
        audit::record(&mut tx, change, "results.firm", &subject, None, Some(to_doc(firm))).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A plan's register, newest support first.
    pub async fn firms(&self, round: i32, region: Region) -> Result<Vec<StoredFirm>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.id, f.project_id, p.name AS project, f.business_number, f.name, f.support, f.supported_on, f.entered_by, f.entered_at \
             FROM supported_firms f JOIN package_projects p ON p.id = f.project_id \
             WHERE f.round = $1 AND f.region = $2 ORDER BY f.supported_on DESC, f.id DESC",
        )
        .bind(i64::from(round))
        .bind(region.short_name())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                let bad = |what: &str| StoreError::BadValue(what.to_string());
                Ok(StoredFirm {
                    id: r.try_get("id")?,
                    project_id: r.try_get("project_id")?,
                    project: r.try_get("project")?,
                    firm: SupportedFirm {
                        number: r
                            .try_get::<String, _>("business_number")?
                            .parse()
                            .map_err(|_| bad("사업자등록번호"))?,
                        name: r.try_get("name")?,
                        support: sandan_domain::results::SupportKind::parse(&r.try_get::<String, _>("support")?)
                            .map_err(|_| bad("지원 유형"))?,
                        date: r
                            .try_get::<String, _>("supported_on")?
                            .parse()
                            .map_err(|_| bad("지원일"))?,
                    },
                    entered_by: r.try_get("entered_by")?,
                    entered_at: r.try_get("entered_at")?,
                })
            })
            .collect()
    }
}
