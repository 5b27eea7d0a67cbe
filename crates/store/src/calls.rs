//! 공모 운영: rounds opened in Sandan with their call settings, the holidays the office adds
//! to the public ones, and submissions reopened after the deadline. Every change is audited in
//! its own transaction.

use sandan_domain::calendar::{Calendar, Holiday};
use sandan_domain::call::Call;
use sandan_domain::evaluation::PanelAction;
use sandan_domain::submission::{self, Late, SeoulTime, Window};
use sandan_domain::{Day, Region, Round};
use serde::Serialize;
use sqlx::any::Any;
use sqlx::{Executor, Row};

use crate::audit::{self, Change};
use crate::docs::{from_doc, to_doc};
use crate::edit::EditError;
use crate::evaluation::allowed;
use crate::writer::Tx;
use crate::{Store, StoreError};

/// A call as stored, with its edit version.
#[derive(Debug, Clone)]
pub struct StoredCall {
    pub call: Call,
    pub version: i64,
}

/// A holiday the office added, with who added it.
#[derive(Debug, Clone, Serialize)]
pub struct AddedHoliday {
    pub day: Day,
    pub name: String,
    pub added_by: String,
    pub added_at: String,
}

/// 접수 재개
#[derive(Debug, Clone, Serialize)]
pub struct Reopening {
    pub region: Option<Region>,
    pub until: String,
    pub reason: String,
    pub by: String,
    pub at: String,
}

