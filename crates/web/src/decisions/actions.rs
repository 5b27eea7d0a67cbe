//! What the office does about a committee meeting, from the decisions page or through the API:
//! record the meeting, record a decision taken at it (checked by the program's rules), publish
//! it into the record. The page and the API read their input differently and call these.

use std::collections::BTreeMap;

use sandan_domain::evaluation::decision::{self, CommitteeMeeting};
use sandan_domain::publication::{Published, Unpublishable, published_plan};
use sandan_domain::{Action, ComplexId, Day, Designation, DesignationKind, Source, SourceId, Subject};
use sandan_store::committee::StoredMeeting;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Viewer, change};
use crate::clock::timestamp;
use crate::decisions::standing::standing;
use crate::failure::Failure;
use crate::ui::params;

/// The committee that decides on the program.
pub const COMMITTEE: &str = "노후거점산업단지 경쟁력강화추진위원회";

pub const KINDS: [DesignationKind; 4] = [
    DesignationKind::PreliminarySelection,
    DesignationKind::SmartGreen,
    DesignationKind::CompetitivenessDistrict,
    DesignationKind::FinalConfirmation,
];

pub fn kind_key(kind: DesignationKind) -> String {
    crate::ui::fields::key(kind)
}

/// Only the office records and publishes the committee's decisions.
pub fn office(viewer: &Viewer) -> Result<(), Failure> {
    viewer.may(Action::Change, &Subject::Evaluation { closed: true })
}

/// 위원회 회의 as the office enters it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(as = CommitteeMeetingEntry)]
pub struct MeetingEntry {
    /// 회의 날짜, 예: 2021-12-20
    #[schema(format = Date)]
    pub date: String,
    /// 회의체, 예: 노후거점산업단지 경쟁력강화추진위원회
    pub body: String,
    /// 참석 위원, 한 사람에 한 줄
    pub members_present: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// 의결 as the office enters it: the kind, and what it names.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(as = CommitteeDecisionEntry)]
pub struct DecisionEntry {
    /// preliminary_selection (예비선정), smart_green (스마트그린산단 지정),
    /// competitiveness_district (경쟁력강화사업지구 지정), final_confirmation (최종확정)
    #[schema(pattern = "^(preliminary_selection|smart_green|competitiveness_district|final_confirmation)$")]
    pub kind: String,
    /// 시·도 (예비선정·사업지구·최종확정): '경기', '경기도', 'gyeonggi'
    #[serde(default)]
    pub region: String,
    /// 거점산단 id (스마트그린산단 지정)
    #[serde(default)]
    pub complex: String,
    /// 비고; 최종확정에는 세부사업 적정성 검토 결과
    #[serde(default)]
    pub note: String,
}

pub fn meeting_id(text: &str) -> Result<i64, Failure> {
    text.parse().map_err(|_| Failure::NotFound("없는 회의입니다.".into()))
}

/// A round of the record (run in Sandan or not); 404 otherwise.
pub async fn round_exists(state: &AppState, year: i32) -> Result<(), Failure> {
    state
        .store
        .round(year)
        .await?
        .map(|_| ())
        .ok_or_else(|| Failure::NotFound(format!("{year}년 공모 회차가 없습니다.")))
}

pub async fn meeting_of(state: &AppState, year: i32, id: i64) -> Result<StoredMeeting, Failure> {
    state
        .store
        .meetings_of(year)
        .await?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| Failure::NotFound("없는 회의입니다.".into()))
}

/// Records a meeting of `year`; returns its id.
pub async fn record_meeting(
    state: &AppState,
    viewer: &Viewer,
    year: i32,
    entry: &MeetingEntry,
) -> Result<i64, Failure> {
    let date = entry
        .date
        .trim()
        .parse::<Day>()
        .map_err(|_| Failure::BadInput("회의 날짜를 2027-03-24처럼 쓰십시오.".into()))?;
    let meeting = CommitteeMeeting {
        date,
        body: entry.body.trim().to_string(),
        members_present: entry
            .members_present
            .iter()
            .map(|m| m.trim())
            .filter(|m| !m.is_empty())
            .map(str::to_string)
            .collect(),
        note: entry.note.trim().to_string(),
    };
    let problems = meeting.problems();
    if !problems.is_empty() {
        return Err(Failure::Refused(problems.join(" ")));
    }
    let at = timestamp();
    Ok(state.store.record_meeting(year, &meeting, &change(viewer, &at)).await?)
}

