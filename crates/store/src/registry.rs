//! 산업단지 현황 가져오기 in the store: the published registry's rows loaded in one audited
//! transaction — new complexes, their facts, new and corrected quarters of the survey. The dry
//! run is computed inside the same transaction from what the database holds, so what is written
//! is what was planned, and a second load of the same file writes nothing.

use std::collections::BTreeMap;

use sandan_domain::complex::facts::ComplexFacts;
use sandan_domain::package::Quarter;
use sandan_domain::registry::{Existing, Provenance, RegistryChanges, RegistryRow, Resolved, plan_changes};
use sandan_domain::{Complex, ComplexId, Source, SourceId};
use sqlx::Row;

use crate::audit::{self, Change};
use crate::complex_survey::survey_row;
use crate::docs::{from_doc, to_doc};
use crate::writer::Tx;
use crate::{Store, StoreError};

impl Store {
    /// Every complex's registry facts.
    pub async fn complex_facts(&self) -> Result<BTreeMap<ComplexId, ComplexFacts>, StoreError> {
        let mut conn = self.read().await?;
        facts(&mut conn).await
    }

    /// One complex's registry facts; empty when no file named it.
    pub async fn complex_facts_of(&self, id: &ComplexId) -> Result<ComplexFacts, StoreError> {
        sqlx::query("SELECT doc FROM complex_facts WHERE complex_id = $1")
            .bind(&id.0)
            .fetch_optional(&mut *self.read().await?)
            .await?
            .map_or(Ok(ComplexFacts::default()), |r| from_doc(&r, "단지 현황"))
    }