impl Store {
    /// Opens a round: its public record (title, quota, schedule) and its call settings.
    pub async fn open_round(&self, round: &Round, call: &Call, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let taken: i64 = sqlx::query("SELECT COUNT(*) AS n FROM rounds WHERE year = $1")
            .bind(i64::from(round.year))
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if taken > 0 {
            return Err(EditError::Refused(format!("{}년 공모는 이미 있습니다.", round.year)));
        }
        let position: i64 = sqlx::query("SELECT COALESCE(MAX(position), -1) + 1 AS p FROM rounds")
            .fetch_one(&mut *tx)
            .await?
            .try_get("p")?;
        let mut round = round.clone();
        if round.sources.is_empty() {
            let source = round.opening_source(change.at.get(..10).and_then(|day| day.parse().ok()));
            crate::committee::add_source(&mut tx, &source).await?;
            round.sources.push(source.id);
        }
        sqlx::query("INSERT INTO rounds (year, position, doc) VALUES ($1, $2, $3)")
            .bind(i64::from(round.year))
            .bind(position)
            .bind(to_doc(&round))
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO calls (year, doc) VALUES ($1, $2)")
            .bind(i64::from(call.year))
            .bind(to_doc(call))
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "round": round, "call": call }).to_string();
        audit::record(
            &mut tx,
            change,
            "round.open",
            &format!("round:{}", round.year),
            None,
            Some(after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every round's call, by year: one read for pages that go through all rounds.
    pub async fn calls(&self) -> Result<std::collections::BTreeMap<i32, StoredCall>, StoreError> {
        let rows = sqlx::query("SELECT year, doc, version FROM calls")
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<i64, _>("year")? as i32,
                    StoredCall {
                        call: from_doc(r, "공모 설정")?,
                        version: r.try_get("version")?,
                    },
                ))
            })
            .collect()
    }

    /// Kept in the read cache, as the round is: a province's every save reads its deadline.
    pub async fn call(&self, year: i32) -> Result<Option<StoredCall>, StoreError> {
        self.cached_copy(format!("call:{year}"), || async {
            let row = sqlx::query("SELECT doc, version FROM calls WHERE year = $1")
                .bind(i64::from(year))
                .fetch_optional(&mut *self.read().await?)
                .await?;
            row.map(|r| {
                Ok(StoredCall {
                    call: from_doc(&r, "공모 설정")?,
                    version: r.try_get("version")?,
                })
            })
            .transpose()
        })
        .await
    }

    /// Changes a round's schedule and call settings, if nobody changed them since `expected`.
    pub async fn update_call(
        &self,
        round: &Round,
        call: &Call,
        expected: i64,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        allowed(&mut tx, call.year, PanelAction::ChangeCall).await?;
        let before = sqlx::query(
            "SELECT c.doc AS call, r.doc AS round FROM calls c JOIN rounds r ON r.year = c.year WHERE c.year = $1",
        )
        .bind(i64::from(call.year))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| EditError::NotFound(format!("{}년 공모 설정이 없습니다.", call.year)))?;
        let updated = sqlx::query("UPDATE calls SET doc = $1, version = version + 1 WHERE year = $2 AND version = $3")
            .bind(to_doc(call))
            .bind(i64::from(call.year))
            .bind(expected)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            let (by, at) = last_change(&mut tx, &format!("round:{}", call.year)).await?;
            return Err(EditError::Stale { by, at });
        }
        sqlx::query("UPDATE rounds SET doc = $1 WHERE year = $2")
            .bind(to_doc(round))
            .bind(i64::from(round.year))
            .execute(&mut *tx)
            .await?;
        let before = serde_json::json!({
            "round": serde_json::from_str::<serde_json::Value>(&before.try_get::<String, _>("round")?).unwrap_or_default(),
            "call": serde_json::from_str::<serde_json::Value>(&before.try_get::<String, _>("call")?).unwrap_or_default(),
        });
        let after = serde_json::json!({ "round": round, "call": call });
        audit::record(
            &mut tx,
            change,
            "call.update",
            &format!("round:{}", call.year),
            Some(before.to_string()),
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn added_holidays(&self) -> Result<Vec<AddedHoliday>, StoreError> {
        added_holidays(&mut *self.read().await?).await
    }

    /// The business-day calendar: the public holidays shipped with Sandan and those added here.
    /// The business-day calendar, kept in the read cache: every deadline is counted on it.
    pub async fn calendar(&self) -> Result<Calendar, StoreError> {
        let calendar = self
            .cached("calendar".into(), || async {
                Ok(calendar_with(self.added_holidays().await?))
            })
            .await?;
        Ok((*calendar).clone())
    }

    pub async fn add_holiday(&self, holiday: &Holiday, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "INSERT INTO added_holidays (day, name, added_by, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT (day) DO NOTHING",
        )
        .bind(holiday.day.to_string())
        .bind(&holiday.name)
        .bind(change.actor)
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(EditError::Refused(format!(
                "{}은(는) 이미 추가된 휴일입니다.",
                holiday.day.korean()
            )));
        }
        let after = serde_json::json!({ "day": holiday.day, "name": holiday.name }).to_string();
        audit::record(
            &mut tx,
            change,
            "holiday.add",
            &format!("holiday:{}", holiday.day),
            None,
            Some(after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_holiday(&self, day: &Day, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query("SELECT name FROM added_holidays WHERE day = $1")
            .bind(day.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| EditError::NotFound(format!("{}은(는) 추가된 휴일이 아닙니다.", day.korean())))?;
        let name: String = row.try_get("name")?;
        sqlx::query("DELETE FROM added_holidays WHERE day = $1")
            .bind(day.to_string())
            .execute(&mut *tx)
            .await?;
        let before = serde_json::json!({ "day": day, "name": name }).to_string();
        audit::record(
            &mut tx,
            change,
            "holiday.remove",
            &format!("holiday:{day}"),
            Some(before),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Lets `region` (or every province) submit until `until`, Korean time.
    pub async fn reopen(
        &self,
        year: i32,
        region: Option<Region>,
        until: SeoulTime,
        reason: &str,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        allowed(&mut tx, year, PanelAction::Reopen).await?;
        sqlx::query(
            "INSERT INTO reopenings (round, region, until, reason, by_login, at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(i64::from(year))
        .bind(region.map(|r| r.short_name()))
        .bind(until.to_string())
        .bind(reason)
        .bind(change.actor)
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({
            "region": region.map(|r| r.short_name()),
            "until": until.to_string(),
            "reason": reason,
        })
        .to_string();
        audit::record(
            &mut tx,
            change,
            "submission.reopen",
            &format!("round:{year}"),
            None,
            Some(after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every reopening of a round, oldest first.
    pub async fn reopenings(&self, year: i32) -> Result<Vec<Reopening>, StoreError> {
        let rows =
            sqlx::query("SELECT region, until, reason, by_login, at FROM reopenings WHERE round = $1 ORDER BY id")
                .bind(i64::from(year))
                .fetch_all(&mut *self.read().await?)
                .await?;
        rows.iter()
            .map(|r| {
                let region: Option<String> = r.try_get("region")?;
                Ok(Reopening {
                    region: region.and_then(|s| s.parse().ok()),
                    until: r.try_get("until")?,
                    reason: r.try_get("reason")?,
                    by: r.try_get("by_login")?,
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }
}

async fn added_holidays<'e>(db: impl Executor<'e, Database = Any>) -> Result<Vec<AddedHoliday>, StoreError> {
    let rows = sqlx::query("SELECT day, name, added_by, added_at FROM added_holidays ORDER BY day")
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            let day: String = r.try_get("day")?;
            Ok(AddedHoliday {
                day: day.parse().map_err(|_| StoreError::BadValue(format!("휴일 '{day}'")))?,
                name: r.try_get("name")?,
                added_by: r.try_get("added_by")?,
                added_at: r.try_get("added_at")?,
            })
        })
        .collect()
}

fn calendar_with(added: Vec<AddedHoliday>) -> Calendar {
    Calendar::bundled().with_added(added.into_iter().map(|h| Holiday {
        day: h.day,
        name: h.name,
    }))
}

/// Whether some province may still submit to the round at `now` (`Ok`, saying how) or none may
/// (`Err`): the call's deadline on the business-day calendar, every reopening, every revision
/// request not yet answered. Read in the caller's transaction, so what it decides holds when
/// that transaction commits.
pub(crate) async fn submission_window(
    tx: &mut Tx,
    year: i32,
    now: SeoulTime,
) -> Result<Result<Window, Late>, EditError> {
    let no_call = || EditError::NotFound(format!("{year}년 공모가 없습니다."));
    let round = sqlx::query("SELECT doc FROM rounds WHERE year = $1")
        .bind(i64::from(year))
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(no_call)?;
    let round: Round = from_doc(&round, "공모 회차")?;
    let call = sqlx::query("SELECT doc FROM calls WHERE year = $1")
        .bind(i64::from(year))
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(no_call)?;
    let call: Call = from_doc(&call, "공모 설정")?;
    let calendar = calendar_with(added_holidays(&mut **tx).await?);
    let deadline = submission::deadline(&round, &call, &calendar).map_err(|e| EditError::Refused(e.to_string()))?;
    let reopened = sqlx::query("SELECT until FROM reopenings WHERE round = $1")
        .bind(i64::from(year))
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| {
            let until: String = r.try_get("until")?;
            SeoulTime::parse(&until).ok_or_else(|| StoreError::BadValue(format!("접수 재개 기한 '{until}'")))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let revisions_due =
        sqlx::query("SELECT due FROM revision_requests WHERE round = $1 AND answered_by_version IS NULL")
            .bind(i64::from(year))
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|r| {
                let due: String = r.try_get("due")?;
                let day: Day = due
                    .parse()
                    .map_err(|_| StoreError::BadValue(format!("보완 기한 '{due}'")))?;
                Ok(SeoulTime::at(day, call.closes_at))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(submission::window(
        now,
        deadline,
        &reopened,
        revisions_due.into_iter().max(),
    ))
}

/// Who last changed a subject, and when, for the message that refuses a stale save.
pub(crate) async fn last_change(tx: &mut Tx, subject: &str) -> Result<(String, String), EditError> {
    let row = sqlx::query("SELECT actor, at FROM audit_log WHERE subject = $1 ORDER BY seq DESC LIMIT 1")
        .bind(subject)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match row {
        Some(r) => (r.try_get("actor")?, r.try_get("at")?),
        None => ("알 수 없음".into(), "알 수 없는 시각".into()),
    })
}

#[cfg(test)]
mod tests {
    use sandan_domain::SourceId;

    use super::*;
    use crate::migrate::migrate_until;
    use crate::testing::TestDb;

    #[tokio::test]
    async fn a_round_opened_before_rounds_cited_their_opening_cites_it_after_the_migration() {
        for db in TestDb::all_empty().await {
            migrate_until(&db.store, 20).await.unwrap();
            let round = crate::testing::round_open_until(2027, Day::ymd(2027, 3, 31));
            let quoted = |doc: String| doc.replace('\'', "''");
            db.execute_raw(&format!(
                "INSERT INTO rounds (year, position, doc) VALUES (2027, 0, '{}'); \
                 INSERT INTO calls (year, doc) VALUES (2027, '{}'); \
                 INSERT INTO audit_log (seq, at, actor, source, action, subject, prev_hash, hash) \
                 VALUES (1, '2026-03-02T01:00:00Z', 'office', 'web', 'round.open', 'round:2027', '', '')",
                quoted(to_doc(&round)),
                quoted(to_doc(&Call::new(2027)))
            ))
            .await;
            db.store.migrate().await.unwrap();
            let record = db.store.record().await.unwrap();
            assert_eq!(
                record.round(2027).unwrap().sources,
                [SourceId("sandan-round-2027".into())],
                "{:?}",
                db.backend()
            );
            assert_eq!(
                record.sources,
                [round.opening_source(Some(Day::ymd(2026, 3, 2)))],
                "{:?}: dated by the audit trail's opening",
                db.backend()
            );
            assert!(record.check().is_empty(), "{:?}: {:?}", db.backend(), record.check());
        }
    }
}
