//! The file behind a SQLite URL. SQLite opens only an existing file unless the URL says
//! `mode=rwc`, so `sqlite:///var/lib/sandan/sandan.db` failed on first start with "unable to open
//! database file (code 14)". A URL that names no mode now means what the operator expects: the
//! file, and its folder, are made when missing (an explicit `mode=rw` or `mode=ro` still opens an
//! existing file only). When the file cannot be made or opened, the cause is looked up on the
//! file system and said in Korean with what to do, instead of the driver's error chain.

use std::fmt;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;

use crate::StoreError;

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";

/// Why a SQLite database file cannot be used, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqliteProblem {
    /// A part of the path that should be a folder is a file.
    NotAFolder(PathBuf),
    /// The path names a folder, not a file.
    IsAFolder,
    /// The URL's mode forbids making the file, and it does not exist.
    Missing {
        mode: String,
    },
    /// The operating system refused: `at` is the file or the nearest folder that exists.
    NotPermitted(PathBuf),
    ReadOnlyFileSystem,
    /// The file exists and could not be opened; SQLite does not say why.
    CannotOpen,
    NotADatabase,
    /// Anything else the operating system reported.
    Other(String),
}

impl fmt::Display for SqliteProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqliteProblem::NotAFolder(file) => write!(
                f,
                "경로 중간의 '{}'은(는) 폴더가 아니라 파일입니다. 데이터베이스 파일을 둘 폴더의 경로를 고치십시오.",
                file.display()
            ),
            SqliteProblem::IsAFolder => {
                write!(f, "폴더입니다. 폴더 안의 파일 경로(예: …/sandan.db)를 지정하십시오.")
            }
            SqliteProblem::Missing { mode } => write!(
                f,
                "파일이 없습니다. 주소에 mode={mode}가 있어 새로 만들지 않았습니다. 새로 만들려면 주소에서 mode={mode}를 빼십시오."
            ),
            SqliteProblem::NotPermitted(at) => write!(
                f,
                "'{}'에 접근할 권한이 없습니다. sandan을 실행하는 사용자가 그 폴더와 파일을 읽고 쓸 수 있게 하십시오(예: chown, chmod).",
                at.display()
            ),
            SqliteProblem::ReadOnlyFileSystem => {
                write!(f, "읽기 전용 파일 시스템입니다. 쓸 수 있는 위치의 경로를 지정하십시오.")
            }
            SqliteProblem::CannotOpen => write!(
                f,
                "파일과 그 폴더에 읽고 쓸 권한이 있는지 확인하십시오. sandan은 같은 폴더에 -wal, -shm 파일도 만듭니다."
            ),
            SqliteProblem::NotADatabase => write!(
                f,
                "SQLite 데이터베이스 파일이 아닙니다. 주소가 다른 파일을 가리키고 있지 않은지 확인하십시오."
            ),
            SqliteProblem::Other(reason) => write!(f, "{reason}"),
        }
    }
}

/// The file a SQLite URL names, and whether it may be made.
pub(crate) struct SqliteFile {
    /// None for a database in memory.
    path: Option<PathBuf>,
    /// The URL's mode, if it gives one.
    mode: Option<String>,
}

impl SqliteFile {
    pub fn of(url: &str) -> SqliteFile {
        let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
        let (database, query) = match rest.split_once('?') {
            Some((database, query)) => (database, Some(query)),
            None => (rest, None),
        };
        let mode = query.and_then(|q| q.split('&').find_map(|p| p.strip_prefix("mode=")));
        let in_memory = database == ":memory:" || mode == Some("memory");
        // sqlx's own reading of the URL, so the path is the one it opens (percent-decoded).
        let path = SqliteConnectOptions::from_str(url)
            .ok()
            .filter(|_| !in_memory)
            .map(|o| o.get_filename().to_path_buf());
        SqliteFile {
            path,
            mode: mode.map(str::to_string),
        }
    }

