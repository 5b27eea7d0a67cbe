//! 산업단지 현황 파일 보관: the registry file the office previews, kept by its SHA-256 with the
//! other document files, so that the load after her review reads the bytes she previewed; the
//! page passes only the digest.

use sqlx::Row;

use crate::audit::{self, Change};
use crate::documents::files;
use crate::{EditError, Store, StoreError};

impl Store {
    /// Keeps `content`, uploaded as `name`, and gives its SHA-256. The first upload of a file is
    /// audited (`registry.upload`); uploading the same bytes again writes nothing.
    pub async fn keep_registry_file(
        &self,
        name: &str,
        content: &[u8],
        change: &Change<'_>,
    ) -> Result<String, StoreError> {
        let sha256 = self.put_file(content).await?;
        let mut tx = self.writer.begin().await?;
        let kept: i64 = sqlx::query("SELECT COUNT(*) AS n FROM registry_files WHERE sha256 = $1")
            .bind(&sha256)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if kept > 0 {
            return Ok(sha256);
        }
        files::keep(&mut tx, self.document_directory().is_some(), &sha256, content).await?;
        sqlx::query(
            "INSERT INTO registry_files (sha256, name, bytes, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&sha256)
        .bind(name)
        .bind(content.len() as i64)
        .bind(change.actor)
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "name": name, "sha256": sha256, "bytes": content.len() });
        audit::record(
            &mut tx,
            change,
            "registry.upload",
            "registry",
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(sha256)
    }

    /// The registry file kept under `sha256`: the name it was uploaded as and its bytes.
    pub async fn registry_file(&self, sha256: &str) -> Result<(String, Vec<u8>), EditError> {
        let name: String = sqlx::query("SELECT name FROM registry_files WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&mut *self.read().await?)
            .await?
            .ok_or_else(|| {
                EditError::NotFound("미리 본 현황 파일이 없습니다. 파일을 다시 올려 미리 보아 주십시오.".into())
            })?
            .try_get("name")?;
        Ok((name, self.file_content(sha256).await?))
    }
}
