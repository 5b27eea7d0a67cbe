//! A plan's package: projects on the ministries' programs or run by the province, budget lines
//! per year and source that add up to each total, quarterly execution within each line, and the
//! register of the firms the projects supported.

use super::{Rng, SyntheticProject};
use crate::date::Day;
use crate::package::{BudgetLine, Execution, FundingSource, PackagePeriod, Program, ProjectBudget, Quarter, Runner};
use crate::region::Region;
use crate::results::{BusinessNumber, SupportKind, SupportedFirm};

/// Amounts are drawn in 백만 원.
const MILLION: i64 = 1_000_000;

pub(super) fn projects(
    rng: &mut Rng,
    programs: &[Program],
    region: Region,
    period: PackagePeriod,
    count: usize,
) -> Vec<SyntheticProject> {
    (1..=count)
        .map(|n| {
            // Most projects draw on a ministry's program; one in five is the province's own.
            let program = if rng.chance(800) {
                Some(rng.index(programs.len()))
            } else {
                None
            };
            let (name, runner) = match program {
                Some(i) => (
                    format!("합성사업 {n:02} ({})", programs[i].name),
                    Runner::Ministry(programs[i].ministry.clone()),
                ),
                None => (format!("합성사업 {n:02} (지역 자체사업)"), Runner::Province(region)),
            };
            SyntheticProject {
                name,
                program,
                runner,
                budget: budget(rng, period, program.is_some()),
            }
        })
        .collect()
}

/// `total` split by `weights` exactly: each share rounded down, the last taking what is left.
fn split(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i64 = weights.iter().sum();
    let mut shares: Vec<i64> = weights
        .iter()
        .map(|w| if sum == 0 { 0 } else { total * w / sum })
        .collect();
    let given: i64 = shares.iter().sum();
    if let Some(last) = shares.last_mut() {
        *last += total - given;
    }
    shares
}

fn budget(rng: &mut Rng, period: PackagePeriod, on_program: bool) -> ProjectBudget {
    // 10억 to 400억 원 over three years.
    let total = rng.range(10, 400) * 100;
    let year_weights: Vec<i64> = period.years().map(|_| rng.range(20, 50)).collect();
    let mut lines = Vec::new();
    let mut executions = Vec::new();
    for (year, in_year) in period.years().zip(split(total, &year_weights)) {
        let private = if rng.chance(250) { rng.range(1, 20) } else { 0 };
        let national = if on_program { rng.range(50, 80) } else { 0 };
        let shares = [national, 100 - national - private, private];
        for (source, planned) in FundingSource::ALL.into_iter().zip(split(in_year, &shares)) {
            if planned == 0 {
                continue;
            }
            lines.push(BudgetLine {
                year,
                source,
                planned: planned * MILLION,
            });
            // Some lines are spent in full; most lag behind their plan.
            let permille = if rng.chance(150) { 1000 } else { rng.range(550, 999) };
            let executed = planned * permille / 1000;
            let weights: Vec<i64> = (0..4).map(|_| rng.range(5, 40)).collect();
            for (q, amount) in (1..=4u8).zip(split(executed, &weights)) {
                if amount > 0 {
                    executions.push(Execution {
                        quarter: Quarter { year, quarter: q },
                        source,
                        amount: amount * MILLION,
                    });
                }
            }
        }
    }
    lines.sort_by_key(|l| (l.year, l.source));
    executions.sort_by_key(|e| (e.quarter, e.source));
    ProjectBudget {
        total: total * MILLION,
        lines,
        executions,
    }
}

/// The first nine digits of the `n`th synthetic firm's business number: a tax office code
/// (101–900), the 법인 code 81, and a serial — distinct for every n below 8,000,000.
fn number_head(n: usize) -> u32 {
    let office = 101 + (n % 800) as u32;
    let serial = (n / 800) as u32;
    office * 1_000_000 + 81 * 10_000 + serial
}

/// `count` firms numbered from `first`, each supported once by one of the plan's projects on a
/// day of the package period.
pub(super) fn firms(
    rng: &mut Rng,
    period: PackagePeriod,
    projects: usize,
    first: usize,
    count: usize,
) -> Vec<(usize, SupportedFirm)> {
    (first..first + count)
        .map(|n| {
            let support = match rng.range(0, 99) {
                0..=14 => SupportKind::Startup,
                15..=29 => SupportKind::Scaleup,
                30..=54 => SupportKind::SmartFactory,
                55..=74 => SupportKind::Technology,
                75..=89 => SupportKind::Employment,
                _ => SupportKind::Other,
            };
            let year = rng.range(i64::from(period.first_year), i64::from(period.last_year())) as i32;
            let firm = SupportedFirm {
                number: BusinessNumber::completing(number_head(n)),
                name: format!("(주)합성기업{:05}", n + 1),
                support,
                date: Day::ymd(year, rng.range(1, 12) as u8, rng.range(1, 28) as u8),
            };
            (rng.index(projects.max(1)), firm)
        })
        .collect()
}
