//! 애로사항 첨부파일 in the store: kept once by SHA-256 with every other document file, named
//! by the report in the filing's own transaction, read only with an audit line, and destroyed
//! with the filer's data when the retention period ends.

use sandan_domain::documents::FileType;
use serde::Serialize;
use sqlx::Row;

use super::subject;
use crate::audit::{self, Change};
use crate::documents::files;
use crate::writer::Tx;
use crate::{EditError, Store, StoreError};

/// A checked file to file with a report.
#[derive(Debug, Clone, Copy)]
pub struct NewAttachment<'a> {
    pub name: &'a str,
    pub file_type: FileType,
    pub content: &'a [u8],
}

/// A file a report carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredAttachment {
    pub id: i64,
    pub name: String,
    pub file_type: FileType,
    pub bytes: i64,
}

/// Files written to the directory (when there is one) before the filing's transaction.
pub(crate) struct Written<'a> {
    file: NewAttachment<'a>,
    sha256: String,
}

impl Store {
    pub(crate) async fn write_attachments<'a>(
        &self,
        files: &[NewAttachment<'a>],
    ) -> Result<Vec<Written<'a>>, StoreError> {
        let mut written = Vec::with_capacity(files.len());
        for file in files {
            written.push(Written {
                file: *file,
                sha256: self.put_file(file.content).await?,
            });
        }
        Ok(written)
    }

    /// The files report `id` carries, in the order filed.
    pub async fn grievance_attachments(&self, id: i64) -> Result<Vec<StoredAttachment>, StoreError> {
        sqlx::query("SELECT id, name, file_type, bytes FROM grievance_attachments WHERE grievance_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *self.read().await?)
            .await?
            .iter()
            .map(|r| {
                let slug: String = r.try_get("file_type")?;
                Ok(StoredAttachment {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    file_type: FileType::from_slug(&slug).ok_or(StoreError::BadValue(slug))?,
                    bytes: r.try_get("bytes")?,
                })
            })
            .collect()
    }

    /// A file of report `id` with its bytes, the reading recorded in the audit trail first: a
    /// filer's file may hold as much about her as her contacts do.
    pub async fn read_grievance_attachment(
        &self,
        id: i64,
        file: i64,
        reader: &Change<'_>,
    ) -> Result<(StoredAttachment, Vec<u8>), EditError> {
        let row = sqlx::query(
            "SELECT id, name, file_type, bytes, sha256 FROM grievance_attachments WHERE grievance_id = $1 AND id = $2",
        )
        .bind(id)
        .bind(file)
        .fetch_optional(&mut *self.read().await?)
        .await?
        .ok_or_else(|| EditError::NotFound("그 첨부파일은 이 애로사항에 없습니다.".into()))?;
        let slug: String = row.try_get("file_type")?;
        let attachment = StoredAttachment {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            file_type: FileType::from_slug(&slug).ok_or(StoreError::BadValue(slug))?,
            bytes: row.try_get("bytes")?,
        };
        let sha256: String = row.try_get("sha256")?;
        let content = self.file_content(&sha256).await?;
        let mut tx = self.writer.begin().await?;
        let after = serde_json::json!({ "file": attachment.id, "name": attachment.name, "sha256": sha256 });
        audit::record(
            &mut tx,
            reader,
            "grievance.read_file",
            &subject(id),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok((attachment, content))
    }
}

/// Names the written files as report `id`'s; gives what the audit line keeps of them.
pub(crate) async fn attach(
    tx: &mut Tx,
    in_directory: bool,
    id: i64,
    written: &[Written<'_>],
) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let mut kept = Vec::with_capacity(written.len());
    for w in written {
        files::keep(tx, in_directory, &w.sha256, w.file.content).await?;
        sqlx::query(
            "INSERT INTO grievance_attachments (grievance_id, name, file_type, sha256, bytes) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(w.file.name)
        .bind(w.file.file_type.slug())
        .bind(&w.sha256)
        .bind(w.file.content.len() as i64)
        .execute(&mut **tx)
        .await?;
        kept.push(serde_json::json!({ "name": w.file.name, "sha256": w.sha256, "bytes": w.file.content.len() }));
    }
    Ok(kept)
}

/// Takes report `id`'s files away, and the bytes of each from the database when nothing else
/// names them. A copy in the documents directory stays on disk, named by no row and so served
/// to nobody, until files no row names are swept (not built yet).
pub(crate) async fn destroy(tx: &mut Tx, id: i64) -> Result<usize, sqlx::Error> {
    let digests: Vec<String> =
        sqlx::query("DELETE FROM grievance_attachments WHERE grievance_id = $1 RETURNING sha256")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|r| r.try_get("sha256"))
            .collect::<Result<_, _>>()?;
    for sha256 in &digests {
        sqlx::query(
            "DELETE FROM document_files WHERE sha256 = $1 \
             AND NOT EXISTS (SELECT 1 FROM grievance_attachments WHERE sha256 = $1) \
             AND NOT EXISTS (SELECT 1 FROM draft_documents WHERE sha256 = $1) \
             AND NOT EXISTS (SELECT 1 FROM version_documents WHERE sha256 = $1) \
             AND NOT EXISTS (SELECT 1 FROM document_texts WHERE sha256 = $1) \
             AND NOT EXISTS (SELECT 1 FROM registry_files WHERE sha256 = $1)",
        )
        .bind(sha256)
        .execute(&mut **tx)
        .await?;
    }
    Ok(digests.len())
}
