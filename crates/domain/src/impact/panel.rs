//! A cohort's panel: the window of quarters, the hubs and the eligible complexes with complete
//! series, the matched sample, and the estimates on it — and the cohorts stacked.

use std::collections::{HashMap, HashSet};

use super::estimate::{did, event_study, placebo};
use super::matching::{Series, nearest};
use super::selection::{Cohort, Selection};
use super::{
    Analysis, Checks, CohortImpact, Comparison, Excluded, Indicator, IndicatorImpact, MATCHING_QUARTERS,
    MIN_COMPARISON, MIN_MATCHING_QUARTERS, MIN_POST_QUARTERS, MIN_PRE_QUARTERS, MIN_TREATED, Outcome, PRE_QUARTERS,
    Refusal, wording,
};
use crate::complex::ComplexId;
use crate::complex_survey::QuarterlySurvey;
use crate::designation::DesignationKind;
use crate::package::{PackagePeriod, Quarter};
use crate::record::Record;

/// Every complex's survey rows by quarter.
pub(super) struct SurveyIndex<'a> {
    rows: HashMap<&'a str, HashMap<Quarter, &'a QuarterlySurvey>>,
    span: Option<(Quarter, Quarter)>,
}

impl<'a> SurveyIndex<'a> {
    pub fn new(surveys: &'a [QuarterlySurvey]) -> SurveyIndex<'a> {
        let mut rows: HashMap<&str, HashMap<Quarter, &QuarterlySurvey>> = HashMap::new();
        for row in surveys {
            rows.entry(row.complex.0.as_str()).or_default().insert(row.quarter, row);
        }
        let first = surveys.iter().map(|r| r.quarter).min();
        let last = surveys.iter().map(|r| r.quarter).max();
        SurveyIndex {
            rows,
            span: first.zip(last),
        }
    }

    pub fn span(&self) -> Option<(Quarter, Quarter)> {
        self.span
    }

    /// The logarithm of `indicator` for `quarters` quarters from `first`, or `None` when a
    /// quarter is missing or not above zero (a complex not yet open, or closed).
    fn logs(&self, complex: &ComplexId, indicator: Indicator, first: Quarter, quarters: i32) -> Option<Vec<f64>> {
        let rows = self.rows.get(complex.0.as_str())?;
        (0..quarters)
            .map(|k| {
                let value = indicator.of(rows.get(&first.offset(k))?);
                (value > 0).then(|| (value as f64).ln())
            })
            .collect()
    }
}

/// A complex in a sample: the hub whose matched set it is in, its weight, whether it is a hub,
/// and its logged series.
pub(super) struct Unit {
    pub complex: ComplexId,
    pub set: ComplexId,
    pub weight: f64,
    pub treated: bool,
    pub logs: Vec<f64>,
}

/// One cohort's matched, balanced panel for one indicator; `first_event` is the event time of
/// its first quarter (selection = 0).
pub(super) struct Sample {
    pub first_event: i32,
    pub units: Vec<Unit>,
}

impl Sample {
    pub fn quarters(&self) -> usize {
        self.units.first().map_or(0, |u| u.logs.len())
    }

    /// The same panel cut to the quarters before selection.
    pub fn before_selection(&self) -> Sample {
        let pre = (-self.first_event).max(0) as usize;
        Sample {
            first_event: self.first_event,
            units: self
                .units
                .iter()
                .map(|u| Unit {
                    complex: u.complex.clone(),
                    set: u.set.clone(),
                    weight: u.weight,
                    treated: u.treated,
                    logs: u.logs[..pre.min(u.logs.len())].to_vec(),
                })
                .collect(),
        }
    }
}

/// A cohort's quarters: `matching` quarters to match on, then `pre` quarters before selection
/// and `post` from it to the end of its package (or the survey's end). Where the survey starts
/// later than both periods need, the quarters it has are split, the estimate's first.
struct Window {
    first: Quarter,
    last: Quarter,
    matching: i32,
    pre: i32,
    post: i32,
}

impl Window {
    fn of(cohort: &Cohort, span: (Quarter, Quarter)) -> Window {
        let package_end = Quarter {
            year: PackagePeriod::of_round(cohort.round).last_year(),
            quarter: 4,
        };
        let selected = cohort.quarter();
        let available = selected.since(span.0).clamp(0, PRE_QUARTERS + MATCHING_QUARTERS);
        let pre = PRE_QUARTERS.min((available + 1) / 2);
        let matching = MATCHING_QUARTERS.min(available - pre);
        let last = package_end.min(span.1);
        Window {
            first: selected.offset(-(pre + matching)),
            last,
            matching,
            pre,
            post: last.since(selected) + 1,
        }
    }

    fn quarters(&self) -> i32 {
        self.last.since(self.first) + 1
    }

    fn estimated_from(&self) -> Quarter {
        self.first.offset(self.matching)
    }

