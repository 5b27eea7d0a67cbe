//! Entities are stored whole as JSON in a `doc` column beside the columns queries use; these
//! turn one into the other, naming the entity when a stored document cannot be read.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::StoreError;

pub(crate) fn to_doc<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("domain values always serialise")
}

pub(crate) fn from_doc<T: DeserializeOwned>(row: &AnyRow, what: &str) -> Result<T, StoreError> {
    let doc: String = row.try_get("doc")?;
    serde_json::from_str(&doc).map_err(|source| StoreError::Corrupt {
        what: what.to_string(),
        source,
    })
}

pub(crate) fn from_docs<T: DeserializeOwned>(rows: &[AnyRow], what: &str) -> Result<Vec<T>, StoreError> {
    rows.iter().map(|row| from_doc(row, what)).collect()
}
