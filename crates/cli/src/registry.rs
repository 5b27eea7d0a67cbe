//! `sandan registry import`: 한국산업단지공단's published registry file loaded into the record —
//! or, with `--dry-run`, only what loading it would change.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use sandan_domain::Day;
use sandan_domain::package::Quarter;
use sandan_domain::registry::{ColumnMapping, Provenance, Resolved, outcome, summary};
use sandan_store::{Change, Store};

#[derive(Subcommand)]
pub enum RegistryCommand {
    /// 산업단지 현황 파일(XLSX·CSV, UTF-8 또는 CP949)을 기록에 반영합니다. 검토가 필요한 행은 반영하지 않습니다.
    Import {
        /// 한국산업단지공단 전국산업단지 현황통계 파일
        file: PathBuf,
        /// 통계의 분기 (예: 2024-Q4). 행마다 분기 열이 있으면 생략합니다.
        #[arg(long)]
        quarter: Option<Quarter>,
        /// 출처 (생략하면 "한국산업단지공단 전국산업단지 현황통계 2024-Q4")
        #[arg(long)]
        source: Option<String>,
        /// 열 대응표(JSON): 머리글이 공개 양식과 다른 파일. 공개 양식의 대응 위에 덧붙습니다.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// 검토 결정(JSON): 이름이 맞지 않거나 여럿과 맞은 행을 기존 단지에 연결(link)·새로 등록(create)·제외(skip)
        #[arg(long)]
        resolutions: Option<PathBuf>,
        /// 반영하지 않고 무엇이 바뀌는지만 보여 줍니다.
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(store: &Store, command: RegistryCommand, today: Day, change: &Change<'_>) -> anyhow::Result<()> {
    let RegistryCommand::Import {
        file,
        quarter,
        source,
        mapping,
        resolutions,
        dry_run,
    } = command;
    let name = file.display().to_string();
    let bytes = std::fs::read(&file).with_context(|| format!("{name}을(를) 읽을 수 없습니다"))?;
    let mapping = match mapping {
        Some(path) => json::<ColumnMapping>(&path, "열 대응표")?.over(&ColumnMapping::kicox()),
        None => ColumnMapping::kicox(),
    };
    let resolutions: Vec<Resolved> = match resolutions {
        Some(path) => json(&path, "검토 결정")?,
        None => Vec::new(),
    };
    let read = sandan_web::read_registry_file(&name, &bytes, &mapping).map_err(anyhow::Error::msg)?;
    let provenance = Provenance::kicox(quarter, source, today);
    let changes = store
        .import_registry(&read.rows, &provenance, &resolutions, dry_run, change)
        .await?;
    for line in summary(&read, &changes) {
        println!("{line}");
    }
    println!("{}", outcome(dry_run, &changes));
    Ok(())
}

/// A JSON file the office keeps next to the data: a column mapping, review decisions.
fn json<T: serde::de::DeserializeOwned>(path: &std::path::Path, what: &str) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("{what} {}을(를) 읽을 수 없습니다", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{what} {}의 형식이 맞지 않습니다", path.display()))
}
