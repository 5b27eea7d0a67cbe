//! 공모 회차: one year's call, its schedule, its panel and its evaluation indicators.

use serde::{Deserialize, Serialize};

use crate::date::Day;
use crate::source::{Source, SourceId};

/// 공모 회차 (the yearly call)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    pub year: i32,
    pub title: String,
    /// 선정 규모: regions to select.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<u32>,
    /// 예비접수 시·도 수: the sources give the count, not always the names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant_count: Option<u32>,
    /// 평가위원회
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel: Option<PanelRecord>,
    /// 평가지표
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// 가점: bonus points announced in the call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bonus_points: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    pub sources: Vec<SourceId>,
}

impl Round {
    /// What a round opened in Sandan cites in the record: its opening, on `opened` where known. The record
    /// requires every round to cite a source, and until its committee publishes a decision the
    /// opening is the only one it has — without it, a record exported while the round ran
    /// would not import again.
    pub fn opening_source(&self, opened: Option<Day>) -> Source {
        Source {
            id: SourceId(format!("sandan-round-{}", self.year)),
            title: format!("{} 공고 (Sandan에서 개시)", self.title),
            publisher: "국토교통부·산업통상자원부 (Sandan 공모 기록)".into(),
            published: opened,
            url: Some(format!("/rounds/{}", self.year)),
            note: None,
        }
    }
}

/// 평가위원회, as far as published: its size and who sat on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelRecord {
    pub evaluators: u32,
    /// e.g. "민간 평가위원"
    pub composition: String,
}

/// 평가지표. Points stay unset where the program published none (2020–2022).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicator {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<u32>,
}

/// The steps of the yearly cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// 공모 공고
    Call,
    /// 사전컨설팅
    PreConsulting,
    /// 예비접수
    PreliminaryApplication,
    /// 본컨설팅
    MainConsulting,
    /// 평가
    Evaluation,
    /// 예비선정
    PreliminarySelection,
    /// 세부사업 적정성 검토
    DetailReview,
    /// 최종확정
    FinalConfirmation,
    /// 경쟁력강화사업지구 지정
    DistrictDesignation,
}

impl Step {
    pub fn korean(self) -> &'static str {
        match self {
            Step::Call => "공모 공고",
            Step::PreConsulting => "사전컨설팅",
            Step::PreliminaryApplication => "예비접수",
            Step::MainConsulting => "본컨설팅",
            Step::Evaluation => "평가",
            Step::PreliminarySelection => "예비선정",
            Step::DetailReview => "세부사업 적정성 검토",
            Step::FinalConfirmation => "최종확정",
            Step::DistrictDesignation => "경쟁력강화사업지구 지정",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Step::Call => "Call published",
            Step::PreConsulting => "Pre-consulting",
            Step::PreliminaryApplication => "Preliminary application",
            Step::MainConsulting => "Main consulting",
            Step::Evaluation => "Evaluation",
            Step::PreliminarySelection => "Preliminary selection",
            Step::DetailReview => "Review of detailed projects",
            Step::FinalConfirmation => "Final confirmation",
            Step::DistrictDesignation => "District designation",
        }
    }
}

/// A step of the round with its date as published, or as planned at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub step: Step,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Day>,
    /// `true` when the source announced it as a plan ("12월에 최종 확정할 예정").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub planned: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
