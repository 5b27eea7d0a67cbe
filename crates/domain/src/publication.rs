//! 계획 공개: a submitted plan as it enters the public record once the committee's decision on
//! it is published — the hub and linked sites under their registered names, the industries,
//! vision, key tasks and projects, cited to the meeting. Goals stay with the submitted version:
//! the record states goals as the press release words them, which a form does not give.

use crate::complex::ComplexId;
use crate::plan::{HubComplex, KeyTask, LinkedSite, Plan, Project, ProjectList};
use crate::proposal::Proposal;
use crate::region::Region;
use crate::source::SourceId;

/// The record's plan for `proposal`, or None while it names no hub. `name_of` gives a
/// complex's registered name.
pub fn published_plan(
    round: i32,
    region: Region,
    proposal: &Proposal,
    name_of: impl Fn(&ComplexId) -> Option<String>,
    source: SourceId,
) -> Option<Plan> {
    let hub = proposal.hub.as_ref()?;
    let written = |id: &ComplexId| name_of(id).unwrap_or_else(|| id.0.clone());
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    Some(Plan {
        round,
        region,
        main_industries: proposal.main_industries.clone(),
        vision: text(&proposal.vision),
        goals: Vec::new(),
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;
    use crate::plan::LinkRole;
    use crate::proposal::{ProposedHub, ProposedSite};

    #[test]
    fn a_submitted_plan_enters_the_record_under_registered_names_and_passes_its_checks() {
        let mut record = bundled();
        let proposal = Proposal {
            main_industries: vec!["자동차부품".into()],
            vision: "친환경 모빌리티 거점".into(),
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
        };
        let source = record.sources[0].id.clone();
        let names = |id: &ComplexId| record.complex(id).map(|c| c.name.clone());
        let plan = published_plan(2022, Region::Gwangju, &proposal, names, source).unwrap();
        assert_eq!(plan.hub.written_as, "빛그린국가산업단지");
        assert_eq!(plan.linked[0].function.as_deref(), Some("부품 공급"));
        record.plans.push(plan);
        assert!(record.check().is_empty(), "{:?}", record.check());
        assert!(
            published_plan(
                2022,
                Region::Gwangju,
                &Proposal::default(),
                |_| None,
                SourceId("s".into())
            )
            .is_none()
        );
    }
}
