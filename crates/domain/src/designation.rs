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
