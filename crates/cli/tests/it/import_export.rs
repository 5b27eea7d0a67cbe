//! The `sandan` command as an operator uses it, on SQLite and PostgreSQL.

use crate::common;

use common::{sandan, stderr, stdout};
use sandan_domain::bundled::{BUNDLED_JSON, bundled};
use sandan_domain::evaluation::CommitteeMeeting;
use sandan_domain::{Day, Designation, DesignationKind, Region, Source, SourceId};
use sandan_store::Change;
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

/// The office has recorded and published 2021's 최종확정 of 경기 through the product; the
/// bundled record lacks it, so importing it again is refused and names the meeting, while the
/// record as exported (which keeps it) imports.
#[tokio::test]
async fn an_import_that_would_drop_a_committee_meeting_recorded_in_sandan_is_refused() {
    for db in TestDb::all().await {
        let office = Change {
            actor: "office",
            source: "test",
            at: "2026-11-25T00:00:00Z",
        };
        db.store.load_if_empty(&bundled(), &office).await.unwrap();
        let meeting = CommitteeMeeting {
            date: Day::ymd(2021, 12, 20),
            body: "노후거점산업단지 경쟁력강화추진위원회".into(),
            members_present: vec!["국토교통부 제1차관".into()],
            note: String::new(),
        };
        let id = db.store.record_meeting(2021, &meeting, &office).await.unwrap();
        let confirm = Designation {
            kind: DesignationKind::FinalConfirmation,
            date: meeting.date,
            body: meeting.body.clone(),
            round: Some(2021),
            region: Some(Region::Gyeonggi),
            complex: None,
            note: Some("세부사업 적정".into()),
            sources: vec![],
        };
        db.store
            .record_decision(2021, id, &confirm, |_| Ok(()), &office)
            .await
            .unwrap();
        let source = Source {
            id: SourceId(format!("sandan-committee-2021-{id}")),
            title: "2021. 12. 20. 위원회 의결".into(),
            publisher: "국토교통부·산업통상자원부".into(),
            published: Some(meeting.date),
            url: None,
            note: None,
        };
        db.store.publish_meeting(2021, id, &source, &[], &office).await.unwrap();

        let dir = std::env::temp_dir().join(format!(
            "sandan-cli-meeting-{}-{}",
            std::process::id(),
            db.backend().name()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let bundled_file = dir.join("record.json");
        std::fs::write(&bundled_file, BUNDLED_JSON).unwrap();
        let exported = stdout(&sandan(&db.url, &["export"]));
        assert!(
            exported.contains(&source.id.0),
            "the export holds the published decision"
        );

        let o = sandan(&db.url, &["import", bundled_file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        for words in ["2021년 공모의 2021. 12. 20.(월) 회의", "아무것도 바꾸지 않았습니다"] {
            assert!(stderr(&o).contains(words), "'{words}' not in {}", stderr(&o));
        }
        assert_eq!(
            stdout(&sandan(&db.url, &["export"])),
            exported,
            "the record is untouched"
        );

        let exported_file = dir.join("exported.json");
        std::fs::write(&exported_file, &exported).unwrap();
        let o = sandan(&db.url, &["import", exported_file.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
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
