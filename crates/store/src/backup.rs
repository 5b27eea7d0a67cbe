//! 백업과 복원: every table copied out of a running database in one consistent view, and copied
//! into an empty one — of either backend, so a backup also moves SQLite to PostgreSQL.
//!
//! The copy is taken as a change, holding the write lock every change holds from its start
//! (see the writer): reads go on, changes wait until the copy is done, and no change can land
//! half in it. The file ([`file`]) carries a SHA-256 checksum per table and for the whole file.
//! Restoring reads and checks the whole file first, then writes every row in one transaction and
//! recomputes the audit chain inside it before committing: a damaged file or a broken chain
//! writes nothing, and a restored database passes `sandan audit verify`.

mod file;

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{Column, Row};

use crate::migrate::MIGRATIONS;
use crate::secrets::hex;
use crate::{AuditCheck, Backend, Store, StoreError, audit};

/// One stored value. Bytes (evidence files) are written in hex.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bytes { hex: String },
}

/// A table's rows, in the order the database returned them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Why a backup could not be restored, in the operator's words. Every one of them leaves the
/// database as it was.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("백업 파일을 읽을 수 없습니다 ({line}번째 줄): {reason}. 아무것도 복원하지 않았습니다.")]
    Unreadable { line: usize, reason: String },
    #[error(
        "백업 파일이 손상되었습니다: 표 '{table}'({first_line}~{last_line}번째 줄)의 내용이 백업할 때와 다릅니다(SHA-256 검사합 불일치). 아무것도 복원하지 않았습니다. 손상되지 않은 다른 백업 파일을 쓰십시오."
    )]
    DamagedTable {
        table: String,
        first_line: usize,
        last_line: usize,
    },
    #[error(
        "백업 파일이 손상되었습니다: 표의 행은 온전하지만 머리 줄, 표 머리 줄 또는 마지막 줄({last_line}번째 줄의 파일 검사합)이 백업할 때와 다릅니다(SHA-256 검사합 불일치). 아무것도 복원하지 않았습니다. 손상되지 않은 다른 백업 파일을 쓰십시오."
    )]
    DamagedFile { last_line: usize },
    #[error(
        "백업 파일 형식 {found}판은 이 sandan이 복원하는 {ours}판(표와 파일마다 SHA-256 검사합이 있음)이 아니라 손상 여부를 확인할 수 없습니다. 그 파일을 만든 버전의 sandan으로 복원한 뒤 이 버전의 sandan backup으로 다시 백업하십시오."
    )]
    FormatVersion { found: i64, ours: i64 },
    #[error(
        "백업의 데이터베이스 구조 버전({backup})이 이 프로그램({ours})과 다릅니다. 같은 버전의 sandan으로 복원하십시오."
    )]
    SchemaMismatch { backup: i64, ours: i64 },
    #[error("복원할 데이터베이스에 이미 자료가 있습니다(감사 기록 {0}건). 새로 만든 빈 데이터베이스에 복원하십시오.")]
    NotEmpty(i64),
    #[error("백업에 이 프로그램이 모르는 표 '{0}'이(가) 있습니다. 아무것도 복원하지 않았습니다.")]
    UnknownTable(String),
    #[error(
        "백업에 담긴 감사 기록의 해시 사슬이 맞지 않아 아무것도 복원하지 않았습니다: {0} 백업하기 전에 원본 데이터베이스의 감사 기록이 바뀌었는지 sandan audit verify로 확인하십시오."
    )]
    BrokenChain(AuditCheck),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a restore wrote: its rows, and the audit chain as checked before the commit.
#[derive(Debug)]
pub struct Restored {
    pub rows: usize,
    pub audit: AuditCheck,
}

impl From<sqlx::Error> for RestoreError {
    fn from(e: sqlx::Error) -> RestoreError {
        RestoreError::Store(e.into())
    }
}

/// Every table in the order the migrations create them, which is also an order that satisfies
/// every foreign key; and whether its id is generated (PostgreSQL identity columns).
fn tables() -> Vec<(String, bool)> {
    let mut tables = Vec::new();
    for (_, _, _, postgres) in MIGRATIONS {
        for chunk in postgres.split("CREATE TABLE ").skip(1) {
            let name = chunk.split_whitespace().next().unwrap_or_default().to_string();
            let body = chunk.split(");").next().unwrap_or_default();
            tables.push((name, body.contains("GENERATED ALWAYS AS IDENTITY")));
        }
    }
    tables
}

fn value_of(row: &AnyRow, i: usize) -> Result<Value, sqlx::Error> {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return Ok(v.map_or(Value::Null, Value::Int));
    }
    if let Ok(v) = row.try_get::<Option<i32>, _>(i) {
        return Ok(v.map_or(Value::Null, |v| Value::Int(i64::from(v))));
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return Ok(v.map_or(Value::Null, Value::Text));
    }
    let bytes: Option<Vec<u8>> = row.try_get(i)?;
    Ok(bytes.map_or(Value::Null, |b| Value::Bytes { hex: hex(&b) }))
}

