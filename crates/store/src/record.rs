//! The whole record in and out: `sandan import` replaces it in one transaction, `sandan export`
//! reads it back in the order it was written, so the two round-trip.

use sandan_domain::plan::LinkRole;
use sandan_domain::{Designation, Meeting, Plan, Record, Region, Source};
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::docs::{from_docs, to_doc};
use crate::evaluation::region_of;
use crate::writer::Tx;
use crate::{Store, StoreError};

/// How much a record holds: what the audit trail keeps of a whole-record replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RecordSize {
    pub sources: usize,
    pub complexes: usize,
    pub rounds: usize,
    pub plans: usize,
    pub meetings: usize,
    pub designations: usize,
    pub targets: usize,
}

impl RecordSize {
    fn of(record: &Record) -> RecordSize {
        RecordSize {
            sources: record.sources.len(),
            complexes: record.complexes.len(),
            rounds: record.rounds.len(),
            plans: record.plans.len(),
            meetings: record.meetings.len(),
            designations: record.designations.len(),
            targets: record.targets.len(),
        }
    }
}

/// Children before parents, so foreign keys hold at every step.
const TABLES_IN_DELETE_ORDER: &[&str] = &[
    "DELETE FROM plan_sites",
    "DELETE FROM designations",
    "DELETE FROM plans",
    "DELETE FROM rounds",
    "DELETE FROM meetings",
    "DELETE FROM targets",
    "DELETE FROM complexes",
    "DELETE FROM sources",
    "DELETE FROM record_meta",
];

impl Store {
    /// Replaces the record with `record` if it passes its checks; otherwise changes nothing.
    pub async fn replace_record(&self, record: &Record, change: &Change<'_>) -> Result<RecordSize, StoreError> {
        let problems = record.check();
        if !problems.is_empty() {
            return Err(StoreError::InvalidRecord(problems));
        }
        let size = RecordSize::of(record);
        let mut tx = self.writer.begin().await?;
        // Read inside the change: the goals' places are checked against the record as it is
        // when this one replaces it.
        let before = read(&mut tx).await?;
        // A synthetic record's 애로사항, site visits, survey, registry facts, packages and
        // results are as synthetic as it is: they go with it rather than hold its complexes
        // and plans.
        if before.synthetic {
            crate::synthetic::delete_grievances(&mut tx).await?;
            delete_registry_figures(&mut tx).await?;
            crate::synthetic::delete_plan_work(&mut tx).await?;
        }
        // 애로사항 and 현장 소통 are working records about complexes, and a loaded registry's
        // quarters and facts cost an office a national file to load again: the record may be
        // replaced around them (their key is checked at commit), but not lose a complex one names.
        let named: Vec<String> = sqlx::query(
            "SELECT complex_id FROM grievances UNION SELECT complex_id FROM field_visits \
             UNION SELECT complex_id FROM complex_surveys UNION SELECT complex_id FROM complex_facts \
             ORDER BY complex_id",
        )
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get("complex_id"))
        .collect::<Result<_, _>>()?;
        let dropped: Vec<String> = named
            .into_iter()
            .filter(|id| !record.complexes.iter().any(|c| &c.id.0 == id))
            .collect();
        if !dropped.is_empty() {
            return Err(StoreError::ComplexesInUse(dropped));
        }
        // The committee's meetings recorded in Sandan hang off the record's rounds, and the
        // published ones are in the record: the new record must keep both.
        let meetings = crate::committee::dropped_by(&mut tx, record).await?;
        if !meetings.is_empty() {
            return Err(StoreError::MeetingsDropped(meetings));
        }
        let work = work_dropped_by(&mut tx, record).await?;
        if !work.is_empty() {
            return Err(StoreError::WorkDropped(work));
        }
        let moved = record.moves_goals(&before, &tracked_goals(&mut tx).await?);
        if !moved.is_empty() {
            return Err(StoreError::GoalsMoved(moved));
        }
        audit::record(
            &mut tx,
            change,
            "record.replace",
            "record",
            Some(to_doc(&RecordSize::of(&before))),
            Some(to_doc(&size)),
        )
        .await?;
        overwrite(&mut tx, record, change).await?;
        tx.commit().await?;
        Ok(size)
    }

    /// Loads `record` only into a database that has never held one, keeping any round opened in
    /// it before; says whether it did.
    pub async fn load_if_empty(&self, record: &Record, change: &Change<'_>) -> Result<bool, StoreError> {
        let loaded = sqlx::query("SELECT COUNT(*) AS n FROM record_meta WHERE key = 'loaded_at'")
            .fetch_one(&mut *self.read().await?)
            .await?
            .try_get::<i64, _>("n")?;
        if loaded > 0 {
            return Ok(false);
        }
        let record = record.clone().keeping_rounds_of(&self.record().await?);
        self.replace_record(&record, change).await?;
        Ok(true)
    }

    /// The whole record, as `sandan export` writes it.
    pub async fn record(&self) -> Result<Record, StoreError> {
        let mut conn = self.read().await?;
        read(&mut conn).await
    }

    pub(crate) async fn all<T: serde::de::DeserializeOwned>(
        &self,
        sql: &'static str,
        what: &str,
    ) -> Result<Vec<T>, StoreError> {
        let rows = sqlx::query(sql).fetch_all(&mut *self.read().await?).await?;
        from_docs(&rows, what)
    }
}

