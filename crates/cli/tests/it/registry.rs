//! `sandan registry import` on a file written as 한국산업단지공단 publishes its 현황: the dry run
//! names what would change and what waits for the office and writes nothing; the load writes it
//! once; on SQLite and PostgreSQL.

use crate::common;

use common::{sandan, stderr, stdout};
use sandan_domain::bundled::BUNDLED_JSON;
use sandan_store::testing::TestDb;

/// A quarter's table as Excel saves "CSV UTF-8": a BOM, a title line, numbers with commas, a
/// 시·도 subtotal and a source note.
const FILE: &str = "\u{feff}2024년 4분기 전국산업단지 현황\n\
유형,시도,시군,단지명,지정면적(천제곱미터),입주업체(개),가동업체(개),고용(명),생산(억원),수출(백만달러)\n\
국가,전북,군산시,군산국가산단,\"6,762\",\"1,010\",900,\"15,000\",\"30,000\",900\n\
일반,전북,익산시,익산제2일반산업단지,\"2,000\",150,140,\"3,000\",\"5,000\",100\n\
일반,전북,완주군,어느새일반산업단지,10,5,5,20,10,1\n\
,전북 계,,,,,,,,\n\
※ 자료: 한국산업단지공단\n";

#[tokio::test]
async fn a_registry_file_is_previewed_against_the_record_and_nothing_is_written() {
    for db in TestDb::all().await {
        let dir = std::env::temp_dir().join(format!("sandan-registry-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("2024-Q4-{}.csv", db.backend().name()));
        std::fs::write(&file, FILE).unwrap();
        let checked = sandan(
            &db.url,
            &[
                "registry",
                "import",
                file.to_str().unwrap(),
                "--quarter",
                "2024-Q4",
                "--dry-run",
            ],
        );
        assert!(checked.status.success(), "{}", stderr(&checked));
        let out = stdout(&checked);
        for expected in [
            "단지 행 3개 (제외: 합계·소계 1행, 주석 1행",
            "새 분기 통계 2건",
            "3행 gunsan 지정면적: 없음 → 6,762,000㎡",
            "4행 iksan-2 시·군·구: 없음 → 익산시",
            "5행 '어느새일반산업단지' (전북): 단지명과 맞는 산업단지가 없습니다",
            "기록은 바뀌지 않았습니다",
        ] {
            assert!(out.contains(expected), "{}: {expected}\n{out}", db.backend().name());
        }
        let exported = sandan(&db.url, &["export"]);
        assert!(stdout(&exported) == BUNDLED_JSON, "the dry run wrote nothing");

        let load = || {
            sandan(
                &db.url,
                &["registry", "import", file.to_str().unwrap(), "--quarter", "2024-Q4"],
            )
        };
        let loaded = load();
        assert!(stdout(&loaded).contains("반영했습니다"), "{}", stdout(&loaded));
        let again = load();
        assert!(stdout(&again).contains("바뀐 것이 없습니다"), "{}", stdout(&again));
        assert!(
            stdout(&sandan(&db.url, &["export"])) == BUNDLED_JSON,
            "facts and quarters are not the record's"
        );

        std::fs::write(&file, "단지명,입주업체\n군산,10\n").unwrap();
        let refused = sandan(&db.url, &["registry", "import", file.to_str().unwrap()]);
        assert!(!refused.status.success());
        assert!(
            stderr(&refused).contains("유형"),
            "the missing columns are named: {}",
            stderr(&refused)
        );
    }
}
