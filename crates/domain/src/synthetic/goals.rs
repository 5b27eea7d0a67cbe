//! A plan's goals, how each is tracked, and its quarterly measurements: the six headline goals,
//! two goals counted from the register, then the same kinds of goal per site.

use super::Rng;
use super::places::label;
use crate::complex::Complex;
use crate::goal::{Goal, GoalKind, GoalStatement, Place};
use crate::package::{PackagePeriod, Quarter};
use crate::quantity::{Quantity, Unit};
use crate::results::{Evidence, GoalSetup, Measurement, Rating, Reading, SupportKind, SupportedFirm};

const EOK: i64 = 100_000_000;

/// The measured headline goals, one of each measured kind the program states.
pub(super) const HEADLINE_MEASURED: usize = 6;
const HEADLINE: [Template; HEADLINE_MEASURED] = [
    Template::Production,
    Template::Jobs,
    Template::Satisfaction,
    Template::YouthRate,
    Template::Accidents,
    Template::Digital,
];
/// Counted from the register, after the headline goals.
const COUNTED: [SupportKind; 2] = [SupportKind::Scaleup, SupportKind::Startup];
/// What each site is measured on. 생산액 and 고용 are left to the headline goals, so the national
/// roll-up counts each plan once.
const PER_SITE: [Template; 8] = [
    Template::Exports,
    Template::Sales,
    Template::Energy,
    Template::Occupancy,
    Template::Satisfaction,
    Template::YouthRate,
    Template::Accidents,
    Template::Digital,
];

/// Sites a plan needs so that its `measured` goals are spread over them (at least a hub and a
/// linked complex).
pub(super) fn sites_needed(measured: usize) -> usize {
    measured
        .saturating_sub(HEADLINE_MEASURED)
        .div_ceil(PER_SITE.len())
        .max(2)
}

#[derive(Debug, Clone, Copy)]
enum Template {
    Production,
    Jobs,
    Satisfaction,
    YouthRate,
    Accidents,
    Digital,
    Exports,
    Sales,
    Energy,
    Occupancy,
}

/// How readings move over the period.
enum Shape {
    /// From the baseline towards the full target, at the goal's pace.
    Toward { from: i64, to: i64, unit: Unit },
    /// A qualitative goal: a rating by the goal's pace.
    Rated,
}

pub(super) struct PlanGoals {
    pub goals: Vec<Goal>,
    pub setups: Vec<(usize, GoalSetup)>,
    pub measurements: Vec<(usize, Measurement)>,
}

fn goal(metric: String, kind: GoalKind, text: String, target: Option<Quantity>) -> Goal {
    Goal {
        metric,
        kind,
        statements: vec![GoalStatement {
            place: Place::Sheet,
            text,
            target,
        }],
    }
}

