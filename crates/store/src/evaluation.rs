//! 평가위원회 in the store: a round's framework and stage and the evaluators appointed to it
//! here; the conflicts they declare and who scores which plan in `assignments`; score sheets,
//! reminders and closing in `sheets`. Every change is one transaction with its audit entry,
//! begun holding the write lock so its checks see the state the last writer left.

mod assignments;
mod sheets;

use sandan_domain::evaluation::panel;
use sandan_domain::evaluation::{Conflict, Framework, Member, PanelAction, Stage};
use sandan_domain::{Region, Role, UserId, mail};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{self, Change};
use crate::calls::last_change;
use crate::docs::{from_doc, to_doc};
use crate::edit::EditError;
use crate::mail::Audience;
use crate::writer::Tx;
use crate::{Store, StoreError};

pub use sheets::{Reminder, StoredSheet};

/// A round's panel: its framework (frozen once scoring starts) and where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct Panel {
    pub year: i32,
    pub framework: Framework,
    pub stage: Stage,
    /// Edit version of the framework: 1 after the first save.
    pub version: i64,
    pub scores_published: bool,
    pub started_at: Option<String>,
    pub closed_at: Option<String>,
}

/// 위촉된 평가위원; `member.name` is the user's display name.
#[derive(Debug, Clone, Serialize)]
pub struct PanelMember {
    pub member: Member,
    /// Order of appointment, 0 first; gaps are left by dismissals.
    pub position: i64,
    pub appointed_by: String,
    pub appointed_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeclaredConflict {
    pub conflict: Conflict,
    pub declared_by: String,
    pub declared_at: String,
}

/// A plan under evaluation: the submitted version frozen when scoring started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EvaluatedPlan {
    pub region: Region,
    pub version: u32,
}

fn subject(year: i32) -> String {
    format!("evaluation:{year}")
}

pub(crate) fn region_of(text: &str) -> Result<Region, StoreError> {
    text.parse().map_err(|_| StoreError::corrupt_region(text))
}

/// Where a round's panel stands. A round opened in Sandan is being set up until its framework
/// is first saved, so the panel can be appointed before the framework is settled.
pub(crate) async fn stage(tx: &mut Tx, year: i32) -> Result<Stage, EditError> {
    match panel_stage(tx, year).await? {
        Some(stage) => Ok(stage),
        None => {
            call_exists(tx, year).await?;
            Ok(Stage::Setup)
        }
    }
}

/// The stage of the round's panel, if it has one yet.
pub(crate) async fn panel_stage(tx: &mut Tx, year: i32) -> Result<Option<Stage>, EditError> {
    let row = sqlx::query("SELECT stage FROM panels WHERE round = $1")
        .bind(i64::from(year))
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|r| stage_of(&r.try_get::<String, _>("stage")?)).transpose()?)
}

/// Refuses `action` at the round's panel stage (a round with no panel is still being set up).
pub(crate) async fn allowed(tx: &mut Tx, year: i32, action: PanelAction) -> Result<(), EditError> {
    let stage = panel_stage(tx, year).await?.unwrap_or(Stage::Setup);
    action.allowed_at(stage).map_err(|why| EditError::Refused(why.into()))
}

pub(crate) async fn call_exists(tx: &mut Tx, year: i32) -> Result<(), EditError> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM calls WHERE year = $1")
        .bind(i64::from(year))
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    if n == 0 {
        return Err(EditError::NotFound(format!("{year}년 공모가 없습니다.")));
    }
    Ok(())
}

/// Refuses `action` unless the panel's stage allows it, as the domain says.
pub(crate) async fn require(tx: &mut Tx, year: i32, action: PanelAction) -> Result<Stage, EditError> {
    let stage = stage(tx, year).await?;
    action.allowed_at(stage).map_err(|why| EditError::Refused(why.into()))?;
    Ok(stage)
}

fn stage_of(key: &str) -> Result<Stage, StoreError> {
    Stage::from_key(key).ok_or_else(|| StoreError::BadValue(format!("평가 단계 '{key}'")))
}

