//! 제출 문서 in the store: a draft's files, replaced or removed until it is submitted, frozen
//! with each numbered version, each file kept once by its SHA-256. Every upload, removal and
//! download is audited with who did it.

use sandan_domain::Region;
use sandan_domain::documents::outline::{Heading, outline};
use sandan_domain::documents::text::{DocumentText, TextState};
use sandan_domain::documents::{DocumentKind, DocumentRef, FileType, MAX_DOCUMENTS};
use sandan_domain::evaluation::PanelAction;
use serde::Serialize;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{self, Change};
use crate::evaluation::{allowed, call_exists};
use crate::writer::Tx;
use crate::{EditError, Store, StoreError};

/// A document of a draft or of a submitted version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredDocument {
    pub id: i64,
    pub kind: DocumentKind,
    pub name: String,
    pub file_type: FileType,
    pub sha256: String,
    pub bytes: i64,
    pub uploaded_by: String,
    pub uploaded_at: String,
    /// None for a file uploaded before Sandan read documents' text.
    pub text_state: Option<TextState>,
    /// Why there is no text, in Korean.
    pub text_note: String,
    pub outline: Vec<Heading>,
    /// When the office made it public (a submitted version's document only).
    pub published_at: Option<String>,
}

/// The columns [`stored`] reads, from `d` (a draft's or a version's documents), `t` (their
/// texts) and `p` (publications; the draft query selects no such table and names NULL).
macro_rules! document_columns {
    () => {
        "d.id, d.kind, d.name, d.file_type, d.sha256, d.bytes, d.uploaded_by, d.uploaded_at, \
         t.state AS text_state, t.note AS text_note, t.outline AS outline, "
    };
}

pub(crate) mod files;
pub mod reading;

impl StoredDocument {
    pub fn as_ref(&self) -> DocumentRef {
        DocumentRef {
            kind: self.kind,
            name: self.name.clone(),
            sha256: self.sha256.clone(),
        }
    }
}

fn subject(year: i32, region: Region) -> String {
    format!("proposal:{year}:{}", region.short_name())
}

fn stored(row: &AnyRow) -> Result<StoredDocument, StoreError> {
    let kind: String = row.try_get("kind")?;
    let file_type: String = row.try_get("file_type")?;
    Ok(StoredDocument {
        id: row.try_get("id")?,
        kind: DocumentKind::from_slug(&kind).ok_or_else(|| StoreError::BadValue(format!("문서 종류 '{kind}'")))?,
        name: row.try_get("name")?,
        file_type: FileType::from_slug(&file_type)
            .ok_or_else(|| StoreError::BadValue(format!("파일 형식 '{file_type}'")))?,
        sha256: row.try_get("sha256")?,
        bytes: row.try_get("bytes")?,
        uploaded_by: row.try_get("uploaded_by")?,
        uploaded_at: row.try_get("uploaded_at")?,
        text_state: row
            .try_get::<Option<String>, _>("text_state")?
            .map(|s| TextState::from_slug(&s).ok_or_else(|| StoreError::BadValue(format!("본문 상태 '{s}'"))))
            .transpose()?,
        text_note: row.try_get::<Option<String>, _>("text_note")?.unwrap_or_default(),
        outline: match row.try_get::<Option<String>, _>("outline")? {
            Some(json) => serde_json::from_str(&json).map_err(|e| StoreError::BadValue(format!("목차: {e}")))?,
            None => Vec::new(),
        },
        published_at: row.try_get("published_at")?,
    })
}

/// The draft's documents, in the order a reader expects: the plan, the presentation, annexes.
pub(crate) async fn of_draft(
    conn: &mut AnyConnection,
    year: i32,
    region: Region,
) -> Result<Vec<StoredDocument>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        document_columns!(),
        "CAST(NULL AS TEXT) AS published_at ",
        "FROM draft_documents d LEFT JOIN document_texts t ON t.sha256 = d.sha256 ",
        "WHERE d.round = $1 AND d.region = $2 ORDER BY d.id"
    ))
    .bind(i64::from(year))
    .bind(region.short_name())
    .fetch_all(conn)
    .await?;
    in_order(rows.iter().map(stored).collect::<Result<_, _>>()?)
}

fn in_order(mut docs: Vec<StoredDocument>) -> Result<Vec<StoredDocument>, StoreError> {
    docs.sort_by_key(|d| (d.kind, d.id));
    Ok(docs)
}

/// Freezes the draft's documents as version `number`'s, inside the submission's transaction.
pub(crate) async fn freeze(tx: &mut Tx, year: i32, region: Region, number: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO version_documents (round, region, number, kind, name, file_type, sha256, bytes, uploaded_by, uploaded_at) \
         SELECT round, region, $1, kind, name, file_type, sha256, bytes, uploaded_by, uploaded_at \
         FROM draft_documents WHERE round = $2 AND region = $3 ORDER BY id",
    )
    .bind(number)
    .bind(i64::from(year))
    .bind(region.short_name())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Version `number`'s documents as (kind, name, digest), for telling whether a draft changed.
