//! 분기별 산업단지 동향: a complex's quarterly survey as stored. A synthetic load writes it
//! (synthetic.rs); replacing the record removes it with the complexes it is of.

use std::sync::Arc;

use sandan_domain::ComplexId;
use sandan_domain::complex_survey::QuarterlySurvey;
use sandan_domain::impact::{self, ProgramImpact};
use sandan_domain::package::Quarter;
use sqlx::Row;

use crate::rows::each_row;
use crate::{Store, StoreError};

impl Store {
    /// A complex's `latest` quarters of the survey, newest first.
    pub async fn survey(&self, id: &ComplexId, latest: usize) -> Result<Vec<QuarterlySurvey>, StoreError> {
        let rows = sqlx::query(
            "SELECT year, quarter, tenants, operating, employment, production_eok, exports_musd, source \
             FROM complex_surveys WHERE complex_id = $1 ORDER BY year DESC, quarter DESC LIMIT $2",
        )
        .bind(&id.0)
        .bind(i64::try_from(latest).unwrap_or(i64::MAX))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(|r| survey_row(id.clone(), r)).collect()
    }

    /// Every complex's survey, complex by complex and oldest quarter first.
    pub async fn surveys(&self) -> Result<Vec<QuarterlySurvey>, StoreError> {
        let query = sqlx::query(
            "SELECT complex_id, year, quarter, tenants, operating, employment, production_eok, exports_musd, source \
             FROM complex_surveys ORDER BY complex_id, year, quarter",
        );
        each_row(query, &mut *self.read().await?, |r| {
            survey_row(ComplexId(r.try_get("complex_id")?), r)
        })
        .await
    }

    /// 사업 효과: the program's impact estimated on the record and the whole survey, kept until
    /// the next change that can alter either. The estimate runs on the blocking pool: at national
    /// scale it is a second of arithmetic the request threads should not wait on.
    pub async fn impact(&self) -> Result<Arc<ProgramImpact>, StoreError> {
        self.cached("impact".into(), || async {
            let record = self.record().await?;
            let surveys = self.surveys().await?;
            tokio::task::spawn_blocking(move || impact::analyse(&record, &surveys))
                .await
                .map_err(|e| StoreError::Interrupted(format!("사업 효과 ({e})")))
        })
        .await
    }
}

pub(crate) fn survey_row(complex: ComplexId, r: &sqlx::any::AnyRow) -> Result<QuarterlySurvey, StoreError> {
    let (year, quarter): (i64, i64) = (r.try_get("year")?, r.try_get("quarter")?);
    let quarter = i32::try_from(year)
        .ok()
        .zip(u8::try_from(quarter).ok())
        .and_then(|(y, q)| Quarter::new(y, q).ok())
        .ok_or_else(|| StoreError::BadValue(format!("분기별 동향의 분기 {year}-{quarter}")))?;
    Ok(QuarterlySurvey {
        complex,
        quarter,
        tenants: r.try_get("tenants")?,
        operating: r.try_get("operating")?,
        employment: r.try_get("employment")?,
        production_eok: r.try_get("production_eok")?,
        exports_musd: r.try_get("exports_musd")?,
        source: r.try_get("source")?,
    })
}
