//! 백업과 복원: every table copied out of a running database in one consistent view, and copied
//! into an empty one — of either backend, so a backup also moves SQLite to PostgreSQL.
//!
//! The copy is taken inside a transaction that holds the audit chain's head, the lock every
//! change takes first: reads go on, changes wait until the copy is done, and no change can land
//! half in it. The file is JSON lines: a header, then per table a line naming its columns and
//! one line per row. Restoring checks the header, writes every row in one transaction (nothing
//! on failure) and leaves the audit chain exactly as it was, so `sandan audit verify` passes.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{Column, Row};

use crate::migrate::MIGRATIONS;
use crate::{Backend, Store, StoreError, audit};

const FORMAT: &str = "sandan-backup";
const FORMAT_VERSION: i64 = 1;

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

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    version: i64,
    schema_version: i64,
    backend: String,
    taken_at: String,
    /// What follows, so a cut-off file is noticed.
    tables: usize,
    rows: usize,
}

#[derive(Serialize, Deserialize)]
struct TableLine {
    table: String,
    columns: Vec<String>,
    rows: usize,
}

/// Why a backup could not be restored, in the operator's words.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("백업 파일을 읽을 수 없습니다 ({line}번째 줄): {reason}")]
    Unreadable { line: usize, reason: String },
    #[error(
        "백업의 데이터베이스 구조 버전({backup})이 이 프로그램({ours})과 다릅니다. 같은 버전의 sandan으로 복원하십시오."
    )]
    SchemaMismatch { backup: i64, ours: i64 },
    #[error("복원할 데이터베이스에 이미 자료가 있습니다(감사 기록 {0}건). 새로 만든 빈 데이터베이스에 복원하십시오.")]
    NotEmpty(i64),
    #[error("백업에 이 프로그램이 모르는 표 '{0}'이(가) 있습니다.")]
    UnknownTable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
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
    Ok(bytes.map_or(Value::Null, |b| Value::Bytes {
        hex: b.iter().map(|x| format!("{x:02x}")).collect(),
    }))
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
        let mut tx = audit::begin(&self.writer).await?;
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
        tx.rollback().await?;
        Ok(copies)
    }

    /// Writes the backup to `out`; returns the number of rows written.
    pub async fn backup(&self, out: &mut impl Write, taken_at: &str) -> Result<usize, StoreError> {
        let copies = self.copy_tables().await?;
        let io = |e: std::io::Error| StoreError::Io(e.to_string());
        let line = |out: &mut dyn Write, value: &dyn erased::Json| -> Result<(), StoreError> {
            writeln!(out, "{}", value.json()).map_err(io)
        };
        line(
            out,
            &Header {
                format: FORMAT.into(),
                version: FORMAT_VERSION,
                schema_version: self.schema_version().await?,
                backend: self.backend().name().into(),
                taken_at: taken_at.into(),
                tables: copies.len(),
                rows: copies.iter().map(|c| c.rows.len()).sum(),
            },
        )?;
        let mut total = 0;
        for copy in copies {
            line(
                out,
                &TableLine {
                    table: copy.table,
                    columns: copy.columns,
                    rows: copy.rows.len(),
                },
            )?;
            for row in &copy.rows {
                line(out, row)?;
            }
            total += copy.rows.len();
        }
        out.flush().map_err(io)?;
        Ok(total)
    }

    /// Restores a backup into this database, which must hold nothing yet; returns the rows
    /// written. One transaction: a failure leaves the database as it was.
    pub async fn restore(&self, input: impl BufRead) -> Result<usize, RestoreError> {
        let mut lines = input.lines().enumerate();
        let mut next = || -> Result<Option<(usize, String)>, RestoreError> {
            match lines.next() {
                None => Ok(None),
                Some((i, Ok(l))) => Ok(Some((i + 1, l))),
                Some((i, Err(e))) => Err(RestoreError::Unreadable {
                    line: i + 1,
                    reason: e.to_string(),
                }),
            }
        };
        let parse = |line: usize, text: &str| -> Result<serde_json::Value, RestoreError> {
            serde_json::from_str(text).map_err(|e| RestoreError::Unreadable {
                line,
                reason: e.to_string(),
            })
        };
        let (n, first) = next()?.ok_or(RestoreError::Unreadable {
            line: 1,
            reason: "파일이 비어 있습니다".into(),
        })?;
        let header: Header = serde_json::from_value(parse(n, &first)?).map_err(|e| RestoreError::Unreadable {
            line: n,
            reason: format!("sandan 백업 파일이 아닙니다 ({e})"),
        })?;
        if header.format != FORMAT || header.version != FORMAT_VERSION {
            return Err(RestoreError::Unreadable {
                line: n,
                reason: format!("sandan 백업 형식 {FORMAT_VERSION}판이 아닙니다"),
            });
        }
        let ours = self.schema_version().await?;
        if header.schema_version != ours {
            return Err(RestoreError::SchemaMismatch {
                backup: header.schema_version,
                ours,
            });
        }
        let known = tables();
        let mut tx = audit::begin(&self.writer).await?;
        let entries: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log")
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if entries > 0 {
            return Err(RestoreError::NotEmpty(entries));
        }
        // The migration's own row (the chain's empty head) gives way to the backup's.
        sqlx::query("DELETE FROM audit_head").execute(&mut *tx).await?;
        let postgres = self.backend() == Backend::Postgres;
        let (mut total, mut tables_read, mut last) = (0, 0, n);
        while let Some((n, text)) = next()? {
            tables_read += 1;
            last = n;
            let table: TableLine = serde_json::from_value(parse(n, &text)?).map_err(|e| RestoreError::Unreadable {
                line: n,
                reason: format!("표 머리 줄이어야 합니다 ({e})"),
            })?;
            let identity = known
                .iter()
                .find(|(name, _)| *name == table.table)
                .ok_or_else(|| RestoreError::UnknownTable(table.table.clone()))?
                .1;
            for _ in 0..table.rows {
                let (n, text) = next()?.ok_or(RestoreError::Unreadable {
                    line: n,
                    reason: format!("표 {}의 행이 모자랍니다", table.table),
                })?;
                let row: Vec<Value> =
                    serde_json::from_value(parse(n, &text)?).map_err(|e| RestoreError::Unreadable {
                        line: n,
                        reason: e.to_string(),
                    })?;
                if row.len() != table.columns.len() {
                    return Err(RestoreError::Unreadable {
                        line: n,
                        reason: format!("열이 {}개여야 합니다", table.columns.len()),
                    });
                }
                // NULLs are left out rather than bound: a typeless NULL would not fit every
                // column on PostgreSQL, and a column left out is NULL.
                let present: Vec<(&String, &Value)> = table
                    .columns
                    .iter()
                    .zip(&row)
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
                    table.table,
                    names.join(", "),
                    marks.join(", ")
                );
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (_, value) in &present {
                    query = match value {
                        Value::Int(i) => query.bind(*i),
                        Value::Text(t) => query.bind(t.clone()),
                        Value::Bytes { hex } => query.bind(unhex(hex).ok_or(RestoreError::Unreadable {
                            line: n,
                            reason: "16진수 자료가 잘못되었습니다".into(),
                        })?),
                        Value::Null => unreachable!("NULLs are left out"),
                    };
                }
                query.execute(&mut *tx).await?;
                total += 1;
                last = n;
            }
            if postgres && identity && table.rows > 0 {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT MAX(id) FROM {0}))",
                    table.table
                )))
                .execute(&mut *tx)
                .await?;
            }
        }
        if (tables_read, total) != (header.tables, header.rows) {
            return Err(RestoreError::Unreadable {
                line: last + 1,
                reason: format!(
                    "파일이 중간에 끊겼습니다 (표 {}개·행 {}개 중 {tables_read}개·{total}개만 있음)",
                    header.tables, header.rows
                ),
            });
        }
        tx.commit().await?;
        Ok(total)
    }
}

/// Serialising the header, table lines and rows through one writer.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).expect("a backup line serialises")
        }
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
        let hex: String = bytes.iter().map(|x| format!("{x:02x}")).collect();
        assert_eq!(unhex(&hex), Some(bytes));
        assert_eq!(unhex("zz"), None);
    }
}
