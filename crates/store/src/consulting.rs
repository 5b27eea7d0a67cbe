//! 컨설팅: the program office comments on a section of a submitted version, the province answers
//! each comment, and the office may ask for a revision by a due day. All audited.

use sandan_domain::evaluation::PanelAction;
use sandan_domain::proposal::Section;
use sandan_domain::{Day, Region, Role, mail};
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::edit::EditError;
use crate::mail::Audience;
use crate::writer::Tx;
use crate::{Store, StoreError};

/// 검토 의견 and the province's answer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: i64,
    pub version: u32,
    pub section: Section,
    pub body: String,
    pub author: String,
    pub at: String,
    pub answer: Option<Answer>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub body: String,
    pub by: String,
    pub at: String,
}

/// 보완 요청
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionRequest {
    pub region: Region,
    pub version: u32,
    pub due: Day,
    pub note: String,
    pub requested_by: String,
    pub requested_at: String,
    /// The version that answered it; `None` while open.
    pub answered_by: Option<u32>,
}

/// Longest comment or answer accepted.
pub const MAX_COMMENT: usize = 5_000;

fn subject(year: i32, region: Region) -> String {
    format!("proposal:{year}:{}", region.short_name())
}

fn text(body: &str, what: &str) -> Result<String, EditError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(EditError::Refused(format!("{what}을(를) 입력해 주십시오.")));
    }
    if body.chars().count() > MAX_COMMENT {
        return Err(EditError::Refused(format!(
            "{what}은(는) {MAX_COMMENT}자 이내로 적어 주십시오."
        )));
    }
    Ok(body.to_string())
}

impl Store {
    async fn has_version(tx: &mut Tx, year: i32, region: Region, version: u32) -> Result<(), EditError> {
        let n: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM proposal_versions WHERE round = $1 AND region = $2 AND number = $3")
                .bind(i64::from(year))
                .bind(region.short_name())
                .bind(i64::from(version))
                .fetch_one(&mut **tx)
                .await?
                .try_get("n")?;
        if n == 0 {
            return Err(EditError::NotFound(format!(
                "{}의 제{version}판이 제출되지 않았습니다.",
                region.short_name()
            )));
        }
        Ok(())
    }

    pub async fn add_comment(
        &self,
        year: i32,
        region: Region,
        version: u32,
        section: Section,
        body: &str,
        change: &Change<'_>,
    ) -> Result<i64, EditError> {
        let body = text(body, "검토 의견")?;
        let mut tx = self.writer.begin().await?;
        Self::has_version(&mut tx, year, region, version).await?;
        let id: i64 = sqlx::query(
            "INSERT INTO consulting_comments (round, region, version, section, body, author, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(i64::from(year))
        .bind(region.short_name())
        .bind(i64::from(version))
        .bind(section.slug())
        .bind(&body)
        .bind(change.actor)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let after = serde_json::json!({ "id": id, "version": version, "section": section, "body": body }).to_string();
        audit::record(
            &mut tx,
            change,
            "consulting.comment",
            &subject(year, region),
            None,
            Some(after),
        )
        .await?;
        let letter = mail::comment_received(year, region, version);
        crate::mail::enqueue(
            &mut tx,
            Audience::Holders(Role::ProvincialOfficer { region }),
            &letter,
            change,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn answer_comment(
        &self,
        year: i32,
        region: Region,
        id: i64,
        body: &str,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let body = text(body, "답변")?;
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query("SELECT answer FROM consulting_comments WHERE id = $1 AND round = $2 AND region = $3")
            .bind(id)
            .bind(i64::from(year))
            .bind(region.short_name())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| EditError::NotFound("답변할 검토 의견을 찾을 수 없습니다.".into()))?;
        if row.try_get::<Option<String>, _>("answer")?.is_some() {
            return Err(EditError::Refused("이 의견에는 이미 답변했습니다.".into()));
        }
        sqlx::query("UPDATE consulting_comments SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4")
            .bind(&body)
            .bind(change.actor)
            .bind(change.at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "comment": id, "answer": body }).to_string();
        audit::record(
            &mut tx,
            change,
            "consulting.answer",
            &subject(year, region),
            None,
            Some(after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Comments on a province's plan, oldest first.
    pub async fn comments(&self, year: i32, region: Region) -> Result<Vec<Comment>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, version, section, body, author, at, answer, answered_by, answered_at FROM consulting_comments \
             WHERE round = $1 AND region = $2 ORDER BY id",
        )
        .bind(i64::from(year))
        .bind(region.short_name())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                let section: String = r.try_get("section")?;
                let answer: Option<String> = r.try_get("answer")?;
                Ok(Comment {
                    id: r.try_get("id")?,
                    version: u32::try_from(r.try_get::<i64, _>("version")?).unwrap_or(0),
                    section: Section::from_slug(&section)
                        .ok_or_else(|| StoreError::BadValue(format!("검토 의견의 항목 '{section}'")))?,
                    body: r.try_get("body")?,
                    author: r.try_get("author")?,
                    at: r.try_get("at")?,
                    answer: match answer {
                        Some(body) => Some(Answer {
                            body,
                            by: r.try_get::<Option<String>, _>("answered_by")?.unwrap_or_default(),
                            at: r.try_get::<Option<String>, _>("answered_at")?.unwrap_or_default(),
                        }),
                        None => None,
                    },
                })
            })
            .collect()
    }