/// Records a decision taken at meeting `meeting` of `year`, if the program's rules allow it;
/// returns its id.
pub async fn record_decision(
    state: &AppState,
    viewer: &Viewer,
    year: i32,
    meeting: i64,
    entry: &DecisionEntry,
) -> Result<i64, Failure> {
    let kind = KINDS
        .into_iter()
        .find(|k| kind_key(*k) == entry.kind.trim())
        .ok_or_else(|| Failure::BadInput("의결 종류를 고르십시오.".into()))?;
    let s = standing(state, year).await?;
    let record = state.store.designations().await?;
    // As the record writes them: a selection names the region and its hub; a district
    // belongs to the round its plan was selected in; smart green names a complex only.
    let (round, region, complex) = match kind {
        DesignationKind::SmartGreen => (None, None, Some(params::complex_id(entry.complex.trim())?)),
        DesignationKind::CompetitivenessDistrict => {
            let region = params::region(entry.region.trim())?;
            let hub = record
                .iter()
                .find(|d| {
                    d.kind == DesignationKind::PreliminarySelection
                        && d.round == Some(year - 1)
                        && d.region == Some(region)
                })
                .and_then(|d| d.complex.clone());
            (Some(year - 1), Some(region), hub)
        }
        _ => {
            let region = params::region(entry.region.trim())?;
            let hub = s.hubs.iter().find(|(r, _)| *r == region).map(|(_, c)| c.clone());
            (Some(year), Some(region), hub)
        }
    };
    let note = Some(entry.note.trim().to_string()).filter(|n| !n.is_empty());
    let date = meeting_of(state, year, meeting).await?.meeting.date;
    let proposed = Designation {
        kind,
        date,
        body: String::new(),
        round,
        region,
        complex,
        note,
        sources: vec![],
    };
    let at = timestamp();
    let id = state
        .store
        .record_decision(
            year,
            meeting,
            &proposed,
            |decided: &[Designation]| {
                decision::check(
                    &proposed,
                    &decision::Context {
                        year,
                        judged: s.judged(),
                        quota: s.quota,
                        hubs: &s.hubs,
                        decided,
                        record: &record,
                    },
                )
            },
            &change(viewer, &at),
        )
        .await?;
    Ok(id)
}

/// The evaluated version of each plan this round's decisions name, as the record will show it,
/// with its goals' baselines. A round Sandan did not run has none: its plans are in the record
/// already. A plan without a hub is left to the record's check, which refuses a decision on a
/// plan the record lacks; one with a goal the record cannot state is refused here, naming it.
async fn plans_decided(
    state: &AppState,
    year: i32,
    meeting: &StoredMeeting,
    source: &Source,
) -> Result<Vec<Published>, Failure> {
    let names: BTreeMap<ComplexId, String> = state
        .store
        .complexes()
        .await?
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let evaluated = state.store.evaluated_plans(year).await?;
    let mut plans = Vec::new();
    for d in &meeting.decisions {
        let (Some(region), Some(round)) = (d.designation.region, d.designation.round) else {
            continue;
        };
        let Some(plan) = evaluated.iter().find(|p| p.region == region && round == year) else {
            continue;
        };
        // A plan the record holds already (an earlier meeting published it) stays as it is.
        if plans.iter().any(|p: &Published| p.plan.region == region) || state.store.plan(year, region).await?.is_some()
        {
            continue;
        }
        let Some((_, proposal)) = state.store.version(year, region, plan.version).await? else {
            continue;
        };
        match published_plan(year, region, &proposal, |id| names.get(id).cloned(), source.id.clone()) {
            Ok(published) => plans.push(published),
            Err(Unpublishable::NoHub(_)) => {}
            Err(e @ Unpublishable::Goal { .. }) => {
                return Err(Failure::Refused(format!(
                    "{e} 아무것도 공개하지 않았습니다 (평가한 제출본: 제{}판).",
                    plan.version
                )));
            }
        }
    }
    Ok(plans)
}

/// Publishes a meeting's decisions into the public record, citing the meeting as their source.
pub async fn publish(state: &AppState, viewer: &Viewer, year: i32, id: i64) -> Result<(), Failure> {
    let m = meeting_of(state, year, id).await?;
    let source = Source {
        id: SourceId(format!("sandan-committee-{year}-{id}")),
        title: format!("{} {} 의결 ({}년 공모)", m.meeting.date.korean(), m.meeting.body, year),
        publisher: "국토교통부·산업통상자원부 (Sandan 위원회 기록)".into(),
        published: Some(m.meeting.date),
        url: Some(format!("/rounds/{year}/results")),
        note: Some(format!("참석 위원: {}", m.meeting.members_present.join(", "))),
    };
    let plans = plans_decided(state, year, &m, &source).await?;
    let at = timestamp();
    state
        .store
        .publish_meeting(year, id, &source, &plans, &change(viewer, &at))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use utoipa::OpenApi;

    use super::*;

    /// The document names the kinds a client may send; a kind added or renamed here without it
    /// would be refused by the document's own pattern.
    #[test]
    fn the_documented_kinds_are_the_kinds_taken() {
        let doc = serde_json::to_value(crate::openapi::ApiDoc::openapi()).unwrap();
        let pattern = &doc["components"]["schemas"]["CommitteeDecisionEntry"]["properties"]["kind"]["pattern"];
        let keys: Vec<String> = KINDS.into_iter().map(kind_key).collect();
        assert_eq!(pattern.as_str(), Some(format!("^({})$", keys.join("|")).as_str()));
    }
}
