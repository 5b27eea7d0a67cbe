//! 지정: the committee's decisions — selection, confirmation, smart green, districts.

use serde::{Deserialize, Serialize};

use crate::complex::ComplexId;
use crate::date::Day;
use crate::region::Region;
use crate::source::SourceId;

/// What a decision made a region or a complex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DesignationKind {
    /// 예비선정 (a region, in a round)
    PreliminarySelection,
    /// 최종확정 (a region, in a round)
    FinalConfirmation,
    /// 스마트그린산단 (a complex; 스마트 선도산단 before the 2020 renaming)
    SmartGreen,
    /// 경쟁력강화사업지구 (a region's district, in the round after its selection)
    CompetitivenessDistrict,
}

impl DesignationKind {
    pub fn korean(self) -> &'static str {
        match self {
            DesignationKind::PreliminarySelection => "예비선정",
            DesignationKind::FinalConfirmation => "최종확정",
            DesignationKind::SmartGreen => "스마트그린산단 지정",
            DesignationKind::CompetitivenessDistrict => "경쟁력강화사업지구 지정",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            DesignationKind::PreliminarySelection => "Preliminary selection",
            DesignationKind::FinalConfirmation => "Final confirmation",
            DesignationKind::SmartGreen => "Smart green complex",
            DesignationKind::CompetitivenessDistrict => "Competitiveness district",
        }
    }

    /// The decisions that fund a plan's package: its final confirmation, or — for the rounds
    /// before confirmations were recorded (2020) — the district designation that followed it.
    pub const FUNDING: [DesignationKind; 2] = [
        DesignationKind::FinalConfirmation,
        DesignationKind::CompetitivenessDistrict,
    ];

    /// Smart green designations name a complex; the others name a region's plan.
    pub fn names_a_complex(self) -> bool {
        self == DesignationKind::SmartGreen
    }
}

/// 지정 (a dated decision of a named body)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Designation {
    pub kind: DesignationKind,
    pub date: Day,
    /// The deciding body (e.g. 노후거점산업단지 경쟁력강화추진위원회).
    pub body: String,
    /// For decisions on a region's plan: the round of that plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complex: Option<ComplexId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub sources: Vec<SourceId>,
}

/// 선정·지정 목표: what the program set out to reach by a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Target {
    pub kind: DesignationKind,
    pub year: i32,
    pub count: u32,
    /// 누적: counted from the start, not within the year.
    pub cumulative: bool,
    pub sources: Vec<SourceId>,
}

/// 위원회 회의: a meeting at which decisions were taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meeting {
    pub date: Day,
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chairs: Vec<String>,
    pub sources: Vec<SourceId>,
}

/// One year of a program's decisions against its target: what was designated that year,
/// how many in all so far, and the target set for that year, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearTally<'a> {
    pub year: i32,
    pub designated: Vec<&'a Designation>,
    pub cumulative: u32,
    pub target: Option<&'a Target>,
}

/// Decisions of `kind` year by year, with every year that has a decision or a target, oldest
/// first. Progress is counted from the decisions, never typed in.
pub fn tally_by_year<'a>(
    kind: DesignationKind,
    designations: &'a [Designation],
    targets: &'a [Target],
) -> Vec<YearTally<'a>> {
    let mut years: Vec<i32> = designations
        .iter()
        .filter(|d| d.kind == kind)
        .map(|d| d.date.year)
        .chain(targets.iter().filter(|t| t.kind == kind).map(|t| t.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut cumulative = 0;
    years
        .into_iter()
        .map(|year| {
            let mut designated: Vec<&Designation> = designations
                .iter()
                .filter(|d| d.kind == kind && d.date.year == year)
                .collect();
            designated.sort_by_key(|d| d.date);
            cumulative += designated.len() as u32;
            let target = targets.iter().find(|t| t.kind == kind && t.year == year);
            YearTally {
                year,
                designated,
                cumulative,
                target,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smart_green(date: Day) -> Designation {
        Designation {
            kind: DesignationKind::SmartGreen,
            date,
            body: "산업통상자원부".into(),
            round: None,
            region: None,
            complex: None,
            note: None,
            sources: vec![],
        }
    }

    fn target(year: i32, count: u32) -> Target {
        Target {
            kind: DesignationKind::SmartGreen,
            year,
            count,
            cumulative: true,
            sources: vec![],
        }
    }

    #[test]
    fn tallies_count_up_through_the_years_and_show_targets_in_years_without_decisions() {
        let decided = vec![
            smart_green(Day::ymd(2021, 3, 24)),
            smart_green(Day::ymd(2019, 2, 19)),
            smart_green(Day::ymd(2019, 9, 10)),
        ];
        let targets = vec![target(2021, 10), target(2025, 15)];
        let tally = tally_by_year(DesignationKind::SmartGreen, &decided, &targets);
        let seen: Vec<(i32, usize, u32, Option<u32>)> = tally
            .iter()
            .map(|t| (t.year, t.designated.len(), t.cumulative, t.target.map(|t| t.count)))
            .collect();
        assert_eq!(
            seen,
            vec![(2019, 2, 2, None), (2021, 1, 3, Some(10)), (2025, 0, 3, Some(15))]
        );
        assert!(
            tally[0].designated[0].date < tally[0].designated[1].date,
            "oldest first within a year"
        );
    }

    #[test]
    fn other_kinds_of_decision_are_not_counted() {
        let mut other = smart_green(Day::ymd(2021, 3, 24));
        other.kind = DesignationKind::PreliminarySelection;
        assert!(tally_by_year(DesignationKind::SmartGreen, &[other], &[]).is_empty());
    }

    #[test]
    fn a_plan_is_funded_by_its_confirmation_or_its_district_designation_only() {
        assert!(DesignationKind::FUNDING.contains(&DesignationKind::FinalConfirmation));
        assert!(DesignationKind::FUNDING.contains(&DesignationKind::CompetitivenessDistrict));
        assert!(!DesignationKind::FUNDING.contains(&DesignationKind::PreliminarySelection));
        assert!(!DesignationKind::FUNDING.contains(&DesignationKind::SmartGreen));
    }
}
