//! The `sandan` command: serve the product, migrate the database, import and export the record,
//! back up and restore the whole database, verify the audit trail, write official documents,
//! generate synthetic data for benchmarks, load a labelled demo.

mod config;
mod demo;
mod generate;
mod registry;
mod report;
mod users;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use sandan_domain::Record;
use sandan_store::{Change, Store};
use sandan_web::{AppState, Assets};

use config::{Config, Flags, Settings};

#[derive(Parser)]
#[command(name = "sandan", version, about = "산업단지 대개조 사업 운영 플랫폼 (Sandan)")]
struct Cli {
    /// 설정 파일 (TOML) [환경 변수 SANDAN_CONFIG]. 지정하지 않으면 /etc/sandan/sandan.toml이 있을 때 읽습니다. 우선순위: 명령줄 > 환경 변수 > 설정 파일 > 기본값
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// 데이터베이스 주소 [환경 변수 SANDAN_DATABASE_URL, 설정 database.url]: sqlite://파일경로 (파일과 폴더가 없으면 만듭니다) 또는 postgres://사용자@호스트:포트/DB. 기본값 sqlite://sandan-data/sandan.db
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// The flags of `serve` (and of `config check`, to check the same command line).
#[derive(clap::Args, Default)]
struct ServerFlags {
    /// 수신 주소 [SANDAN_ADDR, server.addr] (포트 0이면 빈 포트를 고릅니다). 기본값 127.0.0.1:8080
    #[arg(long)]
    addr: Option<String>,
    /// 공개 주소 [SANDAN_PUBLIC_URL, server.public_url] (예: https://sandan.example.go.kr). https이면 쿠키에 Secure와 __Host-를 붙이고 HSTS를 보내며, 프록시가 넘긴 http 요청은 https로 보냅니다
    #[arg(long)]
    public_url: Option<String>,
    /// X-Forwarded-For·X-Forwarded-Proto·Forwarded를 믿을 프록시의 주소 [SANDAN_TRUSTED_PROXIES, server.trusted_proxies] (CIDR, 쉼표로 구분; 예: 127.0.0.1,10.0.0.0/8). 다른 곳에서 온 이 머리글은 무시합니다
    #[arg(long)]
    trusted_proxies: Option<String>,
    /// /metrics(Prometheus)를 볼 수 있는 주소 [SANDAN_METRICS_FROM, server.metrics_from] (CIDR, 쉼표로 구분). 비워 두면 이 기계(루프백)만
    #[arg(long)]
    metrics_from: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// 웹 서비스를 시작합니다 (처음 실행하면 번들 자료를 적재합니다).
    Serve(ServerFlags),
    /// 설정을 다룹니다.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// 데이터베이스 구조를 최신으로 맞춥니다.
    Migrate,
    /// 기록 파일(JSON)로 전체 기록을 바꿉니다. 검사에서 문제가 나오면 아무것도 바꾸지 않습니다.
    Import {
        /// 가져올 파일 (sandan export 형식)
        file: PathBuf,
    },
    /// 전체 기록을 JSON으로 내보냅니다.
    Export {
        /// 저장할 파일 (생략하면 표준 출력)
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// 사용자와 역할을 관리합니다 (첫 관리자: sandan users add --role program-office …).
    Users {
        #[command(subcommand)]
        command: users::UsersCommand,
    },
    /// 운영 중인 데이터베이스 전체를 한 시점 그대로 파일로 백업합니다 (백업하는 동안 변경은 기다립니다).
    Backup {
        /// 저장할 파일 (생략하면 sandan-backup-날짜시각.jsonl)
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// 백업 파일을 빈 데이터베이스에 복원합니다 (SQLite 백업을 PostgreSQL로 옮길 수도 있습니다).
    Restore {
        /// sandan backup으로 만든 파일
        file: PathBuf,
    },
    /// 감사 기록을 다룹니다.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// 공식 문서(보도 참고자료, 지역 보고서, 전국 현황)를 HWPX·PDF·XLSX·CSV 파일로 만듭니다.
    Report(report::ReportArgs),
    /// 성능 시험용 합성 자료를 만들어 적재합니다 (기록과 패키지·성과 자료를 모두 바꿉니다).
    Generate(generate::GenerateArgs),
    /// 한국산업단지공단의 산업단지 현황 파일을 다룹니다.
    Registry {
        #[command(subcommand)]
        command: registry::RegistryCommand,
    },
    /// 시연용 합성 자료를 빈 데이터베이스에 적재하고 시연 계정(demo)의 새 비밀번호를 알려 줍니다. 실제 기록이 있는 데이터베이스는 거절합니다.
    Demo,
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// 실제로 쓰일 설정값과 그 출처(명령줄·환경 변수·설정 파일·기본값)를 보이고, 문제를 모두 찾아 알려 줍니다. 아무것도 바꾸지 않습니다.
    Check(ServerFlags),
}

#[derive(Subcommand)]
enum AuditCommand {
    /// 감사 기록의 해시 사슬을 처음부터 다시 계산해, 기록 후 바뀌거나 지워진 항목이 있는지 확인합니다.
    Verify,
}

// glibc's allocator gave a third of the server's time under load to malloc and free and kept
// freed memory in per-thread arenas; mimalloc does both better for many small short-lived
// allocations (see the deadline-week benchmark in the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(target_os = "linux")]
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Gives freed memory back at once and commits arena memory only as it is used: the server's
/// peak resident memory under the deadline-week load fell from about 140 MB to under 100 MB.
/// It runs as a constructor, before the first Rust allocation reserves mimalloc's first arena
/// (set in `main`, the arena is already committed). The numbers are mimalloc 3's `mi_option_e`
/// (libmimalloc-sys 0.1.49, c_src/mimalloc/v3/include/mimalloc.h).
#[cfg(target_os = "linux")]
extern "C" fn release_memory_promptly() {
    const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
    const PURGE_DELAY: std::ffi::c_int = 15;
    // SAFETY: mi_option_set only stores an option's value, and no other thread exists yet.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 0);
    }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static RELEASE_MEMORY_PROMPTLY: extern "C" fn() = release_memory_promptly;

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let config = Config::load(&cli.flags(), |name| std::env::var(name).ok());
    init_logs(&config.settings);
    let outcome = match &cli.command {
        Command::Config {
            command: ConfigCommand::Check(_),
        } => config::check(&config).await,
        _ if !config.problems.is_empty() => Err(anyhow::anyhow!(
            "설정에 문제가 있어 시작하지 않습니다 (sandan config check로 모두 볼 수 있습니다):\n  - {}",
            config.problems.join("\n  - ")
        )),
        _ => run(cli, config.settings).await,
    };
    if let Err(e) = outcome {
        eprintln!("오류: {}", said(&e));
        std::process::exit(1);
    }
}

/// The error and each of its causes once. Many errors already say their cause in their own
/// message ("데이터베이스 작업이 실패했습니다: …"), and anyhow's `{:#}` would say it again.
fn said(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain().map(ToString::to_string) {
        if !text.contains(&cause) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&cause);
        }
    }
    text
}

