use std::path::PathBuf;

use super::*;

/// A configuration file with `text`, in a folder of its own.
fn file(text: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sandan-config-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("sandan.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn load(text: &str, flags: &[(&'static Key, &str)], env: &[(&str, &str)]) -> Config {
    let flags = Flags {
        config: Some(file(text)),
        values: flags.iter().map(|(k, v)| (*k, v.to_string())).collect(),
    };
    Config::load(&flags, |name| {
        env.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    })
}

impl Config {
    /// A setting's value as given (None when left to its default).
    fn given(&self, key: &Key) -> Option<&Value> {
        self.values
            .iter()
            .find(|(k, _)| k.name == key.name)
            .and_then(|(_, v)| v.as_ref())
    }
}

const FULL: &str = r#"
data_dir = "/var/lib/sandan"

[server]
addr = "127.0.0.1:9000"
public_url = "https://sandan.example.go.kr/"
trusted_proxies = ["127.0.0.1", "10.0.0.0/8"]
metrics_from = ["10.1.0.0/16"]

[database]
max_connections = 32

[log]
format = "json"
level = "warn"
"#;

#[test]
fn the_file_gives_every_setting_it_names() {
    let config = load(FULL, &[], &[]);
    assert!(config.problems.is_empty(), "{:?}", config.problems);
    let s = &config.settings;
    assert_eq!(s.addr, "127.0.0.1:9000");
    assert_eq!(s.deployment.public_url.as_deref(), Some("https://sandan.example.go.kr"));
    assert_eq!(s.deployment.trusted_proxies.len(), 2);
    assert_eq!(s.deployment.metrics_from[0].to_string(), "10.1.0.0/16");
    assert_eq!(s.max_connections, Some(32));
    assert!(s.log_json);
    assert_eq!(s.log_level, "warn");
    assert_eq!(
        s.database_url, "sqlite:///var/lib/sandan/sandan.db",
        "the SQLite file lives in data_dir"
    );
    assert_eq!(config.given(&ADDR).unwrap().origin, Origin::File);
}

#[test]
fn a_flag_wins_over_the_environment_and_the_environment_over_the_file() {
    let config = load(
        FULL,
        &[(&ADDR, "127.0.0.1:7000")],
        &[("SANDAN_ADDR", "127.0.0.1:8000"), ("SANDAN_LOG_FORMAT", "text")],
    );
    assert_eq!(config.settings.addr, "127.0.0.1:7000");
    assert_eq!(config.given(&ADDR).unwrap().origin, Origin::Flag);
    assert!(!config.settings.log_json, "the environment's text over the file's json");
    assert_eq!(config.given(&LOG_FORMAT).unwrap().origin, Origin::Environment);
    assert_eq!(config.given(&LOG_LEVEL).unwrap().origin, Origin::File);
}

#[test]
fn an_empty_variable_counts_as_unset() {
    let config = load(FULL, &[], &[("SANDAN_ADDR", "  ")]);
    assert_eq!(config.settings.addr, "127.0.0.1:9000");
}

#[test]
fn without_a_file_the_defaults_run_on_a_sqlite_file_in_the_working_folder() {
    let config = load("", &[], &[]);
    assert!(config.problems.is_empty(), "{:?}", config.problems);
    assert_eq!(config.settings.database_url, "sqlite://sandan-data/sandan.db");
    assert_eq!(config.settings.addr, "127.0.0.1:8080");
    assert!(config.given(&ADDR).is_none());
    assert_eq!(config.settings.tls, None);
}

#[test]
fn every_problem_is_listed_in_korean_not_only_the_first() {
    let config = load(
        r#"
trusted_proxy = ["127.0.0.1"]
[server]
addr = "localhost"
public_url = "ftp://x"
metrics_from = ["10.0.0.300"]
trusted_proxies = "127.0.0.1"
[database]
max_connections = "many"
[log]
format = "xml"
level = "sandan=loud"
[tls]
certificate = "/etc/sandan/cert.pem"
"#,
        &[],
        &[],
    );
    let all = config.problems.join("\n");
    for expected in [
        "'trusted_proxy'은(는) 알 수 없는 설정입니다",
        "server.addr",
        "IP 주소:포트",
        "https://로 시작",
        "10.0.0.300",
        "database.max_connections",
        "정수여야",
        "text 또는 json",
        "log.level",
        "개인 키가 없습니다",
    ] {
        assert!(all.contains(expected), "{expected:?} is missing from:\n{all}");
    }
    assert_eq!(config.problems.len(), 8, "{all}");
    assert_eq!(
        config.settings.deployment.trusted_proxies.len(),
        1,
        "a single string is read as a one-entry list"
    );
}

#[test]
fn a_file_that_is_not_toml_is_refused_with_its_line() {
    let config = load("[server]\naddr = 127.0.0.1:8080\n", &[], &[]);
    assert_eq!(config.problems.len(), 1, "{:?}", config.problems);
    assert!(config.problems[0].contains("2행"), "{}", config.problems[0]);
    assert!(config.problems[0].contains("따옴표"), "{}", config.problems[0]);
}

#[test]
fn a_value_of_the_wrong_kind_is_named() {
    let config = load("[server]\naddr = 8080\ntrusted_proxies = [1, 2]\n", &[], &[]);
    let all = config.problems.join("\n");
    assert!(all.contains("'server.addr'은(는) 따옴표로 감싼 문자열"), "{all}");
    assert!(all.contains("'server.trusted_proxies'은(는) 문자열 목록"), "{all}");
}

#[test]
fn a_named_file_that_is_missing_is_a_problem() {
    let flags = Flags {
        config: Some(PathBuf::from("/nonexistent/sandan.toml")),
        values: vec![],
    };
    let config = Config::load(&flags, |_| None);
    assert_eq!(config.problems.len(), 1);
    assert!(config.problems[0].contains("파일이 없습니다"), "{}", config.problems[0]);
}

#[test]
fn the_environment_names_the_file_when_no_flag_does() {
    let path = file("[server]\naddr = \"127.0.0.1:9100\"\n");
    let config = Config::load(&Flags::default(), |name| {
        (name == "SANDAN_CONFIG").then(|| path.display().to_string())
    });
    assert_eq!(config.file.as_deref(), Some(path.as_path()));
    assert_eq!(config.settings.addr, "127.0.0.1:9100");
}

#[test]
fn a_mail_relay_needs_a_usable_address_and_a_sender() {
    let config = load(
        r#"
[mail]
smtp_url = "smtps://sandan:s3cret@relay.example.go.kr:465"
from = "산업단지 대개조 <noreply@sandan.example.go.kr>"
retry_seconds = 30
"#,
        &[],
        &[],
    );
    assert!(config.problems.is_empty(), "{:?}", config.problems);
    let relay = config.settings.deployment.mail.as_ref().unwrap();
    assert_eq!((relay.retry_seconds, relay.timeout_seconds), (30, 30));
    assert!(
        !format!("{relay:?}").contains("s3cret"),
        "the password never reaches a log line"
    );

    let config = load("[mail]\nsmtp_url = \"smtp://127.0.0.1:25\"\n", &[], &[]);
    assert!(
        config.problems.join("\n").contains("보내는 사람도 적으십시오"),
        "{:?}",
        config.problems
    );
    let config = load(
        "[mail]\nsmtp_url = \"pop3://relay\"\nfrom = \"noreply\"\ntimeout_seconds = 0\n",
        &[],
        &[],
    );
    let all = config.problems.join("\n");
    assert!(all.contains("메일 서버 주소 'pop3://relay'를 쓸 수 없습니다"), "{all}");
    assert!(all.contains("1에서 86400 사이"), "{all}");
    assert!(config.settings.deployment.mail.is_none());
    assert!(
        load("", &[], &[]).settings.deployment.mail.is_none(),
        "no relay, no mail sent"
    );
}

#[test]
fn a_document_directory_is_a_folder_given_by_file_or_environment() {
    let config = load("[documents]\ndirectory = \"/var/lib/sandan/documents\"\n", &[], &[]);
    assert!(config.problems.is_empty(), "{:?}", config.problems);
    assert_eq!(
        config.settings.documents_directory,
        Some(PathBuf::from("/var/lib/sandan/documents"))
    );
    let from_env = load("", &[], &[("SANDAN_DOCUMENTS_DIRECTORY", "/srv/documents")]);
    assert_eq!(
        from_env.settings.documents_directory,
        Some(PathBuf::from("/srv/documents"))
    );
    assert_eq!(
        load("", &[], &[]).settings.documents_directory,
        None,
        "the database by default"
    );
    let not_a_folder = file("");
    let config = load(
        &format!("[documents]\ndirectory = \"{}\"\n", not_a_folder.display()),
        &[],
        &[],
    );
    assert!(
        config
            .problems
            .iter()
            .any(|p| p.contains("documents.directory") && p.contains("폴더가 아닙니다")),
        "{:?}",
        config.problems
    );
}

#[test]
fn the_retention_of_filers_data_is_a_number_of_years_within_bounds() {
    let config = load("[grievances]\nretention_years = 5\n", &[], &[]);
    assert!(config.problems.is_empty(), "{:?}", config.problems);
    assert_eq!(config.settings.deployment.retention_years, Some(5));
    assert_eq!(
        load("", &[], &[]).settings.deployment.retention_years,
        None,
        "the default"
    );
    for bad in ["0", "11", "삼년"] {
        let config = load("", &[], &[("SANDAN_GRIEVANCES_RETENTION_YEARS", bad)]);
        assert!(
            config
                .problems
                .iter()
                .any(|p| p.contains("grievances.retention_years") && p.contains("1에서 10 사이")),
            "{bad}: {:?}",
            config.problems
        );
    }
}