    /// Loads `rows` read under `provenance`, with the office's `resolutions`, unless `dry_run`;
    /// returns what it changed (or would). Rows waiting for review are not loaded.
    pub async fn import_registry(
        &self,
        rows: &[RegistryRow],
        provenance: &Provenance,
        resolutions: &[Resolved],
        dry_run: bool,
        change: &Change<'_>,
    ) -> Result<RegistryChanges, StoreError> {
        let mut tx = self.writer.begin().await?;
        let complexes: Vec<Complex> = sqlx::query("SELECT doc FROM complexes ORDER BY position")
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| from_doc(r, "산업단지"))
            .collect::<Result<_, _>>()?;
        let mut known = facts(&mut tx).await?;
        // Only the quarters the rows are of can change: a quarterly file reads 1,330 rows, not
        // the 20 years before it.
        let mut quarters: Vec<Quarter> = rows.iter().filter_map(|r| r.quarter.or(provenance.quarter)).collect();
        quarters.sort_unstable();
        quarters.dedup();
        let mut surveys = Vec::new();
        for q in &quarters {
            for r in sqlx::query(
                "SELECT complex_id, year, quarter, tenants, operating, employment, production_eok, exports_musd, \
                 source FROM complex_surveys WHERE year = $1 AND quarter = $2",
            )
            .bind(i64::from(q.year))
            .bind(i64::from(q.quarter))
            .fetch_all(&mut *tx)
            .await?
            {
                surveys.push(survey_row(ComplexId(r.try_get("complex_id")?), &r)?);
            }
        }
        let changes = plan_changes(
            Existing {
                complexes: &complexes,
                facts: &known,
                surveys: &surveys,
            },
            rows,
            provenance,
            resolutions,
        );
        if dry_run || changes.writes_nothing() {
            return Ok(changes);
        }
        // The change began holding the write lock, before anything was read, so a second
        // import waits for this one and plans against what it wrote.
        let after = serde_json::json!({
            "source": provenance.source, "as_of": provenance.as_of, "quarter": provenance.quarter,
            "new_complexes": changes.new_complexes.iter().map(|n| &n.complex.id).collect::<Vec<_>>(),
            "changed_facts": changes.changed_facts.iter()
                .map(|c| serde_json::json!({ "complex": c.complex, "field": c.field, "before": c.before, "after": c.after }))
                .collect::<Vec<_>>(),
            "new_quarters": changes.new_quarters.len(),
            "changed_quarters": changes.changed_quarters.iter()
                .map(|c| serde_json::json!({ "before": c.before, "after": c.after }))
                .collect::<Vec<_>>(),
        });
        audit::record(
            &mut tx,
            change,
            "registry.import",
            "registry",
            None,
            Some(after.to_string()),
        )
        .await?;
        let existing = complexes.len();
        let (mut all_complexes, mut all_surveys) = (complexes, Vec::new());
        changes.apply(&mut all_complexes, &mut known, &mut all_surveys);
        // The record's own 지정일 and 착공일 are filled from the file where it has none, so the
        // 20-year rule reads them; researched dates stay.
        let mut dated = Vec::new();
        for c in all_complexes[..existing].iter_mut() {
            if let Some(facts) = known.get(&c.id)
                && changes.changed_facts.iter().any(|f| f.complex == c.id)
                && c.adopt_registry_dates(facts, provenance.source_id.as_ref())
            {
                dated.push(c.clone());
            }
        }
        // A complex the file creates or dates cites the file, so the record stays one that passes
        // its checks.
        if let Some(id) = provenance
            .source_id
            .as_ref()
            .filter(|_| !changes.new_complexes.is_empty() || !dated.is_empty())
        {
            cite(&mut tx, id, provenance).await?;
        }
        for (position, new) in (existing as i64..).zip(&changes.new_complexes) {
            crate::complexes::insert_complex(&mut tx, position, &new.complex).await?;
        }
        for c in &dated {
            crate::complexes::write_complex(&mut tx, c).await?;
        }
        let touched = changes
            .new_complexes
            .iter()
            .map(|n| &n.complex.id)
            .chain(changes.changed_facts.iter().map(|c| &c.complex));
        for id in touched {
            sqlx::query(
                "INSERT INTO complex_facts (complex_id, doc) VALUES ($1, $2) \
                 ON CONFLICT (complex_id) DO UPDATE SET doc = excluded.doc",
            )
            .bind(&id.0)
            .bind(to_doc(&known[id]))
            .execute(&mut *tx)
            .await?;
        }
        crate::synthetic::insert_surveys(&mut tx, &changes.new_quarters).await?;
        for c in &changes.changed_quarters {
            let s = &c.after;
            sqlx::query(
                "UPDATE complex_surveys SET tenants = $1, operating = $2, employment = $3, production_eok = $4, \
                 exports_musd = $5, source = $6 WHERE complex_id = $7 AND year = $8 AND quarter = $9",
            )
            .bind(s.tenants)
            .bind(s.operating)
            .bind(s.employment)
            .bind(s.production_eok)
            .bind(s.exports_musd)
            .bind(&s.source)
            .bind(&s.complex.0)
            .bind(i64::from(s.quarter.year))
            .bind(i64::from(s.quarter.quarter))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(changes)
    }
}

/// Lists the file among the record's sources, once.
async fn cite(tx: &mut Tx, id: &SourceId, provenance: &Provenance) -> Result<(), sqlx::Error> {
    let listed: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sources WHERE id = $1")
        .bind(&id.0)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    if listed > 0 {
        return Ok(());
    }
    let position: i64 = sqlx::query("SELECT COALESCE(MAX(position), -1) + 1 AS n FROM sources")
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    let source = Source {
        id: id.clone(),
        title: provenance.source.clone(),
        publisher: "한국산업단지공단".into(),
        published: None,
        url: None,
        note: Some(format!(
            "현황 파일 가져오기(화면 /registry 또는 sandan registry import)로 반영한 현황 (기준일 {})",
            provenance.as_of
        )),
    };
    crate::record::insert_source(tx, position, &source).await
}

async fn facts(conn: &mut sqlx::AnyConnection) -> Result<BTreeMap<ComplexId, ComplexFacts>, StoreError> {
    sqlx::query("SELECT complex_id, doc FROM complex_facts")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((ComplexId(r.try_get("complex_id")?), from_doc(r, "단지 현황")?)))
        .collect()
}