fn measured_goal(rng: &mut Rng, template: Template, site: Option<&str>) -> (Goal, GoalSetup, Shape) {
    let (base, kind) = match template {
        Template::Production => ("생산액", GoalKind::Increase),
        Template::Jobs => ("고용", GoalKind::Increase),
        Template::Satisfaction => ("근로자 만족도", GoalKind::ReachLevel),
        Template::YouthRate => ("청년 고용률", GoalKind::RaiseBy),
        Template::Accidents => ("안전사고", GoalKind::DriveToZero),
        Template::Digital => ("디지털 전환 수준", GoalKind::Qualitative),
        Template::Exports => ("수출액", GoalKind::Increase),
        Template::Sales => ("입주업체 매출액", GoalKind::Increase),
        Template::Energy => ("에너지 효율", GoalKind::ReachLevel),
        Template::Occupancy => ("입주율", GoalKind::ReachLevel),
    };
    let metric = match site {
        Some(site) => format!("{base}({site})"),
        None => base.to_string(),
    };
    let (target, baseline) = match template {
        Template::Production => (
            Some(Quantity::won(rng.range(5, 50) * 100 * EOK)),
            Some(Quantity::won(rng.range(10, 300) * 1000 * EOK)),
        ),
        Template::Exports | Template::Sales => (
            Some(Quantity::won(rng.range(1, 30) * 100 * EOK)),
            Some(Quantity::won(rng.range(5, 200) * 1000 * EOK)),
        ),
        Template::Jobs => (
            Some(Quantity::new(rng.range(10, 300) * 10, Unit::People)),
            Some(Quantity::new(rng.range(50, 2000) * 10, Unit::People)),
        ),
        Template::Satisfaction => {
            let level = rng.range(70, 90);
            (
                Some(Quantity::new(level * 100, Unit::Points)),
                Some(Quantity::new((level - rng.range(10, 25)) * 100, Unit::Points)),
            )
        }
        Template::Energy | Template::Occupancy => {
            let level = rng.range(85, 99);
            (
                Some(Quantity::new(level * 100, Unit::Percent)),
                Some(Quantity::new((level - rng.range(5, 30)) * 100, Unit::Percent)),
            )
        }
        Template::YouthRate => (
            Some(Quantity::new(rng.range(2, 8) * 100, Unit::PercentPoint)),
            Some(Quantity::new(rng.range(20, 40) * 100, Unit::Percent)),
        ),
        Template::Accidents => (None, Some(Quantity::new(rng.range(5, 40), Unit::Cases))),
        Template::Digital => (None, None),
    };
    let text = match (kind, target) {
        (GoalKind::Increase, Some(t)) if matches!(template, Template::Jobs) => format!("{metric} {t} 창출"),
        (GoalKind::Increase, Some(t)) => format!("{metric} {t} 증대"),
        (GoalKind::ReachLevel, Some(t)) => format!("{metric} {t} 달성"),
        (GoalKind::RaiseBy, Some(t)) => format!("{metric} {t} 상승"),
        (GoalKind::DriveToZero, _) => format!("{metric} ZERO화"),
        _ => format!("{metric} 향상"),
    };
    let shape = match (kind, baseline, target) {
        (GoalKind::Qualitative, ..) => Shape::Rated,
        (GoalKind::DriveToZero, Some(b), _) => Shape::Toward {
            from: b.value,
            to: 0,
            unit: b.unit,
        },
        (GoalKind::ReachLevel, Some(b), Some(t)) => Shape::Toward {
            from: b.value,
            to: t.value,
            unit: t.unit,
        },
        (_, Some(b), Some(t)) => Shape::Toward {
            from: b.value,
            to: b.value + t.value,
            unit: b.unit,
        },
        _ => Shape::Rated,
    };
    let setup = GoalSetup {
        baseline,
        ..GoalSetup::default()
    };
    (goal(metric, kind, text, target), setup, shape)
}

fn counted_goal(rng: &mut Rng, support: SupportKind, firms: &[(usize, SupportedFirm)]) -> (Goal, GoalSetup) {
    let supported = firms.iter().filter(|(_, f)| f.support == support).count() as i64;
    // A target a little above what the register reaches, so plans end near their goal.
    let wanted = (supported * rng.range(1000, 1300) / 1000).max(1);
    let goal = match support {
        SupportKind::Scaleup => {
            let t = Quantity::new(wanted, Unit::Firms);
            goal(
                "강소기업".into(),
                GoalKind::Increase,
                format!("강소기업 {t} 육성"),
                Some(t),
            )
        }
        _ => {
            let t = Quantity::new(wanted, Unit::Items);
            goal(
                "신규창업".into(),
                GoalKind::Increase,
                format!("신규창업 {t} 창출"),
                Some(t),
            )
        }
    };
    let setup = GoalSetup {
        counted_from: Some(support),
        ..GoalSetup::default()
    };
    (goal, setup)
}

/// How fast a goal moves, in thousandths of the pace the period asks: most keep pace, some lag.
fn pace(rng: &mut Rng) -> i64 {
    match rng.range(0, 99) {
        0..=69 => rng.range(900, 1300),
        70..=89 => rng.range(600, 899),
        _ => rng.range(200, 599),
    }
}

