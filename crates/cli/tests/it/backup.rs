//! `sandan backup` and `sandan restore` as an operator runs them: a database in use is backed up,
//! restored into a new one whose audit chain verifies and whose record exports identically;
//! restoring over a database that holds anything is refused and changes nothing.

use crate::common;

use common::{sandan, stderr, stdout};
use sandan_store::testing::TestDb;

#[tokio::test]
async fn a_backup_restores_into_a_new_database_that_exports_the_same_record() {
    for source in TestDb::all().await {
        let name = source.backend().name();
        let exported = sandan(&source.url, &["export"]);
        assert!(exported.status.success(), "{}", stderr(&exported));
        let file = std::env::temp_dir().join(format!("sandan-backup-{}-{name}.jsonl", std::process::id()));
        let backed_up = sandan(&source.url, &["backup", "-o", file.to_str().unwrap()]);
        assert!(backed_up.status.success(), "{name}: {}", stderr(&backed_up));
        assert!(stdout(&backed_up).contains("행"), "{}", stdout(&backed_up));

        let target = TestDb::sqlite().await;
        let restored = sandan(&target.url, &["restore", file.to_str().unwrap()]);
        assert!(restored.status.success(), "{name}: {}", stderr(&restored));
        assert!(stdout(&restored).contains("온전합니다"), "{}", stdout(&restored));
        let verify = sandan(&target.url, &["audit", "verify"]);
        assert!(verify.status.success(), "{}", stderr(&verify));
        assert_eq!(
            stdout(&sandan(&target.url, &["export"])),
            stdout(&exported),
            "{name}: the same record"
        );

        let again = sandan(&target.url, &["restore", file.to_str().unwrap()]);
        assert_eq!(again.status.code(), Some(1));
        assert!(
            stderr(&again).contains("빈 데이터베이스에 복원하십시오"),
            "{}",
            stderr(&again)
        );
        assert_eq!(
            stdout(&sandan(&target.url, &["export"])),
            stdout(&exported),
            "{name}: nothing changed"
        );
        std::fs::remove_file(&file).ok();
    }
}

#[tokio::test]
async fn a_file_that_is_not_a_backup_is_refused_in_korean() {
    let target = TestDb::sqlite().await;
    let file = std::env::temp_dir().join(format!("sandan-not-backup-{}.jsonl", std::process::id()));
    std::fs::write(&file, "{\"format\": \"something-else\"}\n").unwrap();
    let o = sandan(&target.url, &["restore", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("백업 파일을 읽을 수 없습니다"), "{}", stderr(&o));
    std::fs::remove_file(&file).ok();
}
