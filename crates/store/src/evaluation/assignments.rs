//! 이해충돌 and 배정: the conflicts members declare, the start of scoring that freezes the plans
//! and assigns them, and taking a plan off an evaluator while scoring is under way.

use sandan_domain::evaluation::start::{self, Basis};
use sandan_domain::evaluation::{Conflict, ConflictKind, Framework, PanelAction, Stage, panel};
use sandan_domain::hangul::{ganada_cmp, sort_ganada};
use sandan_domain::mail;
use sandan_domain::submission::SeoulTime;
use sandan_domain::{Region, UserId};
use sqlx::Row;

use super::{DeclaredConflict, EvaluatedPlan, call_exists, is_assigned, is_member, region_of, require, subject};
use crate::audit::{self, Change};
use crate::calls::submission_window;
use crate::docs::from_doc;
use crate::edit::EditError;
use crate::mail::Audience;
use crate::writer::Tx;
use crate::{Store, StoreError};

/// Deletes an assignment and its draft sheet, refusing with `refusal` if the sheet was
/// submitted; returns the draft's version, if there was one.
async fn withdraw(
    tx: &mut Tx,
    year: i32,
    user: UserId,
    region: Region,
    refusal: &str,
) -> Result<Option<i64>, EditError> {
    let sheet =
        sqlx::query("SELECT version, submitted_at FROM score_sheets WHERE round = $1 AND user_id = $2 AND region = $3")
            .bind(i64::from(year))
            .bind(user.0)
            .bind(region.short_name())
            .fetch_optional(&mut **tx)
            .await?;
    let draft = match sheet {
        Some(r) if r.try_get::<Option<String>, _>("submitted_at")?.is_some() => {
            return Err(EditError::Refused(refusal.to_string()));
        }
        Some(r) => Some(r.try_get::<i64, _>("version")?),
        None => None,
    };
    for table in ["score_sheets", "assignments"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE round = $1 AND user_id = $2 AND region = $3"
        )))
        .bind(i64::from(year))
        .bind(user.0)
        .bind(region.short_name())
        .execute(&mut **tx)
        .await?;
    }
    Ok(draft)
}