    fn is_too_short(&self) -> bool {
        self.pre < MIN_PRE_QUARTERS || self.matching < MIN_MATCHING_QUARTERS || self.post < MIN_POST_QUARTERS
    }
}

/// What a cohort leaves for the stacked estimate: each indicator's analysis and sample.
pub(super) type Built = Vec<Option<(Analysis, Sample)>>;

/// A cohort's estimates for every indicator, and the samples they rest on.
pub(super) fn cohort_impact(
    record: &Record,
    index: &SurveyIndex,
    selections: &[Selection],
    cohort: &Cohort,
) -> (CohortImpact, Built) {
    let window = index.span().map(|span| Window::of(cohort, span));
    let mut indicators = Vec::new();
    let mut built = Vec::new();
    for indicator in Indicator::ALL {
        let result = match &window {
            None => Err(Refusal::NoSurvey),
            Some(w) if w.is_too_short() => Err(Refusal::TooFewQuarters {
                pre: (w.pre + w.matching).max(0),
                post: w.post.max(0),
            }),
            Some(w) => analyse_cohort(record, index, selections, cohort, w, indicator),
        };
        let outcome = match result {
            Ok((analysis, sample)) => {
                let outcome = Outcome::Estimated(Box::new(analysis.clone()));
                built.push(Some((analysis, sample)));
                outcome
            }
            Err(refusal) => {
                built.push(None);
                Outcome::Refused(refusal)
            }
        };
        indicators.push(IndicatorImpact { indicator, outcome });
    }
    let selected = cohort.quarter();
    let (first_quarter, estimated_from, last_quarter) = window.as_ref().map_or((selected, selected, selected), |w| {
        (w.first, w.estimated_from(), w.last)
    });
    let impact = CohortImpact {
        round: cohort.round,
        selected_on: cohort.day,
        first_quarter,
        estimated_from,
        last_quarter,
        hubs: cohort.hubs.clone(),
        indicators,
    };
    (impact, built)
}

fn analyse_cohort(
    record: &Record,
    index: &SurveyIndex,
    selections: &[Selection],
    cohort: &Cohort,
    window: &Window,
    indicator: Indicator,
) -> Result<(Analysis, Sample), Refusal> {
    let quarters = window.quarters();
    let mut excluded = Vec::new();
    let mut treated = Vec::new();
    for hub in &cohort.hubs {
        let Some(complex) = record.complex(hub) else {
            excluded.push(exclude(hub, "기록에 없는 산업단지입니다."));
            continue;
        };
        // The comparison pool is aged complexes only, so a hub that was not has no comparable
        // complexes: a young complex still filling up grows in a way no aged one does.
        match complex.is_aged_on(&cohort.day) {
            Some(true) => {}
            Some(false) => {
                excluded.push(exclude(
                    hub,
                    "선정일에 착공 후 20년이 되지 않아 비교할 노후 산단이 없습니다.",
                ));
                continue;
            }
            None => {
                excluded.push(exclude(hub, "착공일을 몰라 노후 여부와 비교 산단을 정할 수 없습니다."));
                continue;
            }
        }
        match index.logs(hub, indicator, window.first, quarters) {
            Some(logs) => treated.push(Series {
                complex: &complex.id,
                kind: complex.kind,
                logs,
            }),
            None => excluded.push(exclude(hub, "기간 중 통계가 없거나 0인 분기가 있습니다.")),
        }
    }
    if treated.len() < MIN_TREATED {
        return Err(Refusal::TooFewTreated { count: treated.len() });
    }
    let selected_by: HashMap<&ComplexId, Quarter> = selections.iter().map(|s| (&s.complex, s.quarter())).collect();
    let eligible: Vec<&crate::complex::Complex> = record
        .complexes
        .iter()
        .filter(|c| {
            c.kind.may_be_hub()
                && c.is_aged_on(&cohort.day) == Some(true)
                && selected_by.get(&c.id).is_none_or(|q| *q > window.last)
        })
        .collect();
    let pool: Vec<Series> = eligible
        .iter()
        .filter_map(|c| {
            index.logs(&c.id, indicator, window.first, quarters).map(|logs| Series {
                complex: &c.id,
                kind: c.kind,
                logs,
            })
        })
        .collect();
    if pool.len() < MIN_COMPARISON {
        return Err(Refusal::TooFewComparison { count: pool.len() });
    }
    let matched = nearest(&treated, &pool, window.matching as usize);
    for hub in &matched.unmatched {
        excluded.push(exclude(hub, "같은 유형의 비교 산단이 없습니다."));
    }
    treated.retain(|t| !matched.unmatched.contains(t.complex));
    if treated.len() < MIN_TREATED {
        return Err(Refusal::TooFewTreated { count: treated.len() });
    }
    if matched.comparison.len() < MIN_COMPARISON {
        return Err(Refusal::TooFewComparison {
            count: matched.comparison.len(),
        });
    }
    // The estimate reads the quarters after those matched on.
    let skip = window.matching as usize;
    let logs_of: HashMap<&ComplexId, &Vec<f64>> = pool.iter().map(|s| (s.complex, &s.logs)).collect();
    let mut units: Vec<Unit> = treated
        .iter()
        .map(|t| Unit {
            complex: t.complex.clone(),
            set: t.complex.clone(),
            weight: 1.0,
            treated: true,
            logs: t.logs[skip..].to_vec(),
        })
        .collect();
    units.extend(matched.comparison.iter().map(|c| Unit {
        complex: c.complex.clone(),
        set: c.matched_to.clone(),
        weight: c.weight,
        treated: false,
        logs: logs_of[&c.complex][skip..].to_vec(),
    }));
    let sample = Sample {
        first_event: -window.pre,
        units,
    };
    let elsewhere = in_other_programs(record, window);
    let treated_ids: Vec<ComplexId> = treated.iter().map(|t| t.complex.clone()).collect();
    let checks = Checks {
        placebo: placebo(&[&sample]),
        treated_in_other_programs: treated_ids.iter().filter(|c| elsewhere.contains(c)).count(),
        comparison_in_other_programs: matched
            .comparison
            .iter()
            .filter(|c| elsewhere.contains(&c.complex))
            .count(),
        eligible: eligible.len(),
        eligible_with_statistics: pool.len(),
    };
    let analysis = estimated(indicator, &[&sample], treated_ids, matched.comparison, excluded, checks)?;
    Ok((analysis, sample))
}

fn estimated(
    indicator: Indicator,
    samples: &[&Sample],
    treated: Vec<ComplexId>,
    comparison: Vec<Comparison>,
    excluded: Vec<Excluded>,
    checks: Checks,
) -> Result<Analysis, Refusal> {
    let (estimate, clusters) = did(samples)?;
    let events = event_study(samples)?;
    Ok(Analysis {
        indicator,
        sentence: wording::sentence(indicator, &estimate),
        did: estimate,
        events,
        treated,
        comparison,
        excluded,
        clusters,
        checks,
    })
}

fn exclude(complex: &ComplexId, reason: &str) -> Excluded {
    Excluded {
        complex: complex.clone(),
        reason: reason.into(),
    }
}

/// Complexes another part of the program may have moved within the window: linked sites of a
/// funded plan whose package overlaps it, and complexes designated 스마트그린산단 within it.
fn in_other_programs<'r>(record: &'r Record, window: &Window) -> HashSet<&'r ComplexId> {
    let years = window.estimated_from().year..=window.last.year;
    let funded: HashSet<(i32, crate::region::Region)> = record
        .designations
        .iter()
        .filter(|d| DesignationKind::FUNDING.contains(&d.kind))
        .filter_map(|d| Some((d.round?, d.region?)))
        .collect();
    let linked = record
        .plans
        .iter()
        .filter(|p| funded.contains(&(p.round, p.region)))
        .filter(|p| PackagePeriod::of_round(p.round).years().any(|y| years.contains(&y)))
        .flat_map(|p| p.linked.iter().map(|l| &l.complex));
    let smart_green = record
        .designations
        .iter()
        .filter(|d| d.kind == DesignationKind::SmartGreen && years.contains(&d.date.year))
        .filter_map(|d| d.complex.as_ref());
    linked.chain(smart_green).collect()
}

