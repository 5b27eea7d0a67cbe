//! `sandan registry check`: what loading 한국산업단지공단's published registry file would change
//! in the record, read without writing anything — the dry run an office looks at first.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Subcommand;
use sandan_domain::Day;
use sandan_domain::package::Quarter;
use sandan_domain::registry::{ColumnMapping, Existing, Provenance, Table, plan_changes, read_table, summary};
use sandan_store::Store;

#[derive(Subcommand)]
pub enum RegistryCommand {
    /// 산업단지 현황 파일(XLSX·CSV, UTF-8 또는 CP949)을 읽어 반영하면 무엇이 바뀌는지 보여 줍니다. 아무것도 바꾸지 않습니다.
    Check {
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
    },
}

pub async fn run(store: &Store, command: RegistryCommand, today: Day) -> anyhow::Result<()> {
    let RegistryCommand::Check {
        file,
        quarter,
        source,
        mapping,
    } = command;
    let name = file.display().to_string();
    let bytes = std::fs::read(&file).with_context(|| format!("{name}을(를) 읽을 수 없습니다"))?;
    let rows = match sandan_web::project_list::read_rows(&name, &bytes) {
        Ok(rows) => rows,
        Err(e) => bail!("{e}"),
    };
    let mapping = match mapping {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("열 대응표 {}을(를) 읽을 수 없습니다", path.display()))?;
            let custom: ColumnMapping = serde_json::from_str(&text)
                .with_context(|| format!("열 대응표 {}의 형식이 맞지 않습니다", path.display()))?;
            custom.over(&ColumnMapping::kicox())
        }
        None => ColumnMapping::kicox(),
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
        source_id: None,
    };
    let complexes = store.complexes().await?;
    let surveys = store.surveys().await?;
    let changes = plan_changes(
        Existing {
            complexes: &complexes,
            facts: &Default::default(),
            surveys: &surveys,
        },
        &read.rows,
        &provenance,
        &[],
    );
    for line in summary(&read, &changes) {
        println!("{line}");
    }
    println!("미리보기만 했습니다: 기록은 바뀌지 않았습니다.");
    Ok(())
}
