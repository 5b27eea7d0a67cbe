//! `sandan registry import`: 한국산업단지공단's published registry file loaded into the record —
//! or, with `--dry-run`, only what loading it would change.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Subcommand;
use sandan_domain::package::Quarter;
use sandan_domain::registry::{ColumnMapping, Provenance, Resolved, Table, read_table, summary};
use sandan_domain::{Day, SourceId};
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
    let rows = match sandan_web::project_list::read_rows(&name, &bytes) {
        Ok(rows) => rows,
        Err(e) => bail!("{e}"),
    };
    let mapping = match mapping {
        Some(path) => json::<ColumnMapping>(&path, "열 대응표")?.over(&ColumnMapping::kicox()),
        None => ColumnMapping::kicox(),
    };
    let resolutions: Vec<Resolved> = match resolutions {
        Some(path) => json(&path, "검토 결정")?,
        None => Vec::new(),
    };
    let read = match read_table(&Table::from_rows(rows), &mapping) {
        Ok(read) => read,
        Err(e) => bail!("{name}: {e}"),
    };
    let provenance = Provenance {
        source: source.unwrap_or_else(|| match quarter {
            Some(q) => format!("한국산업단지공단 전국산업단지 현황통계 {q}"),
            None => "한국산업단지공단 전국산업단지 현황통계".to_string(),
        }),
        as_of: quarter.map_or(today, |q| q.last_day()),
        quarter,
        source_id: Some(SourceId(match quarter {
            Some(q) => format!("kicox-registry-{q}").to_lowercase(),
            None => format!("kicox-registry-{today}"),
        })),
    };
    let changes = store
        .import_registry(&read.rows, &provenance, &resolutions, dry_run, change)
        .await?;
    for line in summary(&read, &changes) {
        println!("{line}");
    }
    if dry_run {
        println!("미리보기만 했습니다: 기록은 바뀌지 않았습니다.");
    } else if changes.writes_nothing() {
        println!("바뀐 것이 없습니다: 이미 반영된 내용입니다.");
    } else {
        println!("반영했습니다 (감사 기록: registry.import).");
    }
    Ok(())
}

/// A JSON file the office keeps next to the data: a column mapping, review decisions.
fn json<T: serde::de::DeserializeOwned>(path: &std::path::Path, what: &str) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("{what} {}을(를) 읽을 수 없습니다", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{what} {}의 형식이 맞지 않습니다", path.display()))
}
