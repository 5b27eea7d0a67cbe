//! 민감도 분석 (`evaluation::robustness::analyse`) for a full round, against one `aggregate`:
//! `cargo bench -p sandan-domain --bench robustness`.
//!
//! The issue asks for 20 plans × 15 evaluators, but plans are keyed by `Region` and there are
//! only 17 시·도, so the bench runs all 17 plans with 15 evaluators (15 leave-one-out + 8 weight
//! scenarios = 23), and, to keep at least the number of sheets, 17 plans × 18 evaluators
//! (304 sheets ≥ 20 × 15 = 300; 26 scenarios). The framework is the seed's four indicators at 25
//! points each (two of them as 10 + 15 sub-items), two bonuses capped at 3 points, quota 5, the
//! trimmed mean; two evaluator × plan pairs are conflicted and have no sheet. Every sheet is a
//! submitted `ScoreSheet` turned into `Scores` with `Scores::of`. The scores come from a
//! xorshift generator with a fixed seed, so every run analyses the same data.
//!
//! Each case runs WARM_UP times, then RUNS timed times; the figures are the median and p95 of
//! those runs. Single-threaded, so comparable between runs on one machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use sandan_domain::evaluation::panel::{self, Conflict, ConflictKind, Member};
use sandan_domain::evaluation::{
    Aggregation, Bonus, Framework, Mark, Points, ScoreSheet, Scores, SubItem, aggregate, analyse, unit_weights,
};
use sandan_domain::{Region, UserId};

const WARM_UP: usize = 5;
const RUNS: usize = 200;
const SEED: u64 = 0x5A4D_A4E0_2021_0001;
const STEP_PERCENT: i64 = 10;

fn main() {
    println!("{RUNS} runs after {WARM_UP} warm-up, weight step ±{STEP_PERCENT}%");
    println!("{:<38} {:>7} {:>10} {:>10}", "case", "plans", "p50 µs", "p95 µs");
    for evaluators in [15, 18] {
        case(evaluators);
    }
}

fn case(evaluators: usize) {
    let round = Round::new(evaluators);
    let plans = &round.plans;
    let sheets = &round.sheets;
    let framework = &round.framework;
    let weights = unit_weights(framework);

    // The real result the timings stand for.
    let analysis = analyse(framework, plans, sheets, &round.panel, STEP_PERCENT);
    let scenarios = analysis.scenarios.len();
    assert_eq!(scenarios, evaluators + 2 * framework.indicators.len());
    if evaluators == 15 {
        assert_eq!(scenarios, 23, "15 leave-one-out + 8 weight scenarios");
    }
    assert_eq!(analysis.plans.len(), plans.len());
    assert_eq!(analysis.baseline.len(), framework.quota as usize);
    let margin = analysis.plans.iter().filter(|p| p.margin).count();
    let changed = analysis
        .scenarios
        .iter()
        .filter(|s| !s.entered.is_empty() || !s.left.is_empty())
        .count();

    let prefix = format!("{} × {evaluators}", plans.len());
    println!(
        "{prefix}: {} plans, {evaluators} evaluators, {} sheets ({} conflicts), {scenarios} scenarios; \
         {} recommended, {margin} plans at the margin, selection changed in {changed} of {scenarios} scenarios, gap {:.2} points",
        plans.len(),
        sheets.len(),
        round.conflicts,
        analysis.baseline.len(),
        analysis.gap.unwrap_or(f64::NAN),
    );

    let (p50, p95) = time(|| aggregate(framework, plans, sheets, &weights, None));
    row(&format!("{prefix}  aggregate (1 pass)"), plans.len(), p50, p95);
    let (p50, p95) = time(|| analyse(framework, plans, sheets, &round.panel, STEP_PERCENT));
    row(
        &format!("{prefix}  analyse ({scenarios} scenarios)"),
        plans.len(),
        p50,
        p95,
    );
}

fn row(name: &str, plans: usize, p50: Duration, p95: Duration) {
    println!("{name:<38} {plans:>7} {:>10.1} {:>10.1}", us(p50), us(p95));
}

/// Median and p95 of RUNS timed runs after WARM_UP.
fn time<T>(mut run: impl FnMut() -> T) -> (Duration, Duration) {
    for _ in 0..WARM_UP {
        black_box(run());
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            black_box(run());
            t.elapsed()
        })
        .collect();
    times.sort_unstable();
    (percentile(&times, 50.0), percentile(&times, 95.0))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((p / 100.0) * (sorted.len() - 1) as f64).round() as usize]
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000_000.0
}

