//! The database URL as operators write it: a SQLite path without `?mode=rwc` on a fresh server
//! makes the file and its folder and says where; a path that cannot hold a database is refused
//! in Korean with what to do, not with SQLite's "unable to open database file (code 14)".

use crate::common;

use common::{sandan_as_deployed, stderr, stdout};

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sandan-cli-url-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_sqlite_path_without_a_mode_is_made_on_first_start_and_named() {
    let dir = temp_dir("fresh");
    let file = dir.join("var/lib/sandan/sandan.db");
    let url = format!("sqlite://{}", file.display());
    let first = sandan_as_deployed(&url, &["migrate"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(file.is_file());
    assert!(
        stderr(&first).contains(&format!(
            "새 SQLite 데이터베이스 파일을 만들었습니다: {}",
            file.display()
        )),
        "{}",
        stderr(&first)
    );
    let second = sandan_as_deployed(&url, &["migrate"]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(stderr(&second), "", "made once, not announced again");
    assert!(stdout(&second).contains("최신"), "{}", stdout(&second));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_sqlite_path_under_a_file_is_refused_in_korean_without_the_drivers_words() {
    let dir = temp_dir("blocked");
    let blocker = dir.join("sandan-data");
    std::fs::write(&blocker, "a file where a folder should be").unwrap();
    let o = sandan_as_deployed(&format!("sqlite://{}/sandan.db", blocker.display()), &["migrate"]);
    assert_eq!(o.status.code(), Some(1));
    let message = stderr(&o);
    assert!(
        message.contains(&format!("'{}'은(는) 폴더가 아니라 파일입니다", blocker.display())),
        "{message}"
    );
    for driver in ["code 14", "unable to open", "error returned"] {
        assert!(!message.contains(driver), "{message}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
