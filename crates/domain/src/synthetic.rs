//! 합성 자료: a national-scale dataset made from a seed, for benchmarks and load tests. Every
//! source it cites is titled "합성 자료 (성능 시험용)" and the record is marked `synthetic`, so no
//! page can pass it off as the program's.
//!
//! The national scale is the issue's: 1,330 complexes, 10 rounds, 50 projects a plan, 50,000
//! firms, 200,000 measurements. The issue does not say how many plans a round confirms; the
//! program confirmed about five a year, but five plans × 10 rounds × 12 quarters would need 333
//! measured goals a plan to reach 200,000 measurements. So the national scale confirms every
//! region in every round — 17 × 10 = 170 plans, the most the record allows (one plan per region
//! per round) — and 8,500 projects. That still needs ~98 measured goals a plan (200,000 ÷ 170 ÷
//! 12). A plan here states the program's six headline goals (생산액, 고용, 만족도, 청년 고용률,
//! 안전사고, 디지털 전환) and two goals counted from the register (강소기업, 신규창업), then breaks
//! the same kinds of goal down per site — hub and linked complexes, eight metrics each — the way
//! a plan's performance sheet would. Only the headline 생산액 and 고용 feed the national
//! roll-up, so nothing is counted twice there.
//!
//! Rounds end in 2020, so every package year (round + 1 ..= round + 3) is over by 2023 and every
//! execution, measurement and support date lies in the past. Where goals × quarters exceed the
//! target, the latest quarters of the last site goals are left unreported, so the count is exact.
//!
//! The issue also asks for 20 years of quarterly statistics and 500 users: every complex gets the
//! quarterly survey (분기별 산업단지 동향) for 20 years, 1,330 × 80 = 106,400 rows (see `survey`),
//! and 500 accounts spread over the roles (see `accounts`).
//!
//! Its proof also asks for a national volume of 애로사항: 20,000 reports filed about the complexes
//! over the years the holiday data covers and carried through the domain's own steps (see
//! `grievances`).

mod accounts;
mod goals;
mod grievances;
mod money;
mod places;
mod survey;
#[cfg(test)]
mod tests;

use crate::account::Role;
use crate::complex_survey::QuarterlySurvey;
use crate::package::{PackagePeriod, Program, ProjectBudget, Runner, sourced_programs};
use crate::record::Record;
use crate::region::Region;
use crate::results::{GoalSetup, Measurement, SupportedFirm};

pub use grievances::{SyntheticEvent, SyntheticGrievance};

/// Bumped whenever the same seed would generate different data, so cached databases are rebuilt.
pub const GENERATOR_VERSION: u32 = 5;

/// The title of every source a synthetic record cites.
pub const SOURCE_TITLE: &str = "합성 자료 (성능 시험용)";

/// The last round generated: its package ends in 2023, before any date the platform runs on.
pub const LAST_ROUND: i32 = 2020;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub complexes: usize,
    pub rounds: usize,
    /// Regions confirmed in each round (at most 17).
    pub plans_per_round: usize,
    pub projects_per_plan: usize,
    /// Distinct firms in the register, each supported once.
    pub firms: usize,
    pub measurements: usize,
    /// Years of every complex's quarterly survey, which ends with 2023-Q4 (module `survey`).
    pub survey_years: usize,
    /// Synthetic accounts, spread over the roles as the module `accounts` says.
    pub users: usize,
    /// 애로사항 filed over the window the module `grievances` says.
    pub grievances: usize,
    /// The effect planted on every funded hub's employment (and so its production and exports)
    /// from the second quarter after its selection, in thousandths (50 = +5%): a known answer
    /// for the impact estimate (`crate::impact`) to recover. 0 plants none.
    pub planted_effect_permille: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("합성 자료 규모의 {what}({value})는 {range} 사이여야 합니다.")]
pub struct ScaleError {
    pub what: &'static str,
    pub value: usize,
    pub range: &'static str,
}

impl Scale {
    /// The national scale (see the module comment for the plans a round).
    pub const fn national() -> Scale {
        Scale {
            complexes: 1_330,
            rounds: 10,
            plans_per_round: 17,
            projects_per_plan: 50,
            firms: 50_000,
            measurements: 200_000,
            survey_years: 20,
            users: 500,
            grievances: 20_000,
            planted_effect_permille: 50,
        }
    }

    /// Small enough for a test on every backend, large enough to hold every kind of row.
    pub const fn small() -> Scale {
        Scale {
            complexes: 68,
            rounds: 2,
            plans_per_round: 3,
            projects_per_plan: 6,
            firms: 120,
            measurements: 500,
            survey_years: 2,
            users: 12,
            grievances: 300,
            planted_effect_permille: 50,
        }
    }