pub(crate) async fn is_member(tx: &mut Tx, year: i32, user: UserId) -> Result<bool, EditError> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM panel_members WHERE round = $1 AND user_id = $2")
        .bind(i64::from(year))
        .bind(user.0)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    Ok(n > 0)
}

pub(crate) async fn is_assigned(tx: &mut Tx, year: i32, user: UserId, region: Region) -> Result<bool, EditError> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM assignments WHERE round = $1 AND user_id = $2 AND region = $3")
        .bind(i64::from(year))
        .bind(user.0)
        .bind(region.short_name())
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    Ok(n > 0)
}

fn read_panel(r: &AnyRow) -> Result<Panel, StoreError> {
    Ok(Panel {
        year: i32::try_from(r.try_get::<i64, _>("round")?).unwrap_or_default(),
        framework: from_doc(r, "평가틀")?,
        stage: stage_of(&r.try_get::<String, _>("stage")?)?,
        version: r.try_get("version")?,
        scores_published: r.try_get::<i64, _>("scores_published")? != 0,
        started_at: r.try_get("started_at")?,
        closed_at: r.try_get("closed_at")?,
    })
}

impl Store {
    /// Kept in the read cache: an evaluator's every save and page reads it.
    pub async fn panel(&self, year: i32) -> Result<Option<Panel>, StoreError> {
        self.cached_copy(format!("panel:{year}"), || async {
            let row = sqlx::query(
                "SELECT round, framework AS doc, stage, version, scores_published, started_at, closed_at \
                 FROM panels WHERE round = $1",
            )
            .bind(i64::from(year))
            .fetch_optional(&mut *self.read().await?)
            .await?;
            row.as_ref().map(read_panel).transpose()
        })
        .await
    }

