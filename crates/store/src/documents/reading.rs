//! Reading a round's documents: searching the text of the versions a reader may open, and the
//! documents the office made public after selection.

use std::collections::HashSet;

use sandan_domain::Region;
use sandan_domain::documents::may_publish;
use sandan_domain::documents::search::{Hit, find};
use sqlx::Row;

use super::{StoredDocument, stored, subject};
use crate::audit::{self, Change};
use crate::{EditError, Store, StoreError};

/// A document of a submitted version and where the phrase stands in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDocument {
    pub region: Region,
    pub number: u32,
    pub document: StoredDocument,
    pub hits: Vec<Hit>,
}

/// A document the office made public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedDocument {
    pub round: i32,
    pub region: Region,
    pub number: u32,
    pub document: StoredDocument,
}

/// The places a document lists at most.
const HITS_PER_DOCUMENT: usize = 20;

/// A `LIKE` pattern that holds every text where `phrase` stands, whatever the whitespace between
/// its words: the database narrows, [`find`] decides.
fn like_pattern(phrase: &str) -> String {
    let escaped: String = phrase
        .to_ascii_lowercase()
        .chars()
        .flat_map(|c| match c {
            '\\' | '%' | '_' => vec!['\\', c],
            c if c.is_whitespace() => vec!['%'],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

fn region_of(row: &sqlx::any::AnyRow) -> Result<Region, StoreError> {
    let region: String = row.try_get("region")?;
    region.parse().map_err(|_| StoreError::corrupt_region(&region))
}

fn number_of(row: &sqlx::any::AnyRow) -> Result<u32, StoreError> {
    Ok(u32::try_from(row.try_get::<i64, _>("number")?).unwrap_or(u32::MAX))
}

impl Store {
    /// The documents of round `year`'s submitted `versions` whose text holds `phrase` (from
    /// `documents::search::query`), by region and version.
    pub async fn search_documents(
        &self,
        year: i32,
        versions: &[(Region, u32)],
        phrase: &str,
    ) -> Result<Vec<FoundDocument>, StoreError> {
        let readable: HashSet<&(Region, u32)> = versions.iter().collect();
        let rows = sqlx::query(concat!(
            "SELECT d.region, d.number, t.content, ",
            document_columns!(),
            "p.published_at FROM version_documents d JOIN document_texts t ON t.sha256 = d.sha256 ",
            "LEFT JOIN published_documents p ON p.document = d.id ",
            "WHERE d.round = $1 AND t.state = 'extracted' AND LOWER(t.content) LIKE $2 ESCAPE '\\' ",
            "ORDER BY d.id"
        ))
        .bind(i64::from(year))
        .bind(like_pattern(phrase))
        .fetch_all(&mut *self.read().await?)
        .await?;
        let mut found = Vec::new();
        for row in &rows {
            let (region, number) = (region_of(row)?, number_of(row)?);
            if !readable.contains(&(region, number)) {
                continue;
            }
            let hits = find(&row.try_get::<String, _>("content")?, phrase, HITS_PER_DOCUMENT);
            if !hits.is_empty() {
                found.push(FoundDocument {
                    region,
                    number,
                    document: stored(row)?,
                    hits,
                });
            }
        }
        let order = Region::in_ganada_order();
        found.sort_by_key(|f| {
            (
                order.iter().position(|r| *r == f.region),
                f.number,
                f.document.kind,
                f.document.id,
            )
        });
        Ok(found)
    }

    /// Makes a submitted version's document public, or private again; public only once the
    /// record holds the region's selection in the round.
    pub async fn publish_document(
        &self,
        year: i32,
        region: Region,
        id: i64,
        public: bool,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        if public {
            may_publish(year, region, &self.designations().await?).map_err(EditError::Refused)?;
        }
        let mut tx = self.writer.begin().await?;
        let row =
            sqlx::query("SELECT name, sha256 FROM version_documents WHERE id = $1 AND round = $2 AND region = $3")
                .bind(id)
                .bind(i64::from(year))
                .bind(region.short_name())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| EditError::NotFound("그 문서는 이 계획의 제출본에 없습니다.".into()))?;
        let name: String = row.try_get("name")?;
        let sha256: String = row.try_get("sha256")?;
        let done = if public {
            sqlx::query(
                "INSERT INTO published_documents (document, published_by, published_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (document) DO NOTHING",
            )
            .bind(id)
            .bind(change.actor)
            .bind(change.at)
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query("DELETE FROM published_documents WHERE document = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
        };
        if done.rows_affected() == 0 {
            return Ok(());
        }
        let what = serde_json::json!({ "id": id, "name": name, "sha256": sha256 }).to_string();
        let (action, before, after) = if public {
            ("proposal.document_publish", None, Some(what))
        } else {
            ("proposal.document_unpublish", Some(what), None)
        };
        audit::record(&mut tx, change, action, &subject(year, region), before, after).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The documents made public, of one round or of every round, by round and region.
    pub async fn published_documents(&self, year: Option<i32>) -> Result<Vec<PublishedDocument>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT d.round, d.region, d.number, ",
            document_columns!(),
            "p.published_at FROM version_documents d JOIN published_documents p ON p.document = d.id ",
            "LEFT JOIN document_texts t ON t.sha256 = d.sha256 ",
            "WHERE $1 IS NULL OR d.round = $1 ORDER BY d.round, d.id"
        ))
        .bind(year.map(i64::from))
        .fetch_all(&mut *self.read().await?)
        .await?;
        let mut published = rows
            .iter()
            .map(|row| {
                Ok(PublishedDocument {
                    round: i32::try_from(row.try_get::<i64, _>("round")?).unwrap_or_default(),
                    region: region_of(row)?,
                    number: number_of(row)?,
                    document: stored(row)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let order = Region::in_ganada_order();
        published.sort_by_key(|p| {
            (
                std::cmp::Reverse(p.round),
                order.iter().position(|r| *r == p.region),
                p.document.kind,
                p.document.id,
            )
        });
        Ok(published)
    }
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn a_pattern_escapes_wildcards_and_lets_any_whitespace_stand_between_words() {
        assert_eq!(like_pattern("스마트 그린"), "%스마트%그린%");
        assert_eq!(like_pattern("100%_RE\\"), "%100\\%\\_re\\\\%");
    }
}