impl Cli {
    fn flags(&self) -> Flags {
        let mut values = Vec::new();
        if let Some(url) = &self.database_url {
            values.push((&config::DATABASE_URL, url.clone()));
        }
        let server = match &self.command {
            Command::Serve(server)
            | Command::Config {
                command: ConfigCommand::Check(server),
            } => Some(server),
            _ => None,
        };
        if let Some(server) = server {
            let given = [
                (&config::ADDR, &server.addr),
                (&config::PUBLIC_URL, &server.public_url),
                (&config::TRUSTED_PROXIES, &server.trusted_proxies),
                (&config::METRICS_FROM, &server.metrics_from),
            ];
            for (key, value) in given {
                if let Some(value) = value {
                    values.push((key, value.clone()));
                }
            }
        }
        Flags {
            config: self.config.clone(),
            values,
        }
    }
}

fn init_logs(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log_level).unwrap_or_else(|_| "info".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes are for a person at a terminal; in a journal, a file or a pipe they are
        // noise around every level.
        .with_ansi(std::io::stderr().is_terminal());
    // One JSON object per line for log collectors; the request's span (id, method, path) rides along.
    if settings.log_json {
        logs.json().with_current_span(true).init();
    } else {
        logs.init();
    }
}

async fn run(cli: Cli, settings: Settings) -> anyhow::Result<()> {
    let mut store = Store::connect_with(&settings.database_url, settings.max_connections).await?;
    if let Some(dir) = &settings.documents_directory {
        store = store.with_document_directory(dir)?;
    }
    store.migrate().await?;
    // Neither loads the bundled record: a check must look at the database as it is.
    match cli.command {
        Command::Config { .. } => return Ok(()),
        Command::Migrate => {
            println!("데이터베이스 구조가 최신입니다 ({}).", store.backend().name());
            return Ok(());
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => return verify_audit(&store).await,
        // Loading the bundled record first would make every fresh database look like the program's.
        Command::Generate(args) => return generate::run(&store, args, &now()).await,
        Command::Demo => return demo::run(&store, &now()).await,
        Command::Backup { output } => return backup(&store, output).await,
        Command::Restore { file } => return restore(&store, &file).await,
        _ => {}
    }
    let at = now();
    let bundled = Change {
        actor: "system:bundled-record",
        source: "system",
        at: &at,
    };
    if store.load_if_empty(&sandan_domain::bundled(), &bundled).await? {
        tracing::info!("처음 사용하는 데이터베이스라 번들 기록(data/record.json)을 적재했습니다");
    }
    match cli.command {
        Command::Migrate
        | Command::Config { .. }
        | Command::Audit { .. }
        | Command::Generate(_)
        | Command::Demo
        | Command::Backup { .. }
        | Command::Restore { .. } => Ok(()),
        Command::Serve(_) => {
            // Only serving fills the program list: export, import and users leave it as it is.
            let sourced = Change {
                actor: "system:sourced-programs",
                source: "system",
                at: &at,
            };
            if store
                .load_programs_if_empty(&sandan_domain::package::sourced_programs(), &sourced)
                .await?
            {
                tracing::info!("출처가 확인된 관계 부처 지원사업 목록을 적재했습니다");
            }
            serve(store, settings).await
        }
        Command::Import { file } => import(&store, &file).await,
        Command::Export { output } => export(&store, output.as_deref()).await,
        Command::Users { command } => users::run(&store, command, &at, jiff::Timestamp::now().as_second()).await,
        Command::Report(args) => report::run(&store, args, sandan_web::today()).await,
        Command::Registry { command } => {
            let by = Change {
                actor: "cli:registry",
                source: "cli",
                at: &at,
            };
            registry::run(&store, command, sandan_web::today(), &by).await
        }
    }
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

async fn serve(store: Store, settings: Settings) -> anyhow::Result<()> {
    let assets = settings
        .web_dir
        .map_or_else(Assets::locate, |web_dir| Assets { web_dir });
    if !assets.has_krds() {
        tracing::warn!(dir = %assets.krds_dir().display(), "KRDS 파일이 없습니다. ./run 이 web/ 에서 npm ci 로 설치합니다");
    }
    // Read before the port is taken, so a bad certificate stops the start with its reason.
    let certificates = match &settings.tls {
        Some(files) => Some(
            sandan_web::tls::Certificates::load(&files.certificate, &files.private_key).map_err(anyhow::Error::msg)?,
        ),
        None => None,
    };
    sandan_web::on_hangup(certificates.clone());
    let addr = &settings.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("주소 {addr}에서 접속을 받을 수 없습니다 (이미 사용 중이거나 이 기계의 주소가 아닙니다). --addr 127.0.0.1:8080처럼 지정하십시오"))?;
    let local = listener.local_addr()?;
    let scheme = if certificates.is_some() { "https" } else { "http" };
    // The first line of stdout is the address: the browser tests and scripts read it.
    println!("listening on {scheme}://{local}");
    tracing::info!(backend = store.backend().name(), "산단 서비스 시작: {scheme}://{local}");
    let state = AppState {
        store,
        deployment: std::sync::Arc::new(settings.deployment),
    };
    sandan_web::spawn_workers(state.clone());
    match state.deployment.mail.clone() {
        Some(relay) => {
            let site = state.deployment.public_url.clone().unwrap_or_else(|| {
                let site = format!("{scheme}://{local}");
                tracing::warn!(
                    "server.public_url이 없어 메일의 링크를 {site}(으)로 만듭니다. 사용자가 여는 주소를 server.public_url에 적으십시오"
                );
                site
            });
            tracing::info!(relay = ?relay, "메일 발송을 시작합니다");
            sandan_web::mail::spawn(state.clone(), relay, site);
        }
        None => tracing::info!("메일 서버(mail.smtp_url)가 설정되지 않아 메일은 발송함에서 기다립니다"),
    }
    match certificates {
        Some(certificates) => sandan_web::serve_tls(listener, certificates, state, &assets).await?,
        None => sandan_web::serve(listener, state, &assets).await?,
    }
    Ok(())
}

async fn import(store: &Store, file: &Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("파일 {}을(를) 읽을 수 없습니다", file.display()))?;
    let record: Record = match serde_json::from_str(&text) {
        Ok(r) => r,
        Err(e) => bail!(
            "{}의 {}행 {}열이 기록 형식에 맞지 않습니다: {e}. sandan export로 만든 파일의 형식을 따라 주십시오. 아무것도 바꾸지 않았습니다.",
            file.display(),
            e.line(),
            e.column()
        ),
    };
    let at = now();
    let size = store
        .replace_record(
            &record,
            &Change {
                actor: "cli:import",
                source: "cli",
                at: &at,
            },
        )
        .await?;
    println!(
        "가져오기 완료: 공모 회차 {}개, 혁신계획 {}개, 산업단지 {}개, 지정 {}건, 출처 {}건",
        size.rounds, size.plans, size.complexes, size.designations, size.sources
    );
    Ok(())
}