impl Store {
    /// 이해충돌 신고. During scoring it also takes the plan off the evaluator, unless she has
    /// already submitted its sheet: a submitted score is only withdrawn by the office.
    pub async fn declare_conflict(&self, year: i32, conflict: &Conflict, change: &Change<'_>) -> Result<(), EditError> {
        let text = panel::note(&conflict.note, "신고 사유").map_err(EditError::Refused)?;
        let (user, region) = (conflict.evaluator, conflict.region);
        let mut tx = self.writer.begin().await?;
        let stage = require(&mut tx, year, PanelAction::DeclareConflict).await?;
        if !is_member(&mut tx, year, user).await? {
            return Err(EditError::Refused(
                "이 회차에 위촉된 평가위원만 이해충돌을 신고할 수 있습니다.".into(),
            ));
        }
        let declared: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM conflicts WHERE round = $1 AND user_id = $2 AND region = $3")
                .bind(i64::from(year))
                .bind(user.0)
                .bind(region.short_name())
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        if declared > 0 {
            return Err(EditError::Refused(format!(
                "{}의 계획안에 대한 이해충돌은 이미 신고되었습니다.",
                region.short_name()
            )));
        }
        let (mut unassigned, mut draft) = (false, None);
        if stage == Stage::Scoring && is_assigned(&mut tx, year, user, region).await? {
            draft = withdraw(
                &mut tx,
                year,
                user,
                region,
                "이미 제출한 평가표가 있어 신고로 바꿀 수 없습니다. 사무국에 알려 주십시오.",
            )
            .await?;
            unassigned = true;
        }
        sqlx::query(
            "INSERT INTO conflicts (round, user_id, region, kind, note, declared_by, declared_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(i64::from(year))
        .bind(user.0)
        .bind(region.short_name())
        .bind(conflict.kind.key())
        .bind(&text)
        .bind(change.actor)
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        // The draft's version only: its contents are scores, which nobody may read before closing.
        let after = serde_json::json!({
            "user": user,
            "region": region.short_name(),
            "kind": conflict.kind.key(),
            "note": text,
            "unassigned": unassigned,
            "draft_deleted": draft,
        });
        audit::record(
            &mut tx,
            change,
            "evaluation.conflict",
            &subject(year),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Declared conflicts, evaluators in appointment order, plans in 가나다 order.
    pub async fn conflicts(&self, year: i32) -> Result<Vec<DeclaredConflict>, StoreError> {
        self.cached_copy(format!("conflicts:{year}"), || async {
            let rows = sqlx::query(
                "SELECT c.user_id, c.region, c.kind, c.note, c.declared_by, c.declared_at, m.position \
                 FROM conflicts c JOIN panel_members m ON m.round = c.round AND m.user_id = c.user_id \
                 WHERE c.round = $1",
            )
            .bind(i64::from(year))
            .fetch_all(&mut *self.read().await?)
            .await?;
            let mut found = rows
                .iter()
                .map(|r| {
                    let kind: String = r.try_get("kind")?;
                    let conflict = DeclaredConflict {
                        conflict: Conflict {
                            evaluator: UserId(r.try_get("user_id")?),
                            region: region_of(&r.try_get::<String, _>("region")?)?,
                            kind: ConflictKind::from_key(&kind)
                                .ok_or_else(|| StoreError::BadValue(format!("이해충돌 유형 '{kind}'")))?,
                            note: r.try_get("note")?,
                        },
                        declared_by: r.try_get("declared_by")?,
                        declared_at: r.try_get("declared_at")?,
                    };
                    Ok((r.try_get::<i64, _>("position")?, conflict))
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            found.sort_by(|(a, x), (b, y)| {
                a.cmp(b)
                    .then_with(|| ganada_cmp(x.conflict.region.short_name(), y.conflict.region.short_name()))
            });
            Ok(found.into_iter().map(|(_, c)| c).collect())
        })
        .await
    }

    /// Setup → Scoring, freezing the framework, the plans' versions and the assignments the
    /// caller worked out. They are checked again here against the panel as it is now: a member
    /// dismissed or a conflict declared since the caller read the panel refuses the start
    /// rather than assign a plan to someone who may not score it.
    ///
    /// Scoring starts once submissions are closed at `now` (Seoul time), or earlier with the
    /// office's `early` reason, kept in the audit entry; from then on no province may submit.
    pub async fn start_scoring(
        &self,
        year: i32,
        plans: &[(Region, u32)],
        assignments: &[(UserId, Region)],
        now: SeoulTime,
        early: Option<&str>,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let framework = sqlx::query("SELECT framework AS doc FROM panels WHERE round = $1")
            .bind(i64::from(year))
            .fetch_optional(&mut *tx)
            .await?;
        let Some(framework) = framework else {
            call_exists(&mut tx, year).await?;
            return Err(EditError::Refused(
                "평가틀을 저장한 뒤에 평가를 시작할 수 있습니다.".into(),
            ));
        };
        require(&mut tx, year, PanelAction::Start).await?;
        let basis = start::basis(submission_window(&mut tx, year, now).await?, early).map_err(EditError::Refused)?;
        sqlx::query("UPDATE panels SET stage = $1, started_at = $2 WHERE round = $3")
            .bind(Stage::Scoring.key())
            .bind(change.at)
            .bind(i64::from(year))
            .execute(&mut *tx)
            .await?;
        let framework = from_doc::<Framework>(&framework, "평가틀")?;
        let problems = framework.problems();
        if !problems.is_empty() {
            return Err(EditError::Refused(problems.join(" ")));
        }
        if plans.is_empty() {
            return Err(EditError::Refused("제출된 혁신계획안이 없습니다.".into()));
        }
        let conflicts: Vec<(i64, String)> = sqlx::query("SELECT user_id, region FROM conflicts WHERE round = $1")
            .bind(i64::from(year))
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("user_id")?, r.try_get("region")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        for (user, region) in assignments {
            let conflicted = conflicts.contains(&(user.0, region.short_name().to_string()));
            let planned = plans.iter().any(|(r, _)| r == region);
            if conflicted || !planned || !is_member(&mut tx, year, *user).await? {
                return Err(EditError::Refused(
                    "평가위원이나 이해충돌 신고가 바뀌었습니다. 화면을 새로 고친 뒤 다시 시작하십시오.".into(),
                ));
            }
        }
        for (region, version) in plans {
            sqlx::query("INSERT INTO evaluated_plans (round, region, version) VALUES ($1, $2, $3)")
                .bind(i64::from(year))
                .bind(region.short_name())
                .bind(i64::from(*version))
                .execute(&mut *tx)
                .await?;
        }
        for (user, region) in assignments {
            sqlx::query("INSERT INTO assignments (round, user_id, region) VALUES ($1, $2, $3)")
                .bind(i64::from(year))
                .bind(user.0)
                .bind(region.short_name())
                .execute(&mut *tx)
                .await?;
        }
        let submissions = match &basis {
            Basis::Closed { deadline } => serde_json::json!({ "closed_at": deadline.to_string() }),
            Basis::Early { reason, open } => serde_json::json!({ "early_start": reason, "open": open }),
        };
        let after = serde_json::json!({
            "plans": plans.iter().map(|(r, v)| serde_json::json!({ "region": r.short_name(), "version": v })).collect::<Vec<_>>(),
            "assignments": assignments.iter().map(|(u, r)| serde_json::json!({ "user": u, "region": r.short_name() })).collect::<Vec<_>>(),
            "submissions": submissions,
        });
        audit::record(
            &mut tx,
            change,
            "evaluation.start",
            &subject(year),
            None,
            Some(after.to_string()),
        )
        .await?;
        let mut members: Vec<UserId> = assignments.iter().map(|(u, _)| *u).collect();
        members.sort();
        members.dedup();
        for member in members {
            let plans = assignments.iter().filter(|(u, _)| *u == member).count();
            let letter = mail::assigned(year, plans, framework.scoring_due);
            crate::mail::enqueue(&mut tx, Audience::User(member), &letter, change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The plans under evaluation, in 가나다 order.
    pub async fn evaluated_plans(&self, year: i32) -> Result<Vec<EvaluatedPlan>, StoreError> {
        self.cached_copy(format!("evaluated_plans:{year}"), || async {
            let rows = sqlx::query("SELECT region, version FROM evaluated_plans WHERE round = $1")
                .bind(i64::from(year))
                .fetch_all(&mut *self.read().await?)
                .await?;
            let mut plans = rows
                .iter()
                .map(|r| {
                    Ok(EvaluatedPlan {
                        region: region_of(&r.try_get::<String, _>("region")?)?,
                        version: u32::try_from(r.try_get::<i64, _>("version")?).unwrap_or(0),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            sort_ganada(&mut plans, |p| p.region.short_name());
            Ok(plans)
        })
        .await
    }

    /// Who scores which plan: evaluators in appointment order, plans in 가나다 order.
    pub async fn assignments(&self, year: i32) -> Result<Vec<(UserId, Region)>, StoreError> {
        self.cached_copy(format!("assignments:{year}"), || async {
            let rows = sqlx::query(
                "SELECT a.user_id, a.region, m.position FROM assignments a \
                 JOIN panel_members m ON m.round = a.round AND m.user_id = a.user_id WHERE a.round = $1",
            )
            .bind(i64::from(year))
            .fetch_all(&mut *self.read().await?)
            .await?;
            let mut found = rows
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get::<i64, _>("position")?,
                        UserId(r.try_get("user_id")?),
                        region_of(&r.try_get::<String, _>("region")?)?,
                    ))
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            found.sort_by(|(a, _, x), (b, _, y)| a.cmp(b).then_with(|| ganada_cmp(x.short_name(), y.short_name())));
            Ok(found.into_iter().map(|(_, u, r)| (u, r)).collect())
        })
        .await
    }

    /// Takes a plan off an evaluator during scoring, with her draft; a submitted sheet stays.
    pub async fn unassign(
        &self,
        year: i32,
        user: UserId,
        region: Region,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        require(&mut tx, year, PanelAction::Unassign).await?;
        if !is_assigned(&mut tx, year, user, region).await? {
            return Err(EditError::NotFound("배정되지 않은 계획안입니다.".into()));
        }
        let draft = withdraw(
            &mut tx,
            year,
            user,
            region,
            "이미 제출된 평가표가 있어 배정을 뺄 수 없습니다.",
        )
        .await?;
        // The draft's version only: its contents are scores, which nobody may read before closing.
        let before = serde_json::json!({ "user": user, "region": region.short_name(), "draft_deleted": draft });
        audit::record(
            &mut tx,
            change,
            "evaluation.unassign",
            &subject(year),
            Some(before.to_string()),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
