//! 성과 측정 입력: what a measurement must satisfy to be recorded, and the writes every way of
//! entering one shares — a page's form (one measurement, its file with it), the API's single
//! and bulk calls (rows naming a file uploaded beforehand), and the upload itself.

use std::collections::HashMap;

use sandan_domain::package::{PackagePeriod, Quarter};
use sandan_domain::results::{Evidence, GoalSetup, Measurement, Reading};
use sandan_domain::{Day, Plan, Region};
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::Any;

use super::{funded_plan, subject};
use crate::audit::{self, Change};
use crate::docs::{from_doc, to_doc};
use crate::edit::EditError;
use crate::secrets::hex;
use crate::writer::Tx;
use crate::{Store, StoreError};

/// Evidence as an API row names it: a link, or a file uploaded to the plan beforehand, by its
/// SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceRef {
    Link(String),
    Uploaded(String),
}

/// One measurement of a bulk call, read into the domain's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasurementEntry {
    pub goal_no: usize,
    pub quarter: Quarter,
    pub reading: Reading,
    pub evidence: EvidenceRef,
}

/// Why one row of a batch cannot be recorded: its position, the member at fault where one is
/// (named as the API's row names it), and what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRefusal {
    pub row: usize,
    pub field: Option<&'static str>,
    pub message: String,
}

/// Every reason a reading of goal `goal_no` for `quarter` cannot be recorded in `plan`, by the
/// member at fault: the quarter outside the package period or still to come, a goal the plan
/// does not have, a reading its kind or unit does not take, a goal counted from the register.
pub(crate) fn entry_problems(
    plan: &Plan,
    setups: &HashMap<usize, GoalSetup>,
    today: Day,
    (goal_no, quarter, reading): (usize, Quarter, &Reading),
) -> Vec<(Option<&'static str>, String)> {
    let mut problems = Vec::new();
    if let Err(e) = PackagePeriod::of_round(plan.round).admits(quarter, today) {
        problems.push((Some("quarter"), e.to_string()));
    }
    match plan.goals.get(goal_no) {
        None => problems.push((
            Some("goal"),
            format!(
                "목표 {goal_no}은(는) 이 계획에 없습니다. 목표 번호는 0부터 {}까지입니다.",
                plan.goals.len().saturating_sub(1)
            ),
        )),
        Some(goal) => {
            let setup = setups.get(&goal_no).copied().unwrap_or_default();
            if let Err(why) = setup.check_entry(goal, reading) {
                let field = match reading {
                    Reading::Value(_) => "value",
                    Reading::Rating(_) => "rating",
                };
                problems.push((Some(field), why));
            }
        }
    }
    problems
}

/// How each goal of the plan is tracked, by position.
pub(crate) async fn setups_in(
    tx: &mut Tx,
    round: i32,
    region: Region,
) -> Result<HashMap<usize, GoalSetup>, StoreError> {
    let rows = sqlx::query("SELECT goal_no, doc FROM goal_tracking WHERE round = $1 AND region = $2")
        .bind(i64::from(round))
        .bind(region.short_name())
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<i64, _>("goal_no")? as usize, from_doc(r, "목표 관리 설정")?)))
        .collect()
}

