//! 위원회 의결: the committee meeting and the decisions it takes on a round — 예비선정 of
//! evaluated plans, 스마트그린산단 지정 among the selected hubs, 경쟁력강화사업지구 지정 of the
//! previous round's regions, and 최종확정 after 세부사업 적정성 검토. A decision is a
//! [`Designation`] once recorded; these are the rules it must pass first. A round the record
//! holds but Sandan did not run (2021's 최종확정 came after its 예비선정 was published) is
//! decided on the plans the record holds, without scores.

use serde::{Deserialize, Serialize};

use super::aggregate::{Outcome, PlanResult};
use super::panel::Stage;
use crate::complex::ComplexId;
use crate::date::Day;
use crate::designation::{Designation, DesignationKind};
use crate::region::Region;

/// 위원회 회의 as the office records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeMeeting {
    pub date: Day,
    /// e.g. 노후거점산업단지 경쟁력강화추진위원회
    pub body: String,
    /// 참석 위원
    pub members_present: Vec<String>,
    #[serde(default)]
    pub note: String,
}

impl CommitteeMeeting {
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.date.month.is_none() || self.date.day.is_none() {
            problems.push("회의 날짜를 연·월·일까지 쓰십시오.".to_string());
        }
        if self.body.trim().is_empty() {
            problems.push("회의체 이름을 쓰십시오 (예: 노후거점산업단지 경쟁력강화추진위원회).".to_string());
        }
        if self.members_present.iter().all(|m| m.trim().is_empty()) {
            problems.push("참석 위원을 한 명 이상 쓰십시오.".to_string());
        }
        if self.members_present.len() > 100 || self.members_present.iter().any(|m| m.chars().count() > 100) {
            problems.push("참석 위원은 100명까지, 한 줄에 100자까지 쓸 수 있습니다.".to_string());
        }
        problems
    }
}

/// How a round's plans came before the committee.
#[derive(Debug, Clone, Copy)]
pub enum Judged<'a> {
    /// Evaluated in Sandan: the panel's stage and, once it has closed, its results.
    InSandan { stage: Stage, results: &'a [PlanResult] },
    /// A round Sandan did not run: the record holds its plans (the context's `hubs`) and no
    /// scores, so a region's plan is all a selection or a confirmation can rest on.
    InRecord,
}

/// What a decision is checked against.
pub struct Context<'a> {
    pub year: i32,
    pub judged: Judged<'a>,
    /// 선정 규모; None where the round states none (the record's later rounds).
    pub quota: Option<u32>,
    /// The hub of each plan before the committee: evaluated in Sandan, or in the record.
    pub hubs: &'a [(Region, ComplexId)],
    /// Decisions already recorded in Sandan for this round.
    pub decided: &'a [Designation],
    /// The published record's designations (earlier rounds, earlier smart green complexes).
    pub record: &'a [Designation],
}