pub(crate) async fn refs_of_version(
    tx: &mut Tx,
    year: i32,
    region: Region,
    number: i64,
) -> Result<Vec<DocumentRef>, StoreError> {
    let rows = sqlx::query(
        "SELECT kind, name, sha256 FROM version_documents WHERE round = $1 AND region = $2 AND number = $3 ORDER BY id",
    )
    .bind(i64::from(year))
    .bind(region.short_name())
    .bind(number)
    .fetch_all(&mut **tx)
    .await?;
    let mut refs = rows
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(DocumentRef {
                kind: DocumentKind::from_slug(&kind)
                    .ok_or_else(|| StoreError::BadValue(format!("문서 종류 '{kind}'")))?,
                name: r.try_get("name")?,
                sha256: r.try_get("sha256")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    refs.sort_by_key(|d| d.kind);
    Ok(refs)
}

/// A checked file for a draft: its kind, the name to keep, its type as read from its content.
pub struct NewDocument<'a> {
    pub kind: DocumentKind,
    pub name: &'a str,
    pub file_type: FileType,
    pub content: &'a [u8],
    /// Its text as read when it was uploaded.
    pub text: &'a DocumentText,
}

impl Store {
    /// Adds a checked file to the draft; a new plan document or presentation replaces the one
    /// before. Refused once scoring has started, when the draft holds the most documents it may.
    pub async fn add_document(
        &self,
        year: i32,
        region: Region,
        document: &NewDocument<'_>,
        change: &Change<'_>,
    ) -> Result<i64, EditError> {
        let NewDocument {
            kind,
            name,
            file_type,
            content,
            text,
        } = *document;
        let digest = self.put_file(content).await?;
        let mut tx = self.writer.begin().await?;
        call_exists(&mut tx, year).await?;
        allowed(&mut tx, year, PanelAction::SubmitPlan).await?;
        let mut existing = of_draft(&mut tx, year, region).await?;
        let replaced: Vec<StoredDocument> = if kind.single() {
            existing.iter().filter(|d| d.kind == kind).cloned().collect()
        } else {
            Vec::new()
        };
        existing.retain(|d| !replaced.contains(d));
        if existing.len() >= MAX_DOCUMENTS {
            return Err(EditError::Refused(
                sandan_domain::documents::DocumentProblem::TooMany.to_string(),
            ));
        }
        for old in &replaced {
            sqlx::query("DELETE FROM draft_documents WHERE id = $1")
                .bind(old.id)
                .execute(&mut *tx)
                .await?;
        }
        files::keep(&mut tx, self.document_directory().is_some(), &digest, content).await?;
        // Headings are strings and numbers: serialising them cannot fail.
        let headings = serde_json::to_string(&outline(&text.text)).expect("headings serialise");
        sqlx::query(
            "INSERT INTO document_texts (sha256, state, note, content, outline) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&digest)
        .bind(text.state.slug())
        .bind(&text.note)
        .bind(&text.text)
        .bind(headings)
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query(
            "INSERT INTO draft_documents (round, region, kind, name, file_type, sha256, bytes, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(i64::from(year))
        .bind(region.short_name())
        .bind(kind.slug())
        .bind(name)
        .bind(file_type.slug())
        .bind(&digest)
        .bind(content.len() as i64)
        .bind(change.actor)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let before = replaced
            .first()
            .map(|d| serde_json::json!({ "kind": d.kind, "name": d.name, "sha256": d.sha256 }).to_string());
        let after = serde_json::json!({
            "id": id, "kind": kind, "name": name, "type": file_type, "sha256": digest, "bytes": content.len(),
        });
        audit::record(
            &mut tx,
            change,
            "proposal.document_add",
            &subject(year, region),
            before,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Takes a document off the draft (submitted versions keep theirs).
    pub async fn remove_document(
        &self,
        year: i32,
        region: Region,
        id: i64,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        allowed(&mut tx, year, PanelAction::SubmitPlan).await?;
        let doc = of_draft(&mut tx, year, region)
            .await?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| EditError::NotFound("그 문서는 이 계획안에 없습니다.".into()))?;
        sqlx::query("DELETE FROM draft_documents WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let before = serde_json::json!({ "kind": doc.kind, "name": doc.name, "sha256": doc.sha256 });
        audit::record(
            &mut tx,
            change,
            "proposal.document_remove",
            &subject(year, region),
            Some(before.to_string()),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn draft_documents(&self, year: i32, region: Region) -> Result<Vec<StoredDocument>, StoreError> {
        of_draft(&mut *self.read().await?, year, region).await
    }

    pub async fn version_documents(
        &self,
        year: i32,
        region: Region,
        number: u32,
    ) -> Result<Vec<StoredDocument>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            document_columns!(),
            "p.published_at FROM version_documents d LEFT JOIN document_texts t ON t.sha256 = d.sha256 ",
            "LEFT JOIN published_documents p ON p.document = d.id ",
            "WHERE d.round = $1 AND d.region = $2 AND d.number = $3 ORDER BY d.id"
        ))
        .bind(i64::from(year))
        .bind(region.short_name())
        .bind(i64::from(number))
        .fetch_all(&mut *self.read().await?)
        .await?;
        in_order(rows.iter().map(stored).collect::<Result<_, _>>()?)
    }

    /// A document's bytes, with the download recorded in the audit trail in the same
    /// transaction, so no file leaves without its reader on record. `version` is None for the
    /// draft.
    pub async fn read_document(
        &self,
        year: i32,
        region: Region,
        version: Option<u32>,
        doc: &StoredDocument,
        change: &Change<'_>,
    ) -> Result<Vec<u8>, EditError> {
        let content = self.file_content(&doc.sha256).await?;
        let mut tx = self.writer.begin().await?;
        let after = serde_json::json!({
            "version": version, "id": doc.id, "kind": doc.kind, "name": doc.name, "sha256": doc.sha256,
        });
        audit::record(
            &mut tx,
            change,
            "proposal.document_read",
            &subject(year, region),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(content)
    }
}
