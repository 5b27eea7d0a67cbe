//! 사업 효과 (`impact::analyse`) at national scale — 1,330 complexes, 10 cohorts of 17 plans,
//! 20 years of every complex's quarterly survey (106,400 rows), five indicators, each cohort and
//! the cohorts stacked: `cargo bench -p sandan-domain --bench impact`. The goal is under a
//! second; the store then keeps the result until the next change (`Store::impact`), so this is
//! the cost of the first reader after a change.
//!
//! The dataset is the generator's national scale with its planted +5% on the hubs' employment;
//! the bench checks the estimate finds it before timing. Each run analyses from the rows, as the
//! store does; WARM_UP runs, then RUNS timed, median and slowest reported.

use std::hint::black_box;
use std::time::{Duration, Instant};

use sandan_domain::impact::analyse;
use sandan_domain::synthetic::{Scale, generate};

const WARM_UP: usize = 1;
const RUNS: usize = 10;

fn main() {
    let data = generate(Scale::national(), 1).expect("the national scale is valid");
    println!(
        "{} complexes, {} survey rows, {} plans",
        data.record.complexes.len(),
        data.surveys.len(),
        data.record.plans.len()
    );
    let impact = analyse(&data.record, &data.surveys);
    let estimated = impact
        .cohorts
        .iter()
        .flat_map(|c| &c.indicators)
        .filter(|i| i.analysis().is_some())
        .count();
    let employment = impact.overall[2].analysis().expect("the national scale is estimated");
    println!(
        "{} cohorts, {estimated} of {} cohort × indicator estimates; employment {:.1}% ({:.1}%~{:.1}%)",
        impact.cohorts.len(),
        impact.cohorts.len() * 5,
        employment.did.percent(),
        employment.did.percent_interval().0,
        employment.did.percent_interval().1
    );
    assert!(employment.did.is_significant(), "the planted effect is found");
    for _ in 0..WARM_UP {
        black_box(analyse(&data.record, &data.surveys));
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            black_box(analyse(black_box(&data.record), black_box(&data.surveys)));
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "analyse (all cohorts, 5 indicators, stacked): median {:.0} ms, slowest {:.0} ms over {RUNS} runs",
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3
    );
}
