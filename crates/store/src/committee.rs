//! 위원회 의결 in the store: the office records a committee meeting of a round and the decisions
//! taken at it; publishing the meeting puts it, its decisions and the source that announced
//! them into the record, where the public pages read them. Until then they are Sandan's
//! working records only.

use sandan_domain::evaluation::CommitteeMeeting;
use sandan_domain::publication::Published;
use sandan_domain::results::GoalSetup;
use sandan_domain::{Designation, Meeting, Plan, Record, Source, mail};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{self, Change};
use crate::docs::{from_doc, from_docs, to_doc};
use crate::edit::EditError;
use crate::mail::Audience;
use crate::record::{insert_designation, insert_meeting, insert_plan, insert_source};
use crate::writer::Tx;
use crate::{Store, StoreError};

/// A recorded meeting with its decisions in the order they were taken.
#[derive(Debug, Clone, Serialize)]
pub struct StoredMeeting {
    pub id: i64,
    pub year: i32,
    pub meeting: CommitteeMeeting,
    pub recorded_by: String,
    pub recorded_at: String,
    pub published_at: Option<String>,
    pub decisions: Vec<StoredDecision>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoredDecision {
    pub id: i64,
    /// As it goes into the record: the meeting's date and body, the round; once published,
    /// the source that announced it.
    pub designation: Designation,
    pub recorded_by: String,
    pub recorded_at: String,
}

fn subject(year: i32, meeting: i64) -> String {
    format!("committee:{year}:{meeting}")
}

/// A meeting of `year`, and whether it was published.
async fn meeting_of(tx: &mut Tx, year: i32, id: i64) -> Result<(CommitteeMeeting, bool), EditError> {
    let row = sqlx::query("SELECT doc, published_at FROM committee_meetings WHERE id = $1 AND round = $2")
        .bind(id)
        .bind(i64::from(year))
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| EditError::NotFound(format!("{year}년 위원회 회의를 찾을 수 없습니다.")))?;
    let published = row.try_get::<Option<String>, _>("published_at")?.is_some();
    Ok((from_doc(&row, "위원회 회의")?, published))
}

/// A meeting belongs to a round of the record: one run in Sandan, or one only recorded there.
async fn round_exists(tx: &mut Tx, year: i32) -> Result<(), EditError> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM rounds WHERE year = $1")
        .bind(i64::from(year))
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    if n == 0 {
        return Err(EditError::NotFound(format!("{year}년 공모 회차가 기록에 없습니다.")));
    }
    Ok(())
}

/// Refuses a decision on a complex the record does not know: the record's designations may
/// only name complexes it lists.
async fn known_complex(tx: &mut Tx, decision: &Designation) -> Result<(), EditError> {
    let Some(complex) = &decision.complex else {
        return Ok(());
    };
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM complexes WHERE id = $1")
        .bind(&complex.0)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    if n == 0 {
        return Err(EditError::Refused(format!(
            "산업단지 '{}'가 기록에 없습니다.",
            complex.0
        )));
    }
    Ok(())
}

/// Adds `source` after the record's sources, unless the record has that very source already;
/// refused when another source of the record holds its id.
pub(crate) async fn add_source(tx: &mut Tx, source: &Source) -> Result<(), EditError> {
    let existing = sqlx::query("SELECT doc FROM sources WHERE id = $1")
        .bind(&source.id.0)
        .fetch_optional(&mut **tx)
        .await?;
    match existing {
        Some(r) if from_doc::<Source>(&r, "출처")? != *source => Err(EditError::Refused(format!(
            "출처 id '{}'는 기록의 다른 출처가 이미 쓰고 있습니다. 기록에서 그 출처의 id를 바꾸십시오.",
            source.id.0
        ))),
        Some(_) => Ok(()),
        None => {
            let position = next_position(tx, "sources").await?;
            insert_source(tx, position, source).await?;
            Ok(())
        }
    }
}

