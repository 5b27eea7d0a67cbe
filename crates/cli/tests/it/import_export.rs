//! The `sandan` command as an operator uses it, on SQLite and PostgreSQL.

use crate::common;

use common::{sandan, stderr, stdout};
use sandan_domain::bundled::BUNDLED_JSON;
use sandan_store::testing::TestDb;

#[tokio::test]
async fn a_fresh_database_exports_the_bundled_record_and_an_import_of_it_round_trips() {
    for db in TestDb::all().await {
        let exported = sandan(&db.url, &["export"]);
        assert!(exported.status.success(), "{}", stderr(&exported));
        assert!(
            stdout(&exported) == BUNDLED_JSON,
            "{}: export of a fresh database is data/record.json",
            db.backend().name()
        );

        let dir = std::env::temp_dir().join(format!("sandan-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let edited = dir.join(format!("edited-{}.json", db.backend().name()));
        std::fs::write(
            &edited,
            BUNDLED_JSON.replace("\"applicant_count\": 8", "\"applicant_count\": 9"),
        )
        .unwrap();
        let imported = sandan(&db.url, &["import", edited.to_str().unwrap()]);
        assert!(imported.status.success(), "{}", stderr(&imported));
        assert!(
            stdout(&imported).contains("가져오기 완료: 공모 회차 5개, 혁신계획 21개"),
            "{}",
            stdout(&imported)
        );

        let out = dir.join(format!("out-{}.json", db.backend().name()));
        assert!(
            sandan(&db.url, &["export", "--output", out.to_str().unwrap()])
                .status
                .success()
        );
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            std::fs::read_to_string(&edited).unwrap()
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}

#[tokio::test]
async fn bad_files_are_refused_in_korean_and_change_nothing() {
    for db in TestDb::all().await {
        let dir = std::env::temp_dir().join(format!("sandan-cli-bad-{}-{}", std::process::id(), db.backend().name()));
        std::fs::create_dir_all(&dir).unwrap();
        let broken = dir.join("broken.json");
        std::fs::write(&broken, "{\n  \"sources\": [\n    oops\n").unwrap();
        let unknown_complex = dir.join("unknown.json");
        std::fs::write(
            &unknown_complex,
            BUNDLED_JSON.replacen("\"complex\": \"banwol-sihwa\"", "\"complex\": \"banwol-sihwa-x\"", 1),
        )
        .unwrap();
        let cases = [
            (
                broken.to_str().unwrap().to_string(),
                vec!["3행", "기록 형식에 맞지 않습니다", "아무것도 바꾸지 않았습니다"],
            ),
            (
                unknown_complex.to_str().unwrap().to_string(),
                vec!["banwol-sihwa-x", "아무것도 바꾸지 않았습니다"],
            ),
            (
                dir.join("missing.json").to_str().unwrap().to_string(),
                vec!["읽을 수 없습니다"],
            ),
        ];
        for (file, words) in cases {
            let o = sandan(&db.url, &["import", &file]);
            assert_eq!(o.status.code(), Some(1), "{file}");
            for w in words {
                assert!(stderr(&o).contains(w), "{file}: '{w}' not in {}", stderr(&o));
            }
        }
        assert!(
            stdout(&sandan(&db.url, &["export"])) == BUNDLED_JSON,
            "the record is untouched"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}

#[test]
fn an_unusable_database_address_says_which_forms_work() {
    let o = sandan("mysql://root:hunter2@localhost/x", &["export"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("sqlite://") && err.contains("postgres://") && !err.contains("hunter2"),
        "{err}"
    );
}
