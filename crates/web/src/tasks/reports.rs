//! The inbox's quarterly part: execution owed by each project's runner (a ministry or the
//! province), goal measurements owed by each province, and packages whose budgets the office
//! has still to plan — for every funded plan, whether its round was run in Sandan or not.
//! Only the cohorts whose packages run now are read, each with narrow queries, so the cost
//! does not grow with the years of history.

use sandan_domain::package::Runner;
use sandan_domain::tasks::{self, ProjectReport, Task};
use sandan_domain::{Actor, Day, Role};
use sandan_store::package::ProjectFilter;

use crate::AppState;
use crate::failure::Failure;
use crate::package::portfolio::{ministry_href, package_href};

pub(crate) async fn tasks_of(state: &AppState, actor: &Actor, today: Day) -> Result<Vec<Task>, Failure> {
    let mut found = Vec::new();
    let reporting = tasks::reporting_rounds(&today);
    for role in &actor.roles {
        match role {
            Role::MinistryOfficer { ministry } => {
                let link = ministry_href(ministry);
                let filter = ProjectFilter::MinistryRounds(ministry.clone(), *reporting.start(), *reporting.end());
                for p in state.store.projects(&filter).await? {
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
                let funded = state.store.funded_plans().await?;
                let running = funded
                    .into_iter()
                    .filter(|(round, r)| r == region && reporting.contains(round));
                for (round, _) in running {
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
                    let measured = state.store.measured_goals(round, *region, quarter).await?;
                    let unmeasured = state
                        .store
                        .goal_setups(round, *region)
                        .await?
                        .iter()
                        .filter(|(no, _)| !measured.contains(no))
                        .count();
                    found.extend(tasks::measurements(round, *region, unmeasured, today));
                }
            }
            Role::ProgramOffice => {
                let planning = tasks::planning_rounds(&today);
                for (round, region, unplanned) in state.store.unplanned_projects(planning.start).await? {
                    found.extend(tasks::unplanned(round, region, unplanned, today));
                }
            }
            _ => {}
        }
    }
    Ok(found)
}