/// Sandan's own work a new record would leave hanging (see [`Record::leaves_out`]): the rounds
/// opened here, and the plans with a package or results kept here. The record's rows are
/// replaced whole, so without this check an older record file silently took such a round off
/// every page.
async fn work_dropped_by(tx: &mut Tx, record: &Record) -> Result<Vec<String>, StoreError> {
    let opened = sqlx::query("SELECT year FROM calls ORDER BY year")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| Ok(i32::try_from(row.try_get::<i64, _>("year")?).unwrap_or_default()))
        .collect::<Result<Vec<_>, StoreError>>()?;
    let worked_on = sqlx::query(
        "SELECT round, region FROM package_projects UNION SELECT round, region FROM goal_tracking \
         UNION SELECT round, region FROM measurements ORDER BY round, region",
    )
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|row| {
        let year = i32::try_from(row.try_get::<i64, _>("round")?).unwrap_or_default();
        Ok((year, region_of(&row.try_get::<String, _>("region")?)?))
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(record.leaves_out(&opened, &worked_on))
}

/// The goals whose results Sandan keeps — a baseline and targets set, or a reading — by plan
/// and place.
async fn tracked_goals(tx: &mut Tx) -> Result<Vec<(i32, Region, usize)>, StoreError> {
    sqlx::query(
        "SELECT round, region, goal_no FROM goal_tracking UNION SELECT round, region, goal_no FROM measurements \
         ORDER BY round, region, goal_no",
    )
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|row| {
        let year = i32::try_from(row.try_get::<i64, _>("round")?).unwrap_or_default();
        let place = usize::try_from(row.try_get::<i64, _>("goal_no")?).unwrap_or_default();
        Ok((year, region_of(&row.try_get::<String, _>("region")?)?, place))
    })
    .collect()
}

/// The whole record as `conn` sees it: inside a transaction, with that transaction's changes.
pub(crate) async fn read(conn: &mut AnyConnection) -> Result<Record, StoreError> {
    let synthetic = sqlx::query("SELECT value FROM record_meta WHERE key = 'synthetic'")
        .fetch_optional(&mut *conn)
        .await?
        .map(|row| row.try_get::<String, _>("value"))
        .transpose()?
        .is_some_and(|v| v == "true");
    Ok(Record {
        synthetic,
        sources: docs(conn, "SELECT doc FROM sources ORDER BY position", "출처").await?,
        complexes: docs(conn, "SELECT doc FROM complexes ORDER BY position", "산업단지").await?,
        rounds: docs(conn, "SELECT doc FROM rounds ORDER BY position", "공모 회차").await?,
        plans: docs(conn, "SELECT doc FROM plans ORDER BY position", "혁신계획").await?,
        meetings: docs(conn, "SELECT doc FROM meetings ORDER BY position", "위원회 회의").await?,
        designations: docs(conn, "SELECT doc FROM designations ORDER BY position", "지정").await?,
        targets: docs(conn, "SELECT doc FROM targets ORDER BY position", "목표").await?,
    })
}

async fn docs<T: serde::de::DeserializeOwned>(
    conn: &mut AnyConnection,
    sql: &'static str,
    what: &str,
) -> Result<Vec<T>, StoreError> {
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    from_docs(&rows, what)
}

