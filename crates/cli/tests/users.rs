//! The first administrator is made from the command line, with the password on standard input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use sandan_store::testing::TestDb;

fn sandan(url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sandan"))
        .arg("--database-url")
        .arg(url)
        .args(args)
        .env("SANDAN_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sandan");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn the_first_administrator_is_created_from_the_cli_and_can_sign_in() {
    for db in TestDb::all().await {
        let add = ["users", "add", "--login", "admin", "--name", "관리자", "--role", "program-office"];
        let o = sandan(&db.url, &add, "Sandan#2026plan\n");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains("공동 주관부처"));
        let session = db.store.sign_in("admin", "Sandan#2026plan", &sandan_store::Change { actor: "t", at: "t", source: "t" }, 1).await.unwrap();
        assert!(session.actor.is_program_office(), "{:?}", db.backend());

        let list = sandan(&db.url, &["users", "list"], "");
        assert!(String::from_utf8_lossy(&list.stdout).contains("admin\t관리자\tprogram-office"));
        let audit = db.store.audit_log(10).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "user.create" && e.source == "cli"));
    }
}

#[tokio::test]
async fn weak_passwords_unknown_roles_and_empty_input_are_refused_in_korean() {
    for db in TestDb::all().await {
        let cases: [(&[&str], &str, &str); 4] = [
            (&["users", "add", "--login", "kim", "--name", "김", "--role", "program-office"], "short1\n", "10자 이상"),
            (&["users", "add", "--login", "kim", "--name", "김", "--role", "admin"], "Sandan#2026plan\n", "역할 'admin'"),
            (&["users", "add", "--login", "kim", "--name", "김", "--role", "evaluator"], "", "비밀번호가 비었습니다"),
            (&["users", "grant", "nobody", "evaluator"], "", "'nobody'인 사용자가 없습니다"),
        ];
        for (args, stdin, words) in cases {
            let o = sandan(&db.url, args, stdin);
            assert_eq!(o.status.code(), Some(1), "{args:?}");
            assert!(String::from_utf8_lossy(&o.stderr).contains(words), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        }
        assert!(db.store.users(0).await.unwrap().is_empty(), "{:?}: nothing created", db.backend());
    }
}