/// A closed round: the framework, the panel in appointment order, and every submitted sheet.
struct Round {
    framework: Framework,
    plans: Vec<Region>,
    panel: Vec<UserId>,
    sheets: Vec<Scores>,
    conflicts: usize,
}

impl Round {
    fn new(evaluators: usize) -> Round {
        let framework = framework(evaluators);
        assert!(framework.problems().is_empty(), "{:?}", framework.problems());
        let plans: Vec<Region> = Region::all().collect();
        let members: Vec<Member> = (0..evaluators)
            .map(|k| Member {
                user: UserId(100 + k as i64),
                name: format!("평가위원 {k}"),
                affiliation: format!("기관 {k}"),
            })
            .collect();
        let conflicts = vec![
            Conflict {
                evaluator: members[2].user,
                region: Region::Gyeonggi,
                kind: ConflictKind::Other,
                note: "소속 기관이 경기 산하".into(),
            },
            Conflict {
                evaluator: members[9].user,
                region: Region::Busan,
                kind: ConflictKind::Other,
                note: "자문 참여".into(),
            },
        ];
        let pairs = panel::assignments(&members, &plans, &conflicts);
        assert_eq!(pairs.len(), plans.len() * evaluators - conflicts.len());

        let mut rng = XorShift(SEED);
        // Per mille of the points: how good each plan is, how lenient each evaluator is.
        let quality: Vec<i64> = plans.iter().map(|_| rng.between(600, 880)).collect();
        let leniency: Vec<i64> = members.iter().map(|_| rng.between(-50, 50)).collect();
        let items = framework.items();
        let sheets = pairs
            .iter()
            .map(|&(user, region)| {
                let seniority = members.iter().position(|m| m.user == user).unwrap();
                let plan = plans.iter().position(|r| *r == region).unwrap();
                let sheet = ScoreSheet {
                    items: items
                        .iter()
                        .map(|item| {
                            let max = item.max_points.unwrap().0;
                            let per_mille = (quality[plan] + leniency[seniority] + rng.between(-80, 80)).clamp(0, 1000);
                            mark((max * per_mille + 500) / 1000, &item.label)
                        })
                        .collect(),
                    bonuses: framework
                        .bonuses
                        .iter()
                        .map(|b| mark(rng.between(0, b.max_points.0 / 5) * 5, &b.name))
                        .collect(),
                    opinion: "종합 의견".into(),
                };
                assert!(sheet.submit_problems(&framework).is_empty());
                Scores::of(user, seniority, region, &sheet, &framework)
            })
            .collect();
        Round {
            panel: members.iter().map(|m| m.user).collect(),
            framework,
            plans,
            sheets,
            conflicts: conflicts.len(),
        }
    }
}

/// The seed's four indicators at 25 points each, the first and third as 10 + 15 sub-items;
/// bonuses of 3 and 2 points capped at 3; quota 5, the trimmed mean.
fn framework(panel_size: usize) -> Framework {
    let mut f = Framework::seed_default(5);
    for (i, indicator) in f.indicators.iter_mut().enumerate() {
        if i % 2 == 0 {
            indicator.sub_items = vec![sub_item("현황 진단", 10), sub_item("전략", 15)];
        } else {
            indicator.max_points = Some(Points::whole(25));
        }
    }
    f.bonuses = vec![
        Bonus {
            name: "한국판 뉴딜 연계".into(),
            max_points: Points::whole(3),
        },
        Bonus {
            name: "지역 일자리".into(),
            max_points: Points::whole(2),
        },
    ];
    f.bonus_cap = Some(Points::whole(3));
    f.aggregation = Aggregation::TrimmedMean;
    f.panel_size = panel_size as u32;
    f
}

fn sub_item(name: &str, points: i64) -> SubItem {
    SubItem {
        name: name.into(),
        max_points: Some(Points::whole(points)),
    }
}

fn mark(tenths: i64, label: &str) -> Mark {
    Mark {
        points: Some(Points(tenths)),
        reason: format!("{label}: 근거 서술"),
    }
}

/// xorshift64: deterministic, no dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform enough in `low..=high` for synthetic scores.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }
}
