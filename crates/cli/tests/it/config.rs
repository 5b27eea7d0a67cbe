//! The configuration an IT team writes: `sandan config check` shows each effective value with
//! where it came from (the database password masked) and lists every problem; `serve` refuses a
//! configuration with a problem; built-in TLS serves https and takes a renewed certificate on
//! SIGHUP without a restart.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sandan_store::testing::TestDb;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

use crate::common;
use common::{stderr, stdout};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sandan-cli-config-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `sandan --config FILE ARGS…` with none of the settings' variables from the test's own
/// environment.
fn sandan_with(config: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sandan"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("SANDAN_")) {
        command.env_remove(name);
    }
    command
        .arg("--config")
        .arg(config)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run sandan")
}

#[test]
fn config_check_shows_each_value_and_its_origin_and_creates_nothing() {
    let dir = temp_dir("check");
    let data = dir.join("data");
    let config = dir.join("sandan.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = \"{}\"\n[server]\naddr = \"127.0.0.1:9000\"\ntrusted_proxies = [\"127.0.0.1\"]\n",
            data.display()
        ),
    )
    .unwrap();
    let o = sandan_with(
        &config,
        &["config", "check", "--addr", "127.0.0.1:9001"],
        &[("SANDAN_PUBLIC_URL", "https://sandan.example.go.kr")],
    );
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let line = |name: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no line for {name}: {out}"))
            .to_string()
    };
    assert!(
        line("server.addr").contains("127.0.0.1:9001") && line("server.addr").ends_with("명령줄"),
        "{out}"
    );
    assert!(
        line("server.public_url").ends_with("환경 변수 SANDAN_PUBLIC_URL"),
        "{out}"
    );
    assert!(line("server.trusted_proxies").ends_with("설정 파일"), "{out}");
    assert!(
        line("database.url").contains(&format!("sqlite://{}/sandan.db", data.display())),
        "{out}"
    );
    assert!(line("database.url").ends_with("기본값"), "{out}");
    assert!(out.contains("아직 없습니다. 처음 시작할 때 만듭니다"), "{out}");
    assert!(out.contains("문제 없음"), "{out}");
    assert!(!data.exists(), "a check makes no database");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn config_check_masks_the_database_password_and_reads_the_schema() {
    let Ok(admin) = std::env::var("SANDAN_TEST_POSTGRES_URL") else {
        return;
    };
    let db = TestDb::postgres(&admin).await;
    // postgres trusts local connections here, so the password is never checked, only shown.
    let with_password = db.url.replacen("postgres@", "postgres:s3cret-word@", 1);
    let dir = temp_dir("mask");
    let config = dir.join("sandan.toml");
    std::fs::write(&config, format!("[database]\nurl = \"{with_password}\"\n")).unwrap();
    let o = sandan_with(&config, &["config", "check"], &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("s3cret-word"), "{out}");
    assert!(out.contains("postgres:***@"), "{out}");
    assert!(
        out.contains(&format!("구조 {}번 (이 sandan과 같음)", sandan_store::SCHEMA_VERSION)),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn config_check_lists_every_problem_and_fails() {
    let dir = temp_dir("problems");
    let config = dir.join("sandan.toml");
    std::fs::write(
        &config,
        "[server]\naddr = \"localhost\"\ntrusted_proxy = [\"10.0.0.1\"]\n[log]\nformat = \"xml\"\n[tls]\ncertificate = \"/nonexistent/cert.pem\"\nprivate_key = \"/nonexistent/key.pem\"\n",
    )
    .unwrap();
    let o = sandan_with(
        &config,
        &["config", "check"],
        &[("SANDAN_DATA_DIR", dir.to_str().unwrap())],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("문제 4건"), "{out}");
    for expected in [
        "server.addr",
        "'server.trusted_proxy'은(는) 알 수 없는 설정",
        "text 또는 json",
        "인증서 /nonexistent/cert.pem을(를) 읽을 수 없습니다: 파일이 없습니다",
    ] {
        assert!(out.contains(expected), "{expected:?} missing: {out}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn serve_refuses_a_configuration_with_a_problem_before_touching_the_database() {
    let dir = temp_dir("refuse");
    let config = dir.join("sandan.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = \"{}\"\n[server]\npublic_url = \"sandan.go.kr\"\n",
            dir.join("data").display()
        ),
    )
    .unwrap();
    let o = sandan_with(&config, &["serve"], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("설정에 문제가 있어 시작하지 않습니다"), "{err}");
    assert!(err.contains("https://로 시작해야"), "{err}");
    assert!(!dir.join("data").exists(), "no database was made");
    std::fs::remove_dir_all(&dir).ok();
}

fn certificate() -> rcgen::CertifiedKey {
    rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).expect("a self-signed certificate")
}

fn write_certificate(dir: &Path, key: &rcgen::CertifiedKey) {
    std::fs::write(dir.join("cert.pem"), key.cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), key.key_pair.serialize_pem()).unwrap();
}

/// `GET /health` over TLS, trusting only `trusted`; Err when the handshake fails.
async fn health_over_tls(addr: &str, trusted: &rcgen::CertifiedKey) -> Result<String, std::io::Error> {
    let mut roots = RootCertStore::empty();
    roots.add(trusted.cert.der().clone()).unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let client = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(addr).await?;
    let mut tls = TlsConnector::from(Arc::new(client))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await?;
    tls.write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await?;
    let mut response = String::new();
    tls.read_to_string(&mut response).await?;
    Ok(response)
}

#[tokio::test]
async fn built_in_tls_serves_https_and_takes_a_renewed_certificate_on_sighup() {
    let db = TestDb::sqlite().await;
    let dir = temp_dir("tls");
    let (first, renewed) = (certificate(), certificate());
    write_certificate(&dir, &first);
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let (mut child, base) = common::serve(
        &db.url,
        &[
            ("SANDAN_TLS_CERTIFICATE", cert.to_str().unwrap()),
            ("SANDAN_TLS_PRIVATE_KEY", key.to_str().unwrap()),
        ],
        Stdio::null(),
    );
    let addr = base
        .strip_prefix("https://")
        .unwrap_or_else(|| panic!("an https address: {base}"));
    let answer = health_over_tls(addr, &first)
        .await
        .expect("https with the first certificate");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        health_over_tls(addr, &renewed).await.is_err(),
        "not yet the renewed one"
    );

    // A plain-HTTP client gets no page: the port speaks TLS only.
    let plain = reqwest::get(format!("http://{addr}/health")).await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());

    write_certificate(&dir, &renewed);
    let hangup = |pid: u32| Command::new("kill").args(["-HUP", &pid.to_string()]).status().unwrap();
    assert!(hangup(child.id()).success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while health_over_tls(addr, &renewed).await.is_err() {
        assert!(
            Instant::now() < deadline,
            "the renewed certificate was not served after SIGHUP"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        health_over_tls(addr, &first).await.is_err(),
        "the old certificate is gone"
    );

    // A renewal that does not load leaves the working certificate in place.
    std::fs::write(&key, "not a key").unwrap();
    assert!(hangup(child.id()).success());
    tokio::time::sleep(Duration::from_millis(500)).await;
    let answer = health_over_tls(addr, &renewed)
        .await
        .expect("still the renewed certificate");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(child.try_wait().unwrap().is_none(), "the server is still running");
    child.kill().ok();
    child.wait().ok();
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn sighup_without_built_in_tls_leaves_the_server_running() {
    let db = TestDb::sqlite().await;
    let (mut child, base) = common::serve(&db.url, &[], Stdio::null());
    assert!(
        Command::new("kill")
            .args(["-HUP", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "systemctl reload must not stop the service"
    );
    assert_eq!(reqwest::get(format!("{base}/health")).await.unwrap().status(), 200);
    child.kill().ok();
    child.wait().ok();
}