    /// Two rounds of 17 plans over eight years of every complex's survey on 400 complexes, and
    /// little else: about the least the impact estimate (`crate::impact`) runs on, for tests.
    pub const fn two_cohorts() -> Scale {
        Scale {
            complexes: 400,
            rounds: 2,
            plans_per_round: 17,
            projects_per_plan: 1,
            firms: 0,
            measurements: 0,
            survey_years: 8,
            users: 0,
            grievances: 0,
            planted_effect_permille: 50,
        }
    }

    pub fn plans(&self) -> usize {
        self.rounds * self.plans_per_round
    }

    fn check(&self) -> Result<(), ScaleError> {
        let bounds: [(&'static str, usize, usize, usize, &'static str); 9] = [
            ("산업단지 수", self.complexes, 34, 170_000, "34~170,000"),
            ("회차 수", self.rounds, 1, 20, "1~20"),
            ("회차당 계획 수", self.plans_per_round, 1, 17, "1~17"),
            ("계획당 사업 수", self.projects_per_plan, 1, 999, "1~999"),
            ("지원기업 수", self.firms, 0, 8_000_000, "0~8,000,000"),
            // A quarter is from 2000 on, and the survey ends in 2023.
            ("분기별 동향 연수", self.survey_years, 1, 24, "1~24"),
            // Four digits in every login.
            ("합성 계정 수", self.users, 0, 9_999, "0~9,999"),
            ("애로사항 수", self.grievances, 0, 1_000_000, "0~1,000,000"),
            ("심은 효과(천분율)", self.planted_effect_permille, 0, 1_000, "0~1,000"),
        ];
        for (what, value, low, high, range) in bounds {
            if !(low..=high).contains(&value) {
                return Err(ScaleError { what, value, range });
            }
        }
        Ok(())
    }
}

/// One project of a generated package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticProject {
    pub name: String,
    /// Index into [`NationalDataset::programs`].
    pub program: Option<usize>,
    pub runner: Runner,
    /// Lines that `ProjectBudget::replan` accepts and executions within them.
    pub budget: ProjectBudget,
}

/// A funded plan's package and results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticPlanPackage {
    pub round: i32,
    pub region: Region,
    pub projects: Vec<SyntheticProject>,
    /// (goal position, setup) for every goal of the plan.
    pub setups: Vec<(usize, GoalSetup)>,
    /// (goal position, measurement), by goal and then quarter.
    pub measurements: Vec<(usize, Measurement)>,
    /// (index into `projects`, register line).
    pub firms: Vec<(usize, SupportedFirm)>,
}

impl SyntheticPlanPackage {
    pub fn period(&self) -> PackagePeriod {
        PackagePeriod::of_round(self.round)
    }
}

/// A generated account: its login (`synthetic-0001`), a name that says 합성, and its roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticUser {
    pub login: String,
    pub name: String,
    pub roles: Vec<Role>,
}

/// The whole generated dataset: a record, the programs, every funded plan's package, every
/// complex's quarterly survey, the accounts and the 애로사항.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalDataset {
    pub scale: Scale,
    pub seed: u64,
    pub record: Record,
    pub programs: Vec<Program>,
    pub packages: Vec<SyntheticPlanPackage>,
    /// By complex, oldest quarter first.
    pub surveys: Vec<QuarterlySurvey>,
    pub users: Vec<SyntheticUser>,
    /// Oldest first.
    pub grievances: Vec<SyntheticGrievance>,
}

/// How many of each thing a dataset holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DatasetCounts {
    pub complexes: usize,
    pub rounds: usize,
    pub plans: usize,
    pub goals: usize,
    pub programs: usize,
    pub projects: usize,
    pub budget_lines: usize,
    pub executions: usize,
    pub goal_setups: usize,
    pub measurements: usize,
    pub firms: usize,
    pub surveys: usize,
    pub users: usize,
    pub grievances: usize,
    /// Lines of the reports' histories, the filings included.
    pub grievance_events: usize,
}

