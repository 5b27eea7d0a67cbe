//! `sandan report`: the official outputs written to files for batch runs — the same composers
//! and writers the download links use.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use sandan_domain::Region;
use sandan_domain::package::Quarter;
use sandan_report::load::{national_records, region_records, round_records};
use sandan_report::pdf::Fonts;
use sandan_report::{Format, Report, compose};
use sandan_store::Store;

#[derive(Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    what: ReportKind,
    /// 파일 형식: hwpx, pdf, xlsx, csv (여러 번 쓸 수 있음, 생략하면 네 가지 모두)
    #[arg(long, short, global = true)]
    format: Vec<String>,
    /// 파일을 저장할 폴더
    #[arg(long, short, global = true, default_value = "reports")]
    out: PathBuf,
    /// 기준 분기, 예: 2023-Q4 (생략하면 오늘이 속한 분기)
    #[arg(long, global = true)]
    as_of: Option<String>,
}

#[derive(Subcommand)]
enum ReportKind {
    /// 한 회차의 선정 결과 문서: 본문과 지역별 참고자료 (예: sandan report round 2021)
    Round { year: String },
    /// 한 지역의 혁신계획·패키지·성과 보고서 (예: sandan report region 2021 경기)
    Region { year: String, region: String },
    /// 기록에 있는 모든 혁신계획의 지역 보고서
    Regions,
    /// 전국 성과 현황
    National,
}

fn year(text: &str) -> anyhow::Result<i32> {
    match text.parse::<i32>() {
        Ok(y) if (1900..=2999).contains(&y) && text.len() == 4 => Ok(y),
        _ => bail!("'{text}'은(는) 연도가 아닙니다. 2021처럼 네 자리로 쓰십시오"),
    }
}

pub async fn run(store: &Store, args: ReportArgs, today: sandan_domain::Day) -> anyhow::Result<()> {
    let formats = if args.format.is_empty() {
        Format::ALL.to_vec()
    } else {
        args.format
            .iter()
            .map(|f| Format::parse(f))
            .collect::<Result<Vec<_>, _>>()?
    };
    let as_of = match &args.as_of {
        Some(text) => text
            .parse::<Quarter>()
            .map_err(|e| anyhow::anyhow!("기준 분기 '{text}'을(를) 읽을 수 없습니다: {e}"))?,
        None => Quarter::of(&today),
    };
    let fonts = if formats.contains(&Format::Pdf) {
        let dir = Fonts::dir_in(&sandan_web::Assets::locate().web_dir);
        Some(Fonts::load(&dir)?)
    } else {
        None
    };
    let reports: Vec<Report> = match args.what {
        ReportKind::Round { year: text } => {
            let y = year(&text)?;
            let records = round_records(store, y)
                .await?
                .with_context(|| format!("{y}년 공모 회차가 없습니다"))?;
            vec![compose::round_document(&records)?]
        }
        ReportKind::Region { year: y, region } => {
            let y = year(&y)?;
            let region: Region = region.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
            let records = region_records(store, y, region, as_of)
                .await?
                .with_context(|| format!("{y}년 공모에 {}의 혁신계획이 없습니다", region.official_name()))?;
            vec![compose::region_document(&records)]
        }
        ReportKind::Regions => {
            let mut reports = Vec::new();
            for plan in store.plans().await?.iter() {
                if let Some(records) = region_records(store, plan.round, plan.region, as_of).await? {
                    reports.push(compose::region_document(&records));
                }
            }
            reports
        }
        ReportKind::National => vec![compose::national_document(&national_records(store, as_of).await?)],
    };
    std::fs::create_dir_all(&args.out).with_context(|| format!("폴더 {}를 만들 수 없습니다", args.out.display()))?;
    let fonts = fonts.map(std::sync::Arc::new);
    let mut jobs = Vec::new();
    for report in &reports {
        for w in &report.warnings {
            eprintln!("확인 필요: {w}");
        }
        for format in &formats {
            let (document, format, fonts) = (report.document.clone(), *format, fonts.clone());
            let path = args.out.join(format!("{}.{}", report.file_stem, format.extension()));
            jobs.push((
                path,
                tokio::task::spawn_blocking(move || sandan_report::render(&document, format, fonts.as_deref())),
            ));
        }
    }
    for (path, job) in jobs {
        let bytes = job.await??;
        std::fs::write(&path, &bytes).with_context(|| format!("{}에 쓸 수 없습니다", path.display()))?;
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
    Ok(())
}
