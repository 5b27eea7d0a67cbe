//! The first administrator is made from the command line, with the password on standard input.

use crate::common;

use common::{sandan, sandan_with_input, stderr, stdout};
use sandan_store::testing::TestDb;

#[tokio::test]
async fn the_first_administrator_is_created_from_the_cli_and_can_sign_in() {
    for db in TestDb::all().await {
        let add = [
            "users",
            "add",
            "--login",
            "admin",
            "--name",
            "관리자",
            "--role",
            "program-office",
        ];
        let o = sandan_with_input(&db.url, &add, "Sandan#2026plan\n");
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("공동 주관부처"));
        let session = db
            .store
            .sign_in(
                "admin",
                "Sandan#2026plan",
                &sandan_store::Change {
                    actor: "t",
                    at: "t",
                    source: "t",
                },
                1,
            )
            .await
            .unwrap();
        assert!(session.actor.is_program_office(), "{:?}", db.backend());

        let list = sandan(&db.url, &["users", "list"]);
        assert!(stdout(&list).contains("admin\t관리자\tprogram-office"));
        let audit = db.store.audit_log(10).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "user.create" && e.source == "cli"));
    }
}

#[tokio::test]
async fn weak_passwords_unknown_roles_and_empty_input_are_refused_in_korean() {
    for db in TestDb::all().await {
        let cases: [(&[&str], &str, &str); 5] = [
            (
                &[
                    "users",
                    "add",
                    "--login",
                    "kim",
                    "--name",
                    "김",
                    "--role",
                    "program-office",
                ],
                "short1\n",
                "10자 이상",
            ),
            (
                &["users", "add", "--login", "kim", "--name", "김", "--role", "evaluator"],
                "kim#Sandan2026\n",
                "비밀번호에 아이디를 넣을 수 없습니다",
            ),
            (
                &["users", "add", "--login", "kim", "--name", "김", "--role", "admin"],
                "Sandan#2026plan\n",
                "역할 'admin'",
            ),
            (
                &["users", "add", "--login", "kim", "--name", "김", "--role", "evaluator"],
                "",
                "비밀번호가 비었습니다",
            ),
            (
                &["users", "grant", "nobody", "evaluator"],
                "",
                "'nobody'인 사용자가 없습니다",
            ),
        ];
        for (args, stdin, words) in cases {
            let o = sandan_with_input(&db.url, args, stdin);
            assert_eq!(o.status.code(), Some(1), "{args:?}");
            // Said once: an error whose message already holds its cause is not followed by it.
            assert_eq!(stderr(&o).matches(words).count(), 1, "{args:?}: {}", stderr(&o));
        }
        assert!(
            db.store.users(0).await.unwrap().is_empty(),
            "{:?}: nothing created",
            db.backend()
        );
    }
}

#[tokio::test]
async fn the_operator_sets_a_new_password_for_an_account_nobody_knows_the_password_of() {
    let change = sandan_store::Change {
        actor: "t",
        at: "t",
        source: "t",
    };
    let data = sandan_domain::synthetic::generate(sandan_domain::synthetic::Scale::small(), 1).unwrap();
    for db in TestDb::all().await {
        db.store.load_national(&data, &change).await.unwrap();
        let o = sandan_with_input(&db.url, &["users", "password", "synthetic-0001"], "Sandan#2026load\n");
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("새로 정했습니다"), "{}", stdout(&o));
        let session = db
            .store
            .sign_in("synthetic-0001", "Sandan#2026load", &change, 1)
            .await
            .unwrap();
        assert!(session.actor.is_program_office(), "{:?}", db.backend());
        let audit = db.store.audit_log(10).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.action == "user.password_reset" && e.source == "cli")
        );

        let o = sandan_with_input(&db.url, &["users", "password", "nobody"], "Sandan#2026load\n");
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("사용자를 찾을 수 없습니다"), "{}", stderr(&o));
    }
}
