//! 설정: one place for every setting of a deployment. Each setting has a name in the TOML file,
//! an environment variable and, for the ones an operator changes at the command line, a flag;
//! the flag wins over the environment, the environment over the file, the file over the
//! built-in default. Every problem is collected (not only the first), in Korean, so
//! `sandan config check` can list them all and `serve` refuses to start on any of them.

mod check;
mod file;

use std::path::{Path, PathBuf};

use sandan_domain::grievance::MAX_RETENTION_YEARS;
use sandan_web::{Deployment, networks};

pub use check::check;

/// Read when neither `--config` nor `SANDAN_CONFIG` names a file, if it exists.
pub const DEFAULT_FILE: &str = "/etc/sandan/sandan.toml";

/// How a setting is written in the file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    Text,
    /// An array of strings in the file; commas between entries in a variable or flag.
    List,
    Number,
}

/// One setting: its name in the file (`section.key`), its environment variable, its shape and
/// what it is, in Korean.
#[derive(Debug)]
pub struct Key {
    pub name: &'static str,
    pub env: &'static str,
    pub shape: Shape,
    pub about: &'static str,
    /// A value that must not be shown whole (a password in the database address).
    pub secret: bool,
}

const fn key(name: &'static str, env: &'static str, shape: Shape, about: &'static str) -> Key {
    Key {
        name,
        env,
        shape,
        about,
        secret: false,
    }
}

pub const DATA_DIR: Key = key(
    "data_dir",
    "SANDAN_DATA_DIR",
    Shape::Text,
    "자료 폴더 (기본 SQLite 파일의 위치)",
);
pub const ADDR: Key = key("server.addr", "SANDAN_ADDR", Shape::Text, "수신 주소");
pub const PUBLIC_URL: Key = key("server.public_url", "SANDAN_PUBLIC_URL", Shape::Text, "공개 주소");
pub const TRUSTED_PROXIES: Key = key(
    "server.trusted_proxies",
    "SANDAN_TRUSTED_PROXIES",
    Shape::List,
    "신뢰할 프록시",
);
pub const METRICS_FROM: Key = key(
    "server.metrics_from",
    "SANDAN_METRICS_FROM",
    Shape::List,
    "운영 지표를 볼 주소",
);
pub const WEB_DIR: Key = key("server.web_dir", "SANDAN_WEB_DIR", Shape::Text, "웹 자산 폴더");
pub const DATABASE_URL: Key = Key {
    secret: true,
    ..key("database.url", "SANDAN_DATABASE_URL", Shape::Text, "데이터베이스 주소")
};
pub const MAX_CONNECTIONS: Key = key(
    "database.max_connections",
    "SANDAN_DATABASE_MAX_CONNECTIONS",
    Shape::Number,
    "데이터베이스 연결 수",
);
pub const DOCUMENTS_DIRECTORY: Key = key(
    "documents.directory",
    "SANDAN_DOCUMENTS_DIRECTORY",
    Shape::Text,
    "제출 문서 저장 폴더 (없으면 데이터베이스)",
);
pub const LOG_FORMAT: Key = key("log.format", "SANDAN_LOG_FORMAT", Shape::Text, "기록 형식 (text, json)");
pub const LOG_LEVEL: Key = key("log.level", "SANDAN_LOG", Shape::Text, "기록 수준");
pub const TLS_CERTIFICATE: Key = key(
    "tls.certificate",
    "SANDAN_TLS_CERTIFICATE",
    Shape::Text,
    "TLS 인증서 (PEM)",
);
pub const TLS_PRIVATE_KEY: Key = key(
    "tls.private_key",
    "SANDAN_TLS_PRIVATE_KEY",
    Shape::Text,
    "TLS 개인 키 (PEM)",
);

pub const MAIL_SMTP_URL: Key = Key {
    secret: true,
    ..key("mail.smtp_url", "SANDAN_MAIL_SMTP_URL", Shape::Text, "메일 서버 (SMTP)")
};
pub const MAIL_FROM: Key = key("mail.from", "SANDAN_MAIL_FROM", Shape::Text, "보내는 사람");
pub const MAIL_RETRY_SECONDS: Key = key(
    "mail.retry_seconds",
    "SANDAN_MAIL_RETRY_SECONDS",
    Shape::Number,
    "첫 재시도까지 초",
);
pub const MAIL_TIMEOUT_SECONDS: Key = key(
    "mail.timeout_seconds",
    "SANDAN_MAIL_TIMEOUT_SECONDS",
    Shape::Number,
    "메일 서버 응답 제한 초",
);

pub const RETENTION_YEARS: Key = key(
    "grievances.retention_years",
    "SANDAN_GRIEVANCES_RETENTION_YEARS",
    Shape::Number,
    "애로사항 신청인 정보 보존 연수 (답변 후)",
);

