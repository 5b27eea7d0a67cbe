//! The inbox's quarterly part: execution owed by each project's runner (a ministry or the
//! province), goal measurements owed by each province, and packages whose budgets the office
//! has still to plan — for every funded plan, whether its round was run in Sandan or not.

use sandan_domain::package::Runner;
use sandan_domain::tasks::{self, ProjectReport, Task};
use sandan_domain::{Actor, Day, Role};
use sandan_store::package::ProjectFilter;

use crate::AppState;
use crate::failure::Failure;
use crate::package::portfolio::{ministry_href, package_href};

pub(crate) async fn tasks_of(state: &AppState, actor: &Actor, today: Day) -> Result<Vec<Task>, Failure> {
    let mut found = Vec::new();
    for role in &actor.roles {
        match role {
            Role::MinistryOfficer { ministry } => {
                let link = ministry_href(ministry);
                for p in state.store.projects(&ProjectFilter::Ministry(ministry.clone())).await? {
                    let report = ProjectReport {
                        round: p.round,
                        region: p.region,
                        name: &p.name,
                        budget: &p.budget,
                        link: link.clone(),
                    };
                    found.extend(tasks::execution(&report, today));
                }
            }
            Role::ProvincialOfficer { region } => {
                let quarter = tasks::reporting_quarter(&today);
                for (round, _) in state
                    .store
                    .funded_plans()
                    .await?
                    .into_iter()
                    .filter(|(_, r)| r == region)
                {
                    let link = package_href(round, *region);
                    for p in state.store.projects(&ProjectFilter::Plan(round, *region)).await? {
                        if p.runner != (Runner::Province(*region)) {
                            continue;
                        }
                        let report = ProjectReport {
                            round,
                            region: *region,
                            name: &p.name,
                            budget: &p.budget,
                            link: link.clone(),
                        };
                        found.extend(tasks::execution(&report, today));
                    }
                    let measured = state.store.measurements(round, *region).await?;
                    let unmeasured = state
                        .store
                        .goal_setups(round, *region)
                        .await?
                        .iter()
                        .filter(|(no, _)| {
                            !measured
                                .iter()
                                .any(|m| m.goal_no == *no && m.measurement.quarter == quarter)
                        })
                        .count();
                    found.extend(tasks::measurements(round, *region, unmeasured, today));
                }
            }
            Role::ProgramOffice => {
                for (round, region) in state.store.funded_plans().await? {
                    let unplanned = state
                        .store
                        .projects(&ProjectFilter::Plan(round, region))
                        .await?
                        .iter()
                        .filter(|p| p.budget.lines.is_empty())
                        .count();
                    found.extend(tasks::unplanned(round, region, unplanned, today));
                }
            }
            _ => {}
        }
    }
    Ok(found)
}
