//! 현장 소통: recording a site visit, 간담회 or consulting session with the reports filed from
//! it, and reading them back by region or by report.

use sandan_domain::grievance::{FieldVisit, MAX_LINKED_REPORTS, Participant, VisitError, VisitKind};
use sandan_domain::{ComplexId, Region};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{day, parsed};
use crate::audit::{self, Change};
use crate::edit::EditError;
use crate::{Store, StoreError};

/// A recorded visit, with where it was and the reports linked to it.
#[derive(Debug, Clone)]
pub struct StoredVisit {
    pub id: i64,
    pub visit: FieldVisit,
    pub complex_name: String,
    pub region: Region,
    /// (id, receipt) of each report filed from it.
    pub reports: Vec<(i64, String)>,
    pub recorded_by: String,
    pub recorded_at: String,
}

const VISIT: &str = "SELECT v.id, v.kind, v.day, v.complex_id, v.participants, v.issues, v.recorded_by, v.recorded_at, \
     c.name AS complex_name, c.region FROM field_visits v JOIN complexes c ON c.id = v.complex_id";

fn visit(row: &AnyRow) -> Result<StoredVisit, StoreError> {
    let kind: String = row.try_get("kind")?;
    let participants: String = row.try_get("participants")?;
    Ok(StoredVisit {
        id: row.try_get("id")?,
        visit: FieldVisit {
            kind: VisitKind::parse(&kind).map_err(|_| StoreError::BadValue(format!("field_visits.kind: {kind}")))?,
            day: day(row, "day")?,
            complex: ComplexId(row.try_get("complex_id")?),
            participants: serde_json::from_str::<Vec<Participant>>(&participants).map_err(|source| {
                StoreError::Corrupt {
                    what: "현장 소통 참석 기관".into(),
                    source,
                }
            })?,
            issues: row.try_get("issues")?,
        },
        complex_name: row.try_get("complex_name")?,
        region: parsed(row, "region")?,
        reports: Vec::new(),
        recorded_by: row.try_get("recorded_by")?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

impl Store {
    /// Records `visit` and links the reports whose receipt numbers are given (at most
    /// [`MAX_LINKED_REPORTS`]); a number that names no report refuses the whole record.
    pub async fn record_visit(
        &self,
        visit: &FieldVisit,
        receipts: &[String],
        change: &Change<'_>,
    ) -> Result<i64, EditError> {
        let visit = visit.checked().map_err(|e| EditError::Refused(e.to_string()))?;
        if receipts.len() > MAX_LINKED_REPORTS {
            return Err(EditError::Refused(VisitError::TooManyReports.to_string()));
        }
        if self.complex(&visit.complex).await?.is_none() {
            return Err(EditError::NotFound(format!(
                "산업단지 '{}'이(가) 없습니다.",
                visit.complex.0
            )));
        }
        let mut tx = self.writer.begin().await?;
        let mut linked = Vec::new();
        for receipt in receipts.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
            let id: Option<i64> = sqlx::query("SELECT id FROM grievances WHERE receipt = $1")
                .bind(receipt)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get("id"))
                .transpose()?;
            let id = id.ok_or_else(|| EditError::Refused(format!("접수번호 '{receipt}'의 애로사항이 없습니다.")))?;
            if !linked.contains(&id) {
                linked.push(id);
            }
        }
        let participants = serde_json::to_string(&visit.participants).expect("participants always serialise");
        let id: i64 = sqlx::query(
            "INSERT INTO field_visits (kind, day, complex_id, participants, issues, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(visit.kind.key())
        .bind(visit.day.to_string())
        .bind(&visit.complex.0)
        .bind(&participants)
        .bind(&visit.issues)
        .bind(change.actor)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        for grievance in &linked {
            sqlx::query("INSERT INTO field_visit_reports (visit, grievance) VALUES ($1, $2)")
                .bind(id)
                .bind(grievance)
                .execute(&mut *tx)
                .await?;
        }
        let mut after = serde_json::to_value(&visit).expect("a visit always serialises");
        after["reports"] = linked.clone().into();
        audit::record(
            &mut tx,
            change,
            "field_visit.record",
            &format!("field-visit:{id}"),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The visits about complexes in `regions` (every region for `None`), newest first.
    pub async fn visits(&self, regions: Option<&[Region]>) -> Result<Vec<StoredVisit>, StoreError> {
        let mut found: Vec<StoredVisit> =
            sqlx::query(sqlx::AssertSqlSafe(format!("{VISIT} ORDER BY v.day DESC, v.id DESC")))
                .fetch_all(&mut *self.read().await?)
                .await?
                .iter()
                .map(visit)
                .filter(|v| match (v, regions) {
                    (Ok(v), Some(regions)) => regions.contains(&v.region),
                    _ => true,
                })
                .collect::<Result<_, _>>()?;
        let links = sqlx::query("SELECT l.visit, g.id, g.receipt FROM field_visit_reports l JOIN grievances g ON g.id = l.grievance ORDER BY g.id")
            .fetch_all(&mut *self.read().await?)
            .await?;
        for row in &links {
            let visit: i64 = row.try_get("visit")?;
            if let Some(v) = found.iter_mut().find(|v| v.id == visit) {
                v.reports.push((row.try_get("id")?, row.try_get("receipt")?));
            }
        }
        Ok(found)
    }

    /// The visits report `grievance` was filed from.
    pub async fn visits_of_grievance(&self, grievance: i64) -> Result<Vec<StoredVisit>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{VISIT} JOIN field_visit_reports l ON l.visit = v.id WHERE l.grievance = $1 ORDER BY v.day"
        )))
        .bind(grievance)
        .fetch_all(&mut *self.read().await?)
        .await?
        .iter()
        .map(visit)
        .collect()
    }
}
