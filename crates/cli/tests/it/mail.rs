//! Mail through a real SMTP relay (aiosmtpd, installed by scripts/install-tools): the messages
//! of a round reach their readers in Korean with working links and nobody else; a server killed
//! while the relay takes a message sends it again after a restart with the same Message-ID,
//! every other message once; with the relay down messages wait and go out when it returns; a
//! refusal for good is recorded with the relay's answer — on SQLite and PostgreSQL.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sandan_domain::call::Call;
use sandan_domain::mail::{self, Status};
use sandan_domain::{Day, Proposal, Region, Role};
use sandan_store::testing::{TestDb, TestSession, round_open_until, signed_in};
use sandan_store::{Change, Store};
use serde_json::Value;

use crate::common;

const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-12-03T00:00:00Z",
    source: "test",
};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The test relay: every message it takes is a line in `out`.
struct Relay {
    child: Child,
    out: PathBuf,
}

impl Relay {
    fn start(port: u16, out: &PathBuf, delay: f64) -> Relay {
        let python = repo().join(".tools/venv/bin/python");
        assert!(python.exists(), "the test relay needs scripts/install-tools (aiosmtpd)");
        let mut child = Command::new(python)
            .arg(repo().join("scripts/smtp-sink.py"))
            .args(["--port", &port.to_string(), "--delay", &delay.to_string()])
            .arg("--out")
            .arg(out)
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the test relay");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("listening"), "{line}");
        Relay {
            child,
            out: out.clone(),
        }
    }