    /// Asks for a revision of `version` by `due`. One request is open at a time per province.
    pub async fn request_revision(
        &self,
        year: i32,
        region: Region,
        version: u32,
        due: Day,
        note: &str,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let note = text(note, "보완 요청 내용")?;
        let mut tx = self.writer.begin().await?;
        crate::evaluation::allowed(&mut tx, year, PanelAction::RequestRevision).await?;
        Self::has_version(&mut tx, year, region, version).await?;
        let open: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM revision_requests WHERE round = $1 AND region = $2 AND answered_by_version IS NULL",
        )
        .bind(i64::from(year))
        .bind(region.short_name())
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        if open > 0 {
            return Err(EditError::Refused(
                "아직 답을 받지 않은 보완 요청이 있습니다. 새 판이 제출된 뒤 다시 요청하십시오.".into(),
            ));
        }
        sqlx::query(
            "INSERT INTO revision_requests (round, region, version, due, note, requested_by, requested_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(i64::from(year))
        .bind(region.short_name())
        .bind(i64::from(version))
        .bind(due.to_string())
        .bind(&note)
        .bind(change.actor)
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "version": version, "due": due, "note": note }).to_string();
        audit::record(
            &mut tx,
            change,
            "consulting.request_revision",
            &subject(year, region),
            None,
            Some(after),
        )
        .await?;
        let letter = mail::revision_requested(year, region, version, due);
        crate::mail::enqueue(
            &mut tx,
            Audience::Holders(Role::ProvincialOfficer { region }),
            &letter,
            change,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Revision requests of a round (for one province, or all), oldest first.
    pub async fn revision_requests(
        &self,
        year: i32,
        region: Option<Region>,
    ) -> Result<Vec<RevisionRequest>, StoreError> {
        let rows = sqlx::query(
            "SELECT region, version, due, note, requested_by, requested_at, answered_by_version FROM revision_requests \
             WHERE round = $1 AND ($2 = '' OR region = $2) ORDER BY id",
        )
        .bind(i64::from(year))
        .bind(region.map(|r| r.short_name()).unwrap_or(""))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                let region: String = r.try_get("region")?;
                let due: String = r.try_get("due")?;
                Ok(RevisionRequest {
                    region: region.parse().map_err(|_| StoreError::corrupt_region(&region))?,
                    version: u32::try_from(r.try_get::<i64, _>("version")?).unwrap_or(0),
                    due: due
                        .parse()
                        .map_err(|_| StoreError::BadValue(format!("보완 기한 '{due}'")))?,
                    note: r.try_get("note")?,
                    requested_by: r.try_get("requested_by")?,
                    requested_at: r.try_get("requested_at")?,
                    answered_by: r
                        .try_get::<Option<i64>, _>("answered_by_version")?
                        .map(|v| u32::try_from(v).unwrap_or(0)),
                })
            })
            .collect()
    }
}
