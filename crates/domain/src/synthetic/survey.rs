//! 분기별 동향: every complex's quarterly survey for the scale's years, ending with the fourth
//! quarter of the last round's last package year (2023-Q4). Ending there rather than with the
//! last round (2020) lets the series cover every plan's package period, so a hub's trend before
//! and during its package can be read; a fixed end rather than today's quarter keeps the data a
//! function of the seed alone, and 2023 is past on any date the platform runs on. Every complex
//! has a row every quarter: one not yet open reports zeros, as the real survey lists complexes
//! still being built.
//!
//! Every funded hub's employment — and with it production and exports, which follow the jobs —
//! carries the scale's planted effect from the second quarter after its selection, so the
//! impact estimate has a known answer; tenants and operating firms carry none.

use std::collections::HashMap;

use super::{LAST_ROUND, Rng, SOURCE_TITLE};
use crate::complex::{Complex, ComplexId, SiteKind};
use crate::complex_survey::QuarterlySurvey;
use crate::impact::selections;
use crate::package::{PackagePeriod, Quarter};
use crate::record::Record;

/// Quarters after selection before the planted effect shows: a package's first projects start
/// in the budget year after the round.
pub(super) const EFFECT_LAG_QUARTERS: i32 = 2;

/// A complex takes tenants this many years after its construction starts.
const YEARS_TO_OPEN: i32 = 2;

/// 억 원 in a 백만 달러, at about 1,300원 a dollar.
const EOK_PER_MUSD: i64 = 13;

/// Output by quarter, in thousandths of the year's average: factories close for the Lunar New
/// Year in the first quarter and push deliveries out before the year ends.
const SEASON: [i64; 4] = [960, 1_000, 990, 1_050];

/// The last quarter surveyed.
pub(super) fn last_quarter() -> Quarter {
    Quarter {
        year: PackagePeriod::of_round(LAST_ROUND).last_year(),
        quarter: 4,
    }
}

/// Every complex's rows, complex by complex and oldest quarter first.
pub(super) fn surveys(rng: &mut Rng, record: &Record, years: usize, effect_permille: usize) -> Vec<QuarterlySurvey> {
    let complexes = &record.complexes;
    let effect_from: HashMap<ComplexId, Quarter> = selections(record)
        .into_iter()
        .map(|s| {
            let from = s.quarter().offset(EFFECT_LAG_QUARTERS);
            (s.complex, from)
        })
        .collect();
    let last = last_quarter().year;
    let quarters: Vec<Quarter> = (last - years as i32 + 1..=last)
        .flat_map(|year| (1..=4).map(move |quarter| Quarter { year, quarter }))
        .collect();
    let mut rows = Vec::with_capacity(complexes.len() * quarters.len());
    for complex in complexes {
        let effect = effect_from.get(&complex.id).map(|from| (*from, effect_permille as i64));
        series(rng, complex, &quarters, effect, &mut rows);
    }
    rows
}

/// One complex's rows: its size in the last quarter drawn by its kind, reached by a straight
/// climb from its opening (a tenth full) or from the series' first quarter (half to most of the
/// way there), with seasons, the 2009 and 2020 downturns and a little noise on top.
/// `effect` is the quarter a planted effect starts and its size in thousandths.
fn series(
    rng: &mut Rng,
    complex: &Complex,
    quarters: &[Quarter],
    effect: Option<(Quarter, i64)>,
    rows: &mut Vec<QuarterlySurvey>,
) {
    // The ranges put the national scale's totals near the real survey's of the early 2020s,
    // roughly: 13만 tenant firms, 230만 jobs, 1,000조 원 of output and 4,000억 달러 of exports a year.
    let tenants_at_end = match complex.kind {
        SiteKind::National => rng.range(200, 2_000),
        SiteKind::UrbanHighTech => rng.range(10, 80),
        SiteKind::AgroIndustrial => rng.range(5, 30),
        _ => rng.range(15, 150),
    };
    let jobs_per_firm = rng.range(8, 30);
    // Hundredths of 억 원 a worker produces in a quarter.
    let output_per_job = rng.range(60, 180);
    let export_permille = rng.range(100, 600);
    let opening = complex.construction_started.map(|d| Quarter {
        year: d.year + YEARS_TO_OPEN,
        quarter: 1,
    });
    let open_before = opening.is_none_or(|o| o < quarters[0]);
    let start_level = if open_before { rng.range(450, 850) } else { 100 };
    let opened_at = quarters
        .iter()
        .position(|q| opening.is_none_or(|o| *q >= o))
        .unwrap_or(quarters.len());
    let climb = (quarters.len() - opened_at).saturating_sub(1).max(1) as i64;
    for (t, &quarter) in quarters.iter().enumerate() {
        let mut row = QuarterlySurvey {
            complex: complex.id.clone(),
            quarter,
            tenants: 0,
            operating: 0,
            employment: 0,
            production_eok: 0,
            exports_musd: 0,
            source: SOURCE_TITLE.into(),
        };
        if t >= opened_at {
            let level = start_level + (1_000 - start_level) * (t - opened_at) as i64 / climb;
            row.tenants = tenants_at_end * level * rng.range(990, 1_010) / 1_000_000;
            row.operating = row.tenants * rng.range(820, 980) / 1_000;
            row.employment = row.operating * jobs_per_firm * rng.range(970, 1_030) / 1_000;
            if let Some((_, permille)) = effect.filter(|(from, _)| quarter >= *from) {
                row.employment = row.employment * (1_000 + permille) / 1_000;
            }
            let permille = SEASON[usize::from(quarter.quarter - 1)] * downturn(quarter.year) / 1_000;
            row.production_eok = row.employment * output_per_job * permille * rng.range(950, 1_050) / 100_000_000;
            row.exports_musd = row.production_eok * export_permille / 1_000 / EOK_PER_MUSD;
        }
        rows.push(row);
    }
}

/// Thousandths of a normal year's output: the real series dips in 2009 and 2020, so the
/// synthetic one does too and its charts read like the survey's.
fn downturn(year: i32) -> i64 {
    match year {
        2009 => 900,
        2020 => 940,
        _ => 1_000,
    }
}