fn unhex(hex: &str) -> Option<Vec<u8>> {
    (0..hex.len())
        .step_by(2)
        .map(|i| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

impl Store {
    /// Every table's rows in one consistent view (see the module's doc).
    pub async fn copy_tables(&self) -> Result<Vec<TableCopy>, StoreError> {
        let mut tx = self.writer.begin().await?;
        // The head as the group has moved it is kept apart until the group's COMMIT.
        tx.write_audit_head().await?;
        let mut copies = Vec::new();
        for (table, _) in tables() {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}")))
                .fetch_all(&mut *tx)
                .await?;
            let columns = match rows.first() {
                Some(r) => r.columns().iter().map(|c| c.name().to_string()).collect(),
                None => Vec::new(),
            };
            let rows = rows
                .iter()
                .map(|r| (0..r.columns().len()).map(|i| value_of(r, i)).collect())
                .collect::<Result<Vec<_>, _>>()?;
            copies.push(TableCopy { table, columns, rows });
        }
        // The copy may hold changes of the group it ran in, not yet committed: it is given out
        // only once they are.
        tx.commit().await?;
        Ok(copies)
    }

    /// Writes the backup to `out`; returns the number of rows written.
    pub async fn backup(&self, out: &mut impl Write, taken_at: &str) -> Result<usize, StoreError> {
        let copies = self.copy_tables().await?;
        let header = file::Header::new(self.schema_version().await?, self.backend().name(), taken_at, &copies);
        file::write(out, &header, &copies)?;
        Ok(copies.iter().map(|c| c.rows.len()).sum())
    }

    /// Restores a backup into this database, which must hold nothing yet. The file is read and
    /// checked whole before anything is written; the rows go in one transaction, committed only
    /// if the audit chain they make is intact.
    pub async fn restore(&self, input: impl BufRead) -> Result<Restored, RestoreError> {
        let backup = file::read(input)?;
        let ours = self.schema_version().await?;
        if backup.header.schema_version != ours {
            return Err(RestoreError::SchemaMismatch {
                backup: backup.header.schema_version,
                ours,
            });
        }
        let known = tables();
        let identities = backup
            .tables
            .iter()
            .map(|t| {
                known
                    .iter()
                    .find(|(name, _)| *name == t.copy.table)
                    .map(|(_, identity)| *identity)
                    .ok_or_else(|| RestoreError::UnknownTable(t.copy.table.clone()))
            })
            .collect::<Result<Vec<bool>, _>>()?;
        let mut tx = self.writer.begin().await?;
        let entries: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log")
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if entries > 0 {
            return Err(RestoreError::NotEmpty(entries));
        }
        // The migration's own row (the chain's empty head) gives way to the backup's.
        sqlx::query("DELETE FROM audit_head").execute(&mut *tx).await?;
        tx.audit_head_replaced();
        let postgres = self.backend() == Backend::Postgres;
        let mut rows = 0;
        for (table, identity) in backup.tables.iter().zip(identities) {
            let copy = &table.copy;
            for (i, row) in copy.rows.iter().enumerate() {
                // NULLs are left out rather than bound: a typeless NULL would not fit every
                // column on PostgreSQL, and a column left out is NULL.
                let present: Vec<(&String, &Value)> = copy
                    .columns
                    .iter()
                    .zip(row)
                    .filter(|(_, v)| **v != Value::Null)
                    .collect();
                let names: Vec<&str> = present.iter().map(|(c, _)| c.as_str()).collect();
                let marks: Vec<String> = (1..=present.len()).map(|i| format!("${i}")).collect();
                let overriding = if postgres && identity {
                    " OVERRIDING SYSTEM VALUE"
                } else {
                    ""
                };
                let sql = format!(
                    "INSERT INTO {} ({}){overriding} VALUES ({})",
                    copy.table,
                    names.join(", "),
                    marks.join(", ")
                );
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (_, value) in &present {
                    query = match value {
                        Value::Int(i) => query.bind(*i),
                        Value::Text(t) => query.bind(t.clone()),
                        Value::Bytes { hex } => query.bind(unhex(hex).ok_or(RestoreError::Unreadable {
                            line: table.first_row_line + i,
                            reason: "16진수 자료가 잘못되었습니다".into(),
                        })?),
                        Value::Null => unreachable!("NULLs are left out"),
                    };
                }
                query.execute(&mut *tx).await?;
            }
            if postgres && identity && !copy.rows.is_empty() {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT MAX(id) FROM {0}))",
                    copy.table
                )))
                .execute(&mut *tx)
                .await?;
            }
            rows += copy.rows.len();
        }
        // Checked on what was written, not on the file: the rows as the database holds them
        // are what `sandan audit verify` will read.
        let audit = audit::verify_chain(&mut tx).await?;
        if !audit.is_intact() {
            return Err(RestoreError::BrokenChain(audit));
        }
        tx.commit().await?;
        Ok(Restored { rows, audit })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_come_in_creation_order_with_their_generated_ids() {
        let tables = tables();
        let position = |name: &str| tables.iter().position(|(t, _)| t == name).unwrap();
        assert_eq!(tables.first().map(|t| t.0.as_str()), Some("sources"));
        assert!(position("plans") < position("plan_sites"));
        assert!(position("package_projects") < position("executions"));
        assert!(tables.iter().any(|(t, id)| t == "audit_log" && *id));
        assert!(tables.iter().any(|(t, id)| t == "audit_head" && !*id));
    }

    #[test]
    fn bytes_survive_hex() {
        let bytes = vec![0u8, 1, 254, 255, 16];
        assert_eq!(unhex(&hex(&bytes)), Some(bytes));
        assert_eq!(unhex("zz"), None);
    }
}
