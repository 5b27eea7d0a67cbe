//! 산업단지 in the store: the record's complexes read in 가나다 order, and the program office's
//! hand entries — a complex or linked area added, corrected or removed — each one audited
//! transaction, an edit refused when someone changed the complex since it was read.

use std::sync::Arc;

use sandan_domain::complex::entry::{ComplexEntry, Known, check_entry};
use sandan_domain::hangul::ganada_key;
use sandan_domain::{Complex, ComplexId, Day, Proposal, SourceId};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::audit::{self, Change};
use crate::calls::last_change;
use crate::docs::{from_doc, to_doc};
use crate::edit::EditError;
use crate::record::insert_source;
use crate::writer::Tx;
use crate::{Store, StoreError};

/// The version an edit of `complex` is based on: a digest of the complex as stored, so an edit
/// needs no counter of its own and the API's `If-Match` and the page's hidden field agree.
pub fn version_of(complex: &Complex) -> String {
    let digest = Sha256::digest(to_doc(complex).as_bytes());
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

impl Store {
    pub async fn complex(&self, id: &ComplexId) -> Result<Option<Complex>, StoreError> {
        let row = sqlx::query("SELECT doc FROM complexes WHERE id = $1")
            .bind(&id.0)
            .fetch_optional(&mut *self.read().await?)
            .await?;
        row.map(|r| from_doc(&r, "산업단지")).transpose()
    }

    /// Every complex, in 가나다 order of region and then of name. Shared, not copied.
    pub async fn complexes(&self) -> Result<Arc<Vec<Complex>>, StoreError> {
        self.cached("complexes".into(), || async {
            let mut all: Vec<Complex> = self
                .all("SELECT doc FROM complexes ORDER BY position", "산업단지")
                .await?;
            all.sort_by_cached_key(|c| (ganada_key(c.region.short_name()), ganada_key(&c.name)));
            Ok(all)
        })
        .await
    }

    /// Adds the office's new complex (and the source it cites, when new).
    pub async fn create_complex(
        &self,
        entry: ComplexEntry,
        today: Day,
        change: &Change<'_>,
    ) -> Result<Complex, EditError> {
        let mut tx = self.writer.begin().await?;
        let complexes = all_complexes(&mut tx).await?;
        if let Some(same) = complexes.iter().find(|c| c.id == entry.complex.id) {
            return Err(EditError::Refused(format!(
                "식별자 '{}'은(는) 이미 {}의 것입니다. 다른 식별자를 적어 주십시오.",
                same.id.0, same.name
            )));
        }
        let entry = checked(&mut tx, entry, &complexes, today).await?;
        let complex = &entry.complex;
        insert_complex(&mut tx, complexes.len() as i64, complex).await?;
        let subject = format!("complex:{}", complex.id.0);
        audit::record(&mut tx, change, "complex.create", &subject, None, Some(to_doc(complex))).await?;
        tx.commit().await?;
        Ok(entry.complex)
    }

    /// Replaces a complex with the office's corrected entry, unless it changed since `expected`
    /// (its [`version_of`] when the office read it).
    pub async fn update_complex(
        &self,
        entry: ComplexEntry,
        expected: &str,
        today: Day,
        change: &Change<'_>,
    ) -> Result<Complex, EditError> {
        let mut tx = self.writer.begin().await?;
        let complexes = all_complexes(&mut tx).await?;
        let before = current(&mut tx, &complexes, &entry.complex.id, expected).await?;
        let entry = checked(&mut tx, entry, &complexes, today).await?;
        let complex = &entry.complex;
        if complex != before {
            write_complex(&mut tx, complex).await?;
            let subject = format!("complex:{}", complex.id.0);
            audit::record(
                &mut tx,
                change,
                "complex.update",
                &subject,
                Some(to_doc(before)),
                Some(to_doc(complex)),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(entry.complex)
    }

    /// Removes a complex entered by mistake, with its registry facts, quarters and yearly
    /// figures. Refused while a plan, a plan in the making, a designation or a firm's report
    /// names it: those records would lose their place.
    pub async fn delete_complex(&self, id: &ComplexId, expected: &str, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let complexes = all_complexes(&mut tx).await?;
        let before = current(&mut tx, &complexes, id, expected).await?;
        let uses = uses_of(&mut tx, id).await?;
        if !uses.is_empty() {
            return Err(EditError::Refused(format!(
                "{}은(는) {}에 쓰이고 있어 지울 수 없습니다. 이름이나 내용을 고쳐 주십시오.",
                before.name,
                uses.join(", ")
            )));
        }
        for delete in [
            "DELETE FROM complex_facts WHERE complex_id = $1",
            "DELETE FROM complex_surveys WHERE complex_id = $1",
            "DELETE FROM complex_statistics WHERE complex_id = $1",
            "DELETE FROM complexes WHERE id = $1",
        ] {
            sqlx::query(delete).bind(&id.0).execute(&mut *tx).await?;
        }
        audit::record(
            &mut tx,
            change,
            "complex.delete",
            &format!("complex:{}", id.0),
            Some(to_doc(before)),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn all_complexes(tx: &mut Tx) -> Result<Vec<Complex>, StoreError> {
    sqlx::query("SELECT doc FROM complexes ORDER BY position")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| from_doc(r, "산업단지"))
        .collect()
}

/// The complex `id` as stored, if it is still the version the office read.
async fn current<'a>(
    tx: &mut Tx,
    complexes: &'a [Complex],
    id: &ComplexId,
    expected: &str,
) -> Result<&'a Complex, EditError> {
    let complex = complexes
        .iter()
        .find(|c| &c.id == id)
        .ok_or_else(|| EditError::NotFound(format!("산업단지 '{}'을(를) 찾을 수 없습니다.", id.0)))?;
    if version_of(complex) != expected {
        let (by, at) = last_change(tx, &format!("complex:{}", id.0)).await?;
        return Err(EditError::Stale { by, at });
    }
    Ok(complex)
}

/// `entry` checked against the record, its new source (if any) added.
async fn checked(
    tx: &mut Tx,
    entry: ComplexEntry,
    complexes: &[Complex],
    today: Day,
) -> Result<ComplexEntry, EditError> {
    let sources: Vec<SourceId> = sqlx::query("SELECT id FROM sources")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get("id").map(SourceId))
        .collect::<Result<_, _>>()?;
    let entry = check_entry(
        entry,
        &Known {
            complexes,
            sources: &sources,
            today,
        },
    )
    .map_err(|problems| EditError::Refused(problems.to_string()))?;
    if let Some(source) = &entry.new_source {
        insert_source(tx, sources.len() as i64, source).await?;
    }
    Ok(entry)
}

/// What names complex `id`, in the office's words: "2021년 경기 혁신계획", "애로사항 3건".
async fn uses_of(tx: &mut Tx, id: &ComplexId) -> Result<Vec<String>, StoreError> {
    let mut uses = Vec::new();
    for r in sqlx::query("SELECT DISTINCT round, region FROM plan_sites WHERE complex_id = $1 ORDER BY round")
        .bind(&id.0)
        .fetch_all(&mut **tx)
        .await?
    {
        let (round, region): (i64, String) = (r.try_get("round")?, r.try_get("region")?);
        uses.push(format!("{round}년 {region} 혁신계획"));
    }
    for r in sqlx::query("SELECT round, region, doc FROM proposals ORDER BY round, region")
        .fetch_all(&mut **tx)
        .await?
    {
        let proposal: Proposal = from_doc(&r, "혁신계획안")?;
        if proposal.sites().any(|site| site == id) {
            let (round, region): (i64, String) = (r.try_get("round")?, r.try_get("region")?);
            uses.push(format!("{round}년 {region} 혁신계획안"));
        }
    }
    for (count, what) in [
        (
            "SELECT COUNT(*) AS n FROM designations WHERE complex_id = $1",
            "지정 기록",
        ),
        ("SELECT COUNT(*) AS n FROM grievances WHERE complex_id = $1", "애로사항"),
        (
            "SELECT COUNT(*) AS n FROM field_visits WHERE complex_id = $1",
            "현장 방문",
        ),
    ] {
        let count: i64 = sqlx::query(count)
            .bind(&id.0)
            .fetch_one(&mut **tx)
            .await?
            .try_get("n")?;
        if count > 0 {
            uses.push(format!("{what} {count}건"));
        }
    }
    Ok(uses)
}

/// Adds a complex at `position` of the record's order.
pub(crate) async fn insert_complex(tx: &mut Tx, position: i64, c: &Complex) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO complexes (id, region, kind, name, position, doc) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&c.id.0)
        .bind(c.region.short_name())
        .bind(c.kind.english())
        .bind(&c.name)
        .bind(position)
        .bind(to_doc(c))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Stores a changed complex, its searchable columns with it.
pub(crate) async fn write_complex(tx: &mut Tx, c: &Complex) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE complexes SET region = $1, kind = $2, name = $3, doc = $4 WHERE id = $5")
        .bind(c.region.short_name())
        .bind(c.kind.english())
        .bind(&c.name)
        .bind(to_doc(c))
        .bind(&c.id.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