async fn export(store: &Store, output: Option<&Path>) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(&store.record().await?)?;
    text.push('\n');
    match output {
        Some(path) => std::fs::write(path, text).with_context(|| format!("{}에 쓸 수 없습니다", path.display()))?,
        None => print!("{text}"),
    }
    Ok(())
}

async fn backup(store: &Store, output: Option<PathBuf>) -> anyhow::Result<()> {
    let at = now();
    let path = output.unwrap_or_else(|| {
        PathBuf::from(format!(
            "sandan-backup-{}.jsonl",
            at.replace([':', '+'], "").replace('T', "-")
        ))
    });
    // Written beside the target and renamed at the end, so a failed backup never leaves a
    // half file under the name.
    let partial = path.with_extension("partial");
    let file = std::fs::File::create(&partial).with_context(|| format!("{}를 만들 수 없습니다", partial.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let rows = store.backup(&mut out, &at).await?;
    drop(out);
    std::fs::rename(&partial, &path).with_context(|| format!("{}로 옮길 수 없습니다", path.display()))?;
    println!("{} ({}행, {})", path.display(), rows, store.backend().name());
    Ok(())
}

async fn restore(store: &Store, file: &Path) -> anyhow::Result<()> {
    let input = std::fs::File::open(file).with_context(|| format!("백업 파일 {}을 열 수 없습니다", file.display()))?;
    let restored = store.restore(std::io::BufReader::new(input)).await?;
    println!("{}행을 복원했습니다. {}", restored.rows, restored.audit);
    Ok(())
}

async fn verify_audit(store: &Store) -> anyhow::Result<()> {
    let check = store.verify_audit().await?;
    if !check.is_intact() {
        bail!("{check}");
    }
    println!("{check}");
    Ok(())
}
