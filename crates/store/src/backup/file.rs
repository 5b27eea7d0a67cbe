//! The backup file: JSON lines, each table's rows and the whole file sealed with SHA-256, so a
//! restore notices a changed, missing or added byte — and says where — before it writes
//! anything.
//!
//! ```text
//! {"format":"sandan-backup","version":2,"schema_version":7,…,"tables":40,"rows":1234}
//! {"table":"sources","columns":["id",…],"rows":2,"sha256":"<its 2 row lines>"}
//! ["molit-2021-03-24",…]
//! ["molit-2022-04-12",…]
//! …
//! {"sha256":"<every line above>"}
//! ```
//! A checksum covers its lines exactly as written, each with its newline, in lowercase hex.

use std::io::{BufRead, Write};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{RestoreError, TableCopy, Value};
use crate::StoreError;
use crate::secrets::hex;

const FORMAT: &str = "sandan-backup";
/// 2 added the checksums. A file of 1 has nothing to check it by, so it is refused rather than
/// trusted.
const VERSION: i64 = 2;

#[derive(Serialize, Deserialize)]
pub(super) struct Header {
    format: String,
    version: i64,
    pub schema_version: i64,
    backend: String,
    taken_at: String,
    /// What follows, for someone reading the first line and for the message on a cut-off file.
    tables: usize,
    rows: usize,
}

