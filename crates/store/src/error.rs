use sandan_domain::RecordProblem;

/// What can go wrong with the database, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "데이터베이스 주소 '{0}'를 쓸 수 없습니다. sqlite://파일경로 또는 postgres://사용자@호스트:포트/DB 형식으로 지정하십시오."
    )]
    UnsupportedUrl(String),
    #[error("SQLite 데이터베이스 파일 '{path}'을(를) 쓸 수 없습니다: {problem}")]
    SqliteFile {
        path: String,
        problem: crate::sqlite_file::SqliteProblem,
    },
    #[error("데이터베이스 '{url}'에 연결하지 못했습니다: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("데이터베이스 구조(마이그레이션)를 적용하지 못했습니다: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("데이터베이스 작업이 실패했습니다: {0}")]
    Query(#[from] sqlx::Error),
    #[error("파일에 쓰지 못했습니다: {0}")]
    Io(String),
    #[error("저장된 {what}을(를) 읽을 수 없습니다(손상되었거나 다른 버전의 자료입니다): {source}")]
    Corrupt { what: String, source: serde_json::Error },
    #[error("저장된 {0}을(를) 읽을 수 없습니다(손상되었거나 다른 버전의 자료입니다).")]
    BadValue(String),
    #[error("기록에 문제가 {}건 있어 아무것도 바꾸지 않았습니다:\n{}", .0.len(), list(.0))]
    InvalidRecord(Vec<RecordProblem>),
}

fn list(problems: &[RecordProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl StoreError {
    /// A stored region that no longer reads as one of the 17 시·도.
    pub(crate) fn corrupt_region(region: &str) -> StoreError {
        StoreError::BadValue(format!("시·도 '{region}'"))
    }

    /// Text the database cannot hold: PostgreSQL refuses a NUL character (SQLSTATE 22021)
    /// where SQLite would keep it. It is the input's fault, not the server's.
    pub fn is_unstorable_text(&self) -> bool {
        matches!(self, StoreError::Query(sqlx::Error::Database(e)) if e.code().as_deref() == Some("22021"))
    }
}