impl NationalDataset {
    pub fn counts(&self) -> DatasetCounts {
        let sum = |f: &dyn Fn(&SyntheticPlanPackage) -> usize| self.packages.iter().map(f).sum::<usize>();
        DatasetCounts {
            complexes: self.record.complexes.len(),
            rounds: self.record.rounds.len(),
            plans: self.record.plans.len(),
            goals: self.record.plans.iter().map(|p| p.goals.len()).sum(),
            programs: self.programs.len(),
            projects: sum(&|p| p.projects.len()),
            budget_lines: sum(&|p| p.projects.iter().map(|x| x.budget.lines.len()).sum()),
            executions: sum(&|p| p.projects.iter().map(|x| x.budget.executions.len()).sum()),
            goal_setups: sum(&|p| p.setups.len()),
            measurements: sum(&|p| p.measurements.len()),
            firms: sum(&|p| p.firms.len()),
            surveys: self.surveys.len(),
            users: self.users.len(),
            grievances: self.grievances.len(),
            grievance_events: self.grievances.iter().map(|g| g.events.len()).sum(),
        }
    }

    /// 원 planned across every project.
    pub fn planned_total(&self) -> i64 {
        self.projects().map(|p| p.budget.planned_total()).sum()
    }

    /// 원 executed across every project.
    pub fn executed_total(&self) -> i64 {
        self.projects().map(|p| p.budget.executed_total()).sum()
    }

    fn projects(&self) -> impl Iterator<Item = &SyntheticProject> {
        self.packages.iter().flat_map(|p| &p.projects)
    }
}

/// Generates the dataset for `scale` from `seed`: the same inputs always give the same data.
pub fn generate(scale: Scale, seed: u64) -> Result<NationalDataset, ScaleError> {
    scale.check()?;
    let mut rng = Rng::new(seed);
    let programs = sourced_programs();
    let mut record = places::skeleton(scale, seed, &mut rng);
    let quarters = (PackagePeriod::YEARS * 4) as usize;
    let plans = scale.plans();
    let measured = scale
        .measurements
        .div_ceil(plans * quarters)
        .max(goals::HEADLINE_MEASURED);
    let spare = plans * measured * quarters - scale.measurements;
    let mut packages = Vec::with_capacity(plans);
    let mut firm_no = 0;
    for (i, (round, region)) in places::plan_slots(scale).into_iter().enumerate() {
        let sites = places::sites(&record, scale, round, region, goals::sites_needed(measured));
        let period = PackagePeriod::of_round(round);
        let projects = money::projects(&mut rng, &programs, region, period, scale.projects_per_plan);
        let firm_count = scale.firms / plans + usize::from(i < scale.firms % plans);
        let firms = money::firms(&mut rng, period, projects.len(), firm_no, firm_count);
        firm_no += firm_count;
        let unreported = spare / plans + usize::from(i < spare % plans);
        let goals = goals::plan_goals(&mut rng, &sites, &firms, period, measured, unreported);
        record
            .plans
            .push(places::plan(&record, round, region, &sites, &projects, goals.goals));
        packages.push(SyntheticPlanPackage {
            round,
            region,
            projects,
            setups: goals.setups,
            measurements: goals.measurements,
            firms,
        });
    }
    places::designate(&mut record);
    let surveys = survey::surveys(&mut rng, &record, scale.survey_years, scale.planted_effect_permille);
    let users = accounts::users(scale.users, &programs);
    let grievances = grievances::reports(&mut rng, &record, &programs, scale.grievances);
    Ok(NationalDataset {
        scale,
        seed,
        record,
        programs,
        packages,
        surveys,
        users,
        grievances,
    })
}

/// `total` over `weights`, at least `least` each: shares rounded down, then the heaviest take
/// what is left over one at a time (or the largest give up what is too much).
fn allocate(total: usize, weights: &[usize], least: usize) -> Vec<usize> {
    let weight: usize = weights.iter().sum();
    let mut counts: Vec<usize> = weights.iter().map(|w| (total * w / weight).max(least)).collect();
    let mut i = 0;
    while counts.iter().sum::<usize>() != total {
        let sum: usize = counts.iter().sum();
        let mut order: Vec<usize> = (0..counts.len()).collect();
        if sum < total {
            order.sort_by_key(|&r| std::cmp::Reverse(weights[r]));
            counts[order[i % order.len()]] += 1;
        } else {
            order.sort_by_key(|&r| std::cmp::Reverse(counts[r]));
            counts[order[0]] -= 1;
        }
        i += 1;
    }
    counts
}

/// SplitMix64: tiny, fast and good enough to make varied, reproducible test data (not for
/// anything secret).
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `low..=high`.
    pub(crate) fn range(&mut self, low: i64, high: i64) -> i64 {
        debug_assert!(low <= high);
        let span = (high - low) as u64 + 1;
        low + (self.next_u64() % span) as i64
    }

    /// An index below `n` (n > 0).
    pub(crate) fn index(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True `permille` times in a thousand.
    pub(crate) fn chance(&mut self, permille: u64) -> bool {
        self.next_u64() % 1000 < permille
    }
}
