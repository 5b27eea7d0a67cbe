//! 산단혁신계획: a region's innovation plan in one round, as the reference sheet lays it out.

use serde::{Deserialize, Serialize};

use crate::complex::ComplexId;
use crate::goal::Goal;
use crate::quantity::Quantity;
use crate::region::Region;
use crate::source::SourceId;

/// 혁신계획 (one per region per round)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    /// The round's year.
    pub round: i32,
    pub region: Region,
    /// 주력업종
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub main_industries: Vec<String>,
    /// 비전
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vision: Option<String>,
    /// 목표, in the order the reference sheet lists them; goals stated only in the body follow.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    /// 거점단지
    pub hub: HubComplex,
    /// 연계단지·연계지역, in the sheet's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub linked: Vec<LinkedSite>,
    /// 신청 사업
    #[serde(default, skip_serializing_if = "ProjectList::is_empty")]
    pub projects: ProjectList,
    /// 추진체계
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation: Option<String>,
    /// 지역여건
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Paragraph>,
    /// 혁신계획 구성: the strategies under each key task.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub structure: Vec<StrategyGroup>,
    /// The press release body's paragraphs on this region, word for word.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<String>,
    /// Typos of the source corrected in this record, with the original kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    pub sources: Vec<SourceId>,
}

/// How the sheet names the hub's weight in its region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WeightLabel {
    /// 기여도
    Contribution,
    /// 중요도
    Importance,
}

impl WeightLabel {
    pub fn korean(self) -> &'static str {
        match self {
            WeightLabel::Contribution => "기여도",
            WeightLabel::Importance => "중요도",
        }
    }
}

/// What a hub figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// 생산액
    Production,
    /// 수출액
    Exports,
    /// 입주업체
    Firms,
    /// 고용
    Employment,
}

impl Metric {
    /// The four figures of a hub's weight in its region, in the reference sheets' order.
    pub const ALL: [Metric; 4] = [Metric::Production, Metric::Exports, Metric::Firms, Metric::Employment];

    pub fn korean(self) -> &'static str {
        match self {
            Metric::Production => "생산액",
            Metric::Exports => "수출액",
            Metric::Firms => "입주업체",
            Metric::Employment => "고용",
        }
    }
}

/// One figure of the hub's weight: a value, its share of the regional total, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HubFigure {
    pub metric: Metric,
    /// The words before the figure as published ("생산액", "울산 생산의").
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Quantity>,
    /// Share of the region's total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Quantity>,
}

impl HubFigure {
    /// "생산액 63.8조 원(12%)", "울산 생산의 59.5%", "입주업체 1,442개사".
    pub fn written(&self) -> String {
        match (&self.value, &self.share) {
            (Some(v), Some(s)) => format!("{} {v}({s})", self.label),
            (Some(v), None) => format!("{} {v}", self.label),
            (None, Some(s)) => format!("{} {s}", self.label),
            (None, None) => self.label.clone(),
        }
    }
}

/// 거점산단: the one complex the plan is built around.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HubComplex {
    pub complex: ComplexId,
    /// The name as the reference sheet writes it (a name or alias of the complex).
    pub written_as: String,
    /// The name as the body text writes it, and the focus it gives in brackets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_label: Option<WeightLabel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<HubFigure>,
}

impl HubComplex {
    /// "(기여도) 생산액 63.8조 원(12%), 입주업체 19,577개사(15%), 고용 25만 명(19%)"
    pub fn weight_written(&self) -> Option<String> {
        let label = self.weight_label?;
        let figures: Vec<String> = self.figures.iter().map(HubFigure::written).collect();
        Some(format!("({}) {}", label.korean(), figures.join(", ")))
    }
}

/// Whether a linked site is a complex or an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkRole {
    /// 연계단지
    LinkedComplex,
    /// 연계지역
    LinkedArea,
}

impl LinkRole {
    pub fn korean(self) -> &'static str {
        match self {
            LinkRole::LinkedComplex => "연계단지",
            LinkRole::LinkedArea => "연계지역",
        }
    }
}

/// 연계산단·연계지역 with its 연계기능.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedSite {
    pub complex: ComplexId,
    pub role: LinkRole,
    pub written_as: String,
    /// 연계기능
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
}

/// 신청 사업: the declared count and the main projects under each key task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectList {
    /// "총 37개 사업": the plan's own count, larger than the list of main projects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_total: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_tasks: Vec<KeyTask>,
}

impl ProjectList {
    pub fn is_empty(&self) -> bool {
        self.declared_total.is_none() && self.key_tasks.is_empty()
    }

    pub fn listed(&self) -> usize {
        self.key_tasks.iter().map(|t| t.projects.len()).sum()
    }
}

/// 중점과제 with its main projects (주요 사업).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyTask {
    pub name: String,
    pub projects: Vec<Project>,
}

impl KeyTask {
    /// The projects as the sheet's cell writes them: "A, B(신규), C".
    pub fn projects_written(&self) -> String {
        self.projects
            .iter()
            .map(Project::written)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// 사업 requested by the region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    pub name: String,
    /// 신규: a project that is not an existing ministry program.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub new: bool,
}

impl Project {
    pub fn written(&self) -> String {
        if self.new {
            format!("{}(신규)", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// A paragraph of text: "(대전환 모색) …" with its indented details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Paragraph {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

/// The strategies written under one key task in 혁신계획 구성.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StrategyGroup {
    pub key_task: String,
    pub strategies: Vec<Paragraph>,
}

/// A typo of the source corrected in the record; the original is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Correction {
    /// Where it stands (e.g. "신청 사업 표 머리글").
    pub place: String,
    pub original: String,
    pub corrected: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_weight_is_written_as_the_sheet_writes_it() {
        let hub = HubComplex {
            complex: ComplexId("banwol-sihwa".into()),
            written_as: "반월시화국가산업단지".into(),
            body_name: None,
            focus: None,
            weight_label: Some(WeightLabel::Contribution),
            figures: vec![
                HubFigure {
                    metric: Metric::Production,
                    label: "생산액".into(),
                    value: Some("63.8조원".parse().unwrap()),
                    share: Some("12%".parse().unwrap()),
                },
                HubFigure {
                    metric: Metric::Firms,
                    label: "입주업체".into(),
                    value: Some("19,577개사".parse().unwrap()),
                    share: Some("15%".parse().unwrap()),
                },
                HubFigure {
                    metric: Metric::Production,
                    label: "울산 생산의".into(),
                    value: None,
                    share: Some("59.5%".parse().unwrap()),
                },
            ],
        };
        assert_eq!(
            hub.weight_written().unwrap(),
            "(기여도) 생산액 63.8조 원(12%), 입주업체 19,577개사(15%), 울산 생산의 59.5%"
        );
    }

    #[test]
    fn new_projects_carry_the_mark_the_sheet_uses() {
        let task = KeyTask {
            name: "그린뉴딜".into(),
            projects: vec![
                Project {
                    name: "환경·안전 통합관제센터".into(),
                    new: false,
                },
                Project {
                    name: "클린에너지 검증허브".into(),
                    new: true,
                },
            ],
        };
        assert_eq!(
            task.projects_written(),
            "환경·안전 통합관제센터, 클린에너지 검증허브(신규)"
        );
    }
}