/// Keeps an evidence file for the plan: its bytes once by their digest, and the plan's note of
/// the upload under its name, audited.
pub(crate) async fn keep_file(
    tx: &mut Tx,
    round: i32,
    region: Region,
    name: &str,
    content: Vec<u8>,
    change: &Change<'_>,
) -> Result<Evidence, EditError> {
    let digest = hex(&Sha256::digest(&content));
    let evidence =
        Evidence::file(name, digest.clone(), content.len() as u64).map_err(|e| EditError::Refused(e.to_string()))?;
    let Evidence::File { name, bytes, .. } = &evidence else {
        unreachable!("Evidence::file makes a file")
    };
    let known: i64 = sqlx::query("SELECT COUNT(*) AS n FROM evidence_files WHERE sha256 = $1")
        .bind(&digest)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    if known == 0 {
        sqlx::query("INSERT INTO evidence_files (sha256, content) VALUES ($1, $2)")
            .bind(&digest)
            .bind(content)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("DELETE FROM evidence_uploads WHERE round = $1 AND region = $2 AND sha256 = $3")
        .bind(i64::from(round))
        .bind(region.short_name())
        .bind(&digest)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO evidence_uploads (round, region, sha256, name, bytes, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(i64::from(round))
    .bind(region.short_name())
    .bind(&digest)
    .bind(name.as_str())
    .bind(*bytes as i64)
    .bind(change.actor)
    .bind(change.at)
    .execute(&mut **tx)
    .await?;
    let subject = format!("results:{round}:{}:evidence-{digest}", region.slug());
    audit::record(tx, change, "results.evidence", &subject, None, Some(to_doc(&evidence))).await?;
    Ok(evidence)
}

/// The files uploaded to the plan, by digest: what its rows may cite.
async fn uploads_in(tx: &mut Tx, round: i32, region: Region) -> Result<HashMap<String, Evidence>, StoreError> {
    let rows = sqlx::query("SELECT sha256, name, bytes FROM evidence_uploads WHERE round = $1 AND region = $2")
        .bind(i64::from(round))
        .bind(region.short_name())
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|r| {
            let sha256: String = r.try_get("sha256")?;
            let evidence = Evidence::File {
                name: r.try_get("name")?,
                sha256: sha256.clone(),
                bytes: r.try_get::<i64, _>("bytes")? as u64,
            };
            Ok((sha256, evidence))
        })
        .collect()
}

/// Writes a goal's measurement for its quarter, replacing an earlier one, and audits it.
pub(crate) async fn put_measurement(
    tx: &mut Tx,
    round: i32,
    region: Region,
    goal_no: usize,
    measurement: &Measurement,
    change: &Change<'_>,
) -> Result<(), EditError> {
    let quarter = measurement.quarter;
    let key = |q: sqlx::query::Query<'static, Any, sqlx::any::AnyArguments>| {
        q.bind(i64::from(round))
            .bind(region.short_name())
            .bind(goal_no as i64)
            .bind(i64::from(quarter.year))
            .bind(i64::from(quarter.quarter))
    };
    let before = key(sqlx::query(
        "SELECT doc FROM measurements WHERE round = $1 AND region = $2 AND goal_no = $3 AND year = $4 AND quarter = $5",
    ))
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| r.try_get::<String, _>("doc"))
    .transpose()?;
    key(sqlx::query(
        "DELETE FROM measurements WHERE round = $1 AND region = $2 AND goal_no = $3 AND year = $4 AND quarter = $5",
    ))
    .execute(&mut **tx)
    .await?;
    let doc = to_doc(measurement);
    key(sqlx::query(
        "INSERT INTO measurements (round, region, goal_no, year, quarter, doc, entered_by, entered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    ))
    .bind(&doc)
    .bind(change.actor.to_string())
    .bind(change.at.to_string())
    .execute(&mut **tx)
    .await?;
    audit::record(
        tx,
        change,
        "results.measurement",
        &subject(round, region, goal_no),
        before,
        Some(doc),
    )
    .await?;
    Ok(())
}

impl Store {
    /// Keeps an evidence file uploaded to a plan's results, for measurements to cite by its
    /// SHA-256; uploading the same bytes again renames it.
    pub async fn upload_evidence(
        &self,
        round: i32,
        region: Region,
        name: &str,
        content: Vec<u8>,
        change: &Change<'_>,
    ) -> Result<Evidence, EditError> {
        let mut tx = self.writer.begin().await?;
        funded_plan(&mut tx, round, region).await?;
        let evidence = keep_file(&mut tx, round, region, name, content, change).await?;
        tx.commit().await?;
        Ok(evidence)
    }

    /// Records a batch of measurements as one change: every row is checked, and if any is
    /// refused — or was refused before it got here (`None`) — nothing is written and every
    /// row's problems come back. A row may not repeat another's goal and quarter.
    pub async fn record_measurements(
        &self,
        round: i32,
        region: Region,
        entries: &[Option<MeasurementEntry>],
        today: Day,
        change: &Change<'_>,
    ) -> Result<Result<usize, Vec<RowRefusal>>, EditError> {
        sandan_domain::batch_size::check(entries.len()).map_err(EditError::Refused)?;
        let mut tx = self.writer.begin().await?;
        let plan = funded_plan(&mut tx, round, region).await?;
        let setups = setups_in(&mut tx, round, region).await?;
        let uploads = uploads_in(&mut tx, round, region).await?;
        let mut refusals = Vec::new();
        let mut ready = Vec::new();
        let mut seen: HashMap<(usize, Quarter), usize> = HashMap::new();
        for (row, entry) in entries.iter().enumerate() {
            let Some(entry) = entry else { continue };
            let mut problems = entry_problems(&plan, &setups, today, (entry.goal_no, entry.quarter, &entry.reading));
            if let Some(first) = seen.insert((entry.goal_no, entry.quarter), row) {
                problems.push((
                    Some("quarter"),
                    format!(
                        "이 행은 {first}번 행(0부터 셈)과 같은 목표({})의 같은 분기({})입니다. 한 분기에 한 행만 보내 주십시오.",
                        entry.goal_no,
                        entry.quarter.korean()
                    ),
                ));
            }
            let evidence = match &entry.evidence {
                EvidenceRef::Link(url) => Evidence::link(url).map_err(|e| (Some("evidence_url"), e.to_string())),
                EvidenceRef::Uploaded(sha256) => uploads.get(sha256).cloned().ok_or_else(|| {
                    (
                        Some("evidence_sha256"),
                        format!(
                            "증빙 파일 {sha256}은(는) 이 계획에 올라와 있지 않습니다. 먼저 …/results/evidence로 올린 뒤 그 응답의 sha256을 적어 주십시오."
                        ),
                    )
                }),
            };
            match evidence {
                Ok(evidence) if problems.is_empty() => ready.push((
                    entry.goal_no,
                    Measurement {
                        quarter: entry.quarter,
                        reading: entry.reading,
                        evidence,
                    },
                )),
                Ok(_) => {}
                Err(problem) => problems.push(problem),
            }
            refusals.extend(
                problems
                    .into_iter()
                    .map(|(field, message)| RowRefusal { row, field, message }),
            );
        }
        if ready.len() != entries.len() {
            return Ok(Err(refusals));
        }
        for (goal_no, measurement) in &ready {
            put_measurement(&mut tx, round, region, *goal_no, measurement, change).await?;
        }
        tx.commit().await?;
        Ok(Ok(ready.len()))
    }
}