/// Every cohort's matched sample for `indicator`, stacked: one estimate for the program.
pub(super) fn stacked(cohorts: &[(CohortImpact, Built)], position: usize, indicator: Indicator) -> IndicatorImpact {
    let parts: Vec<(i32, &Analysis, &Sample)> = cohorts
        .iter()
        .filter_map(|(c, built)| built[position].as_ref().map(|(a, s)| (c.round, a, s)))
        .collect();
    let outcome = if parts.is_empty() {
        // No cohort could be estimated: the latest cohort's reason stands for the program's.
        Outcome::Refused(
            cohorts
                .last()
                .and_then(|(c, _)| c.indicators[position].refusal().cloned())
                .unwrap_or(Refusal::NoSurvey),
        )
    } else {
        let samples: Vec<&Sample> = parts.iter().map(|p| p.2).collect();
        let comparison = parts.iter().flat_map(|p| p.1.comparison.iter().cloned()).collect();
        let sum = |f: fn(&Checks) -> usize| parts.iter().map(|p| f(&p.1.checks)).sum();
        let checks = Checks {
            placebo: placebo(&samples),
            treated_in_other_programs: sum(|c| c.treated_in_other_programs),
            comparison_in_other_programs: sum(|c| c.comparison_in_other_programs),
            eligible: sum(|c| c.eligible),
            eligible_with_statistics: sum(|c| c.eligible_with_statistics),
        };
        let excluded = parts
            .iter()
            .flat_map(|(round, a, _)| {
                a.excluded.iter().map(move |e| Excluded {
                    complex: e.complex.clone(),
                    reason: format!("{round}년 선정: {}", e.reason),
                })
            })
            .collect();
        let treated = parts.iter().flat_map(|p| p.1.treated.iter().cloned()).collect();
        match estimated(indicator, &samples, treated, comparison, excluded, checks) {
            Ok(analysis) => Outcome::Estimated(Box::new(analysis)),
            Err(refusal) => Outcome::Refused(refusal),
        }
    };
    IndicatorImpact { indicator, outcome }
}
