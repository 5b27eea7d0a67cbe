//! 신청 사업 목록 import, file bytes to tasks (decode + `project_rows::parse`), for a
//! 10,000-row sheet as UTF-8 CSV, CP949 CSV and XLSX:
//! `cargo bench -p sandan-web --bench project_import`.
//!
//! Each case runs WARM_UP times, then RUNS timed times; the figures are the median and p95
//! of those runs and the rows per second at the median. Single-threaded, so comparable
//! between runs on one machine.

use std::time::{Duration, Instant};

use sandan_domain::project_rows;
use sandan_domain::{ProposedProject, ProposedTask, YearBudget};
use sandan_web::project_list;

const WARM_UP: usize = 2;
const RUNS: usize = 20;
const YEARS: std::ops::RangeInclusive<i32> = 2022..=2026;

fn main() {
    // 25 tasks × 100 projects × 4 years = 10,000 data rows.
    let tasks = plan(25, 100, 4);
    let rows = project_rows::to_rows(&tasks);
    let data_rows = rows.len() - 1;
    let text = csv_text(&rows);
    let (cp949, _, unmappable) = encoding_rs::EUC_KR.encode(&text);
    assert!(!unmappable);
    let cases = [
        ("CSV, UTF-8", "bench.csv", text.clone().into_bytes()),
        ("CSV, CP949", "bench.csv", cp949.into_owned()),
        ("XLSX", "bench.xlsx", xlsx(&rows)),
    ];

    println!("{data_rows} data rows, {RUNS} runs after {WARM_UP} warm-up");
    println!(
        "{:<14} {:>10} {:>9} {:>9} {:>12}",
        "file", "bytes", "p50 ms", "p95 ms", "rows/s"
    );
    for (name, file_name, bytes) in &cases {
        let import = || {
            let cells = project_list::read_rows(file_name, bytes).expect("cells");
            let imported = project_rows::parse(&cells, YEARS).expect("a valid sheet");
            assert_eq!(imported.len(), tasks.len());
        };
        for _ in 0..WARM_UP {
            import();
        }
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                import();
                t.elapsed()
            })
            .collect();
        times.sort_unstable();
        let p50 = percentile(&times, 50.0);
        let p95 = percentile(&times, 95.0);
        println!(
            "{name:<14} {:>10} {:>9.2} {:>9.2} {:>12.0}",
            bytes.len(),
            ms(p50),
            ms(p95),
            data_rows as f64 / p50.as_secs_f64()
        );
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((p / 100.0) * (sorted.len() - 1) as f64).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn plan(tasks: usize, projects: usize, years: i32) -> Vec<ProposedTask> {
    (0..tasks)
        .map(|t| ProposedTask {
            name: format!("중점과제 {t} 스마트·친환경 혁신"),
            projects: (0..projects)
                .map(|p| ProposedProject {
                    name: format!("사업 {t}-{p} 스마트공장 고도화"),
                    new: p % 3 == 0,
                    program: (p % 2 == 0).then(|| "스마트공장 구축 및 고도화".to_string()),
                    budget: (0..years)
                        .map(|y| YearBudget {
                            year: 2022 + y,
                            national: 1_000_000_000 + (t * 1000 + p) as i64,
                            local: 500_000_000 * i64::from(y),
                            private: 12_345,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// 연도 and amounts as number cells, amounts formatted, as a spreadsheet program saves them.
fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let amount = rust_xlsxwriter::Format::new().set_num_format("#,##0");
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c16) = (r as u32, c as u16);
            match value.parse::<f64>() {
                Ok(n) if c >= 5 => sheet.write_number_with_format(r, c16, n, &amount).map(|_| ()),
                Ok(n) => sheet.write_number(r, c16, n).map(|_| ()),
                Err(_) if value.is_empty() => Ok(()),
                Err(_) => sheet.write_string(r, c16, value).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}
