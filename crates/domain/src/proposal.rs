//! 혁신계획안: the innovation plan a province writes in Sandan, section by section, saves as a
//! draft and submits as numbered versions. The published reference sheet (`Plan`) is what the
//! press release printed; a `Proposal` is what the province is still working on.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::complex::ComplexId;
use crate::goal::GoalKind;
use crate::plan::{LinkRole, Metric};
use crate::quantity::Quantity;

/// 혁신계획안 (작성 중이거나 제출된 판)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    /// 주력업종
    #[serde(default)]
    pub main_industries: Vec<String>,
    /// 비전
    #[serde(default)]
    pub vision: String,
    /// 성과목표
    #[serde(default)]
    pub goals: Vec<ProposedGoal>,
    /// 거점산단
    #[serde(default)]
    pub hub: Option<ProposedHub>,
    /// 연계산단·연계지역
    #[serde(default)]
    pub linked: Vec<ProposedSite>,
    /// 중점과제와 사업
    #[serde(default)]
    pub key_tasks: Vec<ProposedTask>,
    /// 추진체계
    #[serde(default)]
    pub implementation: String,
    /// 지역여건
    #[serde(default)]
    pub conditions: String,
    /// 혁신계획 구성
    #[serde(default)]
    pub structure: String,
}

/// 성과목표, typed: what is measured, how progress is read, from which baseline to which target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposedGoal {
    /// 지표명: 생산액, 고용, 강소기업 …
    pub metric: String,
    pub kind: GoalKind,
    /// Which of the hub's statistics the goal is weighed against in the feasibility panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<Metric>,
    /// 기준값
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Quantity>,
    /// 기준연도
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<i32>,
    /// 목표값: for an increase, the amount added to the baseline; for a level, the level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Quantity>,
    /// 목표연도
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i32>,
}

/// 거점산단 and the focus the plan gives it ("스마트 제조혁신 거점").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposedHub {
    pub complex: ComplexId,
    #[serde(default)]
    pub focus: String,
}

/// 연계산단 or 연계지역 with its 연계기능.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposedSite {
    pub complex: ComplexId,
    pub role: LinkRole,
    /// 연계기능
    #[serde(default)]
    pub function: String,
}

/// 중점과제 with its projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposedTask {
    pub name: String,
    pub projects: Vec<ProposedProject>,
}

/// 사업: its budget per year and source, in 원.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposedProject {
    pub name: String,
    /// 신규 (a project that is not an existing ministry program) or 계속
    #[serde(default)]
    pub new: bool,
    /// 부처 지원사업 the project draws on, where there is one ("스마트공장 구축 및 고도화").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    #[serde(default)]
    pub budget: Vec<YearBudget>,
}

/// One year of a project's budget: 국비, 지방비, 민자, each in 원.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearBudget {
    pub year: i32,
    pub national: i64,
    pub local: i64,
    pub private: i64,
}

impl YearBudget {
    /// 합계. Saturates rather than wraps: a sum beyond i64 is refused by the checks anyway.
    pub fn total(&self) -> i64 {
        self.national.saturating_add(self.local).saturating_add(self.private)
    }

    fn add(&mut self, other: &YearBudget) {
        self.national = self.national.saturating_add(other.national);
        self.local = self.local.saturating_add(other.local);
        self.private = self.private.saturating_add(other.private);
    }
}

impl ProposedProject {
    pub fn total(&self) -> i64 {
        self.budget.iter().map(YearBudget::total).fold(0, i64::saturating_add)
    }
}

impl Proposal {
    /// The plan's budget per year, summed over every project: the figures the 신청 사업 table
    /// totals, so they always add up.
    pub fn budget_by_year(&self) -> Vec<YearBudget> {
        let mut years: BTreeMap<i32, YearBudget> = BTreeMap::new();
        for budget in self.projects().flat_map(|p| &p.budget) {
            years
                .entry(budget.year)
                .or_insert(YearBudget {
                    year: budget.year,
                    ..YearBudget::default()
                })
                .add(budget);
        }
        years.into_values().collect()
    }

    pub fn projects(&self) -> impl Iterator<Item = &ProposedProject> {
        self.key_tasks.iter().flat_map(|t| &t.projects)
    }

    pub fn total_budget(&self) -> i64 {
        self.projects().map(ProposedProject::total).fold(0, i64::saturating_add)
    }

    /// Every complex the plan names, hub first.
    pub fn sites(&self) -> impl Iterator<Item = &ComplexId> {
        self.hub
            .iter()
            .map(|h| &h.complex)
            .chain(self.linked.iter().map(|l| &l.complex))
    }
}

/// The sections of a plan: what a form edits at once, what a comment is about, what a diff groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// 주력업종·비전
    Overview,
    /// 성과목표
    Goals,
    /// 대상지역 (거점산단·연계산단)
    Sites,
    /// 중점과제·사업
    Projects,
    /// 추진체계
    Implementation,
    /// 지역여건
    Conditions,
    /// 혁신계획 구성
    Structure,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Overview,
        Section::Goals,
        Section::Sites,
        Section::Projects,
        Section::Implementation,
        Section::Conditions,
        Section::Structure,
    ];

    pub fn korean(self) -> &'static str {
        match self {
            Section::Overview => "주력업종·비전",
            Section::Goals => "성과목표",
            Section::Sites => "대상지역",
            Section::Projects => "중점과제·사업",
            Section::Implementation => "추진체계",
            Section::Conditions => "지역여건",
            Section::Structure => "혁신계획 구성",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Section::Overview => "Industries and vision",
            Section::Goals => "Goals",
            Section::Sites => "Target sites",
            Section::Projects => "Key tasks and projects",
            Section::Implementation => "Implementation",
            Section::Conditions => "Regional conditions",
            Section::Structure => "Plan structure",
        }
    }

    /// The section's name in addresses and form fields.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Overview => "overview",
            Section::Goals => "goals",
            Section::Sites => "sites",
            Section::Projects => "projects",
            Section::Implementation => "implementation",
            Section::Conditions => "conditions",
            Section::Structure => "structure",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(name: &str, years: &[(i32, i64, i64, i64)]) -> ProposedProject {
        ProposedProject {
            name: name.into(),
            new: false,
            program: None,
            budget: years
                .iter()
                .map(|&(year, national, local, private)| YearBudget {
                    year,
                    national,
                    local,
                    private,
                })
                .collect(),
        }
    }

    #[test]
    fn the_plan_budget_is_the_sum_of_its_projects_per_year_and_source() {
        let proposal = Proposal {
            key_tasks: vec![
                ProposedTask {
                    name: "스마트화".into(),
                    projects: vec![project("A", &[(2022, 100, 50, 0), (2023, 10, 0, 0)])],
                },
                ProposedTask {
                    name: "친환경".into(),
                    projects: vec![project("B", &[(2022, 1, 2, 3)])],
                },
            ],
            ..Proposal::default()
        };
        let by_year = proposal.budget_by_year();
        assert_eq!(
            by_year,
            vec![
                YearBudget {
                    year: 2022,
                    national: 101,
                    local: 52,
                    private: 3
                },
                YearBudget {
                    year: 2023,
                    national: 10,
                    local: 0,
                    private: 0
                },
            ]
        );
        assert_eq!(proposal.total_budget(), 166);
    }

    #[test]
    fn sections_round_trip_through_their_slugs() {
        for s in Section::ALL {
            assert_eq!(Section::from_slug(s.slug()), Some(s));
        }
        assert_eq!(Section::from_slug("budget"), None);
    }
}
