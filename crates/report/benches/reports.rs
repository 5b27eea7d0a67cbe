//! How long the official outputs take to make: `cargo bench -p sandan-report --bench reports`.
//!
//! On a fresh SQLite database with the bundled record: the 2021 round's selection document
//! composed from the store, then written in each format (ROUNDS times each, median and slowest);
//! every region's report (15 plans) in all four formats, one after another and spread over the
//! cores as `sandan report regions` does. Then the national report on the synthetic national
//! dataset (170 plans), the largest document the program makes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use sandan_domain::synthetic::{Scale, generate};
use sandan_domain::{Region, bundled};
use sandan_report::compose::{national_document, region_document, round_document};
use sandan_report::load::{national_records, region_records, round_records};
use sandan_report::pdf::Fonts;
use sandan_report::{Document, Format, render};
use sandan_store::testing::TestDb;
use sandan_store::{Change, Store};

const ROUNDS: usize = 20;
const CHANGE: Change<'static> = Change {
    actor: "bench",
    source: "bench",
    at: "2026-12-02T00:00:00Z",
};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and slowest of `ROUNDS` runs of `f`, with the last result's size.
fn time(mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut runs = Vec::with_capacity(ROUNDS);
    let mut size = 0;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        size = f();
        runs.push(started.elapsed());
    }
    runs.sort();
    (runs[ROUNDS / 2], runs[ROUNDS - 1], size)
}

fn formats_of(doc: &Document, fonts: &Fonts) {
    println!("{:<10} {:>10} {:>10} {:>10}", "format", "p50 ms", "max ms", "bytes");
    for format in Format::ALL {
        let (p50, max, size) = time(|| render(doc, format, Some(fonts)).expect("render").len());
        println!(
            "{:<10} {:>10.1} {:>10.1} {:>10}",
            format.extension(),
            ms(p50),
            ms(max),
            size
        );
    }
}

async fn all_regions(store: &Store, fonts: &Arc<Fonts>) {
    let as_of = "2026-Q4".parse().unwrap();
    let started = Instant::now();
    let mut docs = Vec::new();
    for plan in store.plans().await.unwrap().iter() {
        let records = region_records(store, plan.round, plan.region, as_of)
            .await
            .unwrap()
            .unwrap();
        docs.push(region_document(&records).document);
    }
    let composed = started.elapsed();
    let started = Instant::now();
    let mut bytes = 0;
    for doc in &docs {
        for format in Format::ALL {
            bytes += render(doc, format, Some(fonts)).unwrap().len();
        }
    }
    let sequential = started.elapsed();
    let started = Instant::now();
    let jobs: Vec<_> = docs
        .iter()
        .flat_map(|doc| Format::ALL.map(|f| (doc.clone(), f)))
        .map(|(doc, format)| {
            let fonts = fonts.clone();
            tokio::task::spawn_blocking(move || render(&doc, format, Some(&fonts)).unwrap().len())
        })
        .collect();
    for job in jobs {
        job.await.unwrap();
    }
    let parallel = started.elapsed();
    println!(
        "\nall {} regions' reports × 4 formats ({:.1} MB): composed from the store in {:.0} ms; written in {:.0} ms one after another, {:.0} ms over the cores",
        docs.len(),
        bytes as f64 / 1e6,
        ms(composed),
        ms(sequential),
        ms(parallel)
    );
}

#[tokio::main]
async fn main() {
    let started = Instant::now();
    let fonts = Arc::new(
        Fonts::load(&Fonts::dir_in(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web"),
        ))
        .expect("fonts: npm ci in web/"),
    );
    println!("fonts loaded in {:.1} ms", ms(started.elapsed()));

    let db = TestDb::sqlite().await;
    db.store.replace_record(&bundled(), &CHANGE).await.unwrap();
    let (compose_p50, compose_max, _) = {
        let mut runs = Vec::new();
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let records = round_records(&db.store, 2021).await.unwrap().unwrap();
            round_document(&records).unwrap();
            runs.push(started.elapsed());
        }
        runs.sort();
        (runs[ROUNDS / 2], runs[ROUNDS - 1], 0)
    };
    let records = round_records(&db.store, 2021).await.unwrap().unwrap();
    let round = round_document(&records).unwrap().document;
    println!(
        "\n2021 round selection document: composed from the store p50 {:.1} ms, max {:.1} ms",
        ms(compose_p50),
        ms(compose_max)
    );
    formats_of(&round, &fonts);
    all_regions(&db.store, &fonts).await;

    let data = generate(Scale::national(), 2026).expect("the national scale");
    let national = TestDb::sqlite().await;
    national
        .store
        .load_national(&data, &CHANGE)
        .await
        .expect("load the national dataset");
    let as_of = "2026-Q4".parse().unwrap();
    let started = Instant::now();
    let records = national_records(&national.store, as_of).await.unwrap();
    let doc = national_document(&records).document;
    println!(
        "\nnational report on the synthetic national dataset ({} plans): composed in {:.0} ms",
        records.hubs.len(),
        ms(started.elapsed())
    );
    formats_of(&doc, &fonts);
    let one = region_records(&national.store, 2015, Region::Seoul, as_of)
        .await
        .unwrap()
        .unwrap();
    println!(
        "\none region's report at national scale (2015 서울, {} projects)",
        one.projects.len()
    );
    formats_of(&region_document(&one).document, &fonts);
}