/// Refuses a decision the program's rules do not allow, saying why.
pub fn check(decision: &Designation, ctx: &Context<'_>) -> Result<(), String> {
    let this_round = |kind: DesignationKind| {
        ctx.decided
            .iter()
            .chain(ctx.record)
            .filter(move |d| d.kind == kind && d.round == Some(ctx.year))
    };
    match decision.kind {
        DesignationKind::PreliminarySelection => {
            let region = planned_region(decision, ctx)?;
            if let Judged::InSandan { stage, results } = ctx.judged {
                if stage != Stage::Closed {
                    return Err("평가를 종료한 뒤에 예비선정을 의결할 수 있습니다.".into());
                }
                let result = results
                    .iter()
                    .find(|r| r.region == region)
                    .ok_or_else(|| format!("{}의 계획안은 이번 평가 대상이 아닙니다.", region.short_name()))?;
                if matches!(result.outcome, Outcome::BelowCutOff | Outcome::NotRanked) {
                    return Err(format!(
                        "{}의 계획안은 {}이어서 선정할 수 없습니다.",
                        region.short_name(),
                        result.outcome.korean()
                    ));
                }
            }
            let selected: Vec<Region> = this_round(DesignationKind::PreliminarySelection)
                .filter_map(|d| d.region)
                .collect();
            if selected.contains(&region) {
                return Err(format!("{}은(는) 이미 예비선정되었습니다.", region.short_name()));
            }
            if let Some(quota) = ctx.quota
                && selected.len() >= quota as usize
            {
                return Err(format!(
                    "선정 규모 {}곳을 이미 채웠습니다 ({}).",
                    quota,
                    selected.iter().map(|r| r.short_name()).collect::<Vec<_>>().join(", ")
                ));
            }
            Ok(())
        }
        DesignationKind::SmartGreen => {
            let complex = decision
                .complex
                .as_ref()
                .ok_or("스마트그린산단으로 지정할 거점산단을 고르십시오.")?;
            let selected_hub = this_round(DesignationKind::PreliminarySelection)
                .filter_map(|d| d.region)
                .any(|r| ctx.hubs.iter().any(|(hr, hc)| *hr == r && hc == complex));
            if !selected_hub {
                return Err("스마트그린산단은 이번에 예비선정된 지역의 거점산단 가운데에서 지정합니다.".into());
            }
            if let Some(earlier) = ctx
                .decided
                .iter()
                .chain(ctx.record)
                .find(|d| d.kind == DesignationKind::SmartGreen && d.complex.as_ref() == Some(complex))
            {
                return Err(format!(
                    "이 산단은 {}에 이미 스마트그린산단으로 지정되었습니다.",
                    earlier.date.korean()
                ));
            }
            Ok(())
        }
        DesignationKind::CompetitivenessDistrict => {
            let region = region_of(decision)?;
            let previous = ctx.year - 1;
            let chosen_before = ctx.record.iter().chain(ctx.decided).any(|d| {
                d.round == Some(previous)
                    && d.region == Some(region)
                    && matches!(
                        d.kind,
                        DesignationKind::PreliminarySelection | DesignationKind::FinalConfirmation
                    )
            });
            if !chosen_before {
                return Err(format!(
                    "경쟁력강화사업지구는 {previous}년에 선정된 지역을 지정합니다. {}은(는) {previous}년 선정 지역이 아닙니다.",
                    region.short_name()
                ));
            }
            let already = ctx.record.iter().chain(ctx.decided).any(|d| {
                d.kind == DesignationKind::CompetitivenessDistrict
                    && d.region == Some(region)
                    && d.round == Some(previous)
            });
            if already {
                return Err(format!(
                    "{}은(는) 이미 경쟁력강화사업지구로 지정되었습니다.",
                    region.short_name()
                ));
            }
            Ok(())
        }
        DesignationKind::FinalConfirmation => {
            let region = planned_region(decision, ctx)?;
            let selection = this_round(DesignationKind::PreliminarySelection)
                .find(|d| d.region == Some(region))
                .ok_or_else(|| {
                    format!(
                        "{}은(는) 예비선정되지 않아 최종확정할 수 없습니다.",
                        region.short_name()
                    )
                })?;
            if decision.date < selection.date {
                return Err("최종확정은 예비선정 뒤에 의결할 수 있습니다.".into());
            }
            if decision.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err("세부사업 적정성 검토 결과를 적으십시오.".into());
            }
            if this_round(DesignationKind::FinalConfirmation).any(|d| d.region == Some(region)) {
                return Err(format!("{}은(는) 이미 최종확정되었습니다.", region.short_name()));
            }
            Ok(())
        }
    }
}

fn region_of(decision: &Designation) -> Result<Region, String> {
    decision
        .region
        .ok_or_else(|| "의결 대상 시·도를 고르십시오.".to_string())
}

/// The region a selection or confirmation names, which in a record round must have its plan in
/// the record: a designation of a region without one would leave the record inconsistent.
fn planned_region(decision: &Designation, ctx: &Context<'_>) -> Result<Region, String> {
    let region = region_of(decision)?;
    if matches!(ctx.judged, Judged::InRecord) && !ctx.hubs.iter().any(|(r, _)| *r == region) {
        return Err(format!(
            "{}년 기록에 {}의 혁신계획이 없어 의결할 수 없습니다.",
            ctx.year,
            region.short_name()
        ));
    }
    Ok(region)
}

#[cfg(test)]
#[path = "decision_tests.rs"]
mod tests;