fn reading(rng: &mut Rng, shape: &Shape, pace: i64, quarter_no: i64, quarters: i64) -> Reading {
    let share = pace * quarter_no / quarters + rng.range(-30, 30);
    match *shape {
        Shape::Rated => Reading::Rating(match share {
            1000.. => Rating::Excellent,
            850..=999 => Rating::Good,
            600..=849 => Rating::Fair,
            350..=599 => Rating::Poor,
            _ => Rating::Failing,
        }),
        Shape::Toward { from, to, unit } => {
            let value = i128::from(from) + i128::from(to - from) * i128::from(share) / 1000;
            let ceiling = if matches!(unit, Unit::Percent | Unit::Points) {
                10_000
            } else {
                i128::from(i64::MAX)
            };
            // Written as officials report: 억 원, and rates and scores to one decimal.
            let step = match unit {
                Unit::Won => i128::from(EOK),
                Unit::Percent | Unit::PercentPoint | Unit::Points => 10,
                _ => 1,
            };
            let rounded = (value + step / 2).div_euclid(step) * step;
            Reading::Value(Quantity::new(rounded.clamp(0, ceiling) as i64, unit))
        }
    }
}

/// The plan's goals with their setups and measurements. `measured` goals are measured every
/// quarter of the period except `unreported` latest quarters, taken from the last goals first.
pub(super) fn plan_goals(
    rng: &mut Rng,
    sites: &[Complex],
    firms: &[(usize, SupportedFirm)],
    period: PackagePeriod,
    measured: usize,
    unreported: usize,
) -> PlanGoals {
    let mut out = PlanGoals {
        goals: Vec::new(),
        setups: Vec::new(),
        measurements: Vec::new(),
    };
    let quarters: Vec<Quarter> = period
        .years()
        .flat_map(|year| (1..=4).map(move |quarter| Quarter { year, quarter }))
        .collect();
    let slug_round = (period.first_year - 1, sites[0].region.slug());
    let mut shapes = Vec::with_capacity(measured);
    for j in 0..measured {
        let (template, site) = if let Some(headline) = HEADLINE.get(j) {
            (*headline, None)
        } else {
            let k = j - HEADLINE_MEASURED;
            let (site_no, lap) = ((k / PER_SITE.len()) % sites.len(), k / (PER_SITE.len() * sites.len()));
            let name = match lap {
                0 => label(&sites[site_no]).to_string(),
                n => format!("{}, {}단계", label(&sites[site_no]), n + 1),
            };
            (PER_SITE[k % PER_SITE.len()], Some(name))
        };
        let (goal, setup, shape) = measured_goal(rng, template, site.as_deref());
        shapes.push((goal_no(j), shape));
        out.goals.push(goal);
        out.setups.push((goal_no(j), setup));
        if j + 1 == HEADLINE_MEASURED {
            for support in COUNTED {
                let (goal, setup) = counted_goal(rng, support, firms);
                out.setups.push((out.goals.len(), setup));
                out.goals.push(goal);
            }
        }
    }
    out.setups.sort_by_key(|(no, _)| *no);
    for (j, (no, shape)) in shapes.iter().enumerate() {
        let dropped = unreported / measured + usize::from(measured - 1 - j < unreported % measured);
        let reported = quarters.len().saturating_sub(dropped);
        let pace = pace(rng);
        for (i, quarter) in quarters.iter().take(reported).enumerate() {
            let url = format!(
                "https://synthetic.invalid/{}/{}/goal-{no}/{quarter}",
                slug_round.0, slug_round.1
            );
            out.measurements.push((
                *no,
                Measurement {
                    quarter: *quarter,
                    reading: reading(rng, shape, pace, i as i64 + 1, quarters.len() as i64),
                    evidence: Evidence::Link { url },
                },
            ));
        }
    }
    out
}

/// The position in the plan of the `j`th measured goal: the counted goals stand after the
/// headline ones.
fn goal_no(j: usize) -> usize {
    if j < HEADLINE_MEASURED { j } else { j + COUNTED.len() }
}
