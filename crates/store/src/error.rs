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
    /// The cause in Korean; the driver's own account goes to the log, not to the operator's
    /// screen twice over.
    #[error("데이터베이스 '{url}'에 연결하지 못했습니다: {cause}")]
    Connect { url: String, cause: String },
    #[error("데이터베이스 구조(마이그레이션)를 적용하지 못했습니다: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// An older `sandan` started on a database a newer one has migrated: it would read and
    /// write tables it does not know, so it stops before touching anything.
    #[error(
        "데이터베이스 구조가 이 sandan보다 새롭습니다 (데이터베이스에 구조 {applied}번이 적용되어 있으나 이 프로그램은 {known}번까지만 압니다). 같은 데이터베이스를 쓰는 다른 인스턴스와 같은 새 버전의 sandan으로 실행하십시오. 데이터베이스는 바꾸지 않았습니다."
    )]
    SchemaNewer { applied: i64, known: i64 },
    /// A migration that began and did not finish (SQLite's and PostgreSQL's migrations run in
    /// a transaction, so this means someone changed the table by hand).
    #[error(
        "데이터베이스 구조 변경 {0}번이 끝나지 않은 채 남아 있습니다. 백업에서 복원하거나 _sqlx_migrations 표를 관리자가 확인하십시오. 데이터베이스는 바꾸지 않았습니다."
    )]
    SchemaDirty(i64),
    #[error("데이터베이스 작업이 실패했습니다: {0}")]
    Query(#[from] sqlx::Error),
    #[error("파일에 쓰지 못했습니다: {0}")]
    Io(String),
    #[error("저장된 {what}을(를) 읽을 수 없습니다(손상되었거나 다른 버전의 자료입니다): {source}")]
    Corrupt { what: String, source: serde_json::Error },
    #[error("저장된 {0}을(를) 읽을 수 없습니다(손상되었거나 다른 버전의 자료입니다).")]
    BadValue(String),
    /// A computation on stored data stopped (a panic on the blocking pool): a defect, logged.
    #[error("{0} 계산이 중단되었습니다. 관리자에게 알려 주십시오.")]
    Interrupted(String),
    #[error("기록에 문제가 {}건 있어 아무것도 바꾸지 않았습니다:\n{}", .0.len(), list(.0))]
    InvalidRecord(Vec<RecordProblem>),
    /// Working records (애로사항, 현장 소통) or a real registry's figures name complexes the new
    /// record would drop.
    #[error("새 기록에 없는 산업단지에 애로사항·현장 소통이나 산업단지 현황 자료(분기 통계, 단지 현황)가 있어 아무것도 바꾸지 않았습니다: {}. 그 산업단지를 새 기록에 남겨 두십시오(지금 기록을 sandan export로 내보내 고치면 남습니다).", first_of(.0))]
    ComplexesInUse(Vec<String>),
    /// Committee meetings recorded in Sandan that the new record would lose: their round, or
    /// the decisions published from them.
    #[error("Sandan에서 기록한 위원회 회의가 새 기록에서 빠져 아무것도 바꾸지 않았습니다: {}. 그 회의의 공모 회차와 공개한 의결을 새 기록에 남겨 두십시오 (sandan export로 내려받은 기록을 고쳐 가져오면 남습니다).", .0.join(", "))]
    MeetingsDropped(Vec<String>),
    /// Work kept in Sandan that hangs off a round or a plan the new record leaves out.
    #[error("Sandan에서 운영하는 일이 새 기록에서 빠져 아무것도 바꾸지 않았습니다: {}. 그 공모 회차와 혁신계획을 새 기록에 남겨 두십시오 (sandan export로 내려받은 기록을 고쳐 가져오면 남습니다).", first_of(.0))]
    WorkDropped(Vec<String>),
    /// Goals whose results Sandan keeps, which the new record drops or puts another goal in
    /// the place of: results are kept by a goal's place in its plan.
    #[error("Sandan에서 성과를 관리하는 성과목표의 자리가 새 기록에서 바뀌어 아무것도 바꾸지 않았습니다: {}. 성과는 계획 안의 목표 순서로 관리하므로, 지금 있는 목표는 같은 순서로 두고 새 목표는 끝에 덧붙이십시오 (sandan export로 내려받은 기록을 고쳐 가져오면 순서가 그대로 남습니다).", first_of(.0))]
    GoalsMoved(Vec<String>),
}

/// The first ten of `ids`, and how many more: a national registry can hold a thousand.
fn first_of(ids: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = ids.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        text.push_str(&format!(" 외 {}곳", ids.len() - SHOWN));
    }
    text
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

/// Why a database server refused a connection, as an operator can act on it.
pub(crate) fn connect_cause(e: &sqlx::Error) -> String {
    let code = match e {
        sqlx::Error::Database(db) => db.code().map(|c| c.to_string()),
        _ => None,
    };
    match (e, code.as_deref()) {
        (_, Some("3D000")) => {
            "그런 데이터베이스가 없습니다. 먼저 만드십시오 (예: createdb -h 127.0.0.1 -U postgres sandan).".into()
        }
        (_, Some("28P01" | "28000")) => {
            "사용자 이름이나 암호가 맞지 않거나, 서버 설정(pg_hba.conf)이 이 주소의 접속을 허용하지 않습니다.".into()
        }
        (sqlx::Error::Io(io), _) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "서버가 접속을 받지 않습니다. 주소와 포트가 맞는지, PostgreSQL이 켜져 있는지 확인하십시오.".into()
        }
        (sqlx::Error::Io(_), _) => "서버에 닿지 못했습니다. 주소(호스트 이름)와 네트워크를 확인하십시오.".into(),
        (sqlx::Error::PoolTimedOut, _) => {
            "정해진 시간 안에 서버가 응답하지 않았습니다. 주소와 방화벽을 확인하십시오.".into()
        }
        (sqlx::Error::Tls(_), _) => "TLS 연결을 맺지 못했습니다. 주소의 sslmode 설정을 확인하십시오.".into(),
        (sqlx::Error::Configuration(_), _) => {
            "데이터베이스 주소를 읽을 수 없습니다. postgres://사용자@호스트:포트/DB 형식으로 쓰십시오.".into()
        }
        _ => "연결 중 오류가 났습니다. 자세한 내용은 서버 기록(로그)에 있습니다.".into(),
    }
}