impl Header {
    pub fn new(schema_version: i64, backend: &str, taken_at: &str, copies: &[TableCopy]) -> Header {
        Header {
            format: FORMAT.into(),
            version: VERSION,
            schema_version,
            backend: backend.into(),
            taken_at: taken_at.into(),
            tables: copies.len(),
            rows: copies.iter().map(|c| c.rows.len()).sum(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct TableLine {
    table: String,
    columns: Vec<String>,
    rows: usize,
    sha256: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct End {
    sha256: String,
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("a backup line serialises")
}

/// Writes `header` and `copies` to `out`, hashing every line into the file's checksum.
pub(super) fn write(out: &mut impl Write, header: &Header, copies: &[TableCopy]) -> Result<(), StoreError> {
    let mut file = Sha256::new();
    let mut line = |text: &str| -> Result<(), StoreError> {
        file.update(text);
        file.update("\n");
        writeln!(out, "{text}").map_err(|e| StoreError::Io(e.to_string()))
    };
    line(&json(header))?;
    for copy in copies {
        let rows: Vec<String> = copy.rows.iter().map(json).collect();
        let mut table = Sha256::new();
        for row in &rows {
            table.update(row);
            table.update("\n");
        }
        line(&json(&TableLine {
            table: copy.table.clone(),
            columns: copy.columns.clone(),
            rows: rows.len(),
            sha256: hex(&table.finalize()),
        }))?;
        for row in &rows {
            line(row)?;
        }
    }
    let end = json(&End {
        sha256: hex(&file.finalize()),
    });
    writeln!(out, "{end}").map_err(|e| StoreError::Io(e.to_string()))?;
    out.flush().map_err(|e| StoreError::Io(e.to_string()))
}

/// A backup whose every checksum matched, held whole so nothing is written before it is known
/// to be sound.
pub(super) struct Checked {
    pub header: Header,
    pub tables: Vec<CheckedTable>,
}

pub(super) struct CheckedTable {
    pub copy: TableCopy,
    /// The line of its first row, for messages about a row.
    pub first_row_line: usize,
}

/// Lines with their numbers, each hashed into the file's checksum as it is read.
struct Lines<R> {
    lines: std::io::Lines<R>,
    number: usize,
    file: Sha256,
}

impl<R: BufRead> Lines<R> {
    fn next(&mut self) -> Result<Option<(usize, String)>, RestoreError> {
        let line = self.number + 1;
        match self.lines.next() {
            None => Ok(None),
            Some(Err(e)) => Err(RestoreError::Unreadable {
                line,
                reason: e.to_string(),
            }),
            Some(Ok(text)) => {
                self.number = line;
                self.file.update(&text);
                self.file.update("\n");
                Ok(Some((line, text)))
            }
        }
    }
}

fn parse<T: DeserializeOwned>(line: usize, text: &str, expected: &str) -> Result<T, RestoreError> {
    serde_json::from_str(text).map_err(|e| RestoreError::Unreadable {
        line,
        reason: format!("{expected} ({e})"),
    })
}

/// Reads a whole backup and checks it: its format, every table's rows against their checksum,
/// and every line against the file's.
pub(super) fn read(input: impl BufRead) -> Result<Checked, RestoreError> {
    let mut lines = Lines {
        lines: input.lines(),
        number: 0,
        file: Sha256::new(),
    };
    let (n, first) = lines.next()?.ok_or(RestoreError::Unreadable {
        line: 1,
        reason: "파일이 비어 있습니다".into(),
    })?;
    let header: Header = parse(n, &first, "sandan 백업 파일이 아닙니다")?;
    if header.format != FORMAT {
        return Err(RestoreError::Unreadable {
            line: n,
            reason: "sandan 백업 파일이 아닙니다".into(),
        });
    }
    if header.version != VERSION {
        return Err(RestoreError::FormatVersion {
            found: header.version,
            ours: VERSION,
        });
    }
    let mut tables: Vec<CheckedTable> = Vec::with_capacity(header.tables);
    let cut_off = |tables: &[CheckedTable], line: usize| {
        let rows: usize = tables.iter().map(|t| t.copy.rows.len()).sum();
        RestoreError::Unreadable {
            line,
            reason: format!(
                "파일이 중간에 끊겼습니다 (표 {}개·행 {}개 중 {}개·{rows}개만 온전히 있음)",
                header.tables,
                header.rows,
                tables.len()
            ),
        }
    };
    while tables.len() < header.tables {
        let Some((table_line, text)) = lines.next()? else {
            return Err(cut_off(&tables, lines.number + 1));
        };
        let table: TableLine = parse(table_line, &text, "표 머리 줄이어야 합니다")?;
        let mut sha256 = Sha256::new();
        let mut rows = Vec::with_capacity(table.rows);
        for _ in 0..table.rows {
            let Some((n, text)) = lines.next()? else {
                return Err(cut_off(&tables, lines.number + 1));
            };
            let row: Vec<Value> = parse(n, &text, "표의 행이어야 합니다")?;
            if row.len() != table.columns.len() {
                return Err(RestoreError::Unreadable {
                    line: n,
                    reason: format!("열이 {}개여야 합니다", table.columns.len()),
                });
            }
            sha256.update(&text);
            sha256.update("\n");
            rows.push(row);
        }
        if hex(&sha256.finalize()) != table.sha256 {
            return Err(RestoreError::DamagedTable {
                table: table.table,
                first_line: table_line,
                last_line: lines.number,
            });
        }
        tables.push(CheckedTable {
            copy: TableCopy {
                table: table.table,
                columns: table.columns,
                rows,
            },
            first_row_line: table_line + 1,
        });
    }
    // The file's checksum covers every line before the end line.
    let written = hex(&lines.file.clone().finalize());
    let Some((n, text)) = lines.next()? else {
        return Err(cut_off(&tables, lines.number + 1));
    };
    let end: End = parse(n, &text, "마지막 줄(파일 검사합)이어야 합니다")?;
    if end.sha256 != written {
        return Err(RestoreError::DamagedFile { last_line: n });
    }
    if let Some((n, _)) = lines.next()? {
        return Err(RestoreError::Unreadable {
            line: n,
            reason: "마지막 줄(파일 검사합) 뒤에 내용이 더 있습니다".into(),
        });
    }
    Ok(Checked { header, tables })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let copies = vec![
            TableCopy {
                table: "sources".into(),
                columns: vec!["id".into(), "title".into()],
                rows: vec![
                    vec![Value::Int(1), Value::Text("고시".into())],
                    vec![Value::Int(2), Value::Null],
                ],
            },
            TableCopy {
                table: "evidence_files".into(),
                columns: vec!["content".into()],
                rows: vec![vec![Value::Bytes { hex: "00ff".into() }]],
            },
        ];
        let mut out = Vec::new();
        write(
            &mut out,
            &Header::new(7, "SQLite", "2026-11-25T00:00:00Z", &copies),
            &copies,
        )
        .unwrap();
        out
    }

    fn refusal(file: &[u8]) -> RestoreError {
        read(file).err().expect("the file is refused")
    }

    #[test]
    fn a_written_backup_reads_back_as_it_was() {
        let checked = read(sample().as_slice()).unwrap();
        assert_eq!(checked.header.schema_version, 7);
        assert_eq!(checked.tables.len(), 2);
        assert_eq!(checked.tables[0].copy.rows[1], vec![Value::Int(2), Value::Null]);
        assert_eq!(checked.tables[1].first_row_line, 6);
    }

    #[test]
    fn a_changed_header_is_caught_by_the_files_checksum() {
        let text = String::from_utf8(sample()).unwrap().replace("SQLite", "SQLitf");
        let err = refusal(text.as_bytes());
        assert!(matches!(err, RestoreError::DamagedFile { last_line: 7 }), "{err}");
    }

    #[test]
    fn a_changed_row_names_its_table_and_lines() {
        let text = String::from_utf8(sample()).unwrap().replace("고시", "고사");
        let err = refusal(text.as_bytes());
        assert!(err.to_string().contains("표 'sources'(2~4번째 줄)"), "{err}");
    }

    #[test]
    fn anything_after_the_end_line_is_refused() {
        let mut text = sample();
        text.extend_from_slice(b"[1]\n");
        let err = refusal(text.as_slice());
        assert!(err.to_string().contains("8번째 줄"), "{err}");
    }
}
