//! 공모: what the program office sets when it opens a round — the call text, who may apply,
//! which complexes may be hubs, how many sites a plan links, the budget years, when
//! submissions close, and the ranges a goal must stay within to count as feasible. The round's
//! schedule (its milestones) lives on the `Round` the public pages show.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::complex::ComplexId;
use crate::documents;
use crate::plan::Metric;

/// 공모 설정 (one per round opened in Sandan)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Call {
    pub year: i32,
    /// 공고문
    pub text: String,
    /// 신청 자격
    pub eligibility: String,
    /// 접수 마감 시각 (한국 시간) on the deadline day.
    pub closes_at: ClockTime,
    /// 전략계획에 명시된 일반산단: the general complexes that may be hubs this round.
    #[serde(default)]
    pub general_hubs: Vec<ComplexId>,
    /// Whether a complex under 20 years old may be linked as a 연계지역.
    #[serde(default)]
    pub young_sites_as_areas: bool,
    /// Whether a submission must carry the 혁신계획서 file (see `documents`).
    #[serde(default)]
    pub plan_document_required: bool,
    /// The largest document file, in MB (1 to [`documents::MAX_BYTES`]'s 50).
    #[serde(default = "documents_mb")]
    pub document_max_mb: u32,
    /// How many 연계산단·연계지역 a plan names.
    pub linked_min: u8,
    pub linked_max: u8,
    /// 사업 기간: the first year of the budget and how many years it spans.
    pub first_budget_year: i32,
    pub budget_years: u8,
    /// 목표 적정 범위: flagged on the feasibility panel when a goal falls outside.
    #[serde(default)]
    pub feasibility: Vec<FeasibilityRange>,
}

/// Calls saved before the limit was a setting took the program-wide one.
fn documents_mb() -> u32 {
    documents::MAX_MB
}

impl Call {
    /// The settings a new round starts from: the program's usual call (quota 5, one hub and two
    /// or three linked sites, a three-year package from the next year, 18:00 closing).
    pub fn new(year: i32) -> Call {
        Call {
            year,
            text: String::new(),
            eligibility: String::new(),
            closes_at: ClockTime { hour: 18, minute: 0 },
            general_hubs: Vec::new(),
            young_sites_as_areas: false,
            plan_document_required: false,
            document_max_mb: documents::MAX_MB,
            linked_min: 2,
            linked_max: 3,
            first_budget_year: year + 1,
            budget_years: 3,
            feasibility: Vec::new(),
        }
    }

    pub fn budget_span(&self) -> std::ops::RangeInclusive<i32> {
        self.first_budget_year..=self.first_budget_year + i32::from(self.budget_years.max(1)) - 1
    }

    pub fn range_for(&self, metric: Metric) -> Option<&FeasibilityRange> {
        self.feasibility.iter().find(|r| r.metric == metric)
    }

    /// Settings that contradict themselves, in words the office can act on.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.linked_min > self.linked_max {
            problems.push(format!(
                "연계지역 수의 최소({})가 최대({})보다 큽니다.",
                self.linked_min, self.linked_max
            ));
        }
        if self.linked_max > 10 {
            problems.push("연계지역은 10곳 이하로 정해 주십시오.".into());
        }
        if !(1..=documents::MAX_MB).contains(&self.document_max_mb) {
            problems.push(format!(
                "문서 한 파일의 최대 크기는 1~{}MB로 정해 주십시오.",
                documents::MAX_MB
            ));
        }
        if !(1..=10).contains(&self.budget_years) {
            problems.push("사업 기간은 1~10년으로 정해 주십시오.".into());
        }
        if !(self.year..=self.year + 5).contains(&self.first_budget_year) {
            problems.push(format!("사업 첫해는 공모 연도({})부터 5년 안이어야 합니다.", self.year));
        }
        for range in &self.feasibility {
            if range.min_percent > range.max_percent {
                problems.push(format!(
                    "{} 적정 범위의 최소({}%)가 최대({}%)보다 큽니다.",
                    range.metric.korean(),
                    range.min_percent,
                    range.max_percent
                ));
            }
        }
        problems
    }
}

/// 목표 적정 범위 for one of the hub's statistics. Jobs and firms are weighed as a share of the
/// hub's own figure; production and exports as growth per year over the hub's baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeasibilityRange {
    pub metric: Metric,
    pub min_percent: u32,
    pub max_percent: u32,
}

/// 시각 (한국 시간), "18:00".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime {
    pub hour: u8,
    pub minute: u8,
}

impl ClockTime {
    pub fn minutes(self) -> u16 {
        u16::from(self.hour) * 60 + u16::from(self.minute)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}'은(는) 시각 형식이 아닙니다 (예: 18:00)")]
pub struct BadClockTime(pub String);

impl FromStr for ClockTime {
    type Err = BadClockTime;

    fn from_str(s: &str) -> Result<ClockTime, BadClockTime> {
        let bad = || BadClockTime(s.to_string());
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        let two = |p: &str| (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u8>().ok());
        let (hour, minute) = (two(h).flatten().ok_or_else(bad)?, two(m).flatten().ok_or_else(bad)?);
        if hour > 23 || minute > 59 {
            return Err(bad());
        }
        Ok(ClockTime { hour, minute })
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ClockTime {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("한국 시간 HH:MM"))
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ClockTime {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_call_runs_three_budget_years_from_the_next_year() {
        let call = Call::new(2027);
        assert_eq!(call.budget_span(), 2028..=2030);
        assert!(call.problems().is_empty());
    }

    #[test]
    fn contradictory_settings_are_named() {
        let call = Call {
            linked_min: 4,
            linked_max: 3,
            budget_years: 0,
            first_budget_year: 2040,
            feasibility: vec![FeasibilityRange {
                metric: Metric::Employment,
                min_percent: 50,
                max_percent: 10,
            }],
            ..Call::new(2027)
        };
        let problems = call.problems();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[3].contains("고용"));
    }

    #[test]
    fn closing_times_are_read_as_hours_and_minutes() {
        assert_eq!("18:00".parse::<ClockTime>().unwrap().minutes(), 1080);
        for bad in ["24:00", "18", "6:00", "18:60", "", "ab:cd"] {
            assert!(bad.parse::<ClockTime>().is_err(), "{bad}");
        }
    }
}