/// Every setting, in the order `config check` lists them.
pub const KEYS: [&Key; 18] = [
    &DATA_DIR,
    &DATABASE_URL,
    &MAX_CONNECTIONS,
    &DOCUMENTS_DIRECTORY,
    &ADDR,
    &PUBLIC_URL,
    &TRUSTED_PROXIES,
    &METRICS_FROM,
    &WEB_DIR,
    &LOG_FORMAT,
    &LOG_LEVEL,
    &TLS_CERTIFICATE,
    &TLS_PRIVATE_KEY,
    &MAIL_SMTP_URL,
    &MAIL_FROM,
    &MAIL_RETRY_SECONDS,
    &MAIL_TIMEOUT_SECONDS,
    &RETENTION_YEARS,
];

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Environment,
    File,
    Default,
}

impl Origin {
    pub fn korean(&self, key: &Key) -> String {
        match self {
            Origin::Flag => "명령줄".into(),
            Origin::Environment => format!("환경 변수 {}", key.env),
            Origin::File => "설정 파일".into(),
            Origin::Default => "기본값".into(),
        }
    }
}

/// A setting's value as text (a list joined with ", ") and where it came from.
#[derive(Clone, Debug)]
pub struct Value {
    pub text: String,
    pub origin: Origin,
}

/// What the command line gave, before the environment and the file are consulted.
#[derive(Default)]
pub struct Flags {
    pub config: Option<PathBuf>,
    /// (setting, value) for each flag given.
    pub values: Vec<(&'static Key, String)>,
}

/// The built-in TLS's two files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    pub certificate: PathBuf,
    pub private_key: PathBuf,
}

/// The settings a command runs with, each already checked.
#[derive(Debug)]
pub struct Settings {
    pub database_url: String,
    pub max_connections: Option<u32>,
    /// Where document files go instead of the database.
    pub documents_directory: Option<PathBuf>,
    pub addr: String,
    pub deployment: Deployment,
    pub web_dir: Option<PathBuf>,
    pub log_json: bool,
    pub log_level: String,
    pub tls: Option<TlsFiles>,
}

