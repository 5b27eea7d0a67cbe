//! 계획 공개: a submitted plan as it enters the public record once the committee's decision on
//! it is published — the hub and linked sites under their registered names, the industries,
//! vision, key tasks and projects, cited to the meeting, and its goals, each stated once at
//! [`Place::Submitted`] in words composed from what the province typed (지표, 목표값, 목표연도),
//! so that results tracking has them to measure. The 기준값 the province gave goes with them as
//! each goal's tracking setup.
//!
//! Submission refuses a goal the record could not state (see [`record_goal`]), so a submitted
//! version publishes whole; one that still holds such a goal is refused here with the reason,
//! never published with the goal silently left out.

use crate::complex::ComplexId;
use crate::goal::{Goal, GoalKind, GoalStatement, Place};
use crate::plan::{HubComplex, KeyTask, LinkedSite, Plan, Project, ProjectList};
use crate::proposal::{Proposal, ProposedGoal};
use crate::quantity::Quantity;
use crate::region::Region;
use crate::results::GoalSetup;
use crate::source::SourceId;

/// A plan as it enters the record, with what results tracking starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub plan: Plan,
    /// Each goal's tracking setup holding the 기준값 the province gave, by goal number in
    /// `plan.goals`; goals without one have none.
    pub baselines: Vec<(usize, GoalSetup)>,
}

/// Why a submitted plan cannot enter the record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unpublishable {
    #[error("{}의 혁신계획에 거점산단이 없습니다.", .0.short_name())]
    NoHub(Region),
    #[error("{} 혁신계획의 {no}번째 성과목표를 기록에 옮길 수 없습니다: {why}", region.short_name())]
    Goal { region: Region, no: usize, why: String },
}

/// The word that closes a statement of a goal of `kind` ("생산액 5조 원 증대"); a qualitative
/// goal's metric says it all ("디지털 전환 수준 향상").
fn closing_word(kind: GoalKind) -> Option<&'static str> {
    match kind {
        GoalKind::Increase => Some("증대"),
        GoalKind::ReachLevel => Some("달성"),
        GoalKind::RaiseBy => Some("상승"),
        GoalKind::DriveToZero => Some("제로화"),
        GoalKind::Qualitative => None,
    }
}

/// The record's statement of a goal: "생산액 5조 원 증대 (2030년)", "근로자 만족도 80점 달성",
/// "안전사고 제로화 (2029년)". A metric already ending in the closing word keeps it once.
fn statement_text(metric: &str, kind: GoalKind, target: Option<Quantity>, target_year: Option<i32>) -> String {
    let mut text = metric.to_string();
    if let Some(t) = target {
        text.push_str(&format!(" {t}"));
    }
    if let Some(word) = closing_word(kind)
        && (target.is_some() || !metric.ends_with(word))
    {
        text.push_str(&format!(" {word}"));
    }
    if let Some(year) = target_year {
        text.push_str(&format!(" ({year}년)"));
    }
    text
}

/// The record's goal for a goal the province typed, with its tracking setup (the 기준값), or
/// why the record cannot state it. A 제로화 goal's target is zero by its kind and a
/// qualitative goal has none, so neither states a figure.
pub fn record_goal(goal: &ProposedGoal) -> Result<(Goal, GoalSetup), String> {
    let metric = goal.metric.trim();
    if metric.is_empty() {
        return Err("지표명이 없습니다.".into());
    }
    let target = goal.target.filter(|_| goal.kind.needs_target());
    let record = Goal {
        metric: metric.to_string(),
        kind: goal.kind,
        statements: vec![GoalStatement {
            place: Place::Submitted,
            text: statement_text(metric, goal.kind, target, goal.target_year),
            target,
        }],
    };
    if let Some(problem) = record.check_statements().first() {
        return Err(problem.to_string());
    }
    let setup = GoalSetup {
        baseline: goal.baseline,
        ..GoalSetup::default()
    };
    let problems = setup.problems(&record);
    if !problems.is_empty() {
        return Err(problems.join(" "));
    }
    Ok((record, setup))
}

