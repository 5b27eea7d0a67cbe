//! 선정: which complexes the program treated and from when, read from the committee's decisions.

use std::collections::BTreeMap;

use crate::complex::ComplexId;
use crate::date::Day;
use crate::designation::DesignationKind;
use crate::package::Quarter;
use crate::record::Record;
use crate::region::Region;

/// A hub's first selection: the plan that named it and the day the committee first chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub complex: ComplexId,
    pub round: i32,
    pub region: Region,
    pub day: Day,
}

impl Selection {
    pub fn quarter(&self) -> Quarter {
        Quarter::of(&self.day)
    }
}

/// Every funded plan's hub, from its plan's first selection decision (예비선정, or the funding
/// decision where the record holds no preliminary one); a hub named by several plans counts
/// from the first. A plan never funded treated nothing and is left out. Ordered by day, then id.
pub fn selections(record: &Record) -> Vec<Selection> {
    let mut first: BTreeMap<&ComplexId, Selection> = BTreeMap::new();
    for plan in &record.plans {
        let decisions: Vec<_> = record
            .designations
            .iter()
            .filter(|d| d.round == Some(plan.round) && d.region == Some(plan.region))
            .collect();
        if !decisions.iter().any(|d| DesignationKind::FUNDING.contains(&d.kind)) {
            continue;
        }
        let Some(day) = decisions
            .iter()
            .filter(|d| d.kind == DesignationKind::PreliminarySelection || DesignationKind::FUNDING.contains(&d.kind))
            .map(|d| d.date)
            .min()
        else {
            continue;
        };
        let selection = Selection {
            complex: plan.hub.complex.clone(),
            round: plan.round,
            region: plan.region,
            day,
        };
        first
            .entry(&plan.hub.complex)
            .and_modify(|s| {
                if selection.day < s.day {
                    *s = selection.clone();
                }
            })
            .or_insert(selection);
    }
    let mut all: Vec<Selection> = first.into_values().collect();
    all.sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.complex.cmp(&b.complex)));
    all
}

/// A round's first selections.
pub(super) struct Cohort {
    pub round: i32,
    pub day: Day,
    pub hubs: Vec<ComplexId>,
}

impl Cohort {
    pub fn quarter(&self) -> Quarter {
        Quarter::of(&self.day)
    }
}

/// The cohorts, oldest round first. A round's hubs share its first selection day: the committee
/// chooses a round's regions together.
pub(super) fn cohorts(selections: &[Selection]) -> Vec<Cohort> {
    let mut by_round: BTreeMap<i32, Cohort> = BTreeMap::new();
    for s in selections {
        let cohort = by_round.entry(s.round).or_insert_with(|| Cohort {
            round: s.round,
            day: s.day,
            hubs: Vec::new(),
        });
        cohort.day = cohort.day.min(s.day);
        cohort.hubs.push(s.complex.clone());
    }
    by_round.into_values().collect()
}