/// The settings, the file they were read from, each value's origin and every problem found.
#[derive(Debug)]
pub struct Config {
    pub file: Option<PathBuf>,
    pub values: Vec<(&'static Key, Option<Value>)>,
    pub settings: Settings,
    pub problems: Vec<String>,
}

impl Config {
    /// Reads the file (`flags.config`, else `SANDAN_CONFIG`, else [`DEFAULT_FILE`] when it
    /// exists) and combines it with the environment (`env`) and the flags.
    pub fn load(flags: &Flags, env: impl Fn(&str) -> Option<String>) -> Config {
        let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let mut problems = Vec::new();
        let named = flags.config.clone().or_else(|| env("SANDAN_CONFIG").map(PathBuf::from));
        let path = named.clone().or_else(|| {
            let default = PathBuf::from(DEFAULT_FILE);
            default.is_file().then_some(default)
        });
        let from_file = match &path {
            Some(path) => file::read(path, &mut problems),
            None => Default::default(),
        };
        let values: Vec<_> = KEYS
            .into_iter()
            .map(|key| {
                let flag = flags.values.iter().find(|(k, _)| k.name == key.name);
                let value = flag
                    .map(|(_, v)| Value {
                        text: v.clone(),
                        origin: Origin::Flag,
                    })
                    .or_else(|| {
                        env(key.env).map(|text| Value {
                            text,
                            origin: Origin::Environment,
                        })
                    })
                    .or_else(|| {
                        from_file.get(key.name).map(|text| Value {
                            text: text.clone(),
                            origin: Origin::File,
                        })
                    });
                (key, value)
            })
            .collect();
        let settings = Settings::from_values(&values, &mut problems);
        Config {
            file: path,
            values,
            settings,
            problems,
        }
    }
}

impl Settings {
    fn from_values(values: &[(&'static Key, Option<Value>)], problems: &mut Vec<String>) -> Settings {
        let text = |key: &Key| {
            values
                .iter()
                .find(|(k, _)| k.name == key.name)
                .and_then(|(_, v)| v.as_ref())
                .map(|v| v.text.trim().to_string())
        };
        let mut problem =
            |key: &Key, message: String| problems.push(format!("{} ({}): {message}", key.name, key.about));

        let data_dir = text(&DATA_DIR).unwrap_or_else(|| "sandan-data".into());
        let database_url = text(&DATABASE_URL)
            .unwrap_or_else(|| format!("sqlite://{}", Path::new(&data_dir).join("sandan.db").display()));
        if let Err(e) = sandan_store::Backend::of_url(&database_url) {
            problem(&DATABASE_URL, e.to_string());
        }
        let max_connections = text(&MAX_CONNECTIONS).and_then(|n| match n.parse::<u32>() {
            Ok(n) if (1..=1000).contains(&n) => Some(n),
            _ => {
                problem(
                    &MAX_CONNECTIONS,
                    format!("'{n}'은(는) 1에서 1000 사이의 정수여야 합니다."),
                );
                None
            }
        });
        let documents_directory = text(&DOCUMENTS_DIRECTORY).map(PathBuf::from);
        if let Some(dir) = &documents_directory
            && dir.exists()
            && !dir.is_dir()
        {
            problem(
                &DOCUMENTS_DIRECTORY,
                format!(
                    "'{}'은(는) 폴더가 아닙니다. 제출 문서를 둘 폴더를 지정하십시오.",
                    dir.display()
                ),
            );
        }
        let addr = text(&ADDR).unwrap_or_else(|| "127.0.0.1:8080".into());
        if addr.parse::<std::net::SocketAddr>().is_err() {
            problem(
                &ADDR,
                format!("'{addr}'은(는) IP 주소:포트 형식이어야 합니다 (예: 127.0.0.1:8080, 0.0.0.0:443)."),
            );
        }
        let public_url = Deployment::public_url(&text(&PUBLIC_URL).unwrap_or_default()).unwrap_or_else(|e| {
            problem(&PUBLIC_URL, e);
            None
        });
        let mut list = |key: &Key| {
            networks(text(key).unwrap_or_default().split(','), key.about).unwrap_or_else(|e| {
                problem(key, e);
                Vec::new()
            })
        };
        let trusted_proxies = list(&TRUSTED_PROXIES);
        let metrics_from = list(&METRICS_FROM);
        let web_dir = text(&WEB_DIR).map(PathBuf::from);
        if let Some(dir) = &web_dir
            && !dir.join("static").is_dir()
        {
            problem(
                &WEB_DIR,
                format!(
                    "'{}'에 static 폴더가 없습니다. 패키지가 설치한 /usr/share/sandan/web처럼 웹 자산이 있는 폴더를 지정하십시오.",
                    dir.display()
                ),
            );
        }
        let log_json = match text(&LOG_FORMAT).as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => {
                problem(
                    &LOG_FORMAT,
                    format!("'{other}'은(는) 쓸 수 없습니다. text 또는 json으로 쓰십시오."),
                );
                false
            }
        };
        let log_level = text(&LOG_LEVEL).unwrap_or_else(|| "info".into());
        if tracing_subscriber::EnvFilter::try_new(&log_level).is_err() {
            problem(
                &LOG_LEVEL,
                format!(
                    "'{log_level}'을(를) 읽을 수 없습니다. error, warn, info, debug 중 하나나 sandan=debug,info처럼 쓰십시오."
                ),
            );
        }
        let tls = match (text(&TLS_CERTIFICATE), text(&TLS_PRIVATE_KEY)) {
            (Some(certificate), Some(private_key)) => Some(TlsFiles {
                certificate: certificate.into(),
                private_key: private_key.into(),
            }),
            (None, None) => None,
            (Some(_), None) => {
                problem(
                    &TLS_PRIVATE_KEY,
                    "인증서만 있고 개인 키가 없습니다. 둘 다 쓰거나 둘 다 비우십시오.".into(),
                );
                None
            }
            (None, Some(_)) => {
                problem(
                    &TLS_CERTIFICATE,
                    "개인 키만 있고 인증서가 없습니다. 둘 다 쓰거나 둘 다 비우십시오.".into(),
                );
                None
            }
        };
        let retention_years = text(&RETENTION_YEARS).and_then(|n| match n.parse::<u32>() {
            Ok(n) if (1..=MAX_RETENTION_YEARS).contains(&n) => Some(n),
            _ => {
                problem(
                    &RETENTION_YEARS,
                    format!("'{n}'은(는) 1에서 {MAX_RETENTION_YEARS} 사이의 햇수여야 합니다."),
                );
                None
            }
        });
        let mut seconds = |key: &Key, default: u64| match text(key) {
            None => default,
            Some(n) => match n.parse::<u64>() {
                Ok(n) if (1..=86_400).contains(&n) => n,
                _ => {
                    problem(key, format!("'{n}'은(는) 1에서 86400 사이의 초여야 합니다."));
                    default
                }
            },
        };
        let retry_seconds = seconds(&MAIL_RETRY_SECONDS, 60);
        let timeout_seconds = seconds(&MAIL_TIMEOUT_SECONDS, 30);
        let mail = match (text(&MAIL_SMTP_URL), text(&MAIL_FROM)) {
            (None, _) => None,
            (Some(_), None) => {
                problem(
                    &MAIL_FROM,
                    "메일 서버를 쓰려면 보내는 사람도 적으십시오 (예: 산업단지 대개조 <noreply@example.go.kr>).".into(),
                );
                None
            }
            (Some(url), Some(from)) => {
                let relay = sandan_web::mail::Relay {
                    url,
                    from,
                    retry_seconds,
                    timeout_seconds,
                };
                match relay.check() {
                    Ok(()) => Some(relay),
                    Err(e) => {
                        problem(&MAIL_SMTP_URL, e);
                        None
                    }
                }
            }
        };
        Settings {
            database_url,
            max_connections,
            documents_directory,
            addr,
            deployment: Deployment {
                public_url,
                trusted_proxies,
                metrics_from,
                mail,
                retention_years,
            },
            web_dir,
            log_json,
            log_level,
            tls,
        }
    }
}

#[cfg(test)]
mod tests;