async fn next_position(tx: &mut Tx, table: &str) -> Result<i64, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT COALESCE(MAX(position), -1) + 1 AS p FROM {table}"
    )))
    .fetch_one(&mut **tx)
    .await?
    .try_get("p")
}

fn read_decision(r: &AnyRow) -> Result<StoredDecision, StoreError> {
    Ok(StoredDecision {
        id: r.try_get("id")?,
        designation: from_doc(r, "위원회 의결")?,
        recorded_by: r.try_get("recorded_by")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

/// The committee's meetings a new record would lose, each as "2021년 공모의 2021. 12. 20.(월) 회의": one
/// whose round it leaves out, or a published one whose decisions it no longer holds as they
/// were published. A record exported after the publication keeps them, so it imports again.
pub(crate) async fn dropped_by(tx: &mut Tx, record: &Record) -> Result<Vec<String>, StoreError> {
    let meetings = sqlx::query("SELECT id, round, doc, published_at FROM committee_meetings ORDER BY round, id")
        .fetch_all(&mut **tx)
        .await?;
    let decisions = sqlx::query("SELECT meeting_id, doc FROM committee_decisions ORDER BY id")
        .fetch_all(&mut **tx)
        .await?;
    let mut dropped = Vec::new();
    for m in &meetings {
        let id: i64 = m.try_get("id")?;
        let year = i32::try_from(m.try_get::<i64, _>("round")?).unwrap_or_default();
        let lost = if record.round(year).is_none() {
            true
        } else if m.try_get::<Option<String>, _>("published_at")?.is_some() {
            let mut lost = false;
            for d in decisions.iter() {
                if d.try_get::<i64, _>("meeting_id")? == id {
                    let published: Designation = from_doc(d, "위원회 의결")?;
                    lost |= !record.designations.contains(&published);
                }
            }
            lost
        } else {
            false
        };
        if lost {
            let meeting: CommitteeMeeting = from_doc(m, "위원회 회의")?;
            dropped.push(format!("{year}년 공모의 {} 회의", meeting.date.korean()));
        }
    }
    Ok(dropped)
}

impl Store {
    /// Records a meeting of a round of the record, run in Sandan or not; returns its id.
    pub async fn record_meeting(
        &self,
        year: i32,
        meeting: &CommitteeMeeting,
        change: &Change<'_>,
    ) -> Result<i64, EditError> {
        let problems = meeting.problems();
        if !problems.is_empty() {
            return Err(EditError::Refused(problems.join(" ")));
        }
        let mut tx = self.writer.begin().await?;
        round_exists(&mut tx, year).await?;
        let doc = to_doc(meeting);
        let id: i64 = sqlx::query(
            "INSERT INTO committee_meetings (round, doc, recorded_by, recorded_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(i64::from(year))
        .bind(&doc)
        .bind(change.actor)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        audit::record(
            &mut tx,
            change,
            "committee.meeting",
            &subject(year, id),
            None,
            Some(doc),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A round's meetings, oldest first, each with its decisions in order.
    pub async fn meetings_of(&self, year: i32) -> Result<Vec<StoredMeeting>, StoreError> {
        let meetings = sqlx::query(
            "SELECT id, doc, recorded_by, recorded_at, published_at FROM committee_meetings WHERE round = $1 ORDER BY id",
        )
        .bind(i64::from(year))
        .fetch_all(&mut *self.read().await?)
        .await?;
        let decisions = sqlx::query(
            "SELECT id, meeting_id, doc, recorded_by, recorded_at FROM committee_decisions WHERE round = $1 ORDER BY id",
        )
        .bind(i64::from(year))
        .fetch_all(&mut *self.read().await?)
        .await?;
        meetings
            .iter()
            .map(|m| {
                let id: i64 = m.try_get("id")?;
                let mut own = Vec::new();
                for d in &decisions {
                    if d.try_get::<i64, _>("meeting_id")? == id {
                        own.push(read_decision(d)?);
                    }
                }
                Ok(StoredMeeting {
                    id,
                    year,
                    meeting: from_doc(m, "위원회 회의")?,
                    recorded_by: m.try_get("recorded_by")?,
                    recorded_at: m.try_get("recorded_at")?,
                    published_at: m.try_get("published_at")?,
                    decisions: own,
                })
            })
            .collect()
    }

    /// Records a decision taken at an unpublished meeting of `year`. `check` sees every decision
    /// already recorded for the round and may refuse this one with a message; it runs inside the
    /// change, which holds the write lock from its start, so two decisions recorded at once
    /// are checked one after the other and cannot together break a rule (two selections filling
    /// the last place of the quota). Returns the decision's id.
    pub async fn record_decision(
        &self,
        year: i32,
        meeting_id: i64,
        decision: &Designation,
        check: impl FnOnce(&[Designation]) -> Result<(), String> + Send,
        change: &Change<'_>,
    ) -> Result<i64, EditError> {
        let mut tx = self.writer.begin().await?;
        let (meeting, published) = meeting_of(&mut tx, year, meeting_id).await?;
        if published {
            return Err(EditError::Refused("공개된 회의에는 의결을 더할 수 없습니다.".into()));
        }
        // The round stays as given: a district belongs to the round its plan was selected in.
        let stored = Designation {
            date: meeting.date,
            body: meeting.body.clone(),
            ..decision.clone()
        };
        known_complex(&mut tx, &stored).await?;
        let doc = to_doc(&stored);
        audit::record(
            &mut tx,
            change,
            "committee.decision",
            &subject(year, meeting_id),
            None,
            Some(doc.clone()),
        )
        .await?;
        let rows = sqlx::query("SELECT doc FROM committee_decisions WHERE round = $1 ORDER BY id")
            .bind(i64::from(year))
            .fetch_all(&mut *tx)
            .await?;
        let decided: Vec<Designation> = from_docs(&rows, "위원회 의결")?;
        check(&decided).map_err(EditError::Refused)?;
        let id: i64 = sqlx::query(
            "INSERT INTO committee_decisions (meeting_id, round, doc, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(meeting_id)
        .bind(i64::from(year))
        .bind(&doc)
        .bind(change.actor)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every decision recorded for a round, published or not, in the order taken.
    pub async fn round_decisions(&self, year: i32) -> Result<Vec<Designation>, StoreError> {
        let rows = sqlx::query("SELECT doc FROM committee_decisions WHERE round = $1 ORDER BY id")
            .bind(i64::from(year))
            .fetch_all(&mut *self.read().await?)
            .await?;
        from_docs(&rows, "위원회 의결")
    }

    /// Publishes a meeting into the record: `source` (unless the record already has that very
    /// source), the meeting, and each of its decisions citing `source`, after everything the
    /// record holds; with each of `plans` the record lacks, its goals' baselines as their
    /// tracking setup.
    pub async fn publish_meeting(
        &self,
        year: i32,
        meeting_id: i64,
        source: &Source,
        plans: &[Published],
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        if source.id.0.trim().is_empty() || source.title.trim().is_empty() {
            return Err(EditError::Refused("공개할 출처의 id와 제목을 적어 주십시오.".into()));
        }
        let mut tx = self.writer.begin().await?;
        let (meeting, published) = meeting_of(&mut tx, year, meeting_id).await?;
        if published {
            return Err(EditError::Refused("이미 공개된 회의입니다.".into()));
        }
        let problems_before = crate::record::read(&mut tx).await?.check();
        let rows = sqlx::query("SELECT id, doc FROM committee_decisions WHERE meeting_id = $1 ORDER BY id")
            .bind(meeting_id)
            .fetch_all(&mut *tx)
            .await?;
        if rows.is_empty() {
            return Err(EditError::Refused("의결이 없는 회의는 공개할 수 없습니다.".into()));
        }
        add_source(&mut tx, source).await?;
        let cited = vec![source.id.clone()];
        // A region's decision needs its plan in the record; plans already there stay as they are.
        let mut position = next_position(&mut tx, "plans").await?;
        for Published { plan, baselines } in plans {
            let present: i64 = sqlx::query("SELECT COUNT(*) AS n FROM plans WHERE round = $1 AND region = $2")
                .bind(i64::from(plan.round))
                .bind(plan.region.short_name())
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
            if present == 0 {
                insert_plan(&mut tx, position, plan).await?;
                position += 1;
                for (goal_no, setup) in baselines {
                    put_baseline(&mut tx, plan, *goal_no, setup, change).await?;
                }
            }
        }
        let public = Meeting {
            date: meeting.date,
            body: meeting.body.clone(),
            hosts: Vec::new(),
            chairs: Vec::new(),
            sources: cited.clone(),
        };
        let position = next_position(&mut tx, "meetings").await?;
        insert_meeting(&mut tx, position, &public).await?;
        let first = next_position(&mut tx, "designations").await?;
        let mut designations = Vec::with_capacity(rows.len());
        for (k, r) in rows.iter().enumerate() {
            let designation = Designation {
                sources: cited.clone(),
                ..from_doc(r, "위원회 의결")?
            };
            known_complex(&mut tx, &designation).await?;
            insert_designation(&mut tx, first + k as i64, &designation).await?;
            // The working copy shows what was published, source included.
            sqlx::query("UPDATE committee_decisions SET doc = $1 WHERE id = $2")
                .bind(to_doc(&designation))
                .bind(r.try_get::<i64, _>("id")?)
                .execute(&mut *tx)
                .await?;
            designations.push(designation);
        }
        sqlx::query("UPDATE committee_meetings SET published_at = $1 WHERE id = $2")
            .bind(change.at)
            .bind(meeting_id)
            .execute(&mut *tx)
            .await?;
        // The record as it would be published must pass the checks an import passes: a
        // decision on a plan or complex the record lacks would otherwise land. What it already
        // failed is not this publication's doing, so only new problems refuse it.
        let new_problems: Vec<String> = crate::record::read(&mut tx)
            .await?
            .check()
            .into_iter()
            .filter(|p| !problems_before.contains(p))
            .map(|p| p.to_string())
            .collect();
        if !new_problems.is_empty() {
            return Err(EditError::Refused(format!(
                "공개하면 기록이 맞지 않게 되어 아무것도 공개하지 않았습니다: {}",
                new_problems.join("; ")
            )));
        }
        let after = serde_json::json!({ "source": source, "meeting": public, "designations": designations });
        audit::record(
            &mut tx,
            change,
            "committee.publish",
            &subject(year, meeting_id),
            None,
            Some(after.to_string()),
        )
        .await?;
        // Published means public: everyone working on the program may be told.
        let letter = mail::selection_published(year);
        let readers = ["provincial-officer", "ministry-officer", "committee-member"].map(Audience::Role);
        crate::mail::announce_in(&mut tx, &readers, &letter, change).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The 기준값 the province gave for goal `goal_no` of a plan entering the record, as the goal's
/// tracking setup, checked as an office's setup is.
async fn put_baseline(
    tx: &mut Tx,
    plan: &Plan,
    goal_no: usize,
    setup: &GoalSetup,
    change: &Change<'_>,
) -> Result<(), EditError> {
    let goal = plan.goals.get(goal_no).ok_or_else(|| {
        EditError::Refused(format!(
            "{} 혁신계획에 {}번째 목표가 없어 기준값을 적을 수 없습니다.",
            plan.region.short_name(),
            goal_no + 1
        ))
    })?;
    let problems = setup.problems(goal);
    if !problems.is_empty() {
        return Err(EditError::Refused(problems.join(" ")));
    }
    let key = (plan.round, plan.region, goal_no);
    let before = crate::results::setup_of(tx, plan.round, plan.region, goal_no).await?;
    crate::results::write_goal_setup(tx, key, &before, setup, change).await
}
