//! 지원사업 목록 in the store: the office adds and edits programs; the sourced ones are loaded
//! into an empty database at first start.

use sandan_domain::package::Program;
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::docs::{from_doc, to_doc};
use crate::edit::EditError;
use crate::writer::Tx;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredProgram {
    pub id: i64,
    pub program: Program,
    /// Counts saves, so two officials never overwrite each other's edit.
    pub version: i64,
}

fn subject(id: i64) -> String {
    format!("program:{id}")
}

impl Store {
    /// Programs by ministry, then name, both in 가나다 order.
    pub async fn programs(&self) -> Result<Vec<StoredProgram>, StoreError> {
        let rows = sqlx::query("SELECT id, doc, version FROM programs")
            .fetch_all(&mut *self.read().await?)
            .await?;
        let mut programs = rows
            .iter()
            .map(|r| {
                Ok(StoredProgram {
                    id: r.try_get("id")?,
                    program: from_doc(r, "지원사업")?,
                    version: r.try_get("version")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        programs.sort_by(|a, b| (&a.program.ministry, &a.program.name).cmp(&(&b.program.ministry, &b.program.name)));
        Ok(programs)
    }

    pub async fn program(&self, id: i64) -> Result<Option<StoredProgram>, StoreError> {
        Ok(self.programs().await?.into_iter().find(|p| p.id == id))
    }

    /// Loads the sourced programs into a database that has none; says whether it did.
    pub async fn load_programs_if_empty(&self, programs: &[Program], change: &Change<'_>) -> Result<bool, EditError> {
        let mut tx = self.writer.begin().await?;
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM programs")
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if n > 0 {
            return Ok(false);
        }
        for program in programs {
            insert(&mut tx, program, change).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn add_program(&self, program: &Program, change: &Change<'_>) -> Result<i64, EditError> {
        let mut tx = self.writer.begin().await?;
        let id = insert(&mut tx, program, change).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves an edit made on `version`. A program whose projects have recorded execution keeps
    /// its ministry: the ministry that spent the money stays the one that answers for it.
    pub async fn edit_program(
        &self,
        id: i64,
        program: &Program,
        version: i64,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query("SELECT doc, version FROM programs WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| EditError::NotFound("지원사업을 찾을 수 없습니다.".into()))?;
        let before: Program = from_doc(&row, "지원사업")?;
        if row.try_get::<i64, _>("version")? != version {
            return Err(EditError::Refused(
                "다른 사용자가 먼저 이 지원사업을 고쳤습니다. 최신 내용을 확인한 뒤 다시 입력해 주십시오.".into(),
            ));
        }
        unique_name(&mut tx, &program.name, Some(id)).await?;
        if before.ministry != program.ministry {
            let spent: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM executions e JOIN package_projects p ON p.id = e.project_id WHERE p.program_id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
            if spent > 0 {
                return Err(EditError::Refused(format!(
                    "'{}' 사업은 이미 집행 실적이 있어 소관 부처를 바꿀 수 없습니다.",
                    before.name
                )));
            }
            let runner = to_doc(&sandan_domain::package::Runner::Ministry(program.ministry.clone()));
            sqlx::query("UPDATE package_projects SET runner = $1, ministry = $2 WHERE program_id = $3")
                .bind(runner)
                .bind(&program.ministry)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE programs SET name = $1, ministry = $2, doc = $3, version = version + 1 WHERE id = $4")
            .bind(&program.name)
            .bind(&program.ministry)
            .bind(to_doc(program))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            change,
            "program.edit",
            &subject(id),
            Some(to_doc(&before)),
            Some(to_doc(program)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn unique_name(tx: &mut Tx, name: &str, except: Option<i64>) -> Result<(), EditError> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM programs WHERE name = $1 AND id <> $2")
        .bind(name)
        .bind(except.unwrap_or(-1))
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    if n > 0 {
        return Err(EditError::Refused(format!("'{name}' 지원사업이 이미 목록에 있습니다.")));
    }
    Ok(())
}

async fn insert(tx: &mut Tx, program: &Program, change: &Change<'_>) -> Result<i64, EditError> {
    unique_name(tx, &program.name, None).await?;
    let doc = to_doc(program);
    let id: i64 =
        sqlx::query("INSERT INTO programs (name, ministry, doc, version) VALUES ($1, $2, $3, 1) RETURNING id")
            .bind(&program.name)
            .bind(&program.ministry)
            .bind(&doc)
            .fetch_one(&mut **tx)
            .await?
            .try_get("id")?;
    audit::record(tx, change, "program.add", &subject(id), None, Some(doc)).await?;
    Ok(id)
}