/// The record's plan for `proposal` with its goals' baselines. `name_of` gives a complex's
/// registered name.
pub fn published_plan(
    round: i32,
    region: Region,
    proposal: &Proposal,
    name_of: impl Fn(&ComplexId) -> Option<String>,
    source: SourceId,
) -> Result<Published, Unpublishable> {
    let hub = proposal.hub.as_ref().ok_or(Unpublishable::NoHub(region))?;
    let mut goals = Vec::with_capacity(proposal.goals.len());
    let mut baselines = Vec::new();
    for (i, proposed) in proposal.goals.iter().enumerate() {
        let (goal, setup) = record_goal(proposed).map_err(|why| Unpublishable::Goal { region, no: i + 1, why })?;
        if setup.baseline.is_some() {
            baselines.push((i, setup));
        }
        goals.push(goal);
    }
    let written = |id: &ComplexId| name_of(id).unwrap_or_else(|| id.0.clone());
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let plan = Plan {
        round,
        region,
        main_industries: proposal.main_industries.clone(),
        vision: text(&proposal.vision),
        goals,
        hub: HubComplex {
            complex: hub.complex.clone(),
            written_as: written(&hub.complex),
            body_name: None,
            focus: text(&hub.focus),
            weight_label: None,
            figures: Vec::new(),
        },
        linked: proposal
            .linked
            .iter()
            .map(|s| LinkedSite {
                complex: s.complex.clone(),
                role: s.role,
                written_as: written(&s.complex),
                function: text(&s.function),
                body_name: None,
                focus: None,
            })
            .collect(),
        projects: ProjectList {
            declared_total: None,
            key_tasks: proposal
                .key_tasks
                .iter()
                .map(|t| KeyTask {
                    name: t.name.clone(),
                    projects: t
                        .projects
                        .iter()
                        .map(|p| Project {
                            name: p.name.clone(),
                            new: p.new,
                        })
                        .collect(),
                })
                .collect(),
        },
        implementation: text(&proposal.implementation),
        conditions: Vec::new(),
        structure: Vec::new(),
        summary: Vec::new(),
        corrections: Vec::new(),
        sources: vec![source],
    };
    Ok(Published { plan, baselines })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;
    use crate::plan::LinkRole;
    use crate::proposal::{ProposedHub, ProposedSite};
    use crate::results::Reading;

    fn q(text: &str) -> Quantity {
        text.parse().unwrap()
    }

    fn proposed(metric: &str, kind: GoalKind, baseline: Option<&str>, target: Option<&str>) -> ProposedGoal {
        ProposedGoal {
            metric: metric.into(),
            kind,
            measures: None,
            baseline: baseline.map(q),
            baseline_year: baseline.map(|_| 2026),
            target: target.map(q),
            target_year: Some(2030),
        }
    }

    fn gwangju(goals: Vec<ProposedGoal>) -> Proposal {
        Proposal {
            main_industries: vec!["자동차부품".into()],
            vision: "친환경 모빌리티 거점".into(),
            goals,
            hub: Some(ProposedHub {
                complex: ComplexId("bitgreen".into()),
                focus: "스마트 제조".into(),
            }),
            linked: vec![ProposedSite {
                complex: ComplexId("hanam".into()),
                role: LinkRole::LinkedComplex,
                function: "부품 공급".into(),
            }],
            ..Proposal::default()
        }
    }

    #[test]
    fn a_submitted_plan_enters_the_record_under_registered_names_with_its_goals_and_passes_its_checks() {
        let mut record = bundled();
        let proposal = gwangju(vec![
            proposed("생산액", GoalKind::Increase, Some("12조원"), Some("5조원")),
            proposed("근로자 만족도", GoalKind::ReachLevel, Some("62점"), Some("80점")),
            proposed("청년 고용률", GoalKind::RaiseBy, Some("31%"), Some("3%p")),
            proposed("안전사고", GoalKind::DriveToZero, Some("14건"), Some("0건")),
            ProposedGoal {
                target_year: None,
                ..proposed("디지털 전환 수준 향상", GoalKind::Qualitative, None, None)
            },
        ]);
        let source = record.sources[0].id.clone();
        let names = |id: &ComplexId| record.complex(id).map(|c| c.name.clone());
        let published = published_plan(2022, Region::Gwangju, &proposal, names, source).unwrap();
        let plan = published.plan;
        assert_eq!(plan.hub.written_as, "빛그린국가산업단지");
        assert_eq!(plan.linked[0].function.as_deref(), Some("부품 공급"));
        let stated: Vec<(&str, Place, Option<Quantity>)> = plan
            .goals
            .iter()
            .map(|g| {
                (
                    g.statements[0].text.as_str(),
                    g.statements[0].place,
                    g.target().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            stated,
            [
                ("생산액 5조 원 증대 (2030년)", Place::Submitted, Some(q("5조원"))),
                ("근로자 만족도 80점 달성 (2030년)", Place::Submitted, Some(q("80점"))),
                ("청년 고용률 3%p 상승 (2030년)", Place::Submitted, Some(q("3%p"))),
                ("안전사고 제로화 (2030년)", Place::Submitted, None),
                ("디지털 전환 수준 향상", Place::Submitted, None),
            ]
        );
        let baselines: Vec<(usize, Option<Quantity>)> =
            published.baselines.iter().map(|(no, s)| (*no, s.baseline)).collect();
        assert_eq!(
            baselines,
            [
                (0, Some(q("12조원"))),
                (1, Some(q("62점"))),
                (2, Some(q("31%"))),
                (3, Some(q("14건")))
            ],
            "the qualitative goal has no baseline to keep"
        );
        record.plans.push(plan);
        assert!(record.check().is_empty(), "{:?}", record.check());
    }

    #[test]
    fn a_published_goal_is_tracked_from_its_baseline_towards_its_target() {
        let (goal, setup) =
            record_goal(&proposed("생산액", GoalKind::Increase, Some("12조원"), Some("5조원"))).unwrap();
        let tracking = setup.tracking(&goal);
        assert_eq!(
            (tracking.baseline, tracking.target),
            (Some(q("12조원")), Some(q("5조원")))
        );
        assert_eq!(
            tracking.progress(&Reading::Value(q("14조원"))),
            Ok(400),
            "2조 of 5조 원"
        );
        let (zero, setup) = record_goal(&proposed("안전사고", GoalKind::DriveToZero, Some("20건"), None)).unwrap();
        assert_eq!(setup.tracking(&zero).progress(&Reading::Value(q("5건"))), Ok(750));
    }

    #[test]
    fn a_metric_that_already_says_zero_is_not_written_twice() {
        let (goal, _) = record_goal(&proposed("안전사고 제로화", GoalKind::DriveToZero, None, None)).unwrap();
        assert_eq!(goal.statements[0].text, "안전사고 제로화 (2030년)");
    }

    #[test]
    fn a_goal_the_record_cannot_state_refuses_the_plan_and_says_which_and_why() {
        let missing = gwangju(vec![
            proposed("고용", GoalKind::Increase, None, Some("1만명")),
            proposed("생산액", GoalKind::Increase, Some("12조원"), None),
        ]);
        let refused = published_plan(2022, Region::Gwangju, &missing, |_| None, SourceId("s".into())).unwrap_err();
        assert_eq!(
            refused,
            Unpublishable::Goal {
                region: Region::Gwangju,
                no: 2,
                why: "'생산액' 목표(증가)에는 목표 수치가 있어야 합니다: '생산액 증대 (2030년)'".into()
            }
        );
        assert!(
            refused
                .to_string()
                .starts_with("광주 혁신계획의 2번째 성과목표를 기록에 옮길 수 없습니다")
        );
        let blank = proposed(" ", GoalKind::Qualitative, None, None);
        assert_eq!(record_goal(&blank).unwrap_err(), "지표명이 없습니다.");
        // A metric ending in a digit would run into the figure ("지표2 5조 원" reads 25조 원).
        let run_in = proposed("지표2", GoalKind::Increase, None, Some("5조원"));
        assert!(record_goal(&run_in).unwrap_err().contains("수치 5조 원이(가) 없습니다"));
        let unit = proposed("생산액", GoalKind::Increase, Some("3명"), Some("5조원"));
        assert!(record_goal(&unit).unwrap_err().contains("단위"));
        assert_eq!(
            published_plan(
                2022,
                Region::Gwangju,
                &Proposal::default(),
                |_| None,
                SourceId("s".into())
            ),
            Err(Unpublishable::NoHub(Region::Gwangju))
        );
    }
}
