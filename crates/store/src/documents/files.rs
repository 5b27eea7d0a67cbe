//! 문서 저장 폴더: a directory that holds document files instead of the database, each under
//! its SHA-256 (`ab/abcdef…`), written whole before any row names it and checked against its
//! digest whenever it is read. Content addressing makes a second write of the same file a no-op
//! and lets the folder be copied or synchronised file by file for backups and other instances.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use sqlx::Row;
use tokio::io::AsyncWriteExt;

use crate::secrets::hex;
use crate::writer::Tx;
use crate::{EditError, Store, StoreError};

fn path_of(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(sha256)
}

fn io_failed(what: &str, path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Io(format!(
        "문서 저장 폴더의 {what}에 실패했습니다 ({}): {e}",
        path.display()
    ))
}

impl Store {
    /// Keeps new document files in `dir` (made when missing) instead of the database.
    pub fn with_document_directory(mut self, dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| io_failed("폴더 만들기", dir, &e))?;
        self.document_files = Some(dir.into());
        Ok(self)
    }

    /// Whether new files go to a directory rather than the database.
    pub(crate) fn document_directory(&self) -> Option<&Path> {
        self.document_files.as_deref()
    }

    /// Writes `content` to the directory, if files go there, and gives its SHA-256. Called
    /// before the transaction that names it, so the writer is not held while the disk works; a
    /// refused upload leaves a file no row names, which the next upload of it reuses.
    pub(crate) async fn put_file(&self, content: &[u8]) -> Result<String, StoreError> {
        let digest = hex(&Sha256::digest(content));
        if let Some(dir) = self.document_directory() {
            put(dir, &digest, content).await?;
        }
        Ok(digest)
    }

    /// The bytes kept under `sha256`, from the database or the directory.
    pub(crate) async fn file_content(&self, sha256: &str) -> Result<Vec<u8>, EditError> {
        let row = sqlx::query("SELECT content, place FROM document_files WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&mut *self.read().await?)
            .await?
            .ok_or_else(|| EditError::NotFound("문서 파일이 없습니다.".into()))?;
        Ok(match row.try_get::<String, _>("place")?.as_str() {
            "directory" => get(self.document_directory(), sha256).await?,
            _ => row.try_get("content")?,
        })
    }
}

/// Names the file [`Store::put_file`] kept in the table every stored file is listed in, once:
/// its bytes go in the row unless the directory holds them.
pub(crate) async fn keep(tx: &mut Tx, in_directory: bool, sha256: &str, content: &[u8]) -> Result<(), sqlx::Error> {
    let known: i64 = sqlx::query("SELECT COUNT(*) AS n FROM document_files WHERE sha256 = $1")
        .bind(sha256)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    if known == 0 {
        let (place, kept) = match in_directory {
            true => ("directory", Vec::new()),
            false => ("database", content.to_vec()),
        };
        sqlx::query("INSERT INTO document_files (sha256, bytes, content, place) VALUES ($1, $2, $3, $4)")
            .bind(sha256)
            .bind(content.len() as i64)
            .bind(kept)
            .bind(place)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Writes `content` as the file for `sha256`, unless it is already there: a temporary file,
/// flushed to disk, then renamed, so a reader never sees half a file.
pub(crate) async fn put(dir: &Path, sha256: &str, content: &[u8]) -> Result<(), StoreError> {
    let path = path_of(dir, sha256);
    if tokio::fs::metadata(&path)
        .await
        .is_ok_and(|m| m.len() == content.len() as u64)
    {
        return Ok(());
    }
    let folder = path.parent().expect("a file under the directory");
    tokio::fs::create_dir_all(folder)
        .await
        .map_err(|e| io_failed("폴더 만들기", folder, &e))?;
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(|e| StoreError::Io(e.to_string()))?;
    let temporary = folder.join(format!(".{sha256}.{}.part", hex(&nonce)));
    let written = async {
        let mut file = tokio::fs::File::create(&temporary).await?;
        file.write_all(content).await?;
        file.sync_all().await?;
        tokio::fs::rename(&temporary, &path).await?;
        tokio::fs::File::open(folder).await?.sync_all().await
    }
    .await;
    if let Err(e) = written {
        let _ = tokio::fs::remove_file(&temporary).await;
        return Err(io_failed("파일 쓰기", &path, &e));
    }
    Ok(())
}

/// The file for `sha256`, refused when it is missing or its content no longer has that digest.
pub(crate) async fn get(dir: Option<&Path>, sha256: &str) -> Result<Vec<u8>, EditError> {
    let dir = dir.ok_or_else(|| {
        EditError::Refused(
            "이 문서는 문서 저장 폴더에 있는데 documents.directory가 설정되지 않아 읽을 수 없습니다. 운영 담당자에게 알려 주십시오.".into(),
        )
    })?;
    let path = path_of(dir, sha256);
    let content = tokio::fs::read(&path).await.map_err(|e| {
        EditError::Refused(format!(
            "문서 파일을 문서 저장 폴더에서 읽을 수 없습니다 ({}: {e}). 운영 담당자에게 알려 주십시오.",
            path.display()
        ))
    })?;
    if hex(&Sha256::digest(&content)) != sha256 {
        return Err(EditError::Refused(format!(
            "문서 저장 폴더의 파일이 올린 때와 달라 보내지 않습니다 ({}). 백업에서 되살려야 합니다.",
            path.display()
        )));
    }
    Ok(content)
}