/// Replaces the record's rows with `record` inside the caller's transaction, which writes the
/// audit entry: a whole-record import and a synthetic load both come through here.
/// Deletes every complex's quarterly survey and registry facts: a synthetic record brings its own
/// and takes them with it.
pub(crate) async fn delete_registry_figures(tx: &mut Tx) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM complex_surveys").execute(&mut **tx).await?;
    sqlx::query("DELETE FROM complex_facts").execute(&mut **tx).await?;
    Ok(())
}

pub(crate) async fn overwrite(tx: &mut Tx, record: &Record, change: &Change<'_>) -> Result<(), StoreError> {
    for delete in TABLES_IN_DELETE_ORDER {
        sqlx::query(*delete).execute(&mut **tx).await?;
    }
    insert(tx, record, change).await
}

async fn insert(tx: &mut Tx, record: &Record, change: &Change<'_>) -> Result<(), StoreError> {
    for (i, s) in record.sources.iter().enumerate() {
        insert_source(tx, i as i64, s).await?;
    }
    for (i, c) in record.complexes.iter().enumerate() {
        crate::complexes::insert_complex(tx, i as i64, c).await?;
    }
    for (i, r) in record.rounds.iter().enumerate() {
        sqlx::query("INSERT INTO rounds (year, position, doc) VALUES ($1, $2, $3)")
            .bind(i64::from(r.year))
            .bind(i as i64)
            .bind(to_doc(r))
            .execute(&mut **tx)
            .await?;
    }
    for (i, p) in record.plans.iter().enumerate() {
        insert_plan(tx, i as i64, p).await?;
    }
    for (i, m) in record.meetings.iter().enumerate() {
        insert_meeting(tx, i as i64, m).await?;
    }
    for (i, d) in record.designations.iter().enumerate() {
        insert_designation(tx, i as i64, d).await?;
    }
    for (i, t) in record.targets.iter().enumerate() {
        sqlx::query("INSERT INTO targets (position, doc) VALUES ($1, $2)")
            .bind(i as i64)
            .bind(to_doc(t))
            .execute(&mut **tx)
            .await?;
    }
    let meta = [
        ("synthetic", record.synthetic.to_string()),
        ("loaded_at", change.at.to_string()),
    ];
    for (key, value) in meta {
        sqlx::query("INSERT INTO record_meta (key, value) VALUES ($1, $2)")
            .bind(key)
            .bind(value)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

// One row of the record's sources, meetings and designations: written by an import and by the
// publication of a committee meeting, so both fill the lookup columns the same way.

pub(crate) async fn insert_source(tx: &mut Tx, position: i64, source: &Source) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sources (id, position, doc) VALUES ($1, $2, $3)")
        .bind(&source.id.0)
        .bind(position)
        .bind(to_doc(source))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A plan and the sites it names, so a complex's page finds its roles in plans.
pub(crate) async fn insert_plan(tx: &mut Tx, position: i64, p: &Plan) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO plans (round, region, position, doc) VALUES ($1, $2, $3, $4)")
        .bind(i64::from(p.round))
        .bind(p.region.short_name())
        .bind(position)
        .bind(to_doc(p))
        .execute(&mut **tx)
        .await?;
    let hub = std::iter::once((&p.hub.complex, "hub"));
    let linked = p.linked.iter().map(|l| (&l.complex, role_key(l.role)));
    for (k, (complex, role)) in hub.chain(linked).enumerate() {
        sqlx::query("INSERT INTO plan_sites (round, region, complex_id, role, position) VALUES ($1, $2, $3, $4, $5)")
            .bind(i64::from(p.round))
            .bind(p.region.short_name())
            .bind(&complex.0)
            .bind(role)
            .bind(k as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub(crate) async fn insert_meeting(tx: &mut Tx, position: i64, meeting: &Meeting) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO meetings (position, date, doc) VALUES ($1, $2, $3)")
        .bind(position)
        .bind(meeting.date.to_string())
        .bind(to_doc(meeting))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(crate) async fn insert_designation(tx: &mut Tx, position: i64, d: &Designation) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO designations (position, kind, date, round, region, complex_id, doc) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(position)
    .bind(to_doc(&d.kind).trim_matches('"').to_string())
    .bind(d.date.to_string())
    .bind(d.round.map(i64::from))
    .bind(d.region.map(|r| r.short_name()))
    .bind(d.complex.as_ref().map(|c| c.0.clone()))
    .bind(to_doc(d))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn role_key(role: LinkRole) -> &'static str {
    match role {
        LinkRole::LinkedComplex => "linked_complex",
        LinkRole::LinkedArea => "linked_area",
    }
}