    /// Creates the panel (`expected` 0) or changes its framework (`expected` = the version the
    /// form was based on) while it is being set up; returns the new version.
    pub async fn save_framework(
        &self,
        year: i32,
        framework: &Framework,
        expected: i64,
        change: &Change<'_>,
    ) -> Result<i64, EditError> {
        let subject = subject(year);
        let mut tx = self.writer.begin().await?;
        let current = sqlx::query("SELECT framework, stage, version FROM panels WHERE round = $1")
            .bind(i64::from(year))
            .fetch_optional(&mut *tx)
            .await?;
        let doc = to_doc(framework);
        let (before, version) = match current {
            None => {
                call_exists(&mut tx, year).await?;
                if expected != 0 {
                    let (by, at) = last_change(&mut tx, &subject).await?;
                    return Err(EditError::Stale { by, at });
                }
                sqlx::query("INSERT INTO panels (round, framework, stage, version) VALUES ($1, $2, $3, 1)")
                    .bind(i64::from(year))
                    .bind(&doc)
                    .bind(Stage::Setup.key())
                    .execute(&mut *tx)
                    .await?;
                (None, 1)
            }
            Some(r) => {
                PanelAction::ChangeFramework
                    .allowed_at(stage_of(&r.try_get::<String, _>("stage")?)?)
                    .map_err(|why| EditError::Refused(why.into()))?;
                if r.try_get::<i64, _>("version")? != expected {
                    let (by, at) = last_change(&mut tx, &subject).await?;
                    return Err(EditError::Stale { by, at });
                }
                sqlx::query("UPDATE panels SET framework = $1, version = version + 1 WHERE round = $2")
                    .bind(&doc)
                    .bind(i64::from(year))
                    .execute(&mut *tx)
                    .await?;
                (Some(r.try_get::<String, _>("framework")?), expected + 1)
            }
        };
        audit::record(&mut tx, change, "evaluation.framework", &subject, before, Some(doc)).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Appoints a user who holds the evaluator role, after those already appointed.
    pub async fn appoint(
        &self,
        year: i32,
        user: UserId,
        affiliation: &str,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let affiliation = panel::affiliation(affiliation).map_err(EditError::Refused)?;
        let affiliation = affiliation.as_str();
        let mut tx = self.writer.begin().await?;
        require(&mut tx, year, PanelAction::ChangeMembers).await?;
        let name: String = sqlx::query(
            "SELECT u.name FROM users u WHERE u.id = $1 AND u.disabled = 0 AND EXISTS \
             (SELECT 1 FROM grants g WHERE g.user_id = u.id AND g.role = $2 AND g.revoked_at IS NULL)",
        )
        .bind(user.0)
        .bind(Role::Evaluator.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| EditError::Refused("평가위원 역할이 있는 사용자만 위촉할 수 있습니다.".into()))?
        .try_get("name")?;
        if is_member(&mut tx, year, user).await? {
            return Err(EditError::Refused(format!("{name} 님은 이미 위촉되었습니다.")));
        }
        let position: i64 =
            sqlx::query("SELECT COALESCE(MAX(position), -1) + 1 AS p FROM panel_members WHERE round = $1")
                .bind(i64::from(year))
                .fetch_one(&mut *tx)
                .await?
                .try_get("p")?;
        sqlx::query(
            "INSERT INTO panel_members (round, user_id, affiliation, position, appointed_by, appointed_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(i64::from(year))
        .bind(user.0)
        .bind(affiliation)
        .bind(position)
        .bind(change.actor)
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "user": user, "name": name, "affiliation": affiliation, "position": position });
        audit::record(
            &mut tx,
            change,
            "evaluation.appoint",
            &subject(year),
            None,
            Some(after.to_string()),
        )
        .await?;
        crate::mail::enqueue(&mut tx, Audience::User(user), &mail::appointed(year), change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Dismisses a member while the panel is set up, with the conflicts she declared.
    pub async fn dismiss(&self, year: i32, user: UserId, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        require(&mut tx, year, PanelAction::ChangeMembers).await?;
        let member = sqlx::query("SELECT affiliation, position FROM panel_members WHERE round = $1 AND user_id = $2")
            .bind(i64::from(year))
            .bind(user.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| EditError::NotFound("위촉된 평가위원이 아닙니다.".into()))?;
        let conflicts = sqlx::query("DELETE FROM conflicts WHERE round = $1 AND user_id = $2")
            .bind(i64::from(year))
            .bind(user.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM panel_members WHERE round = $1 AND user_id = $2")
            .bind(i64::from(year))
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        let before = serde_json::json!({
            "user": user,
            "affiliation": member.try_get::<String, _>("affiliation")?,
            "position": member.try_get::<i64, _>("position")?,
            "conflicts": conflicts,
        });
        audit::record(
            &mut tx,
            change,
            "evaluation.dismiss",
            &subject(year),
            Some(before.to_string()),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The rounds whose panel `user` sits on, newest first: where an evaluator's work is.
    pub async fn panels_of(&self, user: UserId) -> Result<Vec<i32>, StoreError> {
        let rows = sqlx::query("SELECT round FROM panel_members WHERE user_id = $1 ORDER BY round DESC")
            .bind(user.0)
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter()
            .map(|r| Ok(i32::try_from(r.try_get::<i64, _>("round")?).unwrap_or_default()))
            .collect()
    }

    /// The panel in order of appointment.
    pub async fn members(&self, year: i32) -> Result<Vec<PanelMember>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.user_id, u.name, m.affiliation, m.position, m.appointed_by, m.appointed_at \
             FROM panel_members m JOIN users u ON u.id = m.user_id WHERE m.round = $1 ORDER BY m.position",
        )
        .bind(i64::from(year))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PanelMember {
                    member: Member {
                        user: UserId(r.try_get("user_id")?),
                        name: r.try_get("name")?,
                        affiliation: r.try_get("affiliation")?,
                    },
                    position: r.try_get("position")?,
                    appointed_by: r.try_get("appointed_by")?,
                    appointed_at: r.try_get("appointed_at")?,
                })
            })
            .collect()
    }
}