    fn received(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn mail_env(port: u16) -> Vec<(&'static str, String)> {
    vec![
        ("SANDAN_MAIL_SMTP_URL", format!("smtp://127.0.0.1:{port}")),
        ("SANDAN_MAIL_FROM", "산업단지 대개조 <noreply@sandan.test>".into()),
        ("SANDAN_MAIL_RETRY_SECONDS", "1".into()),
        ("SANDAN_MAIL_TIMEOUT_SECONDS", "3".into()),
    ]
}

fn serve(db: &TestDb, port: u16) -> (Child, String) {
    let env = mail_env(port);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    common::serve(&db.url, &env, Stdio::null())
}

async fn until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while !done().await {
        assert!(start.elapsed() < Duration::from_secs(60), "timed out waiting: {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn statuses(store: &Store) -> Vec<Status> {
    store
        .outbox(None, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.status)
        .collect()
}

/// An account whose address is already proved, written as the link would leave it.
async fn with_address(db: &TestDb, login: &str, roles: &[Role], address: &str) -> TestSession {
    let session = signed_in(&db.store, login, login, roles).await;
    db.execute_raw(&format!(
        "UPDATE users SET email = '{address}', email_verified_at = '2026-12-01T00:00:00Z' WHERE login = '{login}'"
    ))
    .await;
    session
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_mails_each_reader_in_korean_with_working_links_and_nobody_else() {
    for db in TestDb::all().await {
        let label = db.backend().name();
        let dir = tempdir();
        let port = free_port();
        let relay = Relay::start(port, &dir.join("mail.jsonl"), 0.0);
        let (mut server, base) = serve(&db, port);
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let gg = signed_in(
            &db.store,
            "ggo",
            "경기 담당",
            &[Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            }],
        )
        .await;
        with_address(
            &db,
            "bso",
            &[Role::ProvincialOfficer { region: Region::Busan }],
            "bs@busan.go.kr",
        )
        .await;

        // She registers her address on the page and proves it with the link that is mailed.
        let form = [("csrf", gg.csrf.as_str()), ("email", "gg@gg.go.kr")];
        let r = client
            .post(format!("{base}/account/notifications/email"))
            .header("cookie", &gg.cookie)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{label}");
        until("the verification mail", async || relay.received().len() == 1).await;
        let link_mail = &relay.received()[0];
        assert_eq!(link_mail["to"][0], "gg@gg.go.kr");
        assert_eq!(link_mail["subject"], "[산업단지 대개조] 이메일 주소를 확인해 주십시오");
        let body = link_mail["body"].as_str().unwrap();
        let link = body
            .lines()
            .find_map(|l| l.strip_prefix("바로 가기: "))
            .unwrap()
            .trim()
            .to_string();
        assert!(
            link.starts_with(&format!("{base}/account/email/verify?token=")),
            "{link}"
        );
        let token = link.split_once("token=").unwrap().1;
        let page = client.get(&link).header("cookie", &gg.cookie).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let form = [("csrf", gg.csrf.as_str()), ("token", token)];
        let r = client
            .post(format!("{base}/account/email/verify"))
            .header("cookie", &gg.cookie)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("gg@gg.go.kr 주소를 확인했습니다"));

        // The office asks 경기 for a revision: 경기 is mailed, 부산 is not.
        let store = &db.store;
        store
            .open_round(&round_open_until(2027, Day::ymd(2027, 3, 31)), &Call::new(2027), &SETUP)
            .await
            .unwrap();
        let plan = Proposal {
            vision: "경기 비전".into(),
            ..Proposal::default()
        };
        store
            .save_draft(2027, Region::Gyeonggi, &plan, 0, &SETUP)
            .await
            .unwrap();
        store.submit_draft(2027, Region::Gyeonggi, 1, &SETUP).await.unwrap();
        store
            .request_revision(
                2027,
                Region::Gyeonggi,
                1,
                Day::ymd(2027, 4, 9),
                "비밀스러운 보완 사유",
                &SETUP,
            )
            .await
            .unwrap();
        until("the revision mail", async || relay.received().len() == 2).await;
        let revision = &relay.received()[1];
        assert_eq!(revision["to"][0], "gg@gg.go.kr");
        assert_eq!(
            revision["subject"],
            "[산업단지 대개조] 2027년 혁신계획안 보완 요청 (경기)"
        );
        let body = revision["body"].as_str().unwrap();
        assert!(body.contains("보완 기한: 2027. 4. 9.(금)"), "{body}");
        assert!(!body.contains("비밀스러운"), "the request's words stay behind the page");
        let link = body.lines().find_map(|l| l.strip_prefix("바로 가기: ")).unwrap().trim();
        assert_eq!(link, format!("{base}/rounds/2027/proposals/gyeonggi"));
        let page = client.get(link).header("cookie", &gg.cookie).send().await.unwrap();
        assert_eq!(page.status(), 200, "the link opens her plan");
        assert!(statuses(store).await.iter().all(|s| *s == Status::Sent));
        assert!(relay.received().iter().all(|m| m["to"][0] != "bs@busan.go.kr"));
        let _ = server.kill();
        let _ = server.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_while_the_relay_takes_a_message_sends_that_one_again_with_its_message_id() {
    for db in TestDb::all().await {
        let label = db.backend().name();
        let dir = tempdir();
        let port = free_port();
        // The relay answers 1.5 s after each message's end: long enough to be killed in.
        let relay = Relay::start(port, &dir.join("mail.jsonl"), 1.5);
        for login in ["usa", "usb", "usc"] {
            with_address(
                &db,
                login,
                &[Role::ProvincialOfficer { region: Region::Ulsan }],
                &format!("{login}@ulsan.go.kr"),
            )
            .await;
        }
        let store = &db.store;
        store
            .open_round(&round_open_until(2027, Day::ymd(2027, 3, 31)), &Call::new(2027), &SETUP)
            .await
            .unwrap();
        let letter = mail::announcement(2027, "설명회", "12월 10일").unwrap();
        store
            .announce(
                &[sandan_store::mail::Audience::Role("provincial-officer")],
                &letter,
                &SETUP,
            )
            .await
            .unwrap();
        let (mut server, _) = serve(&db, port);
        until("the first message", async || relay.received().len() == 1).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let in_flight: Vec<_> = store.outbox(Some(Status::Sending), 10).await.unwrap();
        assert_eq!(in_flight.len(), 1, "{label}: the second message is with the relay");
        server.kill().unwrap();
        server.wait().unwrap();

        let (mut server, _) = serve(&db, port);
        until("every message sent", async || {
            statuses(store).await.iter().all(|s| *s == Status::Sent)
        })
        .await;
        until("the relay's last answer", async || relay.received().len() >= 4).await;
        let mut copies: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for m in relay.received() {
            copies
                .entry(m["message_id"].as_str().unwrap().to_string())
                .or_default()
                .push(m["to"][0].as_str().unwrap().to_string());
        }
        assert_eq!(copies.len(), 3, "{label}: {copies:?}");
        let twice: Vec<_> = copies.iter().filter(|(_, to)| to.len() == 2).collect();
        assert_eq!(twice.len(), 1, "only the message in flight went twice: {copies:?}");
        assert_eq!(twice[0].1[0], in_flight[0].address);
        assert!(copies.values().all(|to| to.iter().all(|a| a == &to[0])));
        let _ = server.kill();
        let _ = server.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_relay_down_mail_waits_and_goes_out_when_it_returns_and_a_refusal_is_recorded() {
    for db in TestDb::all().await {
        let label = db.backend().name();
        let dir = tempdir();
        let port = free_port();
        with_address(&db, "kim", &[Role::Evaluator], "kim@univ.ac.kr").await;
        with_address(&db, "ghost", &[Role::Evaluator], "reject-me@univ.ac.kr").await;
        let store = &db.store;
        let (mut server, _) = serve(&db, port);
        store
            .open_round(&round_open_until(2027, Day::ymd(2027, 3, 31)), &Call::new(2027), &SETUP)
            .await
            .unwrap();
        let letter = mail::announcement(2027, "평가 일정", "1월 둘째 주").unwrap();
        store
            .announce(&[sandan_store::mail::Audience::Role("evaluator")], &letter, &SETUP)
            .await
            .unwrap();
        until("failed attempts", async || {
            store
                .outbox(None, 10)
                .await
                .unwrap()
                .iter()
                .all(|m| m.attempts >= 1 && m.status == Status::Queued && m.last_error.is_some())
        })
        .await;

        let relay = Relay::start(port, &dir.join("mail.jsonl"), 0.0);
        until("delivery once the relay is back", async || relay.received().len() == 1).await;
        until("the refusal", async || {
            store.outbox(Some(Status::Failed), 10).await.unwrap().len() == 1
        })
        .await;
        let all = store.outbox(None, 10).await.unwrap();
        let kim = all.iter().find(|m| m.address == "kim@univ.ac.kr").unwrap();
        assert_eq!(kim.status, Status::Sent, "{label}");
        assert!(kim.attempts >= 2);
        let ghost = all.iter().find(|m| m.address == "reject-me@univ.ac.kr").unwrap();
        assert!(
            ghost.last_error.as_deref().unwrap_or_default().contains("550"),
            "{:?}",
            ghost.last_error
        );
        assert_eq!(relay.received()[0]["to"][0], "kim@univ.ac.kr");
        let _ = server.kill();
        let _ = server.wait();
    }
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sandan-mail-{}", sandan_store::secrets::new_token()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