    /// The file the URL names, when it is one on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Makes the file and its folder if they are missing and the URL allows it; returns the
    /// file made, if any.
    pub fn prepare(&self) -> Result<Option<PathBuf>, StoreError> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        if path.exists() {
            return match self.existing_problem(path) {
                Some(problem) => Err(self.error(problem)),
                None => Ok(None),
            };
        }
        if let Some(mode) = self.mode.as_deref().filter(|m| *m != "rwc") {
            return Err(self.error(SqliteProblem::Missing { mode: mode.into() }));
        }
        let made = path
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .map_or(Ok(()), std::fs::create_dir_all)
            // An empty file is an empty SQLite database. Appending never truncates a file another
            // process made a moment ago.
            .and_then(|()| std::fs::OpenOptions::new().append(true).create(true).open(path));
        match made {
            Ok(_) => Ok(Some(std::path::absolute(path).unwrap_or_else(|_| path.clone()))),
            Err(e) => Err(self.error(problem_on_disk(path, e.kind()).unwrap_or(SqliteProblem::Other(e.to_string())))),
        }
    }

    /// Why an existing file cannot serve, found before SQLite is asked: SQLite answers a file
    /// that is no database only once a pool has retried for half a minute.
    fn existing_problem(&self, path: &Path) -> Option<SqliteProblem> {
        let writable = self.mode.as_deref() != Some("ro");
        let mut start = Vec::new();
        let read = std::fs::OpenOptions::new()
            .read(true)
            .write(writable)
            .open(path)
            .and_then(|file| file.take(SQLITE_HEADER.len() as u64).read_to_end(&mut start));
        match read {
            Err(e) => Some(problem_on_disk(path, e.kind()).unwrap_or(SqliteProblem::Other(e.to_string()))),
            // An empty file is a database with nothing in it yet.
            Ok(_) if start.is_empty() || start == SQLITE_HEADER => None,
            Ok(_) => Some(SqliteProblem::NotADatabase),
        }
    }

    /// What to tell the operator when connecting failed; None when the failure is not about the
    /// file (the caller keeps the driver's error).
    pub fn connect_error(&self, source: &sqlx::Error) -> Option<StoreError> {
        let path = self.path.as_ref()?;
        let code = source
            .as_database_error()
            .and_then(|e| e.code())
            .map(|c| c.into_owned());
        // SQLITE_CANTOPEN: what `prepare` could not foresee, such as a folder where the -wal
        // and -shm files cannot be made.
        if code.as_deref() != Some("14") {
            return None;
        }
        let problem = problem_on_disk(path, ErrorKind::Other).unwrap_or(SqliteProblem::CannotOpen);
        tracing::debug!(error = %source, "SQLite가 파일을 열지 못했습니다");
        Some(self.error(problem))
    }

    fn error(&self, problem: SqliteProblem) -> StoreError {
        StoreError::SqliteFile {
            path: self
                .path
                .as_deref()
                .unwrap_or(Path::new(":memory:"))
                .display()
                .to_string(),
            problem,
        }
    }
}

/// The cause of a failure on `path`, as far as the file system shows it.
fn problem_on_disk(path: &Path, kind: ErrorKind) -> Option<SqliteProblem> {
    if path.is_dir() {
        return Some(SqliteProblem::IsAFolder);
    }
    // The first part of the path, from the root, that exists but is no folder.
    let mut ancestors: Vec<&Path> = path.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()).collect();
    ancestors.reverse();
    if let Some(file) = ancestors.iter().find(|a| a.exists() && !a.is_dir()) {
        return Some(SqliteProblem::NotAFolder(file.to_path_buf()));
    }
    match kind {
        ErrorKind::PermissionDenied => {
            let nearest = path.ancestors().find(|a| a.exists()).unwrap_or(path);
            Some(SqliteProblem::NotPermitted(nearest.to_path_buf()))
        }
        ErrorKind::ReadOnlyFilesystem => Some(SqliteProblem::ReadOnlyFileSystem),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mode_decides_whether_a_file_may_be_made() {
        let file = SqliteFile::of("sqlite:///var/lib/sandan/sandan.db");
        assert_eq!(file.path.as_deref(), Some(Path::new("/var/lib/sandan/sandan.db")));
        assert_eq!(file.mode, None);
        let file = SqliteFile::of("sqlite://data/a%20b.db?mode=ro");
        assert_eq!(file.path.as_deref(), Some(Path::new("data/a b.db")));
        assert_eq!(file.mode.as_deref(), Some("ro"));
        assert!(SqliteFile::of("sqlite::memory:").path.is_none());
        assert!(SqliteFile::of("sqlite://x.db?mode=memory").path.is_none());
    }

    #[test]
    fn a_file_in_the_way_of_a_folder_is_named() {
        let dir = std::env::temp_dir().join(format!("sandan-sqlite-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let blocker = dir.join("not-a-folder");
        std::fs::write(&blocker, "").unwrap();
        assert_eq!(
            problem_on_disk(&blocker.join("deeper/sandan.db"), ErrorKind::Other),
            Some(SqliteProblem::NotAFolder(blocker.clone()))
        );
        assert_eq!(problem_on_disk(&dir, ErrorKind::Other), Some(SqliteProblem::IsAFolder));
        std::fs::remove_dir_all(&dir).ok();
    }
}
