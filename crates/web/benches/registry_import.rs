//! 산업단지 현황 가져오기 at national scale: 1,330 complexes and 20 years of quarterly figures
//! (106,400 rows) written as 80 quarterly XLSX files the way 한국산업단지공단 publishes them,
//! read, previewed and loaded into a database holding the bundled record — the first file
//! creating every complex through the office's decisions, each later one adding its quarter:
//! `cargo bench -p sandan-web --bench registry_import` (PostgreSQL too when
//! SANDAN_TEST_POSTGRES_URL names a server).
//!
//! Prints, per database: reading the files (decode and header), the dry runs and the loads, in
//! total and per file, and the process's peak memory.

use std::time::{Duration, Instant};

use sandan_domain::registry::{
    ColumnMapping, Provenance, RegistryRow, Resolution, Resolved, RowKey, Table, read_table,
};
use sandan_domain::synthetic::{Scale, generate};
use sandan_domain::{SiteKind, SourceId, bundled};
use sandan_store::testing::TestDb;
use sandan_store::{Change, Store};
use sandan_web::project_list;

mod memory;
use memory::memory;

const BY: Change<'static> = Change {
    actor: "bench:registry",
    source: "bench",
    at: "2026-12-04T00:00:00Z",
};

const HEADER: [&str; 9] = [
    "유형",
    "시도",
    "시군",
    "단지명",
    "입주업체(개)",
    "가동업체(개)",
    "고용(명)",
    "생산(억원)",
    "수출(백만달러)",
];

fn kind(k: SiteKind) -> &'static str {
    match k {
        SiteKind::National => "국가",
        SiteKind::General => "일반",
        SiteKind::UrbanHighTech => "도시첨단",
        _ => "농공",
    }
}

#[tokio::main]
async fn main() {
    let data = generate(Scale::national(), 1).expect("the national scale is valid");
    let record = data.record;
    let mut quarters: Vec<_> = data.surveys.iter().map(|s| s.quarter).collect();
    quarters.sort_unstable();
    quarters.dedup();
    let started = Instant::now();
    let files: Vec<(String, Vec<u8>)> = quarters
        .iter()
        .map(|q| {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            sheet.write_string(0, 0, format!("{q} 전국산업단지 현황")).unwrap();
            for (c, h) in HEADER.iter().enumerate() {
                sheet.write_string(1, c as u16, *h).unwrap();
            }
            for (row, s) in (2..).zip(data.surveys.iter().filter(|s| s.quarter == *q)) {
                let complex = record.complexes.iter().find(|c| c.id == s.complex).unwrap();
                sheet.write_string(row, 0, kind(complex.kind)).unwrap();
                sheet.write_string(row, 1, complex.region.short_name()).unwrap();
                sheet.write_string(row, 2, "").unwrap();
                sheet.write_string(row, 3, &complex.name).unwrap();
                for (c, v) in [s.tenants, s.operating, s.employment, s.production_eok, s.exports_musd]
                    .into_iter()
                    .enumerate()
                {
                    sheet.write_number(row, 4 + c as u16, v as f64).unwrap();
                }
            }
            (format!("{q}.xlsx"), book.save_to_buffer().unwrap())
        })
        .collect();
    let rows: usize = data.surveys.len();
    println!(
        "{} complexes, {} quarterly files, {rows} rows, {:.1} MB of XLSX written in {:.1}s",
        record.complexes.len(),
        files.len(),
        files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6,
        secs(started.elapsed())
    );

    let started = Instant::now();
    let mapping = ColumnMapping::kicox();
    let read: Vec<Vec<RegistryRow>> = files
        .iter()
        .map(|(name, bytes)| {
            let cells = project_list::read_rows(name, bytes).expect("cells");
            let read = read_table(&Table::from_rows(cells), &mapping).expect("a header");
            assert!(
                read.problems.is_empty(),
                "{:?}",
                &read.problems[..3.min(read.problems.len())]
            );
            read.rows
        })
        .collect();
    let reading = started.elapsed();
    println!(
        "read and parsed every file in {:.1}s ({:.0} ms a file)",
        secs(reading),
        reading.as_millis() as f64 / files.len() as f64
    );
    // The office's decisions: every complex the bundled record lacks is created with its id.
    let resolutions: Vec<Resolved> = record
        .complexes
        .iter()
        .map(|c| Resolved {
            row: RowKey {
                name: c.name.clone(),
                kind: c.kind,
                region: c.region,
            },
            resolution: Resolution::Create(c.id.clone()),
        })
        .collect();

    let mut stores: Vec<(&str, TestDb)> = vec![("SQLite", TestDb::sqlite().await)];
    if let Ok(admin) = std::env::var("SANDAN_TEST_POSTGRES_URL") {
        stores.push(("PostgreSQL", TestDb::postgres(&admin).await));
    }
    for (name, db) in &stores {
        db.store.replace_record(&bundled(), &BY).await.unwrap();
        let dry = load(&db.store, &quarters, &read, &resolutions, true).await;
        let real = load(&db.store, &quarters, &read, &resolutions, false).await;
        let again = load(&db.store, &quarters, &read, &resolutions, true).await;
        println!(
            "{name}: dry run {:.1}s ({:.0} ms a file); load {:.1}s ({:.0} ms a file); dry run after {:.1}s; {} complexes, {} quarters",
            secs(dry.0),
            per_file(dry.0, files.len()),
            secs(real.0),
            per_file(real.0, files.len()),
            secs(again.0),
            real.1,
            real.2
        );
        assert_eq!(real.2, rows, "every row became a quarter");
        assert_eq!(again.2, 0, "loading again would change nothing");
    }
    println!("peak memory: {}", memory());
}

/// Each file previewed or loaded in turn; the time and the complexes and quarters it made.
async fn load(
    store: &Store,
    quarters: &[sandan_domain::package::Quarter],
    read: &[Vec<RegistryRow>],
    resolutions: &[Resolved],
    dry_run: bool,
) -> (Duration, usize, usize) {
    let started = Instant::now();
    let (mut complexes, mut new_quarters) = (0, 0);
    for (q, rows) in quarters.iter().zip(read) {
        let provenance = Provenance {
            source: format!("합성 현황 {q}"),
            as_of: q.last_day(),
            quarter: Some(*q),
            source_id: Some(SourceId(format!("bench-registry-{q}").to_lowercase())),
        };
        let changes = store
            .import_registry(rows, &provenance, resolutions, dry_run, &BY)
            .await
            .expect("the load");
        complexes += changes.new_complexes.len();
        new_quarters += changes.new_quarters.len();
    }
    (started.elapsed(), complexes, new_quarters)
}

fn per_file(d: Duration, files: usize) -> f64 {
    d.as_millis() as f64 / files as f64
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}
