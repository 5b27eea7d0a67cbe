//! `sandan demo`: the labelled synthetic demo goes into an empty database with an account whose
//! new password is printed, and never into one holding the program's record.

use crate::common;

use common::{sandan, serve, stderr, stdout};
use sandan_store::synthetic::RecordState;
use sandan_store::testing::TestDb;

fn printed_password(out: &str) -> String {
    out.split("비밀번호 ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect(out)
        .to_string()
}

#[tokio::test]
async fn the_demo_fills_an_empty_database_marks_every_page_and_prints_a_working_password() {
    for db in TestDb::all().await {
        let first = sandan(&db.url, &["demo"]);
        assert!(first.status.success(), "{}", stderr(&first));
        assert!(stdout(&first).contains("합성 자료"), "{}", stdout(&first));
        assert_eq!(db.store.record_state().await.unwrap(), RecordState::Synthetic);
        let old = printed_password(&stdout(&first));

        // Again: the data stays, the password is new, and only the new one signs in.
        let again = sandan(&db.url, &["demo"]);
        assert!(again.status.success(), "{}", stderr(&again));
        let new = printed_password(&stdout(&again));
        assert_ne!(old, new);
        let change = sandan_store::Change {
            actor: "t",
            at: "t",
            source: "t",
        };
        assert!(db.store.sign_in("demo", &old, &change, 1).await.is_err());
        let session = db.store.sign_in("demo", &new, &change, 1).await.unwrap();
        assert!(session.actor.is_program_office());

        let (mut child, base) = serve(&db.url, &[], std::process::Stdio::null());
        for path in ["/", "/dashboard", "/rounds/2019/plans/%EB%8C%80%EA%B5%AC/package"] {
            let page = reqwest::get(format!("{base}{path}")).await.unwrap();
            assert_eq!(page.status(), 200, "{path}");
            let html = page.text().await.unwrap();
            assert!(
                html.contains("id=\"synthetic-notice\""),
                "{path}: says the record is synthetic"
            );
            assert!(
                !html.contains("id=\"demo-hint\""),
                "{path}: no hint to load what is loaded"
            );
        }
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[tokio::test]
async fn the_demo_refuses_a_database_holding_the_programs_record() {
    for db in TestDb::all().await {
        // Any command but migrate loads the bundled record into a fresh database.
        assert!(sandan(&db.url, &["export", "-o", "/dev/null"]).status.success());
        let refused = sandan(&db.url, &["demo"]);
        assert!(!refused.status.success());
        assert!(
            stderr(&refused).contains("실제 사업 기록이 있어"),
            "{}",
            stderr(&refused)
        );
        assert_eq!(db.store.record_state().await.unwrap(), RecordState::Program);
        assert!(
            db.store
                .sign_in(
                    "demo",
                    "x",
                    &sandan_store::Change {
                        actor: "t",
                        at: "t",
                        source: "t"
                    },
                    1
                )
                .await
                .is_err()
        );
    }
}
